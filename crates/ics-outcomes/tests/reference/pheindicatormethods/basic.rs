//! Proportions, rates, means and the primitive intervals.

use ics_outcomes::Error;
use ics_outcomes::stats::dist::z_for;
use ics_outcomes::stats::interval::{byars_lower, byars_upper, wilson};
use ics_outcomes::stats::{Confidence, Field, Groups, ProportionOptions, RateOptions, Table, mean, proportion, rate};
use libtest_mimic::Trial;

use super::read;
use crate::rows::{Row, assert_close, assert_column, column};
use crate::shared::register;

const TIGHT: f64 = 1e-12;

fn pair() -> Confidence {
    Confidence::standard(&[0.95, 0.998]).expect("the Fingertips pair")
}

fn assert_limits(table: &Table, expected: &[Row], names: &[&str], what: &str) {
    for name in names {
        assert_column(table.numbers(name).expect(name), &column(expected, name), TIGHT, &format!("{what} {name}"));
    }
}

fn byars_and_wilson_primitives_match_the_package() {
    let rows = read("test_vectors/byars_wilson.csv");
    assert_eq!(rows.len(), 13);
    for row in rows.iter().filter(|r| r.text("used_in_tests") == "yes") {
        let c: f64 = row.text("confidence").trim_end_matches('%').parse::<f64>().expect("level") / 100.0;
        let z = z_for(c);
        let (lower, upper) = match row.text("method") {
            "Byars" => (byars_lower(row.num("x"), z), byars_upper(row.num("x"), z)),
            _ => wilson(row.num("x"), row.num("n"), z),
        };
        assert_close(lower, row.num("lowercl"), 1e-9, &format!("row {} lower", row.text("row")));
        assert_close(upper, row.num("uppercl"), 1e-9, &format!("row {} upper", row.text("row")));
    }
    // Row 13: Byar's lower limit for one event at 99.8% is negative, hence missing.
    assert!(byars_lower(1.0, z_for(0.998)).is_nan());
    // Confidence 1 gives exactly [0, 1].
    assert_eq!(wilson(3.0, 10.0, Confidence::standard(&[1.0]).expect("1").z()[0]), (0.0, 1.0));
}

fn proportions_row_by_row_match_r() {
    let expected = read("r_generated/proportion.csv");
    let (x, n) = (column(&expected, "Numerator"), column(&expected, "Denominator"));
    let m = column(&expected, "multiplier");
    // Each block of rows shares a multiplier: 1 for rows 1-8, 100 for 9-16, 1 for the NA rows.
    for (range, multiplier) in [(0..8, 1.0), (8..16, 100.0), (16..19, 1.0)] {
        assert!(m[range.clone()].iter().all(|&v| v == multiplier));
        let options = ProportionOptions { confidence: pair(), multiplier };
        let table = proportion(
            Field::new("Numerator", &x[range.clone()]),
            Field::new("Denominator", &n[range.clone()]),
            None,
            &options,
        )
        .expect("valid input");
        let rows = &expected[range];
        assert_column(table.numbers("value").expect("value"), &column(rows, "value"), TIGHT, "value");
        assert_limits(&table, rows, &["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"], "proportion");
        for (i, row) in rows.iter().enumerate() {
            assert_eq!(table.text_at("statistic", i), Some(row.text("statistic")));
            assert_eq!(table.text_at("method", i), Some(row.text("method")));
            assert_eq!(table.text_at("confidence", i), Some(row.text("confidence")));
        }
    }
    // The package's own vectors (from its xlsx, computed partly in Excel) agree too.
    let sheet = read("test_vectors/proportion.csv");
    let options = ProportionOptions { confidence: pair(), multiplier: 1.0 };
    let table = proportion(Field::new("x", &x[..8]), Field::new("n", &n[..8]), None, &options).expect("valid");
    assert_column(table.numbers("upper99_8cl").expect("upper"), &column(&sheet[..8], "upper99_8cl"), 1e-8, "sheet");
}

fn area_groups(rows: &[Row]) -> (Groups, Vec<String>) {
    let areas: Vec<String> = rows.iter().map(|r| r.text("Area").to_owned()).collect();
    Groups::from_keys(&areas)
}

fn grouped_proportions_sum_within_groups_and_missing_spreads() {
    let input = read("r_generated/proportion.csv");
    let expected = read("r_generated/proportion_grouped.csv");
    let (groups, areas) = area_groups(&input);
    let (x, n) = (column(&input, "Numerator"), column(&input, "Denominator"));
    let table = proportion(
        Field::new("Numerator", &x),
        Field::new("Denominator", &n),
        Some(&groups),
        &ProportionOptions::default(),
    )
    .expect("valid");
    assert_eq!(areas, expected.iter().map(|r| r.text("Area")).collect::<Vec<_>>());
    assert_column(table.numbers("numerator").expect("sums"), &column(&expected, "Numerator"), 0.0, "numerator sums");
    assert_column(
        table.numbers("denominator").expect("sums"),
        &column(&expected, "Denominator"),
        0.0,
        "denominator sums",
    );
    assert_limits(&table, &expected, &["value", "lowercl", "uppercl"], "grouped");
    assert_eq!(
        table.names(),
        ["numerator", "denominator", "value", "lowercl", "uppercl", "confidence", "statistic", "method"]
    );

    // Without confidence: value and statistic only.
    let options = ProportionOptions { confidence: Confidence::none(), multiplier: 1.0 };
    let table =
        proportion(Field::new("Numerator", &x), Field::new("Denominator", &n), Some(&groups), &options).expect("valid");
    assert_eq!(table.names(), ["numerator", "denominator", "value", "statistic"]);
    let no_ci = read("r_generated/proportion_grouped_no_ci.csv");
    assert_column(table.numbers("value").expect("value"), &column(&no_ci, "value"), TIGHT, "no-CI value");
}

fn rates_switch_from_exact_to_byars_at_ten_events() {
    let expected = read("r_generated/rate.csv");
    let (x, n) = (column(&expected, "Numerator"), column(&expected, "Denominator"));
    for (range, multiplier) in [(0..8, 100.0), (8..20, 100_000.0)] {
        let options = RateOptions { confidence: pair(), multiplier };
        let table = rate(
            Field::new("Numerator", &x[range.clone()]),
            Field::new("Denominator", &n[range.clone()]),
            None,
            &options,
        )
        .expect("valid");
        let rows = &expected[range];
        assert_limits(&table, rows, &["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"], "rate");
        for (i, row) in rows.iter().enumerate() {
            let method = row.text("method");
            assert_eq!(table.text_at("method", i), (!method.is_empty()).then_some(method), "method row {i}");
            assert_eq!(table.text_at("statistic", i), Some(row.text("statistic")));
        }
    }
    let grouped = read("r_generated/rate_grouped.csv");
    let (groups, _) = area_groups(&expected);
    let table =
        rate(Field::new("Numerator", &x), Field::new("Denominator", &n), Some(&groups), &RateOptions::default())
            .expect("valid");
    assert_limits(&table, &grouped, &["value", "lowercl", "uppercl"], "grouped rate");
}

fn means_use_the_t_distribution_and_count_missing_rows() {
    let input = read("test_vectors/mean_input.csv");
    let expected = read("r_generated/mean.csv");
    let values = column(&input, "values");
    let areas: Vec<&str> = input.iter().map(|r| r.text("area")).collect();
    let (groups, _) = Groups::from_keys(&areas);
    let grouped = mean(Field::new("values", &values), Some(&groups), &pair()).expect("valid");
    let all = mean(Field::new("values", &values), None, &pair()).expect("valid");
    for name in
        ["value_sum", "value_count", "stdev", "value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]
    {
        let mut actual = grouped.numbers(name).expect(name).to_vec();
        actual.extend_from_slice(all.numbers(name).expect(name));
        assert_column(&actual, &column(&expected, name), TIGHT, name);
    }
    assert_eq!(grouped.text_at("method", 0), Some("Student's t-distribution"));
    let with_missing = mean(Field::new("v", &[1.0, f64::NAN, 3.0]), None, &pair()).expect("valid");
    assert_eq!(with_missing.numbers("value_count").expect("count"), [3.0]);
    assert!(with_missing.numbers("value").expect("value")[0].is_nan());
}

fn invalid_inputs_name_the_field_row_and_value() {
    let options = ProportionOptions::default();
    let err =
        proportion(Field::new("num", &[1.0, -2.0]), Field::new("den", &[10.0, 10.0]), None, &options).unwrap_err();
    assert!(matches!(err, Error::Data { .. }));
    assert_eq!(err.issues()[0].path, "num[1]");
    assert_eq!(err.issues()[0].value, "-2");
    assert!(err.to_string().contains("numerators must be greater than or equal to zero"));
    let err = proportion(Field::new("num", &[11.0]), Field::new("den", &[10.0]), None, &options).unwrap_err();
    assert!(
        err.to_string().contains("numerators must be less than or equal to denominator for a proportion statistic")
    );
    let err = rate(Field::new("x", &[1.0]), Field::new("n", &[0.0]), None, &RateOptions::default()).unwrap_err();
    assert_eq!(err.issues()[0].path, "n[0]");
    assert!(err.to_string().contains("denominators must be greater than zero"));
    let err =
        rate(Field::new("x", &[f64::INFINITY]), Field::new("n", &[1.0]), None, &RateOptions::default()).unwrap_err();
    assert_eq!(err.issues()[0].path, "x[0]");
    // Many bad rows are counted, not all listed.
    let bad = vec![-1.0; 50];
    let err = rate(Field::new("x", &bad), Field::new("n", &[1.0; 50]), None, &RateOptions::default()).unwrap_err();
    assert_eq!(err.issues().len(), 11);
    assert!(err.issues()[10].kind.to_string().contains("40 more rows"));
    // Confidence levels outside [0.9, 1] and [90, 100], or an unsupported pair.
    for levels in [&[0.5][..], &[1.5], &[100.5], &[95.0, 99.8], &[0.9, 0.95, 0.99]] {
        assert!(matches!(Confidence::standard(levels), Err(Error::Argument { .. })), "{levels:?}");
    }
    assert_eq!(Confidence::standard(&[99.8]).expect("percent").levels(), [0.998]);
    assert!("wide".parse::<ics_outcomes::stats::OutputType>().is_err());
}

fn groups_must_cover_every_row() {
    let (groups, _) = Groups::from_keys(&["a", "b"]);
    let err = proportion(
        Field::new("x", &[1.0; 3]),
        Field::new("n", &[2.0; 3]),
        Some(&groups),
        &ProportionOptions::default(),
    )
    .unwrap_err();
    assert_eq!(err.issues()[0].path, "group_by");
    let err = rate(Field::new("x", &[1.0; 3]), Field::new("n", &[2.0; 3]), Some(&groups), &RateOptions::default())
        .unwrap_err();
    assert!(err.to_string().contains("needs one group per row"));
}

fn vectors_are_laid_onto_rows_by_position_within_each_group() {
    let (groups, _) = Groups::from_keys(&["b", "a", "b", "a"]);
    assert_eq!(groups.by_position("stdpop", &[10.0, 20.0]).expect("two rows a group"), [10.0, 10.0, 20.0, 20.0]);
    let err = groups.by_position("stdpop", &[1.0, 2.0, 3.0]).unwrap_err();
    assert_eq!(err.issues()[0].path, "stdpop");
    assert!(err.to_string().contains("stdpop length must equal number of rows in each group within data"));
    let (uneven, _) = Groups::from_keys(&["a", "a", "b"]);
    assert!(
        uneven
            .by_position("x_ref", &[1.0, 2.0])
            .unwrap_err()
            .to_string()
            .contains("same number of rows for each group")
    );
}

pub fn trials() -> Vec<Trial> {
    register! {
        needing super::FOLDER => byars_and_wilson_primitives_match_the_package, proportions_row_by_row_match_r, grouped_proportions_sum_within_groups_and_missing_spreads, rates_switch_from_exact_to_byars_at_ten_events, means_use_the_t_distribution_and_count_missing_rows;
        standalone => invalid_inputs_name_the_field_row_and_value, groups_must_cover_every_row, vectors_are_laid_onto_rows_by_position_within_each_group;
    }
}
