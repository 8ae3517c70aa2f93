//! Runs every Gene sample of the book (`docs/src`) through the built `gene` binary and checks
//! what it prints, so the book cannot teach something gene does not do.
//!
//! The convention (stated in `docs/src/introduction.md`): a ```` ```gene ```` block is
//! followed by an ```` ```output ```` block (its exact stdout) or an ```` ```error ````
//! block (the first line of its stderr; it must fail); ```` ```gene,norun ```` is not run.

use std::path::{Path, PathBuf};
use std::process::Command;

/// One runnable sample and what it must do.
struct Sample {
    file: PathBuf,
    line: usize,
    code: String,
    expect: Expect,
}

enum Expect {
    Output(String),
    Error(String),
}

/// The fenced blocks of a chapter: (info string, line of the opening fence, body).
fn blocks(text: &str) -> Vec<(String, usize, String)> {
    let mut found = Vec::new();
    let mut open: Option<(String, usize, String)> = None;
    for (index, line) in text.lines().enumerate() {
        if let Some(info) = line.strip_prefix("```") {
            match open.take() {
                Some(block) => found.push(block),
                None => open = Some((info.trim().to_string(), index + 1, String::new())),
            }
        } else if let Some((_, _, body)) = open.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    found
}

fn chapters(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("docs/src is readable")
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            chapters(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "md") {
            out.push(path);
        }
    }
}

fn samples(problems: &mut Vec<String>) -> Vec<Sample> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/src");
    let mut files = Vec::new();
    chapters(&root, &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a chapter is readable");
        let blocks = blocks(&text);
        for (index, (info, line, code)) in blocks.iter().enumerate() {
            if info != "gene" {
                continue;
            }
            let expect = match blocks.get(index + 1) {
                Some((next, _, body)) if next == "output" => Expect::Output(body.clone()),
                Some((next, _, body)) if next == "error" => {
                    Expect::Error(body.lines().next().unwrap_or("").to_string())
                }
                _ => {
                    problems.push(format!(
                        "{}:{line}: a gene block without an output or error block after it \
                         (mark a fragment gene,norun)",
                        file.display()
                    ));
                    continue;
                }
            };
            found.push(Sample {
                file: file.clone(),
                line: *line,
                code: code.clone(),
                expect,
            });
        }
    }
    found
}

#[test]
fn every_book_sample_prints_what_the_book_shows() {
    let mut problems = Vec::new();
    let samples = samples(&mut problems);
    assert!(!samples.is_empty(), "the book has no samples");
    let dir = std::env::temp_dir().join(format!("gene-book-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temp dir");
    for (index, sample) in samples.iter().enumerate() {
        let path = dir.join(format!("sample{index}.gene"));
        std::fs::write(&path, &sample.code).expect("the sample is written");
        let run = Command::new(env!("CARGO_BIN_EXE_gene"))
            .arg(&path)
            .current_dir(&dir)
            .output()
            .expect("gene runs");
        let stdout = String::from_utf8_lossy(&run.stdout);
        let stderr = String::from_utf8_lossy(&run.stderr);
        let place = format!("{}:{}", sample.file.display(), sample.line);
        match &sample.expect {
            Expect::Output(want) => {
                if !run.status.success() || stdout != *want {
                    problems.push(format!(
                        "{place}: expected output\n{want}got ({})\n{stdout}{stderr}",
                        run.status
                    ));
                }
            }
            Expect::Error(want) => {
                let first = stderr.lines().next().unwrap_or("");
                if run.status.success() || first != want {
                    problems.push(format!(
                        "{place}: expected the error `{want}`, got ({}) `{first}`",
                        run.status
                    ));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}
