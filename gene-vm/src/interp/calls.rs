//! Calls and returns. Every call goes through one of two entry points, as Lua's go through
//! `luaD_precall` and `luaD_pretailcall`: [`Vm::precall`] for a call that pushes a frame
//! (`Call`, `CallKw`, `CallSelf`, `CallMacro`, `CallMethod` and calls from native code), and
//! [`Vm::pretailcall`] for one that replaces the running frame (`TailCall`, `TailCallSelf`).
//! Both bind the arguments to the parameters in the same way ([`Vm::bind`]) and run natives
//! and enum constructors at once. The interpreter makes every frame entry a safepoint.

use gene_compiler::isa::Reg;

use crate::function::Function;
use crate::heap::{Closure, Gc, Native, NativeCode};
use crate::methods::Method;
use crate::registers::Base;
use crate::value::Value;
use crate::vm::{CallFrame, Vm, VmError};

/// What a call did.
pub(crate) enum Entered {
    /// A Gene function's frame was pushed (or replaced the running one), with this
    /// function and first register: the interpreter goes on in it. (Handing them back
    /// saves reading the frame just written, a store-forwarding stall that cost fib a
    /// third of its time.)
    Frame(Gc<Function>, Base),
    /// A native function (or a constructor) ran; here is its result.
    Done(Value),
}

/// Where a call's arguments are and where its result goes.
#[derive(Clone, Copy)]
pub(crate) struct CallSite {
    /// The first argument's register: the callee's frame starts here.
    pub(crate) base: usize,
    pub(crate) argc: usize,
    /// The register that receives the result.
    pub(crate) ret: usize,
    /// Whether a map of keyword arguments follows the arguments.
    pub(crate) keywords: bool,
}

impl CallSite {
    /// `(f args…)` with `f` in `func`: the arguments follow it and the result replaces it.
    pub(crate) fn after(func: usize, argc: usize, keywords: bool) -> CallSite {
        CallSite {
            base: func + 1,
            argc,
            ret: func,
            keywords,
        }
    }
}

impl Vm {
    /// Calls `callee` with the arguments at `site`: pushes a frame for a Gene function, or
    /// runs a native one (or an enum constructor) at once.
    #[inline(always)]
    pub(crate) fn precall(&mut self, callee: Value, site: CallSite) -> Result<Entered, VmError> {
        let Some(closure) = self.heap.downcast::<Closure>(callee) else {
            return self.call_other(callee, site);
        };
        let function = closure.get(&self.heap).function;
        if function.get(&self.heap).generator {
            return self
                .make_generator(function, callee, site)
                .map(Entered::Done);
        }
        let base = self.precall_function(function, callee, site)?;
        Ok(Entered::Frame(function, base))
    }

    /// As [`Vm::precall`], for a callee known to be a closure of `function` (a function
    /// calling itself: no need to look at the callee); returns the new frame's base.
    #[inline(always)]
    pub(crate) fn precall_function(
        &mut self,
        function: Gc<Function>,
        callee: Value,
        site: CallSite,
    ) -> Result<Base, VmError> {
        if self.frames.len() >= self.max_call_depth {
            return Err(self.stack_overflow());
        }
        let base = self.bind(function, site)?;
        debug_assert!(site.ret <= site.base);
        let frame = CallFrame {
            function,
            closure: callee,
            pc: 0,
            base,
            // The result register is never past the frame's base, so it fits too.
            ret: site.ret as u32,
        };
        // With room known to be there, the push stores the frame straight into the
        // stack; a push that might grow makes the compiler build the frame in a temporary
        // first, and copying that back stalls store forwarding.
        if self.frames.len() < self.frames.capacity() {
            self.frames.push(frame);
        } else {
            self.push_frame_growing(frame);
        }
        Ok(base)
    }

    /// Calls `callee` with the `argc` arguments after register `func` of the running frame
    /// in place of that frame: the arguments move down to its base, so tail recursion runs
    /// in constant space. A native callee runs at once and its result is the frame's.
    #[inline(always)]
    pub(crate) fn pretailcall(
        &mut self,
        callee: Value,
        func: Reg,
        argc: usize,
    ) -> Result<Entered, VmError> {
        let running = self.frames.last().expect("running");
        let frame_base = running.base;
        let base = frame_base.index();
        let args_at = base + usize::from(func.0) + 1;
        let Some(closure) = self.heap.downcast::<Closure>(callee) else {
            return self.call_other(callee, CallSite::after(args_at - 1, argc, false));
        };
        let function = closure.get(&self.heap).function;
        if function.get(&self.heap).generator {
            let site = CallSite::after(args_at - 1, argc, false);
            return self
                .make_generator(function, callee, site)
                .map(Entered::Done);
        }
        // The parameters are laid out where the arguments are, then moved down, so an
        // arity error leaves the running frame as it was.
        let site = CallSite {
            base: args_at,
            argc,
            ret: args_at - 1,
            keywords: false,
        };
        self.bind(function, site)?;
        self.close_upvalues_from(base);
        let params = parameter_registers(function.get(&self.heap), argc);
        self.registers.copy_within(args_at..args_at + params, base);
        let running = self.frames.last_mut().expect("running");
        running.function = function;
        running.closure = callee;
        running.pc = 0;
        Ok(Entered::Frame(function, frame_base))
    }

    /// Binds the arguments at `site` to the parameters of `function` without entering it
    /// (a generator keeps the bound frame for later).
    pub(crate) fn bind_only(
        &mut self,
        function: Gc<Function>,
        site: CallSite,
    ) -> Result<(), VmError> {
        self.bind(function, site).map(|_| ())
    }

    /// Binds the arguments at `site` to the parameters of `function`, and makes room for
    /// its frame there.
    #[inline(always)]
    fn bind(&mut self, function: Gc<Function>, site: CallSite) -> Result<Base, VmError> {
        let loaded = function.get(&self.heap);
        if loaded.simple_params && !site.keywords {
            if site.argc != usize::from(loaded.proto.arity) {
                return Err(arity_error(loaded, site.argc));
            }
            return self.registers.frame(site.base);
        }
        let base = self.registers.frame(site.base)?;
        // Arguments from native code may be more than a frame's registers.
        self.registers.reserve(site.base + site.argc + 1);
        let keywords = site.keywords.then(|| self.registers[site.base + site.argc]);
        self.bind_arguments(function, site.base, site.argc, keywords)?;
        Ok(base)
    }

    /// Calls what is not a Gene function: a native or host function, an enum constructor,
    /// or an error.
    #[inline(never)]
    fn call_other(&mut self, callee: Value, site: CallSite) -> Result<Entered, VmError> {
        let CallSite {
            base,
            argc,
            keywords,
            ..
        } = site;
        if let Some(native) = self.heap.downcast::<Native>(callee) {
            let code = native.get(&self.heap).code.clone();
            let takes_keywords = matches!(code, NativeCode::Builtin(b) if !b.keywords.is_empty());
            if keywords && !takes_keywords {
                return Err(VmError::argument_error(format!(
                    "{} takes no keyword arguments",
                    native.get(&self.heap).name
                )));
            }
            return match code {
                NativeCode::Builtin(builtin) => {
                    let called = crate::stdlib::Called::Function(callee);
                    // The keyword map follows the arguments (`CallSite`).
                    self.call_keywords = keywords.then(|| self.registers[base + argc]);
                    let result = self.call_native_in_registers(builtin, called, base, argc);
                    self.call_keywords = None;
                    result.map(Entered::Done)
                }
                NativeCode::Host(function) => {
                    let args = self.registers[base..base + argc].to_vec();
                    self.call_host(&*function, &args).map(Entered::Done)
                }
            };
        }
        if self.heap.kind_of(callee) == Some(crate::heap::ObjectKind::Instance) {
            return self.call_instance(callee, site);
        }
        if self.heap.kind_of(callee) == Some(crate::heap::ObjectKind::Variant) {
            let args = self.registers[base..base + argc].to_vec();
            let keywords = keywords.then(|| self.registers[base + argc]);
            return self
                .construct_variant(callee, &args, keywords)
                .map(Entered::Done);
        }
        if self.heap.kind_of(callee) == Some(crate::heap::ObjectKind::Selector) {
            let (data, default) = match self.registers[base..base + argc] {
                [data] => (data, None),
                [data, default] => (data, Some(default)),
                _ => {
                    return Err(VmError::new(format!(
                        "a selector is called with the data and an optional default, not {argc} arguments"
                    )))
                }
            };
            return self
                .apply_selector(callee, data, default)
                .map(Entered::Done);
        }
        if self.heap.kind_of(callee) == Some(crate::heap::ObjectKind::EnumValue) {
            return self
                .call_unit_variant(callee, argc, keywords)
                .map(Entered::Done);
        }
        if callee == Value::VOID {
            // What a path that found nothing gives: say so, not just "void".
            return Err(VmError::type_error(
                "void is not callable: the path called found nothing (a missing member or key)",
            ));
        }
        Err(VmError::type_error(format!(
            "{} is not callable",
            crate::print::display(self, callee, crate::print::Style::Nested)
        )))
    }

    /// Whether `value` is an instance whose class has a `call` method.
    pub(crate) fn is_callable_instance(&self, value: Value) -> bool {
        self.heap.kind_of(value) == Some(crate::heap::ObjectKind::Instance)
            && self
                .find_method_in(self.class_of(value), self.fast_names.call)
                .is_some()
    }

    /// Calls an instance whose class has a `call` method: `(obj args…)` is
    /// `(obj .call args…)`.
    fn call_instance(&mut self, instance: Value, site: CallSite) -> Result<Entered, VmError> {
        let call = self.fast_names.call;
        let class = self.class_of(instance);
        let Some(method) = self.find_method_in(class, call) else {
            return Err(VmError::type_error(format!(
                "{} is not callable (its class has no `call` method)",
                crate::print::display(self, instance, crate::print::Style::Nested)
            )));
        };
        if site.keywords {
            return Err(VmError::new(
                "a callable instance takes no keyword arguments",
            ));
        }
        // The usual layout has the instance just below its arguments, where the method's
        // receiver goes; otherwise (a method call whose method is an instance) the
        // arguments are copied.
        let receiver_below =
            site.base > 0 && site.ret + 1 == site.base && self.registers[site.ret] == instance;
        if !receiver_below {
            let mut args = vec![instance];
            args.extend_from_slice(&self.registers[site.base..site.base + site.argc]);
            let result = self.call_method_value(method, call, &args)?;
            return Ok(Entered::Done(result));
        }
        let start = site.ret;
        match method {
            Method::Builtin(builtin) => self
                .call_native_in_registers(
                    builtin,
                    crate::stdlib::Called::Method(call),
                    start,
                    site.argc + 1,
                )
                .map(Entered::Done),
            Method::Callable(callee) => self.precall(
                callee,
                CallSite {
                    base: start,
                    argc: site.argc + 1,
                    ret: start,
                    keywords: false,
                },
            ),
        }
    }

    /// Lays out the arguments of a spread call (`CallSpread`, `CallMethodSpread`) with its
    /// callee or receiver in register `start`: the items of the array in `start + 1` go in
    /// the registers from there, and the keyword map in `start + 2`, unless nil, after them.
    /// Answers the argument count, whether there are keywords, and the end of the
    /// arguments, which may be past the running frame's window (see [`Vm::spread_call`]).
    pub(crate) fn unpack_arguments(
        &mut self,
        start: usize,
    ) -> Result<(usize, bool, usize), VmError> {
        let (array, kw) = (self.registers[start + 1], self.registers[start + 2]);
        let Some(items) = self.array_items(array).cloned() else {
            return Err(VmError::type_error(
                "a spread call's arguments are an Array",
            ));
        };
        let keywords = !kw.is_nil();
        let end = start + 1 + items.len() + usize::from(keywords);
        self.registers.reserve(end + 1);
        self.registers[start + 1..start + 1 + items.len()].copy_from_slice(&items);
        if keywords {
            self.registers[start + 1 + items.len()] = kw;
        }
        Ok((items.len(), keywords, end))
    }

    /// Runs `call` with the arguments a spread call laid out up to register `end` counted
    /// as roots, and kept from natives' own calls, until it returns: they may be past the
    /// running frame's window, which is all the collector would otherwise see. A Gene
    /// callee's frame covers them once it is entered.
    pub(crate) fn spread_call(
        &mut self,
        end: usize,
        call: impl FnOnce(&mut Vm) -> Result<Entered, VmError>,
    ) -> Result<Entered, VmError> {
        let saved = self.native_top;
        self.native_top = saved.max(end);
        let entered = call(self);
        self.native_top = saved;
        entered
    }

    /// `(receiver .name args…)` with the receiver in register `start` and the `argc`
    /// arguments after it (a spread method call).
    pub(crate) fn call_method_at(
        &mut self,
        function: Gc<Function>,
        ic: usize,
        name: crate::value::SymbolId,
        start: usize,
        argc: usize,
        keywords: bool,
    ) -> Result<Entered, VmError> {
        let receiver = self.registers[start];
        match self.resolve_method(function, ic, name, receiver)? {
            crate::methods::Resolved::Method(method) => {
                self.invoke_at(method, name, start, argc, keywords)
            }
            crate::methods::Resolved::Field(value) if argc == 0 && !keywords => {
                Ok(Entered::Done(value))
            }
            crate::methods::Resolved::Field(_) => Err(self.no_such_method(receiver, name)),
            crate::methods::Resolved::Missing(handler) => {
                let args = self.registers[start + 1..start + 1 + argc].to_vec();
                self.call_method_missing(handler, receiver, name, &args)
                    .map(Entered::Done)
            }
        }
    }

    /// `(new Class args…)` with the class in register `start` and the `argc` arguments
    /// after it (a spread `new`): the instance, or what a built-in class makes, replaces
    /// the class.
    pub(crate) fn construct_at(
        &mut self,
        start: usize,
        argc: usize,
        keywords: bool,
    ) -> Result<Entered, VmError> {
        match self.prepare_new(start, argc, keywords)? {
            Some(ctor) => {
                let name = self.fast_names.ctor;
                self.invoke_at(ctor, name, start, argc, keywords)
            }
            None => Ok(Entered::Done(self.registers[start])),
        }
    }

    /// Runs `method` (named `name`) on the receiver in register `start` with the `argc`
    /// arguments after it; its result replaces the receiver.
    fn invoke_at(
        &mut self,
        method: Method,
        name: crate::value::SymbolId,
        start: usize,
        argc: usize,
        keywords: bool,
    ) -> Result<Entered, VmError> {
        match method {
            Method::Builtin(_) if keywords => Err(VmError::argument_error(format!(
                "`.{}` takes no keyword arguments",
                self.symbols.name(name)
            ))),
            Method::Builtin(builtin) => {
                let called = crate::stdlib::Called::Method(name);
                self.call_native_in_registers(builtin, called, start, argc + 1)
                    .map(Entered::Done)
            }
            Method::Callable(callee) => self.precall(
                callee,
                CallSite {
                    base: start,
                    argc: argc + 1,
                    ret: start,
                    keywords,
                },
            ),
        }
    }

    /// Calls a Gene or native function from native code: `(callee args…)`, run to its end.
    /// Native code that holds heap values of its own across this call must root them with
    /// [`Vm::push_root`], as the call may collect garbage.
    pub(crate) fn call_value(&mut self, callee: Value, args: &[Value]) -> Result<Value, VmError> {
        if self.native_depth >= MAX_NATIVE_DEPTH {
            return Err(VmError::of(crate::runtime::errors::ErrorKind::StackOverflow, format!(
                "stack overflow: calls through built-in functions nested more than {MAX_NATIVE_DEPTH} deep"
            )));
        }
        // Past the running frame's window and past the arguments of any native call still
        // in progress, so nothing live is overwritten.
        let func = self.free_registers_start();
        let end = func + 1 + args.len();
        self.registers.reserve(end + crate::methods::INLINE_ARGS);
        self.registers[func] = callee;
        self.registers[func + 1..end].copy_from_slice(args);
        let saved_top = std::mem::replace(&mut self.native_top, end);
        self.native_depth += 1;
        let result = match self.precall(callee, CallSite::after(func, args.len(), false)) {
            Ok(Entered::Frame(..)) => {
                let depth = self.frames.len() - 1;
                let result = self.execute(depth);
                if result.is_err() {
                    self.unwind_to(depth);
                }
                result
            }
            Ok(Entered::Done(value)) => Ok(value),
            Err(error) => Err(error),
        };
        self.native_depth -= 1;
        self.native_top = saved_top;
        result
    }

    /// Where registers free for a call from native code start: past the running frame's
    /// window and past the arguments of any native call still in progress. (Frames below
    /// the running one may reach higher, but what they hold above their callee's base is
    /// dead, as the compiler allocates registers as a stack.)
    pub(crate) fn free_registers_start(&self) -> usize {
        let frame_top = self.frames.last().map_or(0, |f| {
            f.base.index() + usize::from(f.function.get(&self.heap).proto.registers)
        });
        frame_top.max(self.native_top)
    }

    /// Pops the running frame, delivering `value` to its caller; returns the value when the
    /// frame at `depth` (the one `execute` was asked to run) is done.
    #[inline(always)]
    pub(super) fn leave(&mut self, value: Value, depth: usize) -> Option<Value> {
        let finished = self.frames.pop().expect("a frame to leave");
        let index = self.frames.len();
        // A `return` out of a `try` body leaves its handler behind; so does a macro its
        // caller's environment.
        while self.handlers.last().is_some_and(|h| h.frame >= index) {
            self.handlers.pop();
        }
        if self.macro_envs.last().is_some_and(|&(d, _)| d >= index) {
            self.macro_envs.pop();
        }
        self.registers[finished.ret as usize] = value;
        (self.frames.len() == depth).then_some(value)
    }

    #[cold]
    #[inline(never)]
    fn push_frame_growing(&mut self, frame: CallFrame) {
        self.frames.reserve(self.frames.len().max(64));
        self.frames.push(frame);
    }

    #[cold]
    pub(super) fn stack_overflow(&self) -> VmError {
        VmError::of(
            crate::runtime::errors::ErrorKind::StackOverflow,
            format!(
                "stack overflow: calls nested more than {} deep",
                self.max_call_depth
            ),
        )
    }

    /// Lays out the arguments of a call to a function with defaults, a rest parameter or
    /// keywords: missing optional ones become undefined (the function's prologue computes
    /// their defaults), extra ones go into the rest array, keywords into their registers.
    #[inline(never)]
    fn bind_arguments(
        &mut self,
        function: Gc<Function>,
        base: usize,
        argc: usize,
        keywords: Option<Value>,
    ) -> Result<(), VmError> {
        let loaded = function.get(&self.heap);
        let proto = &loaded.proto;
        let required = usize::from(proto.arity);
        let positional = required + usize::from(proto.optional);
        if argc < required || (!proto.rest && argc > positional) {
            return Err(arity_error(loaded, argc));
        }
        let (rest_param, keyword_count) = (proto.rest, proto.keywords.len());
        let mut next = base + positional;
        let rest = if rest_param && argc > positional {
            self.registers[next..base + argc].to_vec()
        } else {
            Vec::new()
        };
        self.registers[base + argc.min(positional)..next].fill(Value::UNDEFINED);
        if rest_param {
            self.registers[next] = self.new_array(rest)?;
            next += 1;
        }
        for index in 0..keyword_count {
            let loaded = function.get(&self.heap);
            let (param, id) = (&loaded.proto.keywords[index], loaded.keyword_ids[index]);
            let given = keywords
                .and_then(|map| self.map_entries(map))
                .and_then(|map| map.get(&id).copied());
            self.registers[next] = match given {
                Some(value) => value,
                None if param.has_default => Value::UNDEFINED,
                None => {
                    return Err(VmError::argument_error(format!(
                        "{} needs the keyword argument ^{}",
                        display_name(loaded),
                        param.name
                    )))
                }
            };
            next += 1;
        }
        Ok(())
    }
}

/// How many registers a call's bound parameters take: the arguments as given for simple
/// parameters, else the positional ones, the rest array and the keywords.
fn parameter_registers(function: &Function, argc: usize) -> usize {
    let proto = &function.proto;
    if function.simple_params {
        return argc;
    }
    usize::from(proto.arity)
        + usize::from(proto.optional)
        + usize::from(proto.rest)
        + proto.keywords.len()
}

fn display_name(function: &Function) -> &str {
    match function.proto.name.as_str() {
        "<anonymous>" => "an anonymous function",
        name => name,
    }
}

/// The reference's wording: "Expected 2 arguments, got 1".
#[cold]
fn arity_error(function: &Function, argc: usize) -> VmError {
    let proto = &function.proto;
    // A method's receiver is not among the arguments its caller wrote.
    let receiver = usize::from(proto.receiver);
    let required = usize::from(proto.arity) - receiver;
    let positional = required + usize::from(proto.optional);
    let argc = argc.saturating_sub(receiver);
    let expected = if proto.rest {
        format!("at least {required}")
    } else if positional > required {
        format!("{required} to {positional}")
    } else {
        required.to_string()
    };
    let name = display_name(function);
    let takes = match expected.as_str() {
        "1" => "1 argument".to_string(),
        _ => format!("{expected} arguments"),
    };
    let passes = match argc {
        0 => "none".to_string(),
        1 => "1".to_string(),
        n => n.to_string(),
    };
    VmError::argument_error(format!("Expected {expected} arguments, got {argc}"))
        .with_help(format!("`{name}` takes {takes}; this call passes {passes}"))
}

/// A register index as frames store it.
#[inline(always)]
pub(crate) fn frame_index(index: usize) -> Result<u32, VmError> {
    u32::try_from(index).map_err(|_| VmError::new("stack overflow: the register stack is full"))
}

/// How deeply native code may call back into Gene that calls native code again: each level
/// uses the Rust stack, so this is what stops `(arr .map f)` recursion from overflowing it.
pub(crate) const MAX_NATIVE_DEPTH: usize = 2_000;
