//! Maturity models: the embedded defaults, validation, hand-worked scoring, the limiter,
//! assessment errors and monotonicity.

use ics_outcomes::maturity::{
    Aggregation, AreaMaturity, Assessment, Assessments, AutonomyRule, DEFAULT_LEVELS, MaturityModel, OutcomeEvidence,
    Source, assess, derive_assessments, digital_model, distribution, divergence, earned_autonomy, hewitt_model,
    maturity_schema, movements, radar, report,
};
use ics_outcomes::{Error, IssueKind, Principle, Purpose};
use ics_outcomes::{Period, defaults};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn d(text: &str) -> Decimal {
    text.parse().unwrap()
}

fn row(area: &str, criterion: &str, source: Source, score: &str) -> Assessment {
    Assessment {
        area: area.into(),
        criterion: criterion.into(),
        provider: None,
        source,
        score: d(score),
        evidence: Some("note".into()),
    }
}

/// One self-assessed score per criterion of the model, in model order.
fn all_scored(model: &MaturityModel, area: &str, scores: &[u32]) -> Vec<Assessment> {
    model.criteria().zip(scores).map(|(c, s)| row(area, &c.id, Source::SelfAssessment, &s.to_string())).collect()
}

fn run(model: &MaturityModel, rows: Vec<Assessment>) -> Vec<AreaMaturity> {
    assess(model, &Assessments::new(model, rows, "<test>").unwrap())
}

#[test]
fn both_default_models_load_with_the_default_level_names() {
    let hewitt = hewitt_model();
    let names: Vec<&str> = hewitt.levels().iter().map(|l| l.name.as_str()).collect();
    assert_eq!(names, DEFAULT_LEVELS);
    assert_eq!(hewitt.dimensions().len(), 10);
    assert_eq!(hewitt.rules().aggregation, Aggregation::Percentage);
    assert_eq!(hewitt.rules().max_levels_above_weakest, Some(1));
    for p in Principle::ALL {
        assert_eq!(hewitt.dimensions().iter().filter(|d| d.principles.contains(p)).count(), 1, "{p}");
    }
    for p in Purpose::ALL {
        assert_eq!(hewitt.dimensions().iter().filter(|d| d.purposes.contains(p)).count(), 1, "{p}");
    }
    assert!(hewitt.criteria().all(|c| c.scale.min == d("1") && c.scale.max == d("4")));

    let digital = digital_model();
    let ids: Vec<&str> = digital.dimensions().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "well_led",
            "smart_foundations",
            "safe_practice",
            "support_people",
            "empower_citizens",
            "improve_care",
            "healthy_populations"
        ]
    );
    assert_eq!(digital.rules().aggregation, Aggregation::Mean);
    assert!(digital.criteria().all(|c| c.scale.min == d("1") && c.scale.max == d("5")));
    assert_eq!(digital.levels().iter().map(|l| l.name.as_str()).collect::<Vec<_>>(), DEFAULT_LEVELS);
}

#[test]
fn the_default_models_satisfy_the_schema_and_round_trip_through_json() {
    let validator = jsonschema::validator_for(&maturity_schema()).unwrap();
    for model in [hewitt_model(), digital_model()] {
        let json = serde_json::to_value(model.def()).unwrap();
        let errors: Vec<String> = validator.iter_errors(&json).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
        let again = MaturityModel::from_text(&json.to_string(), "model.json").unwrap();
        assert_eq!(again, model);
    }
    let mut bare_number = serde_json::to_value(hewitt_model().def()).unwrap();
    bare_number["levels"][1]["from"] = serde_json::json!(39);
    assert!(!validator.is_valid(&bare_number));
}

#[test]
fn omitted_levels_default_to_four_equal_parts_of_the_range() {
    let text = r#"{"id": "m", "name": "M", "scale": {"min": "1", "max": "5"},
        "dimensions": [{"id": "d", "name": "D", "criteria": [{"id": "c", "name": "C"}]}]}"#;
    let model = MaturityModel::from_text(text, "m.json").unwrap();
    let levels: Vec<(&str, String)> = model.levels().iter().map(|l| (l.name.as_str(), l.from.to_string())).collect();
    assert_eq!(
        levels,
        [("emerging", "1".into()), ("developing", "2".into()), ("maturing", "3".into()), ("thriving", "4".into())]
    );
}

#[test]
fn every_model_problem_is_reported_at_once_with_path_and_value() {
    let text = r#"
id = "m"
name = "M"
scale = { min = "1", max = "4" }

[[levels]]
name = "emerging"
from = "1"

[[levels]]
name = "developing"
from = "3"

[[levels]]
name = "maturing"
from = "2"

[[dimensions]]
id = "a"
name = "A"

[[dimensions.criteria]]
id = "c1"
name = "C1"

[[dimensions.criteria]]
id = "c1"
name = "again"

[[dimensions]]
id = "empty"
name = "Empty"

[[dimensions]]
id = "b"
name = "B"

[[dimensions.criteria]]
id = "c2"
name = "C2"
scale = { min = "5", max = "5" }
"#;
    let err = MaturityModel::from_text(text, "m.toml").unwrap_err();
    assert!(matches!(err, Error::Validation { ref source_name, .. } if source_name == "m.toml"));
    let found: Vec<(&str, &str)> = err.issues().iter().map(|i| (i.path.as_str(), i.value.as_str())).collect();
    assert!(found.contains(&("dimensions[0].criteria[1].id", "c1")), "{found:?}");
    assert!(
        matches!(err.issues()[0].kind, IssueKind::Duplicate { ref first } if first == "dimensions[0].criteria[0].id")
    );
    assert!(found.contains(&("dimensions[1].criteria", "")), "{found:?}");
    assert!(found.contains(&("dimensions[2].criteria[0].scale", "5 to 5")), "{found:?}");
    assert!(found.contains(&("levels[2].from", "2")), "{found:?}");
    assert!(err.to_string().contains("must be above the previous level's 3"), "{err}");
}

#[test]
fn a_first_level_off_the_bottom_and_an_unknown_field_are_refused() {
    let text = hewitt_model_text().replacen("from = \"0\"", "from = \"10\"", 1);
    let err = MaturityModel::from_text(&text, "h.toml").unwrap_err();
    assert_eq!(err.issues()[0].path, "levels[0].from");
    assert_eq!(err.issues()[0].value, "10");

    let text = hewitt_model_text().replace("[rules]", "[rules]\nweight = \"2\"");
    assert!(matches!(MaturityModel::from_text(&text, "h.toml"), Err(Error::File { .. })));

    let text = hewitt_model_text()
        .replace(r#"["outcome_data", "peer_review", "self_assessment"]"#, r#"["peer_review", "peer_review"]"#);
    let err = MaturityModel::from_text(&text, "h.toml").unwrap_err();
    assert_eq!(err.issues()[0].path, "rules.source_precedence");
}

fn hewitt_model_text() -> String {
    ics_outcomes::maturity::HEWITT_TOML.to_owned()
}

#[test]
fn digital_scores_are_the_mean_of_providers_and_of_criteria() {
    let model = digital_model();
    let mut rows = Vec::new();
    for c in model.criteria() {
        for (provider, score) in [("RX1", "3"), ("RX2", "4")] {
            let mut r = row("QWO", &c.id, Source::SelfAssessment, score);
            r.provider = Some(provider.into());
            rows.push(r);
        }
    }
    // well_led: strategy providers 1 and 2 (mean 1.5), leadership 3.5: dimension mean 2.5.
    rows[0].score = d("1");
    rows[1].score = d("2");
    rows[1].evidence = None;
    let results = run(&model, rows);
    let area = &results[0];
    let well_led = &area.dimensions[0];
    assert_eq!(well_led.criteria[0].score, Some(d("1.5")));
    assert_eq!(well_led.criteria[0].scores, 2);
    assert!(well_led.criteria[0].evidence_missing);
    assert_eq!(well_led.criteria[0].evidence, ["note"]);
    assert_eq!(well_led.score, Some(d("2.5")));
    assert_eq!(well_led.level.as_ref().unwrap().name, "developing");
    assert_eq!(well_led.reason, "mean 2.5 of 2 of 2 criteria reaches developing (from 2), below maturing (from 3)");
    let smart = &area.dimensions[1];
    assert_eq!(smart.score, Some(d("3.5")));
    assert_eq!(smart.level.as_ref().unwrap().name, "maturing");
    // Overall: (2.5 + 6 × 3.5) / 7 = 23.5 / 7 = 3.357…: maturing, and no limiter in this model.
    let overall = area.overall.as_ref().unwrap();
    assert_eq!(overall.score, d("23.5") / d("7"));
    assert_eq!(overall.level.name, "maturing");
    assert_eq!(overall.weakest_dimension, "well_led");
    assert_eq!(overall.cap, None);
    assert!(!overall.limited);
}

#[test]
fn hewitt_dimensions_are_cqc_style_percentages() {
    let model = hewitt_model();
    // Collaboration 3 + 4 = 7 of 8 = 87.5%: maturing (63), just below thriving (88).
    let mut scores = vec![4; 20];
    scores[0] = 3;
    let results = run(&model, all_scored(&model, "QHM", &scores));
    let collaboration = &results[0].dimensions[0];
    assert_eq!(collaboration.score, Some(d("87.5")));
    assert_eq!(collaboration.level.as_ref().unwrap().name, "maturing");
    assert_eq!(
        collaboration.reason,
        "percentage 87.5 of 2 of 2 criteria reaches maturing (from 63), below thriving (from 88)"
    );
    // Overall: (87.5 + 9 × 100) / 10 = 98.75: thriving; the weakest is maturing, one below.
    let overall = results[0].overall.as_ref().unwrap();
    assert_eq!(overall.score, d("98.75"));
    assert_eq!(overall.level.name, "thriving");
    assert_eq!(overall.cap.as_ref().unwrap().name, "thriving");
    assert!(!overall.limited);
}

#[test]
fn the_limiter_holds_the_overall_level_one_above_the_weakest_dimension() {
    let model = hewitt_model();
    // Every dimension 100% but inequalities (criteria 15 and 16) at 1 + 1 = 25%: emerging.
    let mut scores = vec![4; 20];
    scores[14] = 1;
    scores[15] = 1;
    let results = run(&model, all_scored(&model, "QOP", &scores));
    let overall = results[0].overall.as_ref().unwrap();
    assert_eq!(overall.score, d("92.5"));
    assert_eq!(overall.score_level.name, "thriving");
    assert_eq!(overall.weakest_dimension, "inequalities");
    assert_eq!(overall.weakest_level.name, "emerging");
    assert_eq!(overall.cap.as_ref().unwrap().name, "developing");
    assert_eq!(overall.level.name, "developing");
    assert!(overall.limited);
    assert_eq!(
        overall.reason,
        "mean of 10 dimension scores 92.5 reaches thriving; weakest dimension inequalities is emerging, so at most \
         developing (1 above): limited to developing"
    );
}

#[test]
fn the_first_source_in_precedence_counts_and_the_rest_are_shown() {
    let model = digital_model();
    let mut rows = all_scored(&model, "QKS", &[2; 14]);
    rows.push(row("QKS", "well_led_strategy", Source::PeerReview, "4"));
    let results = run(&model, rows);
    let strategy = &results[0].dimensions[0].criteria[0];
    assert_eq!(strategy.score, Some(d("4")));
    assert_eq!(strategy.source, Some(Source::PeerReview));
    assert_eq!(strategy.outranked, [Source::SelfAssessment]);
}

#[test]
fn unscored_criteria_and_blank_evidence_are_explicit() {
    let model = digital_model();
    let mut rows = all_scored(&model, "QUE", &[3; 14]);
    rows.retain(|r| !r.criterion.starts_with("well_led"));
    rows[0].evidence = Some("  ".into());
    let results = run(&model, rows);
    let area = &results[0];
    assert_eq!(area.unscored, ["well_led_strategy", "well_led_leadership"]);
    assert_eq!(area.dimensions[0].score, None);
    assert_eq!(area.dimensions[0].reason, "no criterion scored");
    assert!(area.overall.is_none());
    assert!(area.dimensions[1].criteria[0].evidence_missing);
    assert!(area.dimensions[1].criteria[0].evidence.is_empty());
}

#[test]
fn unknown_criteria_scores_off_the_scale_and_duplicates_are_refused_together() {
    let model = hewitt_model();
    let mut mixed = row("QHM", "outcomes_targets_met", Source::OutcomeData, "2");
    mixed.provider = Some("RX1".into());
    let rows = vec![
        row("QHM", "no_such_criterion", Source::SelfAssessment, "2"),
        row("QHM", "collaboration_partnership", Source::SelfAssessment, "5"),
        row("QHM", "collaboration_mutual_aid", Source::PeerReview, "0.5"),
        row("QHM", "timely_data_shared_record", Source::SelfAssessment, "3"),
        row("QHM", "timely_data_shared_record", Source::SelfAssessment, "2"),
        row("QHM", "outcomes_targets_met", Source::OutcomeData, "3"),
        mixed,
        row("", "outcomes_targets_met", Source::SelfAssessment, "3"),
    ];
    let err = Assessments::new(&model, rows, "scores.csv").unwrap_err();
    assert!(matches!(err, Error::Data { ref source_name, .. } if source_name == "scores.csv"));
    let found: Vec<(&str, &str)> = err.issues().iter().map(|i| (i.path.as_str(), i.value.as_str())).collect();
    assert_eq!(
        found,
        [
            ("assessments[0].criterion", "no_such_criterion"),
            ("assessments[1].score", "5"),
            ("assessments[2].score", "0.5"),
            ("assessments[4]", "QHM timely_data_shared_record self_assessment"),
            ("assessments[6].provider", "RX1"),
            ("assessments[7].area", ""),
        ]
    );
    assert_eq!(err.issues()[0].kind, IssueKind::UnknownId);
    assert!(err.to_string().contains("off the scale 1 to 4 of criterion \"collaboration_partnership\""), "{err}");
    assert!(matches!(err.issues()[3].kind, IssueKind::Duplicate { ref first } if first == "assessments[3]"));
}

/// Checks that each level in the breakdown follows from the scores it shows.
fn reproduces(model: &MaturityModel, area: &AreaMaturity) {
    let levels = model.levels();
    for dim in &area.dimensions {
        let (Some(score), Some(level)) = (dim.score, &dim.level) else { panic!("unscored") };
        assert!(score >= level.from);
        assert!(levels.get(level.rank + 1).is_none_or(|next| score < next.from));
    }
    let overall = area.overall.as_ref().unwrap();
    let n = Decimal::from(area.dimensions.len() as u32);
    let mean: Decimal = area.dimensions.iter().filter_map(|d| d.score).sum::<Decimal>() / n;
    assert_eq!(overall.score, mean.normalize());
    assert_eq!(&overall.score_level, model.level_for(overall.score));
    let weakest = area.dimensions.iter().filter_map(|d| d.level.as_ref()).map(|l| l.rank).min().unwrap();
    assert_eq!(overall.weakest_level.rank, weakest);
    let cap = model
        .rules()
        .max_levels_above_weakest
        .map_or(levels.len() - 1, |above| (weakest + above).min(levels.len() - 1));
    assert_eq!(overall.level.rank, overall.score_level.rank.min(cap));
    assert_eq!(overall.limited, overall.score_level.rank > cap);
}

fn ranks(area: &AreaMaturity) -> (Vec<usize>, usize) {
    let dims = area.dimensions.iter().map(|d| d.level.as_ref().unwrap().rank).collect();
    (dims, area.overall.as_ref().unwrap().level.rank)
}

proptest! {
    #[test]
    fn raising_a_score_never_lowers_a_level(
        hewitt in any::<bool>(),
        scores in proptest::collection::vec(1u32..=5, 20),
        which in 0usize..20,
        raise in 1u32..=4,
    ) {
        let model = if hewitt { hewitt_model() } else { digital_model() };
        let n = model.criteria().count();
        let max = if hewitt { 4 } else { 5 };
        let mut scores: Vec<u32> = scores.into_iter().take(n).map(|s| s.min(max)).collect();
        let which = which % n;
        let before = &run(&model, all_scored(&model, "QWO", &scores))[0];
        reproduces(&model, before);
        scores[which] = (scores[which] + raise).min(max);
        let after = &run(&model, all_scored(&model, "QWO", &scores))[0];
        reproduces(&model, after);
        let (dims_before, overall_before) = ranks(before);
        let (dims_after, overall_after) = ranks(after);
        for (b, a) in dims_before.iter().zip(&dims_after) {
            prop_assert!(a >= b);
        }
        prop_assert!(overall_after >= overall_before);
    }
}

fn evidence(area: &str, met: usize, judged: usize, segment: Option<u8>) -> OutcomeEvidence {
    OutcomeEvidence { area: area.into(), targets_met: met, targets_judged: judged, segment, basis: None }
}

#[test]
fn derived_criteria_score_from_targets_met_and_segment_with_the_figures_as_evidence() {
    let model = hewitt_model();
    let rows = derive_assessments(
        &model,
        &[
            evidence("A", 9, 12, Some(1)),
            evidence("B", 2, 12, Some(3)),
            evidence("C", 6, 12, None),
            evidence("D", 0, 0, Some(4)),
        ],
        "<test>",
    )
    .unwrap();
    let got: Vec<(&str, &str, String, Option<&str>)> = rows
        .iter()
        .map(|r| (r.area.as_str(), r.criterion.as_str(), r.score.to_string(), r.evidence.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("A", "freedom_with_accountability_assurance", "4".into(), Some("oversight segment 1")),
            ("A", "outcomes_targets_met", "4".into(), Some("9 of 12 judged targets met (75%)")),
            ("B", "freedom_with_accountability_assurance", "2".into(), Some("oversight segment 3")),
            ("B", "outcomes_targets_met", "1".into(), Some("2 of 12 judged targets met (16.7%)")),
            ("C", "outcomes_targets_met", "3".into(), Some("6 of 12 judged targets met (50%)")),
            ("D", "freedom_with_accountability_assurance", "1".into(), Some("oversight segment 4")),
        ]
    );
    assert!(rows.iter().all(|r| r.source == Source::OutcomeData));
}

#[test]
fn outcome_data_outranks_judgement_and_its_absence_falls_back_to_peer_review() {
    let model = hewitt_model();
    let mut rows: Vec<Assessment> = model
        .criteria()
        .map(|c| row("A", &c.id, Source::PeerReview, "2"))
        .chain(model.criteria().map(|c| row("B", &c.id, Source::PeerReview, "2")))
        .collect();
    rows.extend(
        derive_assessments(&model, &[evidence("A", 12, 12, Some(1)), evidence("B", 0, 0, None)], "<t>").unwrap(),
    );
    let results = run(&model, rows);
    let criterion = |r: &AreaMaturity, id: &str| {
        r.dimensions.iter().flat_map(|d| &d.criteria).find(|c| c.criterion == id).unwrap().clone()
    };
    let a = criterion(&results[0], "outcomes_targets_met");
    assert_eq!(
        (a.score, a.source, a.outranked.clone()),
        (Some(d("4")), Some(Source::OutcomeData), vec![Source::PeerReview])
    );
    let b = criterion(&results[1], "outcomes_targets_met");
    assert_eq!((b.score, b.source), (Some(d("2")), Some(Source::PeerReview)));
}

#[test]
fn bad_evidence_and_bad_derivations_are_refused_with_paths() {
    let model = hewitt_model();
    let err =
        derive_assessments(&model, &[evidence("A", 13, 12, Some(0)), evidence("A", 1, 2, Some(9))], "<t>").unwrap_err();
    assert!(matches!(err, Error::Data { .. }));
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["outcomes[0].targets_met", "outcomes[0].segment", "outcomes[1].area"]);
    let err = derive_assessments(&model, &[evidence("A", 1, 2, Some(9))], "<t>").unwrap_err();
    assert!(
        err.to_string().contains("criterion \"freedom_with_accountability_assurance\" lists no score for it"),
        "{err}"
    );

    let text = hewitt_model_text()
        .replacen(r#"{ from = "25", score = "2" }"#, r#"{ from = "25", score = "0.5" }"#, 1)
        .replacen(r#"{ segment = 2, score = "3" }"#, r#"{ segment = 1, score = "3" }"#, 1);
    let err = MaturityModel::from_text(&text, "bad.toml").unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "dimensions[4].criteria[0].derived.scores[1].segment",
            "dimensions[6].criteria[0].derived.bands[1].score",
            "dimensions[6].criteria[0].derived.bands[1].score",
        ]
    );
    assert!(err.to_string().contains("more targets met never scores less"), "{err}");
}

#[test]
fn divergence_is_peer_less_self_flagged_at_the_thresholds() {
    let model = hewitt_model();
    let rows = vec![
        row("A", "collaboration_partnership", Source::SelfAssessment, "4"),
        row("A", "collaboration_partnership", Source::PeerReview, "2"),
        row("A", "collaboration_mutual_aid", Source::SelfAssessment, "3"),
        row("A", "collaboration_mutual_aid", Source::PeerReview, "3"),
        row("A", "shared_priorities_few", Source::SelfAssessment, "3"),
    ];
    let found = divergence(&model, &Assessments::new(&model, rows, "<t>").unwrap());
    let criteria: Vec<(&str, Option<Decimal>, bool)> =
        found.criteria.iter().map(|c| (c.criterion.as_str(), c.difference, c.flagged)).collect();
    assert_eq!(
        criteria,
        [
            ("collaboration_partnership", Some(d("-2")), true),
            ("collaboration_mutual_aid", Some(d("0")), false),
            ("shared_priorities_few", None, false)
        ]
    );
    let collaboration = &found.dimensions[0];
    // Self (4 + 3) / 8 = 87.5 %, peer (2 + 3) / 8 = 62.5 %: 25 points apart reaches the threshold.
    assert_eq!((collaboration.self_score, collaboration.peer_score), (Some(d("87.5")), Some(d("62.5"))));
    assert_eq!(collaboration.difference, Some(d("-25")));
    assert!(collaboration.flagged);
    assert_eq!(collaboration.self_level.as_ref().unwrap().name, "maturing");
    assert_eq!(collaboration.peer_level.as_ref().unwrap().name, "developing");
    assert_eq!(found.dimensions[1].criteria_compared, 0);
    assert_eq!(found.dimensions[1].difference, None);
}

#[test]
fn movements_and_distribution_across_rounds() {
    let model = digital_model();
    let n = model.criteria().count();
    let before = run(&model, [all_scored(&model, "A", &vec![2; n]), all_scored(&model, "B", &vec![4; n])].concat());
    let after = run(&model, [all_scored(&model, "A", &vec![3; n]), all_scored(&model, "C", &vec![1; n])].concat());
    let moved = movements(&before, &after);
    let overall: Vec<(&str, Option<i64>, Option<&str>)> = moved
        .iter()
        .filter(|m| m.dimension.is_none())
        .map(|m| (m.area.as_str(), m.change, m.after.as_ref().map(|l| l.name.as_str())))
        .collect();
    assert_eq!(overall, [("A", Some(1), Some("maturing")), ("B", None, None), ("C", None, Some("emerging"))]);
    assert_eq!(moved.len(), 3 * (1 + model.dimensions().len()));

    let spread = distribution(&model, &after);
    assert_eq!(spread.len(), (1 + model.dimensions().len()) * DEFAULT_LEVELS.len());
    let overall: Vec<usize> = spread.iter().filter(|c| c.dimension.is_none()).map(|c| c.areas).collect();
    assert_eq!(overall, [1, 0, 1, 0]);
}

#[test]
fn earned_autonomy_gives_each_failed_condition_as_a_reason() {
    let model = hewitt_model();
    let n = model.criteria().count();
    let results = run(&model, [all_scored(&model, "A", &vec![4; n]), all_scored(&model, "B", &vec![3; n])].concat());
    let outcomes = [evidence("A", 7, 12, Some(2)), evidence("B", 6, 12, None), evidence("C", 12, 12, Some(1))];
    let decisions = earned_autonomy(&model, &model.autonomy(), &results, &outcomes).unwrap();
    let summary: Vec<(&str, bool, Vec<String>)> =
        decisions.iter().map(|d| (d.area.as_str(), d.eligible, d.reasons())).collect();
    assert_eq!(
        summary,
        [
            ("A", true, vec![]),
            (
                "B",
                false,
                vec![
                    "overall at least thriving: maturing".to_owned(),
                    "oversight segment 2 or better: no oversight segment".to_owned(),
                    "over 50% of targets met: 6 of 12 (50%)".to_owned(),
                ]
            ),
            (
                "C",
                false,
                vec![
                    "overall at least thriving: not assessed".to_owned(),
                    "no dimension below maturing: not assessed".to_owned()
                ]
            ),
        ]
    );
    let rule = AutonomyRule { min_overall_level: Some("stellar".into()), ..AutonomyRule::default() };
    let err = earned_autonomy(&model, &rule, &results, &outcomes).unwrap_err();
    assert!(err.to_string().contains("not a level of the model (emerging, developing, maturing, thriving)"), "{err}");
    let err = earned_autonomy(&model, &AutonomyRule::default(), &results, &outcomes).unwrap_err();
    assert!(err.to_string().contains("state at least one condition"), "{err}");
}

#[test]
fn the_default_round_explains_every_ics_and_its_autonomy() {
    let model = hewitt_model();
    let [earlier, latest] = defaults::MATURITY_ROUNDS;
    assert_eq!(latest, Period::FinancialYear { start_year: 2025 });
    let rows = defaults::maturity_assessments(&model, latest).unwrap().into_rows();
    let previous = defaults::maturity_assessments(&model, earlier).unwrap().into_rows();
    let outcomes = defaults::outcome_evidence();
    let found = report(&model, rows, &outcomes, Some(previous), None, "<synthetic>").unwrap();
    assert_eq!(found.results.len(), 42);
    assert_eq!(found.autonomy.len(), 42);
    let rule = model.autonomy();
    for (result, decision) in found.results.iter().zip(&found.autonomy) {
        reproduces(&model, result);
        assert_eq!(result.area, decision.area);
        let overall = result.overall.as_ref().unwrap();
        let e = outcomes.iter().find(|e| e.area == result.area).unwrap();
        let expected = overall.level.name == "thriving"
            && result.dimensions.iter().all(|d| d.level.as_ref().unwrap().rank >= 2)
            && e.segment.is_some_and(|s| s <= rule.max_segment.unwrap())
            && e.targets_met * 100 > 50 * e.targets_judged;
        assert_eq!(decision.eligible, expected, "{}", result.area);
        for axis in radar(&model, result) {
            let radius = axis.radius.unwrap();
            assert!(radius >= Decimal::ZERO && radius <= Decimal::ONE);
            assert_eq!(radius * Decimal::ONE_HUNDRED, axis.score.unwrap());
        }
    }
    assert!(found.autonomy.iter().any(|d| d.eligible));
    let counted: usize = found.distribution.iter().filter(|c| c.dimension.is_none()).map(|c| c.areas).sum();
    assert_eq!(counted, 42);
    assert!(found.movements.unwrap().iter().any(|m| m.change.is_some_and(|c| c != 0)));
    let err = defaults::maturity_assessments(&model, Period::FinancialYear { start_year: 2019 }).unwrap_err();
    assert!(err.to_string().contains("the synthetic rounds are 2024/25 and 2025/26"), "{err}");
    let digital = defaults::maturity_assessments(&digital_model(), latest).unwrap();
    assert!(digital.rows().iter().all(|r| r.provider.is_some() && r.source == Source::SelfAssessment));
}

#[test]
fn assessments_read_from_csv_with_every_bad_field_named() {
    let model = digital_model();
    let text = "# round 1\narea,criterion,source,score,provider,evidence\n\
                QWO,well_led_strategy,self_assessment,3,RXX,board paper\n\
                QWO,well_led_strategy,self_assessment,4,RYY,\n";
    let read = Assessments::read_csv(&model, text, "a.csv").unwrap();
    assert_eq!(read.rows()[1].provider.as_deref(), Some("RYY"));
    assert_eq!(read.rows()[1].evidence, None);
    let bad = "area,criterion,source,score\nQWO,well_led_strategy,self,3\nQWO,well_led_strategy,peer_review,NaN\nQWO,nope,peer_review,3\n";
    let err = Assessments::read_csv(&model, bad, "b.csv").unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["assessments[0].source", "assessments[1].score"]);
    assert!(err.to_string().contains("b.csv"), "{err}");
    let err = Assessments::read_csv(&model, "area,criterion,score\n", "c.csv").unwrap_err();
    assert_eq!(err.to_string(), "c.csv: no \"source\" column");
    let err = Assessments::read_csv(&model, "area,criterion,source,score,colour\n", "d.csv").unwrap_err();
    assert!(err.to_string().contains("unknown column \"colour\""), "{err}");
}

proptest! {
    #[test]
    fn more_targets_met_or_a_better_segment_never_lowers_a_level(
        peer in proptest::collection::vec(1u32..=4, 20),
        judged in 1usize..40,
        met in 0usize..40,
        extra in 1usize..10,
        segment in 2u8..=5,
    ) {
        let model = hewitt_model();
        let met = met % (judged + 1);
        let scores: Vec<u32> = peer.into_iter().take(model.criteria().count()).collect();
        let base: Vec<Assessment> = all_scored(&model, "A", &scores);
        let level = |e: OutcomeEvidence| {
            let mut rows = base.clone();
            rows.extend(derive_assessments(&model, &[e], "<p>").unwrap());
            let result = run(&model, rows).remove(0);
            reproduces(&model, &result);
            ranks(&result)
        };
        let (dims_before, overall_before) = level(evidence("A", met, judged, Some(segment)));
        let (dims_after, overall_after) = level(evidence("A", (met + extra).min(judged + extra), judged + extra, Some(segment - 1)));
        for (b, a) in dims_before.iter().zip(&dims_after) {
            prop_assert!(a >= b);
        }
        prop_assert!(overall_after >= overall_before);
    }
}
