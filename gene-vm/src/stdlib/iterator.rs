//! Iterators over collections (spec 6.3): `(xs .iter)` gives an iterator with `.next`,
//! `.next_pair` (`[index value]`, or `[key value]` over a map), `.has_next` and `.iter`;
//! `for` takes iterators too. An iterator walks its collection as `for` does, by position,
//! so it sees items added behind it.

use super::declare::builtins;
use crate::heap::{Gc, Object, Tracer};
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

#[derive(Clone, Copy)]
pub struct Iterator {
    /// What is iterated, as `for` iterates it (`Vm::iterable`).
    pub source: Value,
    /// The position of the next item.
    pub cursor: i64,
}

impl Object for Iterator {
    fn trace(&self, tracer: &mut Tracer) {
        tracer.mark(self.source);
    }
}

builtins! {
    /// An iterator over the array's items.
    Array "iter" () => iter;
    /// An iterator over the map's entries (`.next` gives values, `.next_pair` `[key value]`).
    Map "iter" () => iter;
    /// An iterator over the range's numbers.
    Range "iter" () => iter;
    /// An iterator over the gene's children.
    Gene "iter" () => iter;
    /// An iterator over the string's characters.
    String "iter" () => iter;
    /// An iterator over the HashMap's entries.
    HashMap "iter" () => iter;
    /// An iterator over the HashSet's members.
    HashSet "iter" () => iter;
    /// The next item, or not_found at the end.
    Iterator "next" () => next;
    /// The next item with its index (or key), `[index value]`, or not_found at the end.
    Iterator "next_pair" () => next_pair;
    /// Whether there is a next item.
    Iterator "has_next" | "has_next?" () => has_next;
    /// The iterator itself.
    Iterator "iter" () => itself;
}

fn iter(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let source = vm.iterable(args[0])?;
    let iterator = Iterator { source, cursor: 0 };
    Ok(vm.heap.alloc(iterator).map_err(out_of_memory)?.value())
}

fn iterator(vm: &Vm, value: Value) -> Result<Gc<Iterator>, VmError> {
    vm.heap
        .downcast::<Iterator>(value)
        .ok_or_else(|| VmError::type_error("an iterator method runs on an iterator"))
}

/// The next item of `iterator` and its index or key, advancing it.
pub(crate) fn advance(
    vm: &mut Vm,
    iterator: Gc<Iterator>,
) -> Result<Option<(Value, Value)>, VmError> {
    let Iterator { source, cursor } = *iterator.get(&vm.heap);
    let item = vm.iteration_item(source, cursor)?;
    if item.is_some() {
        iterator.get_mut(&mut vm.heap).cursor = cursor + 1;
    }
    Ok(item)
}

fn next(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let iterator = iterator(vm, args[0])?;
    Ok(advance(vm, iterator)?.map_or(Value::NOT_FOUND, |(_, value)| value))
}

fn next_pair(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let iterator = iterator(vm, args[0])?;
    match advance(vm, iterator)? {
        Some((key, value)) => vm.new_array(vec![key, value]),
        None => Ok(Value::NOT_FOUND),
    }
}

fn has_next(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let iterator = iterator(vm, args[0])?;
    let Iterator { source, cursor } = *iterator.get(&vm.heap);
    // Asking a stream reads its next line ahead, for the next read to take.
    if vm.heap.kind_of(source) == Some(crate::heap::ObjectKind::Stream) {
        return Ok(Value::bool(vm.stdin_has_line()?));
    }
    Ok(Value::bool(vm.iteration_item(source, cursor)?.is_some()))
}

fn itself(_: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(args[0])
}
