//! Helpers shared by the tests.

use ics_outcomes::composite::{Choice, Data, Meta, MetaRow, UncertainInput};
use ics_outcomes::{
    Catalogue, Error, ErrorClass, Geography, LocalFramework, NationalFramework, Observations, ScoreOptions, Scorecard,
    defaults, score,
};
use rust_decimal::Decimal;

pub fn d(s: &str) -> Decimal {
    s.parse().expect("test decimal")
}

/// A small national framework in TOML with one metric and one target per priority,
/// plus whatever `extra` appends.
pub fn national_toml(priorities: usize, extra: &str) -> String {
    let mut text = String::from(
        "kind = \"national\"\nid = \"t\"\nname = \"Test\"\nversion = \"1\"\n\n\
         [[metrics]]\nid = \"m\"\nname = \"M\"\nunit = \"percentage\"\npolarity = \"higher_is_better\"\ndecimals = 1\n",
    );
    for i in 0..priorities {
        text.push_str(&format!(
            "\n[[priorities]]\nid = \"p{i}\"\ntitle = \"P{i}\"\npurposes = [\"outcomes\"]\n\
             [[priorities.targets]]\nid = \"t{i}\"\nmetric = \"m\"\ntype = \"threshold\"\nvalue = \"50.0\"\n"
        ));
    }
    text.push_str(extra);
    text
}

pub fn default_parts() -> (NationalFramework, Vec<LocalFramework>, Observations, Geography) {
    (
        defaults::Edition::Plan2025_26.national_framework(),
        defaults::Edition::Plan2025_26.local_frameworks(),
        defaults::Edition::Plan2025_26.observations(),
        defaults::Edition::Plan2025_26.geography(),
    )
}

/// The scorecard of the embedded (2026/27) default, with every target's SPC chart.
pub fn current_card() -> Scorecard {
    score(
        &defaults::national_framework(),
        &defaults::local_frameworks(),
        &defaults::observations(),
        &defaults::geography(),
        &ScoreOptions::default(),
    )
    .expect("default scorecard")
}

/// The 2025/26 default scorecard, without SPC charts.
pub fn default_card() -> Scorecard {
    let (national, locals, observations, geography) = default_parts();
    let options = ScoreOptions { spc: false, ..ScoreOptions::default() };
    score(&national, &locals, &observations, &geography, &options).expect("default scorecard")
}

/// A composite tree of two indicators, `x` and `y` (one value per unit `U0`, `U1`, ...),
/// under one equally weighted index.
pub fn two_indicator_tree(x: Vec<f64>, y: Vec<f64>) -> (Data, Meta) {
    let rows = vec![
        MetaRow::indicator("x", "Index", 1.0, Some(Decimal::ONE)),
        MetaRow::indicator("y", "Index", 1.0, Some(Decimal::ONE)),
        MetaRow::aggregate("Index", 2, None, Some(Decimal::ONE)),
    ];
    let meta = Meta::new(rows, "test").expect("valid meta");
    let units = (0..x.len()).map(|i| format!("U{i}")).collect();
    (Data::new(units, vec![("x".into(), x), ("y".into(), y)], "test").expect("valid data"), meta)
}

/// A composite uncertainty input: ±25 % noise on the first level's weights.
pub fn weight_noise() -> Vec<UncertainInput> {
    let levels = [(1, Decimal::new(25, 2))].into_iter().collect();
    vec![UncertainInput { name: "weights".into(), choice: Choice::WeightNoise { levels } }]
}

pub fn read_csv(text: &str, national: &NationalFramework, locals: &[LocalFramework]) -> Result<Observations, Error> {
    let geography = defaults::Edition::Plan2025_26.geography();
    Observations::read_csv(text.as_bytes(), &Catalogue::new(&geography, national, locals), "test.csv")
}

/// The kinds of issue in a validation or data error, for matching.
pub fn issue_paths(error: &Error) -> Vec<String> {
    error.issues().iter().map(|i| i.path.clone()).collect()
}

/// The class of the error a call gives (it must fail), for tests that check which.
pub fn class_of<T: std::fmt::Debug>(result: Result<T, Error>) -> ErrorClass {
    result.unwrap_err().class()
}
