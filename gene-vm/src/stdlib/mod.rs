//! The standard library, grouped by area. Each module declares its built-ins in one table
//! (`declare.rs` explains the design); `install` registers every table, then defines what is
//! not a built-in function (the classes, the built-in enums, the process globals); a few
//! builtins are made when code first names them (`lazy_builtin`).

mod args;
mod array;
mod array_iter;
mod array_order;
mod bytes;
mod contracts;
mod core;
pub(crate) mod declare;
mod duration;
mod enums;
mod eval;
mod exception;
mod freeze;
mod fs;
mod function;
mod future;
mod gene;
mod generator;
pub(crate) mod global_values;
mod hash_map;
pub(crate) mod io;
pub(crate) mod iterator;
mod json;
mod map;
mod math;
mod namespaces;
mod process;
mod range;
pub(crate) mod regex;
mod selector;
mod serdes;
mod string;
mod string_search;
pub(crate) mod subprocess;
mod system;
pub(crate) mod time;
mod types;
mod value;

pub(crate) use declare::{Builtin, Called};
pub(crate) use types::{builtin_classes, BuiltinClasses};

use crate::vm::Vm;

/// Every module's built-ins.
static TABLES: &[&[Builtin]] = &[
    core::BUILTINS,
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
    array_iter::BUILTINS,
    array_order::BUILTINS,
    map::BUILTINS,
    gene::BUILTINS,
    freeze::BUILTINS,
    selector::BUILTINS,
    hash_map::BUILTINS,
    contracts::BUILTINS,
    generator::BUILTINS,
    iterator::BUILTINS,
    range::BUILTINS,
    future::BUILTINS,
    regex::BUILTINS,
    bytes::BUILTINS,
    json::BUILTINS,
    serdes::BUILTINS,
    io::BUILTINS,
    fs::BUILTINS,
    system::BUILTINS,
    subprocess::BUILTINS,
    time::BUILTINS,
    duration::BUILTINS,
];

pub(crate) fn install(vm: &mut Vm) {
    declare::install(vm, TABLES);
    types::install(vm);
    enums::install(vm);
    process::install(vm);
    future::install(vm);
    math::install(vm);
    io::install(vm);
    subprocess::install(vm);
    regex::install(vm);
}

/// What makes a builtin that is made only when code first names it: each would otherwise
/// cost every collection of every program the marking of what it holds.
pub(crate) type LazyBuiltin = fn(&mut Vm) -> Result<crate::value::Value, crate::vm::VmError>;

/// The builtins made when code first names them, with their makers.
const LAZY_BUILTINS: [(&str, LazyBuiltin); 9] = [
    ("$env", process::make_env),
    ("$cwd", process::make_cwd),
    ("gene", namespaces::make_gene),
    ("genex", namespaces::make_genex),
    ("time", namespaces::make_time),
    ("math", namespaces::make_math),
    ("system", system::make_system),
    ("Dir", namespaces::make_dir),
    ("File", namespaces::make_file),
];

/// The maker of the lazy builtin `name`, if it is one (`Vm::grow_module` asks).
pub(crate) fn lazy_builtin(name: &str) -> Option<LazyBuiltin> {
    LAZY_BUILTINS
        .iter()
        .find(|(lazy, _)| *lazy == name)
        .map(|&(_, make)| make)
}

/// The names of the lazy builtins: defined for every program, made or not yet.
pub(crate) fn lazy_builtin_names() -> impl Iterator<Item = &'static str> {
    LAZY_BUILTINS.iter().map(|&(name, _)| name)
}
