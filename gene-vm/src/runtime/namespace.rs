//! Namespaces: named bags of members (`geo/area`), made by `(ns geo …)`. Members are read
//! and written like properties; a namespace with an `on_member_missing` member calls it with
//! the name of a member it lacks, and its result is the member's value.

use indexmap::IndexMap;

use crate::heap::{Gc, Object, Tracer};
use crate::value::{SymbolId, Value};
use crate::vm::{out_of_memory, Vm, VmError};

pub struct Namespace {
    pub name: SymbolId,
    pub members: IndexMap<SymbolId, Value, foldhash::fast::RandomState>,
}

impl Object for Namespace {
    fn trace(&self, tracer: &mut Tracer) {
        for &member in self.members.values() {
            tracer.mark(member);
        }
    }

    fn extra_bytes(&self) -> usize {
        self.members.capacity() * 24
    }
}

impl Vm {
    pub(crate) fn new_namespace(&mut self, name: SymbolId) -> Result<Value, VmError> {
        let namespace = Namespace {
            name,
            members: IndexMap::default(),
        };
        Ok(self.heap.alloc(namespace).map_err(out_of_memory)?.value())
    }

    /// Member `key` of `namespace`; a missing one is void, or what its `on_member_missing`
    /// gives for the name.
    pub(crate) fn namespace_member(
        &mut self,
        namespace: Gc<Namespace>,
        key: SymbolId,
    ) -> Result<Value, VmError> {
        let members = &namespace.get(&self.heap).members;
        if let Some(&value) = members.get(&key) {
            return Ok(value);
        }
        let handler = self
            .symbols
            .lookup("on_member_missing")
            .and_then(|name| members.get(&name).copied());
        let Some(handler) = handler else {
            return Ok(Value::VOID);
        };
        let name = self.string(self.symbols.name(key).to_string())?;
        self.call_value(handler, &[name])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_member_is_void_or_what_on_member_missing_gives() {
        let mut vm = Vm::new();
        let name = vm.symbols.intern("dyn");
        let value = vm.new_namespace(name).expect("room");
        let namespace = vm.heap.downcast::<Namespace>(value).expect("a namespace");
        let foo = vm.symbols.intern("foo");
        assert_eq!(vm.namespace_member(namespace, foo).unwrap(), Value::VOID);
        let one = Value::small_int(1).unwrap();
        namespace.get_mut(&mut vm.heap).members.insert(foo, one);
        assert_eq!(vm.namespace_member(namespace, foo).unwrap(), one);
        // A handler gets the missing name and answers for it.
        let handle = vm
            .eval("(fn [name] (name .append \"!\"))")
            .expect("compiles");
        let handler = handle.raw();
        let key = vm.symbols.intern("on_member_missing");
        namespace.get_mut(&mut vm.heap).members.insert(key, handler);
        let bar = vm.symbols.intern("bar");
        let answer = vm.namespace_member(namespace, bar).unwrap();
        assert_eq!(vm.as_str(answer), Some("bar!"));
    }
}
