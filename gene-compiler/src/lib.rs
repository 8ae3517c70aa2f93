//! The Gene compiler: turns the `Datum` trees read by `gene-syntax` into register bytecode.
//!
//! Built so far: the instruction set ([`isa`]), defined once in a table that generates the
//! opcode enum, encoder, decoder and disassembler. The resolver (locals in registers,
//! captured locals as upvalues, everything else as global slots), the emitter, inline-cache
//! slot allocation and the pc-to-span table follow.

mod emit;
pub mod isa;
pub mod proto;

pub use emit::{compile_eval, compile_program, CompileError};
pub use proto::{Constant, FunctionProto, Globals, KeywordParam, UpvalSource};
