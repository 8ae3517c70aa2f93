//! `cargo xtask bench`: runs the programs in `gene-bench/programs` on gene and on its peers
//! (Python, Lua 5.4, LuaJIT with and without its JIT, Ruby), checks every answer, times
//! whole processes in interleaved rounds and reports medians and gene/peer ratios on the
//! console and in `target/bench/report.{md,json,svg}`.
//!
//! `cargo xtask bench --reader [-- ARGS]` runs the reader's criterion benchmark instead.

mod count;
mod implementations;
pub(crate) mod measure;
mod options;
mod quick;
mod report;
mod scaling;
mod stats;
mod svg;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::{project_root, run, target_dir, TaskError};
use implementations::Implementation;
use measure::Verdict;
use options::{parse_args, Mode};
use report::{Cell, Column, Context, Report, Runs};

/// Where the programs and their expected answers live, relative to the workspace root.
const PROGRAMS_DIR: &str = "gene-bench/programs";

pub fn main(args: &[String]) -> Result<(), TaskError> {
    let options = parse_args(args)?;
    if let Mode::Reader(criterion) = &options.mode {
        return reader_benchmark(criterion);
    }
    if options.install_peers {
        implementations::install_peers()?;
    }

    let dir = project_root().join(PROGRAMS_DIR);
    let all = list_programs(&dir)?;
    let programs = select_programs(all.clone(), options.only.as_deref())?;
    if let Mode::Scaling(name) = &options.mode {
        if !all.contains(name) {
            return Err(usage(format!(
                "`--scaling`: no program `{name}` (there are: {})",
                all.join(", ")
            )));
        }
        // Said before the release build rather than after it.
        scaling::program_default_size(&dir, name).ok_or_else(|| scaling::no_size(name))?;
    }

    let gene_binary = build_gene()?;
    let commit = commit();
    let with_peers = match options.mode {
        Mode::Report => true,
        _ => options.peers,
    };
    let (mut implementations, missing) = find_implementations(&gene_binary, &commit, with_peers);
    if let Some(other) = &options.against {
        let other = implementations::against(other)?;
        eprintln!("  {:<13} {} ({})", other.name, other.shown(), other.version);
        implementations.insert(1, other);
    }
    match &options.mode {
        Mode::Quick => return quick::run(&dir, &programs, &implementations[0], options.timeout),
        Mode::Scaling(name) => return scaling::run(&dir, name, &implementations, &options),
        Mode::Count => return count::run(&dir, &programs, &implementations, &options),
        Mode::Report | Mode::Reader(_) => {}
    }

    let expected = programs
        .iter()
        .map(|name| read_expected(&dir, name))
        .collect::<Result<Vec<String>, TaskError>>()?;

    let bench = Bench {
        dir: &dir,
        programs: &programs,
        expected: &expected,
        implementations: &implementations,
        timeout: options.timeout,
    };
    let mut cells = bench.check();
    bench.time(&mut cells, options.runs);

    let report = Report {
        runs: options.runs,
        context: Context {
            date: utc_date(SystemTime::now()),
            machine: machine(),
            commit,
        },
        columns: implementations
            .iter()
            .map(|i| Column {
                name: i.name.clone(),
                command: i.shown(),
                version: i.version.clone(),
                note: i.note.clone(),
            })
            .collect(),
        missing,
        programs: programs.clone(),
        cells,
    };
    println!("\n{}", report::render_tables(&report));
    write_reports(&report)?;

    let problems = report.problems().len();
    if problems > 0 {
        return Err(TaskError::Failed(format!(
            "{problems} program/implementation pair{} gave a wrong answer or failed (see the \
             notes above); they were not timed",
            if problems == 1 { "" } else { "s" }
        )));
    }
    Ok(())
}

fn usage(message: impl Into<String>) -> TaskError {
    TaskError::Usage(message.into())
}

/// Builds the release `gene` of this checkout and returns its path.
fn build_gene() -> Result<PathBuf, TaskError> {
    run(Command::new("cargo")
        .args(["build", "--release", "-p", "gene-cli"])
        .current_dir(project_root()))?;
    Ok(target_dir()
        .join("release")
        .join(format!("gene{}", std::env::consts::EXE_SUFFIX)))
}

/// gene, then (with `with_peers`) every peer on PATH, listed on the console; the peers
/// that are missing come back as `(name, note)`.
fn find_implementations(
    gene_binary: &Path,
    commit: &str,
    with_peers: bool,
) -> (Vec<Implementation>, Vec<(String, String)>) {
    let mut implementations = vec![implementations::gene(gene_binary, commit)];
    let mut missing = Vec::new();
    if with_peers {
        for found in implementations::find_peers() {
            match found {
                Ok(peer) => implementations.push(peer),
                Err(absent) => missing.push((absent.name, absent.note)),
            }
        }
    }
    eprintln!("\nimplementations:");
    for implementation in &implementations {
        eprintln!(
            "  {:<13} {} ({})",
            implementation.name,
            implementation.shown(),
            implementation.version
        );
        if let Some(note) = &implementation.note {
            eprintln!("  {:<13} ({note})", "");
        }
    }
    for (name, note) in &missing {
        eprintln!("  {name:<13} skipped: {note}");
    }
    (implementations, missing)
}

/// The contents of `NAME.expected`.
fn read_expected(dir: &Path, name: &str) -> Result<String, TaskError> {
    let path = dir.join(format!("{name}.expected"));
    std::fs::read_to_string(&path)
        .map_err(|e| TaskError::Failed(format!("cannot read {}: {e}", path.display())))
}

/// The fixed inputs of one benchmark run.
struct Bench<'a> {
    dir: &'a Path,
    programs: &'a [String],
    expected: &'a [String],
    implementations: &'a [Implementation],
    timeout: Duration,
}

impl Bench<'_> {
    fn source(&self, program: &str, implementation: &Implementation) -> PathBuf {
        self.dir
            .join(format!("{program}.{}", implementation.extension))
    }

    /// Runs every pair once, untimed, and judges its answer. Pairs that answer correctly
    /// become an empty `Cell::Timed`, ready for timing; the others keep their verdict.
    fn check(&self) -> Vec<Vec<Cell>> {
        eprintln!("\nchecking answers (one untimed run of every pair):");
        let mut cells = Vec::new();
        for (program, expected) in self.programs.iter().zip(self.expected) {
            eprint!("  {program:<10}");
            let mut row = Vec::new();
            for (i, implementation) in self.implementations.iter().enumerate() {
                let source = self.source(program, implementation);
                let separator = if i == 0 { " " } else { " · " };
                eprint!("{separator}{}: ", implementation.name);
                let _ = std::io::stderr().flush();
                let cell = if source.is_file() {
                    match self.judge_once(&source, implementation, expected) {
                        (Verdict::Correct, ..) => Cell::Timed(Runs::default()),
                        (Verdict::NotRunnable(detail), ..) => Cell::NotRunnable(detail),
                        (Verdict::Wrong(detail), ..) => Cell::Wrong(detail),
                        (Verdict::Failed(detail), ..) => Cell::Failed(detail),
                    }
                } else {
                    Cell::NoProgram
                };
                let status = match &cell {
                    Cell::Timed(_) => "ok",
                    Cell::NotRunnable(_) => "not runnable yet",
                    Cell::Wrong(_) => "WRONG ANSWER",
                    Cell::Failed(_) => "FAILED",
                    Cell::NoProgram => "no program",
                };
                eprint!("{status}");
                let _ = std::io::stderr().flush();
                row.push(cell);
            }
            eprintln!();
            cells.push(row);
        }
        cells
    }

    /// Runs one program once; a process that cannot even start counts as failed.
    fn judge_once(
        &self,
        source: &Path,
        implementation: &Implementation,
        expected: &str,
    ) -> (Verdict, Duration, Option<u64>) {
        match measure::run_once(&implementation.command(source), self.dir, self.timeout) {
            Ok(outcome) => (
                measure::judge(expected, &outcome),
                outcome.elapsed,
                outcome.peak_rss,
            ),
            Err(message) => (Verdict::Failed(message), Duration::ZERO, None),
        }
    }

    /// The timed rounds: run 1 of every pair still `Timed`, then run 2, and so on, so a
    /// slow drift of the machine (heat, other load) spreads over every pair alike. Each
    /// run's answer is judged again; a pair that goes wrong loses its times.
    fn time(&self, cells: &mut [Vec<Cell>], runs: usize) {
        let pairs = cells
            .iter()
            .flatten()
            .filter(|c| matches!(c, Cell::Timed(_)))
            .count();
        eprintln!(
            "\ntiming {pairs} pairs, {runs} interleaved run{} each:",
            if runs == 1 { "" } else { "s" }
        );
        for round in 1..=runs {
            for (p, program) in self.programs.iter().enumerate() {
                for (i, implementation) in self.implementations.iter().enumerate() {
                    if !matches!(cells[p][i], Cell::Timed(_)) {
                        continue;
                    }
                    // Named before it runs, so a long run shows what it is.
                    eprint!(
                        "  run {round}/{runs}  {program:<10} {:<13} ",
                        implementation.name
                    );
                    let _ = std::io::stderr().flush();
                    let source = self.source(program, implementation);
                    let (verdict, elapsed, peak_rss) =
                        self.judge_once(&source, implementation, &self.expected[p]);
                    let cell = &mut cells[p][i];
                    match (verdict, cell) {
                        (Verdict::Correct, Cell::Timed(runs)) => {
                            let t = elapsed.as_secs_f64();
                            runs.times.push(t);
                            match peak_rss {
                                Some(bytes) => {
                                    let mb = bytes as f64 / 1e6;
                                    runs.peak_mb.push(mb);
                                    eprintln!("{t:>8.3} s {mb:>9.1} MB");
                                }
                                None => eprintln!("{t:>8.3} s"),
                            }
                        }
                        (verdict, cell) => {
                            let detail = match verdict {
                                Verdict::Wrong(d) => Cell::Wrong(format!("run {round}: {d}")),
                                Verdict::Failed(d) => Cell::Failed(format!("run {round}: {d}")),
                                Verdict::NotRunnable(d) => {
                                    Cell::Failed(format!("run {round}: {d} after a correct run"))
                                }
                                Verdict::Correct => unreachable!("a correct run is timed"),
                            };
                            eprintln!(
                                "dropped: {}",
                                match &detail {
                                    Cell::Wrong(d) => format!("wrong answer, {d}"),
                                    Cell::Failed(d) => format!("failed, {d}"),
                                    _ => String::new(),
                                }
                            );
                            *cell = detail;
                        }
                    }
                }
            }
        }
    }
}

/// The benchmark programs: every `NAME.expected` in the programs folder, sorted by name.
fn list_programs(dir: &Path) -> Result<Vec<String>, TaskError> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| TaskError::Failed(format!("cannot list {}: {e}", dir.display())))?;
    let mut programs: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "expected"))
        .filter_map(|p| Some(p.file_stem()?.to_string_lossy().into_owned()))
        .collect();
    programs.sort();
    if programs.is_empty() {
        return Err(TaskError::Failed(format!(
            "no NAME.expected files in {}",
            dir.display()
        )));
    }
    Ok(programs)
}

/// Applies `--only`, keeping the listing's order; an unknown name is a usage error.
fn select_programs(all: Vec<String>, only: Option<&[String]>) -> Result<Vec<String>, TaskError> {
    let Some(only) = only else {
        return Ok(all);
    };
    if let Some(unknown) = only.iter().find(|name| !all.contains(name)) {
        return Err(usage(format!(
            "`--only`: no program `{unknown}` (there are: {})",
            all.join(", ")
        )));
    }
    Ok(all.into_iter().filter(|p| only.contains(p)).collect())
}

fn write_reports(report: &Report) -> Result<(), TaskError> {
    let out = target_dir().join("bench");
    std::fs::create_dir_all(&out)
        .map_err(|e| TaskError::Failed(format!("cannot create {}: {e}", out.display())))?;
    let files = [
        ("report.md", report::render_markdown(report)),
        ("report.json", report::render_json(report)),
        ("report.svg", svg::render_svg(report)),
    ];
    for (name, text) in files {
        let path = out.join(name);
        std::fs::write(&path, text)
            .map_err(|e| TaskError::Failed(format!("cannot write {}: {e}", path.display())))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// The checked-out commit, marked when the working tree has uncommitted changes.
fn commit() -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(project_root())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    match git(&["rev-parse", "--short", "HEAD"]) {
        Some(hash) => match git(&["status", "--porcelain", "--untracked-files=no"]) {
            Some(changes) if !changes.is_empty() => format!("{hash} with uncommitted changes"),
            _ => hash,
        },
        None => "unknown commit".into(),
    }
}

/// CPU model, core count and operating system, as far as this system says.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, model)| model.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| std::env::consts::ARCH.to_string());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("PRETTY_NAME="))
                .map(|name| name.trim_matches('"').to_string())
        })
        .unwrap_or_else(|| std::env::consts::OS.to_string());
    format!("{cpu}, {cores} cores, {os}")
}

/// `YYYY-MM-DD HH:MM UTC` without a date crate (days-to-civil conversion).
fn utc_date(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs()) as i64;
    let (days, of_day) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        of_day / 3_600,
        of_day % 3_600 / 60
    )
}

/// `cargo xtask bench --reader [-- ARGS]`: the reader's criterion benchmark.
fn reader_benchmark(criterion_args: &[String]) -> Result<(), TaskError> {
    let mut command = Command::new("cargo");
    command
        .args(["bench", "-p", "gene-syntax", "--bench", "read"])
        .current_dir(project_root());
    if !criterion_args.is_empty() {
        command.arg("--").args(criterion_args);
    }
    run(&mut command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_selects_known_programs_in_listing_order() {
        let all: Vec<String> = ["fib", "loop", "sieve"].map(String::from).to_vec();
        let only: Vec<String> = ["sieve", "fib"].map(String::from).to_vec();
        assert_eq!(
            select_programs(all.clone(), Some(&only)).unwrap(),
            vec!["fib".to_string(), "sieve".to_string()]
        );
        assert_eq!(select_programs(all.clone(), None).unwrap(), all);
        let unknown = vec!["fibb".to_string()];
        assert!(matches!(
            select_programs(all, Some(&unknown)),
            Err(TaskError::Usage(_))
        ));
    }

    #[test]
    fn every_program_has_its_expected_answer_and_all_twins() {
        let dir = project_root().join(PROGRAMS_DIR);
        let programs = list_programs(&dir).unwrap();
        assert!(programs.len() >= 6, "{programs:?}");
        for program in programs {
            for extension in ["gene", "lua", "py", "rb"] {
                let twin = dir.join(format!("{program}.{extension}"));
                assert!(twin.is_file(), "{} is missing", twin.display());
            }
        }
    }

    #[test]
    fn dates_are_civil_utc() {
        let at = |secs: u64| utc_date(UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(at(0), "1970-01-01 00:00 UTC");
        assert_eq!(at(951_782_400), "2000-02-29 00:00 UTC");
        assert_eq!(at(1_735_787_045), "2025-01-02 03:04 UTC");
    }
}
