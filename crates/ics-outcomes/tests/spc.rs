//! Making Data Count SPC: hand-worked cases for each rule and quirk, the correctly rounded
//! mean, the batch entry point, and invariants over generated series. The parity with
//! NHSRplotthedots 0.2.2 is in the `reference` tests.

use crate::common::class_of;
use ics_outcomes::Error;
use ics_outcomes::ErrorClass;
use ics_outcomes::spc::{
    Assurance, AssuranceIcon, Improvement, PointType, SpecialCause, VariationIcon, XmrBatch, XmrOptions, XmrSeries,
    correctly_rounded_mean, run_rate, trajectory_gaps, xmr, xmr_batch, xmr_by_key,
};
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------
// The correctly rounded mean.

#[test]
fn correctly_rounded_mean_of_constant_tenths_is_a_tenth() {
    for n in 1..200 {
        let values = vec![0.1; n];
        assert_eq!(correctly_rounded_mean(&values), 0.1, "{n} tenths");
    }
    // A naive mean misses for some lengths, which is why it matters.
    let naive = |n: usize| vec![0.1; n].iter().sum::<f64>() / n as f64;
    assert!((1..200).any(|n| naive(n) != 0.1));
    assert_eq!(naive(10), 0.09999999999999999);
}

#[test]
fn correctly_rounded_mean_survives_cancellation_and_ties() {
    assert_eq!(correctly_rounded_mean(&[1e100, 1.0, -1e100]), 1.0 / 3.0);
    assert_eq!(correctly_rounded_mean(&[1e16, 1.0, -1e16, 1.0]), 0.5);
    assert_eq!(correctly_rounded_mean(&[f64::MAX / 4.0, -f64::MAX / 4.0, 3.0]), 1.0);
    // Exact halfway cases round to the even neighbour.
    let eps = f64::EPSILON;
    assert_eq!(correctly_rounded_mean(&[1.0, 1.0 + eps]), 1.0);
    assert_eq!(correctly_rounded_mean(&[1.0, 1.0 + 3.0 * eps]), 1.0 + 2.0 * eps);
    assert_eq!(correctly_rounded_mean(&[-1.0, -1.0 - 3.0 * eps]), -1.0 - 2.0 * eps);
    // A tie but for a tiny term, whose rounding error the running sums would lose: the
    // exact expansion keeps it, and it breaks the tie upwards.
    assert_eq!(correctly_rounded_mean(&[2.0, 2.0 + 2.0 * eps, 0.0, 0.0]), 1.0);
    assert_eq!(correctly_rounded_mean(&[2.0, 2.0 + 2.0 * eps, 1e-300, 0.0]), 1.0 + eps);
    assert_eq!(correctly_rounded_mean(&[0.0, -0.0]), 0.0);
    assert_eq!(correctly_rounded_mean(&[5e-324, 0.0]), 0.0, "half the least subnormal ties to zero");
    assert!(correctly_rounded_mean(&[]).is_nan());
}

proptest! {
    /// Against an independent reference: integers times a power of two have an exact integer
    /// sum, and IEEE division of that exact sum by n is correctly rounded. Huge cancelling
    /// values are added so that a plain sum would lose the small ones.
    #[test]
    fn correctly_rounded_mean_matches_exact_integer_arithmetic(
        integers in prop::collection::vec(-(1i64 << 40)..(1i64 << 40), 1..80),
        power in -60i32..60,
        huge in prop::option::of(1e20f64..1e200),
    ) {
        let scale = 2f64.powi(power);
        let mut values: Vec<f64> = integers.iter().map(|&i| i as f64 * scale).collect();
        let mut n = integers.len();
        if let Some(huge) = huge {
            values.insert(0, huge);
            values.push(-huge);
            n += 2;
        }
        let sum: i64 = integers.iter().sum();
        let expected = sum as f64 / n as f64 * scale;
        prop_assert_eq!(correctly_rounded_mean(&values).to_bits(), expected.to_bits());
    }
}

// ---------------------------------------------------------------------------------------
// Hand-worked cases for each rule, its precedence and the package's quirks.

fn causes(series: &XmrSeries) -> Vec<SpecialCause> {
    series.points.iter().map(|p| p.special_cause).collect()
}

fn chart(values: &[f64]) -> XmrSeries {
    xmr(values, &[], &XmrOptions::default()).expect("chart")
}

/// Twelve baseline points alternating −1, 1: mean exactly 0, every moving range 2, so the
/// limits are ±5.32 and the near limits ±3.5466…; `tail` is judged against them.
fn with_fixed_baseline(tail: &[f64]) -> XmrSeries {
    let mut values: Vec<f64> = (0..12).map(|i| if i % 2 == 0 { -1.0 } else { 1.0 }).collect();
    values.extend_from_slice(tail);
    let options = XmrOptions { fix_after_n_points: Some(12), ..XmrOptions::default() };
    let series = xmr(&values, &[], &options).expect("chart");
    assert_eq!((series.segments[0].mean, series.segments[0].amr), (0.0, 2.0));
    series
}

fn tail_causes(series: &XmrSeries) -> Vec<SpecialCause> {
    causes(series)[12..].to_vec()
}

use SpecialCause::{
    AboveUcl, BelowLcl, CommonCause, SevenPointsAbove, SevenPointsBelow, TrendDecreasing, TrendIncreasing,
    TwoInThreeAbove, TwoInThreeBelow,
};

#[test]
fn outside_the_limits_is_strict() {
    let series = with_fixed_baseline(&[5.32, 5.33, -5.32, -5.33]);
    assert_eq!(series.points[12].upl, 5.32);
    assert_eq!(tail_causes(&series), [CommonCause, AboveUcl, CommonCause, BelowLcl]);
    let on_limit = &series.points[12];
    assert_eq!((on_limit.outside_limits, on_limit.close_to_limits), (Some(false), Some(true)));
    assert_eq!(series.points[13].close_to_limits, Some(false), "a point outside is not close");
}

#[test]
fn a_point_on_the_near_limit_is_not_close() {
    let nupl = 2.0 * (2.0 * (2.66 / 3.0));
    let series = with_fixed_baseline(&[nupl, nupl, nupl.next_up(), nupl.next_up()]);
    assert_eq!(series.points[12].nupl, nupl);
    let close: Vec<Option<bool>> = series.points[12..].iter().map(|p| p.close_to_limits).collect();
    assert_eq!(close, [Some(false), Some(false), Some(true), Some(true)]);
    assert_eq!(tail_causes(&series), [CommonCause, CommonCause, TwoInThreeAbove, TwoInThreeAbove]);
}

#[test]
fn two_in_three_needs_the_whole_window_on_one_side() {
    // The baseline ends on 1 (above the mean).
    assert_eq!(tail_causes(&with_fixed_baseline(&[-1.0, 4.0, 4.0])), [CommonCause; 3], "pair after an opposite point");
    assert_eq!(tail_causes(&with_fixed_baseline(&[1.0, 4.0, 4.0])), [CommonCause, TwoInThreeAbove, TwoInThreeAbove]);
    assert_eq!(tail_causes(&with_fixed_baseline(&[4.0, -1.0, 4.0])), [CommonCause; 3], "close, opposite, close");
    assert_eq!(tail_causes(&with_fixed_baseline(&[4.0, 0.0, 4.0])), [CommonCause; 3], "a point on the mean");
    assert_eq!(tail_causes(&with_fixed_baseline(&[4.0, 1.0, 4.0])), [TwoInThreeAbove, CommonCause, TwoInThreeAbove]);
    assert_eq!(tail_causes(&with_fixed_baseline(&[-1.0, -4.0, -4.0])), [CommonCause, TwoInThreeBelow, TwoInThreeBelow]);
    // An outside point is not close: close + outside is not 2 in 3, close + close + outside is.
    assert_eq!(tail_causes(&with_fixed_baseline(&[1.0, 4.0, 6.0])), [CommonCause, CommonCause, AboveUcl]);
    assert_eq!(tail_causes(&with_fixed_baseline(&[4.0, 4.0, 6.0])), [TwoInThreeAbove, TwoInThreeAbove, AboveUcl]);
}

#[test]
fn seven_points_on_one_side_and_points_on_the_mean() {
    // Two blocks of 13 around an exact mean of 0, each broken in the middle by a point on it;
    // the values stay inside the near limits.
    let above = [1.0, 3.0, 1.0, 3.0, 1.0, 3.0, 0.0, 3.0, 1.0, 3.0, 1.0, 3.0, 1.0];
    let mut values = above.to_vec();
    values.extend(above.iter().map(|v| -v));
    let series = chart(&values);
    assert_eq!(series.segments[0].mean, 0.0);
    assert_eq!((series.points[6].relative_to_mean, series.points[19].relative_to_mean), (0, 0));
    assert!(causes(&series).iter().all(|&c| c == CommonCause), "{:?}", causes(&series));

    // Without the breaks both runs are flagged.
    values[6] = 1.0;
    values[19] = -1.0;
    let series = chart(&values);
    assert_eq!((series.segments[0].mean, series.segments[0].amr), (0.0, 2.0));
    let causes = causes(&series);
    assert_eq!(causes[..13], [SevenPointsAbove; 13]);
    assert_eq!(causes[13..], [SevenPointsBelow; 13]);
    assert_eq!(series.points[0].point_type, PointType::SpecialCauseImprovement);
    assert_eq!(series.points[13].point_type, PointType::SpecialCauseConcern);
    assert_eq!(series.variation_icon, VariationIcon::ConcernLow);
}

/// Wide alternating noise, then `tail`: the limits are wide enough for gentle trends.
fn after_noise(tail: &[f64]) -> XmrSeries {
    let mut values = vec![-30.0, 30.0, -30.0, 30.0];
    values.extend_from_slice(tail);
    let series = xmr(&values, &[], &XmrOptions { screen_outliers: false, ..XmrOptions::default() }).expect("chart");
    assert!(tail.iter().all(|&y| y < series.points[0].upl && y > series.points[0].lpl), "tail inside the limits");
    series
}

#[test]
fn trends_need_six_strict_steps_and_ties_break_them() {
    let rising = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
    assert_eq!(causes(&after_noise(&rising))[4..], [TrendIncreasing; 7]);
    let falling: Vec<f64> = rising.iter().rev().copied().collect();
    assert_eq!(causes(&after_noise(&falling))[4..], [TrendDecreasing; 7]);
    let six = causes(&after_noise(&rising[..6]));
    assert!(!six.contains(&TrendIncreasing), "six points are not a trend");
    let tied = causes(&after_noise(&[1.0, 2.0, 3.0, 3.0, 4.0, 5.0, 6.0]));
    assert!(!tied.contains(&TrendIncreasing), "a tie breaks the trend: {tied:?}");
}

#[test]
fn trend_labels_take_the_next_step_so_ties_and_peaks_read_decreasing() {
    // Seven rising, a repeat, seven rising: the first of the tied pair reads Decreasing.
    let tail = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0, 13.0];
    let series = after_noise(&tail);
    let causes = causes(&series);
    let mut expected = [TrendIncreasing; 14];
    expected[6] = TrendDecreasing;
    assert_eq!(causes[4..], expected[..]);
    assert_eq!(series.points[4 + 6].point_type, PointType::SpecialCauseConcern, "a concern although rising");

    // A peak shared by a rise and a fall reads Decreasing.
    let peak = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0];
    let causes = self::causes(&after_noise(&peak));
    let mut expected = vec![TrendIncreasing; 6];
    expected.extend([TrendDecreasing; 7]);
    assert_eq!(causes[4..], expected[..]);
}

#[test]
fn precedence_outside_then_trend_then_two_in_three_then_shift() {
    // A trend whose last point leaves the limits: outside wins there.
    let series = with_fixed_baseline(&[-3.0, -2.0, -1.0, 0.5, 2.0, 4.0, 6.0]);
    assert_eq!(
        tail_causes(&series),
        [
            TrendIncreasing,
            TrendIncreasing,
            TrendIncreasing,
            TrendIncreasing,
            TrendIncreasing,
            TrendIncreasing,
            AboveUcl
        ]
    );
    // Close points inside a trend are trend points.
    assert_eq!(series.points[17].close_to_limits, Some(true));
    // 2 in 3 beats a shift: 7 above with a close pair.
    let series = with_fixed_baseline(&[1.0, 2.0, 1.0, 4.0, 4.0, 2.0, 1.0]);
    let expected = [
        SevenPointsAbove,
        SevenPointsAbove,
        SevenPointsAbove,
        TwoInThreeAbove,
        TwoInThreeAbove,
        SevenPointsAbove,
        SevenPointsAbove,
    ];
    assert_eq!(tail_causes(&series), expected);
}

#[test]
fn constant_series_have_nan_limits_when_screened_and_flat_ones_when_not() {
    let values = vec![0.1; 20];
    let options = XmrOptions { target: Some(0.5), ..XmrOptions::default() };
    let series = xmr(&values, &[], &options).expect("chart");
    let segment = &series.segments[0];
    assert_eq!(segment.mean, 0.1, "exactly, so every point is on the mean");
    assert!(segment.amr.is_nan() && segment.lpl.is_nan() && segment.upl.is_nan() && segment.nupl.is_nan());
    for point in &series.points {
        assert_eq!((point.relative_to_mean, point.outside_limits, point.close_to_limits), (0, None, None));
        assert_eq!(point.special_cause, CommonCause);
    }
    assert_eq!(series.assurance, Some(Assurance::Inconsistent), "NaN comparisons fall through");

    let unscreened = XmrOptions { screen_outliers: false, ..options };
    let series = xmr(&values, &[], &unscreened).expect("chart");
    assert_eq!((series.segments[0].amr, series.segments[0].lpl, series.segments[0].upl), (0.0, 0.1, 0.1));
    assert!(series.points.iter().all(|p| p.outside_limits == Some(false) && p.special_cause == CommonCause));
}

#[test]
fn one_jump_between_flat_levels_is_screened_to_zero_width_limits() {
    let values: Vec<f64> = (0..20).map(|i| if i < 10 { 1.0 } else { 2.0 }).collect();
    let series = chart(&values);
    assert_eq!((series.segments[0].amr, series.segments[0].upl, series.segments[0].lpl), (0.0, 1.5, 1.5));
    assert!(causes(&series)[..10].iter().all(|&c| c == BelowLcl));
    assert!(causes(&series)[10..].iter().all(|&c| c == AboveUcl));
    let unscreened = xmr(&values, &[], &XmrOptions { screen_outliers: false, ..XmrOptions::default() }).expect("chart");
    assert_eq!(unscreened.segments[0].amr, 1.0 / 19.0);
}

#[test]
fn screening_keeps_ranges_strictly_below_the_cutoff_in_one_pass() {
    // Ranges 1 ×12 and 48: mean 60/13, cutoff 3.267 × that ≈ 15.1, so only the 48 goes.
    let mut values: Vec<f64> = (0..13).map(|i| f64::from(i % 2)).collect();
    values.push(48.0);
    let series = chart(&values);
    assert_eq!(series.segments[0].amr, 1.0);
    let unscreened = xmr(&values, &[], &XmrOptions { screen_outliers: false, ..XmrOptions::default() }).expect("chart");
    assert_eq!(unscreened.segments[0].amr, 60.0 / 13.0);
}

#[test]
fn short_series_and_one_point_segments() {
    let one = chart(&[3.0]);
    assert!(one.segments[0].amr.is_nan() && one.segments[0].short_group_warning);
    assert_eq!((one.points[0].special_cause, one.variation_icon), (CommonCause, VariationIcon::CommonCause));
    let two = chart(&[3.0, 5.0]);
    assert_eq!((two.segments[0].mean, two.segments[0].amr), (4.0, 2.0));
    assert_eq!(two.points[0].close_to_limits, Some(false));

    // A rebase on the last point, and adjacent rebases, give one-point segments.
    let values: Vec<f64> = (0..15).map(|i| f64::from(i % 3)).collect();
    let series = xmr(&values, &[5, 6, 14], &XmrOptions::default()).expect("chart");
    let lens: Vec<usize> = series.segments.iter().map(|s| s.len).collect();
    assert_eq!(lens, [5, 1, 8, 1]);
    for single in [&series.segments[1], &series.segments[3]] {
        assert!(single.amr.is_nan() && single.lpl.is_nan());
        assert_eq!(series.points[single.start].special_cause, CommonCause);
        assert_eq!(series.points[single.start].outside_limits, None);
    }
    assert_eq!(class_of(xmr(&[], &[], &XmrOptions::default())), ErrorClass::Argument);
}

#[test]
fn rebasing_gives_each_segment_its_limits_and_windows_stop_at_the_boundary() {
    let tail = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0];
    let mut values = vec![-30.0, 30.0, -30.0, 30.0];
    values.extend(tail);
    let options = XmrOptions { screen_outliers: false, ..XmrOptions::default() };
    let whole = xmr(&values, &[], &options).expect("chart");
    assert_eq!(causes(&whole)[4..], [TrendIncreasing; 7]);
    // Rebasing in the middle of the rise: neither part is 7 long.
    let split = xmr(&values, &[8], &options).expect("chart");
    assert_eq!(split.segments.len(), 2);
    assert!(!causes(&split).contains(&TrendIncreasing), "{:?}", causes(&split));
    assert_eq!(split.segments[1].mean, 6.0);
    assert_eq!(split.points[10].segment, 1);
    // Position 0 and repeats change nothing; positions past the end are refused.
    assert_eq!(xmr(&values, &[0, 8, 8], &options).expect("chart"), split);
    let err = xmr(&values, &[11], &options).unwrap_err();
    assert!(matches!(err, Error::Argument { argument, .. } if argument == "rebase"));
}

#[test]
fn fix_after_n_points_sets_limits_from_the_baseline_per_segment() {
    // 12 quiet points then 8 wild ones: fixed limits come from the quiet ones only.
    let mut values: Vec<f64> = (0..12).map(|i| f64::from(i % 2)).collect();
    values.extend([10.0, -10.0, 10.0, -10.0, 10.0, -10.0, 10.0, -10.0]);
    let fixed = XmrOptions { fix_after_n_points: Some(12), ..XmrOptions::default() };
    let series = xmr(&values, &[], &fixed).expect("chart");
    let segment = &series.segments[0];
    assert_eq!((segment.baseline, segment.mean, segment.amr), (12, 0.5, 1.0));
    assert!(causes(&series)[12..].iter().all(|&c| c == AboveUcl || c == BelowLcl));
    // Counted per segment, and capped at the segment's length.
    let rebased = xmr(&values, &[6], &fixed).expect("chart");
    let baselines: Vec<usize> = rebased.segments.iter().map(|s| s.baseline).collect();
    assert_eq!(baselines, [6, 12]);
    assert!(rebased.segments[0].short_group_warning && !rebased.segments[1].short_group_warning);
}

#[test]
fn directions_point_types_and_icons() {
    let values = [10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 10.0, 11.0, 30.0];
    let read = |improvement| {
        let series = xmr(&values, &[], &XmrOptions { improvement, target: Some(5.0), ..XmrOptions::default() });
        let series = series.expect("chart");
        (series.points[12].point_type, series.variation_icon, series.assurance, series.assurance_icon)
    };
    let (pass, fail) = (Some(Assurance::ConsistentPass), Some(Assurance::ConsistentFail));
    for (improvement, expected) in [
        (Improvement::Increase, (PointType::SpecialCauseImprovement, VariationIcon::ImprovementHigh, pass)),
        (Improvement::Decrease, (PointType::SpecialCauseConcern, VariationIcon::ConcernHigh, fail)),
        (Improvement::Neutral, (PointType::SpecialCauseNeutralHigh, VariationIcon::NeutralHigh, None)),
    ] {
        let (point_type, icon, assurance, assurance_icon) = read(improvement);
        assert_eq!((point_type, icon, assurance), expected, "{improvement}");
        assert_eq!(assurance_icon, assurance.map(Assurance::icon));
    }
    assert_eq!(pass.map(Assurance::icon), Some(AssuranceIcon::Pass));
    assert_eq!(fail.map(Assurance::icon), Some(AssuranceIcon::Fail));
    let low: Vec<f64> = values.iter().map(|v| -v).collect();
    let series = xmr(&low, &[], &XmrOptions { improvement: Improvement::Decrease, ..XmrOptions::default() });
    let series = series.expect("chart");
    assert_eq!((series.variation_icon, series.assurance), (VariationIcon::ImprovementLow, None));
    let series = xmr(&low, &[], &XmrOptions { improvement: Improvement::Neutral, ..XmrOptions::default() });
    assert_eq!(series.expect("chart").variation_icon, VariationIcon::NeutralLow);
    let series = xmr(&low, &[], &XmrOptions::default()).expect("chart");
    assert_eq!(series.variation_icon, VariationIcon::ConcernLow);
}

#[test]
fn assurance_is_judged_at_the_last_point_of_the_last_segment() {
    // The first segment sits around 10 and the last around 2 (limits 2.5 ± 2.66): a target of
    // 6 passes for decrease only under the last segment's limits.
    let mut values: Vec<f64> = (0..12).map(|i| 10.0 + f64::from(i % 2)).collect();
    values.extend((0..12).map(|i| 2.0 + f64::from(i % 2)));
    let options = XmrOptions { improvement: Improvement::Decrease, target: Some(6.0), ..XmrOptions::default() };
    assert_eq!(xmr(&values, &[12], &options).expect("chart").assurance, Some(Assurance::ConsistentPass));
    assert_eq!(xmr(&values, &[], &options).expect("chart").assurance, Some(Assurance::Inconsistent));
    // A target on a limit is inconsistent.
    let series = xmr(&values, &[12], &options).expect("chart");
    let upl = series.points[23].upl;
    let on_limit = XmrOptions { target: Some(upl), ..options };
    assert_eq!(xmr(&values, &[12], &on_limit).expect("chart").assurance, Some(Assurance::Inconsistent));
}

#[test]
fn labels_round_trip_through_text_and_serde() {
    fn round_trip<T>(all: &[T])
    where
        T: Copy + PartialEq + std::fmt::Debug + std::fmt::Display + std::str::FromStr + serde::Serialize,
        T: serde::de::DeserializeOwned,
        <T as std::str::FromStr>::Err: std::fmt::Debug,
    {
        for &value in all {
            let text = value.to_string();
            assert_eq!(text.parse::<T>().expect("parses"), value);
            assert_eq!(serde_json::to_string(&value).expect("json"), format!("{text:?}"));
            assert_eq!(serde_json::from_str::<T>(&format!("{text:?}")).expect("from json"), value);
        }
    }
    round_trip(Improvement::ALL);
    round_trip(SpecialCause::ALL);
    round_trip(PointType::ALL);
    round_trip(Assurance::ALL);
    round_trip(VariationIcon::ALL);
    round_trip(AssuranceIcon::ALL);
    assert_eq!(SpecialCause::ALL.len(), 9);
    assert_eq!(SpecialCause::TrendDecreasing.as_str(), "7 Point Trend (Decreasing)");
    let options: XmrOptions = serde_json::from_str(r#"{"improvement": "decrease", "target": 2.5}"#).expect("options");
    assert_eq!(options, XmrOptions { improvement: Improvement::Decrease, target: Some(2.5), ..XmrOptions::default() });
    let json = serde_json::to_value(chart(&[1.0, 2.0, 4.0])).expect("json");
    assert_eq!(json["points"][0]["point_type"], "common_cause");
    assert_eq!(json["variation_icon"], "common_cause");
}

#[test]
fn missing_and_infinite_values_are_refused_by_row() {
    let err = chart_err(&[1.0, f64::NAN, 2.0, f64::INFINITY]);
    assert!(matches!(err, Error::Data { .. }), "{err}");
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["values[1]", "values[3]"]);
    let options = XmrOptions { target: Some(f64::NAN), ..XmrOptions::default() };
    assert!(matches!(xmr(&[1.0], &[], &options), Err(Error::Argument { .. })));
    // Keyed rows are named as the caller gave them, before sorting.
    let err = xmr_by_key(&[3, 1, 2], &[1.0, 2.0, f64::NAN], &[], &XmrOptions::default()).unwrap_err();
    assert_eq!(err.issues()[0].path, "values[2]");
}

fn chart_err(values: &[f64]) -> Error {
    xmr(values, &[], &XmrOptions::default()).unwrap_err()
}

#[test]
fn keyed_rows_are_sorted_and_rebased_by_key() {
    let keys = ["2024-03", "2024-01", "2024-02", "2024-05", "2024-04"];
    let values = [3.0, 1.0, 2.0, 5.0, 4.0];
    let keyed = xmr_by_key(&keys, &values, &["2024-04"], &XmrOptions::default()).expect("chart");
    assert_eq!(keyed.rows, [1, 2, 0, 4, 3]);
    let sorted: Vec<f64> = keyed.series.points.iter().map(|p| p.value).collect();
    assert_eq!(sorted, [1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(keyed.series.segments.iter().map(|s| s.start).collect::<Vec<_>>(), [0, 3]);
    assert!(matches!(xmr_by_key(&keys[..2], &values, &[], &XmrOptions::default()), Err(Error::Argument { .. })));
}

// ---------------------------------------------------------------------------------------
// The batch entry point and trajectories.

#[test]
fn batch_refuses_bad_layouts() {
    let values = [1.0, 2.0, 3.0];
    let options = XmrOptions::default();
    for offsets in [&[0, 3][..], &[0, 1, 3]] {
        let batch = XmrBatch { values: &values, offsets, rebase: None, targets: None };
        assert!(xmr_batch(&batch, &options).is_ok());
    }
    for offsets in [&[][..], &[0], &[1, 3], &[0, 2], &[0, 0, 3], &[0, 2, 1, 3]] {
        let batch = XmrBatch { values: &values, offsets, rebase: None, targets: None };
        let err = xmr_batch(&batch, &options).unwrap_err();
        assert!(matches!(err, Error::Argument { ref argument, .. } if argument == "offsets"), "{offsets:?}: {err}");
    }
    let targets = [1.0];
    let both = XmrOptions { target: Some(1.0), ..XmrOptions::default() };
    let batch = XmrBatch { values: &values, offsets: &[0, 3], rebase: None, targets: Some(&targets) };
    assert!(matches!(xmr_batch(&batch, &both), Err(Error::Argument { .. })));
    let batch = XmrBatch { values: &values, offsets: &[0, 3], rebase: Some(&[true]), targets: None };
    assert!(matches!(xmr_batch(&batch, &options), Err(Error::Argument { .. })));
    let bad = [1.0, f64::NAN, 3.0];
    let batch = XmrBatch { values: &bad, offsets: &[0, 3], rebase: None, targets: None };
    assert_eq!(xmr_batch(&batch, &options).unwrap_err().issues()[0].path, "values[1]");
}

#[test]
fn trajectory_gaps_by_direction() {
    let values = [10.0, 12.0, 15.0];
    let plan = [11.0, 12.0, f64::NAN];
    let gaps = trajectory_gaps(&values, &plan, Improvement::Increase).expect("gaps");
    let read: Vec<(f64, Option<bool>)> = gaps.iter().map(|g| (g.gap, g.on_track)).collect();
    assert_eq!(read[..2], [(-1.0, Some(false)), (0.0, Some(true))]);
    assert!(read[2].0.is_nan() && read[2].1.is_none());
    let gaps = trajectory_gaps(&values, &plan, Improvement::Decrease).expect("gaps");
    assert_eq!(gaps[0].on_track, Some(true));
    assert_eq!(gaps[1].on_track, Some(true), "on the trajectory is on track");
    let gaps = trajectory_gaps(&values, &plan, Improvement::Neutral).expect("gaps");
    assert!(gaps.iter().all(|g| g.on_track.is_none()));
    assert!(matches!(trajectory_gaps(&values, &plan[..2], Improvement::Increase), Err(Error::Argument { .. })));
    assert!(matches!(trajectory_gaps(&[f64::NAN], &[1.0], Improvement::Increase), Err(Error::Data { .. })));
}

#[test]
fn run_rate_meets_the_target_on_the_fitted_line() {
    // Rising 2 a period from 10 at position 0: 24 is reached at position 7.
    let values = [10.0, 12.0, 14.0, 16.0];
    let rate = run_rate(&values, 0, 24.0, Improvement::Increase).expect("rate");
    assert_eq!((rate.slope, rate.intercept, rate.points), (2.0, 10.0, 4));
    assert_eq!(rate.meets_target_at, Some(7));
    assert_eq!(run_rate(&values, 0, 23.0, Improvement::Increase).expect("rate").meets_target_at, Some(7));
    assert_eq!(run_rate(&values, 0, 15.0, Improvement::Increase).expect("rate").meets_target_at, Some(3), "met");
    assert_eq!(run_rate(&values, 0, 5.0, Improvement::Decrease).expect("rate").meets_target_at, None, "moving away");
    // Only the points from `from` are fitted; positions stay those of the whole series.
    let rate = run_rate(&[50.0, 0.0, 10.0, 20.0], 1, 40.0, Improvement::Increase).expect("rate");
    assert_eq!((rate.slope, rate.meets_target_at), (10.0, Some(5)));
    assert!(matches!(run_rate(&values, 3, 1.0, Improvement::Increase), Err(Error::Argument { .. })));
    assert!(matches!(run_rate(&values, 0, 1.0, Improvement::Neutral), Err(Error::Argument { .. })));
    // The series method fits the last segment.
    let mut series_values = vec![100.0, 90.0, 95.0];
    series_values.extend(values);
    let series = xmr(&series_values, &[3], &XmrOptions::default()).expect("chart");
    let rate = series.run_rate(24.0).expect("rate");
    assert_eq!((rate.from, rate.slope, rate.meets_target_at), (3, 2.0, Some(10)));
}

// ---------------------------------------------------------------------------------------
// Invariants.

fn integer_series() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(-50i32..50, 1..60).prop_map(|v| v.into_iter().map(f64::from).collect())
}

fn options() -> impl Strategy<Value = XmrOptions> {
    (0usize..3, any::<bool>(), prop::option::of(12usize..30), prop::option::of(-60i32..60)).prop_map(
        |(direction, screen_outliers, fix_after_n_points, target)| XmrOptions {
            improvement: Improvement::ALL[direction],
            target: target.map(f64::from),
            screen_outliers,
            fix_after_n_points,
            ..XmrOptions::default()
        },
    )
}

/// Every label of a point: cause, type, side, outside, close.
type Labels = (SpecialCause, PointType, i8, Option<bool>, Option<bool>);

fn labels(series: &XmrSeries) -> Vec<Labels> {
    series
        .points
        .iter()
        .map(|p| (p.special_cause, p.point_type, p.relative_to_mean, p.outside_limits, p.close_to_limits))
        .collect()
}

/// Whether any point is within `margin` of a limit or near limit, where a shift's rounding
/// could move it across.
fn near_a_boundary(series: &XmrSeries, margin: f64) -> bool {
    series.points.iter().any(|p| [p.lpl, p.upl, p.nlpl, p.nupl].iter().any(|l| (p.value - l).abs() <= margin))
}

proptest! {
    /// Scaling by a power of two is exact in every operation, so all numbers scale to the bit
    /// and every label stays.
    #[test]
    fn power_of_two_scaling_is_exact(values in integer_series(), options in options(), power in -8i32..8) {
        let scale = 2f64.powi(power);
        let series = xmr(&values, &[], &options).expect("chart");
        let scaled_values: Vec<f64> = values.iter().map(|v| v * scale).collect();
        let scaled_options = XmrOptions { target: options.target.map(|t| t * scale), ..options.clone() };
        let scaled = xmr(&scaled_values, &[], &scaled_options).expect("chart");
        for (a, b) in series.points.iter().zip(&scaled.points) {
            for (x, y) in [(a.mean, b.mean), (a.lpl, b.lpl), (a.upl, b.upl), (a.nlpl, b.nlpl), (a.nupl, b.nupl)] {
                prop_assert!((x * scale).to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()));
            }
        }
        prop_assert_eq!(labels(&series), labels(&scaled));
        prop_assert_eq!(series.assurance, scaled.assurance);
    }

    /// Any positive scale scales the numbers to within rounding.
    #[test]
    fn positive_scaling_scales_the_limits(values in integer_series(), scale in 0.001f64..1000.0) {
        let series = chart(&values);
        let scaled = chart(&values.iter().map(|v| v * scale).collect::<Vec<_>>());
        let (a, b) = (&series.segments[0], &scaled.segments[0]);
        let tolerance = 1e-12 * scale * a.mean.abs().max((a.upl - a.mean).abs()).max(1.0);
        for (x, y) in [(a.mean, b.mean), (a.lpl, b.lpl), (a.upl, b.upl), (a.amr, b.amr)] {
            prop_assert!((x * scale - y).abs() <= tolerance || (x.is_nan() && y.is_nan()), "{} vs {}", x * scale, y);
        }
    }

    /// Shifting by a whole number moves the mean and limits by it, leaves the moving ranges
    /// exactly alone, and keeps every label unless a point sits on a limit's rounding edge.
    #[test]
    fn shifting_moves_the_limits(values in integer_series(), options in options(), shift in -1000i32..1000) {
        let shift = f64::from(shift);
        let series = xmr(&values, &[], &options).expect("chart");
        let shifted_values: Vec<f64> = values.iter().map(|v| v + shift).collect();
        let shifted_options = XmrOptions { target: options.target.map(|t| t + shift), ..options.clone() };
        let shifted = xmr(&shifted_values, &[], &shifted_options).expect("chart");
        let (a, b) = (&series.segments[0], &shifted.segments[0]);
        prop_assert!(a.amr.to_bits() == b.amr.to_bits() || (a.amr.is_nan() && b.amr.is_nan()));
        let tolerance = 1e-12 * (a.mean.abs() + shift.abs() + (a.upl - a.mean).abs()).max(1.0);
        for (x, y) in [(a.mean, b.mean), (a.lpl, b.lpl), (a.upl, b.upl), (a.nlpl, b.nlpl), (a.nupl, b.nupl)] {
            prop_assert!((x + shift - y).abs() <= tolerance || (x.is_nan() && y.is_nan()), "{} vs {}", x + shift, y);
        }
        let sides = |s: &XmrSeries| s.points.iter().map(|p| p.relative_to_mean).collect::<Vec<_>>();
        prop_assert_eq!(sides(&series), sides(&shifted));
        if !near_a_boundary(&series, 1e-9) && !near_a_boundary(&shifted, 1e-9) {
            prop_assert_eq!(labels(&series), labels(&shifted));
        }
    }

    /// The chart labels each point as the package's helpers, applied one by one in
    /// precedence order, do: a walk in legs of equal steps, so that trends, ties, shifts
    /// and points on the mean are common.
    #[test]
    fn causes_are_the_package_helpers_in_precedence_order(
        legs in prop::collection::vec((-1i32..=1, 1usize..9), 1..12),
        screen_outliers in any::<bool>(),
    ) {
        use ics_outcomes::spc::rules;
        let steps = legs.iter().flat_map(|&(step, len)| std::iter::repeat_n(step, len));
        let y: Vec<f64> = steps.scan(0, |level, step| { *level += step; Some(f64::from(*level)) }).collect();
        let options = XmrOptions { screen_outliers, ..XmrOptions::default() };
        let series = xmr(&y, &[], &options).expect("chart");
        let sides: Vec<i8> = series.points.iter().map(|p| p.relative_to_mean).collect();
        let close: Vec<bool> = series.points.iter().map(|p| p.close_to_limits == Some(true)).collect();
        let in_trend = rules::part_of_run(&rules::trend_ends(&y));
        let in_shift = rules::part_of_run(&rules::shift_ends(&sides));
        let in_two_in_three = rules::part_of_two_in_three(&close, &sides).expect("lengths");
        for (i, point) in series.points.iter().enumerate() {
            let above = sides[i] > 0;
            let expected = if point.outside_limits == Some(true) {
                if above { AboveUcl } else { BelowLcl }
            } else if in_trend[i] {
                // The label takes the next step when the next point is in a trend too.
                let next_in_trend = i + 1 < y.len() && in_trend[i + 1];
                let rising = if next_in_trend { y[i + 1] > y[i] } else { i > 0 && y[i] > y[i - 1] };
                if rising { TrendIncreasing } else { TrendDecreasing }
            } else if in_two_in_three[i] {
                if above { TwoInThreeAbove } else { TwoInThreeBelow }
            } else if in_shift[i] {
                if above { SevenPointsAbove } else { SevenPointsBelow }
            } else {
                CommonCause
            };
            prop_assert_eq!(point.special_cause, expected, "point {} of {:?}", i, y);
        }
    }

    /// The batch gives what the series give one by one.
    #[test]
    fn batch_equals_one_by_one(series in prop::collection::vec(integer_series(), 1..6), options in options()) {
        let values: Vec<f64> = series.concat();
        let offsets: Vec<usize> = std::iter::once(0).chain(series.iter().scan(0, |end, s| { *end += s.len(); Some(*end) })).collect();
        let batch = XmrBatch { values: &values, offsets: &offsets, rebase: None, targets: None };
        let columns = xmr_batch(&batch, &options).expect("batch");
        let segments: Vec<_> = columns.point_segments().collect();
        prop_assert_eq!(segments.len(), values.len());
        let mut row = 0;
        for (s, values) in series.iter().enumerate() {
            let one = xmr(values, &[], &options).expect("chart");
            // Debug text tells every bit of a limit apart, NaN included (which `==` does not equal).
            let got = &columns.segments[columns.segment_offsets[s]..columns.segment_offsets[s + 1]];
            prop_assert_eq!(format!("{got:?}"), format!("{:?}", one.segments));
            for point in &one.points {
                prop_assert_eq!(columns.point_type[row], point.point_type);
                prop_assert_eq!(columns.special_cause[row], point.special_cause);
                prop_assert!(segments[row].1.lpl.to_bits() == point.lpl.to_bits());
                row += 1;
            }
            prop_assert_eq!(columns.variation_icon[s], one.variation_icon);
            prop_assert_eq!(columns.assurance[s], one.assurance);
        }
    }
}

#[test]
fn rows_in_any_order_chart_per_group_and_name_bad_rows() {
    use ics_outcomes::spc::{XmrRows, xmr_rows};
    use ics_outcomes::stats::Field;
    let a = [5.0, 6.0, 5.5, 7.0, 6.5, 5.0];
    let b = [50.0, 40.0, 45.0, 47.0, 44.0, 90.0];
    // Interleaved and reversed: group 1 first, dates descending.
    let mut values = Vec::new();
    let mut dates = Vec::new();
    let mut groups = Vec::new();
    for i in (0..6).rev() {
        values.extend([b[i], a[i]]);
        dates.extend([i as i64 * 10, i as i64 * 10]);
        groups.extend([1u32, 0]);
    }
    let rows = XmrRows {
        values: Field::new("v", &values),
        dates: ("day", &dates),
        groups: Some(&groups),
        rebase: None,
        targets: None,
    };
    let charts = xmr_rows(&rows, &XmrOptions::default()).unwrap();
    assert_eq!(charts.offsets, [0, 6, 12]);
    assert_eq!(charts.series_of_points().collect::<Vec<_>>(), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    let sorted: Vec<f64> = charts.order.iter().map(|&r| values[r]).collect();
    assert_eq!(sorted, [a.as_slice(), b.as_slice()].concat());
    for (s, series) in [a, b].iter().enumerate() {
        let alone = xmr(series, &[], &XmrOptions::default()).unwrap();
        let part = s * 6..(s + 1) * 6;
        let segments =
            &charts.columns.segments[charts.columns.segment_offsets[s]..charts.columns.segment_offsets[s + 1]];
        assert_eq!(format!("{segments:?}"), format!("{:?}", alone.segments));
        assert_eq!(charts.columns.point_type[part], alone.points.iter().map(|p| p.point_type).collect::<Vec<_>>()[..]);
        assert_eq!(charts.columns.variation_icon[s], alone.variation_icon);
    }

    let mut bad = values.clone();
    bad[3] = f64::NAN;
    let mut repeated = dates.clone();
    repeated[5] = repeated[3];
    let rows = XmrRows { values: Field::new("v", &bad), dates: ("day", &repeated), ..rows };
    let err = xmr_rows(&rows, &XmrOptions::default()).unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["v[3]", "day[5]"], "{err}");
}
