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
    /// Every run gave the right answer; wall times in seconds, in run order.
    Timed(Vec<f64>),
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

impl Cell {
    pub fn median(&self) -> Option<f64> {
        match self {
            Cell::Timed(times) => stats::median(times),
            _ => None,
        }
    }

    fn label(&self) -> String {
        match self {
            Cell::Timed(times) => stats::median(times).map_or_else(|| "—".into(), seconds),
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
    /// The ratio of gene (column 0) to every other column.
    pub fn ratios(&self) -> Vec<PeerRatios> {
        (1..self.columns.len())
            .map(|column| {
                let by_program: Vec<Option<f64>> = self
                    .cells
                    .iter()
                    .map(|row| stats::ratio(row[0].median()?, row[column].median()?))
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

fn times(ratio: f64) -> String {
    format!("{ratio:.2}×")
}

/// A Markdown table whose columns are padded to line up in a terminal too. The first column
/// is left-aligned; with `numeric` the others are right-aligned (they hold numbers).
fn table(header: &[String], rows: &[Vec<String>], numeric: bool) -> String {
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

/// The two tables and the notes: what the console shows, and the body of report.md.
pub fn render_tables(report: &Report) -> String {
    let mut out = format!(
        "Median wall time of the whole process, seconds ({} interleaved run{} each):\n\n",
        report.runs,
        if report.runs == 1 { "" } else { "s" }
    );
    let mut header = vec!["program".to_string()];
    header.extend(report.columns.iter().map(|c| c.name.clone()));
    let rows: Vec<Vec<String>> = report
        .programs
        .iter()
        .zip(&report.cells)
        .map(|(program, row)| {
            std::iter::once(program.clone())
                .chain(row.iter().map(Cell::label))
                .collect()
        })
        .collect();
    out.push_str(&table(&header, &rows, true));

    let ratios = report.ratios();
    if !ratios.is_empty() {
        out.push_str("\ngene's time ÷ each peer's (below 1.00× gene is faster):\n\n");
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
        out.push_str(&table(&header, &rows, true));
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
                Cell::Timed(times) => {
                    let list: Vec<String> = times.iter().map(|t| json_number(*t)).collect();
                    fields.push(format!("\"times\": [{}]", list.join(", ")));
                    fields.push(format!(
                        "\"median\": {}",
                        cell.median().map_or_else(|| "null".into(), json_number)
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

    let ratios: Vec<String> = report
        .ratios()
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
    out.push_str(&format!("  \"ratios\": [\n{}\n  ]\n", ratios.join(",\n")));
    out.push_str("}\n");
    out
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
                    Cell::Timed(vec![0.30, 0.10, 0.20]),
                    Cell::Timed(vec![0.10, 0.12, 0.11]),
                    Cell::Timed(vec![0.40, 0.40, 0.50]),
                ],
                vec![
                    Cell::NotRunnable("`error: an array literal is not compiled yet`".into()),
                    Cell::Timed(vec![0.5, 0.25]),
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
             \"times\": [0.3, 0.1, 0.2], \"median\": 0.2}"
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
