//! Reads arbitrary bytes as Gene source. Reading must never panic, hang or overflow the
//! stack; every error must point into the text; and whatever reads must print as text that
//! reads back as the same data.

#![no_main]

use gene_syntax::{parse_str, render_errors, Color, SourceFile, Span};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let text = text.as_ref();
    match parse_str(text) {
        Ok(data) => {
            let printed: String = data.iter().map(|d| format!("{d}\n")).collect();
            match parse_str(&printed) {
                Ok(again) => assert!(
                    again == data,
                    "{text:?} printed as {printed:?} reads back differently"
                ),
                Err(errors) => panic!("{text:?} printed as {printed:?} does not read: {errors:?}"),
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for error in &errors {
                check_span(text, error.span, &error.message);
                for (span, _) in &error.related {
                    check_span(text, *span, &error.message);
                }
            }
            let source = SourceFile::new("fuzz.gene", text);
            render_errors(&source, &errors, Color::Never);
        }
    }
});

fn check_span(text: &str, span: Span, message: &str) {
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "span {span} of {message:?} is outside {text:?}"
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "span {span} of {message:?} splits a character of {text:?}"
    );
}
