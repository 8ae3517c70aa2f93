//! The modal lexer. It never fails: a malformed literal is recorded as an error and stands in
//! the token stream as [`Token::Invalid`], so the grammar can go on and find further errors.
//!
//! It keeps a stack of open frames (brackets, interpolated strings, prefix forms). The stack
//! decides the mode (inside an interpolated string the lexer reads text, elsewhere tokens),
//! tells `}` from `}}`, and repairs brackets: a stray closer is reported and dropped, a missing
//! one is reported and supplied, so the grammar always sees balanced brackets. The same stack
//! bounds nesting depth, so no later recursive walk over the data can overflow the stack.

mod literal;
mod scan;

use std::collections::VecDeque;

use crate::error::SyntaxError;
use crate::source::Span;
use crate::token::Token;

pub(crate) use scan::symbol_from_token_text;

/// Whether `b` ends a symbol, number or property token.
pub fn is_terminator_byte(b: u8) -> bool {
    scan::is_terminator(b)
}

/// How deep data may nest by default: far more than any program needs, and little enough that
/// recursive code over the data (printing, compiling) stays well inside a thread's stack.
pub const DEFAULT_MAX_DEPTH: usize = 1000;

/// A token with its byte offsets, as the grammar consumes it.
pub type Spanned = (usize, Token, usize);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FrameKind {
    Paren,
    Bracket,
    Brace,
    DoubleBrace,
    /// Inside `#"…"`; `triple` for `#"""…"""`.
    Interp {
        triple: bool,
    },
    /// Inside `#{…}` within an interpolated string.
    InterpBrace,
    /// A prefix form (quote, unquote, decorator, nested property path) waiting for
    /// `remaining` more data. `placeholder` forms get a stand-in datum when their data never
    /// come, so the grammar can go on; a property path's missing value is reported by the
    /// grammar instead.
    Prefix {
        remaining: u8,
        placeholder: bool,
    },
}

impl FrameKind {
    fn is_bracket(self) -> bool {
        matches!(
            self,
            FrameKind::Paren | FrameKind::Bracket | FrameKind::Brace | FrameKind::DoubleBrace
        )
    }

    fn opener(self) -> &'static str {
        match self {
            FrameKind::Paren => "(",
            FrameKind::Bracket => "[",
            FrameKind::Brace => "{",
            FrameKind::DoubleBrace => "{{",
            FrameKind::Interp { .. } => "#\"",
            FrameKind::InterpBrace => "#{",
            FrameKind::Prefix { .. } => "",
        }
    }

    fn closer(self) -> &'static str {
        match self {
            FrameKind::Paren => ")",
            FrameKind::Bracket => "]",
            FrameKind::Brace | FrameKind::InterpBrace => "}",
            FrameKind::DoubleBrace => "}}",
            FrameKind::Interp { .. } => "\"",
            FrameKind::Prefix { .. } => "",
        }
    }

    fn closing_token(self) -> Token {
        match self {
            FrameKind::Paren => Token::RParen,
            FrameKind::Bracket => Token::RBracket,
            FrameKind::Brace => Token::RBrace,
            FrameKind::DoubleBrace => Token::RDoubleBrace,
            FrameKind::InterpBrace => Token::InterpClose,
            FrameKind::Interp { .. } => Token::InterpEnd,
            FrameKind::Prefix { .. } => unreachable!("prefix frames have no closing token"),
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct Frame {
    kind: FrameKind,
    open: Span,
    /// Levels of nesting this frame adds.
    weight: u32,
    /// The deepest nesting reached inside this frame so far, relative to it. `;` chaining
    /// pushes everything before it one level down, so it raises this after the fact.
    inner_depth: u32,
    /// How many data have been read directly inside this frame.
    items: u32,
}

pub struct Lexer<'s> {
    src: &'s str,
    bytes: &'s [u8],
    pos: usize,
    frames: Vec<Frame>,
    /// Sum of the weights of `frames`.
    depth: u32,
    max_depth: u32,
    /// Deepest nesting of completed top-level data (the implicit root frame's `inner_depth`).
    root_inner_depth: u32,
    /// Tokens made up by bracket repair, handed out before reading on.
    pending: VecDeque<Spanned>,
    errors: Vec<SyntaxError>,
    /// Set when nesting went too deep: the lexer closes what is open and stops.
    stopped: bool,
    finished: bool,
    /// Whether the interpolated string being read has produced no part yet (for trimming
    /// the start of a triple-quoted one).
    interp_fresh: bool,
}

impl<'s> Lexer<'s> {
    pub fn new(src: &'s str) -> Lexer<'s> {
        Lexer::with_max_depth(src, DEFAULT_MAX_DEPTH)
    }

    pub fn with_max_depth(src: &'s str, max_depth: usize) -> Lexer<'s> {
        Lexer {
            src,
            bytes: src.as_bytes(),
            pos: 0,
            frames: Vec::new(),
            depth: 0,
            max_depth: max_depth.min(u32::MAX as usize) as u32,
            root_inner_depth: 0,
            pending: VecDeque::new(),
            errors: Vec::new(),
            stopped: false,
            finished: false,
            interp_fresh: false,
        }
    }

    /// Errors found so far, in source order of discovery.
    pub fn errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    pub fn take_errors(&mut self) -> Vec<SyntaxError> {
        std::mem::take(&mut self.errors)
    }

    /// Whether reading stopped early because the data nested too deeply.
    pub fn stopped_early(&self) -> bool {
        self.stopped
    }

    fn error(&mut self, error: SyntaxError) {
        self.errors.push(error);
    }

    fn span_from(&self, start: usize) -> Span {
        Span::new(start, self.pos)
    }

    // ---- frames ----------------------------------------------------------------------------

    /// Opens a frame; false (and nesting stops) when it would go deeper than allowed.
    fn push_frame(&mut self, kind: FrameKind, open: Span, weight: u32) -> bool {
        if self.depth + weight > self.max_depth {
            self.too_deep(open);
            return false;
        }
        self.depth += weight;
        self.frames.push(Frame {
            kind,
            open,
            weight,
            inner_depth: 0,
            items: 0,
        });
        true
    }

    fn pop_frame(&mut self) -> Option<Frame> {
        let frame = self.frames.pop()?;
        self.depth -= frame.weight;
        let reach = frame.weight + frame.inner_depth;
        match self.frames.last_mut() {
            Some(parent) => parent.inner_depth = parent.inner_depth.max(reach),
            None => self.root_inner_depth = self.root_inner_depth.max(reach),
        }
        Some(frame)
    }

    fn too_deep(&mut self, span: Span) {
        self.error(
            SyntaxError::new(
                format!(
                    "data nests more than {} levels deep; reading stops here",
                    self.max_depth
                ),
                span,
            )
            .with_help("flatten the data, or raise the reader's depth limit"),
        );
        self.stopped = true;
        self.close_all_frames(span.end as usize, false);
    }

    /// A datum has been read: prefix forms waiting for it take it.
    fn complete_datum(&mut self) {
        while let Some(frame) = self.frames.last_mut() {
            let FrameKind::Prefix { remaining, .. } = &mut frame.kind else {
                frame.items = frame.items.saturating_add(1);
                return;
            };
            *remaining -= 1;
            if *remaining > 0 {
                return;
            }
            self.pop_frame();
        }
    }

    /// Whether a `;` here follows a gene's head, the only place chaining means something.
    fn in_gene_after_head(&self) -> bool {
        self.frames
            .last()
            .is_some_and(|frame| frame.kind == FrameKind::Paren && frame.items > 0)
    }

    /// Ends prefix forms left waiting when their enclosing bracket closes (or the input
    /// ends): each missing datum is reported and stood in for by [`Token::Invalid`].
    fn end_waiting_prefixes(&mut self, at: usize) {
        while let Some(frame) = self.frames.last().copied() {
            let FrameKind::Prefix {
                remaining,
                placeholder,
            } = frame.kind
            else {
                break;
            };
            self.pop_frame();
            if placeholder {
                self.missing_operand(frame.open, at, remaining);
            }
        }
    }

    fn missing_operand(&mut self, open: Span, at: usize, remaining: u8) {
        let form = match &self.src[open.range()] {
            "`" => "`` ` ``",
            "#@" => "`#@`",
            "%" => "`%`",
            _ => "`%_`",
        };
        let needs = match remaining {
            2 => "a function and a datum after it",
            _ => "a datum after it",
        };
        self.error(
            SyntaxError::new(format!("{form} needs {needs}"), open)
                .with_related(Span::new(at, at), "nothing follows"),
        );
        for _ in 0..remaining {
            self.pending.push_back((at, Token::Invalid, at));
        }
    }

    /// `;` makes everything before it in the gene one level deeper.
    fn chain_deepens(&mut self, span: Span) {
        let depth = self.depth;
        let max = self.max_depth;
        let over = match self.frames.last_mut() {
            Some(frame) => {
                frame.inner_depth += 1;
                depth + frame.inner_depth > max
            }
            None => false,
        };
        if over {
            self.too_deep(span);
        }
    }

    /// Supplies closers (and stand-ins for missing data) for every open frame, innermost
    /// first, at `at`; `report` says whether missing data are errors of their own.
    fn close_all_frames(&mut self, at: usize, report: bool) {
        while let Some(frame) = self.pop_frame() {
            match frame.kind {
                FrameKind::Prefix {
                    remaining,
                    placeholder: true,
                } => {
                    if report {
                        self.missing_operand(frame.open, at, remaining);
                    } else {
                        for _ in 0..remaining {
                            self.pending.push_back((at, Token::Invalid, at));
                        }
                    }
                }
                FrameKind::Prefix { .. } => {}
                kind => self.pending.push_back((at, kind.closing_token(), at)),
            }
        }
    }

    /// Reports what is still open at the end of input and closes it.
    fn close_at_end(&mut self) {
        let open: Vec<Frame> = self
            .frames
            .iter()
            .rev()
            .filter(|f| !matches!(f.kind, FrameKind::Prefix { .. }))
            .copied()
            .collect();
        if let Some(innermost) = open.first() {
            let end = Span::new(self.bytes.len(), self.bytes.len());
            let error = match innermost.kind {
                FrameKind::Interp { .. } => {
                    SyntaxError::new("unterminated interpolated string", innermost.open)
                        .with_label("the string starts here")
                }
                kind => SyntaxError::new(format!("unclosed `{}`", kind.opener()), innermost.open)
                    .with_label(format!("this `{}` is never closed", kind.opener()))
                    .with_help(format!(
                        "add `{}` where the {} should end",
                        kind.closer(),
                        match kind {
                            FrameKind::Paren => "gene",
                            FrameKind::InterpBrace => "interpolation",
                            _ => "collection",
                        }
                    )),
            };
            let mut error = error.with_related(end, "the input ends here");
            for outer in open.iter().skip(1).take(4) {
                error = error.with_related(
                    outer.open,
                    format!("`{}` opened here is also unclosed", outer.kind.opener()),
                );
            }
            self.error(error);
        }
        self.close_all_frames(self.bytes.len(), true);
    }

    /// A closing bracket `kind` was read at `span`: match it against the open frames,
    /// reporting and repairing any mismatch.
    fn close_bracket(&mut self, kind: FrameKind, span: Span) -> Option<Spanned> {
        self.end_waiting_prefixes(span.start as usize);
        let top = self.frames.last().map(|f| f.kind);
        if top.is_some_and(|top| closes(kind, top)) {
            let frame = self.pop_frame().expect("a frame is open");
            self.complete_datum();
            let closer = (
                span.start as usize,
                frame.kind.closing_token(),
                span.end as usize,
            );
            // Stand-ins for missing data go before the closer.
            if self.pending.is_empty() {
                return Some(closer);
            }
            self.pending.push_back(closer);
            return self.pending.pop_front();
        }
        // Look for a matching opener further out, without leaving an interpolated string.
        let matching = self
            .frames
            .iter()
            .rev()
            .take_while(|f| !matches!(f.kind, FrameKind::Interp { .. }))
            .position(|f| closes(kind, f.kind));
        let closer = kind.closer();
        match matching {
            Some(_) => {
                let inner = *self
                    .frames
                    .iter()
                    .rev()
                    .find(|f| f.kind.is_bracket())
                    .expect("a bracket is open");
                self.error(
                    SyntaxError::new(
                        format!(
                            "expected `{}` to close `{}`, found `{closer}`",
                            inner.kind.closer(),
                            inner.kind.opener()
                        ),
                        span,
                    )
                    .with_label(format!("`{closer}` here"))
                    .with_related(inner.open, format!("`{}` opened here", inner.kind.opener())),
                );
                // Close everything inside the match, then the match itself.
                loop {
                    let frame = self.pop_frame().expect("the matching frame is open");
                    if let FrameKind::Prefix { .. } = frame.kind {
                        continue;
                    }
                    let at = span.start as usize;
                    if closes(kind, frame.kind) {
                        self.pending
                            .push_back((at, frame.kind.closing_token(), span.end as usize));
                        self.complete_datum();
                        break;
                    }
                    self.pending.push_back((at, frame.kind.closing_token(), at));
                    self.complete_datum();
                }
                self.pending.pop_front()
            }
            None => {
                let mut error = SyntaxError::new(format!("unexpected `{closer}`"), span);
                error = match self.frames.iter().rev().find(|f| f.kind.is_bracket()) {
                    Some(open) => error
                        .with_label(format!("this `{closer}` has no matching opener"))
                        .with_related(open.open, format!("the open `{}` here", open.kind.opener())),
                    None => error.with_label("nothing is open here"),
                };
                self.error(error);
                None
            }
        }
    }
}

/// Whether a closing bracket of `kind` closes a frame of `open`.
fn closes(kind: FrameKind, open: FrameKind) -> bool {
    kind == open || (kind == FrameKind::Brace && open == FrameKind::InterpBrace)
}

impl Iterator for Lexer<'_> {
    /// Lexing cannot fail (errors are recorded, not returned); the `Result` is the shape the
    /// grammar consumes, and `Infallible` keeps it as small as the token.
    type Item = Result<Spanned, std::convert::Infallible>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(token) = self.pending.pop_front() {
                return Some(Ok(token));
            }
            if self.finished {
                return None;
            }
            if self.stopped {
                self.finished = true;
                continue;
            }
            if let Some(token) = self.next_token() {
                return Some(Ok(token));
            }
        }
    }
}

/// Reads all tokens of `src` (after bracket repair), with the errors found.
pub fn tokenize(src: &str) -> (Vec<Spanned>, Vec<SyntaxError>) {
    let mut lexer = Lexer::new(src);
    let tokens = lexer.by_ref().filter_map(Result::ok).collect();
    (tokens, lexer.take_errors())
}
