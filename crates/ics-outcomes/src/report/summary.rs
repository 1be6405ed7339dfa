//! Icons as data: every target of every area read the Making Data Count way, one row each,
//! as an integrated performance report's summary table lists them.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use crate::spc::{
    Assurance, ChartKind, Improvement, LimitsStatus, PointStatus, SpecialCause, XmrSeries, assurance_by_point,
};
use crate::table::{Table, TableBuilder, TableKind};
use crate::{AreaScore, Attainment, Contribution, Metric, Period, Scorecard};

/// How many of a series' latest values the summary lists (`recent`).
pub const RECENT: usize = 6;

/// A flagged point as `signals` lists it: `2025/26 Q3: Below LCL`.
fn signal(date: impl std::fmt::Display, cause: SpecialCause) -> String {
    format!("{date}: {cause}")
}

/// The note on a chart whose limits rest on too few points.
fn trial_limits(points: usize) -> String {
    format!("trial limits: {points} points")
}

/// One target of one area, read the Making Data Count way: the row of the summary and the
/// chart of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetReading<'a> {
    /// The area.
    pub area: &'a AreaScore,
    /// The target's part in the area's score.
    pub contribution: &'a Contribution,
    /// The metric, as the area's frameworks define it.
    pub metric: Option<&'a Metric>,
    /// The XmR chart of the area's history, recomputed from the series the scorecard kept;
    /// `None` with fewer than two periods, or where disclosure control withheld a value.
    pub chart: Option<XmrSeries>,
    /// For a target that follows a trajectory, the assurance at each charted period against
    /// that period's planned value; empty otherwise.
    pub planned_assurance: Vec<Option<Assurance>>,
    /// For a trajectory, the assurance of the last point against its goal.
    pub goal_assurance: Option<Assurance>,
    /// Whether disclosure control hid this period's value.
    pub suppressed: bool,
    /// Why there is no chart, when there is none.
    pub no_chart: Option<&'static str>,
    /// What a reader must know about the data behind the row, never silently blank: the
    /// data's label, rebuilt history, missing periods, trial limits, withheld values.
    pub notes: Vec<String>,
}

impl TargetReading<'_> {
    /// The variation icon's label.
    pub fn variation(&self) -> Option<&'static str> {
        self.contribution.spc.as_ref().map(|s| s.variation.as_str())
    }

    /// The assurance label against the period's requirement.
    pub fn assurance(&self) -> Option<Assurance> {
        self.contribution.spc.as_ref().and_then(|s| s.assurance)
    }

    /// The rule that flags the last point.
    pub fn special_cause(&self) -> Option<SpecialCause> {
        self.chart.as_ref().and_then(|c| c.points.last()).map(|p| p.special_cause)
    }

    /// Each point a special-cause rule flags, with the rule: `2025/26 Q3: Below LCL; ...`.
    pub fn signals(&self) -> Option<String> {
        let chart = self.chart.as_ref()?;
        let series = &self.contribution.spc.as_ref()?.series;
        let flagged: Vec<String> = chart
            .points
            .iter()
            .zip(&series.periods)
            .filter(|(p, _)| p.special_cause != SpecialCause::CommonCause)
            .map(|(p, period)| signal(period, p.special_cause))
            .collect();
        Some(flagged.join("; "))
    }

    /// The last [`RECENT`] values charted, oldest first.
    pub fn recent(&self) -> Option<Vec<Option<Decimal>>> {
        let values = &self.contribution.spc.as_ref()?.series.values;
        Some(values[values.len().saturating_sub(RECENT)..].to_vec())
    }

    /// A trajectory's planned value at the scored period.
    pub fn trajectory(&self) -> Option<Decimal> {
        let spc = self.contribution.spc.as_ref()?;
        spc.series.goal.and(self.contribution.evaluation.required)
    }
}

/// Every target of every area of `card`, in league-table order.
pub fn readings(card: &Scorecard) -> Vec<TargetReading<'_>> {
    card.areas.iter().flat_map(|area| area_readings(card, area)).collect()
}

/// Every target of one area of `card`.
pub fn area_readings<'a>(card: &'a Scorecard, area: &'a AreaScore) -> Vec<TargetReading<'a>> {
    area.contributions.iter().map(|c| reading(card, area, c)).collect()
}

fn reading<'a>(card: &'a Scorecard, area: &'a AreaScore, c: &'a Contribution) -> TargetReading<'a> {
    let metric = card.metrics.get(&area.code, &c.metric);
    let polarity = metric.map(|m| m.polarity);
    let mut notes: Vec<String> = card.data_label.iter().cloned().collect();
    notes.extend(c.evaluation.note.iter().cloned());
    let suppressed = c.evaluation.published.is_none() && c.evaluation.attainment != Attainment::NoData;
    let (mut chart, mut planned_assurance, mut goal_assurance) = (None, Vec::new(), None);
    if let (Some(spc), Some(polarity)) = (&c.spc, polarity) {
        let series = &spc.series;
        if spc.gaps > 0 {
            notes.push(format!("{} missing periods left out of the chart", spc.gaps));
        }
        if spc.short_group_warning {
            notes.push(trial_limits(spc.points));
        }
        // Disclosure control hides every limit (`mean` is only missing then): the chart
        // is not recomputed, so no limit is drawn.
        let protected = spc.mean.is_none();
        if series.values.iter().any(Option::is_none) {
            notes.push("values in the chart's history withheld (disclosure control)".to_owned());
        } else if !series.values.is_empty() && !protected {
            chart = spc.chart(polarity, c.evaluation.required).ok();
        }
        if let Some(ch) = &chart {
            let planned: Vec<f64> = series.planned.iter().map(|p| p.to_f64().unwrap_or(f64::NAN)).collect();
            if planned.len() == ch.points.len() {
                planned_assurance = assurance_by_point(ch, &planned).unwrap_or_default();
            }
            let last = ch.points.last();
            goal_assurance = series.goal.zip(last).and_then(|((_, goal), last)| {
                Assurance::new(goal.to_f64()?, last.lpl, last.upl, Improvement::from(polarity))
            });
        }
    }
    let no_chart = match &c.spc {
        Some(spc) if spc.series.values.is_empty() => Some("no history was kept with this scorecard"),
        Some(_) => None,
        None if suppressed => Some("withheld by disclosure control"),
        None if !card.options.spc => Some("SPC charts were not drawn for this scorecard"),
        None if polarity.is_none() => Some("the metric is not in the frameworks"),
        None => Some("fewer than two periods of data"),
    };
    if let Some(reason) = no_chart.filter(|_| c.evaluation.attainment != Attainment::NoData) {
        notes.push(format!("no chart: {reason}"));
    }
    TargetReading {
        area,
        contribution: c,
        metric,
        chart,
        planned_assurance,
        goal_assurance,
        suppressed,
        no_chart,
        notes,
    }
}

/// The summary of `card` ([`TableKind::IconSummary`]): one row per area and target.
pub fn icon_summary(card: &Scorecard) -> Table {
    summary_table(card.period, &readings(card))
}

/// The summary rows of `readings`, at `period`.
pub fn summary_table(period: Period, r: &[TargetReading<'_>]) -> Table {
    let period = period.to_string();
    let spc = || r.iter().map(|r| r.contribution.spc.as_ref());
    let e = || r.iter().map(|r| &r.contribution.evaluation);
    let goal = || spc().map(|s| s.and_then(|s| s.series.goal));
    TableBuilder::new(TableKind::IconSummary, r.len())
        .text("period", r.iter().map(|_| Some(period.as_str())))
        .text("code", r.iter().map(|r| Some(r.area.code.as_str())))
        .text("ods", r.iter().map(|r| r.area.alt_code.as_deref()))
        .text("name", r.iter().map(|r| Some(r.area.name.as_str())))
        .count("rank", r.iter().map(|r| r.area.rank))
        .text("priority", r.iter().map(|r| Some(&*r.contribution.priority)))
        .text("tier", r.iter().map(|r| Some(r.contribution.tier.to_string())))
        .text("target", r.iter().map(|r| Some(&*r.contribution.target)))
        .text("metric", r.iter().map(|r| Some(&*r.contribution.metric)))
        .text("metric_name", r.iter().map(|r| r.metric.map(|m| m.name.as_str())))
        .text("unit", r.iter().map(|r| r.metric.map(|m| m.unit.to_string())))
        .text("polarity", r.iter().map(|r| r.metric.map(|m| m.polarity.as_str())))
        .decimal("value", e().map(|e| e.observed))
        .decimal("published", e().map(|e| e.published))
        .decimal("required", e().map(|e| e.required))
        .decimal("trajectory", r.iter().map(TargetReading::trajectory))
        .decimal("goal", goal().map(|g| g.map(|(_, v)| v)))
        .text("goal_period", goal().map(|g| g.map(|(p, _)| p.to_string())))
        .text("attainment", e().map(|e| Some(e.attainment.to_string())))
        .text("chart", spc().map(|s| s.map(|s| s.chart.as_str())))
        .text("variation", r.iter().map(TargetReading::variation))
        .text("assurance", r.iter().map(|r| r.assurance().map(Assurance::as_str)))
        .text("special_cause", r.iter().map(|r| r.special_cause().map(SpecialCause::as_str)))
        .text("signals", r.iter().map(TargetReading::signals))
        .text("annotations", spc().map(|s| s.map(|s| annotated(s.series.annotations.iter().map(|(p, t)| (p, t))))))
        .decimal("process_mean", spc().map(|s| s.and_then(|s| s.mean)))
        .decimal("process_lpl", spc().map(|s| s.and_then(|s| s.lpl)))
        .decimal("process_upl", spc().map(|s| s.and_then(|s| s.upl)))
        .count("spc_points", spc().map(|s| s.map(|s| s.points)))
        .flag("trial_limits", spc().map(|s| s.map(|s| s.short_group_warning)))
        .decimal_lists("recent", r.iter().map(TargetReading::recent))
        .text("goal_assurance", r.iter().map(|r| r.goal_assurance.map(Assurance::as_str)))
        .flag("suppressed", r.iter().map(|r| Some(r.suppressed)))
        .text("notes", r.iter().map(|r| Some(if r.notes.is_empty() { "none".to_owned() } else { r.notes.join("; ") })))
        .finish()
}

/// A series' annotations as the summaries list them: `2025/26 Q3: new triage; ...`.
fn annotated<D: std::fmt::Display, T: std::fmt::Display>(notes: impl Iterator<Item = (D, T)>) -> String {
    notes.map(|(date, text)| format!("{date}: {text}")).collect::<Vec<_>>().join("; ")
}

/// Names for the series of [`spc_summary`]: each group code's label and each row's date as
/// text, as the caller shows them.
#[derive(Debug, Clone, Copy)]
pub struct SeriesLabels<'a> {
    /// The label of each group code (`groups[code]`); empty for one series.
    pub groups: &'a [String],
    /// Each input row's date as text.
    pub dates: &'a [String],
}

/// The summary of any long frame of series ([`TableKind::SpcSummary`]): one row per series
/// of `rows`, charted as `options` say (XmR, P′, run, T, G, ...) and read at its last date,
/// with its assurance against `rows.targets` and, where `trajectory` gives each row's planned
/// value, against the last date's plan judged with that point's limits.
///
/// Values (the plotted values: numerator over denominator, times the multiplier, for P and
/// U charts) are shown as decimals by their shortest text (as the library reads floats),
/// limits to 6 decimal places.
///
/// # Errors
/// As [`chart_rows`](crate::spc::chart_rows), and [`Error::Argument`](crate::Error::Argument)
/// when `trajectory` or the labels do not fit the rows; [`Error::Data`](crate::Error::Data)
/// naming each infinite planned value.
pub fn spc_summary(
    rows: &crate::spc::ChartRows<'_>,
    trajectory: Option<crate::stats::Field<'_>>,
    labels: SeriesLabels<'_>,
    options: &crate::spc::ChartOptions,
) -> Result<Table, crate::Error> {
    let n = rows.values.values.len();
    if trajectory.is_some_and(|t| t.values.len() != n) || labels.dates.len() != n {
        return Err(crate::Error::argument("rows", format!("{n} values"), "every column needs one entry per row"));
    }
    if let Some(planned) = trajectory {
        let mut checks = crate::stats::Checks::series("spc_summary");
        checks.rows(planned, f64::is_infinite, "planned values must be finite or missing");
        checks.finish()?;
    }
    let charts = crate::spc::chart_rows(rows, options)?;
    let series = charts.offsets.len() - 1;
    let codes = rows.groups.map_or(0, |g| g.iter().max().map_or(0, |&m| m as usize + 1));
    if rows.groups.is_some() && labels.groups.len() < codes {
        return Err(crate::Error::argument("groups", labels.groups.len(), format!("{codes} group labels are needed")));
    }
    let parts: Vec<&crate::spc::ChartPart> = charts.columns.point_parts().collect();
    let c = &charts.columns;
    let decimal = |x: f64| crate::number::decimal_from_float(x).ok();
    let shown = |x: f64| Decimal::from_f64_retain(x).map(|d| d.round_dp(6));
    let mut table = SpcRows { chart: options.chart, ..SpcRows::default() };
    for s in 0..series {
        let points = charts.offsets[s]..charts.offsets[s + 1];
        let last = points.end - 1;
        let row = charts.order[last];
        let part = parts[last];
        // Read at the last point with a value: a gap has no limits or label.
        let read = points.clone().rev().find(|&p| !c.status[p].is_gap()).unwrap_or(last);
        // Labelled by the series' own group code: codes may skip groups with no rows.
        table.group.push(rows.groups.map(|g| labels.groups.get(g[row] as usize).cloned().unwrap_or_default()));
        table.date.push(labels.dates[row].clone());
        table.value.push(decimal(c.plotted[last]));
        table
            .target
            .push(rows.targets.and_then(|t| decimal(t.values[row])).or_else(|| options.target.and_then(decimal)));
        let planned = trajectory.map(|t| t.values[row]).filter(|p| !p.is_nan());
        table.trajectory.push(planned.and_then(decimal));
        table.trajectory_assurance.push(
            planned
                .filter(|_| options.chart.has_limits())
                .and_then(|p| Assurance::new(p, c.lower[read], c.upper[read], options.improvement))
                .map(Assurance::as_str),
        );
        table.variation.push(c.variation_icon[s].as_str());
        table.assurance.push(c.assurance[s].map(Assurance::as_str));
        table.special_cause.push(c.special_cause[read].as_str());
        let flagged: Vec<String> = points
            .clone()
            .filter(|&p| c.special_cause[p] != SpecialCause::CommonCause)
            .map(|p| signal(&labels.dates[charts.order[p]], c.special_cause[p]))
            .collect();
        table.signals.push(flagged.join("; "));
        let order = &charts.order;
        table.annotations.push(annotated(
            points.clone().filter_map(|p| charts.annotations[p].as_deref().map(|text| (&labels.dates[order[p]], text))),
        ));
        table.limits.push([c.centre[read], c.lower[read], c.upper[read]].map(|x| shown(x).filter(|_| !x.is_nan())));
        table.points.push(points.len());
        table.trial.push(part.status == LimitsStatus::TrialLimits);
        let recent = points.end.saturating_sub(RECENT).max(points.start)..points.end;
        table.recent.push(recent.map(|p| decimal(c.plotted[p])).collect());
        table.notes.push(chart_notes(c, points, part));
    }
    Ok(table.finish())
}

/// What a reader of a summary row must know about its chart: trial or missing limits and
/// why, gaps, excluded points and a runs-analysis signal; `none` when there is nothing.
fn chart_notes(c: &crate::spc::ChartColumns, points: std::ops::Range<usize>, part: &crate::spc::ChartPart) -> String {
    let mut notes = Vec::new();
    match part.status {
        LimitsStatus::Limits => {}
        LimitsStatus::TrialLimits => notes.push(trial_limits(part.baseline_points)),
        status => notes.push(format!("no limits: {status}")),
    }
    for status in PointStatus::ALL.iter().filter(|s| **s != PointStatus::Charted) {
        let count = points.clone().filter(|&p| c.status[p] == *status).count();
        if count > 0 {
            notes.push(format!("{count} {status}"));
        }
    }
    if part.runs.signal {
        let (longest, crossings) = (part.runs.longest_run.unwrap_or(0), part.runs.crossings.unwrap_or(0));
        notes.push(format!("runs analysis signals (longest run {longest}, {crossings} crossings)"));
    }
    if notes.is_empty() { "none".to_owned() } else { notes.join("; ") }
}

/// The columns of [`spc_summary`], series by series.
#[derive(Default)]
struct SpcRows {
    chart: ChartKind,
    group: Vec<Option<String>>,
    date: Vec<String>,
    value: Vec<Option<Decimal>>,
    target: Vec<Option<Decimal>>,
    trajectory: Vec<Option<Decimal>>,
    trajectory_assurance: Vec<Option<&'static str>>,
    variation: Vec<&'static str>,
    assurance: Vec<Option<&'static str>>,
    special_cause: Vec<&'static str>,
    signals: Vec<String>,
    annotations: Vec<String>,
    limits: Vec<[Option<Decimal>; 3]>,
    points: Vec<usize>,
    trial: Vec<bool>,
    recent: Vec<Vec<Option<Decimal>>>,
    notes: Vec<String>,
}

impl SpcRows {
    fn finish(self) -> Table {
        let limit = |i: usize| self.limits.iter().map(move |l| l[i]);
        TableBuilder::new(TableKind::SpcSummary, self.date.len())
            .text("group", self.group.iter().map(Option::as_deref))
            .text("date", self.date.iter().map(|d| Some(d.as_str())))
            .decimal("value", self.value.iter().copied())
            .decimal("target", self.target.iter().copied())
            .decimal("trajectory", self.trajectory.iter().copied())
            .text("chart", self.variation.iter().map(|_| Some(self.chart.as_str())))
            .text("variation", self.variation.iter().map(|v| Some(*v)))
            .text("assurance", self.assurance.iter().copied())
            .text("special_cause", self.special_cause.iter().map(|v| Some(*v)))
            .text("signals", self.signals.iter().map(|v| Some(v.as_str())))
            .text("annotations", self.annotations.iter().map(|v| Some(v.as_str())))
            .decimal("process_mean", limit(0))
            .decimal("process_lpl", limit(1))
            .decimal("process_upl", limit(2))
            .count("spc_points", self.points.iter().map(|&n| Some(n)))
            .flag("trial_limits", self.trial.iter().map(|&t| Some(t)))
            .decimal_lists("recent", self.recent.iter().map(|r| Some(r.clone())))
            .text("trajectory_assurance", self.trajectory_assurance.iter().copied())
            .text("notes", self.notes.iter().map(|n| Some(n.as_str())))
            .finish()
    }
}
