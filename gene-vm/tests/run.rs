//! Programs run through the embedding API, checking exactly what they print or raise. With
//! `--features gc-stress` every safepoint collects, which catches unrooted values.

mod common;

use common::{prints, raises, Captured, DEEP};
use gene_vm::Vm;

#[test]
fn recursion_arithmetic_and_printing() {
    prints(
        "(fn fib [n] (if (n < 2) n else ((fib (n - 1)) + (fib (n - 2))))) (println (fib 20))",
        "6765\n",
    );
    prints(
        "(println 1 \"two\" 3.5 nil true false void (10 / 4) (7 % 3) (-7 % 3) (2 * 3.0))",
        "1 two 3.5 nil true false void 2.5 1 -1 6.0\n",
    );
    prints(
        "(println (0.1 + 0.2) (1 / 3) 1e21 (10 / 2))",
        "0.30000000000000004 0.3333333333333333 1e+21 5.0\n",
    );
    prints("(print \"a\" \"b\") (println)", "a b\n");
    prints("(println (- 0.0) (- 5) (- 2.5))", "-0.0 -5 -2.5\n");
}

#[test]
fn big_integers_keep_64_bit_semantics() {
    prints(
        "(println (140737488355327 + 1) 9007199254740993 (4611686018427387904 - 1))",
        "140737488355328 9007199254740993 4611686018427387903\n",
    );
    raises(
        "(println (9223372036854775807 + 1))",
        "",
        "Integer overflow in addition",
    );
    raises(
        "(println (4611686018427387904 * 4))",
        "",
        "Integer overflow in multiplication",
    );
    raises("(println (1 % 0))", "", "Modulo by zero");
    prints("(println (1 / 0) (0.0 / 0) (-1.0 / 0))", "inf nan -inf\n");
}

#[test]
fn comparisons_logic_and_truthiness() {
    prints(
        "(println (1 < 2 < 3) (1 < 3 < 2) (3 == 3.0) (1 != 1.0) (\"abc\" == \"abc\") (\"a\" < \"b\"))",
        "true false false true true true\n",
    );
    prints(
        "(println (1 && 2) (nil || 3) (false || nil) (! nil) (! 0))",
        "2 3 nil true false\n",
    );
    prints(
        "(println (if 0 \"t\" else \"f\") (if \"\" \"t\" else \"f\") (if nil 1))",
        "t t nil\n",
    );
}

#[test]
fn loops_break_values_and_scoping() {
    prints(
        "(var i 0) (var s 0) (while (i < 10) (i += 1) (if ((i % 2) == 0) (continue)) (s += i)) (println s)",
        "25\n",
    );
    prints("(println (loop (break 5)))", "5\n");
    prints("(var r (while true (break 7))) (println r)", "7\n");
    prints("(var x 1) (do (var x 2) (println x)) (println x)", "2\n1\n");
}

#[test]
fn deep_recursion_and_tail_calls() {
    prints(
        &format!("(fn down [n] (if (n == 0) 0 else (1 + (down (n - 1))))) (println (down {DEEP}))"),
        &format!("{DEEP}\n"),
    );
    prints(
        "(fn count [n acc] (if (n == 0) acc else (count (n - 1) (acc + 1)))) (println (count 200000 0))",
        "200000\n",
    );
}

#[test]
fn errors_are_gene_errors() {
    raises("(println 1) (println (x + 1))", "1\n", "x is not defined");
    raises("(fn f [a] a) (f 1 2)", "", "Expected 1 arguments, got 2");
    raises("(1 2)", "", "1 is not callable");
    raises("(println (\"ab\" + 1))", "", "cannot add String and Int");
    let limit = if cfg!(feature = "gc-stress") {
        5 * DEEP
    } else {
        gene_vm::DEFAULT_MAX_CALL_DEPTH
    };
    raises(
        "(fn g [n] (+ 1 (g n))) (g 1)",
        "",
        &format!("stack overflow: calls nested more than {limit} deep"),
    );
}

#[test]
fn a_heap_limit_turns_runaway_allocation_into_a_catchable_error() {
    let captured = Captured::default();
    let mut vm = Vm::new();
    vm.set_output(Box::new(captured.clone()));
    // Under gc-stress every loop iteration collects, so the limit is smaller there.
    let limit = if cfg!(feature = "gc-stress") {
        64 << 10
    } else {
        2 << 20
    };
    vm.set_heap_limit(limit);
    let code = "
        (var kept [])
        (try (loop (kept .push [1 2 3])) catch * (println ($ex .message)))
        (kept = nil)
        (var ints [])
        (try (loop (ints .push 1)) catch * (println \"again\"))
        (ints = nil)
        (println \"recovered\" ([1 2] .size))";
    vm.eval(code).expect("the errors are caught");
    let printed = captured.text();
    assert_eq!(
        printed,
        format!("out of memory: the heap limit of {limit} bytes is reached\nagain\nrecovered 2\n")
    );
}

#[test]
fn data_that_contains_itself_prints_and_compares_without_overflowing() {
    prints(
        "(var x [1 2]) (x/0 = x) (println x) (var m {^a 1}) (m/me = m) (println m)",
        "[... 2]\n{^a 1 ^me ...}\n",
    );
    prints(
        "(var a [1]) (a/0 = a) (var b [1]) (b/0 = b) (var c [2 a]) (println (a == a) (a == b) (a == c))",
        "true true false\n",
    );
    raises(
        "(var t `(f %x)) (var x t) (t/0 = t) ($render t)",
        "",
        "a template nested more than 100 deep (or containing itself) cannot be rendered",
    );
}
