//! Checking what a built-in got: how many arguments, of which types, with errors that name
//! the function (`String.substr start must be an Int, not Float`); and keeping a value alive
//! while native code calls back into Gene.

use std::fmt::Display;

use crate::methods::TypeKey;
use crate::print::type_name;
use crate::value::Value;
use crate::vm::{Vm, VmError};

/// Checks that a built-in named `name` got between `min` and `max` arguments (`usize::MAX`
/// for no upper bound). For methods, `count` leaves out the receiver.
pub(super) fn arity(count: usize, min: usize, max: usize, name: &str) -> Result<(), VmError> {
    if (min..=max).contains(&count) {
        return Ok(());
    }
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let expected = if min == max {
        format!("{min} argument{}", plural(min))
    } else if max == usize::MAX {
        format!("at least {min} argument{}", plural(min))
    } else {
        format!("{min} to {max} arguments")
    };
    Err(VmError::new(format!(
        "{name} expects {expected}, got {count}"
    )))
}

/// As [`arity`], for a method: `args[0]` is the receiver.
pub(super) fn method_arity(
    args: &[Value],
    min: usize,
    max: usize,
    name: &str,
) -> Result<(), VmError> {
    arity(args.len().saturating_sub(1), min, max, name)
}

/// What an argument is, as error messages name it (`String.split separator`); formatted only
/// when an error is raised.
#[derive(Clone, Copy)]
pub(super) struct Role<'a>(pub &'a str, pub &'a str);

impl Display for Role<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.0, self.1)
    }
}

#[cold]
pub(super) fn wrong_type(vm: &Vm, value: Value, what: impl Display, expected: &str) -> VmError {
    VmError::new(format!(
        "{what} must be {expected}, not {}",
        type_name(vm, value)
    ))
}

/// An integer argument.
pub(super) fn int(vm: &Vm, value: Value, what: impl Display) -> Result<i64, VmError> {
    vm.as_int(value)
        .ok_or_else(|| wrong_type(vm, value, what, "an Int"))
}

/// A number argument, as a float.
pub(super) fn number(vm: &Vm, value: Value, what: impl Display) -> Result<f64, VmError> {
    value
        .as_float()
        .or_else(|| vm.as_int(value).map(|n| n as f64))
        .ok_or_else(|| wrong_type(vm, value, what, "a number"))
}

/// A string argument's text.
pub(super) fn text(vm: &Vm, value: Value, what: impl Display) -> Result<&str, VmError> {
    vm.as_str(value)
        .ok_or_else(|| wrong_type(vm, value, what, "a String"))
}

/// A string argument's text, copied out so the VM can be used while it is held.
pub(super) fn owned_text(vm: &Vm, value: Value, what: impl Display) -> Result<String, VmError> {
    text(vm, value, what).map(str::to_string)
}

/// A map key argument: a string or a symbol, by name.
pub(super) fn key(vm: &Vm, value: Value, what: impl Display) -> Result<&str, VmError> {
    vm.key_name(value)
        .ok_or_else(|| wrong_type(vm, value, what, "a String or Symbol"))
}

/// A function argument (a closure or a built-in).
pub(super) fn function(vm: &Vm, value: Value, what: impl Display) -> Result<Value, VmError> {
    if vm.type_key(value) == TypeKey::Function {
        Ok(value)
    } else {
        Err(wrong_type(vm, value, what, "a function"))
    }
}

/// The items of an array argument.
pub(super) fn items(vm: &Vm, value: Value, what: impl Display) -> Result<&[Value], VmError> {
    vm.array_items(value)
        .map(Vec::as_slice)
        .ok_or_else(|| wrong_type(vm, value, what, "an Array"))
}

/// Runs `body` with `value` rooted, so a collection during a call back into Gene keeps it
/// (and what it holds); the root is dropped on every path out.
pub(super) fn rooted<T>(
    vm: &mut Vm,
    value: Value,
    body: impl FnOnce(&mut Vm) -> Result<T, VmError>,
) -> Result<T, VmError> {
    vm.push_root(value);
    let result = body(vm);
    vm.pop_roots(1);
    result
}
