//! The collector against programs that once broke it: each test is a program that freed a
//! live value (and crashed, or read freed memory) or kept garbage without bound. They run in
//! the normal build and under `--features gc-stress` / `gc-verify`.

mod common;

use common::{prints, Captured};
use gene_vm::{EvalError, Vm};

/// A callee whose window is smaller than its caller's, called while a collection is due: the
/// caller's registers above the callee's window hold live strings. The root scan once marked
/// only up to the end of the last frame's window, freed them, and the next collection marked
/// freed memory.
#[test]
fn registers_of_every_frame_are_roots_not_only_the_last_frames() {
    let program = r#"
        (fn id [x] x)
        (var big "x")
        (repeat 18 (big = (big .append big)))
        (var i 0)
        (while (i < 200)
          (do (var v1 1) (var v2 2) (var v3 3) (var v4 4) (var v5 5) (var v6 6) (var v7 7)
              (var v8 8) (var v9 9) (var v10 10) (var v11 11) (var t (typeof 1)) nil)
          (var g1 (big .append "!"))
          (id 1)
          (var g2 (big .append big)) (var g3 (big .append big)) (var g4 (big .append big))
          (i += 1))
        (println "survived" i (big .size))
    "#;
    prints(program, "survived 200 262144\n");
}

/// Deep frames leave values above the live part of the register arena; after they return,
/// those are garbage, and a later, shallower frame must never see them as live.
#[test]
fn registers_left_by_returned_frames_are_not_roots_later() {
    let program = r#"
        (fn deep [n] (if (n == 0) [1 2 3] else (do (var a [n]) (var b (deep (n - 1))) b)))
        (var total 0)
        (repeat 50 (total += ((deep 200) .size)))
        (fn shallow [] (var s "fresh") s)
        (repeat 2000 (shallow))
        (println total (shallow))
    "#;
    prints(program, "150 fresh\n");
}

/// An unquote whose code empties the template while `$render` walks it: the items copied
/// out of the template must stay alive until they are rendered.
#[test]
fn render_keeps_the_template_items_its_unquotes_remove() {
    // The unquote empties its template, then allocates enough for a collection to run.
    // (Under gc-stress every safepoint collects, so a little churn is enough.)
    let n = if common::STRESSED { 300 } else { 30_000 };
    let churn = format!(
        "(var junk []) (repeat {n} (junk .push [1 2 3])) (junk = nil) \
         (repeat {n} (var x [\"new\" \"strings\" \"here\"]))"
    );
    let array = format!(
        r#"(var t [])
        (var u `%(do (t .clear) {churn} 0))
        (t .push u)
        (t .push [["payload" "deep"] {{^k "v"}}])
        (t .push `(some gene ^p "prop"))
        (t .push "a string item")
        (println "rendered" ($render t))"#
    );
    prints(
        &array,
        "rendered [0 [[payload deep] {^k v}] (some ^p \"prop\" gene) a string item]\n",
    );
    let map = format!(
        r#"(var m `{{^a %(do (m .clear) {churn} 0) ^b ["payload" "deep"] ^c "a string item"}})
        (println "rendered" ($render m))"#
    );
    prints(&map, "rendered {^a 0 ^b [payload deep] ^c a string item}\n");
    let gene = format!(
        r#"(var g `(head ^p ["prop" "value"] %(do (g .del_child 1) (g .del_child 1) (g .del "p") {churn} 0)
                   ["payload" "deep"] "a string item"))
        (println "rendered" ($render g))"#
    );
    prints(
        &gene,
        "rendered (head ^p [\"prop\" \"value\"] 0 [\"payload\" \"deep\"] \"a string item\")\n",
    );
}

/// A loop written as tail recursion holding one small array: every call is a safepoint, so
/// it runs in a small heap as the same loop written with `while` does.
#[test]
fn tail_calls_are_safepoints() {
    let mut vm = Vm::new();
    vm.set_output(Box::new(Captured::default()));
    vm.set_heap_limit(16 << 20);
    let n = if common::STRESSED { 5_000 } else { 500_000 };
    let program = format!(
        "(fn go [n acc] (if (n == 0) acc else (go (n - 1) [1 2 3 4 5 6 7 8])))
         ((go {n} nil) .size)"
    );
    match vm.eval(&program) {
        Ok(value) => assert_eq!(vm.to_int(&value), Some(8)),
        Err(EvalError::Runtime(error)) => panic!("{}", error.message),
        Err(EvalError::Read(errors)) => panic!("{:?}", errors),
    }
}

/// The heap verification mode catches a rooting bug: with the roots that native code keeps
/// hidden from the collector on purpose, `$render` of a template whose unquote empties it
/// (the test above) uses freed items, and `gc-verify` stops it with a clear message rather
/// than letting it read freed memory.
#[cfg(feature = "gc-verify")]
#[test]
fn gc_verify_catches_a_missing_root() {
    let program = r#"
        (var t [])
        (t .push `%(do (t .clear) (repeat 50 (var x ["churn"])) 0))
        (t .push [["payload" "deep"] {^k "v"}])
        (t .push "a string item")
        (println ($render t))
    "#;
    let outcome = std::panic::catch_unwind(|| {
        let mut vm = Vm::new();
        vm.set_output(Box::new(Captured::default()));
        vm.set_gc_stress(true);
        vm.inject_missing_native_roots();
        let _ = vm.eval(program);
    });
    let payload = outcome.expect_err("the missing root is caught");
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default();
    assert!(message.starts_with("gc-verify: "), "{message}");
    // The same program with its roots intact renders.
    let mut vm = Vm::new();
    let captured = Captured::default();
    vm.set_output(Box::new(captured.clone()));
    vm.set_gc_stress(true);
    assert!(vm.eval(program).is_ok());
    assert_eq!(
        captured.text(),
        "[0 [[payload deep] {^k v}] a string item]\n"
    );
}
