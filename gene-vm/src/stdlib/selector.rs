//! `(x .@ seg…)`: any value applies a selector to itself (spec 17.5, "Method Shorthand").

use super::declare::builtins;
use crate::value::Value;
use crate::vm::{Vm, VmError};

builtins! {
    /// The value the selector of these segments selects from this one.
    Any "@" (segment: Any, ..more: Any) => select;
}

fn select(vm: &mut Vm, args: &[Value]) -> Result<Value, VmError> {
    let selector = vm.new_selector(&args[1..])?;
    vm.apply_selector(selector, args[0], None)
}
