//! Regexes, match objects and the pattern-taking String methods on inputs larger than a
//! conformance program holds: positions over long multi-byte text, callbacks that allocate
//! while a replacement is being built (run with `--features gc-stress` to collect at each
//! safepoint), and results checked against a second way of computing them.

mod common;

use common::{prints, raises, STRESSED};

/// Match positions are character offsets however far into a multi-byte text the match is:
/// each `start` equals the position `.index` finds from the previous one.
#[test]
fn match_positions_count_characters_across_a_long_text() {
    let repeats = if STRESSED { 50 } else { 2_000 };
    prints(
        &format!(
            "(var text (\"héllo wörld 日本 \" .repeat {repeats})) \
             (var ms (text .match_all #/w(ö)rld/)) \
             (var ok true) (var pos 0) \
             (for m in ms \
               (var at (text .index \"wörld\" pos)) \
               (if (at != m/start) (ok = false)) \
               (if ((m/end - m/start) != 5) (ok = false)) \
               (pos = m/end)) \
             (var last (ms .get -1)) \
             (println (ms .size) ok (last/pre_match .length) (last/post_match .length))"
        ),
        &format!("{repeats} true {} 4\n", 15 * repeats - 9),
    );
}

/// A replacement function that allocates (strings, arrays, matches read again) keeps the
/// text, the regex and the result being built intact.
#[test]
fn a_replacement_function_may_allocate_and_collect() {
    let count = if STRESSED { 40 } else { 2_000 };
    prints(
        &format!(
            "(var text (\"k1=v22;\" .repeat {count})) \
             (var calls 0) \
             (var out (text .replace_all #/([a-z])(\\d+)/ (fn [m] \
               (calls += 1) \
               (var junk [(m/captures .map (fn [c] (c .repeat 3))) m/named_captures m/pre_match]) \
               #\"#{{m/captures/0}}<#{{m/captures/1}}>\"))) \
             (println calls (out .size) (out .substr 0 13))"
        ),
        &format!(
            "{} {} k<1>=v<22>;k<1\n",
            2 * count,
            count * "k<1>=v<22>;".len()
        ),
    );
}

/// String and Regex spellings of the same search agree.
#[test]
fn the_string_and_regex_sides_agree() {
    prints(
        r#"(var t "one, two,three , four")
           (var re #/\s*,\s*/)
           (println ((t .split re) == (re .split t)) ((t .split re 2) == (re .split t 2))
                    ((t .find_all #/\w+/) == (#/\w+/ .scan t))
                    ((t .replace_all re ";") == (re .gsub t ";"))
                    ((t .match #/t(\w+)/) .value) (#/t(\w+)/ .process t))"#,
        "true true true true two <RegexMatch ^value \"two\" ^start 5 ^end 8>\n",
    );
}

/// Regexp is the Regex class under another name, and `new` makes a regex from either.
#[test]
fn regexp_is_the_regex_class() {
    prints(
        r#"(println (Regexp == Regex) (gene/Regexp == Regex) (RegexpMatch == RegexMatch) ((new Regex "a") == (new Regexp "a")))"#,
        "true true true true\n",
    );
    raises(
        r#"(new Regexp "a" "b" "c")"#,
        "",
        "new Regex expects (pattern: String, replacement?: String) and the flags ^^i and ^^m",
    );
    raises(
        r#"(new Regexp ^^i)"#,
        "",
        "new Regex expects (pattern: String, replacement?: String) and the flags ^^i and ^^m",
    );
}

/// A huge repeat or pad is refused before anything is made.
#[test]
fn oversized_results_are_refused() {
    raises(
        r#"("ab" .repeat 4000000000)"#,
        "",
        "String.repeat would make a string of more than 2147483647 bytes",
    );
    raises(
        r#"("ab" .pad_left 4000000000)"#,
        "",
        "String.pad_left would make a string of more than 2147483647 bytes",
    );
}
