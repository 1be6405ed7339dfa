use std::sync::LazyLock;

use ics_outcomes::Period;
use proptest::prelude::*;

#[test]
fn financial_years_quarters_and_months_parse_and_print_in_nhs_conventions() {
    let cases = [
        ("2025/26", "2025/26"),
        ("2025/26 Q3", "2025/26 Q3"),
        ("Q3 2025/26", "2025/26 Q3"),
        ("2025-11", "2025-11"),
        ("Nov 2025", "2025-11"),
        ("November 2025", "2025-11"),
        ("Nov-25", "2025-11"),
        ("1999/00", "1999/00"),
        // Month names whole, in any case; quarters with a lower-case q.
        ("nov 2025", "2025-11"),
        ("NOV-25", "2025-11"),
        ("Sept 2025", "2025-09"),
        ("september-2025", "2025-09"),
        ("May 2026", "2026-05"),
        ("2025/26 q1", "2025/26 Q1"),
        ("q4 2025/26", "2025/26 Q4"),
        ("9999/00", "9999/00"),
        ("1900-01", "1900-01"),
    ];
    for (input, printed) in cases {
        let period: Period = input.parse().unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(period.to_string(), printed, "{input}");
    }
}

#[test]
fn bad_periods_are_refused_with_the_text() {
    for bad in ["2025/27", "2025/26 Q5", "2025-13", "Q0 2025/26", "25/26", "", "next year"] {
        let err = bad.parse::<Period>().unwrap_err();
        assert!(err.contains(&format!("{bad:?}")), "{err}");
    }
}

#[test]
fn quarters_map_to_the_nhs_financial_year() {
    let q1: Period = "2025/26 Q1".parse().unwrap();
    let q4: Period = "2025/26 Q4".parse().unwrap();
    assert!(q1.contains("2025-04".parse().unwrap()));
    assert!(q1.contains("2025-06".parse().unwrap()));
    assert!(!q1.contains("2025-07".parse().unwrap()));
    assert!(q4.contains("2026-03".parse().unwrap()));
    assert!("2025/26".parse::<Period>().unwrap().contains(q4));
    assert_eq!(q4.next(), "2026/27 Q1".parse().unwrap());
}

#[test]
fn periods_order_by_start_then_end() {
    let mut periods: Vec<Period> =
        ["2025/26 Q2", "2025/26", "2025-04", "2024/25 Q4", "2025/26 Q1"].iter().map(|p| p.parse().unwrap()).collect();
    periods.sort();
    let printed: Vec<String> = periods.iter().map(Period::to_string).collect();
    assert_eq!(printed, ["2024/25 Q4", "2025-04", "2025/26 Q1", "2025/26", "2025/26 Q2"]);
}

/// Hostile-input findings D3, D9 and D17: multi-byte letters, words that merely start like a
/// month, signs, padding and years that would not print back are refused, never panics.
#[test]
fn only_the_documented_forms_are_read() {
    let refused = [
        "Août 2025",
        "août-25",
        "Déc 2025",
        "Junk 2025",
        "Decimal-25",
        "Sept–Dec 2025",
        "Janvier 2025",
        "Marz 2025",
        "Mayo 2025",
        "0001-01",
        "1899/00",
        "2025-1",
        "+025-11",
        "2025-+1",
        "Q+1 2025/26",
        "2025/26 Q01",
        "2025/+6",
        " 2025/26",
        "2025/26 ",
        "2025/26  Q3",
        "2025/26\tQ3",
        "Nov  2025",
        "Nov 202",
        "Nov 02025",
        "２０２５-11",
        "2025/26 Q3 Q3",
    ];
    for text in refused {
        let err = text.parse::<Period>().expect_err(text);
        assert!(err.contains(&format!("{text:?}")), "{err}");
    }
}

/// A JSON Schema validator compiled from the pattern `Period` publishes.
static SCHEMA: LazyLock<jsonschema::Validator> = LazyLock::new(|| {
    jsonschema::validator_for(&serde_json::json!({ "type": "string", "pattern": Period::schema_pattern() }))
        .expect("the pattern compiles")
});

#[track_caller]
fn assert_schema_agrees(text: &str) {
    let parsed = text.parse::<Period>();
    assert_eq!(SCHEMA.is_valid(&serde_json::json!(text)), parsed.is_ok(), "{text:?}: parser says {parsed:?}");
}

/// Hostile-input finding D19: the schema accepts exactly what the parser reads.
#[test]
fn the_schema_pattern_accepts_exactly_what_the_parser_reads() {
    for text in ["2025/26", "1999/00", "2025/27", "2025/26 q1", "Q3 2025/26", "Junk 2025", "Août 2025", "SEPT-25"] {
        assert_schema_agrees(text);
    }
    for start in [1899, 1900, 1999, 2000, 2025, 9998, 9999] {
        for end in 0..100 {
            assert_schema_agrees(&format!("{start}/{end:02}"));
        }
    }
}

/// Pieces of period text, real and hostile, for generated strings.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "2025", "26", "/", " ", "-", "Q", "q", "3", "0", "+", "Nov", "nov", "Sept", "June", "Junk", "Août", "û",
            "é", "–", "１", "\t", "1900", "9999", "00",
        ])
        .prop_map(str::to_owned),
        "\\PC{0,3}",
    ]
}

proptest! {
    /// Any text at all is read or refused, never a panic; a period read prints back to itself.
    #[test]
    fn any_text_is_read_or_refused_and_round_trips(text in "\\PC{0,16}") {
        if let Ok(period) = text.parse::<Period>() {
            prop_assert_eq!(period.to_string().parse::<Period>(), Ok(period));
        }
    }

    #[test]
    fn the_schema_and_the_parser_agree_on_generated_text(parts in prop::collection::vec(fragment(), 0..6)) {
        assert_schema_agrees(&parts.concat());
    }
}
