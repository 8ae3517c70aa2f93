//! The register arena, which every frame's registers live in, and the interpreter's
//! unchecked access to it.
//!
//! Register operands are 8 bits, so an instruction can name only the 256 registers from its
//! frame's base (and a few instructions the three after one of them). The arena keeps
//! [`WINDOW`] registers past every frame's base, so any register operand of any instruction,
//! verified or not, is in bounds: the interpreter reads and writes registers without a
//! bounds check, the way Lua's `RA(i)` does, and pays for the proof once per call instead
//! of once per operand. (The verifier, `gene_compiler::verify`, also keeps each frame's
//! registers below its declared size; soundness does not depend on it.)
//!
//! # Safety argument
//!
//! 1. The arena never shrinks: nothing here can make `slots` shorter, and only `&[Value]`
//!    (not the `Vec`) is handed out.
//! 2. A [`Base`] is made only by [`Registers::frame`], after growing `slots` to at least
//!    `base + WINDOW`; by 1, that stays true for as long as the arena lives.
//! 3. The accessors add a `Reg` (at most 255) and an offset of at most [`MAX_OFFSET`] to a
//!    base, which is below `WINDOW`.
//!
//! So `base + r + k < slots.len()` at every access. What the types do not rule out is a
//! `Base` of one VM's arena used with another's; `Base` is crate-private and the
//! interpreter only uses the bases of its own frames (as a `Gc` is only used with its own
//! heap, `heap/mod.rs`).

use std::ops::{Deref, DerefMut};

use gene_compiler::isa::Reg;

use crate::value::Value;
use crate::vm::VmError;

/// The most a register access adds to a register operand: `ForNext` and `IterNext` use the
/// three registers after theirs.
pub(crate) const MAX_OFFSET: usize = 3;

/// How many registers the arena holds past every frame's base: every register an instruction
/// can name, and room for natives that copy a fixed-size window of arguments
/// (`methods::INLINE_ARGS`).
pub(crate) const WINDOW: usize = 256 + MAX_OFFSET + crate::methods::INLINE_ARGS;

#[derive(Default)]
pub(crate) struct Registers {
    slots: Vec<Value>,
}

/// A frame's first register, with the proof that the arena holds [`WINDOW`] registers from
/// it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Base(usize);

impl Base {
    #[inline(always)]
    pub(crate) fn index(self) -> usize {
        self.0
    }
}

impl Registers {
    /// Makes room for a frame at `base`.
    #[inline(always)]
    pub(crate) fn frame(&mut self, base: usize) -> Result<Base, VmError> {
        if u32::try_from(base).is_err() {
            return Err(VmError::of(
                crate::runtime::errors::ErrorKind::StackOverflow,
                "stack overflow: the register stack is full",
            ));
        };
        self.reserve(base + WINDOW);
        Ok(Base(base))
    }

    /// Makes the arena at least `len` registers long.
    #[inline(always)]
    pub(crate) fn reserve(&mut self, len: usize) {
        if self.slots.len() < len {
            self.grow(len);
        }
    }

    #[cold]
    #[inline(never)]
    fn grow(&mut self, len: usize) {
        self.slots.resize(len.next_power_of_two(), Value::NIL);
    }

    /// Register `r` of the frame at `base`.
    #[inline(always)]
    pub(crate) fn get(&self, base: Base, r: Reg) -> Value {
        self.get_after::<0>(base, r)
    }

    /// The register `K` after register `r` of the frame at `base`.
    #[inline(always)]
    pub(crate) fn get_after<const K: usize>(&self, base: Base, r: Reg) -> Value {
        const { assert!(K <= MAX_OFFSET) };
        let index = base.index() + usize::from(r.0) + K;
        debug_assert!(index < self.slots.len());
        // SAFETY: `index < slots.len()` by the module's safety argument.
        unsafe { *self.slots.get_unchecked(index) }
    }

    #[inline(always)]
    pub(crate) fn set(&mut self, base: Base, r: Reg, value: Value) {
        self.set_after::<0>(base, r, value)
    }

    #[inline(always)]
    pub(crate) fn set_after<const K: usize>(&mut self, base: Base, r: Reg, value: Value) {
        const { assert!(K <= MAX_OFFSET) };
        let index = base.index() + usize::from(r.0) + K;
        debug_assert!(index < self.slots.len());
        // SAFETY: as for `get_after`.
        unsafe { *self.slots.get_unchecked_mut(index) = value }
    }
}

impl Deref for Registers {
    type Target = [Value];

    fn deref(&self) -> &[Value] {
        &self.slots
    }
}

impl DerefMut for Registers {
    fn deref_mut(&mut self) -> &mut [Value] {
        &mut self.slots
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_register_an_instruction_names_is_in_the_arena() {
        let mut registers = Registers::default();
        let base = registers.frame(1000).expect("fits");
        let value = Value::small_int(7).expect("small");
        registers.set_after::<{ MAX_OFFSET }>(base, Reg(255), value);
        assert_eq!(registers.get_after::<{ MAX_OFFSET }>(base, Reg(255)), value);
        assert!(registers.len() > 1000 + 255 + MAX_OFFSET);
        // Growing for a later frame keeps what earlier ones hold.
        let later = registers.frame(100_000).expect("fits");
        registers.set(later, Reg(0), Value::TRUE);
        assert_eq!(registers.get_after::<{ MAX_OFFSET }>(base, Reg(255)), value);
    }

    #[test]
    fn a_base_past_what_frames_store_is_an_error() {
        let mut registers = Registers::default();
        let error = registers.frame(usize::MAX / 2).expect_err("too far");
        assert!(error.message.contains("register stack is full"));
    }
}
