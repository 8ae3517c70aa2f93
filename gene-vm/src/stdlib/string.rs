//! String methods. Strings are immutable: every method answers a new value. Positions and
//! lengths count characters (Unicode scalar values), not bytes, except in the `byte`
//! methods.

use super::args;
use super::declare::builtins;
use crate::print::{write_value, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The number of characters.
    String "length" | "size" () => length;
    /// The number of UTF-8 bytes.
    String "bytesize" () => bytesize;
    /// Whether the string has no characters.
    String "empty" | "empty?" () => empty;
    /// Whether the string has characters.
    String "not_empty?" () => not_empty;
    /// The decimal Int the text spells, surrounding whitespace allowed.
    String "to_i" () => to_i;
    /// The number the text spells, as a Float.
    String "to_f" () => to_f;
    /// The text in upper case.
    String "to_upper" | "to_uppercase" | "upper" | "upcase" () => to_upper;
    /// The text in lower case.
    String "to_lower" | "to_lowercase" | "lower" | "downcase" () => to_lower;
    /// The first character upper-cased, the rest lower-cased.
    String "capitalize" () => capitalize;
    /// The characters in reverse order.
    String "reverse" () => reverse;
    /// The text followed by each value as `print` shows it.
    String "append" (value: Any, ..values: Any) => append;
    /// The characters from start through end, both included; negative positions count from the end.
    String "substr" (start: Int, ?end: Int) => substr;
    /// The pieces between occurrences of the separator, at most limit of them.
    String "split" (separator: String, ?limit: Int) => split;
    /// The position of the first occurrence at or after start, or -1.
    String "index" (pattern: String, ?start: Int) => index;
    /// The position of the last occurrence starting at or before limit, or -1.
    String "rindex" (pattern: String, ?limit: Int) => rindex;
    /// The text without leading and trailing whitespace.
    String "trim" | "strip" () => trim;
    /// The text without leading whitespace.
    String "lstrip" () => lstrip;
    /// The text without trailing whitespace.
    String "rstrip" () => rstrip;
    /// Whether the text starts with the prefix.
    String "starts_with" | "start_with?" (prefix: String) => starts_with;
    /// Whether the text ends with the suffix.
    String "ends_with" | "end_with?" (suffix: String) => ends_with;
    /// The character at position i (0 ≤ i < length).
    String "char_at" (index: Int) => char_at;
    /// The byte at offset i, as an Int; negative offsets count from the end.
    String "byte_at" (index: Int) => byte_at;
    /// The characters, as an Array.
    String "chars" | "each_char" () => chars;
    /// The UTF-8 bytes, as an Array of Ints.
    String "each_byte" () => each_byte;
    /// Whether the pattern occurs in the text.
    String "contains" | "contain" | "include?" (pattern: String) => contains;
    /// The first match of the pattern, or nil.
    String "find" (pattern: String) => find;
    /// Every non-overlapping match of the pattern, in order.
    String "find_all" | "scan" (pattern: String) => find_all;
    /// The text with the first occurrence of the pattern replaced.
    String "replace" | "sub" (pattern: String, replacement: String) => replace;
    /// The text with every occurrence of the pattern replaced.
    String "replace_all" | "gsub" (pattern: String, replacement: String) => replace_all;
}

/// The receiver's text, copied so the VM is free while it is used.
fn receiver(vm: &Vm, args: &[Value]) -> String {
    args::text(vm, args[0]).to_string()
}

fn length(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let count = args::text(vm, args[0]).chars().count();
    vm.int(count as i64)
}

fn bytesize(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let count = args::text(vm, args[0]).len();
    vm.int(count as i64)
}

fn empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(args::text(vm, args[0]).is_empty()))
}

fn not_empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    Ok(Value::bool(!args::text(vm, args[0]).is_empty()))
}

/// `("12" .to_i)`: the decimal integer the text spells, surrounding whitespace allowed.
fn to_i(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]).trim();
    match text.parse::<i64>() {
        Ok(n) => vm.int(n),
        Err(_) => Err(VmError::argument_error(format!(
            "to_i requires a numeric string, not {text:?}"
        ))),
    }
}

/// `("3.5" .to_f)`: the number the text spells, as a float.
fn to_f(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = args::text(vm, args[0]).trim();
    match text.parse::<f64>().ok() {
        Some(x) => Ok(Value::float(x)),
        None => Err(VmError::argument_error(format!(
            "to_f requires a numeric string, not {text:?}"
        ))),
    }
}

/// A method with no arguments that maps the receiver's text to a new string.
fn map_text(vm: &mut Vm, args: &[Value], f: impl FnOnce(&str) -> String) -> Result<Value, VmError> {
    let result = f(args::text(vm, args[0]));
    vm.string(result)
}

fn to_upper(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, str::to_uppercase)
}

fn to_lower(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, str::to_lowercase)
}

/// The first character upper-cased, the rest lower-cased.
fn capitalize(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, |text| {
        let mut chars = text.chars();
        match chars.next() {
            Some(first) => first
                .to_uppercase()
                .chain(chars.as_str().to_lowercase().chars())
                .collect(),
            None => String::new(),
        }
    })
}

fn reverse(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, |text| text.chars().rev().collect())
}

fn trim(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, |text| text.trim().to_string())
}

fn lstrip(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, |text| text.trim_start().to_string())
}

fn rstrip(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, |text| text.trim_end().to_string())
}

/// `("a" .append x y…)`: the text followed by each argument as `print` shows it.
fn append(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut text = receiver(vm, args);
    for &arg in &args[1..] {
        write_value(vm, arg, Style::Top, &mut text);
    }
    vm.string(text)
}

/// `(s .substr start [end])`: characters `start` through `end`, both included; negative
/// positions count from the end, positions past the end are clamped.
fn substr(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let start = args::int(vm, args[1]);
    let end = args.get(2).map(|&end| args::int(vm, end));
    let chars: Vec<char> = args::text(vm, args[0]).chars().collect();
    let len = chars.len();
    let start = crate::collections::clamp_position(start, len);
    let result: String = if start >= len {
        String::new()
    } else {
        let last = match end {
            None => len - 1,
            Some(end) => crate::collections::clamp_position(end, len).min(len - 1),
        };
        if last < start {
            String::new()
        } else {
            chars[start..=last].iter().collect()
        }
    };
    vm.string(result)
}

/// `(s .split sep [limit])`: the pieces between occurrences of `sep`, at most `limit` of
/// them. An empty separator splits into characters.
fn split(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let separator = args::text(vm, args[1]).to_string();
    let limit = match args.get(2) {
        Some(&limit) => args::int(vm, limit).max(1) as usize,
        None => usize::MAX,
    };
    let text = receiver(vm, args);
    let pieces: Vec<String> = if separator.is_empty() {
        let chars: Vec<char> = text.chars().collect();
        let mut pieces: Vec<String> = Vec::new();
        for (i, c) in chars.iter().enumerate() {
            if pieces.len() + 1 == limit {
                pieces.push(chars[i..].iter().collect());
                break;
            }
            pieces.push(c.to_string());
        }
        if pieces.is_empty() {
            pieces.push(String::new());
        }
        pieces
    } else {
        text.splitn(limit, separator.as_str())
            .map(str::to_string)
            .collect()
    };
    let mut items = Vec::with_capacity(pieces.len());
    for piece in pieces {
        items.push(vm.string(piece)?);
    }
    vm.new_array(items)
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

/// `(s .index pattern [start])`: the character position of the first occurrence at or
/// after `start`, or -1.
fn index(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let needle = args::text(vm, args[1]).to_string();
    let start = args.get(2).map(|&start| args::int(vm, start));
    let text = args::text(vm, args[0]);
    let len = text.chars().count();
    let start = crate::collections::clamp_position(start.unwrap_or(0), len);
    let from = byte_offset(text, start);
    let found = text[from..]
        .find(needle.as_str())
        .map(|offset| char_position(text, from + offset));
    vm.int(found.map_or(-1, |p| p as i64))
}

/// `(s .rindex pattern [limit])`: the character position of the last occurrence that
/// starts at or before `limit` (the last character by default), or -1.
fn rindex(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let needle = args::text(vm, args[1]).to_string();
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
    if needle.is_empty() {
        return vm.int((limit + 1).min(len));
    }
    let found = text
        .char_indices()
        .enumerate()
        .take_while(|&(position, _)| position as i64 <= limit)
        .filter(|&(_, (offset, _))| text[offset..].starts_with(needle.as_str()))
        .map(|(position, _)| position as i64)
        .last();
    vm.int(found.unwrap_or(-1))
}

fn starts_with(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let prefix = args::text(vm, args[1]);
    let text = args::text(vm, args[0]);
    Ok(Value::bool(text.starts_with(prefix)))
}

fn ends_with(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let suffix = args::text(vm, args[1]);
    let text = args::text(vm, args[0]);
    Ok(Value::bool(text.ends_with(suffix)))
}

/// `(s .char_at i)`: the character at position i (0 ≤ i < length).
fn char_at(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let index = args::int(vm, args[1]);
    let text = args::text(vm, args[0]);
    usize::try_from(index)
        .ok()
        .and_then(|i| text.chars().nth(i))
        .map(Value::char)
        .ok_or_else(|| {
            VmError::of(
                crate::runtime::errors::ErrorKind::Index,
                format!(
                    "char_at index {index} is out of bounds for a string of {} characters",
                    text.chars().count()
                ),
            )
        })
}

/// `(s .byte_at i)`: the byte at offset i as an int; negative offsets count from the end.
fn byte_at(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let index = args::int(vm, args[1]);
    let text = args::text(vm, args[0]);
    match crate::collections::resolve_index(index, text.len()) {
        Some(i) => {
            let byte = text.as_bytes()[i];
            vm.int(i64::from(byte))
        }
        None => Err(VmError::of(
            crate::runtime::errors::ErrorKind::Index,
            format!(
                "byte_at index {index} is out of bounds for a string of {} bytes",
                text.len()
            ),
        )),
    }
}

/// `(s .chars)`: an array of the characters.
fn chars(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::text(vm, args[0]).chars().map(Value::char).collect();
    vm.new_array(items)
}

/// `(s .each_byte)`: an array of the UTF-8 bytes, as ints.
fn each_byte(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::text(vm, args[0])
        .bytes()
        .map(|b| Value::small_int(i64::from(b)).expect("bytes are small"))
        .collect();
    vm.new_array(items)
}

/// `.contains` / `.contain` / `.include?`: whether the pattern occurs.
fn contains(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let needle = args::text(vm, args[1]);
    let text = args::text(vm, args[0]);
    Ok(Value::bool(text.contains(needle)))
}

/// `(s .find pattern)`: the first match, or nil.
fn find(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let needle = args::text(vm, args[1]).to_string();
    if needle.is_empty() {
        return Err(VmError::new("String.find pattern cannot be empty"));
    }
    let text = args::text(vm, args[0]);
    if text.contains(needle.as_str()) {
        vm.string(needle)
    } else {
        Ok(Value::NIL)
    }
}

/// `(s .find_all pattern)`: every non-overlapping match, in order.
fn find_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let needle = args::text(vm, args[1]).to_string();
    if needle.is_empty() {
        return Err(VmError::new("String.find_all pattern cannot be empty"));
    }
    let count = args::text(vm, args[0]).matches(needle.as_str()).count();
    let mut items = Vec::with_capacity(count);
    for _ in 0..count {
        items.push(vm.string(needle.clone())?);
    }
    vm.new_array(items)
}

/// `(s .replace from to)`: the text with the first occurrence of `from` replaced.
fn replace(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let from = args::text(vm, args[1]).to_string();
    let to = args::text(vm, args[2]).to_string();
    let text = args::text(vm, args[0]);
    let result = text.replacen(from.as_str(), &to, 1);
    vm.string(result)
}

/// `(s .replace_all from to)`: the text with every occurrence of `from` replaced (an empty
/// `from` changes nothing).
fn replace_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let from = args::text(vm, args[1]).to_string();
    let to = args::text(vm, args[2]).to_string();
    let text = args::text(vm, args[0]);
    let result = if from.is_empty() {
        text.to_string()
    } else {
        text.replace(from.as_str(), &to)
    };
    vm.string(result)
}
