//! `cargo xtask reader-check DIR`: reads a corpus of Gene files (such as the reference
//! implementation's `testsuite/`) with the real `gene parse`, so reader gaps show up as a
//! list of files and first errors rather than one failure at a time.
//!
//! It runs the binary rather than calling `gene_syntax` directly so that what is checked is
//! what users run: file loading, UTF-8 handling and error rendering included.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::{project_root, run, target_dir, TaskError};

/// How often to report progress on a large corpus.
const PROGRESS_EVERY: usize = 200;

pub fn check(dir: &Path) -> Result<(), TaskError> {
    let mut files = Vec::new();
    collect_gene_files(dir, &mut files)
        .map_err(|e| TaskError::Failed(format!("cannot list {}: {e}", dir.display())))?;
    if files.is_empty() {
        return Err(TaskError::Failed(format!(
            "no .gene files under {}",
            dir.display()
        )));
    }
    files.sort();

    run(Command::new("cargo")
        .args(["build", "--release", "-p", "gene-cli"])
        .current_dir(project_root()))?;
    let gene = target_dir()
        .join("release")
        .join(format!("gene{}", std::env::consts::EXE_SUFFIX));

    eprintln!("reading {} files with {}", files.len(), gene.display());
    let mut failures = Vec::new();
    for (done, file) in files.iter().enumerate() {
        if done > 0 && done % PROGRESS_EVERY == 0 {
            eprintln!("  {done}/{} files read", files.len());
        }
        if let Some(error) = check_file(&gene, file)? {
            failures.push((file, error));
        }
    }

    for (file, error) in &failures {
        // `file:line:column: message`, the form editors and terminals turn into links.
        match &error.position {
            Some(position) => println!("FAIL {}:{position}: {}", file.display(), error.message),
            None => println!("FAIL {}: {}", file.display(), error.message),
        }
    }
    println!(
        "{} passed, {} failed",
        files.len() - failures.len(),
        failures.len()
    );
    if failures.is_empty() {
        Ok(())
    } else {
        Err(TaskError::Failed(format!(
            "{} of {} files did not read",
            failures.len(),
            files.len()
        )))
    }
}

fn collect_gene_files(path: &Path, files: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_file() {
        files.push(path.to_path_buf());
        return Ok(());
    }
    for entry in std::fs::read_dir(path)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_gene_files(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "gene") {
            files.push(path);
        }
    }
    Ok(())
}

struct FirstError {
    /// `line:column`, when the report has a source snippet.
    position: Option<String>,
    message: String,
}

/// Reads one file; `Some(first error)` if it failed.
fn check_file(gene: &Path, file: &Path) -> Result<Option<FirstError>, TaskError> {
    let output = Command::new(gene)
        .args(["parse", "--color", "never"])
        .arg(file)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| TaskError::Failed(format!("cannot run {}: {e}", gene.display())))?;
    if output.status.success() {
        return Ok(None);
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut error = first_error(&stderr).unwrap_or_else(|| FirstError {
        position: None,
        message: format!("{} with no error message", output.status),
    });
    // Errors without a snippet (invalid UTF-8) name the place in their message.
    if error.position.is_none() {
        let prefix = format!("{}:", file.display());
        if let Some((position, message)) = error
            .message
            .strip_prefix(&prefix)
            .and_then(|rest| rest.split_once(": "))
        {
            error = FirstError {
                position: Some(position.to_string()),
                message: message.to_string(),
            };
        }
    }
    Ok(Some(error))
}

/// The first error of a `gene parse` report.
fn first_error(stderr: &str) -> Option<FirstError> {
    let mut lines = stderr.lines();
    let headline = lines.find(|l| !l.trim().is_empty())?;
    let message = headline
        .trim_start_matches("error: ")
        .trim_start_matches("read error: ")
        .trim_start_matches("gene: ")
        .to_string();
    // codespan puts the location on the next line as `┌─ FILE:LINE:COL`; the caller prints
    // the file itself, so keep only the position.
    let position = lines
        .next()
        .and_then(|l| l.trim().strip_prefix("┌─ "))
        .and_then(|location| {
            let mut parts = location.rsplitn(3, ':');
            let column = parts.next()?;
            let line = parts.next()?;
            Some(format!("{line}:{column}"))
        });
    Some(FirstError { position, message })
}

#[cfg(test)]
mod tests {
    use super::first_error;

    #[test]
    fn first_error_takes_the_position_from_the_snippet() {
        let report = "error: read error: unclosed `(`\n  ┌─ a/b.gene:3:7\n  │\n\
                      error: read error: second\n";
        let error = first_error(report).unwrap();
        assert_eq!(error.position.as_deref(), Some("3:7"));
        assert_eq!(error.message, "unclosed `(`");
    }

    #[test]
    fn first_error_without_a_snippet_keeps_the_message() {
        let report = "gene: cannot read x.gene: No such file or directory (os error 2)\n";
        let error = first_error(report).unwrap();
        assert_eq!(error.position, None);
        assert_eq!(
            error.message,
            "cannot read x.gene: No such file or directory (os error 2)"
        );
    }
}
