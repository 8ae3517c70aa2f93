//! The embedding API as a host uses it: values held across later calls (which collect
//! garbage), host functions with state, errors and their exceptions, handles of another VM.

mod common;

use std::cell::Cell;
use std::rc::Rc;

use common::Captured;
use gene_vm::{EvalError, Handle, Vm, VmError};

/// Allocates and drops enough that collections run, with the collector stressed too.
fn churn(vm: &mut Vm) {
    vm.eval("(var junk []) (repeat 2000 (junk .push [1 \"two\" [3]])) (junk = nil) (fn f [] [1]) (repeat 100 (f))")
        .expect("churns");
}

fn runtime_error(result: Result<Handle, EvalError>) -> VmError {
    match result {
        Err(EvalError::Runtime(error)) => error,
        Err(EvalError::Read(errors)) => panic!("read error {:?}", errors[0].message),
        Ok(_) => panic!("expected an error"),
    }
}

/// A value from `eval` kept while later evaluations collect garbage: the handle roots it.
/// (With bare values this was a use after free that Miri reported.)
#[test]
fn handles_keep_their_values_alive_across_later_calls() {
    let mut vm = Vm::new();
    vm.set_gc_stress(true);
    let kept = vm
        .eval("[\"kept\" {^k [1 2]} `(g ^p 1 \"s\")]")
        .expect("runs");
    let text = vm.make_string("a host string").expect("fits");
    let before = vm.gc_stats().collections;
    churn(&mut vm);
    assert!(vm.gc_stats().collections > before, "the churn collected");
    assert_eq!(vm.display(&kept), "[kept {^k [1 2]} (g ^p 1 \"s\")]");
    assert_eq!(vm.to_str(&text), Some("a host string"));
    // A clone shares the root; dropping one keeps the other alive.
    let clone = kept.clone();
    drop(kept);
    churn(&mut vm);
    assert_eq!(vm.inspect(&clone), "[\"kept\" {^k [1 2]} (g ^p 1 \"s\")]");
}

/// Dropped handles stop rooting their values, and code that ran and is gone (each `eval`
/// here compiles a function with a string constant) is collected with its constants.
#[test]
fn dropped_handles_let_their_values_go() {
    let mut vm = Vm::new();
    vm.set_gc_stress(true);
    vm.eval("(fn g [] 1) (g)").expect("collects");
    let baseline = vm.gc_stats().objects;
    let held: Vec<Handle> = (0..1000)
        .map(|i| vm.eval(&format!("[{i} [\"constant {i}\"]]")).expect("runs"))
        .collect();
    vm.eval("(g)").expect("collects");
    let with_handles = vm.gc_stats().objects;
    assert!(with_handles >= baseline + 2000, "{with_handles} {baseline}");
    drop(held);
    vm.eval("(g)").expect("collects");
    let after = vm.gc_stats().objects;
    assert!(after < baseline + 100, "{baseline} {with_handles} {after}");
}

#[test]
fn host_functions_hold_state_and_call_back_into_gene() {
    let mut vm = Vm::new();
    let captured = Captured::default();
    vm.set_output(Box::new(captured.clone()));
    let calls = Rc::new(Cell::new(0));
    let seen = calls.clone();
    vm.define_native("count", move |vm, args| {
        seen.set(seen.get() + 1);
        vm.make_int(seen.get() + args.len() as i64)
    })
    .expect("defined");
    // A host function that calls a Gene function it is given, with the collector stressed.
    vm.define_native("apply_twice", |vm, args| match args {
        [f, x] => {
            let once = vm.call(f, std::slice::from_ref(x))?;
            vm.call(f, &[once])
        }
        _ => Err(VmError::new("apply_twice takes a function and a value")),
    })
    .expect("defined");
    vm.set_gc_stress(true);
    let result = vm
        .eval("(println (count) (count 1 2)) (apply_twice (fn [s] (s .append \"!\")) \"hi\")")
        .expect("runs");
    assert_eq!(captured.text(), "1 4\n");
    assert_eq!(vm.to_str(&result), Some("hi!!"));
    assert_eq!(calls.get(), 2);
    // Its errors are Gene errors, which Gene code catches.
    let caught = vm
        .eval("(try (apply_twice 1) catch * ($ex .message))")
        .expect("runs");
    assert_eq!(
        vm.display(&caught),
        "apply_twice takes a function and a value"
    );
    let count = vm.global("count").expect("defined");
    assert_eq!(vm.display(&count), "<fn count>");
    assert!(vm.global("no_such_global").is_none());
}

/// An error's exception reaches the host as a handle, valid after more code runs.
#[test]
fn the_exception_of_an_error_is_a_handle() {
    let mut vm = Vm::new();
    vm.set_gc_stress(true);
    let error = runtime_error(vm.eval("(throw [\"payload\" {^code 7}])"));
    churn(&mut vm);
    let exception = error.exception().expect("thrown");
    assert_eq!(vm.type_name(exception), "Exception");
    vm.set_global("saved", exception).expect("set");
    let cause = vm.eval("(saved .message)").expect("runs");
    assert_eq!(vm.display(&cause), "[payload {^code 7}]");
}

/// A handle names its VM: another VM refuses it rather than reading its address.
#[test]
fn handles_of_another_vm_are_refused() {
    let mut first = Vm::new();
    let mut second = Vm::new();
    let array = first.eval("[1 2 3]").expect("runs");
    let f = second.eval("(fn [x] x)").expect("runs");
    assert_eq!(second.to_int(&array), None);
    assert_eq!(second.display(&array), "this handle belongs to another VM");
    let error = second
        .call(&f, std::slice::from_ref(&array))
        .expect_err("refused");
    assert_eq!(error.message, "this handle belongs to another VM");
    assert!(second.set_global("a", &array).is_err());
    assert_eq!(first.display(&array), "[1 2 3]");
}

#[test]
fn values_made_and_read_by_the_host() {
    let mut vm = Vm::new();
    let values = [
        vm.make_nil(),
        vm.make_bool(false),
        vm.make_int(1 << 60).expect("fits"),
        vm.make_float(2.5),
        vm.make_string("s").expect("fits"),
    ];
    let shown: Vec<String> = values.iter().map(|v| vm.inspect(v)).collect();
    assert_eq!(
        shown,
        ["nil", "false", "1152921504606846976", "2.5", "\"s\""]
    );
    assert_eq!(vm.to_int(&values[2]), Some(1 << 60));
    assert_eq!(vm.to_float(&values[3]), Some(2.5));
    assert!(!vm.is_truthy(&values[1]) && vm.is_truthy(&values[3]));
    let array = vm.eval("[]").expect("runs");
    vm.set_global("host_array", &array).expect("set");
    vm.eval("(host_array .push 5)").expect("runs");
    assert_eq!(vm.display(&array), "[5]");
}

/// A Gene function made a method of a built-in class runs in the interpreter's own loop:
/// methods that call themselves nest far deeper than calls through native code may (2,000;
/// under gc-stress, where every call collects and walks the stack, the test goes shallower).
#[test]
fn gene_methods_of_built_in_classes_run_in_the_interpreter_loop() {
    let mut vm = Vm::new();
    let shout = vm.eval("(fn [s] (s .append \"!\"))").expect("runs");
    vm.define_method("String", "shout", &shout)
        .expect("defined");
    let countdown = vm
        .eval("(fn [n] (if (n == 0) \"done\" else ((n - 1) .countdown)))")
        .expect("runs");
    vm.define_method("Int", "countdown", &countdown)
        .expect("defined");
    let result = vm
        .eval(&format!(
            "[(\"hi\" .shout) ({} .countdown)]",
            common::DEEP / 2
        ))
        .expect("runs");
    assert_eq!(vm.display(&result), "[hi! done]");
    // Redefining reaches call sites that cached the old method.
    let program = "(fn call [s] (s .shout)) (call \"a\")";
    assert_eq!(
        vm.eval(program).map(|v| vm.display(&v)).ok(),
        Some("a!".into())
    );
    let whisper = vm.eval("(fn [s] (s .append \"...\"))").expect("runs");
    vm.define_method("String", "shout", &whisper)
        .expect("defined");
    let again = vm.eval("(call \"a\")").expect("runs");
    assert_eq!(vm.display(&again), "a...");
    // Host functions are methods too; methods must be callable.
    vm.define_native("size_twice", |vm, args| {
        let size = vm.to_str(&args[0]).map_or(0, str::len) as i64;
        vm.make_int(2 * size)
    })
    .expect("defined");
    let native = vm.global("size_twice").expect("defined");
    vm.define_method("String", "size_twice", &native)
        .expect("defined");
    let doubled = vm.eval("(\"abc\" .size_twice)").expect("runs");
    assert_eq!(vm.to_int(&doubled), Some(6));
    let number = vm.make_int(1).expect("fits");
    let error = vm
        .define_method("String", "bad", &number)
        .expect_err("refused");
    assert_eq!(error.message, "a method is a function, not Int");
    assert!(vm.define_method("NoSuchClass", "m", &shout).is_err());
}

/// A program's private top-level variables may live in registers: a later `eval` sees its
/// functions and the variables they use, not the others; `eval_source` keeps them all.
#[test]
fn a_program_keeps_its_private_variables_and_eval_keeps_all() {
    let mut vm = Vm::new();
    let program = gene_syntax::SourceFile::new(
        "<program>",
        "(var counter 0) (var scratch 41) (scratch += 1) (fn bump [] (counter += 1))",
    );
    vm.run_program(&program).expect("runs");
    let bumped = vm.eval("(bump) (bump)").expect("bump is a global");
    assert_eq!(vm.display(&bumped), "2");
    let error = runtime_error(vm.eval("scratch"));
    assert_eq!(error.message, "scratch is not defined");

    let mut repl = Vm::new();
    let code = gene_syntax::SourceFile::new("<eval>", "(var scratch 41) (scratch += 1)");
    repl.eval_source(&code).expect("runs");
    let kept = repl.eval("scratch").expect("a global");
    assert_eq!(repl.display(&kept), "42");
}

/// Runs `code` while another thread triggers the VM's interrupt after a moment.
fn interrupted_run(vm: &mut Vm, code: &str) -> VmError {
    let interrupt = vm.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(30));
        interrupt.trigger();
    });
    let error = runtime_error(vm.eval(code));
    stopper.join().expect("the stopper thread");
    error
}

#[test]
fn an_interrupt_stops_loops_and_recursion_past_catch_and_finally() {
    let mut vm = Vm::new();
    vm.eval("(var cleaned 0)").expect("defines");
    for code in [
        "(while true)",
        // A loop written as tail recursion reaches no jump back: function entry stops it.
        "(fn spin [n] (spin (n + 1))) (spin 0)",
        "(try (while true) catch * 1 finally (cleaned = 1))",
        "([1 2 3] .map (fn [x] (while true)))",
    ] {
        let error = interrupted_run(&mut vm, code);
        assert!(error.is_interrupt(), "{code}: {}", error.message);
        assert_eq!(error.to_string(), "interrupted", "{code}");
        assert!(!error.trace.is_empty(), "{code}: where it stopped");
    }
    // No `finally` ran, and the VM goes on as before.
    let cleaned = vm.eval("cleaned").expect("reads");
    assert_eq!(vm.inspect(&cleaned), "0");
    let sum = vm.eval("(1 + 2)").expect("runs");
    assert_eq!(vm.inspect(&sum), "3");
}

#[test]
fn a_cleared_interrupt_stops_nothing() {
    let mut vm = Vm::new();
    let interrupt = vm.interrupt_handle();
    interrupt.trigger();
    assert!(interrupt.is_triggered());
    interrupt.clear();
    let value = vm
        .eval("(var n 0) (while (n < 1000) (n += 1)) n")
        .expect("runs");
    assert_eq!(vm.inspect(&value), "1000");
}
