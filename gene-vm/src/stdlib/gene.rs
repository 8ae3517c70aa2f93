//! Methods of genes as data, `(head ^prop value child…)`: the parts (`.type`, `.props`,
//! `.children`), properties by name (`.has`, `.get`, `.set`, `.del`) and children by
//! position (`.get_child`, `.add_child`, …).

use super::args::{self, method_arity};
use crate::heap::{Gene, PropMap};
use crate::methods::TypeKey;
use crate::value::Value;
use crate::vm::{Vm, VmError};

pub(super) fn install(vm: &mut Vm) {
    let methods: &[(&str, crate::function::NativeFn)] = &[
        ("type", head),
        ("genetype", head),
        ("props", props),
        ("children", children),
        ("has", has),
        ("get", get),
        ("set", set),
        ("del", del),
        ("has_child", has_child),
        ("get_child", get_child),
        ("set_child", set_child),
        ("add_child", add_child),
        ("ins_child", ins_child),
        ("del_child", del_child),
        ("contains", contains),
    ];
    for &(name, function) in methods {
        vm.define_builtin_method(TypeKey::Gene, name, function);
    }
}

fn gene<'vm>(vm: &'vm Vm, args: &[Value], name: &str) -> Result<&'vm Gene, VmError> {
    match vm.heap.downcast::<Gene>(args[0]) {
        Some(gene) => Ok(gene.get(&vm.heap)),
        None => Err(args::wrong_type(
            vm,
            args[0],
            args::Role(name, "receiver"),
            "a Gene",
        )),
    }
}

fn gene_mut<'vm>(vm: &'vm mut Vm, args: &[Value], name: &str) -> Result<&'vm mut Gene, VmError> {
    gene(vm, args, name)?;
    vm.check_mutable(args[0])?;
    let gene = vm.heap.downcast::<Gene>(args[0]).expect("checked");
    Ok(gene.get_mut(&mut vm.heap))
}

/// `(g .type)`: the head.
fn head(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Gene.type")?;
    Ok(gene(vm, args, "Gene.type")?.head)
}

/// `(g .props)`: the properties, as a new map.
fn props(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Gene.props")?;
    let props: PropMap = gene(vm, args, "Gene.props")?.props.clone();
    vm.new_map(props)
}

/// `(g .children)`: the children, as a new array.
fn children(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "Gene.children")?;
    let children = gene(vm, args, "Gene.children")?.children.clone();
    vm.new_array(children)
}

fn has(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Gene.has")?;
    let name = args::key(vm, args[1], "Gene.has key")?;
    let key = vm.symbols.lookup(name);
    let gene = gene(vm, args, "Gene.has")?;
    Ok(Value::bool(
        key.is_some_and(|k| gene.props.contains_key(&k)),
    ))
}

/// `(g .get k [default])`: property k, or the default (nil if none) when absent.
fn get(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 2, "Gene.get")?;
    let name = args::key(vm, args[1], "Gene.get key")?;
    let key = vm.symbols.lookup(name);
    let gene = gene(vm, args, "Gene.get")?;
    let default = args.get(2).copied().unwrap_or(Value::NIL);
    Ok(key
        .and_then(|k| gene.props.get(&k).copied())
        .unwrap_or(default))
}

/// `(g .set k v)`: sets property k; answers the gene.
fn set(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 2, 2, "Gene.set")?;
    gene(vm, args, "Gene.set")?;
    let name = args::key(vm, args[1], "Gene.set key")?.to_string();
    let key = vm.symbols.intern(&name);
    gene_mut(vm, args, "Gene.set")?.props.insert(key, args[2]);
    Ok(args[0])
}

/// `(g .del k…)`: removes each property; answers the value of the last one removed, or nil.
fn del(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, usize::MAX, "Gene.del")?;
    gene(vm, args, "Gene.del")?;
    let mut removed = Value::NIL;
    for &key in &args[1..] {
        let name = args::key(vm, key, "Gene.del key")?;
        let Some(key) = vm.symbols.lookup(name) else {
            continue;
        };
        if let Some(value) = gene_mut(vm, args, "Gene.del")?.props.shift_remove(&key) {
            removed = value;
        }
    }
    Ok(removed)
}

/// A child position argument, which must be in `0..len` (`0..=len` when `end_ok`).
fn child_index(
    vm: &Vm,
    args: &[Value],
    name: &str,
    end_ok: bool,
) -> Result<Result<usize, i64>, VmError> {
    let index = args::int(vm, args[1], args::Role(name, "index"))?;
    let len = gene(vm, args, name)?.children.len();
    let limit = if end_ok { len + 1 } else { len };
    Ok(usize::try_from(index)
        .ok()
        .filter(|&i| i < limit)
        .ok_or(index))
}

#[cold]
fn out_of_bounds(vm: &Vm, args: &[Value], name: &str, index: i64) -> VmError {
    let len = gene(vm, args, name).map_or(0, |g| g.children.len());
    VmError::new(format!(
        "{name} index {index} is out of bounds for a gene of {len} children"
    ))
}

fn has_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Gene.has_child")?;
    Ok(Value::bool(
        child_index(vm, args, "Gene.has_child", false)?.is_ok(),
    ))
}

/// `(g .get_child i [default])`: child i, or the default (nil if none) out of bounds.
fn get_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 2, "Gene.get_child")?;
    let default = args.get(2).copied().unwrap_or(Value::NIL);
    Ok(match child_index(vm, args, "Gene.get_child", false)? {
        Ok(i) => gene(vm, args, "Gene.get_child")?.children[i],
        Err(_) => default,
    })
}

/// `(g .set_child i v)`: replaces child i; answers the gene.
fn set_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 2, 2, "Gene.set_child")?;
    match child_index(vm, args, "Gene.set_child", false)? {
        Ok(i) => gene_mut(vm, args, "Gene.set_child")?.children[i] = args[2],
        Err(index) => return Err(out_of_bounds(vm, args, "Gene.set_child", index)),
    }
    Ok(args[0])
}

/// `(g .add_child v)`: appends a child; answers the gene.
fn add_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Gene.add_child")?;
    gene_mut(vm, args, "Gene.add_child")?.children.push(args[1]);
    Ok(args[0])
}

/// `(g .ins_child i v)`: inserts a child before position i (i may be the length);
/// answers the gene.
fn ins_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 2, 2, "Gene.ins_child")?;
    match child_index(vm, args, "Gene.ins_child", true)? {
        Ok(i) => gene_mut(vm, args, "Gene.ins_child")?
            .children
            .insert(i, args[2]),
        Err(index) => return Err(out_of_bounds(vm, args, "Gene.ins_child", index)),
    }
    Ok(args[0])
}

/// `(g .del_child i)`: removes and answers child i.
fn del_child(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Gene.del_child")?;
    match child_index(vm, args, "Gene.del_child", false)? {
        Ok(i) => Ok(gene_mut(vm, args, "Gene.del_child")?.children.remove(i)),
        Err(index) => Err(out_of_bounds(vm, args, "Gene.del_child", index)),
    }
}

/// `(g .contains v)`: whether a child equals v.
fn contains(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "Gene.contains")?;
    let gene = gene(vm, args, "Gene.contains")?;
    Ok(Value::bool(
        gene.children
            .iter()
            .any(|&child| crate::ops::equal(vm, child, args[1])),
    ))
}
