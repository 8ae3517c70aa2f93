//! The String methods that look for a pattern: a String (found as written) or a Regex
//! (spec 13.5). Searching with a regex goes through `regex.rs`, so `(s .find re)` and
//! `(re .find s)` are one function. Positions count characters, as everywhere in strings.

use super::args;
use super::declare::builtins;
use super::regex;
use crate::print::{write_value, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// Whether the pattern occurs in the text.
    String "contains" | "contain" | "include?" (pattern: Pattern) => contains;
    /// The first match of the regex, as a RegexMatch, or nil.
    String "match" (pattern: Regex) => match_first;
    /// Whether the regex matches somewhere in the text.
    String "match?" (pattern: Regex) => matches;
    /// Every non-overlapping match of the regex, in order, as RegexMatch values.
    String "match_all" (pattern: Regex) => match_all;
    /// The text of the first match of the pattern, or nil.
    String "find" (pattern: Pattern) => find;
    /// The text of every non-overlapping match of the pattern, in order.
    String "find_all" | "scan" (pattern: Pattern) => find_all;
    /// The pieces between occurrences of the separator, at most limit of them.
    String "split" (separator: Pattern, ?limit: Int) => split;
    /// The position of the first occurrence at or after start, or -1.
    String "index" (pattern: Pattern, ?start: Int) => index;
    /// The position of the last occurrence starting at or before limit, or -1.
    String "rindex" (pattern: Pattern, ?limit: Int) => rindex;
    /// The text with the first occurrence replaced (by a String, a template for a regex, or a function's answer).
    String "replace" | "sub" (pattern: Pattern, ?replacement: Replacement) => replace;
    /// The text with every occurrence replaced (by a String, a template for a regex, or a function's answer).
    String "replace_all" | "gsub" (pattern: Pattern, ?replacement: Replacement) => replace_all;
    /// Whether the text starts with the prefix (or with a match of the regex).
    String "starts_with" | "start_with?" (prefix: Pattern) => starts_with;
    /// Whether the text ends with the suffix.
    String "ends_with" | "end_with?" (suffix: String) => ends_with;
}

/// Whether a value declared `Pattern` is a Regex (else it is a String).
fn is_regex(vm: &Vm, pattern: Value) -> bool {
    vm.as_str(pattern).is_none()
}

/// The character position of byte offset `byte` in `text`.
fn char_position(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// The byte offset of character position `position` in `text` (its length past the end).
fn byte_offset(text: &str, position: usize) -> usize {
    text.char_indices()
        .nth(position)
        .map_or(text.len(), |(offset, _)| offset)
}

fn contains(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]);
    Ok(Value::bool(if is_regex(vm, args[1]) {
        regex::compiled(vm, args[1]).is_match(text)
    } else {
        text.contains(args::text(vm, args[1]))
    }))
}

fn match_first(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    regex::first_match(vm, args[1], args[0])
}

fn matches(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]);
    Ok(Value::bool(regex::compiled(vm, args[1]).is_match(text)))
}

fn match_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    regex::all_matches(vm, args[1], args[0])
}

/// An empty String pattern would match everywhere: the reference refuses it.
fn non_empty(vm: &Vm, pattern: Value, method: &str) -> Result<(), VmError> {
    match vm.as_str(pattern) {
        Some("") => Err(VmError::argument_error(format!(
            "String.{method} pattern cannot be empty"
        ))),
        _ => Ok(()),
    }
}

/// `(s .find pattern)`: the first match's text, or nil.
fn find(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    if is_regex(vm, args[1]) {
        return regex::find_first(vm, args[1], args[0]);
    }
    non_empty(vm, args[1], "find")?;
    if args::text(vm, args[0]).contains(args::text(vm, args[1])) {
        Ok(args[1])
    } else {
        Ok(Value::NIL)
    }
}

/// `(s .find_all pattern)`: every non-overlapping match, in order.
fn find_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    if is_regex(vm, args[1]) {
        return regex::find_every(vm, args[1], args[0]);
    }
    non_empty(vm, args[1], "find_all")?;
    let needle = args::text(vm, args[1]);
    let spans: Vec<(usize, usize)> = args::text(vm, args[0])
        .match_indices(needle)
        .map(|(at, found)| (at, at + found.len()))
        .collect();
    regex::substrings(vm, args[0], &spans)
}

/// `(s .split sep [limit])`: the pieces between occurrences of `sep`, at most `limit` of
/// them. An empty String separator splits into characters.
fn split(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let limit = args.get(2).map(|&limit| args::int(vm, limit));
    if is_regex(vm, args[1]) {
        return regex::split(vm, args[1], args[0], limit);
    }
    let limit = limit.map_or(usize::MAX, |limit| limit.max(1) as usize);
    let text = args::text(vm, args[0]);
    let separator = args::text(vm, args[1]);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    if separator.is_empty() {
        for (at, c) in text.char_indices() {
            if spans.len() + 1 == limit {
                spans.push((at, text.len()));
                break;
            }
            spans.push((at, at + c.len_utf8()));
        }
        if spans.is_empty() {
            spans.push((0, 0));
        }
    } else {
        let mut last = 0;
        let mut cut = |at: usize| {
            if spans.len() + 1 == limit {
                return false;
            }
            spans.push((last, at));
            last = at + separator.len();
            true
        };
        // One ASCII byte, the usual separator, is found by a byte search; a longer one
        // needs the substring searcher, which costs more to set up than to run on a word.
        match separator.as_bytes() {
            &[byte] if byte.is_ascii() => {
                for at in memchr::memchr_iter(byte, text.as_bytes()) {
                    if !cut(at) {
                        break;
                    }
                }
            }
            _ => {
                for (at, _) in text.match_indices(separator) {
                    if !cut(at) {
                        break;
                    }
                }
            }
        }
        spans.push((last, text.len()));
    }
    regex::substrings(vm, args[0], &spans)
}

/// The byte offset where a match of the pattern starts at or after byte `from`.
fn find_from(vm: &Vm, text: &str, pattern: Value, from: usize) -> Option<usize> {
    if is_regex(vm, pattern) {
        regex::compiled(vm, pattern)
            .find_at(text, from)
            .map(|m| m.start())
    } else {
        text[from..]
            .find(args::text(vm, pattern))
            .map(|offset| from + offset)
    }
}

/// `(s .index pattern [start])`: the character position of the first occurrence at or
/// after `start`, or -1.
fn index(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let start = args.get(2).map(|&start| args::int(vm, start));
    let text = args::text(vm, args[0]);
    let len = text.chars().count();
    let start = crate::collections::clamp_position(start.unwrap_or(0), len);
    let from = byte_offset(text, start);
    let found = find_from(vm, text, args[1], from).map(|at| char_position(text, at));
    vm.int(found.map_or(-1, |p| p as i64))
}

/// `(s .rindex pattern [limit])`: the character position of the last occurrence that
/// starts at or before `limit` (the last character by default), or -1. Occurrences may
/// overlap: `("aaa" .rindex "aa")` is 1.
fn rindex(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let limit = args.get(2).map(|&limit| args::int(vm, limit));
    let text = args::text(vm, args[0]);
    let len = text.chars().count() as i64;
    let limit = match limit {
        None => len - 1,
        Some(l) if l < 0 => l.saturating_add(len),
        Some(l) => l.min(len - 1),
    };
    if len == 0 || limit < 0 {
        return vm.int(-1);
    }
    if vm.as_str(args[1]) == Some("") {
        return vm.int((limit + 1).min(len));
    }
    let limit_byte = byte_offset(text, limit as usize);
    let mut found = None;
    let mut from = 0;
    while let Some(at) = find_from(vm, text, args[1], from) {
        if at > limit_byte {
            break;
        }
        found = Some(at);
        match text[at..].chars().next() {
            Some(c) => from = at + c.len_utf8(),
            None => break,
        }
    }
    vm.int(found.map_or(-1, |at| char_position(text, at) as i64))
}

fn replace(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    replace_some(vm, args, false, "replace")
}

fn replace_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    replace_some(vm, args, true, "replace_all")
}

/// `(s .replace pattern replacement)`: with a Regex, as `regex::replace`; with a String,
/// the occurrences (the first, or `all`) are replaced by the replacement as written, or by
/// what a function answers for the occurrence. An empty String pattern changes nothing.
fn replace_some(vm: &mut Vm, args: &[Value], all: bool, method: &str) -> Result<Value, VmError> {
    let replacement = args.get(2).copied();
    if is_regex(vm, args[1]) {
        return regex::replace(vm, args[1], args[0], replacement, all);
    }
    let Some(replacement) = replacement else {
        return Err(VmError::argument_error(format!(
            "String.{method} with a String pattern needs a replacement"
        )));
    };
    let text = args::text(vm, args[0]);
    let needle = args::text(vm, args[1]);
    if needle.is_empty() {
        return Ok(args[0]);
    }
    let limit = if all { usize::MAX } else { 1 };
    if let Some(with) = vm.as_str(replacement) {
        let result = text.replacen(needle, with, limit);
        return vm.string(result);
    }
    let spans: Vec<usize> = text
        .match_indices(needle)
        .take(limit)
        .map(|(at, _)| at)
        .collect();
    let width = needle.len();
    let mut out = String::new();
    let mut last = 0;
    for at in spans {
        let answer = vm.call_value(replacement, &[args[1]])?;
        out.push_str(&args::text(vm, args[0])[last..at]);
        write_value(vm, answer, Style::Top, &mut out);
        last = at + width;
    }
    out.push_str(&args::text(vm, args[0])[last..]);
    vm.string(out)
}

fn starts_with(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]);
    Ok(Value::bool(if is_regex(vm, args[1]) {
        // Leftmost-first: a match at 0, if there is one, is the one found.
        regex::compiled(vm, args[1])
            .find(text)
            .is_some_and(|m| m.start() == 0)
    } else {
        text.starts_with(args::text(vm, args[1]))
    }))
}

fn ends_with(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let suffix = args::text(vm, args[1]);
    let text = args::text(vm, args[0]);
    Ok(Value::bool(text.ends_with(suffix)))
}
