//! Map methods. Keys are names: methods take a key as a string or a symbol, and hand keys
//! to Gene (`.keys`, the callbacks of `.each`, `.map`, …) as strings. `.set`, `.del`,
//! `.merge` and `.clear` change the map; `.map` and `.filter` answer a new one.

use super::args::{entries, rooted};
use super::declare::builtins;
use crate::heap::PropMap;
use crate::value::{SymbolId, Value};
use crate::vm::{Vm, VmError};

builtins! {
    /// The number of entries.
    Map "size" () => size;
    /// Whether the map has no entries.
    Map "empty" | "empty?" () => empty;
    /// Whether the map has entries.
    Map "not_empty?" () => not_empty;
    /// The value at the key, or the default (nil if none) when the key is absent.
    Map "get" (key: Key, ?default: Any) => get;
    /// Sets the key to the value; answers the map.
    Map "set" (key: Key, value: Any) => set;
    /// Whether the key is present (false for a key that is not a String or Symbol).
    Map "has" | "contains" | "has_key?" (key: Any) => has;
    /// Removes each key; answers the value of the last one removed, or nil.
    Map "del" | "delete" (key: Key, ..keys: Key) => del;
    /// The keys, as Strings, in order.
    Map "keys" () => keys;
    /// The values, in order.
    Map "values" () => values;
    /// The entries as `[key value]` Arrays, in order.
    Map "pairs" | "entries" () => pairs;
    /// Calls `(f key value)` for each entry; answers the map.
    Map "each" (callback: Function) => each;
    /// A Map with the same keys and `(f key value)` as values.
    Map "map" (callback: Function) => map;
    /// A Map of the entries `(f key value)` answers truthy for.
    Map "filter" (callback: Function) => filter;
    /// Folds the entries into `(f acc key value)`, starting from init.
    Map "reduce" (init: Any, callback: Function) => reduce;
    /// Whether `(f key value)` answers truthy for some entry.
    Map "any?" (callback: Function) => any;
    /// Whether `(f key value)` answers truthy for every entry.
    Map "all?" (callback: Function) => all;
    /// The number of entries, or of those `(f key value)` answers truthy for.
    Map "count" (?callback: Function) => count;
    /// The first entry `(f key value)` answers truthy for, as `[key value]`, or nil.
    Map "find" (callback: Function) => find;
    /// Copies the other map's entries into this one, overwriting; answers this map.
    Map "merge" (other: Map) => merge;
    /// Removes every entry; answers the map.
    Map "clear" () => clear;
}

fn entries_mut(vm: &mut Vm, map: Value) -> Result<&mut PropMap, VmError> {
    vm.check_mutable(map)?;
    Ok(vm.map_entries_mut(map).expect("declared a Map"))
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
    let len = entries(vm, args[0]).len();
    vm.int(len as i64)
}

fn empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(entries(vm, args[0]).is_empty()))
}

fn not_empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(!entries(vm, args[0]).is_empty()))
}

/// `(m .get k [default])`: the value at k; the default (nil if none) when k is absent.
fn get(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    // A name never interned is in no map.
    let key = vm.lookup_key(args[1]);
    let default = args.get(2).copied().unwrap_or(Value::NIL);
    Ok(key
        .and_then(|k| entries(vm, args[0]).get(&k).copied())
        .unwrap_or(default))
}

/// `(m .set k v)`: sets k to v; answers the map.
fn set(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let key = vm.intern_key(args[1]).expect("declared a key");
    entries_mut(vm, args[0])?.insert(key, args[2]);
    Ok(args[0])
}

/// `(m .has k)` / `(m .contains k)`: whether k is a key (false for keys that are not
/// strings or symbols).
fn has(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let present = vm
        .lookup_key(args[1])
        .is_some_and(|key| entries(vm, args[0]).contains_key(&key));
    Ok(Value::bool(present))
}

/// `(m .del k…)`: removes each key; answers the value of the last one removed, or nil.
fn del(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut removed = Value::NIL;
    for &key in &args[1..] {
        let Some(key) = vm.lookup_key(key) else {
            continue;
        };
        if let Some(value) = entries_mut(vm, args[0])?.shift_remove(&key) {
            removed = value;
        }
    }
    Ok(removed)
}

/// `(m .keys)`: the keys, as strings, in order.
fn keys(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let keys: Vec<SymbolId> = entries(vm, args[0]).keys().copied().collect();
    let mut items = Vec::with_capacity(keys.len());
    for key in keys {
        items.push(key_string(vm, key)?);
    }
    vm.new_array(items)
}

fn values(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let values = entries(vm, args[0]).values().copied().collect();
    vm.new_array(values)
}

/// `(m .pairs)`: `[[k v] …]`.
fn pairs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let all: Vec<(SymbolId, Value)> = entries(vm, args[0]).iter().map(|(&k, &v)| (k, v)).collect();
    let mut items = Vec::with_capacity(all.len());
    for (key, value) in all {
        let key = key_string(vm, key)?;
        items.push(vm.new_array(vec![key, value])?);
    }
    vm.new_array(items)
}

/// A one-callback method's callback and the receiver's entry count.
fn with_callback(vm: &Vm, args: &[Value]) -> (Value, usize) {
    (args[1], entries(vm, args[0]).len())
}

/// `(m .each f)`: calls `(f k v)` for each entry; answers the map.
fn each(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args);
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
    let (callback, len) = with_callback(vm, args);
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
    let (callback, len) = with_callback(vm, args);
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
    let len = entries(vm, args[0]).len();
    let callback = args[2];
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
    let other: Vec<(SymbolId, Value)> =
        entries(vm, args[1]).iter().map(|(&k, &v)| (k, v)).collect();
    entries_mut(vm, args[0])?.extend(other);
    Ok(args[0])
}

fn clear(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    entries_mut(vm, args[0])?.clear();
    Ok(args[0])
}

/// Calls `(f k v)` for each entry in order, stopping (with `stop`) at the first it answers
/// truthy (`wanted`) or falsy for; answers that entry, as given to f, and how many entries
/// it answered `wanted` for.
fn scan(
    vm: &mut Vm,
    args: &[Value],
    wanted: bool,
    stop: bool,
) -> Result<(Option<[Value; 2]>, i64), VmError> {
    let (callback, len) = with_callback(vm, args);
    let mut matched = 0;
    for index in 0..len {
        let Some((key, value)) = entry_at(vm, args[0], index) else {
            break;
        };
        let name = key_string(vm, key)?;
        let answer = rooted(vm, value, |vm| vm.call_value(callback, &[name, value]))?;
        if answer.is_truthy() == wanted {
            matched += 1;
            if stop {
                return Ok((Some([name, value]), matched));
            }
        }
    }
    Ok((None, matched))
}

fn any(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(scan(vm, args, true, true)?.0.is_some()))
}

fn all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(scan(vm, args, false, true)?.0.is_none()))
}

/// `(m .count [f])`: the number of entries, or of those `(f k v)` answers truthy for.
fn count(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    if args.len() == 1 {
        return size(vm, args);
    }
    let (_, matched) = scan(vm, args, true, false)?;
    vm.int(matched)
}

/// `(m .find f)`: the first entry `(f k v)` answers truthy for, as `[k v]`, or nil.
fn find(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    match scan(vm, args, true, true)?.0 {
        Some(entry) => vm.new_array(entry.to_vec()),
        None => Ok(Value::NIL),
    }
}
