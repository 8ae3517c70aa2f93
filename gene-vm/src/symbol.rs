//! The symbol table: every symbol and property name is interned once, so a symbol is a
//! 32-bit id inside a [`Value`](crate::value::Value) and comparing two is comparing ids.

use indexmap::IndexSet;

use crate::value::SymbolId;

/// Interned names. Ids are indices that never change, so compiled code can embed them.
#[derive(Default)]
pub struct SymbolTable {
    names: IndexSet<Box<str>, foldhash::fast::RandomState>,
}

impl SymbolTable {
    pub(crate) fn new() -> SymbolTable {
        // Room for the standard library's names (about 280) and a program's first ones:
        // grown from empty, the table was rehashed through every size at start-up.
        SymbolTable {
            names: IndexSet::with_capacity_and_hasher(512, Default::default()),
        }
    }

    /// The id of `name`, interning it on first sight.
    pub(crate) fn intern(&mut self, name: &str) -> SymbolId {
        if let Some(index) = self.names.get_index_of(name) {
            return SymbolId(index as u32);
        }
        let (index, _) = self.names.insert_full(name.into());
        SymbolId(u32::try_from(index).expect("fewer than 2^32 distinct symbols"))
    }

    /// The id of `name` if it has been interned.
    pub(crate) fn lookup(&self, name: &str) -> Option<SymbolId> {
        self.names.get_index_of(name).map(|i| SymbolId(i as u32))
    }

    /// The name of an interned symbol.
    pub(crate) fn name(&self, id: SymbolId) -> &str {
        &self.names[id.0 as usize]
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.names.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interning_is_stable_and_idempotent() {
        let mut table = SymbolTable::new();
        let a = table.intern("a");
        let b = table.intern("b");
        assert_ne!(a, b);
        assert_eq!(table.intern("a"), a);
        assert_eq!(table.name(b), "b");
        assert_eq!(table.lookup("c"), None);
        assert_eq!(table.lookup("a"), Some(a));
        assert_eq!(table.len(), 2);
    }
}
