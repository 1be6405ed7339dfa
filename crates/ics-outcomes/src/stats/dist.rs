//! Quantiles of the normal, chi-square and Student t distributions, in `f64`.
//!
//! These are the transcendental parts of the indicator statistics, so they are computed in
//! binary floating point (the exactness rule of the crate covers thresholds, targets, weights
//! and money, not confidence limits). Each quantile starts from a closed-form approximation and
//! is polished by Newton steps on the regularised incomplete gamma or beta function from
//! [`statrs`], which agree with R's `qnorm`, `qchisq` and `qt` to about 1e-14 relative.

use statrs::function::{beta, erf, gamma};

/// Standard normal quantile `Φ⁻¹(p)` (R `qnorm(p)`); NaN outside `[0, 1]`.
///
/// ```
/// use ics_outcomes::stats::dist::normal_quantile;
/// assert!((normal_quantile(0.975) - 1.959963984540054).abs() < 1e-15);
/// ```
pub fn normal_quantile(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    -std::f64::consts::SQRT_2 * erf::erfc_inv(2.0 * p)
}

/// Chi-square quantile with `df` degrees of freedom at lower-tail probability `p`
/// (R `qchisq(p, df)`), with `qchisq(p, 0) = 0`.
///
/// ```
/// use ics_outcomes::stats::dist::chi_square_quantile;
/// // The exact Poisson upper 95% limit for one event is qchisq(0.975, 4) / 2.
/// assert!((chi_square_quantile(0.975, 4.0) / 2.0 - 5.571643390938899).abs() < 1e-12);
/// ```
pub fn chi_square_quantile(p: f64, df: f64) -> f64 {
    if df.is_nan() || p.is_nan() || df < 0.0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if df == 0.0 || p == 0.0 {
        return 0.0;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    2.0 * gamma_quantile(p, df / 2.0)
}

/// Quantile of the unit-scale gamma distribution with shape `a > 0`, for `0 < p < 1`.
fn gamma_quantile(p: f64, a: f64) -> f64 {
    // Wilson–Hilferty start, clamped to the positive half-line.
    let z = normal_quantile(p);
    let c = 1.0 / (9.0 * a);
    let mut y = (a * (1.0 - c + z * c.sqrt()).powi(3)).max(1e-300);
    if y < 1e-3 * a.max(1.0) {
        // Deep lower tail: invert P(a, y) ≈ y^a / Γ(a + 1).
        y = ((p.ln() + gamma::ln_gamma(a + 1.0)) / a).exp();
    }
    let ln_gamma_a = gamma::ln_gamma(a);
    let upper = p > 0.5;
    let target = if upper { 1.0 - p } else { p };
    let (mut lo, mut hi) = (0.0_f64, f64::INFINITY);
    for _ in 0..100 {
        let cdf = if upper { gamma::gamma_ur(a, y) } else { gamma::gamma_lr(a, y) };
        let diff = cdf - target;
        // Keep a bracket so that a wild Newton step falls back to bisection.
        let too_high = if upper { diff < 0.0 } else { diff > 0.0 };
        if too_high {
            hi = hi.min(y);
        } else {
            lo = lo.max(y);
        }
        let density = ((a - 1.0) * y.ln() - y - ln_gamma_a).exp();
        let step = if upper { -diff / density } else { diff / density };
        let mut next = y - step;
        if !(next > lo && next < hi && next.is_finite()) {
            next = if hi.is_finite() { 0.5 * (lo + hi) } else { 2.0 * y.max(lo) };
        }
        if (next - y).abs() <= 1e-15 * y {
            return next;
        }
        y = next;
    }
    y
}

/// Student t quantile with `df` degrees of freedom (R `qt(p, df)`); NaN when `df <= 0`.
///
/// ```
/// use ics_outcomes::stats::dist::t_quantile;
/// assert!((t_quantile(0.975, 7.0) - 2.364624251592785).abs() < 1e-13);
/// ```
pub fn t_quantile(p: f64, df: f64) -> f64 {
    if df.is_nan() || p.is_nan() || df <= 0.0 || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.5 {
        return 0.0;
    }
    if p == 0.0 || p == 1.0 {
        return if p == 0.0 { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    // Solve on the upper tail of |t| for accuracy, then restore the sign.
    let (q, sign) = if p > 0.5 { (1.0 - p, 1.0) } else { (p, -1.0) };
    if df == 1.0 {
        return sign * (std::f64::consts::PI * (0.5 - q)).tan();
    }
    if df == 2.0 {
        return sign * (1.0 - 2.0 * q) / (2.0 * q * (1.0 - q)).sqrt();
    }
    // Start from the normal quantile with a Cornish–Fisher correction.
    let z = -normal_quantile(q);
    let g1 = (z.powi(3) + z) / 4.0;
    let g2 = (5.0 * z.powi(5) + 16.0 * z.powi(3) + 3.0 * z) / 96.0;
    let mut t = (z + g1 / df + g2 / (df * df)).max(1e-8);
    let ln_norm =
        gamma::ln_gamma((df + 1.0) / 2.0) - gamma::ln_gamma(df / 2.0) - 0.5 * (df * std::f64::consts::PI).ln();
    let (mut lo, mut hi) = (0.0_f64, f64::INFINITY);
    for _ in 0..100 {
        let tail = 0.5 * beta::beta_reg(df / 2.0, 0.5, df / (df + t * t));
        let diff = tail - q;
        if diff > 0.0 {
            lo = lo.max(t);
        } else {
            hi = hi.min(t);
        }
        let density = (ln_norm - (df + 1.0) / 2.0 * (1.0 + t * t / df).ln()).exp();
        let mut next = t + diff / density;
        if !(next > lo && next < hi && next.is_finite()) {
            next = if hi.is_finite() { 0.5 * (lo + hi) } else { 2.0 * t.max(lo) };
        }
        if (next - t).abs() <= 1e-15 * t {
            return sign * next;
        }
        t = next;
    }
    sign * t
}

/// Two-sided normal critical value for a confidence level: `Φ⁻¹((1 + c) / 2)`.
pub fn z_for(confidence: f64) -> f64 {
    normal_quantile((1.0 + confidence) / 2.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-13 * b.abs()
    }

    #[test]
    fn chi_square_matches_closed_form_for_two_degrees_of_freedom() {
        // With df = 2 the chi-square is exponential: qchisq(p, 2) = -2 ln(1 - p).
        for p in [1e-6_f64, 0.001, 0.025, 0.3, 0.5, 0.975, 0.999, 1.0 - 1e-9] {
            assert!(close(chi_square_quantile(p, 2.0), -2.0 * (-p).ln_1p()), "p = {p}");
        }
    }

    #[test]
    fn t_matches_closed_form_for_four_degrees_of_freedom() {
        // Closed form for df = 4 (Hill 1970).
        for p in [0.0005_f64, 0.001, 0.025, 0.2, 0.8, 0.975, 0.999] {
            let alpha = 4.0 * p * (1.0 - p);
            let q = (alpha.sqrt().acos() / 3.0).cos() / alpha.sqrt();
            let expected = (p - 0.5).signum() * 2.0 * (q - 1.0).sqrt();
            assert!(close(t_quantile(p, 4.0), expected), "p = {p}");
        }
    }

    #[test]
    fn normal_matches_the_documented_critical_values() {
        assert!(close(z_for(0.95), 1.959963984540054));
        assert!(close(z_for(0.998), 3.090232306167813));
    }
}
