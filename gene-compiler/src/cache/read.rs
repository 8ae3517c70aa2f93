//! Reading an entry's payload without trusting it: every length is bounded by what remains,
//! nesting is bounded, spans must lie in the source.

use gene_syntax::datum::{Date, DateTime, Regex, Time, TimePrecision, TzOffset};
use gene_syntax::{Datum, DatumKind, Gene, InterpPart, Props, Span};

use crate::isa::GlobalSlot;
use crate::proto::{Constant, FunctionProto, Globals, KeywordParam, SelectorPart, UpvalSource};

use super::{CacheError, MAX_NESTING, MODES};

pub(super) type Result<T> = std::result::Result<T, CacheError>;

pub(super) fn malformed<T>(what: &'static str) -> Result<T> {
    Err(CacheError::Malformed(what))
}

pub(super) struct Reader<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) pos: usize,
}

impl Reader<'_> {
    fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn byte(&mut self) -> Result<u8> {
        let byte = *self
            .bytes
            .get(self.pos)
            .ok_or(CacheError::Malformed("the payload ends early"))?;
        self.pos += 1;
        Ok(byte)
    }

    fn bool(&mut self) -> Result<bool> {
        match self.byte()? {
            0 => Ok(false),
            1 => Ok(true),
            _ => malformed("a flag that is neither 0 nor 1"),
        }
    }

    fn uint(&mut self) -> Result<u64> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = self.byte()?;
            let bits = u64::from(byte & 0x7f);
            if shift == 63 && bits > 1 {
                return malformed("an integer too large");
            }
            value |= bits << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        malformed("an integer too long")
    }

    fn int(&mut self) -> Result<i64> {
        let raw = self.uint()?;
        Ok(((raw >> 1) as i64) ^ -((raw & 1) as i64))
    }

    fn small<T: TryFrom<u64>>(&mut self) -> Result<T> {
        T::try_from(self.uint()?).map_err(|_| CacheError::Malformed("a number out of range"))
    }

    /// A count of items that each take at least `min_bytes`: refused when the bytes left
    /// cannot hold that many, so no allocation is larger than the input.
    fn count(&mut self, min_bytes: usize) -> Result<usize> {
        let count = self.uint()?;
        match usize::try_from(count) {
            Ok(count) if count.saturating_mul(min_bytes) <= self.remaining() => Ok(count),
            _ => malformed("a length past the end of the payload"),
        }
    }

    fn take(&mut self, len: usize) -> Result<&[u8]> {
        if len > self.remaining() {
            return malformed("a length past the end of the payload");
        }
        let bytes = &self.bytes[self.pos..self.pos + len];
        self.pos += len;
        Ok(bytes)
    }

    pub(super) fn string(&mut self) -> Result<String> {
        let len = self.count(1)?;
        let bytes = self.take(len)?;
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.to_string()),
            Err(_) => malformed("a string that is not UTF-8"),
        }
    }

    fn opt_string(&mut self) -> Result<Option<String>> {
        Ok(match self.bool()? {
            false => None,
            true => Some(self.string()?),
        })
    }

    fn u64_bits(&mut self) -> Result<u64> {
        let mut word = [0u8; 8];
        word.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(word))
    }

    pub(super) fn globals(&mut self) -> Result<Globals> {
        let count = self.count(1)?;
        let mut names = Vec::with_capacity(count);
        for _ in 0..count {
            names.push(self.string()?);
        }
        let mut slots = [Vec::new(), Vec::new()];
        for list in &mut slots {
            let count = self.count(1)?;
            list.reserve(count);
            for _ in 0..count {
                list.push(GlobalSlot(self.small()?));
            }
        }
        let [immutable, exported] = slots;
        Globals::from_parts(names, immutable, exported)
            .ok_or(CacheError::Malformed("inconsistent globals"))
    }
}

/// Reads the functions and data of a payload, checking spans against the source.
pub(super) struct Decoder<'a> {
    pub(super) reader: Reader<'a>,
    pub(super) text: &'a str,
    pub(super) depth: usize,
}

impl Decoder<'_> {
    fn nest(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return malformed("nesting too deep");
        }
        Ok(())
    }

    fn span(&mut self) -> Result<Span> {
        let start: u32 = self.reader.small()?;
        let len: u32 = self.reader.small()?;
        let end = start
            .checked_add(len)
            .ok_or(CacheError::Malformed("a span out of range"))?;
        let (from, to) = (start as usize, end as usize);
        if to > self.text.len()
            || !self.text.is_char_boundary(from)
            || !self.text.is_char_boundary(to)
        {
            return malformed("a span outside the source");
        }
        Ok(Span { start, end })
    }

    fn upval(&mut self) -> Result<UpvalSource> {
        let tag = self.reader.byte()?;
        let index = self.reader.byte()?;
        match tag {
            0 => Ok(UpvalSource::Local(index)),
            1 => Ok(UpvalSource::Upval(index)),
            _ => malformed("an unknown upvalue source"),
        }
    }

    pub(super) fn proto(&mut self) -> Result<FunctionProto> {
        self.nest()?;
        let r = &mut self.reader;
        let name = r.string()?;
        let arity = r.byte()?;
        let optional = r.byte()?;
        let rest = r.bool()?;
        let count = r.count(2)?;
        let mut keywords = Vec::with_capacity(count);
        for _ in 0..count {
            let name = r.string()?;
            let has_default = r.bool()?;
            keywords.push(KeywordParam { name, has_default });
        }
        let receiver = r.bool()?;
        let generator = r.bool()?;
        let registers = r.byte()?;
        let count = r.count(4)?;
        let mut code = Vec::with_capacity(count);
        for chunk in r.take(count * 4)?.chunks_exact(4) {
            let mut word = [0u8; 4];
            word.copy_from_slice(chunk);
            code.push(u32::from_le_bytes(word));
        }
        let count = r.count(1)?;
        let mut constants = Vec::with_capacity(count);
        for _ in 0..count {
            constants.push(self.constant()?);
        }
        let count = self.reader.count(1)?;
        let mut protos = Vec::with_capacity(count);
        for _ in 0..count {
            protos.push(self.proto()?);
        }
        let r = &mut self.reader;
        let count = r.count(2)?;
        let mut upvalues = Vec::with_capacity(count);
        for _ in 0..count {
            upvalues.push(self.upval()?);
        }
        let r = &mut self.reader;
        let count = r.count(2)?;
        let mut meta = Vec::with_capacity(count);
        for _ in 0..count {
            let name = r.string()?;
            meta.push((name, r.small()?));
        }
        let count = r.count(1)?;
        let mut env_layouts = Vec::with_capacity(count);
        for _ in 0..count {
            let len = self.reader.count(3)?;
            let mut layout = Vec::with_capacity(len);
            for _ in 0..len {
                let name = self.reader.string()?;
                layout.push((name, self.upval()?));
            }
            env_layouts.push(layout);
        }
        let ic_slots = self.reader.small()?;
        let count = self.reader.count(3)?;
        let mut spans = Vec::with_capacity(count);
        let mut pc = 0u32;
        for _ in 0..count {
            let delta: u32 = self.reader.small()?;
            pc = pc.wrapping_add(delta);
            spans.push((pc, self.span()?));
        }
        let span = self.span()?;
        let count = self.reader.count(2)?;
        let mut name_hints = Vec::with_capacity(count);
        for _ in 0..count {
            let slot = GlobalSlot(self.reader.small()?);
            name_hints.push((slot, self.reader.string()?));
        }
        let count = self.reader.count(3)?;
        let mut warnings = Vec::with_capacity(count);
        for _ in 0..count {
            let message = self.reader.string()?;
            let span = self.span()?;
            let help = self.reader.opt_string()?;
            warnings.push(crate::Warning {
                message,
                span,
                help,
            });
        }
        self.depth -= 1;
        Ok(FunctionProto {
            name,
            arity,
            optional,
            rest,
            keywords,
            receiver,
            generator,
            registers,
            code,
            constants,
            protos,
            upvalues,
            meta,
            env_layouts,
            ic_slots,
            spans,
            span,
            name_hints,
            warnings,
        })
    }

    fn constant(&mut self) -> Result<Constant> {
        let r = &mut self.reader;
        Ok(match r.byte()? {
            0 => Constant::Int(r.int()?),
            1 => Constant::Float(f64::from_bits(r.u64_bits()?)),
            2 => Constant::Str(r.string()?),
            3 => Constant::Symbol(r.string()?),
            4 => Constant::Quoted(self.datum()?),
            5 => {
                let count = r.count(2)?;
                let mut parts = Vec::with_capacity(count);
                for _ in 0..count {
                    parts.push(match r.byte()? {
                        0 => SelectorPart::Key(r.string()?),
                        1 => SelectorPart::Index(r.int()?),
                        2 => match MODES.get(usize::from(r.byte()?)) {
                            Some(mode) => SelectorPart::Mode(mode),
                            None => return malformed("an unknown selector mode"),
                        },
                        _ => return malformed("an unknown selector part"),
                    });
                }
                Constant::Selector(parts)
            }
            _ => return malformed("an unknown constant tag"),
        })
    }

    fn props(&mut self) -> Result<Props> {
        let count = self.reader.count(4)?;
        let mut props = Props::default();
        props.reserve(count);
        for _ in 0..count {
            let key = self.reader.string()?;
            let value = self.datum()?;
            props.insert(key, value);
        }
        Ok(props)
    }

    fn data(&mut self, min_bytes: usize) -> Result<Vec<Datum>> {
        let count = self.reader.count(min_bytes)?;
        let mut items = Vec::with_capacity(count);
        for _ in 0..count {
            items.push(self.datum()?);
        }
        Ok(items)
    }

    fn datum(&mut self) -> Result<Datum> {
        self.nest()?;
        let span = self.span()?;
        let r = &mut self.reader;
        let kind = match r.byte()? {
            0 => DatumKind::Nil,
            1 => DatumKind::Void,
            2 => DatumKind::NotFound,
            3 => DatumKind::Bool(r.bool()?),
            4 => DatumKind::Int(r.int()?),
            5 => DatumKind::Float(f64::from_bits(r.u64_bits()?)),
            6 => match char::from_u32(r.small()?) {
                Some(c) => DatumKind::Char(c),
                None => return malformed("a character that is not a scalar value"),
            },
            7 => DatumKind::Str(r.string()?),
            8 => {
                let count = r.count(2)?;
                let mut parts = Vec::with_capacity(count);
                for _ in 0..count {
                    parts.push(match self.reader.byte()? {
                        0 => InterpPart::Str(self.reader.string()?),
                        1 => InterpPart::Expr(self.datum()?),
                        _ => return malformed("an unknown interpolation part"),
                    });
                }
                DatumKind::Interp(parts)
            }
            9 => DatumKind::Symbol(r.string()?),
            10 => {
                let count = r.count(1)?;
                let mut parts = Vec::with_capacity(count);
                for _ in 0..count {
                    parts.push(r.string()?);
                }
                DatumKind::ComplexSymbol(parts)
            }
            11 => {
                let frozen = r.bool()?;
                DatumKind::Array {
                    items: self.data(3)?,
                    frozen,
                }
            }
            12 => {
                let frozen = r.bool()?;
                DatumKind::Map {
                    props: Box::new(self.props()?),
                    frozen,
                }
            }
            13 => {
                let frozen = r.bool()?;
                let count = r.count(6)?;
                let mut entries = Vec::with_capacity(count);
                for _ in 0..count {
                    let key = self.datum()?;
                    entries.push((key, self.datum()?));
                }
                DatumKind::HashMap { entries, frozen }
            }
            14 => {
                let frozen = r.bool()?;
                let head = self.datum()?;
                let props = self.props()?;
                let children = self.data(3)?;
                DatumKind::Gene(Box::new(Gene {
                    head,
                    props,
                    children,
                    frozen,
                }))
            }
            15 => DatumKind::Quote(Box::new(self.datum()?)),
            16 => {
                let discard = r.bool()?;
                DatumKind::Unquote {
                    datum: Box::new(self.datum()?),
                    discard,
                }
            }
            17 => DatumKind::Regex(Box::new(Regex {
                pattern: r.string()?,
                replacement: r.opt_string()?,
                ignore_case: r.bool()?,
                multiline: r.bool()?,
            })),
            18 => {
                let len = r.count(1)?;
                DatumKind::Bytes(r.take(len)?.to_vec())
            }
            19 => DatumKind::Date(date(r)?),
            20 => DatumKind::Time(Box::new(time(r)?)),
            21 => {
                let date = date(r)?;
                DatumKind::DateTime(Box::new(DateTime {
                    date,
                    time: time(r)?,
                }))
            }
            _ => return malformed("an unknown datum tag"),
        };
        self.depth -= 1;
        Ok(Datum { kind, span })
    }
}

fn date(r: &mut Reader<'_>) -> Result<Date> {
    Ok(Date {
        year: r.small()?,
        month: r.byte()?,
        day: r.byte()?,
    })
}

fn time(r: &mut Reader<'_>) -> Result<Time> {
    Ok(Time {
        hour: r.byte()?,
        minute: r.byte()?,
        second: r.byte()?,
        microsecond: r.small()?,
        offset: match r.byte()? {
            0 => TzOffset::None,
            1 => TzOffset::Utc,
            2 => TzOffset::Minutes(
                i16::try_from(r.int()?)
                    .map_err(|_| CacheError::Malformed("a time zone offset out of range"))?,
            ),
            _ => return malformed("an unknown time zone offset"),
        },
        zone: r.opt_string()?,
        precision: match r.byte()? {
            0 => TimePrecision::Minutes,
            1 => TimePrecision::Seconds,
            2 => TimePrecision::Fraction(r.byte()?),
            _ => return malformed("an unknown time precision"),
        },
    })
}
