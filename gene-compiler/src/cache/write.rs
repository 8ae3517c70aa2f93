//! Writing an entry's payload: every value in the order `read.rs` expects it.

use gene_syntax::datum::{Date, Time, TimePrecision, TzOffset};
use gene_syntax::{Datum, DatumKind, InterpPart, Props, Span};

use crate::proto::{Constant, FunctionProto, SelectorPart, UpvalSource};

use super::MODES;

pub(super) struct Writer(pub(super) Vec<u8>);

impl Writer {
    pub(super) fn byte(&mut self, byte: u8) {
        self.0.push(byte);
    }

    fn bool(&mut self, value: bool) {
        self.byte(u8::from(value));
    }

    pub(super) fn uint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.0.push((value as u8) | 0x80);
            value >>= 7;
        }
        self.0.push(value as u8);
    }

    fn int(&mut self, value: i64) {
        self.uint(((value << 1) ^ (value >> 63)) as u64);
    }

    fn bytes(&mut self, bytes: &[u8]) {
        self.uint(bytes.len() as u64);
        self.0.extend_from_slice(bytes);
    }

    pub(super) fn str(&mut self, text: &str) {
        self.bytes(text.as_bytes());
    }

    fn opt_str(&mut self, text: Option<&str>) {
        match text {
            None => self.byte(0),
            Some(text) => {
                self.byte(1);
                self.str(text);
            }
        }
    }

    fn span(&mut self, span: Span) {
        self.uint(u64::from(span.start));
        self.uint(u64::from(span.end.saturating_sub(span.start)));
    }

    fn upval(&mut self, source: UpvalSource) {
        match source {
            UpvalSource::Local(r) => {
                self.byte(0);
                self.byte(r);
            }
            UpvalSource::Upval(u) => {
                self.byte(1);
                self.byte(u);
            }
        }
    }

    pub(super) fn proto(&mut self, proto: &FunctionProto) {
        self.str(&proto.name);
        self.byte(proto.arity);
        self.byte(proto.optional);
        self.bool(proto.rest);
        self.uint(proto.keywords.len() as u64);
        for keyword in &proto.keywords {
            self.str(&keyword.name);
            self.bool(keyword.has_default);
        }
        self.bool(proto.receiver);
        self.bool(proto.generator);
        self.byte(proto.registers);
        self.uint(proto.code.len() as u64);
        for word in &proto.code {
            self.0.extend_from_slice(&word.to_le_bytes());
        }
        self.uint(proto.constants.len() as u64);
        for constant in &proto.constants {
            self.constant(constant);
        }
        self.uint(proto.protos.len() as u64);
        for child in &proto.protos {
            self.proto(child);
        }
        self.uint(proto.upvalues.len() as u64);
        for &source in &proto.upvalues {
            self.upval(source);
        }
        self.uint(proto.meta.len() as u64);
        for (name, k) in &proto.meta {
            self.str(name);
            self.uint(u64::from(*k));
        }
        self.uint(proto.env_layouts.len() as u64);
        for layout in &proto.env_layouts {
            self.uint(layout.len() as u64);
            for (name, source) in layout {
                self.str(name);
                self.upval(*source);
            }
        }
        self.uint(u64::from(proto.ic_slots));
        self.uint(proto.spans.len() as u64);
        let mut last_pc = 0;
        for &(pc, span) in &proto.spans {
            // Sorted by pc, so deltas are small; a decreasing pair (never written by the
            // compiler) still round-trips through the wrap.
            self.uint(u64::from(pc.wrapping_sub(last_pc)));
            last_pc = pc;
            self.span(span);
        }
        self.span(proto.span);
        self.uint(proto.name_hints.len() as u64);
        for (slot, name) in &proto.name_hints {
            self.uint(u64::from(slot.0));
            self.str(name);
        }
        self.uint(proto.warnings.len() as u64);
        for warning in &proto.warnings {
            self.str(&warning.message);
            self.span(warning.span);
            self.opt_str(warning.help.as_deref());
        }
    }

    fn constant(&mut self, constant: &Constant) {
        match constant {
            Constant::Int(n) => {
                self.byte(0);
                self.int(*n);
            }
            Constant::Float(x) => {
                self.byte(1);
                self.0.extend_from_slice(&x.to_bits().to_le_bytes());
            }
            Constant::Str(text) => {
                self.byte(2);
                self.str(text);
            }
            Constant::Symbol(name) => {
                self.byte(3);
                self.str(name);
            }
            Constant::Quoted(datum) => {
                self.byte(4);
                self.datum(datum);
            }
            Constant::Selector(parts) => {
                self.byte(5);
                self.uint(parts.len() as u64);
                for part in parts {
                    match part {
                        SelectorPart::Key(key) => {
                            self.byte(0);
                            self.str(key);
                        }
                        SelectorPart::Index(index) => {
                            self.byte(1);
                            self.int(*index);
                        }
                        SelectorPart::Mode(mode) => {
                            self.byte(2);
                            let index = MODES.iter().position(|m| m == mode).unwrap_or(0);
                            self.byte(index as u8);
                        }
                    }
                }
            }
        }
    }

    fn props(&mut self, props: &Props) {
        self.uint(props.len() as u64);
        for (key, value) in props {
            self.str(key);
            self.datum(value);
        }
    }

    fn datum(&mut self, datum: &Datum) {
        self.span(datum.span);
        match &datum.kind {
            DatumKind::Nil => self.byte(0),
            DatumKind::Void => self.byte(1),
            DatumKind::NotFound => self.byte(2),
            DatumKind::Bool(b) => {
                self.byte(3);
                self.bool(*b);
            }
            DatumKind::Int(n) => {
                self.byte(4);
                self.int(*n);
            }
            DatumKind::Float(x) => {
                self.byte(5);
                self.0.extend_from_slice(&x.to_bits().to_le_bytes());
            }
            DatumKind::Char(c) => {
                self.byte(6);
                self.uint(u64::from(u32::from(*c)));
            }
            DatumKind::Str(text) => {
                self.byte(7);
                self.str(text);
            }
            DatumKind::Interp(parts) => {
                self.byte(8);
                self.uint(parts.len() as u64);
                for part in parts {
                    match part {
                        InterpPart::Str(text) => {
                            self.byte(0);
                            self.str(text);
                        }
                        InterpPart::Expr(datum) => {
                            self.byte(1);
                            self.datum(datum);
                        }
                    }
                }
            }
            DatumKind::Symbol(name) => {
                self.byte(9);
                self.str(name);
            }
            DatumKind::ComplexSymbol(parts) => {
                self.byte(10);
                self.uint(parts.len() as u64);
                for part in parts {
                    self.str(part);
                }
            }
            DatumKind::Array { items, frozen } => {
                self.byte(11);
                self.bool(*frozen);
                self.uint(items.len() as u64);
                for item in items {
                    self.datum(item);
                }
            }
            DatumKind::Map { props, frozen } => {
                self.byte(12);
                self.bool(*frozen);
                self.props(props);
            }
            DatumKind::HashMap { entries, frozen } => {
                self.byte(13);
                self.bool(*frozen);
                self.uint(entries.len() as u64);
                for (key, value) in entries {
                    self.datum(key);
                    self.datum(value);
                }
            }
            DatumKind::Gene(gene) => {
                self.byte(14);
                self.bool(gene.frozen);
                self.datum(&gene.head);
                self.props(&gene.props);
                self.uint(gene.children.len() as u64);
                for child in &gene.children {
                    self.datum(child);
                }
            }
            DatumKind::Quote(inner) => {
                self.byte(15);
                self.datum(inner);
            }
            DatumKind::Unquote { datum, discard } => {
                self.byte(16);
                self.bool(*discard);
                self.datum(datum);
            }
            DatumKind::Regex(regex) => {
                self.byte(17);
                self.str(&regex.pattern);
                self.opt_str(regex.replacement.as_deref());
                self.bool(regex.ignore_case);
                self.bool(regex.multiline);
            }
            DatumKind::Bytes(bytes) => {
                self.byte(18);
                self.bytes(bytes);
            }
            DatumKind::Date(date) => {
                self.byte(19);
                self.date(date);
            }
            DatumKind::Time(time) => {
                self.byte(20);
                self.time(time);
            }
            DatumKind::DateTime(date_time) => {
                self.byte(21);
                self.date(&date_time.date);
                self.time(&date_time.time);
            }
        }
    }

    fn date(&mut self, date: &Date) {
        self.uint(u64::from(date.year));
        self.byte(date.month);
        self.byte(date.day);
    }

    fn time(&mut self, time: &Time) {
        self.byte(time.hour);
        self.byte(time.minute);
        self.byte(time.second);
        self.uint(u64::from(time.microsecond));
        match time.offset {
            TzOffset::None => self.byte(0),
            TzOffset::Utc => self.byte(1),
            TzOffset::Minutes(minutes) => {
                self.byte(2);
                self.int(i64::from(minutes));
            }
        }
        self.opt_str(time.zone.as_deref());
        match time.precision {
            TimePrecision::Minutes => self.byte(0),
            TimePrecision::Seconds => self.byte(1),
            TimePrecision::Fraction(digits) => {
                self.byte(2);
                self.byte(digits);
            }
        }
    }
}
