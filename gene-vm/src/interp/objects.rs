//! The object instructions' work, apart from the calls they make (which the dispatch loop
//! enters like any other): making classes and defining their methods (`NewClass`,
//! `DefMethod`), making instances (`New`), and finding the method `super` names
//! (`CallSuper`).

use crate::function::Function;
use crate::heap::Gc;
use crate::methods::Method;
use crate::runtime::class::Class;
use crate::value::{SymbolId, Value};
use crate::vm::{Vm, VmError};

impl Vm {
    /// The class `name`, derived from `parent` (nil: from `Object`).
    pub(super) fn class_from(&mut self, name: SymbolId, parent: Value) -> Result<Value, VmError> {
        let parent = if parent.is_nil() {
            None
        } else {
            let Some(class) = self.heap.downcast::<Class>(parent) else {
                return Err(VmError::type_error(format!(
                    "class {} can only derive from a class, not from {}",
                    self.symbols.name(name),
                    crate::print::display(self, parent, crate::print::Style::Nested)
                )));
            };
            Some(class)
        };
        Ok(self.new_class(name, parent)?.value())
    }

    pub(super) fn define_method_on(
        &mut self,
        class: Value,
        name: SymbolId,
        method: Value,
    ) -> Result<(), VmError> {
        let class = self
            .heap
            .downcast::<Class>(class)
            .ok_or_else(|| VmError::new("methods are defined on classes"))?;
        self.define_class_method(class, name, Method::Callable(method));
        Ok(())
    }

    /// `(new Class args…)` with the class in register `start` and `argc` arguments after
    /// it: puts a new instance in its place and returns its constructor to run, if it has
    /// one.
    pub(super) fn prepare_new(
        &mut self,
        start: usize,
        argc: usize,
        keywords: bool,
    ) -> Result<Option<Method>, VmError> {
        let value = self.registers[start];
        let Some(class) = self.heap.downcast::<Class>(value) else {
            return Err(VmError::type_error(format!(
                "`new` makes instances of a class, not of {}",
                crate::print::display(self, value, crate::print::Style::Nested)
            )));
        };
        if self.builtin_classes.makes_values(class) {
            let args = self.registers[start + 1..start + 1 + argc].to_vec();
            let props = keywords.then(|| self.registers[start + 1 + argc]);
            if let Some(made) = self.construct_builtin(value, &args, props) {
                self.registers[start] = made?;
                return Ok(None);
            }
            return Err(VmError::type_error(format!(
                "{} values are not made with `new`",
                self.symbols.name(class.get(&self.heap).name)
            )));
        }
        let instance = self.new_instance(class)?;
        self.registers[start] = instance;
        let ctor = self.find_method_in(class, self.fast_names.ctor);
        if ctor.is_none() && (argc > 0 || keywords) {
            return Err(VmError::argument_error(format!(
                "{} has no constructor, so `new` takes no arguments (given {argc})",
                self.symbols.name(class.get(&self.heap).name)
            )));
        }
        Ok(ctor)
    }

    /// The method `name` that `(super .name …)` calls in a method of `class`: its parent's,
    /// through call site `ic` of `function`.
    pub(super) fn super_method(
        &self,
        function: Gc<Function>,
        ic: usize,
        class: Value,
        name: SymbolId,
    ) -> Result<Method, VmError> {
        let class = self
            .heap
            .downcast::<Class>(class)
            .ok_or_else(|| VmError::new("`super` runs in the methods of a class"))?;
        let class_name = || self.symbols.name(class.get(&self.heap).name);
        let parent = class.get(&self.heap).parent;
        // Classes that name no parent derive from `Object`, which has no methods to call.
        let Some(parent) = parent.filter(|&p| p != self.builtin_classes.object) else {
            return Err(VmError::new(format!(
                "{} has no parent class, so `super` has no `.{}`",
                class_name(),
                self.symbols.name(name)
            )));
        };
        self.cached_method(function, ic, parent, name)
            .ok_or_else(|| {
                VmError::new(format!(
                    "{}, the parent of {}, has no method `.{}`",
                    type_name_of_class(self, parent),
                    class_name(),
                    self.symbols.name(name)
                ))
            })
    }
}

fn type_name_of_class(vm: &Vm, class: Gc<Class>) -> &str {
    vm.symbols.name(class.get(&vm.heap).name)
}
