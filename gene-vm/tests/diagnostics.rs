//! How each kind of problem renders for a host (`EvalError::render`, `Warning::render`):
//! one snapshot per kind, so a change to any report is reviewed (`cargo insta review`).
//! Each program is also a check of the hint it should get.

use std::{cell::RefCell, rc::Rc};

use gene_syntax::{Color, SourceFile};
use gene_vm::{ErrorKind, EvalError, Vm};

/// The kind and rendered report of running `code` as the file `demo.gene`, with every
/// warning it produced before it.
fn report(code: &str) -> (Option<ErrorKind>, String) {
    let mut vm = Vm::new();
    // Shallow, so the stack-overflow case stays quick under gc-stress (which collects at
    // every call).
    vm.set_max_call_depth(100);
    vm.set_output(Box::new(std::io::sink()));
    let warnings = Rc::new(RefCell::new(String::new()));
    let sink = warnings.clone();
    vm.set_warning_handler(move |warning| {
        sink.borrow_mut().push_str(&warning.render(Color::Never))
    });
    let source = SourceFile::new("demo.gene", code);
    let result = vm.run_program(&source);
    let mut text = warnings.borrow().clone();
    let kind = match result {
        Ok(_) => None,
        Err(error) => {
            text.push_str(&error.render(&source, Color::Never));
            Some(error.kind())
        }
    };
    (kind, text)
}

macro_rules! diagnostic {
    ($name:ident, $kind:expr, $code:expr) => {
        #[test]
        fn $name() {
            let (kind, text) = report($code);
            assert_eq!(kind, $kind, "{text}");
            insta::assert_snapshot!(text);
        }
    };
}

diagnostic!(read_error, Some(ErrorKind::Parse), "(println (1 2");
diagnostic!(
    compile_error_missing_operand,
    Some(ErrorKind::Parse),
    "(println (1 +))"
);
diagnostic!(
    compile_error_unknown_operator,
    Some(ErrorKind::Parse),
    "(println (7 // 2))"
);
diagnostic!(
    compile_error_malformed_form,
    Some(ErrorKind::Parse),
    "(var)"
);
diagnostic!(
    name_error_suggests_a_function,
    Some(ErrorKind::Name),
    "(fn greet [] 1)\n(gret)"
);
diagnostic!(
    name_error_suggests_a_variable,
    Some(ErrorKind::Name),
    "(var count 1)\n(println cont)"
);
diagnostic!(
    name_error_suggests_a_builtin,
    Some(ErrorKind::Name),
    "(prnitln 1)"
);
diagnostic!(
    name_error_operator_as_value,
    Some(ErrorKind::Name),
    "(var f +)"
);
diagnostic!(
    arity_error_names_the_function,
    Some(ErrorKind::Argument),
    "(fn add [a b] (a + b))\n(add 1)"
);
diagnostic!(
    type_error_strings_added,
    Some(ErrorKind::Type),
    "(var a \"x\")\n(println (a + \"y\"))"
);
diagnostic!(
    runtime_error_with_trace,
    Some(ErrorKind::Runtime),
    "(fn inner [] (1 % 0))\n(fn outer [] (inner))\n(outer)"
);
diagnostic!(
    index_error,
    Some(ErrorKind::Index),
    "(var items [10 20])\n(items .del 5)"
);
diagnostic!(
    stack_overflow,
    Some(ErrorKind::StackOverflow),
    "(fn down [n] (1 + (down n)))\n(down 1)"
);
diagnostic!(
    assertion_error,
    Some(ErrorKind::Assertion),
    "(assert (1 > 2))"
);
diagnostic!(
    thrown_exception,
    Some(ErrorKind::Runtime),
    "(throw \"it broke\")"
);
diagnostic!(
    import_error,
    Some(ErrorKind::Import),
    "(import x from \"./no/such/module\")"
);
diagnostic!(
    warning_if_without_else,
    None,
    "(var c true)\n(println (if c 1 2))"
);
diagnostic!(
    name_error_power_is_not_an_operator,
    Some(ErrorKind::Name),
    "(println (2 ** 3))"
);
diagnostic!(
    warning_key_naming_a_loop_variable,
    None,
    "(var scores {^ann 3 ^bob 5})\n(for name in [\"ann\" \"bob\"]\n  (println scores/name))"
);

#[test]
fn a_key_beside_a_local_that_is_no_loop_variable_is_not_warned_of() {
    let (kind, text) = report(
        "(var t {^root {^value 1}})\n(var root 2)\n(println t/root/value)\n\
         (for k v in t (println k/root))",
    );
    assert_eq!((kind, text.as_str()), (None, ""));
}

#[test]
fn the_message_alone_keeps_the_references_wording() {
    let mut vm = Vm::new();
    match vm.eval("(fn f [a b] a) (f 1)") {
        Err(EvalError::Runtime(error)) => {
            assert_eq!(error.message, "Expected 2 arguments, got 1");
            assert_eq!(
                error.help.as_deref(),
                Some("`f` takes 2 arguments; this call passes 1")
            );
        }
        _ => panic!("expected an arity error"),
    }
}
