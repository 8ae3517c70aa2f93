//! Random programs never panic the VM: whatever they do, `eval` returns a value or a Gene
//! error. The generator leaves out loops and function definitions, so every program ends.

mod common;

use common::Captured;
use gene_vm::Vm;
use proptest::prelude::*;

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
            inner.prop_map(|v| format!("(typeof {v})")),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if cfg!(feature = "gc-stress") { 64 } else { 512 }))]

    #[test]
    fn random_programs_end_in_a_value_or_a_gene_error(
        statements in prop::collection::vec(expr(), 1..6)
    ) {
        let mut vm = Vm::new();
        vm.set_output(Box::new(Captured::default()));
        vm.set_max_call_depth(10_000);
        vm.set_heap_limit(64 << 20);
        let program = format!("(var x [1 2 3])\n{}", statements.join("\n"));
        // A panic fails the test; errors are fine.
        let _ = vm.eval(&program);
        // The VM stays usable after whatever happened.
        let after = vm.eval("(1 + 1)").ok().and_then(|v| vm.as_int(v));
        prop_assert_eq!(after, Some(2), "{}", program);
    }
}
