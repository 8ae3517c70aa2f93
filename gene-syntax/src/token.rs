//! The tokens the lexer hands to the grammar. All of Gene's lexical richness lives here, so
//! the grammar only has to put tokens together.

use std::fmt;

use crate::datum::{Date, DateTime, DatumKind, Regex, Time};

#[derive(Clone, Debug, PartialEq)]
pub enum Token {
    /// `(`
    LParen,
    /// `[`
    LBracket,
    /// `{`
    LBrace,
    /// `{{`
    LDoubleBrace,
    /// `#(`
    FrozenLParen,
    /// `#[`
    FrozenLBracket,
    /// `#{`
    FrozenLBrace,
    /// `#{{`
    FrozenLDoubleBrace,
    RParen,
    RBracket,
    RBrace,
    /// `}}` closing a `{{`
    RDoubleBrace,
    /// `;` chaining inside a gene: `(a; b)` reads as `((a) b)`.
    Semicolon,
    /// `` ` ``
    Quote,
    /// `%`
    Unquote,
    /// `%_`
    UnquoteDiscard,
    /// `#@`
    Decorator,
    Nil,
    Void,
    NotFound,
    True,
    False,
    Int(i64),
    Float(f64),
    Char(char),
    Str(String),
    Bytes(Vec<u8>),
    Regex(Box<Regex>),
    Date(Date),
    Time(Box<Time>),
    DateTime(Box<DateTime>),
    Symbol(String),
    ComplexSymbol(Vec<String>),
    /// `^key` or `^a^b`: a property that takes the next datum as its value. Outside a gene or
    /// map it reads as a symbol.
    PropKey(Box<PropToken>),
    /// `^^key`, `^!key`, `^a^^b` or `^a^!b`: a property whose value is written in the key.
    PropFlag(Box<PropToken>),
    /// `#"` or `#"""` opening an interpolated string.
    InterpStart,
    /// Literal text between interpolations.
    InterpText(String),
    /// `#{` inside an interpolated string.
    InterpOpen,
    /// The `}` that closes a `#{`.
    InterpClose,
    /// The quote that closes an interpolated string.
    InterpEnd,
    /// Stands where a malformed literal was; its error is already recorded. Reads as `nil`
    /// so the rest of the input can still be checked.
    Invalid,
}

/// A `^` property as written. Whether it is well formed matters only where it is used as a
/// property, so the lexer notes a problem here and the grammar reports it there.
#[derive(Clone, Debug, PartialEq)]
pub struct PropToken {
    /// The keys of the path: `^a^b` has `["a", "b"]`.
    pub path: Vec<String>,
    /// The value written in the key (`true` for `^^`, `nil` for a leading `^!`, `false` for
    /// `^!` after a path), or `None` when the next datum is the value.
    pub flag: Option<DatumKind>,
    /// Why this cannot be a property, if it cannot.
    pub problem: Option<String>,
}

impl Token {
    /// How the token is named in "unexpected …" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            Token::LParen => "`(`",
            Token::LBracket => "`[`",
            Token::LBrace => "`{`",
            Token::LDoubleBrace => "`{{`",
            Token::FrozenLParen => "`#(`",
            Token::FrozenLBracket => "`#[`",
            Token::FrozenLBrace => "`#{`",
            Token::FrozenLDoubleBrace => "`#{{`",
            Token::RParen => "`)`",
            Token::RBracket => "`]`",
            Token::RBrace => "`}`",
            Token::RDoubleBrace => "`}}`",
            Token::Semicolon => "`;`",
            Token::Quote => "`` ` ``",
            Token::Unquote => "`%`",
            Token::UnquoteDiscard => "`%_`",
            Token::Decorator => "`#@`",
            Token::Nil | Token::Void | Token::NotFound | Token::True | Token::False => "keyword",
            Token::Int(_) | Token::Float(_) => "number",
            Token::Char(_) => "character",
            Token::Str(_) => "string",
            Token::Bytes(_) => "bytes literal",
            Token::Regex(_) => "regex",
            Token::Date(_) | Token::Time(_) | Token::DateTime(_) => "date or time",
            Token::Symbol(_) | Token::ComplexSymbol(_) => "symbol",
            Token::PropKey(_) | Token::PropFlag(_) => "property",
            Token::InterpStart => "interpolated string",
            Token::InterpText(_) => "string text",
            Token::InterpOpen => "`#{`",
            Token::InterpClose => "`}`",
            Token::InterpEnd => "the end of the string",
            Token::Invalid => "invalid literal",
        }
    }
}

impl fmt::Display for Token {
    /// One-line form used by token snapshots.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Token::Int(n) => write!(f, "Int({n})"),
            Token::Float(x) => write!(f, "Float({x:?})"),
            Token::Char(c) => write!(f, "Char({c:?})"),
            Token::Str(s) => write!(f, "Str({s:?})"),
            Token::Bytes(b) => write!(f, "Bytes({b:?})"),
            Token::Regex(r) => write!(f, "Regex({r:?})"),
            Token::Date(d) => write!(f, "Date({d:?})"),
            Token::Time(t) => write!(f, "Time({t:?})"),
            Token::DateTime(t) => write!(f, "DateTime({t:?})"),
            Token::Symbol(s) => write!(f, "Symbol({s:?})"),
            Token::ComplexSymbol(parts) => write!(f, "ComplexSymbol({parts:?})"),
            Token::PropKey(prop) | Token::PropFlag(prop) => {
                let name = if prop.flag.is_some() {
                    "PropFlag"
                } else {
                    "PropKey"
                };
                write!(f, "{name}({:?}", prop.path)?;
                if let Some(flag) = &prop.flag {
                    write!(f, " = {flag:?}")?;
                }
                if let Some(problem) = &prop.problem {
                    write!(f, ", problem: {problem:?}")?;
                }
                write!(f, ")")
            }
            Token::InterpText(s) => write!(f, "InterpText({s:?})"),
            other => write!(f, "{other:?}"),
        }
    }
}
