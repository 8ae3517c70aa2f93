//! The instruction set, defined once.
//!
//! The `instructions!` table below lists every instruction with its typed operands and a doc
//! line; from it the macro generates the [`Op`] enum, the [`Instr`] enum of decoded
//! instructions, the encoder, the decoder and the disassembler. Adding an instruction is one
//! entry here plus its handler in the VM.
//!
//! Encoding: 32-bit words, as in Lua 5.4 and LuaJIT. The low 8 bits of the first word are
//! the opcode; the operands follow in the order listed, packed from bit 8 upwards. An
//! instruction whose operands do not fit the 24 bits left in one word continues into a second
//! word (the packing treats the two words as one 64-bit little-endian field), so wide forms
//! such as a property access with its inline-cache slot stay one instruction.

mod operand;

use std::fmt;

pub use operand::{
    AnyOperand, ConstIdx, Count, EnvIdx, GlobalSlot, IcSlot, Imm16, Imm8, Jump, Operand, ProtoIdx,
    Reg, ShortJump, UpvalIdx,
};

/// How many 32-bit words an encoding of `bits` bits takes.
const fn words(bits: u32) -> usize {
    bits.div_ceil(32) as usize
}

fn mask(bits: u32) -> u64 {
    if bits == 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    }
}

/// The most operands an instruction has.
const MAX_OPERANDS: usize = 5;

/// A word sequence that is not a valid instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecodeError {
    UnknownOpcode { pc: usize, byte: u8 },
    Truncated { pc: usize },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::UnknownOpcode { pc, byte } => {
                write!(f, "unknown opcode {byte:#04x} at {pc}")
            }
            DecodeError::Truncated { pc } => write!(f, "instruction at {pc} runs past the end"),
        }
    }
}

macro_rules! instructions {
    ($(
        $(#[doc = $doc:literal])+
        $name:ident { $($field:ident : $ty:ty),* $(,)? }
    )*) => {
        /// An opcode: the first byte of every instruction.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Op {
            $($(#[doc = $doc])+ $name),*
        }

        /// The opcode bytes as constants, for matching on a raw byte.
        #[allow(non_upper_case_globals)]
        mod opcode {
            $(pub const $name: u8 = super::Op::$name as u8;)*
        }

        $(const _: () = assert!(
            8 $(+ <$ty as Operand>::BITS)* <= 64,
            concat!(stringify!($name), "'s operands do not fit in two words"),
        );)*

        $(#[allow(unused_comparisons)] const _: () = assert!(
            0 $(+ { let _ = stringify!($field); 1 })* <= MAX_OPERANDS,
            concat!(stringify!($name), " has more operands than `Instr::operands` holds"),
        );)*

        impl Op {
            /// Every opcode, in encoding order.
            pub const ALL: &'static [Op] = &[$(Op::$name),*];

            #[inline(always)]
            pub fn from_byte(byte: u8) -> Option<Op> {
                Op::ALL.get(usize::from(byte)).copied()
            }

            pub fn name(self) -> &'static str {
                match self {
                    $(Op::$name => stringify!($name)),*
                }
            }

            /// The instruction's one-line description.
            pub fn doc(self) -> &'static str {
                match self {
                    $(Op::$name => concat!($($doc),+).trim_ascii()),*
                }
            }

            /// How many words an instruction with this opcode takes.
            #[inline(always)]
            pub const fn words(self) -> usize {
                match self {
                    $(Op::$name => words(8 $(+ <$ty as Operand>::BITS)*)),*
                }
            }
        }

        /// A decoded instruction with typed operands.
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub enum Instr {
            $($name { $($field: $ty),* }),*
        }

        impl Instr {
            pub fn op(&self) -> Op {
                match self {
                    $(Instr::$name { .. } => Op::$name),*
                }
            }

            /// Appends the instruction's words to `code`.
            #[allow(unused_assignments, unused_mut, unused_variables)]
            pub fn encode(&self, code: &mut Vec<u32>) {
                match *self {
                    $(Instr::$name { $($field),* } => {
                        let mut bits = Op::$name as u64;
                        let mut shift = 8u32;
                        $(
                            bits |= $field.to_bits() << shift;
                            shift += <$ty as Operand>::BITS;
                        )*
                        code.push(bits as u32);
                        if Op::$name.words() == 2 {
                            code.push((bits >> 32) as u32);
                        }
                    })*
                }
            }

            /// Decodes the instruction at `pc`, returning it and the pc of the next one.
            /// Inlined so that an interpreter matching on the result can fuse the two
            /// dispatches into one jump on the opcode byte.
            #[allow(unused_assignments, unused_mut, unused_variables)]
            #[inline(always)]
            pub fn decode(code: &[u32], pc: usize) -> Result<(Instr, usize), DecodeError> {
                let first = *code.get(pc).ok_or(DecodeError::Truncated { pc })?;
                // One match on the opcode byte, each arm with its length known, so the
                // decoder compiles to a single jump table.
                match first as u8 {
                    $(opcode::$name => {
                        let len = Op::$name.words();
                        let mut bits = u64::from(first);
                        if len == 2 {
                            bits |= u64::from(*code.get(pc + 1).ok_or(DecodeError::Truncated { pc })?) << 32;
                        }
                        let mut shift = 8u32;
                        $(
                            let $field = <$ty as Operand>::from_bits(
                                (bits >> shift) & mask(<$ty as Operand>::BITS),
                            );
                            shift += <$ty as Operand>::BITS;
                        )*
                        Ok((Instr::$name { $($field),* }, pc + len))
                    })*
                    byte => Err(DecodeError::UnknownOpcode { pc, byte }),
                }
            }

            /// Each operand, in the order the table lists them.
            #[allow(unused_variables, unused_mut)]
            pub fn operands(&self) -> impl Iterator<Item = AnyOperand> {
                let mut all = [AnyOperand::Count(Count(0)); MAX_OPERANDS];
                let mut len = 0;
                match *self {
                    $(Instr::$name { $($field),* } => {
                        $(
                            all[len] = $field.kind();
                            len += 1;
                        )*
                    })*
                }
                all.into_iter().take(len)
            }

            /// Writes the operands as disassembly; `next_pc` anchors jump targets.
            #[allow(unused_variables)]
            fn show_operands(&self, next_pc: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match *self {
                    $(Instr::$name { $($field),* } => {
                        $(
                            f.write_str(" ")?;
                            $field.show(next_pc, f)?;
                        )*
                        Ok(())
                    })*
                }
            }
        }
    };
}

instructions! {
    /// Copies register `b` into `a`.
    Move { a: Reg, b: Reg }
    /// Sets `a` to nil.
    LoadNil { a: Reg }
    /// Sets `a` to void.
    LoadVoid { a: Reg }
    /// Sets `a` to true.
    LoadTrue { a: Reg }
    /// Sets `a` to false.
    LoadFalse { a: Reg }
    /// Sets `a` to a small integer.
    LoadInt { a: Reg, value: Imm16 }
    /// Sets `a` to constant `k`.
    LoadConst { a: Reg, k: ConstIdx }
    /// Reads global slot `slot` into `a`, raising if it is not defined.
    GetGlobal { a: Reg, slot: GlobalSlot }
    /// Writes `a` into global slot `slot`.
    SetGlobal { a: Reg, slot: GlobalSlot }
    /// Reads upvalue `u` of the running closure into `a`.
    GetUpval { a: Reg, u: UpvalIdx }
    /// Writes `a` into upvalue `u` of the running closure.
    SetUpval { a: Reg, u: UpvalIdx }
    /// Closes the open upvalues of registers `from` and above (a scope with captured locals ends).
    CloseUpvals { from: Reg }
    /// `a = b + c`, ints overflow-checked, ints and floats mixed as Gene does.
    Add { a: Reg, b: Reg, c: Reg }
    /// `a = b - c`.
    Sub { a: Reg, b: Reg, c: Reg }
    /// `a = b * c`.
    Mul { a: Reg, b: Reg, c: Reg }
    /// `a = b / c`, always a float.
    Div { a: Reg, b: Reg, c: Reg }
    /// `a = b % c`, with the sign of `b`.
    Mod { a: Reg, b: Reg, c: Reg }
    /// `a = b + imm`.
    AddI { a: Reg, b: Reg, imm: Imm8 }
    /// `a = b - imm`.
    SubI { a: Reg, b: Reg, imm: Imm8 }
    /// `a = b * imm`.
    MulI { a: Reg, b: Reg, imm: Imm8 }
    /// `a = b % imm`, with the sign of `b`.
    ModI { a: Reg, b: Reg, imm: Imm8 }
    /// `a = -b`.
    Neg { a: Reg, b: Reg }
    /// `a = !b` (logical not: true when `b` is nil, void or false).
    Not { a: Reg, b: Reg }
    /// `a = (b &|& c)`: true when exactly one of them is truthy.
    Xor { a: Reg, b: Reg, c: Reg }
    /// `a = (b ++ c)`: the two Strings joined.
    StrCat { a: Reg, b: Reg, c: Reg }
    /// `a = (b matches the pattern value c)`, for `when (Shape/Circle r)` patterns with
    /// `binders` names: made by c when c is a variant constructor (raising when `binders`
    /// is not its field count), else `b == c`.
    MatchVariant { a: Reg, b: Reg, c: Reg, binders: Count }
    /// As `MatchVariant` with the value of global `slot`, for a bare name (`when (Circle r)`,
    /// `when Point`); when that global is not defined, whether `b` is an enum value of a
    /// member named like it.
    MatchBare { a: Reg, b: Reg, slot: GlobalSlot, binders: Count }
    /// Takes the value in `b` apart by the pattern shape in constant `k` (one level of a
    /// destructuring pattern, `emit/destructure.rs`): checks it fits, raising an error that
    /// says what was expected, and writes its `count` parts into `a`…: the positional
    /// elements (undefined for an optional one without an item, an array for the rest), the
    /// named properties, then the map of the others.
    Destructure { a: Reg, b: Reg, count: Count, k: ConstIdx }
    /// `(b ?)`: when `b` is a built-in `Err` or `None`, falls through (to the early
    /// return); else sets `a` to the value of an `Ok`/`Some`, or to `b` itself, and jumps.
    TryUnwrap { a: Reg, b: Reg, to: ShortJump }
    /// Jumps when contract checks (`^pre`, `^post`) are turned off.
    SkipContracts { to: ShortJump }
    /// `a = (b is c)`: whether `b` is an instance of class `c` or of a class derived from
    /// it (by identity, not name); also what `catch ClassName` tests.
    IsA { a: Reg, b: Reg, c: Reg }
    /// `a = (b is c)` for a `catch` clause: raises when `c` is not an exception class (a
    /// clause that could never match is a mistake).
    Catches { a: Reg, b: Reg, c: Reg }
    /// `a = (b == c)`.
    Eq { a: Reg, b: Reg, c: Reg }
    /// `a = (b != c)`.
    Ne { a: Reg, b: Reg, c: Reg }
    /// `a = (b < c)`.
    Lt { a: Reg, b: Reg, c: Reg }
    /// `a = (b <= c)`.
    Le { a: Reg, b: Reg, c: Reg }
    /// Jumps unless `a < b` (the compare-and-branch of conditions).
    JumpUnlessLt { a: Reg, b: Reg, to: ShortJump }
    /// Jumps unless `a <= b`.
    JumpUnlessLe { a: Reg, b: Reg, to: ShortJump }
    /// Jumps unless `a == b`.
    JumpUnlessEq { a: Reg, b: Reg, to: ShortJump }
    /// Jumps unless `a != b`.
    JumpUnlessNe { a: Reg, b: Reg, to: ShortJump }
    /// Jumps unless `a < imm`.
    JumpUnlessLtI { a: Reg, imm: Imm8, to: ShortJump }
    /// Jumps unless `a <= imm`.
    JumpUnlessLeI { a: Reg, imm: Imm8, to: ShortJump }
    /// Jumps unless `a > imm`.
    JumpUnlessGtI { a: Reg, imm: Imm8, to: ShortJump }
    /// Jumps unless `a >= imm`.
    JumpUnlessGeI { a: Reg, imm: Imm8, to: ShortJump }
    /// Jumps unless `a == imm`.
    JumpUnlessEqI { a: Reg, imm: Imm8, to: ShortJump }
    /// Jumps unless `a != imm`.
    JumpUnlessNeI { a: Reg, imm: Imm8, to: ShortJump }
    /// Jumps when `a < b` holds (a loop's test at its bottom, jumping back to its body); a
    /// NaN operand makes it fall through, as `<` is false then.
    JumpIfLt { a: Reg, b: Reg, to: ShortJump }
    /// Jumps when `a <= b` holds.
    JumpIfLe { a: Reg, b: Reg, to: ShortJump }
    /// Jumps when `a < imm` holds.
    JumpIfLtI { a: Reg, imm: Imm8, to: ShortJump }
    /// Jumps when `a <= imm` holds.
    JumpIfLeI { a: Reg, imm: Imm8, to: ShortJump }
    /// Jumps when `a > imm` holds.
    JumpIfGtI { a: Reg, imm: Imm8, to: ShortJump }
    /// Jumps when `a >= imm` holds.
    JumpIfGeI { a: Reg, imm: Imm8, to: ShortJump }
    /// Jumps by `to`.
    Jump { to: Jump }
    /// Jumps when `a` is falsy.
    JumpIfFalse { a: Reg, to: ShortJump }
    /// Jumps when `a` is truthy.
    JumpIfTrue { a: Reg, to: ShortJump }
    /// Calls the function in `func` with `argc` arguments in the registers after it; the
    /// result replaces the function.
    Call { func: Reg, argc: Count }
    /// Calls as `Call`, with a map of keyword arguments in the register after the arguments.
    CallKw { func: Reg, argc: Count }
    /// Calls a macro as `Call`, with the caller's environment (made by `MakeEnv`) in the
    /// register after the arguments.
    CallMacro { func: Reg, argc: Count }
    /// Captures the variables named by environment layout `layout` into `a`, for a macro's
    /// `$caller_eval`.
    MakeEnv { a: Reg, layout: EnvIdx }
    /// Jumps unless `a` is undefined (a parameter whose argument was left out gets its
    /// default).
    JumpIfDefined { a: Reg, to: ShortJump }
    /// Calls the running function itself (`func` holds the arguments' base).
    CallSelf { func: Reg, argc: Count }
    /// Calls as `Call` and returns its result, reusing the frame (a proper tail call).
    TailCall { func: Reg, argc: Count }
    /// Calls the running function itself in tail position, reusing the frame.
    TailCallSelf { func: Reg, argc: Count }
    /// Raises `a` as an exception (a string becomes an `Exception` with that message).
    Throw { a: Reg }
    /// `a = (await b)`: runs the event loop until the future in `b` is settled, then gives
    /// its value or raises its failure (a value that is not a future is an error).
    Await { a: Reg, b: Reg }
    /// As `Await`, giving up after the timeout in `c` (an Int of milliseconds, a Float of
    /// seconds): the future then fails with a `TimeoutException`, which is raised.
    AwaitFor { a: Reg, b: Reg, c: Reg }
    /// `a =` a new future completed with `b`: what `(async x)` gives when `x` ran.
    Completed { a: Reg, b: Reg }
    /// `a =` a new future failed with the exception in `b`: `(async x)` when `x` raised.
    Failed { a: Reg, b: Reg }
    /// Pushes an exception handler: an exception raised until the matching `TryEnd` lands
    /// in `a` and continues at `to`.
    TryBegin { a: Reg, to: Jump }
    /// Pops the innermost exception handler.
    TryEnd {}
    /// Returns `a` from the running function.
    Return { a: Reg }
    /// Suspends the running generator, handing `a` to whoever resumed it; it goes on at the
    /// next instruction when resumed.
    Yield { a: Reg }
    /// Makes a closure of child prototype `proto` into `a`, capturing its upvalues.
    Closure { a: Reg, proto: ProtoIdx }
    /// Makes an array of the `count` registers from `start` into `a`.
    NewArray { a: Reg, start: Reg, count: Count }
    /// Appends the `count` registers from `start` to the array in `a` (long array literals).
    AppendArray { a: Reg, start: Reg, count: Count }
    /// Makes the collection in `a` refuse changes (a frozen literal, `#[…]` or `#{…}`).
    Freeze { a: Reg }
    /// Makes an empty map into `a`.
    NewMap { a: Reg }
    /// Makes the gene `(b …)` with no props or children into `a`.
    NewGene { a: Reg, b: Reg }
    /// Appends the `count` registers from `start` to the children of the gene in `a`.
    AppendChildren { a: Reg, start: Reg, count: Count }
    /// Makes the range `b .. c` (step 1) into `a`.
    NewRange { a: Reg, b: Reg, c: Reg }
    /// Makes the string of the `count` registers from `start`, each as `print` shows it.
    Concat { a: Reg, start: Reg, count: Count }
    /// `a = b[c]` for arrays, maps and genes.
    GetIndex { a: Reg, b: Reg, c: Reg }
    /// `a[b] = c`.
    SetIndex { a: Reg, b: Reg, c: Reg }
    /// Makes into `a` the selector of the segments the `count` registers from `start` stand
    /// for (strings and names are keys, ints indexes, functions callable segments).
    NewSelector { a: Reg, start: Reg, count: Count }
    /// `a = (b ./ c d)`: the step or selector `c` applied to `b`, with `d` replacing a miss
    /// (void in `d`: no default).
    Select { a: Reg, b: Reg, c: Reg, d: Reg }
    /// `a = obj/key`, through inline-cache slot `ic`.
    GetProp { a: Reg, obj: Reg, key: ConstIdx, ic: IcSlot }
    /// `obj/key = value`, through inline-cache slot `ic`.
    SetProp { obj: Reg, value: Reg, key: ConstIdx, ic: IcSlot }
    /// Calls method `name` on the receiver in `func` with `argc` arguments after it; the
    /// result replaces the receiver.
    CallMethod { func: Reg, argc: Count, name: ConstIdx, ic: IcSlot }
    /// Calls as `CallMethod`, with a map of keyword arguments in the register after the
    /// arguments.
    CallMethodKw { func: Reg, argc: Count, name: ConstIdx, ic: IcSlot }
    /// Calls as `Call` with `argc` (1 to 3) arguments, first copied into the registers after
    /// `func` from `a`, `b` and `c` (the variables passed, read where they live).
    CallWith { func: Reg, argc: Count, a: Reg, b: Reg, c: Reg }
    /// Calls as `CallSelf`, with the arguments `CallWith` copies.
    CallSelfWith { func: Reg, argc: Count, a: Reg, b: Reg, c: Reg }
    /// Calls method `name` on the receiver in `recv` with no arguments, the result going to
    /// `func` (a `CallMethod` whose receiver is a variable, read where it lives: the call
    /// moves it into `func` only when it enters a method).
    CallMethod0 { func: Reg, recv: Reg, name: ConstIdx, ic: IcSlot }
    /// Calls method `name` on the receiver in `recv` with the one argument in `arg`, the
    /// result going to `func`; the call moves them into `func` and `func+1` only when it
    /// enters a method (`(xs .get i)` on an array does not).
    CallMethod1 { func: Reg, recv: Reg, arg: Reg, name: ConstIdx, ic: IcSlot }
    /// Makes class `name` into `a`, derived from the class in `parent` (nil: from `Object`).
    NewClass { a: Reg, name: ConstIdx, parent: Reg }
    /// Makes namespace `name` into `a`.
    NewNamespace { a: Reg, name: ConstIdx }
    /// Loads the file module the string `path` names (relative to the running module's
    /// file; run once, then cached) and puts the module into `a`.
    Import { a: Reg, path: ConstIdx }
    /// Puts into `a` what the string path `name` (`f`, `n/f`) names: an export of the
    /// module in `from`, or, when `from` holds any other value, a member of it (the path's
    /// first segment names `from` itself). Missing is an error.
    ImportName { a: Reg, from: Reg, name: ConstIdx }
    /// Defines every export of the module in `from` (every member of a namespace) as a
    /// global of the running module.
    ImportAll { from: Reg }
    /// Loads the running module's own namespace, its exports (`$ns` at a file's top level).
    ModuleNs { a: Reg }
    /// Defines the function in `method` as method `name` of the class in `class`.
    DefMethod { class: Reg, name: ConstIdx, method: Reg }
    /// Makes an instance of the class in `func` and runs its constructor with the `argc`
    /// arguments after it; the instance replaces the class.
    New { func: Reg, argc: Count }
    /// Makes an instance as `New`, with a map of keyword arguments for the constructor in
    /// the register after the arguments.
    NewKw { func: Reg, argc: Count }
    /// Calls method `name` of the parent of the class in `func` (the class defining the
    /// running method) on the receiver in `func+1` with `argc` arguments after it; the
    /// result replaces the class.
    CallSuper { func: Reg, argc: Count, name: ConstIdx, ic: IcSlot }
    /// Raises when `a` is void or nil (a path's trailing `/!`).
    AssertPresent { a: Reg }
    /// Starts iterating the value in `a`: checks it can be iterated and sets the cursor in
    /// `a+1`.
    IterPrep { a: Reg }
    /// Advances the iteration over `a`: writes the next key or index into `a+2` and value
    /// into `a+3` and jumps by `to` (back to the loop's body); falls through when it is done.
    IterNext { a: Reg, to: ShortJump }
    /// Makes the iteration in `a` (after `IterPrep`) split each item of a generator or an
    /// iterator, a `[key value]` pair, into `a+2` and `a+3`: a two-variable `for`.
    IterPairs { a: Reg }
    /// Starts a loop over the numbers from `a` to `a+1` (a range written `(x .. y)`): checks
    /// both are numbers and steps `a` back by one for `ForNext`.
    ForPrep { a: Reg }
    /// Steps `a` by one; unless it passed `a+1`, copies it into `a+3` (the loop variable)
    /// and jumps by `to` (back to the loop's body); falls through when the loop is done.
    ForNext { a: Reg, to: ShortJump }
    /// Appends the items of `b` (an Array, a Range or a HashSet; nil adds none) to the array,
    /// or the gene's children, in `a`: an item written `x...`.
    SpreadItems { a: Reg, b: Reg }
    /// Copies the entries of the map in `b` (nil copies none) into the map, or the gene's
    /// props, in `a`: a prop written `^... x`.
    SpreadProps { a: Reg, b: Reg }
    /// Calls the function in `func` with the items of the array in `func+1` as arguments and
    /// the map in `func+2` as keyword arguments (nil: none); the result replaces the
    /// function: a call with `x...` among its arguments.
    CallSpread { func: Reg }
    /// Calls method `name` on the receiver in `func` with the arguments `CallSpread` takes
    /// after it, through inline-cache slot `ic`.
    CallMethodSpread { func: Reg, name: ConstIdx, ic: IcSlot }
    /// Makes an instance as `New` of the class in `func`, with the arguments `CallSpread`
    /// takes after it: a `new` with `x...` among its arguments.
    NewSpread { func: Reg }
}

impl Instr {
    /// How far this instruction jumps (or where its handler is), relative to the next
    /// instruction; `None` when it names no jump target.
    pub fn jump_distance(&self) -> Option<i32> {
        self.operands().find_map(|operand| match operand {
            AnyOperand::Jump(distance) => Some(distance),
            _ => None,
        })
    }

    /// This instruction with its jump distance replaced; `None` when it names no jump
    /// target, or the distance does not fit its operand.
    pub fn with_jump_distance(self, distance: i32) -> Option<Instr> {
        match self {
            Instr::Jump { .. } => Some(Instr::Jump { to: Jump(distance) }),
            Instr::TryBegin { a, .. } => Some(Instr::TryBegin {
                a,
                to: Jump(distance),
            }),
            _ => self.retarget(i16::try_from(distance).ok()?),
        }
    }

    /// This conditional jump with its distance replaced (for patching forward jumps), or
    /// `None` for an instruction that is not one.
    pub fn retarget(self, distance: i16) -> Option<Instr> {
        let to = ShortJump(distance);
        Some(match self {
            Instr::JumpIfFalse { a, .. } => Instr::JumpIfFalse { a, to },
            Instr::JumpIfTrue { a, .. } => Instr::JumpIfTrue { a, to },
            Instr::JumpIfDefined { a, .. } => Instr::JumpIfDefined { a, to },
            Instr::IterNext { a, .. } => Instr::IterNext { a, to },
            Instr::JumpUnlessLt { a, b, .. } => Instr::JumpUnlessLt { a, b, to },
            Instr::JumpUnlessLe { a, b, .. } => Instr::JumpUnlessLe { a, b, to },
            Instr::JumpUnlessEq { a, b, .. } => Instr::JumpUnlessEq { a, b, to },
            Instr::JumpUnlessNe { a, b, .. } => Instr::JumpUnlessNe { a, b, to },
            Instr::JumpUnlessLtI { a, imm, .. } => Instr::JumpUnlessLtI { a, imm, to },
            Instr::JumpUnlessLeI { a, imm, .. } => Instr::JumpUnlessLeI { a, imm, to },
            Instr::JumpUnlessGtI { a, imm, .. } => Instr::JumpUnlessGtI { a, imm, to },
            Instr::JumpUnlessGeI { a, imm, .. } => Instr::JumpUnlessGeI { a, imm, to },
            Instr::JumpUnlessEqI { a, imm, .. } => Instr::JumpUnlessEqI { a, imm, to },
            Instr::JumpUnlessNeI { a, imm, .. } => Instr::JumpUnlessNeI { a, imm, to },
            Instr::JumpIfLt { a, b, .. } => Instr::JumpIfLt { a, b, to },
            Instr::JumpIfLe { a, b, .. } => Instr::JumpIfLe { a, b, to },
            Instr::JumpIfLtI { a, imm, .. } => Instr::JumpIfLtI { a, imm, to },
            Instr::JumpIfLeI { a, imm, .. } => Instr::JumpIfLeI { a, imm, to },
            Instr::JumpIfGtI { a, imm, .. } => Instr::JumpIfGtI { a, imm, to },
            Instr::JumpIfGeI { a, imm, .. } => Instr::JumpIfGeI { a, imm, to },
            Instr::ForNext { a, .. } => Instr::ForNext { a, to },
            Instr::TryUnwrap { a, b, .. } => Instr::TryUnwrap { a, b, to },
            Instr::SkipContracts { .. } => Instr::SkipContracts { to },
            Instr::Jump { .. } => Instr::Jump {
                to: Jump(i32::from(distance)),
            },
            _ => return None,
        })
    }
}

impl fmt::Display for Op {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One decoded instruction at its address, for printing.
pub struct Located<'a> {
    pub pc: usize,
    pub next_pc: usize,
    pub instr: &'a Instr,
}

impl fmt::Display for Located<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}  {:<14}", self.pc, self.instr.op().name())?;
        self.instr.show_operands(self.next_pc, f)
    }
}

/// The disassembly of `code`, one instruction per line; bad words are shown, not skipped.
pub fn disassemble(code: &[u32]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let mut pc = 0;
    while pc < code.len() {
        match Instr::decode(code, pc) {
            Ok((instr, next_pc)) => {
                let _ = writeln!(
                    out,
                    "{}",
                    Located {
                        pc,
                        next_pc,
                        instr: &instr
                    }
                );
                pc = next_pc;
            }
            Err(error) => {
                let _ = writeln!(out, "{pc:04}  {:#010x}  ; {error}", code[pc]);
                pc += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
