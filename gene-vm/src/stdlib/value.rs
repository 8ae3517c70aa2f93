//! What every value has: `typeof`, `assert`, `range`, `.to_s`; the number conversions
//! `.to_i`/`.to_f`; emptiness of `nil` and `void`; and `.call` on functions.

use super::args::{self, arity, method_arity};
use crate::methods::TypeKey;
use crate::print::{display, type_name, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

pub(super) fn install(vm: &mut Vm) {
    vm.define_builtin("typeof", type_of);
    vm.define_builtin("assert", assert);
    vm.define_builtin("range", range);

    vm.define_any_method("to_s", to_s);

    vm.define_builtin_method(TypeKey::Int, "to_i", int_to_i);
    vm.define_builtin_method(TypeKey::Int, "to_f", int_to_f);
    vm.define_builtin_method(TypeKey::Int, "abs", int_abs);
    vm.define_builtin_method(TypeKey::Float, "to_i", float_to_i);
    vm.define_builtin_method(TypeKey::Float, "to_f", float_to_f);
    vm.define_builtin_method(TypeKey::Float, "abs", float_abs);

    for ty in [TypeKey::Nil, TypeKey::Void] {
        vm.define_builtin_method(ty, "empty", always_true);
        vm.define_builtin_method(ty, "empty?", always_true);
        vm.define_builtin_method(ty, "not_empty?", always_false);
    }

    vm.define_builtin_method(TypeKey::Function, "call", function_call);
}

/// `(typeof x)`: the name of x's type, as a string.
fn type_of(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    arity(args.len(), 1, 1, "typeof")?;
    let name = match vm.enum_type_name(args[0]) {
        Some(name) => name.to_string(),
        None => type_name(vm, args[0]).to_string(),
    };
    vm.string(name)
}

/// `(assert cond)` raises "Assertion failed" when cond is falsy; `(assert cond message)`
/// raises the message instead.
fn assert(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    arity(args.len(), 1, 2, "assert")?;
    if args[0].is_truthy() {
        return Ok(Value::NIL);
    }
    let message = match args.get(1) {
        Some(&message) => display(vm, message, Style::Top),
        None => "Assertion failed".to_string(),
    };
    Err(VmError::new(message))
}

/// `(range start end [step])`: the inclusive range from start to end, step 1 by default.
fn range(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    arity(args.len(), 2, 3, "range")?;
    let step = args
        .get(2)
        .copied()
        .unwrap_or(Value::small_int(1).expect("1 is small"));
    vm.new_range(args[0], args[1], step)
}

/// `.to_s`: the text `println` shows for the value.
fn to_s(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "to_s")?;
    let text = display(vm, args[0], Style::Top);
    vm.string(text)
}

fn int_to_i(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Int.to_i")?;
    Ok(args[0])
}

fn int_to_f(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Int.to_f")?;
    let n = args::int(vm, args[0], "Int.to_f receiver")?;
    Ok(Value::float(n as f64))
}

fn int_abs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Int.abs")?;
    let n = args::int(vm, args[0], "Int.abs receiver")?;
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
        Err(VmError::new(format!(
            "cannot convert {} to an Int",
            display(vm, Value::float(x), Style::Top)
        )))
    }
}

fn float_to_i(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Float.to_i")?;
    let x = args::number(vm, args[0], "Float.to_i receiver")?;
    float_to_int(vm, x)
}

fn float_to_f(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Float.to_f")?;
    Ok(args[0])
}

fn float_abs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Float.abs")?;
    let x = args::number(vm, args[0], "Float.abs receiver")?;
    Ok(Value::float(x.abs()))
}

fn always_true(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "empty?")?;
    Ok(Value::TRUE)
}

fn always_false(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "not_empty?")?;
    Ok(Value::FALSE)
}

/// `(f .call args…)` ≡ `(f args…)`.
fn function_call(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.call_value(args[0], &args[1..])
}
