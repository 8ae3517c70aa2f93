//! The collector against futures (spec 10): a future that only a running task or a queued
//! callback refers to, and the closures its callbacks are, must survive collections until
//! they have run. Run in the normal build and under `--features gc-stress` / `gc-verify`.

mod common;

use common::prints;

/// Nothing in the program keeps the timers' futures: only the event loop does, and their
/// callbacks (closures over fresh strings) are reached only through them.
#[test]
fn futures_only_tasks_hold_survive_until_they_settle() {
    let churn = if common::STRESSED { 20 } else { 20_000 };
    let program = format!(
        r#"
        (var seen [])
        (fn start [i]
          (var label #"timer #{{i}}")
          ((gene/sleep_async (i % 4)) .on_success (fn [v] (seen .push (label .append "!")))))
        (var i 0)
        (while (i < 40) (start i) (i += 1))
        (var junk nil)
        (repeat {churn} (junk = [1 2 3 "x"]))
        (await (gene/sleep_async 10))
        (println (seen .size) (seen .contains "timer 39!"))
        "#
    );
    prints(&program, "40 true\n");
}

/// Futures made and settled inside callbacks, with values allocated there, while the
/// callbacks queue behind each other.
#[test]
fn values_passed_along_a_callback_chain_stay_alive() {
    let program = r#"
        (var last (new Future))
        (var first last)
        (repeat 300
          (var next (new Future))
          (last .on_success (fn [v] (next .complete (v .append "."))))
          (last = next))
        (first .complete "")
        (var s (await last))
        (println (s .size))
    "#;
    prints(program, "300\n");
}

/// A failed future nobody awaited yet is kept (its failure must be reported or seen), and
/// so is its exception.
#[test]
fn a_failure_awaited_late_is_still_there() {
    let program = r#"
        (var f (async (throw #"late #{1}")))
        (repeat 200 (var junk [1 2 3]))
        (await (gene/sleep_async 1))
        (try (await f) catch * (println $ex/message))
    "#;
    prints(program, "late 1\n");
}
