//! Links `gene` as a position-dependent executable on Linux with the GNU toolchain.
//!
//! A position-independent `gene` spends a fifth of an empty program's start-up in the
//! dynamic loader: the standard library's declaration tables hold some 16,000 pointers,
//! each relocated, and every page they sit on copied, before `main` runs. Fixed at link
//! time, they cost nothing. The price is that the executable's own code is not placed at a
//! random address (libraries, heap and stacks still are), a defence against memory-safety
//! exploits that safe Rust is not open to in the first place (docs/decisions.md,
//! "Start-up").

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bin=gene=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
