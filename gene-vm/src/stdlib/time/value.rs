//! The four heap kinds of spec 14.7 and how they print, compare and come from literals:
//! a `Date` (a calendar day), a `Time` (a clock reading, with the offset or zone written
//! beside it), a `DateTime` (a civil one, or an instant in a zone) and a `Duration` (a
//! `jiff::Span`, calendar units and all).

use std::cmp::Ordering;
use std::fmt::Write;
use std::hash::{Hash, Hasher};

use gene_syntax::datum::{TimePrecision, TzOffset};
use gene_syntax::DatumKind;
use jiff::civil;
use jiff::tz::{self, TimeZone};
use jiff::{Span, SpanCompare, Zoned};

use crate::heap::{Object, Tracer};
use crate::print::{Show, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

/// A calendar date, `2024-01-23`.
pub(crate) struct Date(pub(crate) civil::Date);

/// A time of day, `10:30`, `10:30:45Z`, `10:00[America/New_York]`. With no date, a zone
/// has no offset yet, so the zone is only a label.
pub(crate) struct Time {
    pub(crate) clock: civil::Time,
    pub(crate) offset: Option<Offset>,
    pub(crate) zone: Option<TimeZone>,
    pub(crate) shown: TimePrecision,
}

/// A date with a time: civil (no zone, `2024-01-23T20:10`) or an instant seen in a zone.
pub(crate) struct DateTime {
    pub(crate) moment: Moment,
    /// How much of the clock prints at least (as the literal was written).
    pub(crate) shown: TimePrecision,
}

/// A length of time in calendar and clock units, `P1M2DT3H`.
pub(crate) struct Duration(pub(crate) Span);

#[derive(Clone)]
pub(crate) enum Moment {
    Civil(civil::DateTime),
    Zoned(Zoned, Label),
}

/// How a zoned date-time names its zone when printed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Label {
    /// `Z`: UTC.
    Utc,
    /// `+05:30`: a fixed offset.
    Offset,
    /// `+05:30[Asia/Kolkata]`: a zone of the tz database.
    Zone,
    /// `Z[America/New_York]`: a zone of the tz database, the instant written in UTC (as the
    /// literal was).
    UtcInZone,
}

/// The offset written after a time: `Z` or `±HH:MM`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub(crate) enum Offset {
    Utc,
    Fixed(tz::Offset),
}

impl Offset {
    fn jiff(self) -> tz::Offset {
        match self {
            Offset::Utc => tz::Offset::UTC,
            Offset::Fixed(offset) => offset,
        }
    }
}

impl Object for Date {
    fn trace(&self, _: &mut Tracer) {}

    const LEAF: bool = true;
}

impl Object for Time {
    fn trace(&self, _: &mut Tracer) {}

    const LEAF: bool = true;
}

impl Object for DateTime {
    fn trace(&self, _: &mut Tracer) {}

    const LEAF: bool = true;
}

impl Object for Duration {
    fn trace(&self, _: &mut Tracer) {}

    const LEAF: bool = true;
}

impl Moment {
    /// The wall clock reading.
    pub(crate) fn civil(&self) -> civil::DateTime {
        match self {
            Moment::Civil(dt) => *dt,
            Moment::Zoned(zoned, _) => zoned.datetime(),
        }
    }
}

/// The zone of the tz database named `name`, or an ArgumentException naming it.
pub(crate) fn zone_named(name: &str) -> Result<TimeZone, VmError> {
    TimeZone::get(name).map_err(|_| VmError::argument_error(format!("unknown time zone `{name}`")))
}

/// The label a zone prints with: its name when it has one, else its offset.
pub(crate) fn label_of(zone: &TimeZone) -> Label {
    match zone.iana_name() {
        Some(_) => Label::Zone,
        None => Label::Offset,
    }
}

fn offset_minutes(minutes: i16) -> Result<tz::Offset, VmError> {
    tz::Offset::from_seconds(i32::from(minutes) * 60)
        .map_err(|e| VmError::argument_error(format!("invalid offset: {e}")))
}

fn invalid(what: &str, e: jiff::Error) -> VmError {
    VmError::argument_error(format!("invalid {what}: {e}"))
}

pub(crate) fn civil_date(d: &gene_syntax::datum::Date) -> Result<civil::Date, VmError> {
    let year = i16::try_from(d.year).map_err(|_| VmError::argument_error("year out of range"))?;
    civil::Date::new(year, d.month as i8, d.day as i8).map_err(|e| invalid("date", e))
}

fn civil_time(t: &gene_syntax::datum::Time) -> Result<civil::Time, VmError> {
    let nanos = i32::try_from(t.microsecond)
        .ok()
        .and_then(|us| us.checked_mul(1000))
        .ok_or_else(|| VmError::argument_error("invalid time: fraction out of range"))?;
    civil::Time::new(t.hour as i8, t.minute as i8, t.second as i8, nanos)
        .map_err(|e| invalid("time", e))
}

impl Vm {
    /// The value of a date, time or date-time literal.
    pub(crate) fn temporal_from_datum(&mut self, kind: &DatumKind) -> Result<Value, VmError> {
        match kind {
            DatumKind::Date(d) => {
                let date = civil_date(d)?;
                self.alloc_object(Date(date))
            }
            DatumKind::Time(t) => {
                let time = Time {
                    clock: civil_time(t)?,
                    offset: match t.offset {
                        TzOffset::None => None,
                        TzOffset::Utc => Some(Offset::Utc),
                        TzOffset::Minutes(m) => Some(Offset::Fixed(offset_minutes(m)?)),
                    },
                    zone: t.zone.as_deref().map(zone_named).transpose()?,
                    shown: t.precision,
                };
                self.alloc_object(time)
            }
            DatumKind::DateTime(dt) => {
                let civil =
                    civil::DateTime::from_parts(civil_date(&dt.date)?, civil_time(&dt.time)?);
                let zone = dt.time.zone.as_deref().map(zone_named).transpose()?;
                let moment = match (dt.time.offset, zone) {
                    (TzOffset::None, None) => Moment::Civil(civil),
                    (TzOffset::None, Some(zone)) => {
                        let zoned = civil.to_zoned(zone).map_err(|e| invalid("date-time", e))?;
                        Moment::Zoned(zoned, Label::Zone)
                    }
                    (TzOffset::Utc, None) => Moment::Zoned(
                        civil
                            .to_zoned(TimeZone::UTC)
                            .map_err(|e| invalid("date-time", e))?,
                        Label::Utc,
                    ),
                    // RFC 9557: `Z` names the instant and leaves the local offset to the
                    // zone, so the clock shown is the zone's.
                    (TzOffset::Utc, Some(zone)) => {
                        let instant = civil
                            .to_zoned(TimeZone::UTC)
                            .map_err(|e| invalid("date-time", e))?;
                        Moment::Zoned(instant.with_time_zone(zone), Label::UtcInZone)
                    }
                    (TzOffset::Minutes(m), None) => {
                        let zone = TimeZone::fixed(offset_minutes(m)?);
                        let zoned = civil.to_zoned(zone).map_err(|e| invalid("date-time", e))?;
                        Moment::Zoned(zoned, Label::Offset)
                    }
                    (TzOffset::Minutes(m), Some(zone)) => {
                        let name = zone.iana_name().unwrap_or("").to_string();
                        let zoned = tz::OffsetConflict::Reject
                            .resolve(civil, offset_minutes(m)?, zone)
                            .and_then(|ambiguous| ambiguous.unambiguous())
                            .map_err(|_| {
                                VmError::argument_error(format!(
                                    "invalid date-time: {} is not an offset of {name} then",
                                    format_offset(offset_minutes(m).unwrap_or(tz::Offset::UTC))
                                ))
                            })?;
                        Moment::Zoned(zoned, Label::Zone)
                    }
                };
                self.alloc_object(DateTime {
                    moment,
                    shown: dt.time.precision,
                })
            }
            _ => unreachable!("only dates and times come here"),
        }
    }

    /// Puts a date, time, date-time or duration on the heap.
    pub(crate) fn alloc_object<T: Object>(&mut self, object: T) -> Result<Value, VmError> {
        Ok(self
            .heap
            .alloc(object)
            .map_err(crate::vm::out_of_memory)?
            .value())
    }

    /// The data a date or time reads back as, for `$render`; None for other values and for
    /// dates a literal cannot write (years outside 0 to 9999).
    pub(crate) fn temporal_datum(&self, value: Value) -> Option<DatumKind> {
        use gene_syntax::datum;
        let heap = &self.heap;
        let date = |d: civil::Date| datum::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        };
        let time = |c: civil::Time, offset: TzOffset, zone: Option<String>, shown| datum::Time {
            hour: c.hour() as u8,
            minute: c.minute() as u8,
            second: c.second() as u8,
            microsecond: c.subsec_nanosecond() as u32 / 1000,
            offset,
            zone,
            precision: shown,
        };
        let written = |offset: Option<Offset>| match offset {
            None => TzOffset::None,
            Some(Offset::Utc) => TzOffset::Utc,
            Some(Offset::Fixed(o)) => TzOffset::Minutes((o.seconds() / 60) as i16),
        };
        let in_literal_range = |d: civil::Date| (0..=9999).contains(&d.year());
        if let Some(d) = heap.downcast::<Date>(value) {
            let d = d.get(heap).0;
            return in_literal_range(d).then(|| DatumKind::Date(date(d)));
        }
        if let Some(t) = heap.downcast::<Time>(value) {
            let t = t.get(heap);
            let zone = t
                .zone
                .as_ref()
                .and_then(|z| z.iana_name())
                .map(str::to_string);
            return Some(DatumKind::Time(Box::new(time(
                t.clock,
                written(t.offset),
                zone,
                t.shown,
            ))));
        }
        let dt = heap.downcast::<DateTime>(value)?.get(heap);
        let civil = dt.written_clock();
        if !in_literal_range(civil.date()) {
            return None;
        }
        let (offset, zone) = match &dt.moment {
            Moment::Civil(_) => (TzOffset::None, None),
            Moment::Zoned(_, Label::Utc) => (TzOffset::Utc, None),
            Moment::Zoned(z, Label::UtcInZone) => {
                (TzOffset::Utc, z.time_zone().iana_name().map(str::to_string))
            }
            Moment::Zoned(z, label) => (
                TzOffset::Minutes((z.offset().seconds() / 60) as i16),
                match label {
                    Label::Zone => z.time_zone().iana_name().map(str::to_string),
                    _ => None,
                },
            ),
        };
        Some(DatumKind::DateTime(Box::new(datum::DateTime {
            date: date(civil.date()),
            time: time(civil.time(), offset, zone, dt.shown),
        })))
    }
}

/// `±HH:MM`, with `:SS` when the offset has seconds.
pub(crate) fn format_offset(offset: tz::Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let seconds = seconds.unsigned_abs();
    let mut out = format!("{sign}{:02}:{:02}", seconds / 3600, seconds / 60 % 60);
    if seconds % 60 != 0 {
        let _ = write!(out, ":{:02}", seconds % 60);
    }
    out
}

/// `HH:MM`, then as much more as `shown` asks and the clock needs: seconds, and a fraction
/// without trailing zeros (never dropping a non-zero part).
pub(crate) fn write_clock(out: &mut String, clock: civil::Time, shown: TimePrecision) {
    let _ = write!(out, "{:02}:{:02}", clock.hour(), clock.minute());
    let nanos = clock.subsec_nanosecond();
    let mut digits = 0usize;
    if nanos != 0 {
        digits = 9;
        let mut rest = nanos;
        while rest % 10 == 0 {
            rest /= 10;
            digits -= 1;
        }
    }
    let (seconds, digits) = match shown {
        TimePrecision::Minutes => (clock.second() != 0 || digits > 0, digits),
        TimePrecision::Seconds => (true, digits),
        TimePrecision::Fraction(n) => (true, digits.max(usize::from(n))),
    };
    if seconds {
        let _ = write!(out, ":{:02}", clock.second());
    }
    if digits > 0 {
        let fraction = format!("{nanos:09}");
        out.push('.');
        out.push_str(&fraction[..digits]);
    }
}

fn write_date(out: &mut String, date: civil::Date) {
    let year = date.year();
    if (0..=9999).contains(&year) {
        let _ = write!(out, "{year:04}");
    } else {
        let _ = write!(out, "{year:+07}");
    }
    let _ = write!(out, "-{:02}-{:02}", date.month(), date.day());
}

impl Date {
    pub(crate) fn text(&self) -> String {
        let mut out = String::new();
        write_date(&mut out, self.0);
        out
    }
}

impl Time {
    /// As printed: the clock as written, then the offset and the zone.
    pub(crate) fn text(&self, shown: TimePrecision) -> String {
        let mut out = String::new();
        write_clock(&mut out, self.clock, shown);
        match self.offset {
            None => {}
            Some(Offset::Utc) => out.push('Z'),
            Some(Offset::Fixed(offset)) => out.push_str(&format_offset(offset)),
        }
        if let Some(name) = self.zone.as_ref().and_then(|z| z.iana_name()) {
            let _ = write!(out, "[{name}]");
        }
        out
    }

    /// The sort key: the clock (offsets and zones are not applied: a time has no date).
    fn key(&self) -> civil::Time {
        self.clock
    }
}

impl DateTime {
    /// The clock as printed: the zone's, but UTC's for `Z[Area/City]`.
    fn written_clock(&self) -> civil::DateTime {
        match &self.moment {
            Moment::Zoned(zoned, Label::UtcInZone) => {
                zoned.with_time_zone(TimeZone::UTC).datetime()
            }
            moment => moment.civil(),
        }
    }

    /// As printed with at least `shown` of the clock: RFC 9557 (`…+05:30[Asia/Kolkata]`).
    pub(crate) fn text(&self, shown: TimePrecision) -> String {
        let mut out = String::new();
        let civil = self.written_clock();
        write_date(&mut out, civil.date());
        out.push('T');
        write_clock(&mut out, civil.time(), shown);
        if let Moment::Zoned(zoned, label) = &self.moment {
            match label {
                Label::Utc => out.push('Z'),
                Label::Offset => out.push_str(&format_offset(zoned.offset())),
                Label::Zone | Label::UtcInZone => {
                    if *label == Label::Zone {
                        out.push_str(&format_offset(zoned.offset()));
                    } else {
                        out.push('Z');
                    }
                    if let Some(name) = zoned.time_zone().iana_name() {
                        let _ = write!(out, "[{name}]");
                    }
                }
            }
        }
        out
    }
}

impl Duration {
    pub(crate) fn text(&self) -> String {
        self.0.to_string()
    }

    /// What orders and identifies a duration: its months (years as 12) and the rest in
    /// nanoseconds (days as 24 hours, weeks as 7 days), so `(gene/hours 24)` is
    /// `(gene/days 1)` but no number of days is a month.
    pub(crate) fn key(&self) -> (i64, i128) {
        let span = self.0;
        let months = i64::from(span.get_years()) * 12 + i64::from(span.get_months());
        let rest = span.years(0).months(0);
        let nanos = i128::from(rest.get_weeks()) * 7 * 86_400_000_000_000
            + i128::from(rest.get_days()) * 86_400_000_000_000
            + i128::from(rest.get_hours()) * 3_600_000_000_000
            + i128::from(rest.get_minutes()) * 60_000_000_000
            + i128::from(rest.get_seconds()) * 1_000_000_000
            + i128::from(rest.get_milliseconds()) * 1_000_000
            + i128::from(rest.get_microseconds()) * 1_000
            + i128::from(rest.get_nanoseconds());
        (months, nanos)
    }
}

impl Show for Date {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str(&self.text());
    }
}

impl Show for Time {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str(&self.text(self.shown));
    }
}

impl Show for DateTime {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str(&self.text(self.shown));
    }
}

impl Show for Duration {
    fn show(&self, _: &Vm, _: Value, _: Style, out: &mut String) {
        out.push_str(&self.text());
    }
}

/// How two dates, times, date-times or durations order; None when `left` and `right` are
/// not two of one of these kinds, an error when they are but do not order (a civil
/// date-time and a zoned one, a month and some days).
pub(crate) fn compare(vm: &Vm, left: Value, right: Value) -> Option<Result<Ordering, VmError>> {
    let heap = &vm.heap;
    if let (Some(a), Some(b)) = (heap.downcast::<Date>(left), heap.downcast::<Date>(right)) {
        return Some(Ok(a.get(heap).0.cmp(&b.get(heap).0)));
    }
    if let (Some(a), Some(b)) = (heap.downcast::<Time>(left), heap.downcast::<Time>(right)) {
        return Some(Ok(a.get(heap).key().cmp(&b.get(heap).key())));
    }
    if let (Some(a), Some(b)) = (
        heap.downcast::<DateTime>(left),
        heap.downcast::<DateTime>(right),
    ) {
        return Some(match (&a.get(heap).moment, &b.get(heap).moment) {
            (Moment::Civil(x), Moment::Civil(y)) => Ok(x.cmp(y)),
            (Moment::Zoned(x, _), Moment::Zoned(y, _)) => Ok(x.cmp(y)),
            _ => Err(VmError::type_error(
                "cannot compare a DateTime with a zone and one without",
            )),
        });
    }
    if let (Some(a), Some(b)) = (
        heap.downcast::<Duration>(left),
        heap.downcast::<Duration>(right),
    ) {
        let (a, b) = (a.get(heap).0, b.get(heap).0);
        return Some(
            a.compare(SpanCompare::from(b).days_are_24_hours())
                .map_err(|_| {
                    VmError::type_error(format!(
                        "cannot compare durations with months or years ({a} and {b})"
                    ))
                }),
        );
    }
    None
}

/// Gene `==` for two objects of one of these kinds: what they denote, not how much of it
/// was written (`10:10` is `10:10:00`); zoned date-times are equal at the same instant.
pub(crate) fn equal(vm: &Vm, left: Value, right: Value) -> bool {
    let heap = &vm.heap;
    if let (Some(a), Some(b)) = (heap.downcast::<Date>(left), heap.downcast::<Date>(right)) {
        return a.get(heap).0 == b.get(heap).0;
    }
    if let (Some(a), Some(b)) = (heap.downcast::<Time>(left), heap.downcast::<Time>(right)) {
        let (a, b) = (a.get(heap), b.get(heap));
        return a.clock == b.clock
            && a.offset.map(Offset::jiff) == b.offset.map(Offset::jiff)
            && a.zone.as_ref().and_then(|z| z.iana_name())
                == b.zone.as_ref().and_then(|z| z.iana_name());
    }
    if let (Some(a), Some(b)) = (
        heap.downcast::<DateTime>(left),
        heap.downcast::<DateTime>(right),
    ) {
        return match (&a.get(heap).moment, &b.get(heap).moment) {
            (Moment::Civil(x), Moment::Civil(y)) => x == y,
            (Moment::Zoned(x, _), Moment::Zoned(y, _)) => x == y,
            _ => false,
        };
    }
    if let (Some(a), Some(b)) = (
        heap.downcast::<Duration>(left),
        heap.downcast::<Duration>(right),
    ) {
        return a.get(heap).key() == b.get(heap).key();
    }
    false
}

/// Hashes what `equal` compares, so equal values hash alike.
pub(crate) fn hash(vm: &Vm, value: Value, mut h: &mut dyn Hasher) {
    let heap = &vm.heap;
    if let Some(d) = heap.downcast::<Date>(value) {
        d.get(heap).0.hash(&mut h);
    } else if let Some(t) = heap.downcast::<Time>(value) {
        t.get(heap).clock.hash(&mut h);
    } else if let Some(dt) = heap.downcast::<DateTime>(value) {
        match &dt.get(heap).moment {
            Moment::Civil(c) => c.hash(&mut h),
            Moment::Zoned(z, _) => z.timestamp().hash(&mut h),
        }
    } else if let Some(d) = heap.downcast::<Duration>(value) {
        d.get(heap).key().hash(&mut h);
    }
}

#[cfg(test)]
mod tests {
    use crate::vm::Vm;

    /// Values `==` calls equal hash alike, so they find each other as HashMap keys; the
    /// pairs here are equal but written differently.
    #[test]
    fn equal_values_hash_alike() {
        let mut vm = Vm::new();
        let pairs = [
            ("2024-01-23", "(2024-01-20 + (gene/days 3))"),
            ("10:10", "10:10:00"),
            ("2024-01-23T20:10:10Z", "2024-01-23T21:10:10+01:00"),
            (
                "2024-01-23T20:10:10Z",
                "2024-01-23T20:10:10Z[America/New_York]",
            ),
            ("2024-01-23T20:10", "2024-01-23T20:10:00.000"),
            ("(gene/hours 24)", "(gene/days 1)"),
            ("(gene/years 1)", "(gene/months 12)"),
        ];
        for (a, b) in pairs {
            // Handles keep their values alive across the next evaluation.
            let (x, y) = (
                vm.eval(a).expect("evaluates"),
                vm.eval(b).expect("evaluates"),
            );
            let (x, y) = (x.raw(), y.raw());
            assert!(crate::ops::equal(&vm, x, y), "{a} == {b}");
            let (hx, hy) = (vm.hash_value(x), vm.hash_value(y));
            assert_eq!(hx.ok(), hy.ok(), "{a} and {b} hash alike");
        }
    }

    #[test]
    fn unequal_values_differ() {
        let mut vm = Vm::new();
        let pairs = [
            ("2024-01-23", "2024-01-24"),
            ("2024-01-23T20:10", "2024-01-23T20:10Z"),
            ("(gene/months 1)", "(gene/days 30)"),
            ("10:10Z", "10:10"),
        ];
        for (a, b) in pairs {
            let (x, y) = (
                vm.eval(a).expect("evaluates"),
                vm.eval(b).expect("evaluates"),
            );
            assert!(!crate::ops::equal(&vm, x.raw(), y.raw()), "{a} != {b}");
        }
    }
}
