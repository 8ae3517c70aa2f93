//! Modules: each program file (for now, the one module that `eval`, `gene run` and the REPL
//! share) has its own table of globals. Compiled code names a global by its slot in its
//! module's table, and every function knows its module, so a global access is an indexed
//! load from the running function's module and the 65,536-slot limit of the operand is per
//! module, not per VM.

use gene_compiler::isa::GlobalSlot;
use gene_compiler::Globals;

use crate::heap::{Gc, Object, Tracer};
use crate::value::Value;
use crate::vm::Vm;

/// A module's globals: their names (which the compiler turns into slots) and values
/// (`Value::UNDEFINED` until defined).
pub(crate) struct Module {
    pub(crate) names: Globals,
    pub(crate) values: Vec<Value>,
}

impl Module {
    pub(crate) fn new() -> Module {
        Module {
            names: Globals::new(),
            values: Vec::new(),
        }
    }

    /// Makes room for the globals the compiler has named since the last time.
    pub(crate) fn grow(&mut self) {
        let len = self.names.len().max(self.values.len());
        self.values.resize(len, Value::UNDEFINED);
    }

    pub(crate) fn set(&mut self, slot: GlobalSlot, value: Value) {
        self.grow();
        self.values[usize::from(slot.0)] = value;
    }

    /// Defines (or sets) the global `name`; false when the module has no slot left for a
    /// new name.
    pub(crate) fn define(&mut self, name: &str, value: Value) -> bool {
        match self.names.try_slot(name) {
            Some(slot) => {
                self.set(slot, value);
                true
            }
            None => false,
        }
    }

    /// The value of the global `name`, if it is defined.
    pub(crate) fn get(&self, name: &str) -> Option<Value> {
        let slot = self.names.lookup(name)?;
        let value = *self.values.get(usize::from(slot.0))?;
        (value != Value::UNDEFINED).then_some(value)
    }
}

impl Object for Module {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark_all(&self.values);
    }

    fn extra_bytes(&self) -> usize {
        self.values.capacity() * std::mem::size_of::<Value>()
    }
}

impl Vm {
    /// The module the running code belongs to (the main module when nothing runs).
    pub(crate) fn running_module(&self) -> Gc<Module> {
        match self.frames.last() {
            Some(frame) => frame.function.get(&self.heap).module,
            None => self.main_module,
        }
    }

    /// Sets a global of the main module that the standard library defines (its names are
    /// few, far below the limit).
    pub(crate) fn set_global_value(&mut self, name: &str, value: Value) {
        let defined = self.main_module.get_mut(&mut self.heap).define(name, value);
        assert!(defined, "the standard library's globals fit");
    }

    /// The value of the main module's global `name`, if it is defined.
    pub(crate) fn global_value(&self, name: &str) -> Option<Value> {
        self.main_module.get(&self.heap).get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::Module;
    use crate::vm::Vm;
    use gene_syntax::SourceFile;

    /// Two modules each have their own globals under the same names, and code runs with the
    /// globals of the module it was compiled in, also when called from the other one.
    #[test]
    fn each_module_has_its_own_globals() {
        let mut vm = Vm::new();
        let other = vm.heap.alloc(Module::new()).expect("room");
        let _kept = vm.root(other.value());
        let main = vm.main_module;
        let run = |vm: &mut Vm, module, code: &str| {
            let value = vm
                .run_source_in(&SourceFile::new("<test>", code), module)
                .unwrap_or_else(|_| panic!("{code} runs"));
            vm.as_int(value)
        };
        run(&mut vm, main, "(var x 1) (fn read_x [] x)");
        run(&mut vm, other, "(var x 2) (fn read_x [] x)");
        assert_eq!(run(&mut vm, main, "(x + 10)"), Some(11));
        assert_eq!(run(&mut vm, other, "(x + 10)"), Some(12));
        // A function of the main module, handed to the other one, reads main's `x`.
        let read_x = vm.global_value("read_x").expect("defined");
        let slot = other.get(&vm.heap).names.lookup("read_x").expect("named");
        other.get_mut(&mut vm.heap).set(slot, read_x);
        assert_eq!(run(&mut vm, other, "(read_x)"), Some(1));
        assert_eq!(
            other.get(&vm.heap).get("x").and_then(|v| v.as_small_int()),
            Some(2)
        );
    }
}
