//! Methods of genes as data, `(head ^prop value child…)`: the parts (`.type`, `.props`,
//! `.children`), properties by name (`.has`, `.get`, `.set`, `.del`) and children by
//! position (`.get_child`, `.add_child`, …).

use super::args;
use super::declare::builtins;
use crate::heap::{Gene, PropMap};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The head: `(p 1)`'s is `p`.
    Gene "type" | "genetype" () => head;
    /// The properties, as a new Map.
    Gene "props" () => props;
    /// The children, as a new Array.
    Gene "children" () => children;
    /// Whether the gene has the property.
    Gene "has" (key: Key) => has;
    /// The property's value, or the default (nil if none) when it is absent.
    Gene "get" (key: Key, ?default: Any) => get;
    /// Sets the property; answers the gene.
    Gene "set" (key: Key, value: Any) => set;
    /// Removes each property; answers the value of the last one removed, or nil.
    Gene "del" (key: Key, ..keys: Key) => del;
    /// Whether there is a child at position i.
    Gene "has_child" (index: Int) => has_child;
    /// Child i, or the default (nil if none) when there is none there.
    Gene "get_child" (index: Int, ?default: Any) => get_child;
    /// Replaces child i; answers the gene.
    Gene "set_child" (index: Int, value: Any) => set_child;
    /// Appends a child; answers the gene.
    Gene "add_child" (value: Any) => add_child;
    /// Inserts a child before position i (which may be the length); answers the gene.
    Gene "ins_child" (index: Int, value: Any) => ins_child;
    /// Removes child i and answers it.
    Gene "del_child" (index: Int) => del_child;
    /// Whether a child equals the value.
    Gene "contains" (value: Any) => contains;
    /// Replaces the head; answers the gene.
    Gene "set_genetype" | "set_type" (head: Any) => set_head;
}

fn gene<'vm>(vm: &'vm Vm, args: &[Value]) -> &'vm Gene {
    let gene = vm
        .heap
        .downcast::<Gene>(args[0])
        .expect("dispatched on genes");
    gene.get(&vm.heap)
}

fn gene_mut<'vm>(vm: &'vm mut Vm, args: &[Value]) -> Result<&'vm mut Gene, VmError> {
    vm.check_mutable(args[0])?;
    let gene = vm
        .heap
        .downcast::<Gene>(args[0])
        .expect("dispatched on genes");
    Ok(gene.get_mut(&mut vm.heap))
}

/// `(g .type)`: the head.
fn head(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(gene(vm, args).head)
}

/// `(g .props)`: the properties, as a new map.
fn props(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let props: PropMap = gene(vm, args).props.clone();
    vm.new_map(props)
}

/// `(g .children)`: the children, as a new array.
fn children(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let children = gene(vm, args).children.clone();
    vm.new_array(children)
}

fn has(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let key = vm.lookup_key(args[1]);
    Ok(Value::bool(
        key.is_some_and(|k| gene(vm, args).props.contains_key(&k)),
    ))
}

/// `(g .get k [default])`: property k, or the default (nil if none) when absent.
fn get(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let key = vm.lookup_key(args[1]);
    let default = args.get(2).copied().unwrap_or(Value::NIL);
    Ok(key
        .and_then(|k| gene(vm, args).props.get(&k).copied())
        .unwrap_or(default))
}

/// `(g .set k v)`: sets property k; answers the gene.
fn set(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let key = vm.intern_key(args[1]).expect("declared a key");
    gene_mut(vm, args)?.props.insert(key, args[2]);
    Ok(args[0])
}

/// `(g .del k…)`: removes each property; answers the value of the last one removed, or nil.
fn del(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut removed = Value::NIL;
    for &key in &args[1..] {
        let Some(key) = vm.lookup_key(key) else {
            continue;
        };
        if let Some(value) = gene_mut(vm, args)?.props.shift_remove(&key) {
            removed = value;
        }
    }
    Ok(removed)
}

/// The child position argument, if it is in `0..len` (`0..=len` when `end_ok`); else the
/// position as given.
fn child_index(vm: &Vm, args: &[Value], end_ok: bool) -> Result<usize, i64> {
    let index = args::int(vm, args[1]);
    let len = gene(vm, args).children.len();
    let limit = if end_ok { len + 1 } else { len };
    usize::try_from(index)
        .ok()
        .filter(|&i| i < limit)
        .ok_or(index)
}

#[cold]
fn out_of_bounds(vm: &Vm, args: &[Value], name: &str, index: i64) -> VmError {
    let len = gene(vm, args).children.len();
    VmError::of(
        crate::runtime::errors::ErrorKind::Index,
        format!("{name} index {index} is out of bounds for a gene of {len} children"),
    )
}

fn has_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(child_index(vm, args, false).is_ok()))
}

/// `(g .get_child i [default])`: child i, or the default (nil if none) out of bounds.
fn get_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let default = args.get(2).copied().unwrap_or(Value::NIL);
    Ok(match child_index(vm, args, false) {
        Ok(i) => gene(vm, args).children[i],
        Err(_) => default,
    })
}

/// `(g .set_child i v)`: replaces child i; answers the gene.
fn set_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    match child_index(vm, args, false) {
        Ok(i) => gene_mut(vm, args)?.children[i] = args[2],
        Err(index) => return Err(out_of_bounds(vm, args, "Gene.set_child", index)),
    }
    Ok(args[0])
}

/// `(g .add_child v)`: appends a child; answers the gene.
fn add_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    gene_mut(vm, args)?.children.push(args[1]);
    Ok(args[0])
}

/// `(g .ins_child i v)`: inserts a child before position i (i may be the length);
/// answers the gene.
fn ins_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    match child_index(vm, args, true) {
        Ok(i) => gene_mut(vm, args)?.children.insert(i, args[2]),
        Err(index) => return Err(out_of_bounds(vm, args, "Gene.ins_child", index)),
    }
    Ok(args[0])
}

/// `(g .del_child i)`: removes and answers child i.
fn del_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    match child_index(vm, args, false) {
        Ok(i) => Ok(gene_mut(vm, args)?.children.remove(i)),
        Err(index) => Err(out_of_bounds(vm, args, "Gene.del_child", index)),
    }
}

/// `(g .contains v)`: whether a child equals v.
fn contains(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(
        gene(vm, args)
            .children
            .iter()
            .any(|&child| crate::ops::equal(vm, child, args[1])),
    ))
}

/// `(g .set_genetype h)`: replaces the head; answers the gene.
fn set_head(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    gene_mut(vm, args)?.head = args[1];
    Ok(args[0])
}
