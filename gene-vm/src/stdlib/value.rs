//! What every value has: `typeof`, `assert`, `range`, `.to_s`; the number conversions
//! `.to_i`/`.to_f`; emptiness of `nil` and `void`; and `.call` on functions.

use super::args;
use super::declare::builtins;
use crate::print::{display, type_name, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The name of the value's type, as a String.
    global "typeof" (value: Any) => type_of;
    /// Raises "Assertion failed", or the message, when the condition is falsy.
    global "assert" (condition: Any, ?message: Any) => assert;
    /// The inclusive range from start to end, by step (1 by default).
    global "range" (start: Any, end: Any, ?step: Any) => range;
    /// The text `println` shows for the value.
    Any "to_s" () => to_s;
    /// The Int itself.
    Int "to_i" () => identity;
    /// The Int as a Float.
    Int "to_f" () => int_to_f;
    /// The absolute value; raises when it does not fit an Int.
    Int "abs" () => int_abs;
    /// The Float's integer part, truncated toward zero.
    Float "to_i" () => float_to_i;
    /// The Float itself.
    Float "to_f" () => identity;
    /// The absolute value.
    Float "abs" () => float_abs;
    /// True: nil is empty.
    Nil "empty" | "empty?" () => always_true;
    /// False, since nil is empty.
    Nil "not_empty?" () => always_false;
    /// Nil answers every method it lacks with nil: nil-safe calls, as paths on nil are.
    Nil "on_method_missing" (name: Any, ..args: Any) => always_nil;
    /// True: void is empty.
    Void "empty" | "empty?" () => always_true;
    /// False, since void is empty.
    Void "not_empty?" () => always_false;
    /// Calls the function with the arguments: `(f .call a b)` is `(f a b)`.
    Function "call" (..arguments: Any) => function_call;
}

fn always_nil(_: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    Ok(Value::NIL)
}

/// `(typeof x)`: the name of x's type, as a string.
fn type_of(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let name = match vm.enum_type_name(args[0]) {
        Some(name) => name.to_string(),
        None => type_name(vm, args[0]).to_string(),
    };
    vm.string(name)
}

/// `(assert cond)` raises "Assertion failed" when cond is falsy; `(assert cond message)`
/// raises the message instead.
fn assert(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    if args[0].is_truthy() {
        return Ok(Value::NIL);
    }
    let message = match args.get(1) {
        Some(&message) => display(vm, message, Style::Top),
        None => "Assertion failed".to_string(),
    };
    Err(VmError::of(
        crate::runtime::errors::ErrorKind::Assertion,
        message,
    ))
}

/// `(range start end [step])`: the inclusive range from start to end, step 1 by default.
fn range(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let step = args
        .get(2)
        .copied()
        .unwrap_or(Value::small_int(1).expect("1 is small"));
    vm.new_range(args[0], args[1], step)
}

/// `.to_s`: the text `println` shows for the value.
fn to_s(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = display(vm, args[0], Style::Top);
    vm.string(text)
}

fn identity(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(args[0])
}

fn int_to_f(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::float(args::int(vm, args[0]) as f64))
}

fn int_abs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let n = args::int(vm, args[0]);
    int_abs_value(vm, n)
}

/// `|n|`, raising on the one int whose absolute value does not fit.
pub(super) fn int_abs_value(vm: &mut Vm, n: i64) -> Result<Value, VmError> {
    match n.checked_abs() {
        Some(abs) => vm.int(abs),
        None => Err(VmError::new("Integer overflow in abs")),
    }
}

/// The float's integer part, or an error when it has none that fits 64 bits.
pub(super) fn float_to_int(vm: &mut Vm, x: f64) -> Result<Value, VmError> {
    // 2^63 is exact as a float; every float in [-2^63, 2^63) truncates to a valid i64.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if x.is_finite() && (-LIMIT..LIMIT).contains(&x) {
        vm.int(x.trunc() as i64)
    } else {
        Err(VmError::argument_error(format!(
            "cannot convert {} to an Int",
            display(vm, Value::float(x), Style::Top)
        )))
    }
}

fn float_to_i(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let x = args::number(vm, args[0]);
    float_to_int(vm, x)
}

fn float_abs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::float(args::number(vm, args[0]).abs()))
}

fn always_true(_: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    Ok(Value::TRUE)
}

fn always_false(_: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    Ok(Value::FALSE)
}

/// `(f .call args…)` ≡ `(f args…)`.
fn function_call(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.call_value(args[0], &args[1..])
}
