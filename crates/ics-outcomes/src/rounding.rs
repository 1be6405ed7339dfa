//! The rounding rule a framework states: values are rounded to a metric's publication
//! decimals with this rule, then targets are judged by exact comparison.

use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a value is rounded to its publication decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// 0.5 rounds away from zero (2.45 to 1 dp is 2.5): the usual rule of NHS publications.
    #[default]
    HalfAwayFromZero,
    /// 0.5 rounds to the even neighbour (2.45 to 1 dp is 2.4).
    HalfEven,
    /// Digits beyond the decimals are dropped (2.49 to 1 dp is 2.4).
    Truncate,
}

impl Rounding {
    /// Every rule, in the order declared.
    pub const ALL: &'static [Rounding] = &[Rounding::HalfAwayFromZero, Rounding::HalfEven, Rounding::Truncate];

    /// Rounds `value` to `decimals` places under this rule.
    ///
    /// ```
    /// use ics_outcomes::Rounding;
    /// use rust_decimal::Decimal;
    /// let v: Decimal = "77.95".parse().unwrap();
    /// assert_eq!(Rounding::HalfAwayFromZero.apply(v, 1).to_string(), "78.0");
    /// assert_eq!(Rounding::HalfEven.apply(v, 1).to_string(), "78.0");
    /// assert_eq!(Rounding::Truncate.apply(v, 1).to_string(), "77.9");
    /// ```
    pub fn apply(self, value: Decimal, decimals: u32) -> Decimal {
        let strategy = match self {
            Rounding::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::Truncate => RoundingStrategy::ToZero,
        };
        let mut rounded = value.round_dp_with_strategy(decimals, strategy);
        // Show the published number of places, so 78 reads "78.0" at 1 dp.
        rounded.rescale(decimals);
        rounded
    }
}
