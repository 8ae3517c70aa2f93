//! The math functions, as globals: `abs`, `sqrt`, `pow`, `min`, `max`, `floor`, `ceil`,
//! `round`, `random`, `random_int`. As in the reference, `sqrt` and `pow` always answer a
//! float, and `floor`/`ceil`/`round` keep ints as they are and round floats to floats.

use std::cell::Cell;

use super::args::{self, arity};
use super::value::int_abs_value;
use crate::ops::less;
use crate::print::type_name;
use crate::value::Value;
use crate::vm::{Vm, VmError};

pub(super) fn install(vm: &mut Vm) {
    vm.define_builtin("abs", abs);
    vm.define_builtin("sqrt", sqrt);
    vm.define_builtin("pow", pow);
    vm.define_builtin("min", min);
    vm.define_builtin("max", max);
    vm.define_builtin("floor", floor);
    vm.define_builtin("ceil", ceil);
    vm.define_builtin("round", round);
    vm.define_builtin("random", random);
    vm.define_builtin("random_int", random_int);
}

fn abs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    arity(args.len(), 1, 1, "abs")?;
    if let Some(n) = vm.as_int(args[0]) {
        return int_abs_value(vm, n);
    }
    let x = args::number(vm, args[0], "abs argument")?;
    Ok(Value::float(x.abs()))
}

fn sqrt(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    arity(args.len(), 1, 1, "sqrt")?;
    let x = args::number(vm, args[0], "sqrt argument")?;
    Ok(Value::float(x.sqrt()))
}

fn pow(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    arity(args.len(), 2, 2, "pow")?;
    let base = args::number(vm, args[0], "pow base")?;
    let exponent = args::number(vm, args[1], "pow exponent")?;
    Ok(Value::float(base.powf(exponent)))
}

/// The extreme of the arguments: the first of those that no later one beats.
fn extreme(vm: &Vm, args: &[Value], name: &str, want_larger: bool) -> Result<Value, VmError> {
    arity(args.len(), 2, usize::MAX, name)?;
    let mut best = args[0];
    for &candidate in args {
        if candidate.as_float().is_none() && vm.as_int(candidate).is_none() {
            return Err(args::wrong_type(
                vm,
                candidate,
                args::Role(name, "argument"),
                "a number",
            ));
        }
    }
    for &candidate in &args[1..] {
        let better = if want_larger {
            less(vm, best, candidate, false)?
        } else {
            less(vm, candidate, best, false)?
        };
        if better {
            best = candidate;
        }
    }
    Ok(best)
}

fn min(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    extreme(vm, args, "min", false)
}

fn max(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    extreme(vm, args, "max", true)
}

/// Applies `op` to a float argument; ints are already whole and come back unchanged.
fn rounding(vm: &mut Vm, args: &[Value], name: &str, op: fn(f64) -> f64) -> Result<Value, VmError> {
    arity(args.len(), 1, 1, name)?;
    let value = args[0];
    if vm.as_int(value).is_some() {
        return Ok(value);
    }
    match value.as_float() {
        Some(x) => Ok(Value::float(op(x))),
        None => Err(VmError::new(format!(
            "{name} argument must be a number, not {}",
            type_name(vm, value)
        ))),
    }
}

fn floor(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    rounding(vm, args, "floor", f64::floor)
}

fn ceil(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    rounding(vm, args, "ceil", f64::ceil)
}

/// Halves round away from zero: `(round 2.5)` is 3.0.
fn round(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    rounding(vm, args, "round", f64::round)
}

thread_local! {
    static RNG_STATE: Cell<u64> = const { Cell::new(0) };
}

/// The next 64 random bits: xorshift64*, seeded from the clock on first use. Not for
/// cryptography.
fn next_random() -> u64 {
    RNG_STATE.with(|state| {
        let mut x = state.get();
        if x == 0 {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
            let local = &x as *const u64 as u64;
            x = (nanos ^ local.rotate_left(32)) | 1;
        }
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        state.set(x);
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    })
}

/// A random int in `0..bound` (`bound` > 0), without modulo bias.
fn random_below(bound: u64) -> u64 {
    let zone = u64::MAX - u64::MAX % bound;
    loop {
        let r = next_random();
        if r < zone {
            return r % bound;
        }
    }
}

/// `(random)`: a float in [0, 1).
fn random(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    arity(args.len(), 0, 0, "random")?;
    Ok(Value::float(
        (next_random() >> 11) as f64 / (1u64 << 53) as f64,
    ))
}

/// `(random_int max)`: an int in [0, max]; `(random_int max min)`: an int in [min, max].
/// Bounds are inclusive, as in the reference.
fn random_int(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    arity(args.len(), 1, 2, "random_int")?;
    let high = args::int(vm, args[0], "random_int max")?;
    let low = match args.get(1) {
        Some(&low) => {
            let low = args::int(vm, low, "random_int min")?;
            if high <= low {
                return Err(VmError::new("random_int max must be greater than min"));
            }
            low
        }
        None => {
            if high <= 0 {
                return Err(VmError::new("random_int max must be greater than 0"));
            }
            0
        }
    };
    let span = high.abs_diff(low);
    let offset = if span == u64::MAX {
        next_random()
    } else {
        random_below(span + 1)
    };
    vm.int(low.wrapping_add(offset as i64))
}
