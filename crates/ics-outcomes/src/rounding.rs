//! The rounding rule a framework states: values are rounded to a metric's publication
//! decimals with this rule, then targets are judged by exact comparison.

use rust_decimal::{Decimal, RoundingStrategy};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// How a value is rounded to its publication decimals.
// Not a `///` comment: the JSON Schema would take the example into its description.
#[cfg_attr(
    any(doc, doctest),
    doc = r##"
```
use ics_outcomes::{defaults, Rounding};
assert_eq!(defaults::national_framework().rounding(), Rounding::HalfAwayFromZero);
let v: rust_decimal::Decimal = "2.45".parse().unwrap();
let rounded: Vec<String> = Rounding::ALL.iter().map(|r| r.apply(v, 1).to_string()).collect();
assert_eq!(rounded, ["2.5", "2.4", "2.4"]);
```
"##
)]
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
        if let Some(rounded) = self.apply_in_i128(value, decimals) {
            return rounded;
        }
        let mut rounded = value.round_dp_with_strategy(decimals, strategy);
        // Show the published number of places, so 78 reads "78.0" at 1 dp.
        rounded.rescale(decimals);
        rounded
    }

    /// [`apply`](Self::apply) on the mantissa in 128-bit integers, several times faster than
    /// the general path, for every value whose result fits; `None` leaves the rest to it, and
    /// a negative zero (a computed product can be one), whose sign the general path keeps.
    fn apply_in_i128(self, value: Decimal, decimals: u32) -> Option<Decimal> {
        if value.is_zero() && value.is_sign_negative() {
            return None;
        }
        let (mantissa, scale) = (value.mantissa(), value.scale());
        if scale <= decimals {
            let widened = crate::number::widen(mantissa, decimals - scale)?;
            return Decimal::try_from_i128_with_scale(widened, decimals).ok();
        }
        let unit = crate::number::power_of_ten(scale - decimals)?;
        // A 64-bit division when both fit: 128-bit division is a slow library call.
        let (whole, rest) = match (i64::try_from(mantissa), i64::try_from(unit)) {
            (Ok(m), Ok(u)) => (i128::from(m / u), i128::from((m % u).abs())),
            _ => (mantissa / unit, (mantissa % unit).abs()),
        };
        let away = match self {
            Rounding::HalfAwayFromZero => 2 * rest >= unit,
            Rounding::HalfEven => 2 * rest > unit || (2 * rest == unit && whole % 2 != 0),
            Rounding::Truncate => false,
        };
        let rounded = if away { whole + mantissa.signum() } else { whole };
        Decimal::try_from_i128_with_scale(rounded, decimals).ok()
    }
}
