//! SPC throughput: XmR charts of 100,000 series of 60 points (6 million points), as one
//! batch with a target per series.
//!
//! The data are deterministic: each series has its own level and noise from a linear
//! congruential generator, with a shift, a trend or an outlier in some of them, so every rule
//! fires somewhere; values are rounded to one decimal place as published data are.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ics_outcomes::spc::{Improvement, XmrBatch, XmrOptions, xmr_batch};

const SERIES: usize = 100_000;
const POINTS: usize = 60;

/// Uniform numbers in [0, 1) from a 64-bit linear congruential generator (Knuth's MMIX).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn data() -> (Vec<f64>, Vec<usize>, Vec<f64>) {
    let mut random = Lcg(20_260_101);
    let mut values = Vec::with_capacity(SERIES * POINTS);
    let mut targets = Vec::with_capacity(SERIES);
    for s in 0..SERIES {
        let level = 50.0 + 40.0 * random.next();
        let spread = 0.5 + 5.0 * random.next();
        for t in 0..POINTS {
            let noise = spread * (random.next() + random.next() + random.next() - 1.5);
            let special = match s % 4 {
                0 if t >= 40 => spread * 2.0,                   // a shift
                1 if t >= 45 => spread * (t - 44) as f64 * 0.5, // a trend
                2 if t == 30 => spread * 8.0,                   // an outlier
                _ => 0.0,
            };
            values.push(((level + noise + special) * 10.0).round() / 10.0);
        }
        targets.push(if s % 3 == 0 { f64::NAN } else { level + spread * (random.next() * 8.0 - 4.0) });
    }
    let offsets = (0..=SERIES).map(|s| s * POINTS).collect();
    (values, offsets, targets)
}

fn bench(c: &mut Criterion) {
    let (values, offsets, targets) = data();
    let batch = XmrBatch { values: &values, offsets: &offsets, rebase: None, targets: Some(&targets) };
    let options = XmrOptions { improvement: Improvement::Decrease, ..XmrOptions::default() };
    let columns = xmr_batch(&batch, &options).expect("valid batch");
    let special = columns.point_type.iter().filter(|t| t.as_str() != "common_cause").count();
    assert!(special > 0 && special < values.len(), "the data exercise the rules");

    let mut group = c.benchmark_group("spc");
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    group.bench_function("xmr_batch_100k_series_x_60_points", |b| {
        b.iter(|| xmr_batch(black_box(&batch), black_box(&options)).expect("valid batch"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
