//! The Gene virtual machine: NaN-boxed values (`value`), the garbage-collected heap
//! (`heap`), register frames in one arena (`registers`), the interpreter loop, the runtime
//! (closures, exceptions, macros), the standard library and the embedding API. `heap` and
//! `registers` are the only modules with `unsafe` (the crate denies it elsewhere); nothing
//! public reaches them, and they are tested under Miri and the `gc-stress` and
//! `gc-verify` features.
//!
//! It runs the bytecode produced by `gene-compiler`.
//!
//! # Embedding
//!
//! A [`Vm`] reads, compiles and runs source with [`Vm::eval`]; globals persist from one call
//! to the next. Everything the VM hands the host is a [`Handle`], a rooted reference that
//! keeps its value alive while the host holds it, so no use of the API can reach freed
//! memory. Rust closures become Gene functions with [`Vm::define_native`] (they get the VM
//! and the arguments, and return a value or a [`VmError`], which Gene code can catch), and
//! Gene functions are called from Rust with [`Vm::call`]:
//!
//! ```
//! use gene_vm::{EvalError, Vm, VmError};
//!
//! let mut vm = Vm::new();
//! vm.define_native("twice", |vm, args| match args {
//!     [n] => match vm.to_int(n) {
//!         Some(n) => vm.make_int(n * 2),
//!         None => Err(VmError::new("twice needs an Int")),
//!     },
//!     _ => Err(VmError::new("twice takes one argument")),
//! })
//! .expect("defined");
//! let answer = vm.eval("(twice 21)").expect("runs");
//! assert_eq!(vm.to_int(&answer), Some(42));
//!
//! // A Gene function called from Rust; handles stay valid across later calls.
//! let add = vm.eval("(fn [a b] (a + b))").expect("runs");
//! let (one, two) = (vm.make_int(1).unwrap(), vm.make_int(2).unwrap());
//! vm.eval("(var junk (\"x\" .append \"y\"))").expect("runs");
//! let three = vm.call(&add, &[one, two]).expect("adds");
//! assert_eq!(vm.display(&three), "3");
//!
//! // Errors carry the message, a Gene stack trace with source spans, and the exception.
//! match vm.eval("(twice \"x\")") {
//!     Err(EvalError::Runtime(error)) => assert_eq!(error.message, "twice needs an Int"),
//!     _ => panic!("expected a runtime error"),
//! }
//! ```
//!
//! A program in a file runs with [`Vm::run_file`] (or [`Vm::set_program_path`] and then
//! [`Vm::run_program`]), so its imports resolve from the file's directory; code given to
//! [`Vm::eval`] imports from the current directory. A program's private top-level
//! variables may live in registers, so a later [`Vm::eval`] does not see them (its
//! functions, classes and exported names it does); code run by [`Vm::eval`] and
//! [`Vm::eval_source`] keeps every top-level variable for the code that comes next. Each imported file runs once, with
//! globals of its own; the standard library and [`Vm::define_native`] functions are
//! visible in every module, [`Vm::set_global`] globals in the main program only.
//!
//! Output from `print`/`println` goes to standard output unless [`Vm::set_output`] sends it
//! elsewhere; [`Vm::set_max_call_depth`] bounds recursion (deeper calls raise a catchable
//! `stack overflow` error) and [`Vm::set_heap_limit`] the heap. Gene-to-Gene calls use no
//! Rust stack, but built-ins that call back into Gene (`.map`, `$caller_eval`) do, up to
//! 2,000 levels deep; give the thread that runs the VM a generous stack (the `gene` binary
//! uses 512 MiB) if such recursion may happen, especially in unoptimised builds.

#![deny(unsafe_code)]
#![warn(missing_docs)]

mod code_cache;
mod collections;
mod data;
mod embed;
mod function;
#[allow(unsafe_code)]
mod heap;
mod interp;
mod interrupt;
mod methods;
mod ops;
mod print;
#[allow(unsafe_code)]
mod registers;
mod report;
pub(crate) mod runtime;
mod stdlib;
mod symbol;
mod value;
mod vm;

pub use code_cache::CodeStore;
pub use embed::{Handle, HostFn};
pub use interrupt::Interrupt;
pub use report::Warning;
pub use runtime::errors::ErrorKind;
pub use stdlib::declare::{builtin_reference, BuiltinEntry};
pub use stdlib::global_values::{global_value_reference, GlobalKind, GlobalValueEntry};
pub use vm::{EvalError, GcStats, TraceEntry, Vm, VmError, DEFAULT_MAX_CALL_DEPTH};

/// The register `offset` places after `reg` (the cells of a multi-register instruction).
pub(crate) fn isa_reg(reg: gene_compiler::isa::Reg, offset: u8) -> gene_compiler::isa::Reg {
    gene_compiler::isa::Reg(reg.0 + offset)
}
