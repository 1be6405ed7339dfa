//! Slope and relative index of inequality (`phe_sii`) against the package's test sheet and
//! R's output. Point estimates are deterministic; limits are Monte Carlo from a different
//! random stream, so they are compared at the package's own 5% tolerance.

use std::ops::RangeInclusive;

use ics_outcomes::Error;
use ics_outcomes::stats::{Confidence, Field, Groups, Role, Sii, SiiFields, SiiOptions, ValueType, sii};
use libtest_mimic::Trial;

use super::read;
use crate::rows::{Row, assert_close, column};
use crate::shared::register;

const TIGHT: f64 = 1e-9;
const MONTE_CARLO: f64 = 0.05;
/// As the package's tests.
const REPS: usize = 10_000;

fn sheet() -> Vec<Row> {
    read("test_vectors/sii_testdata.csv")
}

fn block(data: &[Row], records: RangeInclusive<usize>) -> Vec<Row> {
    data.iter().filter(|r| records.contains(&(r.num("RecordNo") as usize))).cloned().collect()
}

/// Which input columns a call uses.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Inputs {
    /// `value` and `se`.
    Se,
    /// `value` and the 95% limits.
    Limits,
    /// `x = Count` (proportions) and `se`.
    CountSe,
}

fn options(value_type: i64, levels: &[f64]) -> SiiOptions {
    SiiOptions {
        value_type: ValueType::from_code(value_type).expect("0, 1 or 2"),
        repetitions: REPS,
        confidence: Confidence::any(levels).expect("levels"),
        rii: true,
        seed: 20_250_101,
        ..SiiOptions::default()
    }
}

fn run(rows: &[Row], inputs: Inputs, grouped: bool, options: &SiiOptions) -> Result<Sii, Error> {
    let (quantile, population) = (column(rows, "Quantile"), column(rows, "Population"));
    let (value, count) = (column(rows, "Value"), column(rows, "Count"));
    let (lower, upper, se) = (column(rows, "LowerCL"), column(rows, "UpperCL"), column(rows, "StandardError"));
    let fields = SiiFields {
        value: (inputs != Inputs::CountSe).then(|| Field::new("Value", &value)),
        x: (inputs == Inputs::CountSe).then(|| Field::new("Count", &count)),
        se: (inputs != Inputs::Limits).then(|| Field::new("StandardError", &se)),
        lower_cl: (inputs == Inputs::Limits).then(|| Field::new("LowerCL", &lower)),
        upper_cl: (inputs == Inputs::Limits).then(|| Field::new("UpperCL", &upper)),
        ..SiiFields::new(Field::new("Quantile", &quantile), Field::new("Population", &population))
    };
    let keys: Vec<(String, String, String)> = rows
        .iter()
        .map(|r| (r.text("Area").to_owned(), r.text("Grouping1").to_owned(), r.text("Grouping2").to_owned()))
        .collect();
    let (groups, _) = Groups::from_keys(&keys);
    sii(&fields, grouped.then_some(&groups), options)
}

fn numbers<'a>(result: &'a Sii, name: &str) -> &'a [f64] {
    result.table.numbers(name).unwrap_or_else(|| panic!("no column {name} in {:?}", result.table.names()))
}

/// The limit columns of a result, by role.
fn limit_names(result: &Sii) -> Vec<String> {
    result
        .table
        .columns
        .iter()
        .filter(|c| matches!(c.role, Role::Lower | Role::Upper))
        .map(|c| c.name.clone())
        .collect()
}

fn every_block_r_ran_matches_it() {
    let data = sheet();
    let expected = read("r_generated/sii.csv");
    assert_eq!(expected.len(), 40);
    for pair in expected.chunks(2) {
        let row = &pair[0];
        let what =
            format!("rows {} vt {} transform {}", row.text("test_rows"), row.text("value_type"), row.text("transform"));
        let (first, last) = row.text("test_rows").split_once('-').expect("a-b");
        let rows = block(&data, first.parse().expect("a")..=last.parse().expect("b"));
        let levels: Vec<f64> = row.text("confidence").split('/').map(|c| c.parse().expect("level")).collect();
        let opts = SiiOptions {
            transform: row.text("transform") == "TRUE",
            multiplier: row.num("multiplier"),
            intercept: !row.text("intercept").is_empty(),
            ..options(row.num("value_type") as i64, &levels)
        };
        let inputs = if row.text("se_supplied") == "TRUE" { Inputs::Se } else { Inputs::Limits };
        let result = run(&rows, inputs, true, &opts).unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(result.groups, [0, 1], "{what}");
        assert!(result.table.warnings.is_empty(), "{what}: {:?}", result.table.warnings);
        let mut compared = vec!["sii", "rii"];
        if opts.intercept {
            compared.push("intercept");
        }
        for name in compared {
            for (i, expected) in pair.iter().enumerate() {
                assert_close(numbers(&result, name)[i], expected.num(name), TIGHT, &format!("{what} {name}[{i}]"));
            }
        }
        let limits = limit_names(&result);
        assert_eq!(limits.len(), 4 * levels.len(), "{what}");
        for name in &limits {
            assert_eq!(name.ends_with("cl"), !opts.transform, "{what}: {name}");
            for (i, expected) in pair.iter().enumerate() {
                assert_close(
                    numbers(&result, name)[i],
                    expected.num(name),
                    MONTE_CARLO,
                    &format!("{what} {name}[{i}]"),
                );
            }
        }
    }
}

/// Compares with the package's sheet: `sii`, `rii`, `Intercept` on the first row of each area
/// and the limits of level `i` in `*_lowercl_<i>`.
fn assert_sheet(result: &Sii, expected: &[Row], what: &str) {
    for (i, row) in expected.iter().enumerate() {
        assert_close(numbers(result, "sii")[i], row.num("sii"), TIGHT, &format!("{what} sii[{i}]"));
        if let Some(rii) = result.table.numbers("rii") {
            assert_close(rii[i], row.num("rii"), TIGHT, &format!("{what} rii[{i}]"));
        }
        if let Some(intercept) = result.table.numbers("intercept") {
            assert_close(intercept[i], row.num("Intercept"), TIGHT, &format!("{what} intercept[{i}]"));
        }
    }
    // Within each index and side the limit columns are in level order.
    for prefix in ["sii_lower", "sii_upper", "rii_lower", "rii_upper"] {
        let ours: Vec<String> = limit_names(result).into_iter().filter(|n| n.starts_with(prefix)).collect();
        for (level, name) in ours.iter().enumerate() {
            let theirs = format!("{prefix}cl_{}", level + 1);
            for (i, row) in expected.iter().enumerate() {
                assert_close(numbers(result, name)[i], row.num(&theirs), MONTE_CARLO, &format!("{what} {name}[{i}]"));
            }
        }
    }
}

fn the_package_sheet_matches_for_the_other_calls() {
    let data = sheet();
    let first_rows =
        |a: usize, b: usize| block(&data, a..=a).into_iter().chain(block(&data, b..=b)).collect::<Vec<_>>();
    // Value type 0 with limits instead of standard errors, and ungrouped.
    let result = run(&block(&data, 1..=20), Inputs::Limits, true, &options(0, &[0.95])).expect("valid");
    assert_sheet(&result, &first_rows(1, 11), "normal, limits");
    let result = run(&block(&data, 1..=10), Inputs::Limits, false, &options(0, &[0.95])).expect("valid");
    assert_eq!(result.groups, [0]);
    assert_sheet(&result, &block(&data, 1..=1), "ungrouped");
    // 99% given as a percentage.
    let result = run(&block(&data, 21..=40), Inputs::Se, true, &options(0, &[99.0])).expect("valid");
    assert_eq!(limit_names(&result)[0], "sii_lower99_0cl");
    assert_sheet(&result, &first_rows(21, 31), "99%");
    // Quintiles: only the SII is in the sheet.
    let result = run(&block(&data, 61..=70), Inputs::Se, true, &options(0, &[0.95])).expect("valid");
    for (i, row) in first_rows(61, 66).iter().enumerate() {
        assert_close(numbers(&result, "sii")[i], row.num("sii"), TIGHT, "quintiles");
    }
    // Rates and proportions from their limits, proportions from counts.
    let result = run(&block(&data, 71..=90), Inputs::Limits, true, &options(1, &[0.95])).expect("valid");
    assert_sheet(&result, &first_rows(71, 81), "rate, limits");
    let result = run(&block(&data, 91..=110), Inputs::Limits, true, &options(2, &[0.95])).expect("valid");
    assert_sheet(&result, &first_rows(91, 101), "proportion, limits");
    let result = run(&block(&data, 91..=110), Inputs::CountSe, true, &options(2, &[0.95])).expect("valid");
    assert_sheet(&result, &first_rows(91, 101), "proportion from counts");
    // Multipliers of 100 and -100, without the RII.
    for (range, multiplier, heads) in [(111..=130, 100.0, (111, 121)), (131..=150, -100.0, (131, 141))] {
        let opts = SiiOptions { multiplier, rii: false, ..options(2, &[0.95]) };
        let result = run(&block(&data, range), Inputs::Limits, true, &opts).expect("valid");
        assert_eq!(limit_names(&result), ["sii_lower95_0cl", "sii_upper95_0cl"]);
        assert_sheet(&result, &first_rows(heads.0, heads.1), &format!("multiplier {multiplier}"));
    }
    // Transformed, without the RII.
    for (range, value_type, heads) in [(426..=445, 1, (426, 436)), (446..=465, 2, (446, 456))] {
        let opts = SiiOptions { transform: true, rii: false, ..options(value_type, &[0.95]) };
        let result = run(&block(&data, range), Inputs::Limits, true, &opts).expect("valid");
        assert_eq!(
            result.table.names(),
            [
                "sii",
                "sii_lower95_0",
                "sii_upper95_0",
                "indicator_type",
                "multiplier",
                "transform",
                "CI_confidence",
                "CI_method"
            ]
        );
        assert_sheet(&result, &first_rows(heads.0, heads.1), "transform without rii");
    }
}

fn several_levels_and_metadata_follow_the_package() {
    let data = sheet();
    // Without transform: every SII level, then every RII level.
    let result = run(&block(&data, 226..=245), Inputs::Se, true, &options(0, &[95.0, 99.0])).expect("valid");
    assert_eq!(
        result.table.names(),
        [
            "sii",
            "rii",
            "sii_lower95_0cl",
            "sii_upper95_0cl",
            "sii_lower99_0cl",
            "sii_upper99_0cl",
            "rii_lower95_0cl",
            "rii_upper95_0cl",
            "rii_lower99_0cl",
            "rii_upper99_0cl",
            "indicator_type",
            "multiplier",
            "transform",
            "CI_confidence",
            "CI_method"
        ]
    );
    assert_eq!(result.table.text_at("indicator_type", 0), Some("normal"));
    assert_eq!(result.table.text_at("transform", 1), Some("none"));
    assert_eq!(result.table.text_at("CI_confidence", 0), Some("95%, 99%"));
    assert_eq!(result.table.text_at("CI_method", 0), Some("simulation 10000 reps"));
    assert_eq!(result.table.numbers("multiplier"), Some(&[1.0, 1.0][..]));
    // With transform: per level SII then RII, no `cl` suffix, intercept last.
    let opts = SiiOptions { transform: true, intercept: true, ..options(1, &[95.0, 98.0]) };
    let result = run(&block(&data, 366..=385), Inputs::Limits, true, &opts).expect("valid");
    assert_eq!(
        &result.table.names()[..11],
        [
            "sii",
            "rii",
            "sii_lower95_0",
            "sii_upper95_0",
            "rii_lower95_0",
            "rii_upper95_0",
            "sii_lower98_0",
            "sii_upper98_0",
            "rii_lower98_0",
            "rii_upper98_0",
            "intercept"
        ]
    );
    assert_eq!(result.table.text_at("transform", 0), Some("log"));
    let opts = SiiOptions { repetitions: 100_000, ..options(2, &[0.95]) };
    let result = run(&block(&data, 91..=110), Inputs::Se, true, &opts).expect("valid");
    assert_eq!(result.table.text_at("CI_method", 0), Some("simulation 1e+05 reps"));
    assert_eq!(result.table.text_at("indicator_type", 0), Some("proportion"));
}

fn the_seed_fixes_the_limits() {
    let data = sheet();
    let rows = block(&data, 1..=20);
    let opts = SiiOptions { repetitions: 1000, ..options(0, &[0.95]) };
    let a = run(&rows, Inputs::Se, true, &opts).expect("valid");
    let b = run(&rows, Inputs::Se, true, &opts).expect("valid");
    assert_eq!(a, b);
    let c = run(&rows, Inputs::Se, true, &SiiOptions { seed: 7, ..opts }).expect("valid");
    assert_eq!(numbers(&a, "sii"), numbers(&c, "sii"));
    assert_ne!(numbers(&a, "sii_lower95_0cl"), numbers(&c, "sii_lower95_0cl"));
}

fn reliability_statistics_add_one_column_per_index_and_level() {
    let data = sheet();
    let rows = block(&data, 1..=20);
    let base = SiiOptions { repetitions: 1000, reliability_stat: true, rii: false, ..options(0, &[0.95]) };
    let result = run(&rows, Inputs::Limits, true, &base).expect("valid");
    assert_eq!(result.table.clone().select(ics_outcomes::stats::OutputType::Standard).columns.len() + 3, 7);
    assert_eq!(result.table.columns.len() + 3, 12);
    let with_rii =
        run(&rows, Inputs::Limits, true, &SiiOptions { rii: true, multiplier: -1.0, ..base }).expect("valid");
    assert_eq!(with_rii.table.clone().select(ics_outcomes::stats::OutputType::Standard).columns.len() + 3, 11);
    for name in ["sii_mad95_0", "rii_mad95_0"] {
        let mad = numbers(&with_rii, name);
        let width = numbers(&with_rii, &format!("{}_upper95_0cl", &name[..3]))[0]
            - numbers(&with_rii, &format!("{}_lower95_0cl", &name[..3]))[0];
        // Batches of 1,000 vary, but by much less than the interval is wide.
        assert!(mad[0] > 0.0 && mad[0] < width.abs() / 4.0, "{name}: {mad:?} vs width {width}");
    }
}

fn invalid_data_is_refused_with_the_package_messages() {
    let data = sheet();
    let cases: [(RangeInclusive<usize>, i64, Inputs, &str); 9] = [
        (151..=160, 0, Inputs::Se, "some groups have a zero, negative or missing population"),
        (161..=165, 0, Inputs::Se, "negative or missing standard errors in input dataset"),
        (191..=200, 0, Inputs::Se, "negative or missing standard errors in input dataset"),
        (166..=170, 2, Inputs::CountSe, "some groups have a zero or negative count x"),
        (1..=20, 2, Inputs::Se, "value proportions are not all between 0 and 1"),
        (171..=175, 2, Inputs::Limits, "confidence limit proportions are not all between 0 and 1"),
        (176..=180, 2, Inputs::Limits, "confidence limit proportions are not all between 0 and 1"),
        (1..=3, 0, Inputs::Limits, "Number of quantiles must be between 5 and 100"),
        (191..=200, 0, Inputs::Limits, "missing lower or upper confidence limits in input dataset"),
    ];
    for (records, value_type, inputs, message) in cases {
        let err = run(&block(&data, records.clone()), inputs, true, &options(value_type, &[0.95])).unwrap_err();
        assert!(matches!(err, Error::Data { .. }), "{records:?}: {err}");
        assert!(err.to_string().contains(message), "{records:?}: {err}");
    }
    // The offending row is named.
    let err = run(&block(&data, 151..=160), Inputs::Se, true, &options(0, &[0.95])).unwrap_err();
    assert_eq!(err.issues()[0].path, "Population[1]");
}

fn incomplete_groups_and_many_quantiles_give_warnings() {
    let data = sheet();
    let mut rows = block(&data, 1..=20);
    rows.remove(15);
    let result = run(&rows, Inputs::Limits, true, &options(0, &[0.95])).expect("valid");
    assert_eq!(result.groups, [0]);
    assert_eq!(result.table.rows, 1);
    assert_eq!(result.table.warnings, ["WARNING: some records have been removed due to incomplete or invalid data"]);
    let result = run(&block(&data, 211..=225), Inputs::Limits, true, &options(0, &[0.95])).expect("valid");
    assert_eq!(
        result.table.warnings,
        ["WARNING: Small values can make SII unstable when using a large number of quantiles"]
    );
    assert!(numbers(&result, "sii")[0].is_finite());
}

fn invalid_arguments_are_refused_with_the_package_messages() {
    let data = sheet();
    let rows = block(&data, 1..=20);
    let (q, p, v, s, l) = (
        column(&rows, "Quantile"),
        column(&rows, "Population"),
        column(&rows, "Value"),
        column(&rows, "StandardError"),
        column(&rows, "LowerCL"),
    );
    let bare = SiiFields::new(Field::new("Quantile", &q), Field::new("Population", &p));
    let argument = |fields: &SiiFields<'_>, options: &SiiOptions, message: &str| {
        let err = sii(fields, None, options).unwrap_err();
        assert!(matches!(err, Error::Argument { .. }), "{err}");
        assert!(err.to_string().contains(message), "{err}");
    };
    let opts = options(0, &[0.95]);
    let with_se = SiiFields { se: Some(Field::new("StandardError", &s)), ..bare };
    argument(
        &with_se,
        &opts,
        "function phe_sii requires value field, or x field if indicator is a proportion of population",
    );
    let lower_only =
        SiiFields { value: Some(Field::new("Value", &v)), lower_cl: Some(Field::new("LowerCL", &l)), ..bare };
    argument(&lower_only, &opts, "function phe_sii requires either lower_cl and upper_cl fields, or se field");
    let valid = SiiFields { value: Some(Field::new("Value", &v)), ..with_se };
    argument(
        &valid,
        &SiiOptions { repetitions: 0, ..opts.clone() },
        "number of repetitions must be 1000 or greater. Default is 100,000",
    );
    argument(
        &valid,
        &SiiOptions { multiplier: f64::NAN, ..opts.clone() },
        "multiplier, repetitions and confidence inputs should be numeric",
    );
    argument(
        &valid,
        &SiiOptions { transform: true, ..opts.clone() },
        "value_type should be 1 or 2 when transform is true",
    );
    argument(
        &valid,
        &SiiOptions { transform: true, value_type: ValueType::Rate, ..opts.clone() },
        "function phe_sii requires se to be missing when transform is true",
    );
    assert!(ValueType::from_code(3).unwrap_err().to_string().contains("value_type should be 0, 1 or 2"));
    for level in [0.35, 40.0, 135.0] {
        let err = Confidence::any(&[level]).unwrap_err();
        assert!(err.to_string().contains("all confidence levels must be between 90 and 100 or between 0.9 and 1"));
    }
}

pub fn trials() -> Vec<Trial> {
    register! {
        needing super::FOLDER => every_block_r_ran_matches_it, the_package_sheet_matches_for_the_other_calls, several_levels_and_metadata_follow_the_package, the_seed_fixes_the_limits, reliability_statistics_add_one_column_per_index_and_level, invalid_data_is_refused_with_the_package_messages, incomplete_groups_and_many_quantiles_give_warnings, invalid_arguments_are_refused_with_the_package_messages;
    }
}
