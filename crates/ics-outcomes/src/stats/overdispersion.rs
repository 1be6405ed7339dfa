//! Funnel plots with overdispersion, as the R package FunnelPlotR 0.6.0 (NHS-R Community)
//! draws them: proportions, indirectly standardised ratios and rates, each unit compared
//! with control limits around the overall target that widen as its denominator shrinks.
//!
//! With today's volumes the plain (binomial or Poisson) limits flag almost every provider,
//! because real units vary more than chance allows. Spiegelhalter (2005) adds a
//! between-unit variance τ² to each unit's sampling variance on a transformed scale, with τ²
//! estimated by DerSimonian and Laird from z-scores winsorised (or, under the SHMI recipe,
//! truncated) so that the outliers being looked for do not inflate it.
//!
//! # Method, as the package computes it
//!
//! Records are summed by group (groups in sorted order). Each unit has a value `Y` on a
//! transformed scale, its target `t`, and a standard error `s_z`:
//!
//! | data | `Y` | target | `s_z` | limits' `s` at `x` |
//! | --- | --- | --- | --- | --- |
//! | proportion | `asin(√p)` | `asin(√(ΣO/ΣD))` | `1/(2√n)` | `1/(2√x)` |
//! | ratio, SHMI | `log(O/E)` | 0 | `1/√E` | `√(1/x)` |
//! | ratio, CQC | `√(O/E)` | 1 | `1/(2√E)` | `1/(2√x)` |
//! | rate | `log((O+½)/(D+½))` | `log(ΣO/ΣD)` | `√(O/(O+½)² + D/(D+½)²)` | `1/(2√x)` |
//!
//! The z-score is `(Y − target)/s_z` (SHMI: `√E·log(O/E)`). φ is the mean square of the
//! winsorised z-scores (R's type-7 quantiles at `trim_by` and `1 − trim_by`), or under SHMI of
//! those left after truncating by rank; `τ² = max(0, (nφ − (n − 1)) / (Σw − Σw²/Σw))` with
//! `w = 1/s_z²`. The limits are evaluated on the package's lookup table, `seq(3, ⌈max D⌉,
//! length.out = 1000)` (from 1.1 for ratios) plus the units' own denominators, with the
//! package's literal critical values 1.959964 and 3.090232:
//!
//! - proportion: `m·sin²(asin(√t) ∓ z·√(s² + τ²))`, then a lower limit above the next row's
//!   is set to 0 and an upper limit below the next row's to `m` (the package's fix for the
//!   arcsine turning back at tiny denominators, so it depends on the neighbouring row);
//! - rate: `m·exp(log t ∓ z·√(s² + τ²))`; unadjusted limits are the same with τ² = 0;
//! - ratio, SHMI: `m·exp(∓z·√(1/x + τ²))`; CQC: `m·(1 ∓ z·√(s² + τ²))`, not squared back, as
//!   the package draws it (its open issue #33); unadjusted ratio limits are exact Poisson,
//!   `m·t·qchisq(α, 2x)/(2x)` and `m·t·qchisq(1 − α, 2(x + 1))/(2x)`.
//!
//! Under SHMI with rounding (the default) expected counts are first rounded to 2 places with
//! R's `round()`, which takes the nearer of the two candidates as doubles: 2.675 rounds to
//! 2.67. When adjusted limits are asked for alone and φ ≤ 1, the package falls back to the
//! unadjusted limits for outliers (and says so); [`OverdispersedFunnel::note`] carries its
//! message. With adjustment off, the returned φ and τ² are 0, as the package returns them.
//!
//! # The multiplicative alternative
//!
//! FunnelPlotR has no multiplicative option: φ only decides the fallback and feeds τ².
//! [`Overdispersion::Multiplicative`] widens the limits by `√φ` on the transformed scale
//! instead (`target ± z·√φ·s`), with φ taken as at least 1, so that it never narrows
//! them, as the additive τ² ≥ 0 never does.
//!
//! # Floating point
//!
//! Arcsines, logarithms and chi-square quantiles: the method computes in `f64`, and matches
//! the package's own output to about 1e-12 relative.
//!
//! ```
//! use ics_outcomes::stats::{Field, Groups, OverdispersionOptions, funnel_overdispersion};
//! let (groups, labels) = Groups::from_keys(&["a", "b", "c", "d", "e", "f"]);
//! let labels: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
//! let (deaths, cases) = ([12.0, 40.0, 7.0, 90.0, 30.0, 55.0], [100.0, 300.0, 80.0, 500.0, 150.0, 400.0]);
//! let funnel = funnel_overdispersion(
//!     Field::new("deaths", &deaths),
//!     Field::new("cases", &cases),
//!     &groups,
//!     &labels,
//!     &OverdispersionOptions::default(),
//! )?;
//! assert!(funnel.phi > 1.0 && funnel.tau2 > 0.0);
//! // The overdispersed 99.8% band is wider than the binomial one at every unit.
//! let units = &funnel.units;
//! assert!((0..6).all(|i| units.limits.od_lower998[i] <= units.limits.lower998[i]));
//! assert_eq!(funnel.units_table().rows(), 6);
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

use serde::{Deserialize, Serialize};

use super::dist::chi_square_quantile;
use super::format::r_number;
use super::{Checks, Field, Groups, check_multiplier};
use crate::Error;
use crate::composite::type7_quantile;
use crate::table::{Table, TableBuilder, TableKind};

/// The 95% critical value as the package writes it (a literal, not `qnorm(0.975)`).
pub const Z95: f64 = 1.959964;
/// The 99.8% critical value as the package writes it.
pub const Z998: f64 = 3.090232;
/// Points of the lookup table's regular grid (`length.out = 1000`).
pub const GRID_POINTS: usize = 1000;

/// The package's message when adjusted limits were asked for alone but φ ≤ 1.
pub const NO_OVERDISPERSION: &str =
    "No overdispersion detected, or draw_adjusted set to FALSE , plotting using unadjusted limits";
/// The package's message when only unadjusted limits are drawn.
pub const UNADJUSTED_ONLY: &str = "Plotting using unadjusted limits";

/// One of a fixed set of named choices, parsed from its name with the names listed on error.
macro_rules! named_choice {
    ($ty:ident, $argument:literal, { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// Every choice, in documentation order.
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            /// The name front ends use for it.
            pub fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = Error;

            fn from_str(text: &str) -> Result<Self, Error> {
                $ty::ALL.iter().copied().find(|c| c.name() == text).ok_or_else(|| {
                    let names: Vec<&str> = $ty::ALL.iter().map(|c| c.name()).collect();
                    Error::argument($argument, text, format!("should be one of {}", names.join(", ")))
                })
            }
        }
    };
}

/// What the funnel shows (the package's `data_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelDataType {
    /// Numerators out of denominators (`"PR"`).
    Proportion,
    /// Observed over expected events, an indirectly standardised ratio (`"SR"`).
    Ratio,
    /// Events over a population or exposure (`"RC"`).
    Rate,
}

named_choice!(FunnelDataType, "data_type", { Proportion => "proportion", Ratio => "ratio", Rate => "rate" });

/// How ratios are transformed and trimmed (the package's `sr_method`); unused otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RatioMethod {
    /// NHS Digital's SHMI: log scale, expected counts rounded to 2 places, truncation.
    Shmi,
    /// The Care Quality Commission's: square-root scale, winsorisation.
    Cqc,
}

named_choice!(RatioMethod, "method", { Shmi => "shmi", Cqc => "cqc" });

/// Which limits decide a unit's outlier flag (the package's `limit`: 95 or 99).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Limit {
    /// The 95% limits.
    #[serde(rename = "95")]
    P95,
    /// The 99.8% limits, which the package calls 99.
    #[serde(rename = "99")]
    P998,
}

impl Limit {
    /// The limit from the package's number: 95, or 99 for the 99.8% limits.
    ///
    /// # Errors
    /// [`Error::Argument`] for any other number.
    pub fn from_percent(percent: f64) -> Result<Limit, Error> {
        match percent {
            95.0 => Ok(Limit::P95),
            99.0 => Ok(Limit::P998),
            other => Err(Error::argument("limit", r_number(other), "limit should be 95 or 99 (for 99.8%)")),
        }
    }

    /// The package's number for it.
    pub fn percent(self) -> u32 {
        match self {
            Limit::P95 => 95,
            Limit::P998 => 99,
        }
    }
}

/// How overdispersion widens the limits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Overdispersion {
    /// Spiegelhalter's additive random effects: `s² + τ²` (FunnelPlotR's only method).
    Additive,
    /// The multiplicative factor: `φ·s²`, with φ at least 1 (not in FunnelPlotR).
    Multiplicative,
}

named_choice!(Overdispersion, "overdispersion", { Additive => "additive", Multiplicative => "multiplicative" });

/// Settings of [`funnel_overdispersion`], defaulting as FunnelPlotR's `funnel_plot()` does.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OverdispersionOptions {
    /// What the funnel shows.
    pub data_type: FunnelDataType,
    /// For ratios, SHMI (default) or CQC.
    pub method: RatioMethod,
    /// Under SHMI, round expected counts to 2 places first (default true).
    pub shmi_rounding: bool,
    /// The share winsorised (or truncated) at each end when estimating φ, in (0, 0.5);
    /// default 0.1.
    pub trim_by: f64,
    /// Scale of the plotted values and limits (100 for percentages); default 1.
    pub multiplier: f64,
    /// Which limits flag outliers; default 99.8%.
    pub limit: Limit,
    /// Draw (and flag against) the overdispersion-adjusted limits; default true.
    pub adjusted: bool,
    /// Draw the unadjusted limits; default false.
    pub unadjusted: bool,
    /// Additive τ² (default, as the package) or multiplicative φ.
    pub overdispersion: Overdispersion,
}

impl Default for OverdispersionOptions {
    fn default() -> Self {
        OverdispersionOptions {
            data_type: FunnelDataType::Proportion,
            method: RatioMethod::Shmi,
            shmi_rounding: true,
            trim_by: 0.1,
            multiplier: 1.0,
            limit: Limit::P998,
            adjusted: true,
            unadjusted: false,
            overdispersion: Overdispersion::Additive,
        }
    }
}

/// The eight limits at a set of denominators: with overdispersion (`od_*`) and without, at
/// 95% and 99.8%, each times the multiplier.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LimitColumns {
    /// Lower 95% limit with overdispersion.
    pub od_lower95: Vec<f64>,
    /// Upper 95% limit with overdispersion.
    pub od_upper95: Vec<f64>,
    /// Lower 99.8% limit with overdispersion.
    pub od_lower998: Vec<f64>,
    /// Upper 99.8% limit with overdispersion.
    pub od_upper998: Vec<f64>,
    /// Lower 95% limit without (exact Poisson for ratios).
    pub lower95: Vec<f64>,
    /// Upper 95% limit without.
    pub upper95: Vec<f64>,
    /// Lower 99.8% limit without.
    pub lower998: Vec<f64>,
    /// Upper 99.8% limit without.
    pub upper998: Vec<f64>,
}

impl LimitColumns {
    /// The table names of the columns, in [`LimitColumns::named`] order.
    pub const NAMES: [&'static str; 8] =
        ["od_lower95", "od_upper95", "od_lower998", "od_upper998", "lower95", "upper95", "lower998", "upper998"];

    /// The columns with their table names, in table order.
    pub fn named(&self) -> [(&'static str, &[f64]); 8] {
        let columns = [
            &self.od_lower95,
            &self.od_upper95,
            &self.od_lower998,
            &self.od_upper998,
            &self.lower95,
            &self.upper95,
            &self.lower998,
            &self.upper998,
        ];
        std::array::from_fn(|c| (Self::NAMES[c], columns[c].as_slice()))
    }

    /// The columns from eight, in [`LimitColumns::NAMES`] order.
    fn from_columns(columns: [Vec<f64>; 8]) -> LimitColumns {
        let [od_lower95, od_upper95, od_lower998, od_upper998, lower95, upper95, lower998, upper998] = columns;
        LimitColumns { od_lower95, od_upper95, od_lower998, od_upper998, lower95, upper95, lower998, upper998 }
    }

    /// The rows at `rows`, in that order.
    fn take(&self, rows: &[usize]) -> LimitColumns {
        let named = self.named();
        Self::from_columns(std::array::from_fn(|c| rows.iter().map(|&r| named[c].1[r]).collect()))
    }

    /// The (lower, upper) pair of `limit`, adjusted or not.
    pub fn pair(&self, limit: Limit, adjusted: bool) -> (&[f64], &[f64]) {
        match (limit, adjusted) {
            (Limit::P95, true) => (&self.od_lower95, &self.od_upper95),
            (Limit::P998, true) => (&self.od_lower998, &self.od_upper998),
            (Limit::P95, false) => (&self.lower95, &self.upper95),
            (Limit::P998, false) => (&self.lower998, &self.upper998),
        }
    }
}

/// Each unit (group) of a funnel, in group order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunnelUnits {
    /// The group labels, sorted.
    pub labels: Vec<String>,
    /// The summed numerators.
    pub numerator: Vec<f64>,
    /// The summed denominators (under SHMI rounding, rounded to 2 places).
    pub denominator: Vec<f64>,
    /// `numerator / denominator × multiplier`: the plotted value (under SHMI rounding, over
    /// the expected count before rounding, as the package plots it).
    pub value: Vec<f64>,
    /// The value on the transformed scale (`Y`).
    pub y: Vec<f64>,
    /// The z-score's standard error `s_z`.
    pub s_z: Vec<f64>,
    /// The unadjusted z-score.
    pub z: Vec<f64>,
    /// The winsorised z-score, or NaN where SHMI truncation left the unit out of φ.
    pub z_winsorised: Vec<f64>,
    /// Whether the unit was winsorised (its z not strictly inside the quantiles) or truncated.
    pub trimmed: Vec<bool>,
    /// The overdispersed z-score: `(Y − target)/√(s_z² + τ²)` (multiplicative:
    /// `(Y − target)/(s_z·√φ)`), with the τ² or φ in force. FunnelPlotR does not report it.
    pub z_adjusted: Vec<f64>,
    /// The `s` of the limits at the unit's denominator.
    pub s_limits: Vec<f64>,
    /// The limits at the unit's denominator.
    pub limits: LimitColumns,
    /// Whether the value is outside the chosen limits in force (inside is `L ≤ value ≤ U`);
    /// false for every unit when no limits are drawn.
    pub outlier: Vec<bool>,
}

/// The funnel's limit curves: the package's lookup table, sorted by denominator.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FunnelCurves {
    /// The x values: the regular grid and the units' denominators, sorted, each once.
    pub denominator: Vec<f64>,
    /// Whether the x is a point of the regular grid.
    pub on_grid: Vec<bool>,
    /// Whether the x is a unit's denominator.
    pub unit_denominator: Vec<bool>,
    /// The `s` of the limits at each x.
    pub s: Vec<f64>,
    /// The limits at each x.
    pub limits: LimitColumns,
}

/// A funnel plot with overdispersion: the units, the curves, φ and τ², and how it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct OverdispersedFunnel {
    /// The settings it was made with.
    pub options: OverdispersionOptions,
    /// The target: 1 for ratios, otherwise Σ numerator / Σ denominator.
    pub target: f64,
    /// φ as the package returns it: 0 when adjusted limits are off.
    pub phi: f64,
    /// τ² as the package returns it: 0 when adjusted limits are off.
    pub tau2: f64,
    /// φ as estimated, whatever the settings.
    pub phi_estimated: f64,
    /// τ² as estimated, whatever the settings (infinite when φ is, e.g. zero counts under SHMI).
    pub tau2_estimated: f64,
    /// How many units φ and τ² were estimated from (all but those SHMI truncates).
    pub units_used: usize,
    /// Whether the adjusted limits are drawn and flag outliers, after the φ ≤ 1 fallback.
    pub adjusted_drawn: bool,
    /// Whether the unadjusted limits are drawn.
    pub unadjusted_drawn: bool,
    /// The package's message about the limits in force, if it gives one.
    pub note: Option<&'static str>,
    /// Each unit, in group order.
    pub units: FunnelUnits,
    /// The limit curves.
    pub curves: FunnelCurves,
}

impl OverdispersedFunnel {
    /// How many units are outliers.
    pub fn outliers(&self) -> usize {
        self.units.outlier.iter().filter(|&&o| o).count()
    }

    /// The units as a [`TableKind::FunnelUnits`] table; a NaN is a missing value.
    pub fn units_table(&self) -> Table {
        let u = &self.units;
        let floats = |values: &[f64]| values.iter().map(|&v| (!v.is_nan()).then_some(v)).collect::<Vec<_>>();
        let mut builder = TableBuilder::new(TableKind::FunnelUnits, u.labels.len())
            .labels("group", u.labels.clone(), (0..u.labels.len()).map(Some))
            .float("numerator", floats(&u.numerator))
            .float("denominator", floats(&u.denominator))
            .float("value", floats(&u.value));
        let limits = u.limits.named();
        for (name, values) in limits[4..].iter().chain(&limits[..4]) {
            builder = builder.float(name, floats(values));
        }
        builder
            .flag("outlier", u.outlier.iter().map(|&o| Some(o)))
            .float("z", floats(&u.z))
            .float("z_winsorised", floats(&u.z_winsorised))
            .float("z_adjusted", floats(&u.z_adjusted))
            .flag("trimmed", u.trimmed.iter().map(|&t| Some(t)))
            .float("y", floats(&u.y))
            .float("s_z", floats(&u.s_z))
            .float("s_limits", floats(&u.s_limits))
            .finish()
    }

    /// The limit curves as a [`TableKind::FunnelLimits`] table.
    pub fn limits_table(&self) -> Table {
        let c = &self.curves;
        let floats = |values: &[f64]| values.iter().map(|&v| (!v.is_nan()).then_some(v)).collect::<Vec<_>>();
        let mut builder = TableBuilder::new(TableKind::FunnelLimits, c.denominator.len())
            .float("denominator", floats(&c.denominator))
            .flag("on_grid", c.on_grid.iter().map(|&f| Some(f)))
            .flag("unit_denominator", c.unit_denominator.iter().map(|&f| Some(f)))
            .float("s", floats(&c.s));
        let limits = c.limits.named();
        for (name, values) in limits[4..].iter().chain(&limits[..4]) {
            builder = builder.float(name, floats(values));
        }
        builder.finish()
    }
}

/// R's `round(x, digits)` (R ≥ 4.0.0): of the two candidates with `digits` places either side
/// of `x`, the nearer as doubles, the even one on an exact tie. So `round(2.675, 2)` is 2.67,
/// because the double nearest 2.675 is below it.
///
/// ```
/// use ics_outcomes::stats::r_round;
/// assert_eq!(r_round(2.675, 2), 2.67);
/// assert_eq!(r_round(100.005, 2), 100.0);
/// assert_eq!(r_round(0.125, 2), 0.12);
/// ```
pub fn r_round(x: f64, digits: i32) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    let (sign, x) = if x < 0.0 { (-1.0, -x) } else { (1.0, x) };
    // Beyond 15 significant digits there is nothing to round.
    if f64::from(digits) + (x.log2().floor() + 0.5) * std::f64::consts::LOG10_2 > 15.0 {
        return sign * x;
    }
    let pow10 = 10f64.powi(digits);
    let x10 = pow10 * x;
    let i10 = x10.floor();
    let (down, up) = (i10 / pow10, x10.ceil() / pow10);
    let (du, dd) = (up - x, x - down);
    sign * if du < dd || (du == dd && i10 % 2.0 == 1.0) { up } else { down }
}

/// R's `seq(from, to, length.out = n)` for `n ≥ 2`: the ends exact, the inner points
/// `from + i·by`.
fn r_seq(from: f64, to: f64, n: usize) -> Vec<f64> {
    let by = (to - from) / (n - 1) as f64;
    let mut out = Vec::with_capacity(n);
    out.push(from);
    out.extend((1..n - 1).map(|i| from + i as f64 * by));
    out.push(to);
    out
}

/// R's `rank(x, ties.method = "average")` of values without NaN.
fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Ranks start..end (1-based start+1..=end) share their mean.
        let mean = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = mean;
        }
        start = end;
    }
    ranks
}

/// The transformed scale of one kind of funnel.
#[derive(Debug, Clone, Copy)]
enum Scale {
    Proportion,
    Shmi,
    Cqc,
    Rate,
}

impl Scale {
    fn of(options: &OverdispersionOptions) -> Scale {
        match (options.data_type, options.method) {
            (FunnelDataType::Proportion, _) => Scale::Proportion,
            (FunnelDataType::Ratio, RatioMethod::Shmi) => Scale::Shmi,
            (FunnelDataType::Ratio, RatioMethod::Cqc) => Scale::Cqc,
            (FunnelDataType::Rate, _) => Scale::Rate,
        }
    }

    /// `(Y, target on this scale, s_z, z)` of a unit.
    fn unit(self, o: f64, d: f64, target: f64) -> (f64, f64, f64, f64) {
        match self {
            Scale::Proportion => {
                let (y, t, s) = ((o / d).sqrt().asin(), target.sqrt().asin(), 1.0 / (2.0 * d.sqrt()));
                (y, t, s, (y - t) / s)
            }
            Scale::Shmi => {
                let y = (o / d).ln();
                (y, 0.0, 1.0 / d.sqrt(), d.sqrt() * y)
            }
            Scale::Cqc => {
                let (y, s) = ((o / d).sqrt(), 1.0 / (2.0 * d.sqrt()));
                (y, 1.0, s, (y - 1.0) / s)
            }
            Scale::Rate => {
                let y = ((o + 0.5) / (d + 0.5)).ln();
                let s = (o / (o + 0.5).powi(2) + d / (d + 0.5).powi(2)).sqrt();
                (y, target.ln(), s, (y - target.ln()) / s)
            }
        }
    }

    /// The limits' standard error at denominator `x`.
    fn s(self, x: f64) -> f64 {
        match self {
            Scale::Shmi => (1.0 / x).sqrt(),
            _ => 1.0 / (2.0 * x.sqrt()),
        }
    }

    /// The (lower, upper) limits at `x` for a spread `w` (`√(s² + τ²)` or `√φ·s`) and critical
    /// value `z`, times `m`.
    fn normal_limits(self, target: f64, w: f64, z: f64, m: f64) -> (f64, f64) {
        match self {
            Scale::Proportion => {
                let centre = target.sqrt().asin();
                let lower = (m * (centre - z * w).sin().powi(2)).clamp(0.0, m);
                let upper = (m * (centre + z * w).sin().powi(2)).clamp(0.0, m);
                (lower, upper)
            }
            Scale::Shmi => (m * (-z * w).exp(), m * (z * w).exp()),
            Scale::Cqc => (m * (1.0 - z * w), m * (1.0 + z * w)),
            Scale::Rate => (m * (target.ln() - z * w).exp(), m * (target.ln() + z * w).exp()),
        }
    }
}

/// How much the limits widen: `√(s² + τ²)`, or `√φ·s` with φ at least 1.
#[derive(Debug, Clone, Copy)]
enum Spread {
    Additive(f64),
    Multiplicative(f64),
}

impl Spread {
    fn of(s: f64, spread: Spread) -> f64 {
        match spread {
            Spread::Additive(tau2) => (s * s + tau2).sqrt(),
            Spread::Multiplicative(phi) => phi.sqrt() * s,
        }
    }
}

/// A funnel plot with overdispersion, as FunnelPlotR 0.6.0's `funnel_plot()` computes it
/// (see the [module docs](self)): records summed by group, each unit's z-scores, φ and τ²,
/// the limits at each unit's denominator and as curves over the package's lookup table, and
/// each unit's outlier flag.
///
/// `labels` names the groups, one per group of `groups` in code order (for sorted labels,
/// build `groups` with [`Groups::from_keys`]).
///
/// # Errors
/// [`Error::Argument`] for a `trim_by` outside (0, 0.5), a multiplier that is not positive,
/// or labels that do not match the groups; [`Error::Data`] naming the field, row and value for
/// missing, infinite or negative numerators, denominators that are not positive, numerators
/// above denominators for proportions, expected counts that round to 0 under SHMI, and for
/// adjusted limits with fewer than two units (τ² needs two).
pub fn funnel_overdispersion(
    numerator: Field<'_>,
    denominator: Field<'_>,
    groups: &Groups,
    labels: &[String],
    options: &OverdispersionOptions,
) -> Result<OverdispersedFunnel, Error> {
    check_options(options)?;
    check_records(numerator, denominator, groups, labels, options)?;
    let (o, summed) = (groups.sum(numerator.values), groups.sum(denominator.values));
    let scale = Scale::of(options);
    let mut d = summed.clone();
    if matches!(scale, Scale::Shmi) && options.shmi_rounding {
        d.iter_mut().for_each(|e| *e = r_round(*e, 2));
    }
    check_units(&o, &d, labels, denominator.name, options)?;

    let target = match options.data_type {
        FunnelDataType::Ratio => 1.0,
        _ => o.iter().sum::<f64>() / d.iter().sum::<f64>(),
    };
    let n = o.len();
    let (mut y, mut t, mut s_z, mut z) = (vec![0.0; n], 0.0, vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        (y[i], t, s_z[i], z[i]) = scale.unit(o[i], d[i], target);
    }
    let (z_winsorised, trimmed) = match scale {
        Scale::Shmi => truncate(&z, options.trim_by),
        _ => winsorise(&z, options.trim_by),
    };
    let (phi_estimated, tau2_estimated, units_used) = dispersion(&z_winsorised, &s_z);
    if options.adjusted && (phi_estimated.is_nan() || tau2_estimated.is_nan()) {
        let mut checks = Checks::new("funnel overdispersion");
        let why =
            "no overdispersion can be estimated: too few units are left after truncation, or their weights do not vary";
        checks.field(numerator.name, format!("{units_used} units used"), why);
        checks.finish()?;
    }

    // The package's flags and messages: adjusted limits alone with φ ≤ 1 fall back.
    let fallback = options.adjusted && !options.unadjusted && phi_estimated <= 1.0;
    let adjusted_drawn = options.adjusted && !fallback;
    let unadjusted_drawn = options.unadjusted || fallback;
    let note = if fallback {
        Some(NO_OVERDISPERSION)
    } else if !options.adjusted && options.unadjusted {
        Some(UNADJUSTED_ONLY)
    } else {
        None
    };
    let (phi, tau2) = if options.adjusted { (phi_estimated, tau2_estimated) } else { (0.0, 0.0) };
    let spread = match options.overdispersion {
        Overdispersion::Additive => Spread::Additive(tau2),
        // Adjustment off leaves φ at 1, as it leaves τ² at 0.
        Overdispersion::Multiplicative => Spread::Multiplicative(if options.adjusted { phi.max(1.0) } else { 1.0 }),
    };

    let curves = curves(&d, scale, spread, target, options);
    let rows: Vec<usize> = d.iter().map(|x| curves.denominator.partition_point(|v| v < x)).collect();
    let limits = curves.limits.take(&rows);
    let s_limits = rows.iter().map(|&r| curves.s[r]).collect();
    let m = options.multiplier;
    // The package divides by the expected count as given: rounding feeds the z-scores and
    // limits, not the plotted ratio.
    let value: Vec<f64> = o.iter().zip(&summed).map(|(o, d)| o / d * m).collect();
    let outlier = if adjusted_drawn || unadjusted_drawn {
        let (lower, upper) = limits.pair(options.limit, adjusted_drawn);
        value.iter().zip(lower.iter().zip(upper)).map(|(v, (l, u))| !(l <= v && v <= u)).collect()
    } else {
        vec![false; n]
    };
    let z_adjusted = (0..n)
        .map(|i| {
            let deviation = if matches!(scale, Scale::Shmi) { y[i] } else { y[i] - t };
            deviation / Spread::of(s_z[i], spread)
        })
        .collect();

    Ok(OverdispersedFunnel {
        options: *options,
        target,
        phi,
        tau2,
        phi_estimated,
        tau2_estimated,
        units_used,
        adjusted_drawn,
        unadjusted_drawn,
        note,
        units: FunnelUnits {
            labels: labels.to_vec(),
            numerator: o,
            denominator: d,
            value,
            y,
            s_z,
            z,
            z_winsorised,
            trimmed,
            z_adjusted,
            s_limits,
            limits,
            outlier,
        },
        curves,
    })
}

fn check_options(options: &OverdispersionOptions) -> Result<(), Error> {
    check_multiplier(options.multiplier)?;
    let trim = options.trim_by;
    if !(trim > 0.0 && trim < 0.5) {
        return Err(Error::argument(
            "trim_by",
            r_number(trim),
            "trim_by must be above 0 and below 0.5: the share of units trimmed at each end",
        ));
    }
    Ok(())
}

/// The records: complete, finite, non-negative counts on positive denominators (numerators
/// no more than denominators for proportions), and one label per group.
fn check_records(
    numerator: Field<'_>,
    denominator: Field<'_>,
    groups: &Groups,
    labels: &[String],
    options: &OverdispersionOptions,
) -> Result<(), Error> {
    if labels.len() != groups.count() {
        return Err(Error::argument(
            "group",
            labels.len(),
            format!("needs one label per group, and there are {} groups", groups.count()),
        ));
    }
    let mut checks = Checks::new("funnel overdispersion");
    checks.lengths(numerator.values.len(), &[denominator]);
    if groups.rows() != numerator.values.len() {
        checks.field("group", groups.rows().to_string(), "needs one group per record");
    }
    checks.finish()?;
    let mut checks = Checks::new("funnel overdispersion");
    for field in [numerator, denominator] {
        checks.missing(field, "every record needs a numerator and a denominator");
    }
    checks.finite(&[numerator, denominator]);
    checks.rows(numerator, |v| v < 0.0, "numerators must be at least 0");
    checks.rows(denominator, |v| v <= 0.0, "denominators must be greater than 0");
    if options.data_type == FunnelDataType::Proportion {
        checks.rows_where(
            numerator,
            |row| numerator.values[row] > denominator.values[row],
            "for proportions, numerators must be no more than their denominators",
        );
    }
    if numerator.values.is_empty() {
        checks.field(numerator.name, "", "at least one record is needed to draw a funnel");
    }
    checks.finish()
}

/// The units after summing: each with a positive denominator (a group without records has
/// none; under SHMI an expected count below 0.005 rounds to 0), and two of them for τ².
fn check_units(
    o: &[f64],
    d: &[f64],
    labels: &[String],
    name: &str,
    options: &OverdispersionOptions,
) -> Result<(), Error> {
    let mut checks = Checks::new("funnel overdispersion");
    for (i, &e) in d.iter().enumerate() {
        if e.is_nan() || e <= 0.0 {
            let why = "the group's denominator is 0 after summing (and, under SHMI, rounding to 2 places): set shmi_rounding to false, or leave the group out";
            checks.field(&format!("{name}[{}]", labels[i]), r_number(e), why);
        }
    }
    if options.adjusted && o.len() < 2 {
        let why = "overdispersion (tau2) needs at least two units; set adjusted to false for one unit";
        checks.field("group", o.len().to_string(), why);
    }
    checks.finish()
}

/// Winsorised z-scores (R's type-7 quantiles at `trim` and `1 − trim`) and whether each unit
/// was trimmed: every unit not strictly inside the quantiles, so one equal to a quantile is
/// flagged though it keeps its value.
fn winsorise(z: &[f64], trim: f64) -> (Vec<f64>, Vec<bool>) {
    let mut sorted = z.to_vec();
    sorted.sort_by(f64::total_cmp);
    let (low, high) = (type7_quantile(&sorted, trim), type7_quantile(&sorted, 1.0 - trim));
    let winsorised = z
        .iter()
        .map(|&v| {
            if v < low {
                low
            } else if v > high {
                high
            } else {
                v
            }
        })
        .collect();
    let trimmed = z.iter().map(|&v| !(low < v && v < high)).collect();
    (winsorised, trimmed)
}

/// SHMI truncation: with `k = 1/trim`, a unit whose `⌊rank·k/(N + 1)⌋` is 0 or at least
/// `k − 1` is left out of φ (its winsorised z is NaN). Ties share their average rank.
fn truncate(z: &[f64], trim: f64) -> (Vec<f64>, Vec<bool>) {
    let k = 1.0 / trim;
    let n = z.len() as f64;
    let ranks = average_ranks(z);
    let truncated: Vec<bool> = ranks
        .iter()
        .map(|&r| {
            let band = (r * k / (n + 1.0)).floor();
            band <= 0.0 || band >= k - 1.0
        })
        .collect();
    let kept = z.iter().zip(&truncated).map(|(&v, &cut)| if cut { f64::NAN } else { v }).collect();
    (kept, truncated)
}

/// φ (the mean square of the kept z-scores), DerSimonian–Laird τ² and how many units they
/// came from. `τ² = max(0, (nφ − (n − 1)) / (Σw − Σw²/Σw))`, `w = 1/s_z²`; NaN stays NaN, as
/// R's `max` keeps it.
fn dispersion(z_winsorised: &[f64], s_z: &[f64]) -> (f64, f64, usize) {
    let (mut n, mut squares, mut w, mut w2) = (0usize, 0.0, 0.0, 0.0);
    for (&z, &s) in z_winsorised.iter().zip(s_z) {
        if z.is_nan() {
            continue;
        }
        n += 1;
        squares += z * z;
        let weight = 1.0 / (s * s);
        w += weight;
        w2 += weight * weight;
    }
    let nf = n as f64;
    let phi = squares / nf;
    let excess = (nf * phi - (nf - 1.0)) / (w - w2 / w);
    let tau2 = if excess.is_nan() { f64::NAN } else { excess.max(0.0) };
    (phi, tau2, n)
}

/// The package's lookup table: `seq(start, ⌈max D⌉, length.out = 1000)` (start 1.1 for
/// ratios, 3 otherwise) and the units' denominators, sorted and each once, with the limits at
/// every row.
fn curves(d: &[f64], scale: Scale, spread: Spread, target: f64, options: &OverdispersionOptions) -> FunnelCurves {
    let start = if options.data_type == FunnelDataType::Ratio { 1.1 } else { 3.0 };
    let max = d.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let grid = r_seq(start, max.ceil(), GRID_POINTS);
    let mut xs: Vec<(f64, bool)> = grid.iter().map(|&x| (x, true)).chain(d.iter().map(|&x| (x, false))).collect();
    xs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut denominator: Vec<f64> = Vec::with_capacity(xs.len());
    let (mut on_grid, mut unit_denominator) = (Vec::with_capacity(xs.len()), Vec::with_capacity(xs.len()));
    for (x, from_grid) in xs {
        if denominator.last() != Some(&x) {
            denominator.push(x);
            on_grid.push(false);
            unit_denominator.push(false);
        }
        let last = denominator.len() - 1;
        if from_grid {
            on_grid[last] = true;
        } else {
            unit_denominator[last] = true;
        }
    }
    let m = options.multiplier;
    let s: Vec<f64> = denominator.iter().map(|&x| scale.s(x)).collect();
    let rows = crate::threads::map(denominator.len(), 4096, |i| {
        let (x, s) = (denominator[i], s[i]);
        let w = Spread::of(s, spread);
        let (odl95, odu95) = scale.normal_limits(target, w, Z95, m);
        let (odl998, odu998) = scale.normal_limits(target, w, Z998, m);
        let [l95, u95, l998, u998] = match scale {
            Scale::Shmi | Scale::Cqc => poisson_limits(x, target, m),
            _ => {
                let (l95, u95) = scale.normal_limits(target, s, Z95, m);
                let (l998, u998) = scale.normal_limits(target, s, Z998, m);
                [l95, u95, l998, u998]
            }
        };
        [odl95, odu95, odl998, odu998, l95, u95, l998, u998]
    });
    let mut columns: [Vec<f64>; 8] = std::array::from_fn(|c| rows.iter().map(|row| row[c]).collect());
    if matches!(scale, Scale::Proportion) {
        fix_turning_back(&mut columns, m);
    }
    let limits = LimitColumns::from_columns(columns);
    FunnelCurves { denominator, on_grid, unit_denominator, s, limits }
}

/// The exact Poisson limits of a ratio at expected count `x`: 95% and 99.8%, lower and upper.
fn poisson_limits(x: f64, target: f64, m: f64) -> [f64; 4] {
    let lower = |alpha: f64| m * target * chi_square_quantile(alpha, 2.0 * x) / 2.0 / x;
    let upper = |alpha: f64| m * target * chi_square_quantile(1.0 - alpha, 2.0 * (x + 1.0)) / 2.0 / x;
    [lower(0.025), upper(0.025), lower(0.001), upper(0.001)]
}

/// The package's fix for proportion limits at tiny denominators, where the arcsine passes
/// the end of its range and the limit turns back: a lower limit above the next row's becomes
/// 0, an upper limit below the next row's becomes `m`. Rows compare with the next row's
/// values before the fix; the last row is left as it is.
fn fix_turning_back(columns: &mut [Vec<f64>; 8], m: f64) {
    for (c, column) in columns.iter_mut().enumerate() {
        let lower = c % 2 == 0;
        for i in 0..column.len().saturating_sub(1) {
            let next = column[i + 1];
            if lower && column[i] > next {
                column[i] = 0.0;
            } else if !lower && column[i] < next {
                column[i] = m;
            }
        }
    }
}
