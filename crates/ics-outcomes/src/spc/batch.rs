//! Many series at once, laid out flat, with column outputs: the layout of an Arrow or pandas
//! frame, and no allocation per series.

use serde::Serialize;

use super::analyse::Analyser;
use super::{Assurance, AssuranceIcon, PointType, SpecialCause, VariationIcon, XmrOptions, XmrPoint, check_values};
use crate::Error;
use crate::stats::{Checks, Field};

/// Series laid end to end.
#[derive(Debug, Clone, Copy)]
pub struct XmrBatch<'a> {
    /// Every series' values, in time order within each series.
    pub values: &'a [f64],
    /// Where each series starts in `values`, then `values.len()`: series `s` is
    /// `values[offsets[s]..offsets[s + 1]]`. Every series needs at least one value.
    pub offsets: &'a [usize],
    /// Optional, one flag per value: a new segment starts at this value (the package's 0/1
    /// `rebase` column).
    pub rebase: Option<&'a [bool]>,
    /// Optional, one target per series (NaN for none), instead of the options' single target.
    pub targets: Option<&'a [f64]>,
}

/// The charts of a batch as columns: per point (aligned with the input values) and per
/// series.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct XmrColumns {
    /// Centre line at each point.
    pub mean: Vec<f64>,
    /// Average moving range of each point's segment.
    pub amr: Vec<f64>,
    /// Lower process limit at each point.
    pub lpl: Vec<f64>,
    /// Upper process limit at each point.
    pub upl: Vec<f64>,
    /// Lower near limit at each point.
    pub nlpl: Vec<f64>,
    /// Upper near limit at each point.
    pub nupl: Vec<f64>,
    /// +1 above the mean, −1 below, 0 on it.
    pub relative_to_mean: Vec<i8>,
    /// Strictly beyond a process limit (`None`: NaN limits).
    pub outside_limits: Vec<Option<bool>>,
    /// Beyond a near limit but not outside (`None`: NaN limits).
    pub close_to_limits: Vec<Option<bool>>,
    /// The flagging rule at each point.
    pub special_cause: Vec<SpecialCause>,
    /// The point type at each point.
    pub point_type: Vec<PointType>,
    /// Segment of each point, counted from 0 within its series.
    pub segment: Vec<usize>,
    /// Whether each point's segment is short (trial limits).
    pub short_group_warning: Vec<bool>,
    /// Per series: assurance at its last point.
    pub assurance: Vec<Option<Assurance>>,
    /// Per series: the variation icon.
    pub variation_icon: Vec<VariationIcon>,
    /// Per series: the assurance icon.
    pub assurance_icon: Vec<Option<AssuranceIcon>>,
}

/// Charts every series of a batch with the same options, as [`xmr`](super::xmr) would one by
/// one.
///
/// # Errors
/// - [`Error::Argument`] for bad options, offsets that do not start at 0, decrease, leave a
///   series empty or end short of the values; a rebase or targets column of the wrong length;
///   or targets given both per series and in the options.
/// - [`Error::Data`] naming each missing or infinite value (by its row in `values`) and each
///   infinite target.
pub fn xmr_batch(batch: &XmrBatch<'_>, options: &XmrOptions) -> Result<XmrColumns, Error> {
    options.check()?;
    let offsets = batch.offsets;
    let rows = batch.values.len();
    let well_formed = offsets.first() == Some(&0)
        && offsets.last() == Some(&rows)
        && offsets.windows(2).all(|w| w[0] < w[1])
        && offsets.len() >= 2;
    if !well_formed {
        return Err(Error::argument(
            "offsets",
            format!("{} offsets", offsets.len()),
            format!("offsets must rise strictly from 0 to the {rows} values, one more than the series"),
        ));
    }
    let series = offsets.len() - 1;
    if let Some(rebase) = batch.rebase.filter(|r| r.len() != rows) {
        return Err(Error::argument(
            "rebase",
            format!("{} flags", rebase.len()),
            format!("one flag per value ({rows})"),
        ));
    }
    if let Some(targets) = batch.targets {
        if targets.len() != series {
            return Err(Error::argument(
                "targets",
                format!("{} targets", targets.len()),
                format!("one target per series ({series})"),
            ));
        }
        if options.target.is_some() {
            return Err(Error::argument("target", "both", "give targets per series or one in the options, not both"));
        }
        let mut checks = Checks::series("xmr");
        checks.rows(Field::new("targets", targets), f64::is_infinite, "targets must be finite or missing");
        checks.finish()?;
    }
    check_values(batch.values)?;

    // Contiguous runs of series of about equal size, one per thread, each charted by its own
    // analyser; the runs' columns are then joined in order. A chart depends only on its own
    // series, so the result is the same whatever the number of threads.
    let parts = crate::threads::parts(rows, ROWS_PER_THREAD);
    let bounds: Vec<usize> =
        (0..=parts).map(|p| offsets.partition_point(|&o| o < rows * p / parts).min(series)).collect();
    let mut charted = crate::threads::map(parts, 1, |p| chart_series(batch, options, bounds[p]..bounds[p + 1]));
    if charted.len() == 1 {
        return Ok(charted.swap_remove(0));
    }
    Ok(XmrColumns::join(&charted))
}

/// Points a thread takes at least.
const ROWS_PER_THREAD: usize = 1 << 15;

/// The charts of the series `range` of a checked batch.
fn chart_series(batch: &XmrBatch<'_>, options: &XmrOptions, range: std::ops::Range<usize>) -> XmrColumns {
    let offsets = batch.offsets;
    let rows = offsets[range.end] - offsets[range.start];
    let mut columns = XmrColumns::with_capacity(rows, range.len());
    let mut analyser = Analyser::default();
    let mut starts = Vec::new();
    for s in range {
        let (begin, end) = (offsets[s], offsets[s + 1]);
        starts.clear();
        starts.push(0);
        if let Some(rebase) = batch.rebase {
            starts.extend((begin + 1..end).filter(|&row| rebase[row]).map(|row| row - begin));
        }
        let target = match batch.targets {
            Some(targets) => Some(targets[s]).filter(|t| !t.is_nan()),
            None => options.target,
        };
        let summary = analyser.run(&batch.values[begin..end], &starts, options, target);
        columns.push(&analyser, summary.assurance, summary.variation_icon);
    }
    columns
}

impl XmrColumns {
    fn with_capacity(rows: usize, series: usize) -> Self {
        XmrColumns {
            mean: Vec::with_capacity(rows),
            amr: Vec::with_capacity(rows),
            lpl: Vec::with_capacity(rows),
            upl: Vec::with_capacity(rows),
            nlpl: Vec::with_capacity(rows),
            nupl: Vec::with_capacity(rows),
            relative_to_mean: Vec::with_capacity(rows),
            outside_limits: Vec::with_capacity(rows),
            close_to_limits: Vec::with_capacity(rows),
            special_cause: Vec::with_capacity(rows),
            point_type: Vec::with_capacity(rows),
            segment: Vec::with_capacity(rows),
            short_group_warning: Vec::with_capacity(rows),
            assurance: Vec::with_capacity(series),
            variation_icon: Vec::with_capacity(series),
            assurance_icon: Vec::with_capacity(series),
        }
    }

    /// The columns of consecutive runs of series, joined in order.
    fn join(parts: &[XmrColumns]) -> XmrColumns {
        fn joined<T: Clone + Send + Sync>(parts: &[XmrColumns], column: impl Fn(&XmrColumns) -> &Vec<T>) -> Vec<T> {
            parts.iter().flat_map(|part| column(part).iter().cloned()).collect()
        }
        // The six float columns are most of the bytes: copied by a second thread meanwhile.
        let ((mean, amr, lpl), (upl, nlpl, nupl)) = rayon::join(
            || (joined(parts, |c| &c.mean), joined(parts, |c| &c.amr), joined(parts, |c| &c.lpl)),
            || (joined(parts, |c| &c.upl), joined(parts, |c| &c.nlpl), joined(parts, |c| &c.nupl)),
        );
        XmrColumns {
            mean,
            amr,
            lpl,
            upl,
            nlpl,
            nupl,
            relative_to_mean: joined(parts, |c| &c.relative_to_mean),
            outside_limits: joined(parts, |c| &c.outside_limits),
            close_to_limits: joined(parts, |c| &c.close_to_limits),
            special_cause: joined(parts, |c| &c.special_cause),
            point_type: joined(parts, |c| &c.point_type),
            segment: joined(parts, |c| &c.segment),
            short_group_warning: joined(parts, |c| &c.short_group_warning),
            assurance: joined(parts, |c| &c.assurance),
            variation_icon: joined(parts, |c| &c.variation_icon),
            assurance_icon: joined(parts, |c| &c.assurance_icon),
        }
    }

    /// Appends one charted series, column by column.
    fn push(&mut self, chart: &Analyser, assurance: Option<Assurance>, variation_icon: VariationIcon) {
        let points = &chart.points;
        let segment_of = |p: &XmrPoint| &chart.segments[p.segment];
        self.mean.extend(points.iter().map(|p| p.mean));
        self.amr.extend(points.iter().map(|p| segment_of(p).amr));
        self.lpl.extend(points.iter().map(|p| p.lpl));
        self.upl.extend(points.iter().map(|p| p.upl));
        self.nlpl.extend(points.iter().map(|p| p.nlpl));
        self.nupl.extend(points.iter().map(|p| p.nupl));
        self.relative_to_mean.extend(points.iter().map(|p| p.relative_to_mean));
        self.outside_limits.extend(points.iter().map(|p| p.outside_limits));
        self.close_to_limits.extend(points.iter().map(|p| p.close_to_limits));
        self.special_cause.extend(points.iter().map(|p| p.special_cause));
        self.point_type.extend(points.iter().map(|p| p.point_type));
        self.segment.extend(points.iter().map(|p| p.segment));
        self.short_group_warning.extend(points.iter().map(|p| segment_of(p).short_group_warning));
        self.assurance.push(assurance);
        self.variation_icon.push(variation_icon);
        self.assurance_icon.push(assurance.map(Assurance::icon));
    }
}
