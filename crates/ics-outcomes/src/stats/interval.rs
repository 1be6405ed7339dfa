//! The primitive intervals every statistic is built from: Wilson for proportions, Byar's and
//! the exact Poisson interval for counts.

use super::dist::chi_square_quantile;

/// Wilson score interval for `x` successes out of `n`, at critical value `z`, as fractions.
///
/// `x` need not be an integer. With `z` infinite (confidence 1) the interval is `[0, 1]`.
///
/// ```
/// use ics_outcomes::stats::{dist::z_for, interval::wilson};
/// let (lower, upper) = wilson(65.0, 100.0, z_for(0.95));
/// assert!((lower - 0.5525444329688797).abs() < 1e-15);
/// assert!((upper - 0.7363575175690247).abs() < 1e-15);
/// ```
pub fn wilson(x: f64, n: f64, z: f64) -> (f64, f64) {
    if z.is_infinite() {
        return (0.0, 1.0);
    }
    let z2 = z * z;
    let centre = 2.0 * x + z2;
    let spread = z * (z2 + 4.0 * x * (1.0 - x / n)).sqrt();
    let scale = 2.0 * (n + z2);
    if centre.is_finite() && spread.is_finite() && scale.is_finite() {
        return ((centre - spread) / scale, (centre + spread) / scale);
    }
    // Counts near f64's limit (n = 1e308) overflow the terms above; the same formula divided
    // through by n does not. The package's own form is kept wherever it is finite, so results
    // match R's to the bit there.
    let (p, zn) = (x / n, z2 / n);
    let spread = z * (zn / n + 4.0 * p * (1.0 - p) / n).sqrt();
    let scale = 2.0 * (1.0 + zn);
    ((2.0 * p + zn - spread) / scale, (2.0 * p + zn + spread) / scale)
}

/// Byar's approximate lower limit for a Poisson count `o`, before the package's clipping:
/// `o (1 − 1/(9o) − z/(3√o))³` (negative for very small counts).
pub fn byars_lower_raw(o: f64, z: f64) -> f64 {
    o * (1.0 - 1.0 / (9.0 * o) - z / (3.0 * o.sqrt())).powi(3)
}

/// Byar's lower limit, missing (`NaN`) where the formula goes negative, as the package does.
pub fn byars_lower(o: f64, z: f64) -> f64 {
    let lower = byars_lower_raw(o, z);
    if lower < 0.0 { f64::NAN } else { lower }
}

/// Byar's approximate upper limit for a Poisson count `o`.
pub fn byars_upper(o: f64, z: f64) -> f64 {
    let o1 = o + 1.0;
    o1 * (1.0 - 1.0 / (9.0 * o1) + z / (3.0 * o1.sqrt())).powi(3)
}

/// Exact Poisson limits for a count `o` at confidence `c`, from the chi-square quantiles:
/// `χ²((1−c)/2; 2o)/2` and `χ²((1+c)/2; 2o+2)/2` (the lower is 0 for `o = 0`).
pub fn exact_poisson(o: f64, c: f64) -> (f64, f64) {
    (chi_square_quantile((1.0 - c) / 2.0, 2.0 * o) / 2.0, chi_square_quantile((1.0 + c) / 2.0, 2.0 * o + 2.0) / 2.0)
}

/// How a Poisson interval was computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoissonMethod {
    /// Chi-square limits, used below 10 events.
    Exact,
    /// Byar's approximation, used from 10 events.
    Byars,
}

impl PoissonMethod {
    /// The package's `method` label.
    pub fn label(self) -> &'static str {
        match self {
            PoissonMethod::Exact => "Exact",
            PoissonMethod::Byars => "Byars",
        }
    }

    /// Exact below 10 events, Byar's from 10 (missing counts have no method).
    pub fn for_count(o: f64) -> Option<Self> {
        if o.is_nan() {
            None
        } else if o < 10.0 {
            Some(PoissonMethod::Exact)
        } else {
            Some(PoissonMethod::Byars)
        }
    }
}

/// Poisson limits for count `o`: exact below 10 events, Byar's from 10.
pub fn poisson(o: f64, c: f64, z: f64) -> (f64, f64) {
    match PoissonMethod::for_count(o) {
        Some(PoissonMethod::Exact) => exact_poisson(o, c),
        Some(PoissonMethod::Byars) => (byars_lower(o, z), byars_upper(o, z)),
        None => (f64::NAN, f64::NAN),
    }
}
