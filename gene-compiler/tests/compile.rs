//! Bytecode snapshots: each `tests/compile/*.gene` program beside the disassembly of what it
//! compiles to (or the compile error). Review changes with `cargo insta review`.

use gene_compiler::{compile_module, compile_program, Globals};

#[test]
fn compiled_programs_match_their_snapshots() {
    insta::glob!("compile/*.gene", |path| {
        let source = std::fs::read_to_string(path).expect("readable test input");
        let data = gene_syntax::parse_str(&source).expect("test inputs read");
        let mut globals = Globals::new();
        let listing = match compile_program(&data, &mut globals) {
            Ok(proto) => proto.disassembly(),
            Err(error) => format!("compile error at {}: {}\n", error.span, error.message),
        };
        insta::assert_snapshot!(format!("{source}\n---\n{listing}"));
    });
}

/// Files compiled as programs (`compile_module`): their private top-level variables in
/// registers.
#[test]
fn compiled_modules_match_their_snapshots() {
    insta::glob!("module/*.gene", |path| {
        let source = std::fs::read_to_string(path).expect("readable test input");
        let data = gene_syntax::parse_str(&source).expect("test inputs read");
        let mut globals = Globals::new();
        let listing = match compile_module(&data, &mut globals) {
            Ok(proto) => proto.disassembly(),
            Err(error) => format!("compile error at {}: {}\n", error.span, error.message),
        };
        insta::assert_snapshot!(format!("{source}\n---\n{listing}"));
    });
}
