//! Methods of exceptions: `($ex .message)`, `($ex .cause)`.

use super::declare::builtins;
use crate::heap::Exception;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The exception's message.
    Exception "message" () => message;
    /// The value thrown, when a value other than a string or an exception made this one; else nil.
    Exception "cause" () => cause;
}

fn field(vm: &Vm, args: &[Value], read: fn(&Exception) -> Value) -> Result<Value, VmError> {
    let exception = vm
        .heap
        .downcast::<Exception>(args[0])
        .expect("dispatched on exceptions");
    Ok(read(exception.get(&vm.heap)))
}

fn message(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |e| e.message)
}

fn cause(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |e| e.cause)
}
