//! "Did you mean …?": the name a misspelt one most likely stands for. Shared by the
//! compiler (locals it can see where an unknown name is read) and the VM (globals and
//! built-ins when the read fails), so both suggest by the same rule.

/// The candidate closest to `name`, if one is close enough to be a likely typo: none for
/// names of one or two characters (every short name is a near miss of them), at most one
/// edit up to 4 characters, two up to 8, three beyond (an edit inserts,
/// deletes or replaces a character, or swaps two neighbours). Case differences alone
/// count as one edit. Ties go to the candidate seen first; `name` itself is never
/// suggested.
///
/// ```
/// use gene_compiler::near_miss::closest;
/// assert_eq!(closest("gret", ["greet", "get", "print"]), Some("greet"));
/// assert_eq!(closest("lenght", ["length", "size"]), Some("length"));
/// assert_eq!(closest("x", ["y", "abc"]), None);
/// assert_eq!(closest("banana", ["print", "apple"]), None);
/// ```
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let target: Vec<char> = name.chars().collect();
    let limit = match target.len() {
        0..=2 => return None,
        3..=4 => 1,
        5..=8 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        if candidate == name {
            continue;
        }
        let chars: Vec<char> = candidate.chars().collect();
        // Lengths further apart than the limit cannot be within it.
        if chars.len().abs_diff(target.len()) > limit {
            continue;
        }
        let distance = edit_distance(&target, &chars);
        let better = best.is_none_or(|(so_far, _)| distance < so_far);
        if distance <= limit && better {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, candidate)| candidate)
}

/// The optimal-string-alignment distance: Levenshtein plus swaps of adjacent characters,
/// with a case-only difference costing one.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    if a == b {
        return 0;
    }
    if a.is_empty() || b.is_empty() {
        return a.len().max(b.len());
    }
    if a.iter()
        .map(char::to_ascii_lowercase)
        .eq(b.iter().map(char::to_ascii_lowercase))
    {
        return 1;
    }
    let width = b.len() + 1;
    // Three rows: the one before last (for swaps), the last, the current.
    let mut rows = vec![0usize; 3 * width];
    for (j, cell) in rows[width..2 * width].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        rows.copy_within(width..3 * width, 0);
        rows[2 * width] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (rows[width + j] + 1)
                .min(rows[2 * width + j - 1] + 1)
                .min(rows[width + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[j - 2] + 1);
            }
            rows[2 * width + j] = best;
        }
    }
    rows[2 * width + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn distance(a: &str, b: &str) -> usize {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        edit_distance(&a, &b)
    }

    #[test]
    fn distances_count_inserts_deletes_replacements_and_swaps() {
        assert_eq!(distance("greet", "greet"), 0);
        assert_eq!(distance("gret", "greet"), 1);
        assert_eq!(distance("greeet", "greet"), 1);
        assert_eq!(distance("grept", "greet"), 1);
        assert_eq!(distance("gerat", "great"), 1);
        assert_eq!(distance("Greet", "greet"), 1);
        assert_eq!(distance("", "abc"), 3);
        assert_eq!(distance("kitten", "sitting"), 3);
        assert_eq!(distance("größe", "grösse"), 2);
    }

    #[test]
    fn suggestions_need_a_close_candidate_and_prefer_the_closest() {
        assert_eq!(closest("prnt", ["print", "println"]), Some("print"));
        assert_eq!(closest("printn", ["print", "println"]), Some("print"));
        assert_eq!(closest("pritnln", ["print", "println"]), Some("println"));
        assert_eq!(closest("count", ["count"]), None);
        assert_eq!(closest("", ["a"]), None);
        assert_eq!(closest("ab", ["xy", "a", "abc"]), None);
        assert_eq!(closest("abd", ["abc"]), Some("abc"));
        assert_eq!(
            closest("calculate_total", ["calculate_totl"]),
            Some("calculate_totl")
        );
    }
}
