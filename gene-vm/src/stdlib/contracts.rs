//! What a failed `^pre` or `^post` condition raises (spec 9.3, 9.4). The compiler emits the
//! checks (`gene-compiler/src/emit/contracts.rs`); this builds the report from the values.

use super::declare::builtins;
use crate::print::{display, Style};
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// Raises a contract violation: the message, the parameters' names, their values and, for a postcondition, the result.
    global "$contract_violation" (message: String, names: Array, ..values: Any) => violation;
}

/// `ContractViolation: f precondition #1 failed: (x > 0) | args=[x=-2]`, with
/// ` | result=…` after a postcondition's: an `AssertionException`, where spec 9.2 files
/// contract violations (the reference raises a plain exception with this message).
fn violation(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let mut message = vm.as_str(args[0]).expect("declared a String").to_string();
    let names = vm.array_items(args[1]).expect("declared an Array").clone();
    let values = &args[2..];
    let shown: Vec<String> = names
        .iter()
        .zip(values)
        .map(|(&name, &value)| {
            format!(
                "{}={}",
                display(vm, name, Style::Top),
                display(vm, value, Style::Nested)
            )
        })
        .collect();
    message.push_str(&format!(" | args=[{}]", shown.join(", ")));
    if let Some(&result) = values.get(names.len()) {
        message.push_str(&format!(" | result={}", display(vm, result, Style::Nested)));
    }
    Err(VmError::of(
        crate::runtime::errors::ErrorKind::Assertion,
        message,
    ))
}
