//! The results of a benchmark run and their Markdown and JSON renderings. Everything here
//! is pure: the runner fills a `Report`, these functions turn it into text.

use super::stats;

/// Everything one `cargo xtask bench` run found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Timed runs per (program, implementation) pair.
    pub runs: usize,
    pub context: Context,
    /// The implementations that were run, gene first.
    pub columns: Vec<Column>,
    /// Peers that are not installed, with a note saying how to get them.
    pub missing: Vec<(String, String)>,
    pub programs: Vec<String>,
    /// `cells[program][column]`.
    pub cells: Vec<Vec<Cell>>,
}

/// Where and when the numbers were taken.
#[derive(Debug, Clone)]
pub struct Context {
    pub date: String,
    pub machine: String,
    pub commit: String,
}

/// One implementation as the report describes it.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub command: String,
    pub version: String,
    pub note: Option<String>,
}

/// What happened to one (program, implementation) pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Every run gave the right answer.
    Timed(Runs),
    /// The implementation cannot run this program yet, in its own words (gene before its
    /// VM, or before it handles a construct the program uses); never timed.
    NotRunnable(String),
    /// It printed a wrong answer; never timed.
    Wrong(String),
    /// It crashed, exited non-zero or timed out; never timed.
    Failed(String),
    /// There is no twin of this program for this implementation.
    NoProgram,
}

/// The measurements of one pair's timed runs, in run order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Runs {
    /// Wall times in seconds.
    pub times: Vec<f64>,
    /// Peak resident set sizes in MB (10⁶ bytes); empty where the system does not say.
    pub peak_mb: Vec<f64>,
}

impl Cell {
    /// The median wall time.
    pub fn median(&self) -> Option<f64> {
        match self {
            Cell::Timed(runs) => stats::median(&runs.times),
            _ => None,
        }
    }

    /// The median peak resident set, MB.
    pub fn median_mb(&self) -> Option<f64> {
        match self {
            Cell::Timed(runs) => stats::median(&runs.peak_mb),
            _ => None,
        }
    }

    fn label(&self) -> String {
        self.label_with(self.median().map(seconds))
    }

    fn memory_label(&self) -> String {
        self.label_with(self.median_mb().map(megabytes))
    }

    fn label_with(&self, value: Option<String>) -> String {
        match self {
            Cell::Timed(_) => value.unwrap_or_else(|| "—".into()),
            Cell::NotRunnable(_) => "not runnable yet".into(),
            Cell::Wrong(_) => "wrong answer".into(),
            Cell::Failed(_) => "failed".into(),
            Cell::NoProgram => "no program".into(),
        }
    }

    fn status(&self) -> &'static str {
        match self {
            Cell::Timed(_) => "timed",
            Cell::NotRunnable(_) => "not runnable yet",
            Cell::Wrong(_) => "wrong answer",
            Cell::Failed(_) => "failed",
            Cell::NoProgram => "no program",
        }
    }
}

/// gene's time relative to one peer.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerRatios {
    /// Index of the peer in `Report::columns`.
    pub column: usize,
    /// gene median / peer median per program, where both were timed.
    pub by_program: Vec<Option<f64>>,
    /// Geometric mean over the programs that have a ratio.
    pub geomean: Option<f64>,
}

impl Report {
    /// The ratio of gene's (column 0) time to every other column's.
    pub fn ratios(&self) -> Vec<PeerRatios> {
        self.ratios_of(Cell::median)
    }

    /// The ratio of gene's peak memory to every other column's.
    pub fn memory_ratios(&self) -> Vec<PeerRatios> {
        self.ratios_of(Cell::median_mb)
    }

    fn has_memory(&self) -> bool {
        self.cells.iter().flatten().any(|c| c.median_mb().is_some())
    }

    fn ratios_of(&self, metric: fn(&Cell) -> Option<f64>) -> Vec<PeerRatios> {
        (1..self.columns.len())
            .map(|column| {
                let by_program: Vec<Option<f64>> = self
                    .cells
                    .iter()
                    .map(|row| stats::ratio(metric(&row[0])?, metric(&row[column])?))
                    .collect();
                let present: Vec<f64> = by_program.iter().flatten().copied().collect();
                PeerRatios {
                    column,
                    by_program,
                    geomean: stats::geomean(&present),
                }
            })
            .collect()
    }

    /// Wrong answers and failures, as `(program, implementation, what happened)`.
    pub fn problems(&self) -> Vec<(&str, &str, String)> {
        let mut found = Vec::new();
        for (program, row) in self.programs.iter().zip(&self.cells) {
            for (column, cell) in self.columns.iter().zip(row) {
                let text = match cell {
                    Cell::Wrong(detail) => format!("wrong answer, not timed: {detail}"),
                    Cell::Failed(detail) => format!("failed, not timed: {detail}"),
                    _ => continue,
                };
                found.push((program.as_str(), column.name.as_str(), text));
            }
        }
        found
    }
}

/// A time in seconds as the tables show it.
fn seconds(t: f64) -> String {
    format!("{t:.3}")
}

/// A peak resident set in MB as the tables show it.
fn megabytes(mb: f64) -> String {
    format!("{mb:.1}")
}

fn times(ratio: f64) -> String {
    format!("{ratio:.2}×")
}

/// A Markdown table whose columns are padded to line up in a terminal too. The first column
/// is left-aligned; with `numeric` the others are right-aligned (they hold numbers).
pub fn table(header: &[String], rows: &[Vec<String>], numeric: bool) -> String {
    let width = |column: usize| {
        std::iter::once(&header[column])
            .chain(rows.iter().map(|r| &r[column]))
            .map(|cell| cell.chars().count())
            .max()
            .unwrap_or(0)
            .max(3)
    };
    let widths: Vec<usize> = (0..header.len()).map(width).collect();
    let line = |cells: &[String]| {
        let padded: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, &w))| {
                let pad = " ".repeat(w - cell.chars().count());
                if i == 0 || !numeric {
                    format!("{cell}{pad}")
                } else {
                    format!("{pad}{cell}")
                }
            })
            .collect();
        format!("| {} |\n", padded.join(" | "))
    };
    let rule: Vec<String> = widths
        .iter()
        .enumerate()
        .map(|(i, &w)| {
            if i == 0 || !numeric {
                "-".repeat(w + 2)
            } else {
                format!("{}:", "-".repeat(w + 1))
            }
        })
        .collect();
    let mut out = line(header);
    out.push_str(&format!("|{}|\n", rule.join("|")));
    for row in rows {
        out.push_str(&line(row));
    }
    out
}

/// The tables and the notes: what the console shows, and the body of report.md.
pub fn render_tables(report: &Report) -> String {
    let mut out = format!(
        "Median wall time of the whole process, seconds ({} interleaved run{} each):\n\n",
        report.runs,
        if report.runs == 1 { "" } else { "s" }
    );
    out.push_str(&value_table(report, Cell::label));
    out.push_str(&ratio_table(
        report,
        &report.ratios(),
        "\ngene's time ÷ each peer's (below 1.00× gene is faster):\n\n",
    ));
    if report.has_memory() {
        out.push_str("\nMedian peak resident memory of the process, MB (10⁶ bytes):\n\n");
        out.push_str(&value_table(report, Cell::memory_label));
        out.push_str(&ratio_table(
            report,
            &report.memory_ratios(),
            "\ngene's peak memory ÷ each peer's (below 1.00× gene uses less):\n\n",
        ));
    }

    let notes = notes(report);
    if !notes.is_empty() {
        out.push_str("\nNotes:\n");
        for note in notes {
            out.push_str(&format!("- {note}\n"));
        }
    }
    out
}

/// One row per program, one column per implementation, each cell labelled by `label`.
fn value_table(report: &Report, label: fn(&Cell) -> String) -> String {
    let mut header = vec!["program".to_string()];
    header.extend(report.columns.iter().map(|c| c.name.clone()));
    let rows: Vec<Vec<String>> = report
        .programs
        .iter()
        .zip(&report.cells)
        .map(|(program, row)| {
            std::iter::once(program.clone())
                .chain(row.iter().map(label))
                .collect()
        })
        .collect();
    table(&header, &rows, true)
}

/// gene ÷ each peer per program, and their geometric means; nothing without peers.
fn ratio_table(report: &Report, ratios: &[PeerRatios], title: &str) -> String {
    if ratios.is_empty() {
        return String::new();
    }
    let mut header = vec!["program".to_string()];
    header.extend(
        ratios
            .iter()
            .map(|r| format!("gene/{}", report.columns[r.column].name)),
    );
    let mut rows: Vec<Vec<String>> = report
        .programs
        .iter()
        .enumerate()
        .map(|(p, program)| {
            std::iter::once(program.clone())
                .chain(
                    ratios
                        .iter()
                        .map(|r| r.by_program[p].map_or_else(|| "—".into(), times)),
                )
                .collect()
        })
        .collect();
    let mut geomeans = vec!["geometric mean".to_string()];
    geomeans.extend(ratios.iter().map(|r| {
        let counted = r.by_program.iter().flatten().count();
        match r.geomean {
            Some(g) if counted < report.programs.len() => {
                format!("{} ({counted} of {})", times(g), report.programs.len())
            }
            Some(g) => times(g),
            None => "—".into(),
        }
    }));
    rows.push(geomeans);
    format!("{title}{}", table(&header, &rows, true))
}

fn notes(report: &Report) -> Vec<String> {
    let mut notes = Vec::new();
    for (c, column) in report.columns.iter().enumerate() {
        let reasons: Vec<(&str, &str)> = report
            .programs
            .iter()
            .zip(&report.cells)
            .filter_map(|(program, row)| match &row[c] {
                Cell::NotRunnable(detail) => Some((program.as_str(), detail.as_str())),
                _ => None,
            })
            .collect();
        let same_reason = reasons.windows(2).all(|pair| pair[0].1 == pair[1].1);
        if !reasons.is_empty() && reasons.len() == report.programs.len() && same_reason {
            notes.push(format!(
                "{} cannot run any program yet ({}): no {} timings and no ratios; the others \
                 were timed all the same.",
                column.name, reasons[0].1, column.name
            ));
        } else {
            for (program, detail) in reasons {
                notes.push(format!(
                    "{program} on {}: not runnable yet, not timed: {detail}",
                    column.name
                ));
            }
        }
    }
    for (program, implementation, text) in report.problems() {
        notes.push(format!("{program} on {implementation}: {text}"));
    }
    for (program, row) in report.programs.iter().zip(&report.cells) {
        for (column, cell) in report.columns.iter().zip(row) {
            if *cell == Cell::NoProgram {
                notes.push(format!(
                    "{program} has no twin for {}: skipped.",
                    column.name
                ));
            }
        }
    }
    for (name, note) in &report.missing {
        notes.push(format!("{name} skipped: {note}."));
    }
    notes
}

/// `target/bench/report.md`.
pub fn render_markdown(report: &Report) -> String {
    let mut out = String::from("# gene benchmarks\n\n");
    out.push_str(&format!(
        "{} · {} · gene at {}\n\n",
        report.context.date, report.context.machine, report.context.commit
    ));
    out.push_str(
        "Each program in `gene-bench/programs` runs on every implementation; every answer is \
         checked against `NAME.expected` before timing and on every timed run (a wrong answer \
         is reported and never timed). Runs are interleaved: run 1 of every pair, then run \
         2, and so on. A time is the wall time of the whole process: start-up, compilation, \
         the run and exit.\n\n",
    );
    let header: Vec<String> = ["implementation", "command", "version", "note"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let rows: Vec<Vec<String>> = report
        .columns
        .iter()
        .map(|c| {
            vec![
                c.name.clone(),
                format!("`{}`", c.command),
                c.version.clone(),
                c.note.clone().unwrap_or_default(),
            ]
        })
        .collect();
    out.push_str(&table(&header, &rows, false));
    out.push('\n');
    out.push_str(&render_tables(report));
    out
}

/// `target/bench/report.json`: the same facts for programs, with every run's time.
pub fn render_json(report: &Report) -> String {
    let mut out = String::from("{\n");
    out.push_str("  \"schema\": 1,\n");
    out.push_str(&format!(
        "  \"date\": {},\n",
        json_string(&report.context.date)
    ));
    out.push_str(&format!(
        "  \"machine\": {},\n",
        json_string(&report.context.machine)
    ));
    out.push_str(&format!(
        "  \"commit\": {},\n",
        json_string(&report.context.commit)
    ));
    out.push_str(&format!("  \"runs\": {},\n", report.runs));
    out.push_str("  \"unit\": \"seconds of wall time, whole process\",\n");
    out.push_str("  \"memory_unit\": \"MB (10^6 bytes) of peak resident set, whole process\",\n");

    let implementations: Vec<String> = report
        .columns
        .iter()
        .map(|c| {
            format!(
                "    {{\"name\": {}, \"command\": {}, \"version\": {}, \"note\": {}, \
                 \"installed\": true}}",
                json_string(&c.name),
                json_string(&c.command),
                json_string(&c.version),
                c.note.as_deref().map_or_else(|| "null".into(), json_string)
            )
        })
        .chain(report.missing.iter().map(|(name, note)| {
            format!(
                "    {{\"name\": {}, \"note\": {}, \"installed\": false}}",
                json_string(name),
                json_string(note)
            )
        }))
        .collect();
    out.push_str(&format!(
        "  \"implementations\": [\n{}\n  ],\n",
        implementations.join(",\n")
    ));

    let programs: Vec<String> = report.programs.iter().map(|p| json_string(p)).collect();
    out.push_str(&format!("  \"programs\": [{}],\n", programs.join(", ")));

    let mut results = Vec::new();
    for (program, row) in report.programs.iter().zip(&report.cells) {
        for (column, cell) in report.columns.iter().zip(row) {
            let mut fields = vec![
                format!("\"program\": {}", json_string(program)),
                format!("\"implementation\": {}", json_string(&column.name)),
                format!("\"status\": {}", json_string(cell.status())),
            ];
            match cell {
                Cell::Timed(runs) => {
                    let list = |values: &[f64]| {
                        let numbers: Vec<String> = values.iter().map(|v| json_number(*v)).collect();
                        format!("[{}]", numbers.join(", "))
                    };
                    let optional =
                        |value: Option<f64>| value.map_or_else(|| "null".into(), json_number);
                    fields.push(format!("\"times\": {}", list(&runs.times)));
                    fields.push(format!("\"median\": {}", optional(cell.median())));
                    fields.push(format!("\"peak_rss_mb\": {}", list(&runs.peak_mb)));
                    fields.push(format!(
                        "\"median_peak_rss_mb\": {}",
                        optional(cell.median_mb())
                    ));
                }
                Cell::Wrong(detail) | Cell::Failed(detail) => {
                    fields.push(format!("\"detail\": {}", json_string(detail)));
                }
                Cell::NotRunnable(detail) => {
                    fields.push(format!("\"detail\": {}", json_string(detail)));
                }
                Cell::NoProgram => {}
            }
            results.push(format!("    {{{}}}", fields.join(", ")));
        }
    }
    out.push_str(&format!(
        "  \"results\": [\n{}\n  ],\n",
        results.join(",\n")
    ));

    out.push_str(&format!(
        "  \"ratios\": [\n{}\n  ],\n",
        json_ratios(report, &report.ratios())
    ));
    out.push_str(&format!(
        "  \"memory_ratios\": [\n{}\n  ]\n",
        json_ratios(report, &report.memory_ratios())
    ));
    out.push_str("}\n");
    out
}

fn json_ratios(report: &Report, ratios: &[PeerRatios]) -> String {
    let ratios: Vec<String> = ratios
        .iter()
        .map(|r| {
            let by_program: Vec<String> = report
                .programs
                .iter()
                .zip(&r.by_program)
                .map(|(program, ratio)| {
                    format!(
                        "{}: {}",
                        json_string(program),
                        ratio.map_or_else(|| "null".into(), json_number)
                    )
                })
                .collect();
            format!(
                "    {{\"peer\": {}, \"gene_over_peer\": {{{}}}, \"geomean\": {}}}",
                json_string(&report.columns[r.column].name),
                by_program.join(", "),
                r.geomean.map_or_else(|| "null".into(), json_number)
            )
        })
        .collect();
    ratios.join(",\n")
}

fn json_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A number as JSON allows it: shortest round-trip digits, `null` for what JSON cannot hold.
fn json_number(value: f64) -> String {
    if value.is_finite() {
        format!("{value}")
    } else {
        "null".into()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A small fixed result set: gene timed on one program and not runnable on another,
    /// two peers (one with a wrong answer), one peer missing.
    /// Timed runs with the given times and peak memories.
    pub(crate) fn timed(times: &[f64], peak_mb: &[f64]) -> Cell {
        Cell::Timed(Runs {
            times: times.to_vec(),
            peak_mb: peak_mb.to_vec(),
        })
    }

    pub(crate) fn sample() -> Report {
        let column = |name: &str, command: &str| Column {
            name: name.into(),
            command: command.into(),
            version: format!("{name} 1.0"),
            note: None,
        };
        Report {
            runs: 3,
            context: Context {
                date: "2025-01-02 03:04 UTC".into(),
                machine: "test machine".into(),
                commit: "abc1234".into(),
            },
            columns: vec![
                column("gene", "gene run NAME.gene"),
                column("lua5.4", "lua5.4 NAME.lua"),
                column("ruby", "ruby NAME.rb"),
            ],
            missing: vec![("python3".into(), "`python3` is not on PATH".into())],
            programs: vec!["fib".into(), "loop".into()],
            cells: vec![
                vec![
                    timed(&[0.30, 0.10, 0.20], &[12.0, 10.0, 11.0]),
                    timed(&[0.10, 0.12, 0.11], &[2.0, 2.0, 2.0]),
                    timed(&[0.40, 0.40, 0.50], &[22.0, 22.0, 22.0]),
                ],
                vec![
                    Cell::NotRunnable("`error: an array literal is not compiled yet`".into()),
                    timed(&[0.5, 0.25], &[1.5, 1.5]),
                    Cell::Wrong("line 1: expected `1`, got `2`".into()),
                ],
            ],
        }
    }

    #[test]
    fn ratios_divide_gene_by_each_peer_where_both_ran() {
        let ratios = sample().ratios();
        assert_eq!(ratios.len(), 2);
        let lua = &ratios[0];
        assert_eq!(lua.column, 1);
        assert!((lua.by_program[0].unwrap() - 0.2 / 0.11).abs() < 1e-12);
        assert_eq!(lua.by_program[1], None);
        assert!((lua.geomean.unwrap() - 0.2 / 0.11).abs() < 1e-12);
        assert_eq!(ratios[1].by_program, vec![Some(0.5), None]);
    }

    #[test]
    fn tables_render_medians_ratios_and_notes() {
        let expected = "\
Median wall time of the whole process, seconds (3 interleaved runs each):

| program |             gene | lua5.4 |         ruby |
|---------|-----------------:|-------:|-------------:|
| fib     |            0.200 |  0.110 |        0.400 |
| loop    | not runnable yet |  0.375 | wrong answer |

gene's time ÷ each peer's (below 1.00× gene is faster):

| program        |    gene/lua5.4 |      gene/ruby |
|----------------|---------------:|---------------:|
| fib            |          1.82× |          0.50× |
| loop           |              — |              — |
| geometric mean | 1.82× (1 of 2) | 0.50× (1 of 2) |

Median peak resident memory of the process, MB (10⁶ bytes):

| program |             gene | lua5.4 |         ruby |
|---------|-----------------:|-------:|-------------:|
| fib     |             11.0 |    2.0 |         22.0 |
| loop    | not runnable yet |    1.5 | wrong answer |

gene's peak memory ÷ each peer's (below 1.00× gene uses less):

| program        |    gene/lua5.4 |      gene/ruby |
|----------------|---------------:|---------------:|
| fib            |          5.50× |          0.50× |
| loop           |              — |              — |
| geometric mean | 5.50× (1 of 2) | 0.50× (1 of 2) |

Notes:
- loop on gene: not runnable yet, not timed: `error: an array literal is not compiled yet`
- loop on ruby: wrong answer, not timed: line 1: expected `1`, got `2`
- python3 skipped: `python3` is not on PATH.
";
        assert_eq!(render_tables(&sample()), expected);
    }

    #[test]
    fn a_gene_without_vm_is_named_in_the_notes() {
        let mut report = sample();
        for row in &mut report.cells {
            row[0] = Cell::NotRunnable("`gene: `gene run` is not available yet`".into());
        }
        let text = render_tables(&report);
        assert!(text.contains(
            "- gene cannot run any program yet (`gene: `gene run` is not available yet`): no \
             gene timings and no ratios; the others were timed all the same.\n"
        ));
        assert!(text.contains("| geometric mean |           — |         — |"));
    }

    #[test]
    fn markdown_report_lists_implementations_and_context() {
        let text = render_markdown(&sample());
        assert!(text.starts_with("# gene benchmarks\n\n2025-01-02 03:04 UTC · test machine"));
        assert!(text.contains("| lua5.4         | `lua5.4 NAME.lua`"));
        assert!(text.contains(&render_tables(&sample())));
    }

    #[test]
    fn json_report_holds_every_time_and_status() {
        let json = render_json(&sample());
        assert!(json.contains(
            "{\"program\": \"fib\", \"implementation\": \"gene\", \"status\": \"timed\", \
             \"times\": [0.3, 0.1, 0.2], \"median\": 0.2, \"peak_rss_mb\": [12, 10, 11], \
             \"median_peak_rss_mb\": 11}"
        ));
        assert!(json.contains(
            "{\"program\": \"loop\", \"implementation\": \"ruby\", \"status\": \"wrong answer\", \
             \"detail\": \"line 1: expected `1`, got `2`\"}"
        ));
        assert!(json.contains("\"status\": \"not runnable yet\""));
        assert!(json.contains(
            "{\"peer\": \"ruby\", \"gene_over_peer\": {\"fib\": 0.5, \"loop\": null}, \
             \"geomean\": 0.5}"
        ));
        assert!(json.contains(
            "\"memory_ratios\": [\n    {\"peer\": \"lua5.4\", \"gene_over_peer\": {\"fib\": 5.5, \
             \"loop\": null}, \"geomean\": 5.5}"
        ));
        assert!(json.contains(
            "{\"name\": \"python3\", \"note\": \"`python3` is not on PATH\", \"installed\": false}"
        ));
        // Balanced brackets: a cheap check that the hand-written JSON is well formed.
        assert_eq!(json.matches('{').count(), json.matches('}').count());
        assert_eq!(json.matches('[').count(), json.matches(']').count());
    }

    #[test]
    fn json_strings_are_escaped() {
        assert_eq!(json_string("a\"b\\c\nd\u{1}"), "\"a\\\"b\\\\c\\nd\\u0001\"");
        assert_eq!(json_number(f64::NAN), "null");
        assert_eq!(json_number(0.25), "0.25");
    }
}
