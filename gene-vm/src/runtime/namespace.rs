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

impl Vm {
    /// Makes `value` the member the path `gene/io/read_async` names: the last name in the
    /// namespace the others name, starting from a global, each namespace made when missing.
    /// For the standard library, which defines members of `gene` and its children.
    pub(crate) fn define_member_path(&mut self, path: &str, value: Value) {
        let (parents, last) = path.rsplit_once('/').expect("a path has a `/`");
        let mut names = parents.split('/');
        let first = names.next().expect("a path starts with a name");
        let mut namespace = match self.global_value(first) {
            Some(existing) => existing,
            None => {
                let made = self.stdlib_namespace(first);
                self.set_global_value(first, made);
                made
            }
        };
        for name in names {
            let key = self.symbols.intern(name);
            let parent = self
                .heap
                .downcast::<Namespace>(namespace)
                .expect("a namespace");
            namespace = match parent.get(&self.heap).members.get(&key) {
                Some(&existing) => existing,
                None => {
                    let made = self.stdlib_namespace(name);
                    parent.get_mut(&mut self.heap).members.insert(key, made);
                    made
                }
            };
        }
        let key = self.symbols.intern(last);
        let namespace = self
            .heap
            .downcast::<Namespace>(namespace)
            .expect("a namespace");
        namespace.get_mut(&mut self.heap).members.insert(key, value);
    }

    /// The member the path `gene/io/read_async` names, if each step is there.
    #[cfg(test)]
    pub(crate) fn member_path_value(&self, path: &str) -> Option<Value> {
        let mut names = path.split('/');
        let mut value = self.global_value(names.next()?)?;
        for name in names {
            let namespace = self.heap.downcast::<Namespace>(value)?;
            let key = self.symbols.lookup(name)?;
            value = *namespace.get(&self.heap).members.get(&key)?;
        }
        Some(value)
    }

    fn stdlib_namespace(&mut self, name: &str) -> Value {
        let name = self.symbols.intern(name);
        self.new_namespace(name)
            .expect("the heap has room for the standard library")
    }
}
