//! String methods. Strings are immutable: every method answers a new value. Positions and
//! lengths count characters (Unicode scalar values), not bytes, except in the `byte`
//! methods.

use super::args::{self, method_arity};
use crate::methods::TypeKey;
use crate::print::{write_value, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

pub(super) fn install(vm: &mut Vm) {
    let methods: &[(&str, crate::function::NativeFn)] = &[
        ("length", length),
        ("size", length),
        ("bytesize", bytesize),
        ("empty", empty),
        ("empty?", empty),
        ("not_empty?", not_empty),
        ("to_i", to_i),
        ("to_f", to_f),
        ("to_upper", to_upper),
        ("to_uppercase", to_upper),
        ("upper", to_upper),
        ("upcase", to_upper),
        ("to_lower", to_lower),
        ("to_lowercase", to_lower),
        ("lower", to_lower),
        ("downcase", to_lower),
        ("capitalize", capitalize),
        ("reverse", reverse),
        ("append", append),
        ("substr", substr),
        ("split", split),
        ("index", index),
        ("rindex", rindex),
        ("trim", trim),
        ("strip", trim),
        ("lstrip", lstrip),
        ("rstrip", rstrip),
        ("starts_with", starts_with),
        ("start_with?", starts_with),
        ("ends_with", ends_with),
        ("end_with?", ends_with),
        ("char_at", char_at),
        ("byte_at", byte_at),
        ("chars", chars),
        ("each_char", chars),
        ("each_byte", each_byte),
        ("contain", contains),
        ("contains", contains),
        ("include?", contains),
        ("find", find),
        ("find_all", find_all),
        ("scan", find_all),
        ("replace", replace),
        ("sub", replace),
        ("replace_all", replace_all),
        ("gsub", replace_all),
    ];
    for &(name, function) in methods {
        vm.define_builtin_method(TypeKey::String, name, function);
    }
}

/// The receiver's text, copied so the VM is free while it is used.
fn receiver(vm: &Vm, args: &[Value], name: &str) -> Result<String, VmError> {
    args::owned_text(vm, args[0], args::Role(name, "receiver"))
}

/// A pattern argument: only strings for now (regex values are not built yet).
fn pattern(vm: &Vm, value: Value, name: &str) -> Result<String, VmError> {
    args::owned_text(vm, value, args::Role(name, "pattern"))
}

fn length(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "String.length")?;
    let count = args::text(vm, args[0], "String.length receiver")?
        .chars()
        .count();
    vm.int(count as i64)
}

fn bytesize(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "String.bytesize")?;
    let count = args::text(vm, args[0], "String.bytesize receiver")?.len();
    vm.int(count as i64)
}

fn empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "String.empty?")?;
    Ok(Value::bool(
        args::text(vm, args[0], "String.empty? receiver")?.is_empty(),
    ))
}

fn not_empty(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "String.not_empty?")?;
    Ok(Value::bool(
        !args::text(vm, args[0], "String.not_empty? receiver")?.is_empty(),
    ))
}

/// `("12" .to_i)`: the decimal integer the text spells, surrounding whitespace allowed.
fn to_i(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "String.to_i")?;
    let text = args::text(vm, args[0], "String.to_i receiver")?.trim();
    match text.parse::<i64>() {
        Ok(n) => vm.int(n),
        Err(_) => Err(VmError::new(format!(
            "to_i requires a numeric string, not {text:?}"
        ))),
    }
}

/// `("3.5" .to_f)`: the number the text spells, as a float.
fn to_f(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "String.to_f")?;
    let text = args::text(vm, args[0], "String.to_f receiver")?.trim();
    match text.parse::<f64>().ok() {
        Some(x) => Ok(Value::float(x)),
        None => Err(VmError::new(format!(
            "to_f requires a numeric string, not {text:?}"
        ))),
    }
}

/// A method with no arguments that maps the receiver's text to a new string.
fn map_text(
    vm: &mut Vm,
    args: &[Value],
    name: &str,
    f: impl FnOnce(&str) -> String,
) -> Result<Value, VmError> {
    method_arity(args, 0, 0, name)?;
    let result = f(args::text(vm, args[0], args::Role(name, "receiver"))?);
    vm.string(result)
}

fn to_upper(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, "String.to_upper", str::to_uppercase)
}

fn to_lower(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, "String.to_lower", str::to_lowercase)
}

/// The first character upper-cased, the rest lower-cased.
fn capitalize(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, "String.capitalize", |text| {
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
    map_text(vm, args, "String.reverse", |text| {
        text.chars().rev().collect()
    })
}

fn trim(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, "String.trim", |text| text.trim().to_string())
}

fn lstrip(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, "String.lstrip", |text| {
        text.trim_start().to_string()
    })
}

fn rstrip(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    map_text(vm, args, "String.rstrip", |text| {
        text.trim_end().to_string()
    })
}

/// `("a" .append x y…)`: the text followed by each argument as `print` shows it.
fn append(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, usize::MAX, "String.append")?;
    let mut text = receiver(vm, args, "String.append")?;
    for &arg in &args[1..] {
        write_value(vm, arg, Style::Top, &mut text);
    }
    vm.string(text)
}

/// `(s .substr start [end])`: characters `start` through `end`, both included; negative
/// positions count from the end, positions past the end are clamped.
fn substr(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 2, "String.substr")?;
    let start = args::int(vm, args[1], "String.substr start")?;
    let end = match args.get(2) {
        Some(&end) => Some(args::int(vm, end, "String.substr end")?),
        None => None,
    };
    let chars: Vec<char> = args::text(vm, args[0], "String.substr receiver")?
        .chars()
        .collect();
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
    method_arity(args, 1, 2, "String.split")?;
    let separator = args::owned_text(vm, args[1], "String.split separator")?;
    let limit = match args.get(2) {
        Some(&limit) => args::int(vm, limit, "String.split limit")?.max(1) as usize,
        None => usize::MAX,
    };
    let text = receiver(vm, args, "String.split")?;
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
    method_arity(args, 1, 2, "String.index")?;
    let needle = pattern(vm, args[1], "String.index")?;
    let start = match args.get(2) {
        Some(&start) => Some(args::int(vm, start, "String.index start")?),
        None => None,
    };
    let text = args::text(vm, args[0], "String.index receiver")?;
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
    method_arity(args, 1, 2, "String.rindex")?;
    let needle = pattern(vm, args[1], "String.rindex")?;
    let limit = match args.get(2) {
        Some(&limit) => Some(args::int(vm, limit, "String.rindex limit")?),
        None => None,
    };
    let text = args::text(vm, args[0], "String.rindex receiver")?;
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
    method_arity(args, 1, 1, "String.starts_with")?;
    let prefix = args::text(vm, args[1], "String.starts_with prefix")?;
    let text = args::text(vm, args[0], "String.starts_with receiver")?;
    Ok(Value::bool(text.starts_with(prefix)))
}

fn ends_with(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "String.ends_with")?;
    let suffix = args::text(vm, args[1], "String.ends_with suffix")?;
    let text = args::text(vm, args[0], "String.ends_with receiver")?;
    Ok(Value::bool(text.ends_with(suffix)))
}

/// `(s .char_at i)`: the character at position i (0 ≤ i < length).
fn char_at(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "String.char_at")?;
    let index = args::int(vm, args[1], "String.char_at index")?;
    let text = args::text(vm, args[0], "String.char_at receiver")?;
    usize::try_from(index)
        .ok()
        .and_then(|i| text.chars().nth(i))
        .map(Value::char)
        .ok_or_else(|| {
            VmError::new(format!(
                "char_at index {index} is out of bounds for a string of {} characters",
                text.chars().count()
            ))
        })
}

/// `(s .byte_at i)`: the byte at offset i as an int; negative offsets count from the end.
fn byte_at(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "String.byte_at")?;
    let index = args::int(vm, args[1], "String.byte_at index")?;
    let text = args::text(vm, args[0], "String.byte_at receiver")?;
    match crate::collections::resolve_index(index, text.len()) {
        Some(i) => {
            let byte = text.as_bytes()[i];
            vm.int(i64::from(byte))
        }
        None => Err(VmError::new(format!(
            "byte_at index {index} is out of bounds for a string of {} bytes",
            text.len()
        ))),
    }
}

/// `(s .chars)`: an array of the characters.
fn chars(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "String.chars")?;
    let items = args::text(vm, args[0], "String.chars receiver")?
        .chars()
        .map(Value::char)
        .collect();
    vm.new_array(items)
}

/// `(s .each_byte)`: an array of the UTF-8 bytes, as ints.
fn each_byte(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 0, 0, "String.each_byte")?;
    let items = args::text(vm, args[0], "String.each_byte receiver")?
        .bytes()
        .map(|b| Value::small_int(i64::from(b)).expect("bytes are small"))
        .collect();
    vm.new_array(items)
}

/// `.contains` / `.contain` / `.include?`: whether the pattern occurs.
fn contains(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "String.contains")?;
    let needle = args::text(vm, args[1], "String.contains pattern")?;
    let text = args::text(vm, args[0], "String.contains receiver")?;
    Ok(Value::bool(text.contains(needle)))
}

/// `(s .find pattern)`: the first match, or nil.
fn find(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "String.find")?;
    let needle = pattern(vm, args[1], "String.find")?;
    if needle.is_empty() {
        return Err(VmError::new("String.find pattern cannot be empty"));
    }
    let text = args::text(vm, args[0], "String.find receiver")?;
    if text.contains(needle.as_str()) {
        vm.string(needle)
    } else {
        Ok(Value::NIL)
    }
}

/// `(s .find_all pattern)`: every non-overlapping match, in order.
fn find_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 1, 1, "String.find_all")?;
    let needle = pattern(vm, args[1], "String.find_all")?;
    if needle.is_empty() {
        return Err(VmError::new("String.find_all pattern cannot be empty"));
    }
    let count = args::text(vm, args[0], "String.find_all receiver")?
        .matches(needle.as_str())
        .count();
    let mut items = Vec::with_capacity(count);
    for _ in 0..count {
        items.push(vm.string(needle.clone())?);
    }
    vm.new_array(items)
}

/// `(s .replace from to)`: the text with the first occurrence of `from` replaced.
fn replace(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 2, 2, "String.replace")?;
    let from = pattern(vm, args[1], "String.replace")?;
    let to = args::owned_text(vm, args[2], "String.replace replacement")?;
    let text = args::text(vm, args[0], "String.replace receiver")?;
    let result = text.replacen(from.as_str(), &to, 1);
    vm.string(result)
}

/// `(s .replace_all from to)`: the text with every occurrence of `from` replaced (an empty
/// `from` changes nothing).
fn replace_all(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    method_arity(args, 2, 2, "String.replace_all")?;
    let from = pattern(vm, args[1], "String.replace_all")?;
    let to = args::owned_text(vm, args[2], "String.replace_all replacement")?;
    let text = args::text(vm, args[0], "String.replace_all receiver")?;
    let result = if from.is_empty() {
        text.to_string()
    } else {
        text.replace(from.as_str(), &to)
    };
    vm.string(result)
}
