//! Making Data Count SPC against NHSRplotthedots 0.2.2: every expectation in
//! `../shared/reference/spc/package_tests` (or `$ICS_SHARED_DIR/reference/spc/package_tests`),
//! hand-worked cases for each rule and quirk, and invariants over generated series.
//!
//! Numbers must agree to |a − e| ≤ 1e-12 × max(|mean|, |upl − mean|, tiny) with NaN matching
//! NaN, and labels exactly (the README's tolerance); a separate test holds the numbers to the
//! bit, which the correctly rounded mean makes possible.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ics_outcomes::Error;
use ics_outcomes::spc::{
    Assurance, AssuranceIcon, Improvement, PointType, SpecialCause, VariationIcon, XmrBatch, XmrOptions, XmrPoint,
    XmrSeries, correctly_rounded_mean, rules, run_rate, trajectory_gaps, xmr, xmr_batch, xmr_by_key,
};
use proptest::prelude::*;

use crate::stats::reference::{Row, read_path};

fn dir() -> PathBuf {
    crate::common::reference_dir("spc").join("package_tests")
}

fn read(name: &str) -> Vec<Row> {
    let rows = read_path(&dir().join(name));
    assert!(!rows.is_empty(), "{name} has no rows");
    rows
}

/// A space-separated vector column (empty for an empty vector).
fn vector<T: std::str::FromStr>(text: &str) -> Vec<T> {
    text.split_whitespace().map(|v| v.parse().unwrap_or_else(|_| panic!("{v:?} in {text:?}"))).collect()
}

/// An R logical column: `TRUE`, `FALSE`, or empty / `NA`.
fn logical(text: &str) -> Option<bool> {
    match text {
        "TRUE" => Some(true),
        "FALSE" => Some(false),
        "" | "NA" => None,
        other => panic!("{other:?} is not a logical"),
    }
}

fn optional_text(text: &str) -> Option<&str> {
    (!text.is_empty() && text != "NA").then_some(text)
}

/// The README's comparison: |a − e| ≤ 1e-12 × scale, NaN only matching NaN.
#[track_caller]
fn assert_near(actual: f64, expected: f64, scale: f64, what: &str) {
    if expected.is_nan() {
        assert!(actual.is_nan(), "{what}: expected NaN, got {actual}");
    } else {
        let scale = scale.max(1e-300);
        assert!((actual - expected).abs() <= 1e-12 * scale, "{what}: got {actual:?}, expected {expected:?}");
    }
}

/// One series of the package's test data with the options it was run with.
struct Case {
    id: String,
    family: String,
    values: Vec<f64>,
    options: XmrOptions,
    series: XmrSeries,
}

fn cases() -> BTreeMap<String, Case> {
    let inputs = read("spc_inputs.csv");
    let mut cases = BTreeMap::new();
    for option in read("spc_options.csv") {
        let id = option.text("series_id").to_owned();
        let rows: Vec<&Row> = inputs.iter().filter(|r| r.text("series_id") == id).collect();
        assert_eq!(rows.len().to_string(), option.text("n"), "series {id}");
        let dates: Vec<&str> = rows.iter().map(|r| r.text("date")).collect();
        let values: Vec<f64> = rows.iter().map(|r| r.num("y")).collect();
        let rebase: Vec<&str> = rows.iter().filter(|r| r.text("rebase") == "1").map(|r| r.text("date")).collect();
        let rebase_x: Vec<&str> = rows.iter().filter(|r| r.text("rebase") == "1").map(|r| r.text("x")).collect();
        assert_eq!(rebase_x.join(" "), option.text("rebase_x"), "series {id}: rebase rows");
        let target = option.num("target");
        for row in &rows {
            assert_eq!(row.num("target").to_bits(), target.to_bits(), "series {id}: one target per series");
        }
        let options = XmrOptions {
            improvement: option.text("improvement_direction").parse().expect("direction"),
            target: (!target.is_nan()).then_some(target),
            screen_outliers: logical(option.text("screen_outliers")).expect("screen_outliers"),
            fix_after_n_points: optional_text(option.text("fix_after_n_points")).map(|n| n.parse().expect("fix")),
            ..XmrOptions::default()
        };
        // The dates are keys: sorted and checked for duplicates as the package does.
        let keyed = xmr_by_key(&dates, &values, &rebase, &options).expect("the package's test series chart");
        let mut sorted: Vec<(usize, &str)> = dates.iter().copied().enumerate().collect();
        sorted.sort_by_key(|&(_, d)| d);
        assert_eq!(keyed.rows, sorted.iter().map(|&(row, _)| row).collect::<Vec<_>>(), "series {id}: order");
        let values: Vec<f64> = keyed.rows.iter().map(|&row| values[row]).collect();
        let case =
            Case { id: id.clone(), family: option.text("family").to_owned(), values, options, series: keyed.series };
        cases.insert(id, case);
    }
    assert_eq!(cases.len(), 10);
    cases
}

fn case_by_family<'a>(cases: &'a BTreeMap<String, Case>, family: &str) -> &'a Case {
    cases.values().find(|c| c.family == family).unwrap_or_else(|| panic!("no series {family}"))
}

/// A point's numeric columns, by the package's names.
fn numbers(series: &XmrSeries, point: &XmrPoint) -> [(&'static str, f64); 6] {
    let amr = series.segments[point.segment].amr;
    [
        ("mean_col", point.mean),
        ("lpl", point.lpl),
        ("upl", point.upl),
        ("amr", amr),
        ("nlpl", point.nlpl),
        ("nupl", point.nupl),
    ]
}

#[test]
fn package_points_match_within_tolerance_and_labels_exactly() {
    let cases = cases();
    let rows = read("spc_package_output_points.csv");
    assert_eq!(rows.len(), cases.values().map(|c| c.values.len()).sum::<usize>(), "every point has a row");
    for row in &rows {
        let case = &cases[row.text("series_id")];
        let x: usize = row.text("x").parse().expect("x");
        let what = format!("series {} ({}) x = {x}", case.id, case.family);
        let point = &case.series.points[x - 1];
        let segment = &case.series.segments[point.segment];
        assert_eq!(point.value.to_bits(), row.num("y").to_bits(), "{what}: y");
        assert_eq!(point.segment.to_string(), row.text("rebase_group"), "{what}: rebase group");
        let in_baseline = x - 1 - segment.start < segment.baseline;
        assert_eq!(in_baseline, optional_text(row.text("fix_y")).is_some(), "{what}: in the baseline (fix_y)");
        let mean = row.num("mean_col");
        let scale = mean.abs().max((row.num("upl") - mean).abs());
        for (name, actual) in numbers(&case.series, point) {
            assert_near(actual, row.num(name), scale, &format!("{what}: {name}"));
        }
        assert_eq!(point.outside_limits, logical(row.text("outside_limits")), "{what}: outside_limits");
        assert_eq!(point.close_to_limits, logical(row.text("close_to_limits")), "{what}: close_to_limits");
        assert_eq!(point.relative_to_mean.to_string(), row.text("relative_to_mean"), "{what}: relative_to_mean");
        assert_eq!(point.special_cause.as_str(), row.text("special_cause_type"), "{what}: special_cause_type");
        let flagged = point.special_cause != SpecialCause::CommonCause;
        assert_eq!(Some(flagged), logical(row.text("special_cause_flag")), "{what}: special_cause_flag");
        assert_eq!(point.point_type.as_str(), row.text("point_type"), "{what}: point_type");
        assert_eq!(Some(segment.short_group_warning), logical(row.text("short_group_warning")), "{what}: warning");
        assert_eq!(case.options.target, Some(row.num("target")).filter(|t| !t.is_nan()), "{what}: target");
    }
}

#[test]
fn package_numbers_match_to_the_bit() {
    let cases = cases();
    for row in read("spc_package_output_points.csv") {
        let case = &cases[row.text("series_id")];
        let x: usize = row.text("x").parse().expect("x");
        let point = &case.series.points[x - 1];
        for (name, actual) in numbers(&case.series, point) {
            let expected = row.num(name);
            assert!(
                actual.to_bits() == expected.to_bits() || (actual.is_nan() && expected.is_nan()),
                "series {} x = {x}: {name} {actual:?} is not the package's {expected:?}",
                case.id
            );
        }
    }
}

#[test]
fn package_assurance_and_icons_at_the_last_point() {
    let cases = cases();
    for row in read("spc_package_output_assurance.csv") {
        let case = &cases[row.text("series_id")];
        let series = &case.series;
        let what = format!("series {} ({})", case.id, case.family);
        let last = series.points.last().expect("points");
        assert_eq!(series.points.len().to_string(), row.text("n"), "{what}: n");
        assert_eq!(series.points.len().to_string(), row.text("last_x"), "{what}: last x");
        assert_eq!(last.segment.to_string(), row.text("last_rebase_group"), "{what}: last group");
        assert_eq!(last.point_type.as_str(), row.text("last_point_type"), "{what}: last point type");
        let mean = row.num("last_mean_col");
        let scale = mean.abs().max((row.num("last_upl") - mean).abs());
        assert_near(last.mean, mean, scale, &format!("{what}: last mean"));
        assert_near(last.lpl, row.num("last_lpl"), scale, &format!("{what}: last lpl"));
        assert_near(last.upl, row.num("last_upl"), scale, &format!("{what}: last upl"));
        assert_eq!(series.target, Some(row.num("target")).filter(|t| !t.is_nan()), "{what}: target");
        assert_eq!(series.assurance.map(Assurance::as_str), optional_text(row.text("assurance_type")), "{what}");
        assert_eq!(series.variation_icon.as_str(), row.text("variation_icon"), "{what}: variation icon");
        assert_eq!(series.assurance_icon.map(AssuranceIcon::as_str), optional_text(row.text("assurance_icon")));
        let warned = series.segments.iter().any(|s| s.short_group_warning);
        assert_eq!(Some(warned), logical(row.text("short_group_warning_raised")), "{what}: warning raised");
        assert_eq!(row.text("boundary_sensitive_points"), "0", "{what}: no last-bit-sensitive points here");
        assert_eq!(logical(row.text("assurance_boundary_sensitive")), Some(false), "{what}");
    }
}

#[test]
fn package_groups_summary() {
    let cases = cases();
    for row in read("spc_package_output_groups.csv") {
        let case = &cases[row.text("series_id")];
        let group: usize = row.text("rebase_group").parse().expect("group");
        let what = format!("series {} group {group}", case.id);
        let segment = &case.series.segments[group];
        assert_eq!(segment.len.to_string(), row.text("n"), "{what}: n");
        let mean = row.num("mean_col");
        let scale = mean.abs().max((row.num("upl") - mean).abs());
        assert_near(segment.mean, mean, scale, &format!("{what}: mean"));
        assert_near(segment.lpl, row.num("lpl"), scale, &format!("{what}: lpl"));
        assert_near(segment.upl, row.num("upl"), scale, &format!("{what}: upl"));
        let points = &case.series.points[segment.start..segment.start + segment.len];
        for (column, kind) in [
            ("common_cause", PointType::CommonCause),
            ("special_cause_improvement", PointType::SpecialCauseImprovement),
            ("special_cause_concern", PointType::SpecialCauseConcern),
        ] {
            let count = points.iter().filter(|p| p.point_type == kind).count();
            assert_eq!(count.to_string(), row.text(column), "{what}: {column}");
        }
        let last = points.last().expect("a segment has points");
        assert_eq!(last.point_type.as_str(), row.text("variation_type"), "{what}: variation type");
        assert_eq!(case.series.assurance.map(Assurance::as_str), optional_text(row.text("assurance_type")), "{what}");
    }
}

/// Asserts `actual` equals the printed `text` to the printed number of decimals.
#[track_caller]
fn assert_printed(actual: f64, text: &str, what: &str) {
    let text = text.trim();
    let printed: f64 = text.parse().unwrap_or_else(|_| panic!("{what}: {text:?}"));
    let decimals = text.split_once('.').map_or(0, |(_, d)| d.len());
    let half_unit = 0.5 * 10f64.powi(-i32::try_from(decimals).expect("decimals"));
    assert!((actual - printed).abs() <= half_unit * (1.0 + 1e-9), "{what}: {actual} does not print as {text}");
}

#[test]
fn printed_expectations_of_the_snapshots_and_vignette() {
    let cases = cases();
    let rows = read("printed_expectations.csv");
    for row in &rows {
        let case = case_by_family(&cases, row.text("case"));
        let what = format!("{} ({})", row.text("case"), row.text("source"));
        let segment = &case.series.segments[0];
        assert_eq!(case.series.segments.len(), 1, "{what}");
        assert_printed(segment.mean, row.text("mean_col"), &format!("{what}: mean"));
        assert_printed(segment.lpl, row.text("lpl"), &format!("{what}: lpl"));
        assert_printed(segment.upl, row.text("upl"), &format!("{what}: upl"));
        assert_eq!(segment.len.to_string(), row.text("n"), "{what}: n");
        for (column, kind) in [
            ("common_cause", PointType::CommonCause),
            ("special_cause_improvement", PointType::SpecialCauseImprovement),
        ] {
            if let Some(count) = optional_text(row.text(column)) {
                let actual = case.series.points.iter().filter(|p| p.point_type == kind).count();
                assert_eq!(actual.to_string(), count, "{what}: {column}");
            }
        }
        let first: Vec<i8> = vector(row.text("relative_to_mean_first"));
        let sides: Vec<i8> = case.series.points.iter().take(first.len()).map(|p| p.relative_to_mean).collect();
        assert_eq!(sides, first, "{what}: relative_to_mean");
        assert_eq!(row.text("match"), "TRUE", "{what}: the package printed what its tests expect");
    }
    // The vignette's point: screening narrows the limits, as the Excel tools do not.
    let screened = &case_by_family(&cases, "vignette_deviations_screened").series.segments[0];
    let unscreened = &case_by_family(&cases, "vignette_deviations_unscreened").series.segments[0];
    assert!(screened.upl < unscreened.upl);
}

#[test]
fn package_rule_helpers() {
    let rows = read("rule_helpers.csv");
    assert_eq!(rows.len(), 37);
    for row in &rows {
        let (function, case) = (row.text("function_name"), row.text("case"));
        let what = format!("{function} {case}");
        let expected = row.text("expected");
        assert_eq!(row.text("package_output"), expected, "{what}: the package agrees with its tests");
        let as_numbers =
            |flags: Vec<bool>| flags.iter().map(|&f| i8::from(f).to_string()).collect::<Vec<_>>().join(" ");
        let as_text = |markers: Vec<i8>| markers.iter().map(i8::to_string).collect::<Vec<_>>().join(" ");
        let close = || -> Vec<bool> { vector::<u8>(row.text("input_1")).into_iter().map(|c| c == 1).collect() };
        // R recycles a length-one side vector (the `zeros` case gives one 0 for three points).
        let sides = |n: usize| -> Vec<i8> {
            let sides: Vec<i8> = vector(row.text("input_2"));
            if sides.len() == 1 { vec![sides[0]; n] } else { sides }
        };
        let actual = match function {
            "seven_point_one_side_mean" => as_text(rules::shift_ends(&vector(row.text("input_1")))),
            "part_of_seven_trend" => as_numbers(rules::part_of_run(&vector(row.text("input_1")))),
            "seven_point_trend" => as_text(rules::trend_ends(&vector(row.text("input_1")))),
            "two_in_three" => {
                let close = close();
                as_numbers(rules::two_in_three_windows(&close, &sides(close.len())).expect("lengths"))
            }
            "part_of_two_in_three_from_close" => {
                let close = close();
                as_numbers(rules::part_of_two_in_three(&close, &sides(close.len())).expect("lengths"))
            }
            other => panic!("no helper {other}"),
        };
        assert_eq!(actual, expected, "{what}");
    }
}

#[test]
fn package_assurance_table() {
    let rows = read("assurance_cases.csv");
    for row in &rows {
        let improvement: Improvement = row.text("improvement_direction").parse().expect("direction");
        let assurance = Assurance::new(row.num("target"), row.num("lpl"), row.num("upl"), improvement);
        let what = format!("{} {}", row.text("case"), row.text("f"));
        assert_eq!(assurance.map(Assurance::as_str), optional_text(row.text("expected")), "{what}");
        assert_eq!(row.text("package_output"), row.text("expected"), "{what}");
    }
    assert_eq!(rows.len(), 12);
}

/// A series cut into segments of the given sizes, with varied values.
fn segmented(sizes: &[usize]) -> (Vec<f64>, Vec<usize>) {
    let total = sizes.iter().sum::<usize>();
    let values = (0..total).map(|i| ((i * 7) % 5) as f64).collect();
    let starts = sizes.iter().scan(0, |start, size| Some(std::mem::replace(start, *start + size))).collect();
    (values, starts)
}

#[test]
fn package_short_group_warning_cases() {
    let rows = read("short_group_warning_cases.csv");
    for row in &rows {
        let sizes: Vec<usize> = vector(row.text("group_sizes"));
        let threshold = match row.text("threshold") {
            "default (option unset)" => XmrOptions::default().short_group_threshold,
            text => text.parse().expect("threshold"),
        };
        let (values, starts) = segmented(&sizes);
        let options = XmrOptions { short_group_threshold: threshold, ..XmrOptions::default() };
        let series = xmr(&values, &starts, &options).expect("chart");
        let warnings: Vec<String> =
            series.segments.iter().map(|s| if s.short_group_warning { "TRUE" } else { "FALSE" }.to_owned()).collect();
        assert_eq!(warnings.join(" "), row.text("expected_short_group_warning"), "{sizes:?} at {threshold}");
        assert_eq!(row.text("package_output"), row.text("expected_short_group_warning"));
    }
    assert_eq!(XmrOptions::default().short_group_threshold, 13, "the package's code default, not its docs' 12");
}

#[test]
fn package_argument_validation() {
    let rows = read("validation_cases.csv");
    let mut checked = 0;
    for row in &rows {
        let (argument, value, expected) = (row.text("argument"), row.text("value"), row.text("expected"));
        assert_eq!(row.text("package_output"), expected, "{argument} = {value}");
        let fails_to_deserialise = |json: &str| {
            assert!(serde_json::from_str::<XmrOptions>(json).is_err(), "{argument} = {value}: {json} is refused");
        };
        match (argument, value) {
            ("fix_after_n_points", "11") => {
                let options = XmrOptions { fix_after_n_points: Some(11), ..XmrOptions::default() };
                let err = xmr(&[1.0; 20], &[], &options).unwrap_err();
                assert!(matches!(&err, Error::Argument { argument, .. } if argument == "fix_after_n_points"));
                assert!(err.to_string().ends_with(expected), "{err}");
            }
            ("fix_after_n_points", "12") => {
                let options = XmrOptions { fix_after_n_points: Some(12), ..XmrOptions::default() };
                assert_eq!(expected, "accepted");
                assert!(xmr(&[1.0; 20], &[], &options).is_ok());
            }
            ("fix_after_n_points", "'a'") => fails_to_deserialise(r#"{"fix_after_n_points": "a"}"#),
            ("fix_after_n_points", "c(15, 20)") => fails_to_deserialise(r#"{"fix_after_n_points": [15, 20]}"#),
            ("improvement_direction", "'a'") => {
                let err = "a".parse::<Improvement>().unwrap_err();
                assert!(err.to_string().contains(r#"should be one of "increase", "neutral", "decrease""#), "{err}");
                fails_to_deserialise(r#"{"improvement": "a"}"#);
            }
            ("screen_outliers", "c(TRUE, FALSE)") => fails_to_deserialise(r#"{"screen_outliers": [true, false]}"#),
            ("screen_outliers", "'TRUE'") => fails_to_deserialise(r#"{"screen_outliers": "TRUE"}"#),
            ("target", "'a'") => fails_to_deserialise(r#"{"target": "a"}"#),
            ("target", "c(0, 1)") => fails_to_deserialise(r#"{"target": [0, 1]}"#),
            ("rebase", "1") => {
                // Rebase keys have the keys' type; one that is not a key is refused, not ignored.
                let err = xmr_by_key(&["2020-01", "2020-02"], &[1.0, 2.0], &["2021-01"], &XmrOptions::default());
                assert!(matches!(err, Err(Error::Argument { argument, .. }) if argument == "rebase"));
            }
            ("value_field", _) | ("date_field", "numeric column 'a'") => {
                // Values are `f64` and keys any ordered type: there is nothing to check at run time.
            }
            ("date_field", "duplicate dates in 'a'") => {
                let err = xmr_by_key(&["2020-01", "2020-02", "2020-01"], &[1.0, 2.0, 3.0], &[], &XmrOptions::default())
                    .unwrap_err();
                assert!(matches!(err, Error::Data { .. }));
                assert_eq!(err.issues()[0].path, "keys[2]");
                assert!(err.to_string().contains("duplicate rows found in 'keys' (first at keys[0])"), "{err}");
            }
            other => panic!("validation case {other:?} is not covered"),
        }
        checked += 1;
    }
    assert_eq!(checked, 13);
}

// ---------------------------------------------------------------------------------------
// The correctly rounded mean.

#[test]
fn correctly_rounded_mean_of_constant_tenths_is_a_tenth() {
    for n in 1..200 {
        let values = vec![0.1; n];
        assert_eq!(correctly_rounded_mean(&values), 0.1, "{n} tenths");
    }
    // A naive mean misses for some lengths, which is why it matters.
    let naive = |n: usize| vec![0.1; n].iter().sum::<f64>() / n as f64;
    assert!((1..200).any(|n| naive(n) != 0.1));
    assert_eq!(naive(10), 0.09999999999999999);
}

#[test]
fn correctly_rounded_mean_survives_cancellation_and_ties() {
    assert_eq!(correctly_rounded_mean(&[1e100, 1.0, -1e100]), 1.0 / 3.0);
    assert_eq!(correctly_rounded_mean(&[1e16, 1.0, -1e16, 1.0]), 0.5);
    assert_eq!(correctly_rounded_mean(&[f64::MAX / 4.0, -f64::MAX / 4.0, 3.0]), 1.0);
    // Exact halfway cases round to the even neighbour.
    let eps = f64::EPSILON;
    assert_eq!(correctly_rounded_mean(&[1.0, 1.0 + eps]), 1.0);
    assert_eq!(correctly_rounded_mean(&[1.0, 1.0 + 3.0 * eps]), 1.0 + 2.0 * eps);
    assert_eq!(correctly_rounded_mean(&[-1.0, -1.0 - 3.0 * eps]), -1.0 - 2.0 * eps);
    assert_eq!(correctly_rounded_mean(&[0.0, -0.0]), 0.0);
    assert_eq!(correctly_rounded_mean(&[5e-324, 0.0]), 0.0, "half the least subnormal ties to zero");
    assert!(correctly_rounded_mean(&[]).is_nan());
}

proptest! {
    /// Against an independent reference: integers times a power of two have an exact integer
    /// sum, and IEEE division of that exact sum by n is correctly rounded. Huge cancelling
    /// values are added so that a plain sum would lose the small ones.
    #[test]
    fn correctly_rounded_mean_matches_exact_integer_arithmetic(
        integers in prop::collection::vec(-(1i64 << 40)..(1i64 << 40), 1..80),
        power in -60i32..60,
        huge in prop::option::of(1e20f64..1e200),
    ) {
        let scale = 2f64.powi(power);
        let mut values: Vec<f64> = integers.iter().map(|&i| i as f64 * scale).collect();
        let mut n = integers.len();
        if let Some(huge) = huge {
            values.insert(0, huge);
            values.push(-huge);
            n += 2;
        }
        let sum: i64 = integers.iter().sum();
        let expected = sum as f64 / n as f64 * scale;
        prop_assert_eq!(correctly_rounded_mean(&values).to_bits(), expected.to_bits());
    }
}

// ---------------------------------------------------------------------------------------
// Hand-worked cases for each rule, its precedence and the package's quirks.

fn causes(series: &XmrSeries) -> Vec<SpecialCause> {
    series.points.iter().map(|p| p.special_cause).collect()
}

fn chart(values: &[f64]) -> XmrSeries {
    xmr(values, &[], &XmrOptions::default()).expect("chart")
}

/// Twelve baseline points alternating −1, 1: mean exactly 0, every moving range 2, so the
/// limits are ±5.32 and the near limits ±3.5466…; `tail` is judged against them.
fn with_fixed_baseline(tail: &[f64]) -> XmrSeries {
    let mut values: Vec<f64> = (0..12).map(|i| if i % 2 == 0 { -1.0 } else { 1.0 }).collect();
    values.extend_from_slice(tail);
    let options = XmrOptions { fix_after_n_points: Some(12), ..XmrOptions::default() };
    let series = xmr(&values, &[], &options).expect("chart");
    assert_eq!((series.segments[0].mean, series.segments[0].amr), (0.0, 2.0));
    series
}

fn tail_causes(series: &XmrSeries) -> Vec<SpecialCause> {
    causes(series)[12..].to_vec()
}

use SpecialCause::{
    AboveUcl, BelowLcl, CommonCause, SevenPointsAbove, SevenPointsBelow, TrendDecreasing, TrendIncreasing,
    TwoInThreeAbove, TwoInThreeBelow,
};

#[test]
fn outside_the_limits_is_strict() {
    let series = with_fixed_baseline(&[5.32, 5.33, -5.32, -5.33]);
    assert_eq!(series.points[12].upl, 5.32);
    assert_eq!(tail_causes(&series), [CommonCause, AboveUcl, CommonCause, BelowLcl]);
    let on_limit = &series.points[12];
    assert_eq!((on_limit.outside_limits, on_limit.close_to_limits), (Some(false), Some(true)));
    assert_eq!(series.points[13].close_to_limits, Some(false), "a point outside is not close");
}

#[test]
fn a_point_on_the_near_limit_is_not_close() {
    let nupl = 2.0 * (2.0 * (2.66 / 3.0));
    let series = with_fixed_baseline(&[nupl, nupl, nupl.next_up(), nupl.next_up()]);
    assert_eq!(series.points[12].nupl, nupl);
    let close: Vec<Option<bool>> = series.points[12..].iter().map(|p| p.close_to_limits).collect();
    assert_eq!(close, [Some(false), Some(false), Some(true), Some(true)]);
    assert_eq!(tail_causes(&series), [CommonCause, CommonCause, TwoInThreeAbove, TwoInThreeAbove]);
}

#[test]
fn two_in_three_needs_the_whole_window_on_one_side() {
    // The baseline ends on 1 (above the mean).
    assert_eq!(tail_causes(&with_fixed_baseline(&[-1.0, 4.0, 4.0])), [CommonCause; 3], "pair after an opposite point");
    assert_eq!(tail_causes(&with_fixed_baseline(&[1.0, 4.0, 4.0])), [CommonCause, TwoInThreeAbove, TwoInThreeAbove]);
    assert_eq!(tail_causes(&with_fixed_baseline(&[4.0, -1.0, 4.0])), [CommonCause; 3], "close, opposite, close");
    assert_eq!(tail_causes(&with_fixed_baseline(&[4.0, 0.0, 4.0])), [CommonCause; 3], "a point on the mean");
    assert_eq!(tail_causes(&with_fixed_baseline(&[4.0, 1.0, 4.0])), [TwoInThreeAbove, CommonCause, TwoInThreeAbove]);
    assert_eq!(tail_causes(&with_fixed_baseline(&[-1.0, -4.0, -4.0])), [CommonCause, TwoInThreeBelow, TwoInThreeBelow]);
    // An outside point is not close: close + outside is not 2 in 3, close + close + outside is.
    assert_eq!(tail_causes(&with_fixed_baseline(&[1.0, 4.0, 6.0])), [CommonCause, CommonCause, AboveUcl]);
    assert_eq!(tail_causes(&with_fixed_baseline(&[4.0, 4.0, 6.0])), [TwoInThreeAbove, TwoInThreeAbove, AboveUcl]);
}

#[test]
fn seven_points_on_one_side_and_points_on_the_mean() {
    // Two blocks of 13 around an exact mean of 0, each broken in the middle by a point on it;
    // the values stay inside the near limits.
    let above = [1.0, 3.0, 1.0, 3.0, 1.0, 3.0, 0.0, 3.0, 1.0, 3.0, 1.0, 3.0, 1.0];
    let mut values = above.to_vec();
    values.extend(above.iter().map(|v| -v));
    let series = chart(&values);
    assert_eq!(series.segments[0].mean, 0.0);
    assert_eq!((series.points[6].relative_to_mean, series.points[19].relative_to_mean), (0, 0));
    assert!(causes(&series).iter().all(|&c| c == CommonCause), "{:?}", causes(&series));

    // Without the breaks both runs are flagged.
    values[6] = 1.0;
    values[19] = -1.0;
    let series = chart(&values);
    assert_eq!((series.segments[0].mean, series.segments[0].amr), (0.0, 2.0));
    let causes = causes(&series);
    assert_eq!(causes[..13], [SevenPointsAbove; 13]);
    assert_eq!(causes[13..], [SevenPointsBelow; 13]);
    assert_eq!(series.points[0].point_type, PointType::SpecialCauseImprovement);
    assert_eq!(series.points[13].point_type, PointType::SpecialCauseConcern);
    assert_eq!(series.variation_icon, VariationIcon::ConcernLow);
}

/// Wide alternating noise, then `tail`: the limits are wide enough for gentle trends.
fn after_noise(tail: &[f64]) -> XmrSeries {
    let mut values = vec![-30.0, 30.0, -30.0, 30.0];
    values.extend_from_slice(tail);
    let series = xmr(&values, &[], &XmrOptions { screen_outliers: false, ..XmrOptions::default() }).expect("chart");
    assert!(tail.iter().all(|&y| y < series.points[0].upl && y > series.points[0].lpl), "tail inside the limits");
    series
}

#[test]
fn trends_need_six_strict_steps_and_ties_break_them() {
    let rising = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
    assert_eq!(causes(&after_noise(&rising))[4..], [TrendIncreasing; 7]);
    let falling: Vec<f64> = rising.iter().rev().copied().collect();
    assert_eq!(causes(&after_noise(&falling))[4..], [TrendDecreasing; 7]);
    let six = causes(&after_noise(&rising[..6]));
    assert!(!six.contains(&TrendIncreasing), "six points are not a trend");
    let tied = causes(&after_noise(&[1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0]));
    assert!(!tied.contains(&TrendIncreasing), "a tie breaks the trend: {tied:?}");
}

#[test]
fn trend_labels_take_the_next_step_so_ties_and_peaks_read_decreasing() {
    // Seven rising, a repeat, seven rising: the first of the tied pair reads Decreasing.
    let tail = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0];
    let series = after_noise(&tail);
    let causes = causes(&series);
    let mut expected = [TrendIncreasing; 14];
    expected[6] = TrendDecreasing;
    assert_eq!(causes[4..], expected[..]);
    assert_eq!(series.points[4 + 6].point_type, PointType::SpecialCauseConcern, "a concern although rising");

    // A peak shared by a rise and a fall reads Decreasing.
    let peak = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0];
    let causes = self::causes(&after_noise(&peak));
    let mut expected = vec![TrendIncreasing; 6];
    expected.extend([TrendDecreasing; 7]);
    assert_eq!(causes[4..], expected[..]);
}

#[test]
fn precedence_outside_then_trend_then_two_in_three_then_shift() {
    // A trend whose last point leaves the limits: outside wins there.
    let series = with_fixed_baseline(&[-3.0, -2.0, -1.0, 0.5, 2.0, 4.0, 6.0]);
    assert_eq!(
        tail_causes(&series),
        [
            TrendIncreasing,
            TrendIncreasing,
            TrendIncreasing,
            TrendIncreasing,
            TrendIncreasing,
            TrendIncreasing,
            AboveUcl
        ]
    );
    // Close points inside a trend are trend points.
    assert_eq!(series.points[17].close_to_limits, Some(true));
    // 2 in 3 beats a shift: 7 above with a close pair.
    let series = with_fixed_baseline(&[1.0, 2.0, 1.0, 4.0, 4.0, 2.0, 1.0]);
    let expected = [
        SevenPointsAbove,
        SevenPointsAbove,
        SevenPointsAbove,
        TwoInThreeAbove,
        TwoInThreeAbove,
        SevenPointsAbove,
        SevenPointsAbove,
    ];
    assert_eq!(tail_causes(&series), expected);
}

#[test]
fn constant_series_have_nan_limits_when_screened_and_flat_ones_when_not() {
    let values = vec![0.1; 20];
    let options = XmrOptions { target: Some(0.5), ..XmrOptions::default() };
    let series = xmr(&values, &[], &options).expect("chart");
    let segment = &series.segments[0];
    assert_eq!(segment.mean, 0.1, "exactly, so every point is on the mean");
    assert!(segment.amr.is_nan() && segment.lpl.is_nan() && segment.upl.is_nan() && segment.nupl.is_nan());
    for point in &series.points {
        assert_eq!((point.relative_to_mean, point.outside_limits, point.close_to_limits), (0, None, None));
        assert_eq!(point.special_cause, CommonCause);
    }
    assert_eq!(series.assurance, Some(Assurance::Inconsistent), "NaN comparisons fall through");

    let unscreened = XmrOptions { screen_outliers: false, ..options };
    let series = xmr(&values, &[], &unscreened).expect("chart");
    assert_eq!((series.segments[0].amr, series.segments[0].lpl, series.segments[0].upl), (0.0, 0.1, 0.1));
    assert!(series.points.iter().all(|p| p.outside_limits == Some(false) && p.special_cause == CommonCause));
}

#[test]
fn one_jump_between_flat_levels_is_screened_to_zero_width_limits() {
    let values: Vec<f64> = (0..20).map(|i| if i < 10 { 1.0 } else { 2.0 }).collect();
    let series = chart(&values);
    assert_eq!((series.segments[0].amr, series.segments[0].upl, series.segments[0].lpl), (0.0, 1.5, 1.5));
    assert!(causes(&series)[..10].iter().all(|&c| c == BelowLcl));
    assert!(causes(&series)[10..].iter().all(|&c| c == AboveUcl));
    let unscreened = xmr(&values, &[], &XmrOptions { screen_outliers: false, ..XmrOptions::default() }).expect("chart");
    assert_eq!(unscreened.segments[0].amr, 1.0 / 19.0);
}

#[test]
fn screening_keeps_ranges_strictly_below_the_cutoff_in_one_pass() {
    // Ranges 1 ×12 and 48: mean 60/13, cutoff 3.267 × that ≈ 15.1, so only the 48 goes.
    let mut values: Vec<f64> = (0..13).map(|i| f64::from(i % 2)).collect();
    values.push(48.0);
    let series = chart(&values);
    assert_eq!(series.segments[0].amr, 1.0);
    let unscreened = xmr(&values, &[], &XmrOptions { screen_outliers: false, ..XmrOptions::default() }).expect("chart");
    assert_eq!(unscreened.segments[0].amr, 60.0 / 13.0);
}

#[test]
fn short_series_and_one_point_segments() {
    let one = chart(&[3.0]);
    assert!(one.segments[0].amr.is_nan() && one.segments[0].short_group_warning);
    assert_eq!((one.points[0].special_cause, one.variation_icon), (CommonCause, VariationIcon::CommonCause));
    let two = chart(&[3.0, 5.0]);
    assert_eq!((two.segments[0].mean, two.segments[0].amr), (4.0, 2.0));
    assert_eq!(two.points[0].close_to_limits, Some(false));

    // A rebase on the last point, and adjacent rebases, give one-point segments.
    let values: Vec<f64> = (0..15).map(|i| f64::from(i % 3)).collect();
    let series = xmr(&values, &[5, 6, 14], &XmrOptions::default()).expect("chart");
    let lens: Vec<usize> = series.segments.iter().map(|s| s.len).collect();
    assert_eq!(lens, [5, 1, 8, 1]);
    for single in [&series.segments[1], &series.segments[3]] {
        assert!(single.amr.is_nan() && single.lpl.is_nan());
        assert_eq!(series.points[single.start].special_cause, CommonCause);
        assert_eq!(series.points[single.start].outside_limits, None);
    }
    assert!(xmr(&[], &[], &XmrOptions::default()).is_err());
}

#[test]
fn rebasing_gives_each_segment_its_limits_and_windows_stop_at_the_boundary() {
    let tail = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
    let mut values = vec![-30.0, 30.0, -30.0, 30.0];
    values.extend(tail);
    let options = XmrOptions { screen_outliers: false, ..XmrOptions::default() };
    let whole = xmr(&values, &[], &options).expect("chart");
    assert_eq!(causes(&whole)[4..], [TrendIncreasing; 7]);
    // Rebasing in the middle of the rise: neither part is 7 long.
    let split = xmr(&values, &[8], &options).expect("chart");
    assert_eq!(split.segments.len(), 2);
    assert!(!causes(&split).contains(&TrendIncreasing), "{:?}", causes(&split));
    assert_eq!(split.segments[1].mean, 6.0);
    assert_eq!(split.points[10].segment, 1);
    // Position 0 and repeats change nothing; positions past the end are refused.
    assert_eq!(xmr(&values, &[0, 8, 8], &options).expect("chart"), split);
    let err = xmr(&values, &[11], &options).unwrap_err();
    assert!(matches!(err, Error::Argument { argument, .. } if argument == "rebase"));
}

#[test]
fn fix_after_n_points_sets_limits_from_the_baseline_per_segment() {
    // 12 quiet points then 8 wild ones: fixed limits come from the quiet ones only.
    let mut values: Vec<f64> = (0..12).map(|i| f64::from(i % 2)).collect();
    values.extend([10.0, -10.0, 10.0, -10.0, 10.0, -10.0, 10.0, -10.0]);
    let fixed = XmrOptions { fix_after_n_points: Some(12), ..XmrOptions::default() };
    let series = xmr(&values, &[], &fixed).expect("chart");
    let segment = &series.segments[0];
    assert_eq!((segment.baseline, segment.mean, segment.amr), (12, 0.5, 1.0));
    assert!(causes(&series)[12..].iter().all(|&c| c == AboveUcl || c == BelowLcl));
    // Counted per segment, and capped at the segment's length.
    let rebased = xmr(&values, &[6], &fixed).expect("chart");
    let baselines: Vec<usize> = rebased.segments.iter().map(|s| s.baseline).collect();
    assert_eq!(baselines, [6, 12]);
    assert!(rebased.segments[0].short_group_warning && !rebased.segments[1].short_group_warning);
}

#[test]
fn directions_point_types_and_icons() {
    let values = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 30.0];
    let read = |improvement| {
        let series = xmr(&values, &[], &XmrOptions { improvement, target: Some(5.0), ..XmrOptions::default() });
        let series = series.expect("chart");
        (series.points[12].point_type, series.variation_icon, series.assurance, series.assurance_icon)
    };
    let (pass, fail) = (Some(Assurance::ConsistentPass), Some(Assurance::ConsistentFail));
    for (improvement, expected) in [
        (Improvement::Increase, (PointType::SpecialCauseImprovement, VariationIcon::ImprovementHigh, pass)),
        (Improvement::Decrease, (PointType::SpecialCauseConcern, VariationIcon::ConcernHigh, fail)),
        (Improvement::Neutral, (PointType::SpecialCauseNeutralHigh, VariationIcon::NeutralHigh, None)),
    ] {
        let (point_type, icon, assurance, assurance_icon) = read(improvement);
        assert_eq!((point_type, icon, assurance), expected, "{improvement}");
        assert_eq!(assurance_icon, assurance.map(Assurance::icon));
    }
    assert_eq!(pass.map(Assurance::icon), Some(AssuranceIcon::Pass));
    assert_eq!(fail.map(Assurance::icon), Some(AssuranceIcon::Fail));
    let low: Vec<f64> = values.iter().map(|v| -v).collect();
    let series = xmr(&low, &[], &XmrOptions { improvement: Improvement::Decrease, ..XmrOptions::default() });
    let series = series.expect("chart");
    assert_eq!((series.variation_icon, series.assurance), (VariationIcon::ImprovementLow, None));
    let series = xmr(&low, &[], &XmrOptions { improvement: Improvement::Neutral, ..XmrOptions::default() });
    assert_eq!(series.expect("chart").variation_icon, VariationIcon::NeutralLow);
    let series = xmr(&low, &[], &XmrOptions::default()).expect("chart");
    assert_eq!(series.variation_icon, VariationIcon::ConcernLow);
}

#[test]
fn assurance_is_judged_at_the_last_point_of_the_last_segment() {
    // The first segment sits around 10 and the last around 2 (limits 2.5 ± 2.66): a target of
    // 6 passes for decrease only under the last segment's limits.
    let mut values: Vec<f64> = (0..12).map(|i| 10.0 + f64::from(i % 2)).collect();
    values.extend((0..12).map(|i| 2.0 + f64::from(i % 2)));
    let options = XmrOptions { improvement: Improvement::Decrease, target: Some(6.0), ..XmrOptions::default() };
    assert_eq!(xmr(&values, &[12], &options).expect("chart").assurance, Some(Assurance::ConsistentPass));
    assert_eq!(xmr(&values, &[], &options).expect("chart").assurance, Some(Assurance::Inconsistent));
    // A target on a limit is inconsistent.
    let series = xmr(&values, &[12], &options).expect("chart");
    let upl = series.points[23].upl;
    let on_limit = XmrOptions { target: Some(upl), ..options };
    assert_eq!(xmr(&values, &[12], &on_limit).expect("chart").assurance, Some(Assurance::Inconsistent));
}

#[test]
fn labels_round_trip_through_text_and_serde() {
    fn round_trip<T>(all: &[T])
    where
        T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + std::str::FromStr + serde::Serialize,
        T: serde::de::DeserializeOwned,
        <T as std::str::FromStr>::Err: std::fmt::Debug,
    {
        for &value in all {
            let text = value.to_string();
            assert_eq!(text.parse::<T>().expect("parses"), value);
            assert_eq!(serde_json::to_string(&value).expect("json"), format!("{text:?}"));
            assert_eq!(serde_json::from_str::<T>(&format!("{text:?}")).expect("from json"), value);
        }
    }
    round_trip(Improvement::ALL);
    round_trip(SpecialCause::ALL);
    round_trip(PointType::ALL);
    round_trip(Assurance::ALL);
    round_trip(VariationIcon::ALL);
    round_trip(AssuranceIcon::ALL);
    assert_eq!(SpecialCause::ALL.len(), 9);
    assert_eq!(SpecialCause::TrendDecreasing.as_str(), "7 Point Trend (Decreasing)");
    let options: XmrOptions = serde_json::from_str(r#"{"improvement": "decrease", "target": 2.5}"#).expect("options");
    assert_eq!(options, XmrOptions { improvement: Improvement::Decrease, target: Some(2.5), ..XmrOptions::default() });
    let json = serde_json::to_value(chart(&[1.0, 2.0, 4.0])).expect("json");
    assert_eq!(json["points"][0]["point_type"], "common_cause");
    assert_eq!(json["variation_icon"], "common_cause");
}

#[test]
fn missing_and_infinite_values_are_refused_by_row() {
    let err = chart_err(&[1.0, f64::NAN, 2.0, f64::INFINITY]);
    assert!(matches!(err, Error::Data { .. }), "{err}");
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["values[1]", "values[3]"]);
    let options = XmrOptions { target: Some(f64::NAN), ..XmrOptions::default() };
    assert!(matches!(xmr(&[1.0], &[], &options), Err(Error::Argument { .. })));
    // Keyed rows are named as the caller gave them, before sorting.
    let err = xmr_by_key(&[3, 1, 2], &[1.0, 2.0, f64::NAN], &[], &XmrOptions::default()).unwrap_err();
    assert_eq!(err.issues()[0].path, "values[2]");
}

fn chart_err(values: &[f64]) -> Error {
    xmr(values, &[], &XmrOptions::default()).unwrap_err()
}

#[test]
fn keyed_rows_are_sorted_and_rebased_by_key() {
    let keys = ["2024-03", "2024-01", "2024-02", "2024-05", "2024-04"];
    let values = [3.0, 1.0, 2.0, 5.0, 4.0];
    let keyed = xmr_by_key(&keys, &values, &["2024-04"], &XmrOptions::default()).expect("chart");
    assert_eq!(keyed.rows, [1, 2, 0, 4, 3]);
    let sorted: Vec<f64> = keyed.series.points.iter().map(|p| p.value).collect();
    assert_eq!(sorted, [1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(keyed.series.segments.iter().map(|s| s.start).collect::<Vec<_>>(), [0, 3]);
    assert!(matches!(xmr_by_key(&keys[..2], &values, &[], &XmrOptions::default()), Err(Error::Argument { .. })));
}

// ---------------------------------------------------------------------------------------
// The batch entry point and trajectories.

#[test]
fn batch_matches_series_one_by_one() {
    let cases = cases();
    for options in [XmrOptions::default(), XmrOptions { screen_outliers: false, ..XmrOptions::default() }] {
        let mut values = Vec::new();
        let mut offsets = vec![0];
        let mut rebase = Vec::new();
        let mut targets = Vec::new();
        let mut expected = Vec::new();
        for case in cases.values() {
            values.extend(&case.values);
            offsets.push(values.len());
            let starts: Vec<usize> = case.series.segments.iter().map(|s| s.start).collect();
            rebase.extend((0..case.values.len()).map(|i| starts.contains(&i)));
            targets.push(case.options.target.unwrap_or(f64::NAN));
            let one = XmrOptions { target: case.options.target, ..options.clone() };
            expected.push(xmr(&case.values, &starts, &one).expect("chart"));
        }
        let batch = XmrBatch { values: &values, offsets: &offsets, rebase: Some(&rebase), targets: Some(&targets) };
        let columns = xmr_batch(&batch, &options).expect("batch");
        assert_eq!(columns.assurance.len(), cases.len());
        let points = expected.iter().flat_map(|s| s.points.iter().map(move |p| (s, p)));
        for (row, (series, point)) in points.enumerate() {
            assert_eq!(columns.mean[row].to_bits(), point.mean.to_bits());
            assert_eq!(columns.amr[row].to_bits(), series.segments[point.segment].amr.to_bits());
            assert_eq!(columns.upl[row].to_bits(), point.upl.to_bits());
            assert_eq!(columns.special_cause[row], point.special_cause);
            assert_eq!(columns.point_type[row], point.point_type);
            assert_eq!(columns.close_to_limits[row], point.close_to_limits);
            assert_eq!(columns.segment[row], point.segment);
        }
        for (s, series) in expected.iter().enumerate() {
            assert_eq!(columns.assurance[s], series.assurance);
            assert_eq!(columns.variation_icon[s], series.variation_icon);
            assert_eq!(columns.assurance_icon[s], series.assurance_icon);
        }
    }
}

#[test]
fn batch_refuses_bad_layouts() {
    let values = [1.0, 2.0, 3.0];
    let options = XmrOptions::default();
    for offsets in [&[0, 3][..], &[0, 1, 3]] {
        let batch = XmrBatch { values: &values, offsets, rebase: None, targets: None };
        assert!(xmr_batch(&batch, &options).is_ok());
    }
    for offsets in [&[][..], &[0], &[1, 3], &[0, 2], &[0, 0, 3], &[0, 2, 1, 3]] {
        let batch = XmrBatch { values: &values, offsets, rebase: None, targets: None };
        let err = xmr_batch(&batch, &options).unwrap_err();
        assert!(matches!(err, Error::Argument { ref argument, .. } if argument == "offsets"), "{offsets:?}: {err}");
    }
    let targets = [1.0];
    let both = XmrOptions { target: Some(1.0), ..XmrOptions::default() };
    let batch = XmrBatch { values: &values, offsets: &[0, 3], rebase: None, targets: Some(&targets) };
    assert!(matches!(xmr_batch(&batch, &both), Err(Error::Argument { .. })));
    let batch = XmrBatch { values: &values, offsets: &[0, 3], rebase: Some(&[true]), targets: None };
    assert!(matches!(xmr_batch(&batch, &options), Err(Error::Argument { .. })));
    let bad = [1.0, f64::NAN, 3.0];
    let batch = XmrBatch { values: &bad, offsets: &[0, 3], rebase: None, targets: None };
    assert_eq!(xmr_batch(&batch, &options).unwrap_err().issues()[0].path, "values[1]");
}

#[test]
fn trajectory_gaps_by_direction() {
    let values = [10.0, 12.0, 15.0];
    let plan = [11.0, 12.0, f64::NAN];
    let gaps = trajectory_gaps(&values, &plan, Improvement::Increase).expect("gaps");
    let read: Vec<(f64, Option<bool>)> = gaps.iter().map(|g| (g.gap, g.on_track)).collect();
    assert_eq!(read[..2], [(-1.0, Some(false)), (0.0, Some(true))]);
    assert!(read[2].0.is_nan() && read[2].1.is_none());
    let gaps = trajectory_gaps(&values, &plan, Improvement::Decrease).expect("gaps");
    assert_eq!(gaps[0].on_track, Some(true));
    assert_eq!(gaps[1].on_track, Some(true), "on the trajectory is on track");
    let gaps = trajectory_gaps(&values, &plan, Improvement::Neutral).expect("gaps");
    assert!(gaps.iter().all(|g| g.on_track.is_none()));
    assert!(matches!(trajectory_gaps(&values, &plan[..2], Improvement::Increase), Err(Error::Argument { .. })));
    assert!(matches!(trajectory_gaps(&[f64::NAN], &[1.0], Improvement::Increase), Err(Error::Data { .. })));
}

#[test]
fn run_rate_meets_the_target_on_the_fitted_line() {
    // Rising 2 a period from 10 at position 0: 24 is reached at position 7.
    let values = [10.0, 12.0, 14.0, 16.0];
    let rate = run_rate(&values, 0, 24.0, Improvement::Increase).expect("rate");
    assert_eq!((rate.slope, rate.intercept, rate.points), (2.0, 10.0, 4));
    assert_eq!(rate.meets_target_at, Some(7));
    assert_eq!(run_rate(&values, 0, 23.0, Improvement::Increase).expect("rate").meets_target_at, Some(7));
    assert_eq!(run_rate(&values, 0, 15.0, Improvement::Increase).expect("rate").meets_target_at, Some(3), "met");
    assert_eq!(run_rate(&values, 0, 5.0, Improvement::Decrease).expect("rate").meets_target_at, None, "moving away");
    // Only the points from `from` are fitted; positions stay those of the whole series.
    let rate = run_rate(&[50.0, 0.0, 10.0, 20.0], 1, 40.0, Improvement::Increase).expect("rate");
    assert_eq!((rate.slope, rate.meets_target_at), (10.0, Some(5)));
    assert!(matches!(run_rate(&values, 3, 1.0, Improvement::Increase), Err(Error::Argument { .. })));
    assert!(matches!(run_rate(&values, 0, 1.0, Improvement::Neutral), Err(Error::Argument { .. })));
    // The series method fits the last segment.
    let mut series_values = vec![100.0, 90.0, 95.0];
    series_values.extend(values);
    let series = xmr(&series_values, &[3], &XmrOptions::default()).expect("chart");
    let rate = series.run_rate(24.0).expect("rate");
    assert_eq!((rate.from, rate.slope, rate.meets_target_at), (3, 2.0, Some(10)));
}

// ---------------------------------------------------------------------------------------
// Invariants.

fn integer_series() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-50i32..50, 1..60).prop_map(|v| v.into_iter().map(f64::from).collect())
}

fn options() -> impl Strategy<Value = XmrOptions> {
    (0usize..3, any::<bool>(), prop::option::of(12usize..30), prop::option::of(-60i32..60)).prop_map(
        |(direction, screen_outliers, fix_after_n_points, target)| XmrOptions {
            improvement: Improvement::ALL[direction],
            target: target.map(f64::from),
            screen_outliers,
            fix_after_n_points,
            ..XmrOptions::default()
        },
    )
}

/// Every label of a point: cause, type, side, outside, close.
type Labels = (SpecialCause, PointType, i8, Option<bool>, Option<bool>);

fn labels(series: &XmrSeries) -> Vec<Labels> {
    series
        .points
        .iter()
        .map(|p| (p.special_cause, p.point_type, p.relative_to_mean, p.outside_limits, p.close_to_limits))
        .collect()
}

/// Whether any point is within `margin` of a limit or near limit, where a shift's rounding
/// could move it across.
fn near_a_boundary(series: &XmrSeries, margin: f64) -> bool {
    series.points.iter().any(|p| [p.lpl, p.upl, p.nlpl, p.nupl].iter().any(|l| (p.value - l).abs() <= margin))
}

proptest! {
    /// Scaling by a power of two is exact in every operation, so all numbers scale to the bit
    /// and every label stays.
    #[test]
    fn power_of_two_scaling_is_exact(values in integer_series(), options in options(), power in -8i32..8) {
        let scale = 2f64.powi(power);
        let series = xmr(&values, &[], &options).expect("chart");
        let scaled_values: Vec<f64> = values.iter().map(|v| v * scale).collect();
        let scaled_options = XmrOptions { target: options.target.map(|t| t * scale), ..options.clone() };
        let scaled = xmr(&scaled_values, &[], &scaled_options).expect("chart");
        for (a, b) in series.points.iter().zip(&scaled.points) {
            for (x, y) in [(a.mean, b.mean), (a.lpl, b.lpl), (a.upl, b.upl), (a.nlpl, b.nlpl), (a.nupl, b.nupl)] {
                prop_assert!((x * scale).to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()));
            }
        }
        prop_assert_eq!(labels(&series), labels(&scaled));
        prop_assert_eq!(series.assurance, scaled.assurance);
    }

    /// Any positive scale scales the numbers to within rounding.
    #[test]
    fn positive_scaling_scales_the_limits(values in integer_series(), scale in 0.001f64..1000.0) {
        let series = chart(&values);
        let scaled = chart(&values.iter().map(|v| v * scale).collect::<Vec<_>>());
        let (a, b) = (&series.segments[0], &scaled.segments[0]);
        let tolerance = 1e-12 * scale * a.mean.abs().max((a.upl - a.mean).abs()).max(1.0);
        for (x, y) in [(a.mean, b.mean), (a.lpl, b.lpl), (a.upl, b.upl), (a.amr, b.amr)] {
            prop_assert!((x * scale - y).abs() <= tolerance || (x.is_nan() && y.is_nan()), "{} vs {}", x * scale, y);
        }
    }

    /// Shifting by a whole number moves the mean and limits by it, leaves the moving ranges
    /// exactly alone, and keeps every label unless a point sits on a limit's rounding edge.
    #[test]
    fn shifting_moves_the_limits(values in integer_series(), options in options(), shift in -1000i32..1000) {
        let shift = f64::from(shift);
        let series = xmr(&values, &[], &options).expect("chart");
        let shifted_values: Vec<f64> = values.iter().map(|v| v + shift).collect();
        let shifted_options = XmrOptions { target: options.target.map(|t| t + shift), ..options.clone() };
        let shifted = xmr(&shifted_values, &[], &shifted_options).expect("chart");
        let (a, b) = (&series.segments[0], &shifted.segments[0]);
        prop_assert!(a.amr.to_bits() == b.amr.to_bits() || (a.amr.is_nan() && b.amr.is_nan()));
        let tolerance = 1e-12 * (a.mean.abs() + shift.abs() + (a.upl - a.mean).abs()).max(1.0);
        for (x, y) in [(a.mean, b.mean), (a.lpl, b.lpl), (a.upl, b.upl), (a.nlpl, b.nlpl), (a.nupl, b.nupl)] {
            prop_assert!((x + shift - y).abs() <= tolerance || (x.is_nan() && y.is_nan()), "{} vs {}", x + shift, y);
        }
        let sides = |s: &XmrSeries| s.points.iter().map(|p| p.relative_to_mean).collect::<Vec<_>>();
        prop_assert_eq!(sides(&series), sides(&shifted));
        if !near_a_boundary(&series, 1e-9) && !near_a_boundary(&shifted, 1e-9) {
            prop_assert_eq!(labels(&series), labels(&shifted));
        }
    }

    /// The batch gives what the series give one by one.
    #[test]
    fn batch_equals_one_by_one(series in prop::collection::vec(integer_series(), 1..6), options in options()) {
        let values: Vec<f64> = series.concat();
        let offsets: Vec<usize> = std::iter::once(0).chain(series.iter().scan(0, |end, s| { *end += s.len(); Some(*end) })).collect();
        let batch = XmrBatch { values: &values, offsets: &offsets, rebase: None, targets: None };
        let columns = xmr_batch(&batch, &options).expect("batch");
        let mut row = 0;
        for (s, values) in series.iter().enumerate() {
            let one = xmr(values, &[], &options).expect("chart");
            for point in &one.points {
                prop_assert_eq!(columns.point_type[row], point.point_type);
                prop_assert_eq!(columns.special_cause[row], point.special_cause);
                prop_assert!(columns.lpl[row].to_bits() == point.lpl.to_bits());
                row += 1;
            }
            prop_assert_eq!(columns.variation_icon[s], one.variation_icon);
            prop_assert_eq!(columns.assurance[s], one.assurance);
        }
    }
}

#[test]
fn rows_in_any_order_chart_per_group_and_name_bad_rows() {
    use ics_outcomes::spc::{XmrRows, xmr_rows};
    use ics_outcomes::stats::Field;
    let a = [5.0, 6.0, 5.5, 7.0, 6.5, 5.0];
    let b = [50.0, 40.0, 45.0, 47.0, 44.0, 90.0];
    // Interleaved and reversed: group 1 first, dates descending.
    let mut values = Vec::new();
    let mut dates = Vec::new();
    let mut groups = Vec::new();
    for i in (0..6).rev() {
        values.extend([b[i], a[i]]);
        dates.extend([i as i64 * 10, i as i64 * 10]);
        groups.extend([1u32, 0]);
    }
    let rows = XmrRows {
        values: Field::new("v", &values),
        dates: ("day", &dates),
        groups: Some(&groups),
        rebase: None,
        targets: None,
    };
    let charts = xmr_rows(&rows, &XmrOptions::default()).unwrap();
    assert_eq!(charts.offsets, [0, 6, 12]);
    assert_eq!(charts.series_of_points().collect::<Vec<_>>(), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    let sorted: Vec<f64> = charts.order.iter().map(|&r| values[r]).collect();
    assert_eq!(sorted, [a.as_slice(), b.as_slice()].concat());
    for (s, series) in [a, b].iter().enumerate() {
        let alone = xmr(series, &[], &XmrOptions::default()).unwrap();
        let part = s * 6..(s + 1) * 6;
        assert_eq!(charts.columns.upl[part.clone()], alone.points.iter().map(|p| p.upl).collect::<Vec<_>>()[..]);
        assert_eq!(charts.columns.point_type[part], alone.points.iter().map(|p| p.point_type).collect::<Vec<_>>()[..]);
        assert_eq!(charts.columns.variation_icon[s], alone.variation_icon);
    }

    let mut bad = values.clone();
    bad[3] = f64::NAN;
    let mut repeated = dates.clone();
    repeated[5] = repeated[3];
    let rows = XmrRows { values: Field::new("v", &bad), dates: ("day", &repeated), ..rows };
    let err = xmr_rows(&rows, &XmrOptions::default()).unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["v[3]", "day[5]"], "{err}");
}
