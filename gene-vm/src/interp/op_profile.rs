//! `gene run --profile-ops`: how often each instruction ran, and each pair of instructions
//! in a row, to choose super-instructions from evidence (as starlark-rust does).
//!
//! Counting is compiled in only with the `profile-ops` feature (`cargo build --release -p
//! gene-cli --features profile-ops`), so the interpreter everyone runs pays nothing for it.
//! Measured (callgrind): a branch on a run-time flag per instruction, or a second copy of
//! the interpreter loop chosen once per entry (a const generic), each cost programs that do
//! not profile 2–4% of their instructions.

use gene_compiler::isa::Op;

/// Instruction counts of a profiled run.
// Without the feature nothing counts, but a VM can still be asked for its (empty) report.
#[cfg_attr(not(feature = "profile-ops"), allow(dead_code))]
pub(crate) struct OpProfile {
    counts: Vec<u64>,
    /// `pairs[previous * OPS + next]`.
    pairs: Vec<u64>,
    previous: Option<u8>,
}

/// Opcodes are bytes.
const OPS: usize = 256;

impl OpProfile {
    pub(crate) fn new() -> OpProfile {
        OpProfile {
            counts: vec![0; OPS],
            pairs: vec![0; OPS * OPS],
            previous: None,
        }
    }

    #[cfg_attr(not(feature = "profile-ops"), allow(dead_code))]
    #[inline(always)]
    pub(crate) fn count(&mut self, op: Op) {
        let code = op as u8;
        self.counts[usize::from(code)] += 1;
        if let Some(previous) = self.previous {
            self.pairs[usize::from(previous) * OPS + usize::from(code)] += 1;
        }
        self.previous = Some(code);
    }

    /// The counts as a table: every instruction that ran, most frequent first, with its
    /// share, then the `pairs` most frequent pairs.
    pub(crate) fn report(&self, pairs: usize) -> String {
        let total: u64 = self.counts.iter().sum();
        let name = |code: usize| {
            Op::ALL
                .iter()
                .find(|op| **op as usize == code)
                .map_or("?", |op| op.name())
        };
        let share = |n: u64| 100.0 * n as f64 / total.max(1) as f64;
        let mut out = format!(
            "instructions run: {total}\n\n{:>14}  {:>6}  instruction\n",
            "count", "%"
        );
        let mut ops: Vec<(usize, u64)> = (0..OPS)
            .map(|code| (code, self.counts[code]))
            .filter(|&(_, n)| n > 0)
            .collect();
        ops.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (code, n) in ops {
            out.push_str(&format!("{n:>14}  {:>6.2}  {}\n", share(n), name(code)));
        }
        let mut seen: Vec<(usize, u64)> = self
            .pairs
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .map(|(index, &n)| (index, n))
            .collect();
        seen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        out.push_str(&format!(
            "\n{:>14}  {:>6}  pair (first, then second)\n",
            "count", "%"
        ));
        for (index, n) in seen.into_iter().take(pairs) {
            out.push_str(&format!(
                "{n:>14}  {:>6.2}  {} → {}\n",
                share(n),
                name(index / OPS),
                name(index % OPS)
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_instructions_and_the_pairs_they_make() {
        let mut profile = OpProfile::new();
        for op in [Op::Move, Op::Jump, Op::Move, Op::Jump, Op::Move] {
            profile.count(op);
        }
        let report = profile.report(10);
        assert!(report.starts_with("instructions run: 5\n"), "{report}");
        let lines: Vec<&str> = report.lines().map(str::trim).collect();
        assert!(lines.contains(&"3   60.00  Move"), "{report}");
        assert!(lines.contains(&"2   40.00  Jump"), "{report}");
        assert!(lines.contains(&"2   40.00  Move → Jump"), "{report}");
        assert!(lines.contains(&"2   40.00  Jump → Move"), "{report}");
    }
}
