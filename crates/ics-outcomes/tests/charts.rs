//! The Making Data Count family of charts: XmR through the general engine agrees with
//! [`xmr`], T and G charts worked by hand, the rule settings, gaps, stated statuses, hostile
//! input, rebase proposals and annotations. P, P′, U, U′ and run charts against qicharts2 are
//! in the `reference` tests.

use ics_outcomes::spc::{
    Annotation, ChartBatch, ChartColumns, ChartKind, ChartOptions, ChartRows, Improvement, LimitsStatus, PointStatus,
    Rules, SpecialCause, VariationIcon, XmrOptions, annotations_by_row, chart_batch, chart_rows, propose_rebase,
    rebase_proposals, xmr,
};
use ics_outcomes::stats::Field;
use ics_outcomes::{Error, ErrorClass};
use proptest::prelude::*;

/// One series charted.
fn chart(values: &[f64], denominators: Option<&[f64]>, options: &ChartOptions) -> Result<ChartColumns, Error> {
    let batch = ChartBatch {
        values: Field::new("value", values),
        denominators: denominators.map(|d| Field::new("denominator", d)),
        offsets: &[0, values.len()],
        rebase: None,
        targets: None,
    };
    chart_batch(&batch, options)
}

fn options(chart: ChartKind) -> ChartOptions {
    ChartOptions { chart, ..ChartOptions::default() }
}

/// A series with a step up after `before` points.
fn step(before: usize, after: usize) -> Vec<f64> {
    let wiggle = [0.0, 1.0, -1.0, 0.5, -0.5];
    (0..before + after).map(|i| if i < before { 10.0 } else { 20.0 } + wiggle[i % wiggle.len()]).collect()
}

proptest! {
    #[test]
    fn the_engines_xmr_chart_is_the_packages(
        values in prop::collection::vec(-50i32..50, 1..40),
        rebase_at in 1usize..40,
        fix in prop::option::of(12usize..20),
        screen in any::<bool>(),
        target in prop::option::of(-50i32..50),
        improvement in prop::sample::select(Improvement::ALL.to_vec()),
    ) {
        let values: Vec<f64> = values.into_iter().map(|v| f64::from(v) / 4.0).collect();
        let rebase: Vec<usize> = [rebase_at].into_iter().filter(|&r| r < values.len()).collect();
        let target = target.map(f64::from);
        let package = xmr(&values, &rebase, &XmrOptions {
            improvement, target, screen_outliers: screen, fix_after_n_points: fix, ..XmrOptions::default()
        }).unwrap();
        let engine = chart(&values, None, &ChartOptions {
            improvement,
            target,
            screened_mr: screen,
            parts: rebase.clone(),
            ..ChartOptions::default()
        });
        // A fixed baseline is per part in the package and per series in the engine: compare
        // those only without a rebase.
        let engine = if fix.is_some_and(|f| f > values.len()) {
            return Ok(());
        } else if fix.is_some() && rebase.is_empty() {
            chart(&values, None, &ChartOptions { improvement, target, screened_mr: screen, baseline: fix, ..ChartOptions::default() })
        } else if fix.is_some() {
            return Ok(());
        } else {
            engine
        }.unwrap();
        let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
        for (i, point) in package.points.iter().enumerate() {
            prop_assert!(same(engine.centre[i], point.mean), "mean at {}", i);
            prop_assert!(same(engine.lower[i], point.lpl) && same(engine.upper[i], point.upl), "limits at {}", i);
            prop_assert!(same(engine.lower_2sigma[i], point.nlpl) && same(engine.upper_2sigma[i], point.nupl));
            prop_assert_eq!(engine.special_cause[i], point.special_cause, "cause at {}", i);
            prop_assert_eq!(engine.point_type[i], point.point_type);
        }
        prop_assert_eq!(engine.variation_icon[0], package.variation_icon);
        prop_assert_eq!(engine.assurance[0], package.assurance);
    }
}

#[test]
fn a_shift_of_six_counts_only_when_the_rules_say_so() {
    let values = [5.0, 4.0, 6.0, 5.0, 4.0, 6.0, 7.0, 7.5, 7.0, 7.5, 7.0, 7.5, 5.0, 4.0, 6.0];
    let seven = chart(&values, None, &options(ChartKind::Run)).unwrap();
    assert!(!seven.special_cause.contains(&SpecialCause::SevenPointsAbove));
    let six = ChartOptions { rules: Rules { shift: 6, ..Rules::default() }, ..options(ChartKind::Run) };
    let six = chart(&values, None, &six).unwrap();
    assert_eq!(six.special_cause[6..12], [SpecialCause::SevenPointsAbove; 6]);
    let bad = ChartOptions { rules: Rules { trend: 5, ..Rules::default() }, ..options(ChartKind::Run) };
    assert_eq!(chart(&values, None, &bad).unwrap_err().class(), ErrorClass::Argument);
}

#[test]
fn two_in_three_can_be_turned_off() {
    // Two points between the upper near limit (13.05) and the upper limit (14.34), then one
    // above the mean.
    let mut values = vec![10.0, 11.0, 9.0, 10.5, 9.5, 10.0, 11.0, 9.0, 10.5, 9.5, 10.0, 11.0, 9.0];
    values.extend([13.2, 13.4, 11.0]);
    let on = chart(&values, None, &options(ChartKind::Xmr)).unwrap();
    assert!(on.special_cause.contains(&SpecialCause::TwoInThreeAbove));
    let off = ChartOptions { rules: Rules { two_in_three: false, ..Rules::default() }, ..options(ChartKind::Xmr) };
    let off = chart(&values, None, &off).unwrap();
    assert!(!off.special_cause.contains(&SpecialCause::TwoInThreeAbove));
}

#[test]
fn a_t_chart_is_an_i_chart_of_the_transformed_times() {
    let days = [12.0, 30.0, 7.0, 45.0, 21.0, 9.0, 60.0, 15.0, 33.0, 18.0, 26.0, 40.0, 11.0, 5.0];
    let t = chart(&days, None, &options(ChartKind::T)).unwrap();
    let y: Vec<f64> = days.iter().map(|d: &f64| d.powf(1.0 / 3.6)).collect();
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    let ranges: Vec<f64> = y.windows(2).map(|w| (w[1] - w[0]).abs()).collect();
    let amr = ranges.iter().sum::<f64>() / ranges.len() as f64;
    let kept: Vec<f64> = ranges.iter().copied().filter(|&r| r < 3.267 * amr).collect();
    let sigma = kept.iter().sum::<f64>() / kept.len() as f64 / 1.128;
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-12 * b.abs().max(1.0);
    assert!(close(t.centre[0], mean.powf(3.6)));
    assert!(close(t.upper[0], (mean + 3.0 * sigma).powf(3.6)));
    let lower = mean - 3.0 * sigma;
    assert!(close(t.lower[0], if lower < 0.0 { 0.0 } else { lower.powf(3.6) }));
    assert!(close(t.upper_2sigma[0], (mean + 2.0 * sigma).powf(3.6)));
    assert_eq!(t.parts[0].status, LimitsStatus::Limits);
    // Times must be positive.
    let error = chart(&[3.0, 0.0, 4.0], None, &options(ChartKind::T)).unwrap_err();
    assert_eq!(error.class(), ErrorClass::Data);
    assert!(error.to_string().contains("value[1]"), "{error}");
}

#[test]
fn a_g_chart_draws_the_median_with_limits_from_the_mean() {
    let cases = [40.0, 12.0, 85.0, 3.0, 27.0, 60.0, 18.0, 44.0, 9.0, 130.0, 22.0, 35.0, 70.0];
    let g = chart(&cases, None, &options(ChartKind::G)).unwrap();
    let mean = cases.iter().sum::<f64>() / cases.len() as f64;
    let sd = (mean * (mean + 1.0)).sqrt();
    assert_eq!(g.centre[0], 35.0); // the median of 13 values
    assert!((g.upper[0] - (mean + 3.0 * sd)).abs() < 1e-12);
    assert_eq!(g.lower[0], 0.0); // clamped
    assert_eq!(g.parts[0].status, LimitsStatus::Limits);
    let error = chart(&[3.0, -1.0], None, &options(ChartKind::G)).unwrap_err();
    assert_eq!(error.class(), ErrorClass::Data);
}

#[test]
fn a_gap_stays_a_gap_and_breaks_runs() {
    // Four points above the median (2), a gap, four more above: no run of 7 across the gap.
    let mut values = vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0];
    values.extend([5.0, 5.0, 5.0, 5.0, f64::NAN, 5.0, 5.0, 5.0, 5.0]);
    let run = chart(&values, None, &options(ChartKind::Run)).unwrap();
    assert_eq!(run.centre[0], 2.0);
    assert_eq!(run.status[14], PointStatus::MissingValue);
    assert!(run.plotted[14].is_nan());
    assert!(!run.special_cause.contains(&SpecialCause::SevenPointsAbove));
    // With the gap filled the nine points make a shift.
    values[14] = 5.0;
    let filled = chart(&values, None, &options(ChartKind::Run)).unwrap();
    assert!(filled.special_cause.contains(&SpecialCause::SevenPointsAbove));
    // In a P chart, a gap has no limits and no signal; the series reads at its last value.
    let events = [3.0, 4.0, f64::NAN, 0.0, 2.0];
    let cases = [100.0, 90.0, 100.0, 0.0, 95.0];
    let p = chart(&events, Some(&cases), &options(ChartKind::P)).unwrap();
    assert_eq!(p.status[2], PointStatus::MissingValue);
    assert_eq!(p.status[3], PointStatus::ZeroDenominator);
    assert!(p.upper[2].is_nan() && p.upper[3].is_nan() && !p.sigma_signal[3]);
    assert!(p.upper[4].is_finite());
    assert_eq!(p.parts[0].baseline_points, 3);
}

#[test]
fn short_and_flat_series_say_why_they_have_no_limits() {
    let one = chart(&[5.0], Some(&[50.0]), &options(ChartKind::PPrime)).unwrap();
    assert_eq!(one.parts[0].status, LimitsStatus::TooFewPoints);
    assert!(one.upper[0].is_nan());
    assert_eq!(one.variation_icon[0], VariationIcon::CommonCause);
    let one = chart(&[5.0], None, &options(ChartKind::Xmr)).unwrap();
    assert_eq!(one.parts[0].status, LimitsStatus::TooFewPoints);
    let flat = chart(&[4.0; 15], None, &options(ChartKind::Xmr)).unwrap();
    assert_eq!(flat.parts[0].status, LimitsStatus::NoVariation);
    let none = chart(&[0.0; 15], Some(&[20.0; 15]), &options(ChartKind::P)).unwrap();
    assert_eq!(none.parts[0].status, LimitsStatus::NoVariation);
    let all = chart(&[20.0; 15], Some(&[20.0; 15]), &options(ChartKind::PPrime)).unwrap();
    assert_eq!(all.parts[0].status, LimitsStatus::NoVariation);
    let short = chart(&[1.0, 3.0, 2.0, 4.0], None, &options(ChartKind::Xmr)).unwrap();
    assert_eq!(short.parts[0].status, LimitsStatus::TrialLimits);
    let median = chart(&[1.0, 3.0, 2.0, 4.0], None, &options(ChartKind::Run)).unwrap();
    assert_eq!(median.parts[0].status, LimitsStatus::MedianOnly);
}

#[test]
fn hostile_input_is_refused_by_name() {
    let p = options(ChartKind::P);
    // Values, denominators, options, the error's class and the field it names.
    type Case<'a> = (&'a [f64], Option<&'a [f64]>, &'a ChartOptions, ErrorClass, &'a str);
    let cases: [Case<'_>; 7] = [
        (&[3.0, 4.0], Some(&[10.0, -1.0]), &p, ErrorClass::Data, "denominator[1]"),
        (&[3.0, 12.0], Some(&[10.0, 10.0]), &p, ErrorClass::Data, "value[1]"),
        (&[-3.0, 2.0], Some(&[10.0, 10.0]), &p, ErrorClass::Data, "value[0]"),
        (&[3.0, f64::INFINITY], Some(&[10.0, 10.0]), &p, ErrorClass::Data, "value[1]"),
        (&[3.0, 4.0], None, &p, ErrorClass::Argument, "denominator"),
        (&[3.0, 4.0], Some(&[10.0, 10.0]), &options(ChartKind::Xmr), ErrorClass::Argument, "denominator"),
        (
            &[3.0, 4.0],
            None,
            &ChartOptions { exclude: vec![3], ..options(ChartKind::Xmr) },
            ErrorClass::Argument,
            "exclude",
        ),
    ];
    for (values, denominators, options, class, named) in cases {
        let error = chart(values, denominators, options).unwrap_err();
        assert_eq!(error.class(), class, "{error}");
        assert!(error.to_string().contains(named), "{error} should name {named}");
    }
    for bad in [
        ChartOptions { multiplier: 0.0, ..options(ChartKind::P) },
        ChartOptions { baseline: Some(0), ..options(ChartKind::P) },
        ChartOptions { target: Some(f64::NAN), ..options(ChartKind::P) },
    ] {
        assert_eq!(chart(&[1.0], Some(&[2.0]), &bad).unwrap_err().class(), ErrorClass::Argument);
    }
}

#[test]
fn rows_are_charted_by_group_and_date_and_a_repeated_date_is_refused() {
    let values = [3.0, 5.0, 4.0, 30.0, 32.0, 31.0];
    let cases = [100.0, 100.0, 100.0, 300.0, 300.0, 300.0];
    let dates = [3, 1, 2, 2, 1, 3];
    let groups = [0, 0, 0, 1, 1, 1];
    let rows = ChartRows {
        values: Field::new("events", &values),
        denominators: Some(Field::new("cases", &cases)),
        dates: ("month", &dates),
        groups: Some(&groups),
        rebase: None,
        targets: None,
        annotations: &[],
    };
    let charts = chart_rows(&rows, &options(ChartKind::U)).unwrap();
    assert_eq!(charts.order, [1, 2, 0, 4, 3, 5]);
    let table = charts.table();
    assert_eq!(table.text(0, "plotted").as_deref(), Some("0.05"));
    assert_eq!(table.text(0, "chart").as_deref(), Some("u"));
    assert_eq!(table.text(3, "centre").as_deref(), Some("0.10333333333333333"));
    let repeated = [1, 1, 2, 1, 2, 3];
    let error = chart_rows(&ChartRows { dates: ("month", &repeated), ..rows }, &options(ChartKind::U)).unwrap_err();
    assert_eq!(error.class(), ErrorClass::Data);
    assert!(error.to_string().contains("month[1]"), "{error}");
}

#[test]
fn a_sustained_shift_is_proposed_as_a_rebase_with_its_evidence() {
    let values = step(12, 10);
    let batch = ChartBatch {
        values: Field::new("value", &values),
        denominators: None,
        offsets: &[0, values.len()],
        rebase: None,
        targets: None,
    };
    let proposals = propose_rebase(&batch, &ChartOptions::default(), 7).unwrap();
    // The 12 points below start the series, so only the 10 above are proposed.
    assert_eq!(proposals.len(), 1, "{proposals:?}");
    let up = proposals[0];
    assert_eq!((up.start, up.points), (12, 10));
    assert!((up.centre_after - 20.0).abs() < 0.3, "{up:?}");
    assert!(up.evidence().starts_with("10 points in a row above the centre line"), "{}", up.evidence());
    // Nothing is proposed under the shift rule's length, and asking for less is refused.
    assert!(propose_rebase(&batch, &ChartOptions::default(), 11).unwrap().iter().all(|p| p.points >= 11));
    let error = propose_rebase(&batch, &ChartOptions::default(), 5).unwrap_err();
    assert_eq!(error.class(), ErrorClass::Argument);
    // Accepted, the rebase is an explicit flag: the chart then has two parts and no shift.
    let mut flags = vec![false; values.len()];
    flags[up.start] = true;
    let accepted = chart_batch(&ChartBatch { rebase: Some(&flags), ..batch }, &ChartOptions::default()).unwrap();
    assert_eq!(accepted.parts.len(), 2);
    assert!(!accepted.special_cause.contains(&SpecialCause::SevenPointsAbove));
    // As a table, by input row.
    let dates: Vec<i64> = (0..values.len() as i64).rev().collect();
    let reversed: Vec<f64> = values.iter().rev().copied().collect();
    let rows = ChartRows {
        values: Field::new("value", &reversed),
        denominators: None,
        dates: ("month", &dates),
        groups: None,
        rebase: None,
        targets: None,
        annotations: &[],
    };
    let table = rebase_proposals(&rows, &ChartOptions::default(), 10).unwrap();
    assert_eq!(table.rows(), 1);
    assert_eq!(table.text(0, "row").as_deref(), Some("9"));
    assert_eq!(table.text(0, "position").as_deref(), Some("13"));
}

#[test]
fn annotations_go_to_their_dates_and_an_unplaceable_one_is_refused() {
    let dates = [1, 2, 3];
    let notes = [
        Annotation { date: 2, group: None, text: "new pathway".into() },
        Annotation { date: 2, group: None, text: "coding change".into() },
    ];
    let by_row = annotations_by_row(&dates, None, &notes).unwrap();
    assert_eq!(by_row[1].as_deref(), Some("new pathway; coding change"));
    let stray = [Annotation { date: 9, group: None, text: "lost".into() }];
    let error = annotations_by_row(&dates, None, &stray).unwrap_err();
    assert_eq!(error.class(), ErrorClass::Argument);
    assert!(error.to_string().contains("annotations[0]"), "{error}");
}

#[test]
fn review_mends_hold() {
    // A baseline with parts would leave later parts without baseline points: refused.
    let values = step(12, 10);
    let both = ChartOptions { baseline: Some(12), parts: vec![12], ..ChartOptions::default() };
    let error = chart(&values, None, &both).unwrap_err();
    assert_eq!(error.class(), ErrorClass::Argument);
    assert!(error.to_string().contains("baseline"), "{error}");
    // Funnel-style units are not times: only a point beyond its limits is special.
    let units = ChartOptions { categorical: true, ..options(ChartKind::PPrime) };
    let events: Vec<f64> = (0..20).map(|i| if i < 8 { 46.0 } else { 40.0 + f64::from(i % 3) }).collect();
    let cases = vec![500.0; 20];
    let by_unit = chart(&events, Some(&cases), &units).unwrap();
    assert!(
        by_unit
            .special_cause
            .iter()
            .all(|c| matches!(c, SpecialCause::CommonCause | SpecialCause::AboveUcl | SpecialCause::BelowLcl))
    );
    let in_time = chart(&events, Some(&cases), &options(ChartKind::PPrime)).unwrap();
    assert!(in_time.special_cause.contains(&SpecialCause::SevenPointsBelow), "{:?}", in_time.special_cause);
    // No limits, no assurance: a run chart, and a one-point T chart.
    let target = ChartOptions { target: Some(3.0), ..options(ChartKind::Run) };
    assert_eq!(chart(&[1.0, 2.0, 4.0], None, &target).unwrap().assurance[0], None);
    let one = chart(&[5.0], None, &ChartOptions { target: Some(3.0), ..options(ChartKind::T) }).unwrap();
    assert!(one.lower[0].is_nan() && one.upper[0].is_nan());
    assert_eq!(one.assurance[0], None);
    // A G chart's centre line is the median of its baseline points.
    let g = chart(&[10.0, 20.0, 30.0, 90.0, 95.0], None, &ChartOptions { baseline: Some(3), ..options(ChartKind::G) })
        .unwrap();
    assert_eq!(g.centre[0], 20.0);
}
