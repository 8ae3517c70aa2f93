//! Calls and returns: entering a Gene function (a frame pushed in the same arena, arguments
//! bound to their parameters), calling a native one, leaving a frame, and making closures
//! and macro environments that capture the frame's variables.

use std::rc::Rc;

use gene_compiler::UpvalSource;

use crate::function::Function;
use crate::heap::{Closure, Gc, Native, Upvalue};
use crate::value::Value;
use crate::vm::{CallFrame, Vm, VmError};

impl Vm {
    /// A closure of `function`, capturing what its upvalue descriptors name from the frame
    /// at `base` and the running closure.
    pub(super) fn make_closure(
        &mut self,
        function: Rc<Function>,
        base: usize,
    ) -> Result<Value, VmError> {
        let mut upvalues = Vec::with_capacity(function.proto.upvalues.len());
        for source in &function.proto.upvalues {
            upvalues.push(match *source {
                UpvalSource::Local(reg) => self.capture(base + usize::from(reg))?,
                UpvalSource::Upval(index) => self.current_upvalue(index),
            });
        }
        self.closure(function, upvalues.into_boxed_slice())
    }

    /// The environment of layout `layout` of the frame at `base`.
    pub(super) fn make_env(
        &mut self,
        function: &Function,
        layout: usize,
        base: usize,
    ) -> Result<Value, VmError> {
        let mut upvalues = Vec::with_capacity(function.proto.env_layouts[layout].len());
        for &(_, source) in &function.proto.env_layouts[layout] {
            upvalues.push(match source {
                UpvalSource::Local(reg) => self.capture(base + usize::from(reg))?,
                UpvalSource::Upval(index) => self.current_upvalue(index),
            });
        }
        let env = crate::heap::Env {
            names: function.env_names[layout].clone(),
            upvalues: upvalues.into_boxed_slice(),
        };
        Ok(self
            .heap
            .alloc(env)
            .map_err(crate::vm::out_of_memory)?
            .value())
    }

    /// Upvalue `index` of the running closure.
    #[inline(always)]
    pub(super) fn current_upvalue(&self, index: u8) -> Gc<Upvalue> {
        let closure = self.frames.last().expect("running").closure;
        let closure = self
            .heap
            .downcast::<Closure>(closure)
            .expect("frames run closures");
        closure.get(&self.heap).upvalues[usize::from(index)]
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
        self.registers[finished.base as usize - 1] = value;
        (self.frames.len() == depth).then_some(value)
    }

    /// Calls `callee` with `argc` arguments in the registers after `ret`: pushes a frame
    /// for a Gene function, or runs a native one at once.
    #[inline(always)]
    pub(crate) fn enter(
        &mut self,
        callee: Value,
        ret: usize,
        argc: usize,
    ) -> Result<Entered, VmError> {
        self.enter_with(callee, ret, argc, false)
    }

    /// As [`Vm::enter`]; with `keywords`, a map of keyword arguments follows the arguments.
    #[inline(always)]
    pub(crate) fn enter_with(
        &mut self,
        callee: Value,
        ret: usize,
        argc: usize,
        keywords: bool,
    ) -> Result<Entered, VmError> {
        if let Some(closure) = self.heap.downcast::<Closure>(callee) {
            let function = closure.get(&self.heap).function.clone();
            if function.simple_params && !keywords {
                return self.enter_closure(function, callee, ret, argc);
            }
            if self.frames.len() >= self.max_call_depth {
                return Err(self.stack_overflow());
            }
            let base = ret + 1;
            let top = base + usize::from(function.proto.registers);
            self.ensure_registers(top.max(base + argc + 1));
            let keywords = keywords.then(|| self.registers[base + argc]);
            self.bind_arguments(&function, base, argc, keywords)?;
            return self.push_frame(function, callee, base);
        }
        self.enter_other(callee, ret, argc, keywords)
    }

    #[cold]
    #[inline(never)]
    pub(super) fn push_frame_growing(&mut self, frame: CallFrame) {
        self.frames.reserve(self.frames.len().max(64));
        self.frames.push(frame);
    }

    /// Enters `function` (the closure `callee`), which takes just `arity` positional
    /// arguments, with `argc` of them after `ret`: the common call, kept short.
    #[inline(always)]
    pub(super) fn enter_closure(
        &mut self,
        function: Rc<Function>,
        callee: Value,
        ret: usize,
        argc: usize,
    ) -> Result<Entered, VmError> {
        check_arity(&function, argc)?;
        if self.frames.len() >= self.max_call_depth {
            return Err(self.stack_overflow());
        }
        let base = ret + 1;
        let top = base + usize::from(function.proto.registers);
        self.ensure_registers(top);
        self.push_frame(function, callee, base)
    }

    /// Pushes the frame of a call whose arguments are bound, then lets the collector run
    /// (a call is a safepoint).
    #[inline(always)]
    fn push_frame(
        &mut self,
        function: Rc<Function>,
        callee: Value,
        base: usize,
    ) -> Result<Entered, VmError> {
        let frame = CallFrame {
            function,
            closure: callee,
            pc: 0,
            base: frame_index(base)?,
        };
        // With room known to be there, the push stores the frame straight into the
        // stack; a push that might grow makes the compiler build the frame in a temporary
        // first, and copying that back stalls store forwarding.
        if self.frames.len() < self.frames.capacity() {
            self.frames.push(frame);
        } else {
            self.push_frame_growing(frame);
        }
        if self.heap.wants_collection() {
            self.collect_garbage()?;
        }
        Ok(Entered::Frame)
    }

    #[cold]
    pub(super) fn stack_overflow(&self) -> VmError {
        VmError::new(format!(
            "stack overflow: calls nested more than {} deep",
            self.max_call_depth
        ))
    }

    /// Lays out the arguments of a call to a function with defaults, a rest parameter or
    /// keywords: missing optional ones become undefined (the function's prologue computes
    /// their defaults), extra ones go into the rest array, keywords into their registers.
    #[inline(never)]
    pub(super) fn bind_arguments(
        &mut self,
        function: &Function,
        base: usize,
        argc: usize,
        keywords: Option<Value>,
    ) -> Result<(), VmError> {
        let proto = &function.proto;
        let required = usize::from(proto.arity);
        let positional = required + usize::from(proto.optional);
        if argc < required || (!proto.rest && argc > positional) {
            return Err(arity_error(function, argc));
        }
        let mut next = base + positional;
        let rest = if proto.rest && argc > positional {
            self.registers[next..base + argc].to_vec()
        } else {
            Vec::new()
        };
        self.registers[base + argc.min(positional)..next].fill(Value::UNDEFINED);
        if proto.rest {
            self.registers[next] = self.new_array(rest)?;
            next += 1;
        }
        for (param, &id) in proto.keywords.iter().zip(&function.keyword_ids) {
            let given = keywords
                .and_then(|map| self.map_entries(map))
                .and_then(|map| map.get(&id).copied());
            self.registers[next] = match given {
                Some(value) => value,
                None if param.has_default => Value::UNDEFINED,
                None => {
                    return Err(VmError::new(format!(
                        "{} needs the keyword argument ^{}",
                        display_name(function),
                        param.name
                    )))
                }
            };
            next += 1;
        }
        Ok(())
    }

    /// Calls what is not a Gene function: a native function, or an error.
    #[inline(never)]
    pub(super) fn enter_other(
        &mut self,
        callee: Value,
        ret: usize,
        argc: usize,
        keywords: bool,
    ) -> Result<Entered, VmError> {
        if let Some(native) = self.heap.downcast::<Native>(callee) {
            if keywords {
                return Err(VmError::new(format!(
                    "{} takes no keyword arguments",
                    native.get(&self.heap).name
                )));
            }
            return match native.get(&self.heap).code.clone() {
                crate::heap::NativeCode::Builtin(function) => self
                    .call_native_in_registers(function, ret + 1, argc)
                    .map(Entered::Done),
                crate::heap::NativeCode::Host(function) => {
                    let args = self.registers[ret + 1..ret + 1 + argc].to_vec();
                    self.call_host(&*function, &args).map(Entered::Done)
                }
            };
        }
        if self.heap.kind_of(callee) == Some(crate::heap::ObjectKind::Variant) {
            let args = self.registers[ret + 1..ret + 1 + argc].to_vec();
            let keywords = keywords.then(|| self.registers[ret + 1 + argc]);
            return self
                .construct_variant(callee, &args, keywords)
                .map(Entered::Done);
        }
        Err(VmError::new(format!(
            "{} is not callable",
            crate::print::display(self, callee, crate::print::Style::Nested)
        )))
    }
}

pub(crate) enum Entered {
    Frame,
    Done(Value),
}

#[inline(always)]
pub(super) fn check_arity(function: &Function, argc: usize) -> Result<(), VmError> {
    if argc != usize::from(function.proto.arity) {
        return Err(arity_error(function, argc));
    }
    Ok(())
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
    let required = usize::from(proto.arity);
    let positional = required + usize::from(proto.optional);
    let expected = if proto.rest {
        format!("at least {required}")
    } else if positional > required {
        format!("{required} to {positional}")
    } else {
        required.to_string()
    };
    // The function's name is in the stack trace beside the message.
    VmError::new(format!("Expected {expected} arguments, got {argc}"))
}

/// A register index as frames store it.
#[inline(always)]
pub(super) fn frame_index(index: usize) -> Result<u32, VmError> {
    u32::try_from(index).map_err(|_| VmError::new("stack overflow: the register stack is full"))
}
