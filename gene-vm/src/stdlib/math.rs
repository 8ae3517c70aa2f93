//! The math functions: as globals and in `gene/math` (also `math`, as the reference spells
//! it), `abs`, `sqrt`, `pow`, `min`, `max`, `floor`, `ceil`, `round`, `random`,
//! `random_int`; only in `math`, the trigonometry, logarithms and the rest, and the
//! constants `math/PI` and `math/E`. As in the reference, `sqrt`, `pow` and the other
//! float functions always answer a float (`(sqrt -1)` is nan, `(math/log 0)` is -inf), and
//! `floor`/`ceil`/`round`/`trunc` keep ints as they are and round floats to floats.

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
    /// The whole part of x, toward zero; an Int stays as it is.
    global "gene/math/trunc" (x: Number) => trunc;
    /// -1, 0 or 1 as x is negative, zero or positive (a Float for a Float; nan stays nan).
    global "gene/math/sign" (x: Number) => sign;
    /// x, or the nearer bound when it lies outside [low, high].
    global "gene/math/clamp" (x: Number, low: Number, high: Number) => clamp;
    /// The sine of x radians.
    global "gene/math/sin" (x: Number) => sin;
    /// The cosine of x radians.
    global "gene/math/cos" (x: Number) => cos;
    /// The tangent of x radians.
    global "gene/math/tan" (x: Number) => tan;
    /// The angle in radians whose sine is x (nan outside [-1, 1]).
    global "gene/math/asin" (x: Number) => asin;
    /// The angle in radians whose cosine is x (nan outside [-1, 1]).
    global "gene/math/acos" (x: Number) => acos;
    /// The angle in radians whose tangent is x.
    global "gene/math/atan" (x: Number) => atan;
    /// The angle in radians of the point (x, y) from the x axis, in [-pi, pi].
    global "gene/math/atan2" (y: Number, x: Number) => atan2;
    /// The hyperbolic sine of x.
    global "gene/math/sinh" (x: Number) => sinh;
    /// The hyperbolic cosine of x.
    global "gene/math/cosh" (x: Number) => cosh;
    /// The hyperbolic tangent of x.
    global "gene/math/tanh" (x: Number) => tanh;
    /// e raised to x.
    global "gene/math/exp" (x: Number) => exp;
    /// The natural logarithm of x, or its logarithm in the base given.
    global "gene/math/log" | "gene/math/ln" (x: Number, ?base: Number) => log;
    /// The base-2 logarithm of x.
    global "gene/math/log2" (x: Number) => log2;
    /// The base-10 logarithm of x.
    global "gene/math/log10" (x: Number) => log10;
    /// The cube root of x.
    global "gene/math/cbrt" (x: Number) => cbrt;
    /// The length of the hypotenuse, sqrt(x*x + y*y), without overflow on the way.
    global "gene/math/hypot" (x: Number, y: Number) => hypot;
}

/// The globals `gene/math` (and `math`) has too, as the reference's `math` has them.
const ALSO_IN_MATH: [(&str, &str); 10] = [
    ("abs", "gene/math/abs"),
    ("sqrt", "gene/math/sqrt"),
    ("pow", "gene/math/pow"),
    ("min", "gene/math/min"),
    ("max", "gene/math/max"),
    ("floor", "gene/math/floor"),
    ("ceil", "gene/math/ceil"),
    ("round", "gene/math/round"),
    ("random", "gene/math/random"),
    ("random_int", "gene/math/random_int"),
];

/// The constants of `gene/math` (and `math`), and the globals it has too.
pub(super) fn install(vm: &mut Vm) {
    for (name, path) in ALSO_IN_MATH {
        let native = vm.global_value(name).expect("declared above");
        vm.define_member_path(path, native);
    }
    vm.define_member_path("gene/math/PI", Value::float(std::f64::consts::PI));
    vm.define_member_path("gene/math/E", Value::float(std::f64::consts::E));
}

/// A function of one float.
fn float_fn(vm: &Vm, args: &[Value], op: fn(f64) -> f64) -> Result<Value, VmError> {
    Ok(Value::float(op(args::number(vm, args[0]))))
}

fn sin(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::sin)
}

fn cos(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::cos)
}

fn tan(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::tan)
}

fn asin(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::asin)
}

fn acos(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::acos)
}

fn atan(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::atan)
}

fn sinh(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::sinh)
}

fn cosh(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::cosh)
}

fn tanh(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::tanh)
}

fn exp(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::exp)
}

fn log2(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::log2)
}

fn log10(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::log10)
}

fn cbrt(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    float_fn(vm, args, f64::cbrt)
}

fn atan2(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (y, x) = (args::number(vm, args[0]), args::number(vm, args[1]));
    Ok(Value::float(y.atan2(x)))
}

fn hypot(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (x, y) = (args::number(vm, args[0]), args::number(vm, args[1]));
    Ok(Value::float(x.hypot(y)))
}

/// `(math/log x)`: ln x; `(math/log x base)`: the logarithm in that base.
fn log(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let x = args::number(vm, args[0]);
    Ok(Value::float(match args.get(1) {
        Some(&base) => x.ln() / args::number(vm, base).ln(),
        None => x.ln(),
    }))
}

fn trunc(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    rounding(args, f64::trunc)
}

fn sign(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    if let Some(n) = vm.as_int(args[0]) {
        return vm.int(n.signum());
    }
    let x = args::number(vm, args[0]);
    Ok(Value::float(if x == 0.0 || x.is_nan() {
        x
    } else {
        x.signum()
    }))
}

/// `(math/clamp x low high)`: x kept within the bounds, compared as `<` compares numbers.
fn clamp(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (x, low, high) = (args[0], args[1], args[2]);
    if less(vm, high, low, false)? {
        return Err(VmError::argument_error("math/clamp needs low <= high"));
    }
    Ok(if less(vm, x, low, false)? {
        low
    } else if less(vm, high, x, false)? {
        high
    } else {
        x
    })
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
