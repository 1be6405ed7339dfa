//! How charts and icons look, defined once: NHS identity colours, each paired with a shape or
//! a letter so that nothing is told by colour alone and every chart reads in greyscale.

use crate::spc::{AssuranceIcon, PointType, VariationIcon};

/// The NHS identity colours the report uses, by name.
pub const NHS_COLOURS: &[(&str, &str)] = &[
    ("nhs_blue", NHS_BLUE),
    ("dark_blue", DARK_BLUE),
    ("bright_blue", BRIGHT_BLUE),
    ("light_blue", LIGHT_BLUE),
    ("aqua_green", AQUA_GREEN),
    ("warm_yellow", WARM_YELLOW),
    ("orange", ORANGE),
    ("red", RED),
    ("purple", PURPLE),
    ("dark_grey", DARK_GREY),
    ("mid_grey", MID_GREY),
    ("pale_grey", PALE_GREY),
];

pub(crate) const NHS_BLUE: &str = "#005EB8";
pub(crate) const DARK_BLUE: &str = "#003087";
pub(crate) const BRIGHT_BLUE: &str = "#0072CE";
pub(crate) const LIGHT_BLUE: &str = "#41B6E6";
pub(crate) const AQUA_GREEN: &str = "#00A499";
pub(crate) const WARM_YELLOW: &str = "#FFB81C";
pub(crate) const ORANGE: &str = "#ED8B00";
pub(crate) const RED: &str = "#DA291C";
pub(crate) const PURPLE: &str = "#330072";
pub(crate) const DARK_GREY: &str = "#425563";
pub(crate) const MID_GREY: &str = "#768692";
pub(crate) const PALE_GREY: &str = "#E8EDEE";

/// A point marker's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Common cause.
    Circle,
    /// Special cause, improvement.
    Square,
    /// Special cause, concern.
    Diamond,
    /// Special cause, neither (neutral).
    Triangle,
}

impl Shape {
    /// The shape's name, as front ends map it to their own markers.
    pub const fn name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Square => "square",
            Shape::Diamond => "diamond",
            Shape::Triangle => "triangle",
        }
    }
}

/// How a point of each type is drawn: colour, shape and legend words.
pub fn point_style(point: PointType) -> (&'static str, Shape, &'static str) {
    match point {
        PointType::CommonCause => (MID_GREY, Shape::Circle, "Common cause"),
        PointType::SpecialCauseImprovement => (LIGHT_BLUE, Shape::Square, "Special cause: improvement"),
        PointType::SpecialCauseConcern => (ORANGE, Shape::Diamond, "Special cause: concern"),
        PointType::SpecialCauseNeutralHigh | PointType::SpecialCauseNeutralLow => {
            (PURPLE, Shape::Triangle, "Special cause: neutral")
        }
    }
}

/// A variation icon as a badge: its letter, colour and words.
pub fn variation_badge(icon: VariationIcon) -> (&'static str, &'static str, &'static str) {
    match icon {
        VariationIcon::CommonCause => ("~", MID_GREY, "common cause variation"),
        VariationIcon::ImprovementHigh => ("H", LIGHT_BLUE, "special cause improvement (high)"),
        VariationIcon::ImprovementLow => ("L", LIGHT_BLUE, "special cause improvement (low)"),
        VariationIcon::ConcernHigh => ("H", ORANGE, "special cause concern (high)"),
        VariationIcon::ConcernLow => ("L", ORANGE, "special cause concern (low)"),
        VariationIcon::NeutralHigh => ("H", PURPLE, "special cause neutral (high)"),
        VariationIcon::NeutralLow => ("L", PURPLE, "special cause neutral (low)"),
    }
}

/// An assurance icon as a badge: its letter, colour and words.
pub fn assurance_badge(icon: AssuranceIcon) -> (&'static str, &'static str, &'static str) {
    match icon {
        AssuranceIcon::Pass => ("P", NHS_BLUE, "target consistently met"),
        AssuranceIcon::Fail => ("F", ORANGE, "target consistently missed"),
        AssuranceIcon::Inconsistent => ("?", MID_GREY, "hit and miss: target within the limits"),
    }
}
