//! Embedding Gene in a Rust program: the steps `docs/src/embedding.md` walks through, in one
//! runnable file (`cargo run -p gene-vm --example embed`). Each step asserts what it gets,
//! so a change to the API that breaks the book breaks this example too;
//! `gene-vm/tests/embedding_guide.rs` runs the same steps as a test.

use std::cell::RefCell;
use std::rc::Rc;

use gene_syntax::{Color, SourceFile};
use gene_vm::{ErrorKind, EvalError, Vm, VmError};

fn main() {
    let mut vm = Vm::new();

    // A native function that keeps host state. The log is shared between the closure (which
    // the VM owns from now on) and this function, so the host can read what Gene sent it.
    let log: Rc<RefCell<Vec<String>>> = Rc::new(RefCell::new(Vec::new()));
    let sink = log.clone();
    vm.define_native("host_log", move |vm, args| {
        let line: Vec<String> = args.iter().map(|arg| vm.display(arg)).collect();
        sink.borrow_mut().push(line.join(" "));
        // The number of lines logged so far, so Gene code gets a value back.
        let count = sink.borrow().len();
        vm.make_int(count as i64)
    })
    .expect("host_log is defined");

    // A global set by the host: Gene code reads it as any other variable.
    let rate = vm.make_int(3).expect("a small Int");
    vm.set_global("rate", &rate).expect("rate is set");

    // Gene code that defines a function and calls the native.
    let logged = vm
        .eval(
            r#"
            (fn scale [n] (n * rate))
            (host_log "scaled" (scale 5))
            "#,
        )
        .expect("the program runs");
    assert_eq!(vm.to_int(&logged), Some(1));
    assert_eq!(log.borrow().as_slice(), ["scaled 15"]);

    // The Gene function, fetched by name and called from Rust.
    let scale = vm.global("scale").expect("scale is defined");
    let seven = vm.make_int(7).expect("a small Int");
    let result = vm.call(&scale, &[seven]).expect("scale runs");
    assert_eq!(vm.to_int(&result), Some(21));
    println!("scale 7 = {}", vm.display(&result));

    // A handle keeps its value alive across later evaluations, even once no Gene variable
    // refers to it any more and the collector has run.
    let kept = vm.eval(r#"(var names ["ann" "bob"]) names"#).expect("runs");
    vm.eval("(names = nil) (var junk (range 1 1000)) (junk .map (fn [x] [x]))")
        .expect("runs");
    assert_eq!(vm.inspect(&kept), r#"["ann" "bob"]"#);
    assert_eq!(vm.type_name(&kept), "Array");

    // A Gene error the host catches: it has a kind, a message, and renders with the source
    // line as the `gene` command shows it.
    let source = SourceFile::new("config.gene", "(var limit 10)\n(limit + \"x\")\n");
    let error = vm.eval_source(&source).expect_err("adding a string fails");
    assert_eq!(error.kind(), ErrorKind::Type);
    let report = error.render(&source, Color::Never);
    assert!(
        report.starts_with("error: cannot add Int and String"),
        "{report}"
    );
    assert!(report.contains("config.gene:2:8"), "{report}");
    println!("{report}");

    // A native's error is a Gene exception: Gene code can catch it.
    vm.define_native("must_be_positive", |vm, args| match args {
        [n] if vm.to_int(n).is_some_and(|n| n > 0) => Ok(n.clone()),
        _ => Err(VmError::new("expected a positive Int")),
    })
    .expect("defined");
    let caught = vm
        .eval(r#"(try (must_be_positive -1) catch * ($ex .message))"#)
        .expect("the error is caught in Gene");
    assert_eq!(vm.to_str(&caught), Some("expected a positive Int"));

    // Uncaught, it reaches the host as a runtime error.
    match vm.eval("(must_be_positive 0)") {
        Err(EvalError::Runtime(error)) => assert_eq!(error.message, "expected a positive Int"),
        _ => panic!("expected a runtime error"),
    }

    for line in log.borrow().iter() {
        println!("logged: {line}");
    }
}
