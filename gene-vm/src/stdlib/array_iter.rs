//! Array methods that call back into Gene: `.each`, `.map`, `.filter`, `.reduce`, `.find`,
//! `.any?`, `.count`, `.group_by`, … A callback that raises ends the method, its exception
//! unchanged.
//!
//! They root the arrays and maps they build, and read the receiver afresh at each step: the
//! callback may change it (it goes on over the items as they are then, and stops early when
//! the array has shrunk rather than read past its end).

use super::args::{self, rooted};
use super::declare::builtins;
use crate::heap::PropMap;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// Calls f with each item; answers the array.
    Array "each" (callback: Function) => each;
    /// Calls `(f item index)` for each item; answers the array.
    Array "each_with_index" (callback: Function) => each_with_index;
    /// A new Array of f applied to each item.
    Array "map" (callback: Function) => map;
    /// A new Array of `(f item index)` for each item.
    Array "map_with_index" (callback: Function) => map_with_index;
    /// A new Array of the items of the Arrays f answers, one level flattened.
    Array "flat_map" (callback: Function) => flat_map;
    /// A new Array of the items f answers truthy for.
    Array "filter" | "select" (callback: Function) => filter;
    /// A new Array of the items f answers falsy for.
    Array "reject" (callback: Function) => reject;
    /// Folds the items into `(f acc item)`, starting from init.
    Array "reduce" (init: Any, callback: Function) => reduce;
    /// The first item f answers truthy for, or nil.
    Array "find" (callback: Function) => find;
    /// The position of the first item f answers truthy for, or -1.
    Array "find_index" (callback: Function) => find_index;
    /// Whether f answers truthy for some item.
    Array "any" | "any?" (callback: Function) => any;
    /// Whether f answers truthy for every item.
    Array "all" | "all?" (callback: Function) => all;
    /// Whether f answers truthy for no item.
    Array "none?" (callback: Function) => none;
    /// The number of items, or of those f answers truthy for.
    Array "count" (?callback: Function) => count;
    /// A Map from each key f answers (a String, Symbol or Int) to the Array of its items.
    Array "group_by" (callback: Function) => group_by;
}

/// Item `index` of `array` as it is now, if it still has one there.
fn item_at(vm: &Vm, array: Value, index: usize) -> Option<Value> {
    vm.array_items(array)
        .and_then(|items| items.get(index).copied())
}

/// Appends to an array this module made.
fn push_to(vm: &mut Vm, array: Value, value: Value) {
    if let Some(items) = vm.array_items_mut(array) {
        items.push(value);
    }
}

/// A one-callback method's callback and the receiver's size.
fn with_callback(vm: &Vm, args: &[Value]) -> (Value, usize) {
    (args[1], args::items(vm, args[0]).len())
}

/// Calls `callback` with `item`, keeping `item` alive through the call.
fn call_with_item(vm: &mut Vm, callback: Value, item: Value) -> Result<Value, VmError> {
    rooted(vm, item, |vm| vm.call_value(callback, &[item]))
}

/// `(a .each f)`: calls f with each item; answers the array.
fn each(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args);
    for index in 0..len {
        let Some(item) = item_at(vm, args[0], index) else {
            break;
        };
        vm.call_value(callback, &[item])?;
    }
    Ok(args[0])
}

/// `(a .map f)`: a new array of f applied to each item.
pub(super) fn map(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args);
    let result = vm.new_array(Vec::with_capacity(len))?;
    rooted(vm, result, |vm| {
        for index in 0..len {
            let Some(item) = item_at(vm, args[0], index) else {
                break;
            };
            let mapped = vm.call_value(callback, &[item])?;
            push_to(vm, result, mapped);
        }
        Ok(result)
    })
}

/// `(a .filter f)`: a new array of the items f answers truthy for.
pub(super) fn filter(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    keep_where(vm, args, true)
}

/// `(a .reduce init f)`: folds the items into `(f acc item)`, starting from init.
fn reduce(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let len = args::items(vm, args[0]).len();
    let callback = args[2];
    let mut accumulator = args[1];
    for index in 0..len {
        let Some(item) = item_at(vm, args[0], index) else {
            break;
        };
        accumulator = vm.call_value(callback, &[accumulator, item])?;
    }
    Ok(accumulator)
}

/// The first item f answers truthy for, with its position, if any.
fn search(vm: &mut Vm, args: &[Value]) -> Result<Option<(usize, Value)>, VmError> {
    let (callback, len) = with_callback(vm, args);
    for index in 0..len {
        let Some(item) = item_at(vm, args[0], index) else {
            break;
        };
        if call_with_item(vm, callback, item)?.is_truthy() {
            return Ok(Some((index, item)));
        }
    }
    Ok(None)
}

/// `(a .find f)`: the first item f answers truthy for, or nil.
fn find(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(search(vm, args)?.map_or(Value::NIL, |(_, item)| item))
}

fn any(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(search(vm, args)?.is_some()))
}

fn all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args);
    for index in 0..len {
        let Some(item) = item_at(vm, args[0], index) else {
            break;
        };
        if !vm.call_value(callback, &[item])?.is_truthy() {
            return Ok(Value::FALSE);
        }
    }
    Ok(Value::TRUE)
}

/// `(a .each_with_index f)`: calls `(f item index)` for each item; answers the array.
fn each_with_index(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args);
    for index in 0..len {
        let Some(item) = item_at(vm, args[0], index) else {
            break;
        };
        let position = vm.int(index as i64)?;
        vm.call_value(callback, &[item, position])?;
    }
    Ok(args[0])
}

/// `(a .map_with_index f)`: a new array of `(f item index)` for each item.
fn map_with_index(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args);
    let result = vm.new_array(Vec::with_capacity(len))?;
    rooted(vm, result, |vm| {
        for index in 0..len {
            let Some(item) = item_at(vm, args[0], index) else {
                break;
            };
            let position = vm.int(index as i64)?;
            let mapped = vm.call_value(callback, &[item, position])?;
            push_to(vm, result, mapped);
        }
        Ok(result)
    })
}

/// `(a .flat_map f)`: the items of the arrays f answers, in order; an answer that is not
/// an array is one item.
fn flat_map(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args);
    let result = vm.new_array(Vec::with_capacity(len))?;
    rooted(vm, result, |vm| {
        for index in 0..len {
            let Some(item) = item_at(vm, args[0], index) else {
                break;
            };
            let mapped = vm.call_value(callback, &[item])?;
            match vm.array_items(mapped).cloned() {
                Some(items) => {
                    if let Some(out) = vm.array_items_mut(result) {
                        out.extend(items);
                    }
                }
                None => push_to(vm, result, mapped),
            }
        }
        Ok(result)
    })
}

/// The items f answers truthy (`keep`) or falsy for, as a new array.
fn keep_where(vm: &mut Vm, args: &[Value], keep: bool) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args);
    let result = vm.new_array(Vec::new())?;
    rooted(vm, result, |vm| {
        for index in 0..len {
            let Some(item) = item_at(vm, args[0], index) else {
                break;
            };
            if call_with_item(vm, callback, item)?.is_truthy() == keep {
                push_to(vm, result, item);
            }
        }
        Ok(result)
    })
}

fn reject(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    keep_where(vm, args, false)
}

fn find_index(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let found = search(vm, args)?;
    vm.int(found.map_or(-1, |(index, _)| index as i64))
}

fn none(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(search(vm, args)?.is_none()))
}

/// `(a .count [f])`: the number of items, or of the items f answers truthy for.
fn count(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let len = args::items(vm, args[0]).len();
    let Some(&callback) = args.get(1) else {
        return vm.int(len as i64);
    };
    let mut matched = 0;
    for index in 0..len {
        let Some(item) = item_at(vm, args[0], index) else {
            break;
        };
        if call_with_item(vm, callback, item)?.is_truthy() {
            matched += 1;
        }
    }
    vm.int(matched)
}

/// `(a .group_by f)`: a map from each key f answers to the array of the items that gave
/// it, keys in the order first seen. Map keys are names, so a key is a String, a Symbol or
/// an Int (by its digits).
fn group_by(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args);
    let result = vm.new_map(PropMap::default())?;
    rooted(vm, result, |vm| {
        for index in 0..len {
            let Some(item) = item_at(vm, args[0], index) else {
                break;
            };
            let key = call_with_item(vm, callback, item)?;
            let name = if let Some(name) = vm.key_name(key) {
                name.to_string()
            } else if let Some(n) = vm.as_int(key) {
                n.to_string()
            } else {
                return Err(VmError::type_error(format!(
                    "Array.group_by keys are Strings, Symbols or Ints, not {}",
                    crate::print::type_name(vm, key)
                )));
            };
            let key = vm.symbols.intern(&name);
            let group = vm.map_entries(result).and_then(|m| m.get(&key).copied());
            match group {
                Some(group) => push_to(vm, group, item),
                None => {
                    let group = vm.new_array(vec![item])?;
                    if let Some(map) = vm.map_entries_mut(result) {
                        map.insert(key, group);
                    }
                }
            }
        }
        Ok(result)
    })
}
