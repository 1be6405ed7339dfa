//! Maturity models: the embedded defaults, validation, hand-worked scoring, the limiter,
//! assessment errors and monotonicity.

use ics_outcomes::maturity::{
    Aggregation, AreaMaturity, Assessment, Assessments, DEFAULT_LEVELS, MaturityModel, Source, assess, digital_model,
    hewitt_model, maturity_schema,
};
use ics_outcomes::{Error, IssueKind, Principle, Purpose};
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
    let text = hewitt_model_text().replace("from = \"0\"", "from = \"10\"");
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
