//! The arithmetic of a benchmark report: medians of repeated runs, the ratio of gene's time
//! to a peer's, and the geometric mean of those ratios (the one mean that treats "twice as
//! fast" and "twice as slow" symmetrically).

/// The median of `values`: the middle value, or the mean of the two middle values when the
/// count is even. `None` for no values; non-finite values are not expected (wall times).
pub fn median(values: &[f64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    Some(if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    })
}

/// How many times longer gene took than the peer: below 1 means gene is faster. `None`
/// when either time is not a positive finite number (there is nothing honest to divide).
pub fn ratio(gene: f64, peer: f64) -> Option<f64> {
    let valid = |t: f64| t.is_finite() && t > 0.0;
    (valid(gene) && valid(peer)).then(|| gene / peer)
}

/// The geometric mean of positive ratios, computed through logarithms so long lists cannot
/// overflow. `None` for an empty list or a value that is not positive and finite.
pub fn geomean(values: &[f64]) -> Option<f64> {
    if values.is_empty() || values.iter().any(|v| !v.is_finite() || *v <= 0.0) {
        return None;
    }
    let mean_log = values.iter().map(|v| v.ln()).sum::<f64>() / values.len() as f64;
    Some(mean_log.exp())
}

/// The exponent k of the power law y ≈ c·xᵏ that best fits the points: the slope of the
/// least-squares line through (ln x, ln y). 1 is linear growth, 2 quadratic. `None` for
/// fewer than two distinct sizes or a value that is not positive and finite.
pub fn growth_exponent(points: &[(f64, f64)]) -> Option<f64> {
    let valid = |v: f64| v.is_finite() && v > 0.0;
    if points.len() < 2 || points.iter().any(|&(x, y)| !valid(x) || !valid(y)) {
        return None;
    }
    let logs: Vec<(f64, f64)> = points.iter().map(|&(x, y)| (x.ln(), y.ln())).collect();
    let n = logs.len() as f64;
    let mean_x = logs.iter().map(|p| p.0).sum::<f64>() / n;
    let mean_y = logs.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = logs.iter().map(|p| (p.0 - mean_x).powi(2)).sum();
    let sxy: f64 = logs.iter().map(|p| (p.0 - mean_x) * (p.1 - mean_y)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// The exponent k of y ≈ a + c·xᵏ, with the constant a (start-up time, the interpreter's
/// own memory) taken out: the growth exponent of the increments between successive points,
/// which are c·(x₂ᵏ − x₁ᵏ) and so grow as xᵏ when the sizes double. Points are sorted by
/// x; `None` unless every increment is positive (noise larger than the growth).
pub fn growth_exponent_above_constant(points: &[(f64, f64)]) -> Option<f64> {
    let increments: Vec<(f64, f64)> = points
        .windows(2)
        .map(|pair| (pair[1].0, pair[1].1 - pair[0].1))
        .collect();
    growth_exponent(&increments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn median_of_odd_count_is_the_middle_value() {
        assert_eq!(median(&[0.3, 0.1, 0.2]), Some(0.2));
        assert_eq!(median(&[5.0]), Some(5.0));
        assert_eq!(median(&[9.0, 1.0, 1.0, 8.0, 2.0]), Some(2.0));
    }

    #[test]
    fn median_of_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[1.0, 2.0]), Some(1.5));
    }

    #[test]
    fn median_of_nothing_is_none() {
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn ratio_divides_gene_by_peer() {
        assert_eq!(ratio(0.5, 0.25), Some(2.0));
        assert_eq!(ratio(0.1, 0.4), Some(0.25));
        assert_eq!(ratio(0.1, 0.0), None);
        assert_eq!(ratio(0.0, 0.1), None);
        assert_eq!(ratio(f64::NAN, 0.1), None);
    }

    #[test]
    fn geomean_is_symmetric_in_speedups_and_slowdowns() {
        assert!(close(geomean(&[2.0, 0.5]).unwrap(), 1.0));
        assert!(close(geomean(&[4.0]).unwrap(), 4.0));
        assert!(close(geomean(&[1.0, 4.0, 16.0]).unwrap(), 4.0));
    }

    #[test]
    fn geomean_refuses_empty_and_non_positive_input() {
        assert_eq!(geomean(&[]), None);
        assert_eq!(geomean(&[1.0, 0.0]), None);
        assert_eq!(geomean(&[1.0, -2.0]), None);
        assert_eq!(geomean(&[f64::INFINITY]), None);
    }

    #[test]
    fn growth_exponent_recovers_power_laws() {
        let law = |k: f64| -> Vec<(f64, f64)> {
            [1000.0, 2000.0, 4000.0, 8000.0]
                .iter()
                .map(|&x: &f64| (x, 0.003 * x.powf(k)))
                .collect()
        };
        assert!((growth_exponent(&law(1.0)).unwrap() - 1.0).abs() < 1e-9);
        assert!((growth_exponent(&law(2.0)).unwrap() - 2.0).abs() < 1e-9);
        assert!(growth_exponent(&law(0.0)).unwrap().abs() < 1e-9);
    }

    #[test]
    fn growth_exponent_is_the_least_squares_slope_of_noisy_points() {
        // ln-ln points (0, 0), (1, 1.2), (2, 1.8): slope 0.9.
        let e = std::f64::consts::E;
        let points = [(1.0, 1.0), (e, 1.2f64.exp()), (e * e, 1.8f64.exp())];
        assert!((growth_exponent(&points).unwrap() - 0.9).abs() < 1e-9);
    }

    #[test]
    fn growth_exponent_needs_two_sizes_and_positive_values() {
        assert_eq!(growth_exponent(&[(10.0, 1.0)]), None);
        assert_eq!(growth_exponent(&[(10.0, 1.0), (10.0, 2.0)]), None);
        assert_eq!(growth_exponent(&[(10.0, 1.0), (20.0, 0.0)]), None);
        assert_eq!(growth_exponent(&[]), None);
    }

    #[test]
    fn a_constant_is_taken_out_of_the_growth() {
        let sizes = [1000.0, 2000.0, 4000.0, 8000.0];
        let linear: Vec<(f64, f64)> = sizes.iter().map(|&x| (x, 10.0 + 0.001 * x)).collect();
        assert!(growth_exponent(&linear).unwrap() < 0.5);
        assert!((growth_exponent_above_constant(&linear).unwrap() - 1.0).abs() < 1e-9);
        let quadratic: Vec<(f64, f64)> = sizes.iter().map(|&x| (x, 5.0 + 1e-6 * x * x)).collect();
        assert!((growth_exponent_above_constant(&quadratic).unwrap() - 2.0).abs() < 1e-9);
        let noisy = [(1000.0, 1.0), (2000.0, 0.9), (4000.0, 1.1)];
        assert_eq!(growth_exponent_above_constant(&noisy), None);
    }
}
