//! The conformance corpus (`tests/conformance/*/*.gene`, format in docs/conformance.md): each
//! program is run with `gene run` and its stdout, stderr and exit code are checked against its
//! `# Expected:`, `# ExpectedError:` and `# ExitCode:` directives. Programs are the files
//! `<section>/*.gene`; helper modules they import live in `<section>/lib/`, one level
//! further down, and are never run on their own.
//!
//! The language is being built section by section, so the corpus is a ratchet:
//! `tests/conformance/passing.txt` lists the programs that must pass. A listed program that
//! fails is a regression and fails this test; a program that passes but is not listed is
//! reported so it can be added (`GENE_CONFORMANCE_UPDATE=1 cargo test -p gene-cli --test
//! conformance` rewrites the list).

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A program still running after this long has hung.
const TIMEOUT: Duration = Duration::from_secs(30);

fn corpus_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

struct Expectation {
    stdout: String,
    exit_code: i32,
    errors: Vec<String>,
    /// What the program reads on stdin (`# Stdin:` lines); `None`: stdin is empty.
    stdin: Option<String>,
    /// Environment variables the program is given (`# Env: K=V`).
    env: Vec<(String, String)>,
}

fn expectation(source: &str) -> Expectation {
    let mut stdout = String::new();
    let mut exit_code = 0;
    let mut errors = Vec::new();
    let mut stdin: Option<String> = None;
    let mut env = Vec::new();
    for line in source.lines() {
        if let Some(text) = line.strip_prefix("# Expected: ") {
            stdout.push_str(text);
            stdout.push('\n');
        } else if line == "# Expected:" {
            stdout.push('\n');
        } else if let Some(code) = line.strip_prefix("# ExitCode: ") {
            exit_code = code.trim().parse().expect("ExitCode is a number");
        } else if let Some(text) = line.strip_prefix("# ExpectedError: ") {
            errors.push(text.to_string());
        } else if let Some(text) = line.strip_prefix("# Stdin:") {
            let input = stdin.get_or_insert_with(String::new);
            input.push_str(text.strip_prefix(' ').unwrap_or(text));
            input.push('\n');
        } else if let Some(pair) = line.strip_prefix("# Env: ") {
            let (key, value) = pair.split_once('=').expect("Env is KEY=VALUE");
            env.push((key.to_string(), value.to_string()));
        }
    }
    Expectation {
        stdout,
        exit_code,
        errors,
        stdin,
        env,
    }
}

/// The bytecode cache of this test run, emptied when the run starts.
fn cache_dir() -> &'static Path {
    static DIR: std::sync::OnceLock<std::path::PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("conformance-cache");
        let _ = std::fs::remove_dir_all(&dir);
        dir
    })
}

/// Runs one program; `Err` says why it does not conform.
fn check(path: &Path) -> Result<(), String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("unreadable: {e}"))?;
    let expected = expectation(&source);
    let mut child = Command::new(env!("CARGO_BIN_EXE_gene"))
        .args(["run", "--color", "never"])
        .arg(path)
        // Each run compiles and stores into a cache of its own (shared imports then hit),
        // and nothing is left in the user's cache directory.
        .env("GENE_CACHE_DIR", cache_dir())
        .env_remove("GENE_NO_CACHE")
        .envs(expected.env.iter().map(|(k, v)| (k, v)))
        .stdin(match expected.stdin {
            Some(_) => Stdio::piped(),
            None => Stdio::null(),
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start gene: {e}"))?;
    if let Some(input) = expected.stdin.clone() {
        let mut stdin = child.stdin.take().expect("piped");
        // A program may stop reading early; the write then fails, which is its business.
        std::thread::spawn(move || {
            use std::io::Write;
            let _ = stdin.write_all(input.as_bytes());
        });
    }
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let out_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = out.read_to_end(&mut text);
        text
    });
    let err_reader = std::thread::spawn(move || {
        let mut text = Vec::new();
        let _ = err.read_to_end(&mut text);
        text
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("did not finish within {} s", TIMEOUT.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().expect("reader")).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().expect("reader")).into_owned();
    let code = status.code().unwrap_or(-1);
    let mut problems = Vec::new();
    if code != expected.exit_code {
        problems.push(format!("exit code {code}, expected {}", expected.exit_code));
    }
    if stdout != expected.stdout {
        problems.push(format!(
            "stdout differs:\n--- expected\n{}--- actual\n{}",
            expected.stdout, stdout
        ));
    }
    if expected.exit_code == 0 && expected.errors.is_empty() && !stderr.is_empty() {
        problems.push(format!("unexpected stderr:\n{stderr}"));
    }
    for text in &expected.errors {
        if !stderr.contains(text.as_str()) {
            problems.push(format!("stderr lacks {text:?}; it was:\n{stderr}"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

fn corpus_files() -> Vec<(String, PathBuf)> {
    let root = corpus_root();
    let mut files = Vec::new();
    for section in std::fs::read_dir(&root).expect("tests/conformance exists") {
        let section = section.expect("readable").path();
        if !section.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&section).expect("readable") {
            let path = file.expect("readable").path();
            if path.extension().is_some_and(|e| e == "gene") {
                let name = path
                    .strip_prefix(&root)
                    .expect("under the root")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.push((name, path));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn conformance_corpus() {
    let list_path = corpus_root().join("passing.txt");
    let listed: BTreeSet<String> = std::fs::read_to_string(&list_path)
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let mut files = corpus_files();
    // Under gc-stress every call collects and marks the whole stack, so the programs that
    // recurse 100,000 deep would take hours; they say so with a `# GcStress: skip` line.
    let stress = cfg!(feature = "gc-stress");
    let mut skipped = 0;
    if stress {
        files.retain(|(_, path)| {
            let skip = std::fs::read_to_string(path)
                .is_ok_and(|source| source.lines().any(|l| l.trim() == "# GcStress: skip"));
            skipped += usize::from(skip);
            !skip
        });
    }
    // Two workers, one per core of the machines this runs on.
    let results: Vec<(String, Result<(), String>)> = std::thread::scope(|scope| {
        let halves: Vec<_> = files
            .chunks(files.len().div_ceil(2).max(1))
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .map(|(name, path)| (name.clone(), check(path)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        halves
            .into_iter()
            .flat_map(|half| half.join().expect("a worker finished"))
            .collect()
    });
    let mut passing = BTreeSet::new();
    let mut regressions = Vec::new();
    for (name, result) in results {
        match result {
            Ok(()) => {
                passing.insert(name);
            }
            Err(why) if listed.contains(&name) => regressions.push(format!("{name}: {why}")),
            Err(_) => {}
        }
    }
    let failed = files.len() - passing.len();
    println!(
        "conformance: {} passed, {failed} failed{}",
        passing.len(),
        if stress {
            format!(" (gc-stress; {skipped} deep-recursion programs skipped)")
        } else {
            String::new()
        }
    );
    let newly: Vec<&String> = passing.difference(&listed).collect();
    if std::env::var_os("GENE_CONFORMANCE_UPDATE").is_some() && !stress {
        let mut text = String::from(
            "# Conformance programs that must pass (see gene-cli/tests/conformance.rs).\n",
        );
        for name in &passing {
            text.push_str(name);
            text.push('\n');
        }
        std::fs::write(&list_path, text).expect("passing.txt is writable");
    } else if !newly.is_empty() {
        println!(
            "{} programs pass but are not in passing.txt (GENE_CONFORMANCE_UPDATE=1 adds them): {newly:?}",
            newly.len()
        );
    }
    let missing: Vec<&String> = listed
        .iter()
        .filter(|name| !stress && !files.iter().any(|(f, _)| f == *name))
        .collect();
    assert!(
        missing.is_empty(),
        "passing.txt names files that do not exist: {missing:?}"
    );
    assert!(
        regressions.is_empty(),
        "{} listed programs no longer conform:\n\n{}",
        regressions.len(),
        regressions.join("\n\n")
    );
}
