//! The methods of generators (spec 11.2, 11.4): `.next`, `.has_next`, `.peek`, `.iter`.

use super::declare::builtins;
use crate::runtime::generator::Generator;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The next value the generator yields, or not_found once it is done.
    Generator "next" () => next;
    /// Whether the generator has a next value (which it computes, and `.next` then gives).
    Generator "has_next" | "has_next?" () => has_next;
    /// The next value without taking it: `.next` gives it again (not_found when done).
    Generator "peek" () => peek;
    /// The generator itself: it is its own iterator.
    Generator "iter" () => iter;
}

fn generator(vm: &Vm, value: Value) -> Result<crate::heap::Gc<Generator>, VmError> {
    vm.heap
        .downcast::<Generator>(value)
        .ok_or_else(|| VmError::type_error("a generator method runs on a generator"))
}

fn next(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let generator = generator(vm, args[0])?;
    vm.generator_next(generator)
}

fn has_next(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let generator = generator(vm, args[0])?;
    Ok(Value::bool(
        vm.generator_peek(generator)? != Value::NOT_FOUND,
    ))
}

fn peek(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let generator = generator(vm, args[0])?;
    vm.generator_peek(generator)
}

fn iter(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(args[0])
}
