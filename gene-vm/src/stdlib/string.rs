//! String methods. Strings are immutable: every method answers a new value. Positions and
//! lengths count characters (Unicode scalar values), not bytes; the methods that look for
//! a pattern are in `string_search.rs`, those on bytes in `bytes.rs`.

use super::args;
use super::declare::builtins;
use crate::print::{write_value, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The number of characters.
    String "length" | "size" () => length;
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
    /// The text without leading and trailing whitespace.
    String "trim" | "strip" () => trim;
    /// The text without leading whitespace.
    String "lstrip" () => lstrip;
    /// The text without trailing whitespace.
    String "rstrip" () => rstrip;
    /// The character at position i (0 ≤ i < length).
    String "char_at" (index: Int) => char_at;
    /// The characters, as an Array.
    String "chars" | "each_char" () => chars;
    /// The text after enough copies of fill (a space by default) to make it width characters.
    String "pad_left" (width: Int, ?fill: String) => pad_left;
    /// The text before enough copies of fill (a space by default) to make it width characters.
    String "pad_right" (width: Int, ?fill: String) => pad_right;
    /// The text count times over.
    String "repeat" (count: Int) => repeat;
}

/// The receiver's text, copied so the VM is free while it is used.
fn receiver(vm: &Vm, args: &[Value]) -> String {
    args::text(vm, args[0]).to_string()
}

fn length(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let count = args::text(vm, args[0]).chars().count();
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

/// `(s .chars)`: an array of the characters.
fn chars(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let items = args::text(vm, args[0]).chars().map(Value::char).collect();
    vm.new_array(items)
}

/// The padding that brings `text` to `width` characters: `fill` repeated, the last copy cut
/// short (as Ruby's `rjust`); nothing when the text is that long already.
fn padding(vm: &Vm, args: &[Value], method: &str) -> Result<String, VmError> {
    let width = args::int(vm, args[1]);
    let fill = args.get(2).map_or(" ", |&fill| args::text(vm, fill));
    if fill.is_empty() {
        return Err(VmError::argument_error(format!(
            "String.{method} needs a fill of at least one character"
        )));
    }
    let missing = usize::try_from(width)
        .unwrap_or(0)
        .saturating_sub(args::text(vm, args[0]).chars().count());
    checked_size(missing.saturating_mul(4), method)?;
    Ok(fill.chars().cycle().take(missing).collect())
}

/// Refuses a result too large to make, before making it: a clean error, not an abort.
fn checked_size(bytes: usize, method: &str) -> Result<(), VmError> {
    const MAX: usize = i32::MAX as usize;
    if bytes > MAX {
        return Err(VmError::of(
            crate::runtime::errors::ErrorKind::OutOfMemory,
            format!("String.{method} would make a string of more than {MAX} bytes"),
        ));
    }
    Ok(())
}

fn pad_left(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut result = padding(vm, args, "pad_left")?;
    result.push_str(args::text(vm, args[0]));
    vm.string(result)
}

fn pad_right(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let padding = padding(vm, args, "pad_right")?;
    let result = receiver(vm, args) + &padding;
    vm.string(result)
}

/// `(s .repeat n)`: the text n times over; a negative count is an error.
fn repeat(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let count = args::int(vm, args[1]);
    let Ok(count) = usize::try_from(count) else {
        return Err(VmError::argument_error(format!(
            "String.repeat needs a count of 0 or more, not {count}"
        )));
    };
    let text = args::text(vm, args[0]);
    checked_size(text.len().saturating_mul(count), "repeat")?;
    let result = text.repeat(count);
    vm.string(result)
}
