//! Many series given as rows of a table in any order: sorted by group and date, checked,
//! and charted as one batch.

use super::{
    Annotation, Assurance, AssuranceIcon, ChartBatch, ChartColumns, ChartKind, ChartOptions, ChartPart, LimitsStatus,
    PointStatus, PointType, RebaseProposal, Segment, SpecialCause, VariationIcon, XmrBatch, XmrColumns, XmrOptions,
    annotations_by_row, chart_batch, propose_rebase, xmr_batch,
};
use crate::Error;
use crate::stats::{Checks, Field};

/// Rows of a table: a series per group, a point per date.
#[derive(Debug, Clone, Copy)]
pub struct XmrRows<'a> {
    /// The value column: its name (for errors) and values; NaN is missing and refused.
    pub values: Field<'a>,
    /// Each row's date as a sortable ordinal (any order-preserving number: days, periods'
    /// positions, dense ranks), and the date column's name for errors.
    pub dates: (&'a str, &'a [i64]),
    /// Each row's group code (`0..groups`), or `None` for one series.
    pub groups: Option<&'a [u32]>,
    /// Per row: a new segment starts at this date (the package's `rebase` column).
    pub rebase: Option<&'a [bool]>,
    /// Per row: the series' target (NaN for none); the value at each series' last date counts.
    pub targets: Option<Field<'a>>,
}

/// The charts of [`XmrRows`], in chart order: by group code, then date.
#[derive(Debug, Clone, PartialEq)]
pub struct RowCharts {
    /// Each point's position in the input rows.
    pub order: Vec<usize>,
    /// Where each series starts among the points, then the number of points.
    pub offsets: Vec<usize>,
    /// The charts, per point in chart order and per series.
    pub columns: XmrColumns,
}

impl RowCharts {
    /// The charts as a [`TableKind::XmrChart`](crate::table::TableKind::XmrChart), point by
    /// point in chart order, each series' assurance and icons repeated on its points; a limit
    /// the package gives as NaN (a constant series after screening) is missing.
    pub fn table(&self) -> crate::table::Table {
        let c = &self.columns;
        let series: Vec<usize> = self.series_of_points().collect();
        // The label columns are dictionaries over each enum's texts, in declared order.
        fn labels<T: Copy + std::fmt::Display>(all: &[T]) -> Vec<String> {
            all.iter().map(T::to_string).collect()
        }
        let limit =
            |value: fn(&Segment) -> f64| c.point_segments().map(move |(_, s)| Some(value(s)).filter(|x| !x.is_nan()));
        crate::table::TableBuilder::new(crate::table::TableKind::XmrChart, self.order.len())
            .count("row", self.order.iter().map(|&r| Some(r)))
            .float("mean", limit(|s| s.mean))
            .float("lpl", limit(|s| s.lpl))
            .float("upl", limit(|s| s.upl))
            .float("nlpl", limit(|s| s.nlpl))
            .float("nupl", limit(|s| s.nupl))
            .float("amr", limit(|s| s.amr))
            .integer("relative_to_mean", c.relative_to_mean.iter().map(|&r| Some(i64::from(r))))
            .flag("close_to_limits", c.close_to_limits.iter().copied())
            .flag("outside_limits", c.outside_limits.iter().copied())
            .labels("special_cause", labels(SpecialCause::ALL), c.special_cause.iter().map(|s| Some(s.index())))
            .labels("point_type", labels(PointType::ALL), c.point_type.iter().map(|p| Some(p.index())))
            .count("rebase_group", c.point_segments().map(|(number, _)| Some(number)))
            .flag("short_group_warning", c.point_segments().map(|(_, s)| Some(s.short_group_warning)))
            .labels("assurance", labels(Assurance::ALL), series.iter().map(|&s| c.assurance[s].map(Assurance::index)))
            .labels(
                "variation_icon",
                labels(VariationIcon::ALL),
                series.iter().map(|&s| Some(c.variation_icon[s].index())),
            )
            .labels(
                "assurance_icon",
                labels(AssuranceIcon::ALL),
                series.iter().map(|&s| c.assurance_icon[s].map(AssuranceIcon::index)),
            )
            .finish()
    }

    /// The series each point belongs to.
    pub fn series_of_points(&self) -> impl Iterator<Item = usize> + '_ {
        self.offsets.windows(2).enumerate().flat_map(|(s, w)| std::iter::repeat_n(s, w[1] - w[0]))
    }
}

/// Charts every group's series.
///
/// # Errors
/// As [`xmr_batch`], with every problem named by its input row: a missing or infinite value,
/// two rows of one group on the same date, an infinite target, columns of different lengths.
pub fn xmr_rows(rows: &XmrRows<'_>, options: &XmrOptions) -> Result<RowCharts, Error> {
    let n = rows.values.values.len();
    let dates = rows.dates.1;
    let mut checks = Checks::series("xmr");
    let lengths = [dates.len(), rows.groups.map_or(n, <[u32]>::len), rows.rebase.map_or(n, <[bool]>::len)];
    let target_len = rows.targets.map_or(n, |t| t.values.len());
    if lengths.iter().chain([&target_len]).any(|&len| len != n) {
        return Err(Error::argument("rows", format!("{n} values"), "every column needs one entry per row"));
    }
    if n == 0 {
        return Err(Error::argument(rows.values.name, "no rows", "at least one row is needed"));
    }
    checks.rows_or_missing(
        rows.values,
        f64::is_infinite,
        "missing or infinite values cannot be charted: drop or fill the period first",
    );
    if let Some(targets) = rows.targets {
        checks.rows(targets, f64::is_infinite, "targets must be finite or missing");
    }
    let (order, offsets) = order_series(&mut checks, rows.dates, rows.groups);
    checks.finish()?;

    let values: Vec<f64> = order.iter().map(|&row| rows.values.values[row]).collect();
    let rebase: Option<Vec<bool>> = rows.rebase.map(|flags| order.iter().map(|&row| flags[row]).collect());
    let targets: Option<Vec<f64>> =
        rows.targets.map(|t| offsets[1..].iter().map(|&end| t.values[order[end - 1]]).collect());
    let batch = XmrBatch { values: &values, offsets: &offsets, rebase: rebase.as_deref(), targets: targets.as_deref() };
    let columns = xmr_batch(&batch, options)?;
    Ok(RowCharts { order, offsets, columns })
}

/// The rows of each series in date order, series in group order: `(order, offsets)`, series
/// `s` being `order[offsets[s]..offsets[s + 1]]`. XmR charts, trajectories and run rates all
/// read their series this way.
///
/// ```
/// let (order, offsets) = ics_outcomes::spc::series_order(("month", &[3, 1, 2, 1]), Some(&[0, 0, 0, 1]))?;
/// assert_eq!((order, offsets), (vec![1, 2, 0, 3], vec![0, 3, 4]));
/// let repeated = ics_outcomes::spc::series_order(("month", &[1, 1]), None);
/// assert!(matches!(repeated, Err(ics_outcomes::Error::Data { .. })));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
///
/// # Errors
/// [`Error::Argument`] for no rows or a group column of another length; [`Error::Data`]
/// naming each row whose date repeats within its series.
pub fn series_order(dates: (&str, &[i64]), groups: Option<&[u32]>) -> Result<(Vec<usize>, Vec<usize>), Error> {
    let n = dates.1.len();
    if groups.is_some_and(|g| g.len() != n) {
        return Err(Error::argument("groups", format!("{n} dates"), "one group per row"));
    }
    if n == 0 {
        return Err(Error::argument("data", "no rows", "at least one row is needed"));
    }
    let mut checks = Checks::series("series");
    let ordered = order_series(&mut checks, dates, groups);
    checks.finish()?;
    Ok(ordered)
}

/// The rows by group, then date, each with its date, and where each group's rows start
/// (then `n`; empty groups have none): a counting sort by group that carries the dates
/// along, then each group's (date, row) pairs sorted in place. For long frames of many short
/// series this reads the dates once, in order, rather than at random in every comparison.
/// Rows already in order cost one pass.
fn sorted_rows(dates: &[i64], groups: Option<&[u32]>) -> (Vec<(i64, usize)>, Vec<usize>) {
    let n = dates.len();
    let Some(groups) = groups else {
        let mut items: Vec<(i64, usize)> = dates.iter().copied().zip(0..n).collect();
        if !dates.is_sorted() {
            items.sort_unstable();
        }
        return (items, vec![0, n]);
    };
    let count = groups.iter().max().map_or(0, |&m| m as usize + 1);
    let mut starts = vec![0usize; count + 1];
    for &g in groups {
        starts[g as usize + 1] += 1;
    }
    for g in 0..count {
        starts[g + 1] += starts[g];
    }
    let in_order = (1..n).all(|i| (groups[i - 1], dates[i - 1]) <= (groups[i], dates[i]));
    let items = if in_order {
        dates.iter().copied().zip(0..n).collect()
    } else {
        let mut next = starts.clone();
        let mut items = vec![(0i64, 0usize); n];
        for (row, (&g, &date)) in groups.iter().zip(dates).enumerate() {
            items[next[g as usize]] = (date, row);
            next[g as usize] += 1;
        }
        // Ties on a date are broken by row, so repeated dates keep their input order.
        for g in 0..count {
            items[starts[g]..starts[g + 1]].sort_unstable();
        }
        items
    };
    starts.dedup();
    (items, starts)
}

/// [`series_order`] with its repeated dates noted in `checks`.
fn order_series(
    checks: &mut Checks,
    (date_name, dates): (&str, &[i64]),
    groups: Option<&[u32]>,
) -> (Vec<usize>, Vec<usize>) {
    let n = dates.len();
    let (items, offsets) = sorted_rows(dates, groups);
    let order: Vec<usize> = items.iter().map(|&(_, row)| row).collect();
    // A date repeats where it equals the one before within a series.
    let repeats: Vec<usize> =
        offsets.windows(2).flat_map(|w| (w[0] + 1..w[1]).filter(|&i| items[i].0 == items[i - 1].0)).collect();
    if !repeats.is_empty() {
        let mut repeated = vec![false; n];
        repeats.iter().for_each(|&i| repeated[order[i]] = true);
        let ordinals: Vec<f64> = dates.iter().map(|&d| d as f64).collect();
        checks.rows_where(
            Field::new(date_name, &ordinals),
            |row| repeated[row],
            "a date repeats within its series: give one value per date",
        );
    }
    (order, offsets)
}

/// Rows of a table for any chart of [`ChartKind`]: a series per group, a point per date.
#[derive(Debug, Clone, Copy)]
pub struct ChartRows<'a> {
    /// The values, or the numerators of P and U charts; NaN is missing (a gap).
    pub values: Field<'a>,
    /// Denominators, for P and U charts and run charts of ratios; NaN is missing.
    pub denominators: Option<Field<'a>>,
    /// Each row's date as a sortable ordinal, and the date column's name for errors.
    pub dates: (&'a str, &'a [i64]),
    /// Each row's group code (`0..groups`), or `None` for one series.
    pub groups: Option<&'a [u32]>,
    /// Per row: a new part starts at this date (an accepted rebase).
    pub rebase: Option<&'a [bool]>,
    /// Per row: the series' target (NaN for none); the value at each series' last date counts.
    pub targets: Option<Field<'a>>,
    /// Notes at dates, carried to the points at those dates.
    pub annotations: &'a [Annotation],
}

/// The charts of [`ChartRows`], in chart order: by group code, then date.
#[derive(Debug, Clone, PartialEq)]
pub struct RowChart {
    /// The chart drawn.
    pub chart: ChartKind,
    /// Each point's position in the input rows.
    pub order: Vec<usize>,
    /// Where each series starts among the points, then the number of points.
    pub offsets: Vec<usize>,
    /// The charts, per point in chart order, per part and per series.
    pub columns: ChartColumns,
    /// Each point's annotations, in chart order.
    pub annotations: Vec<Option<String>>,
}

impl RowChart {
    /// The charts as a [`TableKind::SpcChart`](crate::table::TableKind::SpcChart), point by
    /// point in chart order, each part's runs analysis and each series' icons repeated on its
    /// points; a limit that does not exist is missing.
    pub fn table(&self) -> crate::table::Table {
        let c = &self.columns;
        let series: Vec<usize> =
            self.offsets.windows(2).enumerate().flat_map(|(s, w)| std::iter::repeat_n(s, w[1] - w[0])).collect();
        fn labels<T: Copy + std::fmt::Display>(all: &[T]) -> Vec<String> {
            all.iter().map(T::to_string).collect()
        }
        let float = |values: &[f64]| values.iter().map(|&x| Some(x).filter(|x| !x.is_nan())).collect::<Vec<_>>();
        let parts: Vec<&ChartPart> = c.point_parts().collect();
        // The annotations as a dictionary: few texts over many points.
        let mut notes: Vec<String> = self.annotations.iter().flatten().cloned().collect();
        notes.sort_unstable();
        notes.dedup();
        let note_keys =
            self.annotations.iter().map(|a| a.as_ref().and_then(|a| notes.binary_search(a).ok())).collect::<Vec<_>>();
        let runs = |value: fn(&ChartPart) -> Option<usize>| parts.iter().map(move |p| value(p));
        crate::table::TableBuilder::new(crate::table::TableKind::SpcChart, self.order.len())
            .count("row", self.order.iter().map(|&r| Some(r)))
            .labels("chart", labels(ChartKind::ALL), std::iter::repeat_n(Some(self.chart.index()), self.order.len()))
            .count("part", c.part.iter().map(|&p| Some(p as usize)))
            .flag("baseline", c.baseline.iter().map(|&b| Some(b)))
            .labels("status", labels(PointStatus::ALL), c.status.iter().map(|s| Some(s.index())))
            .float("plotted", float(&c.plotted))
            .float("centre", float(&c.centre))
            .float("lower", float(&c.lower))
            .float("upper", float(&c.upper))
            .float("lower_2sigma", float(&c.lower_2sigma))
            .float("upper_2sigma", float(&c.upper_2sigma))
            .flag("sigma_signal", c.sigma_signal.iter().map(|&s| Some(s)))
            .flag("runs_signal", parts.iter().map(|p| Some(p.runs.signal)))
            .labels("special_cause", labels(SpecialCause::ALL), c.special_cause.iter().map(|s| Some(s.index())))
            .labels("point_type", labels(PointType::ALL), c.point_type.iter().map(|p| Some(p.index())))
            .integer("relative_to_centre", c.relative_to_centre.iter().map(|&r| Some(i64::from(r))))
            .flag("close_to_limits", c.close_to_limits.iter().copied())
            .flag("outside_limits", c.outside_limits.iter().copied())
            .labels("limits_status", labels(LimitsStatus::ALL), parts.iter().map(|p| Some(p.status.index())))
            .float("sigma_z", parts.iter().map(|p| Some(p.sigma_z).filter(|x| !x.is_nan())))
            .count("longest_run", runs(|p| p.runs.longest_run))
            .count("longest_run_max", runs(|p| p.runs.longest_run_max))
            .count("crossings", runs(|p| p.runs.crossings))
            .count("crossings_min", runs(|p| p.runs.crossings_min))
            .labels(
                "variation_icon",
                labels(VariationIcon::ALL),
                series.iter().map(|&s| Some(c.variation_icon[s].index())),
            )
            .labels("assurance", labels(Assurance::ALL), series.iter().map(|&s| c.assurance[s].map(Assurance::index)))
            .labels(
                "assurance_icon",
                labels(AssuranceIcon::ALL),
                series.iter().map(|&s| c.assurance_icon[s].map(AssuranceIcon::index)),
            )
            .labels("annotation", notes, note_keys)
            .finish()
    }
}

/// Charts every group's series with the same options; positions in the options count from 1
/// within each series, in date order.
///
/// # Errors
/// As [`chart_batch`], with every problem named by its input row, and two rows of one group
/// on the same date.
pub fn chart_rows(rows: &ChartRows<'_>, options: &ChartOptions) -> Result<RowChart, Error> {
    let sorted = SortedRows::new(rows, options)?;
    let notes = annotations_by_row(rows.dates.1, rows.groups, rows.annotations)?;
    let columns = chart_batch(&sorted.batch(rows), options)?;
    let annotations = sorted.order.iter().map(|&row| notes[row].clone()).collect();
    Ok(RowChart { chart: options.chart, order: sorted.order, offsets: sorted.offsets, columns, annotations })
}

/// Proposals to rebase every group's series ([`propose_rebase`]) as a
/// [`TableKind::RebaseProposals`](crate::table::TableKind::RebaseProposals): one row per
/// proposal, in chart order, with the input row of the first point of the new part.
///
/// # Errors
/// As [`chart_rows`] and [`propose_rebase`].
pub fn rebase_proposals(
    rows: &ChartRows<'_>,
    options: &ChartOptions,
    min_points: usize,
) -> Result<crate::table::Table, Error> {
    let sorted = SortedRows::new(rows, options)?;
    let proposals = propose_rebase(&sorted.batch(rows), options, min_points)?;
    let float = |value: fn(&RebaseProposal) -> f64| {
        proposals.iter().map(move |p| Some(value(p)).filter(|x| !x.is_nan())).collect::<Vec<_>>()
    };
    Ok(crate::table::TableBuilder::new(crate::table::TableKind::RebaseProposals, proposals.len())
        .count("row", proposals.iter().map(|p| Some(sorted.order[sorted.offsets[p.series] + p.start])))
        .count("position", proposals.iter().map(|p| Some(p.start + 1)))
        .count("points", proposals.iter().map(|p| Some(p.points)))
        .text("side", proposals.iter().map(|p| Some(if p.side > 0 { "above" } else { "below" })))
        .float("centre_before", float(|p| p.centre_before))
        .float("centre_after", float(|p| p.centre_after))
        .float("lower_after", float(|p| p.lower_after))
        .float("upper_after", float(|p| p.upper_after))
        .text("evidence", proposals.iter().map(|p| Some(p.evidence())))
        .finish())
}

/// The columns of [`ChartRows`] in chart order, checked.
struct SortedRows {
    order: Vec<usize>,
    offsets: Vec<usize>,
    values: Vec<f64>,
    denominators: Option<Vec<f64>>,
    rebase: Option<Vec<bool>>,
    targets: Option<Vec<f64>>,
}

impl SortedRows {
    fn new(rows: &ChartRows<'_>, options: &ChartOptions) -> Result<SortedRows, Error> {
        let n = rows.values.values.len();
        let lengths = [
            rows.dates.1.len(),
            rows.groups.map_or(n, <[u32]>::len),
            rows.denominators.map_or(n, |d| d.values.len()),
            rows.rebase.map_or(n, <[bool]>::len),
            rows.targets.map_or(n, |t| t.values.len()),
        ];
        if lengths.iter().any(|&len| len != n) {
            return Err(Error::argument("rows", format!("{n} values"), "every column needs one entry per row"));
        }
        if n == 0 {
            return Err(Error::argument(rows.values.name, "no rows", "at least one row is needed"));
        }
        let mut checks = Checks::series("chart");
        if let Some(targets) = rows.targets {
            checks.rows(targets, f64::is_infinite, "targets must be finite or missing");
        }
        let (order, offsets) = order_series(&mut checks, rows.dates, rows.groups);
        checks.finish()?;
        // Checked in input order, so errors name the caller's rows.
        super::chart::check_values(rows.values, rows.denominators, options)?;
        let gather = |field: Field<'_>| -> Vec<f64> { order.iter().map(|&row| field.values[row]).collect() };
        Ok(SortedRows {
            values: gather(rows.values),
            denominators: rows.denominators.map(gather),
            rebase: rows.rebase.map(|flags| order.iter().map(|&row| flags[row]).collect()),
            targets: rows.targets.map(|t| offsets[1..].iter().map(|&end| t.values[order[end - 1]]).collect()),
            order,
            offsets,
        })
    }

    fn batch<'a>(&'a self, rows: &ChartRows<'a>) -> ChartBatch<'a> {
        ChartBatch {
            values: Field::new(rows.values.name, &self.values),
            denominators: rows
                .denominators
                .zip(self.denominators.as_deref())
                .map(|(d, values)| Field::new(d.name, values)),
            offsets: &self.offsets,
            rebase: self.rebase.as_deref(),
            targets: self.targets.as_deref(),
        }
    }
}
