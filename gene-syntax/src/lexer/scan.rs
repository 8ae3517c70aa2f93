//! Reading one token in each mode: trivia, brackets, prefix forms, symbols, properties and
//! the text of interpolated strings. Literals with inner structure are in `literal.rs`.

use super::{FrameKind, Lexer, Spanned};
use crate::datum::DatumKind;
use crate::error::SyntaxError;
use crate::source::Span;
use crate::token::{PropToken, Token};

const WHITESPACE: u8 = 1;
const TERMINATOR: u8 = 2;
const CONTROL: u8 = 4;
/// Ends a plain symbol's fast path: a terminator, or a byte that needs the careful path.
const SYMBOL_STOP: u8 = 8;

/// Byte classes, looked up once per byte on the lexer's hottest loops.
static CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        let whitespace = matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0x0B | 0x0C | b',');
        let control = (byte < 0x20 && !whitespace) || byte == 0x7F;
        let delimiter = matches!(
            byte,
            b';' | b'"' | b'`' | b'%' | b'(' | b')' | b'[' | b']' | b'{' | b'}'
        );
        let mut class = 0;
        if whitespace {
            class |= WHITESPACE;
        }
        if control {
            class |= CONTROL;
        }
        if whitespace || control || delimiter {
            class |= TERMINATOR | SYMBOL_STOP;
        }
        if byte == b'\\' || byte == b'/' {
            class |= SYMBOL_STOP;
        }
        table[b] = class;
        b += 1;
    }
    table
};

/// Bytes that end a symbol, number or property token.
#[inline]
pub(super) fn is_terminator(b: u8) -> bool {
    CLASSES[b as usize] & TERMINATOR != 0
}

#[inline]
fn is_whitespace(b: u8) -> bool {
    CLASSES[b as usize] & WHITESPACE != 0
}

#[inline]
fn is_control(b: u8) -> bool {
    CLASSES[b as usize] & CONTROL != 0
}

/// What a symbol-like token reads as, given its text (escapes processed by the caller).
struct TokenText {
    /// The parts split at unescaped `/`; a plain symbol has one part.
    parts: Vec<String>,
    /// Whether any character was escaped: such a token is always a symbol, never a keyword or
    /// a number.
    escaped: bool,
}

impl<'s> Lexer<'s> {
    /// Reads the next token, or returns `None` when this step produced none (trivia, a
    /// dropped stray closer, the end of input).
    pub(super) fn next_token(&mut self) -> Option<Spanned> {
        if let Some(frame) = self.frames.last() {
            if let FrameKind::Interp { triple } = frame.kind {
                return self.interp_text(triple);
            }
        }
        self.skip_trivia();
        let start = self.pos;
        let Some(&b) = self.bytes.get(start) else {
            self.close_at_end();
            self.finished = true;
            return None;
        };
        let next = self.bytes.get(start + 1).copied();
        match b {
            b'(' => self.open(FrameKind::Paren, Token::LParen, 1),
            b'[' => self.open(FrameKind::Bracket, Token::LBracket, 1),
            b'{' if next == Some(b'{') => self.open(FrameKind::DoubleBrace, Token::LDoubleBrace, 2),
            b'{' => self.open(FrameKind::Brace, Token::LBrace, 1),
            b')' => self.closer(FrameKind::Paren, 1),
            b']' => self.closer(FrameKind::Bracket, 1),
            b'}' => {
                let top = self.frames.last().map(|f| f.kind);
                if top == Some(FrameKind::DoubleBrace) && next == Some(b'}') {
                    self.closer(FrameKind::DoubleBrace, 2)
                } else {
                    self.closer(FrameKind::Brace, 1)
                }
            }
            b';' => {
                self.pos += 1;
                let span = self.span_from(start);
                if !self.in_gene_after_head() {
                    self.error(
                        SyntaxError::new("`;` chains only inside a gene, after its head", span)
                            .with_help("`(a; b)` reads as `((a) b)`"),
                    );
                    return None;
                }
                self.chain_deepens(span);
                if self.stopped {
                    return None;
                }
                Some((start, Token::Semicolon, self.pos))
            }
            b'`' => self.prefix(Token::Quote, 1, 1),
            b'%' => self.percent(),
            b'"' => {
                let token = self.string();
                self.atom(start, token)
            }
            b'\'' => {
                let token = self.char_or_quoted_string();
                self.atom(start, token)
            }
            b'#' => self.dispatch(),
            b'0'..=b'9' => {
                let token = self.number();
                self.atom(start, token)
            }
            b'+' | b'-' if next.is_some_and(|n| n.is_ascii_digit()) => {
                let token = self.number();
                self.atom(start, token)
            }
            b'^' => self.prop(),
            _ if is_control(b) => {
                self.pos += 1;
                self.error(SyntaxError::new(
                    format!("unexpected control character U+{b:04X}"),
                    self.span_from(start),
                ));
                None
            }
            _ => {
                let token = self.symbol_token();
                self.atom(start, token)
            }
        }
    }

    /// Skips whitespace, commas and comments.
    pub(super) fn skip_trivia(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if is_whitespace(b) {
                self.pos += 1;
            } else if b == b'#' {
                match self.bytes.get(self.pos + 1) {
                    None | Some(b' ' | b'\t' | b'!' | b'#' | b'\r' | b'\n') => {
                        self.skip_line_comment()
                    }
                    Some(b'<') => self.skip_block_comment(),
                    Some(_) => return,
                }
            } else {
                return;
            }
        }
    }

    fn skip_line_comment(&mut self) {
        match self.bytes[self.pos..].iter().position(|&b| b == b'\n') {
            Some(offset) => self.pos += offset + 1,
            None => self.pos = self.bytes.len(),
        }
    }

    /// `#< … >#`, nesting: each `#<` inside needs its own `>#`, so `#<< … >>#` pairs too.
    pub(super) fn skip_block_comment(&mut self) {
        let start = self.pos;
        self.pos += 2;
        let mut depth = 1usize;
        while self.pos < self.bytes.len() {
            match (self.bytes[self.pos], self.bytes.get(self.pos + 1)) {
                (b'#', Some(b'<')) => {
                    depth += 1;
                    self.pos += 2;
                }
                (b'>', Some(b'#')) => {
                    depth -= 1;
                    self.pos += 2;
                    if depth == 0 {
                        return;
                    }
                }
                _ => self.pos += 1,
            }
        }
        self.error(
            SyntaxError::new("unterminated block comment", Span::new(start, start + 2))
                .with_label("the comment starts here")
                .with_help("close it with `>#`"),
        );
    }

    fn open(&mut self, kind: FrameKind, token: Token, len: usize) -> Option<Spanned> {
        let start = self.pos;
        self.pos += len;
        let span = self.span_from(start);
        self.push_frame(kind, span, 1)
            .then_some((start, token, self.pos))
    }

    fn closer(&mut self, kind: FrameKind, len: usize) -> Option<Spanned> {
        let start = self.pos;
        self.pos += len;
        self.close_bracket(kind, self.span_from(start))
    }

    /// A prefix form of `len` bytes that applies to the next `operands` data.
    fn prefix(&mut self, token: Token, len: usize, operands: u8) -> Option<Spanned> {
        let start = self.pos;
        self.pos += len;
        let span = self.span_from(start);
        self.push_frame(
            FrameKind::Prefix {
                remaining: operands,
                placeholder: true,
            },
            span,
            1,
        )
        .then_some((start, token, self.pos))
    }

    pub(super) fn atom(&mut self, start: usize, token: Token) -> Option<Spanned> {
        self.complete_datum();
        Some((start, token, self.pos))
    }

    /// `%x` unquotes and `%_x` unquotes discarding; a `%` before a space, a closer or the
    /// end, and `%=`, are operator symbols.
    fn percent(&mut self) -> Option<Spanned> {
        let start = self.pos;
        match self.bytes.get(start + 1).copied() {
            Some(b'=') => {
                self.pos += 2;
                self.atom(start, Token::Symbol("%=".into()))
            }
            None | Some(b' ' | b'\t' | b'\n' | b'\r' | b')' | b']' | b'}') => {
                self.pos += 1;
                self.atom(start, Token::Symbol("%".into()))
            }
            Some(b'_') => self.prefix(Token::UnquoteDiscard, 2, 1),
            Some(_) => self.prefix(Token::Unquote, 1, 1),
        }
    }

    /// Everything that starts with `#` and is not a comment.
    fn dispatch(&mut self) -> Option<Spanned> {
        let start = self.pos;
        let rest = &self.bytes[start + 1..];
        match rest.first().copied() {
            Some(b'(') => self.open(FrameKind::Paren, Token::FrozenLParen, 2),
            Some(b'[') => self.open(FrameKind::Bracket, Token::FrozenLBracket, 2),
            Some(b'{') if rest.get(1) == Some(&b'{') => {
                self.open(FrameKind::DoubleBrace, Token::FrozenLDoubleBrace, 3)
            }
            Some(b'{') => self.open(FrameKind::Brace, Token::FrozenLBrace, 2),
            Some(b'@') => self.prefix(Token::Decorator, 2, 2),
            Some(b'/') => {
                self.pos += 2;
                let token = self.regex(start);
                self.atom(start, token)
            }
            Some(b'"') => {
                let triple = rest.starts_with(b"\"\"\"");
                let len = if triple { 4 } else { 2 };
                self.pos += len;
                self.interp_fresh = true;
                let span = self.span_from(start);
                self.push_frame(FrameKind::Interp { triple }, span, 1)
                    .then_some((start, Token::InterpStart, self.pos))
            }
            _ => {
                let token = self.symbol_token();
                self.atom(start, token)
            }
        }
    }

    /// Reads a token's characters up to a terminator, processing `\` escapes and splitting
    /// at unescaped `/`. Leaves `pos` after the token.
    fn token_text(&mut self, split_slashes: bool) -> TokenText {
        let start = self.pos;
        let mut parts = Vec::new();
        let mut current = String::new();
        let mut escaped = false;
        let mut chunk_start = start;
        while let Some(&b) = self.bytes.get(self.pos) {
            if is_terminator(b) {
                break;
            }
            match b {
                b'\\' => {
                    current.push_str(&self.src[chunk_start..self.pos]);
                    self.pos += 1;
                    escaped = true;
                    match self.src[self.pos..].chars().next() {
                        Some(c) => {
                            current.push(c);
                            self.pos += c.len_utf8();
                        }
                        None => self.error(
                            SyntaxError::new(
                                "`\\` at the end of input",
                                Span::new(self.pos - 1, self.pos),
                            )
                            .with_help("a backslash in a symbol escapes the character after it"),
                        ),
                    }
                    chunk_start = self.pos;
                }
                b'/' if split_slashes => {
                    current.push_str(&self.src[chunk_start..self.pos]);
                    parts.push(std::mem::take(&mut current));
                    self.pos += 1;
                    chunk_start = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        current.push_str(&self.src[chunk_start..self.pos]);
        parts.push(current);
        TokenText { parts, escaped }
    }

    /// A symbol, complex symbol or keyword.
    fn symbol_token(&mut self) -> Token {
        let start = self.pos;
        // The common case, a plain unescaped name, needs no splitting.
        let end = self.bytes[start..]
            .iter()
            .position(|&b| CLASSES[b as usize] & SYMBOL_STOP != 0)
            .map_or(self.bytes.len(), |offset| start + offset);
        if self.bytes.get(end).is_none_or(|&b| is_terminator(b)) {
            self.pos = end;
            return keyword_or_symbol(&self.src[start..end]);
        }
        let text = self.token_text(true);
        let raw = &self.src[start..self.pos];
        if raw == "/" || raw == "/=" {
            return Token::Symbol(raw.to_string());
        }
        symbol_from_parts(text)
    }

    /// `^key`, `^a^b`, `^^key`, `^!key`, `^a^^b`, `^a^!b`.
    fn prop(&mut self) -> Option<Spanned> {
        let start = self.pos;
        self.pos += 1;
        let prop = match self.bytes.get(self.pos).copied() {
            Some(b'^') => {
                self.pos += 1;
                self.single_key_flag(DatumKind::Bool(true))
            }
            Some(b'!') => {
                self.pos += 1;
                self.single_key_flag(DatumKind::Nil)
            }
            _ => self.key_path(),
        };
        if prop.flag.is_some() {
            // A flag's value is in the key; its nested maps add depth at once.
            let extra = prop.path.len().saturating_sub(1) as u32;
            if self.depth + extra > self.max_depth {
                self.too_deep(self.span_from(start));
                return None;
            }
            self.atom(start, Token::PropFlag(Box::new(prop)))
        } else if prop.path.len() > 1 {
            let extra = (prop.path.len() - 1).min(u32::MAX as usize) as u32;
            let span = self.span_from(start);
            let waiting = FrameKind::Prefix {
                remaining: 1,
                placeholder: false,
            };
            self.push_frame(waiting, span, extra).then_some((
                start,
                Token::PropKey(Box::new(prop)),
                self.pos,
            ))
        } else {
            Some((start, Token::PropKey(Box::new(prop)), self.pos))
        }
    }

    fn single_key_flag(&mut self, value: DatumKind) -> PropToken {
        let key = self.token_text(false).parts.pop().unwrap_or_default();
        let problem = key
            .is_empty()
            .then(|| "a property name is missing after `^`".to_string());
        PropToken {
            path: vec![key],
            flag: Some(value),
            problem,
        }
    }

    /// Splits `a^b^^c` into keys; `\^` is a caret inside a key.
    fn key_path(&mut self) -> PropToken {
        let mut path = Vec::new();
        let mut key = String::new();
        let mut flag = None;
        let mut problem = None;
        while let Some(&b) = self.bytes.get(self.pos) {
            if is_terminator(b) {
                break;
            }
            match b {
                b'\\' => {
                    self.pos += 1;
                    match self.src[self.pos..].chars().next() {
                        Some(c) => {
                            key.push(c);
                            self.pos += c.len_utf8();
                        }
                        None => self.error(SyntaxError::new(
                            "`\\` at the end of input",
                            Span::new(self.pos - 1, self.pos),
                        )),
                    }
                }
                b'^' => {
                    self.pos += 1;
                    if flag.take().is_some() {
                        problem.get_or_insert_with(|| {
                            "`^^` and `^!` may only mark the last key of a path".to_string()
                        });
                    }
                    path.push(std::mem::take(&mut key));
                    match self.bytes.get(self.pos) {
                        Some(b'^') => {
                            self.pos += 1;
                            flag = Some(DatumKind::Bool(true));
                        }
                        Some(b'!') => {
                            self.pos += 1;
                            flag = Some(DatumKind::Bool(false));
                        }
                        _ => {}
                    }
                }
                _ => {
                    let c = self.src[self.pos..].chars().next().expect("in bounds");
                    key.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        path.push(key);
        if path.iter().any(String::is_empty) {
            problem.get_or_insert_with(|| "a property name is missing after `^`".to_string());
        }
        PropToken {
            path,
            flag,
            problem,
        }
    }

    /// Text of an interpolated string up to the next interpolation or its end.
    fn interp_text(&mut self, triple: bool) -> Option<Spanned> {
        let start = self.pos;
        let mut text = String::new();
        loop {
            let Some(&b) = self.bytes.get(self.pos) else {
                if !text.is_empty() {
                    return self.interp_part(start, text);
                }
                self.close_at_end();
                self.finished = true;
                return None;
            };
            match b {
                b'"' if !triple || self.bytes[self.pos..].starts_with(b"\"\"\"") => {
                    if triple {
                        let first = self.interp_fresh;
                        text = super::literal::trim_triple(text, first, true);
                    }
                    if !text.is_empty() {
                        return self.interp_part(start, text);
                    }
                    let quote_start = self.pos;
                    self.pos += if triple { 3 } else { 1 };
                    self.pop_frame();
                    self.complete_datum();
                    return Some((quote_start, Token::InterpEnd, self.pos));
                }
                b'"' => {
                    // A lone quote inside `#"""…"""` is text.
                    text.push('"');
                    self.pos += 1;
                }
                b'#' => match self.bytes.get(self.pos + 1) {
                    Some(b'<') => self.skip_block_comment(),
                    Some(b'{' | b'(' | b'[') => {
                        if triple && self.interp_fresh {
                            text = super::literal::trim_triple(text, true, false);
                        }
                        if !text.is_empty() {
                            return self.interp_part(start, text);
                        }
                        self.interp_fresh = false;
                        let open_start = self.pos;
                        let (kind, token) = match self.bytes[self.pos + 1] {
                            b'{' => (FrameKind::InterpBrace, Token::InterpOpen),
                            b'(' => (FrameKind::Paren, Token::LParen),
                            _ => (FrameKind::Bracket, Token::LBracket),
                        };
                        self.pos += 2;
                        let span = self.span_from(open_start);
                        let weight = u32::from(kind != FrameKind::InterpBrace);
                        return self
                            .push_frame(kind, span, weight)
                            .then_some((open_start, token, self.pos));
                    }
                    _ => {
                        text.push('#');
                        self.pos += 1;
                    }
                },
                b'\\' => self.escape(&mut text),
                _ => {
                    let run = self.bytes[self.pos..]
                        .iter()
                        .position(|&b| matches!(b, b'"' | b'#' | b'\\'))
                        .map_or(self.bytes.len(), |offset| self.pos + offset);
                    text.push_str(&self.src[self.pos..run]);
                    self.pos = run;
                }
            }
        }
    }

    fn interp_part(&mut self, start: usize, text: String) -> Option<Spanned> {
        self.interp_fresh = false;
        Some((start, Token::InterpText(text), self.pos))
    }
}

fn keyword_or_symbol(name: &str) -> Token {
    match name {
        "nil" => Token::Nil,
        "void" => Token::Void,
        "true" => Token::True,
        "false" => Token::False,
        "not_found" => Token::NotFound,
        _ => Token::Symbol(name.to_string()),
    }
}

fn symbol_from_parts(mut text: TokenText) -> Token {
    if text.parts.len() == 1 {
        let name = text.parts.pop().expect("one part");
        if text.escaped {
            Token::Symbol(name)
        } else {
            keyword_or_symbol(&name)
        }
    } else {
        Token::ComplexSymbol(text.parts)
    }
}

/// What a `^…` token reads as where it is not a property (in an array, at the top level, as
/// a gene's head): the symbol its text spells, as the reference reads it.
pub(crate) fn symbol_from_token_text(text: &str) -> DatumKind {
    let mut lexer = Lexer::new(text);
    let start_symbol = lexer.token_text(true);
    if text == "/" || text == "/=" {
        return DatumKind::Symbol(text.to_string());
    }
    match symbol_from_parts(start_symbol) {
        Token::ComplexSymbol(parts) => DatumKind::ComplexSymbol(parts),
        Token::Symbol(name) => DatumKind::Symbol(name),
        // A `^` token never spells a keyword.
        other => unreachable!("`^` text read as {other:?}"),
    }
}
