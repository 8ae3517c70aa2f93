//! `cargo xtask bench --scaling NAME`: one program at sizes N, 2N, 4N and 8N, and the
//! exponents of how its time and peak memory grow with the size, so that a quadratic
//! algorithm or a leak shows as an exponent near 2 rather than as one slow number.
//!
//! The size convention (gene-bench/src/lib.rs): a program whose work is linear in a size
//! says `# size: DEFAULT` on a line of its `.gene` header, takes the size as its first
//! command-line argument in every twin, and uses DEFAULT without one; its `.expected`
//! answer is for DEFAULT. N defaults to DEFAULT / 8, so the largest run is the checked one.

use std::io::Write;
use std::path::Path;

use super::implementations::Implementation;
use super::measure::{self, Outcome, Verdict};
use super::options::Options;
use super::report::Runs;
use super::{read_expected, stats};
use crate::TaskError;

/// The sizes run, as multiples of the base size N.
const MULTIPLES: [u64; 4] = [1, 2, 4, 8];

/// The size a program declares with a `# size: DEFAULT` header line, if it takes one.
pub fn default_size(source: &str) -> Option<u64> {
    source
        .lines()
        .take_while(|line| line.starts_with('#') || line.trim().is_empty())
        .find_map(|line| line.strip_prefix("# size:"))
        .and_then(|value| {
            value
                .split_whitespace()
                .next()?
                .replace('_', "")
                .parse()
                .ok()
        })
        .filter(|&size| size > 0)
}

/// A program's declared default size, read from its `.gene` file.
pub fn program_default_size(dir: &Path, name: &str) -> Option<u64> {
    std::fs::read_to_string(dir.join(format!("{name}.gene")))
        .ok()
        .as_deref()
        .and_then(default_size)
}

/// Judges a run at a given size: against `.expected` at the default size, for which the
/// answer is known; elsewhere only a clean exit counts (the answer is the program's own).
pub fn judge_at(expected: Option<&str>, outcome: &Outcome) -> Verdict {
    match expected {
        Some(expected) => measure::judge(expected, outcome),
        None => measure::judge(&outcome.stdout, outcome),
    }
}

/// The usage error for `--scaling` of a program that takes no size.
pub fn no_size(name: &str) -> TaskError {
    TaskError::Usage(format!(
        "`--scaling {name}`: {name}.gene declares no `# size: DEFAULT` line, so it takes no \
         size (gene-bench/src/lib.rs says how a program takes one)"
    ))
}

pub fn run(
    dir: &Path,
    name: &str,
    implementations: &[Implementation],
    options: &Options,
) -> Result<(), TaskError> {
    let Some(default) = program_default_size(dir, name) else {
        return Err(no_size(name));
    };
    let base = options.size.unwrap_or((default / 8).max(1));
    let sizes: Vec<u64> = MULTIPLES.iter().map(|m| base * m).collect();
    let expected = read_expected(dir, name)?;
    let runs = options.runs;
    eprintln!(
        "\nscaling {name}: sizes {} (default {default}, checked against {name}.expected at \
         that size), {runs} interleaved run{} each:",
        sizes
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        if runs == 1 { "" } else { "s" }
    );

    // samples[implementation][size]
    let mut samples = vec![vec![Runs::default(); sizes.len()]; implementations.len()];
    let mut failed = vec![None; implementations.len()];
    for round in 1..=runs {
        for (s, size) in sizes.iter().enumerate() {
            for (i, implementation) in implementations.iter().enumerate() {
                if failed[i].is_some() {
                    continue;
                }
                let source = dir.join(format!("{name}.{}", implementation.extension));
                eprint!(
                    "  run {round}/{runs}  size {size:<10} {:<13} ",
                    implementation.name
                );
                let _ = std::io::stderr().flush();
                let argv = implementation.command_with(&source, &[size.to_string()]);
                let check = (*size == default).then_some(expected.as_str());
                let (verdict, outcome) = match measure::run_once(&argv, dir, options.timeout) {
                    Ok(outcome) => (judge_at(check, &outcome), Some(outcome)),
                    Err(message) => (Verdict::Failed(message), None),
                };
                match (verdict, outcome) {
                    (Verdict::Correct, Some(outcome)) => {
                        eprintln!(
                            "{}",
                            super::quick::measured(outcome.elapsed, outcome.peak_rss)
                        );
                        samples[i][s].times.push(outcome.elapsed.as_secs_f64());
                        if let Some(bytes) = outcome.peak_rss {
                            samples[i][s].peak_mb.push(bytes as f64 / 1e6);
                        }
                    }
                    (verdict, _) => {
                        let detail = format!("size {size}: {}", verdict.describe());
                        eprintln!("dropped: {detail}");
                        failed[i] = Some(detail);
                    }
                }
            }
        }
    }

    let mut rows = Vec::new();
    for (s, size) in sizes.iter().enumerate() {
        let mut row = vec![size.to_string()];
        for (i, _) in implementations.iter().enumerate() {
            let Runs { times, peak_mb } = &samples[i][s];
            row.push(stats::median(times).map_or_else(|| "—".into(), |t| format!("{t:.3}")));
            row.push(stats::median(peak_mb).map_or_else(|| "—".into(), |m| format!("{m:.1}")));
        }
        rows.push(row);
    }
    let mut header = vec!["size".to_string()];
    for implementation in implementations {
        header.push(format!("{} s", implementation.name));
        header.push(format!("{} MB", implementation.name));
    }
    println!(
        "\n{name}: median wall time (s) and peak resident memory (MB) by size\n\n{}",
        super::report::table(&header, &rows, true)
    );
    println!("Growth exponents (log-log least squares; 1 is linear, 2 quadratic):");
    for (i, implementation) in implementations.iter().enumerate() {
        let fit = |pick: fn(&Runs) -> &[f64]| {
            let points: Vec<(f64, f64)> = sizes
                .iter()
                .zip(&samples[i])
                .filter_map(|(size, sample)| Some((*size as f64, stats::median(pick(sample))?)))
                .collect();
            let shown = |k: Option<f64>| k.map_or_else(|| "—".into(), |k| format!("{k:.2}"));
            if points.len() < sizes.len() {
                return "—".to_string();
            }
            format!(
                "N^{} (N^{} above start-up)",
                shown(stats::growth_exponent(&points)),
                shown(stats::growth_exponent_above_constant(&points))
            )
        };
        println!(
            "  {:<13} time ∝ {}   peak memory ∝ {}",
            implementation.name,
            fit(|s| &s.times),
            fit(|s| &s.peak_mb)
        );
    }
    println!(
        "(The first exponent fits the whole figures; start-up time and the interpreter's own \
         memory do not grow with N and pull it below the algorithm's. The second fits the \
         growth between successive sizes, which leaves that constant out; — when noise \
         exceeds the growth.)"
    );
    let failures: Vec<String> = implementations
        .iter()
        .zip(&failed)
        .filter_map(|(implementation, f)| Some(format!("{}: {}", implementation.name, f.as_ref()?)))
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        Err(TaskError::Failed(format!(
            "--scaling {name}: {}",
            failures.join("; ")
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn the_default_size_comes_from_the_header() {
        let source = "# sieve: primes.\n# size: 5_000_000 (the first argument)\n#\n(var n 1)\n";
        assert_eq!(default_size(source), Some(5_000_000));
        assert_eq!(default_size("# fib: no size\n(fib 32)\n"), None);
        assert_eq!(
            default_size("(var x 1)\n# size: 10\n"),
            None,
            "only the header counts"
        );
        assert_eq!(default_size("# size: lots\n"), None);
        assert_eq!(default_size("# size: 0\n"), None);
    }

    #[test]
    fn only_the_default_size_is_checked_against_the_expected_answer() {
        let outcome = |code: Option<i32>, stdout: &str| Outcome {
            exit_code: code,
            stdout: stdout.into(),
            stderr: String::new(),
            elapsed: Duration::from_millis(5),
            timed_out: false,
            peak_rss: None,
        };
        assert_eq!(judge_at(None, &outcome(Some(0), "41\n")), Verdict::Correct);
        assert!(matches!(
            judge_at(Some("42\n"), &outcome(Some(0), "41\n")),
            Verdict::Wrong(_)
        ));
        assert!(matches!(
            judge_at(None, &outcome(Some(1), "")),
            Verdict::Failed(_)
        ));
    }

    #[test]
    fn scalable_programs_take_the_size_in_every_twin() {
        let dir = crate::project_root().join(super::super::PROGRAMS_DIR);
        let programs = super::super::list_programs(&dir).unwrap();
        let scalable: Vec<&String> = programs
            .iter()
            .filter(|p| program_default_size(&dir, p).is_some())
            .collect();
        assert!(scalable.len() >= 2, "{scalable:?}");
        for program in scalable {
            for (extension, reads) in [
                ("gene", "$args"),
                ("py", "sys.argv"),
                ("lua", "arg[1]"),
                ("rb", "ARGV"),
            ] {
                let text =
                    std::fs::read_to_string(dir.join(format!("{program}.{extension}"))).unwrap();
                assert!(
                    text.contains(reads),
                    "{program}.{extension} does not read {reads}"
                );
            }
        }
    }
}
