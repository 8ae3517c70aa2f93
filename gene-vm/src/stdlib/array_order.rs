//! Array methods about order and aggregates: `.sort`, `.sort_by`, `.reverse`, `.uniq`,
//! `.min`, `.max`, `.sum`. Each answers a new value; the receiver is unchanged.

use std::cmp::Ordering;

use super::args::{self, rooted};
use super::declare::builtins;
use crate::ops::{arith, equal, Arith};
use crate::print::{display, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// A new Array of the items in order, by the comparator if one is given.
    Array "sort" (?comparator: Function) => sort;
    /// A new Array of the items ordered by the keys f answers for them (stable).
    Array "sort_by" (callback: Function) => sort_by;
    /// A new Array of the items in reverse order.
    Array "reverse" () => reverse;
    /// A new Array of the items without repeats, first occurrences kept in order.
    Array "uniq" | "distinct" () => uniq;
    /// The smallest item in `.sort`'s order, or nil when empty.
    Array "min" () => min;
    /// The largest item in `.sort`'s order, or nil when empty.
    Array "max" () => max;
    /// The sum of the numbers (0 when empty), as `+` adds them.
    Array "sum" () => sum;
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

/// `(a .sort_by f)`: the items ordered by `(f item)`, compared as `.sort` compares; items
/// with equal keys keep their order.
fn sort_by(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let (items, callback) = (args::items(vm, args[0]).to_vec(), args[1]);
    // The keys are made (and kept alive) in an array of their own; the result holds the
    // items meanwhile.
    let keys = vm.new_array(Vec::with_capacity(items.len()))?;
    rooted(vm, keys, |vm| {
        let result = vm.new_array(items.clone())?;
        rooted(vm, result, |vm| {
            for &item in &items {
                let key = vm.call_value(callback, &[item])?;
                if let Some(keys) = vm.array_items_mut(keys) {
                    keys.push(key);
                }
            }
            let keyed = vm.array_items(keys).expect("made here").clone();
            let mut order: Vec<usize> = (0..items.len()).collect();
            // A stable sort over plain data: nothing here calls back into Gene.
            order.sort_by(|&x, &y| natural_order(vm, keyed[x], keyed[y]));
            let sorted = order.into_iter().map(|i| items[i]).collect();
            if let Some(out) = vm.array_items_mut(result) {
                *out = sorted;
            }
            Ok(result)
        })
    })
}

/// `(a .uniq)`: the items without repeats (by `==`), first occurrences in order.
fn uniq(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::items(vm, args[0]);
    let mut kept: Vec<Value> = Vec::new();
    for &item in items {
        if !kept.iter().any(|&seen| equal(vm, seen, item)) {
            kept.push(item);
        }
    }
    vm.new_array(kept)
}

/// The item that comes first by `order` (Less: the new one wins), or nil when empty.
fn extreme(vm: &Vm, args: &[Value], wins: Ordering) -> Value {
    let items = args::items(vm, args[0]);
    let mut best: Option<Value> = None;
    for &item in items {
        best = match best {
            Some(current) if natural_order(vm, item, current) != wins => Some(current),
            _ => Some(item),
        };
    }
    best.unwrap_or(Value::NIL)
}

fn min(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(extreme(vm, args, Ordering::Less))
}

fn max(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(extreme(vm, args, Ordering::Greater))
}

/// `(a .sum)`: the numbers added as `+` adds them (ints overflow-checked, a float makes
/// the sum a float); 0 for an empty array, a TypeError for an item that is not a number.
fn sum(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::items(vm, args[0]).to_vec();
    let mut total = Value::small_int(0).expect("fits");
    for item in items {
        total = arith(vm, Arith::Add, total, item)?;
    }
    Ok(total)
}
