//! Methods of dates and times (`.year` … `.second`); those of the other literal kinds are
//! in `bytes.rs` and `regex.rs`.

use gene_syntax::DatumKind;

use super::declare::builtins;
use crate::heap::Temporal;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The year of a date or date-time.
    Temporal "year" () => year;
    /// The month (1 to 12) of a date or date-time.
    Temporal "month" () => month;
    /// The day of the month of a date or date-time.
    Temporal "day" () => day;
    /// The hour of a time or date-time.
    Temporal "hour" () => hour;
    /// The minute of a time or date-time.
    Temporal "minute" () => minute;
    /// The second of a time or date-time.
    Temporal "second" () => second;
    /// The `[Area/City]` zone name of a time or date-time, or nil.
    Temporal "timezone" () => timezone;
    /// Minutes east of UTC (0 for `Z`), or nil for a local time.
    Temporal "offset" () => offset;
}

/// `(dt .timezone)`: the `[Area/City]` zone name, or nil.
fn timezone(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
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

/// A field of a date or time; `None` when the value has no such part (a date's hour).
fn temporal_field(
    vm: &mut Vm,
    args: &[Value],
    name: &str,
    field: fn(&DatumKind) -> Option<u32>,
) -> Result<Value, VmError> {
    let temporal = vm
        .heap
        .downcast::<Temporal>(args[0])
        .expect("dispatched on dates");
    match field(&temporal.get(&vm.heap).0.kind) {
        Some(n) => vm.int(i64::from(n)),
        None => Err(VmError::type_error(format!(
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
