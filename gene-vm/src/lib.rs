//! The Gene virtual machine: NaN-boxed values, the garbage-collected heap, arena-allocated
//! register frames, the interpreter loop, the runtime (namespaces, classes, exceptions,
//! generators, futures), the standard library and the embedding API.
//!
//! It runs the bytecode produced by `gene-compiler`. Built so far: the value representation
//! ([`value`]) and the symbol table ([`symbol`]); the heap, frames and interpreter follow.

pub mod symbol;
pub mod value;

pub use symbol::SymbolTable;
pub use value::{SymbolId, Value, ValueView};
