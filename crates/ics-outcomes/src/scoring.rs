//! Equal-weighted, explained scoring of every ICS on its national and local priorities.
//!
//! For each area the scorer judges every target at the period, shares weight under the
//! [`Weighting`] policy, and lists one [`Contribution`] per target. The overall score is
//! *defined* as the sum of the contributions, so an explanation always adds up exactly to
//! the score it explains. Weights are exact fractions; the total is computed exactly and
//! rounded once, so equal scores are equal to the last digit and ties share a rank.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::disclosure::PublicStatus;
use crate::error::{DataKind, Error, IssueKind, IssueLog};
use crate::framework::{LocalFramework, NationalFramework, Priority, Target, Tier};
use crate::geography::{Area, AreaLevel, Geography};
use crate::metric::{Metric, MetricStatistic, Polarity, Unit};
use crate::observation::{AreaRows, Observations};
use crate::period::Period;
use crate::rounding::Rounding;
use crate::spc::{ChartKind, TargetSeries, TargetSpc, target_spc};
use crate::stats::{Benchmark, BenchmarkTest, Comparison, compare};
use crate::table::{Table, TableBuilder, TableKind};
use crate::target::{Attainment, Evaluation, Judging, TargetRule};
use crate::vintage::Vintages;
use crate::weight::{Weight, apportion, weighted_total};
use crate::weighting::{MissingData, Scored, Weighting};

/// The settings of a scoring run, recorded with its result so it can be replayed.
///
/// ```
/// use ics_outcomes::{defaults, score, Period, ScoreOptions, Weighting};
/// let (national, locals, observations, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::observations(), defaults::geography());
/// let q4: Period = "2025/26 Q4".parse().unwrap();
/// let options = ScoreOptions { period: Some(q4), weighting: Weighting::EqualPerTarget, spc: false, ..ScoreOptions::default() };
/// let card = score(&national, &locals, &observations, &geography, &options)?;
/// assert_eq!((card.period, &card.options.weighting), (q4, &Weighting::EqualPerTarget));
/// assert!(card.areas.iter().flat_map(|a| &a.contributions).all(|c| c.spc.is_none()));
/// // A period the data do not hold is refused, unless asked to score it as no data.
/// let absent = ScoreOptions { period: Some("2030/31 Q1".parse().unwrap()), ..ScoreOptions::default() };
/// assert!(score(&national, &locals, &observations, &geography, &absent).is_err());
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoreOptions {
    /// The period to judge; when `None`, the latest period well covered by the data
    /// ([`Observations::default_period`]), so a stray later row does not take over.
    pub period: Option<Period>,
    /// How weight is shared between priorities.
    pub weighting: Weighting,
    /// What happens to targets with no data.
    pub missing: MissingData,
    /// Which areas to score: every area at this level (systems by default).
    pub level: Option<AreaLevel>,
    /// Chart each target's history (SPC variation and assurance, [`Contribution::spc`]); on
    /// by default. About 3 µs a target: turn it off to score many thousands of places fast.
    #[serde(default = "charted")]
    pub spc: bool,
    /// Whether a `period` absent from the data scores every area as having no data, rather
    /// than being an error (which catches a mistyped period). Batch engines set it: one
    /// batch may hold none of the period's rows.
    #[serde(default)]
    pub absent_period_unscored: bool,
}

fn charted() -> bool {
    true
}

impl ScoreOptions {
    /// The level whose areas are scored: `level`, or systems when none is named.
    ///
    /// ```
    /// use ics_outcomes::{AreaLevel, ScoreOptions};
    /// assert_eq!(ScoreOptions::default().scored_level(), AreaLevel::System);
    /// ```
    pub fn scored_level(&self) -> AreaLevel {
        self.level.unwrap_or(AreaLevel::System)
    }
}

impl Default for ScoreOptions {
    /// The latest period, equal weight per priority, missing data excluded, systems, SPC on.
    fn default() -> Self {
        ScoreOptions {
            period: None,
            weighting: Weighting::default(),
            missing: MissingData::default(),
            level: None,
            spc: true,
            absent_period_unscored: false,
        }
    }
}

/// One target's part in an area's score.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions, Tier};
/// let card = score(
///     &defaults::national_framework(),
///     &defaults::local_frameworks(),
///     &defaults::observations(),
///     &defaults::geography(),
///     &ScoreOptions::default(),
/// )?;
/// let gm = card.area("QOP")?;
/// let ae = gm.contributions.iter().find(|c| &*c.target == "ae_82pct_4h").unwrap();
/// assert_eq!((&*ae.priority, &*ae.metric, ae.tier), ("urgent_care", "ae_4h", Tier::National));
/// assert_eq!(ae.shown_contribution(), Some(ae.contribution));
/// let sum: rust_decimal::Decimal = gm.contributions.iter().map(|c| c.contribution).sum();
/// assert_eq!(Some(sum), gm.overall);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Contribution {
    /// The priority the target belongs to.
    pub priority: Arc<str>,
    /// National or local.
    pub tier: Tier,
    /// The target.
    pub target: Arc<str>,
    /// Its metric.
    pub metric: Arc<str>,
    /// Whether a local trajectory replaced the national threshold for this area.
    pub local_trajectory: bool,
    /// The judgement: observed, published and required values, attainment, score.
    pub evaluation: Evaluation,
    /// The observation's numerator and denominator, when the data gave both: the counts the
    /// value rests on, which disclosure control ([`crate::disclosure`]) checks.
    pub counts: Option<(Decimal, Decimal)>,
    /// Whether the metric's unit is a count: its value is itself a count of people or
    /// events, which disclosure control checks as it checks numerators.
    pub count_metric: bool,
    /// The target's exact share of the overall score (zero when excluded).
    pub weight: Weight,
    /// `evaluation.score * weight`.
    pub contribution: Decimal,
    /// Whether the target was left out for want of data.
    pub excluded: bool,
    /// Whether disclosure control withheld the score and contribution (both zero here): a
    /// partial score is a linear function of a suppressed value and would give it back.
    pub withheld: bool,
    /// For a metric that declares its statistic: the value's 95% interval and how it
    /// compares with England's.
    pub benchmark: Option<Box<BenchmarkComparison>>,
    /// The Making Data Count verdict: the XmR chart of the area's history of the metric up to
    /// the scored period, its variation and its assurance against the requirement; `None`
    /// with fewer than two periods of data.
    pub spc: Option<Box<TargetSpc>>,
}

impl Contribution {
    /// The score to show: `None` when [withheld](Self::withheld).
    pub fn shown_score(&self) -> Option<Decimal> {
        (!self.withheld).then_some(self.evaluation.score)
    }

    /// The contribution to show: `None` when [withheld](Self::withheld).
    pub fn shown_contribution(&self) -> Option<Decimal> {
        (!self.withheld).then_some(self.contribution)
    }
}

/// A value's 95% confidence interval and its comparison with England, as Fingertips shows
/// it: significantly better or worse when the interval excludes England's value.
///
/// The limits come from the numerator and denominator by the metric's declared
/// [`MetricStatistic`] (Wilson for proportions, exact or Byar's for rates), computed in `f64`
/// and shown to 6 decimal places; England's value is the sum of all scored areas'
/// numerators over the sum of their denominators.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions};
/// let card = score(
///     &defaults::national_framework(),
///     &defaults::local_frameworks(),
///     &defaults::observations(),
///     &defaults::geography(),
///     &ScoreOptions::default(),
/// )?;
/// let top = &card.areas[0];
/// let ae = top.contributions.iter().find(|c| &*c.metric == "ae_4h").unwrap();
/// let benchmark = ae.benchmark.as_deref().unwrap();
/// let value = ae.evaluation.observed.unwrap();
/// assert!(benchmark.lower <= value && value <= benchmark.upper);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BenchmarkComparison {
    /// Lower 95% limit, in the metric's unit.
    pub lower: Decimal,
    /// Upper 95% limit, in the metric's unit.
    pub upper: Decimal,
    /// England's value, in the metric's unit.
    pub england: Decimal,
    /// Better, similar or worse than England (higher or lower without polarity).
    pub comparison: Comparison,
}

/// The confidence level of benchmark comparisons in scorecards (Fingertips' default).
///
/// ```
/// assert_eq!(ics_outcomes::BENCHMARK_CONFIDENCE, 0.95);
/// ```
pub const BENCHMARK_CONFIDENCE: f64 = 0.95;

/// One priority's result for one area.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions, Tier, Weight};
/// let card = score(
///     &defaults::national_framework(),
///     &defaults::local_frameworks(),
///     &defaults::observations(),
///     &defaults::geography(),
///     &ScoreOptions::default(),
/// )?;
/// let gm = card.area("QOP")?;
/// assert_eq!(gm.priorities.len(), 7 + 3);
/// assert_eq!(gm.priorities.iter().filter(|p| p.tier == Tier::Local).count(), 3);
/// // Under the default weighting every scored priority weighs the same.
/// let scored: Vec<_> = gm.priorities.iter().filter(|p| p.score.is_some()).collect();
/// let each = Weight::new(1, scored.len() as u128);
/// assert!(scored.iter().all(|p| Some(p.weight) == each));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PriorityScore {
    /// The priority.
    pub id: Arc<str>,
    /// National or local.
    pub tier: Tier,
    /// Its exact weight (zero when none of its targets had data).
    pub weight: Weight,
    /// The mean score of its scored targets, `None` when none was scored.
    pub score: Option<Decimal>,
}

/// One area's result.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions, Weight};
/// let card = score(
///     &defaults::national_framework(),
///     &defaults::local_frameworks(),
///     &defaults::observations(),
///     &defaults::geography(),
///     &ScoreOptions::default(),
/// )?;
/// let gm = card.area("QOP")?;
/// assert_eq!((gm.code.as_str(), gm.alt_code.as_deref()), ("E54000057", Some("QOP")));
/// assert!(gm.rank.is_some() && gm.local.is_some());
/// assert_eq!(gm.total_weight(), Some(Weight::ONE));
/// assert_eq!(gm.contributions.len(), gm.targets_judged + gm.targets_no_data);
/// assert_eq!(gm.table().rows(), gm.contributions.len());
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AreaScore {
    /// Primary code (ONS E54 for an ICS).
    pub code: String,
    /// Alternative code (ODS Q code for an ICS).
    pub alt_code: Option<String>,
    /// Name.
    pub name: String,
    /// Rank by overall score, 1 the best; ties share the best rank. `None` when nothing
    /// could be scored.
    pub rank: Option<usize>,
    /// The sum of the contributions, in `[0, 1]`; `None` when nothing could be scored.
    pub overall: Option<Decimal>,
    /// The weighted mean score of the national tier.
    pub national: Option<Decimal>,
    /// The weighted mean score of the local tier (`None` without local priorities).
    pub local: Option<Decimal>,
    /// Targets met.
    pub targets_met: usize,
    /// Targets on track (trajectories before their goal period).
    pub targets_on_track: usize,
    /// Targets judged (met, not met, on track or off track).
    pub targets_judged: usize,
    /// Targets with no data.
    pub targets_no_data: usize,
    /// Per-priority results.
    pub priorities: Vec<PriorityScore>,
    /// One row per target, adding up exactly to `overall`.
    pub contributions: Vec<Contribution>,
}

impl AreaScore {
    /// The exact sum of the weights of the targets that count (excluded ones weigh zero).
    pub fn total_weight(&self) -> Option<Weight> {
        self.contributions.iter().try_fold(Weight::ZERO, |sum, c| sum.checked_add(c.weight))
    }
}

/// The result of a scoring run: every area, ranked, with its explanation.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions};
/// let card = score(
///     &defaults::national_framework(),
///     &defaults::local_frameworks(),
///     &defaults::observations(),
///     &defaults::geography(),
///     &ScoreOptions::default(),
/// )?;
/// assert_eq!(card.period.to_string(), "2026/27 Q4");
/// assert_eq!(card.framework, ("ics-national-2026-27".to_owned(), "2026/27.1".to_owned()));
/// assert!(card.data_label.as_deref().unwrap().starts_with("SYNTHETIC DATA"));
/// assert_eq!(card.area("QOP")?.code, "E54000057");
/// assert!(card.area("QXX").is_err());
/// assert_eq!(card.table().rows(), 36);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Scorecard {
    /// The period judged.
    pub period: Period,
    /// The national framework's id and version.
    pub framework: (String, String),
    /// The settings used.
    pub options: ScoreOptions,
    /// The data's label (for the embedded default: that it is synthetic).
    pub data_label: Option<String>,
    /// One row per area, best first (ties and unscored areas by code).
    pub areas: Vec<AreaScore>,
    /// The metrics the targets are on, so that a value can be shown in its unit and a chart
    /// drawn the right way up without the frameworks at hand.
    #[serde(default)]
    pub metrics: ScoredMetrics,
}

/// The metrics of a scorecard's targets: the national framework's, and each local
/// framework's own under its ICS's code.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions, Unit};
/// let card = score(
///     &defaults::national_framework(),
///     &defaults::local_frameworks(),
///     &defaults::observations(),
///     &defaults::geography(),
///     &ScoreOptions::default(),
/// )?;
/// assert_eq!(card.metrics.national.len(), 16);
/// // Greater Manchester sees its own metrics; other ICSs do not.
/// assert_eq!(card.metrics.get("E54000057", "gm_smoking_prevalence").unwrap().decimals, 1);
/// assert!(card.metrics.get("E54000008", "gm_smoking_prevalence").is_none());
/// assert_eq!(card.metrics.get("E54000008", "ae_4h").unwrap().unit, Unit::Percentage);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScoredMetrics {
    /// The national framework's metrics.
    pub national: Vec<Metric>,
    /// Each local framework's own metrics, by its ICS's primary code.
    pub local: BTreeMap<String, Vec<Metric>>,
}

impl ScoredMetrics {
    fn of(national: &NationalFramework, locals: &[LocalFramework]) -> Self {
        ScoredMetrics {
            national: national.metrics().to_vec(),
            local: locals
                .iter()
                .filter(|l| !l.metrics().is_empty())
                .map(|l| (l.area_code().to_owned(), l.metrics().to_vec()))
                .collect(),
        }
    }

    /// The metric `id` as the area `code` sees it: its local framework's own, else the
    /// national one.
    pub fn get(&self, code: &str, id: &str) -> Option<&Metric> {
        let local = self.local.get(code).and_then(|metrics| metrics.iter().find(|m| m.id == id));
        local.or_else(|| self.national.iter().find(|m| m.id == id))
    }
}

impl Scorecard {
    /// The result for one area, by either of its codes.
    pub fn area(&self, code: &str) -> Result<&AreaScore, Error> {
        self.areas.iter().find(|a| a.code == code || a.alt_code.as_deref() == Some(code)).ok_or_else(|| {
            Error::NotFound {
                what: "area",
                value: code.to_owned(),
                hint: format!(
                    ": the scorecard holds {} areas; use an ONS (E54...) or ODS (Q..) code",
                    self.areas.len()
                ),
            }
        })
    }
}

impl Scorecard {
    /// The league table: one row per area, best first ([`TableKind::Scorecard`]).
    pub fn table(&self) -> Table {
        let areas: Vec<&AreaScore> = self.areas.iter().collect();
        league_columns(TableBuilder::new(TableKind::Scorecard, areas.len()), &areas).finish()
    }

    /// Every target of every area in league-table order, each row led by its area's codes
    /// and rank ([`TableKind::Targets`]).
    pub fn targets_table(&self) -> Table {
        let rows: Vec<(&AreaScore, &Contribution)> =
            self.areas.iter().flat_map(|a| a.contributions.iter().map(move |c| (a, c))).collect();
        let builder = TableBuilder::new(TableKind::Targets, rows.len())
            .text("code", rows.iter().map(|(a, _)| Some(a.code.as_str())))
            .text("ods", rows.iter().map(|(a, _)| a.alt_code.as_deref()))
            .count("rank", rows.iter().map(|(a, _)| a.rank));
        contribution_columns(builder, &rows.iter().map(|(_, c)| *c).collect::<Vec<_>>()).finish()
    }
}

impl AreaScore {
    /// How each target contributed to the overall score ([`TableKind::Explanation`]).
    pub fn table(&self) -> Table {
        let rows: Vec<&Contribution> = self.contributions.iter().collect();
        contribution_columns(TableBuilder::new(TableKind::Explanation, rows.len()), &rows).finish()
    }

    /// The explanation with each row's public disclosure status
    /// ([`TableKind::ProtectedExplanation`]); `status` holds one per contribution.
    pub fn protected_table(&self, status: &[PublicStatus]) -> Table {
        let rows: Vec<&Contribution> = self.contributions.iter().collect();
        contribution_columns(TableBuilder::new(TableKind::ProtectedExplanation, rows.len()), &rows)
            .text("disclosure", (0..rows.len()).map(|i| status.get(i).map(|s| s.as_str())))
            .finish()
    }
}

/// The league tables of scorecards of several periods, one after another in the order
/// given, each row led by its period ([`TableKind::LeagueTables`]): what [`score_periods`]
/// gives, as one long table.
///
/// ```
/// use ics_outcomes::{defaults, league_tables, score_periods, ScoreOptions};
/// let observations = defaults::observations();
/// let periods = &observations.periods()[..2];
/// let cards = score_periods(&defaults::national_framework(), &defaults::local_frameworks(), &observations,
///     &defaults::geography(), &ScoreOptions::default(), periods)?;
/// let table = league_tables(&cards);
/// assert_eq!(table.rows(), 2 * 36);
/// assert_eq!(table.text(36, "period"), Some(periods[1].to_string()));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn league_tables(cards: &[Scorecard]) -> Table {
    // Each period is written once, however many areas its card holds.
    let names: Vec<String> = cards.iter().map(|c| c.period.to_string()).collect();
    let periods = cards.iter().zip(&names).flat_map(|(c, name)| c.areas.iter().map(move |_| Some(name.as_str())));
    let areas: Vec<&AreaScore> = cards.iter().flat_map(|c| &c.areas).collect();
    let builder = TableBuilder::new(TableKind::LeagueTables, areas.len()).text("period", periods);
    league_columns(builder, &areas).finish()
}

/// [`league_tables`] of [`score_periods`] without their explanations: every target is
/// judged and weighed, and the totals summed exactly and rounded once, as [`score`] does, but
/// no contribution is built (nor SPC chart, nor benchmark), which is most of a scorecard's
/// time and memory. The same table, in the same order.
///
/// ```
/// use ics_outcomes::{defaults, league_tables, score_league_tables, score_periods, ScoreOptions};
/// let (national, locals, observations, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::observations(), defaults::geography());
/// let periods = &observations.periods()[10..];
/// let options = ScoreOptions::default();
/// let fast = score_league_tables(&national, &locals, &observations, &geography, &options, periods)?;
/// let full = league_tables(&score_periods(&national, &locals, &observations, &geography, &options, periods)?);
/// assert_eq!(fast.rows(), 2 * 36);
/// assert_eq!(fast, full);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
///
/// # Errors
/// As [`score_periods`].
pub fn score_league_tables(
    national: &NationalFramework,
    locals: &[LocalFramework],
    observations: &Observations,
    geography: &Geography,
    options: &ScoreOptions,
    periods: &[Period],
) -> Result<Table, Error> {
    let periods = chosen_periods(observations, periods, options.absent_period_unscored)?;
    Ok(league_tables(&score_each(national, locals, observations, geography, options, &periods, false)?))
}

/// The league table's columns of `areas`.
fn league_columns(builder: TableBuilder, a: &[&AreaScore]) -> TableBuilder {
    builder
        .count("rank", a.iter().map(|a| a.rank))
        .text("code", a.iter().map(|a| Some(a.code.as_str())))
        .text("ods", a.iter().map(|a| a.alt_code.as_deref()))
        .text("name", a.iter().map(|a| Some(a.name.as_str())))
        .decimal("overall", a.iter().map(|a| a.overall))
        .decimal("national", a.iter().map(|a| a.national))
        .decimal("local", a.iter().map(|a| a.local))
        .count("targets_met", a.iter().map(|a| Some(a.targets_met)))
        .count("targets_on_track", a.iter().map(|a| Some(a.targets_on_track)))
        .count("targets_judged", a.iter().map(|a| Some(a.targets_judged)))
        .count("targets_no_data", a.iter().map(|a| Some(a.targets_no_data)))
}

/// The explanation's columns of `rows`.
fn contribution_columns(builder: TableBuilder, rows: &[&Contribution]) -> TableBuilder {
    let c = || rows.iter().copied();
    let benchmark = || c().map(|c| c.benchmark.as_ref());
    let spc = || c().map(|c| c.spc.as_ref());
    builder
        .text("priority", c().map(|c| Some(&*c.priority)))
        .text("tier", c().map(|c| Some(c.tier.to_string())))
        .text("target", c().map(|c| Some(&*c.target)))
        .text("metric", c().map(|c| Some(&*c.metric)))
        .decimal("observed", c().map(|c| c.evaluation.observed))
        .decimal("published", c().map(|c| c.evaluation.published))
        .decimal("required", c().map(|c| c.evaluation.required))
        .decimal("baseline", c().map(|c| c.evaluation.baseline))
        .text("attainment", c().map(|c| Some(c.evaluation.attainment.to_string())))
        .decimal("gap", c().map(|c| c.evaluation.gap))
        .decimal("score", c().map(Contribution::shown_score))
        .text("weight", c().map(|c| Some(c.weight.to_string())))
        .decimal("contribution", c().map(Contribution::shown_contribution))
        .flag("local_trajectory", c().map(|c| Some(c.local_trajectory)))
        .flag("excluded", c().map(|c| Some(c.excluded)))
        .decimal("lowercl", benchmark().map(|b| b.map(|b| b.lower)))
        .decimal("uppercl", benchmark().map(|b| b.map(|b| b.upper)))
        .decimal("england", benchmark().map(|b| b.map(|b| b.england)))
        .text("vs_england", benchmark().map(|b| b.map(|b| b.comparison.label())))
        .text("variation", spc().map(|s| s.map(|s| s.variation.as_str())))
        .text("assurance", spc().map(|s| s.and_then(|s| s.assurance).map(|a| a.as_str())))
        .count("spc_points", spc().map(|s| s.map(|s| s.points)))
        .decimal("process_mean", spc().map(|s| s.and_then(|s| s.mean)))
        .decimal("process_lpl", spc().map(|s| s.and_then(|s| s.lpl)))
        .decimal("process_upl", spc().map(|s| s.and_then(|s| s.upl)))
        .text("note", c().map(|c| c.evaluation.note.as_deref()))
}

/// A target ready to judge: its rule, how its metric is published, and its ids, shared by
/// every area's explanation.
struct Prepared<'a> {
    priority: &'a Priority,
    target: &'a Target,
    metric: Option<u32>,
    decimals: u32,
    ids: (Arc<str>, Arc<str>, Arc<str>),
    /// The declared statistic, the unit's multiplier and the polarity, for comparisons.
    statistic: Option<(MetricStatistic, f64, Polarity)>,
    /// The metric's polarity, the improvement direction of its SPC chart.
    polarity: Option<Polarity>,
    /// The metric's SPC chart, and its unit's factor from a numerator over its denominator.
    chart: (ChartKind, Option<Decimal>),
    /// Whether the metric's unit is a count, so its value is itself a count.
    count: bool,
}

impl Prepared<'_> {
    /// A copy with ids of its own. Threads scoring areas side by side each use their own
    /// copies: cloning one shared `Arc` from every thread for every contribution cost more
    /// than judging the target.
    fn own_ids(&self) -> Self {
        let (priority, target, metric) = &self.ids;
        Prepared { ids: (Arc::from(&**priority), Arc::from(&**target), Arc::from(&**metric)), ..*self }
    }
}

fn prepare<'a>(
    priorities: &'a [Priority],
    metric: impl Fn(&str) -> Option<&'a Metric>,
    observations: &Observations,
) -> Vec<Prepared<'a>> {
    priorities
        .iter()
        .flat_map(|p| {
            let priority_id: Arc<str> = Arc::from(p.id.as_str());
            p.targets.iter().map(move |t| (p, t, priority_id.clone()))
        })
        .map(|(priority, target, priority_id)| Prepared {
            priority,
            target,
            metric: observations.metric_index(&target.metric),
            decimals: metric(&target.metric).map_or(0, |m| m.decimals),
            statistic: metric(&target.metric).and_then(|m| {
                let multiplier = m.unit.multiplier()?.to_f64()?;
                Some((m.statistic?, multiplier, m.polarity))
            }),
            polarity: metric(&target.metric).map(|m| m.polarity),
            chart: metric(&target.metric)
                .map_or((ChartKind::Xmr, None), |m| (m.spc_chart.unwrap_or_default(), m.unit.multiplier())),
            count: metric(&target.metric).is_some_and(|m| m.unit == Unit::Count),
            ids: (priority_id, Arc::from(target.id.as_str()), Arc::from(target.metric.as_str())),
        })
        .collect()
}

/// Scores every area at the chosen level (systems by default) at one period: the one in
/// the options, which must occur in the data, or else the latest in the data.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions};
/// let national = defaults::national_framework();
/// let locals = defaults::local_frameworks();
/// let card = score(&national, &locals, &defaults::observations(), &defaults::geography(), &ScoreOptions::default())?;
/// assert_eq!(card.areas.len(), 36);
/// let top = &card.areas[0];
/// let sum: rust_decimal::Decimal = top.contributions.iter().map(|c| c.contribution).sum();
/// assert_eq!(Some(sum), top.overall);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn score(
    national: &NationalFramework,
    locals: &[LocalFramework],
    observations: &Observations,
    geography: &Geography,
    options: &ScoreOptions,
) -> Result<Scorecard, Error> {
    let period = chosen_period(observations, options.period, options.absent_period_unscored)?;
    let mut cards = score_each(national, locals, observations, geography, options, &[period], true)?;
    cards.pop().ok_or_else(|| Error::argument("period", period, "no scorecard was made for it"))
}

/// Scores every area at each of `periods`, as [`score`] would one at a time (each period
/// must occur in the data unless `options.absent_period_unscored`; `options.period` is
/// ignored), but in one pass on every core: a quarter of 42 systems is too little work to
/// share between threads, twelve quarters are not, and the frameworks are checked and
/// prepared once. The cards come in the order of `periods`.
///
/// ```
/// use ics_outcomes::{defaults, score, score_periods, ScoreOptions};
/// let (national, locals, observations, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::observations(), defaults::geography());
/// let periods = observations.periods().to_vec();
/// let cards = score_periods(&national, &locals, &observations, &geography, &ScoreOptions::default(), &periods)?;
/// let last = ScoreOptions { period: periods.last().copied(), ..ScoreOptions::default() };
/// assert_eq!(cards.last(), Some(&score(&national, &locals, &observations, &geography, &last)?));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn score_periods(
    national: &NationalFramework,
    locals: &[LocalFramework],
    observations: &Observations,
    geography: &Geography,
    options: &ScoreOptions,
    periods: &[Period],
) -> Result<Vec<Scorecard>, Error> {
    let periods = chosen_periods(observations, periods, options.absent_period_unscored)?;
    score_each(national, locals, observations, geography, options, &periods, true)
}

/// Each of `named` as [`chosen_period`] checks it.
fn chosen_periods(observations: &Observations, named: &[Period], absent_unscored: bool) -> Result<Vec<Period>, Error> {
    named.iter().map(|&p| chosen_period(observations, Some(p), absent_unscored)).collect()
}

/// The period to score: `named`, which must occur in the data unless it may be absent, or
/// else the latest period well covered by the data.
fn chosen_period(observations: &Observations, named: Option<Period>, absent_unscored: bool) -> Result<Period, Error> {
    let periods = observations.periods();
    // The default period is looked for only when none is named: it reads every row.
    let default = || if named.is_some() { periods.last().copied() } else { observations.default_period() };
    match (named, default()) {
        (Some(p), _) if absent_unscored => Ok(p),
        (_, None) => {
            Err(Error::NotFound { what: "period", value: String::new(), hint: ": the observations are empty".into() })
        }
        (Some(p), _) if !periods.contains(&p) => {
            let covered: Vec<String> = periods.iter().map(Period::to_string).collect();
            Err(Error::NotFound {
                what: "period",
                value: p.to_string(),
                hint: format!(": the data cover {}", covered.join(", ")),
            })
        }
        (Some(p), _) | (None, Some(p)) => Ok(p),
    }
}

/// One scorecard per period, the areas of all of them scored side by side.
fn score_each(
    national: &NationalFramework,
    locals: &[LocalFramework],
    observations: &Observations,
    geography: &Geography,
    options: &ScoreOptions,
    scored_periods: &[Period],
    explain: bool,
) -> Result<Vec<Scorecard>, Error> {
    let periods = observations.periods();
    let mut by_area: HashMap<&str, &LocalFramework> = HashMap::new();
    let mut log = IssueLog::default();
    for (i, local) in locals.iter().enumerate() {
        if local.def().nests_in != national.version() {
            log.push(
                format!("locals[{i}].nests_in"),
                local.def().nests_in.as_str(),
                IssueKind::VersionMismatch { expected: national.version().to_owned() },
            );
        }
        if by_area.insert(local.area_code(), local).is_some() {
            log.push(
                format!("locals[{i}].area"),
                local.def().area.as_str(),
                IssueKind::Invalid { reason: "a second local framework for the same ICS".into() },
            );
        }
    }
    if let Weighting::Explicit(weights) = &options.weighting {
        check_explicit(weights, national, locals, &mut log);
    }
    log.into_validation("<scoring options>")?;

    let national_targets = prepare(national.priorities(), |id| national.metric(id), observations);
    let level = options.scored_level();
    let prepared_locals: HashMap<&str, Vec<Prepared<'_>>> = by_area
        .iter()
        .map(|(&code, l)| {
            (code, prepare(l.priorities(), |id| l.metric(id).or_else(|| national.metric(id)), observations))
        })
        .collect();
    // Nothing given is dropped silently: England's rows are the benchmark and lower levels
    // roll up, but rows for a region take no part in scoring another level.
    if level != AreaLevel::Region {
        let mut log = IssueLog::default();
        for region in geography.at_level(AreaLevel::Region).filter(|r| observations.area(&r.code).is_some()) {
            log.push(
                "area_code",
                region.code.as_str(),
                IssueKind::Invalid {
                    reason: format!(
                        "rows for a region ({}) take no part in scoring each {level}; leave them out",
                        region.name
                    ),
                },
            );
        }
        log.into_data(DataKind::Observations, "<observations>")?;
    }
    let in_level: Vec<&Area> = geography.at_level(level).collect();
    let englands: Vec<HashMap<u32, f64>> = scored_periods
        .iter()
        .map(|&period| {
            england_values(
                national_targets.iter().chain(prepared_locals.values().flatten()),
                observations.area(crate::geography::ENGLAND),
                in_level.iter().filter_map(|a| observations.area(&a.code)),
                period,
            )
        })
        .collect();
    let vintage = geography.vintage().zip(geography.vintages());
    let rounding = national.rounding();
    let settings: Vec<Settings<'_>> = scored_periods
        .iter()
        .zip(&englands)
        .map(|(&period, england)| Settings { period, periods, rounding, england, options, vintage, explain })
        .collect();
    // Areas are scored independently, on every core when there are many (thousands of
    // places, or many periods); the first error in order is the error, as it would be one
    // area at a time.
    let own_ids = || {
        let national: Vec<Prepared<'_>> = national_targets.iter().map(Prepared::own_ids).collect();
        let locals: HashMap<&str, Vec<Prepared<'_>>> =
            prepared_locals.iter().map(|(&code, p)| (code, p.iter().map(Prepared::own_ids).collect())).collect();
        (national, locals)
    };
    // Each thread also keeps, per period and target, where the last area had its row
    // ([`AreaRows`]), and the last area's weights.
    let init = || (own_ids(), Vec::<Vec<usize>>::new(), LastWeights::default());
    let (areas, count) = (in_level.len(), settings.len());
    // Area by area, each at every period: an area's rows stay in cache while its periods are
    // judged, where scoring period by period would read the whole store once a period.
    let scored =
        crate::threads::map_init(areas * count, AREAS_PER_THREAD, init, |((national, locals), hints, last), i| {
            let (area, p) = (in_level[i / count], i % count);
            let local = by_area.get(area.code.as_str()).copied();
            let rows = observations.area(&area.code);
            let prepared = national.iter().chain(locals.get(area.code.as_str()).into_iter().flatten());
            if hints.len() <= p {
                hints.resize_with(p + 1, Vec::new);
            }
            score_area(area, prepared, local, rows, &settings[p], &mut hints[p], last)
        });
    let mut by_period: Vec<Vec<Result<AreaScore, Error>>> = (0..count).map(|_| Vec::with_capacity(areas)).collect();
    for (i, score) in scored.into_iter().enumerate() {
        by_period[i % count].push(score);
    }
    // The first error period by period is the error, as scoring one period at a time gives.
    let mut cards = Vec::with_capacity(count);
    let metrics = ScoredMetrics::of(national, locals);
    for (&period, scored) in scored_periods.iter().zip(by_period) {
        let mut areas = scored.into_iter().collect::<Result<Vec<_>, _>>()?;
        rank(&mut areas);
        cards.push(Scorecard {
            period,
            framework: (national.id().to_owned(), national.version().to_owned()),
            options: ScoreOptions { period: Some(period), level: Some(level), ..options.clone() },
            data_label: observations.label().map(str::to_owned),
            areas,
            metrics: metrics.clone(),
        });
    }
    Ok(cards)
}

/// Below this many areas a call scores them on one thread: the 42 systems take well under a
/// millisecond, less than handing them to a second thread costs.
const AREAS_PER_THREAD: usize = 256;

/// England's value of every metric that declares a statistic: the row given for England
/// (`E92000001`) when the data hold one, as published (its counts, else its value); else the
/// sum of the scored areas' numerators over the sum of their denominators, in the metric's
/// unit.
fn england_values<'a, 'o>(
    prepared: impl Iterator<Item = &'a Prepared<'a>>,
    given: Option<AreaRows<'o>>,
    rows: impl Iterator<Item = AreaRows<'o>> + Clone,
    period: Period,
) -> HashMap<u32, f64> {
    let mut values = HashMap::new();
    for p in prepared {
        let (Some(metric), Some((_, multiplier, _))) = (p.metric, p.statistic) else { continue };
        values.entry(metric).or_insert_with(|| {
            let ratio = |num: Decimal, den: Decimal| {
                let ratio = if den.is_zero() { None } else { num.checked_div(den).and_then(|r| r.to_f64()) };
                ratio.map_or(f64::NAN, |r| r * multiplier)
            };
            if let Some(england) = given {
                if let Some((num, den)) = england.counts(metric, period) {
                    return ratio(num, den);
                }
                if let Some(value) = england.value(metric, period).and_then(|v| v.to_f64()) {
                    return value;
                }
            }
            let (mut num, mut den) = (Decimal::ZERO, Decimal::ZERO);
            for (n, d) in rows.clone().filter_map(|r| r.counts(metric, period)) {
                num += n;
                den += d;
            }
            ratio(num, den)
        });
    }
    values
}

/// An area's values of a metric at every period of the scored period's kind up to it, oldest
/// first, and how many such periods after the first value have none.
/// The values charted (and the first one's period) and the gaps between them.
fn history(rows: &AreaRows<'_>, metric: u32, periods: &[Period], period: Period) -> (TargetSeries, usize) {
    let kind = std::mem::discriminant(&period);
    let (mut series, mut gaps) = (TargetSeries::default(), 0);
    for &p in periods.iter().filter(|p| std::mem::discriminant(*p) == kind && **p <= period) {
        match rows.value(metric, p) {
            Some(v) => {
                series.periods.push(p);
                series.values.push(Some(v));
                let counts = rows.counts(metric, p);
                series.numerators.push(counts.map(|(numerator, _)| numerator));
                series.denominators.push(counts.map(|(_, denominator)| denominator));
            }
            None if !series.values.is_empty() => gaps += 1,
            None => {}
        }
    }
    (series, gaps)
}

/// For an ICB a reorganisation made, the vintage it starts in and the note of an SPC chart
/// whose history starts before then: `SPC history before 2026-04 rebuilt from QRV + QMJ`,
/// `... from part of QNQ + QRL`.
fn rebuilt_note<'v>(area: &Area, vintage: Option<(&str, &'v Vintages)>) -> Option<(&'v str, String)> {
    let (vintage, vintages) = vintage?;
    let (since, from) = vintages.rebuilt_from(&area.code, vintage)?;
    let from: Vec<String> =
        from.iter().map(|(icb, whole)| if *whole { icb.ods.clone() } else { format!("part of {}", icb.ods) }).collect();
    Some((since, format!("SPC history before {since} rebuilt from {}", from.join(" + "))))
}

/// The interval of one area's value and its comparison with England.
fn benchmark(
    p: &Prepared<'_>,
    counts: Option<(Decimal, Decimal)>,
    england: &HashMap<u32, f64>,
) -> Option<BenchmarkComparison> {
    let (statistic, multiplier, polarity) = p.statistic?;
    let metric = p.metric?;
    let (num, den) = counts?;
    let (x, n) = (num.to_f64()?, den.to_f64()?);
    if !(x >= 0.0 && n > 0.0) || (statistic == MetricStatistic::Proportion && x > n) {
        return None;
    }
    let z = crate::stats::dist::z_for(BENCHMARK_CONFIDENCE);
    let (lower, upper) = match statistic {
        MetricStatistic::Proportion => crate::stats::interval::wilson(x, n, z),
        MetricStatistic::Rate => {
            let (lower, upper) = crate::stats::interval::poisson(x, BENCHMARK_CONFIDENCE, z);
            (lower / n, upper / n)
        }
    };
    let (lower, upper) = (lower * multiplier, upper * multiplier);
    let value = *england.get(&metric)?;
    let comparison = compare(lower, upper, Benchmark::value(value), polarity, BenchmarkTest::IntervalContainsValue);
    let shown = |v: f64| Decimal::from_f64_retain(v).map(|d| d.round_dp(6));
    Some(BenchmarkComparison { lower: shown(lower)?, upper: shown(upper)?, england: shown(value)?, comparison })
}

fn check_explicit(
    weights: &BTreeMap<String, Decimal>,
    national: &NationalFramework,
    locals: &[LocalFramework],
    log: &mut IssueLog,
) {
    let all: Vec<&Priority> = national.priorities().iter().chain(locals.iter().flat_map(|l| l.priorities())).collect();
    for (id, w) in weights {
        if !all.iter().any(|p| &p.id == id) {
            log.push(format!("weighting.explicit.{id}"), id.as_str(), IssueKind::UnknownId);
        }
        if w.is_sign_negative() && !w.is_zero() {
            log.push(
                format!("weighting.explicit.{id}"),
                w.to_string(),
                IssueKind::Invalid { reason: "weights must not be negative".into() },
            );
        }
    }
    for p in all {
        if !weights.contains_key(&p.id) {
            log.push(format!("weighting.explicit.{}", p.id), "", IssueKind::Missing);
        }
    }
}

fn score_area<'a>(
    area: &Area,
    prepared: impl Iterator<Item = &'a Prepared<'a>>,
    local: Option<&LocalFramework>,
    rows: Option<AreaRows<'_>>,
    settings: &Settings<'_>,
    hints: &mut Vec<usize>,
    last: &mut LastWeights,
) -> Result<AreaScore, Error> {
    let Settings { period, periods, rounding, england, options, vintage, explain } = *settings;
    let charted = options.spc && explain;
    let rebuilt = if charted { rebuilt_note(area, vintage) } else { None };
    // Targets arrive grouped by priority; `slot[i]` is the priority of target `i`.
    let targets = prepared.size_hint().0;
    let mut judged: Vec<Judged> = Vec::with_capacity(targets);
    let mut contributions: Vec<Contribution> = Vec::with_capacity(if explain { targets } else { 0 });
    let mut slots: Vec<Slot<'_>> = Vec::new();
    let mut slot: Vec<usize> = Vec::with_capacity(targets);
    for (k, p) in prepared.enumerate() {
        if !slots.last().is_some_and(|s| std::ptr::eq(s.priority, p.priority)) {
            slots.push(Slot {
                priority: p.priority,
                id: p.ids.0.clone(),
                counted: 0,
                target_weight: Weight::ZERO,
                score_sum: Decimal::ZERO,
            });
        }
        if hints.len() <= k {
            hints.push(0);
        }
        let (now, counts) = match rows.as_ref().zip(p.metric) {
            Some((r, m)) => r.value_and_counts_near(m, period, &mut hints[k]),
            None => (None, None),
        };
        let value_at =
            |at: Period| if at == period { now } else { rows.as_ref().zip(p.metric).and_then(|(r, m)| r.value(m, at)) };
        let trajectory =
            if p.priority.tier == Tier::National { local.and_then(|l| l.trajectory(&p.target.id)) } else { None };
        // A trajectory that starts further from the target than the ICS observed would lower
        // the bar below the ICS's own start: it is set aside, and the national rule judges.
        let observed_start = trajectory.and_then(|t| {
            let observed = rounding.apply(value_at(t.baseline_period)?, p.decimals);
            let order = observed.cmp(&t.baseline_value);
            (order.is_ne() && t.comparison.holds(order)).then_some((t, observed))
        });
        let set_aside = observed_start.map(|(t, observed)| {
            format!(
                "local trajectory set aside: its baseline {} is further from the target than the observed {observed} \
                 in {}",
                t.baseline_value, t.baseline_period
            )
        });
        let trajectory = trajectory.filter(|_| set_aside.is_none());
        let rule = trajectory.map(|t| TargetRule::Trajectory(t.clone()));
        let rule = rule.as_ref().unwrap_or(&p.target.rule);
        let mut evaluation = rule.evaluate_with_gap(
            period,
            value_at,
            Judging { rounding, decimals: p.decimals, scoring: p.target.scoring },
            explain,
        );
        let (spc, first) = match p.polarity.filter(|_| charted).zip(rows.as_ref()).zip(p.metric) {
            Some(((polarity, rows), metric)) => {
                let (mut series, gaps) = history(rows, metric, periods, period);
                if let TargetRule::Trajectory(t) = rule {
                    series.planned = series.periods.iter().map(|&at| t.line_at(at)).collect();
                    series.goal = Some((t.goal_period, t.goal_value));
                }
                let first = series.periods.first().copied();
                (target_spc(series, gaps, polarity, evaluation.required, p.chart).map(Box::new), first)
            }
            None => (None, None),
        };
        let mut spc = spc;
        let rebuilt = rebuilt
            .as_ref()
            .filter(|(since, _)| {
                spc.is_some() && first.is_some_and(|first| vintage.is_some_and(|(_, v)| v.vintage_of(first) < *since))
            })
            .map(|(since, note)| {
                // The chart marks where the ICB's own history begins.
                let series = spc.as_mut().map(|s| &mut s.series);
                if let Some((series, (_, vintages))) = series.zip(vintage)
                    && let Some(&at) = series.periods.iter().find(|p| vintages.vintage_of(**p) >= *since)
                {
                    series.annotations.push((at, format!("{since} reorganisation: earlier values rebuilt")));
                }
                note.clone()
            });
        for reason in [set_aside, rebuilt].into_iter().flatten() {
            evaluation.note = Some(match evaluation.note.take() {
                Some(note) => format!("{note}; {reason}"),
                None => reason,
            });
        }
        let excluded = evaluation.attainment == Attainment::NoData && options.missing == MissingData::Exclude;
        let current = slots.len() - 1;
        if !excluded {
            slots[current].counted += 1;
            slots[current].score_sum += evaluation.score;
        }
        slot.push(current);
        judged.push(Judged {
            score: evaluation.score,
            tier: p.priority.tier,
            attainment: evaluation.attainment,
            excluded,
        });
        if !explain {
            continue;
        }
        contributions.push(Contribution {
            priority: p.ids.0.clone(),
            tier: p.priority.tier,
            target: p.ids.1.clone(),
            metric: p.ids.2.clone(),
            local_trajectory: trajectory.is_some(),
            evaluation,
            counts,
            count_metric: p.count,
            weight: Weight::ZERO,
            contribution: Decimal::ZERO,
            excluded,
            withheld: false,
            benchmark: benchmark(p, counts, england).map(Box::new),
            spc,
        });
    }

    let weights = last.weights(&slots, &options.weighting).ok_or_else(|| too_fine(area, &options.weighting))?;
    let mut priorities = Vec::with_capacity(slots.len());
    for (s, &(weight, target_weight)) in slots.iter_mut().zip(weights) {
        s.target_weight = target_weight;
        priorities.push(PriorityScore {
            id: s.id.clone(),
            tier: s.priority.tier,
            weight,
            score: (s.counted > 0).then(|| s.score_sum / Decimal::from(s.counted)),
        });
    }
    let parts: Vec<(Decimal, Weight)> = judged
        .iter()
        .zip(&slot)
        .map(|(j, &i)| (j.score, if j.excluded { Weight::ZERO } else { slots[i].target_weight }))
        .collect();
    // The total is the exact sum rounded once, whether or not it is split into contributions.
    let total = if explain {
        let (amounts, total) = apportion(&parts).ok_or_else(|| too_fine(area, &options.weighting))?;
        for ((c, amount), (_, weight)) in contributions.iter_mut().zip(amounts).zip(&parts) {
            (c.weight, c.contribution) = (*weight, amount);
        }
        total
    } else {
        weighted_total(&parts, Weight::ONE).ok_or_else(|| too_fine(area, &options.weighting))?
    };
    // A tier's score is the weighted mean of its targets' scores, from the exact sum and
    // rounded once, as the overall score is (not from the contributions, which are already
    // rounded); `None` when the tier weighs nothing. A tier holding all the weight scores
    // the overall score: the same exact sum, rounded the same way.
    let tier_weight = |tier: Tier| -> Result<Weight, Error> {
        priorities
            .iter()
            .filter(|p| p.tier == tier)
            .try_fold(Weight::ZERO, |s, p| s.checked_add(p.weight))
            .ok_or_else(|| too_fine(area, &options.weighting))
    };
    let tier_score = |tier: Tier, weight: Weight, others: Weight| -> Result<Option<Decimal>, Error> {
        if weight.numerator() == 0 {
            return Ok(None);
        }
        if weight == Weight::ONE && others.numerator() == 0 {
            return Ok(Some(total));
        }
        let parts: Vec<_> = judged.iter().zip(&parts).filter(|(j, _)| j.tier == tier).map(|(_, part)| *part).collect();
        weighted_total(&parts, weight).map(Some).ok_or_else(|| too_fine(area, &options.weighting))
    };
    let (national_weight, local_weight) = (tier_weight(Tier::National)?, tier_weight(Tier::Local)?);
    let national = tier_score(Tier::National, national_weight, local_weight)?;
    let local = tier_score(Tier::Local, local_weight, national_weight)?;
    let count = |a: Attainment| judged.iter().filter(|j| j.attainment == a).count();
    let overall = slots.iter().any(|s| s.counted > 0).then_some(total);
    Ok(AreaScore {
        code: area.code.clone(),
        alt_code: area.alt_code.clone(),
        name: area.name.clone(),
        rank: None,
        overall,
        national,
        local,
        targets_met: count(Attainment::Met),
        targets_on_track: count(Attainment::OnTrack),
        targets_judged: judged.len() - count(Attainment::NoData),
        targets_no_data: count(Attainment::NoData),
        priorities,
        contributions,
    })
}

/// What every area is scored under: the period, the rounding rule, England's values of the
/// metrics that declare a statistic, and the options.
#[derive(Clone, Copy)]
struct Settings<'a> {
    period: Period,
    /// Every period in the data, in order, for the SPC history.
    periods: &'a [Period],
    rounding: Rounding,
    england: &'a HashMap<u32, f64>,
    options: &'a ScoreOptions,
    /// The geography's vintage and the vintages it is one of, for notes on rebuilt history.
    vintage: Option<(&'a str, &'a Vintages)>,
    /// Whether to explain each score. League tables alone need only the totals: judging
    /// without building and dropping a contribution per target takes a fraction of the time.
    explain: bool,
}

/// What the totals need of a target's judgement, explained or not.
struct Judged {
    score: Decimal,
    tier: Tier,
    attainment: Attainment,
    excluded: bool,
}

/// The weights of the last area's priorities, and what they followed from: which priorities
/// were scored and how many targets each counted. Areas of a data set mostly count the same,
/// and combining exact weights costs more than judging the targets they weigh.
#[derive(Default)]
struct LastWeights {
    /// Each priority's address and its counted targets.
    counted: Vec<(usize, usize)>,
    /// Each priority's weight and each of its counted targets' weight.
    weights: Vec<(Weight, Weight)>,
}

impl LastWeights {
    /// The weights of `slots` under `weighting`, each priority's and each of its counted
    /// targets'; `None` when they cannot be combined exactly.
    fn weights(&mut self, slots: &[Slot<'_>], weighting: &Weighting) -> Option<&[(Weight, Weight)]> {
        let counted = slots.iter().map(|s| (std::ptr::from_ref(s.priority) as usize, s.counted));
        // `counted` is cleared with the weights and filled last, so a failed call leaves
        // nothing to match.
        if !self.counted.iter().copied().eq(counted.clone()) {
            self.counted.clear();
            self.weights.clear();
            let scored: Vec<Scored<'_>> = slots
                .iter()
                .filter(|s| s.counted > 0)
                .map(|s| Scored { id: &s.priority.id, tier: s.priority.tier, targets: s.counted })
                .collect();
            let mut weights =
                if scored.is_empty() { Vec::new() } else { weighting.priority_weights(&scored)? }.into_iter();
            for s in slots {
                let weight = if s.counted > 0 { weights.next().unwrap_or(Weight::ZERO) } else { Weight::ZERO };
                let target = Weight::new(1, s.counted as u128).and_then(|share| weight.checked_mul(share));
                self.weights.push((weight, target.unwrap_or(Weight::ZERO)));
            }
            self.counted.extend(counted);
        }
        Some(&self.weights)
    }
}

/// A priority as it is scored for one area.
struct Slot<'a> {
    priority: &'a Priority,
    id: Arc<str>,
    /// Targets with data (or all, when missing data scores zero).
    counted: usize,
    /// Each counted target's exact weight.
    target_weight: Weight,
    score_sum: Decimal,
}

/// The weights of an area's scored priorities could not be combined exactly: explicit
/// weights that sum to zero over them, or fractions beyond 128 bits. Names the weighting.
fn too_fine(area: &Area, weighting: &Weighting) -> Error {
    let (value, reason) = match weighting {
        Weighting::Explicit(weights) => (
            weights.iter().map(|(id, w)| format!("{id}={w}")).collect::<Vec<_>>().join(", "),
            format!(
                "the explicit weights of the priorities scored for {} sum to zero over them, or are too finely \
                 divided to combine exactly",
                area.code
            ),
        ),
        other => (
            serde_json::to_value(other).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default(),
            format!("the weights of the priorities scored for {} are too finely divided to combine exactly", area.code),
        ),
    };
    Error::Validation {
        source_name: "<scoring options>".into(),
        issues: crate::error::Issues(vec![crate::error::Issue::new("weighting", value, IssueKind::Invalid { reason })]),
    }
}

/// The league order of areas scored elsewhere (in parts, or by an engine) and their ranks,
/// as a scorecard orders and ranks its own: the row positions best first (higher score,
/// then code; unscored last), and each of those rows' competition rank (1, 2, 2, 4).
///
/// ```
/// use rust_decimal::Decimal;
/// let codes = ["B", "A", "C"].map(String::from);
/// let scores = [Some(Decimal::ONE), Some(Decimal::ONE), None];
/// let (order, ranks) = ics_outcomes::league_order(&codes, &scores)?;
/// assert_eq!((order, ranks), (vec![1, 0, 2], vec![Some(1), Some(1), None]));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
///
/// # Errors
/// [`Error::Argument`] when a code repeats ([`unique_codes`]) or the lists differ in length.
pub fn league_order(codes: &[String], scores: &[Option<Decimal>]) -> Result<(Vec<usize>, Vec<Option<usize>>), Error> {
    if codes.len() != scores.len() {
        return Err(Error::argument("scores", scores.len(), format!("one score per code ({})", codes.len())));
    }
    unique_codes(codes)?;
    let mut order: Vec<usize> = (0..codes.len()).collect();
    order.sort_by(|&a, &b| best_first((scores[a], &codes[a]), (scores[b], &codes[b])));
    let ranks = competition_ranks(&order.iter().map(|&i| scores[i]).collect::<Vec<_>>());
    Ok((order, ranks))
}

/// Sorts best first and assigns competition ranks (1, 2, 2, 4): ties share the best rank.
fn rank(areas: &mut [AreaScore]) {
    areas.sort_by(|a, b| best_first((a.overall, &a.code), (b.overall, &b.code)));
    let ranks = competition_ranks(&areas.iter().map(|a| a.overall).collect::<Vec<_>>());
    for (area, rank) in areas.iter_mut().zip(ranks) {
        area.rank = rank;
    }
}

/// Scorecard order: higher scores first, then by code; areas without a score last.
fn best_first(a: (Option<Decimal>, &str), b: (Option<Decimal>, &str)) -> std::cmp::Ordering {
    match (a.0, b.0) {
        (Some(x), Some(y)) => y.cmp(&x).then_with(|| a.1.cmp(b.1)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.1.cmp(b.1),
    }
}

/// Refuses a list of area codes that names an area twice, naming the code: scores computed
/// in parts and ranked together must hold each area once, or it would be ranked twice from
/// partial data.
///
/// ```
/// use ics_outcomes::unique_codes;
/// let codes = ["QOP", "QHM", "QOP"].map(String::from);
/// assert!(unique_codes(&codes[..2]).is_ok());
/// let err = unique_codes(&codes).unwrap_err();
/// assert_eq!(err.details()[0].value, "QOP");
/// ```
pub fn unique_codes(codes: &[String]) -> Result<(), Error> {
    let mut seen = std::collections::HashSet::with_capacity(codes.len());
    match codes.iter().find(|code| !seen.insert(code.as_str())) {
        Some(code) => Err(Error::argument(
            "code",
            code,
            "this area is scored more than once: each area's rows must be scored together (split the data by \
             area, not by metric or period)",
        )),
        None => Ok(()),
    }
}

/// The rank of each overall score as [`score`] ranks areas: competition ranks (1, 2, 2, 4),
/// higher first, ties sharing the best rank; an area without a score has none.
///
/// Scores are independent per area at a fixed period, so scorecards computed in parts (one
/// per partition of areas, e.g. inside a Spark or DuckDB job) are ranked together afterwards
/// with this, and the ranks equal those of one scorecard of all the areas.
///
/// ```
/// use rust_decimal::Decimal;
/// let scores = [Some(Decimal::from(5)), None, Some(Decimal::from(9)), Some(Decimal::from(5))];
/// assert_eq!(ics_outcomes::competition_ranks(&scores), vec![Some(2), None, Some(1), Some(2)]);
/// ```
pub fn competition_ranks(scores: &[Option<Decimal>]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> = (0..scores.len()).filter(|&i| scores[i].is_some()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(scores[i]));
    let mut ranks = vec![None; scores.len()];
    crate::util::ranking::competition(&order, |a, b| scores[a] == scores[b], |i, rank| ranks[i] = Some(rank));
    ranks
}

/// Choosing the geography vintage a scorecard is scored in.
impl Vintages {
    /// The vintage to score in: [`Vintages::choose`], with the vintage the local frameworks
    /// were checked in (when they agree).
    ///
    /// # Errors
    /// [`Error::Argument`] for a vintage not held, or local frameworks of different vintages
    /// when none is named.
    pub fn for_scoring(
        &self,
        named: Option<&str>,
        locals: &[LocalFramework],
        period: Option<Period>,
    ) -> Result<&str, Error> {
        let found: BTreeSet<&str> = locals.iter().filter_map(LocalFramework::vintage).collect();
        if named.is_none() && found.len() > 1 {
            return Err(Error::argument(
                "locals",
                found.into_iter().collect::<Vec<_>>().join(", "),
                "the local frameworks were checked in different geography vintages; give one vintage",
            ));
        }
        self.choose(named, found.into_iter().next(), period)
    }
}
