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
        let name = self.symbol_string(key)?;
        self.call_value(handler, &[name])
    }
}

impl Vm {
    /// Makes `value` the member the path `gene/io/read_async` names, for the standard
    /// library. `gene` is made when code first names it (`stdlib/namespaces.rs`), so the
    /// member waits in `stdlib_paths` (a root) until then and joins it there.
    pub(crate) fn define_member_path(&mut self, path: &'static str, value: Value) {
        assert!(
            path.starts_with("gene/"),
            "standard-library paths live in `gene`: {path}"
        );
        self.stdlib_paths.push((path, value));
    }

    /// Puts `value` at `path` below `root` (`io/read_async` below `gene`), making the
    /// namespaces on the way.
    pub(crate) fn put_member_path(&mut self, root: Gc<Namespace>, path: &str, value: Value) {
        let (parents, last) = match path.rsplit_once('/') {
            Some((parents, last)) => (Some(parents), last),
            None => (None, path),
        };
        let mut namespace = root;
        for name in parents.into_iter().flat_map(|p| p.split('/')) {
            let key = self.symbols.intern(name);
            let existing = namespace.get(&self.heap).members.get(&key).copied();
            let next = match existing.and_then(|v| self.heap.downcast::<Namespace>(v)) {
                Some(next) => next,
                None => {
                    let made = self.stdlib_namespace(name);
                    namespace.get_mut(&mut self.heap).members.insert(key, made);
                    self.heap.downcast::<Namespace>(made).expect("made above")
                }
            };
            namespace = next;
        }
        let key = self.symbols.intern(last);
        namespace.get_mut(&mut self.heap).members.insert(key, value);
    }

    /// The member the path `gene/io/read_async` names, if each step is there.
    #[cfg(test)]
    pub(crate) fn member_path_value(&self, path: &str) -> Option<Value> {
        if let Some(&(_, value)) = self.stdlib_paths.iter().find(|(p, _)| *p == path) {
            return Some(value);
        }
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
