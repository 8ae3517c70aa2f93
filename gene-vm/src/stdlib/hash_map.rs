//! `HashMap` (`{{k v …}}`, keys of any kind) and `HashSet` (`(new HashSet 1 2)`): their
//! methods, the literal's constructor and `new` for them. Keys and members are compared by
//! `==` and hashed to match (`runtime/hashing.rs`); both keep insertion order. `.set`,
//! `.add`, `.delete` and `.clear` change the collection; `.union`, `.intersect` and `.diff`
//! answer a new set.

use super::declare::builtins;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// Makes a HashMap of the key/value pairs; what a `{{k v …}}` literal compiles to.
    global "$hash_map" (..items: Any) => literal;
    /// The value at the key, or the default (nil if none) when the key is absent.
    HashMap "get" (key: Any, ?default: Any) => get;
    /// Sets the key to the value; answers the map.
    HashMap "set" (key: Any, value: Any) => set;
    /// Whether the key is present.
    HashMap "has" | "contains" (key: Any) => has;
    /// Removes each key; answers the value of the last one removed, or nil.
    HashMap "delete" | "del" (key: Any, ..keys: Any) => delete;
    /// The number of entries.
    HashMap "size" () => size;
    /// Whether there are no entries.
    HashMap "empty?" () => empty;
    /// The keys, in insertion order.
    HashMap "keys" () => keys;
    /// The values, in insertion order.
    HashMap "values" () => values;
    /// The entries as `[key value]` Arrays, in insertion order.
    HashMap "pairs" () => pairs;
    /// Removes every entry; answers the map.
    HashMap "clear" () => clear;
    /// Whether the value is a member.
    HashSet "has" | "contains" (member: Any) => has;
    /// Adds each value not yet a member; answers the set.
    HashSet "add" (member: Any, ..members: Any) => add;
    /// Removes each value; answers the last member removed, or nil.
    HashSet "delete" | "del" (member: Any, ..members: Any) => remove_members;
    /// The number of members.
    HashSet "size" () => size;
    /// Whether there are no members.
    HashSet "empty?" () => empty;
    /// The members as an Array, in insertion order.
    HashSet "to_array" () => keys;
    /// Removes every member; answers the set.
    HashSet "clear" () => clear;
    /// A new set of the members of both.
    HashSet "union" (other: Any) => union;
    /// A new set of the members in both.
    HashSet "intersect" (other: Any) => intersect;
    /// A new set of the members not in the other.
    HashSet "diff" (other: Any) => diff;
    /// Whether every member is in the other set.
    HashSet "subset?" (other: Any) => subset;
}

impl Vm {
    /// `(new Class args…)` for a built-in class whose values `new` makes (`HashMap`,
    /// `HashSet`, `Future`, `Regex`), with the props (`^^i`) if any: `None` for any other
    /// class, and for props where the class takes none.
    pub(crate) fn construct_builtin(
        &mut self,
        class: Value,
        args: &[Value],
        props: Option<Value>,
    ) -> Option<Result<Value, VmError>> {
        let name = self
            .heap
            .downcast::<crate::runtime::class::Class>(class)
            .map(|c| self.symbols.name(c.get(&self.heap).name))?;
        match name {
            "Regex" => Some(crate::stdlib::regex::construct(self, args, props)),
            _ if props.is_some() => None,
            "HashMap" => Some(self.hash_map_of(args, "HashMap")),
            "HashSet" => Some(self.hash_set_of(args.iter().copied())),
            "Future" => Some(self.construct_future(args)),
            _ => None,
        }
    }

    /// A HashMap of `items`, alternating keys and values.
    fn hash_map_of(&mut self, items: &[Value], what: &str) -> Result<Value, VmError> {
        if items.len() % 2 != 0 {
            return Err(VmError::new(format!(
                "{what} takes keys and values in pairs, got {} items",
                items.len()
            )));
        }
        let map = self.new_hash_map()?;
        for pair in items.chunks(2) {
            self.table_insert(map, pair[0], pair[1])?;
        }
        Ok(map)
    }

    fn hash_set_of(&mut self, members: impl Iterator<Item = Value>) -> Result<Value, VmError> {
        let set = self.new_hash_set()?;
        for member in members {
            self.table_insert(set, member, Value::NIL)?;
        }
        Ok(set)
    }

    fn table_entries(&self, collection: Value) -> Vec<(Value, Value)> {
        self.hash_table(collection)
            .expect("declared on a hash collection")
            .entries
            .clone()
    }
}

fn literal(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.hash_map_of(args, "a {{…}} literal")
}

fn get(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let default = args.get(2).copied().unwrap_or(Value::NIL);
    Ok(vm.table_get(args[0], args[1])?.unwrap_or(default))
}

fn set(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.table_insert(args[0], args[1], args[2])?;
    Ok(args[0])
}

fn has(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (position, _) = vm.table_find(args[0], args[1])?;
    Ok(Value::bool(position.is_some()))
}

fn delete(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut removed = Value::NIL;
    for &key in &args[1..] {
        if let Some((_, value)) = vm.table_remove(args[0], key)? {
            removed = value;
        }
    }
    Ok(removed)
}

fn remove_members(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut removed = Value::NIL;
    for &member in &args[1..] {
        if let Some((member, _)) = vm.table_remove(args[0], member)? {
            removed = member;
        }
    }
    Ok(removed)
}

fn size(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let len = vm.hash_table(args[0]).expect("declared").entries.len();
    vm.int(len as i64)
}

fn empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let table = vm.hash_table(args[0]).expect("declared");
    Ok(Value::bool(table.entries.is_empty()))
}

fn keys(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let keys = vm
        .table_entries(args[0])
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    vm.new_array(keys)
}

fn values(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let values = vm
        .table_entries(args[0])
        .into_iter()
        .map(|(_, v)| v)
        .collect();
    vm.new_array(values)
}

fn pairs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    // Allocation never collects, so the pairs made so far need no rooting.
    let mut pairs = Vec::new();
    for (key, value) in vm.table_entries(args[0]) {
        pairs.push(vm.new_array(vec![key, value])?);
    }
    vm.new_array(pairs)
}

fn clear(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.table_clear(args[0])?;
    Ok(args[0])
}

fn add(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    for &member in &args[1..] {
        vm.table_insert(args[0], member, Value::NIL)?;
    }
    Ok(args[0])
}

/// The other set of a set operation, or the error naming the operation.
fn other_set(vm: &Vm, value: Value, operation: &str) -> Result<Vec<(Value, Value)>, VmError> {
    if vm.heap.kind_of(value) != Some(crate::heap::ObjectKind::HashSet) {
        return Err(VmError::new(format!(
            "HashSet.{operation} expects a HashSet, got {}",
            crate::print::type_name(vm, value)
        )));
    }
    Ok(vm.table_entries(value))
}

fn union(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let other = other_set(vm, args[1], "union")?;
    let mine = vm.table_entries(args[0]);
    vm.hash_set_of(mine.into_iter().chain(other).map(|(m, _)| m))
}

/// The members of the receiver that are (`keep` true) or are not in the other set.
fn filtered(vm: &mut Vm, args: &[Value], keep: bool, operation: &str) -> Result<Value, VmError> {
    other_set(vm, args[1], operation)?;
    let mut kept = Vec::new();
    for (member, _) in vm.table_entries(args[0]) {
        if vm.table_find(args[1], member)?.0.is_some() == keep {
            kept.push(member);
        }
    }
    vm.hash_set_of(kept.into_iter())
}

fn intersect(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    filtered(vm, args, true, "intersect")
}

fn diff(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    filtered(vm, args, false, "diff")
}

fn subset(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    other_set(vm, args[1], "subset?")?;
    for (member, _) in vm.table_entries(args[0]) {
        if vm.table_find(args[1], member)?.0.is_none() {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}
