//! Quantiles of the normal, chi-square and Student t distributions, in `f64`.
//!
//! These are the transcendental parts of the indicator statistics, so they are computed in
//! binary floating point (the exactness rule of the crate covers thresholds, targets, weights
//! and money, not confidence limits). The normal quantile is R's own algorithm (AS 241); the
//! chi-square and t quantiles start from closed-form approximations and are polished by
//! Newton steps on the regularised incomplete gamma and beta functions of [`statrs`], which
//! agree with R's `qchisq` and `qt` to about 1e-14 relative.

use statrs::function::{beta, gamma};

/// Standard normal quantile `Φ⁻¹(p)` (R `qnorm(p)`); NaN outside `[0, 1]`.
///
/// Wichura's algorithm AS 241 (Applied Statistics 37, 1988), evaluated in the same order as
/// R's `qnorm`, so the two agree to the last bit: funnel limits and Wilson intervals cancel
/// terms, and a z two ulps off shows in their 14th digit.
///
/// ```
/// use ics_outcomes::stats::dist::normal_quantile;
/// assert_eq!(normal_quantile(0.975), 1.9599639845400536);
/// ```
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p == 0.0 || p == 1.0 {
        return if p == 0.0 { f64::NEG_INFINITY } else { f64::INFINITY };
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * horner(&as241::A, r) / horner(&as241::B, r);
    }
    let tail = if q < 0.0 { p } else { 0.5 - p + 0.5 };
    let r = (-tail.ln()).sqrt();
    let value = if r <= 5.0 {
        let r = r - 1.6;
        horner(&as241::C, r) / horner(&as241::D, r)
    } else {
        let r = r - 5.0;
        horner(&as241::E, r) / horner(&as241::F, r)
    };
    if q < 0.0 { -value } else { value }
}

/// `c[7] r⁷ + … + c[0]`, nested from the highest power as R writes it.
fn horner(c: &[f64; 8], r: f64) -> f64 {
    c.iter().rev().skip(1).fold(c[7], |acc, &k| acc * r + k)
}

/// The coefficients of AS 241 (PPND16), lowest power first, written as published.
#[allow(clippy::excessive_precision)]
mod as241 {
    pub(super) const A: [f64; 8] = [
        3.387132872796366608,
        133.14166789178437745,
        1971.5909503065514427,
        13731.693765509461125,
        45921.953931549871457,
        67265.770927008700853,
        33430.575583588128105,
        2509.0809287301226727,
    ];
    pub(super) const B: [f64; 8] = [
        1.0,
        42.313330701600911252,
        687.1870074920579083,
        5394.1960214247511077,
        21213.794301586595867,
        39307.89580009271061,
        28729.085735721942674,
        5226.495278852854561,
    ];
    pub(super) const C: [f64; 8] = [
        1.42343711074968357734,
        4.6303378461565452959,
        5.7694972214606914055,
        3.64784832476320460504,
        1.27045825245236838258,
        0.24178072517745061177,
        0.0227238449892691845833,
        7.7454501427834140764e-4,
    ];
    pub(super) const D: [f64; 8] = [
        1.0,
        2.05319162663775882187,
        1.6763848301838038494,
        0.68976733498510000455,
        0.14810397642748007459,
        0.0151986665636164571966,
        5.475938084995344946e-4,
        1.05075007164441684324e-9,
    ];
    pub(super) const E: [f64; 8] = [
        6.6579046435011037772,
        5.4637849111641143699,
        1.7848265399172913358,
        0.29656057182850489123,
        0.026532189526576123093,
        0.0012426609473880784386,
        2.71155556874348757815e-5,
        2.01033439929228813265e-7,
    ];
    pub(super) const F: [f64; 8] = [
        1.0,
        0.59983220655588793769,
        0.13692988092273580531,
        0.0148753612908506148525,
        7.868691311456132591e-4,
        1.8463183175100546818e-5,
        1.4215117583164458887e-7,
        2.04426310338993978564e-15,
    ];
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
        // A quantile below the smallest double (tiny shapes deep in the lower tail, such as
        // exact Poisson limits at expected counts near 0) is 0; statrs refuses y = 0.
        if y <= 0.0 {
            return 0.0;
        }
        let cdf = if upper { gamma::checked_gamma_ur(a, y) } else { gamma::checked_gamma_lr(a, y) };
        let Ok(cdf) = cdf else { return f64::NAN };
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
    fn chi_square_quantiles_below_the_smallest_double_are_zero() {
        // qchisq(0.025, 0.008) is about 1e-400 in R, which prints 0.
        assert_eq!(chi_square_quantile(0.025, 0.008), 0.0);
        assert!(chi_square_quantile(0.975, 0.008) > 0.0);
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
