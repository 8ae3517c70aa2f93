//! The Gene virtual machine: NaN-boxed values, the garbage-collected heap, arena-allocated
//! register frames, the interpreter loop, the runtime (namespaces, classes, exceptions,
//! generators, futures), the standard library and the embedding API.
//!
//! It runs the bytecode produced by `gene-compiler`. Built so far: the value representation
//! ([`value`]), the symbol table ([`symbol`]) and the mark-sweep heap ([`heap`], the one
//! module with `unsafe`, tested under Miri); frames and the interpreter follow.

mod collections;
mod data;
pub mod function;
pub mod heap;
mod interp;
pub mod methods;
pub mod ops;
pub mod print;
mod stdlib;
pub mod symbol;
pub mod value;
mod vm;

pub use symbol::SymbolTable;
pub use value::{SymbolId, Value, ValueView};
pub use vm::{EvalError, TraceEntry, Vm, VmError, DEFAULT_MAX_CALL_DEPTH};

/// The register `offset` places after `reg` (the cells of a multi-register instruction).
pub(crate) fn isa_reg(reg: gene_compiler::isa::Reg, offset: u8) -> gene_compiler::isa::Reg {
    gene_compiler::isa::Reg(reg.0 + offset)
}
