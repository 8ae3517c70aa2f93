//! Arithmetic, comparison and equality with Gene's rules: 64-bit ints that raise on
//! overflow, floats, ints and floats mixed, `/` always a float, `%` with the dividend's sign.

mod fast;

pub(crate) use fast::{fast_arith, Compare};

use crate::heap::{Array, Bytes, EnumValue, Gene, Map, ObjectKind, PropMap, Range, Regex, Str};
use crate::print::type_name;
use crate::value::Value;
use crate::vm::{Vm, VmError};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
}

impl Arith {
    fn verb(self) -> &'static str {
        match self {
            Arith::Add => "add",
            Arith::Sub => "subtract",
            Arith::Mul => "multiply",
            Arith::Div => "divide",
            Arith::Mod => "take the modulo of",
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Arith::Add => "addition",
            Arith::Sub => "subtraction",
            Arith::Mul => "multiplication",
            Arith::Div => "division",
            Arith::Mod => "modulo",
        }
    }
}

/// A number as arithmetic sees it.
enum Number {
    Int(i64),
    Float(f64),
}

fn number(vm: &Vm, value: Value) -> Option<Number> {
    if let Some(x) = value.as_float() {
        return Some(Number::Float(x));
    }
    vm.as_int(value).map(Number::Int)
}

#[cold]
fn type_error(vm: &Vm, op: Arith, left: Value, right: Value) -> VmError {
    let error = VmError::type_error(format!(
        "cannot {} {} and {}",
        op.verb(),
        type_name(vm, left),
        type_name(vm, right)
    ));
    let text = vm.as_str(left).is_some() || vm.as_str(right).is_some();
    if matches!(op, Arith::Add) && text {
        return error.with_help(
            "`+` adds numbers; strings join with `++`, as in `(\"a\" ++ \"b\")`, or with \
             interpolation, as in `#\"#{a}#{b}\"`",
        );
    }
    error
}

/// `left op right` on any operands: what the interpreter's fast path leaves (boxed ints,
/// overflow, type errors) and what natives compute. Out of line: inlined into the
/// interpreter's arithmetic arms, it made the loop slower for every instruction.
#[inline(never)]
pub(crate) fn arith(vm: &mut Vm, op: Arith, left: Value, right: Value) -> Result<Value, VmError> {
    // Two ints first, one of them boxed most often (a sum past the small-int range in a loop): no float
    // test and no `Number` on the way.
    if let (Some(m), Some(n)) = (vm.as_int(left), vm.as_int(right)) {
        return int_arith(vm, op, m, n);
    }
    number_arith(vm, op, left, right)
}

/// Out of line, so that two ints pay for none of the float and time-type set-up.
#[inline(never)]
fn number_arith(vm: &mut Vm, op: Arith, left: Value, right: Value) -> Result<Value, VmError> {
    let (Some(x), Some(y)) = (number(vm, left), number(vm, right)) else {
        if let Some(result) = crate::stdlib::time::arith(vm, op, left, right) {
            return result;
        }
        return Err(type_error(vm, op, left, right));
    };
    let to_float = |n: Number| match n {
        Number::Int(i) => i as f64,
        Number::Float(f) => f,
    };
    let (a, b) = (to_float(x), to_float(y));
    Ok(Value::float_from_arithmetic(match op {
        Arith::Add => a + b,
        Arith::Sub => a - b,
        Arith::Mul => a * b,
        Arith::Div => a / b,
        Arith::Mod => a % b,
    }))
}

fn int_arith(vm: &mut Vm, op: Arith, m: i64, n: i64) -> Result<Value, VmError> {
    let result = match op {
        Arith::Add => m.checked_add(n),
        Arith::Sub => m.checked_sub(n),
        Arith::Mul => m.checked_mul(n),
        Arith::Div => return Ok(Value::float_from_arithmetic(m as f64 / n as f64)),
        Arith::Mod => {
            if n == 0 {
                return Err(VmError::new("Modulo by zero"));
            }
            Some(m.wrapping_rem(n))
        }
    };
    match result {
        Some(value) => vm.int(value),
        None => Err(VmError::new(format!("Integer overflow in {}", op.noun()))),
    }
}

/// `-value`: ints overflow-checked, floats keep their sign rules (`(- 0.0)` is `-0.0`).
pub(crate) fn negate(vm: &mut Vm, value: Value) -> Result<Value, VmError> {
    match number(vm, value) {
        Some(Number::Float(x)) => Ok(Value::float_from_arithmetic(-x)),
        Some(Number::Int(n)) => match n.checked_neg() {
            Some(negated) => vm.int(negated),
            None => Err(VmError::new("Integer overflow in negation")),
        },
        None => crate::stdlib::time::negate(vm, value).unwrap_or_else(|| {
            Err(VmError::type_error(format!(
                "cannot negate {}",
                type_name(vm, value)
            )))
        }),
    }
}

/// `left ++ right`: Strings only; other values are written into a string with
/// interpolation, which says how.
pub(crate) fn join_strings(vm: &mut Vm, left: Value, right: Value) -> Result<Value, VmError> {
    match (vm.as_str(left), vm.as_str(right)) {
        (Some(x), Some(y)) => {
            let joined = [x, y].concat();
            vm.string(joined)
        }
        _ => Err(VmError::type_error(format!(
            "++ joins Strings, got {} and {} (write other values into a string with #\"…#{{x}}\")",
            type_name(vm, left),
            type_name(vm, right)
        ))),
    }
}

/// `left < right` (or `<=` when `or_equal`): numbers by value, strings by code point.
pub(crate) fn less(vm: &Vm, left: Value, right: Value, or_equal: bool) -> Result<bool, VmError> {
    if let (Some(x), Some(y)) = (number(vm, left), number(vm, right)) {
        return Ok(match (x, y) {
            (Number::Int(m), Number::Int(n)) => {
                if or_equal {
                    m <= n
                } else {
                    m < n
                }
            }
            (x, y) => {
                let to_float = |n: Number| match n {
                    Number::Int(i) => i as f64,
                    Number::Float(f) => f,
                };
                let (a, b) = (to_float(x), to_float(y));
                if or_equal {
                    a <= b
                } else {
                    a < b
                }
            }
        });
    }
    if let (Some(a), Some(b)) = (vm.as_str(left), vm.as_str(right)) {
        return Ok(if or_equal { a <= b } else { a < b });
    }
    if let Some(order) = crate::stdlib::time::compare(vm, left, right) {
        let order = order?;
        return Ok(order.is_lt() || (or_equal && order.is_eq()));
    }
    Err(VmError::type_error(format!(
        "cannot compare {} and {}",
        type_name(vm, left),
        type_name(vm, right)
    )))
}

/// Gene `==`: same type and same value; strings by content; ints and floats never equal;
/// arrays, maps (regardless of order), genes, ranges and enum values by their contents.
///
/// Collections are compared with a work list rather than recursion, so no nesting depth
/// overflows the Rust stack, and a pair of collections met again while being compared
/// (data that contains itself) is taken as equal, so comparing cyclic data ends.
pub(crate) fn equal(vm: &Vm, left: Value, right: Value) -> bool {
    let mut pending = Vec::new();
    if !equal_shallow(vm, left, right, &mut pending) {
        return false;
    }
    if pending.is_empty() {
        return true;
    }
    let mut seen = std::collections::HashSet::new();
    seen.insert((left, right));
    while let Some((a, b)) = pending.pop() {
        // Only collections can lead back to themselves.
        let collections = a.is_object() && b.is_object() && a != b;
        if collections && !seen.insert((a, b)) {
            continue;
        }
        if !equal_shallow(vm, a, b, &mut pending) {
            return false;
        }
    }
    true
}

/// Compares `left` and `right` without looking inside collections: their items, still to
/// compare, go to `pending`.
fn equal_shallow(vm: &Vm, left: Value, right: Value, pending: &mut Vec<(Value, Value)>) -> bool {
    if left == right {
        return left.as_float().is_none_or(|x| !x.is_nan());
    }
    if let (Some(a), Some(b)) = (left.as_float(), right.as_float()) {
        return a == b;
    }
    if let (Some(m), Some(n)) = (vm.as_int(left), vm.as_int(right)) {
        return m == n;
    }
    let heap = &vm.heap;
    let (Some(kind), Some(other)) = (heap.kind_of(left), heap.kind_of(right)) else {
        return false;
    };
    if kind != other {
        return false;
    }
    let mut items = |a: &[Value], b: &[Value]| {
        if a.len() != b.len() {
            return false;
        }
        pending.extend(a.iter().copied().zip(b.iter().copied()));
        true
    };
    match kind {
        ObjectKind::Str => {
            heap.downcast::<Str>(left).expect("kind").text(heap)
                == heap.downcast::<Str>(right).expect("kind").text(heap)
        }
        ObjectKind::Array => items(
            &heap.downcast::<Array>(left).expect("kind").get(heap).0,
            &heap.downcast::<Array>(right).expect("kind").get(heap).0,
        ),
        ObjectKind::Map => props_pending(
            &heap.downcast::<Map>(left).expect("kind").get(heap).0,
            &heap.downcast::<Map>(right).expect("kind").get(heap).0,
            pending,
        ),
        ObjectKind::Gene => {
            let a = heap.downcast::<Gene>(left).expect("kind").get(heap);
            let b = heap.downcast::<Gene>(right).expect("kind").get(heap);
            pending.push((a.head, b.head));
            props_pending(&a.props, &b.props, pending) && {
                let (x, y) = (&a.children, &b.children);
                x.len() == y.len() && {
                    pending.extend(x.iter().copied().zip(y.iter().copied()));
                    true
                }
            }
        }
        ObjectKind::EnumValue => {
            let a = heap.downcast::<EnumValue>(left).expect("kind").get(heap);
            let b = heap.downcast::<EnumValue>(right).expect("kind").get(heap);
            a.enum_name == b.enum_name
                && a.name == b.name
                && a.variant == b.variant
                && items(&a.payload, &b.payload)
        }
        ObjectKind::Bytes => {
            heap.downcast::<Bytes>(left).expect("kind").get(heap).0
                == heap.downcast::<Bytes>(right).expect("kind").get(heap).0
        }
        ObjectKind::Date | ObjectKind::Time | ObjectKind::DateTime | ObjectKind::Duration => {
            crate::stdlib::time::equal(vm, left, right)
        }
        ObjectKind::Regex => {
            heap.downcast::<Regex>(left)
                .expect("kind")
                .get(heap)
                .literal
                == heap
                    .downcast::<Regex>(right)
                    .expect("kind")
                    .get(heap)
                    .literal
        }
        ObjectKind::Range => {
            let a = heap.downcast::<Range>(left).expect("kind").get(heap);
            let b = heap.downcast::<Range>(right).expect("kind").get(heap);
            pending.extend([(a.start, b.start), (a.end, b.end), (a.step, b.step)]);
            true
        }
        ObjectKind::HashMap | ObjectKind::HashSet => {
            let (Some(a), Some(b)) = (vm.hash_table(left), vm.hash_table(right)) else {
                return false;
            };
            tables_pending(vm, a, b, pending)
        }
        _ => false,
    }
}

/// Whether two hash tables have the same keys, in any order; their values, still to compare,
/// go to `pending`. Each key is looked for by comparing, not hashing (hashing may call Gene
/// code once classes define `hash`), so this is quadratic in the size.
fn tables_pending(
    vm: &Vm,
    a: &crate::heap::HashTable,
    b: &crate::heap::HashTable,
    pending: &mut Vec<(Value, Value)>,
) -> bool {
    if a.entries.len() != b.entries.len() {
        return false;
    }
    for &(key, x) in &a.entries {
        match b.entries.iter().find(|&&(other, _)| equal(vm, key, other)) {
            Some(&(_, y)) => pending.push((x, y)),
            None => return false,
        }
    }
    true
}

/// Whether two prop maps have the same keys; their values, still to compare, go to
/// `pending`.
fn props_pending(a: &PropMap, b: &PropMap, pending: &mut Vec<(Value, Value)>) -> bool {
    if a.len() != b.len() {
        return false;
    }
    for (key, &x) in a {
        match b.get(key) {
            Some(&y) => pending.push((x, y)),
            None => return false,
        }
    }
    true
}
