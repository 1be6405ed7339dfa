//! Composite indicators against COINr 1.1.14's example (the ASEM data) and its stored
//! uncertainty and sensitivity results, in `reference/coinr` of the shared folder; the
//! README there says what each file holds.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ics_outcomes::Error;
use ics_outcomes::composite::{
    Aggregation, Aggregator, Choice, Data, Imputation, Meta, MetaRow, NodeType, Normalisation, Normaliser, Pipeline,
    PointTreatment, SensitivityOptions, Treatment, TreatmentKind, UncertainInput, UncertaintyOptions, aggregate,
    denominate, impute, normalise, rank, rank_statistics, sensitivity, sobol_indices, treat, uncertainty,
};
use libtest_mimic::Trial;
use rust_decimal::Decimal;

use crate::shared::register;

const FOLDER: &str = "reference/coinr";

fn dir() -> PathBuf {
    crate::shared::path(FOLDER)
}

fn d(s: &str) -> Decimal {
    s.parse().expect("test decimal")
}

/// A CSV file as its header and rows of text.
struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn read(relative: &str) -> Table {
        let path = dir().join(relative);
        let mut reader =
            csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let header = reader.headers().expect("header").iter().map(str::to_owned).collect();
        let rows = reader.records().map(|r| r.expect("record").iter().map(str::to_owned).collect()).collect();
        Table { header, rows }
    }

    fn position(&self, column: &str) -> usize {
        self.header.iter().position(|h| h == column).unwrap_or_else(|| panic!("no column {column}"))
    }

    fn text(&self, column: &str) -> Vec<String> {
        let j = self.position(column);
        self.rows.iter().map(|r| r[j].clone()).collect()
    }

    fn numbers(&self, column: &str) -> Vec<f64> {
        self.text(column).iter().map(|t| if t.is_empty() { f64::NAN } else { t.parse().expect("number") }).collect()
    }

    /// Every column but `uCode` (and `skip`), as data.
    fn data(&self, skip: &[&str]) -> Data {
        let columns = self
            .header
            .iter()
            .filter(|h| *h != "uCode" && !skip.contains(&h.as_str()))
            .map(|h| (h.clone(), self.numbers(h)))
            .collect();
        Data::new(self.text("uCode"), columns, "expected").expect("valid data")
    }
}

fn asem_meta() -> Meta {
    let table = Table::read("ASEM_iMeta.csv");
    let text = |row: &Vec<String>, column: &str| {
        let value = row[table.position(column)].clone();
        (!value.is_empty()).then_some(value)
    };
    let rows = table
        .rows
        .iter()
        .map(|row| MetaRow {
            level: text(row, "Level").map(|l| l.parse().expect("level")),
            code: text(row, "iCode").expect("iCode"),
            parent: text(row, "Parent"),
            direction: text(row, "Direction").map(|v| v.parse().expect("direction")),
            weight: text(row, "Weight").map(|v| d(&v)),
            kind: match text(row, "Type").as_deref() {
                Some("Indicator") => NodeType::Indicator,
                Some("Aggregate") => NodeType::Aggregate,
                Some("Group") => NodeType::Group,
                Some("Denominator") => NodeType::Denominator,
                other => panic!("type {other:?}"),
            },
            target: text(row, "Target").map(|v| v.parse().expect("target")),
            denominator: text(row, "Denominator"),
        })
        .collect();
    Meta::new(rows, "ASEM_iMeta.csv").expect("the ASEM metadata is valid")
}

fn asem_data() -> (Data, Vec<Option<String>>) {
    let table = Table::read("ASEM_iData.csv");
    let groups = table.text("EurAsia_group").into_iter().map(|g| (!g.is_empty()).then_some(g)).collect();
    let text = ["uName", "GDP_group", "GDPpc_group", "Pop_group", "EurAsia_group", "Time"];
    (table.data(&text), groups)
}

/// Asserts every column of `expected` matches `actual` to 1e-9 (relative above 1), unit by
/// unit.
#[track_caller]
fn assert_matches(actual: &Data, expected: &Table, what: &str) {
    let expected_units = expected.text("uCode");
    let (mut ours, mut theirs) = (actual.units().to_vec(), expected_units.clone());
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs, "{what}: units");
    for column in expected.header.iter().filter(|h| *h != "uCode" && *h != "Rank") {
        let got = actual.column(column).unwrap_or_else(|| panic!("{what}: no column {column}"));
        for (unit, e) in expected_units.iter().zip(expected.numbers(column)) {
            let a = got[actual.units().iter().position(|u| u == unit).expect("unit")];
            let ok = (a.is_nan() && e.is_nan()) || (a - e).abs() <= 1e-9 * e.abs().max(1.0);
            assert!(ok, "{what}: {column}[{unit}] = {a}, expected {e}");
        }
    }
}

/// A column of `data` in the order of `units`.
fn by_unit(data: &Data, code: &str, units: &[String]) -> Vec<f64> {
    let column = data.column(code).expect("column");
    units.iter().map(|u| column[data.units().iter().position(|x| x == u).expect("unit")]).collect()
}

fn example_pipeline() -> Pipeline {
    let (_, groups) = asem_data();
    Pipeline {
        imputation: Some(Imputation::GroupMean { groups }),
        treatment: Some(Treatment::default()),
        normalisation: Normaliser::MinMax { low: 0.0, high: 100.0 }.into(),
        aggregation: Aggregation::default(),
    }
}

fn two_dp(x: f64) -> String {
    format!("{x:.2}")
}

fn example_pipeline_reproduces_every_coinr_data_set() {
    let meta = asem_meta();
    let (raw, groups) = asem_data();
    assert_eq!((meta.indicator_count(), meta.levels(), meta.nodes().len()), (49, 4, 60));

    let denominated = denominate(&raw, &meta, &BTreeMap::new()).expect("denominate");
    assert_matches(&denominated, &Table::read("expected/example_coin_Denominated.csv"), "Denominated");
    let imputed = impute(&denominated, &meta, &Imputation::GroupMean { groups }).expect("impute");
    assert_matches(&imputed, &Table::read("expected/example_coin_Imputed.csv"), "Imputed");
    assert!(imputed.values().iter().all(|v| !v.is_nan()), "every NA filled from its EurAsia group");
    let treated = treat(&imputed, &meta, &Treatment::default()).expect("treat");
    assert_matches(&treated.data, &Table::read("expected/example_coin_Treated.csv"), "Treated");
    let normalised = normalise(&treated.data, &meta, &Normalisation::default()).expect("normalise");
    assert_matches(&normalised, &Table::read("expected/example_coin_Normalised.csv"), "Normalised");
    let aggregated = aggregate(&normalised, &meta, &Aggregation::default()).expect("aggregate");
    let expected = Table::read("expected/example_coin_Aggregated.csv");
    assert_matches(&aggregated, &expected, "Aggregated");
    let units = expected.text("uCode");
    let index = by_unit(&aggregated, "Index", &units);
    let ranks: Vec<f64> = rank(&index).iter().map(|r| f64::from(r.expect("ranked"))).collect();
    assert_eq!(ranks, expected.numbers("Rank"));

    // The stored nominal Index of COINr itself (UA_results.RDS), to 1e-9.
    let nominal = Table::read("expected/example_coin_nominal_Index.csv");
    let stored_units = nominal.text("uCode");
    assert_eq!(stored_units.len(), 51);
    let index = by_unit(&aggregated, "Index", &stored_units);
    for ((got, want), unit) in index.iter().zip(nominal.numbers("Score")).zip(&stored_units) {
        assert!((got - want).abs() < 1e-9, "{unit}: Index {got}, COINr {want}");
    }
    let ranks: Vec<f64> = rank(&index).iter().map(|r| f64::from(r.expect("ranked"))).collect();
    assert_eq!(ranks, nominal.numbers("Rank"));

    // The same through a Pipeline.
    let results = example_pipeline().run(&raw_denominated(&raw, &meta), &meta).expect("pipeline");
    assert_eq!(results.aggregated, aggregated);
    assert_eq!(results.treated.expect("treated").log, treated.log);
}

fn raw_denominated(raw: &Data, meta: &Meta) -> Data {
    denominate(raw, meta, &BTreeMap::new()).expect("denominate")
}

fn treatment_log_matches_coinr() {
    let meta = asem_meta();
    let (raw, groups) = asem_data();
    let imputed = impute(&raw_denominated(&raw, &meta), &meta, &Imputation::GroupMean { groups }).expect("impute");
    let treated = treat(&imputed, &meta, &Treatment::default()).expect("treat");
    let expected = Table::read("expected/example_coin_treatment_log.csv");
    let log: Vec<(String, String, String)> = treated
        .log
        .iter()
        .map(|r| {
            let kind = match r.treatment {
                TreatmentKind::None => "none",
                TreatmentKind::Winsorised => "winsorise",
                other => panic!("{}: {other:?}", r.code),
            };
            (r.code.clone(), kind.to_owned(), r.winsorised.to_string())
        })
        .collect();
    let want: Vec<(String, String, String)> =
        expected.rows.iter().map(|r| (r[0].clone(), r[1].clone(), r[2].clone())).collect();
    assert_eq!(log, want);
    // The vignette treats the raw data; its Flights row: skew 2.1032872 and kurtosis
    // 4.5088794, one point Winsorised, then 1.900658 and 3.336065.
    let raw_treated = treat(&raw, &meta, &Treatment::default()).expect("treat raw");
    let flights = &raw_treated.log[1];
    assert_eq!(flights.code, "Flights");
    let (before, after) = (flights.before.expect("before"), flights.after_winsorisation.expect("after"));
    assert_eq!(
        [before.skewness, before.kurtosis, after.skewness, after.kurtosis].map(|v| format!("{v:.6}")),
        ["2.103287", "4.508879", "1.900658", "3.336065"]
    );
    assert_eq!((flights.treatment, flights.winsorised), (TreatmentKind::Winsorised, 1));
    assert_eq!(flights.points.len(), 1);
    assert_eq!(flights.points[0].how, PointTreatment::WinsorisedHigh);
}

fn published_two_decimal_tables() {
    let meta = asem_meta();
    let (raw, _) = asem_data();
    let results = example_pipeline().run(&raw_denominated(&raw, &meta), &meta).expect("pipeline");
    let aggregated = &results.aggregated;
    let row = |unit: &str, code: &str| {
        let u = aggregated.units().iter().position(|x| x == unit).expect("unit");
        aggregated.column(code).expect("code")[u]
    };
    let columns = [
        "Index",
        "Conn",
        "Sust",
        "Physical",
        "ConEcFin",
        "Political",
        "Instit",
        "P2P",
        "Environ",
        "Social",
        "SusEcFin",
    ];
    let published = [
        ("CHE", 1, [68.38, 62.79, 73.98, 63.41, 32.87, 74.78, 85.94, 56.93, 77.21, 87.85, 56.88]),
        ("NLD", 2, [64.82, 61.94, 67.70, 64.87, 46.62, 84.55, 71.74, 41.92, 58.73, 86.58, 57.78]),
        ("DNK", 3, [64.80, 57.10, 72.51, 50.52, 30.43, 78.13, 75.35, 51.04, 69.83, 86.40, 61.29]),
        ("NOR", 4, [64.47, 57.44, 71.50, 58.18, 25.70, 80.03, 89.46, 33.80, 70.90, 87.00, 56.59]),
        ("BEL", 5, [63.54, 63.99, 63.09, 71.97, 48.22, 80.84, 75.60, 43.32, 53.01, 86.17, 50.09]),
        ("SWE", 6, [63.00, 53.87, 72.12, 51.51, 23.87, 80.98, 74.51, 38.50, 66.37, 87.74, 62.27]),
    ];
    let index_ranks = rank(aggregated.column("Index").expect("Index"));
    for (unit, position, values) in published {
        let u = aggregated.units().iter().position(|x| x == unit).expect("unit");
        assert_eq!(index_ranks[u], Some(position), "{unit} rank");
        for (code, value) in columns.iter().zip(values) {
            assert_eq!(two_dp(row(unit, code)), two_dp(value), "{unit} {code}");
        }
    }
    // get_unit_summary(coin, "IND"): score (rank) at levels 4, 3 and 2.
    let india = [
        ("Index", 39.79, 45),
        ("Conn", 28.60, 44),
        ("Sust", 50.99, 43),
        ("Physical", 18.78, 48),
        ("ConEcFin", 6.38, 49),
        ("Political", 51.90, 33),
        ("Instit", 59.84, 37),
        ("P2P", 6.07, 47),
        ("Environ", 75.34, 6),
        ("Social", 22.74, 51),
        ("SusEcFin", 54.88, 36),
    ];
    let u = aggregated.units().iter().position(|x| x == "IND").expect("IND");
    for (code, value, position) in india {
        assert_eq!(two_dp(row("IND", code)), two_dp(value), "IND {code}");
        assert_eq!(rank(aggregated.column(code).expect("code"))[u], Some(position), "IND {code} rank");
    }
    // Normalised NEET of SWE, THA and VNM (COINr issue #19).
    for (unit, value) in [("SWE", "86.50602"), ("THA", "65.30120"), ("VNM", "100.00000")] {
        let neet = results.normalised.column("NEET").expect("NEET");
        let u = results.normalised.units().iter().position(|x| x == unit).expect("unit");
        assert_eq!(format!("{:.5}", neet[u]), value, "{unit}");
    }
}

/// The replicate scores of a stored COINr result: units, nominal scores and run-major scores.
fn stored_scores(file: &str, runs: Option<usize>) -> (Vec<String>, Vec<f64>, Vec<f64>) {
    let table = Table::read(file);
    let columns: Vec<Vec<f64>> =
        table.header.iter().filter(|h| h.starts_with("r_")).map(|h| table.numbers(h)).collect();
    let runs = runs.unwrap_or(columns.len());
    let flat = columns[..runs].concat();
    (table.text("uCode"), table.numbers("Nominal"), flat)
}

#[track_caller]
fn assert_rank_stats(file: &str, runs: Option<usize>, expected_file: &str) {
    let (units, nominal, scores) = stored_scores(file, runs);
    let stats = rank_statistics(&units, &nominal, &scores).expect("rank statistics");
    let expected = Table::read(expected_file);
    assert_eq!(expected.text("uCode"), units);
    let columns = ["Nominal", "Mean", "Median", "Q5", "Q95"];
    for (column, got) in columns.iter().zip([
        stats.iter().map(|s| f64::from(s.nominal.expect("ranked"))).collect::<Vec<_>>(),
        stats.iter().map(|s| s.mean).collect(),
        stats.iter().map(|s| s.median).collect(),
        stats.iter().map(|s| s.q5).collect(),
        stats.iter().map(|s| s.q95).collect(),
    ]) {
        for ((g, e), unit) in got.iter().zip(expected.numbers(column)).zip(&units) {
            assert!((g - e).abs() <= 1e-12 * e.abs(), "{expected_file} {unit} {column}: {g} vs {e}");
        }
    }
}

fn stored_uncertainty_scores_reproduce_coinr_rank_statistics() {
    assert_rank_stats("expected/UA_Scores.csv", None, "expected/UA_RankStats.csv");
    // For a sensitivity design COINr summarises the A and B runs only.
    assert_rank_stats("expected/SA_Scores.csv", Some(200), "expected/SA_RankStats.csv");
}

fn stored_sensitivity_scores_reproduce_coinr_indices() {
    let (units, nominal, scores) = stored_scores("expected/SA_Scores.csv", None);
    let n = units.len();
    let nominal_ranks = rank(&nominal);
    let output: Vec<f64> = scores
        .chunks(n)
        .map(|run| {
            let ranks = rank(run);
            ranks
                .iter()
                .zip(&nominal_ranks)
                .map(|(r, m)| (f64::from(r.unwrap()) - f64::from(m.unwrap())).abs())
                .sum::<f64>()
                / n as f64
        })
        .collect();
    let names: Vec<String> = ["Winmax", "Normalisation", "Weights", "Aggregation"].map(String::from).to_vec();
    let sobol = sobol_indices(&output, 100, &names, 1000, 42).expect("indices");
    let expected = Table::read("expected/SA_Sensitivity.csv");
    assert_eq!(expected.text("Variable"), names);
    let (si, sti) = (expected.numbers("Si"), expected.numbers("STi"));
    for (k, index) in sobol.indices.iter().enumerate() {
        assert!((index.first_order - si[k]).abs() <= 1e-12, "{}: Si {} vs {}", index.input, index.first_order, si[k]);
        assert!(
            (index.total_order - sti[k]).abs() <= 1e-12,
            "{}: STi {} vs {}",
            index.input,
            index.total_order,
            sti[k]
        );
    }
    // COINr's bootstrap quantiles are random (R's RNG, Nboot = 100): ours come from another
    // stream, so they agree to sampling error only. Each of our bounds is within a fifth of
    // the width of COINr's interval of its bound, and our 90% intervals hold the estimates.
    let bounds = ["Si_q5", "Si_q95", "STi_q5", "STi_q95"].map(|c| expected.numbers(c));
    for (k, index) in sobol.indices.iter().enumerate() {
        let (f, t) = (index.first_order_interval.expect("bootstrap"), index.total_order_interval.expect("bootstrap"));
        let widths = [bounds[1][k] - bounds[0][k], bounds[3][k] - bounds[2][k]];
        for (b, (ours, theirs)) in [f.0, f.1, t.0, t.1].iter().zip(&bounds).enumerate() {
            let tolerance = 0.2 * widths[b / 2];
            assert!((ours - theirs[k]).abs() <= tolerance, "{}: bound {ours} vs COINr {}", index.input, theirs[k]);
        }
        assert!(f.0 <= index.first_order && index.first_order <= f.1);
        assert!(t.0 <= index.total_order && index.total_order <= t.1);
    }
    // Same seed, same intervals; without a bootstrap, none.
    assert_eq!(sobol_indices(&output, 100, &names, 1000, 42).expect("again"), sobol);
    assert!(
        sobol_indices(&output, 100, &names, 0, 42).expect("no bootstrap").indices[0].first_order_interval.is_none()
    );
}

/// COINr's sensitivity vignette design on the example.
fn vignette_inputs() -> Vec<UncertainInput> {
    let treatments = (1..=5).map(|winmax| Some(Treatment { winmax, ..Treatment::default() })).collect();
    vec![
        UncertainInput { name: "Winmax".into(), choice: Choice::Treatment { alternatives: treatments } },
        UncertainInput {
            name: "Normalisation".into(),
            choice: Choice::Normalisation {
                alternatives: vec![
                    Normaliser::MinMax { low: 1.0, high: 100.0 }.into(),
                    Normaliser::ZScore { mean: 10.0, sd: 2.0 }.into(),
                ],
            },
        },
        UncertainInput {
            name: "Weights".into(),
            choice: Choice::WeightNoise { levels: BTreeMap::from([(2, d("0.25")), (3, d("0.25"))]) },
        },
        UncertainInput {
            name: "Aggregation".into(),
            choice: Choice::Aggregation {
                alternatives: vec![vec![Aggregator::Arithmetic], vec![Aggregator::Geometric]],
            },
        },
    ]
}

fn sensitivity_of_the_vignette_design_is_seeded_and_plausible() {
    let meta = asem_meta();
    let (raw, _) = asem_data();
    let data = raw_denominated(&raw, &meta);
    let inputs = vignette_inputs();
    let options = SensitivityOptions { target: None, n: 100, seed: 7, bootstrap: 100 };
    let result = sensitivity(&data, &meta, &example_pipeline(), &inputs, &options).expect("sensitivity");
    assert_eq!(result.uncertainty.scores.len(), 600 * 51);
    assert_eq!(result.output.len(), 600);
    assert_eq!(result.uncertainty.target, "Index");
    assert_eq!(result.uncertainty.rank_stats.iter().find(|s| s.unit == "CHE").and_then(|s| s.nominal), Some(1));
    // As in COINr's vignette, aggregation matters most and the treatment least.
    let total: Vec<f64> = result.sobol.indices.iter().map(|i| i.total_order).collect();
    assert!(total[3] > total[0] && total[3] > total[1] && total[3] > total[2], "{total:?}");
    assert!(total[0] < total[1] && total[0] < total[2], "{total:?}");
    let again = sensitivity(&data, &meta, &example_pipeline(), &inputs, &options).expect("again");
    assert_eq!(again, result);
}

fn uncertainty_reports_intervals_and_failed_runs() {
    let meta = asem_meta();
    let (raw, _) = asem_data();
    let data = raw_denominated(&raw, &meta);
    let options = UncertaintyOptions { target: Some("Conn".into()), replications: 200, seed: 3 };
    let result = uncertainty(&data, &meta, &example_pipeline(), &vignette_inputs(), &options).expect("uncertainty");
    assert_eq!((result.target.as_str(), result.units.len(), result.scores.len()), ("Conn", 51, 200 * 51));
    assert_eq!(result.draws.len(), 200 * 4);
    for stats in &result.rank_stats {
        assert!(stats.q5 <= stats.median && stats.median <= stats.q95, "{stats:?}");
        assert!(stats.mean_shift >= 0.0);
    }
    // The geometric mean of min-max [0, 100] scores fails on the zeros; COINr returns NA.
    let zeros = vec![UncertainInput {
        name: "Aggregation".into(),
        choice: Choice::Aggregation { alternatives: vec![vec![Aggregator::Geometric]] },
    }];
    let failed = uncertainty(&data, &meta, &example_pipeline(), &zeros, &options).expect("runs");
    assert_eq!(failed.failed.len(), 200);
    assert!(failed.scores.iter().all(|s| s.is_nan()));
}

fn uncertainty_refuses_bad_designs() {
    let meta = asem_meta();
    let (raw, _) = asem_data();
    let data = raw_denominated(&raw, &meta);
    let options = UncertaintyOptions { target: None, replications: 10, seed: 1 };
    let twice = [vignette_inputs()[1].clone(), vignette_inputs()[1].clone()];
    let err = uncertainty(&data, &meta, &Pipeline::default(), &twice, &options).unwrap_err();
    assert!(matches!(err, Error::Argument { ref argument, .. } if argument == "inputs"), "{err}");
    let noisy =
        [UncertainInput { name: "w".into(), choice: Choice::WeightNoise { levels: BTreeMap::from([(2, d("1.5"))]) } }];
    let err = uncertainty(&data, &meta, &Pipeline::default(), &noisy, &options).unwrap_err();
    assert!(err.to_string().contains("levels.2 = 1.5"), "{err}");
    let unknown = UncertaintyOptions { target: Some("Nope".into()), ..options };
    let err = uncertainty(&data, &meta, &Pipeline::default(), &[], &unknown).unwrap_err();
    assert!(matches!(err, Error::Argument { ref argument, .. } if argument == "target"), "{err:?}");
    assert_eq!(err.details()[0].value, "Nope");
}

pub fn trials() -> Vec<Trial> {
    register! {
        needing FOLDER => example_pipeline_reproduces_every_coinr_data_set, treatment_log_matches_coinr, published_two_decimal_tables, stored_uncertainty_scores_reproduce_coinr_rank_statistics, stored_sensitivity_scores_reproduce_coinr_indices, sensitivity_of_the_vignette_design_is_seeded_and_plausible, uncertainty_reports_intervals_and_failed_runs, uncertainty_refuses_bad_designs;
    }
}
