//! Number constants a loop uses, loaded into registers once before it runs.
//!
//! A float literal (and an Int too wide for `LoadInt`) used as an operand costs a
//! `LoadConst` every time its expression runs: `(2.0 * zr)` in a loop's body loads `2.0`
//! on every turn. Before a loop, the numbers its condition and body write are loaded into
//! registers of their own, and while the loop is compiled `operand` answers with those
//! registers, which nothing writes (operands are never written: they may be variables).

use gene_syntax::{Datum, DatumKind};

use super::{Compiler, Result};
use crate::isa::{Instr, Reg};
use crate::proto::Constant;

/// How many constants one loop keeps in registers: registers are few, and each one held
/// is one a nested expression cannot use.
const MAX_HOISTED: usize = 4;

/// A number constant, by value: floats by their bits, so `0.0` and `-0.0` differ.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Number {
    Float(u64),
    Int(i64),
}

impl Number {
    /// The number `datum` is, when an operand of it would need a `LoadConst`.
    pub(super) fn of(datum: &Datum) -> Option<Number> {
        match datum.kind {
            DatumKind::Float(x) => Some(Number::Float(x.to_bits())),
            DatumKind::Int(n) if i16::try_from(n).is_err() => Some(Number::Int(n)),
            _ => None,
        }
    }

    fn constant(self) -> Constant {
        match self {
            Number::Float(bits) => Constant::Float(f64::from_bits(bits)),
            Number::Int(n) => Constant::Int(n),
        }
    }
}

impl Compiler<'_, '_> {
    /// Loads the numbers `code` (a loop's condition and body) uses into registers and keeps
    /// them there for `operand`; returns how many it added, for [`Compiler::unhoist`].
    pub(super) fn hoist_numbers(&mut self, code: &[&Datum]) -> Result<usize> {
        let mut found: Vec<(Number, usize)> = Vec::new();
        let mut pending: Vec<&Datum> = code.to_vec();
        while let Some(datum) = pending.pop() {
            if let Some(number) = Number::of(datum) {
                match found.iter_mut().find(|(n, _)| *n == number) {
                    Some((_, uses)) => *uses += 1,
                    None => found.push((number, 1)),
                }
                continue;
            }
            // A function's body runs in a frame of its own; a quote is data.
            if let DatumKind::Gene(gene) = &datum.kind {
                if super::function::defines_function(gene) {
                    continue;
                }
            }
            if matches!(datum.kind, DatumKind::Quote(_)) {
                continue;
            }
            pending.extend(datum.children());
        }
        let hoisted = &self.functions.last().expect("a function is open").hoisted;
        found.retain(|(number, _)| !hoisted.iter().any(|(n, _)| n == number));
        // The most used first; the order of first use breaks ties, so output is stable.
        found.sort_by_key(|&(_, uses)| std::cmp::Reverse(uses));
        found.truncate(MAX_HOISTED);
        let span = code.first().map(|d| d.span).unwrap_or_default();
        for &(number, _) in &found {
            let reg = self.alloc_reg(span)?;
            let k = self.constant(number.constant(), span)?;
            self.emit(Instr::LoadConst { a: reg, k }, span);
            self.func().hoisted.push((number, reg));
        }
        Ok(found.len())
    }

    /// Forgets the last `count` hoisted numbers (their loop is compiled); the caller frees
    /// their registers.
    pub(super) fn unhoist(&mut self, count: usize) {
        let hoisted = &mut self.func().hoisted;
        hoisted.truncate(hoisted.len() - count);
    }

    /// The register holding `datum`'s number, if a loop around the code hoisted it.
    pub(super) fn hoisted_number(&self, datum: &Datum) -> Option<Reg> {
        let number = Number::of(datum)?;
        let func = self.functions.last().expect("a function is open");
        func.hoisted
            .iter()
            .find(|(n, _)| *n == number)
            .map(|&(_, reg)| reg)
    }
}
