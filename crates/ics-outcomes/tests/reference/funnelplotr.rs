//! Funnel plots with overdispersion against FunnelPlotR 0.6.0: every run in
//! `reference/funnel` of the shared folder (its README explains each column). Limits, values
//! and z-scores agree to 1e-9 relative (infinities exactly, NA only with NaN); flags, φ, τ²
//! (to 1e-9), the limits in force and the outlier count exactly.

use std::collections::BTreeMap;
use std::path::PathBuf;

use ics_outcomes::stats::{
    Field, FunnelDataType, Groups, Limit, OverdispersedFunnel, OverdispersionOptions, RatioMethod,
    funnel_overdispersion,
};
use libtest_mimic::Trial;

use crate::rows::{Row, assert_close, read_path};
use crate::shared::register;

const FOLDER: &str = "reference/funnel";
const TOLERANCE: f64 = 1e-9;

fn read(name: &str) -> Vec<Row> {
    let path: PathBuf = crate::shared::path(FOLDER).join(name);
    let rows = read_path(&path);
    assert!(!rows.is_empty(), "{name} has no rows");
    rows
}

fn logical(text: &str) -> bool {
    match text {
        "TRUE" | "1" => true,
        "FALSE" | "0" => false,
        other => panic!("{other:?} is not a logical"),
    }
}

/// A number of the oracle: `Inf`, `-Inf`, `NaN` literally, empty for NA (NaN here).
fn number(row: &Row, column: &str) -> f64 {
    match row.text(column) {
        "Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        _ => row.num(column),
    }
}

/// Agreement to the tolerance, an infinity only with itself.
#[track_caller]
fn close(actual: f64, expected: f64, what: &str) {
    if expected.is_infinite() {
        assert_eq!(actual, expected, "{what}");
    } else {
        assert_close(actual, expected, TOLERANCE, what);
    }
}

/// The options of one run, from the arguments the package was called with.
fn options(run: &Row) -> OverdispersionOptions {
    let data_type = match run.text("data_type") {
        "PR" => FunnelDataType::Proportion,
        "SR" => FunnelDataType::Ratio,
        "RC" => FunnelDataType::Rate,
        other => panic!("data type {other}"),
    };
    OverdispersionOptions {
        data_type,
        method: if run.text("sr_method") == "CQC" { RatioMethod::Cqc } else { RatioMethod::Shmi },
        shmi_rounding: run.text("SHMI_rounding") != "FALSE",
        trim_by: run.num("trim_by"),
        multiplier: run.num("multiplier"),
        limit: Limit::from_percent(run.num("limit")).expect("95 or 99"),
        adjusted: logical(run.text("draw_adjusted")),
        unadjusted: logical(run.text("draw_unadjusted")),
        ..OverdispersionOptions::default()
    }
}

/// Every run's funnel, from the records of its data set, with the run's row.
fn funnels() -> Vec<(Row, OverdispersedFunnel)> {
    let inputs = read("inputs.csv");
    let mut datasets: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    for row in &inputs {
        datasets.entry(row.text("dataset").to_owned()).or_default().push(row);
    }
    read("runs.csv")
        .into_iter()
        .map(|run| {
            let records = &datasets[run.text("dataset")];
            let keys: Vec<String> = records.iter().map(|r| r.text("group").to_owned()).collect();
            let (groups, labels) = Groups::from_keys(&keys);
            let numerator: Vec<f64> = records.iter().map(|r| r.num("numerator")).collect();
            let denominator: Vec<f64> = records.iter().map(|r| r.num("denominator")).collect();
            let funnel = funnel_overdispersion(
                Field::new("numerator", &numerator),
                Field::new("denominator", &denominator),
                &groups,
                &labels,
                &options(&run),
            )
            .unwrap_or_else(|e| panic!("{}: {e}", run.text("run_id")));
            (run, funnel)
        })
        .collect()
}

/// The expected rows of a file, by run.
fn by_run(name: &str) -> BTreeMap<String, Vec<Row>> {
    let mut runs: BTreeMap<String, Vec<Row>> = BTreeMap::new();
    for row in read(name) {
        runs.entry(row.text("run_id").to_owned()).or_default().push(row);
    }
    runs
}

const UNIT_LIMITS: [(&str, &str); 8] = [
    ("OD95LCL", "od_lower95"),
    ("OD95UCL", "od_upper95"),
    ("OD99LCL", "od_lower998"),
    ("OD99UCL", "od_upper998"),
    ("LCL95", "lower95"),
    ("UCL95", "upper95"),
    ("LCL99", "lower998"),
    ("UCL99", "upper998"),
];

fn limit<'a>(limits: &'a ics_outcomes::stats::LimitColumns, name: &str) -> &'a [f64] {
    limits.named().into_iter().find(|(n, _)| *n == name).map(|(_, v)| v).expect("a limit column")
}

fn package_phi_tau2_and_limits_in_force() {
    let funnels = funnels();
    assert!(funnels.len() >= 28, "runs: {}", funnels.len());
    for (run, funnel) in &funnels {
        let id = run.text("run_id");
        close(funnel.phi, number(run, "phi"), &format!("{id} phi"));
        close(funnel.tau2, number(run, "tau2"), &format!("{id} tau2"));
        close(funnel.phi_estimated, number(run, "phi_internal"), &format!("{id} phi_internal"));
        close(funnel.tau2_estimated, number(run, "tau2_internal"), &format!("{id} tau2_internal"));
        close(funnel.target, number(run, "target"), &format!("{id} target"));
        assert_eq!(funnel.units.labels.len().to_string(), run.text("n_units"), "{id} units");
        assert_eq!(funnel.units_used.to_string(), run.text("n_used_for_phi"), "{id} used for phi");
        assert_eq!(funnel.adjusted_drawn, logical(run.text("draw_adjusted_effective")), "{id} adjusted");
        assert_eq!(funnel.unadjusted_drawn, logical(run.text("draw_unadjusted_effective")), "{id} unadjusted");
        assert_eq!(funnel.outliers().to_string(), run.text("n_outliers"), "{id} outliers");
        // The package's messages, whitespace collapsed.
        assert_eq!(funnel.note.unwrap_or(""), run.text("messages"), "{id} message");
    }
}

fn package_units_match() {
    let expected = by_run("expected_units.csv");
    let funnels = funnels();
    for (run, funnel) in &funnels {
        let id = run.text("run_id");
        let rows = &expected[id];
        let u = &funnel.units;
        assert_eq!(u.labels.len(), rows.len(), "{id} rows");
        for (i, row) in rows.iter().enumerate() {
            let what = |column: &str| format!("{id} {} {column}", row.text("group"));
            assert_eq!(u.labels[i], row.text("group"), "{id} group order");
            for (column, actual) in [
                ("numerator", u.numerator[i]),
                ("denominator", u.denominator[i]),
                ("value", u.value[i]),
                ("Y", u.y[i]),
                ("s_z", u.s_z[i]),
                ("Uzscore", u.z[i]),
                ("Wuzscore", u.z_winsorised[i]),
                ("s_limits", u.s_limits[i]),
                ("z_adjusted_derived", u.z_adjusted[i]),
            ] {
                close(actual, number(row, column), &what(column));
            }
            assert_eq!(u.trimmed[i], logical(row.text("trimmed")), "{}", what("trimmed"));
            assert_eq!(u.outlier[i], logical(row.text("outlier")), "{}", what("outlier"));
            for (column, name) in UNIT_LIMITS {
                close(limit(&u.limits, name)[i], number(row, column), &what(column));
            }
        }
    }
}

fn package_limit_curves_match() {
    let expected = by_run("expected_limits.csv");
    let funnels = funnels();
    let columns = [
        ("odll95", "od_lower95"),
        ("odul95", "od_upper95"),
        ("odll998", "od_lower998"),
        ("odul998", "od_upper998"),
        ("ll95", "lower95"),
        ("ul95", "upper95"),
        ("ll998", "lower998"),
        ("ul998", "upper998"),
    ];
    for (run, funnel) in &funnels {
        let id = run.text("run_id");
        let c = &funnel.curves;
        for row in &expected[id] {
            let at = row.num("row") as usize - 1;
            let what = |column: &str| format!("{id} row {} {column}", at + 1);
            assert_eq!(c.denominator.len().to_string(), row.text("table_rows"), "{id} table rows");
            close(c.denominator[at], number(row, "number_seq"), &what("x"));
            close(c.s[at], number(row, "s"), &what("s"));
            assert_eq!(c.on_grid[at], logical(row.text("on_grid")), "{}", what("on_grid"));
            assert_eq!(c.unit_denominator[at], logical(row.text("unit_denominator")), "{}", what("unit"));
            for (column, name) in columns {
                close(limit(&c.limits, name)[at], number(row, column), &what(column));
            }
        }
    }
}

/// Every run's tables have one row per unit and per row of the lookup table.
fn tables_carry_every_unit_and_row() {
    for (run, funnel) in funnels() {
        let units = funnel.units_table();
        assert_eq!(units.rows().to_string(), run.text("n_units"));
        assert_eq!(units.text(0, "group").as_deref(), funnel.units.labels.first().map(String::as_str));
        assert_eq!(funnel.limits_table().rows(), funnel.curves.denominator.len());
    }
}

pub fn trials() -> Vec<Trial> {
    register! {
        needing FOLDER => package_phi_tau2_and_limits_in_force, package_units_match, package_limit_curves_match,
            tables_carry_every_unit_and_row;
    }
}
