//! Built-ins check their arguments from their declarations, and the errors name what the
//! program called: the alias used, the argument's position and the expected type.

mod common;

use common::{prints, raises};

#[test]
fn an_alias_arity_error_names_the_alias() {
    raises(
        "([1 2] .length 5)",
        "",
        "Array.length expects 0 arguments, got 1",
    );
    raises(
        "([1 2] .size 5)",
        "",
        "Array.size expects 0 arguments, got 1",
    );
    raises(
        "(\"ab\" .upcase 1 2)",
        "",
        "String.upcase expects 0 arguments, got 2",
    );
    raises(
        "({} .contains)",
        "",
        "Map.contains expects 1 argument, got 0",
    );
    raises(
        "(\"abc\" .substr)",
        "",
        "String.substr expects 1 to 2 arguments, got 0",
    );
    raises(
        "(\"a\" .append)",
        "",
        "String.append expects at least 1 argument, got 0",
    );
}

#[test]
fn a_method_every_value_has_names_the_receiver_type() {
    raises("(nil .to_s 1)", "", "Nil.to_s expects 0 arguments, got 1");
    raises("([] .is)", "", "Array.is expects 1 argument, got 0");
}

#[test]
fn a_type_error_names_the_argument_position_and_both_types() {
    raises(
        "(\"ab\" .sub \"a\" 1)",
        "",
        "String.sub expects a String as argument 2 (replacement), got Int",
    );
    raises(
        "([1 2 3] .slice 0 \"2\")",
        "",
        "Array.slice expects an Int as argument 2 (end), got String",
    );
    raises(
        "({^a 1} .del `a 2)",
        "",
        "Map.del expects a String or Symbol as argument 2 (keys), got Int",
    );
    raises(
        "(max 1 2 3 nil)",
        "",
        "max expects a number as argument 4 (more), got Nil",
    );
    raises(
        "(#/a/ .find 1)",
        "",
        "Regex.find expects a String as argument 1 (text), got Int",
    );
}

#[test]
fn a_global_native_arity_error_names_the_function() {
    raises("(sqrt)", "", "sqrt expects 1 argument, got 0");
    raises("(random 1)", "", "random expects 0 arguments, got 1");
    raises("(not)", "", "not expects 1 argument, got 0");
    raises(
        "(random_int 1 2 3)",
        "",
        "random_int expects 1 to 2 arguments, got 3",
    );
}

#[test]
fn a_native_under_another_name_reports_the_name_it_was_called_by() {
    // A native copied to a variable is still the global it was registered as.
    raises(
        "(var root sqrt) (root)",
        "",
        "sqrt expects 1 argument, got 0",
    );
    prints("(println (1 .is Int) ((fn [] 1) .call))", "true 1\n");
}
