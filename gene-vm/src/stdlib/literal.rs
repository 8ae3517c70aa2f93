//! Methods of the literal kinds beyond numbers and strings: bytes (`.size`), dates and times
//! (`.year` … `.second`) and regexes (`.find`).

use gene_syntax::DatumKind;

use crate::heap::{Bytes, Regex, Temporal};
use crate::methods::TypeKey;
use crate::value::Value;
use crate::vm::{Vm, VmError};

pub(super) fn install(vm: &mut Vm) {
    vm.define_builtin_method(TypeKey::Bytes, "size", bytes_size);
    vm.define_builtin_method(TypeKey::Temporal, "year", year);
    vm.define_builtin_method(TypeKey::Temporal, "month", month);
    vm.define_builtin_method(TypeKey::Temporal, "day", day);
    vm.define_builtin_method(TypeKey::Temporal, "hour", hour);
    vm.define_builtin_method(TypeKey::Temporal, "minute", minute);
    vm.define_builtin_method(TypeKey::Temporal, "second", second);
    vm.define_builtin_method(TypeKey::Temporal, "timezone", timezone);
    vm.define_builtin_method(TypeKey::Temporal, "offset", offset);
    vm.define_builtin_method(TypeKey::Bytes, "get", bytes_get);
    vm.define_builtin_method(TypeKey::Bytes, "to_array", bytes_to_array);
    vm.define_builtin_method(TypeKey::String, "bytes", string_bytes);
    vm.define_builtin_method(TypeKey::Regex, "find", find);
}

/// `(dt .timezone)`: the `[Area/City]` zone name, or nil.
fn timezone(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    no_arguments(args, "timezone")?;
    let temporal = vm
        .heap
        .downcast::<Temporal>(args[0])
        .expect("dispatched on dates");
    let zone = time_of(&temporal.get(&vm.heap).0.kind).and_then(|t| t.zone.clone());
    match zone {
        Some(zone) => vm.string(zone),
        None => Ok(Value::NIL),
    }
}

/// `(dt .offset)`: minutes east of UTC (0 for `Z`), or nil for a local time.
fn offset(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    no_arguments(args, "offset")?;
    let temporal = vm
        .heap
        .downcast::<Temporal>(args[0])
        .expect("dispatched on dates");
    let offset = time_of(&temporal.get(&vm.heap).0.kind).map(|t| t.offset);
    match offset {
        Some(gene_syntax::datum::TzOffset::Utc) => vm.int(0),
        Some(gene_syntax::datum::TzOffset::Minutes(minutes)) => vm.int(i64::from(minutes)),
        _ => Ok(Value::NIL),
    }
}

/// `(b .get i)`: byte i as an Int (negative from the end, void past it).
fn bytes_get(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let [bytes, index] = args else {
        return Err(VmError::new("Bytes.get takes an index"));
    };
    let Some(index) = vm.as_int(*index) else {
        return Err(VmError::new("Bytes.get index must be an Int"));
    };
    let bytes = &vm
        .heap
        .downcast::<Bytes>(*bytes)
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
    no_arguments(args, "Bytes.to_array")?;
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
    no_arguments(args, "String.bytes")?;
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

fn no_arguments(args: &[Value], name: &str) -> Result<(), VmError> {
    if args.len() == 1 {
        Ok(())
    } else {
        Err(VmError::new(format!("{name} takes no arguments")))
    }
}

fn bytes_size(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    no_arguments(args, "Bytes.size")?;
    let bytes = vm
        .heap
        .downcast::<Bytes>(args[0])
        .expect("dispatched on Bytes");
    let len = bytes.get(&vm.heap).0.len();
    vm.int(len as i64)
}

/// A field of a date or time; `None` when the value has no such part (a date's hour).
fn temporal_field(
    vm: &mut Vm,
    args: &[Value],
    name: &str,
    field: fn(&DatumKind) -> Option<u32>,
) -> Result<Value, VmError> {
    no_arguments(args, name)?;
    let temporal = vm
        .heap
        .downcast::<Temporal>(args[0])
        .expect("dispatched on dates");
    match field(&temporal.get(&vm.heap).0.kind) {
        Some(n) => vm.int(i64::from(n)),
        None => Err(VmError::new(format!(
            "{} has no {name}",
            crate::print::type_name(vm, args[0])
        ))),
    }
}

fn date_of(kind: &DatumKind) -> Option<gene_syntax::datum::Date> {
    match kind {
        DatumKind::Date(d) => Some(*d),
        DatumKind::DateTime(dt) => Some(dt.date),
        _ => None,
    }
}

fn time_of(kind: &DatumKind) -> Option<&gene_syntax::datum::Time> {
    match kind {
        DatumKind::Time(t) => Some(t),
        DatumKind::DateTime(dt) => Some(&dt.time),
        _ => None,
    }
}

fn year(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    temporal_field(vm, args, "year", |k| date_of(k).map(|d| u32::from(d.year)))
}

fn month(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    temporal_field(vm, args, "month", |k| {
        date_of(k).map(|d| u32::from(d.month))
    })
}

fn day(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    temporal_field(vm, args, "day", |k| date_of(k).map(|d| u32::from(d.day)))
}

fn hour(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    temporal_field(vm, args, "hour", |k| time_of(k).map(|t| u32::from(t.hour)))
}

fn minute(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    temporal_field(vm, args, "minute", |k| {
        time_of(k).map(|t| u32::from(t.minute))
    })
}

fn second(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    temporal_field(vm, args, "second", |k| {
        time_of(k).map(|t| u32::from(t.second))
    })
}

/// `(#/re/ .find text)`: the first match's text, or nil.
fn find(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let [regex, text] = args else {
        return Err(VmError::new("Regex.find takes the text to search"));
    };
    let Some(text) = vm.as_str(*text) else {
        return Err(VmError::new(format!(
            "Regex.find searches a String, not {}",
            crate::print::type_name(vm, *text)
        )));
    };
    let regex = vm
        .heap
        .downcast::<Regex>(*regex)
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
