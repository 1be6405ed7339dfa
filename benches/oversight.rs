//! NOF throughput: 250 providers × 40 metrics × 12 quarters.
//!
//! Each iteration, for every quarter, scores all 40 metrics across the 250 providers (rank
//! scoring with a standard on a quarter of the metrics and a floor on another quarter),
//! averages each provider, segments by within-type quartiles with the overrides, ranks the
//! league table, and explains the movements from the previous quarter.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ics_outcomes::oversight::{
    MetricRule, OversightSettings, ProviderInput, ScoredMetric, assess, league_table, movements, score_metric,
};
use ics_outcomes::{Polarity, Rounding};
use rust_decimal::Decimal;

const PROVIDERS: usize = 250;
const METRICS: usize = 40;
const QUARTERS: usize = 12;

/// A deterministic spread of values 0.00–99.99 per (provider, metric, quarter).
fn value(provider: usize, metric: usize, quarter: usize) -> Decimal {
    let mixed = (provider * 7919 + metric * 104_729 + quarter * 1_299_709) % 10_000;
    Decimal::new(mixed as i64, 2)
}

fn rule(metric: usize) -> MetricRule {
    let direction = if metric.is_multiple_of(2) { Polarity::HigherIsBetter } else { Polarity::LowerIsBetter };
    match metric % 4 {
        0 => MetricRule::Ranked { direction, standard: Some(Decimal::from(90)), floor: None },
        1 => MetricRule::Ranked { direction, standard: None, floor: Some(Decimal::from(90)) },
        _ => MetricRule::Ranked { direction, standard: None, floor: None },
    }
}

fn run_year(rules: &[MetricRule], settings: &OversightSettings) -> usize {
    let mut previous = Vec::new();
    let mut moved = 0;
    for quarter in 0..QUARTERS {
        let mut metrics: Vec<Vec<ScoredMetric>> = (0..PROVIDERS).map(|_| Vec::with_capacity(METRICS)).collect();
        for (m, rule) in rules.iter().enumerate() {
            let values: Vec<Option<Decimal>> = (0..PROVIDERS).map(|p| Some(value(p, m, quarter))).collect();
            let scores = score_metric(rule, &values, Rounding::HalfAwayFromZero).expect("valid rule");
            for (p, score) in scores.iter().enumerate() {
                metrics[p].push(ScoredMetric::new(format!("m{m:02}"), format!("d{}", m % 5), score.unrounded));
            }
        }
        let providers: Vec<ProviderInput> = metrics
            .into_iter()
            .enumerate()
            .map(|(p, metrics)| ProviderInput {
                code: format!("R{p:03}"),
                provider_type: ["acute", "mh", "ambulance"][p % 3].into(),
                metrics,
                in_deficit: (p + quarter).is_multiple_of(5),
                in_recovery_programme: p.is_multiple_of(50),
            })
            .collect();
        let assessed = assess(&providers, settings).expect("valid providers");
        let entries: Vec<(&str, u8, Decimal)> =
            assessed.iter().map(|a| (a.code.as_str(), a.segments.segment, a.average_published)).collect();
        black_box(league_table(&entries));
        moved += movements(&previous, &assessed).len();
        previous = assessed;
    }
    moved
}

fn bench(c: &mut Criterion) {
    let rules: Vec<MetricRule> = (0..METRICS).map(rule).collect();
    let settings = OversightSettings::default();
    let mut group = c.benchmark_group("oversight");
    group.sample_size(10);
    group.bench_function("250 providers x 40 metrics x 12 quarters", |b| {
        b.iter(|| black_box(run_year(black_box(&rules), &settings)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
