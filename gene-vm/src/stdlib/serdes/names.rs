//! Names for what the text cannot hold as data: where a class, function, enum, namespace
//! or exported instance can be found again (the exports of the loaded modules, the
//! program's globals, the builtins), and the value a reference names when it is read.

use gene_syntax::{Datum, DatumKind, Props};

use super::{gene, malformed, string, symbol};
use crate::heap::{Enum, Gc};
use crate::runtime::class::Class;
use crate::runtime::errors::ErrorKind;
use crate::runtime::module::Module;
use crate::runtime::namespace::Namespace;
use crate::value::Value;
use crate::vm::{Vm, VmError};

/// What a reference names: a path of members, below a module's exports and globals
/// (`module`, as written in the text) or below the program's globals and the builtins.
pub(super) struct Origin {
    pub(super) module: Option<String>,
    pub(super) path: String,
}

/// Where a reference's `^module` points: its file, relative to the main program's
/// directory when it is below it.
fn module_label(vm: &Vm, module: Gc<Module>) -> Option<String> {
    let path = module.get(&vm.heap).path.clone()?;
    let base = vm
        .main_module
        .get(&vm.heap)
        .path
        .as_deref()
        .and_then(std::path::Path::parent)
        .map(std::path::Path::to_path_buf)
        .or_else(|| std::env::current_dir().ok());
    let shown = base
        .and_then(|base| {
            path.strip_prefix(base)
                .ok()
                .map(std::path::Path::to_path_buf)
        })
        .unwrap_or(path);
    Some(shown.display().to_string())
}

/// The members below `value` a path may step into: a namespace's, a class's, an enum's.
pub(super) fn members_of(vm: &Vm, value: Value) -> Vec<(String, Value)> {
    let heap = &vm.heap;
    let name = |id| vm.symbols.name(id).to_string();
    if let Some(ns) = heap.downcast::<Namespace>(value) {
        ns.get(heap)
            .members
            .iter()
            .map(|(&k, &v)| (name(k), v))
            .collect()
    } else if let Some(class) = heap.downcast::<Class>(value) {
        class
            .get(heap)
            .members
            .iter()
            .map(|(&k, &v)| (name(k), v))
            .collect()
    } else if let Some(e) = heap.downcast::<Enum>(value) {
        e.get(heap)
            .members
            .iter()
            .map(|(&k, &v)| (name(k), v))
            .collect()
    } else {
        Vec::new()
    }
}

/// The path to `target` among `members` and what they hold, a few levels down.
fn search(vm: &Vm, members: &[(String, Value)], target: Value, depth: usize) -> Option<String> {
    if let Some((name, _)) = members.iter().find(|(_, v)| *v == target) {
        return Some(name.clone());
    }
    if depth == 0 {
        return None;
    }
    members.iter().find_map(|(name, value)| {
        let inner = members_of(vm, *value);
        search(vm, &inner, target, depth - 1).map(|rest| format!("{name}/{rest}"))
    })
}

pub(super) fn globals_of(vm: &Vm, module: Gc<Module>) -> Vec<(String, Value)> {
    let module = module.get(&vm.heap);
    (0..module.names.len().min(module.values.len()))
        .filter_map(|slot| {
            let value = module.values[slot];
            let name = module
                .names
                .name(gene_compiler::isa::GlobalSlot(slot as u16));
            (value != Value::UNDEFINED && !name.starts_with('$')).then(|| (name.to_string(), value))
        })
        .collect()
}

pub(super) fn exports_of(vm: &Vm, module: Gc<Module>) -> Vec<(String, Value)> {
    match module.get(&vm.heap).namespace {
        Some(ns) => members_of(vm, ns.value()),
        None => Vec::new(),
    }
}

/// Where `target` can be found again by name: first among the exports of the loaded
/// modules (so an imported class is named as its module names it, not by the importer's
/// alias), then, unless `exported_only`, the program's globals, the loaded modules'
/// globals, the builtins and the standard library's paths.
pub(super) fn find_origin(vm: &Vm, target: Value, exported_only: bool) -> Option<Origin> {
    const NESTING: usize = 3;
    let modules = vm.modules.loaded_modules();
    for &module in &modules {
        if let Some(path) = search(vm, &exports_of(vm, module), target, NESTING) {
            return Some(Origin {
                module: module_label(vm, module),
                path,
            });
        }
    }
    if exported_only {
        return None;
    }
    if let Some(path) = search(vm, &globals_of(vm, vm.main_module), target, NESTING) {
        return Some(Origin { module: None, path });
    }
    for &module in &modules {
        if let Some(path) = search(vm, &globals_of(vm, module), target, NESTING) {
            return Some(Origin {
                module: module_label(vm, module),
                path,
            });
        }
    }
    if let Some(path) = search(vm, &globals_of(vm, vm.builtins), target, NESTING) {
        return Some(Origin { module: None, path });
    }
    vm.stdlib_paths
        .iter()
        .find(|(_, value)| *value == target)
        .map(|(path, _)| Origin {
            module: None,
            path: path.to_string(),
        })
}

pub(super) fn reference(kind: &str, origin: Origin) -> Datum {
    let mut props = Props::default();
    props.insert("path".to_string(), string(&origin.path));
    if let Some(module) = origin.module {
        props.insert("module".to_string(), string(&module));
    }
    gene(symbol(kind), props, Vec::new(), false)
}

/// The value a reference's `^path` (and `^module`) names.
pub(super) fn resolve(vm: &mut Vm, props: &Props, kind: &str) -> Result<Value, VmError> {
    let text = |key: &str| match props.get(key).map(|d| &d.kind) {
        Some(DatumKind::Str(s)) | Some(DatumKind::Symbol(s)) => Ok(Some(s.clone())),
        None => Ok(None),
        Some(_) => Err(malformed(&format!("{kind}'s ^{key} must be a string"))),
    };
    let path = text("path")?.ok_or_else(|| malformed(&format!("{kind} needs a ^path")))?;
    let module = text("module")?;
    let not_found = || {
        let place = match &module {
            Some(module) => format!(" in module \"{module}\""),
            None => String::new(),
        };
        VmError::of(
            ErrorKind::Name,
            format!("gene/serdes/deserialize: {kind} \"{path}\" names nothing{place}"),
        )
    };
    let mut names = path.split('/');
    let first = names.next().unwrap_or_default();
    let mut value = match &module {
        Some(spec) => {
            let main = vm.main_module;
            let loaded = vm.import_module(main, spec)?;
            let module = vm.heap.downcast::<Module>(loaded).ok_or_else(not_found)?;
            exports_of(vm, module)
                .into_iter()
                .chain(globals_of(vm, module))
                .find(|(name, _)| name == first)
                .map(|(_, value)| value)
        }
        None if first == "gene" => vm
            .stdlib_paths
            .iter()
            .find(|(p, _)| *p == path)
            .map(|&(_, value)| value),
        None => vm.global_value(first),
    }
    .ok_or_else(not_found)?;
    if !(module.is_none() && first == "gene") {
        for name in names {
            value = members_of(vm, value)
                .into_iter()
                .find(|(member, _)| member == name)
                .map(|(_, value)| value)
                .ok_or_else(not_found)?;
        }
    }
    Ok(value)
}
