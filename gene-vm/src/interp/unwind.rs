//! Errors on their way out: a raised error goes to the innermost `try` handler of the
//! running `execute` (frames unwound, upvalues closed), or leaves it with a Gene stack trace.

use crate::function::Function;
use crate::heap::{Gc, Tracer};
use crate::runtime::class::{Class, Instance, Props};
use crate::runtime::shape::ShapeId;
use crate::value::Value;
use crate::vm::{TraceEntry, Vm, VmError};

/// The exception a handler caught last and where it was raised. A `catch` that matches
/// nothing and a `finally` throw the exception on from the handler's frame; without this
/// the report would point at the `try` instead of the failing expression.
pub(crate) struct CaughtAt {
    exception: Value,
    /// The handler's frame index.
    depth: usize,
    /// The frames the error unwound, innermost first, with the instruction each was at (the
    /// handler's frame last); reused from catch to catch, so catching allocates nothing.
    frames: Vec<(Value, Gc<Function>, usize)>,
    /// The trace of an error that already had one (thrown on once already, or raised
    /// inside native code), kept as it was.
    trace: Vec<TraceEntry>,
}

impl Default for CaughtAt {
    fn default() -> CaughtAt {
        CaughtAt {
            exception: Value::NIL,
            depth: 0,
            frames: Vec::new(),
            trace: Vec::new(),
        }
    }
}

impl CaughtAt {
    pub(crate) fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.exception);
        for &(closure, _, _) in &self.frames {
            tracer.mark(closure);
        }
    }
}

impl Vm {
    /// Delivers an error raised at `pc` to the innermost handler of this run of `execute`
    /// (frames from `depth` up): unwinds to its frame and puts the exception in its
    /// register. An error no handler here takes gets its stack trace and is returned.
    pub(super) fn catch(&mut self, error: VmError, pc: usize, depth: usize) -> Result<(), VmError> {
        // `exit` and an interrupt pass every handler, `finally` included: the program
        // ends now.
        if error.kind.ends_the_run() {
            return Err(self.end_run(error, pc));
        }
        let Some(handler) = self.handlers.last().filter(|h| h.frame >= depth) else {
            return Err(self.raise(error, pc));
        };
        let (frame, target) = (handler.frame, handler.target);
        let slot = self.frames[frame].base.index() + usize::from(handler.reg);
        let exception = match error.exception_value() {
            Some(value) => value,
            None => self.exception_for(&error),
        };
        self.remember_origin(exception, error.trace, pc, frame);
        self.handlers.pop();
        self.close_upvalues(slot);
        self.frames.truncate(frame + 1);
        self.macro_envs.retain(|&(d, _)| d <= frame);
        self.frames[frame].pc = target;
        self.registers[slot] = exception;
        Ok(())
    }

    /// Records where `exception`, about to be caught in frame `depth`, was raised.
    fn remember_origin(
        &mut self,
        exception: Value,
        trace: Vec<TraceEntry>,
        pc: usize,
        depth: usize,
    ) {
        let caught = &mut self.last_caught;
        caught.exception = exception;
        caught.depth = depth;
        caught.frames.clear();
        caught.trace = trace;
        if !caught.trace.is_empty() {
            return;
        }
        let top = self.frames.len() - 1;
        for index in (depth..=top).rev() {
            let frame = &self.frames[index];
            let at = if index == top {
                pc
            } else {
                (frame.pc as usize).saturating_sub(1)
            };
            caught.frames.push((frame.closure, frame.function, at));
        }
    }

    /// The stack trace of `exception` thrown on from the frame that caught it: where it was
    /// first raised, then the callers. `None` for any other throw.
    fn rethrow_trace(&mut self, exception: Value) -> Option<Vec<TraceEntry>> {
        let caught = &self.last_caught;
        if caught.exception != exception || caught.depth + 1 != self.frames.len() {
            return None;
        }
        if !caught.trace.is_empty() {
            return Some(caught.trace.clone());
        }
        let below = self.frames[..caught.depth]
            .iter()
            .rev()
            .map(|frame| (frame.function, (frame.pc as usize).saturating_sub(1)));
        let unwound = caught
            .frames
            .iter()
            .map(|&(_, function, at)| (function, at));
        let frames: Vec<(Gc<Function>, usize)> = unwound.chain(below).collect();
        let mut trace = Vec::new();
        for (function, at) in frames {
            if !self.push_trace_entry(&mut trace, function, at) {
                break;
            }
        }
        Some(trace)
    }

    /// An error that ends the run: an interrupt says where it stopped the program, `exit`
    /// needs no trace. Out of line: inlined, this path changed how the whole dispatch loop
    /// (which inlines `catch`) was compiled, 5% more instructions on `fib` and `loop`.
    #[cold]
    #[inline(never)]
    fn end_run(&self, error: VmError, pc: usize) -> VmError {
        match error.kind {
            crate::runtime::errors::ErrorKind::Interrupted => self.raise(error, pc),
            _ => error,
        }
    }

    /// Forgets the frames from `depth` up, after an error left them.
    pub(crate) fn unwind_to(&mut self, depth: usize) {
        if let Some(first) = self.frames.get(depth) {
            let base = first.base.index();
            self.close_upvalues(base.saturating_sub(1));
        }
        self.frames.truncate(depth);
        self.handlers.retain(|h| h.frame < depth);
        self.macro_envs.retain(|&(d, _)| d < depth);
    }

    /// An `Exception` with `message`.
    pub(crate) fn new_exception(&mut self, message: &str, cause: Value) -> Result<Value, VmError> {
        let class = self.builtin_classes.exception;
        Ok(self.new_exception_of(class, message, cause))
    }

    /// An instance of exception class `class` with `message` (and `cause`, unless nil).
    /// Made even past the heap limit, so running out of memory is itself catchable.
    pub(crate) fn new_exception_of(
        &mut self,
        class: Gc<Class>,
        message: &str,
        cause: Value,
    ) -> Value {
        let message = self.heap.alloc_str_over_limit(message).value();
        let instance = self.heap.alloc_over_limit(Instance {
            class,
            props: Props::Shaped {
                shape: ShapeId::EMPTY,
                slots: Vec::new(),
            },
            bare_report: false,
        });
        let message_key = self.symbols.intern("message");
        self.set_instance_prop(instance, message_key, message);
        if cause != Value::NIL {
            let cause_key = self.symbols.intern("cause");
            self.set_instance_prop(instance, cause_key, cause);
        }
        instance.value()
    }

    /// The exception a runtime error becomes when a handler catches it: an instance of its
    /// kind's class, which reports its bare message if thrown on.
    fn exception_for(&mut self, error: &VmError) -> Value {
        let class = self.builtin_classes.of_error(error.kind);
        let exception = self.new_exception_of(class, &error.message, Value::NIL);
        if let Some(instance) = self.heap.downcast::<Instance>(exception) {
            instance.get_mut(&mut self.heap).bare_report = true;
        }
        exception
    }

    /// Whether `value` is an exception: an instance of `Exception` or a class derived
    /// from it.
    pub(crate) fn is_exception(&self, value: Value) -> bool {
        self.heap
            .downcast::<Instance>(value)
            .is_some_and(|instance| {
                let class = instance.get(&self.heap).class;
                self.derives_from(class, self.builtin_classes.exception)
            })
    }

    /// The message of exception `exception`, as text.
    pub(crate) fn exception_message(&self, exception: Value) -> String {
        let message = self
            .heap
            .downcast::<Instance>(exception)
            .and_then(|instance| {
                let key = self.symbols.lookup("message")?;
                self.instance_prop(instance, key)
            })
            .unwrap_or(Value::NIL);
        crate::print::display(self, message, crate::print::Style::Top)
    }

    /// The error `(throw value)` raises: an exception is thrown as it is, a string becomes
    /// the message of a new one, anything else its cause.
    pub(crate) fn thrown(&mut self, value: Value) -> VmError {
        let exception = if self.is_exception(value) {
            // An exception thrown as an object reports its class too (`MyError: it
            // broke`), unless the VM made it of a thrown string and this throws it again.
            let bare = self
                .heap
                .downcast::<Instance>(value)
                .is_some_and(|instance| instance.get(&self.heap).bare_report);
            let message = if bare {
                self.exception_message(value)
            } else {
                format!(
                    "{}: {}",
                    crate::print::type_name(self, value),
                    self.exception_message(value)
                )
            };
            return VmError {
                message,
                trace: Vec::new(),
                thrown: crate::vm::Thrown::Raw(value),
                kind: Default::default(),
                help: None,
            };
        } else if let Some(text) = self.as_str(value) {
            let text = text.to_string();
            self.new_exception(&text, Value::NIL)
        } else {
            let text = crate::print::display(self, value, crate::print::Style::Top);
            self.new_exception(&text, value)
        };
        let exception = match exception {
            Ok(exception) => exception,
            Err(error) => return error,
        };
        if let Some(instance) = self.heap.downcast::<Instance>(exception) {
            instance.get_mut(&mut self.heap).bare_report = true;
        }
        let message = self.exception_message(exception);
        VmError {
            message,
            trace: Vec::new(),
            thrown: crate::vm::Thrown::Raw(exception),
            kind: Default::default(),
            help: None,
        }
    }

    /// The error `(throw value)` raises in the frame running now: as [`Vm::thrown`], but an
    /// exception thrown on from the handler that caught it keeps the trace of its origin.
    pub(crate) fn thrown_here(&mut self, value: Value) -> VmError {
        let mut error = self.thrown(value);
        if let Some(trace) = self.rethrow_trace(value) {
            error.trace = trace;
        }
        error
    }

    /// Adds the stack trace to an error raised at the current instruction.
    #[cold]
    pub(crate) fn raise(&self, mut error: VmError, pc: usize) -> VmError {
        if !error.trace.is_empty() {
            // Raised inside a call from native code, which already traced the whole stack.
            return error;
        }
        let frames: Vec<(Gc<Function>, usize)> = (0..self.frames.len())
            .rev()
            .map(|index| {
                let frame = &self.frames[index];
                let at = if index + 1 == self.frames.len() {
                    pc
                } else {
                    (frame.pc as usize).saturating_sub(1)
                };
                (frame.function, at)
            })
            .collect();
        for (function, at) in frames {
            if !self.push_trace_entry(&mut error.trace, function, at) {
                break;
            }
        }
        error
    }

    /// Adds the entry for `function` at instruction `at` to `trace`, folding a repeat of
    /// the last entry into it; false once the trace is full.
    fn push_trace_entry(
        &self,
        trace: &mut Vec<TraceEntry>,
        function: Gc<Function>,
        at: usize,
    ) -> bool {
        let function = function.get(&self.heap);
        let proto = &function.proto;
        let span = proto.span_at(at);
        let file = &function.module.get(&self.heap).source;
        let full = trace.len() >= 20;
        match trace.last_mut() {
            Some(last)
                if last.span == span
                    && last.function == proto.name
                    && crate::vm::same_file(&last.file, file) =>
            {
                last.repeated += 1;
            }
            _ if full => return false,
            _ => trace.push(TraceEntry {
                function: proto.name.clone(),
                span,
                repeated: 1,
                file: file.clone(),
            }),
        }
        true
    }
}
