//! The Gene reader: source text in, spanned data out.
//!
//! A hand-written modal lexer ([`lexer`]) reads every literal form, comment and property
//! shortcut and balances brackets; a small LALRPOP grammar puts the tokens together into
//! [`Datum`] trees whose [`Span`]s a [`SourceFile`] turns into line and column. The crate has
//! no runtime types: the compiler and VM convert data to values themselves.
//!
//! The crate stands alone: a tool that reads Gene (a formatter, a linter, an editor's outline)
//! needs nothing else.
//!
//! # Reading
//!
//! [`parse_str`] reads text; [`parse`] reads a named [`SourceFile`], whose name errors
//! report. Each top-level form becomes one [`Datum`], which prints back in canonical form:
//!
//! ```
//! let data = gene_syntax::parse_str("(f ^x 1 [a b])").unwrap();
//! assert_eq!(data[0].to_string(), "(f ^x 1 [a b])");
//! ```
//!
//! # Walking the data
//!
//! A gene `(head ^prop value child…)` is a [`Gene`]: its head, its properties in the order
//! written, and its children. Every datum has a [`Span`] (byte offsets), which the
//! [`SourceFile`] turns into a line and a column:
//!
//! ```
//! use gene_syntax::{parse, DatumKind, SourceFile};
//!
//! let source = SourceFile::new("shapes.gene", "(var r 2)\n(circle ^fill \"red\" r)\n");
//! let data = parse(&source).unwrap();
//! let DatumKind::Gene(gene) = &data[1].kind else { panic!("a gene") };
//! assert_eq!(gene.head.to_string(), "circle");
//! assert_eq!(gene.props["fill"].to_string(), "\"red\"");
//! assert_eq!(gene.children.len(), 1);
//! assert!(matches!(&gene.children[0].kind, DatumKind::Symbol(name) if name == "r"));
//! assert_eq!(source.location(gene.children[0].span), "shapes.gene:2:21");
//! ```
//!
//! # Errors
//!
//! A read reports every error it can find, not only the first, each a [`SyntaxError`] with
//! a span, a message and, where it helps, a label and related places. [`render_errors`]
//! draws them with the source line and a caret:
//!
//! ```
//! use gene_syntax::{parse, render_errors, Color, SourceFile};
//!
//! let source = SourceFile::new("bad.gene", "(println [1 2)\n");
//! let errors = parse(&source).unwrap_err();
//! let report = render_errors(&source, &errors, Color::Never);
//! assert!(report.starts_with("error: "), "{report}");
//! assert!(report.contains("bad.gene:1:"), "{report}");
//! ```

#![forbid(unsafe_code)]

mod build;
pub mod datum;
pub mod error;
pub mod lexer;
pub mod print;
pub mod source;
pub mod token;

#[allow(clippy::all, unused_qualifications, unused_parens)]
mod grammar {
    include!(concat!(env!("OUT_DIR"), "/grammar.rs"));
}

pub use datum::{Datum, DatumKind, Gene, InterpPart, Props};
pub use error::{render_error, render_errors, render_warning, Color, SyntaxError};
pub use print::{format_float, print};
pub use source::{LineCol, SourceFile, Span};

/// How the reader is limited.
#[derive(Clone, Copy, Debug)]
pub struct ReadOptions {
    /// The deepest nesting accepted (see [`lexer::DEFAULT_MAX_DEPTH`]).
    pub max_depth: usize,
}

impl Default for ReadOptions {
    fn default() -> ReadOptions {
        ReadOptions {
            max_depth: lexer::DEFAULT_MAX_DEPTH,
        }
    }
}

/// Reads every top-level datum of a source file.
pub fn parse(source: &SourceFile) -> Result<Vec<Datum>, Vec<SyntaxError>> {
    parse_with(source.text(), ReadOptions::default())
}

/// Reads every top-level datum of `text`.
pub fn parse_str(text: &str) -> Result<Vec<Datum>, Vec<SyntaxError>> {
    parse_with(text, ReadOptions::default())
}

/// Reads every top-level datum of `text`; on failure returns all the errors found, in order.
pub fn parse_with(text: &str, options: ReadOptions) -> Result<Vec<Datum>, Vec<SyntaxError>> {
    if text.len() >= u32::MAX as usize {
        return Err(vec![SyntaxError::new(
            "the source is too large to read (4 GiB or more)",
            Span::default(),
        )]);
    }
    let mut lexer = lexer::Lexer::with_max_depth(text, options.max_depth);
    let mut grammar_errors = Vec::new();
    let result = grammar::DataParser::new().parse(text, &mut grammar_errors, &mut lexer);
    if result.is_err() {
        // The grammar gave up at its first error; the lexer's errors after it are still worth
        // reporting, so read the rest of the tokens.
        lexer.by_ref().for_each(drop);
    }
    let stopped = lexer.stopped_early();
    let mut errors = lexer.take_errors();
    let stop_at = errors.last().map_or(u32::MAX, |e| e.span.start);
    let data = match result {
        Ok(data) => Some(data),
        Err(error) => {
            grammar_errors.push(build::describe_parse_error(error));
            None
        }
    };
    // After a depth stop, the made-up closers can only cause follow-on complaints.
    errors.extend(
        grammar_errors
            .into_iter()
            .filter(|e| !stopped || e.span.start < stop_at),
    );
    errors.sort_by_key(|e| (e.span.start, e.span.end));
    errors.dedup_by(|a, b| a.span == b.span && a.message == b.message);
    match data {
        Some(data) if errors.is_empty() => Ok(data),
        _ => Err(errors),
    }
}
