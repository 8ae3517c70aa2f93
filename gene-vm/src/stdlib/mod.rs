//! The standard library, grouped by area. Each module declares its built-ins in one table
//! (`declare.rs` explains the design); `install` registers every table, then defines what is
//! not a built-in function (the classes, the built-in enums).

mod args;
mod array;
mod contracts;
mod core;
mod declare;
mod enums;
mod eval;
mod exception;
mod function;
mod future;
mod gene;
mod hash_map;
mod literal;
mod map;
mod math;
mod selector;
mod string;
mod types;
mod value;

pub(crate) use declare::{Builtin, Called};
pub(crate) use types::{builtin_classes, BuiltinClasses};

use crate::vm::Vm;

/// Every module's built-ins.
static TABLES: &[&[Builtin]] = &[
    core::BUILTINS,
    literal::BUILTINS,
    function::BUILTINS,
    types::BUILTINS,
    enums::BUILTINS,
    eval::BUILTINS,
    exception::BUILTINS,
    value::BUILTINS,
    math::BUILTINS,
    string::BUILTINS,
    array::BUILTINS,
    map::BUILTINS,
    gene::BUILTINS,
    selector::BUILTINS,
    hash_map::BUILTINS,
    contracts::BUILTINS,
    future::BUILTINS,
];

pub(crate) fn install(vm: &mut Vm) {
    declare::install(vm, TABLES);
    types::install(vm);
    enums::install(vm);
    future::install(vm);
}
