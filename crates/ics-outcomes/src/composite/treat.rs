//! Outlier treatment exactly as COINr's default `Treat`: a skewness and kurtosis check,
//! Winsorisation one extreme at a time, and a log transform when that is not enough.

use serde::{Deserialize, Serialize};

use super::impute::{mean_of, min_max};
use super::{Data, Meta};
use crate::Error;

/// The treatment settings, COINr's defaults by [`Default`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Treatment {
    /// At most this many points are Winsorised (COINr `winmax`, default 5). Tied extremes move
    /// together, so the count can pass the limit on the last step.
    pub winmax: usize,
    /// An indicator passes while |skewness| is below this (default 2)...
    pub skew_threshold: f64,
    /// ...or its kurtosis is below this (default 3.5).
    pub kurtosis_threshold: f64,
    /// Applied when Winsorisation fails to bring the indicator within the thresholds.
    pub fallback: Fallback,
    /// Apply the fallback to the Winsorised values rather than the original ones (COINr
    /// `combine_treat`, default false).
    pub combine: bool,
    /// Indicators left as they are (COINr `indiv_specs = "none"`).
    pub skip: Vec<String>,
}

impl Default for Treatment {
    fn default() -> Self {
        Treatment {
            winmax: 5,
            skew_threshold: 2.0,
            kurtosis_threshold: 3.5,
            fallback: Fallback::LogCt,
            combine: false,
            skip: Vec::new(),
        }
    }
}

/// The second-stage transform (COINr `f2`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum Fallback {
    /// Keep the Winsorised values.
    None,
    /// `log(x − min + 0.01·(max − min))`, COINr's default `log_CT`.
    LogCt,
    /// `log(x − min + 1)`, the COIN Tool's original (`log_CT_orig`).
    LogCtOriginal,
    /// `log_CT`, mirrored as `−log(max + a − x)` for a negatively skewed indicator
    /// (`log_CT_plus`).
    LogCtPlus,
    /// Box-Cox `(y^λ − 1)/λ` (`log y` at λ = 0) of `y = x − min + 1`.
    BoxCox {
        /// The exponent λ.
        lambda: f64,
    },
}

/// Skewness and kurtosis of an indicator at one stage, and whether it passes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Shape {
    /// Sample skewness ([`skewness`]).
    pub skewness: f64,
    /// Excess kurtosis ([`kurtosis`]).
    pub kurtosis: f64,
    /// |skewness| below its threshold or kurtosis below its threshold.
    pub passes: bool,
}

/// What was done to an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TreatmentKind {
    /// It passed the check as it was.
    None,
    /// Winsorisation brought it within the thresholds (or the fallback is `None`).
    Winsorised,
    /// The fallback transform was applied.
    Transformed,
    /// Named in [`Treatment::skip`].
    Skipped,
    /// Fewer than four values, or no spread: skewness or kurtosis cannot be computed, so
    /// it is left as it is (as COINr does when its check returns `NA`).
    NotAssessable,
}

impl TreatmentKind {
    /// The kind's name, as tables print it (`none`, `winsorised`, ...).
    pub fn name(self) -> &'static str {
        match self {
            TreatmentKind::None => "none",
            TreatmentKind::Winsorised => "winsorised",
            TreatmentKind::Transformed => "transformed",
            TreatmentKind::Skipped => "skipped",
            TreatmentKind::NotAssessable => "not_assessable",
        }
    }
}

impl std::fmt::Display for TreatmentKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// How one value was changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PointTreatment {
    /// Lowered to the next highest value (COINr "winhi").
    WinsorisedHigh,
    /// Raised to the next lowest value ("winlo").
    WinsorisedLow,
    /// Transformed by the fallback.
    Transformed,
}

/// One changed value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TreatedPoint {
    /// The unit's code.
    pub unit: String,
    /// What happened to its value.
    pub how: PointTreatment,
}

/// The treatment of one indicator, COINr's `Dets_Table` row and `Treated_Points`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct TreatmentRecord {
    /// The indicator.
    pub code: String,
    /// What was done.
    pub treatment: TreatmentKind,
    /// Points Winsorised (COINr `nwin`): the extremes moved at the last step, ties included.
    pub winsorised: usize,
    /// Shape before treatment.
    pub before: Option<Shape>,
    /// Shape after Winsorisation, if it was tried.
    pub after_winsorisation: Option<Shape>,
    /// Shape after the fallback, if it was applied (recorded, not enforced).
    pub after_transform: Option<Shape>,
    /// The values changed.
    pub points: Vec<TreatedPoint>,
}

/// Treated indicator data with one record per indicator.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Treated {
    /// The treated indicators, in the metadata's order.
    pub data: Data,
    /// What was done to each indicator, in the same order.
    pub log: Vec<TreatmentRecord>,
}

impl Treated {
    /// The log as a [`TableKind::TreatmentLog`](crate::table::TableKind::TreatmentLog): one
    /// row per indicator with what was done, the points Winsorised, and its shape before
    /// treatment.
    pub fn log_table(&self) -> crate::table::Table {
        let log = &self.log;
        crate::table::TableBuilder::new(crate::table::TableKind::TreatmentLog, log.len())
            .text("iCode", log.iter().map(|r| Some(r.code.as_str())))
            .text("treatment", log.iter().map(|r| Some(r.treatment.name())))
            .count("winsorised", log.iter().map(|r| Some(r.winsorised)))
            .float("skewness", log.iter().map(|r| r.before.map(|s| s.skewness)))
            .float("kurtosis", log.iter().map(|r| r.before.map(|s| s.kurtosis)))
            .finish()
    }
}

/// Sample skewness as e1071 type 2 and Excel `SKEW`, over the present values:
/// `g·√(n(n−1))/(n−2)` with `g = √n·Σd³/(Σd²)^{3/2}`. `None` below three values.
pub fn skewness(x: &[f64]) -> Option<f64> {
    let (n, d2, d3, _) = moments(x);
    (n >= 3.0).then(|| n.sqrt() * d3 / d2.powf(1.5) * (n * (n - 1.0)).sqrt() / (n - 2.0))
}

/// Excess kurtosis as e1071 type 2 and Excel `KURT`, over the present values:
/// `((n+1)(r−3)+6)(n−1)/((n−2)(n−3))` with `r = n·Σd⁴/(Σd²)²`. `None` below four values.
pub fn kurtosis(x: &[f64]) -> Option<f64> {
    let (n, d2, _, d4) = moments(x);
    (n >= 4.0).then(|| {
        let r = n * d4 / (d2 * d2);
        ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
    })
}

/// Count and sums of squared, cubed and fourth-power deviations from the mean.
fn moments(x: &[f64]) -> (f64, f64, f64, f64) {
    let present: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    let mean = mean_of(&present);
    present.iter().fold((present.len() as f64, 0.0, 0.0, 0.0), |(n, s2, s3, s4), v| {
        let d = v - mean;
        (n, s2 + d * d, s3 + d * d * d, s4 + d * d * d * d)
    })
}

/// Treats every indicator of `data` under `spec`.
pub fn treat(data: &Data, meta: &Meta, spec: &Treatment) -> Result<Treated, Error> {
    if let Some(code) = spec.skip.iter().find(|c| meta.indicators().iter().all(|n| &n.code != *c)) {
        return Err(Error::argument("skip", code, "not an indicator"));
    }
    for (name, value) in [("skew_threshold", spec.skew_threshold), ("kurtosis_threshold", spec.kurtosis_threshold)] {
        if !value.is_finite() {
            return Err(Error::argument(name, value, "must be finite"));
        }
    }
    let mut out = data.indicators(meta, "iData")?;
    let mut log = Vec::with_capacity(out.codes().len());
    for j in 0..out.codes().len() {
        let code = out.codes()[j].clone();
        let units = out.units();
        let record = if spec.skip.contains(&code) {
            TreatmentRecord::untreated(code, TreatmentKind::Skipped, None)
        } else {
            let original = out.column_at(j).to_vec();
            let (record, treated) = treat_column(code, &original, units, spec);
            out.column_at_mut(j).copy_from_slice(&treated);
            record
        };
        log.push(record);
    }
    Ok(Treated { data: out, log })
}

impl TreatmentRecord {
    fn untreated(code: String, treatment: TreatmentKind, before: Option<Shape>) -> Self {
        TreatmentRecord {
            code,
            treatment,
            winsorised: 0,
            before,
            after_winsorisation: None,
            after_transform: None,
            points: Vec::new(),
        }
    }
}

impl Treatment {
    /// The check (COINr `check_SkewKurt`); `None` when it returns `NA`.
    fn shape(&self, x: &[f64]) -> Option<Shape> {
        let (skewness, kurtosis) = (skewness(x)?, kurtosis(x)?);
        if !skewness.is_finite() || !kurtosis.is_finite() {
            return None;
        }
        let passes = skewness.abs() < self.skew_threshold || kurtosis < self.kurtosis_threshold;
        Some(Shape { skewness, kurtosis, passes })
    }
}

/// Treats one column; returns the record and the treated values.
fn treat_column(code: String, x: &[f64], units: &[String], spec: &Treatment) -> (TreatmentRecord, Vec<f64>) {
    let Some(before) = spec.shape(x) else {
        return (TreatmentRecord::untreated(code, TreatmentKind::NotAssessable, None), x.to_vec());
    };
    if before.passes {
        return (TreatmentRecord::untreated(code, TreatmentKind::None, Some(before)), x.to_vec());
    }
    let mut y = x.to_vec();
    let (mut high, mut low): (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    let mut shape = Some(before);
    while shape.is_some_and(|s| !s.passes) && high.len() + low.len() < spec.winmax {
        // The skew of the current values decides the end (COINr: `skew(x) >= 0` is high).
        let upper = skewness(&y).is_some_and(|s| s >= 0.0);
        let (extreme, next) = extremes(&y, upper);
        let Some(next) = next else { break };
        let moved: Vec<usize> = (0..y.len()).filter(|&u| y[u] == extreme).collect();
        moved.iter().for_each(|&u| y[u] = next);
        if upper {
            high = moved
        } else {
            low = moved
        }
        shape = spec.shape(&y);
    }
    let Some(after) = shape else {
        // COINr returns the untreated vector when its check gives NA.
        return (TreatmentRecord::untreated(code, TreatmentKind::NotAssessable, Some(before)), x.to_vec());
    };
    let winsorised = high.len() + low.len();
    let mut points: Vec<TreatedPoint> = high
        .iter()
        .map(|&u| (u, PointTreatment::WinsorisedHigh))
        .chain(low.iter().map(|&u| (u, PointTreatment::WinsorisedLow)))
        .map(|(u, how)| TreatedPoint { unit: units[u].clone(), how })
        .collect();
    let mut record = TreatmentRecord {
        code,
        treatment: TreatmentKind::Winsorised,
        winsorised,
        before: Some(before),
        after_winsorisation: Some(after),
        after_transform: None,
        points: Vec::new(),
    };
    if after.passes || spec.fallback == Fallback::None {
        record.points = points;
        return (record, y);
    }
    let base = if spec.combine { &y } else { x };
    let z = spec.fallback.apply(base);
    record.treatment = TreatmentKind::Transformed;
    record.after_transform = spec.shape(&z);
    if !spec.combine {
        points.clear();
        record.winsorised = 0;
    }
    let transformed = (0..z.len())
        .filter(|&u| !z[u].is_nan())
        .map(|u| TreatedPoint { unit: units[u].clone(), how: PointTreatment::Transformed });
    points.extend(transformed);
    record.points = points;
    (record, z)
}

/// The current extreme at one end and the next value inside it (none if all are equal).
fn extremes(y: &[f64], upper: bool) -> (f64, Option<f64>) {
    let (min, max) = min_max(y);
    let extreme = if upper { max } else { min };
    let inside = y.iter().copied().filter(|v| !v.is_nan() && *v != extreme);
    let next = if upper { inside.reduce(f64::max) } else { inside.reduce(f64::min) };
    (extreme, next)
}

impl Fallback {
    fn apply(self, x: &[f64]) -> Vec<f64> {
        let (min, max) = min_max(x);
        let a = 0.01 * (max - min);
        match self {
            Fallback::None => x.to_vec(),
            Fallback::LogCt => x.iter().map(|v| (v - min + a).ln()).collect(),
            Fallback::LogCtOriginal => x.iter().map(|v| (v - min + 1.0).ln()).collect(),
            Fallback::LogCtPlus if skewness(x).is_some_and(|s| s < 0.0) => {
                x.iter().map(|v| -(max + a - v).ln()).collect()
            }
            Fallback::LogCtPlus => Fallback::LogCt.apply(x),
            Fallback::BoxCox { lambda } => x
                .iter()
                .map(|v| {
                    let y = v - min + 1.0;
                    if lambda == 0.0 { y.ln() } else { (y.powf(lambda) - 1.0) / lambda }
                })
                .collect(),
        }
    }
}
