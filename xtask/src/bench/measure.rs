//! Running one benchmark process and judging its answer.
//!
//! The time measured is the wall time of the whole process, from just before it is spawned
//! to just after it has exited and its output pipes are drained: start-up, compilation,
//! the run itself and teardown, as a user of the command would experience it.
//!
//! The peak memory is the process's peak resident set as the kernel counted it, from the
//! rusage `wait4(2)` returns when it reaps that one child. Polling `/proc/PID/status` for
//! `VmHWM` would miss whatever is allocated after the last poll (and all of a process
//! shorter than the interval) and cost CPU beside the run being timed;
//! `getrusage(RUSAGE_CHILDREN)` is the maximum over every child reaped so far, not this
//! one's; `/usr/bin/time -f %M` reads the same `wait4` figure but adds a process and is not
//! installed everywhere.

use std::ffi::OsString;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// What `gene` says, on stderr with a non-zero exit, when it cannot run a program *yet*:
/// `gene run` itself missing (exit 2, "… is not available yet") or a construct the compiler
/// or VM does not handle yet ("… is not compiled yet", "… is not implemented yet"). Such a
/// run is reported as "not runnable yet" with gene's own words, not timed, and not counted
/// as a failure: it is the expected state of a VM under construction, not a wrong answer.
const NOT_YET_MARKERS: &[&str] = &[
    "not available yet",
    "not compiled yet",
    "not implemented yet",
    "not supported yet",
];

/// How much of an unexpected output a verdict quotes.
const QUOTE_LIMIT: usize = 80;

/// What one run of one program produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The exit code; `None` when the process was ended by a signal (or by the timeout).
    pub exit_code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    pub timed_out: bool,
    /// Peak resident set size in bytes; `None` where the system does not report it.
    pub peak_rss: Option<u64>,
}

/// Runs `argv` (program first) in `dir` with no input, capturing its output, and kills it
/// if it has not finished after `timeout`.
pub fn run_once(argv: &[OsString], dir: &Path, timeout: Duration) -> Result<Outcome, String> {
    run_with_input(argv, dir, timeout, None)
}

/// As [`run_once`], with `input` (if any) as the process's standard input.
pub fn run_with_input(
    argv: &[OsString],
    dir: &Path,
    timeout: Duration,
    input: Option<Vec<u8>>,
) -> Result<Outcome, String> {
    let (program, args) = argv.split_first().ok_or("empty command")?;
    let shown = || {
        argv.iter()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (sender, receiver) = mpsc::channel();
    let start = Instant::now();
    let mut child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot start `{}`: {e}", shown()))?;
    let pid = child.id();
    if let (Some(input), Some(mut stdin)) = (input, child.stdin.take()) {
        // Written beside the reading, so a large input cannot block on a full pipe; a
        // program that stops reading early closes it, which is its business.
        std::thread::spawn(move || {
            let _ = std::io::Write::write_all(&mut stdin, &input);
        });
    }
    // The waiter thread owns the child: it drains both pipes, reaps the process and notes
    // the moment it did, so the measured time does not depend on how this thread is woken.
    std::thread::spawn(move || {
        let result = wait_with_usage(child);
        let _ = sender.send((result, start.elapsed()));
    });
    let (result, elapsed, timed_out) = match receiver.recv_timeout(timeout) {
        Ok((result, elapsed)) => (result, elapsed, false),
        Err(_) => {
            kill(pid);
            let (result, elapsed) = receiver
                .recv()
                .map_err(|_| format!("lost track of `{}`", shown()))?;
            (result, elapsed, true)
        }
    };
    let finished = result.map_err(|e| format!("`{}` could not be waited for: {e}", shown()))?;
    Ok(Outcome {
        exit_code: finished.exit_code,
        stdout: String::from_utf8_lossy(&finished.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&finished.stderr).into_owned(),
        elapsed,
        timed_out,
        peak_rss: finished.peak_rss,
    })
}

struct Finished {
    exit_code: Option<i32>,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
    peak_rss: Option<u64>,
}

/// `Child::wait_with_output`, but reaping with `wait4` to get the child's own rusage.
/// stderr is drained on a thread of its own so neither pipe can fill and stall the child.
fn wait_with_usage(mut child: std::process::Child) -> std::io::Result<Finished> {
    let mut stdout_pipe = child.stdout.take();
    let stderr_pipe = child.stderr.take();
    let stderr_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = stderr_pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    });
    let mut stdout = Vec::new();
    if let Some(pipe) = stdout_pipe.as_mut() {
        pipe.read_to_end(&mut stdout)?;
    }
    let stderr = stderr_reader.join().unwrap_or_default();
    let (exit_code, peak_rss) = reap(child)?;
    Ok(Finished {
        exit_code,
        stdout,
        stderr,
        peak_rss,
    })
}

#[cfg(any(target_os = "linux", target_os = "macos", target_os = "freebsd"))]
fn reap(mut child: std::process::Child) -> std::io::Result<(Option<i32>, Option<u64>)> {
    use wait4::Wait4;
    let usage = child.wait4()?;
    Ok((usage.status.code(), Some(usage.rusage.maxrss)))
}

/// Elsewhere the wait4 crate falls back to all children's usage, which is no one run's.
#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "freebsd")))]
fn reap(mut child: std::process::Child) -> std::io::Result<(Option<i32>, Option<u64>)> {
    Ok((child.wait()?.code(), None))
}

/// Ends a process this task started and that overran its time limit.
fn kill(pid: u32) {
    let ended = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !matches!(ended, Ok(status) if status.success()) {
        eprintln!("xtask: could not kill process {pid} after its time limit");
    }
}

/// Whether a run gave the expected answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Exit code 0 and exactly the expected output.
    Correct,
    /// The implementation says it cannot run this program yet (see `NOT_YET_MARKERS`);
    /// the text is the line where it says so.
    NotRunnable(String),
    /// It ran and finished, but printed something else.
    Wrong(String),
    /// It crashed, exited non-zero or ran out of time.
    Failed(String),
}

impl Verdict {
    /// The verdict as a progress line says it.
    pub fn describe(&self) -> String {
        match self {
            Verdict::Correct => "ok".into(),
            Verdict::NotRunnable(detail) => format!("not runnable yet: {detail}"),
            Verdict::Wrong(detail) => format!("wrong answer: {detail}"),
            Verdict::Failed(detail) => format!("failed: {detail}"),
        }
    }
}

/// Judges an outcome against the contents of `NAME.expected`. Output must match exactly;
/// only Windows line endings are normalised.
pub fn judge(expected: &str, outcome: &Outcome) -> Verdict {
    if outcome.timed_out {
        return Verdict::Failed(format!(
            "timed out after {:.0} s",
            outcome.elapsed.as_secs_f64()
        ));
    }
    if outcome.exit_code != Some(0) {
        let status = match outcome.exit_code {
            Some(code) => format!("exit code {code}"),
            None => "killed by a signal".to_string(),
        };
        let not_yet = outcome
            .stderr
            .lines()
            .find(|line| NOT_YET_MARKERS.iter().any(|m| line.contains(m)));
        if let (Some(line), Some(_)) = (not_yet, outcome.exit_code) {
            return Verdict::NotRunnable(quote(line.trim()));
        }
        let first_error = outcome.stderr.lines().find(|l| !l.trim().is_empty());
        return Verdict::Failed(match first_error {
            Some(line) => format!("{status}: {}", quote(line.trim())),
            None => status,
        });
    }
    let normalise = |s: &str| s.replace("\r\n", "\n");
    let (want, got) = (normalise(expected), normalise(&outcome.stdout));
    if want == got {
        return Verdict::Correct;
    }
    Verdict::Wrong(describe_difference(&want, &got))
}

/// Names the first line where two outputs differ, quoting both sides.
fn describe_difference(want: &str, got: &str) -> String {
    let mut want_lines = want.split_inclusive('\n');
    let mut got_lines = got.split_inclusive('\n');
    let mut line = 1;
    loop {
        match (want_lines.next(), got_lines.next()) {
            (Some(w), Some(g)) if w == g => line += 1,
            (Some(w), Some(g)) => {
                return format!(
                    "line {line}: expected {}, got {}",
                    quote(w.trim_end_matches('\n')),
                    quote_line_end(g)
                )
            }
            (Some(w), None) => {
                return format!(
                    "output ends before line {line} (expected {})",
                    quote(w.trim_end_matches('\n'))
                )
            }
            (None, Some(g)) => return format!("extra output at line {line}: {}", quote(g)),
            (None, None) => return "outputs differ".to_string(),
        }
    }
}

/// Quotes a line, saying so when its line break is missing (the commonest near miss).
fn quote_line_end(line: &str) -> String {
    match line.strip_suffix('\n') {
        Some(text) => quote(text),
        None => format!("{} (no line break at the end)", quote(line)),
    }
}

fn quote(text: &str) -> String {
    let mut shown: String = text.chars().take(QUOTE_LIMIT).collect();
    if text.chars().count() > QUOTE_LIMIT {
        shown.push('…');
    }
    // Markdown code spans: text that holds a backtick needs a double-backtick fence.
    if shown.contains('`') {
        format!("`` {shown} ``")
    } else {
        format!("`{shown}`")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(exit_code: Option<i32>, stdout: &str, stderr: &str) -> Outcome {
        Outcome {
            exit_code,
            stdout: stdout.into(),
            stderr: stderr.into(),
            elapsed: Duration::from_millis(120),
            timed_out: false,
            peak_rss: None,
        }
    }

    #[test]
    fn exact_output_with_exit_zero_is_correct() {
        assert_eq!(
            judge("2178309\n", &outcome(Some(0), "2178309\n", "")),
            Verdict::Correct
        );
        assert_eq!(
            judge("a\nb\n", &outcome(Some(0), "a\r\nb\r\n", "")),
            Verdict::Correct
        );
    }

    #[test]
    fn different_output_is_a_wrong_answer_naming_the_line() {
        let verdict = judge("kept 1\nsum 2\n", &outcome(Some(0), "kept 1\nsum 3\n", ""));
        assert_eq!(
            verdict,
            Verdict::Wrong("line 2: expected `sum 2`, got `sum 3`".into())
        );
    }

    #[test]
    fn missing_final_line_break_is_wrong_and_said_so() {
        let verdict = judge("42\n", &outcome(Some(0), "42", ""));
        assert_eq!(
            verdict,
            Verdict::Wrong("line 1: expected `42`, got `42` (no line break at the end)".into())
        );
    }

    #[test]
    fn short_and_long_outputs_are_wrong() {
        assert_eq!(
            judge("1\n2\n", &outcome(Some(0), "1\n", "")),
            Verdict::Wrong("output ends before line 2 (expected `2`)".into())
        );
        assert_eq!(
            judge("1\n", &outcome(Some(0), "1\n2\n", "")),
            Verdict::Wrong("extra output at line 2: `2\n`".into())
        );
    }

    #[test]
    fn gene_without_a_vm_is_not_runnable() {
        let stderr = "gene: `gene run` is not available yet: it arrives with the VM.";
        assert_eq!(
            judge("42\n", &outcome(Some(2), "", stderr)),
            Verdict::NotRunnable(format!("`` {stderr} ``"))
        );
    }

    #[test]
    fn a_construct_gene_cannot_compile_yet_is_not_runnable() {
        let stderr = "error: an array literal is not compiled yet\n   ┌─ sieve.gene:10:15\n";
        assert_eq!(
            judge("42\n", &outcome(Some(1), "", stderr)),
            Verdict::NotRunnable("`error: an array literal is not compiled yet`".into())
        );
    }

    #[test]
    fn not_yet_on_stdout_or_with_success_is_no_excuse() {
        assert_eq!(
            judge(
                "42\n",
                &outcome(Some(1), "not implemented yet", "error: boom")
            ),
            Verdict::Failed("exit code 1: `error: boom`".into())
        );
        assert_eq!(
            judge(
                "42\n",
                &outcome(Some(0), "43\n", "warning: not implemented yet")
            ),
            Verdict::Wrong("line 1: expected `42`, got `43`".into())
        );
    }

    #[test]
    fn other_exit_code_two_is_a_failure() {
        assert_eq!(
            judge("42\n", &outcome(Some(2), "", "usage: lua [options]")),
            Verdict::Failed("exit code 2: `usage: lua [options]`".into())
        );
    }

    #[test]
    fn a_crash_is_a_failure_even_with_the_right_output() {
        let verdict = judge(
            "42\n",
            &outcome(Some(1), "42\n", "\nerror: stack overflow\n  at f"),
        );
        assert_eq!(
            verdict,
            Verdict::Failed("exit code 1: `error: stack overflow`".into())
        );
        assert_eq!(
            judge("42\n", &outcome(None, "", "")),
            Verdict::Failed("killed by a signal".into())
        );
    }

    #[test]
    fn a_timeout_is_a_failure() {
        let mut slow = outcome(None, "", "");
        slow.timed_out = true;
        slow.elapsed = Duration::from_secs(120);
        assert_eq!(
            judge("42\n", &slow),
            Verdict::Failed("timed out after 120 s".into())
        );
    }

    #[test]
    fn long_lines_are_shortened_in_verdicts() {
        let long = "x".repeat(200);
        let Verdict::Wrong(text) = judge("y\n", &outcome(Some(0), &format!("{long}\n"), "")) else {
            panic!("expected a wrong answer");
        };
        assert!(text.ends_with("…`"), "{text}");
        assert!(text.len() < 150, "{text}");
    }

    #[cfg(unix)]
    #[test]
    fn run_once_captures_output_and_time() {
        let argv: Vec<OsString> = ["sh", "-c", "echo out; echo err >&2; exit 3"]
            .iter()
            .map(OsString::from)
            .collect();
        let result = run_once(&argv, Path::new("."), Duration::from_secs(30)).unwrap();
        assert_eq!(result.exit_code, Some(3));
        assert_eq!(result.stdout, "out\n");
        assert_eq!(result.stderr, "err\n");
        assert!(!result.timed_out);
        if cfg!(target_os = "linux") {
            assert!(result.peak_rss.is_some_and(|bytes| bytes > 0));
        }
    }

    #[cfg(unix)]
    #[test]
    fn run_with_input_feeds_standard_input() {
        let argv: Vec<OsString> = ["sh", "-c", "tr a-z A-Z"]
            .iter()
            .map(OsString::from)
            .collect();
        let input = b"piped text\n".repeat(20_000);
        let result =
            run_with_input(&argv, Path::new("."), Duration::from_secs(30), Some(input)).unwrap();
        assert_eq!(result.exit_code, Some(0));
        assert_eq!(result.stdout, "PIPED TEXT\n".repeat(20_000));
    }

    #[cfg(unix)]
    #[test]
    fn run_once_kills_a_process_that_overruns() {
        let argv: Vec<OsString> = ["sleep", "30"].iter().map(OsString::from).collect();
        let result = run_once(&argv, Path::new("."), Duration::from_millis(200)).unwrap();
        assert!(result.timed_out);
        assert!(result.elapsed < Duration::from_secs(10));
    }
}
