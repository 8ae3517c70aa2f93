//! The Gene virtual machine: NaN-boxed values, the garbage-collected heap, arena-allocated
//! register frames, the interpreter loop, the runtime (namespaces, classes, exceptions,
//! generators, futures), the standard library and the embedding API.
//!
//! It runs the bytecode produced by `gene-compiler`. Nothing runs yet: this crate is laid out
//! so that later work lands in the place the architecture gives it.
