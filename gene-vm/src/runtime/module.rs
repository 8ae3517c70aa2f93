//! Modules: each program file has its own table of globals. Compiled code names a global by
//! its slot in its module's table, and every function knows its module, so a global access
//! is an indexed load from the running function's module and the 65,536-slot limit of the
//! operand is per module, not per VM.
//!
//! The standard library lives in one more module, the VM's `builtins`, which no code runs
//! in. A module sees it by seeding: when the compiler first names a slot, the slot starts
//! out holding the builtin of that name, if there is one (`Vm::grow_module`). Reading a
//! global stays one indexed load, a module may still define its own `println`, and what
//! one module defines is never seen by another. A few builtins are made only when the
//! compiler first names them (`stdlib::lazy_builtin`).

use std::path::PathBuf;
use std::rc::Rc;

use gene_compiler::isa::GlobalSlot;
use gene_compiler::Globals;
use gene_syntax::SourceFile;

use crate::heap::{Gc, Object, Tracer};
use crate::runtime::namespace::Namespace;
use crate::value::Value;
use crate::vm::Vm;

/// A module's globals: their names (which the compiler turns into slots) and values
/// (`Value::UNDEFINED` until defined), and what it is as a file.
pub(crate) struct Module {
    pub(crate) names: Globals,
    pub(crate) values: Vec<Value>,
    /// What `$ns` is at the file's top level; once the file has run, its members are the
    /// module's exports (`runtime/import.rs`). Made when first asked for.
    pub(crate) namespace: Option<Gc<Namespace>>,
    /// The file, canonical; `None` for the main module of code that came from no file
    /// (`eval`, the REPL), which imports from the current directory.
    pub(crate) path: Option<PathBuf>,
    /// The file's text, for stack traces; `None` for the main module, whose source the host
    /// has.
    pub(crate) source: Option<Rc<SourceFile>>,
}

impl Module {
    /// The names of the globals that hold a value.
    pub(crate) fn defined_names(&self) -> impl Iterator<Item = &str> {
        (self.values.iter().enumerate())
            .filter(|&(_, &value)| value != Value::UNDEFINED)
            // Slots are 16-bit operands, so every index fits.
            .map(|(slot, _)| self.names.name(GlobalSlot(slot as u16)))
    }

    pub(crate) fn new() -> Module {
        Module {
            names: Globals::new(),
            values: Vec::new(),
            namespace: None,
            path: None,
            source: None,
        }
    }

    /// Makes room for the globals the compiler has named since the last time (unseeded:
    /// `Vm::grow_module` seeds them).
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
        if let Some(namespace) = self.namespace {
            tracer.mark(namespace.value());
        }
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

    /// Makes room in `module` for the globals the compiler has named since the last time,
    /// each starting out as the builtin of its name, if there is one.
    pub(crate) fn grow_module(&mut self, module: Gc<Module>) {
        let (from, to) = {
            let module = module.get(&self.heap);
            (module.values.len(), module.names.len())
        };
        if from >= to || module == self.builtins {
            module.get_mut(&mut self.heap).grow();
            return;
        }
        self.make_lazy_builtins(module, from, to);
        let seeds: Vec<Value> = {
            let (names, builtins) = (&module.get(&self.heap).names, self.builtins.get(&self.heap));
            (from..to)
                .map(|slot| {
                    let slot = GlobalSlot(u16::try_from(slot).expect("slots are 16-bit"));
                    builtins.get(names.name(slot)).unwrap_or(Value::UNDEFINED)
                })
                .collect()
        };
        module.get_mut(&mut self.heap).values.extend(seeds);
    }

    /// Makes the lazy builtins (`stdlib::lazy_builtin`) that slots `from..to` of `module`,
    /// just named by the compiler, name and that do not exist yet. Nothing collects here
    /// (allocation never does), and each is rooted as a builtin at once.
    fn make_lazy_builtins(&mut self, module: Gc<Module>, from: usize, to: usize) {
        let makers: Vec<(String, crate::stdlib::LazyBuiltin)> = {
            let (names, builtins) = (&module.get(&self.heap).names, self.builtins.get(&self.heap));
            (from..to)
                .map(|slot| names.name(GlobalSlot(slot as u16)))
                .filter(|name| builtins.get(name).is_none())
                .filter_map(|name| Some((name.to_string(), crate::stdlib::lazy_builtin(name)?)))
                .collect()
        };
        for (name, make) in makers {
            // Past the heap limit the name stays undefined, which reading it reports.
            if let Ok(value) = make(self) {
                // Only the builtins take it: the slots being seeded are not made yet.
                self.builtins.get_mut(&mut self.heap).define(&name, value);
            }
        }
    }

    /// Defines a builtin: a global every module sees (the standard library's names are
    /// few, far below the limit). The main module's slot of that name, if code has named
    /// it already, takes it too, so a host may define a function after compiling code
    /// that calls it.
    pub(crate) fn set_global_value(&mut self, name: &str, value: Value) {
        let defined = self.define_builtin_value(name, value);
        assert!(defined, "the standard library's globals fit");
    }

    /// As [`Vm::set_global_value`]; false when the builtins have no slot left for `name`.
    pub(crate) fn define_builtin_value(&mut self, name: &str, value: Value) -> bool {
        if !self.builtins.get_mut(&mut self.heap).define(name, value) {
            return false;
        }
        let main = self.main_module.get_mut(&mut self.heap);
        if let Some(slot) = main.names.lookup(name) {
            main.set(slot, value);
        }
        true
    }

    /// The value of the main module's global `name` (or the builtin), if it is defined.
    pub(crate) fn global_value(&self, name: &str) -> Option<Value> {
        self.main_module
            .get(&self.heap)
            .get(name)
            .or_else(|| self.builtins.get(&self.heap).get(name))
    }
}

#[cfg(test)]
mod tests {
    use super::Module;
    use crate::vm::Vm;
    use gene_syntax::SourceFile;

    /// A module's slots start out holding the builtins of their names, and a module that
    /// redefines one changes its own slot only.
    #[test]
    fn builtins_seed_every_module_and_stay_unchanged() {
        let mut vm = Vm::new();
        let other = vm.heap.alloc(Module::new()).expect("room");
        let _kept = vm.root(other.value());
        let main = vm.main_module;
        let builtin_abs = vm.builtins.get(&vm.heap).get("abs").expect("a builtin");
        vm.run_source_in(&SourceFile::new("<test>", "(fn abs [x] 0)"), main)
            .unwrap_or_else(|_| panic!("runs"));
        let value = vm
            .run_source_in(&SourceFile::new("<test>", "(abs -4)"), other)
            .unwrap_or_else(|_| panic!("runs"));
        assert_eq!(vm.as_int(value), Some(4));
        assert_eq!(vm.builtins.get(&vm.heap).get("abs"), Some(builtin_abs));
        assert_ne!(vm.main_module.get(&vm.heap).get("abs"), Some(builtin_abs));
    }

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
