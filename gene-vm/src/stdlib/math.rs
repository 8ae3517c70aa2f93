//! The math functions, as globals: `abs`, `sqrt`, `pow`, `min`, `max`, `floor`, `ceil`,
//! `round`, `random`, `random_int`. As in the reference, `sqrt` and `pow` always answer a
//! float, and `floor`/`ceil`/`round` keep ints as they are and round floats to floats.

use std::cell::Cell;

use super::args;
use super::declare::builtins;
use super::value::int_abs_value;
use crate::ops::less;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The absolute value; an Int stays an Int.
    global "abs" (x: Number) => abs;
    /// The square root, as a Float.
    global "sqrt" (x: Number) => sqrt;
    /// The base raised to the exponent, as a Float.
    global "pow" (base: Number, exponent: Number) => pow;
    /// The smallest of the numbers (the first of equals).
    global "min" (a: Number, b: Number, ..more: Number) => min;
    /// The largest of the numbers (the first of equals).
    global "max" (a: Number, b: Number, ..more: Number) => max;
    /// The largest whole number not above x; an Int stays as it is.
    global "floor" (x: Number) => floor;
    /// The smallest whole number not below x; an Int stays as it is.
    global "ceil" (x: Number) => ceil;
    /// The nearest whole number, halves away from zero; an Int stays as it is.
    global "round" (x: Number) => round;
    /// A random Float in [0, 1).
    global "random" () => random;
    /// A random Int in [0, max], or in [min, max] with a second argument.
    global "random_int" (max: Int, ?min: Int) => random_int;
}

fn abs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    if let Some(n) = vm.as_int(args[0]) {
        return int_abs_value(vm, n);
    }
    Ok(Value::float(args::number(vm, args[0]).abs()))
}

fn sqrt(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::float(args::number(vm, args[0]).sqrt()))
}

fn pow(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let base = args::number(vm, args[0]);
    let exponent = args::number(vm, args[1]);
    Ok(Value::float(base.powf(exponent)))
}

/// The extreme of the arguments: the first of those that no later one beats.
fn extreme(vm: &Vm, args: &[Value], want_larger: bool) -> Result<Value, VmError> {
    let mut best = args[0];
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
    extreme(vm, args, false)
}

fn max(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    extreme(vm, args, true)
}

/// Applies `op` to a float argument; ints are already whole and come back unchanged.
fn rounding(args: &[Value], op: fn(f64) -> f64) -> Result<Value, VmError> {
    Ok(match args[0].as_float() {
        Some(x) => Value::float(op(x)),
        None => args[0],
    })
}

fn floor(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    rounding(args, f64::floor)
}

fn ceil(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    rounding(args, f64::ceil)
}

/// Halves round away from zero: `(round 2.5)` is 3.0.
fn round(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    rounding(args, f64::round)
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
fn random(_: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    Ok(Value::float(
        (next_random() >> 11) as f64 / (1u64 << 53) as f64,
    ))
}

/// `(random_int max)`: an int in [0, max]; `(random_int max min)`: an int in [min, max].
/// Bounds are inclusive, as in the reference.
fn random_int(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let high = args::int(vm, args[0]);
    let low = match args.get(1) {
        Some(&low) => {
            let low = args::int(vm, low);
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
