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
    let (centre, spread, scale) = wilson_terms(x, n, z, z2);
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

/// The centre, spread and scale of the package's form of the Wilson interval:
/// `(centre ∓ spread) / scale`, with `z2 = z²`.
#[inline(always)]
fn wilson_terms(x: f64, n: f64, z: f64, z2: f64) -> (f64, f64, f64) {
    (2.0 * x + z2, z * (z2 + 4.0 * x * (1.0 - x / n)).sqrt(), 2.0 * (n + z2))
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

/// Rows a thread takes at least: below this, starting a second thread costs more than it saves.
const ROWS_PER_THREAD: usize = 1 << 15;

/// Wilson limits of each row of `x` out of `n`, times `multiplier`, split across threads for
/// long columns. Each row is exactly [`wilson`]`(x, n, z)` times `multiplier`: the common case
/// runs as one branch-free loop the compiler vectorises, and the rare rows that need
/// [`wilson`]'s overflow path (or are missing) are redone by it.
///
/// ```
/// use ics_outcomes::stats::{dist::z_for, interval::{wilson, wilson_limits}};
/// let (lower, upper) = wilson_limits(&[65.0, f64::NAN], &[100.0, 10.0], z_for(0.95), 100.0);
/// assert_eq!(lower[0], wilson(65.0, 100.0, z_for(0.95)).0 * 100.0);
/// assert!(upper[1].is_nan());
/// ```
pub fn wilson_limits(x: &[f64], n: &[f64], z: f64, multiplier: f64) -> (Vec<f64>, Vec<f64>) {
    let rows = x.len().min(n.len());
    let (mut lower, mut upper) = (vec![0.0; rows], vec![0.0; rows]);
    let (z2, m) = (z * z, multiplier);
    crate::threads::fill_pair(&mut lower, &mut upper, ROWS_PER_THREAD, |first, lower, upper| {
        let (x, n) = (&x[first..first + lower.len()], &n[first..first + lower.len()]);
        let mut overflow = z.is_infinite();
        for (((l, u), &x), &n) in lower.iter_mut().zip(upper.iter_mut()).zip(x).zip(n) {
            let (centre, spread, scale) = wilson_terms(x, n, z, z2);
            // A sum is finite only if every term is: one test for the three of [`wilson`].
            overflow |= !(centre + spread + scale).is_finite();
            *l = (centre - spread) / scale * m;
            *u = (centre + spread) / scale * m;
        }
        if overflow {
            for (((l, u), &x), &n) in lower.iter_mut().zip(upper.iter_mut()).zip(x).zip(n) {
                let (centre, spread, scale) = wilson_terms(x, n, z, z2);
                if z.is_infinite() || !(centre.is_finite() && spread.is_finite() && scale.is_finite()) {
                    let (a, b) = wilson(x, n, z);
                    (*l, *u) = (a * m, b * m);
                }
            }
        }
    });
    (lower, upper)
}

/// Poisson limits of each count of `x` (exact below 10 events, Byar's from 10, as
/// [`poisson`]), split across threads for long columns.
pub fn poisson_limits(x: &[f64], c: f64, z: f64) -> (Vec<f64>, Vec<f64>) {
    count_limits(x, Some(c), z, |_, limit| limit)
}

/// Byar's limits of each count of `x`, small counts included (as [`byars_lower`] and
/// [`byars_upper`]), split across threads for long columns.
pub fn byars_limits(x: &[f64], z: f64) -> (Vec<f64>, Vec<f64>) {
    count_limits(x, None, z, |_, limit| limit)
}

/// Poisson limits of each count of `x` as rates: each limit `/ n * multiplier`, as `phe_rate`
/// gives them.
pub fn poisson_rate_limits(x: &[f64], n: &[f64], c: f64, z: f64, multiplier: f64) -> (Vec<f64>, Vec<f64>) {
    let x = &x[..x.len().min(n.len())];
    count_limits(x, Some(c), z, |row, limit| limit / n[row] * multiplier)
}

/// Byar's limits of every row, then `scale(row, limit)`, as one branch-free loop the
/// compiler vectorises. With a confidence `exact`, the rows below 10 events (or missing) are
/// then redone as [`poisson`] does, the exact limits of the whole counts 0 to 9 computed once
/// each, and only when some row needs them: a chi-square quantile per row was most of the
/// time.
fn count_limits(
    x: &[f64],
    exact: Option<f64>,
    z: f64,
    scale: impl Fn(usize, f64) -> f64 + Sync,
) -> (Vec<f64>, Vec<f64>) {
    let small = std::sync::OnceLock::<[(f64, f64); 10]>::new();
    let (mut lower, mut upper) = (vec![0.0; x.len()], vec![0.0; x.len()]);
    crate::threads::fill_pair(&mut lower, &mut upper, ROWS_PER_THREAD, |first, lower, upper| {
        let x = &x[first..first + lower.len()];
        let mut few = false;
        for (i, ((l, u), &o)) in lower.iter_mut().zip(upper.iter_mut()).zip(x).enumerate() {
            few |= (o < 10.0) | o.is_nan();
            (*l, *u) = (scale(first + i, byars_lower(o, z)), scale(first + i, byars_upper(o, z)));
        }
        let Some(c) = exact.filter(|_| few) else { return };
        let small = small.get_or_init(|| std::array::from_fn(|o| exact_poisson(o as f64, c)));
        for (i, ((l, u), &o)) in lower.iter_mut().zip(upper.iter_mut()).zip(x).enumerate() {
            let (a, b) = match PoissonMethod::for_count(o) {
                Some(PoissonMethod::Byars) => continue,
                // `o` is a whole number in 0..10 here, so the cast is exact.
                Some(PoissonMethod::Exact) if o >= 0.0 && o.fract() == 0.0 => small[o as usize],
                _ => poisson(o, c, z),
            };
            (*l, *u) = (scale(first + i, a), scale(first + i, b));
        }
    });
    (lower, upper)
}

/// `x / n * multiplier` for each row, split across threads for long columns.
pub fn ratios(x: &[f64], n: &[f64], multiplier: f64) -> Vec<f64> {
    let mut out = vec![0.0; x.len().min(n.len())];
    crate::threads::fill(&mut out, ROWS_PER_THREAD, |first, out| {
        for ((v, &x), &n) in out.iter_mut().zip(&x[first..]).zip(&n[first..]) {
            *v = x / n * multiplier;
        }
    });
    out
}
