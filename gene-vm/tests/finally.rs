//! `finally` on every way out of a `try`: falling off the end, an exception, and the jumps
//! that raise nothing (`return`, `break`, `continue`), which run the `finally` bodies they
//! leave, innermost first, before they land.

mod common;

use common::{prints, raises};

#[test]
fn return_runs_finally_before_leaving() {
    prints(
        r#"(fn f [] (try (return 1) finally (println "fin"))) (println (f))"#,
        "fin\n1\n",
    );
    prints(
        r#"(fn f [] (try (return) finally (println "fin"))) (println (f))"#,
        "fin\nnil\n",
    );
    // With a catch clause too, and from deeper inside the body.
    prints(
        r#"(fn f [x]
             (try
               (if (x > 0) (do (println "pos") (return "p")))
               "n"
             catch *
               "c"
             finally
               (println "fin")))
           (println (f 1)) (println (f 0))"#,
        "pos\nfin\np\nfin\nn\n",
    );
}

#[test]
fn the_value_is_computed_before_finally_and_kept() {
    prints(
        r#"(fn f []
             (var x 1)
             (try (return (do (println "value") x)) finally (println "fin") (x = 2)))
           (println (f))"#,
        "value\nfin\n1\n",
    );
    // A variable a closure captured: the finally changes the variable, not the result.
    prints(
        r#"(var get nil)
           (fn f []
             (var x 10)
             (get = (fn [] x))
             (try (return x) finally (x = 20)))
           (println (f) (get))"#,
        "10 20\n",
    );
}

#[test]
fn a_finally_that_returns_overrides() {
    prints(
        r#"(fn f [] (try (return 1) finally (return 2))) (println (f))"#,
        "2\n",
    );
    // It overrides an exception as well.
    prints(
        r#"(fn f [] (try (throw "lost") finally (return "kept"))) (println (f))"#,
        "kept\n",
    );
    prints(
        r#"(fn f [] (try (throw "a") catch * (throw "b") finally (return 5))) (println (f))"#,
        "5\n",
    );
}

#[test]
fn nested_finally_bodies_run_innermost_first() {
    prints(
        r#"(fn f []
             (try
               (try
                 (try (return "r") finally (println "inner"))
               finally
                 (println "middle"))
             finally
               (println "outer")))
           (println (f))"#,
        "inner\nmiddle\nouter\nr\n",
    );
    // A try with only catch clauses between them is left too.
    prints(
        r#"(fn f []
             (try
               (try (return "r") catch * "c")
               (println "not reached")
             finally
               (println "outer")))
           (println (f))"#,
        "outer\nr\n",
    );
}

#[test]
fn break_and_continue_run_finally() {
    prints(
        r#"(var i 0)
           (var r (while (i < 5)
             (i += 1)
             (try
               (if (i == 2) (continue))
               (if (i == 4) (break "b"))
               (println "body" i)
             finally
               (println "fin" i))))
           (println r)"#,
        "body 1\nfin 1\nfin 2\nbody 3\nfin 3\nfin 4\nb\n",
    );
    prints(
        r#"(for x in [1 2 3]
             (try (if (x == 2) (continue)) (println x) finally (println "f" x)))"#,
        "1\nf 1\nf 2\n3\nf 3\n",
    );
    // The break value is computed before the finally, which cannot change it.
    prints(
        r#"(var v 0)
           (v = (loop (try (break 5) finally (v = 9))))
           (println v)"#,
        "5\n",
    );
}

#[test]
fn labelled_jumps_run_every_finally_they_cross() {
    prints(
        r#"(var r (loop ^name outer
             (try
               (for x in [1 2 3]
                 (try
                   (if (x == 2) (break ^from outer x))
                 finally
                   (println "inner" x)))
             finally
               (println "outer"))))
           (println r)"#,
        "inner 1\ninner 2\nouter\n2\n",
    );
    prints(
        r#"(var n 0)
           (loop ^name outer
             (n += 1)
             (if (n > 2) (break))
             (try
               (loop (try (continue ^from outer) finally (println "inner" n)))
             finally
               (println "outer" n)))
           (println "done")"#,
        "inner 1\nouter 1\ninner 2\nouter 2\ndone\n",
    );
}

#[test]
fn a_jump_inside_the_try_stays_inside() {
    // A loop inside the try body: its break leaves no try, so no finally runs early.
    prints(
        r#"(fn f []
             (try
               (for x in [1 2 3] (if (x == 2) (break)) (println x))
               "end"
             finally
               (println "fin")))
           (println (f))"#,
        "1\nfin\nend\n",
    );
    // A finally inside a loop inside a try: return leaves both, innermost first.
    prints(
        r#"(fn f []
             (try
               (for x in [1 2 3]
                 (try (if (x == 2) (return x)) finally (println "loop fin" x)))
             finally
               (println "fin")))
           (println (f))"#,
        "loop fin 1\nloop fin 2\nfin\n2\n",
    );
}

#[test]
fn catch_clauses_with_finally() {
    prints(
        r#"(fn f [] (try (throw "x") catch * (return "from catch") finally (println "fin")))
           (println (f))"#,
        "fin\nfrom catch\n",
    );
    // An exception inside a catch clause runs the finally, then goes on.
    raises(
        r#"(fn f [] (try (throw "x") catch * (throw "again") finally (println "fin")))
           (f)"#,
        "fin\n",
        "again",
    );
    prints(
        r#"(var i 0)
           (while (i < 3)
             (i += 1)
             (try (throw "x") catch * (if (i == 2) (continue)) (println "caught" i)
              finally (println "fin" i)))"#,
        "caught 1\nfin 1\nfin 2\ncaught 3\nfin 3\n",
    );
}

#[test]
fn a_finally_sees_its_own_scope() {
    // Names declared in the body are not the finally's: it sees the x outside.
    prints(
        r#"(fn f []
             (var x "outer")
             (try (do (var x "inner") (return x)) finally (println x)))
           (println (f))"#,
        "outer\ninner\n",
    );
    // A break in a finally inlined at a return inside a loop leaves the loop around the
    // try, not the one in the body.
    prints(
        r#"(fn f []
             (loop
               (try
                 (for x in [1 2] (return "r"))
               finally
                 (println "fin")
                 (break)))
             "after loop")
           (println (f))"#,
        "fin\nafter loop\n",
    );
}

#[test]
fn an_exception_in_an_inlined_finally_goes_outward() {
    prints(
        r#"(fn f [] (try (return 1) finally (throw "from finally")))
           (println (try (f) catch e (e .message)))"#,
        "from finally\n",
    );
    // Not back into the try the finally belongs to.
    prints(
        r#"(fn f []
             (try
               (try (return 1) catch * (println "wrong handler") finally (throw "boom"))
             catch e
               (println "outer caught" (e .message))
               2))
           (println (f))"#,
        "outer caught boom\n2\n",
    );
}

#[test]
fn return_at_the_top_level_runs_finally() {
    prints(
        r#"(try (println "body") (return 1) finally (println "fin")) (println "not reached")"#,
        "body\nfin\n",
    );
}
