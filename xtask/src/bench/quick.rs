//! `cargo xtask bench --quick`: one run of gene per program with its answer checked, and
//! no timing report; fast enough for CI, where it catches a program that went wrong or
//! stopped running, not a slowdown.

use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

use super::implementations::Implementation;
use super::measure::{self, Verdict};
use super::read_expected;
use crate::TaskError;

pub fn run(
    dir: &Path,
    programs: &[String],
    gene: &Implementation,
    timeout: Duration,
) -> Result<(), TaskError> {
    eprintln!(
        "\nquick check: one run of gene per program, answer checked (one run is no benchmark):"
    );
    let start = Instant::now();
    let mut problems = Vec::new();
    let width = programs.iter().map(String::len).max().unwrap_or(0);
    for program in programs {
        let expected = read_expected(dir, program)?;
        // Named before it runs, so a long run shows what it is.
        print!("  {program:<width$} ");
        let _ = std::io::stdout().flush();
        let source = dir.join(format!("{program}.gene"));
        let (verdict, measured) = match measure::run_once(&gene.command(&source), dir, timeout) {
            Ok(outcome) => (
                measure::judge(&expected, &outcome),
                measured(outcome.elapsed, outcome.peak_rss),
            ),
            Err(message) => (Verdict::Failed(message), String::new()),
        };
        let problem = match verdict {
            Verdict::Correct => None,
            // Every program runs on today's gene, so one that stops running is a regression
            // here, not the expected state of a VM under construction.
            Verdict::NotRunnable(detail) => Some(format!("not runnable: {detail}")),
            Verdict::Wrong(detail) => Some(format!("WRONG ANSWER: {detail}")),
            Verdict::Failed(detail) => Some(format!("FAILED: {detail}")),
        };
        match problem {
            None => println!("{measured}  ok"),
            Some(text) => {
                println!("{measured}  {text}");
                problems.push(format!("{program}: {text}"));
            }
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    if problems.is_empty() {
        println!(
            "{} program{} gave the expected answer ({elapsed:.1} s)",
            programs.len(),
            if programs.len() == 1 { "" } else { "s" }
        );
        Ok(())
    } else {
        Err(TaskError::Failed(format!(
            "--quick: {} of {} programs went wrong:\n  {}",
            problems.len(),
            programs.len(),
            problems.join("\n  ")
        )))
    }
}

/// `0.512 s  117.5 MB`, or the time alone where the system reports no memory.
pub fn measured(elapsed: Duration, peak_rss: Option<u64>) -> String {
    let time = format!("{:>8.3} s", elapsed.as_secs_f64());
    match peak_rss {
        Some(bytes) => format!("{time} {:>9.1} MB", bytes as f64 / 1e6),
        None => time,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measurements_line_up() {
        assert_eq!(
            measured(Duration::from_millis(512), Some(117_500_000)),
            "   0.512 s     117.5 MB"
        );
        assert_eq!(measured(Duration::from_secs(12), None), "  12.000 s");
    }
}
