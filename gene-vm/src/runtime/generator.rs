//! Generators: calling a generator function (`fn name* …`) makes a `Generator` holding the
//! function's frame, unstarted; `.next` resumes the frame until it yields (the value) or
//! returns (`not_found`, and the generator is done).
//!
//! A suspended frame is copied out of the register arena into the generator, with what
//! belongs to it: its exception handlers (relative to the frame), and the upvalues open on
//! its registers, which are closed while it is suspended — so closures made inside the
//! generator read and write the variable's cell meanwhile — and reopened on the frame's new
//! registers when it resumes, after the register takes the cell's value. Only suspending and
//! resuming pay; an ordinary call pays nothing for generators (docs/decisions.md, "Frame
//! state while a generator is suspended").
//!
//! Each resumption runs the frame in a nested `execute`, from the native `.next` (or a
//! `for` loop's step), so a chain of generators pulling from each other nests Rust calls
//! as callbacks from natives do, under the same depth limit.

use crate::function::Function;
use crate::heap::{Gc, Object, Tracer, Upvalue};
use crate::interp::CallSite;
use crate::value::Value;
use crate::vm::{out_of_memory, CallFrame, Handler, Vm, VmError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GeneratorState {
    /// Not started, or suspended at a `yield`: `.next` resumes it.
    Suspended,
    /// Its frame is running (it cannot resume itself).
    Running,
    /// It returned or raised: every `.next` gives `not_found`.
    Done,
}

pub struct Generator {
    pub function: Gc<Function>,
    pub closure: Value,
    pub state: GeneratorState,
    /// The frame's registers while it is not running.
    registers: Vec<Value>,
    /// Where it goes on.
    pc: u32,
    /// The `try` handlers open in the frame: their register and catch code.
    handlers: Vec<(u8, u32)>,
    /// The upvalues open on the frame's registers, by register (relative to the frame).
    upvalues: Vec<(usize, Gc<Upvalue>)>,
    /// A value `.has_next` or `.peek` took out early, which `.next` gives first.
    peeked: Option<Value>,
}

impl Object for Generator {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.function.value());
        tracer.mark(self.closure);
        tracer.mark_all(&self.registers);
        for (_, upvalue) in &self.upvalues {
            tracer.mark(upvalue.value());
        }
        if let Some(value) = self.peeked {
            tracer.mark(value);
        }
    }

    fn extra_bytes(&self) -> usize {
        self.registers.capacity() * std::mem::size_of::<Value>()
    }
}

impl Vm {
    /// A generator of the generator function `function` (its closure `closure`), with the
    /// arguments at `site` bound to its parameters, not started.
    pub(crate) fn make_generator(
        &mut self,
        function: Gc<Function>,
        closure: Value,
        site: CallSite,
    ) -> Result<Value, VmError> {
        self.bind_only(function, site)?;
        let size = usize::from(function.get(&self.heap).proto.registers);
        let registers = self.registers[site.base..site.base + size].to_vec();
        let generator = Generator {
            function,
            closure,
            state: GeneratorState::Suspended,
            registers,
            pc: 0,
            handlers: Vec::new(),
            upvalues: Vec::new(),
            peeked: None,
        };
        Ok(self.heap.alloc(generator).map_err(out_of_memory)?.value())
    }

    /// The next value of `generator`: what it yields next, or `not_found` once it is done.
    pub(crate) fn generator_next(&mut self, generator: Gc<Generator>) -> Result<Value, VmError> {
        if let Some(value) = generator.get_mut(&mut self.heap).peeked.take() {
            return Ok(value);
        }
        match generator.get(&self.heap).state {
            GeneratorState::Done => return Ok(Value::NOT_FOUND),
            GeneratorState::Running => {
                return Err(VmError::new(
                    "a generator cannot ask itself for its next value",
                ))
            }
            GeneratorState::Suspended => {}
        }
        self.resume(generator)
    }

    /// Whether `generator` has a next value; finding out runs it to its next `yield`, and
    /// `.next` then gives that value.
    pub(crate) fn generator_peek(&mut self, generator: Gc<Generator>) -> Result<Value, VmError> {
        if let Some(value) = generator.get(&self.heap).peeked {
            return Ok(value);
        }
        let value = self.generator_next(generator)?;
        if value != Value::NOT_FOUND {
            generator.get_mut(&mut self.heap).peeked = Some(value);
        }
        Ok(value)
    }

    fn resume(&mut self, generator: Gc<Generator>) -> Result<Value, VmError> {
        if self.native_depth >= crate::interp::MAX_NATIVE_DEPTH {
            return Err(VmError::of(
                crate::runtime::errors::ErrorKind::StackOverflow,
                "stack overflow: generators resumed inside each other too deeply",
            ));
        }
        if self.frames.len() >= self.max_call_depth {
            return Err(VmError::of(
                crate::runtime::errors::ErrorKind::StackOverflow,
                format!(
                    "stack overflow: calls nested more than {} deep",
                    self.max_call_depth
                ),
            ));
        }
        // The frame goes past every register in use, with its result register below it.
        let ret = self.free_registers_start();
        let base = self.registers.frame(ret + 1)?;
        let state = generator.get_mut(&mut self.heap);
        state.state = GeneratorState::Running;
        let (function, closure, pc) = (state.function, state.closure, state.pc);
        let registers = std::mem::take(&mut state.registers);
        let handlers = std::mem::take(&mut state.handlers);
        let upvalues = std::mem::take(&mut state.upvalues);
        self.registers
            .reserve(base.index() + registers.len() + crate::registers::WINDOW);
        self.registers[base.index()..base.index() + registers.len()].copy_from_slice(&registers);
        // While suspended the cells were the variables; now the registers are again.
        for (slot, upvalue) in upvalues {
            let at = base.index() + slot;
            if let Upvalue::Closed(value) = *upvalue.get(&self.heap) {
                self.registers[at] = value;
            }
            *upvalue.get_mut(&mut self.heap) = Upvalue::Open(at);
            self.open_upvalues.push((at, upvalue));
        }
        let depth = self.frames.len();
        self.frames.push(CallFrame {
            function,
            closure,
            pc,
            base,
            ret: crate::interp::frame_index(ret)?,
        });
        for (reg, target) in handlers {
            self.handlers.push(Handler {
                frame: depth,
                reg,
                target,
            });
        }
        self.running_generators.push(generator);
        self.native_depth += 1;
        let result = self.execute(depth);
        self.native_depth -= 1;
        self.running_generators.pop();
        let state = generator.get_mut(&mut self.heap);
        match result {
            // It yielded: `Yield` suspended it already.
            Ok(value) if state.state == GeneratorState::Suspended => Ok(value),
            // It returned.
            Ok(_) => {
                state.state = GeneratorState::Done;
                Ok(Value::NOT_FOUND)
            }
            Err(error) => {
                state.state = GeneratorState::Done;
                self.unwind_to(depth);
                Err(error)
            }
        }
    }

    /// `Yield` in the frame at `base` (the running one): copies the frame into its
    /// generator, to go on at `pc`, with its handlers and open upvalues.
    pub(crate) fn suspend_generator(&mut self, base: usize, pc: u32) -> Result<(), VmError> {
        let Some(&generator) = self.running_generators.last() else {
            return Err(VmError::new("`yield` ran outside a generator"));
        };
        let frame = self.frames.len() - 1;
        let function = self.frames[frame].function;
        let size = usize::from(function.get(&self.heap).proto.registers);
        let registers = self.registers[base..base + size].to_vec();
        let mut handlers = Vec::new();
        while self.handlers.last().is_some_and(|h| h.frame == frame) {
            let handler = self.handlers.pop().expect("checked");
            handlers.push((handler.reg, handler.target));
        }
        handlers.reverse();
        let mut upvalues = Vec::new();
        while let Some(&(slot, upvalue)) = self.open_upvalues.last() {
            if slot < base {
                break;
            }
            *upvalue.get_mut(&mut self.heap) = Upvalue::Closed(self.registers[slot]);
            self.open_upvalues.pop();
            upvalues.push((slot - base, upvalue));
        }
        upvalues.reverse();
        let state = generator.get_mut(&mut self.heap);
        state.registers = registers;
        state.pc = pc;
        state.handlers = handlers;
        state.upvalues = upvalues;
        state.state = GeneratorState::Suspended;
        Ok(())
    }
}
