//! Snapshot corpus for the reader.
//!
//! Every `corpus/valid/*.gene` file must read without error; its snapshot shows the input,
//! the lexer's tokens, the data as a tree with spans and the canonical print. Every
//! `corpus/invalid/*.gene` file must fail to read; its snapshot shows the input, the tokens
//! and the rendered errors. Snapshots are reviewed by hand against the reference reader, so a
//! changed snapshot means a changed reading of the language and needs the same review.

use std::fmt::Write as _;
use std::path::Path;

use gene_syntax::datum::{Date, DateTime, Regex, Time, TzOffset};
use gene_syntax::{
    parse_str, parse_with, render_errors, Color, Datum, DatumKind, InterpPart, ReadOptions,
    SourceFile, Span,
};

/// The name errors are reported under: the path inside `corpus/`, so snapshots do not depend
/// on where the repository is checked out.
fn source_for(path: &Path) -> SourceFile {
    let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .expect("corpus files sit in a folder");
    let name = format!(
        "{}/{}",
        folder.to_string_lossy(),
        path.file_name().expect("a file").to_string_lossy()
    );
    SourceFile::new(name, text)
}

fn span_text(source: &SourceFile, span: Span) -> String {
    format!(
        "{}-{}",
        source.line_col(span.start as usize),
        source.line_col(span.end as usize)
    )
}

fn token_lines(source: &SourceFile) -> String {
    let (tokens, _) = gene_syntax::lexer::tokenize(source.text());
    let mut out = String::new();
    for (start, token, _) in tokens {
        writeln!(out, "{} {token}", source.line_col(start)).unwrap();
    }
    out
}

/// The tree dump is written independently of the printer, so each checks the other.
fn dump(source: &SourceFile, datum: &Datum, label: &str, depth: usize, out: &mut String) {
    let indent = "  ".repeat(depth);
    let span = span_text(source, datum.span);
    let line = |out: &mut String, what: String| {
        writeln!(out, "{indent}{label}{what} @ {span}").unwrap();
    };
    let frozen = |frozen: bool| if frozen { " frozen" } else { "" };
    match &datum.kind {
        DatumKind::Nil => line(out, "Nil".into()),
        DatumKind::Void => line(out, "Void".into()),
        DatumKind::NotFound => line(out, "NotFound".into()),
        DatumKind::Bool(b) => line(out, format!("Bool {b}")),
        DatumKind::Int(n) => line(out, format!("Int {n}")),
        // Debug keeps the sign of zero and every digit needed to round-trip.
        DatumKind::Float(x) => line(out, format!("Float {x:?}")),
        DatumKind::Char(c) => line(out, format!("Char {c:?} (U+{:04X})", *c as u32)),
        DatumKind::Str(s) => line(out, format!("Str {s:?}")),
        DatumKind::Symbol(s) => line(out, format!("Symbol {s:?}")),
        DatumKind::ComplexSymbol(parts) => line(out, format!("ComplexSymbol {parts:?}")),
        DatumKind::Bytes(bytes) => {
            let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
            line(out, format!("Bytes [{}]", hex.join(" ")));
        }
        DatumKind::Regex(regex) => line(out, describe_regex(regex)),
        DatumKind::Date(date) => line(out, format!("Date {}", describe_date(date))),
        DatumKind::Time(time) => line(out, format!("Time {}", describe_time(time))),
        DatumKind::DateTime(dt) => {
            let DateTime { date, time } = &**dt;
            line(
                out,
                format!("DateTime {} {}", describe_date(date), describe_time(time)),
            );
        }
        DatumKind::Interp(parts) => {
            line(out, "Interp".into());
            for part in parts {
                match part {
                    InterpPart::Str(text) => writeln!(out, "{indent}  text {text:?}").unwrap(),
                    InterpPart::Expr(expr) => dump(source, expr, "expr: ", depth + 1, out),
                }
            }
        }
        DatumKind::Array { items, frozen: f } => {
            line(out, format!("Array{}", frozen(*f)));
            for item in items {
                dump(source, item, "", depth + 1, out);
            }
        }
        DatumKind::Map { props, frozen: f } => {
            line(out, format!("Map{}", frozen(*f)));
            for (key, value) in props.iter() {
                dump(source, value, &format!("^{key:?}: "), depth + 1, out);
            }
        }
        DatumKind::HashMap { entries, frozen: f } => {
            line(out, format!("HashMap{}", frozen(*f)));
            for (key, value) in entries {
                dump(source, key, "key: ", depth + 1, out);
                dump(source, value, "value: ", depth + 1, out);
            }
        }
        DatumKind::Gene(gene) => {
            line(out, format!("Gene{}", frozen(gene.frozen)));
            dump(source, &gene.head, "head: ", depth + 1, out);
            for (key, value) in gene.props.iter() {
                dump(source, value, &format!("^{key:?}: "), depth + 1, out);
            }
            for child in &gene.children {
                dump(source, child, "", depth + 1, out);
            }
        }
        DatumKind::Quote(inner) => {
            line(out, "Quote".into());
            dump(source, inner, "", depth + 1, out);
        }
        DatumKind::Unquote { datum, discard } => {
            line(
                out,
                if *discard {
                    "Unquote discard"
                } else {
                    "Unquote"
                }
                .into(),
            );
            dump(source, datum, "", depth + 1, out);
        }
    }
}

fn describe_regex(regex: &Regex) -> String {
    let mut text = format!("Regex pattern={:?}", regex.pattern);
    if let Some(replacement) = &regex.replacement {
        write!(text, " replacement={replacement:?}").unwrap();
    }
    if regex.ignore_case {
        text.push_str(" ignore_case");
    }
    if regex.multiline {
        text.push_str(" multiline");
    }
    text
}

fn describe_date(date: &Date) -> String {
    format!("year={} month={} day={}", date.year, date.month, date.day)
}

fn describe_time(time: &Time) -> String {
    let mut text = format!(
        "hour={} minute={} second={} microsecond={}",
        time.hour, time.minute, time.second, time.microsecond
    );
    match time.offset {
        TzOffset::None => {}
        TzOffset::Utc => text.push_str(" offset=Z"),
        TzOffset::Minutes(minutes) => write!(text, " offset={minutes}min").unwrap(),
    }
    if let Some(zone) = &time.zone {
        write!(text, " zone={zone:?}").unwrap();
    }
    write!(text, " precision={:?}", time.precision).unwrap();
    text
}

/// Control characters other than newline and tab are shown escaped, so a snapshot stays
/// plain text whatever bytes its input holds.
fn visible(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn section(out: &mut String, title: &str, body: &str) {
    writeln!(out, "---- {title} ----").unwrap();
    out.push_str(body);
    if !body.is_empty() && !body.ends_with('\n') {
        out.push('\n');
    }
}

#[test]
fn valid_inputs_read_and_round_trip() {
    insta::glob!("corpus/valid/*.gene", |path| {
        let source = source_for(path);
        let data = match parse_str(source.text()) {
            Ok(data) => data,
            Err(errors) => panic!(
                "{} should read without error:\n{}",
                source.name(),
                render_errors(&source, &errors, Color::Never)
            ),
        };
        let (_, lex_errors) = gene_syntax::lexer::tokenize(source.text());
        assert!(lex_errors.is_empty(), "{}: lexer errors", source.name());

        let mut tree = String::new();
        for datum in &data {
            dump(&source, datum, "", 0, &mut tree);
        }
        let printed: String = data.iter().map(|d| format!("{d}\n")).collect();
        let reread = parse_str(&printed).unwrap_or_else(|errors| {
            let file = SourceFile::new("canonical print", printed.clone());
            panic!(
                "{}: the canonical print does not read:\n{}",
                source.name(),
                render_errors(&file, &errors, Color::Never)
            )
        });
        assert_eq!(
            reread,
            data,
            "{}: the canonical print reads as different data",
            source.name()
        );

        let mut snapshot = String::new();
        section(&mut snapshot, "input", source.text());
        section(&mut snapshot, "tokens", &token_lines(&source));
        section(&mut snapshot, "data", &tree);
        section(&mut snapshot, "canonical", &printed);
        insta::assert_snapshot!("valid", visible(&snapshot));
    });
}

#[test]
fn invalid_inputs_are_rejected_with_located_errors() {
    insta::glob!("corpus/invalid/*.gene", |path| {
        let source = source_for(path);
        let errors = match parse_str(source.text()) {
            Ok(data) => panic!(
                "{} should not read, but read as {} data",
                source.name(),
                data.len()
            ),
            Err(errors) => errors,
        };
        assert!(
            !errors.is_empty(),
            "{}: failed without errors",
            source.name()
        );

        let mut snapshot = String::new();
        section(&mut snapshot, "input", source.text());
        section(&mut snapshot, "tokens", &token_lines(&source));
        section(
            &mut snapshot,
            "errors",
            &render_errors(&source, &errors, Color::Never),
        );
        insta::assert_snapshot!("invalid", visible(&snapshot));
    });
}

/// One bad line must not hide the others: the reader goes on after an error.
#[test]
fn independent_errors_are_all_reported() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/invalid/several_errors.gene");
    let source = source_for(&path);
    let errors = parse_str(source.text()).expect_err("the file has errors");
    let lines: std::collections::BTreeSet<usize> = errors
        .iter()
        .map(|e| source.line_col(e.span.start as usize).line)
        .collect();
    assert!(
        lines.len() >= 4,
        "expected errors on at least four lines, got {lines:?}"
    );
}

/// Nesting is bounded so that recursive passes over the data cannot overflow the stack.
/// The inputs are generated: a thousand brackets make a poor file to read.
#[test]
fn nesting_depth_is_limited() {
    let limit = ReadOptions::default().max_depth;
    assert_eq!(limit, 1000);

    let nested = |depth: usize| format!("{}x{}", "[".repeat(depth), "]".repeat(depth));
    let at_limit = parse_str(&nested(limit)).expect("nesting at the limit reads");
    assert_eq!(at_limit[0].depth(), limit + 1);

    let mut snapshot = String::new();
    // One opener per line keeps the rendered snippet short.
    for (name, text) in [
        (
            "arrays",
            format!("{}x{}", "[\n".repeat(limit + 1), "]".repeat(limit + 1)),
        ),
        (
            "genes",
            format!("{}f{}", "(\n".repeat(limit + 1), ")".repeat(limit + 1)),
        ),
        ("quotes", format!("(\n{}x)", "`\n".repeat(limit))),
        // The gene nests exactly to the limit; `(A; x)` reads as `((A) x)`, one level deeper.
        (
            "chains",
            format!(
                "(\n{}{};x)",
                "(\n".repeat(limit - 1),
                ")\n".repeat(limit - 1)
            ),
        ),
    ] {
        let source = SourceFile::new(format!("too_deep_{name}.gene"), text);
        let errors = parse_str(source.text()).expect_err("nesting past the limit fails");
        section(
            &mut snapshot,
            name,
            &render_errors(&source, &errors, Color::Never),
        );
    }
    insta::assert_snapshot!("too_deep", snapshot);

    // A caller may lower the limit.
    let shallow = parse_with("[[[x]]]", ReadOptions { max_depth: 2 });
    assert!(shallow.is_err());
}

/// Reads `text` on another thread, so a reader that loops forever fails the test instead of
/// hanging it.
fn read_within_seconds(text: &'static str, seconds: u64) -> Option<Vec<Datum>> {
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || send.send(parse_str(text)));
    let result = receive
        .recv_timeout(std::time::Duration::from_secs(seconds))
        .unwrap_or_else(|_| panic!("reading {text:?} did not finish"));
    result.ok()
}

/// A lone `"` inside `#"""…"""` is text, as in a plain triple-quoted string.
#[test]
fn quote_inside_triple_quoted_interpolation() {
    let data = read_within_seconds("#\"\"\"say \"hi\" to #{name}\"\"\"", 5).expect("reads");
    assert_eq!(data[0].to_string(), r##"#"say \"hi\" to #{name}""##);
}

/// A float literal beyond the range of f64 is a read error: infinity has no literal, so
/// reading it as a value would print as something that reads back differently.
#[test]
fn float_literal_out_of_range() {
    let errors = parse_str("1e400").expect_err("1e400 overflows f64");
    assert_eq!(
        errors[0].message,
        "invalid number `1e400`: it is too large for a 64-bit float"
    );
}
