//! How the grammar's actions turn tokens into data: property paths into nested maps,
//! `;` chains into nested genes, decorators, interpolations, and the errors found on the way.

use std::convert::Infallible;

use lalrpop_util::ParseError;

use crate::datum::{Datum, DatumKind, Gene, InterpPart, Props};
use crate::error::SyntaxError;
use crate::lexer::symbol_from_token_text;
use crate::source::Span;
use crate::token::{PropToken, Token};

/// One item of a gene or map body, before keys and values pair up.
pub enum GeneItem {
    Child(Datum),
    /// `^k`, whose value is the next item.
    Key(Box<PropToken>, Span),
    /// `^^k` or `^!k`, whose value is in the token.
    Flag(Box<PropToken>, Span),
}

/// How many properties the items hold (each `^k` pairs with at most one value).
fn count_keys(items: &[GeneItem]) -> usize {
    items
        .iter()
        .filter(|item| !matches!(item, GeneItem::Child(_)))
        .count()
}

/// Pairs `^k` with the datum after it and sets the properties; other data are children
/// (or, in a map, errors).
fn sort_items(
    items: Vec<GeneItem>,
    props: &mut Props,
    mut children: Option<&mut Vec<Datum>>,
    errors: &mut Vec<SyntaxError>,
) {
    let mut items = items.into_iter().peekable();
    while let Some(item) = items.next() {
        match item {
            GeneItem::Child(datum) => match children.as_deref_mut() {
                Some(children) => children.push(datum),
                None => errors.push(
                    SyntaxError::new("map entries need ^keys", datum.span)
                        .with_label("this value has no key")
                        .with_help(
                            "write `{^key value}`; for keys that are not names use `{{key value}}`",
                        ),
                ),
            },
            GeneItem::Flag(key, span) => insert_prop(props, *key, span, None, errors),
            GeneItem::Key(key, span) => match items.next_if(|i| matches!(i, GeneItem::Child(_))) {
                Some(GeneItem::Child(value)) => insert_prop(props, *key, span, Some(value), errors),
                _ => {
                    let name = key.path.join("^");
                    errors.push(
                        SyntaxError::new(format!("^{name} needs a value"), span)
                            .with_label("no value follows")
                            .with_help(format!("write `^{name} value`, or `^^{name}` for true")),
                    );
                }
            },
        }
    }
}

/// The items after a `;` of a gene, and where that `;` is.
pub struct Segment {
    pub start: usize,
    pub items: Vec<GeneItem>,
}

pub fn prop_as_symbol(src: &str, span: Span) -> Datum {
    Datum::new(symbol_from_token_text(&src[span.range()]), span)
}

/// `()` reads as a gene whose head is `nil`.
pub fn empty_gene(frozen: bool, span: Span) -> DatumKind {
    DatumKind::Gene(Box::new(Gene {
        head: Datum::new(DatumKind::Nil, span),
        props: Props::default(),
        children: Vec::new(),
        frozen,
    }))
}

/// `(head items…; items…; …)`: each `;` wraps everything before it as the head of a new gene,
/// so `(a x; b y)` reads as `((a x) b y)`.
pub fn gene(
    head: Datum,
    first: Vec<GeneItem>,
    chain: Vec<Segment>,
    frozen: bool,
    span: Span,
    errors: &mut Vec<SyntaxError>,
) -> DatumKind {
    let mut head = head;
    let mut items = first;
    let mut chain = chain.into_iter();
    loop {
        let keys = count_keys(&items);
        let mut props = Props::with_capacity_and_hasher(keys, Default::default());
        let mut children = Vec::with_capacity(items.len().saturating_sub(2 * keys));
        sort_items(items, &mut props, Some(&mut children), errors);
        let gene = Box::new(Gene {
            head,
            props,
            children,
            frozen,
        });
        let Some(next) = chain.next() else {
            return DatumKind::Gene(gene);
        };
        head = Datum::new(
            DatumKind::Gene(gene),
            Span::new(span.start as usize, next.start),
        );
        items = next.items;
    }
}

pub fn map(entries: Vec<GeneItem>, frozen: bool, errors: &mut Vec<SyntaxError>) -> DatumKind {
    let mut props = Props::with_capacity_and_hasher(count_keys(&entries), Default::default());
    sort_items(entries, &mut props, None, errors);
    DatumKind::Map {
        props: Box::new(props),
        frozen,
    }
}

/// Sets a property, creating the maps a path such as `^a^b` goes through. A key set twice,
/// or a path through a value that is not a map, is an error.
fn insert_prop(
    props: &mut Props,
    key: PropToken,
    span: Span,
    value: Option<Datum>,
    errors: &mut Vec<SyntaxError>,
) {
    if let Some(problem) = &key.problem {
        errors.push(SyntaxError::new(problem.clone(), span));
        return;
    }
    let PropToken { mut path, flag, .. } = key;
    let value = match value {
        Some(value) => value,
        None => Datum::new(flag.unwrap_or(DatumKind::Bool(true)), span),
    };
    let last = path.pop().expect("a property has a key");
    let full_name = |path: &[String], last: &str| {
        path.iter()
            .map(String::as_str)
            .chain([last])
            .collect::<Vec<_>>()
            .join("^")
    };
    let mut map = props;
    for (depth, part) in path.iter().enumerate() {
        let entry = map.entry(part.clone()).or_insert_with(|| {
            Datum::new(
                DatumKind::Map {
                    props: Box::default(),
                    frozen: false,
                },
                span,
            )
        });
        match &mut entry.kind {
            DatumKind::Map { props, .. } => map = props,
            _ => {
                let prefix = path[..=depth].join("^");
                errors.push(
                    SyntaxError::new(
                        format!(
                            "^{} conflicts with ^{prefix}, which is not a map",
                            full_name(&path, &last)
                        ),
                        span,
                    )
                    .with_related(entry.span, format!("^{prefix} is set here")),
                );
                return;
            }
        }
    }
    match map.entry(last) {
        indexmap::map::Entry::Occupied(existing) => {
            let message = format!("^{} is set twice", full_name(&path, existing.key()));
            errors.push(
                SyntaxError::new(message, span).with_related(existing.get().span, "first set here"),
            );
        }
        indexmap::map::Entry::Vacant(slot) => {
            slot.insert(value);
        }
    }
}

/// `{{k v …}}`: the items pair up as keys and values.
pub fn hash_map(
    items: Vec<Datum>,
    frozen: bool,
    span: Span,
    errors: &mut Vec<SyntaxError>,
) -> DatumKind {
    if items.len() % 2 != 0 {
        let last = items.last().map_or(span, |d| d.span);
        errors.push(
            SyntaxError::new("a `{{…}}` map needs a value for every key", last)
                .with_label("this key has no value"),
        );
    }
    let mut entries = Vec::with_capacity(items.len() / 2);
    let mut items = items.into_iter();
    while let (Some(key), Some(value)) = (items.next(), items.next()) {
        entries.push((key, value));
    }
    DatumKind::HashMap { entries, frozen }
}

/// `#@f x` reads as `(f x)`.
pub fn decorate(f: Datum, x: Datum) -> DatumKind {
    DatumKind::Gene(Box::new(Gene {
        head: f,
        props: Props::default(),
        children: vec![x],
        frozen: false,
    }))
}

/// Joins adjacent text; an interpolation with nothing to interpolate is a plain string.
pub fn interpolation(parts: Vec<InterpPart>) -> DatumKind {
    let mut joined: Vec<InterpPart> = Vec::with_capacity(parts.len());
    for part in parts {
        // A string interpolated as such (`#{"b"}`) is text, as the reference reads it.
        let part = match part {
            InterpPart::Expr(Datum {
                kind: DatumKind::Str(text),
                ..
            }) => InterpPart::Str(text),
            other => other,
        };
        match (joined.last_mut(), part) {
            (_, InterpPart::Str(text)) if text.is_empty() => {}
            (Some(InterpPart::Str(prev)), InterpPart::Str(text)) => prev.push_str(&text),
            (_, part) => joined.push(part),
        }
    }
    if joined.iter().all(|p| matches!(p, InterpPart::Str(_))) {
        let text = joined
            .into_iter()
            .map(|p| match p {
                InterpPart::Str(s) => s,
                InterpPart::Expr(_) => unreachable!(),
            })
            .collect();
        DatumKind::Str(text)
    } else {
        DatumKind::Interp(joined)
    }
}

/// Turns a grammar error into a message a Gene programmer can act on.
pub fn describe_parse_error(error: ParseError<usize, Token, Infallible>) -> SyntaxError {
    match error {
        ParseError::User { error } => match error {},
        ParseError::InvalidToken { location } => {
            SyntaxError::new("invalid token", Span::new(location, location))
        }
        ParseError::UnrecognizedEof { location, expected } => SyntaxError::new(
            format!("unexpected end of input; expected {}", summarize(&expected)),
            Span::new(location, location),
        ),
        ParseError::UnrecognizedToken {
            token: (l, Token::Semicolon, r),
            ..
        }
        | ParseError::ExtraToken {
            token: (l, Token::Semicolon, r),
        } => SyntaxError::new("`;` chains only inside a gene", Span::new(l, r))
            .with_help("`(a; b)` reads as `((a) b)`"),
        ParseError::UnrecognizedToken {
            token: (l, token, r),
            expected,
        } => {
            let span = Span::new(l, r);
            SyntaxError::new(
                format!(
                    "unexpected {}; expected {}",
                    token.describe(),
                    summarize(&expected)
                ),
                span,
            )
        }
        ParseError::ExtraToken {
            token: (l, token, r),
        } => SyntaxError::new(format!("unexpected {}", token.describe()), Span::new(l, r)),
    }
}

/// Names what the grammar expected, briefly: "a value" rather than thirty token names.
fn summarize(expected: &[String]) -> String {
    let starts_datum = expected.iter().any(|e| e == "Symbol" || e == "Int");
    let closers: Vec<&str> = expected
        .iter()
        .filter_map(|e| match e.as_str() {
            "\")\"" => Some("`)`"),
            "\"]\"" => Some("`]`"),
            "\"}\"" => Some("`}`"),
            "\"}}\"" => Some("`}}`"),
            "\"…}\"" => Some("`}`"),
            _ => None,
        })
        .collect();
    match (starts_datum, closers.as_slice()) {
        (true, []) => "a value".to_string(),
        (true, [closer]) => format!("a value or {closer}"),
        (false, [closer]) => closer.to_string(),
        _ if expected.is_empty() => "nothing more".to_string(),
        _ => expected.join(", "),
    }
}
