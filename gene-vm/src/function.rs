//! Functions as the VM runs them: a compiled prototype with its constants turned into values.

use std::rc::Rc;

use gene_compiler::FunctionProto;

use crate::heap::{Gc, Object, Tracer};
use crate::value::Value;
use crate::vm::{Vm, VmError};

/// The Rust code of a built-in: it gets the VM and the arguments, which its declaration
/// has already checked.
pub(crate) type NativeBody = fn(&mut Vm, &[Value]) -> Result<Value, VmError>;

/// A built-in as the VM holds it: its declaration, which carries the body with the
/// signature the call paths check before running it (`stdlib/declare.rs`).
pub(crate) type NativeFn = &'static crate::stdlib::Builtin;

/// A loaded function prototype, on the heap: closures, frames and the code cache keep it
/// alive, and it keeps its constants and the functions defined inside it alive.
pub struct Function {
    pub proto: FunctionProto,
    /// `proto.constants` as values.
    pub constants: Vec<Value>,
    pub children: Vec<Gc<Function>>,
    /// The variable names of each of `proto.env_layouts`.
    pub env_names: Vec<Rc<[String]>>,
    /// The interned names of `proto.keywords`.
    pub keyword_ids: Vec<crate::value::SymbolId>,
    /// `proto.has_simple_params()`, looked up on every call.
    pub simple_params: bool,
    /// `proto.generator`: calling it makes a generator.
    pub generator: bool,
    /// The module whose globals the function's code reads and writes.
    pub module: Gc<crate::runtime::module::Module>,
    /// The inline caches of the function's method call sites.
    pub ics: Box<[crate::methods::InlineCache]>,
}

impl Object for Function {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_all(&self.constants);
        tracer.mark(self.module.value());
        for child in &self.children {
            tracer.mark(child.value());
        }
        for cache in self.ics.iter() {
            for method in cache.held() {
                tracer.mark(method);
            }
        }
    }

    fn extra_bytes(&self) -> usize {
        // The bytecode and tables are owned by the function; an estimate is enough.
        self.proto.code.len() * 4 + self.constants.len() * 8 + self.proto.spans.len() * 16
    }
}
