//! The standard library, grouped by area; `install` defines it all as globals.

mod args;
mod array;
mod core;
mod enums;
mod eval;
mod exception;
mod function;
mod gene;
mod literal;
mod map;
mod math;
mod string;
mod types;

pub(crate) use types::{builtin_classes, BuiltinClasses};
mod value;

use crate::vm::Vm;

pub(crate) fn install(vm: &mut Vm) {
    core::install(vm);
    literal::install(vm);
    function::install(vm);
    types::install(vm);
    enums::install(vm);
    eval::install(vm);
    exception::install(vm);
    value::install(vm);
    math::install(vm);
    string::install(vm);
    array::install(vm);
    map::install(vm);
    gene::install(vm);
}
