//! Funnel plot limits, significance and rate points against PHEindicatormethods 2.1.0.

use ics_outcomes::Error;
use ics_outcomes::stats::{
    Field, FunnelLimitOptions, FunnelPointOptions, FunnelStatistic, OutputType, RateType, RatioType,
    SignificanceStatistic, Table, funnel_limits, funnel_points, funnel_significance,
};
use libtest_mimic::Trial;

use super::read;
use crate::rows::{Row, assert_column, column};
use crate::shared::register;

/// Against the installed package's output, written at full precision (the Poisson limits agree
/// to 1e-15; the proportion limits, whose formula cancels, to 1e-13).
const TIGHT: f64 = 1e-13;
/// Against the package's own CSVs, stored with 7 to 10 significant digits.
const STORED: f64 = 1e-6;

fn field<'a>(name: &'a str, values: &'a [f64]) -> Field<'a> {
    Field::new(name, values)
}

/// Every numeric column of `expected` (its header, less `skip`) matches, and the table has
/// exactly those columns plus the text ones, in the same order.
#[track_caller]
fn assert_table(table: &Table, expected: &[Row], header: &[&str], tolerance: f64, what: &str) {
    assert_eq!(table.names(), header, "{what}: columns");
    assert_eq!(table.rows, expected.len(), "{what}: rows");
    for name in header {
        match table.numbers(name) {
            Some(actual) => assert_column(actual, &column(expected, name), tolerance, &format!("{what} {name}")),
            None => {
                for (i, row) in expected.iter().enumerate() {
                    assert_eq!(table.text_at(name, i), Some(row.text(name)), "{what} {name}[{i}]");
                }
            }
        }
    }
}

fn header(relative: &str) -> Vec<String> {
    let path = super::dir().join(relative);
    let mut reader = csv::Reader::from_path(&path).expect("reference file");
    reader.headers().expect("header").iter().map(str::to_owned).collect()
}

fn limits(
    numerator: &[f64],
    denominator: Option<&[f64]>,
    rate: Option<&[f64]>,
    statistic: FunnelStatistic,
    multiplier: f64,
    output: OutputType,
) -> Result<Table, Error> {
    let options = FunnelLimitOptions { statistic, multiplier, output };
    funnel_limits(
        field("numerator", numerator),
        denominator.map(|d| field("denominator", d)),
        rate.map(|r| field("rate", r)),
        &options,
    )
}

fn levels(table: &Table) -> Vec<&str> {
    (0..table.rows).map(|i| table.text_at("significance", i).expect("a level")).collect()
}

fn texts<'a>(rows: &'a [Row], name: &str) -> Vec<&'a str> {
    rows.iter().map(|r| r.text(name)).collect()
}

fn proportion_limits_match_r() {
    let input = read("test_vectors/funnel_prop_inputs.csv");
    let (x, n) = (column(&input, "numerator"), column(&input, "denominator"));
    let table = limits(&x, Some(&n), None, FunnelStatistic::Proportion, 100.0, OutputType::Standard).expect("valid");
    for (file, tolerance) in
        [("r_generated/funnel_prop_limits.csv", TIGHT), ("test_vectors/funnel_prop_outputs.csv", STORED)]
    {
        let names = header(file);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_table(&table, &read(file), &names, tolerance, file);
    }

    // Denominators within a factor of two: the axis starts near the smallest one.
    let (x, n): (Vec<f64>, Vec<f64>) = x.iter().zip(&n).filter(|(_, n)| **n < 31000.0).map(|(x, n)| (*x, *n)).unzip();
    let table = limits(&x, Some(&n), None, FunnelStatistic::Proportion, 100.0, OutputType::Full).expect("valid");
    let file = "r_generated/funnel_prop_limits_axis_variation.csv";
    let names = header(file);
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    assert_table(&table, &read(file), &names, TIGHT, file);
    let file = "test_vectors/funnel_prop_outputs_axis_variation.csv";
    let stored = read(file);
    for name in header(file) {
        assert_column(table.numbers(&name).expect("numeric"), &column(&stored, &name), STORED, &name);
    }
}

fn proportion_significance_matches_r() {
    let input = read("test_vectors/funnel_prop_inputs.csv");
    let expected = read("r_generated/funnel_prop_significance.csv");
    let (x, n) = (column(&input, "numerator"), column(&input, "denominator"));
    let table = funnel_significance(
        field("numerator", &x),
        Some(field("denominator", &n)),
        None,
        &SignificanceStatistic::Proportion,
    )
    .expect("valid");
    assert_eq!(table.names(), ["significance"]);
    assert_eq!(levels(&table), texts(&expected, "significance"));
    assert_eq!(levels(&table), texts(&input, "significance"));
}

fn ratio_limits_match_r() {
    let input = read("test_vectors/funnel_ratio_inputs.csv");
    let (obs, expected) = (column(&input, "obs"), column(&input, "expected"));
    let stored = read("test_vectors/funnel_ratio_outputs.csv");
    for (ratio_type, suffix) in [(RatioType::Count, "count"), (RatioType::Isr, "isr")] {
        let table = limits(&obs, Some(&expected), None, FunnelStatistic::Ratio(ratio_type), 100.0, OutputType::Full)
            .expect("valid");
        let file = format!("r_generated/funnel_ratio_limits_{suffix}.csv");
        let names = header(&file);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_table(&table, &read(&file), &names, TIGHT, &file);
        // The package's CSV holds both types: `*_count` / `*_isr` limits, shared expected events.
        for name in names.iter().filter(|n| n.ends_with("limit") || n.ends_with("events")) {
            let stored_name = name.replace("limit", suffix);
            assert_column(table.numbers(name).expect(name), &column(&stored, &stored_name), STORED, &stored_name);
        }
    }
}

fn ratio_significance_matches_r() {
    let input = read("test_vectors/funnel_ratio_inputs.csv");
    let expected = read("r_generated/funnel_ratio_significance.csv");
    let (obs, e) = (column(&input, "obs"), column(&input, "expected"));
    let table =
        funnel_significance(field("obs", &obs), Some(field("expected", &e)), None, &SignificanceStatistic::Ratio)
            .expect("valid");
    assert_eq!(levels(&table), texts(&expected, "significance"));
    assert_eq!(levels(&table), texts(&input, "significance"));
    // A missing observed count has no significance; a missing expected one is not significant.
    let table = funnel_significance(
        field("obs", &[f64::NAN, 50.0]),
        Some(field("expected", &[5.0, f64::NAN])),
        None,
        &SignificanceStatistic::Ratio,
    )
    .expect("valid");
    assert_eq!(table.text_at("significance", 0), None);
    assert_eq!(table.text_at("significance", 1), Some("Not significant"));
}

/// The rate funnel input (`ev`, `rate`, `pop`) with the largest count replaced.
fn rate_input(largest: Option<f64>) -> (Vec<Row>, Vec<f64>, Vec<f64>) {
    let rows = read("test_vectors/funnel_rate_limits_input.csv");
    let mut ev = column(&rows, "ev");
    if let Some(value) = largest {
        let max = ev.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        ev.iter_mut().filter(|v| **v == max).for_each(|v| *v = value);
    }
    let rate = column(&rows, "rate");
    (rows, ev, rate)
}

fn rate_statistic(rate_type: RateType, years_of_data: f64) -> FunnelStatistic {
    FunnelStatistic::Rate { rate_type, years_of_data }
}

#[track_caller]
fn assert_rate_limits(table: &Table, case: &str) {
    for (file, tolerance) in [
        (format!("r_generated/funnel_rate_limits_{case}.csv"), TIGHT),
        (format!("test_vectors/funnel_rate_outputs_{case}.csv"), STORED),
    ] {
        let names = header(&file);
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        assert_table(table, &read(&file), &names, tolerance, &file);
    }
}

fn rate_limits_match_r() {
    let (_, ev, rate) = rate_input(None);
    let table =
        limits(&ev, None, Some(&rate), rate_statistic(RateType::Dsr, 3.0), 1e5, OutputType::Full).expect("valid");
    assert_rate_limits(&table, "dsr");

    let (_, ev, rate) = rate_input(Some(5.0));
    let table =
        limits(&ev, None, Some(&rate), rate_statistic(RateType::Crude, 3.0), 1e5, OutputType::Full).expect("valid");
    assert_rate_limits(&table, "crude_lt10");

    // Populations from the rates, then the largest count and its rate set to 0, keeping the
    // records with more than half the largest population.
    let (_, ev, rate) = rate_input(None);
    let pop: Vec<f64> = ev.iter().zip(&rate).map(|(e, r)| 1e5 * e / r).collect();
    let (max_ev, max_pop) = (ev.iter().copied().fold(0.0, f64::max), pop.iter().copied().fold(0.0, f64::max));
    let kept: Vec<(f64, f64, f64)> = (0..ev.len())
        .map(|i| if ev[i] == max_ev { (0.0, 0.0, pop[i]) } else { (ev[i], rate[i], pop[i]) })
        .filter(|&(_, _, p)| p > max_pop / 2.0)
        .collect();
    let ev: Vec<f64> = kept.iter().map(|k| k.0).collect();
    let rate: Vec<f64> = kept.iter().map(|k| k.1).collect();
    let pop: Vec<f64> = kept.iter().map(|k| k.2).collect();
    assert!(ev.contains(&0.0));
    let table = limits(&ev, Some(&pop), Some(&rate), rate_statistic(RateType::Crude, 3.0), 1e5, OutputType::Full)
        .expect("valid");
    assert_rate_limits(&table, "crude_zero_with_denom");
}

fn rate_significance_matches_r() {
    let expected = read("r_generated/funnel_rate_significance.csv");
    let stored = read("test_vectors/funnel_rate_significance_inputs.csv");
    let mut cases: Vec<&str> = texts(&expected, "case");
    cases.dedup();
    assert_eq!(cases.len(), 8);
    for case in cases {
        let rows: Vec<Row> = expected.iter().filter(|r| r.text("case") == case).cloned().collect();
        let rate_type: RateType = rows[0].text("rate_type").parse().expect("rate type");
        let multiplier = rows[0].num("multiplier");
        let (count, rate, pop) = (column(&rows, "count"), column(&rows, "rate"), column(&rows, "pop"));
        let statistic = SignificanceStatistic::Rate { rate_type, multiplier };
        let table = funnel_significance(
            field("count", &count),
            Some(field("pop", &pop)),
            Some(field("rate", &rate)),
            &statistic,
        )
        .expect("valid");
        assert_eq!(table.column("significance").map(|c| c.role), Some(ics_outcomes::stats::Role::Value));
        assert_eq!(levels(&table), texts(&rows, "significance"), "{case}");
        // The package's own expectations: cases "without_0" leave out the record with no events.
        let stored_rows: Vec<&Row> =
            stored.iter().filter(|r| !case.ends_with("without_0") || r.num("count") != 0.0).collect();
        let stored_levels: Vec<&str> = stored_rows.iter().map(|r| r.text(case)).collect();
        assert_eq!(levels(&table), stored_levels, "{case} (package CSV)");
    }
}

fn rate_points_match_r() {
    let expected = read("r_generated/funnel_points.csv");
    let cases = [
        ("dsr, years=3, max ev set to 5", RateType::Dsr, 3.0, false, ""),
        ("crude, years=3", RateType::Crude, 3.0, false, "_crude"),
        ("crude with denominator, years=5, max ev set to 0", RateType::Crude, 5.0, true, "_crude_with_denom"),
    ];
    let (stored, ..) = rate_input(None);
    for (case, rate_type, years_of_data, with_denominator, suffix) in cases {
        let rows: Vec<Row> = expected.iter().filter(|r| r.text("case") == case).cloned().collect();
        assert_eq!(rows.len(), 50, "{case}");
        let (ev, rate, pop) = (column(&rows, "ev"), column(&rows, "rate"), column(&rows, "pop"));
        let options = FunnelPointOptions { rate_type, years_of_data, multiplier: 1e5 };
        let denominator = with_denominator.then(|| field("pop", &pop));
        let table = funnel_points(field("ev", &ev), denominator, field("rate", &rate), &options).expect("valid");
        assert_eq!(table.names(), ["rate_chart", "denominator_derived"]);
        for name in ["rate_chart", "denominator_derived"] {
            let actual = table.numbers(name).expect(name);
            assert_column(actual, &column(&rows, name), TIGHT, &format!("{case} {name}"));
            assert_column(
                actual,
                &column(&stored, &format!("{name}{suffix}")),
                STORED,
                &format!("{case} {name} (CSV)"),
            );
        }
    }
}

#[track_caller]
fn assert_message(result: Result<Table, Error>, message: &str) {
    let err = result.expect_err(message);
    assert!(err.to_string().contains(message), "expected {message:?} in {err}");
}

fn limits_refuse_what_the_package_refuses() {
    let (x, n) = ([10.0, 20.0, f64::NAN], [100.0, 100.0, 100.0]);
    let proportion = FunnelStatistic::Proportion;
    assert_message(
        limits(&x, Some(&n), None, proportion, 100.0, OutputType::Full),
        "for proportions, numerators and denominators must be provided for all records, even when their values are zero",
    );
    let err = limits(&x[..2], None, None, proportion, 100.0, OutputType::Full).unwrap_err();
    assert!(matches!(err, Error::Argument { .. }));
    assert!(
        err.to_string()
            .contains("the following arguments are required for proportions: data, numerator, denominator, multiplier")
    );
    assert_message(
        limits(&x[..2], None, None, FunnelStatistic::Ratio(RatioType::Count), 100.0, OutputType::Full),
        "the following arguments are required for ratios: data, numerator, denominator, ratio_type, multiplier",
    );
    let dsr = rate_statistic(RateType::Dsr, 1.0);
    assert_message(
        limits(&x[..2], Some(&n[..2]), None, dsr, 1e5, OutputType::Full),
        "the following arguments are required for rates: data, numerator, rate, rate_type, multiplier, years_of_data",
    );
    assert_message(
        limits(&x, None, Some(&[50.0, 25.0, 10.0]), dsr, 1e5, OutputType::Full),
        "for rates, numerators must be provided for all records, even when their values are zero",
    );
    let rates_missing =
        "for rates, rates must be provided for all records, or a denominator must be provided if the rate is zero";
    assert_message(limits(&[10.0, 0.0], None, Some(&[50.0, f64::NAN]), dsr, 1e5, OutputType::Full), rates_missing);
    assert_message(
        limits(&[10.0, 0.0], Some(&[100.0, f64::NAN]), Some(&[50.0, f64::NAN]), dsr, 1e5, OutputType::Full),
        rates_missing,
    );
    assert_message(
        limits(&[100.0, 100.0, 0.0], None, Some(&[50.0, 25.0, 0.0]), dsr, 100.0, OutputType::Full),
        "for rates, where there are 0 events for a record, the denominator field needs to be provided using the denominator argument",
    );
    let err =
        limits(&[10.0, 0.0], Some(&[100.0, 0.0]), Some(&[50.0, f64::NAN]), dsr, 1e5, OutputType::Full).unwrap_err();
    assert_eq!(err.issues()[0].path, "numerator[1]");
    assert!(
        err.to_string().contains("for rates, where there are 0 events for a record, the denominator must be provided")
    );
    // Directly standardised rates without events have no population to draw from.
    assert_message(
        limits(&[0.0], Some(&[100.0]), Some(&[0.0]), dsr, 1e5, OutputType::Full),
        "at least one record with a denominator is needed to draw funnel limits",
    );
    assert_message(
        limits(&x[..2], Some(&n[..2]), None, proportion, 100.0, OutputType::Value),
        "'arg' should be one of “full”, “standard”",
    );
    assert_message(
        limits(&x[..2], None, Some(&n[..2]), rate_statistic(RateType::Crude, 0.0), 1e5, OutputType::Full),
        "years_of_data",
    );
    assert_message(
        limits(&x[..2], Some(&n[..1]), None, proportion, 100.0, OutputType::Full),
        "has 1 values where 2 rows",
    );
}

fn significance_refuses_what_the_package_refuses() {
    let proportion = SignificanceStatistic::Proportion;
    let sig = |x: &[f64], n: Option<&[f64]>, rate: Option<&[f64]>, statistic: &SignificanceStatistic| {
        funnel_significance(field("obs", x), n.map(|n| field("pop", n)), rate.map(|r| field("rate", r)), statistic)
    };
    assert_message(
        sig(&[65.0, 80.0, 30.0], Some(&[100.0, 100.0, 0.0]), None, &proportion),
        "denominators must be greater than zero",
    );
    assert_message(
        sig(&[65.0, -80.0, 30.0], Some(&[100.0, 100.0, 200.0]), None, &proportion),
        "numerators must be greater than or equal to zero",
    );
    assert_message(
        sig(&[65.0, 80.0, 30.0], Some(&[100.0, 100.0, 20.0]), None, &proportion),
        "numerators must be less than or equal to denominator for a proportion statistic",
    );
    assert_message(
        sig(&[65.0, 80.0, 30.0], None, None, &SignificanceStatistic::Ratio),
        "the following arguments are required for ratios and proportions: data, numerator, denominator",
    );
    assert_message(
        sig(&[65.0, f64::NAN], Some(&[100.0, 100.0]), None, &proportion),
        "for proportions, numerators and denominators must be provided for all records, even when their values are zero",
    );
    let crude = SignificanceStatistic::Rate { rate_type: RateType::Crude, multiplier: 100.0 };
    assert_message(
        sig(&[100.0, 20.0], None, None, &crude),
        "the following arguments are required for rates: data, numerator, rate, rate_type, multiplier",
    );
    assert_message(
        sig(&[0.0, 100.0, 20.0], None, Some(&[0.0, 142.0, 111.0]), &crude),
        "for rates, where there are 0 events for a record, the denominator field needs to be provided using the denominator argument",
    );
    assert_message(
        sig(&[0.0, 100.0], Some(&[0.0, 100.0]), Some(&[f64::NAN, 142.0]), &crude),
        "for rates, where there are 0 events for a record, the denominator must be provided",
    );
    assert_message(
        sig(&[0.0, 100.0], None, Some(&[f64::NAN, 142.0]), &crude),
        "for rates, rates must be provided for all records, or a denominator must be provided if the rate is zero",
    );
    assert_message(
        sig(&[f64::NAN, 100.0], None, Some(&[5.0, 142.0]), &crude),
        "for rates, numerators must be provided for all records, even when their values are zero",
    );
}

fn points_refuse_zero_events_without_a_denominator() {
    let options = FunnelPointOptions { rate_type: RateType::Dsr, years_of_data: 3.0, multiplier: 1e5 };
    let (ev, rate) = ([0.0, 100.0], [f64::NAN, 50.0]);
    assert_message(
        funnel_points(field("ev", &ev), None, field("rate", &rate), &options),
        "for rates, where there are 0 events for a record, the denominator field needs to be provided using the denominator argument",
    );
    assert_message(
        funnel_points(field("ev", &ev), Some(field("pop", &[f64::NAN, 10.0])), field("rate", &rate), &options),
        "for rates, where there are 0 events for a record, the denominator must be provided",
    );
}

fn string_arguments_parse_with_the_package_messages() {
    let statistic = |s, ratio, rate, years| FunnelStatistic::from_args(s, ratio, rate, years).map(|_| Table::default());
    assert_message(statistic(None, None, None, None), "statistic must be provided as proportion, rate or ratio");
    assert_message(statistic(Some("pop"), None, None, None), "'arg' should be one of “proportion”, “ratio”, “rate”");
    assert_message(
        statistic(Some("ratio"), None, None, None),
        "the following arguments are required for ratios: data, numerator, denominator, ratio_type, multiplier",
    );
    assert_message(
        statistic(Some("rate"), None, Some("dsr"), None),
        "the following arguments are required for rates: data, numerator, rate, rate_type, multiplier, years_of_data",
    );
    assert_message(statistic(Some("ratio"), Some("smr"), None, None), "'arg' should be one of “count”, “isr”");
    assert_message(statistic(Some("rate"), None, Some("age"), Some(1.0)), "'arg' should be one of “dsr”, “crude”");
    assert_eq!(
        FunnelStatistic::from_args(Some("ratio"), Some("isr"), None, None).expect("isr"),
        FunnelStatistic::Ratio(RatioType::Isr)
    );
    let significance = |s, rate, m| SignificanceStatistic::from_args(s, rate, m).map(|_| Table::default());
    assert_message(
        significance(None, Some("dsr"), Some(100.0)),
        "statistic must be provided as proportion, rate or ratio",
    );
    assert_message(
        significance(Some("rate"), Some("dsr"), None),
        "the following arguments are required for rates: data, numerator, rate, rate_type, multiplier",
    );
    assert_eq!(
        SignificanceStatistic::from_args(Some("ratio"), None, None).expect("ratio"),
        SignificanceStatistic::Ratio
    );
}

pub fn trials() -> Vec<Trial> {
    register! {
        needing super::FOLDER => proportion_limits_match_r, proportion_significance_matches_r, ratio_limits_match_r, ratio_significance_matches_r, rate_limits_match_r, rate_significance_matches_r, rate_points_match_r;
        standalone => limits_refuse_what_the_package_refuses, significance_refuses_what_the_package_refuses, points_refuse_zero_events_without_a_denominator, string_arguments_parse_with_the_package_messages;
    }
}
