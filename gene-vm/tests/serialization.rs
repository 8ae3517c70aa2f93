//! JSON and the Gene text serialization on generated documents: what gene/json/stringify
//! writes is exactly what serde_json writes for the same document, and every writer's text
//! reads back as an equal value (spec 15).

mod common;

use common::run;
use proptest::prelude::*;
use serde_json::Value as Json;

/// Any JSON document, a few levels deep, with keys tagged JSON accepts.
fn document() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        any::<i64>().prop_map(Json::from),
        any::<f64>()
            .prop_filter("JSON has finite numbers only", |x| x.is_finite())
            .prop_map(Json::from),
        "[a-z\"\\\\\n\t\u{e9}\u{1F600}\u{1} #]{0,8}".prop_map(Json::String),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec(("[a-z_ ]{0,6}", inner), 0..6).prop_map(|entries| {
                Json::Object(
                    entries
                        .into_iter()
                        .filter(|(key, _)| key != "genetype")
                        .collect(),
                )
            }),
        ]
    })
}

/// `text` as a Gene string literal.
fn literal(text: &str) -> String {
    let mut out = String::new();
    gene_syntax::print::write_string_literal(&mut out, text).expect("a String never fails");
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(if common::STRESSED { 8 } else { 64 }))]

    #[test]
    fn every_writer_reads_back_and_stringify_matches_serde_json(doc in document()) {
        let text = serde_json::to_string(&doc).expect("a document writes");
        let code = format!(
            "(var v (gene/json/parse {}))
             (println (gene/json/stringify v))
             (println ((gene/json/parse (gene/json/stringify v)) == v))
             (println ((gene/json/parse (gene/json/pretty v)) == v))
             (println ((gene/json/deserialize (gene/json/serialize v)) == v))
             (println ((gene/serdes/deserialize (gene/serdes/serialize v)) == v))",
            literal(&text)
        );
        let (printed, error) = run(&code);
        prop_assert_eq!(error, None);
        prop_assert_eq!(printed, format!("{text}\ntrue\ntrue\ntrue\ntrue\n"));
    }
}

#[test]
fn hooks_that_allocate_keep_what_was_read_and_written_alive() {
    // Each hook call allocates and may collect (every safepoint does under gc-stress);
    // the values around it must survive.
    let (printed, error) = run("(class Cell
           (ctor [v] (/v = v))
           (method serialize [] [/v (range 0 5) {^pad [1 2 3]}])
           (method deserialize [state] (new Cell (state/0 + 0))))
         (var data (gene/serdes/serialize
           [{^a \"x\"} (new Cell 1) [\"y\" (new Cell 2)] {^c (new Cell 3)} \"z\"]))
         (var back (gene/serdes/deserialize data))
         (println back)");
    assert_eq!(error, None);
    assert_eq!(
        printed,
        "[{^a x} <Cell ^v 1> [y <Cell ^v 2>] {^c <Cell ^v 3>} z]\n"
    );
}
