//! The VM: its heap, globals, loaded functions, register arena and frames, and the
//! embedding API (`eval`, `run_file`, errors with a Gene stack trace).

use std::rc::Rc;

use gene_compiler::{compile_module, compile_program, Constant, FunctionProto, Globals};
use gene_syntax::{SourceFile, Span};

use crate::function::{Function, NativeFn};
use crate::heap::{BigInt, Gc, Heap, Native, NativeCode, Str, Upvalue};
use crate::value::Value;

/// How deep Gene calls may nest by default. Deep enough for 100,000-deep non-tail
/// recursion, small enough that runaway recursion ends quickly with a clean error.
pub const DEFAULT_MAX_CALL_DEPTH: usize = 500_000;

/// An uncaught Gene error: its message and where it happened, innermost first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VmError {
    /// What went wrong, in the reference implementation's wording where it has one.
    pub message: String,
    /// The Gene stack when it happened, innermost frame first; empty for an error a host
    /// function made that has not yet passed through Gene code.
    pub trace: Vec<TraceEntry>,
    /// The exception value a `throw` raised (a runtime error gets one when it is caught).
    pub(crate) thrown: Thrown,
    /// What class of exception a runtime error becomes when it is caught.
    pub kind: crate::runtime::errors::ErrorKind,
    /// How to fix it, when the VM can tell ("did you mean `greet`?"); shown under the
    /// source line.
    pub help: Option<String>,
}

/// The exception an error carries. Inside the VM it is a bare value, kept alive by being
/// delivered to a handler before the next safepoint; an error that reaches the host holds
/// it through a rooted handle, so keeping the error is safe whatever runs next.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Thrown {
    #[default]
    None,
    Raw(Value),
    Rooted(crate::embed::Handle),
}

/// One frame of a Gene stack trace (or a run of identical frames, as deep recursion makes).
#[derive(Clone, Debug)]
pub struct TraceEntry {
    /// The function's name (`<main>` for a program's top level, `<fn>` for anonymous ones).
    pub function: String,
    /// The call or instruction being run in that frame, in [`TraceEntry::file`].
    pub span: Span,
    /// How many consecutive frames this entry stands for.
    pub repeated: usize,
    /// The file the span is in, for code of an imported module; `None` for code of the
    /// source the host ran.
    pub file: Option<Rc<SourceFile>>,
}

impl PartialEq for TraceEntry {
    fn eq(&self, other: &TraceEntry) -> bool {
        same_file(&self.file, &other.file)
            && self.function == other.function
            && self.span == other.span
            && self.repeated == other.repeated
    }
}

impl Eq for TraceEntry {}

/// Whether two trace entries' files are the same file (the same loaded source).
pub(crate) fn same_file(a: &Option<Rc<SourceFile>>, b: &Option<Rc<SourceFile>>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => Rc::ptr_eq(a, b),
        (None, None) => true,
        _ => false,
    }
}

impl VmError {
    /// A runtime error (a `RuntimeException` when caught).
    pub fn new(message: impl Into<String>) -> VmError {
        VmError::of(crate::runtime::errors::ErrorKind::Runtime, message)
    }

    /// An error of `kind`.
    pub fn of(kind: crate::runtime::errors::ErrorKind, message: impl Into<String>) -> VmError {
        VmError {
            message: message.into(),
            trace: Vec::new(),
            thrown: Thrown::None,
            kind,
            help: None,
        }
    }

    /// A value of the wrong type (a `TypeException` when caught).
    pub(crate) fn type_error(message: impl Into<String>) -> VmError {
        VmError::of(crate::runtime::errors::ErrorKind::Type, message)
    }

    /// Arguments that do not fit (an `ArgumentException` when caught).
    pub(crate) fn argument_error(message: impl Into<String>) -> VmError {
        VmError::of(crate::runtime::errors::ErrorKind::Argument, message)
    }

    /// The exit code, when this is not a failure but `(exit code)` ending the program: a
    /// host ends its process with it (or goes on, as it sees fit).
    pub fn exit_code(&self) -> Option<u8> {
        match self.kind {
            crate::runtime::errors::ErrorKind::Exit(code) => Some(code),
            _ => None,
        }
    }

    /// The error `(exit code)` raises.
    pub(crate) fn exit(code: u8) -> VmError {
        VmError::of(
            crate::runtime::errors::ErrorKind::Exit(code),
            format!("exit {code}"),
        )
    }

    /// The error a triggered [`Interrupt`](crate::Interrupt) ends a run with.
    pub(crate) fn interrupted() -> VmError {
        VmError::of(
            crate::runtime::errors::ErrorKind::Interrupted,
            "interrupted",
        )
    }

    /// Whether the host interrupted the program (see [`crate::Interrupt`]).
    pub fn is_interrupt(&self) -> bool {
        self.kind == crate::runtime::errors::ErrorKind::Interrupted
    }

    /// Where the error was raised, if known.
    pub fn span(&self) -> Option<Span> {
        self.trace.first().map(|entry| entry.span)
    }

    /// The exception value that was thrown, for an error that reached the host.
    pub fn exception(&self) -> Option<&crate::embed::Handle> {
        match &self.thrown {
            Thrown::Rooted(handle) => Some(handle),
            _ => None,
        }
    }

    /// The exception value, inside the VM.
    pub(crate) fn exception_value(&self) -> Option<Value> {
        match &self.thrown {
            Thrown::None => None,
            Thrown::Raw(value) => Some(*value),
            Thrown::Rooted(handle) => Some(handle.raw()),
        }
    }
}

/// What `$caller_eval` code is compiled for: its module (by address), its text, and the
/// names of the environment it sees.
pub(crate) type EvalKey = (u64, String, Rc<[String]>);

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
    pub(crate) function: Gc<Function>,
    /// The closure running (whose function is `function`): it holds the upvalues.
    pub(crate) closure: Value,
    pub(crate) pc: u32,
    /// The frame's first register.
    pub(crate) base: crate::registers::Base,
    /// The register of the caller's that receives the result.
    pub(crate) ret: u32,
}

/// Interned method names with fast paths in the interpreter.
#[derive(Default)]
pub(crate) struct FastNames {
    pub(crate) get: crate::value::SymbolId,
    pub(crate) set: crate::value::SymbolId,
    pub(crate) push: crate::value::SymbolId,
    pub(crate) size: crate::value::SymbolId,
    pub(crate) length: crate::value::SymbolId,
    /// The constructor's method name.
    pub(crate) ctor: crate::value::SymbolId,
    /// The method that makes an instance callable.
    pub(crate) call: crate::value::SymbolId,
    /// The method that decides an instance's `==`.
    pub(crate) eq: crate::value::SymbolId,
    /// The method a class answers calls of methods it lacks with.
    pub(crate) on_method_missing: crate::value::SymbolId,
}

/// A running `try`: which frame it is in, where its exception goes and where its catch
/// code starts.
pub(crate) struct Handler {
    /// The index of the frame on the frame stack.
    pub(crate) frame: usize,
    /// The register of that frame (relative to its base) that receives the exception.
    pub(crate) reg: u8,
    /// Where its catch code starts in that frame's function.
    pub(crate) target: u32,
}

/// One Gene interpreter: its heap, its globals and modules, its stack. Everything the
/// host does with Gene goes through it (see the crate's docs); two VMs share nothing.
pub struct Vm {
    pub(crate) heap: Heap,
    pub(crate) symbols: crate::symbol::SymbolTable,
    /// The module `eval`, `gene run` and the REPL run code in.
    pub(crate) main_module: Gc<crate::runtime::module::Module>,
    /// The standard library's globals, which every module's slots of the same names start
    /// out with (`runtime/module.rs`).
    pub(crate) builtins: Gc<crate::runtime::module::Module>,
    /// The file modules loaded, and the chain of those loading (`runtime/import.rs`).
    pub(crate) modules: crate::runtime::import::ModuleCache,
    pub(crate) registers: crate::registers::Registers,
    pub(crate) frames: Vec<CallFrame>,
    /// Upvalues still pointing into the register arena, sorted by their register.
    pub(crate) open_upvalues: Vec<(usize, Gc<Upvalue>)>,
    pub(crate) max_call_depth: usize,
    pub(crate) methods: crate::methods::MethodTable,
    /// The property layouts of instances.
    pub(crate) shapes: crate::runtime::shape::ShapeTable,
    /// The standard library's members of `gene` (`gene/io/read_async`), until `gene` is
    /// made (`stdlib/namespaces.rs`).
    pub(crate) stdlib_paths: Vec<(&'static str, Value)>,
    /// The generators whose frames are running, innermost last (`Yield` suspends the last).
    pub(crate) running_generators: Vec<Gc<crate::runtime::generator::Generator>>,
    /// The first register past the arguments of calls native code is making into Gene.
    pub(crate) native_top: usize,
    /// How many native-to-Gene calls are in progress.
    pub(crate) native_depth: usize,
    /// Values native code holds across calls into Gene.
    pub(crate) temp_roots: Vec<Value>,
    /// See [`Vm::inject_missing_native_roots`].
    #[cfg(feature = "gc-verify")]
    pub(crate) skip_temp_roots: bool,
    /// Method names the interpreter recognises for its array fast paths.
    pub(crate) fast_names: FastNames,
    /// The exception handlers of running `try` bodies, innermost last.
    pub(crate) handlers: Vec<Handler>,
    /// Where the exception a handler last caught was raised, so throwing it on from that
    /// handler's frame reports the original place (`interp/unwind.rs`).
    pub(crate) last_caught: crate::interp::unwind::CaughtAt,
    /// Instruction counts, while `--profile-ops` profiles (`interp/op_profile.rs`).
    pub(crate) op_profile: Option<Box<crate::interp::op_profile::OpProfile>>,
    /// The caller environments of running macros: (frame index, environment).
    pub(crate) macro_envs: Vec<(usize, Value)>,
    /// Code compiled for `$caller_eval`. A key's module address stays valid while the cache
    /// holds a function of that module, since the function keeps its module alive.
    pub(crate) eval_cache: std::collections::HashMap<EvalKey, Gc<Function>>,
    pub(crate) output: Box<dyn std::io::Write>,
    /// The classes of built-in values.
    pub(crate) builtin_classes: crate::stdlib::BuiltinClasses,
    /// Which VM this is, so a handle of another VM is refused rather than misread.
    pub(crate) id: crate::embed::VmId,
    /// Values the host holds through handles.
    pub(crate) host_roots: crate::embed::HostRoots,
    /// Whether `^pre` and `^post` conditions are checked (spec 9.6; `Vm::set_contracts`).
    pub(crate) contracts: bool,
    /// The event loop, callbacks waiting to run and unseen failures (spec 10).
    pub(crate) async_state: crate::runtime::future::AsyncState,
    /// The keyword arguments of the running built-in method that declares keywords (it is
    /// in a register of the caller's, so rooted); `None` for every other call.
    pub(crate) call_keywords: Option<Value>,
    /// Where compiled files are kept between runs, if anywhere (`code_cache.rs`).
    pub(crate) code_store: Option<Box<dyn crate::code_cache::CodeStore>>,
    /// Where the compiler's warnings go (`Vm::set_warning_handler`).
    pub(crate) warning_handler: Option<crate::report::WarningHandler>,
}

impl Default for Vm {
    fn default() -> Vm {
        Vm::new()
    }
}

impl Vm {
    /// A VM with the standard library loaded and no program yet, with the default limits
    /// ([`DEFAULT_MAX_CALL_DEPTH`], no heap limit).
    pub fn new() -> Vm {
        let mut heap = Heap::new();
        let mut symbols = crate::symbol::SymbolTable::new();
        let builtin_classes = crate::stdlib::builtin_classes(&mut heap, &mut symbols);
        let main_module = heap
            .alloc(crate::runtime::module::Module::new())
            .expect("an empty heap has room");
        let builtins = heap
            .alloc(crate::runtime::module::Module::new())
            .expect("an empty heap has room");
        let mut vm = Vm {
            heap,
            builtin_classes,
            symbols,
            main_module,
            builtins,
            modules: Default::default(),
            registers: Default::default(),
            frames: Vec::new(),
            open_upvalues: Vec::new(),
            max_call_depth: DEFAULT_MAX_CALL_DEPTH,
            methods: crate::methods::MethodTable::default(),
            shapes: Default::default(),
            native_top: 0,
            native_depth: 0,
            running_generators: Vec::new(),
            last_caught: Default::default(),
            op_profile: None,
            stdlib_paths: Vec::new(),
            temp_roots: Vec::new(),
            #[cfg(feature = "gc-verify")]
            skip_temp_roots: false,
            macro_envs: Vec::new(),
            handlers: Vec::new(),
            fast_names: FastNames::default(),
            eval_cache: Default::default(),
            warning_handler: None,
            output: Box::new(std::io::stdout()),
            id: crate::embed::VmId::next(),
            host_roots: Default::default(),
            contracts: true,
            async_state: Default::default(),
            call_keywords: None,
            code_store: None,
        };
        vm.fast_names = FastNames {
            get: vm.symbols.intern("get"),
            set: vm.symbols.intern("set"),
            push: vm.symbols.intern("push"),
            size: vm.symbols.intern("size"),
            length: vm.symbols.intern("length"),
            ctor: vm.symbols.intern("ctor"),
            call: vm.symbols.intern("call"),
            eq: vm.symbols.intern("=="),
            on_method_missing: vm.symbols.intern("on_method_missing"),
        };
        crate::stdlib::install(&mut vm);
        vm.set_program_args(&[]).expect("an empty heap has room");
        vm
    }

    /// Defines the declared built-in `builtin` as the Gene global `name` (its own name or
    /// an alias).
    pub(crate) fn define_builtin(&mut self, name: &'static str, builtin: NativeFn) {
        let native = self.new_builtin_native(name, builtin);
        self.set_global_value(name, native);
    }

    /// The function value of the declared built-in `builtin`, answering to `name`.
    pub(crate) fn new_builtin_native(&mut self, name: &'static str, builtin: NativeFn) -> Value {
        self.heap
            .alloc(Native {
                name: name.into(),
                code: NativeCode::Builtin(builtin),
            })
            .expect("the heap has room for the standard library")
            .value()
    }

    /// Reads, compiles and runs `source`, returning the value of its last expression.
    pub(crate) fn run_source(&mut self, source: &SourceFile) -> Result<Value, EvalError> {
        self.run_source_in(source, self.main_module)
    }

    /// As [`Vm::run_source`], with the globals of `module`.
    pub(crate) fn run_source_in(
        &mut self,
        source: &SourceFile,
        module: Gc<crate::runtime::module::Module>,
    ) -> Result<Value, EvalError> {
        self.compile_and_run(source, module, compile_program, false)
    }

    /// Reads, compiles and runs `source` as the program's file, which nothing compiled
    /// later reads the globals of: its private top-level variables live in registers
    /// (`gene_compiler::compile_module`).
    pub(crate) fn run_program_source(&mut self, source: &SourceFile) -> Result<Value, EvalError> {
        self.compile_and_run(source, self.main_module, compile_module, true)
    }

    fn compile_and_run(
        &mut self,
        source: &SourceFile,
        module: Gc<crate::runtime::module::Module>,
        compile: fn(
            &[gene_syntax::Datum],
            &mut Globals,
        ) -> Result<FunctionProto, gene_compiler::CompileError>,
        cached: bool,
    ) -> Result<Value, EvalError> {
        let lookup = match cached {
            true => self.cached_code(source, module),
            false => crate::code_cache::Lookup::Compile,
        };
        let store_as = match lookup {
            crate::code_cache::Lookup::Hit(mut proto) => {
                // A cached compile warns as the fresh one did.
                let warnings = std::mem::take(&mut proto.warnings);
                self.deliver_warnings(warnings, || Rc::new(source.clone()));
                return self.run_compiled(proto, module);
            }
            crate::code_cache::Lookup::Store(path) => Some(path),
            crate::code_cache::Lookup::Compile => None,
        };
        let data = gene_syntax::parse(source).map_err(EvalError::Read)?;
        let mut proto = compile(&data, &mut module.get_mut(&mut self.heap).names)
            .map_err(|error| EvalError::Runtime(VmError::from_compile(error, "<compile>", None)))?;
        let warnings = std::mem::take(&mut proto.warnings);
        self.deliver_warnings(warnings, || Rc::new(source.clone()));
        if let Some(path) = store_as {
            self.store_code(source, module, &proto, &path);
        }
        self.run_compiled(proto, module)
    }

    /// Loads and runs compiled code of `module`, then (outermost) its event loop.
    pub(crate) fn run_compiled(
        &mut self,
        proto: FunctionProto,
        module: Gc<crate::runtime::module::Module>,
    ) -> Result<Value, EvalError> {
        self.grow_module(module);
        let function = self.load(proto, module).map_err(EvalError::Runtime)?;
        let outermost = self.frames.is_empty();
        let value = self.run_main(function).map_err(EvalError::Runtime)?;
        if outermost {
            // A program is done when its event loop is: pending timers, reads and
            // callbacks run first (spec 10). The value is rooted meanwhile.
            self.push_root(value);
            let drained = self.drain_event_loop();
            self.pop_roots(1);
            drained.map_err(EvalError::Runtime)?;
        }
        Ok(value)
    }

    /// Turns compiled code into a function on the heap, collected when no closure, frame or
    /// cache uses it any more. Allocation never collects, so the children and constants made
    /// on the way stay valid until the function holds them.
    pub(crate) fn load(
        &mut self,
        proto: FunctionProto,
        module: Gc<crate::runtime::module::Module>,
    ) -> Result<Gc<Function>, VmError> {
        let globals = module.get(&self.heap).values.len();
        gene_compiler::verify(&proto, globals)
            .map_err(|error| VmError::new(format!("invalid bytecode {error}")))?;
        self.load_verified(proto, module)
    }

    fn load_verified(
        &mut self,
        proto: FunctionProto,
        module: Gc<crate::runtime::module::Module>,
    ) -> Result<Gc<Function>, VmError> {
        let mut constants = Vec::with_capacity(proto.constants.len());
        for constant in &proto.constants {
            constants.push(match constant {
                Constant::Int(n) => self.int(*n)?,
                Constant::Float(x) => Value::float(*x),
                Constant::Str(text) => self.string(text.clone())?,
                Constant::Symbol(name) => self.symbol(name),
                Constant::Quoted(datum) => self.datum_to_value(datum)?,
                Constant::Selector(parts) => self.selector_constant(parts)?,
            });
        }
        let mut proto = proto;
        let children = std::mem::take(&mut proto.protos)
            .into_iter()
            .map(|child| self.load_verified(child, module))
            .collect::<Result<Vec<_>, _>>()?;
        let ics = (0..proto.ic_slots).map(|_| Default::default()).collect();
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
        let generator = proto.generator;
        let code = crate::function::decode_code(&mut proto)?;
        let function = Function {
            code,
            module,
            simple_params,
            generator,
            proto,
            constants,
            children,
            env_names,
            keyword_ids,
            ics,
        };
        self.heap.alloc(function).map_err(out_of_memory)
    }

    /// An integer value, boxed when it does not fit inline.
    pub(crate) fn int(&mut self, n: i64) -> Result<Value, VmError> {
        match Value::small_int(n) {
            Some(value) => Ok(value),
            None => Ok(self.heap.alloc(BigInt(n)).map_err(out_of_memory)?.value()),
        }
    }

    pub(crate) fn string(&mut self, text: impl AsRef<str>) -> Result<Value, VmError> {
        let text = text.as_ref();
        if text.len() > crate::heap::MAX_STR_BYTES {
            return Err(string_too_long(text.len()));
        }
        Ok(self.heap.alloc_str(text).map_err(out_of_memory)?.value())
    }

    /// The string of a symbol's name.
    pub(crate) fn symbol_string(
        &mut self,
        symbol: crate::value::SymbolId,
    ) -> Result<Value, VmError> {
        Ok(self
            .heap
            .alloc_str(self.symbols.name(symbol))
            .map_err(out_of_memory)?
            .value())
    }

    /// The string of the bytes `from..to` of the string `source` (a char boundary each),
    /// copied straight from one object to the other.
    pub(crate) fn substring(
        &mut self,
        source: Gc<Str>,
        from: usize,
        to: usize,
    ) -> Result<Value, VmError> {
        Ok(self
            .heap
            .alloc_substring(source, from, to)
            .map_err(out_of_memory)?
            .value())
    }

    /// The integer a value holds, small or boxed.
    pub(crate) fn as_int(&self, value: Value) -> Option<i64> {
        value.as_small_int().or_else(|| {
            self.heap
                .downcast::<BigInt>(value)
                .map(|big| big.get(&self.heap).0)
        })
    }

    pub(crate) fn as_str(&self, value: Value) -> Option<&str> {
        self.heap.downcast::<Str>(value).map(|s| s.text(&self.heap))
    }

    /// Writes Gene output.
    pub(crate) fn write_output(&mut self, text: &str) -> Result<(), VmError> {
        self.output.write_all(text.as_bytes()).map_err(|e| {
            VmError::of(
                crate::runtime::errors::ErrorKind::Io,
                format!("cannot write output: {e}"),
            )
        })
    }
}

/// The error for text too long for one string.
pub(crate) fn string_too_long(len: usize) -> VmError {
    VmError::of(
        crate::runtime::errors::ErrorKind::OutOfMemory,
        format!(
            "out of memory: a string of {len} bytes is longer than the {} bytes a string \
             can hold",
            crate::heap::MAX_STR_BYTES
        ),
    )
}

pub(crate) fn out_of_memory(error: crate::heap::HeapExhausted) -> VmError {
    VmError::of(
        crate::runtime::errors::ErrorKind::OutOfMemory,
        format!(
            "out of memory: the heap limit of {} bytes is reached",
            error.limit
        ),
    )
}

/// Why `eval` failed: the source did not read, or the program raised an error.
#[derive(Debug)]
pub enum EvalError {
    /// The source is not well-formed Gene; nothing ran.
    Read(Vec<gene_syntax::SyntaxError>),
    /// Compiling failed (kind [`ErrorKind::Parse`](crate::ErrorKind::Parse)) or the program
    /// raised an error nothing caught.
    Runtime(VmError),
}

/// The message alone; a report with the place and the source line comes from
/// `gene_syntax::render_error` with the error's span.
impl std::fmt::Display for VmError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for VmError {}

/// The messages alone, one read error a line (see `VmError`'s `Display`).
impl std::fmt::Display for EvalError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EvalError::Read(errors) => {
                for (index, error) in errors.iter().enumerate() {
                    let separator = if index == 0 { "" } else { "\n" };
                    write!(f, "{separator}read error: {}", error.message)?;
                }
                Ok(())
            }
            EvalError::Runtime(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for EvalError {}
