//! The NHS Oversight Framework 2025/26 module: settings, exact weights, invariants over
//! generated metrics, and the ICS view. The checks against NHS England's published data are
//! in the `reference` tests.

use ics_outcomes::ErrorClass;
use ics_outcomes::oversight::{
    CutPoints, MetricRule, OversightSettings, ProviderInput, ScoredMetric, adjust, assess, average, score_metric,
    spread_score,
};
use ics_outcomes::{Polarity, Rounding};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::{class_of, d};

const HALF_UP: Rounding = Rounding::HalfAwayFromZero;

#[test]
fn settings_round_trip_and_errors() {
    let settings = OversightSettings::default();
    let json = serde_json::to_string(&settings).unwrap();
    let back: OversightSettings = serde_json::from_str(&json).unwrap();
    assert_eq!(back, settings);
    let pooled: OversightSettings =
        serde_json::from_str(r#"{"segments": {"method": "quartiles", "population": "pooled"}}"#).unwrap();
    assert_eq!(pooled.combinations, settings.combinations);
    let bad = [ScoredMetric::new("m", "d", Some(d("4.5")))];
    let err = average(&bad, &[], HALF_UP).unwrap_err();
    assert_eq!(err.issues()[0].value, "4.5");
    assert_eq!(class_of(adjust(0, false, false)), ErrorClass::Argument);
    assert_eq!(class_of(spread_score(3, 2, Decimal::ONE, d("4"), HALF_UP)), ErrorClass::Argument);
    assert_eq!(class_of(CutPoints::thresholds([d("2"), d("1"), d("3")])), ErrorClass::Argument);
    let empty = ProviderInput {
        code: "X".into(),
        provider_type: "t".into(),
        metrics: vec![ScoredMetric::new("m", "d", None)],
        in_deficit: false,
        in_recovery_programme: false,
    };
    assert_eq!(assess(&[empty], &settings).unwrap_err().issues()[0].value, "X");
}

/// Exact weights: three infection rates at 1/3 count as one metric.
#[test]
fn third_weights_are_exact() {
    let third = ics_outcomes::Weight::new(1, 3).unwrap();
    let mut metrics: Vec<ScoredMetric> = ["1.00", "2.00", "4.00"]
        .iter()
        .enumerate()
        .map(|(i, s)| ScoredMetric { weight: third, ..ScoredMetric::new(format!("hcai{i}"), "Safety", Some(d(s))) })
        .collect();
    metrics.push(ScoredMetric::new("other", "Access", Some(d("1.00"))));
    let mean = average(&metrics, &[], HALF_UP).unwrap().overall.unwrap();
    // (7/3 + 1) / 2 = 5/3.
    assert_eq!(mean.unrounded, d("5") / d("3"));
    assert_eq!(mean.published, d("1.67"));
}

fn rule_strategy() -> impl Strategy<Value = MetricRule> {
    (any::<bool>(), proptest::option::of(-50i64..50), proptest::option::of(-50i64..50)).prop_map(|(up, s, f)| {
        let direction = if up { Polarity::HigherIsBetter } else { Polarity::LowerIsBetter };
        MetricRule::Ranked { direction, standard: s.map(Decimal::from), floor: f.map(Decimal::from) }
    })
}

fn values_strategy() -> impl Strategy<Value = Vec<Option<Decimal>>> {
    proptest::collection::vec(proptest::option::weighted(0.9, (-100i64..100).prop_map(Decimal::from)), 0..40)
}

proptest! {
    #[test]
    fn scores_stay_within_one_to_four(rule in rule_strategy(), values in values_strategy()) {
        for s in score_metric(&rule, &values, HALF_UP).unwrap() {
            if let Some(score) = s.score {
                prop_assert!(Decimal::ONE <= score && score <= d("4"));
            }
        }
    }

    #[test]
    fn better_values_never_score_worse_and_ties_share(rule in rule_strategy(), values in values_strategy()) {
        let scores = score_metric(&rule, &values, HALF_UP).unwrap();
        let MetricRule::Ranked { direction, .. } = rule else { unreachable!() };
        for (i, a) in values.iter().enumerate() {
            for (j, b) in values.iter().enumerate() {
                let (Some(a), Some(b)) = (a, b) else { continue };
                let better = if direction == Polarity::HigherIsBetter { a >= b } else { a <= b };
                if better {
                    prop_assert!(scores[i].score <= scores[j].score);
                }
                if a == b {
                    prop_assert_eq!(scores[i].score, scores[j].score);
                }
            }
        }
    }

    #[test]
    fn average_lies_between_its_scores(scores in proptest::collection::vec(100i64..=400, 1..30)) {
        let metrics: Vec<ScoredMetric> = scores
            .iter()
            .enumerate()
            .map(|(i, s)| ScoredMetric::new(format!("m{i}"), "d", Some(Decimal::new(*s, 2))))
            .collect();
        let mean = average(&metrics, &[], HALF_UP).unwrap().overall.unwrap();
        let (lo, hi) = (scores.iter().min().unwrap(), scores.iter().max().unwrap());
        prop_assert!(Decimal::new(*lo, 2) <= mean.unrounded && mean.unrounded <= Decimal::new(*hi, 2));
    }

    #[test]
    fn segments_are_monotone_in_the_average(a in 100i64..=400, b in 100i64..=400) {
        let cuts = CutPoints::thresholds([d("2.0"), d("2.3"), d("2.6")]).unwrap();
        let (a, b) = (Decimal::new(a.min(b), 2), Decimal::new(a.max(b), 2));
        prop_assert!(cuts.segment(a) <= cuts.segment(b));
    }
}

#[test]
fn ics_oversight_scores_the_42_on_the_national_metrics_beside_the_framework_score() {
    use ics_outcomes::oversight::{IcsOversightSettings, Override, ScoreBasis, ics_oversight};
    let (national, locals, observations, geography) = crate::common::default_parts();
    let card =
        ics_outcomes::score(&national, &locals, &observations, &geography, &ics_outcomes::ScoreOptions::default())
            .expect("scores");
    let results = ics_oversight(&national, &observations, &card, &IcsOversightSettings::default()).expect("oversight");
    assert_eq!(results.len(), 42);
    assert!(results.windows(2).all(|w| w[0].league_rank <= w[1].league_rank));
    for r in &results {
        let area = card.area(&r.code).expect("scored");
        assert_eq!((r.framework_score, r.framework_rank), (area.overall, area.rank));
        // A value meeting the national A&E threshold (78%) is the metric's standard: 1.00.
        let ae = r.metrics.iter().find(|m| m.metric == "ae_4h").expect("A&E");
        if let ScoreBasis::MetStandard { standard } = ae.score.basis {
            assert_eq!(standard.to_string(), "78.0");
            assert!(ae.value.expect("value") >= standard);
        }
        // A deficit on the financial metric caps the segment at 3.
        let net = r.metrics.iter().find(|m| m.metric == "net_position").and_then(|m| m.value);
        if net.is_some_and(|v| v.is_sign_negative() && !v.is_zero()) {
            assert!(r.assessment.segments.segment >= 3);
        }
        if r.assessment.segments.overrides.iter().any(|o| matches!(o, Override::FinancialCap { .. })) {
            assert!(net.is_some_and(|v| v.is_sign_negative()));
        }
        assert!((1..=4).contains(&r.assessment.segments.segment));
    }
    // Quartiles over 42 ICSs: every segment is used.
    for segment in 1..=4u8 {
        assert!(results.iter().any(|r| r.assessment.segments.unadjusted == segment), "segment {segment}");
    }
}

#[test]
fn rows_are_scored_within_their_group_and_metric() {
    use ics_outcomes::oversight::score_metric_rows;
    let rule = MetricRule::Ranked { direction: Polarity::HigherIsBetter, standard: None, floor: None };
    let rules = [("m".to_owned(), rule)].into_iter().collect();
    let metrics = vec!["m".to_owned(); 4];
    let values = [Some(d("1")), Some(d("2")), Some(d("1")), Some(d("9"))];
    // Two groups: 1 and 2 are ranked apart from 1 and 9, so the first three rows' scores
    // are those of a group of two.
    let table = score_metric_rows(&[0, 0, 1, 1], &metrics, &values, &rules, HALF_UP).expect("scored");
    let text: Vec<Option<String>> = (0..4).map(|r| table.text(r, "score")).collect();
    let score = |v: &str| Some(v.to_owned());
    assert_eq!(text, [score("4"), score("1"), score("4"), score("1")]);
    assert_eq!(
        class_of(score_metric_rows(&[0], &["other".to_owned()], &[None], &rules, HALF_UP)),
        ErrorClass::Argument
    );
    assert_eq!(
        class_of(score_metric_rows(&[0, 0], &metrics[..1], &values[..2], &rules, HALF_UP)),
        ErrorClass::Argument
    );
}

#[test]
fn a_providers_rows_are_joined_and_any_deficit_row_counts() {
    use ics_outcomes::oversight::{ProviderRows, SegmentRule, assess_rows};
    let providers: Vec<String> = ["A", "A", "B", "B"].map(String::from).to_vec();
    let metrics: Vec<String> = ["m1", "m2", "m1", "m2"].map(String::from).to_vec();
    let scores = [Some(d("1")), Some(d("1")), Some(d("4")), Some(d("4"))];
    let deficit = [false, true, false, false];
    let rows = ProviderRows {
        groups: &[0, 0, 0, 0],
        providers: &providers,
        provider_types: None,
        metrics: &metrics,
        domains: None,
        scores: &scores,
        in_deficit: Some(&deficit),
        in_recovery: None,
    };
    let settings = OversightSettings {
        segments: SegmentRule::Thresholds { cuts: [d("1.5"), d("2.5"), d("3.5")] },
        ..OversightSettings::default()
    };
    let result = assess_rows(&rows, &settings).expect("assessed");
    assert_eq!(result.first_rows, [(0, 0), (0, 2)]);
    assert_eq!(result.flags, [(true, false), (false, false)]);
    let table = result.table();
    assert_eq!(table.text(0, "segment_unadjusted").as_deref(), Some("1"));
    assert_eq!(table.text(0, "segment").as_deref(), Some("3"));
    assert_eq!(table.text(0, "overrides").as_deref(), Some("financial cap (from 1)"));
    assert_eq!(table.text(1, "overrides"), None);
    let short = ProviderRows { in_deficit: Some(&deficit[..1]), ..rows };
    assert_eq!(class_of(assess_rows(&short, &settings)), ErrorClass::Argument);
}

#[test]
fn a_metric_rule_must_say_which_way_is_better() {
    // The one polarity type has a "no judgement" value that context metrics use; a NOF rule
    // cannot rank without a direction, so it is refused by field rather than guessed.
    let rule = MetricRule::Ranked { direction: Polarity::NoJudgement, standard: None, floor: None };
    match score_metric(&rule, &[Some(d("1"))], HALF_UP) {
        Err(ics_outcomes::Error::Validation { issues, .. }) => {
            assert_eq!((issues.0[0].path.as_str(), issues.0[0].value.as_str()), ("direction", "no_judgement"));
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn a_rule_written_as_text_is_read_or_refused_by_key() {
    use ics_outcomes::oversight::RuleText;
    let text = |keys: &[&str]| RuleText { keys: keys.iter().map(|k| (*k).to_owned()).collect(), ..RuleText::default() };
    let argument = |result: Result<MetricRule, ics_outcomes::Error>| match result {
        Err(ics_outcomes::Error::Argument { argument, value, .. }) => (argument, value),
        other => panic!("expected an argument error, got {other:?}"),
    };
    let banded = RuleText {
        direction: Some("higher_is_better".into()),
        bands: Some(vec![(Some("95".into()), Some("1".into())), (Some("90".into()), Some("2.5".into()))]),
        otherwise: Some("4".into()),
        ..text(&["direction", "bands", "otherwise"])
    };
    let rule = MetricRule::from_text("rules[m]", &banded).expect("a banded rule");
    assert_eq!(
        rule,
        MetricRule::Bands {
            direction: Polarity::HigherIsBetter,
            bands: vec![
                ics_outcomes::oversight::Band { bound: d("95"), score: d("1") },
                ics_outcomes::oversight::Band { bound: d("90"), score: d("2.5") },
            ],
            otherwise: d("4"),
        }
    );
    // A key of the other kind of rule, a missing direction, a bad number, a band without a
    // score and a banded rule without its fallback are each refused by their path.
    let ranked_with_bands_key =
        RuleText { direction: Some("lower_is_better".into()), ..text(&["direction", "otherwise"]) };
    assert_eq!(
        argument(MetricRule::from_text("rules[m]", &ranked_with_bands_key)),
        ("rules[m].otherwise".into(), "otherwise".into())
    );
    assert_eq!(argument(MetricRule::from_text("rules[m]", &text(&[]))), ("rules[m].direction".into(), String::new()));
    let bad_number = RuleText {
        direction: Some("lower_is_better".into()),
        floor: Some("ten".into()),
        ..text(&["direction", "floor"])
    };
    assert_eq!(argument(MetricRule::from_text("rules[m]", &bad_number)), ("rules[m].floor".into(), "ten".into()));
    let no_score = RuleText { bands: Some(vec![(Some("1".into()), None)]), ..banded.clone() };
    assert_eq!(argument(MetricRule::from_text("rules[m]", &no_score)).0, "rules[m].bands[0].score");
    let no_fallback = RuleText { otherwise: None, ..banded };
    assert_eq!(argument(MetricRule::from_text("rules[m]", &no_fallback)).0, "rules[m].otherwise");
    let unjudged = RuleText { direction: Some("no_judgement".into()), ..text(&["direction"]) };
    assert_eq!(
        argument(MetricRule::from_text("rules[m]", &unjudged)),
        ("rules[m].direction".into(), "no_judgement".into())
    );
}
