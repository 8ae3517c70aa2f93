//! Operand types. Each knows its width in bits and how it prints in disassembly, so the
//! instruction table can pack, unpack and show any instruction generically.

use std::fmt;

/// A field of an instruction word.
pub trait Operand: Copy + fmt::Debug + PartialEq {
    /// How many bits the field takes in the encoding.
    const BITS: u32;

    fn to_bits(self) -> u64;

    /// The field from its bits (only the low `BITS` bits are set).
    fn from_bits(bits: u64) -> Self;

    /// How the field reads in disassembly; `pc` is the address of the next instruction,
    /// which jump offsets are relative to.
    fn show(self, pc: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result;

    /// The field as one of all operand kinds, for code that checks operands generically
    /// (the verifier).
    fn kind(self) -> AnyOperand;
}

/// Any operand, tagged with its kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnyOperand {
    Reg(Reg),
    Const(ConstIdx),
    Ic(IcSlot),
    Global(GlobalSlot),
    Upval(UpvalIdx),
    Proto(ProtoIdx),
    Env(EnvIdx),
    Count(Count),
    /// An immediate value.
    Imm(i32),
    /// A jump distance, relative to the next instruction.
    Jump(i32),
}

macro_rules! unsigned_operand {
    ($(#[$doc:meta])* $name:ident($repr:ty), $bits:expr, $prefix:expr, $kind:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub $repr);

        impl Operand for $name {
            const BITS: u32 = $bits;

            fn to_bits(self) -> u64 {
                u64::from(self.0)
            }

            fn from_bits(bits: u64) -> Self {
                $name(bits as $repr)
            }

            fn show(self, _pc: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($prefix, "{}"), self.0)
            }

            fn kind(self) -> AnyOperand {
                AnyOperand::$kind(self)
            }
        }
    };
}

unsigned_operand!(
    /// A register of the current frame's window.
    Reg(u8), 8, "r", Reg
);
unsigned_operand!(
    /// An index into the function's constant table.
    ConstIdx(u16), 16, "k", Const
);
unsigned_operand!(
    /// An inline-cache slot of the function (property, method and dynamic global sites).
    IcSlot(u16), 16, "ic", Ic
);
unsigned_operand!(
    /// A global (namespace) slot, resolved at compile time; its index never changes.
    GlobalSlot(u16), 16, "g", Global
);
unsigned_operand!(
    /// An upvalue of the running closure.
    UpvalIdx(u8), 8, "u", Upval
);
unsigned_operand!(
    /// A child function prototype of the current function.
    ProtoIdx(u16), 16, "p", Proto
);
unsigned_operand!(
    /// One of the function's macro-environment layouts (what `MakeEnv` captures).
    EnvIdx(u16), 16, "env", Env
);
unsigned_operand!(
    /// A count (of arguments, results, elements).
    Count(u8), 8, "#", Count
);

/// Signed operands: two's complement in `$bits` bits, shown as a number (`value`) or as the
/// address a jump lands on (`target`, relative to the next instruction).
macro_rules! signed_operand {
    ($(#[$doc:meta])* $name:ident($repr:ty), $bits:expr, $show:ident, $kind:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub struct $name(pub $repr);

        impl Operand for $name {
            const BITS: u32 = $bits;

            fn to_bits(self) -> u64 {
                (i64::from(self.0) as u64) & ((1 << $bits) - 1)
            }

            fn from_bits(bits: u64) -> Self {
                // Sign-extend from the field's top bit.
                $name(((bits << (64 - $bits)) as i64 >> (64 - $bits)) as $repr)
            }

            fn show(self, pc: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                signed_operand!(@show $show, self.0, pc, f)
            }

            fn kind(self) -> AnyOperand {
                AnyOperand::$kind(i32::from(self.0))
            }
        }
    };
    (@show value, $n:expr, $pc:expr, $f:expr) => {{
        let _ = $pc;
        write!($f, "{}", $n)
    }};
    (@show target, $n:expr, $pc:expr, $f:expr) => {
        write!($f, "→{}", $pc as i64 + i64::from($n))
    };
}

signed_operand!(
    /// A small signed immediate, for add-immediate and compare-immediate forms.
    Imm8(i8), 8, value, Imm
);
signed_operand!(
    /// A 16-bit signed immediate, for loading small integers.
    Imm16(i16), 16, value, Imm
);
signed_operand!(
    /// A jump distance in words, relative to the instruction after the jump.
    Jump(i32), 24, target, Jump
);
signed_operand!(
    /// A 16-bit jump distance, for conditional jumps that also name a register.
    ShortJump(i16), 16, target, Jump
);

impl Jump {
    /// Jump distances take 24 bits when alone with the opcode, 16 beside a register.
    pub const MAX: i32 = (1 << 23) - 1;
    pub const MIN: i32 = -(1 << 23);
}
