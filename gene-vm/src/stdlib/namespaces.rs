//! The built-in namespaces of spec 8.4, as far as the standard library has their contents:
//! `gene`, whose members are the standard library's globals (`gene/println` is `println`),
//! and `genex`, the extensions' namespace, empty since no extension exists yet. Paths such
//! as `gene/io` or `genex/http` are missing members (void), and importing one is an error.
//!
//! Both are made when code first names them (`stdlib::lazy_builtin`): `gene` holds a
//! reference to every builtin, which each collection would otherwise mark for programs that
//! never use it.

use crate::runtime::namespace::Namespace;
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

/// `gene`: every builtin but the `$`-names (the compiler's hooks and the program's globals
/// such as `$args`, not library functions), including functions a host defined.
pub(super) fn make_gene(vm: &mut Vm) -> Result<Value, VmError> {
    let members: Vec<(String, Value)> = {
        let builtins = vm.builtins.get(&vm.heap);
        (0..builtins.names.len())
            .filter_map(|slot| {
                let slot = gene_compiler::isa::GlobalSlot(slot as u16);
                let name = builtins.names.name(slot);
                let value = builtins.get(name)?;
                (!name.starts_with('$')).then(|| (name.to_string(), value))
            })
            .collect()
    };
    let gene = namespace(vm, "gene")?;
    for (name, value) in members {
        let key = vm.symbols.intern(&name);
        gene.get_mut(&mut vm.heap).members.insert(key, value);
    }
    // The library's own members of `gene` and its children (`gene/io/read_async`).
    let paths: Vec<(&'static str, Value)> = vm.stdlib_paths.clone();
    for (path, value) in paths {
        if let Some(rest) = path.strip_prefix("gene/") {
            vm.put_member_path(gene, rest, value);
        }
    }
    Ok(gene.value())
}

/// `time` and `math`, the reference's global spellings of `gene/time` and `gene/math`:
/// namespaces of the library's members below those paths.
pub(super) fn make_time(vm: &mut Vm) -> Result<Value, VmError> {
    child_of_gene(vm, "time")
}

pub(super) fn make_math(vm: &mut Vm) -> Result<Value, VmError> {
    child_of_gene(vm, "math")
}

fn child_of_gene(vm: &mut Vm, name: &str) -> Result<Value, VmError> {
    let child = namespace(vm, name)?;
    let prefix = format!("gene/{name}/");
    let paths: Vec<(&'static str, Value)> = vm.stdlib_paths.clone();
    for (path, value) in paths {
        if let Some(rest) = path.strip_prefix(prefix.as_str()) {
            vm.put_member_path(child, rest, value);
        }
    }
    Ok(child.value())
}

/// The reference's `Dir` namespace: its names for the directory functions of `gene/fs`.
pub(super) fn make_dir(vm: &mut Vm) -> Result<Value, VmError> {
    renamed(
        vm,
        "Dir",
        &[
            ("exists", "gene/fs/dir?"),
            ("create", "gene/fs/mkdir"),
            ("delete", "gene/fs/remove_dir"),
            ("list", "gene/fs/list"),
        ],
    )
}

/// The reference's `File` namespace: its names for the file functions of `gene/io` and
/// `gene/fs`.
pub(super) fn make_file(vm: &mut Vm) -> Result<Value, VmError> {
    renamed(
        vm,
        "File",
        &[
            ("exists", "gene/fs/file?"),
            ("read", "gene/io/read"),
            ("read_lines", "gene/io/read_lines"),
            ("write", "gene/io/write"),
            ("append", "gene/io/append"),
            ("delete", "gene/fs/remove"),
        ],
    )
}

/// A namespace `name` whose members are the standard library's functions at the paths
/// given, under other names.
fn renamed(vm: &mut Vm, name: &str, members: &[(&str, &str)]) -> Result<Value, VmError> {
    let made = namespace(vm, name)?;
    for &(member, path) in members {
        let value = vm
            .stdlib_paths
            .iter()
            .find(|&&(p, _)| p == path)
            .map(|&(_, value)| value)
            .expect("the standard library has every path a namespace renames");
        let key = vm.symbols.intern(member);
        made.get_mut(&mut vm.heap).members.insert(key, value);
    }
    Ok(made.value())
}

/// `genex`: empty.
pub(super) fn make_genex(vm: &mut Vm) -> Result<Value, VmError> {
    Ok(namespace(vm, "genex")?.value())
}

fn namespace(vm: &mut Vm, name: &str) -> Result<crate::heap::Gc<Namespace>, VmError> {
    let name = vm.symbols.intern(name);
    vm.heap
        .alloc(Namespace {
            name,
            members: Default::default(),
        })
        .map_err(out_of_memory)
}
