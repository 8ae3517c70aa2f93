//! The data the reader produces: [`Datum`] trees with byte spans and no runtime types.
//!
//! Equality of data ignores spans: two data are equal when they read the same, wherever they
//! were written. Floats compare by bits, so a datum always equals itself.

use indexmap::IndexMap;

use crate::source::Span;

/// Properties of a gene or map, in the order they were written. Keys are plain strings: the
/// reader has already split `^a^b` paths into nested maps. The hasher is fast but seeded per
/// process, so data crafted to collide cannot slow reading down.
pub type Props = IndexMap<String, Datum, foldhash::fast::RandomState>;

/// One value read from source, with where it was written.
#[derive(Clone, Debug)]
pub struct Datum {
    pub kind: DatumKind,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub enum DatumKind {
    Nil,
    Void,
    /// The reader's `not_found` keyword: the value a failed lookup yields.
    NotFound,
    Bool(bool),
    Int(i64),
    Float(f64),
    Char(char),
    Str(String),
    /// `#"…#{x}…"` with at least one embedded expression; without one it reads as [`DatumKind::Str`].
    Interp(Vec<InterpPart>),
    Symbol(String),
    /// A slash path such as `a/b/c`, `/x` or `a/.m`: its parts, any of which may be empty.
    ComplexSymbol(Vec<String>),
    Array {
        items: Vec<Datum>,
        frozen: bool,
    },
    /// `{^k v}`: a map with string keys.
    Map {
        props: Box<Props>,
        frozen: bool,
    },
    /// `{{k v …}}`: a map whose keys may be any value, as key/value pairs.
    HashMap {
        entries: Vec<(Datum, Datum)>,
        frozen: bool,
    },
    Gene(Box<Gene>),
    /// `` `x ``
    Quote(Box<Datum>),
    /// `%x`, or `%_x` (`discard`) which evaluates `x` but leaves nothing in the template.
    Unquote {
        datum: Box<Datum>,
        discard: bool,
    },
    Regex(Box<Regex>),
    /// `0!…` (binary), `0#…` (hex) or `0*…` (base64) byte literals.
    Bytes(Vec<u8>),
    Date(Date),
    Time(Box<Time>),
    DateTime(Box<DateTime>),
}

/// `(head ^prop value … child …)`. An empty `()` has a `nil` head, as the reference reads it.
#[derive(Clone, Debug)]
pub struct Gene {
    pub head: Datum,
    pub props: Props,
    pub children: Vec<Datum>,
    pub frozen: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum InterpPart {
    Str(String),
    Expr(Datum),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regex {
    pub pattern: String,
    /// The `repl` of `#/pattern/repl/`, used by the string replace methods.
    pub replacement: Option<String>,
    pub ignore_case: bool,
    pub multiline: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// A time of day with an optional offset and IANA zone name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub microsecond: u32,
    pub offset: TzOffset,
    /// `[Area/City]`, which needs an offset before it on a date-time but not on a bare time.
    pub zone: Option<String>,
    /// How much of the time was written, so it prints as written (`10:10`, `10:10:10.123`).
    pub precision: TimePrecision,
}

/// The smallest unit a time literal spells out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimePrecision {
    /// `HH:MM`
    Minutes,
    /// `HH:MM:SS`
    Seconds,
    /// `HH:MM:SS.f…` with this many fraction digits (1 to 6).
    Fraction(u8),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TzOffset {
    /// No offset: a local ("naive") time.
    None,
    /// `Z`
    Utc,
    /// `+HH:MM` or `-HH:MM`, in minutes east of UTC.
    Minutes(i16),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTime {
    pub date: Date,
    pub time: Time,
}

impl Datum {
    pub fn new(kind: DatumKind, span: Span) -> Datum {
        Datum { kind, span }
    }

    pub fn symbol(name: impl Into<String>, span: Span) -> Datum {
        Datum::new(DatumKind::Symbol(name.into()), span)
    }

    /// The symbol's name, if this is a plain symbol.
    pub fn as_symbol(&self) -> Option<&str> {
        match &self.kind {
            DatumKind::Symbol(name) => Some(name),
            _ => None,
        }
    }

    /// The data directly inside this one, in reading order (a gene's head, then its property
    /// values, then its children).
    pub fn children(&self) -> Vec<&Datum> {
        match &self.kind {
            DatumKind::Array { items, .. } => items.iter().collect(),
            DatumKind::Map { props, .. } => props.values().collect(),
            DatumKind::HashMap { entries, .. } => {
                entries.iter().flat_map(|(k, v)| [k, v]).collect()
            }
            DatumKind::Gene(gene) => std::iter::once(&gene.head)
                .chain(gene.props.values())
                .chain(gene.children.iter())
                .collect(),
            DatumKind::Quote(inner) | DatumKind::Unquote { datum: inner, .. } => vec![inner],
            DatumKind::Interp(parts) => parts
                .iter()
                .filter_map(|part| match part {
                    InterpPart::Expr(d) => Some(d),
                    InterpPart::Str(_) => None,
                })
                .collect(),
            _ => Vec::new(),
        }
    }

    /// How many levels deep the tree goes: 1 for an atom or an empty collection.
    /// Iterative, so it is safe on any tree.
    pub fn depth(&self) -> usize {
        let mut max = 0;
        let mut stack = vec![(self, 1)];
        while let Some((datum, depth)) = stack.pop() {
            max = max.max(depth);
            stack.extend(datum.children().into_iter().map(|c| (c, depth + 1)));
        }
        max
    }
}

impl PartialEq for Datum {
    fn eq(&self, other: &Datum) -> bool {
        self.kind == other.kind
    }
}

impl PartialEq for DatumKind {
    fn eq(&self, other: &DatumKind) -> bool {
        use DatumKind::*;
        match (self, other) {
            (Nil, Nil) | (Void, Void) | (NotFound, NotFound) => true,
            (Bool(a), Bool(b)) => a == b,
            (Int(a), Int(b)) => a == b,
            (Float(a), Float(b)) => a.to_bits() == b.to_bits(),
            (Char(a), Char(b)) => a == b,
            (Str(a), Str(b)) => a == b,
            (Interp(a), Interp(b)) => a == b,
            (Symbol(a), Symbol(b)) => a == b,
            (ComplexSymbol(a), ComplexSymbol(b)) => a == b,
            (
                Array {
                    items: a,
                    frozen: fa,
                },
                Array {
                    items: b,
                    frozen: fb,
                },
            ) => fa == fb && a == b,
            (
                Map {
                    props: a,
                    frozen: fa,
                },
                Map {
                    props: b,
                    frozen: fb,
                },
            ) => fa == fb && props_eq(a, b),
            (
                HashMap {
                    entries: a,
                    frozen: fa,
                },
                HashMap {
                    entries: b,
                    frozen: fb,
                },
            ) => fa == fb && a == b,
            (Gene(a), Gene(b)) => a == b,
            (Quote(a), Quote(b)) => a == b,
            (
                Unquote {
                    datum: a,
                    discard: da,
                },
                Unquote {
                    datum: b,
                    discard: db,
                },
            ) => da == db && a == b,
            (Regex(a), Regex(b)) => a == b,
            (Bytes(a), Bytes(b)) => a == b,
            (Date(a), Date(b)) => a == b,
            (Time(a), Time(b)) => a == b,
            (DateTime(a), DateTime(b)) => a == b,
            _ => false,
        }
    }
}

impl PartialEq for Gene {
    fn eq(&self, other: &Gene) -> bool {
        self.frozen == other.frozen
            && self.head == other.head
            && props_eq(&self.props, &other.props)
            && self.children == other.children
    }
}

/// Props are equal when they hold the same keys with equal values in the same order: order
/// is part of what a program wrote and what it prints.
fn props_eq(a: &Props, b: &Props) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b.iter())
            .all(|((ka, va), (kb, vb))| ka == kb && va == vb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datum_stays_small() {
        assert!(std::mem::size_of::<DatumKind>() <= 32);
        assert!(std::mem::size_of::<Datum>() <= 40);
    }

    #[test]
    fn equality_ignores_spans_but_not_order() {
        let a = Datum::symbol("x", Span::new(0, 1));
        let b = Datum::symbol("x", Span::new(5, 6));
        assert_eq!(a, b);
        let mut p = Props::default();
        p.insert("a".into(), a.clone());
        p.insert("b".into(), b.clone());
        let mut q = Props::default();
        q.insert("b".into(), b);
        q.insert("a".into(), a);
        assert!(!props_eq(&p, &q));
    }
}
