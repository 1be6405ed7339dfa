//! Point types and the variation icon: a special cause read as improvement or concern under
//! the metric's improvement direction.

use super::{Improvement, SpecialCause};

super::label_enum! {
    /// How a point reads (the package's `point_type`).
    pub enum PointType("point type") {
        /// No special cause.
        CommonCause => "common_cause",
        /// A special cause in the direction of improvement.
        SpecialCauseImprovement => "special_cause_improvement",
        /// A special cause against the direction of improvement.
        SpecialCauseConcern => "special_cause_concern",
        /// A special cause upwards, for a metric with no better direction.
        SpecialCauseNeutralHigh => "special_cause_neutral_high",
        /// A special cause downwards, for a metric with no better direction.
        SpecialCauseNeutralLow => "special_cause_neutral_low",
    }
}

impl PointType {
    /// The type of a point with `cause` under `improvement` (`ptd_point_type()`): the label's
    /// direction times the improvement sign, positive being improvement.
    pub fn new(cause: SpecialCause, improvement: Improvement) -> PointType {
        let direction = cause.direction();
        if direction == 0 {
            PointType::CommonCause
        } else if improvement == Improvement::Neutral {
            if direction > 0 { PointType::SpecialCauseNeutralHigh } else { PointType::SpecialCauseNeutralLow }
        } else if direction * improvement.sign() > 0 {
            PointType::SpecialCauseImprovement
        } else {
            PointType::SpecialCauseConcern
        }
    }
}

super::label_enum! {
    /// The Making Data Count variation icon, from the last point's type (the package's icon
    /// file names without `.svg`).
    pub enum VariationIcon("variation icon") {
        /// Common cause variation.
        CommonCause => "common_cause",
        /// Improvement, with higher values better.
        ImprovementHigh => "improvement_high",
        /// Improvement, with lower values better.
        ImprovementLow => "improvement_low",
        /// Concern, with lower values better (so the values are high).
        ConcernHigh => "concern_high",
        /// Concern, with higher values better (so the values are low).
        ConcernLow => "concern_low",
        /// Special cause upwards, no better direction.
        NeutralHigh => "neutral_high",
        /// Special cause downwards, no better direction.
        NeutralLow => "neutral_low",
    }
}

impl VariationIcon {
    /// The icon for a last point of type `point_type` under `improvement`.
    pub fn new(point_type: PointType, improvement: Improvement) -> VariationIcon {
        let increase = improvement == Improvement::Increase;
        match point_type {
            PointType::CommonCause => VariationIcon::CommonCause,
            PointType::SpecialCauseNeutralHigh => VariationIcon::NeutralHigh,
            PointType::SpecialCauseNeutralLow => VariationIcon::NeutralLow,
            PointType::SpecialCauseImprovement if increase => VariationIcon::ImprovementHigh,
            PointType::SpecialCauseImprovement => VariationIcon::ImprovementLow,
            PointType::SpecialCauseConcern if increase => VariationIcon::ConcernLow,
            PointType::SpecialCauseConcern => VariationIcon::ConcernHigh,
        }
    }
}
