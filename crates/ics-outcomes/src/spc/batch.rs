//! Many series at once, laid out flat, with column outputs: the layout of an Arrow or pandas
//! frame, and no allocation per series.

use serde::Serialize;

use super::analyse::Analyser;
use super::{Assurance, AssuranceIcon, PointType, Segment, SpecialCause, VariationIcon, XmrOptions, check_values};
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

/// The charts of a batch as columns: labels per point (aligned with the input values),
/// limits per segment, and per series.
///
/// A segment's centre line and limits are the same at each of its points, so they are kept
/// once per segment (as a run-end encoded column would) rather than repeated on every row;
/// [`XmrColumns::point_segments`] gives each point its segment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct XmrColumns {
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
    /// Every series' segments in turn, in time order, each `start` counted within its series.
    pub segments: Vec<Segment>,
    /// Where each series' segments start in `segments`, then `segments.len()`.
    pub segment_offsets: Vec<usize>,
    /// Per series: assurance at its last point.
    pub assurance: Vec<Option<Assurance>>,
    /// Per series: the variation icon.
    pub variation_icon: Vec<VariationIcon>,
    /// Per series: the assurance icon.
    pub assurance_icon: Vec<Option<AssuranceIcon>>,
}

impl XmrColumns {
    /// Each point's segment, point by point: its number within its series (the package's
    /// `rebase_group`) and its limits.
    ///
    /// ```
    /// use ics_outcomes::spc::{XmrBatch, XmrOptions, xmr_batch};
    /// let values = [1.0, 2.0, 1.5, 9.0, 9.5, 4.0, 5.0];
    /// let rebase = [false, false, false, true, false, false, false];
    /// let batch = XmrBatch { values: &values, offsets: &[0, 5, 7], rebase: Some(&rebase), targets: None };
    /// let columns = xmr_batch(&batch, &XmrOptions::default())?;
    /// let numbers: Vec<usize> = columns.point_segments().map(|(number, _)| number).collect();
    /// assert_eq!(numbers, [0, 0, 0, 1, 1, 0, 0]);
    /// let means: Vec<f64> = columns.point_segments().map(|(_, segment)| segment.mean).collect();
    /// assert_eq!(means, [1.5, 1.5, 1.5, 9.25, 9.25, 4.5, 4.5]);
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    pub fn point_segments(&self) -> impl Iterator<Item = (usize, &Segment)> + '_ {
        self.segment_offsets.windows(2).flat_map(move |w| {
            self.segments[w[0]..w[1]]
                .iter()
                .enumerate()
                .flat_map(|(number, segment)| std::iter::repeat_n((number, segment), segment.len))
        })
    }
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
    // analyser straight into its rows of the batch's columns. A chart depends only on its own
    // series, so the result is the same whatever the number of threads.
    let parts = crate::threads::parts(rows, ROWS_PER_THREAD);
    let bounds: Vec<usize> =
        (0..=parts).map(|p| offsets.partition_point(|&o| o < rows * p / parts).min(series)).collect();
    let mut columns = XmrColumns::unset(rows, series);
    let mut runs = Vec::with_capacity(parts);
    let mut rest = ColumnsMut::of(&mut columns);
    for p in 0..parts {
        let (first, last) = (bounds[p], bounds[p + 1]);
        let (run, after) = rest.split_at(offsets[last] - offsets[first], last - first);
        runs.push((first..last, run));
        rest = after;
    }
    // The segments, few beside the points, are gathered by each run and joined.
    let segments = crate::threads::map_parts(runs, |(range, run)| chart_series(batch, options, range, run));
    columns.segment_offsets.push(0);
    for (run_segments, run_offsets) in segments {
        let before = columns.segments.len();
        columns.segment_offsets.extend(run_offsets.iter().map(|o| o + before));
        columns.segments.extend(run_segments);
    }
    Ok(columns)
}

/// Points a thread takes at least.
const ROWS_PER_THREAD: usize = 1 << 15;

/// Charts the series `range` of a checked batch into `out`, their rows and series of the
/// batch's columns; returns their segments, and where each series' segments end.
fn chart_series(
    batch: &XmrBatch<'_>,
    options: &XmrOptions,
    range: std::ops::Range<usize>,
    out: ColumnsMut<'_>,
) -> (Vec<Segment>, Vec<usize>) {
    let offsets = batch.offsets;
    let mut analyser = Analyser::default();
    let mut starts = Vec::new();
    let mut segments = Vec::with_capacity(range.len());
    let mut ends = Vec::with_capacity(range.len());
    let mut rest = out;
    for s in range {
        let (begin, end) = (offsets[s], offsets[s + 1]);
        let (this, after) = rest.split_at(end - begin, 1);
        rest = after;
        starts.clear();
        starts.push(0);
        if let Some(rebase) = batch.rebase {
            starts.extend((begin + 1..end).filter(|&row| rebase[row]).map(|row| row - begin));
        }
        let target = match batch.targets {
            Some(targets) => Some(targets[s]).filter(|t| !t.is_nan()),
            None => options.target,
        };
        let summary = analyser.run(&batch.values[begin..end], &starts, options, target, this.points);
        this.assurance[0] = summary.assurance;
        this.variation_icon[0] = summary.variation_icon;
        this.assurance_icon[0] = summary.assurance.map(Assurance::icon);
        segments.extend_from_slice(&analyser.segments);
        ends.push(segments.len());
    }
    (segments, ends)
}

/// Declares the mutable view of [`XmrColumns`] that one thread, series or segment writes: each
/// column once, with the value the columns start with.
macro_rules! columns_mut {
    (points { $($point:ident: $point_type:ty = $point_unset:expr,)+ } series { $($series:ident: $series_type:ty = $series_unset:expr,)+ }) => {
        /// The per-point columns of some rows of an [`XmrColumns`].
        pub(crate) struct PointsMut<'a> {
            $(pub(crate) $point: &'a mut [$point_type],)+
        }

        impl<'a> PointsMut<'a> {
            /// Every row of `columns`.
            pub(crate) fn of(columns: &'a mut XmrColumns) -> PointsMut<'a> {
                PointsMut { $($point: &mut columns.$point,)+ }
            }

            /// The first `rows` rows, then the rest.
            pub(crate) fn split_at(self, rows: usize) -> (PointsMut<'a>, PointsMut<'a>) {
                $(let $point = self.$point.split_at_mut(rows);)+
                (PointsMut { $($point: $point.0,)+ }, PointsMut { $($point: $point.1,)+ })
            }
        }

        /// Some rows and series of an [`XmrColumns`].
        struct ColumnsMut<'a> {
            points: PointsMut<'a>,
            $($series: &'a mut [$series_type],)+
        }

        impl<'a> ColumnsMut<'a> {
            fn of(columns: &'a mut XmrColumns) -> ColumnsMut<'a> {
                ColumnsMut { points: PointsMut { $($point: &mut columns.$point,)+ }, $($series: &mut columns.$series,)+ }
            }

            /// The first `rows` rows and `series` series, then the rest.
            fn split_at(self, rows: usize, series: usize) -> (ColumnsMut<'a>, ColumnsMut<'a>) {
                let points = self.points.split_at(rows);
                $(let $series = self.$series.split_at_mut(series);)+
                (ColumnsMut { points: points.0, $($series: $series.0,)+ }, ColumnsMut { points: points.1, $($series: $series.1,)+ })
            }
        }

        impl XmrColumns {
            /// Columns of `rows` points and `series` series, every value to be written, and
            /// no segments yet.
            pub(crate) fn unset(rows: usize, series: usize) -> XmrColumns {
                XmrColumns {
                    $($point: vec![$point_unset; rows],)+
                    $($series: vec![$series_unset; series],)+
                    segments: Vec::new(),
                    segment_offsets: Vec::with_capacity(series + 1),
                }
            }
        }
    };
}

columns_mut! {
    points {
        relative_to_mean: i8 = 0,
        outside_limits: Option<bool> = None,
        close_to_limits: Option<bool> = None,
        special_cause: SpecialCause = SpecialCause::CommonCause,
        point_type: PointType = PointType::CommonCause,
    }
    series {
        assurance: Option<Assurance> = None,
        variation_icon: VariationIcon = VariationIcon::CommonCause,
        assurance_icon: Option<AssuranceIcon> = None,
    }
}
