//! Prints the bytecode `gene run` would run for a file, compiled as a module:
//! `cargo run -p gene-compiler --example disasm -- FILE`.

use gene_compiler::{compile_module, Globals};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: disasm FILE");
        std::process::exit(2);
    };
    let source = match std::fs::read_to_string(&path) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::exit(2);
        }
    };
    let data = match gene_syntax::parse_str(&source) {
        Ok(data) => data,
        Err(errors) => {
            eprintln!("{path}: {errors:?}");
            std::process::exit(1);
        }
    };
    match compile_module(&data, &mut Globals::new()) {
        Ok(proto) => print!("{}", proto.disassembly()),
        Err(error) => {
            eprintln!("{path}:{}: {}", error.span, error.message);
            std::process::exit(1);
        }
    }
}
