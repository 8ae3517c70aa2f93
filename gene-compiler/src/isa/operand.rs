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
}

macro_rules! unsigned_operand {
    ($(#[$doc:meta])* $name:ident($repr:ty), $bits:expr, $prefix:expr) => {
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
        }
    };
}

unsigned_operand!(
    /// A register of the current frame's window.
    Reg(u8), 8, "r"
);
unsigned_operand!(
    /// An index into the function's constant table.
    ConstIdx(u16), 16, "k"
);
unsigned_operand!(
    /// An inline-cache slot of the function (property, method and dynamic global sites).
    IcSlot(u16), 16, "ic"
);
unsigned_operand!(
    /// A global (namespace) slot, resolved at compile time; its index never changes.
    GlobalSlot(u16), 16, "g"
);
unsigned_operand!(
    /// An upvalue of the running closure.
    UpvalIdx(u8), 8, "u"
);
unsigned_operand!(
    /// A child function prototype of the current function.
    ProtoIdx(u16), 16, "p"
);
unsigned_operand!(
    /// A count (of arguments, results, elements).
    Count(u8), 8, "#"
);

/// A small signed immediate, for add-immediate and compare-immediate forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Imm8(pub i8);

impl Operand for Imm8 {
    const BITS: u32 = 8;

    fn to_bits(self) -> u64 {
        u64::from(self.0 as u8)
    }

    fn from_bits(bits: u64) -> Self {
        Imm8(bits as u8 as i8)
    }

    fn show(self, _pc: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A 16-bit signed immediate, for loading small integers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Imm16(pub i16);

impl Operand for Imm16 {
    const BITS: u32 = 16;

    fn to_bits(self) -> u64 {
        u64::from(self.0 as u16)
    }

    fn from_bits(bits: u64) -> Self {
        Imm16(bits as u16 as i16)
    }

    fn show(self, _pc: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// A jump distance in words, relative to the instruction after the jump.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump(pub i32);

impl Jump {
    /// Jump distances take 24 bits when alone with the opcode, 16 beside a register.
    pub const MAX: i32 = (1 << 23) - 1;
    pub const MIN: i32 = -(1 << 23);
}

impl Operand for Jump {
    const BITS: u32 = 24;

    fn to_bits(self) -> u64 {
        u64::from(self.0 as u32 & 0xFF_FFFF)
    }

    fn from_bits(bits: u64) -> Self {
        // Sign-extend 24 bits.
        Jump(((bits as u32) << 8) as i32 >> 8)
    }

    fn show(self, pc: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "→{}", pc as i64 + i64::from(self.0))
    }
}

/// A 16-bit jump distance, for conditional jumps that also name a register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShortJump(pub i16);

impl Operand for ShortJump {
    const BITS: u32 = 16;

    fn to_bits(self) -> u64 {
        u64::from(self.0 as u16)
    }

    fn from_bits(bits: u64) -> Self {
        ShortJump(bits as u16 as i16)
    }

    fn show(self, pc: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "→{}", pc as i64 + i64::from(self.0))
    }
}
