//! Conditions are compiled as jumps (`&&`, `||` and `!` branch instead of making booleans,
//! comparisons fuse into their jumps), while the same expression as a value is computed.
//! Generated conditions over truthy, falsy and NaN operands must take the same branch as
//! the truth of their value, in `if`, `ifel` and `while`.

mod common;

use common::prints;

/// A small deterministic generator, so a failure names the same program every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

const LOGIC: &[&str] = &["&&", "||"];
const COMPARISONS: &[&str] = &["<", ">", "<=", ">=", "==", "!="];
const TRUTHS: &[&str] = &["a", "b", "c"];
const NUMBERS: &[&str] = &["x", "y", "1", "2.5"];

fn condition(rng: &mut Lcg, depth: u32) -> String {
    let roll = rng.below(100);
    if depth == 0 || roll < 25 {
        return rng.pick(TRUTHS).to_string();
    }
    match roll {
        25..=39 => format!("(! {})", condition(rng, depth - 1)),
        40..=59 => format!(
            "({} {} {})",
            rng.pick(NUMBERS),
            rng.pick(COMPARISONS),
            rng.pick(NUMBERS)
        ),
        60..=64 => format!(
            "({} {} {})",
            rng.pick(COMPARISONS),
            rng.pick(NUMBERS),
            rng.pick(NUMBERS)
        ),
        65..=74 => format!(
            "({} {} {} {} {})",
            condition(rng, depth - 1),
            rng.pick(LOGIC),
            condition(rng, depth - 1),
            rng.pick(LOGIC),
            condition(rng, depth - 1)
        ),
        75..=84 => format!(
            "({} {} {})",
            rng.pick(LOGIC),
            condition(rng, depth - 1),
            condition(rng, depth - 1)
        ),
        _ => format!(
            "({} {} {})",
            condition(rng, depth - 1),
            rng.pick(LOGIC),
            condition(rng, depth - 1)
        ),
    }
}

#[test]
fn conditions_branch_as_their_values_are_truthy() {
    let mut rng = Lcg(7);
    let mut program = String::from("(var mismatches 0)\n");
    // Under gc-stress every safepoint collects, which makes each check a hundred times
    // slower; a few conditions there still exercise the jumps' registers being rooted.
    let conditions = if cfg!(feature = "gc-stress") { 8 } else { 120 };
    for _ in 0..conditions {
        let c = condition(&mut rng, 3);
        program.push_str(&format!(
            "(fn check [a b c x y]
               (var v {c})
               (var n 0)
               (while ({c} && (n < 1)) (n += 1))
               (var got [(if {c} true else false) (ifel {c} true false) (n == 1)])
               (if (got != [(if v true else false) (if v true else false) (if v true else false)])
                 (println \"{c}\" a b c x y got)
                 (mismatches += 1)))
             (for a in [0 1 nil true] (for b in [false 2.5 \"\"] (for c in [true nil]
               (for x in [1 2.5 (0.0 / 0.0)] (for y in [2 -3] (check a b c x y))))))\n"
        ));
    }
    program.push_str("(println \"mismatches:\" mismatches)");
    prints(&program, "mismatches: 0\n");
}
