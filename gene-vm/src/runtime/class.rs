//! Classes and instances. Every class, built-in (`Int`, `Array`, `Exception`) or defined by
//! a program, is a `Class` object with its own method table and an optional parent; a
//! method is found by walking up the parents, and call sites cache what they found
//! (`methods.rs`). An instance keeps its properties in slots laid out by its shape
//! (`shape.rs`), or, past `MAX_SHAPED` of them, in a map of its own.

use std::collections::HashMap;

use indexmap::IndexMap;

use super::shape::ShapeId;
use crate::heap::{Gc, Object, Tracer};
use crate::methods::Method;
use crate::value::{SymbolId, Value};
use crate::vm::{out_of_memory, Vm, VmError};

pub struct Class {
    pub name: SymbolId,
    pub parent: Option<Gc<Class>>,
    pub methods: HashMap<SymbolId, Method, foldhash::fast::RandomState>,
    /// What `Class/name` reads: nested classes and metadata such as `^fields`.
    pub members: IndexMap<SymbolId, Value, foldhash::fast::RandomState>,
}

impl Class {
    pub(crate) fn new(name: SymbolId, parent: Option<Gc<Class>>) -> Class {
        Class {
            name,
            parent,
            methods: HashMap::default(),
            members: IndexMap::default(),
        }
    }
}

impl Object for Class {
    fn trace(&self, tracer: &mut Tracer) {
        if let Some(parent) = self.parent {
            tracer.mark(parent.value());
        }
        for method in self.methods.values() {
            if let Method::Callable(callable) = method {
                tracer.mark(*callable);
            }
        }
        for &member in self.members.values() {
            tracer.mark(member);
        }
    }

    fn extra_bytes(&self) -> usize {
        (self.methods.capacity() + self.members.capacity()) * 32
    }
}

/// An instance's properties.
pub enum Props {
    /// Slots in the order of the shape's names.
    Shaped { shape: ShapeId, slots: Vec<Value> },
    /// Too many properties for a shape: a map, in the order they were added (boxed, so
    /// that ordinary instances stay small).
    Dict(Box<IndexMap<SymbolId, Value, foldhash::fast::RandomState>>),
}

pub struct Instance {
    pub class: Gc<Class>,
    pub props: Props,
    /// An exception the VM made of a thrown string (or other value): uncaught, it reports
    /// its bare message (`error: boom`), where one a program made reports its class too
    /// (`error: MyError: boom`).
    pub bare_report: bool,
}

impl Object for Instance {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.class.value());
        match &self.props {
            Props::Shaped { slots, .. } => tracer.mark_all(slots),
            Props::Dict(map) => {
                for &value in map.values() {
                    tracer.mark(value);
                }
            }
        }
    }

    fn extra_bytes(&self) -> usize {
        match &self.props {
            Props::Shaped { slots, .. } => slots.capacity() * std::mem::size_of::<Value>(),
            Props::Dict(map) => map.capacity() * 24,
        }
    }
}

impl Vm {
    /// A new class, derived from `parent` (or from `Object`).
    pub(crate) fn new_class(
        &mut self,
        name: SymbolId,
        parent: Option<Gc<Class>>,
    ) -> Result<Gc<Class>, VmError> {
        let parent = parent.unwrap_or(self.builtin_classes.object);
        let class = self
            .heap
            .alloc(Class::new(name, Some(parent)))
            .map_err(out_of_memory)?;
        // A call site's cache may name a class that was freed, at the address this one now
        // has: a new version makes every cache look again.
        self.methods.bump_version();
        Ok(class)
    }

    /// Makes `method` the method `name` of `class`; every call site sees it at once.
    pub(crate) fn define_class_method(&mut self, class: Gc<Class>, name: SymbolId, method: Method) {
        class.get_mut(&mut self.heap).methods.insert(name, method);
        self.methods.bump_version();
    }

    /// Method `name` of instances of `class`: its own, else its parent's, and so on.
    pub(crate) fn find_method_in(&self, class: Gc<Class>, name: SymbolId) -> Option<Method> {
        let mut current = Some(class);
        while let Some(class) = current {
            let class = class.get(&self.heap);
            if let Some(&method) = class.methods.get(&name) {
                return Some(method);
            }
            current = class.parent;
        }
        None
    }

    /// Calls method `name` of `receiver` with `args` from native code, if its class has one.
    pub(crate) fn call_method_named(
        &mut self,
        receiver: Value,
        name: &str,
        args: &[Value],
    ) -> Result<Option<Value>, VmError> {
        let id = self.symbols.intern(name);
        let Some(method) = self.find_method_in(self.class_of(receiver), id) else {
            return Ok(None);
        };
        let mut all = Vec::with_capacity(args.len() + 1);
        all.push(receiver);
        all.extend_from_slice(args);
        Ok(Some(self.call_method_value(method, id, &all)?))
    }

    /// `a == b` as programs see it: an instance whose class defines a `==` method decides
    /// (with `b` as its argument); everything else compares as `ops::equal` does.
    pub(crate) fn equal_values(&mut self, a: Value, b: Value) -> Result<bool, VmError> {
        let Some(instance) = self.heap.downcast::<Instance>(a) else {
            return Ok(crate::ops::equal(self, a, b));
        };
        let class = instance.get(&self.heap).class;
        let eq = self.fast_names.eq;
        match self.find_method_in(class, eq) {
            Some(method) => Ok(self.call_method_value(method, eq, &[a, b])?.is_truthy()),
            None => Ok(crate::ops::equal(self, a, b)),
        }
    }

    /// An instance of `class` with no properties yet.
    pub(crate) fn new_instance(&mut self, class: Gc<Class>) -> Result<Value, VmError> {
        let instance = Instance {
            class,
            props: Props::Shaped {
                shape: ShapeId::EMPTY,
                slots: Vec::new(),
            },
            bare_report: false,
        };
        Ok(self.heap.alloc(instance).map_err(out_of_memory)?.value())
    }

    /// Property `key` of `instance`, or `None` when it has none of the name.
    pub(crate) fn instance_prop(&self, instance: Gc<Instance>, key: SymbolId) -> Option<Value> {
        match &instance.get(&self.heap).props {
            Props::Shaped { shape, slots } => self.shapes.slot(*shape, key).map(|slot| slots[slot]),
            Props::Dict(map) => map.get(&key).copied(),
        }
    }

    /// Sets property `key` of `instance`, adding it if it is new; returns the slot of a
    /// shaped instance's property (for the caller's inline cache) and the shape before.
    pub(crate) fn set_instance_prop(
        &mut self,
        instance: Gc<Instance>,
        key: SymbolId,
        value: Value,
    ) -> Option<(ShapeId, ShapeId, usize)> {
        let Vm { heap, shapes, .. } = self;
        let object = instance.get_mut(heap);
        let (shape, slots) = match &mut object.props {
            Props::Dict(map) => {
                map.insert(key, value);
                return None;
            }
            Props::Shaped { shape, slots } => (shape, slots),
        };
        let before = *shape;
        if let Some(slot) = shapes.slot(before, key) {
            slots[slot] = value;
            return Some((before, before, slot));
        }
        match shapes.with_key(before, key) {
            Some(after) => {
                let capacity = slots.capacity();
                slots.push(value);
                *shape = after;
                let grown = slots.capacity() - capacity;
                let slot = slots.len() - 1;
                heap.grew(grown * std::mem::size_of::<Value>());
                Some((before, after, slot))
            }
            None => {
                let mut map: IndexMap<SymbolId, Value, foldhash::fast::RandomState> =
                    IndexMap::default();
                for (&name, &slot_value) in shapes.keys(before).iter().zip(slots.iter()) {
                    map.insert(name, slot_value);
                }
                map.insert(key, value);
                object.props = Props::Dict(Box::new(map));
                None
            }
        }
    }

    /// The properties of `instance`, in order, for printing and iteration.
    pub(crate) fn instance_props(&self, instance: Gc<Instance>) -> Vec<(SymbolId, Value)> {
        match &instance.get(&self.heap).props {
            Props::Shaped { shape, slots } => self
                .shapes
                .keys(*shape)
                .iter()
                .copied()
                .zip(slots.iter().copied())
                .collect(),
            Props::Dict(map) => map.iter().map(|(&k, &v)| (k, v)).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::shape::MAX_SHAPED;

    #[test]
    fn methods_are_found_up_the_parents_and_the_nearest_wins() {
        let mut vm = Vm::new();
        let name = |vm: &mut Vm, n: &str| vm.symbols.intern(n);
        let (base_name, child_name, greet, only_base) = (
            name(&mut vm, "Base"),
            name(&mut vm, "Child"),
            name(&mut vm, "greet"),
            name(&mut vm, "only_base"),
        );
        let base = vm.new_class(base_name, None).expect("room");
        let child = vm.new_class(child_name, Some(base)).expect("room");
        let (one, two) = (Value::small_int(1).unwrap(), Value::small_int(2).unwrap());
        vm.define_class_method(base, greet, Method::Callable(one));
        vm.define_class_method(base, only_base, Method::Callable(one));
        vm.define_class_method(child, greet, Method::Callable(two));
        let found = |vm: &Vm, class, n| match vm.find_method_in(class, n) {
            Some(Method::Callable(v)) => Some(v),
            _ => None,
        };
        assert_eq!(found(&vm, child, greet), Some(two));
        assert_eq!(found(&vm, child, only_base), Some(one));
        assert_eq!(found(&vm, base, greet), Some(one));
        let missing = name(&mut vm, "missing");
        assert_eq!(found(&vm, child, missing), None);
        // Every class derives from Object, which derives from Any.
        assert!(vm.derives_from(child, vm.builtin_classes.object));
        assert!(vm.derives_from(child, vm.builtin_classes.any));
    }

    #[test]
    fn an_instance_past_the_shape_limit_keeps_its_properties_in_order() {
        let mut vm = Vm::new();
        let class_name = vm.symbols.intern("Wide");
        let class = vm.new_class(class_name, None).expect("room");
        let value = vm.new_instance(class).expect("room");
        let instance = vm.heap.downcast::<Instance>(value).expect("an instance");
        let keys: Vec<SymbolId> = (0..MAX_SHAPED + 5)
            .map(|n| vm.symbols.intern(&format!("p{n}")))
            .collect();
        for (n, &key) in keys.iter().enumerate() {
            vm.set_instance_prop(instance, key, Value::small_int(n as i64).unwrap());
        }
        assert!(matches!(instance.get(&vm.heap).props, Props::Dict(_)));
        let props = vm.instance_props(instance);
        assert_eq!(props.len(), keys.len());
        for (n, (key, value)) in props.into_iter().enumerate() {
            assert_eq!(key, keys[n]);
            assert_eq!(value, Value::small_int(n as i64).unwrap());
        }
        // Overwriting keeps the order and the count.
        vm.set_instance_prop(instance, keys[3], Value::TRUE);
        assert_eq!(vm.instance_prop(instance, keys[3]), Some(Value::TRUE));
        assert_eq!(vm.instance_props(instance).len(), keys.len());
    }
}
