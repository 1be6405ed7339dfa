//! The chart of one series, segment by segment, into buffers reused across series so that a
//! batch allocates nothing per series once they have grown.

use super::exact::ExactSum;
use super::limits::Limits;
use super::rules::SegmentRules;
use super::{Assurance, PointType, Segment, SpecialCause, VariationIcon, XmrOptions, XmrPoint};

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
    pub(crate) points: Vec<XmrPoint>,
    pub(crate) segments: Vec<Segment>,
}

impl Analyser {
    /// Charts `values` (non-empty, finite, in time order) with segments starting at `starts`
    /// (sorted, unique, beginning with 0), replacing the previous series' points and segments.
    pub(crate) fn run(
        &mut self,
        values: &[f64],
        starts: &[usize],
        options: &XmrOptions,
        target: Option<f64>,
    ) -> Summary {
        self.points.clear();
        self.segments.clear();
        let ends = starts.iter().skip(1).copied().chain(std::iter::once(values.len()));
        for (index, (&start, end)) in starts.iter().zip(ends).enumerate() {
            let y = &values[start..end];
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
            self.rules.classify(y, &limits);
            for (i, &value) in y.iter().enumerate() {
                let special_cause = self.rules.causes[i];
                self.points.push(XmrPoint {
                    value,
                    mean: limits.mean,
                    lpl: limits.lpl,
                    upl: limits.upl,
                    nlpl: limits.nlpl,
                    nupl: limits.nupl,
                    relative_to_mean: self.rules.sides[i],
                    outside_limits: self.rules.outside[i],
                    close_to_limits: self.rules.close[i],
                    special_cause,
                    point_type: PointType::new(special_cause, options.improvement),
                    segment: index,
                });
            }
        }
        let (last_type, assurance) = match self.points.last() {
            Some(last) => {
                (last.point_type, target.and_then(|t| Assurance::new(t, last.lpl, last.upl, options.improvement)))
            }
            None => (PointType::new(SpecialCause::CommonCause, options.improvement), None),
        };
        Summary { assurance, variation_icon: VariationIcon::new(last_type, options.improvement) }
    }
}
