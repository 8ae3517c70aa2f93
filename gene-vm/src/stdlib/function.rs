//! What functions say about themselves: `function_intent` and `function_examples` read the
//! `^intent` and `^examples` metadata written on a `fn` form, as written.

use crate::heap::Closure;
use crate::value::Value;
use crate::vm::{Vm, VmError};

pub(super) fn install(vm: &mut Vm) {
    vm.define_builtin("function_intent", intent);
    vm.define_builtin("function_examples", examples);
}

/// The metadata `key` of the function `args[0]`, or nil.
fn meta(vm: &Vm, args: &[Value], key: &str, name: &str) -> Result<Value, VmError> {
    let [function] = args else {
        return Err(VmError::new(format!("{name} takes one function")));
    };
    match vm.heap.downcast::<Closure>(*function) {
        Some(closure) => {
            let function = closure.get(&vm.heap).function.get(&vm.heap);
            Ok(function
                .proto
                .meta
                .iter()
                .find(|(k, _)| k == key)
                .map_or(Value::NIL, |&(_, k)| function.constants[usize::from(k)]))
        }
        None if vm.type_key(*function) == crate::methods::TypeKey::Function => Ok(Value::NIL),
        None => Err(VmError::new(format!(
            "{name} needs a function, not {}",
            crate::print::type_name(vm, *function)
        ))),
    }
}

fn intent(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    meta(vm, args, "intent", "function_intent")
}

fn examples(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    meta(vm, args, "examples", "function_examples")
}
