//! Range methods (spec 6.3). A range stays lazy: `.size`, `.contains` and the bounds are
//! computed from its start, end and step; `.to_a`, and the callback methods (`.each`,
//! `.map`, `.filter`, `.reduce`, …), walk its numbers as `for` does and answer as the
//! Array methods of the same names.

use super::args::rooted;
use super::array_iter;
use super::declare::builtins;
use crate::function::NativeBody;
use crate::heap::Range;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The first number.
    Range "start" () => start;
    /// The bound the numbers stop at (included when a step lands on it).
    Range "end" () => end;
    /// The distance between numbers.
    Range "step" () => step;
    /// How many numbers the range has.
    Range "size" | "length" () => size;
    /// Whether the value is one of the range's numbers.
    Range "contains" | "includes?" (value: Any) => contains;
    /// The numbers, as an Array.
    Range "to_a" | "to_array" () => to_array;
    /// Calls f with each number; answers the range.
    Range "each" (callback: Function) => each;
    /// An Array of f applied to each number.
    Range "map" (callback: Function) => map;
    /// An Array of the numbers f answers truthy for.
    Range "filter" (callback: Function) => filter;
    /// Folds the numbers into `(f acc n)`, starting from init.
    Range "reduce" (init: Any, callback: Function) => reduce;
    /// The first number f answers truthy for, or nil.
    Range "find" (callback: Function) => find;
    /// Whether f answers truthy for some number.
    Range "any" | "any?" (callback: Function) => any;
    /// Whether f answers truthy for every number.
    Range "all" | "all?" (callback: Function) => all;
    /// The number of numbers, or of those f answers truthy for.
    Range "count" (?callback: Function) => count;
}

fn range(vm: &Vm, value: Value) -> Range {
    *vm.heap
        .downcast::<Range>(value)
        .expect("dispatched on ranges")
        .get(&vm.heap)
}

fn start(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(range(vm, args[0]).start)
}

fn end(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(range(vm, args[0]).end)
}

fn step(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(range(vm, args[0]).step)
}

/// A number as a float, for the arithmetic of float ranges.
fn float(vm: &Vm, value: Value) -> Option<f64> {
    value
        .as_float()
        .or_else(|| vm.as_int(value).map(|n| n as f64))
}

/// How many numbers: counted without walking them.
fn size(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let Range { start, end, step } = range(vm, args[0]);
    let count = match (vm.as_int(start), vm.as_int(end), vm.as_int(step)) {
        (Some(start), Some(end), Some(step)) => {
            let span = i128::from(end) - i128::from(start);
            if (step > 0 && span < 0) || (step < 0 && span > 0) {
                0
            } else {
                span / i128::from(step) + 1
            }
        }
        _ => {
            let (start, end, step) = (
                float(vm, start).expect("numbers"),
                float(vm, end).expect("numbers"),
                float(vm, step).expect("numbers"),
            );
            let steps = ((end - start) / step).floor();
            if steps.is_nan() || steps < 0.0 {
                0
            } else {
                steps as i128 + 1
            }
        }
    };
    vm.int(i64::try_from(count).unwrap_or(i64::MAX))
}

/// `(r .contains x)`: whether x is a number the range steps on.
fn contains(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let Range { start, end, step } = range(vm, args[0]);
    let value = args[1];
    let found = match (
        vm.as_int(start),
        vm.as_int(end),
        vm.as_int(step),
        vm.as_int(value),
    ) {
        (Some(start), Some(end), Some(step), Some(x)) => {
            let within = if step > 0 {
                start <= x && x <= end
            } else {
                end <= x && x <= start
            };
            within && (i128::from(x) - i128::from(start)) % i128::from(step) == 0
        }
        _ => match (
            float(vm, start),
            float(vm, end),
            float(vm, step),
            float(vm, value),
        ) {
            (Some(start), Some(end), Some(step), Some(x)) => {
                let within = if step > 0.0 {
                    start <= x && x <= end
                } else {
                    end <= x && x <= start
                };
                let steps = (x - start) / step;
                within && steps == steps.round()
            }
            _ => false,
        },
    };
    Ok(Value::bool(found))
}

fn to_array(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let numbers = vm.spread_values(args[0])?;
    vm.new_array(numbers)
}

/// Runs the Array method `method` over the range's numbers, as an array kept alive
/// meanwhile, with the other arguments as given (for the methods whose answer holds the
/// numbers anyway).
fn as_array(vm: &mut Vm, args: &[Value], method: NativeBody) -> Result<Value, VmError> {
    let numbers = to_array(vm, args)?;
    rooted(vm, numbers, |vm| {
        let mut call = args.to_vec();
        call[0] = numbers;
        method(vm, &call)
    })
}

/// Calls `visit` with each number in turn, without making them all, until it answers
/// `Some`; answers that.
fn walk(
    vm: &mut Vm,
    range: Value,
    mut visit: impl FnMut(&mut Vm, Value) -> Result<Option<Value>, VmError>,
) -> Result<Option<Value>, VmError> {
    let mut cursor = 0;
    while let Some((_, number)) = vm.iteration_item(range, cursor)? {
        if let Some(answer) = rooted(vm, number, |vm| visit(vm, number))? {
            return Ok(Some(answer));
        }
        cursor += 1;
    }
    Ok(None)
}

fn each(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let callback = args[1];
    walk(vm, args[0], |vm, n| {
        vm.call_value(callback, &[n]).map(|_| None)
    })?;
    Ok(args[0])
}

fn map(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    as_array(vm, args, array_iter::map)
}

fn filter(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    as_array(vm, args, array_iter::filter)
}

fn reduce(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let callback = args[2];
    let accumulator = vm.new_array(vec![args[1]])?;
    // The accumulator lives in a rooted one-item array between calls.
    rooted(vm, accumulator, |vm| {
        walk(vm, args[0], |vm, n| {
            let acc = vm.array_items(accumulator).expect("made here")[0];
            let next = vm.call_value(callback, &[acc, n])?;
            vm.array_items_mut(accumulator).expect("made here")[0] = next;
            Ok(None)
        })?;
        Ok(vm.array_items(accumulator).expect("made here")[0])
    })
}

/// Whether f answers truthy (`wanted`) for some number: that number.
fn first_where(vm: &mut Vm, args: &[Value], wanted: bool) -> Result<Option<Value>, VmError> {
    let callback = args[1];
    walk(vm, args[0], |vm, n| {
        let answer = vm.call_value(callback, &[n])?;
        Ok((answer.is_truthy() == wanted).then_some(n))
    })
}

fn find(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(first_where(vm, args, true)?.unwrap_or(Value::NIL))
}

fn any(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(first_where(vm, args, true)?.is_some()))
}

fn all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(first_where(vm, args, false)?.is_none()))
}

fn count(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let Some(&callback) = args.get(1) else {
        return size(vm, args);
    };
    let mut matched = 0;
    walk(vm, args[0], |vm, n| {
        if vm.call_value(callback, &[n])?.is_truthy() {
            matched += 1;
        }
        Ok(None)
    })?;
    vm.int(matched)
}
