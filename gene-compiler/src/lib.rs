//! The Gene compiler: turns the `Datum` trees read by `gene-syntax` into register bytecode.
//!
//! [`compile_program`] and [`compile_eval`] produce a tree of [`FunctionProto`]s; [`isa`]
//! is the instruction set, defined once in a table that generates the opcode enum, encoder,
//! decoder and disassembler. Inside, `emit` holds the resolver (locals in registers,
//! captured locals as upvalues, everything else as global slots) and the emitter, one
//! module per kind of form. A program past a limit of the bytecode gets a [`CompileError`]. [`cache`] saves a
//! compiled module as bytes and reads them back, trusting nothing.

#![forbid(unsafe_code)]

pub mod cache;
mod emit;
pub mod isa;
pub mod near_miss;
pub mod proto;
mod verify;

pub use emit::infix::{is_operator, OPERATORS};
pub use emit::reserved::RESERVED;
pub use emit::{compile_eval, compile_module, compile_program, CompileError, Warning};
pub use proto::{Constant, FunctionProto, Globals, KeywordParam, UpvalSource};
pub use verify::{verify, VerifyError};
