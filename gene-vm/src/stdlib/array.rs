//! Array methods. `.add`, `.push`, `.set`, `.del`, `.pop` and `.clear` change the array;
//! the rest (`.map`, `.sort`, `.reverse`, `.slice`, …) answer a new one.
//!
//! Methods that call back into Gene (`.map`, `.each`, `.sort` with a comparator, …) root the
//! array they build, and read the receiver afresh at each step: the callback may change it,
//! and they stop early when it shrinks rather than read past its end.

use std::cmp::Ordering;

use super::args::{self, rooted};
use super::declare::builtins;
use crate::ops::equal;
use crate::print::{display, write_value, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The number of items.
    Array "size" | "length" () => size;
    /// Whether the array has no items.
    Array "empty" | "empty?" () => empty;
    /// Whether the array has items.
    Array "not_empty?" () => not_empty;
    /// Appends the value; answers the array.
    Array "add" | "append" (value: Any) => add;
    /// Appends the value; answers the new size.
    Array "push" (value: Any) => push;
    /// Removes and answers the last item; nil when empty.
    Array "pop" () => pop;
    /// Item i (negative from the end), or void past the end.
    Array "get" (index: Int) => get;
    /// Sets item i; answers the array.
    Array "set" (index: Int, value: Any) => set;
    /// Removes item i (negative from the end) and answers it.
    Array "del" (index: Int) => del;
    /// Removes every item; answers the array.
    Array "clear" () => clear;
    /// The first item, or nil when empty.
    Array "first" () => first;
    /// The last item, or nil when empty.
    Array "last" () => last;
    /// Whether an item equals the value.
    Array "contains" (value: Any) => contains;
    /// The position of the first item equal to the value, or -1.
    Array "index_of" (value: Any) => index_of;
    /// Calls f with each item; answers the array.
    Array "each" (callback: Function) => each;
    /// A new Array of f applied to each item.
    Array "map" (callback: Function) => map;
    /// A new Array of the items f answers truthy for.
    Array "filter" (callback: Function) => filter;
    /// Folds the items into `(f acc item)`, starting from init.
    Array "reduce" (init: Any, callback: Function) => reduce;
    /// The first item f answers truthy for, or nil.
    Array "find" (callback: Function) => find;
    /// Whether f answers truthy for some item.
    Array "any" (callback: Function) => any;
    /// Whether f answers truthy for every item.
    Array "all" (callback: Function) => all;
    /// The items as `print` shows them, joined by the separator ("" by default).
    Array "join" (?separator: String) => join;
    /// A new Array of the items in order, by the comparator if one is given.
    Array "sort" (?comparator: Function) => sort;
    /// A new Array of the items in reverse order.
    Array "reverse" () => reverse;
    /// The items from start up to, not including, end; negative positions count from the end.
    Array "slice" (start: Int, ?end: Int) => slice;
    /// The first n items.
    Array "take" (count: Int) => take;
    /// All but the first n items.
    Array "skip" (count: Int) => skip;
    /// `[[a0 b0] [a1 b1] …]`, as long as the shorter Array.
    Array "zip" (other: Array) => zip;
    /// `[[0 a0] [1 a1] …]`.
    Array "pairs" () => pairs;
    /// A Map from `[key value]` pairs; keys are Strings, Symbols or Ints (by their digits).
    Array "to_map" () => to_map;
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

fn size(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let len = args::items(vm, args[0]).len();
    vm.int(len as i64)
}

fn empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(args::items(vm, args[0]).is_empty()))
}

fn not_empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(!args::items(vm, args[0]).is_empty()))
}

/// The receiver's items, to change.
fn items_mut<'vm>(vm: &'vm mut Vm, args: &[Value]) -> Result<&'vm mut Vec<Value>, VmError> {
    vm.check_mutable(args[0])?;
    Ok(vm.array_items_mut(args[0]).expect("dispatched on arrays"))
}

/// `(a .add x)`: appends x; answers the array.
fn add(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    append(vm, args)?;
    Ok(args[0])
}

/// Appends `args[1]` to the array `args[0]`, telling the heap how much its buffer grew;
/// answers the new length.
fn append(vm: &mut Vm, args: &[Value]) -> Result<usize, VmError> {
    let items = items_mut(vm, args)?;
    let capacity = items.capacity();
    items.push(args[1]);
    let (len, grown) = (items.len(), items.capacity() - capacity);
    vm.heap.grew(grown * std::mem::size_of::<Value>());
    Ok(len)
}

/// `(a .push x)`: appends x; answers the new size.
fn push(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let len = append(vm, args)?;
    vm.int(len as i64)
}

/// `(a .pop)`: removes and answers the last item; nil when empty.
fn pop(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(items_mut(vm, args)?.pop().unwrap_or(Value::NIL))
}

/// `(a .get i)` ≡ `a/i`: negative positions count from the end; void past the end.
fn get(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.select_index(args[0], args[1])
}

/// `(a .set i x)` ≡ `(a/i = x)`; answers the array.
fn set(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    vm.set_index(args[0], args[1], args[2])?;
    Ok(args[0])
}

/// `(a .del i)`: removes and answers item i (negative from the end).
fn del(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let index = args::int(vm, args[1]);
    let items = items_mut(vm, args)?;
    let len = items.len();
    match crate::collections::resolve_index(index, len) {
        Some(at) => Ok(items.remove(at)),
        None => Err(VmError::of(
            crate::runtime::errors::ErrorKind::Index,
            format!("index {index} is out of range for an array of {len} items"),
        )),
    }
}

fn clear(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    items_mut(vm, args)?.clear();
    Ok(args[0])
}

fn first(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(args::items(vm, args[0])
        .first()
        .copied()
        .unwrap_or(Value::NIL))
}

fn last(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(args::items(vm, args[0])
        .last()
        .copied()
        .unwrap_or(Value::NIL))
}

fn contains(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::items(vm, args[0]);
    Ok(Value::bool(
        items.iter().any(|&item| equal(vm, item, args[1])),
    ))
}

/// `(a .index_of x)`: the position of the first item equal to x, or -1.
fn index_of(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::items(vm, args[0]);
    let position = items.iter().position(|&item| equal(vm, item, args[1]));
    vm.int(position.map_or(-1, |p| p as i64))
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
fn map(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
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
fn filter(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args);
    let result = vm.new_array(Vec::new())?;
    rooted(vm, result, |vm| {
        for index in 0..len {
            let Some(item) = item_at(vm, args[0], index) else {
                break;
            };
            if call_with_item(vm, callback, item)?.is_truthy() {
                push_to(vm, result, item);
            }
        }
        Ok(result)
    })
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

/// The first item f answers truthy for, if any.
fn search(vm: &mut Vm, args: &[Value]) -> Result<Option<Value>, VmError> {
    let (callback, len) = with_callback(vm, args);
    for index in 0..len {
        let Some(item) = item_at(vm, args[0], index) else {
            break;
        };
        if call_with_item(vm, callback, item)?.is_truthy() {
            return Ok(Some(item));
        }
    }
    Ok(None)
}

/// `(a .find f)`: the first item f answers truthy for, or nil.
fn find(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(search(vm, args)?.unwrap_or(Value::NIL))
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

/// `(a .join [sep])`: the items as `print` shows them, separated by sep ("" by default).
fn join(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let separator = match args.get(1) {
        Some(&sep) => args::text(vm, sep),
        None => "",
    };
    let items = args::items(vm, args[0]);
    let mut text = String::new();
    for (index, &item) in items.iter().enumerate() {
        if index > 0 {
            text.push_str(separator);
        }
        write_value(vm, item, Style::Top, &mut text);
    }
    vm.string(text)
}

/// The order `.sort` uses without a comparator: numbers by value, then strings by code
/// point, then everything else by its printed text.
fn natural_order(vm: &Vm, a: Value, b: Value) -> Ordering {
    enum Key<'a> {
        Int(i64),
        Float(f64),
        Text(&'a str),
        Other(String),
    }
    let key = |v: Value| {
        if let Some(n) = vm.as_int(v) {
            Key::Int(n)
        } else if let Some(x) = v.as_float() {
            Key::Float(x)
        } else if let Some(s) = vm.as_str(v) {
            Key::Text(s)
        } else {
            Key::Other(display(vm, v, Style::Top))
        }
    };
    let float_order = |x: f64, y: f64| {
        x.partial_cmp(&y)
            .unwrap_or_else(|| x.is_nan().cmp(&y.is_nan()))
    };
    let rank = |k: &Key| match k {
        Key::Int(_) | Key::Float(_) => 0,
        Key::Text(_) => 1,
        Key::Other(_) => 2,
    };
    let (ka, kb) = (key(a), key(b));
    match (&ka, &kb) {
        (Key::Int(m), Key::Int(n)) => m.cmp(n),
        (Key::Int(m), Key::Float(y)) => float_order(*m as f64, *y),
        (Key::Float(x), Key::Int(n)) => float_order(*x, *n as f64),
        (Key::Float(x), Key::Float(y)) => float_order(*x, *y),
        (Key::Text(s), Key::Text(t)) => s.cmp(t),
        (Key::Other(s), Key::Other(t)) => s.cmp(t),
        _ => rank(&ka).cmp(&rank(&kb)),
    }
}

/// A stable bottom-up merge sort whose comparison may fail (a Gene comparator can raise).
/// `before(vm, x, y)` says whether x must come before y. It never panics, whatever order
/// the comparison describes.
fn merge_sort(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    before: &mut dyn FnMut(&mut Vm, Value, Value) -> Result<bool, VmError>,
) -> Result<(), VmError> {
    let len = items.len();
    let mut scratch = items.clone();
    let mut width = 1;
    while width < len {
        let mut start = 0;
        while start < len {
            let mid = (start + width).min(len);
            let end = (start + 2 * width).min(len);
            let (mut left, mut right) = (start, mid);
            for slot in &mut scratch[start..end] {
                let take_right = if left == mid {
                    true
                } else if right == end {
                    false
                } else {
                    before(vm, items[right], items[left])?
                };
                if take_right {
                    *slot = items[right];
                    right += 1;
                } else {
                    *slot = items[left];
                    left += 1;
                }
            }
            start = end;
        }
        std::mem::swap(items, &mut scratch);
        width *= 2;
    }
    Ok(())
}

/// `(a .sort [cmp])`: a new array of the items in order. A comparator `(cmp x y)` answers a
/// number (negative: x first) or a boolean (truthy: x first).
fn sort(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut items = args::items(vm, args[0]).to_vec();
    let Some(&comparator) = args.get(1) else {
        merge_sort(vm, &mut items, &mut |vm, x, y| {
            Ok(natural_order(vm, x, y) == Ordering::Less)
        })?;
        return vm.new_array(items);
    };
    // The result holds every item while the comparator runs, which keeps them alive.
    let result = vm.new_array(items.clone())?;
    rooted(vm, result, |vm| {
        merge_sort(vm, &mut items, &mut |vm, x, y| {
            let answer = vm.call_value(comparator, &[x, y])?;
            if let Some(n) = vm.as_int(answer) {
                Ok(n < 0)
            } else if let Some(f) = answer.as_float() {
                Ok(f < 0.0)
            } else {
                Ok(answer.is_truthy())
            }
        })?;
        if let Some(sorted) = vm.array_items_mut(result) {
            *sorted = items;
        }
        Ok(result)
    })
}

fn reverse(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::items(vm, args[0]).iter().rev().copied().collect();
    vm.new_array(items)
}

/// `(a .slice start [end])`: the items from start up to, not including, end (the end of
/// the array by default); negative positions count from the end.
fn slice(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let start = args::int(vm, args[1]);
    let end = args.get(2).map(|&end| args::int(vm, end));
    let items = args::items(vm, args[0]);
    let len = items.len();
    let start = crate::collections::clamp_position(start, len);
    let end = end.map_or(len, |end| crate::collections::clamp_position(end, len));
    let part = if start < end {
        items[start..end].to_vec()
    } else {
        Vec::new()
    };
    vm.new_array(part)
}

/// A count argument clamped to `0..=len`.
fn count_arg(vm: &Vm, value: Value, len: usize) -> usize {
    args::int(vm, value).clamp(0, len as i64) as usize
}

/// `(a .take n)`: the first n items.
fn take(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::items(vm, args[0]);
    let count = count_arg(vm, args[1], items.len());
    let part = items[..count].to_vec();
    vm.new_array(part)
}

/// `(a .skip n)`: all but the first n items.
fn skip(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::items(vm, args[0]);
    let count = count_arg(vm, args[1], items.len());
    let part = items[count..].to_vec();
    vm.new_array(part)
}

/// `(a .zip b)`: `[[a0 b0] [a1 b1] …]`, as long as the shorter array.
fn zip(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let other = args::items(vm, args[1]);
    let mine = args::items(vm, args[0]);
    let pairs: Vec<[Value; 2]> = mine.iter().zip(other).map(|(&a, &b)| [a, b]).collect();
    let mut result = Vec::with_capacity(pairs.len());
    for pair in pairs {
        result.push(vm.new_array(pair.to_vec())?);
    }
    vm.new_array(result)
}

/// `(a .pairs)`: `[[0 a0] [1 a1] …]`.
fn pairs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::items(vm, args[0]).to_vec();
    let mut result = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let index = vm.int(index as i64)?;
        result.push(vm.new_array(vec![index, item])?);
    }
    vm.new_array(result)
}

/// `(a .to_map)`: a map from an array of `[key value]` pairs; keys are strings, symbols or
/// ints (by their digits).
fn to_map(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::items(vm, args[0]).to_vec();
    let mut map = crate::heap::PropMap::default();
    for item in items {
        let pair = match vm.array_items(item) {
            Some(pair) if pair.len() == 2 => [pair[0], pair[1]],
            _ => return Err(VmError::new("Array.to_map expects [key value] pairs")),
        };
        let name = if let Some(name) = vm.key_name(pair[0]) {
            name.to_string()
        } else if let Some(n) = vm.as_int(pair[0]) {
            n.to_string()
        } else {
            return Err(VmError::type_error(format!(
                "Array.to_map key must be a String, Symbol or Int, not {}",
                crate::print::type_name(vm, pair[0])
            )));
        };
        let key = vm.symbols.intern(&name);
        map.insert(key, pair[1]);
    }
    vm.new_map(map)
}
