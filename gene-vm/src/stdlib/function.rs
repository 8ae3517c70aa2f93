//! What functions say about themselves: `function_intent` and `function_examples` read the
//! `^intent` and `^examples` metadata written on a `fn` form, as written.

use super::declare::builtins;
use crate::heap::Closure;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The `^intent` a `fn` form declares, or nil.
    global "function_intent" (function: Function) => intent;
    /// The `^examples` a `fn` form declares, or nil.
    global "function_examples" (function: Function) => examples;
}

/// The metadata `key` of the function `args[0]`, or nil (always nil for a native).
fn meta(vm: &Vm, args: &[Value], key: &str) -> Result<Value, VmError> {
    let Some(closure) = vm.heap.downcast::<Closure>(args[0]) else {
        return Ok(Value::NIL);
    };
    let function = closure.get(&vm.heap).function.get(&vm.heap);
    Ok(function
        .proto
        .meta
        .iter()
        .find(|(k, _)| k == key)
        .map_or(Value::NIL, |&(_, k)| function.constants[usize::from(k)]))
}

fn intent(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    meta(vm, args, "intent")
}

fn examples(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    meta(vm, args, "examples")
}
