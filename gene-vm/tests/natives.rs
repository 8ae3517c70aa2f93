//! Built-ins check their arguments from their declarations, and the errors name what the
//! program called: the alias used, the argument's position and the expected type.

mod common;

use common::{prints, raises};

#[test]
fn an_alias_arity_error_names_the_alias() {
    raises(
        "([1 2] .length 5)",
        "",
        "Array.length expects (), got (Int)",
    );
    raises("([1 2] .size 5)", "", "Array.size expects (), got (Int)");
    raises(
        "(\"ab\" .upcase 1 2)",
        "",
        "String.upcase expects (), got (Int, Int)",
    );
    raises(
        "({} .contains)",
        "",
        "Map.contains expects (key: Any), got ()",
    );
    raises(
        "(\"abc\" .substr)",
        "",
        "String.substr expects (start: Int, end?: Int), got ()",
    );
    raises(
        "(\"a\" .append)",
        "",
        "String.append expects (value: Any, values...: Any), got ()",
    );
}

#[test]
fn a_method_every_value_has_names_the_receiver_type() {
    raises("(nil .to_s 1)", "", "Nil.to_s expects (), got (Int)");
    raises("([] .is)", "", "Array.is expects (class: Any), got ()");
}

#[test]
fn a_type_error_names_the_argument_position_and_both_types() {
    raises(
        "(\"ab\" .sub \"a\" 1)",
        "",
        "String.sub expects (pattern: String|Regex, replacement?: String|Function), got (String, Int)",
    );
    raises(
        "([1 2 3] .slice 0 \"2\")",
        "",
        "Array.slice expects (start: Int, end?: Int), got (Int, String)",
    );
    raises(
        "({^a 1} .del `a 2)",
        "",
        "Map.del expects (key: String|Symbol, keys...: String|Symbol), got (Symbol, Int)",
    );
    raises(
        "(max 1 2 3 nil)",
        "",
        "max expects (a: Number, b: Number, more...: Number), got (Int, Int, Int, Nil)",
    );
    raises(
        "(#/a/ .find 1)",
        "",
        "Regex.find expects (text: String), got (Int)",
    );
}

#[test]
fn a_global_native_arity_error_names_the_function() {
    raises("(sqrt)", "", "sqrt expects (x: Number), got ()");
    raises("(random 1)", "", "random expects (), got (Int)");
    raises("(not)", "", "not expects (value: Any), got ()");
    raises(
        "(random_int 1 2 3)",
        "",
        "random_int expects (max: Int, min?: Int), got (Int, Int, Int)",
    );
}

#[test]
fn a_native_under_another_name_reports_the_name_it_was_called_by() {
    // A native copied to a variable is still the global it was registered as.
    raises(
        "(var root sqrt) (root)",
        "",
        "sqrt expects (x: Number), got ()",
    );
    prints("(println (1 .is Int) ((fn [] 1) .call))", "true 1\n");
}
