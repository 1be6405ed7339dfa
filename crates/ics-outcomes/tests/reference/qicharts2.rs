//! P, P′, U, U′ and run charts against qicharts2 0.8.1: every run in
//! `reference/attribute-spc` of the shared folder, point by point (limits to 1e-9 relative,
//! signals exactly) and part by part (the runs analysis), and Anhøj's limits for 1 to 200
//! useful points.

use std::collections::BTreeMap;

use ics_outcomes::spc::{
    ChartBatch, ChartColumns, ChartKind, ChartOptions, PointStatus, RunsMethod, chart_batch, crossings_min,
    longest_run_max,
};
use ics_outcomes::stats::Field;
use libtest_mimic::Trial;

use crate::rows::{Row, assert_close, read_path};
use crate::shared::register;

const FOLDER: &str = "reference/attribute-spc";
const TOLERANCE: f64 = 1e-9;

fn read(name: &str) -> Vec<Row> {
    let rows = read_path(&crate::shared::path(FOLDER).join(name));
    assert!(!rows.is_empty(), "{name} has no rows");
    rows
}

fn logical(text: &str) -> bool {
    match text {
        "TRUE" => true,
        "FALSE" => false,
        other => panic!("{other:?} is not a logical"),
    }
}

fn positions(text: &str) -> Vec<usize> {
    text.split_whitespace().map(|p| p.parse().expect("position")).collect()
}

/// The options a run's call gives.
pub fn options(run: &Row) -> ChartOptions {
    let chart = match run.text("chart") {
        "p" => ChartKind::P,
        "pp" => ChartKind::PPrime,
        "u" => ChartKind::U,
        "up" => ChartKind::UPrime,
        "run" => ChartKind::Run,
        other => panic!("chart {other:?}"),
    };
    let runs_method = match run.text("method") {
        "anhoej" => RunsMethod::Anhoej,
        "bestbox" => RunsMethod::BestBox,
        "cutbox" => RunsMethod::CutBox,
        other => panic!("method {other:?}"),
    };
    ChartOptions {
        chart,
        multiplier: run.num("multiply"),
        screened_mr: logical(run.text("screenedmr")),
        baseline: Some(run.text("freeze")).filter(|f| !f.is_empty()).map(|f| f.parse().expect("freeze")),
        parts: positions(run.text("part")),
        exclude: positions(run.text("exclude")),
        categorical: run.text("x_type") == "factor",
        runs_method,
        ..ChartOptions::default()
    }
}

/// Each run with its series' values and denominators, and its chart.
fn charts() -> Vec<(Row, ChartColumns)> {
    let mut series: BTreeMap<String, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    for row in read("series.csv") {
        let entry = series.entry(row.text("series_id").to_owned()).or_default();
        entry.0.push(row.num("y"));
        entry.1.push(row.num("n"));
    }
    read("runs.csv")
        .into_iter()
        .map(|run| {
            let (y, n) = &series[run.text("series_id")];
            let options = options(&run);
            let ratio = logical(run.text("y_is_ratio"));
            let batch = ChartBatch {
                values: Field::new("y", y),
                denominators: ratio.then(|| Field::new("n", n)),
                offsets: &[0, y.len()],
                rebase: None,
                targets: None,
            };
            let chart = chart_batch(&batch, &options).unwrap_or_else(|e| panic!("{}: {e}", run.text("run_id")));
            (run, chart)
        })
        .collect()
}

fn every_point_matches() {
    let expected = read("expected_points.csv");
    let mut by_run: BTreeMap<&str, Vec<&Row>> = BTreeMap::new();
    for row in &expected {
        by_run.entry(row.text("run_id")).or_default().push(row);
    }
    let charts = charts();
    assert_eq!(charts.len(), by_run.len(), "runs");
    for (run, chart) in &charts {
        let id = run.text("run_id");
        let rows = &by_run[id];
        assert_eq!(chart.plotted.len(), rows.len(), "{id}: points");
        let parts: Vec<_> = chart.point_parts().collect();
        for (i, row) in rows.iter().enumerate() {
            let what = |column: &str| format!("{id} point {} {column}", i + 1);
            assert_eq!(chart.part[i] as f64, row.num("part"), "{}", what("part"));
            assert_eq!(chart.baseline[i], logical(row.text("baseline")), "{}", what("baseline"));
            let excluded = chart.status[i] == PointStatus::Excluded;
            if !chart.status[i].is_gap() {
                assert_eq!(!excluded, logical(row.text("include")), "{}", what("include"));
            }
            for (actual, column) in [
                (chart.plotted[i], "y"),
                (chart.centre[i], "cl"),
                (chart.lower[i], "lcl"),
                (chart.upper[i], "ucl"),
                (chart.lower_2sigma[i], "lcl_95"),
                (chart.upper_2sigma[i], "ucl_95"),
            ] {
                assert_close(actual, row.num(column), TOLERANCE, &what(column));
            }
            assert_eq!(chart.sigma_signal[i], logical(row.text("sigma_signal")), "{}", what("sigma_signal"));
            assert_eq!(parts[i].runs.signal, logical(row.text("runs_signal")), "{}", what("runs_signal"));
        }
    }
}

fn every_runs_analysis_matches() {
    let expected = read("expected_summary.csv");
    let charts = charts();
    let by_id: BTreeMap<&str, &ChartColumns> = charts.iter().map(|(run, chart)| (run.text("run_id"), chart)).collect();
    for row in &expected {
        let id = row.text("run_id");
        let chart = by_id[id];
        let part = &chart.parts[row.num("part") as usize - 1];
        let what = |column: &str| format!("{id} part {} {column}", row.text("part"));
        let count = |value: Option<usize>| value.map_or(f64::NAN, |v| v as f64);
        assert_eq!(part.runs.observations as f64, row.num("n_obs"), "{}", what("n_obs"));
        assert_eq!(part.runs.useful as f64, row.num("n_useful"), "{}", what("n_useful"));
        for (actual, column) in [
            (count(part.runs.longest_run), "longest_run"),
            (count(part.runs.longest_run_max), "longest_run_max"),
            (count(part.runs.crossings), "n_crossings"),
            (count(part.runs.crossings_min), "n_crossings_min"),
        ] {
            assert_close(actual, row.num(column), 0.0, &what(column));
        }
        assert_eq!(
            part.runs.signal,
            logical(row.text("runs_signal")) && !options_categorical(id),
            "{}",
            what("signal")
        );
        assert_eq!(part.sigma_signals as f64, row.num("sigma_signals"), "{}", what("sigma_signals"));
        let sigma_z = row.num("sigma_z_derived");
        if !sigma_z.is_nan() {
            assert_close(part.sigma_z, sigma_z, TOLERANCE, &what("sigma_z"));
        }
    }
}

/// Categorical runs report the package's runs statistics but never signal; the summary file
/// holds the package's `summary()`, which still says whether the runs rules would.
fn options_categorical(id: &str) -> bool {
    read("runs.csv").iter().any(|run| run.text("run_id") == id && run.text("x_type") == "factor")
}

fn anhoej_limits_match() {
    for row in read("anhoej_limits.csv") {
        let n = row.num("n_useful") as usize;
        assert_eq!(longest_run_max(n) as f64, row.num("longest_run_max"), "longest_run_max({n})");
        assert_eq!(crossings_min(n) as f64, row.num("n_crossings_min"), "n_crossings_min({n})");
    }
}

pub fn trials() -> Vec<Trial> {
    register!(needing FOLDER => every_point_matches, every_runs_analysis_matches, anhoej_limits_match;)
}
