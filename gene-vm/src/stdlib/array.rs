//! Array methods that read, change or reshape an array. `.add`, `.push`, `.set`, `.del`,
//! `.insert`, `.pop`, `.shift`, `.unshift` and `.clear` change it (and raise a TypeError on
//! a frozen array); the rest (`.slice`, `.concat`, `.flatten`, …) answer a new one.
//! Methods that call back into Gene are in `array_iter.rs`; ordering and aggregates
//! (`.sort`, `.min`, `.sum`, …) in `array_order.rs`.

use super::args;
use super::declare::builtins;
use crate::collections::resolve_index;
use crate::ops::equal;
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
    Array "del" | "remove_at" (index: Int) => del;
    /// Inserts the value before position i (the length appends; negative from the end);
    /// answers the array.
    Array "insert" (index: Int, value: Any) => insert;
    /// Removes and answers the first item; nil when empty.
    Array "shift" () => shift;
    /// Puts the value before the first item; answers the array.
    Array "unshift" | "prepend" (value: Any) => unshift;
    /// Removes every item; answers the array.
    Array "clear" () => clear;
    /// The first item, or nil when empty.
    Array "first" () => first;
    /// The last item, or nil when empty.
    Array "last" () => last;
    /// Whether an item equals the value.
    Array "contains" | "includes?" (value: Any) => contains;
    /// The position of the first item equal to the value, or -1.
    Array "index_of" (value: Any) => index_of;
    /// The items as `print` shows them, joined by the separator ("" by default).
    Array "join" (?separator: String) => join;
    /// The items from start up to, not including, end; negative positions count from the end.
    Array "slice" (start: Int, ?end: Int) => slice;
    /// The first n items.
    Array "take" (count: Int) => take;
    /// All but the first n items.
    Array "skip" (count: Int) => skip;
    /// A new Array of these items, then the items of each other Array.
    Array "concat" (..others: Array) => concat;
    /// A new Array with nested Arrays' items in their place, all the way down or `depth`
    /// levels.
    Array "flatten" (?depth: Int) => flatten;
    /// A new Array of the items that are not nil (or void).
    Array "compact" () => compact;
    /// `[[a0 b0] [a1 b1] …]`, as long as the shorter Array.
    Array "zip" (other: Array) => zip;
    /// `[[0 a0] [1 a1] …]`.
    Array "pairs" () => pairs;
    /// A Map from `[key value]` pairs; keys are Strings, Symbols or Ints (by their digits).
    Array "to_map" () => to_map;
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

/// `(a .join [sep])`: the items as `print` shows them, separated by sep ("" by default).
fn join(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let separator = match args.get(1) {
        Some(&sep) => args::text(vm, sep),
        None => "",
    };
    let text = crate::print::join_display(vm, args::items(vm, args[0]), separator);
    vm.string(text)
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

#[cold]
fn out_of_range(index: i64, len: usize) -> VmError {
    VmError::of(
        crate::runtime::errors::ErrorKind::Index,
        format!("index {index} is out of range for an array of {len} items"),
    )
}

/// `(a .insert i x)`: puts x before position i; i may be the length (appending), and a
/// negative i counts from the end (`-1` puts x before the last item).
fn insert(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let index = args::int(vm, args[1]);
    let items = items_mut(vm, args)?;
    let len = items.len();
    let at = if index == len as i64 {
        Some(len)
    } else {
        resolve_index(index, len)
    };
    match at {
        Some(at) => items.insert(at, args[2]),
        None => return Err(out_of_range(index, len)),
    }
    vm.heap.grew(std::mem::size_of::<Value>());
    Ok(args[0])
}

/// `(a .shift)`: removes and answers the first item; nil when empty.
fn shift(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = items_mut(vm, args)?;
    Ok(if items.is_empty() {
        Value::NIL
    } else {
        items.remove(0)
    })
}

/// `(a .unshift x)`: puts x first; answers the array.
fn unshift(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    items_mut(vm, args)?.insert(0, args[1]);
    vm.heap.grew(std::mem::size_of::<Value>());
    Ok(args[0])
}

/// `(a .concat b…)`: a new array of a's items, then each b's.
fn concat(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut all = Vec::new();
    for &array in args {
        all.extend_from_slice(args::items(vm, array));
    }
    vm.new_array(all)
}

/// `(a .flatten [depth])`: nested arrays' items in their place, as deep as `depth` says
/// (all the way by default; 0 copies the array). An array inside itself is an error, not
/// an endless result.
fn flatten(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let depth = args.get(1).map_or(usize::MAX, |&d| {
        usize::try_from(args::int(vm, d)).unwrap_or(0)
    });
    let mut out = Vec::new();
    // The arrays being flattened, outermost first, each with its next position.
    let mut open: Vec<(Value, usize)> = vec![(args[0], 0)];
    while let Some(&mut (array, ref mut at)) = open.last_mut() {
        let items = args::items(vm, array);
        let Some(&item) = items.get(*at) else {
            open.pop();
            continue;
        };
        *at += 1;
        let nested = vm.array_items(item).is_some() && open.len() <= depth;
        if !nested {
            out.push(item);
        } else if open.iter().any(|&(outer, _)| outer == item) {
            return Err(VmError::new("cannot flatten an array that contains itself"));
        } else {
            open.push((item, 0));
        }
    }
    vm.new_array(out)
}

/// `(a .compact)`: the items that are neither nil nor void.
fn compact(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::items(vm, args[0])
        .iter()
        .copied()
        .filter(|item| !item.is_nil() && *item != Value::VOID)
        .collect();
    vm.new_array(items)
}
