//! Array methods. `.add`, `.push`, `.set`, `.del`, `.pop` and `.clear` change the array;
//! the rest (`.map`, `.sort`, `.reverse`, `.slice`, …) answer a new one.
//!
//! Methods that call back into Gene (`.map`, `.each`, `.sort` with a comparator, …) root the
//! array they build, and read the receiver afresh at each step: the callback may change it,
//! and they stop early when it shrinks rather than read past its end.

use std::cmp::Ordering;

use super::args::{self, method_arity, rooted};
use crate::methods::TypeKey;
use crate::ops::equal;
use crate::print::{display, write_value, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

pub(super) fn install(vm: &mut Vm) {
    let methods: &[(&str, crate::function::NativeFn)] = &[
        ("size", size),
        ("length", size),
        ("empty", empty),
        ("empty?", empty),
        ("not_empty?", not_empty),
        ("add", add),
        ("append", add),
        ("push", push),
        ("pop", pop),
        ("get", get),
        ("set", set),
        ("del", del),
        ("clear", clear),
        ("first", first),
        ("last", last),
        ("contains", contains),
        ("index_of", index_of),
        ("each", each),
        ("map", map),
        ("filter", filter),
        ("reduce", reduce),
        ("find", find),
        ("any", any),
        ("all", all),
        ("join", join),
        ("sort", sort),
        ("reverse", reverse),
        ("slice", slice),
        ("take", take),
        ("skip", skip),
        ("zip", zip),
        ("pairs", pairs),
        ("to_map", to_map),
    ];
    for &(name, function) in methods {
        vm.define_builtin_method(TypeKey::Array, name, function);
    }
}

/// The receiver's items.
fn receiver<'vm>(vm: &'vm Vm, args: &[Value], name: &str) -> Result<&'vm [Value], VmError> {
    args::items(vm, args[0], args::Role(name, "receiver"))
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
    method_arity(args, 0, 0, "Array.size")?;
    let len = receiver(vm, args, "Array.size")?.len();
    vm.int(len as i64)
}

fn empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Array.empty?")?;
    Ok(Value::bool(receiver(vm, args, "Array.empty?")?.is_empty()))
}

fn not_empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Array.not_empty?")?;
    Ok(Value::bool(
        !receiver(vm, args, "Array.not_empty?")?.is_empty(),
    ))
}

fn items_mut<'vm>(
    vm: &'vm mut Vm,
    args: &[Value],
    name: &str,
) -> Result<&'vm mut Vec<Value>, VmError> {
    let array = args[0];
    vm.check_mutable(array)?;
    if vm.array_items(array).is_none() {
        return Err(args::wrong_type(
            vm,
            array,
            args::Role(name, "receiver"),
            "an Array",
        ));
    }
    Ok(vm.array_items_mut(array).expect("checked"))
}

/// `(a .add x)`: appends x; answers the array.
fn add(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Array.add")?;
    append(vm, args, "Array.add")?;
    Ok(args[0])
}

/// Appends `args[1]` to the array `args[0]`, telling the heap how much its buffer grew;
/// answers the new length.
fn append(vm: &mut Vm, args: &[Value], name: &str) -> Result<usize, VmError> {
    let items = items_mut(vm, args, name)?;
    let capacity = items.capacity();
    items.push(args[1]);
    let (len, grown) = (items.len(), items.capacity() - capacity);
    vm.heap.grew(grown * std::mem::size_of::<Value>());
    Ok(len)
}

/// `(a .push x)`: appends x; answers the new size.
fn push(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Array.push")?;
    let len = append(vm, args, "Array.push")?;
    vm.int(len as i64)
}

/// `(a .pop)`: removes and answers the last item; nil when empty.
fn pop(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Array.pop")?;
    Ok(items_mut(vm, args, "Array.pop")?
        .pop()
        .unwrap_or(Value::NIL))
}

/// `(a .get i)` ≡ `a/i`: negative positions count from the end; void past the end.
fn get(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Array.get")?;
    args::int(vm, args[1], "Array.get index")?;
    vm.get_index(args[0], args[1])
}

/// `(a .set i x)` ≡ `(a/i = x)`; answers the array.
fn set(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 2, 2, "Array.set")?;
    args::int(vm, args[1], "Array.set index")?;
    vm.set_index(args[0], args[1], args[2])?;
    Ok(args[0])
}

/// `(a .del i)`: removes and answers item i (negative from the end).
fn del(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Array.del")?;
    let index = args::int(vm, args[1], "Array.del index")?;
    let items = items_mut(vm, args, "Array.del")?;
    let len = items.len();
    match crate::collections::resolve_index(index, len) {
        Some(at) => Ok(items.remove(at)),
        None => Err(VmError::new(format!(
            "index {index} is out of range for an array of {len} items"
        ))),
    }
}

fn clear(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Array.clear")?;
    items_mut(vm, args, "Array.clear")?.clear();
    Ok(args[0])
}

fn first(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Array.first")?;
    Ok(receiver(vm, args, "Array.first")?
        .first()
        .copied()
        .unwrap_or(Value::NIL))
}

fn last(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Array.last")?;
    Ok(receiver(vm, args, "Array.last")?
        .last()
        .copied()
        .unwrap_or(Value::NIL))
}

fn contains(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Array.contains")?;
    let items = receiver(vm, args, "Array.contains")?;
    Ok(Value::bool(
        items.iter().any(|&item| equal(vm, item, args[1])),
    ))
}

/// `(a .index_of x)`: the position of the first item equal to x, or -1.
fn index_of(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Array.index_of")?;
    let items = receiver(vm, args, "Array.index_of")?;
    let position = items.iter().position(|&item| equal(vm, item, args[1]));
    vm.int(position.map_or(-1, |p| p as i64))
}

/// Checks a one-callback method's arguments; answers the callback and the receiver's size.
fn with_callback(vm: &Vm, args: &[Value], name: &str) -> Result<(Value, usize), VmError> {
    method_arity(args, 1, 1, name)?;
    let len = receiver(vm, args, name)?.len();
    let callback = args::function(vm, args[1], args::Role(name, "callback"))?;
    Ok((callback, len))
}

/// Calls `callback` with `item`, keeping `item` alive through the call.
fn call_with_item(vm: &mut Vm, callback: Value, item: Value) -> Result<Value, VmError> {
    rooted(vm, item, |vm| vm.call_value(callback, &[item]))
}

/// `(a .each f)`: calls f with each item; answers the array.
fn each(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args, "Array.each")?;
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
    let (callback, len) = with_callback(vm, args, "Array.map")?;
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
    let (callback, len) = with_callback(vm, args, "Array.filter")?;
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
    method_arity(args, 2, 2, "Array.reduce")?;
    let len = receiver(vm, args, "Array.reduce")?.len();
    let callback = args::function(vm, args[2], "Array.reduce callback")?;
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
fn search(vm: &mut Vm, args: &[Value], name: &str) -> Result<Option<Value>, VmError> {
    let (callback, len) = with_callback(vm, args, name)?;
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
    Ok(search(vm, args, "Array.find")?.unwrap_or(Value::NIL))
}

fn any(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(search(vm, args, "Array.any")?.is_some()))
}

fn all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (callback, len) = with_callback(vm, args, "Array.all")?;
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
    method_arity(args, 0, 1, "Array.join")?;
    let separator = match args.get(1) {
        Some(&sep) => args::text(vm, sep, "Array.join separator")?,
        None => "",
    };
    let items = receiver(vm, args, "Array.join")?;
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
    method_arity(args, 0, 1, "Array.sort")?;
    let mut items = receiver(vm, args, "Array.sort")?.to_vec();
    let Some(&comparator) = args.get(1) else {
        merge_sort(vm, &mut items, &mut |vm, x, y| {
            Ok(natural_order(vm, x, y) == Ordering::Less)
        })?;
        return vm.new_array(items);
    };
    let comparator = args::function(vm, comparator, "Array.sort comparator")?;
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
    method_arity(args, 0, 0, "Array.reverse")?;
    let items = receiver(vm, args, "Array.reverse")?
        .iter()
        .rev()
        .copied()
        .collect();
    vm.new_array(items)
}

/// `(a .slice start [end])`: the items from start up to, not including, end (the end of
/// the array by default); negative positions count from the end.
fn slice(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 2, "Array.slice")?;
    let start = args::int(vm, args[1], "Array.slice start")?;
    let end = match args.get(2) {
        Some(&end) => Some(args::int(vm, end, "Array.slice end")?),
        None => None,
    };
    let items = receiver(vm, args, "Array.slice")?;
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
fn count_arg(vm: &Vm, value: Value, len: usize, what: &str) -> Result<usize, VmError> {
    let count = args::int(vm, value, what)?;
    Ok(count.clamp(0, len as i64) as usize)
}

/// `(a .take n)`: the first n items.
fn take(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Array.take")?;
    let items = receiver(vm, args, "Array.take")?;
    let count = count_arg(vm, args[1], items.len(), "Array.take count")?;
    let part = items[..count].to_vec();
    vm.new_array(part)
}

/// `(a .skip n)`: all but the first n items.
fn skip(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Array.skip")?;
    let items = receiver(vm, args, "Array.skip")?;
    let count = count_arg(vm, args[1], items.len(), "Array.skip count")?;
    let part = items[count..].to_vec();
    vm.new_array(part)
}

/// `(a .zip b)`: `[[a0 b0] [a1 b1] …]`, as long as the shorter array.
fn zip(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Array.zip")?;
    let other = args::items(vm, args[1], "Array.zip argument")?;
    let mine = receiver(vm, args, "Array.zip")?;
    let pairs: Vec<[Value; 2]> = mine.iter().zip(other).map(|(&a, &b)| [a, b]).collect();
    let mut result = Vec::with_capacity(pairs.len());
    for pair in pairs {
        result.push(vm.new_array(pair.to_vec())?);
    }
    vm.new_array(result)
}

/// `(a .pairs)`: `[[0 a0] [1 a1] …]`.
fn pairs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Array.pairs")?;
    let items = receiver(vm, args, "Array.pairs")?.to_vec();
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
    method_arity(args, 0, 0, "Array.to_map")?;
    let items = receiver(vm, args, "Array.to_map")?.to_vec();
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
            return Err(args::wrong_type(
                vm,
                pair[0],
                "Array.to_map key",
                "a String, Symbol or Int",
            ));
        };
        let key = vm.symbols.intern(&name);
        map.insert(key, pair[1]);
    }
    vm.new_map(map)
}
