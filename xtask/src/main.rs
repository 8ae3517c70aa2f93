//! Developer tasks, written in Rust so they run wherever cargo does: `cargo xtask --help`.
//!
//! Each task shells out to cargo or to the release `gene` binary and prints what it runs, so
//! a failure can be reproduced by hand.

#![forbid(unsafe_code)]

mod bench;
mod docs;
mod reader_check;
mod testsuite;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const HELP: &str = "\
cargo xtask: developer tasks for gene

USAGE:
    cargo xtask <TASK> [ARGS]

TASKS:
    ci                 Run exactly what CI runs: rustfmt check, clippy with warnings denied,
                       the VM's tests and the conformance corpus under gc-stress and
                       gc-verify, then the whole test suite with snapshot updates disabled
    bench [OPTIONS]    Run the programs in gene-bench/programs on gene and on its peers
                       (python3, lua5.4, luajit, luajit -joff, ruby), check every answer,
                       time them in interleaved rounds and report medians of wall time and
                       of peak resident memory (wait4's rusage) and gene/peer ratios of
                       both; writes target/bench/report.{md,json,svg}. Options:
                         --runs N          timed runs per pair (default 5)
                         --only A,B        only these programs
                         --timeout SECS    per-run time limit (default 300)
                         --install-peers   apt-get install lua5.4 luajit ruby first
                         --against GENE    also run another gene binary (say a release
                                           build of another commit) as the column
                                           `against`, interleaved with the rest: on a
                                           noisy machine, two reports do not compare
    bench --quick [--only A,B]
                       One run of gene per program, answer checked, time and memory printed,
                       no report; exits 1 on a wrong answer, a crash or a program gene no
                       longer runs
    bench --scaling NAME [--size N] [--runs N] [--peers]
                       Run program NAME (one that declares `# size:`, see gene-bench's
                       docs) at sizes N, 2N, 4N, 8N (N defaults to its size / 8; 3 runs
                       each), gene only unless --peers, and fit how time and peak memory
                       grow (log-log least squares: 1 linear, 2 quadratic)
    bench --count [--against GENE] [--only A,B] [--size N] [--peers]
                       Instructions executed per program by gene (and with --peers the
                       peers), by `perf stat` where the machine counts them, else by
                       valgrind's callgrind (some 50x slower: --only is advisable; programs
                       that take a size run at size / 8 then); --against GENE also counts
                       another gene binary (say a release build of another commit) and
                       prints this build's count / that one's
    bench --reader [-- ARGS]
                       Run the reader's criterion benchmark instead (ARGS go to
                       criterion, e.g. `-- --quick`)
    docs               Write the book's standard library reference
                       (docs/src/reference/stdlib.md) from the built-ins' declarations
    reader-check DIR   Read every .gene file under DIR with the release `gene parse` and
                       report which fail, with their first error; exits 1 if any fail
    testsuite DIR      Run the reference implementation's testsuite folder with the release
                       `gene` as its own runner judges it, and report how many in-scope
                       files pass; tests/reference-testsuite.txt lists the files out of
                       scope and the recorded deviations; exits 1 if another file fails
    help, --help, -h   Print this help (also `cargo xtask TASK --help`)
";

/// Exit code for a task that ran and found a problem (a failing check, a failing file).
const EXIT_FAILED: u8 = 1;
/// Exit code for bad arguments, as `gene` itself uses.
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (task, rest) = match args.split_first() {
        Some((task, rest)) => (task.as_str(), rest),
        None => {
            eprint!("{HELP}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    // `cargo xtask TASK --help` too (this help covers every task); what follows `--` is
    // another program's (`bench --reader -- ARGS`).
    let asks_help = matches!(task, "help" | "--help" | "-h")
        || rest
            .iter()
            .take_while(|arg| *arg != "--")
            .any(|arg| arg == "--help" || arg == "-h");
    if asks_help {
        print!("{HELP}");
        return ExitCode::SUCCESS;
    }
    let result = match task {
        "ci" => no_args("ci", rest).and_then(|()| ci()),
        "bench" => bench::main(rest),
        "docs" => docs::main(rest),
        "reader-check" => match rest {
            [dir] => reader_check::check(Path::new(dir)),
            _ => Err(TaskError::Usage(
                "`cargo xtask reader-check` takes one argument: the folder to read".into(),
            )),
        },
        "testsuite" => testsuite::main(rest),
        other => Err(TaskError::Usage(format!("unknown task `{other}`"))),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(TaskError::Usage(message)) => {
            eprintln!("xtask: {message}\n(`cargo xtask --help` lists the tasks)");
            ExitCode::from(EXIT_USAGE)
        }
        Err(TaskError::Failed(message)) => {
            eprintln!("xtask: {message}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

#[derive(Debug)]
pub enum TaskError {
    /// The task was called wrongly.
    Usage(String),
    /// The task ran and something failed.
    Failed(String),
}

fn no_args(task: &str, rest: &[String]) -> Result<(), TaskError> {
    match rest {
        [] => Ok(()),
        _ => Err(TaskError::Usage(format!(
            "`cargo xtask {task}` takes no arguments, got `{}`",
            rest.join(" ")
        ))),
    }
}

/// One command CI runs, with the environment it needs. `.ci/run` spells out the same
/// commands in bash (a test keeps the two in step), so CI needs no Rust build of xtask first.
struct Step {
    args: &'static [&'static str],
    env: &'static [(&'static str, &'static str)],
}

const CI_STEPS: &[Step] = &[
    Step {
        args: &["cargo", "fmt", "--all", "--", "--check"],
        env: &[],
    },
    Step {
        args: &[
            "cargo",
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        env: &[],
    },
    Step {
        args: &[
            "cargo",
            "test",
            "-q",
            "-p",
            "gene-vm",
            "--features",
            "gc-stress,gc-verify",
        ],
        env: &[],
    },
    Step {
        args: &[
            "cargo",
            "test",
            "-q",
            "-p",
            "gene-cli",
            "--features",
            "gc-stress,gc-verify",
            "--test",
            "conformance",
        ],
        env: &[],
    },
    // Every benchmark program in release, once, with its answer checked: a wrong answer
    // fails CI, a slow one does not (speed is measured, never tested).
    Step {
        args: &["cargo", "xtask", "bench", "--quick"],
        env: &[],
    },
    Step {
        args: &["cargo", "test", "--workspace"],
        // A snapshot that no longer matches must fail the run, never be rewritten.
        env: &[("INSTA_UPDATE", "no"), ("CI", "true")],
    },
];

fn ci() -> Result<(), TaskError> {
    let start = Instant::now();
    for step in CI_STEPS {
        let mut command = Command::new(step.args[0]);
        command.args(&step.args[1..]).current_dir(project_root());
        for (key, value) in step.env {
            command.env(key, value);
        }
        run(&mut command)?;
    }
    eprintln!("xtask: ci passed in {:.0} s", start.elapsed().as_secs_f64());
    Ok(())
}

/// Runs a command with inherited output, echoing it first so it can be rerun by hand.
pub fn run(command: &mut Command) -> Result<(), TaskError> {
    let shown = show(command);
    eprintln!("\n$ {shown}");
    let start = Instant::now();
    let status = command
        .status()
        .map_err(|e| TaskError::Failed(format!("cannot start `{shown}`: {e}")))?;
    if status.success() {
        eprintln!("  ({shown}: ok, {:.1} s)", start.elapsed().as_secs_f64());
        Ok(())
    } else {
        Err(TaskError::Failed(format!("`{shown}` failed ({status})")))
    }
}

fn show(command: &Command) -> String {
    let env = command.get_envs().filter_map(|(key, value)| {
        Some(format!(
            "{}={}",
            key.to_string_lossy(),
            value?.to_string_lossy()
        ))
    });
    let program = std::iter::once(command.get_program().to_string_lossy().into_owned());
    let args = command.get_args().map(|a| a.to_string_lossy().into_owned());
    env.chain(program).chain(args).collect::<Vec<_>>().join(" ")
}

/// The workspace root: xtask always lives one folder below it.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

/// Where cargo puts build output, honouring `CARGO_TARGET_DIR` as cargo does.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            if dir.is_absolute() {
                dir
            } else {
                project_root().join(dir)
            }
        }
        None => project_root().join("target"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `.ci/run` is what CI executes; `cargo xtask ci` promises to run the same thing.
    #[test]
    fn ci_script_runs_the_same_steps() {
        let script =
            std::fs::read_to_string(project_root().join(".ci/run")).expect(".ci/run exists");
        for step in CI_STEPS {
            let line = step.args.join(" ");
            assert!(script.contains(&line), ".ci/run does not run `{line}`");
            for (key, value) in step.env {
                assert!(
                    script.contains(&format!("{key}={value}")),
                    ".ci/run does not set {key}={value} (for `{line}`)"
                );
            }
        }
    }

    #[test]
    fn readme_names_the_ci_test_command() {
        let readme =
            std::fs::read_to_string(project_root().join("README.md")).expect("README.md exists");
        let test = CI_STEPS.last().expect("CI has steps").args.join(" ");
        assert!(readme.contains(&test), "README.md does not show `{test}`");
    }
}
