//! Decimal numbers read from text exactly, by one grammar wherever text becomes a number:
//! observation files, framework and model files, and the arguments of every front end.
//!
//! The grammar is an optional sign, ASCII digits with an optional decimal point, and an
//! optional exponent: `78`, `-0.5`, `.5`, `78.`, `1.5e3`, `2E-4`. Nothing else is a number:
//! no digit separators (`78_0`), no spaces, no thousands commas. A number is read exactly
//! or refused: `rust_decimal` would round text with more than 28 decimal places or more
//! significant digits than its 96-bit mantissa holds, and such a silent rounding can turn a
//! target from missed to met.
//!
//! ```
//! use ics_outcomes::number::parse_decimal;
//! assert_eq!(parse_decimal("77.95").unwrap().to_string(), "77.95");
//! assert_eq!(parse_decimal("1.5e3").unwrap().to_string(), "1500");
//! assert!(parse_decimal("78_0").is_err());
//! assert!(parse_decimal("77.949999999999999999999999999999").is_err());
//! ```

use rust_decimal::Decimal;

/// The most decimal places a [`Decimal`] holds.
const MAX_SCALE: i64 = 28;
/// The largest mantissa a [`Decimal`] holds, 2⁹⁶ − 1, in digits.
const MAX_MANTISSA: &str = "79228162514264337593543950335";

/// Reads `text` as a decimal number exactly, or says why it cannot.
pub fn parse_decimal(text: &str) -> Result<Decimal, String> {
    let not_a_number = || "not a decimal number: digits with an optional sign, point and exponent".to_owned();
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, parse_exponent(exponent).ok_or_else(not_a_number)?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_only = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (whole.is_empty() && fraction.is_empty()) || !digits_only(whole) || !digits_only(fraction) {
        return Err(not_a_number());
    }
    // The common case: 28 digits or fewer and no exponent always fit, so rust_decimal's own
    // reading is exact here (the text is known to hold no separators).
    if exponent == 0 && whole.len() + fraction.len() <= 28 {
        return text.parse().map_err(|_| not_a_number());
    }
    let mut digits: String = format!("{whole}{fraction}").trim_start_matches('0').to_owned();
    let mut scale = i64::try_from(fraction.len()).map_err(|_| not_a_number())? - exponent;
    // Trailing zeros after the point change nothing: drop those that the scale or the
    // mantissa has no room for.
    let fits = |digits: &str| digits.len() < 29 || (digits.len() == 29 && digits <= MAX_MANTISSA);
    while scale > 0 && digits.ends_with('0') && (scale > MAX_SCALE || !fits(&digits)) {
        digits.pop();
        scale -= 1;
    }
    if digits.is_empty() {
        return Ok(Decimal::new(0, u32::try_from(scale.clamp(0, MAX_SCALE)).unwrap_or(0)));
    }
    if scale > MAX_SCALE {
        return Err(format!("more than {MAX_SCALE} decimal places, which a decimal cannot hold exactly"));
    }
    let too_large = || "more significant digits than a decimal holds exactly (at most 7.9 × 10²⁸)".to_owned();
    if scale < 0 {
        let zeros = usize::try_from(-scale).map_err(|_| too_large())?;
        if digits.len() + zeros > 29 {
            return Err(too_large());
        }
        digits.push_str(&"0".repeat(zeros));
        scale = 0;
    }
    if digits.len() > 29 {
        return Err(too_large());
    }
    let magnitude: i128 = digits.parse().map_err(|_| too_large())?;
    let signed = if negative { -magnitude } else { magnitude };
    let scale = u32::try_from(scale).map_err(|_| too_large())?;
    Decimal::try_from_i128_with_scale(signed, scale).map_err(|_| too_large())
}

/// `mantissa * 10^places`, or `None` past 128 bits: one 64 × 64-bit multiply when both
/// factors fit 64 bits (published figures at up to 18 places more), else a checked 128-bit
/// one.
#[inline]
pub(crate) fn widen(mantissa: i128, places: u32) -> Option<i128> {
    let power = *POWERS_OF_TEN.get(places as usize)?;
    match (i64::try_from(mantissa), i64::try_from(power)) {
        (Ok(m), Ok(p)) => Some(i128::from(m) * i128::from(p)),
        _ => mantissa.checked_mul(power),
    }
}

/// `10^0` to `10^38`, every power of ten an `i128` holds.
const POWERS_OF_TEN: [i128; 39] = {
    let mut powers = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        powers[i] = powers[i - 1] * 10;
        i += 1;
    }
    powers
};

/// `10^places` while it fits an `i128`.
pub(crate) fn power_of_ten(places: u32) -> Option<i128> {
    POWERS_OF_TEN.get(places as usize).copied()
}

/// Orders two decimals exactly, as their `Ord` does, but without `rust_decimal`'s general
/// rescaling whenever the smaller-scale mantissa still fits in 128 bits at the larger scale
/// (published figures always do): loading checks every value against its bounds and
/// judging compares every published value with its requirement.
///
/// ```
/// use ics_outcomes::number::compare;
/// use rust_decimal::Decimal;
/// use std::cmp::Ordering;
/// assert_eq!(compare(Decimal::new(7005, 2), Decimal::new(70, 0)), Ordering::Greater);
/// assert_eq!(compare(Decimal::new(700, 1), Decimal::new(70, 0)), Ordering::Equal);
/// assert_eq!(compare(Decimal::MAX, Decimal::new(-1, 28)), Ordering::Greater);
/// ```
#[inline]
pub fn compare(a: Decimal, b: Decimal) -> std::cmp::Ordering {
    let (scale_a, scale_b) = (a.scale(), b.scale());
    let mantissas = match scale_a.cmp(&scale_b) {
        std::cmp::Ordering::Equal => Some((a.mantissa(), b.mantissa())),
        std::cmp::Ordering::Less => widen(a.mantissa(), scale_b - scale_a).map(|m| (m, b.mantissa())),
        std::cmp::Ordering::Greater => widen(b.mantissa(), scale_a - scale_b).map(|m| (a.mantissa(), m)),
    };
    mantissas.map_or_else(|| a.cmp(&b), |(x, y)| x.cmp(&y))
}

/// Reads a binary float as the decimal it shows: the shortest decimal that reads back as the
/// same float, as `f64`'s `Display` and Python's `repr` write it (`70.0` reads as `70`, `0.1`
/// as `0.1`, not as the float's exact binary value), so a float column of a frame reads as
/// its text would. Infinities and NaN are refused.
///
/// ```
/// use ics_outcomes::number::decimal_from_float;
/// assert_eq!(decimal_from_float(77.95).unwrap().to_string(), "77.95");
/// assert_eq!(decimal_from_float(0.1 + 0.2).unwrap().to_string(), "0.30000000000000004");
/// assert!(decimal_from_float(f64::NAN).is_err());
/// ```
pub fn decimal_from_float(x: f64) -> Result<Decimal, String> {
    if !x.is_finite() {
        return Err(format!("{x} is not a finite number"));
    }
    // Most published figures have a few decimal places: find the fewest at which the value
    // rounds to an integer that reads back as `x`. Below 2^50 the scaled product is within
    // a quarter of that integer, and dividing two exactly held integers rounds correctly,
    // so the test is exact and its first success is the shortest text.
    const EXACT: f64 = (1u64 << 50) as f64;
    let magnitude = x.abs();
    let mut power = 1.0;
    for scale in 0..=15 {
        let scaled = magnitude * power;
        if scaled >= EXACT {
            break;
        }
        let integer = scaled.round();
        if integer / power == magnitude {
            // `integer` is below 2^50, so the conversion to an integer is exact.
            let mut decimal = Decimal::new(integer as i64, scale);
            decimal.set_sign_negative(x < 0.0);
            return Ok(decimal);
        }
        power *= 10.0;
    }
    parse_decimal(&x.to_string())
}

/// An exponent: an optional sign and up to six ASCII digits.
fn parse_exponent(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || digits.len() > 6 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// Serde for decimals written as strings in files, read by [`parse_decimal`].
pub(crate) mod text {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Decimal, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(value)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Decimal, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        super::parse_decimal(&text).map_err(serde::de::Error::custom)
    }
}

/// Serde for optional decimals written as strings in files, read by [`parse_decimal`].
pub(crate) mod text_option {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => serializer.collect_str(value),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Decimal>, D::Error> {
        let text = Option::<std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.map(|t| super::parse_decimal(&t).map_err(serde::de::Error::custom)).transpose()
    }
}
