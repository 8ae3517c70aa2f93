//! What the compiler must get right at its edges: the constant pool keeps distinct values
//! apart and mutable quoted data unshared, large programs compile in linear time, and every
//! limit of the bytecode (operand widths) is a compile error with a place, never a panic.
//! The large programs are generated here rather than checked in.

mod common;

use std::fmt::Write;

use common::prints;

#[test]
fn signed_zeros_are_two_constants() {
    prints("(println 0.0 -0.0)", "0.0 -0.0\n");
    prints("(println (1 / -0.0) (1 / 0.0))", "-inf inf\n");
}

#[test]
fn equal_quoted_literals_are_separate_objects() {
    prints(
        "(var a `[1 2]) (var b `[1 2]) (a .push 3) (println a b)",
        "[1 2 3] [1 2]\n",
    );
    prints(
        "(var a `{^k 1}) (var b `{^k 1}) (a/k = 2) (println a/k b/k)",
        "2 1\n",
    );
}

#[test]
fn sixty_thousand_string_constants_compile_quickly() {
    let mut code = String::from("(var n 0)\n");
    for i in 0..60_000 {
        let _ = writeln!(code, "(n += (\"s{i}\" .size))");
    }
    code.push_str("(println n)\n");
    let started = std::time::Instant::now();
    // 10 * 2 + 90 * 3 + 900 * 4 + 9000 * 5 + 50000 * 6 characters.
    prints(&code, "348890\n");
    // It took 10 s when each constant was looked for by scanning the pool.
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
}

/// The message of the error compiling `code` gives, and the source text it points at.
fn compile_error(code: &str) -> (String, String) {
    let data = gene_syntax::parse_str(code).expect("the test program reads");
    let error = gene_compiler::compile_program(&data, &mut gene_compiler::Globals::new())
        .expect_err("the test program is over a limit");
    let text = &code[error.span.start as usize..error.span.end as usize];
    (error.message, text.to_string())
}

#[test]
fn too_many_global_names() {
    let mut code = String::new();
    for i in 0..66_000 {
        let _ = writeln!(code, "(var v{i} {i})");
    }
    let (message, at) = compile_error(&code);
    assert_eq!(
        message,
        "a program may define at most 65,536 global names (top-level variables, functions and \
         names it reads)"
    );
    assert_eq!(at, "(var v65536 65536)");
    // Through the VM, which has globals of its own, the error ends the run (it panicked).
    let (printed, error) = common::run(&code);
    assert_eq!(
        (printed.as_str(), error.as_deref()),
        ("", Some(message.as_str()))
    );
}

#[test]
fn too_many_constants_in_one_function() {
    let mut code = String::from("(fn f []\n");
    for i in 0..65_537 {
        let _ = writeln!(code, "  (println \"s{i}\")");
    }
    code.push(')');
    let (message, at) = compile_error(&code);
    assert_eq!(
        message,
        "a function may have at most 65,536 constants; split it into smaller functions"
    );
    assert_eq!(at, "\"s65536\"");
}

#[test]
fn too_many_property_sites_in_one_function() {
    let mut code = String::from("(fn f [m]\n");
    for _ in 0..65_537 {
        code.push_str("  (println m/a)\n");
    }
    code.push(')');
    let (message, at) = compile_error(&code);
    assert_eq!(message, "too many property sites in one function");
    assert_eq!(at, "m/a");
}

#[test]
fn too_many_registers() {
    let mut code = String::from("(fn f []\n");
    for i in 0..300 {
        let _ = writeln!(code, "  (var a{i} {i})");
    }
    code.push(')');
    let (message, at) = compile_error(&code);
    assert_eq!(
        message,
        "this function needs more than 255 registers; split it into smaller functions"
    );
    assert_eq!(at, "(var a254 254)");
}

#[test]
fn too_many_captured_variables() {
    // 150 locals two levels out and 150 one level out: 300 upvalues, past the 256 an upvalue
    // index can name, though each function has registers enough.
    let mut code = String::from("(fn outer []\n");
    for i in 0..150 {
        let _ = writeln!(code, "  (var a{i} {i})");
    }
    code.push_str("  (fn middle []\n");
    for i in 0..150 {
        let _ = writeln!(code, "    (var b{i} {i})");
    }
    code.push_str("    (fn inner []\n      [");
    for i in 0..150 {
        let _ = write!(code, " a{i} b{i}");
    }
    code.push_str("])))");
    let (message, at) = compile_error(&code);
    assert_eq!(message, "a function may capture at most 256 variables");
    assert_eq!(at, "a128");
}

#[test]
fn a_branch_too_long_to_jump_over() {
    let mut code = String::from("(var c true) (var n 0)\n(if c\n");
    for _ in 0..12_000 {
        code.push_str("  (n += 1)\n");
    }
    code.push_str(")\n");
    let (message, at) = compile_error(&code);
    assert_eq!(message, "this body is too long to jump over");
    assert!(at.starts_with("(if c"), "{at}");
}
