//! The standard library, grouped by area; `install` defines it all as globals.

mod core;

use crate::vm::Vm;

pub(crate) fn install(vm: &mut Vm) {
    core::install(vm);
}
