//! What functions say about themselves: `function_intent` and `function_examples` read the
//! `^intent` and `^examples` metadata written on a `fn` form, as written; a class's
//! `.method_intent` and `.method_examples` read them from a `method` form.

use super::declare::builtins;
use crate::heap::Closure;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The `^intent` a `fn` form declares, or nil.
    global "function_intent" (function: Function) => intent;
    /// The `^examples` a `fn` form declares, or nil.
    global "function_examples" (function: Function) => examples;
    /// The `^intent` the class's method `name` declares, or nil (void when it has none).
    Class "method_intent" (name: Key) => method_intent;
    /// The `^examples` the class's method `name` declares, or nil (void when it has none).
    Class "method_examples" (name: Key) => method_examples;
}

/// The metadata `key` of the function `args[0]`, or nil (always nil for a native).
fn meta(vm: &Vm, args: &[Value], key: &str) -> Result<Value, VmError> {
    Ok(function_meta(vm, args[0], key))
}

fn function_meta(vm: &Vm, function: Value, key: &str) -> Value {
    let Some(closure) = vm.heap.downcast::<Closure>(function) else {
        return Value::NIL;
    };
    let function = closure.get(&vm.heap).function.get(&vm.heap);
    function
        .proto
        .meta
        .iter()
        .find(|(k, _)| k == key)
        .map_or(Value::NIL, |&(_, k)| function.constants[usize::from(k)])
}

/// The metadata `key` of method `args[1]` of class `args[0]` (or of its parents).
fn method_meta(vm: &mut Vm, args: &[Value], key: &str) -> Result<Value, VmError> {
    let class = vm
        .heap
        .downcast::<crate::runtime::class::Class>(args[0])
        .expect("dispatched on Class");
    let name = vm.key_name(args[1]).expect("declared a key").to_string();
    let id = vm.symbols.intern(&name);
    Ok(match vm.find_method_in(class, id) {
        Some(crate::methods::Method::Callable(method)) => function_meta(vm, method, key),
        Some(crate::methods::Method::Builtin(_)) => Value::NIL,
        None => Value::VOID,
    })
}

fn method_intent(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_meta(vm, args, "intent")
}

fn method_examples(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_meta(vm, args, "examples")
}

fn intent(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    meta(vm, args, "intent")
}

fn examples(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    meta(vm, args, "examples")
}
