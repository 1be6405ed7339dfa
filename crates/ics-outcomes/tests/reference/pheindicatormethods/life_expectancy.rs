//! Life expectancy (`phe_life_expectancy`) against the package's vectors and R's output.

use ics_outcomes::Error;
use ics_outcomes::stats::{
    Confidence, Field, Groups, LifeExpectancy, LifeExpectancyOptions, OutputType, age_band_start, life_expectancy,
};
use libtest_mimic::Trial;

use super::read;
use crate::rows::{Row, assert_column, column};
use crate::shared::register;

/// R's own output, computed with the exact z, agrees to rounding.
const TIGHT: f64 = 1e-9;
/// The package's literals were made with z = 1.96: compare to 1e-5 years.
const YEARS: f64 = 1e-5;

const WIDE: &str =
    "some life expectancy values have a 95% confidence interval > 20 years; these values have been suppressed to NAs";

fn options(levels: &[f64]) -> LifeExpectancyOptions {
    LifeExpectancyOptions { confidence: Confidence::any(levels).expect("levels"), ..LifeExpectancyOptions::default() }
}

fn run(
    rows: &[Row],
    deaths: &str,
    pops: &str,
    groups: Option<&Groups>,
    options: &LifeExpectancyOptions,
) -> LifeExpectancy {
    let (d, p, s) = (column(rows, deaths), column(rows, pops), column(rows, "startage"));
    life_expectancy(Field::new(deaths, &d), Field::new(pops, &p), Field::new("startage", &s), groups, options)
        .expect("valid input")
}

fn numbers<'a>(le: &'a LifeExpectancy, name: &str) -> &'a [f64] {
    le.table.numbers(name).unwrap_or_else(|| panic!("no column {name} in {:?}", le.table.names()))
}

#[track_caller]
fn assert_years(actual: &[f64], expected: &[f64], what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: rows");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_eq!(a.is_nan(), e.is_nan(), "{what}[{i}]: {a} vs {e}");
        assert!(a.is_nan() || (a - e).abs() <= YEARS, "{what}[{i}]: {a} vs {e}");
    }
}

fn area_groups(rows: &[Row]) -> (Groups, Vec<String>) {
    let areas: Vec<String> = rows.iter().map(|r| r.text("area").to_owned()).collect();
    Groups::from_keys(&areas)
}

fn two_levels_match_r_and_lowers_come_before_uppers() {
    let input = read("test_vectors/life_expectancy_input.csv");
    let expected = read("r_generated/life_expectancy.csv");
    let le = run(&input, "deaths", "pops", None, &options(&[0.95, 0.998]));
    assert_eq!(
        le.table.names(),
        [
            "startage",
            "value",
            "lower95_0cl",
            "lower99_8cl",
            "upper95_0cl",
            "upper99_8cl",
            "pops_used",
            "dths_used",
            "confidence",
            "statistic",
            "method"
        ]
    );
    for name in ["value", "lower95_0cl", "lower99_8cl", "upper95_0cl", "upper99_8cl"] {
        assert_column(numbers(&le, name), &column(&expected, name), TIGHT, name);
    }
    for name in ["pops_used", "dths_used", "startage"] {
        assert_column(numbers(&le, name), &column(&expected, name), 0.0, name);
    }
    for (i, row) in expected.iter().enumerate() {
        for name in ["confidence", "statistic", "method"] {
            assert_eq!(le.table.text_at(name, i), Some(row.text(name)), "{name}[{i}]");
        }
    }
    assert!(le.table.warnings.is_empty());
    assert_eq!(le.rows, (0..20).collect::<Vec<_>>());
    // Standard output drops pops_used, dths_used and the metadata.
    assert_eq!(
        le.table.select(OutputType::Standard).names(),
        ["startage", "value", "lower95_0cl", "lower99_8cl", "upper95_0cl", "upper99_8cl"]
    );
}

fn package_literals_agree_to_a_hundred_thousandth_of_a_year() {
    let input = read("test_vectors/life_expectancy_input.csv");
    let expected = read("test_vectors/life_expectancy_expected.csv");
    let le = run(&input, "deaths", "pops", None, &LifeExpectancyOptions::default());
    for name in ["value", "lowercl", "uppercl"] {
        assert_years(numbers(&le, name), &column(&expected, name), name);
    }
    for name in ["pops_used", "dths_used"] {
        assert_column(numbers(&le, name), &column(&expected, name), 0.0, name);
    }
    assert_eq!(le.table.text_at("confidence", 0), Some("95%"));
    assert_eq!(le.table.text_at("statistic", 2), Some("life expectancy at 5"));

    // Shuffled rows give the same table, sorted by start age, and say where rows came from.
    let mut shuffled = input.clone();
    shuffled.reverse();
    shuffled.swap(3, 11);
    let again = run(&shuffled, "deaths", "pops", None, &LifeExpectancyOptions::default());
    assert_eq!(again.table, le.table);
    let starts: Vec<f64> = again.rows.iter().map(|&r| shuffled[r].num("startage")).collect();
    assert_eq!(starts, column(&input, "startage"));

    // One constant group gives the same numbers.
    let (groups, _) = Groups::from_keys(&vec!["test"; input.len()]);
    let grouped = run(&input, "deaths", "pops", Some(&groups), &LifeExpectancyOptions::default());
    assert_eq!(grouped.table, le.table);

    // le_age filters rows (5 and 25 are rows 3 and 7).
    let filtered = run(
        &input,
        "deaths",
        "pops",
        None,
        &LifeExpectancyOptions { le_age: Some(vec![5.0, 25.0]), ..options(&[95.0]) },
    );
    assert_eq!(numbers(&filtered, "startage"), [5.0, 25.0]);
    assert_years(numbers(&filtered, "value"), &[expected[2].num("value"), expected[6].num("value")], "le_age");
    assert_eq!(filtered.table.text_at("statistic", 1), Some("life expectancy at 25"));
    assert_eq!(filtered.rows, [2, 6]);
    // An le_age that is no band returns everything, with a warning.
    let unknown = run(
        &input,
        "deaths",
        "pops",
        None,
        &LifeExpectancyOptions { le_age: Some(vec![4.0, 6.0]), ..options(&[95.0]) },
    );
    assert_eq!(unknown.table.rows, 20);
    assert_eq!(
        unknown.table.warnings,
        ["le_age not in the vector described by age_contents; all life expectancies will be returned"]
    );
}

fn any_confidence_levels_are_accepted() {
    let input = read("test_vectors/life_expectancy_input.csv");
    let expected = read("r_generated/life_expectancy.csv");
    let single = run(&input, "deaths", "pops", None, &options(&[99.8]));
    assert_column(numbers(&single, "lowercl"), &column(&expected, "lower99_8cl"), TIGHT, "99.8 alone");
    assert_column(numbers(&single, "uppercl"), &column(&expected, "upper99_8cl"), TIGHT, "99.8 alone");
    let levels: Vec<f64> = (90..100).map(f64::from).collect();
    let ten = run(&input, "deaths", "pops", None, &options(&levels));
    // As the package's test: 9 columns, less one pair of limits, plus ten pairs.
    assert_eq!(ten.table.columns.len(), 9 - 2 + 2 * 10);
    assert_eq!(ten.table.names()[2], "lower90_0cl");
    assert_eq!(ten.table.names()[12], "upper90_0cl");
    assert_column(numbers(&ten, "upper95_0cl"), &column(&expected, "upper95_0cl"), TIGHT, "95 of ten");
    assert_eq!(ten.table.text_at("confidence", 0), Some("90%, 91%, 92%, 93%, 94%, 95%, 96%, 97%, 98%, 99%"));
}

fn string_labels_map_to_start_ages() {
    let labels = [
        "0", "1-4", "5-9", "10 - 14", "15 - 19", "20 - 24", "25 - 29", "30 - 34", "35 - 39", "40 - 44", "45 - 49",
        "50 - 54", "55 - 59", "60 - 64", "65 - 69", "70 - 74", "75 - 79", "80 - 84", "85 - 89", "90 +",
    ];
    let starts: Vec<f64> = labels.iter().map(|l| age_band_start(l).expect("digits")).collect();
    assert_eq!(starts, LifeExpectancyOptions::default().age_contents);
    assert_eq!(age_band_start("10 – 14"), Some(10.0));
    assert_eq!(age_band_start("ages 85 and over"), Some(85.0));
}

fn wide_intervals_suppress_values_and_bad_groups_come_last() {
    let input = read("test_vectors/life_expectancy_widecis_input.csv");
    let expected = read("r_generated/life_expectancy_widecis.csv");
    let (groups, areas) = area_groups(&input);
    let le = run(&input, "deaths", "pops", Some(&groups), &options(&[0.95, 0.998]));
    assert_eq!(le.table.rows, 40);
    let area_of: Vec<&str> = le.rows.iter().map(|&r| areas[groups.codes()[r] as usize].as_str()).collect();
    assert_eq!(area_of, expected.iter().map(|r| r.text("area")).collect::<Vec<_>>());
    for name in ["value", "lower95_0cl", "lower99_8cl", "upper95_0cl", "upper99_8cl"] {
        assert_column(numbers(&le, name), &column(&expected, name), TIGHT, name);
    }
    for name in ["startage", "pops_used", "dths_used"] {
        assert_column(numbers(&le, name), &column(&expected, name), 0.0, name);
    }
    assert_eq!(
        le.table.warnings,
        ["some age bands have more deaths than population; outputs have been suppressed to NAs", WIDE]
    );
    // The package's literals (z = 1.96).
    let literals = read("test_vectors/life_expectancy_widecis_expected.csv");
    for name in ["value", "lower95_0cl", "upper95_0cl"] {
        assert_years(numbers(&le, name), &column(&literals, name), name);
    }
}

fn invalid_single_areas_give_only_missing_values_and_a_warning() {
    let input = read("test_vectors/life_expectancy_invalid_inputs.csv");
    let mut cases: Vec<&str> = input.iter().map(|r| r.text("case")).collect();
    cases.dedup();
    assert_eq!(cases.len(), 5);
    for case in cases {
        let rows: Vec<Row> = input.iter().filter(|r| r.text("case") == case).cloned().collect();
        let mut opts = LifeExpectancyOptions::default();
        if rows.len() == 19 {
            // The package's test passes the 19 bands it has.
            opts.age_contents.pop();
        }
        let le = run(&rows, "deaths", "pop", None, &opts);
        assert_eq!(le.table.warnings, [rows[0].text("expected_warning")], "{case}");
        assert_eq!(le.table.names(), ["startage", "value", "lowercl", "uppercl"], "{case}");
        assert_eq!(le.table.rows, rows.len(), "{case}");
        for name in ["value", "lowercl", "uppercl"] {
            assert!(numbers(&le, name).iter().all(|v| v.is_nan()), "{case}: {name}");
        }
    }
}

fn grouped_suppression_keeps_every_row_in_the_package_order() {
    let input = read("test_vectors/life_expectancy_grouped_with_warnings_input.csv");
    let expected = read("r_generated/life_expectancy_grouped_with_warnings.csv");
    let (groups, areas) = area_groups(&input);
    let le = run(&input, "deaths", "pop", Some(&groups), &LifeExpectancyOptions::default());
    assert_eq!(le.table.rows, input.len());
    let area_of: Vec<&str> = le.rows.iter().map(|&r| areas[groups.codes()[r] as usize].as_str()).collect();
    assert_eq!(area_of, expected.iter().map(|r| r.text("area")).collect::<Vec<_>>());
    for name in ["value", "lowercl", "uppercl"] {
        assert_column(numbers(&le, name), &column(&expected, name), TIGHT, name);
    }
    for name in ["startage", "pops_used", "dths_used"] {
        assert_column(numbers(&le, name), &column(&expected, name), 0.0, name);
    }
    for (i, row) in expected.iter().enumerate() {
        assert_eq!(le.table.text_at("statistic", i), Some(row.text("statistic")));
    }
    assert_eq!(
        le.table.warnings,
        [
            "some age bands have negative deaths; outputs have been suppressed to NAs",
            "some age bands have a zero or less population; outputs have been suppressed to NAs",
            "some groups contain a different number of age bands than 20; life expectancy cannot be calculated for these. These groups will contain NAs.",
            "some age bands have more deaths than population; outputs have been suppressed to NAs",
            "some groups have a total population of less than 5,000; outputs have been suppressed to NAs",
        ]
    );
}

fn invalid_arguments_are_errors_with_the_package_messages() {
    let input = read("test_vectors/life_expectancy_input.csv");
    let (d, p, s) = (column(&input, "deaths"), column(&input, "pops"), column(&input, "startage"));
    let call = |s: &[f64], options: &LifeExpectancyOptions| {
        life_expectancy(Field::new("deaths", &d), Field::new("pops", &p), Field::new("startage", s), None, options)
    };
    let mut opts = LifeExpectancyOptions::default();
    opts.age_contents.swap(0, 1);
    let err = call(&s, &opts).unwrap_err();
    assert!(matches!(err, Error::Argument { .. }));
    assert!(err.to_string().contains("first age band in age_contents must be 0"), "{err}");

    let mut opts = LifeExpectancyOptions::default();
    let moved: Vec<f64> = opts.age_contents.drain(3..5).collect();
    opts.age_contents.splice(5..5, moved);
    let err = call(&s, &opts).unwrap_err();
    assert!(
        err.to_string().contains(
            "age_contents doesn't appear to be in ascending order; the following age bands appear out of position: 20, 25, 10, 15"
        ),
        "{err}"
    );

    let mut shifted = s.clone();
    shifted[19] = 95.0;
    let err = call(&shifted, &LifeExpectancyOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Data { .. }));
    assert!(
        err.to_string()
            .contains("the contents in the startage field do not match the contents of the age_contents vector"),
        "{err}"
    );

    for levels in [&[0.8][..], &[40.0], &[135.0], &[0.95, 99.8]] {
        let err = Confidence::any(levels).unwrap_err();
        assert!(err.to_string().contains("all confidence levels must be between 90 and 100 or between 0.9 and 1"));
    }
    let defaults = LifeExpectancyOptions::default();
    let err = life_expectancy(
        Field::new("deaths", &d[..19]),
        Field::new("pops", &p),
        Field::new("startage", &s),
        None,
        &defaults,
    )
    .unwrap_err();
    assert_eq!(err.issues()[0].path, "deaths");
}

pub fn trials() -> Vec<Trial> {
    register! {
        needing super::FOLDER => two_levels_match_r_and_lowers_come_before_uppers, package_literals_agree_to_a_hundred_thousandth_of_a_year, any_confidence_levels_are_accepted, wide_intervals_suppress_values_and_bad_groups_come_last, invalid_single_areas_give_only_missing_values_and_a_warning, grouped_suppression_keeps_every_row_in_the_package_order, invalid_arguments_are_errors_with_the_package_messages;
        standalone => string_labels_map_to_start_ages;
    }
}
