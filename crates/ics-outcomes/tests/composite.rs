//! Composite indicators: hand-worked cases of each method, rank uncertainty of scorecards,
//! and invariants over generated frameworks. The parity with COINr's example is in the
//! `reference` tests.

use ics_outcomes::ErrorClass;
use std::collections::BTreeMap;

use ics_outcomes::Error;
use ics_outcomes::composite::{
    Aggregator, Choice, Data, Fallback, Imputation, Meta, MetaRow, NodeType, Normalisation, Normaliser, Pipeline,
    PointTreatment, SensitivityOptions, Treatment, TreatmentKind, UncertainInput, UncertaintyOptions, aggregate,
    denominate, impute, kurtosis, normalise, rank, sensitivity, skewness, treat, uncertainty,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::{class_of, d};

#[test]
fn alternative_input_data_are_an_uncertain_input() {
    let (data, meta) = framework(8, 11);
    let options = UncertaintyOptions { target: None, replications: 50, seed: 5 };
    let nominal = uncertainty(&data, &meta, &Pipeline::default(), &[], &options).unwrap();
    // Scoring rule B reverses indicator a: where a replication draws it, ranks move.
    let reversed: Vec<(String, Vec<f64>)> = data
        .codes()
        .iter()
        .map(|c| {
            let column = data.column(c).unwrap();
            (c.clone(), if c == "a" { column.iter().map(|v| 100.0 - v).collect() } else { column.to_vec() })
        })
        .collect();
    let rule_b = Data::new(data.units().to_vec(), reversed, "rule B").unwrap();
    let inputs =
        [UncertainInput { name: "scoring".into(), choice: Choice::Data { alternatives: vec![data.clone(), rule_b] } }];
    let varied = uncertainty(&data, &meta, &Pipeline::default(), &inputs, &options).unwrap();
    assert_eq!(varied.nominal, nominal.nominal, "the nominal run uses the nominal data");
    let (first, second): (Vec<usize>, Vec<usize>) = (0..50).partition(|&r| varied.draws[r] < 0.5);
    assert!(!first.is_empty() && !second.is_empty());
    for r in first {
        assert_eq!(varied.scores[r * 8..(r + 1) * 8], nominal.nominal[..]);
    }
    for r in second {
        assert_ne!(varied.scores[r * 8..(r + 1) * 8], nominal.nominal[..]);
    }
    let other_units = Data::new(units(7), vec![("a".into(), vec![1.0; 7])], "t").unwrap();
    let inputs = [UncertainInput { name: "scoring".into(), choice: Choice::Data { alternatives: vec![other_units] } }];
    let err = uncertainty(&data, &meta, &Pipeline::default(), &inputs, &options).unwrap_err();
    assert!(err.to_string().contains("scoring.alternatives[0]"), "{err}");
}

// ---- hand-worked cases ----

/// A one-level tree over indicators `codes` (directions `directions`) with equal weights.
fn flat(codes: &[&str], directions: &[f64]) -> Meta {
    let mut rows: Vec<MetaRow> =
        codes.iter().zip(directions).map(|(c, dir)| MetaRow::indicator(c, "Index", *dir, Some(Decimal::ONE))).collect();
    rows.push(MetaRow::aggregate("Index", 2, None, Some(Decimal::ONE)));
    Meta::new(rows, "test").expect("valid")
}

fn units(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("U{i}")).collect()
}

fn one(values: &[f64]) -> Data {
    Data::new(units(values.len()), vec![("x".into(), values.to_vec())], "test").expect("valid")
}

fn normalised(values: &[f64], direction: f64, method: Normaliser, target: Option<f64>) -> Vec<f64> {
    let mut rows = vec![MetaRow { target, ..MetaRow::indicator("x", "Index", direction, Some(Decimal::ONE)) }];
    rows.push(MetaRow::aggregate("Index", 2, None, Some(Decimal::ONE)));
    let meta = Meta::new(rows, "test").expect("valid");
    normalise(&one(values), &meta, &method.into()).expect("normalise").column("x").expect("x").to_vec()
}

#[track_caller]
fn assert_all_close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len());
    for (a, e) in actual.iter().zip(expected) {
        assert!((a.is_nan() && e.is_nan()) || (a - e).abs() < 1e-12, "{actual:?} vs {expected:?}");
    }
}

#[test]
fn normalisation_methods_by_hand() {
    let x = [2.0, 4.0, 4.0, 10.0, f64::NAN];
    let minmax = Normaliser::MinMax { low: 0.0, high: 100.0 };
    assert_all_close(&normalised(&x, 1.0, minmax.clone(), None), &[0.0, 25.0, 25.0, 100.0, f64::NAN]);
    assert_all_close(&normalised(&x, -1.0, minmax, None), &[100.0, 75.0, 75.0, 0.0, f64::NAN]);
    // mean 5, sample sd √12
    let sd = 12f64.sqrt();
    let z = normalised(&x, 1.0, Normaliser::ZScore { mean: 10.0, sd: 2.0 }, None);
    assert_all_close(&z, &[10.0 - 6.0 / sd, 10.0 - 2.0 / sd, 10.0 - 2.0 / sd, 10.0 + 10.0 / sd, f64::NAN]);
    let scaled = Normaliser::Scaled { low: 0.0, high: 20.0, scale: 100.0 };
    assert_all_close(&normalised(&x, 1.0, scaled, None), &[10.0, 20.0, 20.0, 50.0, f64::NAN]);
    assert_all_close(&normalised(&x, 1.0, Normaliser::DistanceToMax, None), &[0.0, 0.25, 0.25, 1.0, f64::NAN]);
    let reference = Normaliser::DistanceToReference { unit: "U1".into(), cap: false };
    assert_all_close(&normalised(&x, 1.0, reference, None), &[0.0, 1.0, 1.0, 4.0, f64::NAN]);
    let capped = Normaliser::DistanceToReference { unit: "U1".into(), cap: true };
    assert_all_close(&normalised(&x, 1.0, capped, None), &[0.0, 1.0, 1.0, 1.0, f64::NAN]);
    assert_all_close(&normalised(&x, 1.0, Normaliser::FractionOfMax, None), &[0.2, 0.4, 0.4, 1.0, f64::NAN]);
    assert_all_close(&normalised(&x, 1.0, Normaliser::Rank, None), &[1.0, 2.0, 2.0, 4.0, f64::NAN]);
    assert_all_close(&normalised(&x, 1.0, Normaliser::Borda, None), &[0.0, 1.0, 1.0, 3.0, f64::NAN]);
    assert_all_close(
        &normalised(&x, 1.0, Normaliser::PercentileRank, None),
        &[0.0, 1.0 / 3.0, 1.0 / 3.0, 1.0, f64::NAN],
    );
    assert_all_close(&normalised(&x, -1.0, Normaliser::None, None), &[-2.0, -4.0, -4.0, -10.0, f64::NAN]);
    // COINr's tests: dist2targ of (0, 5, 11) with target 10; goalposts [0, 10].
    let target = Normaliser::DistanceToTarget { cap: false };
    assert_all_close(&normalised(&[0.0, 5.0, 11.0], 1.0, target, Some(10.0)), &[0.0, 0.5, 1.1]);
    let target = Normaliser::DistanceToTarget { cap: true };
    assert_all_close(&normalised(&[0.0, 5.0, 11.0], 1.0, target, Some(10.0)), &[0.0, 0.5, 1.0]);
    let posts = Normaliser::Goalposts { low: 0.0, high: 10.0, scale: 1.0, truncate: true };
    assert_all_close(&normalised(&[1.0, 11.0, -1.0], 1.0, posts.clone(), None), &[0.1, 1.0, 0.0]);
    // Lower is better: the goalposts are the same numbers, read the other way.
    assert_all_close(&normalised(&[1.0, 11.0, -1.0], -1.0, posts, None), &[0.9, 0.0, 1.0]);
    let loose = Normaliser::Goalposts { low: 0.0, high: 10.0, scale: 100.0, truncate: false };
    assert_all_close(&normalised(&[1.0, 11.0, -1.0], 1.0, loose, None), &[10.0, 110.0, -10.0]);
    // Distance to target needs a target.
    let rows =
        vec![MetaRow::indicator("x", "Index", 1.0, Some(Decimal::ONE)), MetaRow::aggregate("Index", 2, None, None)];
    assert_eq!(class_of(Meta::new(rows, "t")), ErrorClass::Validation, "the aggregate needs a weight");
    let err =
        normalise(&one(&x), &flat(&["x"], &[1.0]), &Normaliser::DistanceToTarget { cap: true }.into()).unwrap_err();
    assert_eq!(err.issues()[0].path, "x.Target");
}

fn aggregated(values: &[&[f64]], weights: &[&str], method: Aggregator) -> Result<Vec<f64>, Error> {
    let codes: Vec<String> = (0..values.len()).map(|i| format!("c{i}")).collect();
    let mut rows: Vec<MetaRow> =
        codes.iter().zip(weights).map(|(c, w)| MetaRow::indicator(c, "Index", 1.0, Some(d(w)))).collect();
    rows.push(MetaRow::aggregate("Index", 2, None, Some(Decimal::ONE)));
    let meta = Meta::new(rows, "test")?;
    let columns = codes.into_iter().zip(values.iter().map(|v| v.to_vec())).collect();
    let data = Data::new(units(values[0].len()), columns, "test")?;
    Ok(aggregate(&data, &meta, &method.into())?.column("Index").expect("Index").to_vec())
}

#[test]
fn aggregation_methods_by_hand() {
    let (a, b, c) = (&[1.0][..], &[2.0][..], &[3.0][..]);
    let equal = ["1", "1", "1"];
    assert_all_close(&aggregated(&[a, b, c], &equal, Aggregator::Arithmetic).unwrap(), &[2.0]);
    assert_all_close(&aggregated(&[a, b, c], &equal, Aggregator::Geometric).unwrap(), &[6f64.powf(1.0 / 3.0)]);
    assert_all_close(&aggregated(&[a, b, c], &["1", "1", "2"], Aggregator::Geometric).unwrap(), &[18f64.powf(0.25)]);
    let harmonic = 4.0 / (2.0 / 1.0 + 1.0 / 2.0 + 1.0 / 3.0);
    assert_all_close(&aggregated(&[a, b, c], &["2", "1", "1"], Aggregator::Harmonic).unwrap(), &[harmonic]);
    let minus_one = Aggregator::Generalised { p: -1.0 };
    assert_all_close(&aggregated(&[a, b, c], &["2", "1", "1"], minus_one).unwrap(), &[harmonic]);
    assert_all_close(&aggregated(&[a, b, c], &equal, Aggregator::Minimum).unwrap(), &[1.0]);
    // Missing children share their weight: (50·1 + 80·1)/2, not (0·2 + 50 + 80)/4.
    let (nan, fifty, eighty) = (&[f64::NAN, 10.0][..], &[50.0, 20.0][..], &[80.0, 30.0][..]);
    assert_all_close(
        &aggregated(&[nan, fifty, eighty], &["2", "1", "1"], Aggregator::Arithmetic).unwrap(),
        &[65.0, 17.5],
    );
    assert_all_close(
        &aggregated(&[nan, fifty, eighty], &["2", "1", "1"], Aggregator::Geometric).unwrap(),
        &[4000f64.sqrt(), 60000f64.powf(0.25)],
    );
    let gen2 = Aggregator::Generalised { p: 2.0 };
    assert!(aggregated(&[nan, fifty, eighty], &["2", "1", "1"], gen2).unwrap()[0].is_nan(), "any NA child → NA");
    // Geometric and harmonic means refuse zeros, naming the aggregate, child and unit.
    let err = aggregated(&[&[0.0], b], &["1", "1"], Aggregator::Geometric).unwrap_err();
    assert!(matches!(err, Error::Data { .. }), "{err}");
    assert_eq!(err.issues()[0].path, "c0[U0]");
    assert!(err.to_string().contains("Index"), "{err}");
    assert_eq!(class_of(aggregated(&[&[0.0], b], &["1", "1"], Aggregator::Harmonic)), ErrorClass::Data);
    assert_eq!(class_of(aggregated(&[a, b], &["1", "1"], Aggregator::Generalised { p: 0.0 })), ErrorClass::Argument);
}

#[test]
fn copeland_counts_pairwise_majorities() {
    // Three units (rows) on three equally weighted children (columns).
    let c0: &[f64] = &[3.0, 2.0, 1.0];
    let c1: &[f64] = &[3.0, 1.0, 2.0];
    let c2: &[f64] = &[1.0, 2.0, 0.0];
    let scores = aggregated(&[c0, c1, c2], &["1", "1", "1"], Aggregator::Copeland).unwrap();
    // U0 vs U1: 3>2, 3>1, 1<2 → 2/3 (+1 / −1); U0 vs U2: 3>1, 3>2, 1>0 → 1 (+1 / −1);
    // U1 vs U2: 2>1, 1<2, 2>0 → 2/3 (+1 / −1).
    assert_all_close(&scores, &[2.0, 0.0, -2.0]);
    // Equal values count half their weight. Weights 2:1:1 are 1/2, 1/4, 1/4: U0 = (5, 3, 1)
    // and U1 = (5, 2, 2) give o = 1/4 + 1/4 = 1/2, a draw; with U0 = (5, 1, 1), o = 1/4.
    let weighted = ["2", "1", "1"];
    let draw = aggregated(&[&[5.0, 5.0], &[3.0, 2.0], &[1.0, 2.0]], &weighted, Aggregator::Copeland).unwrap();
    assert_all_close(&draw, &[0.0, 0.0]);
    let loss = aggregated(&[&[5.0, 5.0], &[1.0, 2.0], &[1.0, 2.0]], &weighted, Aggregator::Copeland).unwrap();
    assert_all_close(&loss, &[-1.0, 1.0]);
    // A draw (o = 1/2) scores zero for both.
    let tie = aggregated(&[&[1.0, 2.0], &[2.0, 1.0]], &["1", "1"], Aggregator::Copeland).unwrap();
    assert_all_close(&tie, &[0.0, 0.0]);
}

#[test]
fn ties_share_the_best_rank() {
    assert_eq!(rank(&[3.0, 5.0, 5.0, 1.0, f64::NAN, 3.0]), [Some(3), Some(1), Some(1), Some(5), None, Some(3)]);
    assert_eq!(rank(&[]), []);
}

#[test]
fn treatment_by_hand() {
    let meta = flat(&["x"], &[1.0]);
    // COINr: Winsorising c(1:10, 100) sets 100 to 10 and then passes.
    let mut x: Vec<f64> = (1..=10).map(f64::from).collect();
    x.push(100.0);
    let treated = treat(&one(&x), &meta, &Treatment::default()).expect("treat");
    let mut want = x.clone();
    want[10] = 10.0;
    assert_eq!(treated.data.column("x").unwrap(), want.as_slice());
    assert_eq!((treated.log[0].treatment, treated.log[0].winsorised), (TreatmentKind::Winsorised, 1));
    // c(1:20, 100, 200) with winmax 1 fails after one point, so log(x − min + 1) = log(x) of
    // the original values.
    let mut x: Vec<f64> = (1..=20).map(f64::from).collect();
    x.extend([100.0, 200.0]);
    let spec = Treatment { winmax: 1, fallback: Fallback::LogCtOriginal, ..Treatment::default() };
    let treated = treat(&one(&x), &meta, &spec).expect("treat");
    assert_all_close(treated.data.column("x").unwrap(), &x.iter().map(|v| v.ln()).collect::<Vec<_>>());
    assert_eq!(treated.log[0].treatment, TreatmentKind::Transformed);
    // The default log_CT: log(x − min + 0.01·(max − min)).
    let treated = treat(&one(&x), &meta, &Treatment { winmax: 1, ..Treatment::default() }).expect("treat");
    assert_all_close(treated.data.column("x").unwrap(), &x.iter().map(|v| (v - 1.0 + 1.99).ln()).collect::<Vec<_>>());
    // Low outliers are Winsorised upwards; tied extremes move together and count together.
    let mut low: Vec<f64> = (1..=30).map(|v| f64::from(v) + 100.0).collect();
    low.extend([-500.0, -500.0]);
    let treated = treat(&one(&low), &meta, &Treatment::default()).expect("treat");
    assert_eq!(treated.log[0].winsorised, 2);
    assert!(treated.log[0].points.iter().all(|p| p.how == PointTreatment::WinsorisedLow));
    assert_eq!(treated.data.column("x").unwrap()[30..], [101.0, 101.0]);
    // Skipped and too-short indicators are left alone.
    let skip = Treatment { skip: vec!["x".into()], ..Treatment::default() };
    assert_eq!(treat(&one(&x), &meta, &skip).unwrap().log[0].treatment, TreatmentKind::Skipped);
    assert_eq!(
        treat(&one(&[1.0, 2.0, 900.0]), &meta, &Treatment::default()).unwrap().log[0].treatment,
        TreatmentKind::NotAssessable
    );
    // Excel's SKEW and KURT of 1, 2, 3, 4, 10 (missing values are left out).
    let v = [1.0, 2.0, f64::NAN, 3.0, 4.0, 10.0];
    assert_eq!(format!("{:.6}", skewness(&v).unwrap()), "1.697056");
    assert_eq!(format!("{:.6}", kurtosis(&v).unwrap()), "3.152000");
    assert_eq!(skewness(&[1.0, 2.0]), None);
}

#[test]
fn imputation_alternatives_by_hand() {
    let meta = flat(&["a", "b"], &[1.0, -1.0]);
    let data = Data::new(
        units(4),
        vec![("a".into(), vec![1.0, f64::NAN, 3.0, 10.0]), ("b".into(), vec![f64::NAN, 4.0, 2.0, 0.0])],
        "t",
    )
    .unwrap();
    let column = |how: Imputation, code: &str| impute(&data, &meta, &how).unwrap().column(code).unwrap().to_vec();
    assert_all_close(&column(Imputation::Mean, "a"), &[1.0, 14.0 / 3.0, 3.0, 10.0]);
    assert_all_close(&column(Imputation::Median, "a"), &[1.0, 3.0, 3.0, 10.0]);
    let groups = vec![Some("x".into()), Some("x".into()), Some("y".into()), None];
    assert_all_close(&column(Imputation::GroupMean { groups: groups.clone() }, "a"), &[1.0, 1.0, 3.0, 10.0]);
    assert_all_close(&column(Imputation::GroupMedian { groups }, "b"), &[4.0, 4.0, 2.0, 0.0]);
    // Row mean: U1's a from its b. b (lower is better) scaled: 4 → 0; so a = min + 0 = 1.
    // U0's b from its a: a scaled (1 − 1)/9 = 0, so b is its worst value, 4.
    assert_all_close(&column(Imputation::RowMean { level: None }, "a"), &[1.0, 1.0, 3.0, 10.0]);
    assert_all_close(&column(Imputation::RowMean { level: Some(2) }, "b"), &[4.0, 4.0, 2.0, 0.0]);
    let err = impute(&data, &meta, &Imputation::GroupMean { groups: vec![None] }).unwrap_err();
    assert!(matches!(err, Error::Argument { .. }));
}

#[test]
fn denomination_divides_by_the_mapped_column() {
    let mut rows = vec![
        MetaRow { denominator: Some("pop".into()), ..MetaRow::indicator("deaths", "Index", -1.0, Some(Decimal::ONE)) },
        MetaRow::indicator("score", "Index", 1.0, Some(Decimal::ONE)),
        MetaRow::aggregate("Index", 2, None, Some(Decimal::ONE)),
    ];
    rows.push(MetaRow {
        level: None,
        direction: None,
        weight: None,
        parent: None,
        kind: NodeType::Denominator,
        ..MetaRow::aggregate("pop", 1, None, None)
    });
    let meta = Meta::new(rows, "t").unwrap();
    let data = Data::new(
        units(2),
        vec![
            ("deaths".into(), vec![10.0, 30.0]),
            ("score".into(), vec![1.0, 2.0]),
            ("pop".into(), vec![1000.0, 2000.0]),
        ],
        "t",
    )
    .unwrap();
    let per_1000 = BTreeMap::from([("deaths".to_owned(), 1000.0)]);
    let out = denominate(&data, &meta, &per_1000).unwrap();
    assert_eq!(out.codes(), ["deaths", "score"]);
    assert_eq!(out.column("deaths").unwrap(), [10.0, 15.0]);
    assert_eq!(out.column("score").unwrap(), [1.0, 2.0]);
    let zero = Data::new(
        units(1),
        vec![("deaths".into(), vec![1.0]), ("score".into(), vec![1.0]), ("pop".into(), vec![0.0])],
        "t",
    )
    .unwrap();
    let err = denominate(&zero, &meta, &BTreeMap::new()).unwrap_err();
    assert_eq!(err.issues()[0].path, "pop[U0]");
}

#[test]
fn metadata_errors_name_the_row_field_and_value() {
    let w = Some(Decimal::ONE);
    let rows = vec![
        MetaRow::indicator("a", "Pillar", 1.0, w),
        MetaRow::indicator("a", "Pillar", 1.0, w),               // duplicate
        MetaRow::indicator("b", "Nowhere", 1.0, w),              // unknown parent
        MetaRow::indicator("c", "Pillar", f64::NAN, w),          // NaN direction
        MetaRow::indicator("d e", "Pillar", 1.0, Some(d("-1"))), // space, negative weight
        MetaRow::indicator("e", "Index", 1.0, w),                // parent two levels up
        MetaRow::aggregate("Pillar", 2, Some("Index"), w),
        MetaRow::aggregate("Empty", 2, Some("Index"), w), // childless
        MetaRow::aggregate("Index", 3, None, w),
    ];
    let err = Meta::new(rows, "iMeta.csv").unwrap_err();
    assert!(matches!(err, Error::Validation { .. }));
    let found: Vec<(String, String)> = err.issues().iter().map(|i| (i.path.clone(), i.value.clone())).collect();
    for expected in [
        ("iMeta[1].iCode", "a"),
        ("iMeta[2].Parent", "Nowhere"),
        ("iMeta[3].Direction", "NaN"),
        ("iMeta[4].iCode", "d e"),
        ("iMeta[4].Weight", "-1"),
        ("iMeta[5].Parent", "Index"),
        ("iMeta[7].iCode", "Empty"),
    ] {
        assert!(found.contains(&(expected.0.into(), expected.1.into())), "{expected:?} not in {found:?}");
    }
    // Levels must not skip.
    let skip = vec![MetaRow::indicator("a", "Top", 1.0, w), MetaRow::aggregate("Top", 3, None, w)];
    let err = Meta::new(skip, "t").unwrap_err();
    assert!(err.to_string().contains("levels must not skip"), "{err}");
    // Data: duplicate units and infinities.
    let err =
        Data::new(vec!["A".into(), "A".into()], vec![("x".into(), vec![1.0, f64::INFINITY])], "iData").unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["uCode[1]", "x[1]"]);
}

#[test]
fn effective_weights_multiply_down_the_tree() {
    let w = Some(Decimal::ONE);
    let rows = vec![
        MetaRow::indicator("n1", "National", 1.0, w),
        MetaRow::indicator("n2", "National", 1.0, w),
        MetaRow::indicator("l1", "Local", 1.0, w),
        MetaRow::aggregate("National", 2, Some("Index"), w),
        MetaRow::aggregate("Local", 2, Some("Index"), w),
        MetaRow::aggregate("Index", 3, None, w),
    ];
    assert_eq!(Meta::new(rows, "t").unwrap().effective_weights(), [0.25, 0.25, 0.5]);
}

// ---- properties ----

fn framework(units_n: usize, seed: u64) -> (Data, Meta) {
    let codes = ["a", "b", "c", "d"];
    let meta = {
        let w = Some(Decimal::ONE);
        Meta::new(
            vec![
                MetaRow::indicator("a", "P", 1.0, w),
                MetaRow::indicator("b", "P", -1.0, Some(d("2"))),
                MetaRow::indicator("c", "Q", 1.0, w),
                MetaRow::indicator("d", "Q", 1.0, w),
                MetaRow::aggregate("P", 2, Some("Index"), w),
                MetaRow::aggregate("Q", 2, Some("Index"), w),
                MetaRow::aggregate("Index", 3, None, w),
            ],
            "t",
        )
        .unwrap()
    };
    let mut state = seed | 1;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64 * 100.0
    };
    let columns = codes.iter().map(|c| (c.to_string(), (0..units_n).map(|_| next()).collect())).collect();
    (Data::new(units(units_n), columns, "t").unwrap(), meta)
}

proptest! {
    #[test]
    fn min_max_stays_within_its_range(values in prop::collection::vec(-1e6f64..1e6, 2..40), low in -10f64..10.0, span in 0.5f64..100.0) {
        let out = normalised(&values, 1.0, Normaliser::MinMax { low, high: low + span }, None);
        let spread = values.iter().any(|v| *v != values[0]);
        for v in out {
            if spread { prop_assert!(v >= low - 1e-9 && v <= low + span + 1e-9, "{v}") } else { prop_assert!(v.is_nan()) }
        }
    }

    #[test]
    fn ranks_survive_monotone_rescaling(values in prop::collection::vec(0f64..1000.0, 1..60), scale in 0.01f64..100.0) {
        let rescaled: Vec<f64> = values.iter().map(|v| (v * scale + 3.0).powi(3)).collect();
        prop_assert_eq!(rank(&values), rank(&rescaled));
    }

    #[test]
    fn identical_children_aggregate_to_the_child(values in prop::collection::vec(1f64..100.0, 1..20), w in prop::collection::vec(1u32..9, 3)) {
        let weights: Vec<String> = w.iter().map(u32::to_string).collect();
        let weights: Vec<&str> = weights.iter().map(String::as_str).collect();
        for method in [Aggregator::Arithmetic, Aggregator::Geometric, Aggregator::Harmonic, Aggregator::Generalised { p: 2.0 }, Aggregator::Minimum] {
            let out = aggregated(&[&values, &values, &values], &weights, method).unwrap();
            for (o, v) in out.iter().zip(&values) {
                prop_assert!((o - v).abs() <= 1e-9 * v, "{method:?}: {o} vs {v}");
            }
        }
    }

    #[test]
    fn no_noise_reproduces_the_nominal_ranks(seed in any::<u64>(), units_n in 3usize..30) {
        let (data, meta) = framework(units_n, seed);
        let inputs = [
            UncertainInput { name: "w".into(), choice: Choice::WeightNoise { levels: BTreeMap::from([(1, Decimal::ZERO), (2, Decimal::ZERO)]) } },
            UncertainInput { name: "n".into(), choice: Choice::Normalisation { alternatives: vec![Normalisation::default()] } },
        ];
        let options = UncertaintyOptions { target: None, replications: 20, seed };
        let result = uncertainty(&data, &meta, &Pipeline::default(), &inputs, &options).unwrap();
        for stats in &result.rank_stats {
            let nominal = f64::from(stats.nominal.unwrap());
            prop_assert_eq!((stats.q5, stats.median, stats.q95, stats.mean_shift), (nominal, nominal, nominal, 0.0));
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_result(seed in any::<u64>()) {
        let (data, meta) = framework(12, seed);
        let inputs = [
            UncertainInput { name: "w".into(), choice: Choice::WeightNoise { levels: BTreeMap::from([(1, d("0.5"))]) } },
            UncertainInput { name: "a".into(), choice: Choice::Aggregation { alternatives: vec![vec![Aggregator::Arithmetic], vec![Aggregator::Copeland]] } },
        ];
        let options = SensitivityOptions { target: None, n: 16, seed, bootstrap: 20 };
        let first = sensitivity(&data, &meta, &Pipeline::default(), &inputs, &options).unwrap();
        let second = sensitivity(&data, &meta, &Pipeline::default(), &inputs, &options).unwrap();
        prop_assert_eq!(&first, &second);
        let other = sensitivity(&data, &meta, &Pipeline::default(), &inputs, &SensitivityOptions { seed: seed ^ 1, ..options }).unwrap();
        prop_assert_ne!(first.uncertainty.draws, other.uncertainty.draws);
    }
}

mod scorecard_ranks {
    use ics_outcomes::composite::{RankUncertaintyOptions, ScoringAlternative, rank_uncertainty};
    use ics_outcomes::{ScoreOptions, Weighting, score};
    use rust_decimal::Decimal;

    use crate::common::default_parts;

    fn card(weighting: Weighting) -> ics_outcomes::Scorecard {
        let (national, locals, observations, geography) = default_parts();
        score(&national, &locals, &observations, &geography, &ScoreOptions { weighting, ..ScoreOptions::default() })
            .unwrap()
    }

    fn still(policies: Vec<Weighting>) -> RankUncertaintyOptions {
        RankUncertaintyOptions {
            replications: 20,
            weight_noise: Decimal::ZERO,
            policies,
            scoring: vec![ScoringAlternative::AsDefined],
            ..RankUncertaintyOptions::default()
        }
    }

    #[test]
    fn without_noise_each_policy_reproduces_the_scorecard_ranks_under_it() {
        let nominal = card(Weighting::EqualPerPriority);
        for policy in [Weighting::EqualPerPriority, Weighting::EqualPerTarget, Weighting::EqualPerTier] {
            let under = card(policy.clone());
            let ranks = rank_uncertainty(&nominal, &still(vec![policy.clone()])).unwrap();
            assert_eq!(ranks.areas.len(), 42);
            for interval in &ranks.areas {
                let expected = under.area(&interval.code).unwrap().rank.unwrap() as f64;
                assert_eq!(
                    (interval.q5, interval.median, interval.q95),
                    (expected, expected, expected),
                    "{policy:?} {}",
                    interval.code
                );
            }
        }
        let own = rank_uncertainty(&nominal, &still(vec![])).unwrap();
        assert!(own.areas.iter().all(|a| a.mean_shift == 0.0 && a.q5 == a.rank.unwrap() as f64));
    }

    #[test]
    fn alternatives_widen_the_intervals_reproducibly() {
        let nominal = card(Weighting::EqualPerPriority);
        let options = RankUncertaintyOptions { replications: 300, ..RankUncertaintyOptions::default() };
        let ranks = rank_uncertainty(&nominal, &options).unwrap();
        assert_eq!(ranks, rank_uncertainty(&nominal, &options).unwrap());
        let other = rank_uncertainty(&nominal, &RankUncertaintyOptions { seed: 2, ..options.clone() }).unwrap();
        assert_ne!(ranks, other);
        assert!(ranks.areas.iter().all(|a| 1.0 <= a.q5 && a.q5 <= a.median && a.median <= a.q95 && a.q95 <= 42.0));
        assert!(ranks.areas.iter().any(|a| a.q95 - a.q5 >= 5.0), "some rank moves under the alternatives");
        let order: Vec<Option<usize>> = ranks.areas.iter().map(|a| a.rank).collect();
        let mut sorted = order.clone();
        sorted.sort();
        assert_eq!(order, sorted, "league-table order");
    }

    #[test]
    fn bad_options_are_refused() {
        let nominal = card(Weighting::EqualPerPriority);
        let bad = |options: RankUncertaintyOptions| rank_uncertainty(&nominal, &options).unwrap_err().to_string();
        assert!(bad(RankUncertaintyOptions { replications: 0, ..Default::default() }).contains("replications = 0"));
        assert!(
            bad(RankUncertaintyOptions { weight_noise: Decimal::new(15, 1), ..Default::default() })
                .contains("weight_noise = 1.5")
        );
        let explicit = Weighting::Explicit(Default::default());
        assert!(
            bad(RankUncertaintyOptions { policies: vec![explicit], ..Default::default() }).contains("explicit weights")
        );
    }
}
