//! Types as values: the built-in classes (`Int`, `String`, …) as globals, `is` (the
//! operator, the function and the method) and `not`.

use super::declare::builtins;
use crate::heap::{Class, Gc};
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
    "HashMap",
    "HashSet",
];

/// The built-in classes the VM itself needs, by identity.
pub(crate) struct BuiltinClasses {
    /// Every built-in class by its name, which is what `typeof` gives for its instances.
    pub(crate) by_name: std::collections::HashMap<&'static str, Gc<Class>>,
    pub(crate) any: Gc<Class>,
    pub(crate) exception: Gc<Class>,
    pub(crate) class: Gc<Class>,
}

/// Makes the built-in classes; `Any` is the root every other one derives from.
pub(crate) fn builtin_classes(
    heap: &mut crate::heap::Heap,
    symbols: &mut crate::symbol::SymbolTable,
) -> BuiltinClasses {
    let mut make = |name: &str, parent: Option<Value>| {
        heap.alloc(Class {
            name: symbols.intern(name),
            parent,
        })
        .map_err(out_of_memory)
        .expect("the heap has room for the standard library")
    };
    let any = make("Any", None);
    let mut by_name = std::collections::HashMap::new();
    by_name.insert("Any", any);
    for &name in &BUILT_IN[1..] {
        by_name.insert(name, make(name, Some(any.value())));
    }
    BuiltinClasses {
        any,
        exception: by_name["Exception"],
        class: by_name["Class"],
        by_name,
    }
}

pub(super) fn install(vm: &mut Vm) {
    let classes: Vec<(&'static str, Gc<Class>)> = vm
        .builtin_classes
        .by_name
        .iter()
        .map(|(&name, &class)| (name, class))
        .collect();
    for (name, class) in classes {
        vm.set_global_value(name, class.value());
    }
}

builtins! {
    /// Whether the value is an instance of the class (or of a class derived from it).
    global "is" (value: Any, class: Any) => is;
    /// True for a falsy value (nil, false, void), false for any other.
    global "not" (value: Any) => not;
    /// Whether the receiver is an instance of the class (or of a class derived from it).
    Any "is" (class: Any) => is;
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
        let mut current = Some(self.class_of(value));
        while let Some(candidate) = current {
            if candidate == class {
                return Ok(true);
            }
            current = candidate
                .get(&self.heap)
                .parent
                .and_then(|parent| self.heap.downcast::<Class>(parent));
        }
        Ok(false)
    }

    /// The class of `value`: an exception's own, else the built-in class its type names
    /// (`Any` for kinds without one of their own).
    pub(crate) fn class_of(&self, value: Value) -> Gc<Class> {
        if let Some(exception) = self.heap.downcast::<crate::heap::Exception>(value) {
            if let Some(class) = self.heap.downcast::<Class>(exception.get(&self.heap).class) {
                return class;
            }
        }
        let classes = &self.builtin_classes;
        if self.heap.downcast::<Class>(value).is_some() {
            return classes.class;
        }
        classes
            .by_name
            .get(type_name(self, value))
            .copied()
            .unwrap_or(classes.any)
    }
}

fn is(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.is_instance(args[0], args[1]).map(Value::bool)
}

fn not(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(!args[0].is_truthy()))
}
