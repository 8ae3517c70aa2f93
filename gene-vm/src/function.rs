//! Functions as the VM runs them: a compiled prototype with its constants turned into values.

use std::rc::Rc;

use gene_compiler::isa::Instr;
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
    /// The prototype; its `code` is emptied at load, and its `spans` count instructions
    /// as `code` below does.
    pub proto: FunctionProto,
    /// The code decoded once, at load ([`decode_code`]): one `Instr` per instruction.
    pub code: Box<[Instr]>,
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
        std::mem::size_of_val(&*self.code) + self.constants.len() * 8 + self.proto.spans.len() * 16
    }
}

/// Decodes verified code into one [`Instr`] per instruction, so the interpreter fetches an
/// instruction with one load and never decodes a word: pcs, jump distances and the spans of
/// `proto` then count instructions instead of words (every pc the VM keeps, in frames,
/// handlers and generators, comes from the interpreter, so it counts them too). Takes
/// `proto.code`, which nothing needs after this.
pub(crate) fn decode_code(proto: &mut FunctionProto) -> Result<Box<[Instr]>, VmError> {
    let words = std::mem::take(&mut proto.code);
    let corrupt =
        |what: String| VmError::new(format!("invalid bytecode in {}: {what}", proto.name));
    let mut starts = Vec::new();
    let mut code = Vec::new();
    let mut pc = 0;
    while pc < words.len() {
        let (instr, next) = Instr::decode(&words, pc).map_err(|e| corrupt(e.to_string()))?;
        starts.push(pc);
        code.push(instr);
        pc = next;
    }
    // The instruction starting at word `pc`; the end of the code is one past the last.
    let index_of = |pc: usize| match starts.binary_search(&pc) {
        Ok(index) => Some(index),
        Err(index) if pc == words.len() => Some(index),
        Err(_) => None,
    };
    for index in 0..code.len() {
        let instr = code[index];
        let Some(distance) = instr.jump_distance() else {
            continue;
        };
        let next = starts[index] + instr.op().words();
        let target = usize::try_from(next as i64 + i64::from(distance))
            .ok()
            .and_then(index_of)
            .ok_or_else(|| {
                corrupt(format!(
                    "a jump at {} lands inside an instruction",
                    starts[index]
                ))
            })?;
        // Counting instructions never makes a distance longer than counting words did.
        let distance = i32::try_from(target as i64 - (index as i64 + 1)).expect("shorter");
        code[index] = instr
            .with_jump_distance(distance)
            .expect("a shorter distance fits the same operand");
    }
    for (pc, _) in proto.spans.iter_mut() {
        *pc = index_of(*pc as usize)
            .and_then(|index| u32::try_from(index).ok())
            .ok_or_else(|| corrupt("a span does not start an instruction".to_string()))?;
    }
    Ok(code.into_boxed_slice())
}
