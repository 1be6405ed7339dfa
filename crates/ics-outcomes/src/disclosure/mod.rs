//! Statistical disclosure control for published counts: small-count suppression, secondary
//! suppression and rounding, as NHS and ONS outputs apply them.
//!
//! A count of 1 to 7 people (the NHS convention; the [`DisclosureRule::threshold`] is
//! configurable from 1 to 7) may identify someone, so it is not published. Hiding it is
//! not enough where totals are published: a row total less the other cells of the row gives
//! it back. **Secondary suppression** hides further cells until no suppressed value can be
//! worked out from the published cells and totals by adding and subtracting them.
//!
//! - [`protect_table`] protects a table of counts with its row, column and grand totals;
//!   [`protect_counts`] a list of counts with its total.
//! - [`protect_statistics`] protects indicator statistics ([`crate::stats::Table`]): a row
//!   whose count is small loses the count and everything computed from it (value and
//!   limits). Those tables publish no total, so no secondary suppression is needed.
//! - [`protect_explanation`] protects the counts behind a scorecard explanation.
//!
//! # Why secondary suppression is sound
//!
//! Negate the totals and every row and column of the table with its margins sums to zero.
//! Treat each augmented row and column as a node and each suppressed cell as an edge joining
//! its row to its column. The published cells give, for every node, the sum of the unknown
//! cells on it; the unknowns are determined up to the cycles of this graph (its incidence
//! matrix is totally unimodular and its null space is the cycle space). So a suppressed
//! value can be recovered by differencing exactly when its edge is a **bridge**, on no
//! cycle. [`protect_table`] repeatedly finds a bridge and suppresses the cheapest cell that
//! closes a cycle through it, until there is no bridge. The tests check the result against
//! an independent rank computation in exact arithmetic.
//!
//! Differencing is not all a reader can do. Counts are whole and never negative, and a
//! reader may know which cells are empty, so a hidden cell other than a known zero is at
//! least 1: a row whose two hidden cells sum to 2 pins both to 1. So a second search follows:
//! [`inference`] computes, exactly, the range each hidden cell can take given everything
//! published, and while any small count is pinned to one value the cheapest cell that frees
//! it is hidden too.
//!
//! # The guarantee
//!
//! A reader who knows every published cell and total, that counts are whole and not
//! negative, and every zero (when zeros are published, the default), **cannot narrow any
//! hidden small count to one value**: each can take at least two, and
//! [`ProtectedTable::ranges`] gives the exact range for the audit. This holds for the public
//! status ([`PublicStatus`]: shown or suppressed), which is what outputs meant for
//! publication carry. It does not hold if [`CellStatus`] is published: knowing which hidden
//! cells are small (1 to 7) and which are not (0 or 8 and more) can pin them, so that view is
//! for the analyst. Rounding ([`DisclosureRule::round_to`]) only widens the ranges. The
//! tests check the guarantee against an independent exhaustive search, and the Python tests
//! against integer programming, on hundreds of random tables.
//!
//! ```
//! use ics_outcomes::disclosure::{CellStatus, DisclosureRule, protect_table};
//!
//! // Deaths by ICB (rows) and age band (columns); 3 and 5 are small counts.
//! let table = protect_table(&[vec![3, 20, 30], vec![40, 50, 60], vec![25, 5, 35]], &DisclosureRule::default())?;
//! assert_eq!(table.cell(0, 0).status, CellStatus::PrimarySuppressed);
//! assert_eq!(table.cell(0, 0).value, None);
//! // Row 0's total is published, so a second cell of row 0 is hidden with the 3...
//! assert!((1..3).any(|j| table.cell(0, j).value.is_none()));
//! // ...and every secondary suppression says whom it protects.
//! assert!(table.secondary.iter().all(|s| !s.to_string().is_empty()));
//! assert_eq!(table.grand_total().value, Some(268));
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

mod explanation;
pub mod inference;
mod long;
mod statistics;
mod table;

pub use explanation::{ProtectedExplanation, protect_explanation};
pub use inference::HiddenRange;
pub use long::{LongCounts, long_counts};
pub use statistics::{DISCLOSURE_COLUMN, check_rounding, derived_columns, protect_rows, protect_statistics};
pub use table::{
    Cell, CellStatus, ProtectedTable, PublicStatus, SecondaryReason, SecondarySuppression, protect_counts,
    protect_table,
};

use serde::{Deserialize, Serialize};

use crate::Error;

/// The NHS convention's largest small count: counts of 1 to 7 are not published.
pub const NHS_THRESHOLD: u8 = 7;

/// What to hide and how to round before publishing counts.
///
/// Settings are data: the rule is recorded with results and read from files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DisclosureRule {
    /// Counts from 1 to `threshold` are suppressed; 1 to 7 (the NHS convention allows any
    /// threshold up to 7; 7 is the usual one).
    pub threshold: u8,
    /// Whether zeros are suppressed too. Off by default: the NHS convention publishes zeros,
    /// which reveal nothing about a person.
    pub suppress_zeros: bool,
    /// Whether further cells are suppressed so that no suppressed cell can be recovered
    /// from published totals (on by default).
    pub secondary: bool,
    /// Round published counts to the nearest multiple of this (`Some(5)`: to the nearest 5;
    /// halves round up); `None` publishes them as they are.
    pub round_to: Option<u32>,
}

impl Default for DisclosureRule {
    fn default() -> Self {
        DisclosureRule { threshold: NHS_THRESHOLD, suppress_zeros: false, secondary: true, round_to: None }
    }
}

impl DisclosureRule {
    /// The default rule with another threshold, checked.
    ///
    /// ```
    /// let rule = ics_outcomes::disclosure::DisclosureRule::with_threshold(5)?;
    /// assert!(rule.is_small(5) && !rule.is_small(6) && !rule.is_small(0));
    /// assert!(ics_outcomes::disclosure::DisclosureRule::with_threshold(8).is_err());
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    pub fn with_threshold(threshold: u8) -> Result<Self, Error> {
        let rule = DisclosureRule { threshold, ..DisclosureRule::default() };
        rule.check()?;
        Ok(rule)
    }

    /// A rule from untyped integers (command lines, bindings), each checked and named in the
    /// error when out of range.
    pub fn from_parts(
        threshold: i64,
        suppress_zeros: bool,
        secondary: bool,
        round_to: Option<i64>,
    ) -> Result<Self, Error> {
        let narrow = |name: &str, value: i64| {
            Error::argument(name, value, format!("{name} is out of range (threshold: 1 to 7; round_to: 1 or more)"))
        };
        let threshold = u8::try_from(threshold).map_err(|_| narrow("threshold", threshold))?;
        let round_to = round_to.map(|r| u32::try_from(r).map_err(|_| narrow("round_to", r))).transpose()?;
        let rule = DisclosureRule { threshold, suppress_zeros, secondary, round_to };
        rule.check()?;
        Ok(rule)
    }

    /// The rule of a report's or explanation's `suppress` and `round_to` options (the command
    /// line's `--suppress` and `--round-to`, the bindings' arguments): counts of 1 to
    /// `suppress` withheld with secondary suppression, the rest rounded to multiples of
    /// `round_to`; `None` for no disclosure control. Errors name the options as given.
    ///
    /// ```
    /// use ics_outcomes::disclosure::DisclosureRule;
    /// assert_eq!(DisclosureRule::for_report(None, None)?, None);
    /// assert!(DisclosureRule::for_report(Some(5), Some(5))?.is_some_and(|r| r.is_small(5)));
    /// let error = DisclosureRule::for_report(None, Some(5)).unwrap_err();
    /// assert_eq!(error.details()[0].path, "round_to");
    /// assert_eq!(DisclosureRule::for_report(Some(8), None).unwrap_err().details()[0].path, "suppress");
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    pub fn for_report(suppress: Option<i64>, round_to: Option<i64>) -> Result<Option<Self>, Error> {
        let Some(threshold) = suppress else {
            return match round_to {
                None => Ok(None),
                Some(r) => {
                    Err(Error::argument("round_to", r, "rounding is part of disclosure control: give suppress too"))
                }
            };
        };
        DisclosureRule::from_parts(threshold, false, true, round_to).map(Some).map_err(|error| match error {
            Error::Argument { argument, value, message } if argument == "threshold" => Error::Argument {
                argument: "suppress".to_owned(),
                value,
                message: message.replace("threshold", "suppress"),
            },
            other => other,
        })
    }

    /// Refuses a threshold outside 1 to 7 and rounding to a multiple of zero, naming the field.
    pub fn check(&self) -> Result<(), Error> {
        if !(1..=NHS_THRESHOLD).contains(&self.threshold) {
            return Err(Error::argument(
                "threshold",
                self.threshold,
                "the small-count threshold must be from 1 to 7 (NHS convention: counts of 1 to 7 are suppressed)",
            ));
        }
        if self.round_to == Some(0) {
            return Err(Error::argument("round_to", 0, "counts can only be rounded to a multiple of 1 or more"));
        }
        Ok(())
    }

    /// Whether a count must not be published (primary suppression).
    pub fn is_small(&self, count: u64) -> bool {
        (count == 0 && self.suppress_zeros) || (1..=u64::from(self.threshold)).contains(&count)
    }

    /// A published count, rounded to the nearest multiple of `round_to` (halves up).
    pub fn round(&self, count: u64) -> u64 {
        match self.round_to {
            Some(base) if base > 1 => {
                let base = u64::from(base);
                let down = count - count % base;
                if (count % base) * 2 >= base { down.saturating_add(base) } else { down }
            }
            _ => count,
        }
    }

    /// [`Self::is_small`] for a count held as a float (statistics tables): `NaN` is missing
    /// and never small; a fractional count between 0 and the threshold is small.
    pub(crate) fn is_small_f64(&self, count: f64) -> bool {
        (count == 0.0 && self.suppress_zeros) || (count > 0.0 && count <= f64::from(self.threshold))
    }

    /// [`Self::round`] for a non-negative count held as a float.
    pub(crate) fn round_f64(&self, count: f64) -> f64 {
        match self.round_to {
            Some(base) if base > 1 && count.is_finite() => {
                let base = f64::from(base);
                (count / base + 0.5).floor() * base
            }
            _ => count,
        }
    }
}
