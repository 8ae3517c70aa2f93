//! Types as values: the built-in classes (`Int`, `String`, …) as globals, `is` (the
//! operator, the function and the method) and `not`.

use crate::heap::Class;
use crate::print::type_name;
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

/// The built-in classes; a value is an instance of the one `typeof` names, and of `Any`.
const BUILT_IN: &[&str] = &[
    "Any",
    "Nil",
    "Void",
    "Bool",
    "Int",
    "Float",
    "Char",
    "String",
    "Symbol",
    "Array",
    "Map",
    "Gene",
    "Range",
    "Function",
    "Exception",
    "Class",
];

pub(super) fn install(vm: &mut Vm) {
    for name in BUILT_IN {
        let class = Class {
            name: vm.symbols.intern(name),
            parent: None,
        };
        let class = vm
            .heap
            .alloc(class)
            .map_err(out_of_memory)
            .expect("the heap has room for the standard library");
        vm.set_global_value(name, class.value());
    }
    vm.define_builtin("is", is);
    vm.define_builtin("not", not);
    vm.define_any_method("is", is);
}

impl Vm {
    /// Whether `value` is an instance of `class`.
    pub(crate) fn is_instance(&self, value: Value, class: Value) -> Result<bool, VmError> {
        let Some(class) = self.heap.downcast::<Class>(class) else {
            return Err(VmError::new(format!(
                "`is` needs a class on its right, not {}",
                type_name(self, class)
            )));
        };
        let name = self.symbols.name(class.get(&self.heap).name);
        Ok(name == "Any" || name == type_name(self, value))
    }
}

fn is(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    match args {
        [value, class] => vm.is_instance(*value, *class).map(Value::bool),
        _ => Err(VmError::new("`is` takes a value and a class")),
    }
}

fn not(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    match args {
        [value] => Ok(Value::bool(!value.is_truthy())),
        _ => Err(VmError::new("`not` takes one value")),
    }
}
