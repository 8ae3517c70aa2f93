//! Computes the compiler's identity for the bytecode cache (`src/cache.rs`): a hash of the
//! compiler's and the reader's sources. The crate version does not change between commits,
//! so a cache written by yesterday's build would otherwise be read by today's; hashing the
//! sources changes the identity with any edit that could change what a compile produces.

use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    // The reader's sources decide the data (and spans) compiled; inside the workspace they sit
    // beside this crate. A packaged build has no such folder: there the published reader's
    // version, pinned by this crate's manifest, stands for its sources.
    let roots = [
        manifest.join("src"),
        manifest.join("Cargo.toml"),
        manifest.join("build.rs"),
        manifest.join("../gene-syntax/src"),
        manifest.join("../gene-syntax/build.rs"),
    ];
    let mut files = Vec::new();
    for root in &roots {
        println!("cargo:rerun-if-changed={}", root.display());
        collect(root, &mut files);
    }
    files.sort();
    let mut hash = Fnv::new();
    hash.write(env!("CARGO_PKG_VERSION").as_bytes());
    for file in &files {
        let relative = file.strip_prefix(&manifest).unwrap_or(file);
        hash.write(relative.to_string_lossy().as_bytes());
        hash.write(&[0]);
        hash.write(&std::fs::read(file).unwrap_or_default());
        hash.write(&[0]);
    }
    println!("cargo:rustc-env=GENE_COMPILER_ID={:016x}", hash.0);
}

fn collect(path: &Path, files: &mut Vec<PathBuf>) {
    if path.is_file() {
        files.push(path.to_path_buf());
    } else if let Ok(entries) = std::fs::read_dir(path) {
        for entry in entries.flatten() {
            collect(&entry.path(), files);
        }
    }
}

/// FNV-1a, 64-bit: enough to tell builds apart, and a build script needs nothing faster.
struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}
