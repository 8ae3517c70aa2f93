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
