//! Methods of exceptions: `($ex .message)`, `($ex .cause)`.

use crate::heap::Exception;
use crate::methods::TypeKey;
use crate::value::Value;
use crate::vm::{Vm, VmError};

pub(super) fn install(vm: &mut Vm) {
    vm.define_builtin_method(TypeKey::Exception, "message", message);
    vm.define_builtin_method(TypeKey::Exception, "cause", cause);
}

fn field(vm: &Vm, args: &[Value], read: fn(&Exception) -> Value) -> Result<Value, VmError> {
    match args {
        [receiver] => vm
            .heap
            .downcast::<Exception>(*receiver)
            .map(|e| read(e.get(&vm.heap)))
            .ok_or_else(|| VmError::new("not an exception")),
        _ => Err(VmError::new("this method takes no arguments")),
    }
}

fn message(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |e| e.message)
}

fn cause(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |e| e.cause)
}
