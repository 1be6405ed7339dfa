use ics_outcomes::{
    Attainment, AttainmentScoring, Bound, ChangeKind, Judging, Period, Rounding, TargetRule, Trajectory,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::d;

fn p(s: &str) -> Period {
    s.parse().unwrap()
}

fn judging(rounding: Rounding) -> Judging {
    Judging { rounding, decimals: 1, scoring: AttainmentScoring::Binary }
}

fn at_least(value: &str) -> TargetRule {
    TargetRule::Threshold { comparison: Bound::AtLeast, value: d(value), floor: None }
}

fn judge(rule: &TargetRule, observed: &str, j: Judging) -> ics_outcomes::Evaluation {
    let v = d(observed);
    rule.evaluate(p("2025/26 Q4"), |_| Some(v), j)
}

#[test]
fn thresholds_are_judged_on_the_published_value_under_the_stated_rounding() {
    let rule = at_least("77.9");
    // 77.85 to 1 dp: half away from zero gives 77.9 (met), half even gives 77.8 (not met).
    assert_eq!(judge(&rule, "77.85", judging(Rounding::HalfAwayFromZero)).attainment, Attainment::Met);
    assert_eq!(judge(&rule, "77.85", judging(Rounding::HalfEven)).attainment, Attainment::NotMet);
    assert_eq!(judge(&rule, "77.95", judging(Rounding::HalfEven)).attainment, Attainment::Met);
    assert_eq!(judge(&rule, "77.99", judging(Rounding::Truncate)).attainment, Attainment::Met);
    assert_eq!(judge(&at_least("78.0"), "77.99", judging(Rounding::Truncate)).attainment, Attainment::NotMet);
    let e = judge(&at_least("78.0"), "77.949", judging(Rounding::HalfAwayFromZero));
    assert_eq!((e.attainment, e.published, e.gap), (Attainment::NotMet, Some(d("77.9")), Some(d("0.1"))));
}

#[test]
fn at_most_thresholds_and_the_gap_sign() {
    let rule = TargetRule::Threshold { comparison: Bound::AtMost, value: d("30.0"), floor: None };
    let met = judge(&rule, "29.96", judging(Rounding::HalfAwayFromZero));
    assert_eq!((met.attainment, met.published), (Attainment::Met, Some(d("30.0"))));
    assert_eq!(met.gap, Some(d("0.0")));
    let short = judge(&rule, "31.24", judging(Rounding::HalfAwayFromZero));
    assert_eq!((short.attainment, short.gap), (Attainment::NotMet, Some(d("1.2"))));
}

#[test]
fn missing_values_give_no_data_with_a_note() {
    let e = at_least("1").evaluate(p("2025/26 Q4"), |_| None, judging(Rounding::HalfAwayFromZero));
    assert_eq!(e.attainment, Attainment::NoData);
    assert_eq!(e.score, Decimal::ZERO);
    assert!(e.note.unwrap().contains("2025/26 Q4"));
}

#[test]
fn improvements_from_a_stated_or_observed_baseline() {
    let relative = TargetRule::Improvement {
        comparison: Bound::AtMost,
        baseline_period: p("2024/25 Q4"),
        baseline_value: None,
        change: d("10"),
        change_kind: ChangeKind::Relative,
    };
    let values = |period: Period| if period == p("2024/25 Q4") { Some(d("47.46")) } else { Some(d("42.75")) };
    let e = relative.evaluate(p("2025/26 Q4"), values, judging(Rounding::HalfAwayFromZero));
    // Baseline published 47.5; 10% less is 42.75; 42.75 is published 42.8, short by 0.05.
    assert_eq!(e.baseline, Some(d("47.5")));
    assert_eq!(e.required, Some(d("42.750")));
    assert_eq!(e.attainment, Attainment::NotMet);
    assert_eq!(e.gap, Some(d("0.050")));

    let absolute = TargetRule::Improvement {
        comparison: Bound::AtLeast,
        baseline_period: p("2024/25 Q1"),
        baseline_value: Some(d("3.58")),
        change: d("0.30"),
        change_kind: ChangeKind::Absolute,
    };
    let e = judge(&absolute, "3.88", Judging { decimals: 2, ..judging(Rounding::HalfAwayFromZero) });
    assert_eq!((e.attainment, e.required), (Attainment::Met, Some(d("3.88"))));

    let TargetRule::Improvement { comparison, baseline_period, change, change_kind, .. } = absolute else { panic!() };
    let no_baseline =
        TargetRule::Improvement { comparison, baseline_period, baseline_value: None, change, change_kind };
    let e = no_baseline.evaluate(
        p("2025/26 Q4"),
        |q| (q == p("2025/26 Q4")).then(|| d("4")),
        judging(Rounding::HalfAwayFromZero),
    );
    assert_eq!(e.attainment, Attainment::NoData);
    assert!(e.note.unwrap().contains("baseline"));
}

fn trajectory() -> TargetRule {
    TargetRule::Trajectory(Trajectory {
        comparison: Bound::AtLeast,
        baseline_period: p("2024/25 Q4"),
        baseline_value: d("60.0"),
        goal_period: p("2025/26 Q4"),
        goal_value: d("72.0"),
    })
}

#[test]
fn trajectories_are_on_or_off_track_before_the_goal_and_met_or_not_after() {
    let rule = trajectory();
    let at = |period: &str, value: &str| {
        let v = d(value);
        rule.evaluate(p(period), |_| Some(v), judging(Rounding::HalfAwayFromZero))
    };
    // Halfway (2025/26 Q2) the line is at 66.0.
    assert_eq!(at("2025/26 Q2", "66.0").attainment, Attainment::OnTrack);
    assert_eq!(at("2025/26 Q2", "66.0").required, Some(d("66.0")));
    assert_eq!(at("2025/26 Q2", "65.94").attainment, Attainment::OffTrack);
    assert_eq!(at("2025/26 Q4", "72.0").attainment, Attainment::Met);
    assert_eq!(at("2026/27 Q1", "71.9").attainment, Attainment::NotMet);
    assert_eq!(at("2024/25 Q2", "60.0").attainment, Attainment::OnTrack, "before the baseline the line is flat");
}

#[test]
fn trajectory_points_are_compared_exactly_not_after_a_rounded_division() {
    // From 0 to 1 over nine months: after three the line is exactly 1/3.
    let rule = TargetRule::Trajectory(Trajectory {
        comparison: Bound::AtLeast,
        baseline_period: p("2025/26 Q1"),
        baseline_value: d("0"),
        goal_period: p("2025/26 Q4"),
        goal_value: d("1"),
    });
    let j = Judging { rounding: Rounding::HalfAwayFromZero, decimals: 28, scoring: AttainmentScoring::Binary };
    let just_under = d("0.3333333333333333333333333333");
    let e = rule.evaluate(p("2025/26 Q2"), |_| Some(just_under), j);
    // Decimal division gives the line as 0.3333333333333333333333333333, which this value
    // equals; the exact line is 1/3, which it falls short of.
    assert_eq!(e.required, Some(just_under));
    assert_eq!(e.attainment, Attainment::OffTrack);
    let e = rule.evaluate(p("2025/26 Q2"), |_| Some(d("0.3333333333333333333333333334")), j);
    assert_eq!(e.attainment, Attainment::OnTrack);
}

#[test]
fn linear_scoring_gives_partial_credit_between_floor_and_value() {
    let rule = TargetRule::Threshold { comparison: Bound::AtLeast, value: d("80.0"), floor: Some(d("60.0")) };
    let linear = Judging { scoring: AttainmentScoring::Linear, ..judging(Rounding::HalfAwayFromZero) };
    assert_eq!(judge(&rule, "75.06", linear).score, d("0.755"));
    assert_eq!(judge(&rule, "55", linear).score, Decimal::ZERO);
    assert_eq!(judge(&rule, "90", linear).score, Decimal::ONE);
    assert_eq!(judge(&rule, "75.06", judging(Rounding::HalfAwayFromZero)).score, Decimal::ZERO, "binary");
    let lower = TargetRule::Threshold { comparison: Bound::AtMost, value: d("10"), floor: Some(d("20")) };
    assert_eq!(judge(&lower, "12.5", linear).score, d("0.75"));
}

/// A number anywhere within `MAX_MAGNITUDE`: at the bound, large, or with many decimals.
fn bounded() -> impl Strategy<Value = Decimal> {
    let max = ics_outcomes::input_limits::MAX_MAGNITUDE;
    prop_oneof![
        Just(max),
        Just(-max),
        (-100_000_000_000_000i64..=100_000_000_000_000, 0u32..=14).prop_map(|(m, s)| Decimal::new(m, s)),
        (any::<i64>(), 14u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
    ]
}

fn any_rule() -> impl Strategy<Value = TargetRule> {
    let comparison = prop_oneof![Just(Bound::AtLeast), Just(Bound::AtMost)];
    let baseline = prop_oneof![Just(p("2024/25 Q1")), Just(p("1900/01")), Just(p("2025/26 Q4"))];
    let goal = prop_oneof![Just(p("2025/26 Q4")), Just(p("9999/00 Q4"))];
    prop_oneof![
        (comparison.clone(), bounded(), prop::option::of(bounded()))
            .prop_map(|(comparison, value, floor)| TargetRule::Threshold { comparison, value, floor }),
        (comparison.clone(), baseline.clone(), prop::option::of(bounded()), bounded(), any::<bool>()).prop_map(
            |(comparison, baseline_period, baseline_value, change, relative)| TargetRule::Improvement {
                comparison,
                baseline_period,
                baseline_value,
                change: change.abs().max(Decimal::new(1, 28)),
                change_kind: if relative { ChangeKind::Relative } else { ChangeKind::Absolute },
            }
        ),
        (comparison, baseline, bounded(), goal, bounded()).prop_map(
            |(comparison, baseline_period, baseline_value, goal_period, goal_value)| {
                TargetRule::Trajectory(Trajectory {
                    comparison,
                    baseline_period,
                    baseline_value,
                    goal_period,
                    goal_value,
                })
            }
        ),
    ]
}

proptest! {
    // Rare corners (a tiny relative step under a huge value) need many cases to be met.
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    /// Hostile-input finding D4: whatever the rule, values and settings within the bound the
    /// loaders enforce, judging never overflows.
    #[test]
    fn judging_numbers_within_the_magnitude_bound_never_overflows(
        rule in any_rule(),
        observed in bounded(),
        baseline in bounded(),
        decimals in 0u32..=10,
        rounding in prop_oneof![Just(Rounding::HalfAwayFromZero), Just(Rounding::HalfEven), Just(Rounding::Truncate)],
        linear in any::<bool>(),
    ) {
        let scoring = if linear { AttainmentScoring::Linear } else { AttainmentScoring::Binary };
        let judging = Judging { rounding, decimals, scoring };
        let period = p("2025/26 Q4");
        let e = rule.evaluate(period, |at| Some(if at == period { observed } else { baseline }), judging);
        prop_assert!(e.score >= Decimal::ZERO && e.score <= Decimal::ONE);
    }
}
