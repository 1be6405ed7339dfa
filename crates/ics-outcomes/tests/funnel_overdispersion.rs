//! Funnel plots with overdispersion: invariants over generated units, the multiplicative
//! alternative by its derivation, and typed errors for hostile inputs. The package's own
//! numbers are checked in the `reference` binary (`funnelplotr`).

use ics_outcomes::stats::{
    Field, FunnelDataType, Groups, Limit, OverdispersedFunnel, Overdispersion, OverdispersionOptions, RatioMethod, Z95,
    Z998, funnel_overdispersion, r_round,
};
use ics_outcomes::{Error, ErrorClass};
use proptest::prelude::*;

fn funnel(x: &[f64], n: &[f64], options: &OverdispersionOptions) -> Result<OverdispersedFunnel, Error> {
    let keys: Vec<String> = (0..x.len()).map(|i| format!("u{i:05}")).collect();
    let (groups, labels) = Groups::from_keys(&keys);
    funnel_overdispersion(Field::new("x", x), Field::new("n", n), &groups, &labels, options)
}

fn proportion() -> OverdispersionOptions {
    OverdispersionOptions { unadjusted: true, ..OverdispersionOptions::default() }
}

/// Units with a denominator and a proportion of it.
fn units() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop::collection::vec((5.0..5_000.0f64, 0.01..0.99f64), 3..40).prop_map(|units| {
        let n: Vec<f64> = units.iter().map(|(n, _)| n.round()).collect();
        let x = units.iter().zip(&n).map(|((_, p), n)| (p * n).round()).collect();
        (x, n)
    })
}

fn data_type() -> impl Strategy<Value = FunnelDataType> {
    prop::sample::select(vec![FunnelDataType::Proportion, FunnelDataType::Rate])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_overdispersed_band_holds_the_unadjusted_band((x, n) in units(), data_type in data_type()) {
        let options = OverdispersionOptions { data_type, ..proportion() };
        let f = funnel(&x, &n, &options).expect("funnel");
        let l = &f.curves.limits;
        // Proportions' limits turn back where the arcsine leaves its range (the package's
        // fix zeroes them by the neighbouring row): compare where it does not.
        let centre = f.target.sqrt().asin();
        let in_range = |i: usize| {
            let w = Z998 * (f.curves.s[i].powi(2) + f.tau2).sqrt();
            data_type == FunnelDataType::Rate || (centre - w >= 0.0 && centre + w <= std::f64::consts::FRAC_PI_2)
        };
        for i in (0..f.curves.denominator.len()).filter(|&i| in_range(i)) {
            prop_assert!(l.od_lower998[i] <= l.lower998[i] && l.upper998[i] <= l.od_upper998[i], "row {i}");
            prop_assert!(l.od_lower95[i] <= l.lower95[i] && l.upper95[i] <= l.od_upper95[i], "row {i}");
            prop_assert!(l.lower998[i] <= l.lower95[i] && l.upper95[i] <= l.upper998[i], "row {i}");
        }
        if f.tau2 == 0.0 {
            prop_assert_eq!(&l.od_lower998, &l.lower998);
            prop_assert_eq!(&l.od_upper95, &l.upper95);
        }
    }

    #[test]
    fn the_unit_limits_are_the_curves_at_their_denominators((x, n) in units()) {
        let f = funnel(&x, &n, &proportion()).expect("funnel");
        for (i, d) in f.units.denominator.iter().enumerate() {
            let row = f.curves.denominator.iter().position(|x| x == d).expect("every denominator is a row");
            prop_assert!(f.curves.unit_denominator[row]);
            prop_assert_eq!(f.units.limits.od_upper998[i], f.curves.limits.od_upper998[row]);
            prop_assert_eq!(f.units.limits.lower95[i], f.curves.limits.lower95[row]);
        }
        let grid = f.curves.on_grid.iter().filter(|&&g| g).count();
        prop_assert_eq!(grid, ics_outcomes::stats::GRID_POINTS);
    }

    #[test]
    fn multiplicative_limits_are_the_target_plus_or_minus_z_root_phi_s((x, n) in units()) {
        let options = OverdispersionOptions { data_type: FunnelDataType::Rate, overdispersion: Overdispersion::Multiplicative, ..proportion() };
        let f = funnel(&x, &n, &options).expect("funnel");
        let phi = f.phi.max(1.0);
        let centre = f.target.ln();
        for (i, &s) in f.curves.s.iter().enumerate() {
            let l = &f.curves.limits;
            let near = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
            prop_assert!(near(l.od_lower998[i].ln(), centre - Z998 * phi.sqrt() * s));
            prop_assert!(near(l.od_upper95[i].ln(), centre + Z95 * phi.sqrt() * s));
        }
        for i in 0..x.len() {
            let z = f.units.z[i] / phi.sqrt();
            prop_assert!((f.units.z_adjusted[i] - z).abs() <= 1e-12 * z.abs().max(1.0));
        }
    }
}

#[test]
fn multiplicative_proportions_widen_by_root_phi_on_the_arcsine_scale() {
    let x = [12.0, 40.0, 7.0, 90.0, 30.0, 55.0, 3.0, 61.0];
    let n = [100.0, 300.0, 80.0, 500.0, 150.0, 400.0, 90.0, 200.0];
    let options = OverdispersionOptions { overdispersion: Overdispersion::Multiplicative, ..proportion() };
    let f = funnel(&x, &n, &options).expect("funnel");
    assert!(f.phi > 1.0, "overdispersed data: phi {}", f.phi);
    let centre = f.target.sqrt().asin();
    for (i, &d) in f.units.denominator.iter().enumerate() {
        let s = 1.0 / (2.0 * d.sqrt());
        let expected = (centre + Z998 * f.phi.sqrt() * s).sin().powi(2);
        assert!((f.units.limits.od_upper998[i] - expected).abs() <= 1e-12, "unit {i}");
    }
    // The additive limits of the same data differ: τ² is not φ.
    let additive = funnel(&x, &n, &proportion()).expect("funnel");
    assert_ne!(additive.units.limits.od_upper998, f.units.limits.od_upper998);
    assert_eq!(additive.phi, f.phi);
}

#[test]
fn no_overdispersion_falls_back_to_the_unadjusted_limits_and_says_so() {
    // All-equal proportions: every z is 0, so phi = tau2 = 0.
    let n = [100.0, 200.0, 300.0, 400.0];
    let x = n.map(|n| n / 4.0);
    let options = OverdispersionOptions::default();
    let f = funnel(&x, &n, &options).expect("funnel");
    assert_eq!((f.phi, f.tau2), (0.0, 0.0));
    assert!(!f.adjusted_drawn && f.unadjusted_drawn);
    assert_eq!(f.note, Some(ics_outcomes::stats::NO_OVERDISPERSION));
    assert_eq!(f.outliers(), 0);
    // With adjustment off, phi and tau2 are returned as 0 whatever the data.
    let off = OverdispersionOptions { adjusted: false, unadjusted: true, ..options };
    let f = funnel(&[5.0, 90.0, 10.0], &[100.0, 100.0, 100.0], &off).expect("funnel");
    assert_eq!((f.phi, f.tau2), (0.0, 0.0));
    assert!(f.phi_estimated > 1.0);
    assert_eq!(f.note, Some(ics_outcomes::stats::UNADJUSTED_ONLY));
}

#[test]
fn one_unit_needs_adjustment_off() {
    let error = funnel(&[5.0], &[10.0], &OverdispersionOptions::default()).expect_err("one unit");
    assert_eq!(error.class(), ErrorClass::Data);
    assert!(error.to_string().contains("at least two units"), "{error}");
    let options = OverdispersionOptions { adjusted: false, unadjusted: true, ..OverdispersionOptions::default() };
    let f = funnel(&[5.0], &[10.0], &options).expect("one unit, unadjusted");
    assert_eq!(f.units.value, [0.5]);
}

#[test]
fn hostile_records_are_data_errors_naming_field_and_value() {
    let options = OverdispersionOptions::default();
    let cases: [(&[f64], &[f64], &str); 6] = [
        (&[1.0, 2.0], &[0.0, 5.0], "n[0]"),
        (&[1.0, 2.0], &[-3.0, 5.0], "n[0]"),
        (&[7.0, 2.0], &[5.0, 5.0], "x[0]"),
        (&[f64::NAN, 2.0], &[5.0, 5.0], "x[0]"),
        (&[1.0, -2.0], &[5.0, 5.0], "x[1]"),
        (&[1.0, 2.0], &[5.0, f64::INFINITY], "n[1]"),
    ];
    for (x, n, path) in cases {
        let error = funnel(x, n, &options).expect_err("hostile");
        assert_eq!(error.class(), ErrorClass::Data, "{error:?}");
        assert_eq!(error.issues()[0].path, path, "{error}");
    }
    // A numerator above its denominator is fine for rates.
    let rate = OverdispersionOptions { data_type: FunnelDataType::Rate, ..options };
    assert!(funnel(&[7.0, 2.0, 4.0], &[5.0, 5.0, 9.0], &rate).is_ok());
    // Under SHMI rounding an expected count below 0.005 has nothing left.
    let shmi = OverdispersionOptions { data_type: FunnelDataType::Ratio, ..options };
    let error = funnel(&[0.0, 2.0, 3.0], &[0.004, 2.0, 3.0], &shmi).expect_err("rounds to 0");
    assert!(error.to_string().contains("rounding"), "{error}");
    let unrounded = OverdispersionOptions { shmi_rounding: false, ..shmi };
    assert!(funnel(&[0.0, 2.0, 3.0], &[0.004, 2.0, 3.0], &unrounded).is_ok());
}

#[test]
fn hostile_options_are_argument_errors() {
    let x = [1.0, 2.0, 3.0];
    for trim_by in [0.0, 0.5, -0.1, f64::NAN, 0.7] {
        let options = OverdispersionOptions { trim_by, ..OverdispersionOptions::default() };
        let error = funnel(&x, &[5.0; 3], &options).expect_err("trim_by");
        assert!(matches!(&error, Error::Argument { argument, .. } if argument == "trim_by"), "{error:?}");
    }
    let options = OverdispersionOptions { multiplier: 0.0, ..OverdispersionOptions::default() };
    assert!(matches!(funnel(&x, &[5.0; 3], &options), Err(Error::Argument { .. })));
    assert!(matches!(Limit::from_percent(90.0), Err(Error::Argument { argument, .. }) if argument == "limit"));
    assert_eq!(Limit::from_percent(99.0).expect("99").percent(), 99);
    assert!("funnel".parse::<RatioMethod>().is_err());
    assert_eq!("cqc".parse::<RatioMethod>().expect("cqc"), RatioMethod::Cqc);
}

#[test]
fn zero_counts_under_shmi_give_infinite_tau2_without_error() {
    // More zero counts than truncation removes: phi and tau2 are infinite, the overdispersed
    // limits 0 and infinity, and nothing is flagged against them (the package's F40).
    let x = [0.0, 0.0, 0.0, 0.0, 3.0, 5.0, 8.0, 12.0, 20.0, 9.0];
    let e = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
    let options = OverdispersionOptions { data_type: FunnelDataType::Ratio, ..OverdispersionOptions::default() };
    let f = funnel(&x, &e, &options).expect("funnel");
    assert_eq!((f.phi, f.tau2), (f64::INFINITY, f64::INFINITY));
    assert!(f.units.limits.od_lower998.iter().all(|&l| l == 0.0));
    assert!(f.units.limits.od_upper998.iter().all(|&u| u == f64::INFINITY));
    assert_eq!(f.outliers(), 0);
}

#[test]
fn r_round_takes_the_nearer_double() {
    for (x, expected) in [
        (2.675, 2.67),
        (10.125, 10.12),
        (33.335, 33.34),
        (100.005, 100.0),
        (7.245, 7.24),
        (250.015, 250.01),
        (0.5, 0.5),
    ] {
        assert_eq!(r_round(x, 2), expected, "{x}");
    }
    assert_eq!(r_round(-2.675, 2), -2.67);
}
