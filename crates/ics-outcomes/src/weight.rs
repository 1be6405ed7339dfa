//! Exact weights and the one division that turns weighted scores into decimals.
//!
//! Weights are exact fractions, so "the weights of an ICS's scored targets sum to one"
//! and "a local priority weighs exactly what a national one weighs" hold without
//! rounding. They turn into `Decimal` only when multiplied into a contribution, and
//! [`apportion`] does that so the contributions add up to the total exactly.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An exact non-negative weight: a reduced fraction.
///
/// ```
/// use ics_outcomes::Weight;
/// let third = Weight::new(2, 6).unwrap();
/// assert_eq!((third.numerator(), third.denominator(), third.to_string()), (1, 3, "1/3".to_owned()));
/// assert_eq!(third.checked_add(third).and_then(|w| w.checked_add(third)), Some(Weight::ONE));
/// assert_eq!(third.checked_mul(Weight::new(1, 2).unwrap()), Weight::new(1, 6));
/// assert_eq!(third.apply(rust_decimal::Decimal::from(3)), rust_decimal::Decimal::ONE);
/// assert!(Weight::new(1, 0).is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Weight {
    numerator: u128,
    denominator: u128,
}

/// The greatest common divisor, by Stein's binary algorithm: shifts and subtractions, where
/// Euclid's remainders would each be a slow 128-bit division (several per area scored).
fn gcd(mut a: u128, mut b: u128) -> u128 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
}

impl Weight {
    /// Nothing.
    pub const ZERO: Weight = Weight { numerator: 0, denominator: 1 };
    /// Everything.
    pub const ONE: Weight = Weight { numerator: 1, denominator: 1 };

    /// `numerator / denominator`, reduced; `None` when the denominator is zero.
    pub fn new(numerator: u128, denominator: u128) -> Option<Weight> {
        if denominator == 0 {
            return None;
        }
        let g = gcd(numerator, denominator).max(1);
        Some(Weight { numerator: numerator / g, denominator: denominator / g })
    }

    /// The reduced numerator.
    pub fn numerator(self) -> u128 {
        self.numerator
    }

    /// The reduced denominator.
    pub fn denominator(self) -> u128 {
        self.denominator
    }

    /// The sum, or `None` on overflow.
    pub fn checked_add(self, other: Weight) -> Option<Weight> {
        let g = gcd(self.denominator, other.denominator);
        let left = self.numerator.checked_mul(other.denominator / g)?;
        let right = other.numerator.checked_mul(self.denominator / g)?;
        Weight::new(left.checked_add(right)?, (self.denominator / g).checked_mul(other.denominator)?)
    }

    /// The product, or `None` on overflow.
    pub fn checked_mul(self, other: Weight) -> Option<Weight> {
        let g1 = gcd(self.numerator, other.denominator).max(1);
        let g2 = gcd(other.numerator, self.denominator).max(1);
        Weight::new(
            (self.numerator / g1).checked_mul(other.numerator / g2)?,
            (self.denominator / g2).checked_mul(other.denominator / g1)?,
        )
    }

    /// `x * self` in `Decimal`, dividing last (to 28 significant digits).
    pub fn apply(self, x: Decimal) -> Decimal {
        let exact = decimal(self.numerator)
            .zip(decimal(self.denominator))
            .and_then(|(n, d)| x.checked_mul(n).and_then(|xn| xn.checked_div(d)));
        exact.unwrap_or_else(|| x * self.to_decimal())
    }

    /// The weight as a `Decimal` (to 28 significant digits).
    pub fn to_decimal(self) -> Decimal {
        // Halving both terms keeps the ratio to far more digits than a Decimal holds.
        let shift = (128 - self.denominator.leading_zeros()).saturating_sub(95);
        let (n, d) = (self.numerator >> shift, (self.denominator >> shift).max(1));
        decimal(n).zip(decimal(d)).and_then(|(n, d)| n.checked_div(d)).unwrap_or(Decimal::MAX)
    }
}

/// A `u128` as a `Decimal`, when it fits in 96 bits.
fn decimal(n: u128) -> Option<Decimal> {
    Decimal::try_from_i128_with_scale(i128::try_from(n).ok()?, 0).ok()
}

impl fmt::Display for Weight {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.denominator == 1 {
            write!(f, "{}", self.numerator)
        } else {
            write!(f, "{}/{}", self.numerator, self.denominator)
        }
    }
}

impl Serialize for Weight {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// Reads what [`Serialize`] writes: `n` or `n/d`.
impl<'de> Deserialize<'de> for Weight {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let (numerator, denominator) = text.split_once('/').unwrap_or((&text, "1"));
        let parse = |t: &str| t.parse::<u128>().map_err(serde::de::Error::custom);
        Weight::new(parse(numerator)?, parse(denominator)?)
            .ok_or_else(|| serde::de::Error::custom(format!("a weight with a zero denominator: {text}")))
    }
}

/// Decimal places of contributions and overall scores.
pub const SCORE_SCALE: u32 = 28;

/// Splits an exactly computed total into contributions that add up to it.
///
/// Each contribution is `score * weight`. The exact total `Σ score * weight` is rounded
/// once, half up, to [`SCORE_SCALE`] places; each contribution is its exact value cut to
/// that many places, and the units still missing go to the contributions that lost the
/// most (the earlier one on a tie). So equal exact totals get equal decimal totals (ties
/// stay ties in a league table) and the contributions sum to the total exactly.
///
/// The arithmetic is in 128-bit integers when the weights' common denominator allows (the
/// usual case, and the fast one), else in arbitrary precision: many priorities with many
/// targets each (9 priorities of 11, 13, ... 41 targets) or explicit weights of many
/// decimal places outgrow 128 bits. Scores must lie in `[0, 1]`; `None` only for a score
/// outside it.
pub(crate) fn apportion(parts: &[(Decimal, Weight)]) -> Option<(Vec<Decimal>, Decimal)> {
    let units = all_units(parts)?;
    let (units, total) = apportion_u128(parts, &units, None).or_else(|| apportion_big(parts, &units, None))?;
    let to_decimal = |u: u128| Decimal::try_from_i128_with_scale(i128::try_from(u).ok()?, SCORE_SCALE).ok();
    let mut contributions = Vec::with_capacity(units.len());
    for u in units {
        contributions.push(to_decimal(u)?);
    }
    Some((contributions, to_decimal(total)?))
}

/// The exact `Σ score * weight` divided by `per` and rounded once as [`apportion`] rounds
/// its total (which this is for `per` one), without splitting it into contributions: a
/// tier's score is its targets' weighted sum over the tier's weight. `None` when `per` is
/// zero.
pub(crate) fn weighted_total(parts: &[(Decimal, Weight)], per: Weight) -> Option<Decimal> {
    if per.numerator == 0 {
        return None;
    }
    let units = all_units(parts)?;
    let (_, total) = apportion_u128(parts, &units, Some(per)).or_else(|| apportion_big(parts, &units, Some(per)))?;
    Decimal::try_from_i128_with_scale(i128::try_from(total).ok()?, SCORE_SCALE).ok()
}

/// Every part's score in units ([`score_units`]), in a vector of the right size from the
/// start: collecting into `Option<Vec>` grows it step by step, and this runs once an area.
fn all_units(parts: &[(Decimal, Weight)]) -> Option<Vec<u128>> {
    let mut units = Vec::with_capacity(parts.len());
    for (score, _) in parts {
        units.push(score_units(*score)?);
    }
    Some(units)
}

/// A score in `[0, 1]` in units of `10^-SCORE_SCALE`.
fn score_units(score: Decimal) -> Option<u128> {
    let mantissa = u128::try_from(score.mantissa()).ok()?;
    let power = u128::try_from(crate::number::power_of_ten(SCORE_SCALE.checked_sub(score.scale())?)?).ok()?;
    let units = mantissa.checked_mul(power)?;
    (units <= 10u128.pow(SCORE_SCALE)).then_some(units)
}

/// [`apportion`] in 128-bit integers: each part's units and the rounded total, or only the
/// rounded total divided by `total_per` ([`weighted_total`]); `None` when an intermediate
/// overflows.
fn apportion_u128(parts: &[(Decimal, Weight)], units: &[u128], total_per: Option<Weight>) -> Option<(Vec<u128>, u128)> {
    // Parts mostly share their priority's weight: each run of equal weights costs one
    // 128-bit division, not one a part.
    let mut common = 1u128;
    let mut folded = 1u128;
    for (_, w) in parts {
        if w.denominator != folded && !common.is_multiple_of(w.denominator) {
            common = common.checked_mul(w.denominator / gcd(common, w.denominator))?;
        }
        folded = w.denominator;
    }
    let mut exact = Vec::with_capacity(parts.len());
    let mut last: Option<(Weight, u128)> = None;
    for ((_, weight), &u) in parts.iter().zip(units) {
        let factor = match last {
            Some((w, factor)) if w == *weight => factor,
            _ => weight.numerator.checked_mul(common / weight.denominator)?,
        };
        last = Some((*weight, factor));
        exact.push(u.checked_mul(factor)?);
    }
    let total = exact.iter().try_fold(0u128, |s, &t| s.checked_add(t))?;
    if let Some(per) = total_per {
        let divisor = common.checked_mul(per.numerator)?;
        return Some((Vec::new(), total.checked_mul(per.denominator)?.checked_add(divisor / 2)? / divisor));
    }
    let rounded_total = total.checked_add(common / 2)? / common;
    // 128-bit division is slow, and parts repeat (equal weights, scores of 0 or 1): each
    // distinct part is divided once, and zero parts not at all.
    let mut last = (0, (0, 0));
    let mut divide = |t: u128| {
        if t == 0 {
            return (0, 0);
        }
        if t != last.0 {
            let whole = t / common;
            last = (t, (whole, t - whole * common));
        }
        last.1
    };
    let (whole, remainders): (Vec<u128>, Vec<u128>) = exact.iter().map(|&t| divide(t)).unzip();
    Some((distribute(whole, &remainders, rounded_total)?, rounded_total))
}

/// [`apportion`] in arbitrary precision, for weights whose common denominator outgrows
/// 128 bits. The same steps as [`apportion_u128`], so the same answer.
fn apportion_big(parts: &[(Decimal, Weight)], units: &[u128], total_per: Option<Weight>) -> Option<(Vec<u128>, u128)> {
    use num_bigint::BigUint;
    let big_gcd = |mut a: BigUint, mut b: BigUint| {
        while b != BigUint::ZERO {
            let r = &a % &b;
            a = std::mem::replace(&mut b, r);
        }
        a
    };
    let mut common = BigUint::from(1u8);
    for (_, w) in parts {
        let denominator = BigUint::from(w.denominator);
        if (&common % &denominator) != BigUint::ZERO {
            let g = big_gcd(common.clone(), denominator.clone());
            common *= denominator / g;
        }
    }
    let exact: Vec<BigUint> = parts
        .iter()
        .zip(units)
        .map(|((_, w), &u)| BigUint::from(u) * BigUint::from(w.numerator) * (&common / BigUint::from(w.denominator)))
        .collect();
    let total: BigUint = exact.iter().sum();
    if let Some(per) = total_per {
        let divisor = &common * BigUint::from(per.numerator);
        let rounded = (total * BigUint::from(per.denominator) + (&divisor >> 1u8)) / divisor;
        return Some((Vec::new(), u128::try_from(rounded).ok()?));
    }
    let rounded_total = u128::try_from((total + (&common >> 1u8)) / &common).ok()?;
    let mut whole = Vec::with_capacity(exact.len());
    let mut remainders = Vec::with_capacity(exact.len());
    for t in &exact {
        whole.push(u128::try_from(t / &common).ok()?);
        remainders.push(t % &common);
    }
    Some((distribute(whole, &remainders, rounded_total)?, rounded_total))
}

/// Adds the units still missing from `rounded_total` to the parts with the largest
/// remainders (the earlier one on a tie).
fn distribute<R: Ord>(mut whole: Vec<u128>, remainders: &[R], rounded_total: u128) -> Option<Vec<u128>> {
    let missing = usize::try_from(rounded_total.checked_sub(whole.iter().sum::<u128>())?).ok()?;
    if missing == 0 {
        return Some(whole);
    }
    // Only which parts are among the first `missing` matters, not their order: a selection,
    // under an order with no ties (larger remainder, then earlier part), finds exactly them.
    let mut by_remainder: Vec<(&R, usize)> = remainders.iter().enumerate().map(|(i, r)| (r, i)).collect();
    let order = |a: &(&R, usize), b: &(&R, usize)| b.0.cmp(a.0).then(a.1.cmp(&b.1));
    if missing < by_remainder.len() {
        by_remainder.select_nth_unstable_by(missing, order);
    }
    for &(_, i) in by_remainder.iter().take(missing) {
        whole[i] += 1;
    }
    Some(whole)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The units go to the parts a full sort puts first (larger remainder, then earlier
        /// part): the selection picks the same parts, ties included.
        #[test]
        fn distribution_is_that_of_a_full_sort(
            remainders in proptest::collection::vec(0u8..4, 1..40),
            missing in 0usize..40,
        ) {
            let missing = missing.min(remainders.len());
            let whole = vec![0u128; remainders.len()];
            let total = u128::try_from(missing).unwrap_or(0);
            let mut sorted: Vec<usize> = (0..remainders.len()).collect();
            sorted.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]).then(a.cmp(&b)));
            let mut expected = whole.clone();
            for &i in sorted.iter().take(missing) {
                expected[i] += 1;
            }
            prop_assert_eq!(distribute(whole, &remainders, total), Some(expected));
        }

        /// Stein's algorithm finds Euclid's greatest common divisor, beyond 64 bits too.
        #[test]
        fn gcd_is_euclid_s(a in any::<u128>(), b in any::<u128>(), k in 0u32..64) {
            let euclid = |mut a: u128, mut b: u128| {
                while b != 0 {
                    (a, b) = (b, a % b);
                }
                a
            };
            prop_assert_eq!(gcd(a, b), euclid(a, b));
            // Smaller numbers with many factors of two in common, where the shifts matter.
            let (a, b) = (a >> 64 << k, b >> 70 << k);
            prop_assert_eq!(gcd(a, b), euclid(a, b));
        }

        /// The arbitrary-precision path gives exactly what the 128-bit one gives, wherever
        /// the latter fits.
        #[test]
        fn both_paths_agree(parts in proptest::collection::vec((0u32..=1000, 1u128..=1000, 1u128..=5000), 1..30)) {
            let parts: Vec<(Decimal, Weight)> = parts
                .into_iter()
                .filter_map(|(s, n, d)| Some((Decimal::new(i64::from(s), 3), Weight::new(n.min(d), d)?)))
                .collect();
            let units: Vec<u128> = parts.iter().map(|(s, _)| score_units(*s).unwrap()).collect();
            if let Some(fast) = apportion_u128(&parts, &units, None) {
                prop_assert_eq!(Some(fast), apportion_big(&parts, &units, None));
            }
            let total = apportion(&parts).map(|(_, total)| total);
            prop_assert_eq!(weighted_total(&parts, Weight::ONE), total);
        }

        /// Dividing the weighted sum by a weight is apportioning under weights divided by it,
        /// in both paths.
        #[test]
        fn a_total_per_weight_is_the_total_under_divided_weights(
            parts in proptest::collection::vec((0u32..=1000, 1u128..=1000, 1u128..=5000), 1..30),
            per in (1u128..=5000, 1u128..=5000),
        ) {
            let parts: Vec<(Decimal, Weight)> = parts
                .into_iter()
                .filter_map(|(s, n, d)| Some((Decimal::new(i64::from(s), 3), Weight::new(n.min(d), d)?)))
                .collect();
            let per = Weight::new(per.0, per.1).unwrap();
            let inverse = Weight::new(per.denominator, per.numerator).unwrap();
            let divided: Option<Vec<(Decimal, Weight)>> =
                parts.iter().map(|&(s, w)| Some((s, w.checked_mul(inverse)?))).collect();
            if let Some((_, expected)) = divided.as_deref().and_then(apportion) {
                prop_assert_eq!(weighted_total(&parts, per), Some(expected));
            }
            let units: Vec<u128> = parts.iter().map(|(s, _)| score_units(*s).unwrap()).collect();
            if let Some(fast) = apportion_u128(&parts, &units, Some(per)) {
                prop_assert_eq!(Some(fast), apportion_big(&parts, &units, Some(per)));
            }
        }

        /// Dividing each distinct part once gives what dividing every part gives, over parts
        /// that repeat (equal weights and scores of 0 or 1, as scoring gives them).
        #[test]
        fn repeated_parts_split_as_every_part_alone(parts in proptest::collection::vec((0u32..=2, 1u128..=3), 1..40)) {
            let parts: Vec<(Decimal, Weight)> =
                parts.into_iter().filter_map(|(s, n)| Some((Decimal::new(i64::from(s), 1), Weight::new(n, 7)?))).collect();
            let units: Vec<u128> = parts.iter().map(|(s, _)| score_units(*s).unwrap()).collect();
            prop_assert_eq!(apportion_u128(&parts, &units, None), apportion_big(&parts, &units, None));
        }
    }
}
