//! The embedding API: everything a Rust host uses to run Gene, in one place.
//!
//! A host never holds a bare heap value. Whatever the VM hands out — the result of
//! [`Vm::eval`], the arguments of a host function, the exception of an error — is a
//! [`Handle`]: a rooted reference the collector sees for as long as the handle (or a clone of
//! it) lives, as Lua's registry and mlua's `RegistryKey` keep values for C and Rust code. So
//! no sequence of safe calls can reach a freed object: the heap's `unsafe` stays behind
//! this API. A handle names the VM it came from, and another VM refuses it.

use std::cell::Cell;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicU64, Ordering};

use gene_syntax::SourceFile;

use crate::heap::{Native, NativeCode};
use crate::print::Style;
use crate::value::Value;
use crate::vm::{out_of_memory, EvalError, GcStats, Thrown, Vm, VmError};

/// A function a host defines for Gene code: it gets the VM and the arguments, and returns
/// a value or an error (which Gene code can catch). It may hold state of its own.
pub type HostFn = dyn Fn(&mut Vm, &[Handle]) -> Result<Handle, VmError>;

/// Which VM a handle belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct VmId(u64);

impl VmId {
    pub(crate) fn next() -> VmId {
        static NEXT: AtomicU64 = AtomicU64::new(1);
        VmId(NEXT.fetch_add(1, Ordering::Relaxed))
    }
}

/// A Gene value held by the host. Cloning is cheap and shares the root; the value stays
/// alive until the last clone is dropped.
#[derive(Clone)]
pub struct Handle {
    slot: Rc<Cell<Value>>,
    vm: VmId,
}

impl Handle {
    /// The value, for the VM's own use while the handle keeps it alive.
    pub(crate) fn raw(&self) -> Value {
        self.slot.get()
    }
}

impl PartialEq for Handle {
    /// The same value of the same VM (the same object, for heap values).
    fn eq(&self, other: &Handle) -> bool {
        self.vm == other.vm && self.raw() == other.raw()
    }
}

impl Eq for Handle {}

impl std::fmt::Debug for Handle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Handle({:?})", self.raw())
    }
}

/// The handles a VM's host holds, which every collection marks.
#[derive(Default)]
pub(crate) struct HostRoots {
    slots: Vec<Weak<Cell<Value>>>,
    /// How many slots there were after dead ones were last dropped.
    live_after_prune: usize,
}

impl HostRoots {
    fn add(&mut self, value: Value) -> Rc<Cell<Value>> {
        // Dropped handles leave dead slots; sweep them when the table has doubled.
        if self.slots.len() >= 2 * self.live_after_prune.max(32) {
            self.slots.retain(|slot| slot.strong_count() > 0);
            self.live_after_prune = self.slots.len();
        }
        let slot = Rc::new(Cell::new(value));
        self.slots.push(Rc::downgrade(&slot));
        slot
    }

    pub(crate) fn mark(&mut self, tracer: &mut crate::heap::Tracer) {
        self.slots.retain(|slot| match slot.upgrade() {
            Some(slot) => {
                tracer.mark(slot.get());
                true
            }
            None => false,
        });
        self.live_after_prune = self.slots.len();
    }
}

impl Vm {
    /// Counts every instruction run from now on, and each pair of instructions in a row
    /// (`gene run --profile-ops`); [`Vm::op_profile_report`] gives the table. Only a build
    /// with the `profile-ops` feature counts (so the others pay nothing); in another,
    /// turning it on is an error saying so.
    pub fn set_op_profiling(&mut self, on: bool) -> Result<(), VmError> {
        if on && !cfg!(feature = "profile-ops") {
            return Err(VmError::new(
                "this build does not count instructions: build it with the `profile-ops` \
                 feature (`cargo build --release -p gene-cli --features profile-ops`)",
            ));
        }
        self.op_profile = on.then(|| Box::new(crate::interp::op_profile::OpProfile::new()));
        Ok(())
    }

    /// The instruction counts since profiling was turned on, most frequent first, and the
    /// `pairs` most frequent pairs; `None` when not profiling.
    pub fn op_profile_report(&self, pairs: usize) -> Option<String> {
        self.op_profile
            .as_ref()
            .map(|profile| profile.report(pairs))
    }

    /// Turns checking `^pre` and `^post` conditions on (the default) or off (spec 9.6).
    pub fn set_contracts(&mut self, on: bool) {
        self.contracts = on;
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
        self.set_global_value("$args", array.value());
        Ok(())
    }

    /// Names the file the main program is, for the code [`Vm::run_program`] or
    /// [`Vm::eval_source`] runs next:
    /// its imports resolve from the file's directory (without a path, from the current
    /// directory), importing the file itself is a circular import, and `$program` is `path`
    /// as given. [`Vm::run_file`] does this and runs the file.
    pub fn set_program_path(&mut self, path: impl AsRef<std::path::Path>) -> Result<(), VmError> {
        let path = path.as_ref();
        let canonical = path.canonicalize().map_err(|error| {
            VmError::of(
                crate::ErrorKind::Io,
                format!("cannot find the program {}: {error}", path.display()),
            )
        })?;
        self.main_module.get_mut(&mut self.heap).path = Some(canonical);
        self.set_program_global(&path.display().to_string())
    }

    /// Reads the Gene file at `path` and runs it as the main program (see
    /// [`Vm::set_program_path`]), returning the value of its last expression. An unreadable
    /// file is an `IOError`; errors in the file's code report spans of its text, as
    /// `SourceFile::new(path, text)` reads it.
    pub fn run_file(&mut self, path: impl AsRef<std::path::Path>) -> Result<Handle, EvalError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|error| {
            EvalError::Runtime(VmError::of(
                crate::ErrorKind::Io,
                format!("cannot read {}: {error}", path.display()),
            ))
        })?;
        self.set_program_path(path).map_err(EvalError::Runtime)?;
        self.run_program(&SourceFile::new(path.display().to_string(), text))
    }

    /// Runs `source` as the program, the way `gene run` runs a file: it is compiled as a
    /// whole, and the top-level variables that only its own top-level code names may live
    /// in registers, so reading them afterwards by name (a later [`Vm::eval`]) does not see
    /// them. Its functions, classes, exported names and every variable a function uses
    /// stay globals. [`Vm::eval_source`] keeps every top-level variable a global.
    pub fn run_program(&mut self, source: &SourceFile) -> Result<Handle, EvalError> {
        let result = self.run_program_source(source);
        self.finish_run(result)
    }

    /// Writes out what Gene code printed and the output still buffers ([`Vm::set_output`]
    /// takes a writer that may buffer; the VM never flushes it on its own).
    pub fn flush_output(&mut self) {
        let _ = self.output.flush();
    }

    /// Reads, compiles and runs `code`, returning the value of its last expression.
    pub fn eval(&mut self, code: &str) -> Result<Handle, EvalError> {
        self.eval_source(&SourceFile::new("<eval>", code))
    }

    /// As [`Vm::eval`], for source with a name (a file), which errors report.
    pub fn eval_source(&mut self, source: &SourceFile) -> Result<Handle, EvalError> {
        let result = self.run_source(source);
        self.finish_run(result)
    }

    /// Roots a program's value for the host, or makes its error self-contained.
    pub(crate) fn finish_run(
        &mut self,
        result: Result<Value, EvalError>,
    ) -> Result<Handle, EvalError> {
        match result {
            Ok(value) => Ok(self.root(value)),
            Err(EvalError::Runtime(error)) => Err(EvalError::Runtime(self.export_error(error))),
            Err(read) => Err(read),
        }
    }

    /// Runs the event loop until no timer, file task or callback is left (spec 10), as
    /// [`Vm::eval`] does when a program ends; for a host whose calls started such work.
    /// A failed future nothing awaited is an error then.
    pub fn run_event_loop(&mut self) -> Result<(), VmError> {
        self.drain_event_loop()
            .map_err(|error| self.export_error(error))
    }

    /// Calls a Gene (or host) function: `(callee args…)`.
    pub fn call(&mut self, callee: &Handle, args: &[Handle]) -> Result<Handle, VmError> {
        let callee = self.value_of(callee)?;
        let args = args
            .iter()
            .map(|arg| self.value_of(arg))
            .collect::<Result<Vec<_>, _>>()?;
        // The arguments are rooted by their handles until the call has copied them into
        // registers, which the collector scans.
        match self.call_value(callee, &args) {
            Ok(value) => Ok(self.root(value)),
            Err(error) => Err(self.export_error(error)),
        }
    }

    /// Defines `function` as the Gene global `name`, in every module: like the standard
    /// library's functions, a file module sees it too (and may define its own `name`).
    pub fn define_native(
        &mut self,
        name: &str,
        function: impl Fn(&mut Vm, &[Handle]) -> Result<Handle, VmError> + 'static,
    ) -> Result<(), VmError> {
        let native = self
            .heap
            .alloc(Native {
                name: name.to_string().into(),
                code: NativeCode::Host(Rc::new(function)),
            })
            .map_err(out_of_memory)?;
        if self.define_builtin_value(name, native.value()) {
            return Ok(());
        }
        Err(VmError::new(format!(
            "cannot define `{name}`: a module holds at most {} global names",
            gene_compiler::Globals::MAX
        )))
    }

    /// Makes `method` (a Gene function, or one defined with [`Vm::define_native`]) the
    /// method `name` of the built-in class `class` (`"String"`, `"Array"`, …): it gets the
    /// receiver as its first argument. A Gene method runs in the interpreter's own loop,
    /// like any Gene call. Redefining a method takes effect at every call site at once.
    pub fn define_method(
        &mut self,
        class: &str,
        name: &str,
        method: &Handle,
    ) -> Result<(), VmError> {
        let method = self.value_of(method)?;
        let Some(ty) = crate::methods::TypeKey::of_class(class) else {
            return Err(VmError::new(format!(
                "`{class}` is not a built-in class with methods"
            )));
        };
        if self.type_key(method) != crate::methods::TypeKey::Function {
            return Err(VmError::new(format!(
                "a method is a function, not {}",
                crate::print::type_name(self, method)
            )));
        }
        self.define_method_as(ty, name, crate::methods::Method::Callable(method));
        Ok(())
    }

    /// Sets the Gene global `name` of the main program (defining it if needed); file modules
    /// have globals of their own.
    pub fn set_global(&mut self, name: &str, value: &Handle) -> Result<(), VmError> {
        let value = self.value_of(value)?;
        self.set_named_global(name, value)
    }

    /// The names of the main program's globals that hold a value, the standard library's
    /// included (those it makes on first use too), sorted and each once: what a REPL offers
    /// to complete.
    pub fn global_names(&self) -> Vec<String> {
        let mut names = std::collections::BTreeSet::new();
        for module in [self.main_module, self.builtins] {
            names.extend(module.get(&self.heap).defined_names().map(str::to_string));
        }
        names.extend(crate::stdlib::lazy_builtin_names().map(str::to_string));
        names.into_iter().collect()
    }

    /// The Gene global `name`, if it is defined.
    pub fn global(&mut self, name: &str) -> Option<Handle> {
        let value = self.global_value(name)?;
        Some(self.root(value))
    }

    /// Gene's `nil`.
    pub fn make_nil(&mut self) -> Handle {
        self.root(Value::NIL)
    }

    /// `true` or `false`.
    pub fn make_bool(&mut self, b: bool) -> Handle {
        self.root(Value::bool(b))
    }

    /// An `Int`; one past the small range is boxed on the heap, which fails only when the
    /// heap limit is reached.
    ///
    /// ```
    /// let mut vm = gene_vm::Vm::new();
    /// let big = vm.make_int(i64::MAX).unwrap();
    /// assert_eq!(vm.to_int(&big), Some(i64::MAX));
    /// ```
    pub fn make_int(&mut self, n: i64) -> Result<Handle, VmError> {
        let value = self.int(n)?;
        Ok(self.root(value))
    }

    /// A `Float`.
    pub fn make_float(&mut self, x: f64) -> Handle {
        self.root(Value::float(x))
    }

    /// A `String` holding a copy of `text`; fails only when the heap limit is reached.
    ///
    /// ```
    /// let mut vm = gene_vm::Vm::new();
    /// let s = vm.make_string("héllo").unwrap();
    /// assert_eq!(vm.to_str(&s), Some("héllo"));
    /// assert_eq!(vm.type_name(&s), "String");
    /// ```
    pub fn make_string(&mut self, text: &str) -> Result<Handle, VmError> {
        let value = self.string(text)?;
        Ok(self.root(value))
    }

    /// The integer a handle holds, if it is an `Int`.
    pub fn to_int(&self, handle: &Handle) -> Option<i64> {
        self.as_int(self.value_of(handle).ok()?)
    }

    /// The number a handle holds, if it is a `Float`.
    pub fn to_float(&self, handle: &Handle) -> Option<f64> {
        let value = self.value_of(handle).ok()?;
        value.is_float().then(|| f64::from_bits(value.to_bits()))
    }

    /// The text a handle holds, if it is a `String`.
    pub fn to_str(&self, handle: &Handle) -> Option<&str> {
        self.as_str(self.value_of(handle).ok()?)
    }

    /// Whether Gene's `if` takes the value as true (all but `nil`, `void` and `false`).
    pub fn is_truthy(&self, handle: &Handle) -> bool {
        self.value_of(handle).is_ok_and(|value| value.is_truthy())
    }

    /// Whether the value is `nil` (false for a handle of another VM).
    pub fn is_nil(&self, handle: &Handle) -> bool {
        self.value_of(handle).is_ok_and(|value| value.is_nil())
    }

    /// The value as `println` prints it (strings without quotes).
    pub fn display(&self, handle: &Handle) -> String {
        self.render(handle, Style::Top)
    }

    /// The value as it prints inside a collection (strings quoted), as the REPL shows it.
    pub fn inspect(&self, handle: &Handle) -> String {
        self.render(handle, Style::Nested)
    }

    /// The name of the value's type, as `typeof` gives it.
    pub fn type_name(&self, handle: &Handle) -> &str {
        match self.value_of(handle) {
            Ok(value) => crate::print::type_name(self, value),
            Err(_) => "<a value of another VM>",
        }
    }

    fn render(&self, handle: &Handle, style: Style) -> String {
        match self.value_of(handle) {
            Ok(value) => crate::print::display(self, value, style),
            Err(error) => error.message,
        }
    }

    /// A rooted handle to `value`, which must be alive now.
    pub(crate) fn root(&mut self, value: Value) -> Handle {
        Handle {
            slot: self.host_roots.add(value),
            vm: self.id,
        }
    }

    /// The value of a handle of this VM.
    fn value_of(&self, handle: &Handle) -> Result<Value, VmError> {
        if handle.vm != self.id {
            return Err(VmError::new("this handle belongs to another VM"));
        }
        Ok(handle.raw())
    }

    fn set_named_global(&mut self, name: &str, value: Value) -> Result<(), VmError> {
        if self.main_module.get_mut(&mut self.heap).define(name, value) {
            return Ok(());
        }
        Err(VmError::new(format!(
            "cannot define `{name}`: a module holds at most {} global names",
            gene_compiler::Globals::MAX
        )))
    }

    /// An error on its way to the host: its exception is rooted, so the host may keep it.
    pub(crate) fn export_error(&mut self, mut error: VmError) -> VmError {
        if let Thrown::Raw(value) = error.thrown {
            error.thrown = Thrown::Rooted(self.root(value));
        }
        error
    }

    /// Calls a host function with the arguments `args` (values in registers or rooted by
    /// the caller): the host sees them as handles.
    pub(crate) fn call_host(
        &mut self,
        function: &HostFn,
        args: &[Value],
    ) -> Result<Value, VmError> {
        let handles: Vec<Handle> = args.iter().map(|&arg| self.root(arg)).collect();
        let result = function(self, &handles)?;
        self.value_of(&result)
    }
}
