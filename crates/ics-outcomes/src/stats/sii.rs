//! Slope and relative index of inequality (`phe_sii`), with confidence limits by simulation.
//!
//! The point estimates are a weighted least-squares fit and match the package to rounding.
//! The limits come from a Monte Carlo simulation driven by a **seeded** SplitMix64 stream
//! with Box–Muller normal draws: the same seed gives the same limits, but the stream is not
//! R's, so the limits agree with the package's only to Monte Carlo error (the package's own
//! tests accept 5% relative error at 10,000 repetitions).

use super::dist::normal_quantile;
use super::format::r_number;
use super::{Checks, Confidence, Field, Groups, Role, Table};
use crate::Error;
use crate::capacity::ensure_allocatable;
use crate::util::random::SplitMix64;

const MISSING_VALUE: &str =
    "function phe_sii requires value field, or x field if indicator is a proportion of population";
const MANY_QUANTILES_WARNING: &str =
    "WARNING: Small values can make SII unstable when using a large number of quantiles";
const REMOVED_WARNING: &str = "WARNING: some records have been removed due to incomplete or invalid data";

/// The kind of indicator, the package's `value_type`: it decides the scale the values are
/// simulated on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ValueType {
    /// `0`: any indicator, simulated on its own scale.
    #[default]
    Normal,
    /// `1`: a rate, simulated on the log scale.
    Rate,
    /// `2`: a proportion between 0 and 1, simulated on the logit scale.
    Proportion,
}

impl ValueType {
    /// The type for the package's code 0, 1 or 2.
    ///
    /// # Errors
    /// [`Error::Argument`] for any other code.
    pub fn from_code(code: i64) -> Result<Self, Error> {
        match code {
            0 => Ok(ValueType::Normal),
            1 => Ok(ValueType::Rate),
            2 => Ok(ValueType::Proportion),
            _ => Err(Error::argument("value_type", code, "value_type should be 0, 1 or 2")),
        }
    }

    /// The `indicator_type` label: `normal`, `rate` or `proportion`.
    pub fn label(self) -> &'static str {
        match self {
            ValueType::Normal => "normal",
            ValueType::Rate => "rate",
            ValueType::Proportion => "proportion",
        }
    }

    /// To the simulation scale: log for rates, logit for proportions.
    fn working(self, y: f64) -> f64 {
        match self {
            ValueType::Normal => y,
            ValueType::Rate => y.ln(),
            ValueType::Proportion => (y / (1.0 - y)).ln(),
        }
    }

    /// Back from the simulation scale, written as the package writes it.
    fn natural(self, y: f64) -> f64 {
        match self {
            ValueType::Normal => y,
            ValueType::Rate => y.exp(),
            ValueType::Proportion => y.exp() / (1.0 + y.exp()),
        }
    }
}

/// The input columns of [`sii`], one row per group and quantile.
///
/// `value` may be left out for a proportion given as `x` out of `population`; the uncertainty
/// is `se` (on the simulation scale: log for rates, logit for proportions) or the 95% limits
/// `lower_cl` and `upper_cl` (on the value's scale), `se` winning when both are given.
#[derive(Debug, Clone, Copy)]
pub struct SiiFields<'a> {
    /// The quantile of each row, ordered from the most deprived (lowest number) up.
    pub quantile: Field<'a>,
    /// The population of each quantile; every one must be above zero.
    pub population: Field<'a>,
    /// The indicator value of each quantile.
    pub value: Option<Field<'a>>,
    /// For a proportion without `value`: the count, divided by `population`.
    pub x: Option<Field<'a>>,
    /// The lower 95% limit of each value.
    pub lower_cl: Option<Field<'a>>,
    /// The upper 95% limit of each value.
    pub upper_cl: Option<Field<'a>>,
    /// The standard error of each value.
    pub se: Option<Field<'a>>,
}

impl<'a> SiiFields<'a> {
    /// Quantiles and populations, with every optional field absent.
    pub fn new(quantile: Field<'a>, population: Field<'a>) -> Self {
        SiiFields { quantile, population, value: None, x: None, lower_cl: None, upper_cl: None, se: None }
    }
}

/// Settings of [`sii`].
#[derive(Debug, Clone, PartialEq)]
pub struct SiiOptions {
    /// The kind of indicator.
    pub value_type: ValueType,
    /// Fit on the log (rates) or logit (proportions) scale and transform the results back;
    /// needs `lower_cl` and `upper_cl`, not `se`.
    pub transform: bool,
    /// Scale of the slope index (100 for percentages); a negative multiplier also turns the
    /// relative index over.
    pub multiplier: f64,
    /// Simulated replicates, at least 1,000 (the package's default is 100,000).
    pub repetitions: usize,
    /// Confidence levels of the limits, any number of them ([`Confidence::any`]).
    pub confidence: Confidence,
    /// Also return the relative index `rii` and its limits.
    pub rii: bool,
    /// Also return the fitted value at the most deprived end, `intercept`.
    pub intercept: bool,
    /// Simulate ten times as many replicates in ten batches and return the mean absolute
    /// difference of batches 2 to 10 from batch 1 (`sii_mad95_0`, ...).
    pub reliability_stat: bool,
    /// Seed of the simulation: the same seed gives the same limits.
    pub seed: u64,
}

impl Default for SiiOptions {
    fn default() -> Self {
        SiiOptions {
            value_type: ValueType::Normal,
            transform: false,
            multiplier: 1.0,
            repetitions: 100_000,
            confidence: Confidence::any(&[0.95]).unwrap_or_else(|_| Confidence::none()),
            rii: false,
            intercept: false,
            reliability_stat: false,
            seed: 1,
        }
    }
}

/// The result of [`sii`]: one row per group with every quantile (the package's warnings are in
/// [`Table::warnings`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Sii {
    /// `sii`, `rii`, the limits, reliability statistics, `intercept` and the metadata
    /// `indicator_type`, `multiplier`, `transform`, `CI_confidence`, `CI_method`.
    pub table: Table,
    /// The group (index into the group keys) of each row; groups lacking a quantile are
    /// left out.
    pub groups: Vec<usize>,
}

/// Slope index of inequality per group (`phe_sii`), after Low & Low (2004).
///
/// Within each group, quantiles are ranked by the mid-point `b` of their share `a` of the
/// population, and `√a · y` is regressed on `√a` and `b √a` without intercept. The slope is
/// the SII (times `multiplier`), the ratio of the fitted values at the two ends the RII.
/// Values are simulated from normal distributions with the given (or 95%-limit derived)
/// standard errors, on the log scale for rates and the logit scale for proportions, and the
/// limits are order statistics of the refitted slopes. Computation is in `f64`.
///
/// Columns follow the package: without `transform`, `sii_lower95_0cl`, `sii_upper95_0cl` for
/// every level, then the `rii_` ones; with `transform`, per level `sii_lower95_0`,
/// `sii_upper95_0`, `rii_lower95_0`, `rii_upper95_0`, without the `cl` suffix, as the package
/// names them. A group whose value is missing for some quantile has its slope fitted on the
/// others and missing limits.
///
/// # Errors
/// [`Error::Argument`] for a missing value or uncertainty field, fewer than 1,000
/// repetitions, an infinite multiplier or a transform the options do not allow;
/// [`Error::Data`] with the package's messages for a population of zero or less, a negative or
/// missing standard error, a missing limit, proportions outside `[0, 1]`, a count of zero or
/// less, fewer than 5 or more than 100 quantiles, a missing quantile, a quantile given twice in
/// a group, unequal field lengths or an infinite value.
///
/// ```
/// use ics_outcomes::stats::{sii, Field, SiiFields, SiiOptions};
/// let quantile = [1.0, 2.0, 3.0, 4.0, 5.0];
/// let population = [1000.0; 5];
/// let value = [80.0, 79.0, 78.0, 77.0, 76.0];
/// let se = [0.5; 5];
/// let fields = SiiFields {
///     value: Some(Field::new("value", &value)),
///     se: Some(Field::new("se", &se)),
///     ..SiiFields::new(Field::new("quantile", &quantile), Field::new("population", &population))
/// };
/// let result = sii(&fields, None, &SiiOptions { repetitions: 1000, ..SiiOptions::default() })?;
/// assert!((result.table.numbers("sii").unwrap()[0] + 5.0).abs() < 1e-12);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn sii(fields: &SiiFields<'_>, groups: Option<&Groups>, options: &SiiOptions) -> Result<Sii, Error> {
    check_arguments(fields, options)?;
    let rows = fields.quantile.values.len();
    let given: Vec<Field<'_>> = [
        Some(fields.quantile),
        Some(fields.population),
        fields.value,
        fields.x,
        fields.lower_cl,
        fields.upper_cl,
        fields.se,
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut checks = Checks::new("sii");
    checks.lengths(rows, &given);
    checks.finish()?;
    if let Some(groups) = groups.filter(|g| g.rows() != rows) {
        return Err(Error::argument(
            "group codes",
            groups.rows(),
            format!("one group code per row of {} is needed", fields.quantile.name),
        ));
    }
    check_data(fields, options.value_type, &given)?;

    let q = fields.quantile.values;
    let mut quantiles = q.to_vec();
    quantiles.sort_by(f64::total_cmp);
    quantiles.dedup();
    let count = quantiles.len();
    if !(5..=100).contains(&count) {
        let mut checks = Checks::new("sii");
        checks.field(fields.quantile.name, count.to_string(), "Number of quantiles must be between 5 and 100");
        checks.finish()?;
    }
    let mut warnings = Vec::new();
    if count > 10 {
        warnings.push(MANY_QUANTILES_WARNING.to_owned());
    }

    let groups = Groups::or_single(groups, rows);
    let groups = &*groups;
    let mut members = groups.members();
    let mut kept = Vec::new();
    let mut checks = Checks::new("sii");
    for (g, rows) in members.iter_mut().enumerate() {
        rows.sort_by(|&a, &b| q[a].total_cmp(&q[b]));
        let mut distinct: Vec<f64> = rows.iter().map(|&r| q[r]).collect();
        distinct.dedup();
        if distinct.len() == count {
            if rows.len() != count {
                checks.field(fields.quantile.name, format!("group {g}"), "each group must have one row per quantile");
            }
            kept.push(g);
        }
    }
    checks.finish()?;
    if kept.len() * count != rows {
        warnings.push(REMOVED_WARNING.to_owned());
    }

    // One stream per group, keyed by the group's position, so dropping a group leaves the
    // others' limits unchanged.
    let mut master = SplitMix64(options.seed);
    let seeds: Vec<u64> = (0..groups.count()).map(|_| master.next_u64()).collect();
    let z = normal_quantile(0.975);
    let results: Vec<GroupResult> = kept
        .iter()
        .map(|&g| {
            let data = Prepared::new(&members[g], fields, options.value_type, z);
            group_result(&data, options, seeds[g])
        })
        .collect();
    let mut table = build_table(&results, options);
    table.warnings = warnings;
    Ok(Sii { table, groups: kept })
}

/// The argument checks, in the package's order.
fn check_arguments(fields: &SiiFields<'_>, options: &SiiOptions) -> Result<(), Error> {
    if fields.value.is_none() && fields.x.is_none() {
        return Err(Error::argument("value", "missing", MISSING_VALUE));
    }
    if fields.se.is_none() && (fields.lower_cl.is_none() || fields.upper_cl.is_none()) {
        return Err(Error::argument(
            "se",
            "missing",
            "function phe_sii requires either lower_cl and upper_cl fields, or se field",
        ));
    }
    if !options.multiplier.is_finite() {
        return Err(Error::argument(
            "multiplier",
            r_number(options.multiplier),
            "multiplier, repetitions and confidence inputs should be numeric",
        ));
    }
    if options.repetitions < 1000 {
        return Err(Error::argument(
            "repetitions",
            options.repetitions,
            "number of repetitions must be 1000 or greater. Default is 100,000",
        ));
    }
    // Two coefficients per repetition are kept for the limits.
    ensure_allocatable("repetitions", options.repetitions, 2 * std::mem::size_of::<f64>())?;
    if options.transform && options.value_type == ValueType::Normal {
        return Err(Error::argument("transform", "true", "value_type should be 1 or 2 when transform is true"));
    }
    if let (true, Some(se)) = (options.transform, fields.se) {
        return Err(Error::argument(
            "se",
            se.name,
            "function phe_sii requires se to be missing when transform is true",
        ));
    }
    if fields.value.is_none() && options.value_type != ValueType::Proportion {
        return Err(Error::argument("value", "missing", MISSING_VALUE));
    }
    Ok(())
}

/// The data checks, with the package's messages.
fn check_data(fields: &SiiFields<'_>, value_type: ValueType, given: &[Field<'_>]) -> Result<(), Error> {
    let mut checks = Checks::new("sii");
    checks.finite(given);
    checks.rows_or_missing(fields.quantile, |_| false, "quantiles must not be missing");
    checks.rows_or_missing(fields.population, |p| p <= 0.0, "some groups have a zero, negative or missing population");
    if let Some(se) = fields.se {
        checks.rows_or_missing(se, |s| s < 0.0, "negative or missing standard errors in input dataset");
    }
    let limits = fields.lower_cl.zip(fields.upper_cl);
    if let Some((lower, upper)) = limits {
        for field in [lower, upper] {
            checks.rows_or_missing(field, |_| false, "missing lower or upper confidence limits in input dataset");
        }
    }
    if value_type == ValueType::Proportion {
        let outside = |v: f64| !(0.0..=1.0).contains(&v);
        match (fields.value, fields.x) {
            (Some(value), _) => checks.rows(value, outside, "value proportions are not all between 0 and 1"),
            (None, Some(x)) => checks.rows(x, |v| v <= 0.0, "some groups have a zero or negative count x"),
            (None, None) => {}
        }
        if let Some((lower, upper)) = limits {
            for field in [lower, upper] {
                checks.rows(field, outside, "confidence limit proportions are not all between 0 and 1");
            }
        }
    }
    checks.finish()
}

/// One group's quantiles, in order, ready for fitting.
struct Prepared {
    /// Values on the simulation scale.
    working: Vec<f64>,
    /// Standard errors on the simulation scale.
    se: Vec<f64>,
    /// `√a`: the first regressor and the weight of every value.
    sqrt_a: Vec<f64>,
    /// `b √a`: the second regressor.
    b_sqrt_a: Vec<f64>,
}

impl Prepared {
    fn new(rows: &[usize], fields: &SiiFields<'_>, value_type: ValueType, z: f64) -> Self {
        let pop: Vec<f64> = rows.iter().map(|&r| fields.population.values[r]).collect();
        let total: f64 = pop.iter().sum();
        let mut cumulative = 0.0;
        let mut sqrt_a = Vec::with_capacity(rows.len());
        let mut b_sqrt_a = Vec::with_capacity(rows.len());
        for &p in &pop {
            let a = p / total;
            let b = a / 2.0 + cumulative;
            cumulative += a;
            sqrt_a.push(a.sqrt());
            b_sqrt_a.push(b * a.sqrt());
        }
        let value = |r: usize| match fields.value {
            Some(value) => value.values[r],
            None => fields.x.map_or(f64::NAN, |x| x.values[r] / fields.population.values[r]),
        };
        let working: Vec<f64> = rows.iter().map(|&r| value_type.working(value(r))).collect();
        let se = rows
            .iter()
            .map(|&r| match (fields.se, fields.lower_cl, fields.upper_cl) {
                (Some(se), _, _) => se.values[r],
                (None, Some(lower), Some(upper)) => {
                    // Always read as 95% limits, whatever the confidence of the SII.
                    (value_type.working(upper.values[r]) - value_type.working(lower.values[r])) / z / 2.0
                }
                _ => f64::NAN,
            })
            .collect();
        Prepared { working, se, sqrt_a, b_sqrt_a }
    }

    /// The least-squares operator `(XᵀX)⁻¹Xᵀ` over the rows `used`, as its two rows.
    fn solver(&self, used: impl Fn(usize) -> bool) -> [Vec<f64>; 2] {
        let (mut s11, mut s12, mut s22) = (0.0, 0.0, 0.0);
        for i in (0..self.sqrt_a.len()).filter(|&i| used(i)) {
            s11 += self.sqrt_a[i] * self.sqrt_a[i];
            s12 += self.sqrt_a[i] * self.b_sqrt_a[i];
            s22 += self.b_sqrt_a[i] * self.b_sqrt_a[i];
        }
        let det = s11 * s22 - s12 * s12;
        let row = |c1: f64, c2: f64| -> Vec<f64> {
            (0..self.sqrt_a.len())
                .map(|i| if used(i) { (c1 * self.sqrt_a[i] + c2 * self.b_sqrt_a[i]) / det } else { 0.0 })
                .collect()
        };
        [row(s22, -s12), row(-s12, s11)]
    }
}

/// Least-squares coefficients `(β0, β1)` of `y` (already weighted by `√a`).
fn fit(solver: &[Vec<f64>; 2], y: &[f64]) -> (f64, f64) {
    let dot = |h: &[f64]| h.iter().zip(y).filter(|(h, _)| **h != 0.0).map(|(h, y)| h * y).sum::<f64>();
    (dot(&solver[0]), dot(&solver[1]))
}

/// Standard normal draws from a SplitMix64 stream by the Box–Muller transform.
struct Normals {
    rng: SplitMix64,
    spare: Option<f64>,
}

impl Normals {
    fn new(seed: u64) -> Self {
        Normals { rng: SplitMix64(seed), spare: None }
    }

    fn next(&mut self) -> f64 {
        if let Some(z) = self.spare.take() {
            return z;
        }
        let u1 = 1.0 - self.rng.uniform();
        let u2 = self.rng.uniform();
        let radius = (-2.0 * u1.ln()).sqrt();
        let (sin, cos) = (std::f64::consts::TAU * u2).sin_cos();
        self.spare = Some(radius * sin);
        radius * cos
    }
}

/// Limits of one level: SII lower and upper, RII lower and upper.
type Limits = [f64; 4];

/// One group's outputs.
struct GroupResult {
    sii: f64,
    rii: f64,
    intercept: f64,
    /// Per level, from the first batch of replicates.
    limits: Vec<Limits>,
    /// Per level, the mean absolute difference of the SII and RII limits of batches 2 to 10
    /// from batch 1 (only with `reliability_stat`).
    mad: Vec<(f64, f64)>,
}

fn group_result(data: &Prepared, options: &SiiOptions, seed: u64) -> GroupResult {
    let (vt, m) = (options.value_type, options.multiplier);
    let back = |y: f64| if options.transform { y } else { vt.natural(y) };

    // Point estimates: rows with a missing value are left out, as lm's na.omit does.
    let y: Vec<f64> = data.working.iter().zip(&data.sqrt_a).map(|(&w, &s)| s * back(w)).collect();
    let (b0, b1) = fit(&data.solver(|i| !y[i].is_nan()), &y);
    let point = if options.transform {
        let x1 = b0 + b1;
        let (at0, at1) = (vt.natural(b0), vt.natural(x1));
        let rii = if m < 0.0 { 1.0 / (at1 / at0) } else { at1 / at0 };
        Point { sii: (at1 - at0) * m, rii, intercept: at0 * m.abs(), half: (b0 + x1) / 2.0 }
    } else {
        let rii = (b0 + b1) / b0;
        Point { sii: m * b1, rii: if m < 0.0 { 1.0 / rii } else { rii }, intercept: b0, half: f64::NAN }
    };

    // Simulation with the fixed design over every quantile.
    let solver = data.solver(|_| true);
    let batches = if options.reliability_stat { 10 } else { 1 };
    let reps = options.repetitions;
    let mut normals = Normals::new(seed);
    let mut draws = vec![0.0; data.working.len()];
    let mut all: Vec<Vec<Limits>> = Vec::with_capacity(batches);
    let (mut beta0, mut beta1) = (vec![0.0; reps], vec![0.0; reps]);
    for _ in 0..batches {
        for rep in 0..reps {
            for (i, draw) in draws.iter_mut().enumerate() {
                *draw = data.sqrt_a[i] * back(data.working[i] + data.se[i] * normals.next());
            }
            (beta0[rep], beta1[rep]) = fit(&solver, &draws);
        }
        all.push(batch_limits(&beta0, &beta1, &point, options));
    }
    let first = all.first().cloned().unwrap_or_default();
    let mad = if options.reliability_stat {
        (0..first.len())
            .map(|level| {
                let mean_difference = |sides: [usize; 2]| {
                    let total: f64 = all[1..]
                        .iter()
                        .flat_map(|batch| sides.map(|side| (batch[level][side] - first[level][side]).abs()))
                        .sum();
                    total / (2 * (batches - 1)) as f64
                };
                (mean_difference([0, 1]), mean_difference([2, 3]))
            })
            .collect()
    } else {
        Vec::new()
    };
    GroupResult { sii: point.sii, rii: point.rii, intercept: point.intercept, limits: first, mad }
}

/// Point estimates of one group; `half` is the fitted working-scale value at rank 1/2
/// (transform only).
struct Point {
    sii: f64,
    rii: f64,
    intercept: f64,
    half: f64,
}

/// The limits of every level from one batch of simulated coefficients.
fn batch_limits(beta0: &[f64], beta1: &[f64], point: &Point, options: &SiiOptions) -> Vec<Limits> {
    let (vt, m) = (options.value_type, options.multiplier);
    let reps = beta1.len() as f64;
    let positions = |c: f64| {
        let upper_tail = c + (1.0 - c) / 2.0;
        ((reps * (1.0 - upper_tail)).round_ties_even(), (reps * upper_tail).round_ties_even())
    };
    if options.transform {
        let slopes = sorted(beta1.iter().copied());
        options
            .confidence
            .levels()
            .iter()
            .map(|&c| {
                let (lo, hi) = positions(c);
                let (s_lower, s_upper) = (at(&slopes, lo), at(&slopes, hi));
                let ends = |s: f64| (vt.natural(point.half - s / 2.0), vt.natural(point.half + s / 2.0));
                let ((i_lower, x_lower), (i_upper, x_upper)) = (ends(s_lower), ends(s_upper));
                // The package swaps the ends for multipliers below 1 (rates) or 0 (proportions).
                let swap = if vt == ValueType::Rate { m < 1.0 } else { m < 0.0 };
                if swap {
                    [
                        (x_upper - i_upper) * m,
                        (x_lower - i_lower) * m,
                        1.0 / (x_upper / i_upper),
                        1.0 / (x_lower / i_lower),
                    ]
                } else {
                    [(x_lower - i_lower) * m, (x_upper - i_upper) * m, x_lower / i_lower, x_upper / i_upper]
                }
            })
            .collect()
    } else {
        let siis = sorted(beta1.iter().map(|b| b * m));
        let riis = if options.rii {
            sorted(beta0.iter().zip(beta1).map(|(b0, b1)| {
                let rii = (b1 + b0) / b0;
                if m < 0.0 { 1.0 / rii } else { rii }
            }))
        } else {
            Vec::new()
        };
        options
            .confidence
            .levels()
            .iter()
            .map(|&c| {
                let (lo, hi) = positions(c);
                [at(&siis, lo), at(&siis, hi), at(&riis, lo), at(&riis, hi)]
            })
            .collect()
    }
}

/// The values in ascending order, missing ones dropped (as R's `sort`).
fn sorted(values: impl Iterator<Item = f64>) -> Vec<f64> {
    let mut values: Vec<f64> = values.filter(|v| !v.is_nan()).collect();
    values.sort_by(f64::total_cmp);
    values
}

/// The value at a 1-based position, missing outside the vector.
fn at(sorted: &[f64], position: f64) -> f64 {
    if position >= 1.0 && position <= sorted.len() as f64 { sorted[position as usize - 1] } else { f64::NAN }
}

fn build_table(results: &[GroupResult], options: &SiiOptions) -> Table {
    let n = results.len();
    let conf = &options.confidence;
    let mut table = Table::new(n);
    let column = |f: &dyn Fn(&GroupResult) -> f64| results.iter().map(f).collect::<Vec<f64>>();
    table.number("sii", Role::Value, column(&|r| r.sii));
    if options.rii {
        table.number("rii", Role::Value, column(&|r| r.rii));
    }
    let limit = |level: usize, side: usize| column(&|r| r.limits[level][side]);
    let levels = conf.levels().len();
    if options.transform {
        for level in 0..levels {
            let tag = conf.level_tag(level);
            table.number(format!("sii_lower{tag}"), Role::Lower, limit(level, 0));
            table.number(format!("sii_upper{tag}"), Role::Upper, limit(level, 1));
            if options.rii {
                table.number(format!("rii_lower{tag}"), Role::Lower, limit(level, 2));
                table.number(format!("rii_upper{tag}"), Role::Upper, limit(level, 3));
            }
        }
    } else {
        let indices: &[(usize, &str)] = if options.rii { &[(0, "sii"), (2, "rii")] } else { &[(0, "sii")] };
        for &(first, index) in indices {
            for level in 0..levels {
                let tag = conf.level_tag(level);
                table.number(format!("{index}_lower{tag}cl"), Role::Lower, limit(level, first));
                table.number(format!("{index}_upper{tag}cl"), Role::Upper, limit(level, first + 1));
            }
        }
    }
    if options.reliability_stat {
        for level in 0..levels {
            let tag = conf.level_tag(level);
            table.number(format!("sii_mad{tag}"), Role::Data, column(&|r| r.mad[level].0));
            if options.rii {
                table.number(format!("rii_mad{tag}"), Role::Data, column(&|r| r.mad[level].1));
            }
        }
    }
    if options.intercept {
        table.number("intercept", Role::Data, column(&|r| r.intercept));
    }
    table.constant("indicator_type", Some(options.value_type.label().to_owned()));
    table.number("multiplier", Role::Metadata, vec![options.multiplier; n]);
    let transform = match (options.transform, options.value_type) {
        (true, ValueType::Rate) => "log",
        (true, ValueType::Proportion) => "logit",
        _ => "none",
    };
    table.constant("transform", Some(transform.to_owned()));
    table.constant("CI_confidence", conf.label());
    table.constant("CI_method", Some(format!("simulation {} reps", r_number(options.repetitions as f64))));
    table
}
