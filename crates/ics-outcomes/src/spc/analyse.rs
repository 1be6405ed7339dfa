//! The chart of one series, segment by segment, written in place into its rows of the
//! columns, with working buffers reused across series so that a batch allocates nothing per
//! series once they have grown.

use super::batch::PointsMut;
use super::exact::ExactSum;
use super::limits::Limits;
use super::rules::SegmentRules;
use super::{Assurance, PointType, Segment, SpecialCause, VariationIcon, XmrOptions};

/// What a series comes to at its last point.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Summary {
    pub(crate) assurance: Option<Assurance>,
    pub(crate) variation_icon: VariationIcon,
}

/// Working state for charting series one after another.
#[derive(Debug, Default)]
pub(crate) struct Analyser {
    sum: ExactSum,
    rules: SegmentRules,
    pub(crate) segments: Vec<Segment>,
}

impl Analyser {
    /// Charts `values` (non-empty, finite, in time order) with segments starting at `starts`
    /// (sorted, unique, beginning with 0) into `out` (one row per value), replacing the
    /// previous series' segments.
    pub(crate) fn run(
        &mut self,
        values: &[f64],
        starts: &[usize],
        options: &XmrOptions,
        target: Option<f64>,
        out: PointsMut<'_>,
    ) -> Summary {
        self.segments.clear();
        let mut last_type = PointType::new(SpecialCause::CommonCause, options.improvement);
        let mut rest = out;
        let ends = starts.iter().skip(1).copied().chain(std::iter::once(values.len()));
        for (&start, end) in starts.iter().zip(ends) {
            let y = &values[start..end];
            let (mut here, after) = rest.split_at(y.len());
            rest = after;
            let baseline = options.fix_after_n_points.map_or(y.len(), |n| n.min(y.len()));
            let limits = Limits::from_baseline(&y[..baseline], options.screen_outliers, &mut self.sum);
            self.segments.push(Segment {
                start,
                len: y.len(),
                baseline,
                mean: limits.mean,
                amr: limits.amr,
                lpl: limits.lpl,
                upl: limits.upl,
                nlpl: limits.nlpl,
                nupl: limits.nupl,
                short_group_warning: y.len() < options.short_group_threshold,
            });
            self.rules.classify(y, &limits, options.improvement, options.rules, &mut here);
            if let Some(&point_type) = here.point_type.last() {
                last_type = point_type;
            }
        }
        let assurance = match (target, self.segments.last()) {
            (Some(target), Some(last)) => Assurance::new(target, last.lpl, last.upl, options.improvement),
            _ => None,
        };
        Summary { assurance, variation_icon: VariationIcon::new(last_type, options.improvement) }
    }
}
