//! The steps of the embedding chapter (`docs/src/embedding.md`) and of
//! `gene-vm/examples/embed.rs`, as a test: `cargo test --examples` only builds the example,
//! so this is what checks that its assertions still hold.

use std::cell::RefCell;
use std::rc::Rc;

use gene_syntax::{Color, SourceFile};
use gene_vm::{ErrorKind, EvalError, Vm, VmError};

#[test]
fn the_embedding_guide_steps_work() {
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
}

/// `(exit N)` reaches the host as an error that carries the code, for the host to act on.
#[test]
fn exit_reaches_the_host_with_its_code() {
    let mut vm = Vm::new();
    match vm.eval("(try (exit 3) catch * (println \"never\"))") {
        Err(EvalError::Runtime(error)) => assert_eq!(error.exit_code(), Some(3)),
        _ => panic!("expected the exit to reach the host"),
    }
}

/// The interrupt handle stops a program from another thread, and the VM stays usable.
#[test]
fn the_interrupt_handle_stops_a_running_program() {
    let mut vm = Vm::new();
    let interrupt = vm.interrupt_handle();
    let stopper = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(20));
        interrupt.trigger();
    });
    let error = vm.eval("(while true)").unwrap_err();
    stopper.join().expect("the stopper thread ends");
    assert_eq!(error.to_string(), "interrupted");
    let after = vm.eval("(1 + 1)").expect("the VM runs again");
    assert_eq!(vm.to_int(&after), Some(2));
}

/// A writer that keeps what it is given where the test can read it afterwards.
#[derive(Clone, Default)]
struct Captured(Rc<RefCell<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.borrow_mut().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Warnings go to the host's handler, and printed output to the host's writer.
#[test]
fn warnings_and_output_go_where_the_host_says() {
    let mut vm = Vm::new();
    let seen = Rc::new(RefCell::new(Vec::new()));
    let sink = seen.clone();
    vm.set_warning_handler(move |warning| sink.borrow_mut().push(warning.to_string()));
    let output = Captured::default();
    vm.set_output(Box::new(output.clone()));
    vm.eval("(var c true) (if c 1 2) (println \"to the host\")")
        .expect("runs");
    vm.flush_output();
    assert_eq!(seen.borrow().len(), 1);
    assert!(seen.borrow()[0].contains("warning:"), "{:?}", seen.borrow());
    assert_eq!(
        String::from_utf8(output.0.borrow().clone()).unwrap(),
        "to the host\n"
    );
}

/// The reader used alone, as the chapter's last section shows it.
#[test]
fn gene_syntax_reads_without_a_vm() {
    use gene_syntax::{parse, DatumKind};
    let source = SourceFile::new("shapes.gene", "(circle ^fill \"red\" 2)\n");
    let data = parse(&source).unwrap();
    let DatumKind::Gene(gene) = &data[0].kind else {
        panic!("a gene")
    };
    assert_eq!(gene.head.to_string(), "circle");
    assert_eq!(gene.props["fill"].to_string(), "\"red\"");
    assert_eq!(gene.children.len(), 1);
    assert_eq!(source.location(gene.children[0].span), "shapes.gene:1:21");
}
