//! Confidence levels and the names they give output columns.

use super::dist::z_for;
use crate::Error;

/// The confidence levels of a calculation, checked and rescaled to fractions.
///
/// Levels are given as fractions (`0.95`) or percentages (`95`); anything from 90 up is
/// divided by 100, and a level must then lie in `[0.9, 1]`. Most statistics accept one level
/// or exactly the Fingertips pair 0.95 + 0.998 ([`Confidence::standard`]); life expectancy and
/// the slope index accept any list ([`Confidence::any`]).
///
/// ```
/// use ics_outcomes::stats::Confidence;
/// let pair = Confidence::standard(&[0.95, 0.998])?;
/// assert_eq!(pair.label().as_deref(), Some("95%, 99.8%"));
/// assert_eq!(pair.lower_name(1), "lower99_8cl");
/// assert_eq!(Confidence::standard(&[95.0])?.lower_name(0), "lowercl");
/// assert!(Confidence::standard(&[0.5]).is_err());
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Confidence {
    levels: Vec<f64>,
    z: Vec<f64>,
}

const RANGE_MESSAGE: &str = "confidence level must be between 90 and 100 or between 0.9 and 1";
const ALL_RANGE_MESSAGE: &str = "all confidence levels must be between 90 and 100 or between 0.9 and 1";

impl Confidence {
    /// No confidence limits: only point estimates are produced.
    pub fn none() -> Self {
        Confidence { levels: Vec::new(), z: Vec::new() }
    }

    /// One level, or the pair 0.95 + 0.998 (given exactly so, as fractions), as the
    /// proportion, rate, mean, DSR and ISR functions require. An empty slice means no limits.
    pub fn standard(levels: &[f64]) -> Result<Self, Error> {
        match levels {
            [] => Ok(Confidence::none()),
            [level] => Ok(Confidence::from_checked(vec![rescale(*level, RANGE_MESSAGE)?])),
            [a, b] if *a == 0.95 && *b == 0.998 => Ok(Confidence::from_checked(vec![0.95, 0.998])),
            [_, _] => Err(Error::argument(
                "confidence",
                format_levels(levels),
                "two confidence levels can only be produced if they are specified as 0.95 and 0.998",
            )),
            _ => Err(Error::argument(
                "confidence",
                format_levels(levels),
                "a maximum of two confidence levels can be provided",
            )),
        }
    }

    /// Any number of levels, each rescaled on its own (life expectancy, slope index).
    ///
    /// As the package tests the whole vector at once, mixing a fraction with a percentage
    /// (`[0.95, 99.8]`) is refused too.
    pub fn any(levels: &[f64]) -> Result<Self, Error> {
        let mixed = levels.iter().any(|&c| c > 1.0) && levels.iter().any(|&c| c < 90.0);
        if mixed {
            return Err(Error::argument("confidence", format_levels(levels), ALL_RANGE_MESSAGE));
        }
        let levels = levels.iter().map(|&c| rescale(c, ALL_RANGE_MESSAGE)).collect::<Result<Vec<_>, _>>()?;
        Ok(Confidence::from_checked(levels))
    }

    fn from_checked(levels: Vec<f64>) -> Self {
        let z = levels.iter().map(|&c| if c == 1.0 { f64::INFINITY } else { z_for(c) }).collect();
        Confidence { levels, z }
    }

    /// The levels as fractions.
    pub fn levels(&self) -> &[f64] {
        &self.levels
    }

    /// The two-sided normal critical value of each level.
    pub fn z(&self) -> &[f64] {
        &self.z
    }

    /// Whether no limits are requested.
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// The metadata label, e.g. `95%` or `95%, 99.8%`; `None` without levels.
    pub fn label(&self) -> Option<String> {
        if self.levels.is_empty() {
            return None;
        }
        let parts: Vec<String> =
            self.levels.iter().map(|c| format!("{}%", super::format::r_number(100.0 * c))).collect();
        Some(parts.join(", "))
    }

    /// The lower-limit column name of level `i`: `lowercl` for a single level, otherwise
    /// `lower95_0cl`, `lower99_8cl`, ...
    pub fn lower_name(&self, i: usize) -> String {
        self.limit_name("lower", i, "cl")
    }

    /// The upper-limit column name of level `i` (see [`Confidence::lower_name`]).
    pub fn upper_name(&self, i: usize) -> String {
        self.limit_name("upper", i, "cl")
    }

    /// `<side><level>_<decimal><suffix>` for several levels, `<side><suffix>` for one.
    pub(crate) fn limit_name(&self, side: &str, i: usize, suffix: &str) -> String {
        if self.levels.len() == 1 { format!("{side}{suffix}") } else { format!("{side}{}{suffix}", self.level_tag(i)) }
    }

    /// `95_0` for 0.95, `99_8` for 0.998: R's `sprintf("%.1f", 100c)` with `.` as `_`.
    pub(crate) fn level_tag(&self, i: usize) -> String {
        format!("{:.1}", 100.0 * self.levels[i]).replace('.', "_")
    }
}

/// Rescales a percentage to a fraction and checks the range, as the package does:
/// `c < 0.9 or 1 < c < 90 or c > 100` is an error.
fn rescale(c: f64, message: &str) -> Result<f64, Error> {
    if c.is_nan() || c < 0.9 || (c > 1.0 && c < 90.0) || c > 100.0 {
        return Err(Error::argument("confidence", super::format::r_number(c), message));
    }
    Ok(if c >= 90.0 { c / 100.0 } else { c })
}

fn format_levels(levels: &[f64]) -> String {
    let parts: Vec<String> = levels.iter().map(|&c| super::format::r_number(c)).collect();
    format!("[{}]", parts.join(", "))
}
