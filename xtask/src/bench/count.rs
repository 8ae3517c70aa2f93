//! `cargo xtask bench --count`: instructions executed instead of wall time, a measure that
//! barely moves with the machine's load, so two gene builds can be compared program by
//! program on a noisy machine (`--against OTHER_GENE`).
//!
//! Hardware counters (`perf stat -e instructions:u`) are used where the machine has them;
//! virtual machines often do not, and then callgrind counts instead, some 50 times slower.

use std::ffi::OsString;
use std::io::Write;
use std::path::Path;

use super::implementations::{self, Implementation};
use super::measure::{self, Verdict};
use super::options::Options;
use super::scaling::{judge_at, program_default_size};
use super::{read_expected, stats};
use crate::{target_dir, TaskError};

/// How a program's instructions are counted.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Counter {
    Perf,
    Callgrind,
}

impl Counter {
    /// perf when it can count this machine's instructions, else callgrind, else nothing.
    fn find() -> Result<Counter, TaskError> {
        if implementations::which("perf").is_some() {
            let probe = std::env::temp_dir().join(format!("xtask-perf-{}", std::process::id()));
            let counted = std::process::Command::new("perf")
                .args(["stat", "-x", ",", "-e", "instructions:u", "-o"])
                .arg(&probe)
                .arg("true")
                .output()
                .is_ok_and(|o| o.status.success())
                && std::fs::read_to_string(&probe)
                    .ok()
                    .and_then(|text| parse_perf(&text))
                    .is_some();
            let _ = std::fs::remove_file(&probe);
            if counted {
                return Ok(Counter::Perf);
            }
        }
        if implementations::which("valgrind").is_some() {
            return Ok(Counter::Callgrind);
        }
        Err(TaskError::Failed(
            "--count needs `perf stat -e instructions:u` to work here or valgrind on PATH \
             (Debian package `valgrind`)"
                .into(),
        ))
    }

    fn name(self) -> &'static str {
        match self {
            Counter::Perf => "perf stat -e instructions:u",
            Counter::Callgrind => "valgrind --tool=callgrind",
        }
    }

    /// `command` run under the counter, which writes its figures to `log`.
    fn wrap(self, command: Vec<OsString>, log: &Path) -> Vec<OsString> {
        let mut argv: Vec<OsString> = match self {
            Counter::Perf => ["perf", "stat", "-x", ",", "-e", "instructions:u", "-o"]
                .iter()
                .map(OsString::from)
                .chain([log.as_os_str().to_owned()])
                .collect(),
            Counter::Callgrind => {
                let mut log_file = OsString::from("--log-file=");
                log_file.push(log);
                vec![
                    "valgrind".into(),
                    "--tool=callgrind".into(),
                    "--callgrind-out-file=/dev/null".into(),
                    log_file,
                ]
            }
        };
        argv.extend(command);
        argv
    }

    fn parse(self, log: &str) -> Option<u64> {
        match self {
            Counter::Perf => parse_perf(log),
            Counter::Callgrind => parse_callgrind(log),
        }
    }
}

/// The total of callgrind's `==PID== Collected : N` line.
pub fn parse_callgrind(log: &str) -> Option<u64> {
    log.lines().find_map(|line| {
        let (_, rest) = line.split_once("Collected :")?;
        rest.trim().parse().ok()
    })
}

/// The count of perf stat's CSV line `N,,instructions:u,…` (`<not supported>` is no count).
pub fn parse_perf(log: &str) -> Option<u64> {
    log.lines().find_map(|line| {
        let mut fields = line.split(',');
        let count = fields.next()?;
        let event = fields.nth(1)?;
        event
            .starts_with("instructions")
            .then(|| count.trim().parse().ok())?
    })
}

pub fn run(
    dir: &Path,
    programs: &[String],
    columns: &[Implementation],
    options: &Options,
) -> Result<(), TaskError> {
    let counter = Counter::find()?;
    let against = options.against.as_ref();
    let out = target_dir().join("bench").join("count");
    std::fs::create_dir_all(&out)
        .map_err(|e| TaskError::Failed(format!("cannot create {}: {e}", out.display())))?;
    let log = out.join("counter.log");
    eprintln!(
        "\ncounting instructions with {}{}:",
        counter.name(),
        if counter == Counter::Callgrind {
            " (perf has no instruction counter here; some 50× slower than a plain run)"
        } else {
            ""
        }
    );

    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for program in programs {
        let expected = read_expected(dir, program)?;
        // Programs that take a size run at an eighth of it under callgrind's slowdown.
        let default = program_default_size(dir, program);
        let size = options.size.or(match (default, counter) {
            (Some(d), Counter::Callgrind) => Some((d / 8).max(1)),
            _ => None,
        });
        let args: Vec<String> = size.iter().map(u64::to_string).collect();
        let check = (size.is_none() || size == default).then_some(expected.as_str());
        let mut row = vec![
            program.clone(),
            size.or(default)
                .map_or_else(|| "as is".into(), |s| s.to_string()),
        ];
        let mut counts = Vec::new();
        for implementation in columns {
            eprint!("  {program:<12} {:<13} ", implementation.name);
            let _ = std::io::stderr().flush();
            let source = dir.join(format!("{program}.{}", implementation.extension));
            let argv = counter.wrap(implementation.command_with(&source, &args), &log);
            let _ = std::fs::remove_file(&log);
            let counted = match measure::run_once(&argv, dir, options.timeout) {
                Ok(outcome) => match judge_at(check, &outcome) {
                    Verdict::Correct => std::fs::read_to_string(&log)
                        .ok()
                        .and_then(|text| counter.parse(&text))
                        .ok_or_else(|| format!("no count in {}", log.display())),
                    verdict => Err(verdict.describe()),
                },
                Err(message) => Err(message),
            };
            match counted {
                Ok(count) => {
                    eprintln!("{count:>16} instructions");
                    row.push(group_digits(count));
                    counts.push(Some(count));
                }
                Err(detail) => {
                    eprintln!("{detail}");
                    problems.push(format!("{program} on {}: {detail}", implementation.name));
                    row.push("—".into());
                    counts.push(None);
                }
            }
        }
        if against.is_some() {
            let ratio = match (counts[0], counts[1]) {
                (Some(this), Some(old)) => stats::ratio(this as f64, old as f64),
                _ => None,
            };
            row.push(ratio.map_or_else(|| "—".into(), |r| format!("{r:.3}×")));
        }
        rows.push(row);
    }
    let mut header = vec!["program".to_string(), "size".to_string()];
    header.extend(columns.iter().map(|c| c.name.clone()));
    if against.is_some() {
        header.push("gene/against".into());
    }
    println!(
        "\nInstructions executed, whole process ({}):\n\n{}",
        counter.name(),
        super::report::table(&header, &rows, true)
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(TaskError::Failed(format!(
            "--count: {}",
            problems.join("; ")
        )))
    }
}

/// 2148076826 as `2,148,076,826`.
fn group_digits(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn callgrind_totals_are_read_from_its_log() {
        let log = "==2830== Callgrind, a call-graph generating cache profiler\n==2830== \n\
                   ==2830== Events    : Ir\n==2830== Collected : 2148076826\n==2830== \n\
                   ==2830== I   refs:      2,148,076,826\n";
        assert_eq!(parse_callgrind(log), Some(2_148_076_826));
        assert_eq!(parse_callgrind("==1== Events    : Ir\n"), None);
    }

    #[test]
    fn perf_counts_are_read_and_unsupported_is_none() {
        let counted =
            "# started on Tue Dec  1 16:30:58 2026\n\n123456789,,instructions:u,1000,100.00,,\n";
        assert_eq!(parse_perf(counted), Some(123_456_789));
        let unsupported =
            "# started on Tue Dec  1 16:30:58 2026\n\n<not supported>,,instructions:u,0,100.00,,\n";
        assert_eq!(parse_perf(unsupported), None);
        assert_eq!(parse_perf("5,,cycles:u,1,100.00,,\n"), None);
    }

    #[test]
    fn counts_are_grouped_in_thousands() {
        assert_eq!(group_digits(2_148_076_826), "2,148,076,826");
        assert_eq!(group_digits(999), "999");
        assert_eq!(group_digits(1000), "1,000");
        assert_eq!(group_digits(0), "0");
    }

    #[test]
    fn callgrind_logs_apart_from_the_program() {
        let argv = Counter::Callgrind.wrap(vec!["gene".into(), "run".into()], Path::new("/t/l"));
        assert_eq!(argv[0], "valgrind");
        assert!(argv.contains(&OsString::from("--log-file=/t/l")));
        assert_eq!(&argv[argv.len() - 2..], &["gene", "run"]);
    }
}
