//! `target/bench/report.svg`: a grouped bar chart of the medians, written by hand. One group
//! per program, one bar per implementation in a fixed colour, on a logarithmic time axis
//! (the peers span two orders of magnitude). A pair that was not timed gets a grey label in
//! its slot saying why, so a missing bar is never mistaken for a fast one.

use super::report::{Cell, Report};

const BAR: f64 = 16.0;
const GROUP_GAP: f64 = 28.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 20.0;
/// Height of the title, the two lines under it and the gap before the legend.
const HEADER: f64 = 76.0;
const LEGEND_ROW: f64 = 20.0;
const PLOT_HEIGHT: f64 = 320.0;
const BOTTOM: f64 = 36.0;
const MIN_WIDTH: f64 = 640.0;
/// Room above the tallest bar for its rotated value label, in decades of the log axis.
const HEADROOM_DECADES: f64 = 0.45;

/// The colour of an implementation's bars: fixed for the known ones so charts compare.
fn colour(name: &str, index: usize) -> &'static str {
    match name {
        "gene" => "#e4572e",
        "python3" => "#3572a5",
        "lua5.4" => "#4b4bb5",
        "luajit" => "#2a9d8f",
        "luajit -joff" => "#8fd3c7",
        "ruby" => "#9b2226",
        _ => ["#f4a261", "#6d597a", "#b5838d", "#588157"][index % 4],
    }
}

pub fn render_svg(report: &Report) -> String {
    let bars = report.columns.len().max(1) as f64;
    let group_width = bars * BAR + GROUP_GAP;
    let width = (LEFT + RIGHT + group_width * report.programs.len() as f64).max(MIN_WIDTH);
    let (legend, legend_rows) = legend(report, width);
    let top = HEADER + LEGEND_ROW * legend_rows as f64 + 20.0;
    let height = top + PLOT_HEIGHT + BOTTOM;
    let plot_bottom = top + PLOT_HEIGHT;

    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" \
         viewBox=\"0 0 {width:.0} {height:.0}\" font-family=\"sans-serif\" font-size=\"12\">\n"
    );
    out.push_str(&format!(
        "<rect width=\"{width:.0}\" height=\"{height:.0}\" fill=\"#ffffff\"/>\n"
    ));
    out.push_str(&format!(
        "<text x=\"{LEFT}\" y=\"22\" font-size=\"15\" font-weight=\"bold\">{}</text>\n",
        escape("Median wall time per program (log scale; lower is faster)")
    ));
    let subtitles = [
        format!(
            "{} interleaved run{} per pair, whole process · {} · gene at {}",
            report.runs,
            if report.runs == 1 { "" } else { "s" },
            report.context.date,
            report.context.commit
        ),
        report.context.machine.clone(),
    ];
    for (line, text) in subtitles.iter().enumerate() {
        out.push_str(&format!(
            "<text x=\"{LEFT}\" y=\"{}\" fill=\"#555555\">{}</text>\n",
            40 + 16 * line,
            escape(text)
        ));
    }
    out.push_str(&legend);

    let medians: Vec<f64> = report
        .cells
        .iter()
        .flatten()
        .filter_map(Cell::median)
        .filter(|t| *t > 0.0 && t.is_finite())
        .collect();
    let Some(axis) = Axis::fit(&medians) else {
        out.push_str(&format!(
            "<text x=\"{LEFT}\" y=\"{:.0}\" fill=\"#555555\">no timings</text>\n</svg>\n",
            top + PLOT_HEIGHT / 2.0
        ));
        return out;
    };
    let y = |t: f64| plot_bottom - axis.fraction(t) * PLOT_HEIGHT;

    // Grid: a line at each 1, 2 and 5 of every decade, labelled at the decades.
    for decade in axis.low_decade..=axis.high_decade {
        for step in [1.0, 2.0, 5.0] {
            let t = step * 10f64.powi(decade);
            if !axis.contains(t) {
                continue;
            }
            let (stroke, label) = if step == 1.0 {
                ("#bbbbbb", true)
            } else {
                ("#eeeeee", false)
            };
            out.push_str(&format!(
                "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{y:.1}\" y2=\"{y:.1}\" stroke=\"{stroke}\"/>\n",
                width - RIGHT,
                y = y(t)
            ));
            if label {
                out.push_str(&format!(
                    "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"#333333\">{} s</text>\n",
                    LEFT - 6.0,
                    y(t) + 4.0,
                    decade_label(decade)
                ));
            }
        }
    }
    out.push_str(&format!(
        "<line x1=\"{LEFT}\" x2=\"{:.1}\" y1=\"{plot_bottom:.1}\" y2=\"{plot_bottom:.1}\" stroke=\"#333333\"/>\n",
        width - RIGHT
    ));

    for (p, (program, row)) in report.programs.iter().zip(&report.cells).enumerate() {
        let group_x = LEFT + GROUP_GAP / 2.0 + p as f64 * group_width;
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n",
            group_x + bars * BAR / 2.0,
            plot_bottom + 20.0,
            escape(program)
        ));
        for (c, (column, cell)) in report.columns.iter().zip(row).enumerate() {
            let x = group_x + c as f64 * BAR;
            let centre = x + BAR / 2.0;
            match cell.median() {
                Some(t) if t > 0.0 && t.is_finite() => {
                    let top = y(t);
                    out.push_str(&format!(
                        "<rect x=\"{x:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{:.1}\" \
                         fill=\"{}\"><title>{}</title></rect>\n",
                        BAR - 2.0,
                        plot_bottom - top,
                        colour(&column.name, c),
                        escape(&format!(
                            "{program} on {}: {t:.3} s (median of {})",
                            column.name, report.runs
                        ))
                    ));
                    out.push_str(&vertical_text(
                        centre - 1.0,
                        top - 4.0,
                        &format!("{t:.3}"),
                        "#333333",
                    ));
                }
                _ => out.push_str(&vertical_text(
                    centre - 1.0,
                    plot_bottom - 4.0,
                    &untimed_label(cell),
                    "#999999",
                )),
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

/// The colour key, one entry per implementation, across the top, wrapped to `width`.
/// Returns the SVG and the number of rows it took.
fn legend(report: &Report, width: f64) -> (String, usize) {
    let mut out = String::new();
    let mut x = LEFT;
    let mut row = 0;
    for (c, column) in report.columns.iter().enumerate() {
        let never_timed = report.cells.iter().all(|cells| cells[c].median().is_none());
        let label = if never_timed
            && report
                .cells
                .iter()
                .all(|cells| matches!(cells[c], Cell::NotRunnable(_)))
        {
            format!("{} (not runnable yet)", column.name)
        } else if never_timed {
            format!("{} (no timings)", column.name)
        } else {
            column.name.clone()
        };
        // Roughly 7 px per character at this size; enough to keep entries apart.
        let entry_width = 16.0 + 7.0 * label.chars().count() as f64 + 18.0;
        if x > LEFT && x + entry_width > width - RIGHT {
            row += 1;
            x = LEFT;
        }
        let y = HEADER + LEGEND_ROW * row as f64;
        out.push_str(&format!(
            "<rect x=\"{x:.1}\" y=\"{:.1}\" width=\"12\" height=\"12\" fill=\"{}\"/>\n",
            y - 10.0,
            colour(&column.name, c)
        ));
        out.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{y:.1}\">{}</text>\n",
            x + 16.0,
            escape(&label)
        ));
        x += entry_width;
    }
    (out, row + 1)
}

fn untimed_label(cell: &Cell) -> String {
    match cell {
        Cell::NotRunnable(_) => "not runnable yet".into(),
        Cell::Wrong(_) => "wrong answer".into(),
        Cell::Failed(_) => "failed".into(),
        Cell::NoProgram => "no program".into(),
        Cell::Timed(_) => "no time".into(),
    }
}

fn vertical_text(x: f64, y: f64, text: &str, fill: &str) -> String {
    format!(
        "<text x=\"{x:.1}\" y=\"{y:.1}\" transform=\"rotate(-90 {x:.1} {y:.1})\" \
         font-size=\"10\" fill=\"{fill}\" dominant-baseline=\"middle\">{}</text>\n",
        escape(text)
    )
}

/// `10^decade` written plainly: 0.01, 0.1, 1, 10.
fn decade_label(decade: i32) -> String {
    if decade < 0 {
        format!("{:.*}", (-decade) as usize, 10f64.powi(decade))
    } else {
        format!("{:.0}", 10f64.powi(decade))
    }
}

/// The logarithmic time axis: from the decade at or below the fastest median to a little
/// above the slowest, so its value label fits.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Axis {
    low_decade: i32,
    high_decade: i32,
    low_log: f64,
    high_log: f64,
}

impl Axis {
    fn fit(times: &[f64]) -> Option<Axis> {
        let min = times.iter().copied().reduce(f64::min)?;
        let max = times.iter().copied().reduce(f64::max)?;
        let low_decade = min.log10().floor() as i32;
        let high_log = (max.log10() + HEADROOM_DECADES).max(max.log10().ceil());
        let high_log = high_log.max(f64::from(low_decade) + 1.0);
        Some(Axis {
            low_decade,
            high_decade: high_log.floor() as i32,
            low_log: f64::from(low_decade),
            high_log,
        })
    }

    /// Where `t` sits between the bottom (0) and the top (1) of the plot.
    fn fraction(&self, t: f64) -> f64 {
        ((t.log10() - self.low_log) / (self.high_log - self.low_log)).clamp(0.0, 1.0)
    }

    fn contains(&self, t: f64) -> bool {
        let log = t.log10();
        log >= self.low_log - 1e-9 && log <= self.high_log + 1e-9
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::super::report::tests::sample;
    use super::*;

    #[test]
    fn axis_spans_whole_decades_from_the_fastest_time() {
        let axis = Axis::fit(&[0.012, 0.4, 2.5]).unwrap();
        assert_eq!(axis.low_decade, -2);
        assert_eq!(axis.high_decade, 1);
        assert!(axis.contains(0.01) && axis.contains(10.0) && !axis.contains(100.0));
        assert_eq!(axis.fraction(0.01), 0.0);
        assert!(axis.fraction(2.5) < 1.0, "headroom above the slowest bar");
        assert_eq!(Axis::fit(&[]), None);
    }

    #[test]
    fn one_time_still_gets_a_decade_of_axis() {
        let axis = Axis::fit(&[0.1]).unwrap();
        assert_eq!((axis.low_decade, axis.high_decade), (-1, 0));
    }

    #[test]
    fn decades_are_labelled_plainly() {
        assert_eq!(decade_label(-2), "0.01");
        assert_eq!(decade_label(0), "1");
        assert_eq!(decade_label(1), "10");
    }

    #[test]
    fn chart_has_a_bar_per_timed_pair_and_labels_the_rest() {
        let svg = render_svg(&sample());
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.ends_with("</svg>\n"));
        // Four timed pairs in the sample, each with a tooltip.
        assert_eq!(svg.matches("<title>").count(), 4);
        assert!(svg.contains("<title>fib on lua5.4: 0.110 s (median of 3)</title>"));
        assert!(svg.contains(">not runnable yet</text>"));
        assert!(svg.contains(">wrong answer</text>"));
        for name in ["gene", "lua5.4", "ruby"] {
            assert!(
                svg.contains(&format!(">{name}</text>")),
                "legend lacks {name}"
            );
        }
        assert_eq!(svg.matches("<text").count(), svg.matches("</text>").count());
    }

    #[test]
    fn chart_without_timings_says_so() {
        let mut report = sample();
        for row in &mut report.cells {
            for cell in row.iter_mut() {
                *cell = Cell::NotRunnable("`gene run` is not available yet".into());
            }
        }
        let svg = render_svg(&report);
        assert!(svg.contains(">no timings</text>"));
        assert!(svg.contains("gene (not runnable yet)"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a<b & \"c\">"), "a&lt;b &amp; &quot;c&quot;&gt;");
    }
}
