//! `gene run`'s bytecode cache seen from outside: a second run uses it, a damaged or stale
//! entry is refused and rewritten, imports are cached, and the output never changes.

use std::path::{Path, PathBuf};
use std::process::Command;

/// A temporary directory, removed when dropped.
struct Temp(PathBuf);

impl Temp {
    fn new(tag: &str) -> Temp {
        let dir = std::env::temp_dir().join(format!("gene-gbc-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("cache")).expect("temp dir");
        Temp(dir)
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `gene run FILE` with the cache in `cache`: (stdout, the cache log lines).
fn run(file: &Path, cache: &Path) -> (String, Vec<String>) {
    let out = Command::new(env!("CARGO_BIN_EXE_gene"))
        .args(["run", file.to_str().expect("utf-8")])
        .env("GENE_CACHE_DIR", cache)
        .env("GENE_CACHE_LOG", "1")
        .env_remove("GENE_NO_CACHE")
        .output()
        .expect("gene runs");
    let log = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter_map(|line| line.strip_prefix("gene cache: "))
        .map(|line| {
            line.replace(
                &*file
                    .parent()
                    .unwrap()
                    .canonicalize()
                    .unwrap()
                    .to_string_lossy(),
                "",
            )
        })
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), log)
}

fn entries(cache: &Path) -> Vec<PathBuf> {
    let mut all: Vec<PathBuf> = std::fs::read_dir(cache)
        .expect("cache dir")
        .map(|e| e.expect("entry").path())
        .collect();
    all.sort();
    all
}

#[test]
fn a_second_run_uses_the_cache_and_damage_is_rebuilt() {
    let temp = Temp::new("main");
    let main = temp.0.join("main.gene");
    std::fs::write(temp.0.join("lib.gene"), "(fn /double [x] (x * 2))").unwrap();
    std::fs::write(
        &main,
        "(import double from \"lib\")\n(println (double 21))\n",
    )
    .unwrap();
    let cache = temp.0.join("cache");
    let (out, log) = run(&main, &cache);
    assert_eq!(out, "42\n");
    assert_eq!(
        log,
        [
            "miss /main.gene",
            "wrote /main.gene",
            "miss /lib.gene",
            "wrote /lib.gene"
        ]
    );
    let (out, log) = run(&main, &cache);
    assert_eq!(out, "42\n");
    assert_eq!(log, ["hit /main.gene", "hit /lib.gene"]);

    let files = entries(&cache);
    assert_eq!(files.len(), 2);
    let main_entry = files
        .iter()
        .find(|f| {
            f.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("main-")
        })
        .unwrap()
        .clone();
    let good = std::fs::read(&main_entry).unwrap();
    let mut flipped = good.clone();
    let last = flipped.len() - 1;
    flipped[last] ^= 1;
    let damages: [(Vec<u8>, &str); 3] = [
        (good[..good.len() / 2].to_vec(), "the file is truncated"),
        (flipped, "the checksum does not match: the file is corrupt"),
        (b"garbage".to_vec(), "not a Gene bytecode file"),
    ];
    for (damaged, reason) in damages {
        std::fs::write(&main_entry, &damaged).unwrap();
        let (out, log) = run(&main, &cache);
        assert_eq!(out, "42\n");
        assert_eq!(
            log,
            [
                format!("refused ({reason}) /main.gene"),
                "wrote /main.gene".into(),
                "hit /lib.gene".into()
            ]
        );
        assert_eq!(std::fs::read(&main_entry).unwrap(), good);
    }

    // An edited source is compiled anew.
    std::fs::write(
        &main,
        "(import double from \"lib\")\n(println (double 5))\n",
    )
    .unwrap();
    let (out, log) = run(&main, &cache);
    assert_eq!(out, "10\n");
    assert_eq!(
        log[0],
        "refused (compiled from other source text) /main.gene"
    );
}

/// Runs `gene ARGS` in `dir` with the cache in `dir/cache`: (exit code, stdout, stderr
/// without the cache's log lines).
fn gene(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gene"))
        .args(args)
        .current_dir(dir)
        .env("GENE_CACHE_DIR", dir.join("cache"))
        .env_remove("GENE_CACHE_LOG")
        .env_remove("GENE_NO_CACHE")
        .env("NO_COLOR", "1")
        .output()
        .expect("gene runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn gene_compile_writes_a_program_that_runs_without_its_source() {
    let temp = Temp::new("compile");
    std::fs::write(temp.0.join("lib.gene"), "(fn /double [x] (x * 2))").unwrap();
    std::fs::write(
        temp.0.join("app.gene"),
        "(import double from \"lib\")\n(println (double 21) $args)\n(println (missing 1))\n",
    )
    .unwrap();
    let (code, out, err) = gene(&temp.0, &["compile", "app.gene", "-o", "app.gbc"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "", ""));
    // Gone: the compiled file carries its source for error reports, and imports are
    // found from where it is.
    std::fs::remove_file(temp.0.join("app.gene")).unwrap();
    for run in [&["run", "app.gbc", "x"][..], &["app.gbc", "x"]] {
        let (code, out, err) = gene(&temp.0, run);
        assert_eq!(out, "42 [x]\n");
        assert_eq!(code, 1);
        let snippet: Vec<&str> = err.lines().take(5).collect();
        assert_eq!(
            snippet,
            [
                "error: missing is not defined",
                "  ┌─ app.gene:3:11",
                "  │",
                "3 │ (println (missing 1))",
                "  │           ^^^^^^^",
            ],
            "{err}"
        );
    }
}

#[test]
fn damaged_or_foreign_compiled_programs_are_refused_with_the_reason() {
    let temp = Temp::new("refuse");
    std::fs::write(temp.0.join("app.gene"), "(println \"ran\")\n").unwrap();
    let (code, _, _) = gene(&temp.0, &["compile", "app.gene", "-o", "app.gbc"]);
    assert_eq!(code, 0);
    let good = std::fs::read(temp.0.join("app.gbc")).unwrap();
    let mut flipped = good.clone();
    flipped[good.len() - 3] ^= 0x10;
    let mut other_build = good.clone();
    other_build[20] ^= 1;
    let cases: [(Vec<u8>, &str); 3] = [
        (good[..good.len() - 1].to_vec(), "the file is truncated"),
        (flipped, "the checksum does not match: the file is corrupt"),
        (other_build, "compiled by another build of gene"),
    ];
    for (bytes, reason) in cases {
        std::fs::write(temp.0.join("bad.gbc"), &bytes).unwrap();
        let (code, out, err) = gene(&temp.0, &["bad.gbc"]);
        assert_eq!((code, out.as_str()), (1, ""));
        assert!(
            err.starts_with(&format!(
                "gene: bad.gbc is not bytecode this gene can run: {reason}"
            )),
            "{err}"
        );
    }
    let (code, out, _) = gene(&temp.0, &["app.gbc"]);
    assert_eq!((code, out.as_str()), (0, "ran\n"));
}

#[test]
fn no_cache_and_an_unwritable_cache_directory_still_run() {
    let temp = Temp::new("nocache");
    std::fs::write(temp.0.join("app.gene"), "(println (1 + 2))\n").unwrap();
    std::fs::remove_dir_all(temp.0.join("cache")).unwrap();
    let (code, out, _) = gene(&temp.0, &["run", "--no-cache", "app.gene"]);
    assert_eq!((code, out.as_str()), (0, "3\n"));
    assert!(!temp.0.join("cache").exists(), "--no-cache wrote an entry");

    // A cache path that cannot be a directory (a file is in the way) is skipped silently.
    std::fs::write(temp.0.join("cache"), "not a directory").unwrap();
    let (code, out, err) = gene(&temp.0, &["app.gene"]);
    assert_eq!((code, out.as_str(), err.as_str()), (0, "3\n", ""));
}
