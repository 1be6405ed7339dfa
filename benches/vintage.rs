//! Reprojection of small-area counts onto ICBs: 33,755 LSOAs × 300 months (10.1 million
//! rows of counts) summed through a lookup into the 36 ICBs of April 2026, as
//! `vintage::reproject` does for `ics-outcomes reproject --lookup`.
//!
//! `cargo bench -p ics-outcomes-benches --bench vintage`. The rows are built once, outside the
//! timing; each iteration resolves every row's small area, sums its counts into its ICB and
//! checks that England's totals are unchanged.

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use ics_outcomes::vintage::{Lookup, Reprojection, Vintages, reproject};
use ics_outcomes::{Observation, Period};
use rust_decimal::Decimal;

const LSOAS: usize = 33_755;
const MONTHS: usize = 300;

/// A lookup of every LSOA to one of the 36 ICBs (round robin, as the bench needs no map).
fn lookup() -> Lookup {
    let icbs = Vintages::embedded().icbs_in("2026-04").expect("embedded vintage");
    let mut text = String::from("LSOA21CD,ICB26CD\n");
    for i in 0..LSOAS {
        text.push_str(&format!("E01{i:06},{}\n", icbs[i % icbs.len()].code));
    }
    Lookup::from_csv(&text, "lookup.csv", Vintages::embedded()).expect("valid lookup")
}

/// One row of counts per LSOA and month, seeded by their indices.
fn rows() -> Vec<Observation> {
    let months: Vec<Period> = (0..MONTHS)
        .map(|m| Period::Month { year: 2001 + ((m + 3) / 12) as u16, month: ((m + 3) % 12 + 1) as u8 })
        .collect();
    let mut rows = Vec::with_capacity(LSOAS * MONTHS);
    for i in 0..LSOAS {
        let area = format!("E01{i:06}");
        for (m, &period) in months.iter().enumerate() {
            let denominator = 200 + (i * 7 + m * 13) % 1_800;
            rows.push(Observation {
                area: area.clone(),
                metric: "ae_4h".into(),
                period,
                value: None,
                numerator: Some(Decimal::from(denominator * 3 / 4)),
                denominator: Some(Decimal::from(denominator)),
            });
        }
    }
    rows
}

fn bench(c: &mut Criterion) {
    let (lookup, rows) = (lookup(), rows());
    let how = Reprojection { lookup: Some(&lookup), ..Reprojection::default() };
    let out = reproject(&rows, "2026-04", &how).expect("reprojects");
    assert_eq!(out.len(), 36 * MONTHS);
    let mut group = c.benchmark_group("vintage");
    group.sample_size(10).measurement_time(Duration::from_secs(30));
    group.bench_function("reproject 33,755 LSOAs x 300 months (10.1M rows) onto 36 ICBs", |b| {
        b.iter(|| reproject(black_box(&rows), "2026-04", &how).expect("reprojects"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
