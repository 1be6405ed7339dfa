//! Decimal text read exactly by one grammar: hostile-input findings D5, D15 and D19.

use std::sync::LazyLock;

use ics_outcomes::number::{compare, decimal_from_float, parse_decimal};
use proptest::prelude::*;
use rust_decimal::Decimal;

#[test]
fn the_grammar_reads_signs_points_and_exponents_exactly() {
    let cases = [
        ("78", "78"),
        ("-0.5", "-0.5"),
        ("+12.50", "12.50"),
        (".5", "0.5"),
        ("78.", "78"),
        ("1.5e3", "1500"),
        ("2E-4", "0.0002"),
        ("0.00", "0.00"),
        ("79228162514264337593543950335", "79228162514264337593543950335"),
        ("0.0000000000000000000000000001", "0.0000000000000000000000000001"),
        // Trailing zeros that a decimal has no room for are dropped, as they change nothing.
        ("78.000000000000000000000000000000000", "78.000000000000000000000000000"),
        ("0.10000000000000000000000000000000", "0.1000000000000000000000000000"),
    ];
    for (text, read) in cases {
        assert_eq!(parse_decimal(text).map(|d| d.to_string()), Ok(read.to_owned()), "{text}");
    }
}

#[test]
fn text_that_would_be_rounded_or_is_no_number_is_refused() {
    let refused = [
        "77.949999999999999999999999999999",
        "78.00000000000000000000000000001",
        "0.00000000000000000000000000001",
        "1e-30",
        "79228162514264337593543950336",
        "1e29",
        "78_0",
        "7_8",
        " 78",
        "78 ",
        "1,000",
        "",
        "-",
        ".",
        "e5",
        "1e",
        "1e+",
        "1e1234567",
        "--1",
        "0x10",
        "NaN",
        "inf",
        "７８",
        "7٫5",
    ];
    for text in refused {
        assert!(parse_decimal(text).is_err(), "{text:?} was read as {:?}", parse_decimal(text));
    }
}

/// The pattern the JSON Schema gives decimal text.
static PATTERN: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    let schema = ics_outcomes::schema::framework_schema();
    let pattern = schema["$defs"]["DecimalText"]["pattern"].clone();
    jsonschema::validator_for(&serde_json::json!({ "type": "string", "pattern": pattern })).expect("compiles")
});

/// A float reads as the text Rust and Python show for it, with that text's scale.
#[test]
fn floats_read_as_their_shortest_text() {
    for (x, read) in [
        (70.0, "70"),
        (77.95, "77.95"),
        (-0.5, "-0.5"),
        (1e-7, "0.0000001"),
        (0.1 + 0.2, "0.30000000000000004"),
        (123_456.789_012_5, "123456.7890125"),
        (2f64.powi(60), "1152921504606847000"),
        (-0.0, "0"),
    ] {
        assert_eq!(decimal_from_float(x).map(|d| d.to_string()), Ok(read.to_owned()), "{x}");
    }
    for x in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e300] {
        assert!(decimal_from_float(x).is_err(), "{x} was read");
    }
}

proptest! {
    /// The fast path of a float's reading agrees with reading its shortest text, in value,
    /// scale and sign, for published-looking figures and for any float at all.
    #[test]
    fn a_float_reads_as_its_text(
        x in prop_oneof![
            (any::<i64>(), 0u32..8).prop_map(|(m, s)| (m % 100_000_000_000) as f64 / 10f64.powi(s as i32)),
            any::<f64>(),
        ]
    ) {
        let exact = |d: Decimal| (d, d.scale(), d.is_sign_negative(), d.to_string());
        let text = parse_decimal(&x.to_string()).ok().filter(|_| x.is_finite());
        prop_assert_eq!(decimal_from_float(x).ok().map(exact), text.map(exact));
    }

    /// Every decimal prints as text that reads back to the same number and scale.
    #[test]
    fn every_decimal_reads_back_from_its_text(mantissa in any::<i128>(), scale in 0u32..=28) {
        let mantissa = mantissa % 79_228_162_514_264_337_593_543_950_335;
        let decimal = Decimal::from_i128_with_scale(mantissa, scale);
        prop_assert_eq!(parse_decimal(&decimal.to_string()).map(|d| (d, d.scale())), Ok((decimal, scale)));
    }

    /// The schema's pattern accepts exactly the text the grammar reads, for numbers small
    /// enough to be held exactly (the pattern cannot count digits past the grammar).
    #[test]
    fn the_schema_pattern_is_the_grammar(text in "[-+]?[0-9]{0,6}[.]?[0-9]{0,6}([eE][-+]?[0-9]?)?|[-+ 0-9.eE_,]{0,8}") {
        // Beyond a Decimal's range ("1E30") the grammar refuses what the pattern allows.
        prop_assume!(text.parse::<f64>().map_or(true, |v| v.abs() < 1e28));
        prop_assert_eq!(PATTERN.is_valid(&serde_json::json!(text)), parse_decimal(&text).is_ok(), "{:?}", text);
    }
}

/// Any two decimals, of any scales and mantissas up to the largest.
fn any_decimal() -> impl Strategy<Value = Decimal> {
    (any::<u32>(), any::<u32>(), any::<u32>(), any::<bool>(), 0u32..=28, 0usize..3).prop_map(
        |(lo, mid, hi, negative, scale, width)| {
            // Narrow mantissas are the common case and take the fast path; wide ones overflow it.
            let (mid, hi) = match width {
                0 => (0, 0),
                1 => (mid, 0),
                _ => (mid, hi),
            };
            Decimal::from_parts(lo, mid, hi, negative, scale)
        },
    )
}

proptest! {
    #[test]
    fn compare_orders_as_decimal_ord_does(a in any_decimal(), b in any_decimal(), same_scale in any::<bool>()) {
        let b = if same_scale { Decimal::from_i128_with_scale(b.mantissa(), a.scale()) } else { b };
        prop_assert_eq!(compare(a, b), a.cmp(&b));
        prop_assert_eq!(compare(b, a), b.cmp(&a));
        // The same number written with one more decimal place is equal to it.
        if let Ok(wider) = Decimal::try_from_i128_with_scale(a.mantissa() * 10, a.scale() + 1) {
            prop_assert_eq!((compare(a, wider), compare(wider, a)), (std::cmp::Ordering::Equal, std::cmp::Ordering::Equal));
        }
    }
}

proptest! {
    /// Rounding to the published places is rust_decimal's rounding under the same strategy,
    /// shown to that many places: same number, same places, same sign on a zero.
    #[test]
    fn rounding_is_rust_decimals_rounding_shown_to_the_places(
        value in any_decimal(),
        decimals in 0u32..=30,
        rounding in prop_oneof![
            Just(ics_outcomes::Rounding::HalfAwayFromZero),
            Just(ics_outcomes::Rounding::HalfEven),
            Just(ics_outcomes::Rounding::Truncate),
        ],
    ) {
        let strategy = match rounding {
            ics_outcomes::Rounding::HalfAwayFromZero => rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            ics_outcomes::Rounding::HalfEven => rust_decimal::RoundingStrategy::MidpointNearestEven,
            _ => rust_decimal::RoundingStrategy::ToZero,
        };
        let mut expected = value.round_dp_with_strategy(decimals, strategy);
        expected.rescale(decimals);
        prop_assert_eq!(rounding.apply(value, decimals).to_string(), expected.to_string());
    }
}

/// Every tie and near-tie of small numbers, both signs, at each strategy.
#[test]
fn rounding_of_small_numbers_and_their_ties_is_rust_decimals() {
    use ics_outcomes::Rounding;
    use rust_decimal::RoundingStrategy as S;
    for (rounding, strategy) in [
        (Rounding::HalfAwayFromZero, S::MidpointAwayFromZero),
        (Rounding::HalfEven, S::MidpointNearestEven),
        (Rounding::Truncate, S::ToZero),
    ] {
        // A negative zero (a product can be one) keeps its sign, as rust_decimal keeps it.
        for (scale, decimals) in [(0, 1), (1, 1), (3, 1), (0, 30)] {
            let zero = -Decimal::new(0, scale);
            let mut expected = zero.round_dp_with_strategy(decimals, strategy);
            expected.rescale(decimals);
            assert_eq!(rounding.apply(zero, decimals).to_string(), expected.to_string(), "{zero} at {decimals} dp");
            assert_eq!(rounding.apply(zero, decimals).is_sign_negative(), expected.is_sign_negative());
        }
        for mantissa in -1_000i64..=1_000 {
            for (scale, decimals) in [(1, 0), (2, 0), (2, 1), (3, 1), (3, 2), (0, 2), (1, 1)] {
                let value = Decimal::new(mantissa, scale);
                let mut expected = value.round_dp_with_strategy(decimals, strategy);
                expected.rescale(decimals);
                assert_eq!(
                    rounding.apply(value, decimals).to_string(),
                    expected.to_string(),
                    "{value} at {decimals} dp"
                );
            }
        }
    }
}
