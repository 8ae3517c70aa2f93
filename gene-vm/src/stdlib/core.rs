//! `print` and `println`: arguments joined by one space, strings bare.

use super::declare::builtins;
use crate::print::{display, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// Writes the values, separated by spaces, strings without quotes.
    global "print" (..values: Any) => print;
    /// Writes the values as `print` does, then a newline.
    global "println" (..values: Any) => println;
}

fn joined(vm: &Vm, args: &[Value]) -> String {
    args.iter()
        .map(|&arg| display(vm, arg, Style::Top))
        .collect::<Vec<_>>()
        .join(" ")
}

fn print(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let text = joined(vm, args);
    vm.write_output(&text)?;
    Ok(Value::NIL)
}

fn println(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut text = joined(vm, args);
    text.push('\n');
    vm.write_output(&text)?;
    Ok(Value::NIL)
}
