//! The VM: its heap, globals, loaded functions, register arena and frames, and the
//! embedding API (`eval`, `run_file`, errors with a Gene stack trace).

use std::rc::Rc;

use gene_compiler::{compile_program, Constant, FunctionProto, Globals};
use gene_syntax::{SourceFile, Span};

use crate::function::{Function, NativeFn};
use crate::heap::{BigInt, Closure, Gc, Heap, Native, Str, Upvalue};
use crate::value::Value;

/// How deep Gene calls may nest by default. Deep enough for 100,000-deep non-tail
/// recursion, small enough that runaway recursion ends quickly with a clean error.
pub const DEFAULT_MAX_CALL_DEPTH: usize = 500_000;

/// An uncaught Gene error: its message and where it happened, innermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VmError {
    pub message: String,
    pub trace: Vec<TraceEntry>,
    /// The exception value a `throw` raised (a runtime error gets one when it is caught).
    pub exception: Option<Value>,
}

/// One frame of a Gene stack trace (or a run of identical frames, as deep recursion makes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceEntry {
    pub function: String,
    pub span: Span,
    /// How many consecutive frames this entry stands for.
    pub repeated: usize,
}

impl VmError {
    pub fn new(message: impl Into<String>) -> VmError {
        VmError {
            message: message.into(),
            trace: Vec::new(),
            exception: None,
        }
    }

    /// Where the error was raised, if known.
    pub fn span(&self) -> Option<Span> {
        self.trace.first().map(|entry| entry.span)
    }
}

/// The collector's counters (see [`Vm::gc_stats`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct GcStats {
    /// Collections run so far.
    pub collections: usize,
    /// Objects on the heap.
    pub objects: usize,
    /// Bytes the heap accounts for (objects and the buffers they own).
    pub bytes: usize,
}

/// A suspended call: which function, where in it, where its registers start and where its
/// result goes.
pub(crate) struct CallFrame {
    pub(crate) function: Rc<Function>,
    pub(crate) closure: Value,
    pub(crate) pc: u32,
    /// The frame's first register; its result goes to the register before.
    pub(crate) base: u32,
}

/// Interned method names with fast paths in the interpreter.
#[derive(Default)]
pub(crate) struct FastNames {
    pub(crate) get: crate::value::SymbolId,
    pub(crate) set: crate::value::SymbolId,
    pub(crate) push: crate::value::SymbolId,
    pub(crate) size: crate::value::SymbolId,
    pub(crate) length: crate::value::SymbolId,
}

/// A running `try`: which frame it is in, where its exception goes and where its catch
/// code starts.
pub(crate) struct Handler {
    pub(crate) frame: usize,
    /// The absolute register that receives the exception.
    pub(crate) slot: usize,
    pub(crate) target: usize,
}

pub struct Vm {
    pub(crate) heap: Heap,
    pub(crate) globals: Globals,
    pub(crate) symbols: crate::symbol::SymbolTable,
    pub(crate) global_values: Vec<Value>,
    /// Every function loaded, kept so their constants stay rooted.
    pub(crate) loaded: Vec<Rc<Function>>,
    pub(crate) registers: Vec<Value>,
    pub(crate) frames: Vec<CallFrame>,
    /// Upvalues still pointing into the register arena, sorted by their register.
    pub(crate) open_upvalues: Vec<(usize, Gc<Upvalue>)>,
    pub(crate) max_call_depth: usize,
    pub(crate) methods: crate::methods::MethodTable,
    /// The first register past the arguments of calls native code is making into Gene.
    pub(crate) native_top: usize,
    /// How many native-to-Gene calls are in progress.
    pub(crate) native_depth: usize,
    /// Values native code holds across calls into Gene.
    pub(crate) temp_roots: Vec<Value>,
    /// See [`Vm::inject_missing_native_roots`].
    #[cfg(feature = "gc-verify")]
    skip_temp_roots: bool,
    /// Method names the interpreter recognises for its array fast paths.
    pub(crate) fast_names: FastNames,
    /// The exception handlers of running `try` bodies, innermost last.
    pub(crate) handlers: Vec<Handler>,
    /// The caller environments of running macros: (frame index, environment).
    pub(crate) macro_envs: Vec<(usize, Value)>,
    /// Code compiled for `$caller_eval`, by its text and the names it was compiled with.
    pub(crate) eval_cache: std::collections::HashMap<(String, Rc<[String]>), Rc<Function>>,
    pub(crate) output: Box<dyn std::io::Write>,
}

impl Default for Vm {
    fn default() -> Vm {
        Vm::new()
    }
}

impl Vm {
    pub fn new() -> Vm {
        let mut vm = Vm {
            heap: Heap::new(),
            globals: Globals::new(),
            symbols: crate::symbol::SymbolTable::new(),
            global_values: Vec::new(),
            loaded: Vec::new(),
            registers: Vec::new(),
            frames: Vec::new(),
            open_upvalues: Vec::new(),
            max_call_depth: DEFAULT_MAX_CALL_DEPTH,
            methods: crate::methods::MethodTable::default(),
            native_top: 0,
            native_depth: 0,
            temp_roots: Vec::new(),
            #[cfg(feature = "gc-verify")]
            skip_temp_roots: false,
            macro_envs: Vec::new(),
            handlers: Vec::new(),
            fast_names: FastNames::default(),
            eval_cache: Default::default(),
            output: Box::new(std::io::stdout()),
        };
        vm.fast_names = FastNames {
            get: vm.symbols.intern("get"),
            set: vm.symbols.intern("set"),
            push: vm.symbols.intern("push"),
            size: vm.symbols.intern("size"),
            length: vm.symbols.intern("length"),
        };
        crate::stdlib::install(&mut vm);
        vm.set_program_args(&[]).expect("an empty heap has room");
        vm
    }

    /// Sets how deep Gene calls may nest before `StackOverflow` is raised.
    pub fn set_max_call_depth(&mut self, depth: usize) {
        self.max_call_depth = depth.max(1);
    }

    /// Limits the heap to about `bytes` bytes of objects: allocating past it, or keeping more
    /// than it reachable, raises a catchable `out of memory` error instead of exhausting the
    /// machine. Unlimited by default.
    pub fn set_heap_limit(&mut self, bytes: usize) {
        self.heap.set_soft_limit(bytes);
    }

    /// Makes every safepoint collect garbage (or not): very slow, for finding values a
    /// native function forgot to root. On by default under the `gc-stress` feature.
    pub fn set_gc_stress(&mut self, stress: bool) {
        self.heap.set_stress(stress);
    }

    /// Stops the collector from seeing the values native code roots while it calls back
    /// into Gene: a rooting bug made on purpose, to prove that `gc-verify` catches one.
    #[cfg(feature = "gc-verify")]
    #[doc(hidden)]
    pub fn inject_missing_native_roots(&mut self) {
        self.skip_temp_roots = true;
    }

    /// How many garbage collections have run, and the heap's size now.
    pub fn gc_stats(&self) -> GcStats {
        GcStats {
            collections: self.heap.collections(),
            objects: self.heap.object_count(),
            bytes: self.heap.bytes(),
        }
    }

    /// Sends what Gene prints to `output` instead of standard output.
    pub fn set_output(&mut self, output: Box<dyn std::io::Write>) {
        self.output = output;
    }

    /// Defines a Rust function as a Gene global.
    pub fn define_native(&mut self, name: &'static str, function: NativeFn) {
        let native = self
            .heap
            .alloc(Native { name, function })
            .expect("the heap has room for the standard library");
        self.set_global(name, native.value());
    }

    pub fn set_global(&mut self, name: &str, value: Value) {
        let slot = usize::from(self.globals.slot(name).0);
        if self.global_values.len() <= slot {
            self.global_values.resize(slot + 1, Value::UNDEFINED);
        }
        self.global_values[slot] = value;
    }

    /// Sets `$args`, the program's command-line arguments (after the script's name).
    pub fn set_program_args(&mut self, args: &[String]) -> Result<(), VmError> {
        let mut items = Vec::with_capacity(args.len());
        for arg in args {
            items.push(self.string(arg.clone())?);
        }
        let array = self
            .heap
            .alloc(crate::heap::Array(items))
            .map_err(out_of_memory)?;
        self.set_global("$args", array.value());
        Ok(())
    }

    /// Reads, compiles and runs `source`, returning the value of its last expression.
    pub fn eval_source(&mut self, source: &SourceFile) -> Result<Value, EvalError> {
        let data = gene_syntax::parse(source).map_err(EvalError::Read)?;
        let proto = compile_program(&data, &mut self.globals).map_err(|error| {
            EvalError::Runtime(VmError {
                message: error.message,
                trace: vec![TraceEntry {
                    function: "<compile>".into(),
                    span: error.span,
                    repeated: 1,
                }],
                exception: None,
            })
        })?;
        self.grow_globals();
        let function = self.load(proto).map_err(EvalError::Runtime)?;
        self.run_main(function).map_err(EvalError::Runtime)
    }

    /// Makes room for globals the compiler has named since the last time.
    pub(crate) fn grow_globals(&mut self) {
        self.global_values.resize(
            self.globals.len().max(self.global_values.len()),
            Value::UNDEFINED,
        );
    }

    /// Reads, compiles and runs `code`.
    pub fn eval(&mut self, code: &str) -> Result<Value, EvalError> {
        self.eval_source(&SourceFile::new("<eval>", code))
    }

    pub(crate) fn load(&mut self, proto: FunctionProto) -> Result<Rc<Function>, VmError> {
        let mut constants = Vec::with_capacity(proto.constants.len());
        for constant in &proto.constants {
            constants.push(match constant {
                Constant::Int(n) => self.int(*n)?,
                Constant::Float(x) => Value::float(*x),
                Constant::Str(text) => self.string(text.clone())?,
                Constant::Symbol(name) => self.symbol(name),
                Constant::Quoted(datum) => self.datum_to_value(datum)?,
            });
        }
        let mut proto = proto;
        let children = std::mem::take(&mut proto.protos)
            .into_iter()
            .map(|child| self.load(child))
            .collect::<Result<Vec<_>, _>>()?;
        let ics = vec![std::cell::Cell::default(); usize::from(proto.ic_slots)].into_boxed_slice();
        let keyword_ids = proto
            .keywords
            .iter()
            .map(|k| self.symbols.intern(&k.name))
            .collect();
        let env_names = proto
            .env_layouts
            .iter()
            .map(|layout| layout.iter().map(|(name, _)| name.clone()).collect())
            .collect();
        let simple_params = proto.has_simple_params();
        let function = Rc::new(Function {
            simple_params,
            proto,
            constants,
            children,
            env_names,
            keyword_ids,
            ics,
        });
        self.loaded.push(function.clone());
        Ok(function)
    }

    /// An integer value, boxed when it does not fit inline.
    pub fn int(&mut self, n: i64) -> Result<Value, VmError> {
        match Value::small_int(n) {
            Some(value) => Ok(value),
            None => Ok(self.heap.alloc(BigInt(n)).map_err(out_of_memory)?.value()),
        }
    }

    pub fn string(&mut self, text: String) -> Result<Value, VmError> {
        Ok(self.heap.alloc(Str(text)).map_err(out_of_memory)?.value())
    }

    pub(crate) fn closure(
        &mut self,
        function: Rc<Function>,
        upvalues: Box<[Gc<Upvalue>]>,
    ) -> Result<Value, VmError> {
        Ok(self
            .heap
            .alloc(Closure { function, upvalues })
            .map_err(out_of_memory)?
            .value())
    }

    /// The upvalue for the variable in absolute register `slot`, shared with any closure
    /// that captured it before.
    pub(crate) fn capture(&mut self, slot: usize) -> Result<Gc<Upvalue>, VmError> {
        let at = self.open_upvalues.partition_point(|&(s, _)| s < slot);
        if let Some(&(s, upvalue)) = self.open_upvalues.get(at) {
            if s == slot {
                return Ok(upvalue);
            }
        }
        let upvalue = self
            .heap
            .alloc(Upvalue::Open(slot))
            .map_err(out_of_memory)?;
        self.open_upvalues.insert(at, (slot, upvalue));
        Ok(upvalue)
    }

    /// Moves the variables of registers `from` and up out of the arena into their upvalues.
    pub(crate) fn close_upvalues(&mut self, from: usize) {
        while let Some(&(slot, upvalue)) = self.open_upvalues.last() {
            if slot < from {
                break;
            }
            *upvalue.get_mut(&mut self.heap) = Upvalue::Closed(self.registers[slot]);
            self.open_upvalues.pop();
        }
    }

    /// The integer a value holds, small or boxed.
    pub fn as_int(&self, value: Value) -> Option<i64> {
        value.as_small_int().or_else(|| {
            self.heap
                .downcast::<BigInt>(value)
                .map(|big| big.get(&self.heap).0)
        })
    }

    pub fn as_str(&self, value: Value) -> Option<&str> {
        self.heap
            .downcast::<Str>(value)
            .map(|s| s.get(&self.heap).0.as_str())
    }

    /// Frees what nothing reachable uses; called at safepoints only. When what is still
    /// reachable is more than the heap limit allows, the program gets an out-of-memory error.
    pub(crate) fn collect_garbage(&mut self) -> Result<(), VmError> {
        // Frames overlap (a callee's window starts inside its caller's), so the last frame's
        // window does not cover the ones below it: the live part of the arena ends at the
        // highest window end of any frame.
        let top = self
            .frames
            .iter()
            .map(|f| f.base as usize + usize::from(f.function.proto.registers))
            .max()
            .unwrap_or(0)
            .max(self.native_top)
            .min(self.registers.len());
        #[cfg(feature = "gc-verify")]
        let temp_roots_seen = if self.skip_temp_roots {
            0
        } else {
            self.temp_roots.len()
        };
        #[cfg(not(feature = "gc-verify"))]
        let temp_roots_seen = self.temp_roots.len();
        let Vm {
            heap,
            global_values,
            loaded,
            registers,
            frames,
            open_upvalues,
            temp_roots,
            macro_envs,
            ..
        } = self;
        let stats = heap.collect(|tracer| {
            tracer.mark_all(&temp_roots[..temp_roots_seen]);
            for &(_, env) in macro_envs.iter() {
                tracer.mark(env);
            }
            for &(_, upvalue) in open_upvalues.iter() {
                tracer.mark(upvalue.value());
            }
            tracer.mark_all(global_values);
            tracer.mark_all(&registers[..top]);
            for frame in frames.iter() {
                tracer.mark(frame.closure);
            }
            for function in loaded.iter() {
                tracer.mark_all(&function.constants);
            }
        });
        // What lies above the live part are values of frames that have returned; some were
        // just freed. Clearing them keeps the arena's invariant: every register holds a live
        // value, whatever window later covers it.
        registers[top..].fill(Value::NIL);
        if stats.live_bytes > heap.soft_limit() {
            return Err(out_of_memory(crate::heap::HeapExhausted {
                limit: heap.soft_limit(),
            }));
        }
        Ok(())
    }

    /// Writes Gene output.
    pub(crate) fn write_output(&mut self, text: &str) -> Result<(), VmError> {
        self.output
            .write_all(text.as_bytes())
            .map_err(|e| VmError::new(format!("cannot write output: {e}")))
    }

    pub fn flush_output(&mut self) {
        let _ = self.output.flush();
    }
}

pub(crate) fn out_of_memory(error: crate::heap::HeapExhausted) -> VmError {
    VmError::new(format!(
        "out of memory: the heap limit of {} bytes is reached",
        error.limit
    ))
}

/// Why `eval` failed: the source did not read, or the program raised an error.
#[derive(Debug)]
pub enum EvalError {
    Read(Vec<gene_syntax::SyntaxError>),
    Runtime(VmError),
}
