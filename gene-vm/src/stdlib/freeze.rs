//! Immutability (spec 6.6). A frozen array, map, gene, HashMap or HashSet refuses every
//! change, by method or by path assignment, with a catchable `TypeError`. Frozen literals
//! (`#[…]`, `#{…}`, `#(…)`, `#{{…}}`) are frozen one level deep: what they hold is as it
//! was. `(freeze x)` (or `(x .freeze)`) freezes `x` and every collection inside it, all
//! the way down; `.frozen?` (the reference's `.immutable?`) says whether a value refuses
//! changes.

use std::collections::HashSet;

use super::declare::builtins;
use crate::heap::{Gene, ObjectKind};
use crate::print::type_name;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// Freezes the value and every collection inside it; answers the value.
    global "freeze" (value: Any) => freeze;
    /// Freezes the array and every collection inside it; answers the array.
    Array "freeze" () => freeze;
    /// Freezes the map and every collection inside it; answers the map.
    Map "freeze" () => freeze;
    /// Freezes the gene and every collection inside it; answers the gene.
    Gene "freeze" () => freeze;
    /// Freezes the HashMap and every collection inside it; answers the HashMap.
    HashMap "freeze" () => freeze;
    /// Freezes the HashSet and every collection inside it; answers the HashSet.
    HashSet "freeze" () => freeze;
    /// Whether the array refuses changes.
    Array "frozen?" | "immutable?" () => is_frozen;
    /// Whether the map refuses changes.
    Map "frozen?" | "immutable?" () => is_frozen;
    /// Whether the gene refuses changes.
    Gene "frozen?" | "immutable?" () => is_frozen;
    /// Whether the HashMap refuses changes.
    HashMap "frozen?" | "immutable?" () => is_frozen;
    /// Whether the HashSet refuses changes.
    HashSet "frozen?" | "immutable?" () => is_frozen;
}

fn is_frozen(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(vm.heap.is_frozen(args[0])))
}

/// `(freeze x)`: every collection reachable from `x` through collections is frozen. Values
/// that are not collections stay as they are (strings, numbers and symbols never change;
/// functions and classes are not data), except instances: their fields can change, and
/// freezing cannot reach them, so asking is an error, raised before anything is frozen.
fn freeze(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut seen = HashSet::new();
    let mut pending = vec![args[0]];
    let mut collections = Vec::new();
    while let Some(value) = pending.pop() {
        let Some(kind) = vm.heap.kind_of(value) else {
            continue;
        };
        if !seen.insert(value.to_bits()) {
            continue;
        }
        match kind {
            ObjectKind::Array => pending.extend(vm.array_items(value).expect("kind")),
            ObjectKind::Map => pending.extend(vm.map_entries(value).expect("kind").values()),
            ObjectKind::Gene => {
                let gene = vm.heap.downcast::<Gene>(value).expect("kind").get(&vm.heap);
                pending.push(gene.head);
                pending.extend(gene.props.values());
                pending.extend(&gene.children);
            }
            ObjectKind::HashMap | ObjectKind::HashSet => {
                let table = vm.hash_table(value).expect("kind");
                for &(key, item) in &table.entries {
                    pending.extend([key, item]);
                }
            }
            ObjectKind::Instance => {
                return Err(VmError::type_error(format!(
                    "freeze cannot make an instance of {} frozen: only arrays, maps, genes, \
                     HashMaps and HashSets freeze",
                    type_name(vm, value)
                )))
            }
            _ => continue,
        }
        collections.push(value);
    }
    for value in collections {
        vm.heap.freeze(value);
    }
    Ok(args[0])
}
