//! A few programs small enough for Miri, which checks the VM's `unsafe` (the heap, and the
//! interpreter's frame access) while real Gene code runs: closures and upvalues, calls and
//! tail calls, exceptions, collections under stress, and handles kept across collections.
//! CI runs this file under Miri (`cargo +nightly miri test -p gene-vm --test miri`) when
//! the machine can install it; it runs in the normal test suite too.

mod common;

use common::Captured;
use gene_vm::Vm;

fn run_stressed(code: &str) -> String {
    let captured = Captured::default();
    let mut vm = Vm::new();
    vm.set_output(Box::new(captured.clone()));
    vm.set_gc_stress(true);
    vm.eval(code).expect("runs");
    captured.text()
}

#[test]
fn closures_calls_and_exceptions_under_a_stressed_collector() {
    let printed = run_stressed(
        r#"
        (fn counter [] (var n 0) (fn [] (n += 1) [n]))
        (var c (counter))
        (c) (c)
        (fn nest [i acc] (if (i == 0) acc else (nest (i - 1) [i acc])))
        (var caught (try (throw "boom") catch * ($ex .message) finally (c)))
        (println (c) (nest 3 nil) caught ([1 2] .map (fn [x] [x])))
        "#,
    );
    assert_eq!(printed, "[4] [1 [2 [3 nil]]] boom [[1] [2]]\n");
}

#[test]
fn handles_survive_collections() {
    let mut vm = Vm::new();
    vm.set_output(Box::new(Captured::default()));
    let kept = vm.eval("[\"kept\" {^k 1}]").expect("runs");
    vm.set_gc_stress(true);
    vm.eval("(fn f [] [1 2]) (f) (f)").expect("runs");
    assert_eq!(vm.display(&kept), "[kept {^k 1}]");
}
