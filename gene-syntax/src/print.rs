//! The canonical printer: writes any datum the reader can produce back as source that reads
//! as the same datum. `gene parse` prints with it; the round trip is property-tested.
//!
//! Canonical means: single spaces between items, properties right after a gene's head in
//! the order written, `^k v` for every property, and strings, characters and symbols escaped
//! only as much as reading them back needs.

use std::fmt::{self, Write};

use crate::datum::{
    Date, Datum, DatumKind, Gene, InterpPart, Props, Regex, Time, TimePrecision, TzOffset,
};

impl fmt::Display for Datum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_datum(f, self)
    }
}

/// The canonical text of a datum.
pub fn print(datum: &Datum) -> String {
    datum.to_string()
}

/// Formats a float as Gene prints it: shortest round-trip digits, fixed notation with `.0`
/// on integral values when 1e-4 ≤ |x| < 1e16, scientific with a signed exponent of at
/// least two digits otherwise (`1e+16`, `1.5e-07`).
pub fn format_float(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    let magnitude = x.abs();
    if x == 0.0 || (1e-4..1e16).contains(&magnitude) {
        let mut text = format!("{x}");
        if !text.contains('.') {
            text.push_str(".0");
        }
        return text;
    }
    let text = format!("{x:e}");
    let (mantissa, exponent) = text.split_once('e').expect("`{:e}` always has an exponent");
    let (sign, digits) = match exponent.strip_prefix('-') {
        Some(digits) => ('-', digits),
        None => ('+', exponent),
    };
    format!("{mantissa}e{sign}{digits:0>2}")
}

/// Writes `s` as a double-quoted string literal.
pub fn write_string_literal(out: &mut impl Write, s: &str) -> fmt::Result {
    out.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => out.write_str("\\\"")?,
            '\\' => out.write_str("\\\\")?,
            c => write_escaped_control(out, c)?,
        }
    }
    out.write_char('"')
}

/// Writes a character literal: `'a'`, `'\n'`, `'\''`.
pub fn write_char_literal(out: &mut impl Write, c: char) -> fmt::Result {
    out.write_char('\'')?;
    match c {
        '\'' => out.write_str("\\'")?,
        '\\' => out.write_str("\\\\")?,
        c => write_escaped_control(out, c)?,
    }
    out.write_char('\'')
}

fn write_escaped_control(out: &mut impl Write, c: char) -> fmt::Result {
    match c {
        '\n' => out.write_str("\\n"),
        '\t' => out.write_str("\\t"),
        '\r' => out.write_str("\\r"),
        '\u{8}' => out.write_str("\\b"),
        '\u{c}' => out.write_str("\\f"),
        '\0' => out.write_str("\\0"),
        c if c.is_control() && (c as u32) < 0x10000 => write!(out, "\\u{:04x}", c as u32),
        c => out.write_char(c),
    }
}

/// Characters that cannot appear unescaped inside a symbol or key.
fn needs_escape_inside(c: char) -> bool {
    c.is_ascii() && (crate::lexer::is_terminator_byte(c as u8) || c == '\\')
}

fn is_keyword(name: &str) -> bool {
    matches!(name, "nil" | "void" | "true" | "false" | "not_found")
}

/// Whether a token starting with `first` (then `second`) would not read as a symbol.
fn needs_escape_first(first: char, second: Option<char>) -> bool {
    match first {
        '\'' | '^' | '%' | '`' => true,
        // `#` starts a symbol unless what follows makes it a comment or a dispatch form.
        '#' => second.is_none_or(|c| {
            matches!(c, '(' | '[' | '{' | '/' | '@' | '"' | '<' | '!' | '#')
                || (c.is_ascii() && crate::lexer::is_terminator_byte(c as u8))
        }),
        '0'..='9' => true,
        '+' | '-' => second.is_some_and(|c| c.is_ascii_digit()),
        _ => false,
    }
}

/// Writes a symbol (`parts.len() == 1`) or complex symbol so that it reads back the same.
pub fn write_symbol(out: &mut impl Write, parts: &[impl AsRef<str>]) -> fmt::Result {
    let first_text = parts.first().map_or("", AsRef::as_ref);
    if parts.len() == 1 && matches!(first_text, "/" | "/=" | "%" | "%=") {
        return out.write_str(first_text);
    }
    // `/=` alone reads as the plain symbol; the path from "" to "=" needs its `=` escaped.
    if let [empty, equals] = parts {
        if empty.as_ref().is_empty() && equals.as_ref() == "=" {
            return out.write_str("/\\=");
        }
    }
    let mut at_start = true;
    for (index, part) in parts.iter().enumerate() {
        let part = part.as_ref();
        if index > 0 {
            out.write_char('/')?;
            at_start = false;
        }
        let escape_whole = parts.len() == 1 && is_keyword(part);
        let mut chars = part.chars().peekable();
        while let Some(c) = chars.next() {
            let escape = needs_escape_inside(c)
                || c == '/'
                || (at_start && (escape_whole || needs_escape_first(c, chars.peek().copied())));
            if escape {
                out.write_char('\\')?;
            }
            out.write_char(c)?;
            at_start = false;
        }
    }
    Ok(())
}

/// Writes `^key`, escaping what would otherwise read as a path or a flag.
fn write_prop_key(out: &mut impl Write, key: &str) -> fmt::Result {
    out.write_char('^')?;
    for (index, c) in key.chars().enumerate() {
        if needs_escape_inside(c) || c == '^' || (index == 0 && c == '!') {
            out.write_char('\\')?;
        }
        out.write_char(c)?;
    }
    Ok(())
}

fn write_props(f: &mut impl Write, props: &Props) -> fmt::Result {
    for (index, (key, value)) in props.iter().enumerate() {
        if index > 0 {
            f.write_char(' ')?;
        }
        write_prop_key(f, key)?;
        f.write_char(' ')?;
        write_datum(f, value)?;
    }
    Ok(())
}

fn write_items<'a>(f: &mut impl Write, items: impl IntoIterator<Item = &'a Datum>) -> fmt::Result {
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            f.write_char(' ')?;
        }
        write_datum(f, item)?;
    }
    Ok(())
}

fn write_gene(f: &mut impl Write, gene: &Gene) -> fmt::Result {
    f.write_str(if gene.frozen { "#(" } else { "(" })?;
    let empty = gene.props.is_empty() && gene.children.is_empty();
    if !(empty && matches!(gene.head.kind, DatumKind::Nil)) {
        write_datum(f, &gene.head)?;
        if !gene.props.is_empty() {
            f.write_char(' ')?;
            write_props(f, &gene.props)?;
        }
        for child in &gene.children {
            f.write_char(' ')?;
            write_datum(f, child)?;
        }
    }
    f.write_char(')')
}

fn write_regex(f: &mut impl Write, regex: &Regex) -> fmt::Result {
    f.write_str("#/")?;
    write_regex_segment(f, &regex.pattern)?;
    if let Some(replacement) = &regex.replacement {
        write_regex_segment(f, replacement)?;
    }
    if regex.ignore_case {
        f.write_char('i')?;
    }
    if regex.multiline {
        f.write_char('m')?;
    }
    Ok(())
}

/// A regex segment and its closing `/`. Reading turns `\\` into `\` and `\/` into `/` and
/// keeps other escapes, so only a backslash before `\`, `/` or the end needs doubling.
fn write_regex_segment(f: &mut impl Write, text: &str) -> fmt::Result {
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' => f.write_str("\\/")?,
            '\\' if matches!(chars.peek(), None | Some('\\' | '/')) => f.write_str("\\\\")?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('/')
}

fn write_date(f: &mut impl Write, date: &Date) -> fmt::Result {
    write!(f, "{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

fn write_time(f: &mut impl Write, time: &Time) -> fmt::Result {
    write!(f, "{:02}:{:02}", time.hour, time.minute)?;
    // As written, but never dropping a non-zero part (a time built in code may say less).
    let needed = if time.microsecond != 0 {
        let mut digits = 6;
        let mut rest = time.microsecond;
        while rest % 10 == 0 {
            rest /= 10;
            digits -= 1;
        }
        TimePrecision::Fraction(digits)
    } else if time.second != 0 {
        TimePrecision::Seconds
    } else {
        TimePrecision::Minutes
    };
    let rank = |p: TimePrecision| match p {
        TimePrecision::Minutes => 0,
        TimePrecision::Seconds => 1,
        TimePrecision::Fraction(digits) => 1 + digits,
    };
    let precision = if rank(needed) > rank(time.precision) {
        needed
    } else {
        time.precision
    };
    match precision {
        TimePrecision::Minutes => {}
        TimePrecision::Seconds => write!(f, ":{:02}", time.second)?,
        TimePrecision::Fraction(digits) => {
            let fraction = format!("{:06}", time.microsecond);
            let digits = usize::from(digits.clamp(1, 6));
            write!(f, ":{:02}.{}", time.second, &fraction[..digits])?;
        }
    }
    match time.offset {
        TzOffset::None => {}
        TzOffset::Utc => f.write_char('Z')?,
        TzOffset::Minutes(minutes) => {
            let sign = if minutes < 0 { '-' } else { '+' };
            let minutes = minutes.unsigned_abs();
            write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)?;
        }
    }
    if let Some(zone) = &time.zone {
        write!(f, "[{zone}]")?;
    }
    Ok(())
}

fn write_interp(f: &mut impl Write, parts: &[InterpPart]) -> fmt::Result {
    f.write_str("#\"")?;
    for part in parts {
        match part {
            InterpPart::Str(text) => {
                for c in text.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        '#' => f.write_str("\\#")?,
                        c => write_escaped_control(f, c)?,
                    }
                }
            }
            InterpPart::Expr(datum) => {
                f.write_str("#{")?;
                write_datum(f, datum)?;
                f.write_char('}')?;
            }
        }
    }
    f.write_char('"')
}

/// Writes the canonical form of `datum`.
pub fn write_datum(f: &mut impl Write, datum: &Datum) -> fmt::Result {
    match &datum.kind {
        DatumKind::Nil => f.write_str("nil"),
        DatumKind::Void => f.write_str("void"),
        DatumKind::NotFound => f.write_str("not_found"),
        DatumKind::Bool(b) => write!(f, "{b}"),
        DatumKind::Int(n) => write!(f, "{n}"),
        DatumKind::Float(x) => f.write_str(&format_float(*x)),
        DatumKind::Char(c) => write_char_literal(f, *c),
        DatumKind::Str(s) => write_string_literal(f, s),
        DatumKind::Interp(parts) => write_interp(f, parts),
        DatumKind::Symbol(name) => write_symbol(f, std::slice::from_ref(name)),
        DatumKind::ComplexSymbol(parts) => write_symbol(f, parts),
        DatumKind::Array { items, frozen } => {
            f.write_str(if *frozen { "#[" } else { "[" })?;
            write_items(f, items)?;
            f.write_char(']')
        }
        DatumKind::Map { props, frozen } => {
            f.write_str(if *frozen { "#{" } else { "{" })?;
            write_props(f, props)?;
            f.write_char('}')
        }
        DatumKind::HashMap { entries, frozen } => {
            f.write_str(if *frozen { "#{{" } else { "{{" })?;
            write_items(f, entries.iter().flat_map(|(k, v)| [k, v]))?;
            f.write_str("}}")
        }
        DatumKind::Gene(gene) => write_gene(f, gene),
        DatumKind::Quote(inner) => {
            f.write_char('`')?;
            write_datum(f, inner)
        }
        DatumKind::Unquote { datum, discard } => {
            f.write_str(if *discard { "%_" } else { "%" })?;
            let mut inner = String::new();
            write_datum(&mut inner, datum)?;
            if !*discard && (inner.starts_with('_') || inner.starts_with('=')) {
                f.write_char('\\')?;
            }
            f.write_str(&inner)
        }
        DatumKind::Regex(regex) => write_regex(f, regex),
        DatumKind::Bytes(bytes) => {
            f.write_str("0#")?;
            bytes.iter().try_for_each(|b| write!(f, "{b:02x}"))
        }
        DatumKind::Date(date) => write_date(f, date),
        DatumKind::Time(time) => write_time(f, time),
        DatumKind::DateTime(datetime) => {
            write_date(f, &datetime.date)?;
            f.write_char('T')?;
            write_time(f, &datetime.time)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::format_float;

    #[test]
    fn floats_print_in_the_reference_layout() {
        let cases = [
            (0.1 + 0.2, "0.30000000000000004"),
            (10.0 / 3.0, "3.3333333333333335"),
            (5.0, "5.0"),
            (1e15, "1000000000000000.0"),
            (1e16, "1e+16"),
            (1.5e-7, "1.5e-07"),
            (1e21, "1e+21"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (-0.0, "-0.0"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (1.0e10, "10000000000.0"),
            (1.23e-100, "1.23e-100"),
        ];
        for (x, text) in cases {
            assert_eq!(format_float(x), text, "{x:?}");
        }
    }
}
