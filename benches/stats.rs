//! Indicator statistics over 100,000 groups, the sizes at which the R package
//! PHEindicatormethods takes about 34 s (grouped proportion), 53 s (grouped rate) and 45 s
//! (DSR over 1.9 million rows) on this machine class.
//!
//! `cargo bench -p ics-outcomes-benches --bench stats`. Proportion and rate: 1,000,000 rows
//! in 100,000 groups (ten rows each), summed per group with Wilson or exact/Byar's limits at
//! 95% and 99.8%. DSR: 100,000 groups × 19 ESP 2013 age bands = 1.9 million rows.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ics_outcomes::stats::{
    Confidence, DsrOptions, ESP2013, Events, Field, Groups, ProportionOptions, RateOptions, dsr, proportion, rate,
};

const GROUPS: usize = 100_000;

/// A uniform draw in [0, 1) from a 64-bit xorshift state: enough for benchmark data.
fn uniform(state: &mut u64) -> f64 {
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

/// `rows_per_group` rows for each of 100,000 groups, with counts and populations.
fn data(rows_per_group: usize) -> (Groups, Vec<f64>, Vec<f64>) {
    let mut state = 20_250_401_u64;
    let rows = GROUPS * rows_per_group;
    let codes: Vec<u32> = (0..rows).map(|r| (r / rows_per_group) as u32).collect();
    let n: Vec<f64> = (0..rows).map(|_| 200.0 + (uniform(&mut state) * 5_000.0).floor()).collect();
    let x: Vec<f64> = n.iter().map(|&n| (n * uniform(&mut state) * 0.2).floor()).collect();
    (Groups::new(codes, GROUPS).expect("codes below the count"), x, n)
}

fn bench(c: &mut Criterion) {
    let pair = Confidence::standard(&[0.95, 0.998]).expect("the Fingertips pair");
    let (groups, x, n) = data(10);
    let mut group = c.benchmark_group("stats_100k_groups");
    group.sample_size(10);
    group.bench_function("proportion_1M_rows", |b| {
        let options = ProportionOptions { confidence: pair.clone(), multiplier: 100.0 };
        b.iter(|| {
            proportion(Field::new("x", &x), Field::new("n", &n), Some(black_box(&groups)), &options).expect("valid")
        })
    });
    group.bench_function("rate_1M_rows", |b| {
        let options = RateOptions { confidence: pair.clone(), multiplier: 100_000.0 };
        b.iter(|| rate(Field::new("x", &x), Field::new("n", &n), Some(black_box(&groups)), &options).expect("valid"))
    });
    let (bands, x, n) = data(ESP2013.len());
    let weights: Vec<f64> = (0..x.len()).map(|r| ESP2013[r % ESP2013.len()]).collect();
    group.bench_function("dsr_1_9M_rows", |b| {
        let options = DsrOptions { confidence: pair.clone(), multiplier: 100_000.0 };
        b.iter(|| {
            dsr(
                Field::new("x", &x),
                Field::new("n", &n),
                Field::new("w", &weights),
                Some(black_box(&bands)),
                Events::Independent,
                &options,
            )
            .expect("valid")
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
