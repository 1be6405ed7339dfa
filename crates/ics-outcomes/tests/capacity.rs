//! Counts that size work (replications, repetitions, bootstrap resamples) too large to hold in
//! memory are refused as `Error::Argument` naming the count, before anything is allocated:
//! no overflow panic, no aborted process; nor does an empty table panic (#10).

use ics_outcomes::Error;
use ics_outcomes::composite::{
    Data, Meta, Pipeline, RankUncertaintyOptions, SensitivityOptions, UncertainInput, UncertaintyOptions,
    rank_uncertainty, sensitivity, uncertainty,
};
use ics_outcomes::stats::{Field, SiiFields, SiiOptions, sii};

/// Counts no machine can hold the work of: the first overflows the buffer size, the second
/// overflows nothing but asks for terabytes.
const HUGE: [usize; 3] = [usize::MAX, usize::MAX / 2 + 1, 1 << 42];

fn refused(result: Result<impl std::fmt::Debug, Error>, argument: &str) {
    match result {
        Err(Error::Argument { argument: got, message, .. }) => {
            assert_eq!(got, argument);
            assert!(message.contains("cannot be allocated"), "{message}");
        }
        other => panic!("expected an argument error on {argument}, got {other:?}"),
    }
}

fn tree() -> (Data, Meta) {
    crate::common::two_indicator_tree(vec![1.0, 2.0, 3.0, 4.0], vec![4.0, 3.0, 2.0, 1.0])
}

fn noise() -> Vec<UncertainInput> {
    crate::common::weight_noise()
}

#[test]
fn scorecard_rank_uncertainty_refuses_replications_beyond_memory() {
    let card = crate::common::default_card();
    for replications in HUGE {
        let options = RankUncertaintyOptions { replications, ..RankUncertaintyOptions::default() };
        refused(rank_uncertainty(&card, &options), "replications");
    }
    let fine = RankUncertaintyOptions { replications: 5, ..RankUncertaintyOptions::default() };
    assert_eq!(rank_uncertainty(&card, &fine).expect("five replications").areas.len(), 42);
}

#[test]
fn composite_uncertainty_and_sensitivity_refuse_counts_beyond_memory() {
    let (data, meta) = tree();
    for replications in HUGE {
        let options = UncertaintyOptions { target: None, replications, seed: 1 };
        refused(uncertainty(&data, &meta, &Pipeline::default(), &noise(), &options), "replications");
        let options = SensitivityOptions { target: None, n: replications, seed: 1, bootstrap: 10 };
        refused(sensitivity(&data, &meta, &Pipeline::default(), &noise(), &options), "n");
        let options = SensitivityOptions { target: None, n: 10, seed: 1, bootstrap: replications };
        refused(sensitivity(&data, &meta, &Pipeline::default(), &noise(), &options), "bootstrap");
    }
    let options = SensitivityOptions { target: None, n: 10, seed: 1, bootstrap: 10 };
    assert_eq!(sensitivity(&data, &meta, &Pipeline::default(), &noise(), &options).expect("small").output.len(), 30);
}

#[test]
fn sii_refuses_repetitions_beyond_memory() {
    let (q, p) = ([1.0, 2.0, 3.0, 4.0, 5.0], [100.0; 5]);
    let (v, s) = ([80.0, 79.0, 78.0, 77.0, 75.0], [0.5; 5]);
    let fields = SiiFields {
        value: Some(Field::new("value", &v)),
        se: Some(Field::new("se", &s)),
        ..SiiFields::new(Field::new("quantile", &q), Field::new("population", &p))
    };
    for repetitions in HUGE {
        refused(sii(&fields, None, &SiiOptions { repetitions, ..SiiOptions::default() }), "repetitions");
    }
    assert!(sii(&fields, None, &SiiOptions { repetitions: 1000, ..SiiOptions::default() }).is_ok());
}

#[test]
fn uncertainty_and_sensitivity_of_no_units_are_argument_errors() {
    let (_, meta) = tree();
    let empty = Data::new(vec![], vec![("x".into(), vec![]), ("y".into(), vec![])], "test").expect("valid data");
    let options = UncertaintyOptions { target: None, replications: 10, seed: 1 };
    let err = uncertainty(&empty, &meta, &Pipeline::default(), &noise(), &options).unwrap_err();
    assert!(matches!(err, Error::Argument { ref argument, .. } if argument == "data"), "{err}");
    let options = SensitivityOptions { target: None, n: 10, seed: 1, bootstrap: 10 };
    let err = sensitivity(&empty, &meta, &Pipeline::default(), &noise(), &options).unwrap_err();
    assert!(matches!(err, Error::Argument { ref argument, .. } if argument == "data"), "{err}");
}
