//! Dates, times and time zones (spec 14.7), on `jiff` and its bundled tz database: the
//! clock (`gene/now`, `gene/today`, `time/now_us`), the fields of dates and times,
//! strftime formatting, parsing, zone conversion, and the arithmetic the operators do
//! (`date + duration`, `date - date`). The kinds themselves are in `time/value.rs`; the
//! methods of `Duration` in `duration.rs`.

mod value;

pub(crate) use value::{compare, equal, hash, Date, DateTime, Duration, Time};

use gene_syntax::datum::TimePrecision;
use gene_syntax::DatumKind;
use jiff::civil;
use jiff::fmt::strtime;
use jiff::tz::TimeZone;
use jiff::{Span, SpanArithmetic, Unit, Zoned};

use super::args;
use super::declare::builtins;
use crate::ops::Arith;
use crate::runtime::errors::ErrorKind;
use crate::value::Value;
use crate::vm::{Vm, VmError};
use value::{label_of, zone_named, Label, Moment, Offset};

builtins! {
    /// Today's date, in the system's time zone or the zone named.
    global "gene/today" (?zone: String) => today;
    /// Yesterday's date, in the system's time zone or the zone named.
    global "gene/yesterday" (?zone: String) => yesterday;
    /// Tomorrow's date, in the system's time zone or the zone named.
    global "gene/tomorrow" (?zone: String) => tomorrow;
    /// The current date and time, in the system's time zone or the zone named.
    global "gene/now" (?zone: String) => now;
    /// Seconds since the Unix epoch, as an Int.
    global "gene/time/now" () => unix_now;
    /// Microseconds since the Unix epoch, as an Int.
    global "gene/time/now_us" () => unix_now_us;
    /// Milliseconds since the Unix epoch, as an Int.
    global "gene/time/now_ms" () => unix_now_ms;
    /// Starts the stopwatch `$duration` reads; answers now in Unix microseconds, a Float (what reading `$duration_start` runs).
    global "$duration_start" () => duration_start;
    /// The microseconds since `$duration_start`, a Float (what reading `$duration` runs).
    global "$duration" () => duration;
    /// The Date, Time or DateTime the text writes (as a literal, ISO 8601 or RFC 9557), or as the strptime format says.
    global "gene/time/parse" (text: String, ?format: String) => parse_any;
    /// The Date the text writes (`2024-01-23`), or as the strptime format says.
    global "gene/date/parse" (text: String, ?format: String) => parse_date;
    /// The year.
    Date "year" () => year;
    /// The month, 1 to 12.
    Date "month" () => month;
    /// The day of the month.
    Date "day" () => day;
    /// The day of the week, 1 (Monday) to 7 (Sunday).
    Date "weekday" () => weekday;
    /// The day of the year, from 1.
    Date "day_of_year" () => day_of_year;
    /// The date written as the strftime format says (`%Y-%m-%d`).
    Date "format" (format: String) => format;
    /// The date in ISO 8601, `2024-01-23`.
    Date "iso" | "to_iso" () => iso;
    /// The year.
    DateTime "year" () => year;
    /// The month, 1 to 12.
    DateTime "month" () => month;
    /// The day of the month.
    DateTime "day" () => day;
    /// The day of the week, 1 (Monday) to 7 (Sunday).
    DateTime "weekday" () => weekday;
    /// The day of the year, from 1.
    DateTime "day_of_year" () => day_of_year;
    /// The hour, 0 to 23.
    DateTime "hour" () => hour;
    /// The minute, 0 to 59.
    DateTime "minute" () => minute;
    /// The second, 0 to 59.
    DateTime "second" () => second;
    /// The milliseconds past the second.
    DateTime "millisecond" () => millisecond;
    /// The microseconds past the second.
    DateTime "microsecond" () => microsecond;
    /// The nanoseconds past the second.
    DateTime "nanosecond" () => nanosecond;
    /// The zone's name (`UTC` for `Z`), or nil without one.
    DateTime "timezone" () => timezone;
    /// Minutes east of UTC, or nil for a civil date-time.
    DateTime "offset" () => offset;
    /// Seconds since the Unix epoch (a civil date-time is taken as UTC).
    DateTime "to_i" () => to_i;
    /// Milliseconds since the Unix epoch (a civil date-time is taken as UTC).
    DateTime "to_ms" () => to_ms;
    /// Seconds since the Unix epoch with their fraction, as a Float.
    DateTime "to_f" () => to_f;
    /// The date-time written as the strftime format says (`%Y-%m-%d %H:%M`).
    DateTime "format" (format: String) => format;
    /// The date-time in ISO 8601 / RFC 9557, seconds always shown.
    DateTime "iso" | "to_iso" () => iso;
    /// The same instant in the zone named (a civil date-time: the same clock, in that zone).
    DateTime "in_tz" (zone: String) => in_tz;
    /// The same instant in UTC (a civil date-time: the same clock, in UTC).
    DateTime "to_utc" () => to_utc;
    /// The date part, a Date.
    DateTime "date" () => date_part;
    /// The clock part, a Time, with the offset and zone.
    DateTime "time" () => time_part;
    /// The hour, 0 to 23.
    Time "hour" () => hour;
    /// The minute, 0 to 59.
    Time "minute" () => minute;
    /// The second, 0 to 59.
    Time "second" () => second;
    /// The milliseconds past the second.
    Time "millisecond" () => millisecond;
    /// The microseconds past the second.
    Time "microsecond" () => microsecond;
    /// The nanoseconds past the second.
    Time "nanosecond" () => nanosecond;
    /// The `[Area/City]` zone's name (`UTC` for `Z`), or nil.
    Time "timezone" () => timezone;
    /// Minutes east of UTC as written, or nil without an offset.
    Time "offset" () => offset;
    /// The time written as the strftime format says (`%H:%M`).
    Time "format" (format: String) => format;
    /// The time in ISO 8601, seconds always shown, then its offset and zone.
    Time "iso" | "to_iso" () => iso;
}

/// What a date, time or date-time is made of, for the accessors shared by the kinds.
struct Parts {
    date: Option<civil::Date>,
    clock: Option<civil::Time>,
}

fn parts(vm: &Vm, value: Value) -> Parts {
    let heap = &vm.heap;
    if let Some(d) = heap.downcast::<Date>(value) {
        return Parts {
            date: Some(d.get(heap).0),
            clock: None,
        };
    }
    if let Some(t) = heap.downcast::<Time>(value) {
        return Parts {
            date: None,
            clock: Some(t.get(heap).clock),
        };
    }
    let civil = date_time(vm, value).moment.civil();
    Parts {
        date: Some(civil.date()),
        clock: Some(civil.time()),
    }
}

fn date_time(vm: &Vm, value: Value) -> &DateTime {
    vm.heap
        .downcast::<DateTime>(value)
        .expect("dispatched on DateTime")
        .get(&vm.heap)
}

fn date_field(vm: &mut Vm, value: Value, field: fn(civil::Date) -> i64) -> Result<Value, VmError> {
    let date = parts(vm, value).date.expect("declared on dates");
    vm.int(field(date))
}

fn clock_field(vm: &mut Vm, value: Value, field: fn(civil::Time) -> i64) -> Result<Value, VmError> {
    let clock = parts(vm, value).clock.expect("declared on times");
    vm.int(field(clock))
}

fn year(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    date_field(vm, args[0], |d| i64::from(d.year()))
}

fn month(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    date_field(vm, args[0], |d| i64::from(d.month()))
}

fn day(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    date_field(vm, args[0], |d| i64::from(d.day()))
}

fn weekday(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    date_field(vm, args[0], |d| {
        i64::from(d.weekday().to_monday_one_offset())
    })
}

fn day_of_year(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    date_field(vm, args[0], |d| i64::from(d.day_of_year()))
}

fn hour(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    clock_field(vm, args[0], |t| i64::from(t.hour()))
}

fn minute(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    clock_field(vm, args[0], |t| i64::from(t.minute()))
}

fn second(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    clock_field(vm, args[0], |t| i64::from(t.second()))
}

fn millisecond(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    clock_field(vm, args[0], |t| {
        i64::from(t.subsec_nanosecond() / 1_000_000)
    })
}

fn microsecond(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    clock_field(vm, args[0], |t| i64::from(t.subsec_nanosecond() / 1_000))
}

fn nanosecond(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    clock_field(vm, args[0], |t| i64::from(t.subsec_nanosecond()))
}

/// The zone name and the offset (in seconds) a time or date-time carries.
fn zone_and_offset(vm: &Vm, value: Value) -> (Option<String>, Option<i32>) {
    if let Some(t) = vm.heap.downcast::<Time>(value) {
        let t = t.get(&vm.heap);
        let name = match (&t.zone, t.offset) {
            (Some(zone), _) => zone.iana_name().map(str::to_string),
            (None, Some(Offset::Utc)) => Some("UTC".to_string()),
            (None, _) => None,
        };
        let offset = t.offset.map(|o| match o {
            Offset::Utc => 0,
            Offset::Fixed(o) => o.seconds(),
        });
        return (name, offset);
    }
    match &date_time(vm, value).moment {
        Moment::Civil(_) => (None, None),
        Moment::Zoned(zoned, label) => {
            let name = match label {
                Label::Utc => Some("UTC".to_string()),
                Label::Offset => None,
                Label::Zone | Label::UtcInZone => zoned.time_zone().iana_name().map(str::to_string),
            };
            (name, Some(zoned.offset().seconds()))
        }
    }
}

fn timezone(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    match zone_and_offset(vm, args[0]).0 {
        Some(name) => vm.string(name),
        None => Ok(Value::NIL),
    }
}

fn offset(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    match zone_and_offset(vm, args[0]).1 {
        Some(seconds) => vm.int(i64::from(seconds / 60)),
        None => Ok(Value::NIL),
    }
}

/// The instant a date-time names; a civil one is taken as UTC.
fn instant(vm: &Vm, value: Value) -> Result<jiff::Timestamp, VmError> {
    match &date_time(vm, value).moment {
        Moment::Zoned(zoned, _) => Ok(zoned.timestamp()),
        Moment::Civil(civil) => civil
            .to_zoned(TimeZone::UTC)
            .map(|z| z.timestamp())
            .map_err(|e| VmError::argument_error(e.to_string())),
    }
}

fn to_i(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let seconds = instant(vm, args[0])?.as_second();
    vm.int(seconds)
}

fn to_ms(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let ms = instant(vm, args[0])?.as_millisecond();
    vm.int(ms)
}

fn to_f(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let t = instant(vm, args[0])?;
    Ok(Value::float(
        t.as_second() as f64 + f64::from(t.subsec_nanosecond()) / 1e9,
    ))
}

fn format(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let pattern = args::text(vm, args[1]);
    let heap = &vm.heap;
    let written = if let Some(d) = heap.downcast::<Date>(args[0]) {
        strtime::format(pattern, d.get(heap).0)
    } else if let Some(t) = heap.downcast::<Time>(args[0]) {
        strtime::format(pattern, t.get(heap).clock)
    } else {
        match &date_time(vm, args[0]).moment {
            Moment::Civil(civil) => strtime::format(pattern, *civil),
            Moment::Zoned(zoned, _) => strtime::format(pattern, zoned),
        }
    };
    let text = written.map_err(|e| {
        VmError::argument_error(format!(
            "cannot format {} with {pattern:?}: {e}",
            crate::print::type_name(vm, args[0])
        ))
    })?;
    vm.string(text)
}

fn iso(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let heap = &vm.heap;
    let text = if let Some(d) = heap.downcast::<Date>(args[0]) {
        d.get(heap).text()
    } else if let Some(t) = heap.downcast::<Time>(args[0]) {
        t.get(heap).text(TimePrecision::Seconds)
    } else {
        date_time(vm, args[0]).text(TimePrecision::Seconds)
    };
    vm.string(text)
}

/// A new date-time from this one's moment, keeping how much of the clock it shows.
fn with_moment(vm: &mut Vm, from: Value, moment: Moment) -> Result<Value, VmError> {
    let shown = date_time(vm, from).shown;
    vm.alloc_object(DateTime { moment, shown })
}

fn in_tz(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let zone = zone_named(args::text(vm, args[1]))?;
    let moment = match &date_time(vm, args[0]).moment {
        Moment::Zoned(zoned, _) => zoned.with_time_zone(zone),
        Moment::Civil(civil) => civil
            .to_zoned(zone)
            .map_err(|e| VmError::argument_error(e.to_string()))?,
    };
    let label = label_of(moment.time_zone());
    with_moment(vm, args[0], Moment::Zoned(moment, label))
}

fn to_utc(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let moment = match &date_time(vm, args[0]).moment {
        Moment::Zoned(zoned, _) => zoned.with_time_zone(TimeZone::UTC),
        Moment::Civil(civil) => civil
            .to_zoned(TimeZone::UTC)
            .map_err(|e| VmError::argument_error(e.to_string()))?,
    };
    with_moment(vm, args[0], Moment::Zoned(moment, Label::Utc))
}

fn date_part(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let date = date_time(vm, args[0]).moment.civil().date();
    vm.alloc_object(Date(date))
}

fn time_part(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let dt = date_time(vm, args[0]);
    let (offset, zone) = match &dt.moment {
        Moment::Civil(_) => (None, None),
        Moment::Zoned(_, Label::Utc) => (Some(Offset::Utc), None),
        Moment::Zoned(z, Label::Offset) => (Some(Offset::Fixed(z.offset())), None),
        Moment::Zoned(z, Label::Zone | Label::UtcInZone) => {
            (Some(Offset::Fixed(z.offset())), Some(z.time_zone().clone()))
        }
    };
    let time = Time {
        clock: dt.moment.civil().time(),
        offset,
        zone,
        shown: dt.shown,
    };
    vm.alloc_object(time)
}

/// Now, in the zone named or the system's.
fn zoned_now(vm: &Vm, args: &[Value]) -> Result<Zoned, VmError> {
    let now = Zoned::now();
    match args.first() {
        Some(&name) => Ok(now.with_time_zone(zone_named(args::text(vm, name))?)),
        None => Ok(now),
    }
}

fn now(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let now = zoned_now(vm, args)?;
    let label = label_of(now.time_zone());
    vm.alloc_object(DateTime {
        moment: Moment::Zoned(now, label),
        shown: TimePrecision::Seconds,
    })
}

fn day_from_today(vm: &mut Vm, args: &[Value], days: i64) -> Result<Value, VmError> {
    let today = zoned_now(vm, args)?.date();
    let date = today
        .checked_add(Span::new().days(days))
        .map_err(|e| VmError::argument_error(e.to_string()))?;
    vm.alloc_object(Date(date))
}

fn today(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    day_from_today(vm, args, 0)
}

fn yesterday(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    day_from_today(vm, args, -1)
}

fn tomorrow(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    day_from_today(vm, args, 1)
}

fn unix_now(vm: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    vm.int(jiff::Timestamp::now().as_second())
}

fn unix_now_us(vm: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    vm.int(jiff::Timestamp::now().as_microsecond())
}

fn unix_now_ms(vm: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    vm.int(jiff::Timestamp::now().as_millisecond())
}

thread_local! {
    /// When `$duration_start` last ran, in Unix microseconds.
    static STOPWATCH: std::cell::Cell<Option<i64>> = const { std::cell::Cell::new(None) };
}

fn duration_start(_: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    let now = jiff::Timestamp::now().as_microsecond();
    STOPWATCH.with(|start| start.set(Some(now)));
    Ok(Value::float(now as f64))
}

fn duration(_: &mut Vm, _: &[Value]) -> Result<Value, VmError> {
    let Some(start) = STOPWATCH.with(|start| start.get()) else {
        return Err(VmError::new("$duration needs $duration_start first"));
    };
    let elapsed = jiff::Timestamp::now().as_microsecond() - start;
    Ok(Value::float(elapsed as f64))
}

fn parse_error(text: &str, what: &str, why: Option<String>) -> VmError {
    let mut message = format!("cannot parse {text:?} as {what}");
    if let Some(why) = why {
        message.push_str(": ");
        message.push_str(&why);
    }
    VmError::of(ErrorKind::Parse, message)
}

/// The value `text` writes: a Gene date or time literal, else anything jiff reads as a
/// zoned date-time (RFC 9557), a civil date-time (a space for the `T` too), a date or a
/// time; with a strptime `pattern`, what the pattern reads.
fn parse_text(vm: &mut Vm, text: &str, pattern: Option<&str>) -> Result<Value, VmError> {
    let what = "a date or time";
    if let Some(pattern) = pattern {
        let parsed = strtime::parse(pattern, text)
            .map_err(|e| parse_error(text, what, Some(e.to_string())))?;
        let failed = |e: jiff::Error| parse_error(text, what, Some(e.to_string()));
        if parsed.offset().is_some() || parsed.iana_time_zone().is_some() {
            let zoned = parsed.to_zoned().map_err(failed)?;
            let label = match parsed.iana_time_zone() {
                Some(_) => Label::Zone,
                None => Label::Offset,
            };
            return vm.alloc_object(DateTime {
                moment: Moment::Zoned(zoned, label),
                shown: TimePrecision::Seconds,
            });
        }
        return match (parsed.year().is_some(), parsed.hour().is_some()) {
            (true, true) => {
                let civil = parsed.to_datetime().map_err(failed)?;
                vm.alloc_object(DateTime {
                    moment: Moment::Civil(civil),
                    shown: TimePrecision::Seconds,
                })
            }
            (true, false) => {
                let date = parsed.to_date().map_err(failed)?;
                vm.alloc_object(Date(date))
            }
            (false, true) => {
                let clock = parsed.to_time().map_err(failed)?;
                vm.alloc_object(Time {
                    clock,
                    offset: None,
                    zone: None,
                    shown: TimePrecision::Seconds,
                })
            }
            (false, false) => Err(parse_error(
                text,
                what,
                Some("the format reads neither a date nor a time".into()),
            )),
        };
    }
    let trimmed = text.trim();
    if let Ok(data) = gene_syntax::parse_str(trimmed) {
        if let [datum] = data.as_slice() {
            if matches!(
                datum.kind,
                DatumKind::Date(_) | DatumKind::Time(_) | DatumKind::DateTime(_)
            ) {
                return vm
                    .temporal_from_datum(&datum.kind)
                    .map_err(|e| parse_error(text, what, Some(e.message)));
            }
        }
    }
    if let Ok(zoned) = trimmed.parse::<Zoned>() {
        let label = label_of(zoned.time_zone());
        return vm.alloc_object(DateTime {
            moment: Moment::Zoned(zoned, label),
            shown: TimePrecision::Seconds,
        });
    }
    if let Ok(timestamp) = trimmed.parse::<jiff::Timestamp>() {
        return vm.alloc_object(DateTime {
            moment: Moment::Zoned(timestamp.to_zoned(TimeZone::UTC), Label::Utc),
            shown: TimePrecision::Seconds,
        });
    }
    // jiff reads a bare date as a date-time at midnight, so a date-time needs a clock.
    if trimmed.contains(':') {
        if let Ok(civil) = trimmed.parse::<civil::DateTime>() {
            return vm.alloc_object(DateTime {
                moment: Moment::Civil(civil),
                shown: TimePrecision::Seconds,
            });
        }
    } else if let Ok(date) = trimmed.parse::<civil::Date>() {
        return vm.alloc_object(Date(date));
    }
    Err(parse_error(text, what, None))
}

fn parse_any(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]).to_string();
    let pattern = args.get(1).map(|&p| args::text(vm, p).to_string());
    parse_text(vm, &text, pattern.as_deref())
}

fn parse_date(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]).to_string();
    let pattern = args.get(1).map(|&p| args::text(vm, p).to_string());
    let value = parse_text(vm, &text, pattern.as_deref())
        .map_err(|_| parse_error(&text, "a date", None))?;
    if vm.heap.downcast::<Date>(value).is_none() {
        return Err(parse_error(
            &text,
            "a date",
            Some(format!("it is a {}", crate::print::type_name(vm, value))),
        ));
    }
    Ok(value)
}

fn arith_error(e: jiff::Error) -> VmError {
    VmError::argument_error(format!("date arithmetic failed: {e}"))
}

fn span_of(vm: &Vm, value: Value) -> Option<Span> {
    vm.heap
        .downcast::<Duration>(value)
        .map(|d| d.get(&vm.heap).0)
}

/// `+`, `-` and `*` where a date, time, date-time or duration takes part: a date, time or
/// date-time plus or minus a duration, the duration between two of one kind, durations
/// added, negated or multiplied by an Int. None for any other operands, which `ops` reports.
pub(crate) fn arith(
    vm: &mut Vm,
    op: Arith,
    left: Value,
    right: Value,
) -> Option<Result<Value, VmError>> {
    let heap = &vm.heap;
    let is_ours = |v: Value| {
        heap.downcast::<Date>(v).is_some()
            || heap.downcast::<Time>(v).is_some()
            || heap.downcast::<DateTime>(v).is_some()
            || heap.downcast::<Duration>(v).is_some()
    };
    if !is_ours(left) && !is_ours(right) {
        return None;
    }
    let (span_l, span_r) = (span_of(vm, left), span_of(vm, right));
    match (op, span_l, span_r) {
        (Arith::Add | Arith::Sub, Some(a), Some(b)) => {
            let b = if op == Arith::Sub { b.negate() } else { b };
            let sum = a
                .checked_add(SpanArithmetic::from(b).days_are_24_hours())
                .map_err(|_| {
                    VmError::argument_error(format!(
                        "cannot add durations with months or years ({a} and {b}); add them to a date one by one"
                    ))
                })
                .and_then(|s| vm.alloc_object(Duration(s)));
            Some(sum)
        }
        (Arith::Mul, Some(span), None) | (Arith::Mul, None, Some(span)) => {
            let factor = if span_l.is_some() { right } else { left };
            let n = vm.as_int(factor)?;
            Some(
                span.checked_mul(n)
                    .map_err(arith_error)
                    .and_then(|s| vm.alloc_object(Duration(s))),
            )
        }
        (Arith::Add | Arith::Sub, None, Some(span)) => {
            let span = if op == Arith::Sub {
                span.negate()
            } else {
                span
            };
            shift(vm, left, span)
        }
        (Arith::Add, Some(span), None) => shift(vm, right, span),
        (Arith::Sub, None, None) => difference(vm, left, right),
        _ => None,
    }
}

/// `value` moved by `span` (already negated for `-`); None when it is not a date or time.
fn shift(vm: &mut Vm, value: Value, span: Span) -> Option<Result<Value, VmError>> {
    let heap = &vm.heap;
    let movable = heap.downcast::<Date>(value).is_some()
        || heap.downcast::<Time>(value).is_some()
        || heap.downcast::<DateTime>(value).is_some();
    movable.then(|| shifted(vm, value, span))
}

fn shifted(vm: &mut Vm, value: Value, span: Span) -> Result<Value, VmError> {
    let heap = &vm.heap;
    if let Some(d) = heap.downcast::<Date>(value) {
        let date = d.get(heap).0.checked_add(span).map_err(arith_error)?;
        return vm.alloc_object(Date(date));
    }
    if let Some(t) = heap.downcast::<Time>(value) {
        let t = t.get(heap);
        let time = Time {
            clock: t.clock.wrapping_add(span),
            offset: t.offset,
            zone: t.zone.clone(),
            shown: t.shown,
        };
        return vm.alloc_object(time);
    }
    let dt = date_time(vm, value);
    let moment = match &dt.moment {
        Moment::Civil(c) => Moment::Civil(c.checked_add(span).map_err(arith_error)?),
        Moment::Zoned(z, label) => Moment::Zoned(z.checked_add(span).map_err(arith_error)?, *label),
    };
    let shown = dt.shown;
    vm.alloc_object(DateTime { moment, shown })
}

/// `left - right` for two dates (in days), two times or two date-times (in hours and
/// less, so no day of a zone's change of offset is miscounted).
/// None when they are not two of one of these kinds.
fn difference(vm: &mut Vm, left: Value, right: Value) -> Option<Result<Value, VmError>> {
    Some(match between(vm, left, right)? {
        Ok(span) => vm.alloc_object(Duration(span)),
        Err(e) => Err(e),
    })
}

fn between(vm: &Vm, left: Value, right: Value) -> Option<Result<Span, VmError>> {
    let heap = &vm.heap;
    Some(
        if let (Some(a), Some(b)) = (heap.downcast::<Date>(left), heap.downcast::<Date>(right)) {
            a.get(heap).0.since(b.get(heap).0).map_err(arith_error)
        } else if let (Some(a), Some(b)) =
            (heap.downcast::<Time>(left), heap.downcast::<Time>(right))
        {
            a.get(heap)
                .clock
                .since(b.get(heap).clock)
                .map_err(arith_error)
        } else if let (Some(a), Some(b)) = (
            heap.downcast::<DateTime>(left),
            heap.downcast::<DateTime>(right),
        ) {
            match (&a.get(heap).moment, &b.get(heap).moment) {
                (Moment::Civil(x), Moment::Civil(y)) => {
                    x.since((Unit::Hour, *y)).map_err(arith_error)
                }
                (Moment::Zoned(x, _), Moment::Zoned(y, _)) => {
                    x.since((Unit::Hour, y)).map_err(arith_error)
                }
                _ => Err(VmError::type_error(
                    "cannot subtract a DateTime with a zone and one without",
                )),
            }
        } else {
            return None;
        },
    )
}

/// `(- duration)`; None for any other value.
pub(crate) fn negate(vm: &mut Vm, value: Value) -> Option<Result<Value, VmError>> {
    let span = span_of(vm, value)?;
    Some(vm.alloc_object(Duration(span.negate())))
}
