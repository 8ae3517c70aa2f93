//! The `Exception` class: `(new Exception "message")`, `($ex .message)`, `($ex .cause)`.
//! Exceptions are instances like any other (so a program's subclasses add fields and
//! methods); these built-ins read and set the properties every exception has.

use super::declare::builtins;
use crate::runtime::class::Instance;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// Sets up an exception with its message (and the value that caused it).
    Exception "ctor" (?message: Any, ?cause: Any) => construct;
    /// The exception's message.
    Exception "message" () => message;
    /// The value thrown, when a value other than a string or an exception made this one; else nil.
    Exception "cause" () => cause;
}

fn construct(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let instance = vm
        .heap
        .downcast::<Instance>(args[0])
        .ok_or_else(|| VmError::new("Exception.ctor runs on a new exception"))?;
    let message = match args.get(1) {
        Some(&message) if vm.as_str(message).is_some() => message,
        Some(&message) => {
            let text = crate::print::display(vm, message, crate::print::Style::Top);
            vm.string(text)?
        }
        None => vm.string(String::new())?,
    };
    let key = vm.symbols.intern("message");
    vm.set_instance_prop(instance, key, message);
    if let Some(&cause) = args.get(2) {
        let key = vm.symbols.intern("cause");
        vm.set_instance_prop(instance, key, cause);
    }
    Ok(args[0])
}

fn field(vm: &Vm, args: &[Value], name: &str) -> Result<Value, VmError> {
    let value = vm
        .heap
        .downcast::<Instance>(args[0])
        .zip(vm.symbols.lookup(name))
        .and_then(|(instance, key)| vm.instance_prop(instance, key));
    Ok(value.unwrap_or(Value::NIL))
}

fn message(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, "message")
}

fn cause(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, "cause")
}
