//! The Gene virtual machine: NaN-boxed values ([`value`]), the garbage-collected heap
//! ([`heap`], the one module with `unsafe` besides the value boxing, tested under Miri and
//! the `gc-stress` feature), register frames in one arena, the interpreter loop, the runtime
//! (closures, exceptions, macros), the standard library and the embedding API.
//!
//! It runs the bytecode produced by `gene-compiler`.
//!
//! # Embedding
//!
//! A [`Vm`] reads, compiles and runs source with [`Vm::eval`]; globals persist from one call
//! to the next. Rust functions become Gene functions with [`Vm::define_native`] (they get the
//! VM and the arguments, and return a value or a [`VmError`], which Gene code can catch), and
//! Gene functions are called from Rust with [`Vm::call_value`]:
//!
//! ```
//! use gene_vm::{EvalError, Value, Vm, VmError};
//!
//! fn twice(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
//!     match args {
//!         [n] => match vm.as_int(*n) {
//!             Some(n) => vm.int(n * 2),
//!             None => Err(VmError::new("twice needs an Int")),
//!         },
//!         _ => Err(VmError::new("twice takes one argument")),
//!     }
//! }
//!
//! let mut vm = Vm::new();
//! vm.define_native("twice", twice);
//! let answer = vm.eval("(twice 21)").expect("runs");
//! assert_eq!(vm.as_int(answer), Some(42));
//!
//! // A Gene function called from Rust.
//! let add = vm.eval("(fn [a b] (a + b))").expect("runs");
//! let three = vm.call_value(add, &[Value::small_int(1).unwrap(), Value::small_int(2).unwrap()]);
//! assert_eq!(vm.as_int(three.expect("adds")), Some(3));
//!
//! // Errors carry the message and a Gene stack trace with source spans.
//! match vm.eval("(twice \"x\")") {
//!     Err(EvalError::Runtime(error)) => assert_eq!(error.message, "twice needs an Int"),
//!     _ => panic!("expected a runtime error"),
//! }
//! ```
//!
//! Output from `print`/`println` goes to standard output unless [`Vm::set_output`] sends it
//! elsewhere; [`Vm::set_max_call_depth`] bounds recursion (deeper calls raise a catchable
//! `stack overflow` error). Gene-to-Gene calls use no Rust stack, but built-ins that call back
//! into Gene (`.map`, `$caller_eval`) do, up to 2,000 levels deep; give the thread that runs
//! the VM a generous stack (the `gene` binary uses 512 MiB) if such recursion may happen,
//! especially in unoptimised builds. A value handed back to Rust stays valid until the next call into
//! the VM, which may collect garbage; to keep one longer, store it in a global with
//! [`Vm::set_global`].

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
pub use vm::{EvalError, GcStats, TraceEntry, Vm, VmError, DEFAULT_MAX_CALL_DEPTH};

/// The register `offset` places after `reg` (the cells of a multi-register instruction).
pub(crate) fn isa_reg(reg: gene_compiler::isa::Reg, offset: u8) -> gene_compiler::isa::Reg {
    gene_compiler::isa::Reg(reg.0 + offset)
}
