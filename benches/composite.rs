//! Uncertainty analysis of a 42-unit × 60-indicator framework: 10,000 replications, the
//! issue #8 target being under one second on this 2-core machine.
//!
//! `cargo bench -p ics-outcomes-benches --bench composite`. The framework: 60 indicators,
//! 6 under each of 10 priorities, the priorities under one index; every third indicator is
//! lower-is-better; values uniform in [0, 100) from a xorshift stream, 5% missing. Each
//! replication draws (1) noise of ±25% on every indicator and priority weight, (2) min-max
//! [1, 100] or z-score (10, 2) normalisation, and (3) the arithmetic or geometric mean, then
//! ranks the 42 index scores.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ics_outcomes::composite::{
    Aggregator, Choice, Data, Meta, MetaRow, Normaliser, Pipeline, UncertainInput, UncertaintyOptions, uncertainty,
};
use rust_decimal::Decimal;

const UNITS: usize = 42;
const PRIORITIES: usize = 10;
const PER_PRIORITY: usize = 6;

/// A uniform draw in [0, 1) from a 64-bit xorshift state: enough for benchmark data.
fn uniform(state: &mut u64) -> f64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

fn framework() -> (Data, Meta) {
    let mut rows = Vec::new();
    let mut columns = Vec::new();
    let mut state = 20_260_801_u64;
    for i in 0..PRIORITIES * PER_PRIORITY {
        let code = format!("ind{i}");
        let direction = if i % 3 == 2 { -1.0 } else { 1.0 };
        rows.push(MetaRow::indicator(&code, &format!("priority{}", i / PER_PRIORITY), direction, Some(Decimal::ONE)));
        let values = (0..UNITS)
            .map(|_| {
                let v = uniform(&mut state) * 100.0;
                if uniform(&mut state) < 0.05 { f64::NAN } else { v }
            })
            .collect();
        columns.push((code, values));
    }
    for p in 0..PRIORITIES {
        rows.push(MetaRow::aggregate(&format!("priority{p}"), 2, Some("index"), Some(Decimal::ONE)));
    }
    rows.push(MetaRow::aggregate("index", 3, None, Some(Decimal::ONE)));
    let units = (0..UNITS).map(|u| format!("ICS{u:02}")).collect();
    (Data::new(units, columns, "bench").expect("valid"), Meta::new(rows, "bench").expect("valid"))
}

fn inputs() -> Vec<UncertainInput> {
    let quarter: Decimal = "0.25".parse().expect("decimal");
    vec![
        UncertainInput {
            name: "weights".into(),
            choice: Choice::WeightNoise { levels: BTreeMap::from([(1, quarter), (2, quarter)]) },
        },
        UncertainInput {
            name: "normalisation".into(),
            choice: Choice::Normalisation {
                alternatives: vec![
                    Normaliser::MinMax { low: 1.0, high: 100.0 }.into(),
                    Normaliser::ZScore { mean: 10.0, sd: 2.0 }.into(),
                ],
            },
        },
        UncertainInput {
            name: "aggregation".into(),
            choice: Choice::Aggregation {
                alternatives: vec![vec![Aggregator::Arithmetic], vec![Aggregator::Geometric]],
            },
        },
    ]
}

fn bench(c: &mut Criterion) {
    let (data, meta) = framework();
    let inputs = inputs();
    let nominal =
        Pipeline { normalisation: Normaliser::MinMax { low: 1.0, high: 100.0 }.into(), ..Pipeline::default() };
    let options = UncertaintyOptions { target: None, replications: 10_000, seed: 8 };
    let mut group = c.benchmark_group("composite_42x60");
    group.sample_size(10);
    group.bench_function("uncertainty_10k_replications", |b| {
        b.iter(|| uncertainty(black_box(&data), &meta, &nominal, &inputs, &options).expect("runs"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
