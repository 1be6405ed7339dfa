//! Scoring throughput: every area judged on 60 targets in each of 12 quarters.
//!
//! `cargo bench -p ics-outcomes-benches` runs two cases: the 42 ICSs, and 7,000 places
//! nested in them. Each iteration scores all 12 quarters, so the large case judges
//! 5.04 million (area, target, quarter) triples per iteration.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use ics_outcomes::synthetic::{MetricModel, generate};
use ics_outcomes::{
    Area, AreaLevel, Catalogue, Geography, Metric, NationalFramework, NationalFrameworkDef, NationalKind, Observations,
    Period, Polarity, PriorityDef, Purpose, ScoreOptions, TargetDef, TargetKind, Unit, defaults, score,
};
use rust_decimal::Decimal;

const PRIORITIES: usize = 10;
const TARGETS_PER_PRIORITY: usize = 6;
const QUARTERS: usize = 12;

/// Every third metric is one where lower is better (its target is at most 30%).
fn lower_is_better(metric: usize) -> bool {
    metric.is_multiple_of(3)
}

/// Ten priorities of six threshold targets, each on its own percentage metric.
fn framework() -> NationalFramework {
    let metrics: Vec<Metric> = (0..PRIORITIES * TARGETS_PER_PRIORITY)
        .map(|i| Metric {
            id: format!("m{i:02}"),
            name: format!("Metric {i}"),
            unit: Unit::Percentage,
            polarity: if lower_is_better(i) { Polarity::LowerIsBetter } else { Polarity::HigherIsBetter },
            decimals: 1,
            source: None,
            statistic: None,
            combine: None,
            weight: None,
            spc_chart: None,
        })
        .collect();
    let priorities = (0..PRIORITIES)
        .map(|p| PriorityDef {
            id: format!("p{p}"),
            title: format!("Priority {p}"),
            purposes: vec![Purpose::Outcomes],
            principles: vec![],
            description: None,
            targets: (0..TARGETS_PER_PRIORITY)
                .map(|t| {
                    let i = p * TARGETS_PER_PRIORITY + t;
                    let mut target = TargetDef::new(format!("t{i:02}"), format!("m{i:02}"), TargetKind::Threshold);
                    target.value = Some(Decimal::new(if lower_is_better(i) { 300 } else { 700 }, 1));
                    target
                })
                .collect(),
        })
        .collect();
    let def = NationalFrameworkDef {
        kind: NationalKind::National,
        id: "bench".into(),
        name: "Bench".into(),
        version: "1".into(),
        description: None,
        rounding: Default::default(),
        scoring: Default::default(),
        trajectory_years: ics_outcomes::DEFAULT_TRAJECTORY_YEARS,
        metrics,
        priorities,
    };
    NationalFramework::new(def, "<bench>").expect("valid bench framework")
}

fn quarters() -> Vec<Period> {
    let first = Period::Quarter { start_year: 2023, quarter: 1 };
    std::iter::successors(Some(first), |p| Some(p.next())).take(QUARTERS).collect()
}

fn observations(national: &NationalFramework, geography: &Geography, areas: &[String]) -> Observations {
    let models: Vec<(&Metric, MetricModel)> = national
        .metrics()
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let centre = if lower_is_better(i) { 30.0 } else { 70.0 };
            (m, MetricModel { centre, spread: 5.0, trend: 0.2, noise: 1.0, denominator: None })
        })
        .collect();
    let codes: Vec<&str> = areas.iter().map(String::as_str).collect();
    let rows = generate(1, &codes, &models, &quarters());
    Observations::from_rows(rows, &Catalogue::new(geography, national, &[]), "<bench>").expect("valid bench data")
}

fn places(geography: &Geography, n: usize) -> (Geography, Vec<String>) {
    let systems: Vec<String> = geography.systems().map(|s| s.code.clone()).collect();
    let places: Vec<Area> = (0..n)
        .map(|i| Area {
            code: format!("PL{i:05}"),
            alt_code: None,
            name: format!("Place {i}"),
            level: AreaLevel::Place,
            parent: Some(systems[i % systems.len()].clone()),
        })
        .collect();
    let codes = places.iter().map(|p| p.code.clone()).collect();
    (geography.with_areas(places).expect("valid places"), codes)
}

fn score_all_quarters(
    national: &NationalFramework,
    obs: &Observations,
    geography: &Geography,
    level: AreaLevel,
    spc: bool,
) {
    for period in quarters() {
        let options = ScoreOptions { period: Some(period), level: Some(level), spc, ..Default::default() };
        black_box(score(national, &[], obs, geography, &options).expect("scores"));
    }
}

fn bench(c: &mut Criterion) {
    let national = framework();
    // The 42 ICSs of 2025/26, so figures compare with earlier runs.
    let england = defaults::Edition::Plan2025_26.geography();
    let systems: Vec<String> = england.systems().map(|s| s.code.clone()).collect();
    let ics_obs = observations(&national, &england, &systems);
    c.bench_function("score 42 ICSs x 60 targets x 12 quarters", |b| {
        b.iter(|| score_all_quarters(&national, &ics_obs, &england, AreaLevel::System, true))
    });
    c.bench_function("score 42 ICSs x 60 targets x 12 quarters, no SPC", |b| {
        b.iter(|| score_all_quarters(&national, &ics_obs, &england, AreaLevel::System, false))
    });

    let (with_places, place_codes) = places(&england, 7_000);
    let place_obs = observations(&national, &with_places, &place_codes);
    let mut group = c.benchmark_group("large");
    group.sample_size(10);
    group.bench_function("score 7,000 places x 60 targets x 12 quarters, no SPC", |b| {
        b.iter(|| score_all_quarters(&national, &place_obs, &with_places, AreaLevel::Place, false))
    });
    group.finish();

    let csv = defaults::Edition::CURRENT.observations_csv();
    let (n, l, g) = (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
    c.bench_function("read the default observations CSV (7,104 rows)", |b| {
        b.iter(|| {
            Observations::read_csv(black_box(csv.as_bytes()), &Catalogue::new(&g, &n, &l), "bench").expect("reads")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
