//! Functions as the VM runs them: a compiled prototype with its constants turned into values.

use std::rc::Rc;

use gene_compiler::FunctionProto;

use crate::value::Value;
use crate::vm::{Vm, VmError};

/// A Rust function callable from Gene: it gets the VM and the arguments.
pub type NativeFn = fn(&mut Vm, &[Value]) -> Result<Value, VmError>;

/// A loaded function prototype.
pub struct Function {
    pub proto: FunctionProto,
    /// `proto.constants` as values; the VM roots them while the function is loaded.
    pub constants: Vec<Value>,
    pub children: Vec<Rc<Function>>,
    /// The variable names of each of `proto.env_layouts`.
    pub env_names: Vec<Rc<[String]>>,
    /// The interned names of `proto.keywords`.
    pub keyword_ids: Vec<crate::value::SymbolId>,
    /// `proto.has_simple_params()`, looked up on every call.
    pub simple_params: bool,
    /// The inline caches of the function's method call sites.
    pub ics: Box<[std::cell::Cell<crate::methods::MethodCache>]>,
}
