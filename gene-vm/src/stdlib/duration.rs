//! Durations (spec 14.7's arithmetic): made by `gene/days 3`, `gene/hours 2`, … or read
//! from ISO 8601 (`PT1H30M`) or jiff's friendly form (`1h 30m`); added to dates and times
//! with `+`/`-` (`time.rs`), printed in ISO 8601. A duration keeps its units as given:
//! `(gene/hours 36)` stays `PT36H`.

use jiff::{Span, SpanRound, SpanTotal, Unit};

use super::args;
use super::declare::builtins;
use super::time::Duration;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// A duration of the number of years.
    global "gene/years" (n: Int) => years;
    /// A duration of the number of months.
    global "gene/months" (n: Int) => months;
    /// A duration of the number of weeks.
    global "gene/weeks" (n: Int) => weeks;
    /// A duration of the number of days.
    global "gene/days" (n: Int) => days;
    /// A duration of the number of hours.
    global "gene/hours" (n: Int) => hours;
    /// A duration of the number of minutes.
    global "gene/minutes" (n: Int) => minutes;
    /// A duration of the number of seconds (a Float keeps its fraction, to the nanosecond).
    global "gene/seconds" (n: Number) => seconds;
    /// A duration of the number of milliseconds.
    global "gene/milliseconds" (n: Int) => milliseconds;
    /// The duration the text writes, in ISO 8601 (`PT1H30M`) or as `1h 30m`.
    global "gene/duration" (text: String) => parse;
    /// The years field.
    Duration "years" () => get_years;
    /// The months field.
    Duration "months" () => get_months;
    /// The weeks field.
    Duration "weeks" () => get_weeks;
    /// The days field.
    Duration "days" () => get_days;
    /// The hours field.
    Duration "hours" () => get_hours;
    /// The minutes field.
    Duration "minutes" () => get_minutes;
    /// The seconds field.
    Duration "seconds" () => get_seconds;
    /// The milliseconds field.
    Duration "milliseconds" () => get_milliseconds;
    /// The whole length in seconds, as a Float (a day is 24 hours; no months or years).
    Duration "total_seconds" () => total_seconds;
    /// The whole length in milliseconds, as an Int (a day is 24 hours; no months or years).
    Duration "to_ms" () => to_ms;
    /// The same duration with its units balanced up to the largest one named (`"hour"`, `"day"`, …).
    Duration "balance" (largest: String) => balance;
    /// The duration without its sign.
    Duration "abs" () => abs;
    /// The duration in ISO 8601, `P1DT2H`.
    Duration "iso" | "to_iso" () => iso;
}

fn make(vm: &mut Vm, span: Result<Span, jiff::Error>) -> Result<Value, VmError> {
    let span = span.map_err(|e| VmError::argument_error(format!("invalid duration: {e}")))?;
    vm.alloc_object(Duration(span))
}

fn years(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let n = args::int(vm, args[0]);
    make(vm, Span::new().try_years(n))
}

fn months(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let n = args::int(vm, args[0]);
    make(vm, Span::new().try_months(n))
}

fn weeks(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let n = args::int(vm, args[0]);
    make(vm, Span::new().try_weeks(n))
}

fn days(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let n = args::int(vm, args[0]);
    make(vm, Span::new().try_days(n))
}

fn hours(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let n = args::int(vm, args[0]);
    make(vm, Span::new().try_hours(n))
}

fn minutes(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let n = args::int(vm, args[0]);
    make(vm, Span::new().try_minutes(n))
}

fn seconds(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    if let Some(n) = vm.as_int(args[0]) {
        return make(vm, Span::new().try_seconds(n));
    }
    let x = args::number(vm, args[0]);
    if !x.is_finite() || x.abs() >= 1e15 {
        return Err(VmError::argument_error(format!(
            "invalid duration: {x} seconds"
        )));
    }
    let whole = x.trunc();
    let nanos = ((x - whole) * 1e9).round() as i64;
    make(
        vm,
        Span::new()
            .try_seconds(whole as i64)
            .and_then(|s| s.try_nanoseconds(nanos)),
    )
}

fn milliseconds(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let n = args::int(vm, args[0]);
    make(vm, Span::new().try_milliseconds(n))
}

fn parse(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]);
    match text.trim().parse::<Span>() {
        Ok(span) => vm.alloc_object(Duration(span)),
        Err(e) => Err(VmError::of(
            crate::runtime::errors::ErrorKind::Parse,
            format!("cannot parse {text:?} as a duration: {e}"),
        )),
    }
}

fn span(vm: &Vm, value: Value) -> Span {
    vm.heap
        .downcast::<Duration>(value)
        .expect("dispatched on Duration")
        .get(&vm.heap)
        .0
}

fn field(vm: &mut Vm, args: &[Value], get: fn(&Span) -> i64) -> Result<Value, VmError> {
    let n = get(&span(vm, args[0]));
    vm.int(n)
}

fn get_years(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |s| i64::from(s.get_years()))
}

fn get_months(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |s| i64::from(s.get_months()))
}

fn get_weeks(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |s| i64::from(s.get_weeks()))
}

fn get_days(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |s| i64::from(s.get_days()))
}

fn get_hours(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |s| i64::from(s.get_hours()))
}

fn get_minutes(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |s| s.get_minutes())
}

fn get_seconds(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |s| s.get_seconds())
}

fn get_milliseconds(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    field(vm, args, |s| s.get_milliseconds())
}

/// The whole length in `unit`s, days taken as 24 hours; months and years have no fixed
/// length, so a duration with them has none.
fn total(vm: &Vm, value: Value, unit: Unit) -> Result<f64, VmError> {
    let span = span(vm, value);
    span.total(SpanTotal::from(unit).days_are_24_hours())
        .map_err(|_| {
            VmError::argument_error(format!(
                "{span} has months or years, which have no fixed length"
            ))
        })
}

fn total_seconds(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::float(total(vm, args[0], Unit::Second)?))
}

fn to_ms(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let ms = total(vm, args[0], Unit::Millisecond)?;
    vm.int(ms.trunc() as i64)
}

fn unit_named(name: &str) -> Option<Unit> {
    Some(match name.trim_end_matches('s') {
        "year" => Unit::Year,
        "month" => Unit::Month,
        "week" => Unit::Week,
        "day" => Unit::Day,
        "hour" => Unit::Hour,
        "minute" => Unit::Minute,
        "second" => Unit::Second,
        "millisecond" => Unit::Millisecond,
        "microsecond" => Unit::Microsecond,
        "nanosecond" => Unit::Nanosecond,
        _ => return None,
    })
}

fn balance(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let name = args::text(vm, args[1]);
    let Some(unit) = unit_named(name) else {
        return Err(VmError::argument_error(format!(
            "unknown unit {name:?}: year, month, week, day, hour, minute, second, millisecond, microsecond or nanosecond"
        )));
    };
    let span = span(vm, args[0]);
    let balanced = span
        .round(SpanRound::new().largest(unit).days_are_24_hours())
        .map_err(|e| VmError::argument_error(format!("cannot balance {span}: {e}")))?;
    vm.alloc_object(Duration(balanced))
}

fn abs(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let span = span(vm, args[0]).abs();
    vm.alloc_object(Duration(span))
}

fn iso(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = span(vm, args[0]).to_string();
    vm.string(text)
}
