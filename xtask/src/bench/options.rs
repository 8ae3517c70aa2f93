//! The command line of `cargo xtask bench`.

use std::path::PathBuf;
use std::time::Duration;

use crate::TaskError;

pub const DEFAULT_RUNS: usize = 5;
/// Runs per size for `--scaling`: enough for a median, few enough for four sizes.
pub const DEFAULT_SCALING_RUNS: usize = 3;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// What the task does.
#[derive(Debug, Clone, PartialEq)]
pub enum Mode {
    /// The full report: every program on gene and its peers, timed.
    Report,
    /// One run of gene per program, answers checked, no report.
    Quick,
    /// One program at four sizes, with the growth exponents of time and memory.
    Scaling(String),
    /// Instruction counts.
    Count,
    /// The reader's criterion benchmark, with these arguments for criterion.
    Reader(Vec<String>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub mode: Mode,
    pub runs: usize,
    pub only: Option<Vec<String>>,
    pub install_peers: bool,
    pub timeout: Duration,
    /// Include the peers where the mode runs gene alone by default.
    pub peers: bool,
    /// The size given to programs that take one (see gene-bench's README).
    pub size: Option<u64>,
    /// Another gene binary, run as one more column (the report and `--count`).
    pub against: Option<PathBuf>,
}

fn usage(message: impl Into<String>) -> TaskError {
    TaskError::Usage(message.into())
}

pub fn parse_args(args: &[String]) -> Result<Options, TaskError> {
    let mut options = Options {
        mode: Mode::Report,
        runs: DEFAULT_RUNS,
        only: None,
        install_peers: false,
        timeout: DEFAULT_TIMEOUT,
        peers: false,
        size: None,
        against: None,
    };
    let mut modes: Vec<&str> = Vec::new();
    let mut given: Vec<&str> = Vec::new();
    let mut runs_given = false;
    let mut criterion = Vec::new();
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value.to_string())),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| match inline.clone().or_else(|| rest.next().cloned()) {
            Some(value) => Ok(value),
            None => Err(usage(format!("`{name}` needs {what}"))),
        };
        match name {
            "--runs" => {
                let text = value("a number of runs")?;
                options.runs = match text.parse::<usize>() {
                    Ok(runs) if runs > 0 => runs,
                    _ => return Err(usage(format!("`--runs {text}`: give a whole number ≥ 1"))),
                };
                runs_given = true;
                given.push("--runs");
            }
            "--timeout" => {
                let text = value("a number of seconds")?;
                options.timeout = match text.parse::<u64>() {
                    Ok(secs) if secs > 0 => Duration::from_secs(secs),
                    _ => return Err(usage(format!("`--timeout {text}`: give whole seconds ≥ 1"))),
                };
                given.push("--timeout");
            }
            "--only" => {
                let names: Vec<String> = value("program names, comma-separated")?
                    .split(',')
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(String::from)
                    .collect();
                if names.is_empty() {
                    return Err(usage("`--only` needs at least one program name"));
                }
                options.only = Some(names);
                given.push("--only");
            }
            "--size" => {
                let text = value("a size")?;
                options.size = match text.parse::<u64>() {
                    Ok(size) if size > 0 => Some(size),
                    _ => return Err(usage(format!("`--size {text}`: give a whole number ≥ 1"))),
                };
                given.push("--size");
            }
            "--install-peers" => {
                options.install_peers = true;
                given.push("--install-peers");
            }
            "--peers" => {
                options.peers = true;
                given.push("--peers");
            }
            "--quick" => {
                options.mode = Mode::Quick;
                modes.push("--quick");
            }
            "--scaling" => {
                options.mode = Mode::Scaling(value("a program name")?);
                modes.push("--scaling");
            }
            "--count" => {
                options.mode = Mode::Count;
                modes.push("--count");
            }
            "--against" => {
                options.against = Some(PathBuf::from(value("a gene binary")?));
                given.push("--against");
            }
            "--reader" => {
                options.mode = Mode::Reader(Vec::new());
                modes.push("--reader");
            }
            "--" => criterion.extend(rest.by_ref().cloned()),
            other => {
                return Err(usage(format!(
                    "`cargo xtask bench`: unknown argument `{other}`"
                )))
            }
        }
    }
    if modes.len() > 1 {
        return Err(usage(format!(
            "`{}` and `{}` cannot be combined",
            modes[0], modes[1]
        )));
    }
    // Which options each mode takes; anything else given is a mistake worth saying.
    let allowed: &[&str] = match &options.mode {
        Mode::Report => &[
            "--runs",
            "--timeout",
            "--only",
            "--install-peers",
            "--against",
        ],
        Mode::Quick => &["--timeout", "--only"],
        Mode::Scaling(_) => &[
            "--runs",
            "--timeout",
            "--size",
            "--peers",
            "--install-peers",
        ],
        Mode::Count => &[
            "--timeout",
            "--only",
            "--size",
            "--peers",
            "--install-peers",
            "--against",
        ],
        Mode::Reader(_) => &[],
    };
    if let Some(option) = given.iter().find(|o| !allowed.contains(o)) {
        let mode = modes.first().copied().unwrap_or("the timed report");
        return Err(usage(format!("`{option}` does not apply to {mode}")));
    }
    match &mut options.mode {
        Mode::Reader(args) => *args = criterion,
        _ if !criterion.is_empty() => {
            return Err(usage(
                "arguments after `--` go to criterion: use `cargo xtask bench --reader -- ARGS`",
            ))
        }
        Mode::Scaling(_) if !runs_given => options.runs = DEFAULT_SCALING_RUNS,
        _ => {}
    }
    Ok(options)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn defaults() {
        let options = parse_args(&[]).unwrap();
        assert_eq!(options.mode, Mode::Report);
        assert_eq!(options.runs, DEFAULT_RUNS);
        assert_eq!(options.only, None);
        assert!(!options.install_peers);
        assert!(!options.peers);
        assert_eq!(options.size, None);
    }

    #[test]
    fn program_options_in_both_spellings() {
        let options = parse_args(&args("--runs 3 --only fib,loop --timeout=60")).unwrap();
        assert_eq!(options.runs, 3);
        assert_eq!(options.only, Some(vec!["fib".into(), "loop".into()]));
        assert_eq!(options.timeout, Duration::from_secs(60));
        let options = parse_args(&args("--runs=7 --install-peers")).unwrap();
        assert_eq!(options.runs, 7);
        assert!(options.install_peers);
    }

    #[test]
    fn reader_benchmark_takes_criterion_arguments() {
        let options = parse_args(&args("--reader -- --quick")).unwrap();
        assert_eq!(options.mode, Mode::Reader(vec!["--quick".into()]));
        assert_eq!(
            parse_args(&args("--reader")).unwrap().mode,
            Mode::Reader(vec![])
        );
    }

    #[test]
    fn quick_scaling_and_count_modes() {
        let quick = parse_args(&args("--quick --only fib")).unwrap();
        assert_eq!(quick.mode, Mode::Quick);
        assert_eq!(quick.only, Some(vec!["fib".into()]));

        let scaling = parse_args(&args("--scaling sieve")).unwrap();
        assert_eq!(scaling.mode, Mode::Scaling("sieve".into()));
        assert_eq!(scaling.runs, DEFAULT_SCALING_RUNS);
        let scaling = parse_args(&args("--scaling=strings --runs 1 --size 1000 --peers")).unwrap();
        assert_eq!(scaling.mode, Mode::Scaling("strings".into()));
        assert_eq!(
            (scaling.runs, scaling.size, scaling.peers),
            (1, Some(1000), true)
        );

        let count = parse_args(&args("--count --only loop")).unwrap();
        assert_eq!((count.mode, count.against), (Mode::Count, None));
        let count = parse_args(&args("--against /tmp/gene-old --count")).unwrap();
        assert_eq!(
            (count.mode, count.against),
            (Mode::Count, Some(PathBuf::from("/tmp/gene-old")))
        );
        let report = parse_args(&args("--runs 3 --against /tmp/gene-old")).unwrap();
        assert_eq!(
            (report.mode, report.against),
            (Mode::Report, Some(PathBuf::from("/tmp/gene-old")))
        );
    }

    #[test]
    fn bad_arguments_are_usage_errors() {
        for bad in [
            "--runs 0",
            "--runs x",
            "--runs",
            "--only ,",
            "--timeout 0",
            "--frobnicate",
            "-- --quick",
            "--reader --runs 3",
            "--quick --runs 3",
            "--quick --peers",
            "--quick --count",
            "--scaling",
            "--scaling sieve --only fib",
            "--count --runs 2",
            "--against gene --quick",
            "--size 0 --count",
            "--size 100",
            "--peers",
        ] {
            assert!(
                matches!(parse_args(&args(bad)), Err(TaskError::Usage(_))),
                "`{bad}` was accepted"
            );
        }
    }
}
