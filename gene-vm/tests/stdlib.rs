//! The standard library's functions and methods, run as Gene programs through the embedding
//! API, checking exactly what they print or raise. With `--features gc-stress` every
//! safepoint collects, which catches values a built-in forgot to root while it called back
//! into Gene.

mod common;

use common::{prints, raises, run};

/// For errors whose wording belongs to another part of the VM: only a fragment is checked.
fn raises_containing(code: &str, fragment: &str) {
    let (printed, error) = run(code);
    assert_eq!(printed, "", "{code}");
    let error = error.unwrap_or_else(|| panic!("{code} raised nothing"));
    assert!(error.contains(fragment), "{code}: {error}");
}

/// Each line of `cases` is `program => expected output` (one line, without its newline).
fn each_prints(cases: &[(&str, &str)]) {
    for (code, expected) in cases {
        prints(code, &format!("{expected}\n"));
    }
}

#[test]
fn typeof_names_every_type() {
    each_prints(&[
        ("(println (typeof 1))", "Int"),
        ("(println (typeof 9223372036854775807))", "Int"),
        ("(println (typeof 1.5))", "Float"),
        (r#"(println (typeof "s"))"#, "String"),
        ("(println (typeof 'c'))", "Char"),
        ("(println (typeof `s))", "Symbol"),
        (
            "(println (typeof nil) (typeof void) (typeof true))",
            "Nil Void Bool",
        ),
        (
            "(println (typeof []) (typeof {}) (typeof `(a)))",
            "Array Map Gene",
        ),
        (
            "(println (typeof (1 .. 2)) (typeof (fn [] 1)) (typeof println))",
            "Range Function Function",
        ),
        (r#"(println ((typeof 1) == "Int"))"#, "true"),
    ]);
    raises("(typeof)", "", "typeof expects (value: Any), got ()");
}

#[test]
fn assert_and_range() {
    prints(
        "(assert true) (assert (1 == 1) \"no\") (println \"ok\")",
        "ok\n",
    );
    raises("(assert (1 == 2))", "", "Assertion failed");
    raises("(assert false \"msg\")", "", "msg");
    raises("(println 1) (assert nil 42)", "1\n", "42");
    raises(
        "(assert)",
        "",
        "assert expects (condition: Any, message?: Any), got ()",
    );
    each_prints(&[
        ("(println (range 0 10 3))", "0..10 step 3"),
        ("(println (range 1 3))", "1..3"),
        (
            "(var s 0) (for x in (range 10 1 -3) (s += x)) (println s)",
            "22",
        ),
    ]);
    raises("(range 1 5 0)", "", "a range's step cannot be zero");
    raises(
        r#"(range "a" 5)"#,
        "",
        "a range's bounds and step are numbers, not String",
    );
}

#[test]
fn to_s_and_number_conversions() {
    each_prints(&[
        ("(println (1 .to_s))", "1"),
        ("(println ((1 + 2) .to_s))", "3"),
        (
            r#"(println (typeof (1 .to_s)) (typeof ("x" .to_s)))"#,
            "String String",
        ),
        (
            r#"(println ([1 "a" 2.5] .to_s) ({^k "v"} .to_s))"#,
            "[1 a 2.5] {^k v}",
        ),
        (
            "(println (nil .to_s) (true .to_s) ('c' .to_s) (`sym .to_s))",
            "nil true c sym",
        ),
        (
            r#"(println ("12" .to_i) (" -7 " .to_i) ("9223372036854775807" .to_i))"#,
            "12 -7 9223372036854775807",
        ),
        (
            r#"(println ("3.5" .to_f) ("2" .to_f) ("1e3" .to_f))"#,
            "3.5 2.0 1000.0",
        ),
        (
            "(println (3 .to_f) (3 .to_i) (3.9 .to_i) (-3.9 .to_i) (2.5 .to_f))",
            "3.0 3 3 -3 2.5",
        ),
        ("(println (-3 .abs) (2.5 .abs) (-0.5 .abs))", "3 2.5 0.5"),
        (
            "(println (nil .empty?) (void .empty) (nil .not_empty?))",
            "true true false",
        ),
    ]);
    raises(
        r#"("12x" .to_i)"#,
        "",
        r#"to_i requires a numeric string, not "12x""#,
    );
    raises(
        r#"("" .to_f)"#,
        "",
        r#"to_f requires a numeric string, not """#,
    );
    raises(
        "(println ((0.0 / 0) .to_i))",
        "",
        "cannot convert nan to an Int",
    );
    raises(
        "(println (1e300 .to_i))",
        "",
        "cannot convert 1e+300 to an Int",
    );
    raises("(1 .to_s 2)", "", "Int.to_s expects (), got (Int)");
}

#[test]
fn math_functions() {
    each_prints(&[
        ("(println (abs -3) (abs 3) (abs -2.5))", "3 3 2.5"),
        ("(println (max 1 2) (max 2 4 6) (min 5 10 15) (min 3 7))", "2 6 5 3"),
        ("(println (max 1 2.5) (min 1 -0.5) (max 3 3.0))", "2.5 -0.5 3"),
        ("(println (sqrt 16) (sqrt 2.25) (pow 2 10) (pow 2 0.5))", "4.0 1.5 1024.0 1.4142135623730951"),
        ("(println (floor 2.9) (ceil 2.1) (round 3.6) (round 2.5) (round -2.5))", "2.0 3.0 4.0 3.0 -3.0"),
        ("(println (floor 7) (ceil -7) (round 7))", "7 -7 7"),
        ("(var r (random)) (println (typeof r) (r >= 0) (r < 1))", "Float true true"),
        ("(var ok true) (repeat 50 (var n (random_int 3)) (if ((n < 0) || (n > 3)) (ok = false))) (println ok)", "true"),
        ("(var ok true) (repeat 50 (var n (random_int 10 8)) (if ((n < 8) || (n > 10)) (ok = false))) (println ok)", "true"),
    ]);
    raises("(abs -9223372036854775808)", "", "Integer overflow in abs");
    raises(r#"(abs "x")"#, "", "abs expects (x: Number), got (String)");
    raises(
        "(max 1)",
        "",
        "max expects (a: Number, b: Number, more...: Number), got (Int)",
    );
    raises(
        r#"(min 1 "a")"#,
        "",
        "min expects (a: Number, b: Number, more...: Number), got (Int, String)",
    );
    raises("(sqrt nil)", "", "sqrt expects (x: Number), got (Nil)");
    raises(
        "(pow 2)",
        "",
        "pow expects (base: Number, exponent: Number), got (Int)",
    );
    raises("(floor [])", "", "floor expects (x: Number), got (Array)");
    raises(
        "(random_int 0)",
        "",
        "random_int max must be greater than 0",
    );
    raises(
        "(random_int 1 5)",
        "",
        "random_int max must be greater than min",
    );
}

#[test]
fn string_basics() {
    each_prints(&[
        (
            r#"(println ("hello" .length) ("hello" .size) ("héllo" .length) ("" .size))"#,
            "5 5 5 0",
        ),
        (
            r#"(println ("hé" .bytesize) ("" .empty?) ("a" .empty) ("a" .not_empty?))"#,
            "3 true false true",
        ),
        (
            r#"(println ("hello" .upcase) ("abc" .to_upper) ("Hi" .upper) ("ß" .to_uppercase))"#,
            "HELLO ABC HI SS",
        ),
        (
            r#"(println ("HeLLo" .downcase) ("ABC" .to_lower) ("Hi" .lower) ("ÀB" .to_lowercase))"#,
            "hello abc hi àb",
        ),
        (
            r#"(println ("hELLO" .capitalize) ("éa" .capitalize) ("" .capitalize))"#,
            "Hello Éa ",
        ),
        (
            r#"(println ("abc" .reverse) ("a你b" .reverse))"#,
            "cba b你a",
        ),
        (
            r#"(println ("ab" .append "cd") ("a" .append 1 'c' nil [1]))"#,
            "abcd a1cnil[1]",
        ),
        (
            r#"(var s "x") (var t (s .append "y")) (println s t)"#,
            "x xy",
        ),
        (
            r#"(println ("  x " .trim) ("\t y\n" .strip) ("  a " .lstrip) "|" ("  a " .rstrip) "|")"#,
            "x y a  |   a |",
        ),
    ]);
}

#[test]
fn string_positions() {
    each_prints(&[
        (
            r#"(println ("abc" .substr 1 2) ("abc" .substr 1) ("abcdef" .substr -3 -2))"#,
            "bc bc de",
        ),
        (
            r#"(println ("abc" .substr 5) "|" ("abc" .substr 2 0) "|" ("abc" .substr 0 99) ("" .substr 0))"#,
            " |  | abc ",
        ),
        (
            r#"(println ("héllo" .substr 1 2) ("abc" .substr -10 0))"#,
            "él a",
        ),
        (
            r#"(println ("abc" .index "b") ("abcabc" .index "c" 3) ("abc" .index "z") ("héllo" .index "l"))"#,
            "1 5 -1 2",
        ),
        (
            r#"(println ("abcabc" .rindex "b") ("abcabc" .rindex "b" 3) ("aaa" .rindex "aa") ("abc" .rindex "z"))"#,
            "4 1 1 -1",
        ),
        (
            r#"(println ("abc" .char_at 1) ("a你b" .char_at 1) (typeof ("abc" .char_at 0)))"#,
            "b 你 Char",
        ),
        (r#"(println ("AB" .byte_at 0) ("AB" .byte_at -1))"#, "65 66"),
        (
            r#"(println ("a你b" .chars) ("ab" .each_char) ("AB" .each_byte) ("hé" .each_byte))"#,
            "[a 你 b] [a b] [65 66] [104 195 169]",
        ),
        (
            r#"(var cs ("a你b" .chars)) (println (cs/1 == ("你" .char_at 0)) (cs .size))"#,
            "true 3",
        ),
    ]);
    raises(
        r#"("abc" .char_at 3)"#,
        "",
        "char_at index 3 is out of bounds for a string of 3 characters",
    );
    raises(
        r#"("abc" .char_at -1)"#,
        "",
        "char_at index -1 is out of bounds for a string of 3 characters",
    );
    raises(
        r#"("abc" .substr "1")"#,
        "",
        "String.substr expects (start: Int, end?: Int), got (String)",
    );
    raises(
        r#"("abc" .substr)"#,
        "",
        "String.substr expects (start: Int, end?: Int), got ()",
    );
}

#[test]
fn string_search_split_and_replace() {
    each_prints(&[
        (
            r#"(println ("a,b,c" .split ",") ("a,b,c" .split "," 2) ("abc" .split "") ("" .split ","))"#,
            "[a b c] [a b,c] [a b c] []",
        ),
        (
            r#"(println (("a,b" .split ",") .size) ((",a," .split ",") .size) (("" .split ",") .size))"#,
            "2 3 1",
        ),
        (
            r#"(println ("a--b--c" .split "--") ("abc" .split "" 2))"#,
            "[a b c] [a bc]",
        ),
        (
            r#"(println ("abc" .start_with? "a") ("abc" .starts_with "bc") ("abc" .end_with? "bc") ("abc" .ends_with "a"))"#,
            "true false true false",
        ),
        (
            r#"(println ("hello" .include? "ell") ("hi" .contain "h") ("hi" .contains "x") ("hi" .contains ""))"#,
            "true true false true",
        ),
        (
            r#"(println ("abc" .find "b") ("abc" .find "z") ("abab" .find_all "ab") ("a1b1" .scan "1") ("x" .find_all "y"))"#,
            "b nil [ab ab] [1 1] []",
        ),
        (
            r#"(println ("a-b" .replace "-" "+") ("aab" .replace "a" "x") ("aab" .sub "z" "x"))"#,
            "a+b xab aab",
        ),
        (
            r#"(println ("aab" .replace_all "a" "x") ("a-b-c" .gsub "-" "") ("ab" .replace_all "" "x"))"#,
            "xxb abc ab",
        ),
    ]);
    raises(
        r#"("a,b" .split 1)"#,
        "",
        "String.split expects (separator: String|Regex, limit?: Int), got (Int)",
    );
    // A Char stands for its one-character String.
    prints(r#"(println ("ab" .start_with? 'a'))"#, "true\n");
    raises(
        r#"("ab" .start_with? 1)"#,
        "",
        "String.start_with? expects (prefix: String|Regex), got (Int)",
    );
    raises(
        r#"("ab" .replace "a")"#,
        "",
        "String.replace with a String pattern needs a replacement",
    );
    raises(
        r#"("ab" .replace "a" 1)"#,
        "",
        "String.replace expects (pattern: String|Regex, replacement?: String|Function), got (String, Int)",
    );
    raises(
        r#"("ab" .find "")"#,
        "",
        "String.find pattern cannot be empty",
    );
    raises(
        r#"("ab" .contains nil)"#,
        "",
        "String.contains expects (pattern: String|Regex), got (Nil)",
    );
}

#[test]
fn array_basics() {
    each_prints(&[
        (
            "(println ([1 2 3] .size) ([1 2 3] .length) ([] .size))",
            "3 3 0",
        ),
        (
            "(println ([] .empty?) ([1] .empty) ([1] .not_empty?))",
            "true false true",
        ),
        ("(var arr [1 2 3]) (arr .push 4) (println arr)", "[1 2 3 4]"),
        (
            "(var arr [1]) (println (arr .push 5) (arr .add 6) arr)",
            "2 [1 5 6] [1 5 6]",
        ),
        ("(var arr [1]) (arr .append 2) (println arr)", "[1 2]"),
        ("(var a [1 2 3]) (println (a .pop) a)", "3 [1 2]"),
        ("(var a []) (println (a .pop) a)", "nil []"),
        (
            "(var arr [1 2 3]) (var i 1) (println (arr .get i) (arr .get -1) (arr .get 9))",
            "2 3 void",
        ),
        (
            "(var a [1 2 3]) (println (a .set 0 9) (a .set -1 7) a)",
            "[9 2 7] [9 2 7] [9 2 7]",
        ),
        (
            "(var a [1 2 3]) (println (a .del 0) a (a .del -1) a)",
            "1 [2] 3 [2]",
        ),
        ("(var a [1 2]) (println (a .clear) a (a .size))", "[] [] 0"),
        (
            "(println ([1 2 3] .first) ([1 2 3] .last) ([] .first) ([] .last))",
            "1 3 nil nil",
        ),
        (
            r#"(println ([1 2 3] .contains 2) ([1 2 3] .contains 4) (["a" "b"] .contains "b") ([1] .contains 1.0))"#,
            "true false true false",
        ),
        (
            r#"(println ([1 2 3] .index_of 2) ([1 2 3] .index_of 9) (["x" "y"] .index_of "y"))"#,
            "1 -1 1",
        ),
    ]);
    raises(
        "([1 2 3] .set 3 0)",
        "",
        "index 3 is out of range for an array of 3 items",
    );
    raises(
        "([1 2 3] .del 3)",
        "",
        "index 3 is out of range for an array of 3 items",
    );
    raises(
        r#"([1 2 3] .get "a")"#,
        "",
        "Array.get expects (index: Int), got (String)",
    );
    raises("([1] .push)", "", "Array.push expects (value: Any), got ()");
    raises(
        "([1] .push 1 2)",
        "",
        "Array.push expects (value: Any), got (Int, Int)",
    );
}

#[test]
fn array_reshaping() {
    each_prints(&[
        (r#"(println ([1 2 3] .join ",") ([1 "a" 'c'] .join) ([] .join "-") ([[1 2] {^a "b"}] .join " "))"#, "1,2,3 1ac  [1 2] {^a b}"),
        ("(println ([1 2 3] .reverse) ([] .reverse))", "[3 2 1] []"),
        ("(var a [1 2 3]) (var r (a .reverse)) (println a r)", "[1 2 3] [3 2 1]"),
        ("(println ([1 2 3] .slice 1 2) ([1 2 3] .slice 1) ([1 2 3 4] .slice -2) ([1 2 3] .slice 0 -1))", "[2] [2 3] [3 4] [1 2]"),
        ("(println ([1 2 3] .slice 2 1) ([1 2 3] .slice 5) ([1 2 3] .slice -9 9))", "[] [] [1 2 3]"),
        ("(println ([1 2 3] .take 2) ([1 2 3] .take 9) ([1 2 3] .take -1) ([1 2 3] .skip 1) ([1 2 3] .skip 9))", "[1 2] [1 2 3] [] [2 3] []"),
        (r#"(println ([1 2 3] .zip ["a" "b"]) ([1 2] .pairs))"#, "[[1 a] [2 b]] [[0 1] [1 2]]"),
        (r#"(println ([["a" 1] [`b 2] [3 4]] .to_map))"#, "{^a 1 ^b 2 ^3 4}"),
    ]);
    raises(
        "([1 2] .join 1)",
        "",
        "Array.join expects (separator?: String), got (Int)",
    );
    raises(
        "([1 2] .zip 1)",
        "",
        "Array.zip expects (other: Array), got (Int)",
    );
    raises(
        "([1 2] .to_map)",
        "",
        "Array.to_map expects [key value] pairs",
    );
    raises(
        "([[[1] 2]] .to_map)",
        "",
        "Array.to_map key must be a String, Symbol or Int, not Array",
    );
}

#[test]
fn array_sorting() {
    each_prints(&[
        ("(println ([3 1 2] .sort))", "[1 2 3]"),
        ("(println ([10 9 1 2.5 -3] .sort))", "[-3 1 2.5 9 10]"),
        (
            r#"(println (["pear" "apple" "Zed" "fig"] .sort))"#,
            "[Zed apple fig pear]",
        ),
        (r#"(println (["b" 2 nil "a" 1] .sort))"#, "[1 2 a b nil]"),
        (
            "(var a [3 1 2]) (var s (a .sort)) (println a s)",
            "[3 1 2] [1 2 3]",
        ),
        ("(println ([3 1 2] .sort (fn [a b] (a > b))))", "[3 2 1]"),
        ("(println ([3 1 2] .sort (fn [a b] (b - a))))", "[3 2 1]"),
        (
            "(println ([1.5 0.5 1.0] .sort (fn [a b] (a - b))))",
            "[0.5 1.0 1.5]",
        ),
        (
            r#"(println ([[2 "b"] [1 "a"] [2 "a"] [1 "b"]] .sort (fn [x y] (x/0 < y/0))))"#,
            "[[1 a] [1 b] [2 b] [2 a]]",
        ),
        ("(println ([] .sort) ([1] .sort (fn [a b] true)))", "[] [1]"),
        // A comparator that contradicts itself yields some order, never a crash.
        (
            "(println (([5 3 9 1 7 2] .sort (fn [a b] true)) .size))",
            "6",
        ),
    ]);
    raises(
        "([2 1] .sort (fn [a b] (assert false \"bad cmp\")))",
        "",
        "bad cmp",
    );
    raises(
        "([2 1] .sort 5)",
        "",
        "Array.sort expects (comparator?: Function), got (Int)",
    );
}

#[test]
fn array_higher_order() {
    each_prints(&[
        ("(println ([1 2 3] .map (fn [x] (x * 2))))", "[2 4 6]"),
        ("(println ([1 2 3] .filter (fn [x] (x > 1))))", "[2 3]"),
        ("(println ([1 2 3] .reduce 0 (fn [acc x] (acc + x))))", "6"),
        ("(println ([1 2 3] .reduce 10 (fn [acc x] (acc + x))) ([] .reduce 5 (fn [a x] 0)))", "16 5"),
        (r##"(println ([1 2 3] .reduce "" (fn [acc x] #"#{acc}<#{x}>")))"##, "<1><2><3>"),
        ("(fn double [x] (x * 2)) (println ([1 2] .map double))", "[2 4]"),
        ("(println ([-1 2 -3] .map abs))", "[1 2 3]"),
        ("(var s 0) (var r ([1 2 3] .each (fn [x] (s += x)))) (println s r)", "6 [1 2 3]"),
        ("(println ([1 2 3 4] .find (fn [x] (x > 2))) ([1] .find (fn [x] false)))", "3 nil"),
        ("(println ([1 2] .any (fn [x] (x > 1))) ([1 2] .any (fn [x] (x > 5))) ([] .any (fn [x] true)))", "true false false"),
        ("(println ([1 2] .all (fn [x] (x > 0))) ([1 2] .all (fn [x] (x > 1))) ([] .all (fn [x] false)))", "true false true"),
        // Closures over outer variables, and callbacks that build new values.
        ("(var k 10) (println ([1 2] .map (fn [x] [x (x + k) #\"n#{x}\"])))", "[[1 11 n1] [2 12 n2]]"),
        // A callback that grows the array sees only the items that were there at the start.
        ("(var a [1 2]) (a .each (fn [x] (a .push x))) (println a)", "[1 2 1 2]"),
        // One that shrinks it stops the walk early.
        ("(var a [1 2 3 4]) (println (a .map (fn [x] (a .pop) x)) a)", "[1 2] [1 2]"),
    ]);
    raises(
        "(println 1) ([1 2 3] .map (fn [x] (assert (x != 2) \"two\") x))",
        "1\n",
        "two",
    );
    raises(
        "([1 2] .map 1)",
        "",
        "Array.map expects (callback: Function), got (Int)",
    );
    raises(
        "([1 2] .filter)",
        "",
        "Array.filter expects (callback: Function), got ()",
    );
    raises(
        "([1 2] .reduce (fn [a x] a))",
        "",
        "Array.reduce expects (init: Any, callback: Function), got (Function)",
    );
    raises(
        "([1 2] .reduce 0 nil)",
        "",
        "Array.reduce expects (init: Any, callback: Function), got (Int, Nil)",
    );
    raises_containing("([1 2] .map (fn [] 1))", "got 1");
}

#[test]
fn map_methods() {
    each_prints(&[
        ("(var m {}) (m .set \"k\" 1) (println m)", "{^k 1}"),
        ("(var m {^a 1}) (println (m .keys) (m .values) (m .size))", "[a] [1] 1"),
        ("(var m {^a 1}) (println (m .set `b 2) m)", "{^a 1 ^b 2} {^a 1 ^b 2}"),
        ("(println ({^a 1} .has \"a\") ({^a 1} .contains \"a\") ({^a 1} .has `a) ({^a 1} .has \"b\") ({^a 1} .has 1))", "true true true false false"),
        ("(println ({^a 1} .get \"a\") ({^a 1} .get `a) ({^a 1} .get \"zz_never\") ({^a 1} .get \"b\" 0))", "1 1 nil 0"),
        ("(println ({^a nil} .get \"a\" 5))", "nil"),
        ("(println ({} .size) ({} .empty?) ({^a 1} .empty) ({^a 1} .not_empty?))", "0 true false true"),
        ("(var m {^a 1 ^b 2 ^c 3}) (println (m .del \"b\") m (m .del \"zz\") (m .del `a `c) m)", "2 {} nil 3 {}"),
        ("(println (typeof (({^k 1} .keys) .get 0)))", "String"),
        ("(println ({^a 1 ^b 2} .pairs))", "[[a 1] [b 2]]"),
        ("(var m {^a 1 ^b 2}) (println (m .merge {^b 3 ^c 4}) m)", "{^a 1 ^b 3 ^c 4} {^a 1 ^b 3 ^c 4}"),
        ("(var m {^a 1}) (println (m .clear) m)", "{} {}"),
    ]);
    raises(
        "({} .set 1 2)",
        "",
        "Map.set expects (key: String|Symbol, value: Any), got (Int, Int)",
    );
    raises(
        "({} .get [1])",
        "",
        "Map.get expects (key: String|Symbol, default?: Any), got (Array)",
    );
    raises(
        "({} .merge [])",
        "",
        "Map.merge expects (other: Map), got (Array)",
    );
    raises(
        "({} .set \"a\")",
        "",
        "Map.set expects (key: String|Symbol, value: Any), got (String)",
    );
}

#[test]
fn map_higher_order() {
    each_prints(&[
        (
            "(var m {^a 1 ^b 2 ^c 3}) (var r (m .map (fn [k v] (v * 10)))) (println r m)",
            "{^a 10 ^b 20 ^c 30} {^a 1 ^b 2 ^c 3}",
        ),
        (
            "(println ({^a 1 ^b 2 ^c 3} .filter (fn [k v] (v > 1))))",
            "{^b 2 ^c 3}",
        ),
        (
            "(println ({^a 1 ^b 2} .filter (fn [k v] (k == \"a\"))))",
            "{^a 1}",
        ),
        (
            "(println ({^a 1 ^b 2 ^c 3} .reduce 0 (fn [acc k v] (acc + v))))",
            "6",
        ),
        (
            "(println ({^a 1 ^b 2} .reduce \"\" (fn [acc k v] #\"#{acc}#{k}=#{v};\")))",
            "a=1;b=2;",
        ),
        (
            "(var m {^x 1 ^y 2}) (println (m .each (fn [k v] (println k v (typeof k)))))",
            "x 1 String\ny 2 String\n{^x 1 ^y 2}",
        ),
        (
            "(var m {^a 1 ^b 2}) (m .each (fn [k v] (m .del \"b\"))) (println m)",
            "{^a 1}",
        ),
    ]);
    raises_containing("({^a 1} .map (fn [k] k))", "got 2");
    raises(
        "({^a 1} .each 3)",
        "",
        "Map.each expects (callback: Function), got (Int)",
    );
    raises(
        "({^a 1} .reduce 0)",
        "",
        "Map.reduce expects (init: Any, callback: Function), got (Int)",
    );
}

#[test]
fn gene_methods() {
    each_prints(&[
        ("(var g `(Person ^name \"Al\" ^age 30 \"c1\" \"c2\")) (println (g .type) (g .props) (g .children))", "Person {^name Al ^age 30} [c1 c2]"),
        ("(var g `(p ^a 1 x)) (println (g .has \"a\") (g .has `b) (g .get \"a\") (g .get \"b\") (g .get \"b\" 7))", "true false 1 nil 7"),
        ("(var g `(p ^a 1)) (g .set \"b\" 2) (println g (g .del \"a\") g)", "(p ^b 2) 1 (p ^b 2)"),
        ("(var g `(p a b)) (println (g .has_child 1) (g .has_child 2) (g .get_child 0) (g .get_child 5) (g .get_child 5 0))", "true false a nil 0"),
        ("(var g `(p a b)) (g .set_child 0 `z) (g .add_child `c) (g .ins_child 0 `first) (g .ins_child 4 `end) (println g)", "(p first z b c end)"),
        ("(var g `(p a b)) (println (g .del_child 0) g (g .contains `b) (g .contains `a))", "a (p b) true false"),
        ("(var g `(p 1)) (var c (g .children)) (c .push 2) (println g c)", "(p 1) [1 2]"),
    ]);
    raises(
        "(`(p a) .set_child 1 0)",
        "",
        "Gene.set_child index 1 is out of bounds for a gene of 1 children",
    );
    raises(
        "(`(p a) .del_child -1)",
        "",
        "Gene.del_child index -1 is out of bounds for a gene of 1 children",
    );
    raises(
        "(`(p a) .get 1)",
        "",
        "Gene.get expects (key: String|Symbol, default?: Any), got (Int)",
    );
}

#[test]
fn function_call_method() {
    each_prints(&[
        ("(var f (fn [x] (x + 1))) (println (f .call 1))", "2"),
        ("(fn adder [x y] (x + y)) (println (adder .call 3 4))", "7"),
        ("(println (println .call \"a\" 1))", "a 1\nnil"),
        ("(println ((fn [] 5) .call))", "5"),
    ]);
    raises_containing("(var f (fn [x] x)) (f .call)", "got 0");
}

#[test]
fn methods_through_paths() {
    prints(
        "(var a [1 2 3]) (var m {^k 1}) (var g `(T ^p 1 c)) (println a/.size a/.length m/.size g/.type g/.props g/.children)",
        "3 3 1 T {^p 1} [c]\n",
    );
}

#[test]
fn missing_methods_are_errors() {
    raises("(1 .nope)", "", "Int has no method `.nope`");
    raises("(\"s\" .push 1)", "", "String has no method `.push`");
    raises("([1] .upcase)", "", "Array has no method `.upcase`");
    raises("({} .sort)", "", "Map has no method `.sort`");
    // Nil answers what it lacks with nil (its `on_method_missing`); void does not.
    prints("(println (nil .size) (nil .a 1 2))", "nil nil\n");
    raises("(void .size)", "", "Void has no method `.size`");
    raises("((1 .. 2) .upcase)", "", "Range has no method `.upcase`");
    raises("(1.5 .call)", "", "Float has no method `.call`");
    // One call site seeing receivers of different types still finds each type's method.
    prints(
        "(for x in [[1 2] \"abc\" {^a 1} `(g c)] (println (x .to_s) (typeof x)))",
        "[1 2] Array\nabc String\n{^a 1} Map\n(g c) Gene\n",
    );
    prints(
        "(for x in [[1 2 3] \"héllo\"] (println (x .size)))",
        "3\n5\n",
    );
}

#[test]
fn callbacks_survive_collection() {
    // Many allocations inside callbacks; under gc-stress each one collects.
    prints(
        r##"
        (var words ([1 2 3 4 5 6 7 8 9 10] .map (fn [n] #"w#{n}")))
        (var long (words .filter (fn [w] ((w .length) > 2))))
        (var joined (words .reduce "" (fn [acc w] (acc .append w ","))))
        (var sorted ((words .map (fn [w] [w (w .length)])) .sort (fn [a b] ((b .get 0) < (a .get 0)))))
        (var counts ({^a 1 ^b 2 ^c 3} .map (fn [k v] [k (k .append "!") (v * 2)])))
        (var kept ({^a "x" ^b "y" ^c "z"} .filter (fn [k v] (println (v .append k)) (k != "b"))))
        (println words)
        (println long)
        (println joined)
        (println (sorted .get 0) (sorted .get -1))
        (println counts)
        (println kept)
        "##,
        "xa\nyb\nzc\n\
         [w1 w2 w3 w4 w5 w6 w7 w8 w9 w10]\n\
         [w10]\n\
         w1,w2,w3,w4,w5,w6,w7,w8,w9,w10,\n\
         [w9 2] [w1 2]\n\
         {^a [a a! 2] ^b [b b! 4] ^c [c c! 6]}\n\
         {^a x ^c z}\n",
    );
    // A callback that takes the current item out of the array: filter must still hold it.
    prints(
        "(var a [\"p\" \"q\"]) (println (a .filter (fn [x] (a .clear) ([x x] .size) true)))",
        "[p]\n",
    );
    prints(
        "(var a [[1] [2] [3]]) (println (a .find (fn [x] (a .clear) ([0 0 0] .size) true)))",
        "[1]\n",
    );
}
