//! Bytes (spec 14.8): the methods of `Bytes` values (`0#a0ff`), the String methods that
//! work on a string's UTF-8 bytes, and base64 (spec 14.10), which turns bytes into text and
//! back.

use base64::Engine;

use super::args;
use super::declare::builtins;
use crate::collections::{clamp_position, resolve_index};
use crate::heap::Bytes;
use crate::runtime::errors::ErrorKind;
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

builtins! {
    /// The number of bytes.
    Bytes "size" () => size;
    /// Byte i as an Int; negative positions count from the end, void past it.
    Bytes "get" (index: Int) => get;
    /// The bytes as an Array of Ints.
    Bytes "to_array" () => to_array;
    /// The bytes from start up to (not including) end; negative positions count from the end.
    Bytes "slice" (start: Int, ?end: Int) => slice;
    /// These bytes followed by the other's.
    Bytes "concat" (other: Bytes) => concat;
    /// The bytes read as UTF-8 text; bytes that are not UTF-8 are an error.
    Bytes "to_string" | "decode" () => decode;
    /// The string's UTF-8 bytes, as Bytes.
    String "bytes" | "to_bytes" () => string_bytes;
    /// The number of UTF-8 bytes.
    String "bytesize" () => bytesize;
    /// The UTF-8 bytes, as an Array of Ints.
    String "each_byte" () => each_byte;
    /// The byte at offset i, as an Int; negative offsets count from the end.
    String "byte_at" (index: Int) => byte_at;
    /// The bytes from offset start through end, both included, as Bytes; negative offsets count from the end.
    String "byteslice" | "byte_slice" (start: Int, ?end: Int) => byteslice;
    /// The base64 encoding (RFC 4648, padded) of the string's UTF-8 bytes.
    global "gene/base64_encode" | "base64" (text: String) => base64_encode;
    /// The text whose UTF-8 bytes the base64 string encodes.
    global "gene/base64_decode" | "base64_decode" (text: String) => base64_decode;
}

/// The bytes of a receiver declared `Bytes`.
fn data(vm: &Vm, value: Value) -> &[u8] {
    &vm.heap
        .downcast::<Bytes>(value)
        .expect("dispatched on Bytes")
        .get(&vm.heap)
        .0
}

fn new_bytes(vm: &mut Vm, bytes: Vec<u8>) -> Result<Value, VmError> {
    Ok(vm.heap.alloc(Bytes(bytes)).map_err(out_of_memory)?.value())
}

fn small(byte: u8) -> Value {
    Value::small_int(i64::from(byte)).expect("a byte fits")
}

fn size(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let len = data(vm, args[0]).len();
    vm.int(len as i64)
}

/// `(b .get i)`: byte i as an Int (negative from the end, void past it, as arrays).
fn get(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let index = args::int(vm, args[1]);
    let bytes = data(vm, args[0]);
    Ok(resolve_index(index, bytes.len()).map_or(Value::VOID, |i| small(bytes[i])))
}

fn to_array(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = data(vm, args[0]).iter().map(|&b| small(b)).collect();
    vm.new_array(items)
}

/// `(b .slice start [end])`: bytes start up to, not including, end (the rest by default);
/// positions are clamped, as the reference's bytes design gives `(0#abcd1234 .slice 1 3)`
/// as `0#cd12`.
fn slice(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let start = args::int(vm, args[1]);
    let end = args.get(2).map(|&end| args::int(vm, end));
    let bytes = data(vm, args[0]);
    let start = clamp_position(start, bytes.len());
    let end = end.map_or(bytes.len(), |end| clamp_position(end, bytes.len()));
    let piece = bytes
        .get(start..end.max(start))
        .unwrap_or_default()
        .to_vec();
    new_bytes(vm, piece)
}

fn concat(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut joined = data(vm, args[0]).to_vec();
    joined.extend_from_slice(data(vm, args[1]));
    new_bytes(vm, joined)
}

/// `(b .to_string)`: the bytes as UTF-8 text.
fn decode(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = utf8(data(vm, args[0]).to_vec(), "Bytes.to_string")?;
    vm.string(text)
}

/// `bytes` as text; where they are not UTF-8, a `ParseException` saying where.
fn utf8(bytes: Vec<u8>, what: &str) -> Result<String, VmError> {
    String::from_utf8(bytes).map_err(|error| {
        VmError::of(
            ErrorKind::Parse,
            format!(
                "{what}: the bytes are not UTF-8 text (invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
        )
    })
}

fn string_bytes(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let bytes = args::text(vm, args[0]).as_bytes().to_vec();
    new_bytes(vm, bytes)
}

fn bytesize(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let count = args::text(vm, args[0]).len();
    vm.int(count as i64)
}

fn each_byte(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::text(vm, args[0]).bytes().map(small).collect();
    vm.new_array(items)
}

/// `(s .byte_at i)`: the byte at offset i as an Int; negative offsets count from the end.
fn byte_at(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let index = args::int(vm, args[1]);
    let text = args::text(vm, args[0]);
    match resolve_index(index, text.len()) {
        Some(i) => Ok(small(text.as_bytes()[i])),
        None => Err(VmError::of(
            ErrorKind::Index,
            format!(
                "byte_at index {index} is out of bounds for a string of {} bytes",
                text.len()
            ),
        )),
    }
}

/// `(s .byteslice start [end])`: bytes start through end, both included (to the last by
/// default), as `substr` counts characters; negative offsets count from the end and
/// offsets past it are clamped.
fn byteslice(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let start = args::int(vm, args[1]);
    let end = args.get(2).map(|&end| args::int(vm, end));
    let bytes = args::text(vm, args[0]).as_bytes();
    let len = bytes.len();
    let start = clamp_position(start, len);
    let piece = if start >= len {
        Vec::new()
    } else {
        let last = end.map_or(len - 1, |end| clamp_position(end, len).min(len - 1));
        bytes.get(start..=last).unwrap_or_default().to_vec()
    };
    new_bytes(vm, piece)
}

fn base64_encode(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let encoded = base64::engine::general_purpose::STANDARD.encode(args::text(vm, args[0]));
    vm.string(encoded)
}

/// `(gene/base64_decode s)`: whitespace is skipped and padding may be left out; anything
/// else that is not base64, or bytes that are not UTF-8, is a `ParseException`.
fn base64_decode(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text: String = args::text(vm, args[0])
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    let engine = base64::engine::GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        base64::engine::GeneralPurposeConfig::new()
            .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
    );
    let bytes = engine.decode(&text).map_err(|error| {
        VmError::of(
            ErrorKind::Parse,
            format!("base64_decode: the text is not base64 ({error})"),
        )
    })?;
    let decoded = utf8(bytes, "base64_decode")?;
    vm.string(decoded)
}
