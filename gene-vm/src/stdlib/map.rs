//! Map methods. Keys are names: methods take a key as a string or a symbol, and hand keys
//! to Gene (`.keys`, the callbacks of `.each`, `.map`, …) as strings. `.set`, `.del`,
//! `.merge` and `.clear` change the map; `.map` and `.filter` answer a new one.

use super::args::{self, method_arity, rooted};
use crate::heap::PropMap;
use crate::methods::TypeKey;
use crate::value::{SymbolId, Value};
use crate::vm::{Vm, VmError};

pub(super) fn install(vm: &mut Vm) {
    let methods: &[(&str, crate::function::NativeFn)] = &[
        ("size", size),
        ("empty", empty),
        ("empty?", empty),
        ("not_empty?", not_empty),
        ("get", get),
        ("set", set),
        ("has", has),
        ("contains", has),
        ("del", del),
        ("keys", keys),
        ("values", values),
        ("pairs", pairs),
        ("each", each),
        ("map", map),
        ("filter", filter),
        ("reduce", reduce),
        ("merge", merge),
        ("clear", clear),
    ];
    for &(name, function) in methods {
        vm.define_builtin_method(TypeKey::Map, name, function);
    }
}

fn entries<'vm>(vm: &'vm Vm, args: &[Value], name: &str) -> Result<&'vm PropMap, VmError> {
    vm.map_entries(args[0])
        .ok_or_else(|| args::wrong_type(vm, args[0], args::Role(name, "receiver"), "a Map"))
}

fn entries_mut<'vm>(
    vm: &'vm mut Vm,
    args: &[Value],
    name: &str,
) -> Result<&'vm mut PropMap, VmError> {
    entries(vm, args, name)?;
    vm.check_mutable(args[0])?;
    Ok(vm.map_entries_mut(args[0]).expect("checked"))
}

/// The symbol a key argument names, if any map can hold it (a name never interned is in
/// no map).
fn lookup_key(vm: &Vm, key: Value, what: &str) -> Result<Option<SymbolId>, VmError> {
    let name = args::key(vm, key, what)?;
    Ok(vm.symbols.lookup(name))
}

/// The symbol a key argument names, interned.
fn intern_key(vm: &mut Vm, key: Value, what: &str) -> Result<SymbolId, VmError> {
    let name = args::key(vm, key, what)?.to_string();
    Ok(vm.symbols.intern(&name))
}

/// Entry `index` of `map` as it is now, if it still has one there.
fn entry_at(vm: &Vm, map: Value, index: usize) -> Option<(SymbolId, Value)> {
    vm.map_entries(map)
        .and_then(|entries| entries.get_index(index))
        .map(|(&key, &value)| (key, value))
}

/// A key as Gene code sees it: a string.
fn key_string(vm: &mut Vm, key: SymbolId) -> Result<Value, VmError> {
    let name = vm.symbols.name(key).to_string();
    vm.string(name)
}

fn size(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Map.size")?;
    let len = entries(vm, args, "Map.size")?.len();
    vm.int(len as i64)
}

fn empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Map.empty?")?;
    Ok(Value::bool(entries(vm, args, "Map.empty?")?.is_empty()))
}

fn not_empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Map.not_empty?")?;
    Ok(Value::bool(
        !entries(vm, args, "Map.not_empty?")?.is_empty(),
    ))
}

/// `(m .get k [default])`: the value at k; the default (nil if none) when k is absent.
fn get(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 2, "Map.get")?;
    let key = lookup_key(vm, args[1], "Map.get key")?;
    let map = entries(vm, args, "Map.get")?;
    let default = args.get(2).copied().unwrap_or(Value::NIL);
    Ok(key.and_then(|k| map.get(&k).copied()).unwrap_or(default))
}

/// `(m .set k v)`: sets k to v; answers the map.
fn set(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 2, 2, "Map.set")?;
    entries(vm, args, "Map.set")?;
    let key = intern_key(vm, args[1], "Map.set key")?;
    entries_mut(vm, args, "Map.set")?.insert(key, args[2]);
    Ok(args[0])
}

/// `(m .has k)` / `(m .contains k)`: whether k is a key (false for keys that are not
/// strings or symbols).
fn has(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Map.has")?;
    let map = entries(vm, args, "Map.has")?;
    let present = vm
        .key_name(args[1])
        .and_then(|name| vm.symbols.lookup(name))
        .is_some_and(|key| map.contains_key(&key));
    Ok(Value::bool(present))
}

/// `(m .del k…)`: removes each key; answers the value of the last one removed, or nil.
fn del(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, usize::MAX, "Map.del")?;
    entries(vm, args, "Map.del")?;
    let mut removed = Value::NIL;
    for &key in &args[1..] {
        let Some(key) = lookup_key(vm, key, "Map.del key")? else {
            continue;
        };
        if let Some(value) = entries_mut(vm, args, "Map.del")?.shift_remove(&key) {
            removed = value;
        }
    }
    Ok(removed)
}

/// `(m .keys)`: the keys, as strings, in order.
fn keys(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Map.keys")?;
    let keys: Vec<SymbolId> = entries(vm, args, "Map.keys")?.keys().copied().collect();
    let mut items = Vec::with_capacity(keys.len());
    for key in keys {
        items.push(key_string(vm, key)?);
    }
    vm.new_array(items)
}

fn values(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Map.values")?;
    let values = entries(vm, args, "Map.values")?.values().copied().collect();
    vm.new_array(values)
}

/// `(m .pairs)`: `[[k v] …]`.
fn pairs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Map.pairs")?;
    let all: Vec<(SymbolId, Value)> = entries(vm, args, "Map.pairs")?
        .iter()
        .map(|(&k, &v)| (k, v))
        .collect();
    let mut items = Vec::with_capacity(all.len());
    for (key, value) in all {
        let key = key_string(vm, key)?;
        items.push(vm.new_array(vec![key, value])?);
    }
    vm.new_array(items)
}

/// Checks a one-callback method's arguments; answers the callback and the entry count.
fn with_callback(vm: &Vm, args: &[Value], name: &str) -> Result<(Value, usize), VmError> {
    method_arity(args, 1, 1, name)?;
    let len = entries(vm, args, name)?.len();
    let callback = args::function(vm, args[1], args::Role(name, "callback"))?;
    Ok((callback, len))
}

/// `(m .each f)`: calls `(f k v)` for each entry; answers the map.
fn each(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args, "Map.each")?;
    for index in 0..len {
        let Some((key, value)) = entry_at(vm, args[0], index) else {
            break;
        };
        let key = key_string(vm, key)?;
        vm.call_value(callback, &[key, value])?;
    }
    Ok(args[0])
}

/// `(m .map f)`: a map with the same keys and `(f k v)` as values.
fn map(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args, "Map.map")?;
    let result = vm.new_map(PropMap::default())?;
    rooted(vm, result, |vm| {
        for index in 0..len {
            let Some((key, value)) = entry_at(vm, args[0], index) else {
                break;
            };
            let name = key_string(vm, key)?;
            let mapped = vm.call_value(callback, &[name, value])?;
            if let Some(entries) = vm.map_entries_mut(result) {
                entries.insert(key, mapped);
            }
        }
        Ok(result)
    })
}

/// `(m .filter f)`: a map of the entries `(f k v)` answers truthy for.
fn filter(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args, "Map.filter")?;
    let result = vm.new_map(PropMap::default())?;
    rooted(vm, result, |vm| {
        for index in 0..len {
            let Some((key, value)) = entry_at(vm, args[0], index) else {
                break;
            };
            let name = key_string(vm, key)?;
            let keep = rooted(vm, value, |vm| vm.call_value(callback, &[name, value]))?;
            if keep.is_truthy() {
                if let Some(entries) = vm.map_entries_mut(result) {
                    entries.insert(key, value);
                }
            }
        }
        Ok(result)
    })
}

/// `(m .reduce init f)`: folds the entries into `(f acc k v)`, starting from init.
fn reduce(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 2, 2, "Map.reduce")?;
    let len = entries(vm, args, "Map.reduce")?.len();
    let callback = args::function(vm, args[2], "Map.reduce callback")?;
    let mut accumulator = args[1];
    for index in 0..len {
        let Some((key, value)) = entry_at(vm, args[0], index) else {
            break;
        };
        // Allocating the key cannot collect, so the accumulator is safe until the call,
        // which holds it in its argument registers.
        let key = key_string(vm, key)?;
        accumulator = vm.call_value(callback, &[accumulator, key, value])?;
    }
    Ok(accumulator)
}

/// `(m .merge other)`: copies other's entries into m (overwriting); answers m.
fn merge(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Map.merge")?;
    entries(vm, args, "Map.merge")?;
    let other: Vec<(SymbolId, Value)> = vm
        .map_entries(args[1])
        .ok_or_else(|| args::wrong_type(vm, args[1], "Map.merge argument", "a Map"))?
        .iter()
        .map(|(&k, &v)| (k, v))
        .collect();
    entries_mut(vm, args, "Map.merge")?.extend(other);
    Ok(args[0])
}

fn clear(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Map.clear")?;
    entries_mut(vm, args, "Map.clear")?.clear();
    Ok(args[0])
}
