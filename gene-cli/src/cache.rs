//! `gene run`'s bytecode cache on disk: a [`gene_vm::CodeStore`] keeping each file's compile
//! in the user's cache directory (`$GENE_CACHE_DIR`, else `$XDG_CACHE_HOME/gene/bytecode`,
//! else `~/.cache/gene/bytecode`), one entry per source file named by a hash of its
//! canonical path, so source trees stay clean and read-only ones are cached too (see
//! `docs/decisions.md`). `GENE_NO_CACHE=1` (or `--no-cache`) turns it off;
//! `GENE_CACHE_LOG=1` reports each hit, refusal and write on standard error.

use std::path::{Path, PathBuf};

/// The cache directory, unless caching is off.
pub(crate) fn directory(no_cache: bool) -> Option<PathBuf> {
    if no_cache || std::env::var_os("GENE_NO_CACHE").is_some_and(|v| !v.is_empty() && v != "0") {
        return None;
    }
    if let Some(dir) = std::env::var_os("GENE_CACHE_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cache")))?;
    Some(base.join("gene").join("bytecode"))
}

/// Cache entries in one directory.
pub(crate) struct DirStore {
    dir: PathBuf,
    log: bool,
}

impl DirStore {
    pub(crate) fn new(dir: PathBuf) -> DirStore {
        let log = std::env::var_os("GENE_CACHE_LOG").is_some_and(|v| !v.is_empty());
        DirStore { dir, log }
    }

    /// The entry of the file at `path`: its stem (for people) and a hash of the whole path.
    fn entry(&self, path: &Path) -> PathBuf {
        let text = path.to_string_lossy();
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in text.bytes() {
            hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        let stem = path
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
        self.dir.join(format!("{stem}-{hash:016x}.gbc"))
    }

    fn note(&self, what: &str, path: &Path) {
        if self.log {
            stderr_line!("gene cache: {what} {}", path.display());
        }
    }
}

impl gene_vm::CodeStore for DirStore {
    fn load(&mut self, path: &Path) -> Option<Vec<u8>> {
        let bytes = std::fs::read(self.entry(path)).ok();
        if bytes.is_none() {
            self.note("miss", path);
        }
        bytes
    }

    /// Written to a temporary file renamed into place, so a reader (another run, a test in
    /// parallel) sees a whole entry or none; any failure (a read-only directory) is skipped.
    fn store(&mut self, path: &Path, bytes: &[u8]) {
        let entry = self.entry(path);
        let temp = entry.with_extension(format!("tmp{}", std::process::id()));
        let written = std::fs::create_dir_all(&self.dir)
            .and_then(|()| std::fs::write(&temp, bytes))
            .and_then(|()| std::fs::rename(&temp, &entry));
        match written {
            Ok(()) => self.note("wrote", path),
            Err(_) => {
                let _ = std::fs::remove_file(&temp);
            }
        }
    }

    fn used(&mut self, path: &Path) {
        self.note("hit", path);
    }

    fn refused(&mut self, path: &Path, reason: &str) {
        self.note(&format!("refused ({reason})"), path);
    }
}
