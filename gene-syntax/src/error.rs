//! Read errors and how they are shown: file, line and column, the source line and a caret.

use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

use crate::source::{SourceFile, Span};

/// One problem found while reading, with where it is and what is around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    /// What is wrong, in a sentence without a trailing period.
    pub message: String,
    /// Where it is.
    pub span: Span,
    /// A short note under the caret, if the message needs one.
    pub label: Option<String>,
    /// Related places, such as where an unclosed bracket was opened.
    pub related: Vec<(Span, String)>,
    /// A hint on how to fix it.
    pub help: Option<String>,
}

impl SyntaxError {
    pub fn new(message: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError {
            message: message.into(),
            span,
            label: None,
            related: Vec::new(),
            help: None,
        }
    }

    pub fn with_label(mut self, label: impl Into<String>) -> SyntaxError {
        self.label = Some(label.into());
        self
    }

    pub fn with_related(mut self, span: Span, note: impl Into<String>) -> SyntaxError {
        self.related.push((span, note.into()));
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> SyntaxError {
        self.help = Some(help.into());
        self
    }

    /// `file:line:column: read error: message`, for logs and one-line reports.
    pub fn one_line(&self, source: &SourceFile) -> String {
        format!(
            "{}: read error: {}",
            source.location(self.span),
            self.message
        )
    }

    /// The diagnostic of this error with `headline` as its first line (e.g. "read error: …").
    fn to_diagnostic(&self) -> Diagnostic<()> {
        self.diagnostic_with_headline(format!("read error: {}", self.message))
    }

    fn diagnostic_with_headline(&self, headline: String) -> Diagnostic<()> {
        let mut primary = Label::primary((), self.span.range());
        if let Some(label) = &self.label {
            primary = primary.with_message(label);
        }
        let mut labels = vec![primary];
        labels.extend(
            self.related
                .iter()
                .map(|(span, note)| Label::secondary((), span.range()).with_message(note)),
        );
        let mut diagnostic = Diagnostic::error()
            .with_message(headline)
            .with_labels(labels);
        if let Some(help) = &self.help {
            diagnostic = diagnostic.with_notes(vec![format!("help: {help}")]);
        }
        diagnostic
    }
}

fn is_invisible_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t')) || b == 0x7F
}

/// Whether rendered diagnostics carry terminal colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Never,
    Always,
}

/// Renders one error that is not a read error (a compile or run-time error) in the same form:
/// `error: message`, the location, the source line and a caret, then `notes` (a stack trace).
pub fn render_error(
    source: &SourceFile,
    message: &str,
    span: Span,
    notes: &[String],
    color: Color,
) -> String {
    render_one(Diagnostic::error(), source, message, span, notes, color)
}

/// Renders a warning (code that runs but probably does not do what was meant) in the form
/// of [`render_error`], headed `warning: message`.
pub fn render_warning(
    source: &SourceFile,
    message: &str,
    span: Span,
    notes: &[String],
    color: Color,
) -> String {
    render_one(Diagnostic::warning(), source, message, span, notes, color)
}

/// `severity: message` with a caret under `span`, then the notes.
fn render_one(
    severity: Diagnostic<()>,
    source: &SourceFile,
    message: &str,
    span: Span,
    notes: &[String],
    color: Color,
) -> String {
    let diagnostic = severity
        .with_message(message)
        .with_labels(vec![Label::primary((), span.range())])
        .with_notes(notes.to_vec());
    render_diagnostics(source, &[diagnostic], color)
}

/// Renders errors as a reader sees them in a terminal: a header, `┌─ file:line:column`, the
/// source line and a caret under the problem.
pub fn render_errors(source: &SourceFile, errors: &[SyntaxError], color: Color) -> String {
    let diagnostics: Vec<Diagnostic<()>> = errors.iter().map(SyntaxError::to_diagnostic).collect();
    render_diagnostics(source, &diagnostics, color)
}

fn render_diagnostics(source: &SourceFile, diagnostics: &[Diagnostic<()>], color: Color) -> String {
    // Control characters have no display width, so a caret under one would vanish; show each
    // as `?` (one byte for one byte, so every span still points at the same place).
    let shown: std::borrow::Cow<str> = if source.text().bytes().any(is_invisible_control) {
        source
            .text()
            .chars()
            .map(|c| {
                if c.is_ascii() && is_invisible_control(c as u8) {
                    '?'
                } else {
                    c
                }
            })
            .collect::<String>()
            .into()
    } else {
        source.text().into()
    };
    let file = SimpleFile::new(source.name(), shown.as_ref());
    let config = term::Config::default();
    match color {
        Color::Never => {
            let mut out = String::new();
            for diagnostic in diagnostics {
                // A failed source lookup would only lose a snippet; the header still prints.
                let _ = term::emit_to_string(&mut out, &config, &file, diagnostic);
            }
            out
        }
        Color::Always => {
            let mut out = termcolor::Ansi::new(Vec::new());
            for diagnostic in diagnostics {
                let _ = term::emit_to_write_style(&mut out, &config, &file, diagnostic);
            }
            String::from_utf8_lossy(&out.into_inner()).into_owned()
        }
    }
}
