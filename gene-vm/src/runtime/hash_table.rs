//! The operations of `HashMap` and `HashSet` on their [`HashTable`]: find, insert, remove.
//! A key is hashed once (`runtime/hashing.rs`); the entries with that hash are compared
//! with it by `Vm::keys_equal`. Entries keep insertion order; removing one shifts the later
//! ones down and rebuilds the index (the reference does the same), so removal is linear.

use crate::heap::{HashMapObject, HashSetObject, HashTable};
use crate::value::Value;
use crate::vm::{Vm, VmError};

impl Vm {
    /// The table of a `HashMap` or `HashSet` value.
    pub(crate) fn hash_table(&self, value: Value) -> Option<&HashTable> {
        if let Some(map) = self.heap.downcast::<HashMapObject>(value) {
            return Some(&map.get(&self.heap).0);
        }
        self.heap
            .downcast::<HashSetObject>(value)
            .map(|set| &set.get(&self.heap).0)
    }

    fn hash_table_mut(&mut self, value: Value) -> &mut HashTable {
        if let Some(map) = self.heap.downcast::<HashMapObject>(value) {
            return &mut map.get_mut(&mut self.heap).0;
        }
        let set = self
            .heap
            .downcast::<HashSetObject>(value)
            .expect("a HashMap or a HashSet");
        &mut set.get_mut(&mut self.heap).0
    }

    /// The position of `key` among the entries of the table `collection`, and its hash.
    pub(crate) fn table_find(
        &mut self,
        collection: Value,
        key: Value,
    ) -> Result<(Option<usize>, u64), VmError> {
        let hash = self.hash_value(key)?;
        let candidates = match self.hash_table(collection).and_then(|t| t.index.get(&hash)) {
            Some(positions) => positions.clone(),
            None => return Ok((None, hash)),
        };
        for position in candidates {
            let position = position as usize;
            let Some(&(candidate, _)) = self
                .hash_table(collection)
                .and_then(|t| t.entries.get(position))
            else {
                continue;
            };
            if self.keys_equal(candidate, key)? {
                return Ok((Some(position), hash));
            }
        }
        Ok((None, hash))
    }

    /// The value at `key`, if present.
    pub(crate) fn table_get(
        &mut self,
        collection: Value,
        key: Value,
    ) -> Result<Option<Value>, VmError> {
        let (position, _) = self.table_find(collection, key)?;
        Ok(position.map(|p| self.hash_table(collection).expect("a table").entries[p].1))
    }

    /// Sets `key` to `value` (a new key goes last); answers whether the key was new.
    pub(crate) fn table_insert(
        &mut self,
        collection: Value,
        key: Value,
        value: Value,
    ) -> Result<bool, VmError> {
        self.check_mutable(collection)?;
        let (position, hash) = self.table_find(collection, key)?;
        let table = self.hash_table_mut(collection);
        match position {
            Some(position) => {
                table.entries[position].1 = value;
                Ok(false)
            }
            None => {
                let position = u32::try_from(table.entries.len())
                    .map_err(|_| VmError::new("a hash collection holds at most 2^32 entries"))?;
                table.entries.push((key, value));
                table.index.entry(hash).or_default().push(position);
                Ok(true)
            }
        }
    }

    /// Removes `key`; answers its entry, if it was present.
    pub(crate) fn table_remove(
        &mut self,
        collection: Value,
        key: Value,
    ) -> Result<Option<(Value, Value)>, VmError> {
        self.check_mutable(collection)?;
        let (Some(position), _) = self.table_find(collection, key)? else {
            return Ok(None);
        };
        let table = self.hash_table_mut(collection);
        let removed = table.entries.remove(position);
        // Every later entry moved down one place.
        for positions in table.index.values_mut() {
            positions.retain(|&p| p as usize != position);
            for p in positions.iter_mut() {
                if *p as usize > position {
                    *p -= 1;
                }
            }
        }
        table.index.retain(|_, positions| !positions.is_empty());
        Ok(Some(removed))
    }

    /// Removes every entry.
    pub(crate) fn table_clear(&mut self, collection: Value) -> Result<(), VmError> {
        self.check_mutable(collection)?;
        let table = self.hash_table_mut(collection);
        table.entries.clear();
        table.index.clear();
        Ok(())
    }

    /// A new, empty `HashMap`.
    pub(crate) fn new_hash_map(&mut self) -> Result<Value, VmError> {
        let map = HashMapObject::default();
        Ok(self
            .heap
            .alloc(map)
            .map_err(crate::vm::out_of_memory)?
            .value())
    }

    /// A new, empty `HashSet`.
    pub(crate) fn new_hash_set(&mut self) -> Result<Value, VmError> {
        let set = HashSetObject::default();
        Ok(self
            .heap
            .alloc(set)
            .map_err(crate::vm::out_of_memory)?
            .value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn int(n: i64) -> Value {
        Value::small_int(n).expect("small")
    }

    /// After removals the index still finds every entry left, at its new position, and
    /// insertion order is kept.
    #[test]
    fn removal_keeps_the_index_and_the_order() {
        let mut vm = Vm::new();
        let map = vm.new_hash_map().expect("room");
        for n in 0..50 {
            assert!(vm.table_insert(map, int(n), int(n * 10)).unwrap());
        }
        assert!(!vm.table_insert(map, int(7), int(-7)).unwrap());
        for n in (0..50).step_by(3) {
            let removed = vm.table_remove(map, int(n)).unwrap();
            let value = if n == 7 { -7 } else { n * 10 };
            assert_eq!(removed, Some((int(n), int(value))));
        }
        assert_eq!(vm.table_remove(map, int(0)).unwrap(), None);
        for n in 0..50 {
            let expected = (n % 3 != 0).then(|| int(if n == 7 { -7 } else { n * 10 }));
            assert_eq!(vm.table_get(map, int(n)).unwrap(), expected, "{n}");
        }
        let keys: Vec<Value> = vm
            .hash_table(map)
            .unwrap()
            .entries
            .iter()
            .map(|&(k, _)| k)
            .collect();
        let expected: Vec<Value> = (0..50).filter(|n| n % 3 != 0).map(int).collect();
        assert_eq!(keys, expected);
    }

    #[test]
    fn a_frozen_table_refuses_changes() {
        let mut vm = Vm::new();
        let set = vm.new_hash_set().expect("room");
        vm.table_insert(set, int(1), Value::NIL).unwrap();
        vm.heap.freeze(set);
        let error = vm.table_insert(set, int(2), Value::NIL).unwrap_err();
        assert_eq!(error.message, "cannot change a frozen HashSet");
        assert!(vm.table_remove(set, int(1)).is_err());
        assert_eq!(vm.hash_table(set).unwrap().entries.len(), 1);
    }
}
