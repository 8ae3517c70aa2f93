//! The standard library, grouped by area. Each module declares its built-ins in one table
//! (`declare.rs` explains the design); `install` registers every table, then defines what is
//! not a built-in function (the classes, the built-in enums, the process globals); a few
//! builtins are made when code first names them (`lazy_builtin`).

mod args;
mod array;
mod bytes;
mod contracts;
mod core;
mod declare;
mod enums;
mod eval;
mod exception;
mod fs;
mod function;
mod future;
mod gene;
mod generator;
mod hash_map;
mod io;
pub(crate) mod iterator;
mod json;
mod literal;
mod map;
mod math;
mod namespaces;
mod process;
pub(crate) mod regex;
mod selector;
mod serdes;
mod string;
mod string_search;
mod system;
mod time;
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
    string_search::BUILTINS,
    array::BUILTINS,
    map::BUILTINS,
    gene::BUILTINS,
    selector::BUILTINS,
    hash_map::BUILTINS,
    contracts::BUILTINS,
    generator::BUILTINS,
    iterator::BUILTINS,
    future::BUILTINS,
    regex::BUILTINS,
    bytes::BUILTINS,
    json::BUILTINS,
    serdes::BUILTINS,
    io::BUILTINS,
    fs::BUILTINS,
    system::BUILTINS,
    time::BUILTINS,
];

pub(crate) fn install(vm: &mut Vm) {
    declare::install(vm, TABLES);
    types::install(vm);
    enums::install(vm);
    process::install(vm);
    future::install(vm);
    regex::install(vm);
}

/// What makes a builtin that is made only when code first names it: each would otherwise
/// cost every collection of every program the marking of what it holds.
pub(crate) type LazyBuiltin = fn(&mut Vm) -> Result<crate::value::Value, crate::vm::VmError>;

/// The maker of the lazy builtin `name`, if it is one (`Vm::grow_module` asks).
pub(crate) fn lazy_builtin(name: &str) -> Option<LazyBuiltin> {
    match name {
        "$env" => Some(process::make_env),
        "$cwd" => Some(process::make_cwd),
        "gene" => Some(namespaces::make_gene),
        "genex" => Some(namespaces::make_genex),
        _ => None,
    }
}
