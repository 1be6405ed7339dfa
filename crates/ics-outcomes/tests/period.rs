use ics_outcomes::Period;

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
