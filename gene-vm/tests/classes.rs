//! Classes are values compared by identity: `is` follows a value's class and its parents,
//! and `catch` tests the exception's class the same way, so a class reached under another
//! name matches, and a name that is not a class is an error rather than a clause that
//! never matches.

mod common;

use common::{prints, raises};

#[test]
fn is_follows_the_class_and_its_parents_by_identity() {
    prints(
        "(println (1 is Any) (1 is Int) (\"s\" is Int) (Int is Class) (Int is Any) ([] is Array))",
        "true true false true true true\n",
    );
    prints(
        "(var Number Int) (println (7 is Number) (7.5 is Number))",
        "true false\n",
    );
    // A global named like a class is not that class.
    prints(
        "(var keep Int) (var Int 5) (println (3 is keep) (typeof 3))",
        "true Int\n",
    );
    raises("(1 is 2)", "", "`is` needs a class on its right, not Int");
}

#[test]
fn catch_tests_the_exception_class_by_identity() {
    prints(
        "(var Alias Exception)
         (println (try (throw \"boom\") catch Alias ($ex .message)))
         (var e (try (throw \"x\") catch * $ex))
         (println (e is Exception) (e is Any) (e is String) e)",
        "boom\ntrue true false <Exception ^message \"x\">\n",
    );
    // Runtime errors are exceptions of the same class.
    prints(
        "(println (try (1 + nil) catch Exception \"caught\"))",
        "caught\n",
    );
    raises(
        "(try (throw \"boom\") catch NoSuchClass 1)",
        "",
        "NoSuchClass is not defined",
    );
    raises(
        "(var NotAClass 3) (try (throw \"boom\") catch NotAClass 1)",
        "",
        "`catch` names an exception class, and 3 is not one",
    );
}
