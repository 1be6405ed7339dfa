//! Statistical process control as NHS England's Making Data Count programme does it: the XmR
//! chart, its four special-cause rules, assurance against a target and the variation and
//! assurance icons, bit for bit as the R package NHSRplotthedots 0.2.2.
//!
//! # Method
//!
//! 1. **Segments.** A series (in time order) is split at its rebase positions; each segment
//!    has its own limits and rules, and no rule window crosses a segment boundary.
//! 2. **Limits** from the segment's baseline (its first `fix_after_n_points` points, or all
//!    of them): the centre line is the mean; the moving ranges are `|Δy|` between baseline
//!    points, screened once (those `>= 3.267 ×` their mean dropped) unless
//!    `screen_outliers` is off, which reproduces NHS England's Excel tools. Limits are the
//!    mean ± 2.66 × the average moving range, near limits ± 1.7733… × it. Every point of the
//!    segment is judged against them, including those after the baseline.
//! 3. **Rules**, in precedence order ([`SpecialCause`]): outside the limits; a 7-point trend;
//!    2 of 3 points close to a limit with all 3 on one side; 7 points on one side of the mean.
//!    [`PointType`] reads the label under the [`Improvement`] direction.
//! 4. **Assurance** ([`Assurance`]) compares the target with the last point's limits.
//!
//! The means are [correctly rounded](correctly_rounded_mean), which the labels need: a point
//! exactly on the mean breaks a run. The package's quirks are kept and each is tested: a
//! constant series has NaN limits when screened, a one-point segment has NaN limits, a
//! trend's label takes the sign of the next step, and groups of up to 12 points (not 11)
//! carry the short-group warning.
//!
//! **Missing values are refused** by [`xmr`], as an [`Error::Data`] naming each row: the
//! package's NA handling drops both neighbouring moving ranges and can fail outright, so a
//! caller must drop or fill a missing period explicitly.
//!
//! # The rest of the family
//!
//! [`chart_batch`] and [`chart_rows`] draw every [`ChartKind`] (P, P′, U, U′, run, T, G and
//! XmR) with qicharts2's limits and the same rules ([`Rules`], whose run lengths are
//! settings), point types and icons, keeping a missing value as a gap with its reason; each
//! part gets Anhøj's [`RunsAnalysis`]. [`annotations_by_row`] carries notes to points, and
//! [`propose_rebase`] proposes new parts at sustained shifts without making them.
//!
//! ```
//! use ics_outcomes::spc::{xmr, Assurance, Improvement, PointType, SpecialCause, VariationIcon, XmrOptions};
//! // Percentage of A&E attendances seen within 4 hours (higher is better), then a bad month.
//! let seen = [74.0, 76.0, 75.0, 77.0, 74.0, 76.0, 75.0, 77.0, 74.0, 76.0, 75.0, 77.0, 75.0, 60.0];
//! let options = XmrOptions { improvement: Improvement::Increase, target: Some(78.0), ..XmrOptions::default() };
//! let chart = xmr(&seen, &[], &options)?;
//! let last = chart.points.last().unwrap();
//! assert_eq!(last.special_cause, SpecialCause::BelowLcl);
//! assert_eq!(last.point_type, PointType::SpecialCauseConcern);
//! assert_eq!(chart.variation_icon, VariationIcon::ConcernLow);
//! // 78% lies within the limits: the process meets it some months and not others.
//! assert!(chart.segments[0].lpl < 78.0 && 78.0 < chart.segments[0].upl);
//! assert_eq!(chart.assurance, Some(Assurance::Inconsistent));
//! // Screening dropped the one big moving range; without it (as the Excel tools) the limits widen.
//! let excel = xmr(&seen, &[], &XmrOptions { screen_outliers: false, ..options })?;
//! assert!(excel.segments[0].upl > chart.segments[0].upl);
//! assert!(!chart.segments[0].short_group_warning); // 13 points is the least without one
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

pub(crate) use crate::util::label_enum;

mod analyse;
mod annotation;
mod assurance;
mod batch;
mod chart;
mod dates;
mod exact;
mod limits;
mod point_type;
mod rebase;
mod rows;
pub mod rules;
mod runs;
mod target;
mod trajectory;

pub use crate::spc_chart::ChartKind;
pub use annotation::{Annotation, annotations_by_row};
pub use assurance::{Assurance, AssuranceIcon, assurance_by_point};
pub use batch::{XmrBatch, XmrColumns, xmr_batch};
pub use chart::{ChartBatch, ChartColumns, ChartOptions, ChartPart, LimitsStatus, PointStatus, chart_batch};
pub use dates::date_ordinals;
pub use exact::correctly_rounded_mean;
pub use limits::{LIMIT, NEAR_LIMIT, SCREEN};
pub use point_type::{PointType, VariationIcon};
pub use rebase::{RebaseProposal, propose_rebase};
pub use rows::{ChartRows, RowChart, RowCharts, XmrRows, chart_rows, rebase_proposals, series_order, xmr_rows};
pub use rules::{Rules, SpecialCause};
pub use runs::{RunsAnalysis, RunsMethod, crossings_min, longest_run_max};
pub(crate) use target::target_spc;
pub use target::{TargetSeries, TargetSpc};
pub use trajectory::{RunRate, TrajectoryGap, run_rate, trajectory_gaps};

use std::collections::BTreeMap;
use std::fmt::Display;

use serde::{Deserialize, Serialize};

use crate::Error;
use crate::error::{DataKind, IssueKind, IssueLog};
use crate::stats::{Checks, Field};
use analyse::Analyser;

/// By default, segments of fewer points than this carry the short-group (trial limits)
/// warning. The package's code uses 13 although its message and documentation say "n < 12",
/// so a group of exactly 12 points is warned about.
pub const SHORT_GROUP_THRESHOLD: usize = 13;

/// The least `fix_after_n_points` the package accepts.
pub const MIN_FIX_AFTER_N_POINTS: usize = 12;

label_enum! {
    /// Which way is better for the metric (the package's `improvement_direction`).
    pub enum Improvement("improvement_direction") {
        /// Higher values are better.
        Increase => "increase",
        /// Neither: special causes are only high or low, and there is no assurance.
        Neutral => "neutral",
        /// Lower values are better.
        Decrease => "decrease",
    }
}

/// A metric's polarity in the package's words: the library has one "which way is better"
/// type, [`Polarity`](crate::Polarity), and SPC options keep the names NHS England's tools use.
impl From<crate::Polarity> for Improvement {
    fn from(polarity: crate::Polarity) -> Self {
        match polarity {
            crate::Polarity::HigherIsBetter => Improvement::Increase,
            crate::Polarity::LowerIsBetter => Improvement::Decrease,
            crate::Polarity::NoJudgement => Improvement::Neutral,
        }
    }
}

impl Improvement {
    /// +1 for increase, −1 for decrease, 0 for neutral.
    pub const fn sign(self) -> i8 {
        match self {
            Improvement::Increase => 1,
            Improvement::Decrease => -1,
            Improvement::Neutral => 0,
        }
    }
}

/// How to chart a series; the defaults are the package's (`increase`, screening on, limits
/// from all points, no target, short-group warning below 13 points).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct XmrOptions {
    /// Which way is better.
    pub improvement: Improvement,
    /// A target to judge assurance against; none gives no assurance.
    pub target: Option<f64>,
    /// Screen out moving ranges `>= 3.267 ×` their mean before setting the limits (the
    /// package's default); off reproduces NHS England's Excel tools.
    pub screen_outliers: bool,
    /// Set each segment's limits from its first this many points only (at least 12).
    pub fix_after_n_points: Option<usize>,
    /// Segments of fewer points than this are warned about (the package's option
    /// `ptd_spc.warning_threshold`); the warning changes no limit or label.
    pub short_group_threshold: usize,
    /// The special-cause rules and their run lengths (the package's by default).
    pub rules: Rules,
}

impl Default for XmrOptions {
    fn default() -> Self {
        XmrOptions {
            improvement: Improvement::Increase,
            target: None,
            screen_outliers: true,
            fix_after_n_points: None,
            short_group_threshold: SHORT_GROUP_THRESHOLD,
            rules: Rules::default(),
        }
    }
}

impl XmrOptions {
    /// Refuses a `fix_after_n_points` below 12 and a target that is not a finite number, with
    /// the package's messages.
    ///
    /// # Errors
    /// [`Error::Argument`] naming the option.
    pub fn check(&self) -> Result<(), Error> {
        if let Some(n) = self.fix_after_n_points.filter(|&n| n < MIN_FIX_AFTER_N_POINTS) {
            return Err(Error::argument(
                "fix_after_n_points",
                n,
                "fix_after_n_points must be a single numeric that is greater than or equal to 12.",
            ));
        }
        if let Some(target) = self.target.filter(|t| !t.is_finite()) {
            return Err(Error::argument("target", target, "target argument must be a single numeric."));
        }
        self.rules.check()
    }
}

/// One point of an XmR chart (a row of the package's output).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct XmrPoint {
    /// The value charted.
    pub value: f64,
    /// The centre line of the point's segment.
    pub mean: f64,
    /// Lower process limit (NaN when the segment's average moving range is unknown).
    pub lpl: f64,
    /// Upper process limit.
    pub upl: f64,
    /// Lower near limit, two thirds of the way out.
    pub nlpl: f64,
    /// Upper near limit.
    pub nupl: f64,
    /// +1 above the mean, −1 below, 0 exactly on it.
    pub relative_to_mean: i8,
    /// Strictly beyond a process limit; `None` when the limits are NaN.
    pub outside_limits: Option<bool>,
    /// Beyond a near limit but not outside; `None` when the limits are NaN.
    pub close_to_limits: Option<bool>,
    /// The rule that flags the point, by precedence.
    pub special_cause: SpecialCause,
    /// The special cause read under the improvement direction.
    pub point_type: PointType,
    /// Index of the point's segment in [`XmrSeries::segments`].
    pub segment: usize,
}

/// A run of points sharing one set of limits (the package's rebase group).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Segment {
    /// Position of the segment's first point in the series.
    pub start: usize,
    /// Number of points.
    pub len: usize,
    /// Number of points the limits were computed from (`fix_after_n_points` or `len`).
    pub baseline: usize,
    /// Centre line.
    pub mean: f64,
    /// Average moving range after screening; NaN when no moving range is left.
    pub amr: f64,
    /// Lower process limit.
    pub lpl: f64,
    /// Upper process limit.
    pub upl: f64,
    /// Lower near limit.
    pub nlpl: f64,
    /// Upper near limit.
    pub nupl: f64,
    /// Fewer points than [`XmrOptions::short_group_threshold`]: the limits are trial limits.
    pub short_group_warning: bool,
}

/// An XmR chart of one series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct XmrSeries {
    /// The improvement direction the points were read under.
    pub improvement: Improvement,
    /// The target assurance was judged against.
    pub target: Option<f64>,
    /// Every point, in time order.
    pub points: Vec<XmrPoint>,
    /// The segments, in time order.
    pub segments: Vec<Segment>,
    /// Assurance at the last point; `None` without a target or with a neutral direction.
    pub assurance: Option<Assurance>,
    /// The variation icon, from the last point's type.
    pub variation_icon: VariationIcon,
    /// The assurance icon, when there is assurance.
    pub assurance_icon: Option<AssuranceIcon>,
}

impl XmrSeries {
    /// The run rate over the last segment and the period at which it would meet `target`
    /// (see [`run_rate`]).
    ///
    /// # Errors
    /// As [`run_rate`]: a one-point last segment or a neutral direction.
    pub fn run_rate(&self, target: f64) -> Result<RunRate, Error> {
        let values: Vec<f64> = self.points.iter().map(|p| p.value).collect();
        let from = self.segments.last().map_or(0, |s| s.start);
        run_rate(&values, from, target, self.improvement)
    }
}

/// Charts `values` (in time order), starting a new segment at each position in `rebase`.
///
/// Position 0 and repeated positions change nothing.
///
/// # Errors
/// - [`Error::Argument`] for bad options (see [`XmrOptions::check`]), no values, or a rebase
///   position beyond the series.
/// - [`Error::Data`] naming each missing (NaN) or infinite value.
pub fn xmr(values: &[f64], rebase: &[usize], options: &XmrOptions) -> Result<XmrSeries, Error> {
    options.check()?;
    check_values(values)?;
    if values.is_empty() {
        return Err(Error::argument("values", "[]", "at least one value is needed"));
    }
    let mut starts = vec![0];
    for &position in rebase {
        if position >= values.len() {
            return Err(Error::argument(
                "rebase",
                position,
                format!("rebase positions must lie within the {} values", values.len()),
            ));
        }
        starts.push(position);
    }
    starts.sort_unstable();
    starts.dedup();
    let mut columns = XmrColumns::unset(values.len(), 1);
    let mut analyser = Analyser::default();
    let summary = analyser.run(values, &starts, options, options.target, batch::PointsMut::of(&mut columns));
    columns.segment_offsets = vec![0, analyser.segments.len()];
    columns.segments = std::mem::take(&mut analyser.segments);
    let c = &columns;
    let points = c
        .point_segments()
        .enumerate()
        .map(|(i, (number, segment))| XmrPoint {
            value: values[i],
            mean: segment.mean,
            lpl: segment.lpl,
            upl: segment.upl,
            nlpl: segment.nlpl,
            nupl: segment.nupl,
            relative_to_mean: c.relative_to_mean[i],
            outside_limits: c.outside_limits[i],
            close_to_limits: c.close_to_limits[i],
            special_cause: c.special_cause[i],
            point_type: c.point_type[i],
            segment: number,
        })
        .collect();
    Ok(XmrSeries {
        improvement: options.improvement,
        target: options.target,
        points,
        segments: columns.segments,
        assurance: summary.assurance,
        variation_icon: summary.variation_icon,
        assurance_icon: summary.assurance.map(Assurance::icon),
    })
}

/// A chart of keyed rows, with the input row behind each point.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyedXmr {
    /// For each point in time order, the index of its row in the input.
    pub rows: Vec<usize>,
    /// The chart.
    pub series: XmrSeries,
}

/// Charts rows given in any order: sorts them by `keys` (dates or [`Period`](crate::Period)s)
/// and starts a new segment at each key in `rebase`, as the package does with its date column.
///
/// # Errors
/// - [`Error::Argument`] when `keys` and `values` differ in length, or a rebase key is not
///   among the keys (the package would ignore it silently), and as [`xmr`].
/// - [`Error::Data`] naming each duplicate key (the package's "duplicate rows found") and, as
///   [`xmr`], each missing or infinite value.
pub fn xmr_by_key<K: Ord + Display>(
    keys: &[K],
    values: &[f64],
    rebase: &[K],
    options: &XmrOptions,
) -> Result<KeyedXmr, Error> {
    if keys.len() != values.len() {
        return Err(Error::argument(
            "keys",
            format!("{} keys", keys.len()),
            format!("one key is needed for each of the {} values", values.len()),
        ));
    }
    let mut first_row: BTreeMap<&K, usize> = BTreeMap::new();
    let mut log = IssueLog::default();
    for (row, key) in keys.iter().enumerate() {
        if let Some(&first) = first_row.get(key) {
            let reason = format!("duplicate rows found in 'keys' (first at keys[{first}])");
            log.push(format!("keys[{row}]"), key.to_string(), IssueKind::Invalid { reason });
        } else {
            first_row.insert(key, row);
        }
    }
    log.into_data(DataKind::Series, "xmr")?;
    let rows: Vec<usize> = first_row.values().copied().collect();
    let position: BTreeMap<&K, usize> = first_row.keys().enumerate().map(|(p, &k)| (k, p)).collect();
    let rebase = rebase
        .iter()
        .map(|key| {
            position
                .get(key)
                .copied()
                .ok_or_else(|| Error::argument("rebase", key, "rebase keys must be among the keys"))
        })
        .collect::<Result<Vec<usize>, Error>>()?;
    // Rows are checked in input order, so errors name the caller's rows.
    check_values(values)?;
    let sorted: Vec<f64> = rows.iter().map(|&row| values[row]).collect();
    Ok(KeyedXmr { series: xmr(&sorted, &rebase, options)?, rows })
}

/// Refuses missing (NaN) and infinite values, naming each row.
fn check_values(values: &[f64]) -> Result<(), Error> {
    if values.iter().all(|v| v.is_finite()) {
        return Ok(());
    }
    let mut checks = Checks::series("xmr");
    checks.rows_or_missing(
        Field::new("values", values),
        f64::is_infinite,
        "missing or infinite values cannot be charted: drop or fill the period first",
    );
    checks.finish()
}
