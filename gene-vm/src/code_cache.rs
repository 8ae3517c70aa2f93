//! Loading modules from compiled bytes (`gene_compiler::cache`) with the semantics of
//! compiling them: the host's [`CodeStore`] keeps the bytes of each file's compile, and
//! the main program and every imported file are taken from it when it holds a compile of
//! exactly their current text by this build of the compiler.
//!
//! A module's compile depends on the text and on the globals its module starts with. Both
//! the main program of `gene run` and an imported file start from none (the standard
//! library is seeded into slots after compiling, `runtime/module.rs`), so the cache is
//! used only for a module whose globals are still empty; a host that defined globals in
//! the main module first gets a fresh compile, which is not stored. What is read from the
//! store is decoded without trust and then verified before it is accepted, so a damaged
//! or hostile entry is refused (and the file compiled and stored anew), never run; the
//! verifier runs once more when the code is loaded, exactly as for fresh code.

use std::path::{Path, PathBuf};

use gene_compiler::cache::{decode_for_source, encode, CompiledModule};
use gene_compiler::FunctionProto;
use gene_syntax::SourceFile;

use crate::embed::Handle;
use crate::heap::Gc;
use crate::runtime::module::Module;
use crate::vm::{EvalError, Vm, VmError};

/// Where compiled modules are kept between runs; the host decides where (`gene` keeps them
/// in a cache directory). Failing to store is the store's to ignore.
pub trait CodeStore {
    /// The bytes stored for the file at `path` (canonical), if any.
    fn load(&mut self, path: &Path) -> Option<Vec<u8>>;
    /// Keeps `bytes` as the compile of the file at `path`.
    fn store(&mut self, path: &Path, bytes: &[u8]);
    /// Told that what [`CodeStore::load`] gave for `path` was used.
    fn used(&mut self, _path: &Path) {}
    /// Told that what [`CodeStore::load`] gave for `path` was refused, and why; the file is
    /// compiled and stored anew.
    fn refused(&mut self, _path: &Path, _reason: &str) {}
}

/// What the store offers for a module: its code, or why it must be compiled.
// Made once per module load, so its size does not matter.
#[allow(clippy::large_enum_variant)]
pub(crate) enum Lookup {
    /// The store held this compile; the module's globals are installed.
    Hit(FunctionProto),
    /// Compile it, then store the result under this path.
    Store(PathBuf),
    /// Compile it, and store nothing: no store, no file, or globals already named.
    Compile,
}

impl Vm {
    /// Keeps compiled modules in `store` (or, with `None`, compiles every file each run).
    pub fn set_code_store(&mut self, store: Option<Box<dyn CodeStore>>) {
        self.code_store = store;
    }

    /// The code of `source`, the file of `module`, if the store has a compile of it.
    pub(crate) fn cached_code(&mut self, source: &SourceFile, module: Gc<Module>) -> Lookup {
        let path = {
            let module = module.get(&self.heap);
            match &module.path {
                Some(path) if self.code_store.is_some() && module.names.is_empty() => path.clone(),
                _ => return Lookup::Compile,
            }
        };
        let Some(store) = self.code_store.as_mut() else {
            return Lookup::Compile;
        };
        let Some(bytes) = store.load(&path) else {
            return Lookup::Store(path);
        };
        let compiled = decode_for_source(&bytes, source.text()).and_then(|compiled| {
            // Refused here rather than failing the load: a bad entry is rebuilt.
            match gene_compiler::verify(&compiled.proto, compiled.globals.len()) {
                Ok(()) => Ok(compiled),
                Err(_) => Err(gene_compiler::cache::CacheError::Malformed(
                    "bytecode the verifier refuses",
                )),
            }
        });
        match compiled {
            Ok(compiled) => {
                store.used(&path);
                module.get_mut(&mut self.heap).names = compiled.globals;
                Lookup::Hit(compiled.proto)
            }
            Err(error) => {
                store.refused(&path, &error.to_string());
                Lookup::Store(path)
            }
        }
    }

    /// Stores the compile `proto` of `source`, the file at `path`, with the globals it left
    /// in `module`.
    pub(crate) fn store_code(
        &mut self,
        source: &SourceFile,
        module: Gc<Module>,
        proto: &FunctionProto,
        path: &Path,
    ) {
        let bytes = encode(proto, &module.get(&self.heap).names, source.text(), None);
        if let Some(store) = self.code_store.as_mut() {
            store.store(path, &bytes);
        }
    }

    /// Runs a compiled program (`gene compile -o`, read with
    /// `gene_compiler::cache::decode_program`) as the main program, as [`Vm::run_program`]
    /// runs its source: it is verified first. The main module must not have named globals
    /// yet (the program was compiled against none).
    /// Its warnings are not delivered: whoever compiled it saw them.
    pub fn run_compiled_program(
        &mut self,
        mut compiled: CompiledModule,
    ) -> Result<Handle, EvalError> {
        compiled.proto.warnings.clear();
        let module = self.main_module;
        if !module.get(&self.heap).names.is_empty() {
            return Err(EvalError::Runtime(VmError::new(
                "compiled code runs only in a fresh VM: this one has globals already",
            )));
        }
        module.get_mut(&mut self.heap).names = compiled.globals;
        let result = self.run_compiled(compiled.proto, module);
        self.finish_run(result)
    }
}
