//! Upvalues: variables captured by closures (and by macro environments), Lua-style. While
//! the frame that declared a captured variable runs, the variable lives in its register and
//! the upvalue is *open*, pointing at that register; every closure capturing it shares the
//! one upvalue (`Vm::open_upvalues`, sorted by register). When the variable's scope ends
//! (`CloseUpvals`, a return, a tail call, an error unwinding the frame) the value moves into
//! the upvalue, which is then *closed*.

use gene_compiler::UpvalSource;

use crate::function::Function;
use crate::heap::{Closure, Env, Gc, Upvalue};
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

impl Vm {
    /// A closure of `function`, capturing what its upvalue descriptors name from the frame
    /// at `base` and the running closure.
    pub(crate) fn make_closure(
        &mut self,
        function: Gc<Function>,
        base: usize,
    ) -> Result<Value, VmError> {
        let count = function.get(&self.heap).proto.upvalues.len();
        let mut upvalues = Vec::with_capacity(count);
        for index in 0..count {
            let source = function.get(&self.heap).proto.upvalues[index];
            upvalues.push(self.upvalue_from(source, base)?);
        }
        Ok(self
            .heap
            .alloc(Closure {
                function,
                upvalues: upvalues.into_boxed_slice(),
            })
            .map_err(out_of_memory)?
            .value())
    }

    /// The macro-caller environment of layout `layout` of `function`'s frame at `base`,
    /// for `$caller_eval`.
    pub(crate) fn make_env(
        &mut self,
        function: Gc<Function>,
        layout: usize,
        base: usize,
    ) -> Result<Value, VmError> {
        let count = function.get(&self.heap).proto.env_layouts[layout].len();
        let mut upvalues = Vec::with_capacity(count);
        for index in 0..count {
            let (_, source) = function.get(&self.heap).proto.env_layouts[layout][index];
            upvalues.push(self.upvalue_from(source, base)?);
        }
        let env = Env {
            names: function.get(&self.heap).env_names[layout].clone(),
            upvalues: upvalues.into_boxed_slice(),
        };
        Ok(self.heap.alloc(env).map_err(out_of_memory)?.value())
    }

    fn upvalue_from(&mut self, source: UpvalSource, base: usize) -> Result<Gc<Upvalue>, VmError> {
        match source {
            UpvalSource::Local(reg) => self.capture(base + usize::from(reg)),
            UpvalSource::Upval(index) => Ok(self.current_upvalue(index)),
        }
    }

    /// Upvalue `index` of the running closure.
    #[inline(always)]
    pub(crate) fn current_upvalue(&self, index: u8) -> Gc<Upvalue> {
        let closure = self.frames.last().expect("running").closure;
        let closure = self
            .heap
            .downcast::<Closure>(closure)
            .expect("frames run closures");
        closure.get(&self.heap).upvalues[usize::from(index)]
    }

    /// The value of upvalue `index` of the running closure.
    #[inline(always)]
    pub(crate) fn read_upvalue(&self, index: u8) -> Value {
        match self.current_upvalue(index).get(&self.heap) {
            Upvalue::Open(slot) => self.registers[*slot],
            Upvalue::Closed(value) => *value,
        }
    }

    /// Sets upvalue `index` of the running closure.
    #[inline(always)]
    pub(crate) fn write_upvalue(&mut self, index: u8, value: Value) {
        let upvalue = self.current_upvalue(index);
        match upvalue.get_mut(&mut self.heap) {
            Upvalue::Open(slot) => self.registers[*slot] = value,
            Upvalue::Closed(closed) => *closed = value,
        }
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

    /// Closes the upvalues of registers `from` and up, if there are any: the common case,
    /// none, is one comparison.
    #[inline(always)]
    pub(crate) fn close_upvalues_from(&mut self, from: usize) {
        if self.open_upvalues.last().is_some_and(|&(s, _)| s >= from) {
            self.close_upvalues(from);
        }
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
}
