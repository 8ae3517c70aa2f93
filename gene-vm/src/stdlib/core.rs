//! `print` and `println`: arguments joined by one space, strings bare; `^stderr true`
//! writes to standard error instead.

use super::declare::builtins;
use crate::print::{display, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// Writes the values, separated by spaces, strings without quotes (`^stderr true`: to stderr).
    global "print" (..values: Any) ^stderr => print;
    /// Writes the values as `print` does, then a newline.
    global "println" (..values: Any) ^stderr => println;
}

fn joined(vm: &Vm, args: &[Value]) -> String {
    args.iter()
        .map(|&arg| display(vm, arg, Style::Top))
        .collect::<Vec<_>>()
        .join(" ")
}

fn print(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let to_stderr = to_stderr(vm, "print")?;
    let text = joined(vm, args);
    write(vm, to_stderr, &text)
}

fn println(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let to_stderr = to_stderr(vm, "println")?;
    let mut text = joined(vm, args);
    text.push('\n');
    write(vm, to_stderr, &text)
}

/// Whether the call says `^stderr true` (the reference's spelling of `eprint`). Read before
/// anything runs that may call back into Gene, which would make calls of its own.
fn to_stderr(vm: &mut Vm, name: &str) -> Result<bool, VmError> {
    let [stderr] = super::args::keywords(vm, name, ["stderr"])?;
    Ok(stderr.is_some_and(|value| value.is_truthy()))
}

fn write(vm: &mut Vm, to_stderr: bool, text: &str) -> Result<Value, VmError> {
    match to_stderr {
        true => vm.write_error_output(text)?,
        false => vm.write_output(text)?,
    }
    Ok(Value::NIL)
}
