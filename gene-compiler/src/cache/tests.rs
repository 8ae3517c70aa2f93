//! The format's tests: every program of the corpus round-trips, and damaged, stale or
//! hostile bytes are refused with the right reason, never a panic.

use super::*;
use crate::isa::GlobalSlot;
use crate::{compile_module, verify, Globals};
use gene_syntax::Span;

/// Every `.gene` file under `dir`, sorted.
fn gene_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            gene_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "gene") {
            out.push(path);
        }
    }
    out.sort();
}

/// `text` compiled as `gene run` compiles a file, with the globals it leaves.
fn compiled(text: &str) -> Option<(FunctionProto, Globals)> {
    let source = gene_syntax::SourceFile::new("test.gene", text);
    let data = gene_syntax::parse(&source).ok()?;
    let mut globals = Globals::new();
    let proto = compile_module(&data, &mut globals).ok()?;
    Some((proto, globals))
}

/// Everything a compile produced, spans of quoted data included (`Datum`'s equality
/// ignores them, its `Debug` does not).
fn fingerprint(proto: &FunctionProto, globals: &Globals) -> String {
    let (names, immutable, exported) = globals.parts();
    format!("{proto:?}\n{names:?}\n{immutable:?}\n{exported:?}")
}

const SAMPLE: &str = r#"
(var /total 0)
(let limit 10)
(fn /add [a b = 2 rest... ^scale = 1] ((a + b) * scale))
(class Point
  (ctor [x y] (/x = x) (/y = y))
  (method norm [] ((/x * /x) + (/y * /y))))
(var data `(tag ^k [1 2.5 "s" \c] {^m 1} {{1 2}} #/re/i 0#ff 2024-01-02 10:20:30Z))
(var sel @users/0/name)
(var s #"x is #{total}")
(fn counter* [] (yield 1) (yield 2))
(fn spell [counter] (countr counter))
(if total "unused" 0)
(println (add 1) (new Point 3 4) data sel s "é")
"#;

fn sample() -> (FunctionProto, Globals, Vec<u8>) {
    let (proto, globals) = compiled(SAMPLE).expect("the sample compiles");
    let bytes = encode(&proto, &globals, SAMPLE, None);
    (proto, globals, bytes)
}

/// Recomputes the checksum after a deliberate change, so the decoder sees the change.
fn reseal(bytes: &mut [u8]) {
    let sum = checksum(&bytes[..48], &bytes[HEADER_LEN..]);
    bytes[48..56].copy_from_slice(&sum.to_le_bytes());
}

#[test]
// Reads the corpus from the file system, which Miri does not emulate.
#[cfg_attr(miri, ignore)]
fn every_corpus_program_round_trips() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    gene_files(&root.join("tests/conformance"), &mut files);
    gene_files(&root.join("examples"), &mut files);
    let mut checked = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("readable");
        // Programs that are meant not to read or compile have nothing to cache.
        let Some((proto, globals)) = compiled(&text) else {
            continue;
        };
        for embed in [None, Some("prog.gene")] {
            let bytes = encode(&proto, &globals, &text, embed);
            let decoded = match embed {
                None => decode_for_source(&bytes, &text),
                Some(_) => decode_program(&bytes),
            }
            .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
            assert_eq!(
                fingerprint(&decoded.proto, &decoded.globals),
                fingerprint(&proto, &globals),
                "{}",
                file.display()
            );
            assert_eq!(decoded.proto.disassembly(), proto.disassembly());
            assert_eq!(
                decoded.source,
                embed.map(|name| EmbeddedSource {
                    name: name.into(),
                    text: text.clone()
                })
            );
            verify(&decoded.proto, decoded.globals.len()).expect("still verifies");
        }
        checked += 1;
    }
    assert!(checked > 600, "only {checked} programs compiled");
}

#[test]
fn the_sample_round_trips_with_its_globals() {
    let (proto, globals, bytes) = sample();
    let decoded = decode_for_source(&bytes, SAMPLE).expect("decodes");
    assert_eq!(
        fingerprint(&decoded.proto, &decoded.globals),
        fingerprint(&proto, &globals)
    );
    let (names, immutable, exported) = decoded.globals.parts();
    assert!(names.contains(&"total") && names.contains(&"add"));
    let name_of = |slots: Vec<GlobalSlot>| -> Vec<String> {
        slots
            .into_iter()
            .map(|slot| decoded.globals.name(slot).to_string())
            .collect()
    };
    assert_eq!(name_of(exported), ["total", "add"]);
    assert_eq!(name_of(immutable), ["limit"]);
    // What an error or a warning says comes from the cache too, not only the code.
    let messages: Vec<&str> = decoded
        .proto
        .warnings
        .iter()
        .map(|w| w.message.as_str())
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let spell = decoded
        .proto
        .protos
        .iter()
        .find(|p| p.name == "spell")
        .expect("spell");
    let hints: Vec<&str> = spell
        .name_hints
        .iter()
        .map(|(_, name)| name.as_str())
        .collect();
    assert_eq!(hints, ["counter"]);
}

#[test]
fn every_truncation_is_refused_as_truncated() {
    let (_, _, bytes) = sample();
    for len in 0..bytes.len() {
        assert_eq!(
            decode_for_source(&bytes[..len], SAMPLE).err(),
            Some(CacheError::Truncated),
            "cut at {len}"
        );
    }
    assert!(decode_for_source(&bytes, SAMPLE).is_ok());
}

#[test]
fn every_flipped_bit_is_refused_with_its_reason() {
    let (_, _, bytes) = sample();
    for at in 0..bytes.len() {
        for bit in 0..8 {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1 << bit;
            let error = decode_for_source(&damaged, SAMPLE).err();
            let expected = match at {
                0..=7 => CacheError::NotBytecode,
                8..=11 => CacheError::FormatVersion(FORMAT_VERSION ^ (1 << (bit + 8 * (at - 8)))),
                12 if bit == 0 => CacheError::Checksum,
                12..=15 => CacheError::Malformed("unknown flags"),
                16..=31 => CacheError::OtherCompiler(
                    String::from_utf8_lossy(&damaged[16..32]).into_owned(),
                ),
                32..=39 => CacheError::SourceChanged,
                // A longer payload than there is, or a shorter one with bytes after it.
                40..=47 if error == Some(CacheError::Truncated) => CacheError::Truncated,
                40..=47 => CacheError::Malformed("bytes after the payload"),
                _ => CacheError::Checksum,
            };
            assert_eq!(error, Some(expected), "bit {bit} of byte {at}");
        }
    }
}

#[test]
fn stale_entries_are_refused() {
    let (_, _, bytes) = sample();
    let edited = SAMPLE.replace("limit 10", "limit 11");
    assert_eq!(
        decode_for_source(&bytes, &edited).err(),
        Some(CacheError::SourceChanged)
    );
    let mut other_version = bytes.clone();
    other_version[8..12].copy_from_slice(&(FORMAT_VERSION + 1).to_le_bytes());
    reseal(&mut other_version);
    assert_eq!(
        decode_for_source(&other_version, SAMPLE).err(),
        Some(CacheError::FormatVersion(FORMAT_VERSION + 1))
    );
    let mut other_compiler = bytes.clone();
    other_compiler[16..32].copy_from_slice(b"0123456789abcdef");
    reseal(&mut other_compiler);
    let expected = if COMPILER_ID == "0123456789abcdef" {
        None
    } else {
        Some(CacheError::OtherCompiler("0123456789abcdef".into()))
    };
    assert_eq!(decode_for_source(&other_compiler, SAMPLE).err(), expected);
    // A cache entry does not carry its source, so it does not run on its own.
    assert_eq!(decode_program(&bytes).err(), Some(CacheError::NoSource));
    assert_eq!(
        decode_for_source(b"(println 1)", SAMPLE).err(),
        Some(CacheError::NotBytecode)
    );
}

/// Bytes changed behind a valid checksum (as a hostile writer would) decode to an error or
/// to data, never a panic; what decodes still has to pass the verifier.
#[test]
fn hostile_payloads_never_panic() {
    let (_, _, bytes) = sample();
    let mut decoded = 0;
    for at in HEADER_LEN..bytes.len() {
        for change in [0x00, 0xff, bytes[at].wrapping_add(1), 0x80] {
            let mut hostile = bytes.clone();
            hostile[at] = change;
            reseal(&mut hostile);
            if let Ok(module) = decode_for_source(&hostile, SAMPLE) {
                let _ = verify(&module.proto, module.globals.len());
                decoded += 1;
            }
        }
    }
    // Some changes (a different constant, a renamed function) are still well-formed.
    assert!(decoded > 0);
}

/// A header followed by `payload`, with the checksum and length that make it pass.
fn sealed(payload: &[u8]) -> Vec<u8> {
    let mut bytes = encode(&FunctionProto::default(), &Globals::new(), "", None);
    bytes.truncate(HEADER_LEN);
    bytes[40..48].copy_from_slice(&(payload.len() as u64).to_le_bytes());
    bytes.extend_from_slice(payload);
    reseal(&mut bytes);
    bytes
}

#[test]
fn huge_lengths_and_deep_nesting_are_refused_before_allocating() {
    // Globals claiming 2^60 names.
    let mut writer = Writer(Vec::new());
    writer.uint(1 << 60);
    assert_eq!(
        decode_for_source(&sealed(&writer.0), "").err(),
        Some(CacheError::Malformed(
            "a length past the end of the payload"
        ))
    );
    // A function whose code claims more words than there are bytes.
    let mut writer = Writer(Vec::new());
    for _ in 0..3 {
        writer.uint(0);
    }
    writer.str("<main>");
    writer.0.extend_from_slice(&[0, 0, 0, 0, 0, 0, 1]);
    writer.uint(u64::from(u32::MAX));
    assert_eq!(
        decode_for_source(&sealed(&writer.0), "").err(),
        Some(CacheError::Malformed(
            "a length past the end of the payload"
        ))
    );
    // A constant quoted ten thousand levels deep.
    let mut writer = Writer(Vec::new());
    for _ in 0..3 {
        writer.uint(0);
    }
    writer.str("<main>");
    writer.0.extend_from_slice(&[0, 0, 0, 0, 0, 0, 1]);
    writer.uint(0);
    writer.uint(1);
    writer.byte(4);
    for _ in 0..10_000 {
        writer.0.extend_from_slice(&[0, 0, 15]);
    }
    writer.0.extend_from_slice(&[0, 0, 0]);
    assert_eq!(
        decode_for_source(&sealed(&writer.0), "").err(),
        Some(CacheError::Malformed("nesting too deep"))
    );
}

#[test]
fn spans_must_lie_in_the_source_on_character_boundaries() {
    let text = "(println \"é\")";
    let (proto, globals) = compiled(text).expect("compiles");
    let bytes = encode(&proto, &globals, text, None);
    assert!(decode_for_source(&bytes, text).is_ok());
    let mut bad = proto.clone();
    bad.span = Span { start: 11, end: 11 };
    let bytes = encode(&bad, &globals, text, None);
    assert_eq!(
        decode_for_source(&bytes, text).err(),
        Some(CacheError::Malformed("a span outside the source"))
    );
    bad.span = Span {
        start: 0,
        end: text.len() as u32 + 1,
    };
    let bytes = encode(&bad, &globals, text, None);
    assert_eq!(
        decode_for_source(&bytes, text).err(),
        Some(CacheError::Malformed("a span outside the source"))
    );
}
