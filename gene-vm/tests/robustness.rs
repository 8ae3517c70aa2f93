//! Random programs never panic the VM: whatever they do, `eval` returns a value or a Gene
//! error, and the VM stays usable. Each program also runs a second time with the collector
//! stressed (every safepoint collects), and both runs must print and raise exactly the same:
//! a value the VM forgot to root shows up as a difference (or, under `gc-verify`, a panic).
//! Loops are bounded and recursion hits a small depth limit, so every program ends.

mod common;

use std::cell::Cell;

use common::Captured;
use gene_vm::{EvalError, Vm};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;

fn atom() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("nil".to_string()),
        Just("void".to_string()),
        Just("true".to_string()),
        Just("0".to_string()),
        Just("-1".to_string()),
        Just("9223372036854775807".to_string()),
        Just("1.5".to_string()),
        Just("\"s\"".to_string()),
        Just("'c'".to_string()),
        Just("x".to_string()),
        Just("undefined".to_string()),
        Just("[1 \"a\" [2]]".to_string()),
        Just("{^a 1 ^b [2]}".to_string()),
        Just("`(f ^k 1 2)".to_string()),
        Just("(1 .. 3)".to_string()),
        Just("#[1 2]".to_string()),
        Just("0#ff".to_string()),
        Just("2024-01-02".to_string()),
        Just("x/0".to_string()),
        Just("x/a/!".to_string()),
        Just("Int".to_string()),
        Just("(Some 1)".to_string()),
        Just("#\"v=#{x}\"".to_string()),
    ]
}

fn expr() -> impl Strategy<Value = String> {
    atom().prop_recursive(4, 48, 4, |inner| {
        let op = prop_oneof![
            Just("+"),
            Just("-"),
            Just("*"),
            Just("/"),
            Just("%"),
            Just("<"),
            Just("=="),
            Just("&&"),
            Just("||"),
            Just("&|&"),
            Just("is"),
        ];
        let method = prop_oneof![
            Just(".size"),
            Just(".get"),
            Just(".push"),
            Just(".set"),
            Just(".map"),
            Just(".to_s"),
            Just(".split"),
            Just(".keys"),
            Just(".append"),
            Just(".sort"),
            Just(".type"),
            Just(".message"),
        ];
        prop_oneof![
            (inner.clone(), op, inner.clone()).prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            (
                inner.clone(),
                method,
                prop::collection::vec(inner.clone(), 0..3)
            )
                .prop_map(|(r, m, args)| format!("({r} {m} {})", args.join(" "))),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("(if {c} {a} else {b})")),
            inner.clone().prop_map(|v| format!("(var x {v})")),
            inner.clone().prop_map(|v| format!("(x = {v})")),
            inner.clone().prop_map(|v| format!("(x/0 = {v})")),
            inner
                .clone()
                .prop_map(|v| format!("(try (throw {v}) catch * ($ex .message))")),
            (inner.clone(), inner.clone())
                .prop_map(|(v, w)| format!("(case {v} when 1 {w} when (Some y) y else nil)")),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|xs| format!("[{}]", xs.join(" "))),
            inner.clone().prop_map(|v| format!("(println {v})")),
            inner.clone().prop_map(|v| format!("($render `(a %x {v}))")),
            inner.clone().prop_map(|v| format!("(typeof {v})")),
            // Functions, closures and callbacks: calls are safepoints, so the collector
            // runs inside them, with values live in several frames.
            // Named functions take atoms and call only `c`, whose body is an atom, so no
            // function calls itself (or another one) exponentially often; their loops and
            // calls are safepoints inside a callee.
            (atom(), atom()).prop_map(|(v, w)| {
                format!("(fn f [a b] (var t [a {v}]) (repeat 2 (t .push b)) (c t) {w})")
            }),
            (inner.clone(), inner.clone()).prop_map(|(v, w)| format!("(f {v} {w})")),
            atom().prop_map(|v| format!("(var c (fn [y] (x .push y) {v}))")),
            inner.clone().prop_map(|v| format!("(c {v})")),
            inner
                .clone()
                .prop_map(|v| format!("([1 \"two\" [3]] .map (fn [e] [e {v}]))")),
            inner
                .clone()
                .prop_map(|v| format!("({{^a 1 ^b [2]}} .map (fn [k e] [k e {v}]))")),
            inner
                .clone()
                .prop_map(|v| format!("(x .filter (fn [e] (var z [e {v}]) true))")),
            inner
                .clone()
                .prop_map(|v| format!("(repeat 3 (var r [{v} x]))")),
            inner
                .clone()
                .prop_map(|v| format!("(for e in [1 [2] \"3\"] (var r [e {v}]))")),
            inner
                .clone()
                .prop_map(|v| format!("(do (var i 0) (while (i < 3) (var r [{v}]) (i += 1)) r)")),
            atom().prop_map(|v| format!("(fn g [n] (if (n > 0) (g (n - 1)) else [{v}]))\n(g 5)")),
        ]
    })
}

/// How a run of a program ended: what it printed, and its error message, if any.
fn run(program: &str, stress: bool) -> (String, Option<String>, usize) {
    let captured = Captured::default();
    let mut vm = Vm::new();
    vm.set_output(Box::new(captured.clone()));
    vm.set_max_call_depth(200);
    vm.set_heap_limit(64 << 20);
    vm.set_gc_stress(stress);
    // A panic fails the test; errors are fine.
    let error = match vm.eval(program) {
        Ok(_) => None,
        Err(EvalError::Runtime(error)) => Some(error.message),
        Err(EvalError::Read(errors)) => Some(format!("read error: {}", errors[0].message)),
    };
    // The VM stays usable after whatever happened.
    let after = vm.eval("(1 + 1)").ok().and_then(|v| vm.to_int(&v));
    assert_eq!(after, Some(2), "{program}");
    (captured.text(), error, vm.gc_stats().collections)
}

#[test]
fn random_programs_end_alike_with_and_without_a_stressed_collector() {
    // Under the gc-stress feature both runs are stressed; fewer cases, each slower.
    let cases = if cfg!(feature = "gc-stress") {
        200
    } else {
        2_000
    };
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let collections = Cell::new(0);
    let strategy = prop::collection::vec(expr(), 1..6);
    let result = runner.run(&strategy, |statements| {
        let program = format!("(var x [1 2 3])\n{}", statements.join("\n"));
        let (printed, error, _) = run(&program, false);
        let (stressed_printed, stressed_error, stressed_collections) = run(&program, true);
        collections.set(collections.get() + stressed_collections);
        prop_assert_eq!(
            (&printed, &error),
            (&stressed_printed, &stressed_error),
            "{}",
            program
        );
        Ok(())
    });
    if let Err(failure) = result {
        panic!("{failure}");
    }
    // The stressed runs really collected: more often than once per program.
    assert!(
        collections.get() > cases as usize,
        "{} collections in {cases} stressed runs",
        collections.get()
    );
}
