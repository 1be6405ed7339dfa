//! Invariants of the statistics over generated inputs.

use ics_outcomes::stats::dist::{chi_square_quantile, normal_quantile, t_quantile, z_for};
use ics_outcomes::stats::interval::{poisson, wilson};
use ics_outcomes::stats::{
    Confidence, DsrOptions, ESP2013, Events, Field, Groups, Invert, ProportionOptions, dsr, proportion, quantile,
};
use proptest::prelude::*;

/// Whole-number counts out of whole-number denominators, as most indicators have.
fn counts() -> impl Strategy<Value = (f64, f64)> {
    (1u32..100_000).prop_flat_map(|n| (0..=n, Just(n))).prop_map(|(x, n)| (f64::from(x), f64::from(n)))
}

fn level() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.9), Just(0.95), Just(0.99), Just(0.998), 0.9..0.9999]
}

proptest! {
    #[test]
    fn wilson_limits_lie_in_the_unit_interval_around_the_proportion((x, n) in counts(), c in level()) {
        let (lower, upper) = wilson(x, n, z_for(c));
        let p = x / n;
        prop_assert!((0.0..=p + 1e-12).contains(&lower), "lower {lower} p {p}");
        prop_assert!((p - 1e-12..=1.0 + 1e-12).contains(&upper), "upper {upper} p {p}");
    }

    #[test]
    fn wider_confidence_gives_wider_poisson_limits(x in 0u32..5_000) {
        let x = f64::from(x);
        let (l95, u95) = poisson(x, 0.95, z_for(0.95));
        let (l998, u998) = poisson(x, 0.998, z_for(0.998));
        prop_assert!(u998 > u95 && u95 > x);
        prop_assert!(l998.is_nan() || l998 <= l95);
        prop_assert!(l95.is_nan() || l95 <= x);
    }

    #[test]
    fn quantile_functions_invert_monotonically(p in 1e-9..(1.0 - 1e-9), df in 1.0..500.0) {
        let q = 1.0 - p;
        prop_assert!((normal_quantile(p) + normal_quantile(q)).abs() <= 1e-9 * normal_quantile(p).abs().max(1.0));
        prop_assert!(normal_quantile(p) < normal_quantile((p + 1e-6).min(1.0 - 1e-10)) || p + 1e-6 >= 1.0 - 1e-10);
        prop_assert!(chi_square_quantile(p, df) >= 0.0);
        prop_assert!((t_quantile(p, df) + t_quantile(q, df)).abs() <= 1e-8 * t_quantile(p, df).abs().max(1.0));
    }

    #[test]
    fn grouped_proportions_do_not_depend_on_row_order(
        rows in prop::collection::vec((0u32..5, counts()), 1..60),
        seed in any::<u64>(),
    ) {
        let keys: Vec<u32> = rows.iter().map(|r| r.0).collect();
        let x: Vec<f64> = rows.iter().map(|r| r.1.0).collect();
        let n: Vec<f64> = rows.iter().map(|r| r.1.1).collect();
        // A fixed permutation derived from the seed.
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_key(|&i| (i as u64).wrapping_mul(seed | 1).rotate_left(17));
        let shuffle = |v: &[f64]| order.iter().map(|&i| v[i]).collect::<Vec<f64>>();
        let shuffled_keys: Vec<u32> = order.iter().map(|&i| keys[i]).collect();
        let options = ProportionOptions { confidence: Confidence::standard(&[0.95, 0.998]).expect("pair"), multiplier: 100.0 };
        let (groups, _) = Groups::from_keys(&keys);
        let (shuffled_groups, _) = Groups::from_keys(&shuffled_keys);
        let a = proportion(Field::new("x", &x), Field::new("n", &n), Some(&groups), &options).expect("valid");
        let b = proportion(Field::new("x", &shuffle(&x)), Field::new("n", &shuffle(&n)), Some(&shuffled_groups), &options)
            .expect("valid");
        prop_assert_eq!(a, b);
    }

    #[test]
    fn a_dsr_is_unchanged_when_counts_and_populations_scale_together(
        bands in prop::collection::vec((0u32..500, 100u32..50_000), 19),
        k in 2u32..20,
    ) {
        let x: Vec<f64> = bands.iter().map(|b| f64::from(b.0)).collect();
        let n: Vec<f64> = bands.iter().map(|b| f64::from(b.1)).collect();
        let (kx, kn): (Vec<f64>, Vec<f64>) = x.iter().zip(&n).map(|(x, n)| (x * f64::from(k), n * f64::from(k))).unzip();
        let options = DsrOptions::default();
        let run = |x: &[f64], n: &[f64]| {
            dsr(Field::new("x", x), Field::new("n", n), Field::new("w", &ESP2013), None, Events::Independent, &options)
                .expect("valid")
        };
        let (once, scaled) = (run(&x, &n), run(&kx, &kn));
        let (v1, v2) = (once.numbers("value").expect("value")[0], scaled.numbers("value").expect("value")[0]);
        if v1.is_nan() {
            // Suppressed below 10 events; scaling may lift it over the line.
            prop_assert!(x.iter().sum::<f64>() < 10.0);
        } else {
            prop_assert!((v1 - v2).abs() <= 1e-9 * v1.abs().max(1e-9));
            // More events: a narrower interval.
            let width = |t: &ics_outcomes::stats::Table| t.numbers("uppercl").expect("u")[0] - t.numbers("lowercl").expect("l")[0];
            prop_assert!(width(&scaled) <= width(&once) + 1e-9);
        }
    }

    #[test]
    fn quantiles_run_from_one_to_q_and_follow_the_values(values in prop::collection::vec(-1e6..1e6f64, 10..200), q in 2u32..11) {
        let table = quantile(Field::new("v", &values), None, q, Invert::All(true)).expect("valid");
        let assigned = table.numbers("quantile").expect("quantile");
        for (i, &a) in assigned.iter().enumerate() {
            prop_assert!(a >= 1.0 && a <= f64::from(q));
            for (j, &b) in assigned.iter().enumerate() {
                // Inverted: a higher value never has a higher quantile.
                if values[i] > values[j] {
                    prop_assert!(a <= b);
                }
            }
        }
    }
}

#[test]
fn wilson_limits_hold_the_value_for_counts_near_the_float_limit_and_multipliers_are_positive() {
    // Finding D22.
    use ics_outcomes::stats::{Confidence, Field, ProportionOptions, proportion};
    let options = ProportionOptions { confidence: Confidence::standard(&[0.95]).unwrap(), multiplier: 1.0 };
    let table = proportion(Field::new("x", &[1e300]), Field::new("n", &[1e308]), None, &options).unwrap();
    let (lower, value, upper) = (
        table.numbers("lowercl").unwrap()[0],
        table.numbers("value").unwrap()[0],
        table.numbers("uppercl").unwrap()[0],
    );
    assert!(0.0 < lower && lower <= value && value <= upper, "{lower} {value} {upper}");
    for multiplier in [0.0, -100.0] {
        let options = ProportionOptions { multiplier, ..options.clone() };
        let err = proportion(Field::new("x", &[5.0]), Field::new("n", &[10.0]), None, &options).unwrap_err();
        assert!(err.to_string().contains("greater than 0"), "{err}");
    }
}
