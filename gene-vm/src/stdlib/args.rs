//! Reading what a built-in got, once its declaration (`declare.rs`) has checked the types:
//! these cannot fail, and a failure would be a declaration that disagrees with its body.
//! Also: keeping a value alive while native code calls back into Gene.

use crate::heap::PropMap;
use crate::value::Value;
use crate::vm::{Vm, VmError};

/// An argument declared `Int`.
pub(super) fn int(vm: &Vm, value: Value) -> i64 {
    vm.as_int(value).expect("declared an Int")
}

/// An argument declared `Number`, as a float.
pub(super) fn number(vm: &Vm, value: Value) -> f64 {
    value
        .as_float()
        .or_else(|| vm.as_int(value).map(|n| n as f64))
        .expect("declared a number")
}

/// The text of an argument (or receiver) declared `String`.
pub(super) fn text(vm: &Vm, value: Value) -> &str {
    vm.as_str(value).expect("declared a String")
}

/// The items of an argument (or receiver) declared `Array`.
pub(super) fn items(vm: &Vm, value: Value) -> &[Value] {
    vm.array_items(value).expect("declared an Array")
}

/// The entries of an argument (or receiver) declared `Map`.
pub(super) fn entries(vm: &Vm, value: Value) -> &PropMap {
    vm.map_entries(value).expect("declared a Map")
}

/// Runs `body` with `value` rooted, so a collection during a call back into Gene keeps it
/// (and what it holds); the root is dropped on every path out.
pub(super) fn rooted<T>(
    vm: &mut Vm,
    value: Value,
    body: impl FnOnce(&mut Vm) -> Result<T, VmError>,
) -> Result<T, VmError> {
    vm.push_root(value);
    let result = body(vm);
    vm.pop_roots(1);
    result
}

/// The keyword arguments of a built-in that declares `names` (`^timeout`): each in the order
/// of `names`, `None` when not given. Another keyword is an error naming `method`. Read them
/// first, before anything that may call back into Gene (whose calls have keywords of their
/// own).
pub(super) fn keywords<const N: usize>(
    vm: &mut Vm,
    method: &str,
    names: [&str; N],
) -> Result<[Option<Value>; N], VmError> {
    let mut found = [None; N];
    let Some(map) = vm.call_keywords.take() else {
        return Ok(found);
    };
    for (&key, &value) in vm.map_entries(map).expect("keywords are a map") {
        let name = vm.symbols.name(key);
        match names.iter().position(|&n| n == name) {
            Some(at) => found[at] = Some(value),
            None => {
                return Err(VmError::argument_error(format!(
                    "{method} takes no keyword argument ^{name} (it takes {})",
                    names.map(|n| format!("^{n}")).join(", ")
                )))
            }
        }
    }
    Ok(found)
}
