//! Making Data Count SPC against NHSRplotthedots 0.2.2: every expectation in
//! `reference/spc/package_tests` of the shared folder. The hand-worked cases for each rule
//! and quirk, and the invariants over generated series, are in the integration tests.
//!
//! Numbers must agree to |a − e| ≤ 1e-12 × max(|mean|, |upl − mean|, tiny) with NaN matching
//! NaN, and labels exactly (the README's tolerance); a separate test holds the numbers to the
//! bit, which the correctly rounded mean makes possible.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ics_outcomes::Error;
use ics_outcomes::spc::{
    Assurance, AssuranceIcon, Improvement, PointType, SpecialCause, XmrBatch, XmrOptions, XmrPoint, XmrSeries, rules,
    xmr, xmr_batch, xmr_by_key,
};
use libtest_mimic::Trial;

use crate::rows::{Row, read_path};
use crate::shared::register;

const FOLDER: &str = "reference/spc/package_tests";

fn dir() -> PathBuf {
    crate::shared::path(FOLDER)
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
        let segments: Vec<_> = columns.point_segments().collect();
        assert_eq!(segments.len(), values.len());
        for (row, (series, point)) in points.enumerate() {
            let (number, segment) = segments[row];
            assert_eq!(segment.mean.to_bits(), point.mean.to_bits());
            assert_eq!(segment.amr.to_bits(), series.segments[point.segment].amr.to_bits());
            assert_eq!(segment.upl.to_bits(), point.upl.to_bits());
            assert_eq!(columns.special_cause[row], point.special_cause);
            assert_eq!(columns.point_type[row], point.point_type);
            assert_eq!(columns.close_to_limits[row], point.close_to_limits);
            assert_eq!(number, point.segment);
        }
        let per_series = columns.segment_offsets.windows(2).map(|w| &columns.segments[w[0]..w[1]]);
        for (got, series) in per_series.zip(&expected) {
            // Debug text tells every bit of a limit apart, NaN included.
            assert_eq!(format!("{got:?}"), format!("{:?}", series.segments));
        }
        for (s, series) in expected.iter().enumerate() {
            assert_eq!(columns.assurance[s], series.assurance);
            assert_eq!(columns.variation_icon[s], series.variation_icon);
            assert_eq!(columns.assurance_icon[s], series.assurance_icon);
        }
    }
}

pub fn trials() -> Vec<Trial> {
    register! {
        needing FOLDER => package_points_match_within_tolerance_and_labels_exactly, package_numbers_match_to_the_bit, package_assurance_and_icons_at_the_last_point, package_groups_summary, printed_expectations_of_the_snapshots_and_vignette, package_rule_helpers, package_assurance_table, package_short_group_warning_cases, package_argument_validation, batch_matches_series_one_by_one;
    }
}
