//! Numbers in labels written as R writes them, so metadata strings match the package's.

/// R's `format(x)` for one finite number: at most 7 significant digits, fixed notation unless
/// scientific is strictly shorter (`1000`, `10000`, `1e+05`, `99.8`, `1e-04`).
pub(crate) fn r_number(x: f64) -> String {
    r_digits(x, 7)
}

/// R's `as.character(x)` for one number, which `nchar` measures: as [`r_number`] with 15
/// significant digits (`123456789`, `1e+05`).
pub(crate) fn r_character(x: f64) -> String {
    r_digits(x, 15)
}

/// A number with at most `precision` significant digits, fixed unless scientific is shorter.
fn r_digits(x: f64, precision: usize) -> String {
    if !x.is_finite() {
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "Inf".into()
        } else {
            "-Inf".into()
        };
    }
    if x == 0.0 {
        return "0".into();
    }
    let (mantissa, exponent) = significant(x, precision);
    let digits = mantissa.len() as i32;
    let neg = usize::from(x < 0.0);
    let sci = if digits > 1 { format!("{}.{}", &mantissa[..1], &mantissa[1..]) } else { mantissa.clone() };
    let sci = format!(
        "{}{}e{}{:02}",
        if x < 0.0 { "-" } else { "" },
        sci,
        if exponent < 0 { '-' } else { '+' },
        exponent.abs()
    );
    let decimals = (digits - exponent - 1).max(0) as usize;
    let left = if exponent >= 0 { exponent as usize + 1 } else { 1 };
    let fixed_width = neg + left + if decimals > 0 { decimals + 1 } else { 0 };
    if fixed_width <= sci.len() { format!("{x:.decimals$}") } else { sci }
}

/// R's `format(x, scientific = FALSE)`: fixed notation with up to 7 significant digits.
pub(crate) fn r_fixed(x: f64) -> String {
    if !x.is_finite() || x == 0.0 {
        return r_number(x);
    }
    let (mantissa, exponent) = significant(x, 7);
    let decimals = (mantissa.len() as i32 - exponent - 1).max(0) as usize;
    format!("{x:.decimals$}")
}

/// R's `format(x, big.mark = ",", scientific = FALSE)`, e.g. `100,000`.
pub(crate) fn r_thousands(x: f64) -> String {
    let fixed = r_fixed(x);
    let (sign, rest) = fixed.strip_prefix('-').map_or(("", fixed.as_str()), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    match frac {
        Some(frac) => format!("{sign}{grouped}.{frac}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The significant digits of `x` to `digits` places, trailing zeros removed, and its decimal
/// exponent.
fn significant(x: f64, digits: usize) -> (String, i32) {
    let sci = format!("{:.*e}", digits - 1, x.abs());
    let (mantissa, exponent) = sci.split_once('e').unwrap_or((&sci, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    let digits = if digits.is_empty() { "0" } else { digits };
    (digits.to_owned(), exponent.parse().unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_format_as_r_does() {
        for (x, r) in [(1.0, "1"), (100.0, "100"), (1000.0, "1000"), (10000.0, "10000"), (1e5, "1e+05"), (99.8, "99.8")]
        {
            assert_eq!(r_number(x), r);
        }
        assert_eq!(r_number(0.0001), "1e-04");
        assert_eq!(r_number(0.998), "0.998");
        assert_eq!(r_number(123456.0), "123456");
        assert_eq!(r_fixed(1e5), "100000");
        assert_eq!(r_thousands(1e5), "100,000");
        assert_eq!(r_thousands(1000.0), "1,000");
        assert_eq!(r_character(1e5), "1e+05");
        assert_eq!(r_character(110_000.0), "110000");
        assert_eq!(r_character(1_200_000.0), "1200000");
        assert_eq!(r_character(100_000_001.0), "100000001");
        assert_eq!(r_character(3e8), "3e+08");
    }
}
