//! `cargo xtask testsuite DIR`: runs the reference implementation's own `testsuite/` (a
//! measuring stick, never copied into this project) with the release `gene`, judged the way
//! the reference's `run_tests.sh` judges it, and sorts the results by what
//! `tests/reference-testsuite.txt` says about each file: out of scope (SCOPE.md leaves the
//! feature out), a recorded deviation (gene differs on purpose, see docs/decisions.md), or
//! expected to pass. It exits 1 when an in-scope file fails without a recorded deviation.
//!
//! Judging: a file with `# Expected:` lines runs as `gene run [# Args:] FILE` from its own
//! folder; its stdout, with blank lines dropped and whitespace ignored (`diff -B -w`, as the
//! reference's runner compares), must equal the expected lines, and its exit code the
//! `# ExitCode:` (0 when absent). Our error reports go to stderr, which is not compared. A
//! file of the `pipe/` folder gives its input as a shell command (`# Input:`) and its code
//! (`# Code:`), and runs as `gene pipe CODE` with that input.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::{project_root, run, target_dir, TaskError};

/// How often to report progress.
const PROGRESS_EVERY: usize = 25;

/// A file still running after this long has hung.
const TIMEOUT: Duration = Duration::from_secs(10);

/// What `tests/reference-testsuite.txt` says about a file.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verdict {
    OutOfScope(String),
    Deviation(String),
    InScope,
}

/// The classification: `out-of-scope PATTERN — reason` and `deviation FILE — reason`
/// lines; a pattern ending in `/` covers a folder, `*` in a file name matches any text.
struct Classification {
    rules: Vec<(bool, String, String)>,
}

impl Classification {
    fn load(path: &Path) -> Result<Classification, TaskError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| TaskError::Failed(format!("cannot read {}: {e}", path.display())))?;
        let mut rules = Vec::new();
        for (number, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (kind, rest) = line.split_once(' ').unwrap_or((line, ""));
            let (pattern, reason) = rest.split_once(" — ").unwrap_or((rest, ""));
            let out = match kind {
                "out-of-scope" => true,
                "deviation" => false,
                _ => {
                    return Err(TaskError::Failed(format!(
                    "{}:{}: a line is `out-of-scope PATTERN — reason` or `deviation FILE — reason`",
                    path.display(),
                    number + 1
                )))
                }
            };
            rules.push((out, pattern.trim().to_string(), reason.trim().to_string()));
        }
        Ok(Classification { rules })
    }

    fn verdict(&self, file: &str) -> Verdict {
        for (out, pattern, reason) in &self.rules {
            if matches(pattern, file) {
                return match out {
                    true => Verdict::OutOfScope(reason.clone()),
                    false => Verdict::Deviation(reason.clone()),
                };
            }
        }
        Verdict::InScope
    }
}

/// Whether `file` (a path relative to the testsuite) fits `pattern`.
fn matches(pattern: &str, file: &str) -> bool {
    if let Some(folder) = pattern.strip_suffix('/') {
        return file.starts_with(&format!("{folder}/"));
    }
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or_default();
    let Some(mut rest) = file.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    let Some((last, middle)) = parts.split_last() else {
        return rest.is_empty();
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.ends_with(last)
}

/// What a file expects.
struct Expectation {
    lines: Vec<String>,
    exit_code: i32,
    args: Vec<String>,
    /// For `pipe/` files: the shell command making the input, and the code.
    pipe: Option<(String, String)>,
}

fn expectation(source: &str, is_pipe: bool) -> Option<Expectation> {
    let mut lines = Vec::new();
    let mut exit_code = 0;
    let mut args = Vec::new();
    let (mut input, mut code) = (None, None);
    let mut any = false;
    for line in source.lines() {
        if let Some(text) = line.strip_prefix("# Expected:") {
            any = true;
            lines.push(text.strip_prefix(' ').unwrap_or(text).to_string());
        } else if let Some(code) = line.strip_prefix("# ExitCode:") {
            exit_code = code.trim().parse().unwrap_or(0);
        } else if let Some(text) = line.strip_prefix("# Args:") {
            args.extend(text.split_whitespace().map(|a| a.replace('=', " ")));
        } else if let Some(text) = line.strip_prefix("# Input:") {
            input = Some(text.trim().to_string());
        } else if let Some(text) = line.strip_prefix("# Code:") {
            code = Some(text.trim().to_string());
        }
    }
    let args = args
        .iter()
        .flat_map(|a| a.split(' ').map(str::to_string))
        .collect();
    let pipe = match (is_pipe, input, code) {
        (true, Some(input), Some(code)) => Some((input, code)),
        _ => None,
    };
    any.then_some(Expectation {
        lines,
        exit_code,
        args,
        pipe,
    })
}

/// The lines as `diff -B -w` sees them: whitespace ignored, blank lines dropped.
fn normalised(lines: impl Iterator<Item = String>) -> Vec<String> {
    lines
        .map(|line| {
            line.chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
        })
        .filter(|line| !line.is_empty())
        .collect()
}

/// Runs one file; `Err` says why it failed.
fn check(gene: &Path, dir: &Path, expected: &Expectation) -> Result<(), String> {
    let folder = dir.parent().expect("a file has a folder");
    let mut argv: Vec<std::ffi::OsString> = vec![gene.into()];
    let input = match &expected.pipe {
        Some((input, code)) => {
            // The inputs are written for bash (`echo -e`), as the reference's pipe runner runs them.
            let made = Command::new("bash")
                .args(["-c", input])
                .output()
                .map_err(|e| format!("cannot run the input command: {e}"))?;
            argv.extend(["pipe".into(), code.into()]);
            Some(made.stdout)
        }
        None => {
            argv.push("run".into());
            argv.extend(expected.args.iter().map(Into::into));
            argv.push(dir.file_name().expect("a name").into());
            None
        }
    };
    let outcome = crate::bench::measure::run_with_input(&argv, folder, TIMEOUT, input)?;
    if outcome.timed_out {
        return Err(format!("still running after {} s", TIMEOUT.as_secs()));
    }
    let stdout = outcome.stdout;
    let code = outcome.exit_code.unwrap_or(-1);
    let want = normalised(expected.lines.iter().cloned());
    let got = normalised(stdout.lines().map(str::to_string));
    if code != expected.exit_code {
        return Err(format!("exit code {code}, expected {}", expected.exit_code));
    }
    if want != got {
        let first = want
            .iter()
            .zip(&got)
            .position(|(a, b)| a != b)
            .unwrap_or(want.len().min(got.len()));
        return Err(format!(
            "output differs at expected line {}: expected {:?}, got {:?}",
            first + 1,
            want.get(first).map_or("(end)", |s| s.as_str()),
            got.get(first).map_or("(end)", |s| s.as_str())
        ));
    }
    Ok(())
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, root, out)?;
        } else if path.extension().is_some_and(|e| e == "gene") {
            let relative = path.strip_prefix(root).expect("under root");
            out.push((relative.to_string_lossy().replace('\\', "/"), path));
        }
    }
    Ok(())
}

pub fn main(rest: &[String]) -> Result<(), TaskError> {
    let [dir] = rest else {
        return Err(TaskError::Usage(
            "`cargo xtask testsuite` takes one argument: the reference's testsuite folder".into(),
        ));
    };
    let root = Path::new(dir);
    let classification =
        Classification::load(&project_root().join("tests/reference-testsuite.txt"))?;
    let mut files = Vec::new();
    collect(root, root, &mut files)
        .map_err(|e| TaskError::Failed(format!("cannot list {}: {e}", root.display())))?;
    files.sort();

    run(Command::new("cargo")
        .args(["build", "--release", "-p", "gene-cli"])
        .current_dir(project_root()))?;
    let gene = target_dir()
        .join("release")
        .join(format!("gene{}", std::env::consts::EXE_SUFFIX));

    let (mut passed, mut in_scope, mut out_of_scope) = (0, 0, 0);
    let mut deviations = Vec::new();
    let mut unexpected = Vec::new();
    let mut fixed = Vec::new();
    for (name, path) in &files {
        let Ok(source) = std::fs::read_to_string(path) else {
            continue;
        };
        let Some(expected) = expectation(&source, name.starts_with("pipe/")) else {
            continue;
        };
        let verdict = classification.verdict(name);
        if let Verdict::OutOfScope(_) = verdict {
            out_of_scope += 1;
            continue;
        }
        in_scope += 1;
        let result = check(&gene, path, &expected);
        match (result, verdict) {
            (Ok(()), Verdict::Deviation(_)) => {
                passed += 1;
                fixed.push(name.clone());
            }
            (Ok(()), _) => passed += 1,
            (Err(why), Verdict::Deviation(reason)) => deviations.push((name.clone(), why, reason)),
            (Err(why), _) => unexpected.push((name.clone(), why)),
        }
        let done = passed + deviations.len() + unexpected.len();
        if done % PROGRESS_EVERY == 0 {
            eprintln!("  {done} in-scope files run");
        }
    }
    for (name, why, reason) in &deviations {
        println!("DEVIATION {name}: {reason} ({why})");
    }
    for name in &fixed {
        println!("PASSES    {name}, listed as a deviation: take it off the list");
    }
    for (name, why) in &unexpected {
        println!("FAIL      {name}: {why}");
    }
    let percent = if in_scope == 0 {
        100.0
    } else {
        100.0 * passed as f64 / in_scope as f64
    };
    println!(
        "{passed} of {in_scope} in-scope files pass ({percent:.1}%); {} recorded deviations, \
         {} unexpected failures; {out_of_scope} files out of scope",
        deviations.len(),
        unexpected.len()
    );
    if unexpected.is_empty() {
        Ok(())
    } else {
        Err(TaskError::Failed(format!(
            "{} in-scope files fail without a recorded deviation",
            unexpected.len()
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_cover_folders_files_and_stars() {
        assert!(matches("10-async/actors/", "10-async/actors/1_send.gene"));
        assert!(!matches("10-async/actors/", "10-async/actorsx/1.gene"));
        assert!(matches(
            "05-functions/functions/*interception*",
            "05-functions/functions/6_interception_function_advices.gene"
        ));
        assert!(matches("a/b.gene", "a/b.gene"));
        assert!(!matches("a/b.gene", "a/bc.gene"));
    }

    #[test]
    fn comparison_ignores_whitespace_and_blank_lines() {
        let a = normalised(["point=10,20".to_string(), String::new()].into_iter());
        let b = normalised(["point= 10,20".to_string()].into_iter());
        assert_eq!(a, b);
    }

    #[test]
    fn expectations_read_the_directives() {
        let e = expectation(
            "# Args: --contracts=off\n# ExitCode: 1\n# Expected: a\n# Expected:\n",
            false,
        )
        .expect("has Expected");
        assert_eq!(e.lines, ["a", ""]);
        assert_eq!(e.exit_code, 1);
        assert_eq!(e.args, ["--contracts", "off"]);
        let p = expectation("# Input: echo x\n# Code: $line\n# Expected: x\n", true).expect("pipe");
        assert_eq!(p.pipe, Some(("echo x".to_string(), "$line".to_string())));
    }
}
