//! Bulk calls split across threads give the same result, bit for bit, as on one thread.

use ics_outcomes::composite::{Pipeline, RankUncertaintyOptions, UncertaintyOptions, rank_uncertainty, uncertainty};
use ics_outcomes::record::Digest;
use ics_outcomes::spc::{Improvement, XmrBatch, XmrOptions, xmr_batch};
use ics_outcomes::stats::dist::z_for;
use ics_outcomes::stats::interval::{
    byars_limits, byars_lower, byars_upper, poisson, poisson_limits, wilson, wilson_limits,
};
use ics_outcomes::stats::{Confidence, Field, ProportionOptions, RateOptions, proportion, rate};
use ics_outcomes::threads::{max_threads, set_max_threads};
use ics_outcomes::{
    Area, AreaLevel, Catalogue, Geography, Observation, Observations, ScoreOptions, TextRow, defaults, score,
};
use proptest::prelude::*;

/// Counts from a fixed generator, some of them missing, small or at the edge of f64.
fn counts(rows: usize) -> (Vec<f64>, Vec<f64>) {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    (0..rows)
        .map(|i| {
            let n = match i % 1000 {
                0 => 1e308,
                _ => (next() * 100_000.0).floor() + 1.0,
            };
            let x = if i % 777 == 0 { f64::NAN } else { (n * next()).floor() };
            (x, n)
        })
        .unzip()
}

fn bits(values: &[f64]) -> Vec<u64> {
    values.iter().map(|v| v.to_bits()).collect()
}

/// One test, so that no other test changes the cap while it compares.
#[test]
fn every_bulk_call_gives_the_same_bits_on_one_thread_and_on_all() {
    let (x, n) = counts(300_000);
    let series: Vec<f64> = x.iter().map(|v| if v.is_nan() { 1.0 } else { v % 97.0 }).collect();
    let offsets: Vec<usize> = (0..=series.len() / 60).map(|s| s * 60).collect();
    let card = crate::common::default_card();
    let column = |k: f64| (0..40).map(|i| ((i as f64) * k).sin()).collect::<Vec<_>>();
    let (data, meta) = crate::common::two_indicator_tree(column(1.3), column(0.7));
    let noise = crate::common::weight_noise();
    let (places, place_rows) = places(1200);
    let national = defaults::national_framework();
    let catalogue = Catalogue::new(&places, &national, &[]);
    let place_data =
        Observations::from_rows(place_rows, &catalogue, "places").expect("the default data, copied to places");
    // The same rows as CSV text fields, loaded in parts.
    let mut csv = Vec::new();
    place_data.write_csv(&mut csv).expect("written");
    let csv = String::from_utf8(csv).expect("text");
    let texts: Vec<Vec<&str>> = csv.lines().skip(1).map(|line| line.split(',').collect()).collect();
    let field_row = |i: usize| {
        let field = |k: usize| texts[i][k];
        let (area_code, metric_id, period) = (field(0), field(1), field(2));
        TextRow { area_code, metric_id, period, value: field(3), numerator: field(4), denominator: field(5) }.into()
    };
    assert!(texts.len() > 2 << 16, "enough rows to load in parts: {}", texts.len());
    let in_parts = Observations::from_indexed_rows(texts.len(), field_row, &catalogue, "places");
    assert_eq!(in_parts.expect("the same rows"), place_data, "loaded in parts and in one pass");
    let run = || {
        let p = proportion(Field::new("x", &x), Field::new("n", &n), None, &ProportionOptions::default());
        let r = rate(Field::new("x", &x), Field::new("n", &n), None, &RateOptions::default());
        let batch =
            XmrBatch { values: &series[..offsets[offsets.len() - 1]], offsets: &offsets, rebase: None, targets: None };
        let options = XmrOptions { improvement: Improvement::Increase, ..XmrOptions::default() };
        let xmr = xmr_batch(&batch, &options).expect("a valid batch");
        // A digest is hashed in blocks on every core: loaded afresh, as a digest is kept.
        let fresh = Observations::from_indexed_rows(texts.len(), field_row, &catalogue, "places").expect("loaded");
        let column = |t: &ics_outcomes::stats::Table, name: &str| bits(t.numbers(name).expect("a column"));
        let (p, r) = (p.expect("clean counts"), r.expect("clean counts"));
        let ranks = rank_uncertainty(&card, &RankUncertaintyOptions { replications: 3000, ..Default::default() })
            .expect("a scored card");
        let composite = uncertainty(
            &data,
            &meta,
            &Pipeline::default(),
            &noise,
            &UncertaintyOptions { target: None, replications: 3000, seed: 7 },
        )
        .expect("a valid design");
        let by_place = ScoreOptions { level: Some(AreaLevel::Place), ..ScoreOptions::default() };
        let card = score(&national, &[], &place_data, &places, &by_place).expect("places score");
        (
            serde_json::to_string(&card).expect("serialisable"),
            ["value", "lowercl", "uppercl"].map(|c| column(&p, c)),
            ["value", "lowercl", "uppercl"].map(|c| column(&r, c)),
            (0..r.rows).map(|i| r.text_at("method", i).map(str::to_owned)).collect::<Vec<_>>(),
            serde_json::to_string(&xmr).expect("serialisable"),
            serde_json::to_string(&ranks).expect("serialisable"),
            (bits(&composite.scores), serde_json::to_string(&composite.rank_stats).expect("serialisable")),
            Digest::of_observations(&fresh),
        )
    };
    set_max_threads(1);
    assert_eq!(max_threads(), 1);
    let one = run();
    set_max_threads(0);
    let all = run();
    assert!(one == all, "results differ between one thread and {}", max_threads());
    // More parts than this machine's cores: parts must still join in order.
    let pool = rayon::ThreadPoolBuilder::new().num_threads(5).build().expect("a thread pool");
    let five = pool.install(|| {
        assert_eq!(max_threads(), 5);
        run()
    });
    assert!(one == five, "results differ between one thread and five");
}

/// The default geography with `count` places spread over its systems, and the default data
/// (its national metrics) copied to every place from its system: enough places that
/// scoring splits them.
fn places(count: usize) -> (Geography, Vec<Observation>) {
    let geography = defaults::geography();
    let systems: Vec<String> = geography.at_level(AreaLevel::System).map(|a| a.code.clone()).collect();
    let place = |i: usize| Area {
        code: format!("P{i:04}"),
        alt_code: None,
        name: format!("Place {i}"),
        level: AreaLevel::Place,
        parent: Some(systems[i % systems.len()].clone()),
    };
    let national = defaults::national_framework();
    let data: Vec<Observation> =
        defaults::observations().rows().filter(|o| national.metric(&o.metric).is_some()).collect();
    let rows = (0..count)
        .flat_map(|i| {
            let system = &systems[i % systems.len()];
            data.iter()
                .filter(move |o| &o.area == system)
                .map(move |o| Observation { area: format!("P{i:04}"), ..o.clone() })
        })
        .collect();
    (geography.with_areas((0..count).map(place)).expect("new places"), rows)
}

proptest! {
    /// The vectorised Wilson limits are the scalar formula's, bit for bit, wherever the
    /// formula needs its overflow path or a value is missing.
    #[test]
    fn wilson_limits_are_the_scalar_limits(
        rows in prop::collection::vec((0.0f64..1.0, prop::sample::select(vec![1.0, 7.0, 1e6, 1e300, 1e308, f64::NAN])), 1..64),
        level in prop::sample::select(vec![0.8, 0.95, 0.998, 1.0]),
        multiplier in prop::sample::select(vec![1.0, 100.0, 1e5]),
    ) {
        let n: Vec<f64> = rows.iter().map(|r| r.1).collect();
        let x: Vec<f64> = rows.iter().map(|r| (r.0 * r.1).floor()).collect();
        let z = z_for(level);
        let (lower, upper) = wilson_limits(&x, &n, z, multiplier);
        for i in 0..x.len() {
            let (l, u) = wilson(x[i], n[i], z);
            prop_assert_eq!((lower[i] .to_bits(), upper[i].to_bits()), ((l * multiplier).to_bits(), (u * multiplier).to_bits()));
        }
    }

    /// Poisson limits with the exact limits of small counts computed once are those of
    /// [`poisson`] row by row.
    #[test]
    fn poisson_limits_are_the_scalar_limits(
        x in prop::collection::vec(prop::sample::select(vec![0.0, 1.0, 2.5, 9.0, 9.99, 10.0, 11.0, 1e6, f64::NAN]), 1..64),
        level in prop::sample::select(vec![0.95, 0.998]),
    ) {
        let confidence = Confidence::standard(&[level]).expect("a valid level");
        let (c, z) = (confidence.levels()[0], confidence.z()[0]);
        let (lower, upper) = poisson_limits(&x, c, z);
        let (byars_low, byars_high) = byars_limits(&x, z);
        for i in 0..x.len() {
            let (l, u) = poisson(x[i], c, z);
            prop_assert_eq!((lower[i].to_bits(), upper[i].to_bits()), (l.to_bits(), u.to_bits()));
            // Byar's on every row, small counts too.
            let (l, u) = (byars_lower(x[i], z), byars_upper(x[i], z));
            prop_assert_eq!((byars_low[i].to_bits(), byars_high[i].to_bits()), (l.to_bits(), u.to_bits()));
        }
    }
}
