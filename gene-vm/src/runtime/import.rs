//! File modules (spec 8.3): finding the file an `import` names, loading each file once, and
//! reading its exports.
//!
//! A path resolves against the directory of the importing module's file (the current
//! directory for code from no file: `eval`, the REPL); `"lib"` means `lib.gene`, or `lib`
//! itself if there is no such file. A module is keyed by its canonical path, so two
//! spellings of one file load it once. Loading compiles the file into a module of its own,
//! runs it to its end, and then copies the values of the globals its top level defined with
//! `/name` (or `$ns/name`) into its namespace: those are its exports, read by `ImportName`
//! and `ImportAll`. A module that fails leaves nothing in the cache, so importing it again
//! raises again. The files being loaded form the chain of imports, and importing one of
//! them again is a circular import.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use gene_syntax::SourceFile;

use crate::code_cache::Lookup;
use crate::heap::{Gc, Tracer};
use crate::runtime::errors::ErrorKind;
use crate::runtime::module::Module;
use crate::runtime::namespace::Namespace;
use crate::value::Value;
use crate::vm::{out_of_memory, Vm, VmError};

/// The modules loaded so far and the chain of those loading now.
#[derive(Default)]
pub(crate) struct ModuleCache {
    /// Every module that has run to its end, by canonical path.
    loaded: HashMap<PathBuf, Gc<Module>>,
    /// The files being loaded, outermost first.
    loading: Vec<PathBuf>,
}

impl ModuleCache {
    /// Every module loaded so far, in the order of their paths (`stdlib/serdes.rs` looks
    /// for what they export).
    pub(crate) fn loaded_modules(&self) -> Vec<Gc<Module>> {
        let mut modules: Vec<(&PathBuf, Gc<Module>)> = self
            .loaded
            .iter()
            .map(|(path, &module)| (path, module))
            .collect();
        modules.sort_by(|a, b| a.0.cmp(b.0));
        modules.into_iter().map(|(_, module)| module).collect()
    }

    pub(crate) fn mark(&self, tracer: &mut Tracer) {
        for module in self.loaded.values() {
            tracer.mark(module.value());
        }
    }
}

fn import_error(message: String) -> VmError {
    VmError::of(ErrorKind::Import, message)
}

/// How a file is named in messages: relative to the current directory when it is under it.
fn shown(path: &Path) -> String {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf));
    match relative {
        Some(relative) if relative.as_os_str().is_empty() => ".".to_string(),
        Some(relative) => relative.display().to_string(),
        None => path.display().to_string(),
    }
}

/// The file `spec` names from `dir`: `spec.gene`, else `spec` itself.
fn resolve(dir: &Path, spec: &str) -> Option<PathBuf> {
    let exact = dir.join(spec);
    let candidates = if spec.ends_with(".gene") {
        vec![exact]
    } else {
        vec![dir.join(format!("{spec}.gene")), exact]
    };
    candidates
        .into_iter()
        .find(|path| path.is_file())
        .and_then(|path| path.canonicalize().ok())
}

impl Vm {
    /// Where `module` imports from: its file's directory, or the current directory.
    fn import_dir(&self, module: Gc<Module>) -> PathBuf {
        match module
            .get(&self.heap)
            .path
            .as_deref()
            .and_then(Path::parent)
        {
            Some(dir) => dir.to_path_buf(),
            None => std::env::current_dir().unwrap_or_else(|_| PathBuf::from(".")),
        }
    }

    /// The files of the chain of imports: the main program's (if it is a file), then those
    /// loading now.
    fn import_chain(&self) -> Vec<PathBuf> {
        let main = self.main_module.get(&self.heap).path.clone();
        main.into_iter()
            .chain(self.modules.loading.iter().cloned())
            .collect()
    }

    /// `(import … from "spec")` in `importer`: the module, loaded and run the first time.
    pub(crate) fn import_module(
        &mut self,
        importer: Gc<Module>,
        spec: &str,
    ) -> Result<Value, VmError> {
        let dir = self.import_dir(importer);
        let Some(path) = resolve(&dir, spec) else {
            let tried = if spec.ends_with(".gene") {
                format!("no file {spec}")
            } else {
                format!("no file {spec}.gene or {spec}")
            };
            return Err(import_error(format!(
                "cannot import \"{spec}\": {tried} in {}",
                shown(&dir)
            )));
        };
        if let Some(&module) = self.modules.loaded.get(&path) {
            return Ok(module.value());
        }
        let chain = self.import_chain();
        if let Some(start) = chain.iter().position(|p| *p == path) {
            let cycle: Vec<String> = chain[start..]
                .iter()
                .chain(std::iter::once(&path))
                .map(|p| shown(p))
                .collect();
            return Err(import_error(format!(
                "circular import: {}",
                cycle.join(" imports ")
            )));
        }
        self.load_module(path)
    }

    /// Compiles and runs the file at `path` (canonical) as a new module, then publishes its
    /// exports and caches it.
    fn load_module(&mut self, path: PathBuf) -> Result<Value, VmError> {
        let name = shown(&path);
        let text = std::fs::read_to_string(&path).map_err(|error| {
            VmError::of(ErrorKind::Io, format!("cannot import {name}: {error}"))
        })?;
        let source = Rc::new(SourceFile::new(name.clone(), text));
        let module = self
            .heap
            .alloc(Module {
                path: Some(path.clone()),
                source: Some(source.clone()),
                ..Module::new()
            })
            .map_err(out_of_memory)?;
        let mut proto = match self.cached_code(&source, module) {
            Lookup::Hit(proto) => proto,
            lookup => {
                let proto = self.compile_file(&source, module)?;
                if let Lookup::Store(path) = lookup {
                    self.store_code(&source, module, &proto, &path);
                }
                proto
            }
        };
        proto.name = format!("<module {name}>");
        let warnings = std::mem::take(&mut proto.warnings);
        self.deliver_warnings(warnings, || source.clone());
        self.grow_module(module);
        let function = self.load(proto, module)?;
        self.modules.loading.push(path.clone());
        self.native_depth += 1;
        let result = self.run_main(function);
        self.native_depth -= 1;
        self.modules.loading.pop();
        result?;
        // From here to the cache nothing collects (allocation never does), so the module
        // needs no rooting.
        self.publish_exports(module)?;
        self.modules.loaded.insert(path, module);
        Ok(module.value())
    }

    /// Reads and compiles the text of an imported file into `module`'s globals.
    fn compile_file(
        &mut self,
        source: &SourceFile,
        module: Gc<Module>,
    ) -> Result<gene_compiler::FunctionProto, VmError> {
        let data = gene_syntax::parse(source).map_err(|errors| {
            let first = errors.first().map_or(String::new(), |error| {
                format!("{}: {}", source.location(error.span), error.message)
            });
            VmError::of(ErrorKind::Parse, format!("cannot import {first}"))
        })?;
        let proto = gene_compiler::compile_module(&data, &mut module.get_mut(&mut self.heap).names)
            .map_err(|error| {
                let message = format!(
                    "cannot import {}: compile error: {}",
                    source.location(error.span),
                    error.message
                );
                let error_help = error.help;
                let error = VmError::of(ErrorKind::Parse, message);
                match error_help {
                    Some(help) => error.with_help(help),
                    None => error,
                }
            })?;
        Ok(proto)
    }

    /// The namespace of `module` (`$ns` at its top level), made on first use.
    pub(crate) fn module_namespace(
        &mut self,
        module: Gc<Module>,
    ) -> Result<Gc<Namespace>, VmError> {
        if let Some(namespace) = module.get(&self.heap).namespace {
            return Ok(namespace);
        }
        let stem = module
            .get(&self.heap)
            .path
            .as_deref()
            .and_then(Path::file_stem)
            .map_or_else(|| "main".to_string(), |s| s.to_string_lossy().into_owned());
        let name = self.symbols.intern(&stem);
        let namespace = self
            .heap
            .alloc(Namespace {
                name,
                members: Default::default(),
            })
            .map_err(out_of_memory)?;
        module.get_mut(&mut self.heap).namespace = Some(namespace);
        Ok(namespace)
    }

    /// Copies the values of the globals `module` defined with `/name` into its namespace.
    fn publish_exports(&mut self, module: Gc<Module>) -> Result<(), VmError> {
        let namespace = self.module_namespace(module)?;
        let exports: Vec<(String, Value)> = {
            let module = module.get(&self.heap);
            module
                .names
                .exports()
                .filter_map(|slot| {
                    let value = *module.values.get(usize::from(slot.0))?;
                    (value != Value::UNDEFINED)
                        .then(|| (module.names.name(slot).to_string(), value))
                })
                .collect()
        };
        for (name, value) in exports {
            let key = self.symbols.intern(&name);
            namespace.get_mut(&mut self.heap).members.insert(key, value);
        }
        Ok(())
    }

    /// What `ImportName` reads: the export `path` (`f`, `n/f`) of the module in `from`, or,
    /// when `from` is any other value, the members after the path's first segment (which
    /// names `from` itself).
    pub(crate) fn import_name(&mut self, from: Value, path: &str) -> Result<Value, VmError> {
        let mut segments = path.split('/');
        let first = segments.next().unwrap_or_default();
        let mut current = match self.heap.downcast::<Module>(from) {
            Some(module) => self.module_export(module, first)?,
            None => from,
        };
        let mut walked = first.to_string();
        for segment in segments {
            let key = self.symbols.intern(segment);
            let next = self.select_member(current, key)?;
            if next == Value::VOID {
                return Err(import_error(format!(
                    "cannot import {path}: {walked} has no member `{segment}`"
                )));
            }
            walked = format!("{walked}/{segment}");
            current = next;
        }
        Ok(current)
    }

    /// The export `name` of `module`; a name it defines without exporting gets a hint.
    fn module_export(&mut self, module: Gc<Module>, name: &str) -> Result<Value, VmError> {
        let namespace = self.module_namespace(module)?;
        let key = self.symbols.intern(name);
        if let Some(&value) = namespace.get(&self.heap).members.get(&key) {
            return Ok(value);
        }
        let file = module
            .get(&self.heap)
            .path
            .as_deref()
            .map_or_else(|| "the module".to_string(), shown);
        let message = if module.get(&self.heap).get(name).is_some() {
            format!(
                "{file} does not export `{name}`: it defines it without `/` (write `/{name}` \
                 to export it)"
            )
        } else {
            format!("{file} does not export `{name}`")
        };
        Err(import_error(message))
    }

    /// `ImportAll`: defines in `into` every export of the module in `from`, or every member
    /// of the namespace in `from`.
    pub(crate) fn import_all(&mut self, into: Gc<Module>, from: Value) -> Result<(), VmError> {
        let namespace = match self.heap.downcast::<Module>(from) {
            Some(module) => self.module_namespace(module)?,
            None => self.heap.downcast::<Namespace>(from).ok_or_else(|| {
                VmError::type_error(format!(
                    "`*` imports the members of a namespace, not of {}",
                    crate::print::type_name(self, from)
                ))
            })?,
        };
        let members: Vec<(String, Value)> = namespace
            .get(&self.heap)
            .members
            .iter()
            .filter(|(key, _)| self.symbols.name(**key) != "on_member_missing")
            .map(|(&key, &value)| (self.symbols.name(key).to_string(), value))
            .collect();
        for (name, value) in members {
            if !into.get_mut(&mut self.heap).define(&name, value) {
                return Err(import_error(format!(
                    "cannot import `{name}`: a module holds at most {} global names",
                    gene_compiler::Globals::MAX
                )));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;
    use crate::vm::Vm;

    /// A temporary directory holding `files`, removed when dropped.
    struct Files(std::path::PathBuf);

    impl Files {
        fn new(tag: &str, files: &[(&str, &str)]) -> Files {
            let dir = std::env::temp_dir().join(format!("gene-{tag}-{}", std::process::id()));
            for (name, text) in files {
                let path = dir.join(name);
                std::fs::create_dir_all(path.parent().expect("a parent")).expect("temp dir");
                std::fs::write(path, text).expect("write");
            }
            Files(dir)
        }
    }

    impl Drop for Files {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    /// Each file runs once, keyed by its canonical path, and only its `/` names are
    /// exported.
    #[test]
    // These write module files; Miri does not emulate the file system.
    #[cfg_attr(miri, ignore)]
    fn modules_load_once_and_export_their_slash_names() {
        let files = Files::new(
            "import-once",
            &[
                ("lib.gene", "(var /loads 0) (fn /f [] 1) (fn private [] 2)"),
                (
                    "main.gene",
                    "(import f from \"lib\") (import f:g from \"./lib.gene\") (g)",
                ),
            ],
        );
        let mut vm = Vm::new();
        let value = vm.run_file(files.0.join("main.gene")).expect("runs");
        assert_eq!(vm.to_int(&value), Some(1));
        assert_eq!(vm.modules.loaded.len(), 1);
        let module = *vm.modules.loaded.values().next().expect("one");
        let exports: Vec<String> = module
            .get(&vm.heap)
            .names
            .exports()
            .map(|slot| module.get(&vm.heap).names.name(slot).to_string())
            .collect();
        assert_eq!(exports, ["loads", "f"]);
        // The importer's globals are its own: `loads` was never imported.
        assert!(vm.global_value("loads").is_none());
    }

    /// A circle of imports is an error, and the files of the circle are not cached.
    #[test]
    // These write module files; Miri does not emulate the file system.
    #[cfg_attr(miri, ignore)]
    fn a_circle_of_imports_is_an_import_error() {
        let files = Files::new(
            "import-circle",
            &[
                ("a.gene", "(import b from \"b\") (var /a 1)"),
                ("b.gene", "(import a from \"a\") (var /b 1)"),
            ],
        );
        let mut vm = Vm::new();
        let Err(crate::EvalError::Runtime(error)) = vm.run_file(files.0.join("a.gene")) else {
            panic!("a circular import fails");
        };
        assert_eq!(error.kind, crate::ErrorKind::Import);
        assert!(
            error.message.starts_with("circular import: "),
            "{}",
            error.message
        );
        assert!(vm.modules.loaded.is_empty() && vm.modules.loading.is_empty());
    }

    /// `"lib"` finds `lib.gene` before a file named `lib`, and a name with the extension
    /// finds only itself.
    #[test]
    // These write module files; Miri does not emulate the file system.
    #[cfg_attr(miri, ignore)]
    fn paths_resolve_with_and_without_the_extension() {
        let dir = std::env::temp_dir().join(format!("gene-import-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("sub")).expect("temp dir");
        std::fs::write(dir.join("lib.gene"), "1").expect("write");
        std::fs::write(dir.join("lib"), "2").expect("write");
        std::fs::write(dir.join("sub/only"), "3").expect("write");
        let found = |spec: &str| resolve(&dir, spec).map(|p| p.file_name().unwrap().to_owned());
        assert_eq!(found("lib").as_deref(), Some("lib.gene".as_ref()));
        assert_eq!(found("lib.gene").as_deref(), Some("lib.gene".as_ref()));
        assert_eq!(found("./sub/only").as_deref(), Some("only".as_ref()));
        assert_eq!(found("sub/../lib").as_deref(), Some("lib.gene".as_ref()));
        assert_eq!(found("missing"), None);
        std::fs::remove_dir_all(&dir).expect("clean up");
    }
}
