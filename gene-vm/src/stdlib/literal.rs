//! Methods of the literal kinds beyond numbers and strings: bytes (`.size`) and regexes
//! (`.find`). Dates and times are in `time.rs`.

use super::args;
use super::declare::builtins;
use crate::heap::{Bytes, Regex};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The number of bytes.
    Bytes "size" () => bytes_size;
    /// Byte i as an Int; negative positions count from the end, void past it.
    Bytes "get" (index: Int) => bytes_get;
    /// The bytes as an Array of Ints.
    Bytes "to_array" () => bytes_to_array;
    /// The string's UTF-8 bytes, as Bytes.
    String "bytes" () => string_bytes;
    /// The first match's text in the String, or nil.
    Regex "find" (text: String) => find;
}

/// `(b .get i)`: byte i as an Int (negative from the end, void past it).
fn bytes_get(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let index = args::int(vm, args[1]);
    let bytes = &vm
        .heap
        .downcast::<Bytes>(args[0])
        .expect("dispatched on Bytes")
        .get(&vm.heap)
        .0;
    Ok(
        crate::collections::resolve_index(index, bytes.len()).map_or(Value::VOID, |i| {
            Value::small_int(i64::from(bytes[i])).expect("a byte fits")
        }),
    )
}

/// `(b .to_array)`: the bytes as an array of Ints.
fn bytes_to_array(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = vm
        .heap
        .downcast::<Bytes>(args[0])
        .expect("dispatched on Bytes")
        .get(&vm.heap)
        .0
        .iter()
        .map(|&b| Value::small_int(i64::from(b)).expect("a byte fits"))
        .collect();
    vm.new_array(items)
}

/// `("text" .bytes)`: the string's UTF-8 bytes.
fn string_bytes(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let bytes = vm
        .as_str(args[0])
        .expect("dispatched on strings")
        .as_bytes()
        .to_vec();
    Ok(vm
        .heap
        .alloc(Bytes(bytes))
        .map_err(crate::vm::out_of_memory)?
        .value())
}

fn bytes_size(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let bytes = vm
        .heap
        .downcast::<Bytes>(args[0])
        .expect("dispatched on Bytes");
    let len = bytes.get(&vm.heap).0.len();
    vm.int(len as i64)
}

/// `(#/re/ .find text)`: the first match's text, or nil.
fn find(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[1]);
    let regex = vm
        .heap
        .downcast::<Regex>(args[0])
        .expect("dispatched on Regex");
    let found = regex
        .get(&vm.heap)
        .compiled
        .find(text)
        .map(|m| m.as_str().to_string());
    match found {
        Some(found) => vm.string(found),
        None => Ok(Value::NIL),
    }
}
