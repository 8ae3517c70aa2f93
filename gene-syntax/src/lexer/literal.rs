//! Literals with inner structure: strings and their escapes, characters, numbers (with
//! digit separators, hex, bytes, dates and times) and regexes.

use base64::Engine as _;

use super::scan::is_terminator;
use super::Lexer;
use crate::datum::{Date, DateTime, Regex, Time, TimePrecision, TzOffset};
use crate::error::SyntaxError;
use crate::source::Span;
use crate::token::Token;

const KNOWN_ESCAPES: &str =
    "the escapes are \\n \\t \\r \\b \\f \\0 \\\\ \\\" \\' \\# \\/ and \\uXXXX";

/// Triple-quoted strings drop a leading run of blank space that ends a line, and a trailing
/// run that starts one, each down to a single newline: `"""⏎··text⏎··"""` reads as
/// `"⏎··text⏎"`. (The reference's behaviour, which its parser tests pin down.)
pub(super) fn trim_triple(text: String, leading: bool, trailing: bool) -> String {
    let mut text = text;
    if leading {
        let blank = text.len() - text.trim_start().len();
        if let Some(newline) = text[..blank].rfind('\n') {
            text.replace_range(..newline, "");
        }
    }
    if trailing {
        let content_end = text.trim_end().len();
        if let Some(offset) = text[content_end..].find('\n') {
            text.truncate(content_end + offset + 1);
        }
    }
    text
}

impl Lexer<'_> {
    /// A `"…"` or `"""…"""` string; `pos` is at the first quote.
    pub(super) fn string(&mut self) -> Token {
        let start = self.pos;
        let triple = self.bytes[start..].starts_with(b"\"\"\"");
        self.pos += if triple { 3 } else { 1 };
        // Strings without escapes are copied in one piece.
        let mut text = String::new();
        loop {
            let run_end = self.bytes[self.pos..]
                .iter()
                .position(|&b| b == b'"' || b == b'\\')
                .map_or(self.bytes.len(), |offset| self.pos + offset);
            text.push_str(&self.src[self.pos..run_end]);
            self.pos = run_end;
            match self.bytes.get(self.pos) {
                None => {
                    let (opening, quotes) = if triple { (3, "\"\"\"") } else { (1, "\"") };
                    self.error(
                        SyntaxError::new("unterminated string", Span::new(start, start + opening))
                            .with_label("the string starts here")
                            .with_help(format!("close it with `{quotes}`")),
                    );
                    return Token::Str(text);
                }
                Some(b'\\') => self.escape(&mut text),
                Some(_) if triple => {
                    if self.bytes[self.pos..].starts_with(b"\"\"\"") {
                        self.pos += 3;
                        return Token::Str(trim_triple(text, true, true));
                    }
                    text.push('"');
                    self.pos += 1;
                }
                Some(_) => {
                    self.pos += 1;
                    return Token::Str(text);
                }
            }
        }
    }

    /// Reads the escape at `pos` (a backslash) into `out`, reporting unknown ones.
    pub(super) fn escape(&mut self, out: &mut String) {
        let start = self.pos;
        self.pos += 1;
        let Some(c) = self.src[self.pos..].chars().next() else {
            self.error(SyntaxError::new(
                "`\\` at the end of input",
                Span::new(start, self.pos),
            ));
            return;
        };
        self.pos += c.len_utf8();
        let decoded = match c {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'b' => '\u{8}',
            'f' => '\u{c}',
            '0' => '\0',
            '\\' | '"' | '\'' | '#' | '/' => c,
            'u' => match self.unicode_escape(start) {
                Some(decoded) => decoded,
                None => return,
            },
            _ => {
                self.error(
                    SyntaxError::new(format!("unknown escape `\\{c}`"), self.span_from(start))
                        .with_help(format!("{KNOWN_ESCAPES}; write `\\\\` for a backslash")),
                );
                c
            }
        };
        out.push(decoded);
    }

    /// `\uXXXX`, with a second `\uXXXX` for a surrogate pair; `pos` is after the `u`.
    fn unicode_escape(&mut self, start: usize) -> Option<char> {
        let high = self.hex4();
        let code = match high {
            Some(high @ 0xD800..=0xDBFF) => {
                let low = if self.bytes[self.pos..].starts_with(b"\\u") {
                    self.pos += 2;
                    self.hex4()
                } else {
                    None
                };
                match low {
                    Some(low @ 0xDC00..=0xDFFF) => {
                        Some(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))
                    }
                    _ => None,
                }
            }
            other => other,
        };
        let decoded = code.and_then(char::from_u32);
        if decoded.is_none() {
            self.error(
                SyntaxError::new("invalid unicode escape", self.span_from(start)).with_help(
                    "write four hex digits, `\\u00e9`; characters past U+FFFF take a surrogate pair",
                ),
            );
        }
        decoded
    }

    fn hex4(&mut self) -> Option<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4)?;
        let text = std::str::from_utf8(digits).ok()?;
        if !text.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        self.pos += 4;
        u32::from_str_radix(text, 16).ok()
    }

    /// `'a'` and `'\n'` are characters; `'text'` with more than one character is a string
    /// with no escapes, which must close on the same line.
    pub(super) fn char_or_quoted_string(&mut self) -> Token {
        let start = self.pos;
        self.pos += 1;
        let rest = &self.src[self.pos..];
        let mut chars = rest.chars();
        match (chars.next(), chars.next(), chars.next()) {
            (Some('\\'), Some(_), _) => {
                let mut decoded = String::new();
                let escape_start = self.pos;
                self.escape(&mut decoded);
                if self.bytes.get(self.pos) == Some(&b'\'') && decoded.chars().count() == 1 {
                    self.pos += 1;
                    return Token::Char(decoded.chars().next().expect("one char"));
                }
                self.pos = escape_start;
                self.errors
                    .pop_if(|e| e.span.start as usize == escape_start);
            }
            (Some(c), Some('\''), _) if c != '\'' && c != '\n' => {
                self.pos += c.len_utf8() + 1;
                return Token::Char(c);
            }
            _ => {}
        }
        let line_end = rest.find('\n').unwrap_or(rest.len());
        match rest[..line_end].find('\'') {
            Some(close) if rest[..close] == *"\\" => {
                self.pos += close + 1;
                self.error(
                    SyntaxError::new("`'\\'` is not a character", self.span_from(start))
                        .with_help("the backslash character is written `'\\\\'`"),
                );
                Token::Invalid
            }
            Some(close) => {
                let text = rest[..close].to_string();
                self.pos += close + 1;
                Token::Str(text)
            }
            None => {
                self.error(
                    SyntaxError::new(
                        "unterminated character literal",
                        Span::new(start, start + 1),
                    )
                    .with_label("opened here")
                    .with_help("a character is written `'a'`; strings use double quotes"),
                );
                self.pos = start + 1;
                Token::Invalid
            }
        }
    }

    /// Skips the rest of a malformed token and reports it.
    fn bad_number(&mut self, start: usize, why: &str) -> Token {
        while self.bytes.get(self.pos).is_some_and(|&b| !is_terminator(b)) {
            self.pos += 1;
        }
        let text = &self.src[start..self.pos];
        self.error(SyntaxError::new(
            format!("invalid number `{text}`: {why}"),
            self.span_from(start),
        ));
        Token::Invalid
    }

    fn at_token_end(&self) -> bool {
        self.bytes.get(self.pos).is_none_or(|&b| is_terminator(b))
    }

    /// A number, bytes, date or time literal starting at a digit or a sign before a digit.
    pub(super) fn number(&mut self) -> Token {
        let start = self.pos;
        let negative = self.bytes[start] == b'-';
        let signed = matches!(self.bytes[start], b'+' | b'-');
        let digits_start = start + usize::from(signed);
        if self.bytes[digits_start] == b'0' {
            match self.bytes.get(digits_start + 1) {
                Some(b'x' | b'X') => return self.hex_int(start, digits_start + 2, negative),
                Some(b'!' | b'#' | b'*') if !signed => return self.bytes_literal(start),
                _ => {}
            }
        }
        self.pos = digits_start;
        let (int_digits, separators) = self.digits();
        let mut is_float = false;
        if self.bytes.get(self.pos) == Some(&b'.')
            && self
                .bytes
                .get(self.pos + 1)
                .is_none_or(|&b| b.is_ascii_digit() || is_terminator(b) || matches!(b, b'e' | b'E'))
        {
            is_float = true;
            self.pos += 1;
            self.digits();
        }
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            is_float = true;
            self.pos += 1;
            if let Some(b'+' | b'-') = self.bytes.get(self.pos) {
                self.pos += 1;
            }
            if self.digits().0 == 0 {
                return self.bad_number(start, "the exponent has no digits");
            }
        }
        if !is_float && !signed {
            match self.bytes.get(self.pos) {
                Some(b'-') if int_digits == 4 && !separators => {
                    return self.date_or_datetime(start)
                }
                Some(b':') if int_digits <= 2 && !separators => return self.time_literal(start),
                Some(b'/') if self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit) => {
                    return self.bad_number(start, "ratio literals are not supported");
                }
                _ => {}
            }
        }
        if !self.at_token_end() {
            return self.bad_number(start, "a number must end before letters or symbols");
        }
        let text = &self.src[start..self.pos];
        let parsed = if is_float {
            let value: Option<f64> = if separators {
                text.replace('_', "").parse().ok()
            } else {
                text.parse().ok()
            };
            match value {
                Some(x) if x.is_infinite() => {
                    return self.bad_number(start, "it is too large for a 64-bit float");
                }
                other => other.map(Token::Float),
            }
        } else {
            decimal_int(text).map(Token::Int)
        };
        match parsed {
            Some(token) => token,
            None if is_float => self.bad_number(start, "not a valid float"),
            None => self.bad_number(start, "it does not fit in a 64-bit integer"),
        }
    }

    /// Skips decimal digits with `_` separators between them; returns how many digits, and
    /// whether there were separators.
    fn digits(&mut self) -> (usize, bool) {
        let mut count = 0;
        let mut separators = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            if b.is_ascii_digit() {
                count += 1;
            } else if b == b'_'
                && count > 0
                && self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit)
            {
                separators = true;
            } else {
                break;
            }
            self.pos += 1;
        }
        (count, separators)
    }

    fn hex_int(&mut self, start: usize, digits_start: usize, negative: bool) -> Token {
        self.pos = digits_start;
        let mut value: u64 = 0;
        let mut count = 0;
        let mut overflow = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                b'A'..=b'F' => b - b'A' + 10,
                b'_' if count > 0
                    && self
                        .bytes
                        .get(self.pos + 1)
                        .is_some_and(u8::is_ascii_hexdigit) =>
                {
                    self.pos += 1;
                    continue;
                }
                _ => break,
            };
            match value.checked_mul(16) {
                Some(v) => value = v + u64::from(digit),
                None => overflow = true,
            }
            count += 1;
            self.pos += 1;
        }
        if count == 0 {
            return self.bad_number(start, "`0x` needs hex digits after it");
        }
        if !self.at_token_end() {
            return self.bad_number(start, "a number must end before letters or symbols");
        }
        let limit = if negative {
            i64::MIN.unsigned_abs()
        } else {
            i64::MAX as u64
        };
        if overflow || value > limit {
            return self.bad_number(start, "it does not fit in a 64-bit integer");
        }
        Token::Int(if negative {
            (value as i64).wrapping_neg()
        } else {
            value as i64
        })
    }

    /// `0!` binary, `0#` hex or `0*` base64 bytes; `~` (and any space and comments after it)
    /// may separate groups.
    fn bytes_literal(&mut self, start: usize) -> Token {
        let kind = self.bytes[start + 1];
        self.pos = start + 2;
        let mut symbols = Vec::new();
        loop {
            match self.bytes.get(self.pos) {
                Some(b'~') => {
                    self.pos += 1;
                    self.skip_trivia();
                }
                Some(&b)
                    if match kind {
                        b'!' => b == b'0' || b == b'1',
                        b'#' => b.is_ascii_hexdigit(),
                        _ => b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='),
                    } =>
                {
                    symbols.push(b);
                    self.pos += 1;
                }
                _ => break,
            }
        }
        let name = match kind {
            b'!' => "binary",
            b'#' => "hex",
            _ => "base64",
        };
        if symbols.is_empty() {
            return self.bad_number(
                start,
                &format!("no {name} digits after `0{}`", kind as char),
            );
        }
        if !self.at_token_end() {
            return self.bad_number(start, &format!("not a {name} digit"));
        }
        match kind {
            b'!' => Token::Bytes(pack_bits(&symbols, 8, |b| b - b'0')),
            b'#' => Token::Bytes(pack_bits(&symbols, 2, |b| {
                (b as char).to_digit(16).expect("hex digit") as u8
            })),
            _ => {
                let engine = base64::engine::GeneralPurpose::new(
                    &base64::alphabet::STANDARD,
                    base64::engine::GeneralPurposeConfig::new()
                        .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
                );
                match engine.decode(&symbols) {
                    Ok(bytes) if !bytes.is_empty() => Token::Bytes(bytes),
                    _ => self.bad_number(start, "not valid base64"),
                }
            }
        }
    }

    /// `YYYY-MM-DD`, optionally followed by `THH:MM[:SS[.ffffff]]` and a zone.
    fn date_or_datetime(&mut self, start: usize) -> Token {
        let year = self.fixed_digits(start, 4);
        self.pos = start + 4;
        let parsed = (|| {
            self.expect_byte(b'-')?;
            let month = self.two_digits()?;
            self.expect_byte(b'-')?;
            let day = self.two_digits()?;
            Some((month, day))
        })();
        let Some((month, day)) = parsed else {
            return self.bad_number(start, "a date is written YYYY-MM-DD");
        };
        if !(1000..=9999).contains(&year)
            || !(1..=12).contains(&month)
            || day < 1
            || day > days_in_month(year, month)
        {
            return self.bad_number(start, "the date is out of range");
        }
        let date = Date {
            year: year as u16,
            month,
            day,
        };
        if self.bytes.get(self.pos) != Some(&b'T') {
            if !self.at_token_end() {
                return self.bad_number(start, "a date is written YYYY-MM-DD");
            }
            return Token::Date(date);
        }
        self.pos += 1;
        let Some(hour) = self.two_digits() else {
            return self.bad_number(start, "a date-time is written YYYY-MM-DDTHH:MM");
        };
        match self.time_rest(start, hour, true) {
            Ok(time) => Token::DateTime(Box::new(DateTime { date, time })),
            Err(token) => token,
        }
    }

    /// `HH:MM[:SS[.ffffff]]` and an optional zone; `pos` is after the hour.
    fn time_literal(&mut self, start: usize) -> Token {
        let hour = self.fixed_digits(start, self.pos - start);
        match self.time_rest(start, hour as u8, false) {
            Ok(time) => Token::Time(Box::new(time)),
            Err(token) => token,
        }
    }

    fn time_rest(&mut self, start: usize, hour: u8, in_datetime: bool) -> Result<Time, Token> {
        let shape = (|| {
            self.expect_byte(b':')?;
            let minute = self.two_digits()?;
            let mut second = 0;
            let mut microsecond = 0;
            let mut precision = TimePrecision::Minutes;
            if self.bytes.get(self.pos) == Some(&b':') {
                self.pos += 1;
                second = self.two_digits()?;
                precision = TimePrecision::Seconds;
                if self.bytes.get(self.pos) == Some(&b'.') {
                    self.pos += 1;
                    let mut digits = String::new();
                    while digits.len() < 6
                        && self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit)
                    {
                        digits.push(self.bytes[self.pos] as char);
                        self.pos += 1;
                    }
                    if digits.is_empty() {
                        return None;
                    }
                    precision = TimePrecision::Fraction(digits.len() as u8);
                    while digits.len() < 6 {
                        digits.push('0');
                    }
                    microsecond = digits.parse().ok()?;
                }
            }
            Some((minute, second, microsecond, precision))
        })();
        let Some((minute, second, microsecond, precision)) = shape else {
            return Err(self.bad_number(start, "a time is written HH:MM[:SS[.ffffff]]"));
        };
        let offset = match self.bytes.get(self.pos) {
            Some(b'Z') => {
                self.pos += 1;
                TzOffset::Utc
            }
            Some(&sign @ (b'+' | b'-')) => {
                self.pos += 1;
                let parsed = (|| {
                    let h = self.two_digits()?;
                    self.expect_byte(b':')?;
                    let m = self.two_digits()?;
                    (h <= 23 && m <= 59).then_some(i16::from(h) * 60 + i16::from(m))
                })();
                match parsed {
                    Some(minutes) if sign == b'-' => TzOffset::Minutes(-minutes),
                    Some(minutes) => TzOffset::Minutes(minutes),
                    None => {
                        return Err(self.bad_number(start, "an offset is written +HH:MM or -HH:MM"))
                    }
                }
            }
            _ => TzOffset::None,
        };
        let mut zone = None;
        if self.bytes.get(self.pos) == Some(&b'[') {
            if in_datetime && offset == TzOffset::None {
                return Err(self.bad_number(start, "a zone name needs an offset or `Z` before it"));
            }
            let name_start = self.pos + 1;
            let Some(close) = self.bytes[name_start..].iter().position(|&b| b == b']') else {
                return Err(self.bad_number(start, "the zone name has no closing `]`"));
            };
            let name = &self.src[name_start..name_start + close];
            if !name.contains('/') {
                return Err(self.bad_number(start, "a zone name looks like Area/City"));
            }
            zone = Some(name.to_string());
            self.pos = name_start + close + 1;
        }
        if !self.at_token_end() {
            return Err(self.bad_number(start, "unexpected characters after the time"));
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(self.bad_number(start, "the time is out of range"));
        }
        Ok(Time {
            hour,
            minute,
            second,
            microsecond,
            offset,
            zone,
            precision,
        })
    }

    fn fixed_digits(&self, start: usize, len: usize) -> u32 {
        self.src[start..start + len].parse().unwrap_or(u32::MAX)
    }

    fn two_digits(&mut self) -> Option<u8> {
        let pair = self.bytes.get(self.pos..self.pos + 2)?;
        if !pair.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos += 2;
        Some((pair[0] - b'0') * 10 + (pair[1] - b'0'))
    }

    fn expect_byte(&mut self, byte: u8) -> Option<()> {
        (self.bytes.get(self.pos) == Some(&byte)).then(|| self.pos += 1)
    }

    /// `#/pattern/flags` or `#/pattern/replacement/flags`; `pos` is after `#/`.
    pub(super) fn regex(&mut self, start: usize) -> Token {
        let Some(pattern) = self.regex_segment(start) else {
            return Token::Invalid;
        };
        let replacement = if self.replacement_follows() {
            match self.regex_segment(start) {
                Some(replacement) => Some(replacement),
                None => return Token::Invalid,
            }
        } else {
            None
        };
        let mut ignore_case = false;
        let mut multiline = false;
        while let Some(&b) = self.bytes.get(self.pos) {
            match b {
                b'i' => ignore_case = true,
                b'm' => multiline = true,
                _ if is_terminator(b) => break,
                _ => {
                    let flag_start = self.pos;
                    let flag = self.src[flag_start..].chars().next().expect("in bounds");
                    while self.bytes.get(self.pos).is_some_and(|&b| !is_terminator(b)) {
                        self.pos += 1;
                    }
                    self.error(
                        SyntaxError::new(
                            format!("invalid regex flag `{flag}`"),
                            Span::new(flag_start, flag_start + flag.len_utf8()),
                        )
                        .with_help("the flags are `i` (ignore case) and `m` (multi-line)"),
                    );
                    return Token::Invalid;
                }
            }
            self.pos += 1;
        }
        Token::Regex(Box::new(Regex {
            pattern,
            replacement,
            ignore_case,
            multiline,
        }))
    }

    /// Text up to an unescaped `/`. `\/` is a slash and `\\` a backslash; any other escape
    /// stays as written, for the regex engine.
    fn regex_segment(&mut self, start: usize) -> Option<String> {
        let mut text = String::new();
        loop {
            let run_end = self.bytes[self.pos..]
                .iter()
                .position(|&b| b == b'/' || b == b'\\')
                .map_or(self.bytes.len(), |offset| self.pos + offset);
            text.push_str(&self.src[self.pos..run_end]);
            self.pos = run_end;
            match self.bytes.get(self.pos) {
                None => {
                    self.error(
                        SyntaxError::new("unterminated regex", Span::new(start, start + 2))
                            .with_label("the regex starts here")
                            .with_help("close it with `/`"),
                    );
                    return None;
                }
                Some(b'/') => {
                    self.pos += 1;
                    return Some(text);
                }
                Some(_) => match self.bytes.get(self.pos + 1) {
                    Some(&escaped @ (b'/' | b'\\')) => {
                        text.push(escaped as char);
                        self.pos += 2;
                    }
                    _ => {
                        text.push('\\');
                        self.pos += 1;
                    }
                },
            }
        }
    }

    /// Whether another `/`-terminated segment (a replacement) follows the pattern, judged as
    /// the reference does: a `/` before the next space, unless only flags and a closing
    /// bracket come first.
    fn replacement_follows(&self) -> bool {
        let mut scan = self.pos;
        let mut saw_non_flag = false;
        while let Some(&b) = self.bytes.get(scan) {
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => return false,
                b'\\' => {
                    saw_non_flag = true;
                    scan += 2;
                    continue;
                }
                b'/' => return true,
                b')' | b']' | b'}' | b';' | b',' if !saw_non_flag => return false,
                b'i' | b'm' if !saw_non_flag => {}
                b')' | b']' | b'}' | b';' | b',' => {}
                _ => saw_non_flag = true,
            }
            scan += 1;
        }
        false
    }
}

fn days_in_month(year: u32, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The value of a decimal integer token (sign, digits, `_` separators), if it fits in i64.
fn decimal_int(text: &str) -> Option<i64> {
    let (negative, digits) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    // Accumulate negatively so that i64::MIN reads without overflow.
    let mut value: i64 = 0;
    for b in digits.bytes().filter(|&b| b != b'_') {
        value = value.checked_mul(10)?.checked_sub(i64::from(b - b'0'))?;
    }
    if negative {
        Some(value)
    } else {
        value.checked_neg()
    }
}

/// Packs digits of `per_byte` symbols each into bytes; a short last group is read as a
/// smaller number (`0!111` is 7, `0#f` is 15), as the reference does.
fn pack_bits(symbols: &[u8], per_byte: usize, value: impl Fn(u8) -> u8) -> Vec<u8> {
    let bits = 8 / per_byte;
    symbols
        .chunks(per_byte)
        .map(|chunk| chunk.iter().fold(0u8, |acc, &b| (acc << bits) | value(b)))
        .collect()
}
