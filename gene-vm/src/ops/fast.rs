//! The arithmetic and comparison fast paths the interpreter inlines: small ints and floats
//! without leaving the dispatch loop. Everything else (big ints, overflow, type errors)
//! goes to the general operations in `ops/mod.rs`, which give exactly the same results.

use super::Arith;
use crate::value::Value;
use crate::vm::{Vm, VmError};

impl Vm {
    /// `left + imm` or `left - imm`, with a fast path for small ints (two small ints
    /// cannot overflow i64).
    #[inline(always)]
    pub(crate) fn with_immediate(
        &mut self,
        op: Arith,
        left: Value,
        imm: i8,
    ) -> Result<Value, VmError> {
        if let Some(n) = left.as_small_int() {
            let imm = i64::from(imm);
            // A small int times an 8-bit one cannot overflow i64; `% 0` is never compiled
            // to an immediate.
            let result = match op {
                Arith::Add => n + imm,
                Arith::Sub => n - imm,
                Arith::Mul => n * imm,
                Arith::Mod if imm != 0 => n % imm,
                _ => return super::arith(self, op, left, Value::small_int(imm).expect("fits")),
            };
            return match Value::small_int(result) {
                Some(value) => Ok(value),
                None => self.int(result),
            };
        }
        let right = Value::small_int(i64::from(imm)).expect("8 bits fit");
        // A float operand takes the same fast path as with the Int in a register.
        if let Some(Ok(value)) = fast_arith(op, left, right) {
            return Ok(value);
        }
        super::arith(self, op, left, right)
    }
}

#[derive(Clone, Copy)]
pub(crate) enum Compare {
    Lt,
    Le,
    Eq,
    Ne,
}

impl Vm {
    /// A comparison, with the small-int case inline.
    #[inline(always)]
    pub(crate) fn compare(&mut self, test: Compare, x: Value, y: Value) -> Result<bool, VmError> {
        if x.is_small_int() && y.is_small_int() {
            let (m, n) = (x.small_int_unchecked(), y.small_int_unchecked());
            return Ok(match test {
                Compare::Lt => m < n,
                Compare::Le => m <= n,
                Compare::Eq => m == n,
                Compare::Ne => m != n,
            });
        }
        self.compare_other(test, x, y)
    }

    /// A comparison of anything but two small ints. Out of line, so that each of the
    /// interpreter's compare-and-jump arms inlines only the int case (inlining this too made
    /// integer-heavy programs slower); two floats still skip the general operations.
    #[inline(never)]
    fn compare_other(&mut self, test: Compare, x: Value, y: Value) -> Result<bool, VmError> {
        // Two floats order as `ops::less` orders them (NaN is neither less nor equal);
        // equality keeps the general path.
        if x.is_float() && y.is_float() {
            let (a, b) = (f64::from_bits(x.to_bits()), f64::from_bits(y.to_bits()));
            match test {
                Compare::Lt => return Ok(a < b),
                Compare::Le => return Ok(a <= b),
                Compare::Eq | Compare::Ne => {}
            }
        }
        match test {
            Compare::Lt => super::less(self, x, y, false),
            Compare::Le => super::less(self, x, y, true),
            Compare::Eq => self.equal_values(x, y),
            Compare::Ne => self.equal_values(x, y).map(|equal| !equal),
        }
    }
}

/// Arithmetic on two small ints, or on two numbers at least one of them a float, without
/// leaving the interpreter; `None` sends the rest (overflow, big ints, type errors, `%` by
/// zero) to `super::arith`.
///
/// `Some(Err(n))` is an int result too wide to store inline.
#[inline(always)]
pub(crate) fn fast_arith(op: Arith, x: Value, y: Value) -> Option<Result<Value, i64>> {
    if x.is_small_int() && y.is_small_int() {
        let (m, n) = (x.small_int_unchecked(), y.small_int_unchecked());
        // Two small ints (under 2^51 each) cannot overflow i64 when added or subtracted.
        let result = match op {
            Arith::Add => m + n,
            Arith::Sub => m - n,
            Arith::Mul => m.checked_mul(n)?,
            Arith::Div => return Some(Ok(Value::float_from_arithmetic(m as f64 / n as f64))),
            Arith::Mod => {
                if n == 0 {
                    return None;
                }
                m % n
            }
        };
        return Some(Value::small_int(result).ok_or(result));
    }
    let number = |v: Value| {
        if v.is_float() {
            Some(f64::from_bits(v.to_bits()))
        } else if v.is_small_int() {
            Some(v.small_int_unchecked() as f64)
        } else {
            None
        }
    };
    if !x.is_float() && !y.is_float() {
        return None;
    }
    let (a, b) = (number(x)?, number(y)?);
    Some(Ok(Value::float_from_arithmetic(match op {
        Arith::Add => a + b,
        Arith::Sub => a - b,
        Arith::Mul => a * b,
        Arith::Div => a / b,
        Arith::Mod => a % b,
    })))
}
