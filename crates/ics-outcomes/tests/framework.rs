//! One test per validation rule of national and local frameworks.

use ics_outcomes::ErrorClass;
use ics_outcomes::{Error, IssueKind, LocalFramework, NationalFramework, Purpose, defaults, load_local, load_national};

use crate::common::{class_of, issue_paths, national_toml};

fn national_err(text: &str) -> Error {
    load_national(text, "nat.toml").unwrap_err()
}

fn local(extra: &str) -> Result<LocalFramework, Error> {
    let text = format!("kind = \"local\"\narea = \"QOP\"\nname = \"GM\"\nnests_in = \"2025/26.1\"\n{extra}");
    load_local(
        &text,
        "local.toml",
        &defaults::Edition::Plan2025_26.national_framework(),
        &defaults::Edition::Plan2025_26.geography(),
    )
}

const LOCAL_METRIC: &str =
    "[[metrics]]\nid = \"lm\"\nname = \"Local\"\nunit = \"percentage\"\npolarity = \"lower_is_better\"\ndecimals = 1\n";

fn local_priority(id: &str, target: &str, metric: &str) -> String {
    format!(
        "[[priorities]]\nid = \"{id}\"\ntitle = \"T\"\n[[priorities.targets]]\nid = \"{target}\"\nmetric = \"{metric}\"\ntype = \"threshold\"\nvalue = \"5.0\"\n"
    )
}

#[test]
fn ten_national_priorities_are_allowed() {
    let framework = load_national(&national_toml(10, ""), "nat.toml").unwrap();
    assert_eq!(framework.priorities().len(), 10);
}

#[test]
fn eleven_national_priorities_are_refused_naming_the_count_and_limit() {
    let err = national_err(&national_toml(11, ""));
    assert_eq!(err.issues().len(), 1);
    assert_eq!(err.issues()[0].path, "priorities");
    assert_eq!(err.issues()[0].kind, IssueKind::TooManyNationalPriorities { count: 11, limit: 10 });
    let message = err.to_string();
    assert!(message.contains("nat.toml") && message.contains("11") && message.contains("limit is 10"), "{message}");
}

#[test]
fn duplicate_ids_are_refused_with_the_first_use() {
    let dup_priority = national_toml(2, "").replace("id = \"p1\"", "id = \"p0\"");
    let err = national_err(&dup_priority);
    assert_eq!(err.issues()[0].path, "priorities[1].id");
    assert_eq!(err.issues()[0].value, "p0");
    assert_eq!(err.issues()[0].kind, IssueKind::Duplicate { first: "priorities[0].id".into() });

    let dup_target = national_toml(2, "").replace("id = \"t1\"", "id = \"t0\"");
    assert_eq!(issue_paths(&national_err(&dup_target)), ["priorities[1].targets[0].id"]);

    let dup_metric = national_toml(1, "").replacen(
        "[[metrics]]",
        "[[metrics]]\nid = \"m\"\nname = \"again\"\nunit = \"count\"\npolarity = \"no_judgement\"\ndecimals = 0\n\n[[metrics]]",
        1,
    );
    assert_eq!(issue_paths(&national_err(&dup_metric)), ["metrics[1].id"]);
}

#[test]
fn a_target_on_an_unknown_metric_is_refused() {
    let text = national_toml(1, "").replace("metric = \"m\"", "metric = \"nope\"");
    let err = national_err(&text);
    assert_eq!(err.issues()[0].path, "priorities[0].targets[0].metric");
    assert_eq!(err.issues()[0].value, "nope");
    assert_eq!(err.issues()[0].kind, IssueKind::UnknownMetric);
}

#[test]
fn every_problem_is_reported_at_once() {
    let text = national_toml(11, "")
        .replace("id = \"p1\"", "id = \"p0\"")
        .replacen("metric = \"m\"", "metric = \"nope\"", 1)
        .replacen("value = \"50.0\"", "value = \"50.0\"\nfloor = \"60\"\nscoring = \"linear\"", 1);
    let err = national_err(&text);
    let paths = issue_paths(&err);
    assert!(paths.contains(&"priorities".to_owned()), "{paths:?}");
    assert!(paths.contains(&"priorities[1].id".to_owned()), "{paths:?}");
    assert!(paths.contains(&"priorities[0].targets[0].metric".to_owned()), "{paths:?}");
}

#[test]
fn target_fields_must_fit_the_kind() {
    let missing_value = national_toml(1, "").replace("value = \"50.0\"\n", "");
    let err = national_err(&missing_value);
    assert_eq!(err.issues()[0].path, "priorities[0].targets[0].value");
    assert_eq!(err.issues()[0].kind, IssueKind::Missing);

    let stray = national_toml(1, "").replace("value = \"50.0\"", "value = \"50.0\"\ngoal_period = \"2026/27 Q4\"");
    let err = national_err(&stray);
    assert_eq!(err.issues()[0].path, "priorities[0].targets[0].goal_period");
    assert!(matches!(err.issues()[0].kind, IssueKind::NotAllowed { .. }));

    let improvement = national_toml(1, "").replace("type = \"threshold\"\nvalue = \"50.0\"", "type = \"improvement\"");
    let paths = issue_paths(&national_err(&improvement));
    for field in ["baseline_period", "change", "change_kind"] {
        assert!(paths.contains(&format!("priorities[0].targets[0].{field}")), "{paths:?}");
    }
}

#[test]
fn comparisons_must_agree_with_polarity() {
    let contradicts = national_toml(1, "").replace("value = \"50.0\"", "value = \"50.0\"\ncomparison = \"at_most\"");
    let err = national_err(&contradicts);
    assert_eq!(err.issues()[0].path, "priorities[0].targets[0].comparison");
    assert_eq!(err.issues()[0].value, "at_most");

    let no_judgement = national_toml(1, "").replace("higher_is_better", "no_judgement");
    let err = national_err(&no_judgement);
    assert_eq!(err.issues()[0].path, "priorities[0].targets[0].comparison");
    assert_eq!(err.issues()[0].kind, IssueKind::Missing);
    let stated = no_judgement.replace("value = \"50.0\"", "value = \"50.0\"\ncomparison = \"at_most\"");
    assert!(load_national(&stated, "nat.toml").is_ok());
}

#[test]
fn numbers_in_targets_are_checked() {
    let floor_wrong_side =
        national_toml(1, "").replace("value = \"50.0\"", "value = \"50.0\"\nfloor = \"60\"\nscoring = \"linear\"");
    assert_eq!(issue_paths(&national_err(&floor_wrong_side)), ["priorities[0].targets[0].floor"]);
    let linear_without_floor =
        national_toml(1, "").replace("value = \"50.0\"", "value = \"50.0\"\nscoring = \"linear\"");
    assert_eq!(issue_paths(&national_err(&linear_without_floor)), ["priorities[0].targets[0].floor"]);
    let negative_change = national_toml(1, "").replace(
        "type = \"threshold\"\nvalue = \"50.0\"",
        "type = \"improvement\"\nbaseline_period = \"2024/25\"\nchange = \"-1\"\nchange_kind = \"absolute\"",
    );
    assert_eq!(issue_paths(&national_err(&negative_change)), ["priorities[0].targets[0].change"]);
    let backwards = national_toml(1, "").replace(
        "type = \"threshold\"\nvalue = \"50.0\"",
        "type = \"trajectory\"\nbaseline_period = \"2025/26 Q4\"\nbaseline_value = \"1\"\ngoal_period = \"2025/26 Q1\"\ngoal_value = \"2\"",
    );
    assert_eq!(issue_paths(&national_err(&backwards)), ["priorities[0].targets[0].goal_period"]);
    let bad_decimals = national_toml(1, "").replace("decimals = 1", "decimals = 11");
    assert_eq!(issue_paths(&national_err(&bad_decimals)), ["metrics[0].decimals"]);
    let empty = national_toml(1, "")
        .replace("[[priorities.targets]]\nid = \"t0\"\nmetric = \"m\"\ntype = \"threshold\"\nvalue = \"50.0\"\n", "");
    assert_eq!(issue_paths(&national_err(&empty)), ["priorities[0].targets"]);
}

#[test]
fn local_frameworks_nest_in_the_national_one() {
    let framework = local(&format!("{LOCAL_METRIC}{}", local_priority("gm", "gm_t", "lm"))).unwrap();
    assert_eq!(framework.area_code(), "E54000057", "the ODS code resolves to the ONS code");
    assert_eq!(framework.priorities().len(), 1);
    // A local target may use a national metric too.
    assert!(local(&local_priority("gm", "gm_t", "ae_4h")).is_ok());
}

#[test]
fn a_local_framework_for_an_unknown_ics_is_refused() {
    let text = "kind = \"local\"\narea = \"QZZ\"\nname = \"?\"\nnests_in = \"2025/26.1\"\n";
    let err = load_local(
        text,
        "l.toml",
        &defaults::Edition::Plan2025_26.national_framework(),
        &defaults::Edition::Plan2025_26.geography(),
    )
    .unwrap_err();
    assert_eq!(err.issues()[0].path, "area");
    assert_eq!(err.issues()[0].value, "QZZ");
    assert_eq!(err.issues()[0].kind, IssueKind::UnknownArea);
    let region = text.replace("QZZ", "Y62");
    let err = load_local(
        &region,
        "l.toml",
        &defaults::Edition::Plan2025_26.national_framework(),
        &defaults::Edition::Plan2025_26.geography(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not a region"), "{err}");
}

#[test]
fn local_rules_are_enforced() {
    let unknown_metric = local(&local_priority("gm", "gm_t", "nope")).unwrap_err();
    assert_eq!(issue_paths(&unknown_metric), ["priorities[0].targets[0].metric"]);

    let clash = local(&local_priority("elective", "gm_t", "ae_4h")).unwrap_err();
    assert_eq!(clash.issues()[0].kind, IssueKind::Duplicate { first: "national priorities".into() });
    let target_clash = local(&local_priority("gm", "ae_78pct_4h", "ae_4h")).unwrap_err();
    assert_eq!(issue_paths(&target_clash), ["priorities[0].targets[0].id"]);
    let metric_clash = local(&LOCAL_METRIC.replace("\"lm\"", "\"ae_4h\"")).unwrap_err();
    assert_eq!(issue_paths(&metric_clash), ["metrics[0].id"]);

    let version = load_local(
        "kind = \"local\"\narea = \"QOP\"\nname = \"GM\"\nnests_in = \"2024/25\"\n",
        "l.toml",
        &defaults::Edition::Plan2025_26.national_framework(),
        &defaults::Edition::Plan2025_26.geography(),
    )
    .unwrap_err();
    assert_eq!(version.issues()[0].kind, IssueKind::VersionMismatch { expected: "2025/26.1".into() });
}

#[test]
fn local_trajectories_only_for_targets_that_allow_them() {
    let trajectory = |target: &str| {
        format!(
            "[[trajectories]]\ntarget = \"{target}\"\nbaseline_period = \"2024/25 Q1\"\nbaseline_value = \"70\"\ngoal_period = \"2026/27 Q4\"\n"
        )
    };
    let ok = local(&trajectory("ae_78pct_4h")).unwrap();
    let t = ok.trajectory("ae_78pct_4h").unwrap();
    assert_eq!(t.goal_value.to_string(), "78.0", "the goal is the national value");
    let err = local(&trajectory("cat2_30min")).unwrap_err();
    assert!(matches!(err.issues()[0].kind, IssueKind::NotAllowed { .. }), "{err}");
    let err = local(&trajectory("nope")).unwrap_err();
    assert_eq!(err.issues()[0].kind, IssueKind::UnknownId);
    let twice = format!("{}{}", trajectory("ae_78pct_4h"), trajectory("ae_78pct_4h"));
    assert_eq!(issue_paths(&local(&twice).unwrap_err()), ["trajectories[1].target"]);
}

#[test]
fn a_local_framework_cannot_reweight_or_drop_national_priorities() {
    let err = local("weight = \"2\"\n").unwrap_err();
    assert!(matches!(err, Error::File { .. }), "{err}");
    assert!(err.to_string().contains("unknown field `weight`"), "{err}");
    let err = local("[[drop]]\npriority = \"elective\"\n").unwrap_err();
    assert!(err.to_string().contains("unknown field `drop`"), "{err}");
}

#[test]
fn coverage_reports_the_purposes_served() {
    let national = defaults::Edition::Plan2025_26.national_framework();
    assert!(national.coverage().uncovered().is_empty());
    let only_outcomes = load_national(&national_toml(2, ""), "n.toml").unwrap();
    let uncovered = only_outcomes.coverage().uncovered();
    assert_eq!(uncovered, [Purpose::Inequalities, Purpose::Productivity, Purpose::SocialEconomic]);
    let gm =
        defaults::Edition::Plan2025_26.local_frameworks().into_iter().find(|l| l.area_code() == "E54000057").unwrap();
    let coverage = gm.coverage(&national);
    let social = &coverage.purposes.iter().find(|(p, _)| *p == Purpose::SocialEconomic).unwrap().1;
    assert!(social.contains(&"gm_good_work".to_owned()) && social.contains(&"prevention_shift".to_owned()));
}

#[test]
fn the_checked_framework_builds_from_a_definition_in_code() {
    let mut def = defaults::Edition::Plan2025_26.national_framework().def().clone();
    def.priorities.truncate(3);
    let framework = NationalFramework::new(def, "<code>").unwrap();
    assert_eq!(framework.priorities().len(), 3);
}

/// Hostile-input finding D4: numbers past `MAX_MAGNITUDE` are refused where they are read,
/// so judging cannot overflow.
#[test]
fn numbers_past_the_magnitude_bound_are_refused_naming_the_field() {
    const HUGE: &str = "79228162514264337593543950335";
    let too_large = IssueKind::TooLarge { limit: ics_outcomes::input_limits::MAX_MAGNITUDE };
    let threshold = national_toml(1, "").replace("value = \"50.0\"", &format!("value = \"-{HUGE}\""));
    let err = national_err(&threshold);
    assert_eq!(issue_paths(&err), ["priorities[0].targets[0].value"]);
    assert_eq!(err.issues()[0].kind, too_large);
    let floor = national_toml(1, "")
        .replace("value = \"50.0\"", &format!("value = \"50.0\"\nfloor = \"-{HUGE}\"\nscoring = \"linear\""));
    assert_eq!(issue_paths(&national_err(&floor)), ["priorities[0].targets[0].floor"]);
    for kind in ["absolute", "relative"] {
        let change = national_toml(1, "").replace(
            "type = \"threshold\"\nvalue = \"50.0\"",
            &format!(
                "type = \"improvement\"\nbaseline_period = \"2024/25\"\nchange = \"{HUGE}\"\nchange_kind = \"{kind}\""
            ),
        );
        assert_eq!(issue_paths(&national_err(&change)), ["priorities[0].targets[0].change"]);
    }
    let trajectory = national_toml(1, "").replace(
        "type = \"threshold\"\nvalue = \"50.0\"",
        &format!(
            "type = \"trajectory\"\nbaseline_period = \"2024/25 Q4\"\nbaseline_value = \"1e15\"\ngoal_period = \"2025/26 Q4\"\ngoal_value = \"{HUGE}\""
        ),
    );
    let paths = issue_paths(&national_err(&trajectory));
    assert_eq!(paths, ["priorities[0].targets[0].baseline_value", "priorities[0].targets[0].goal_value"]);
    let at_the_bound = national_toml(1, "").replace("value = \"50.0\"", "value = \"-100000000000000\"");
    assert!(load_national(&at_the_bound, "nat.toml").is_ok());
    let local_trajectory = format!(
        "[[trajectories]]\ntarget = \"ae_78pct_4h\"\nbaseline_period = \"2024/25 Q1\"\nbaseline_value = \"-{HUGE}\"\ngoal_period = \"2026/27 Q4\"\n"
    );
    let err = local(&local_trajectory).unwrap_err();
    assert_eq!(issue_paths(&err), ["trajectories[0].baseline_value"]);
    assert_eq!(err.issues()[0].kind, too_large);
}

/// Hostile-input findings D5 and D15 in framework files.
#[test]
fn target_numbers_are_read_exactly_or_refused() {
    for text in ["78.00000000000000000000000000001", "78_0", " 78.0"] {
        let toml = national_toml(1, "").replace("value = \"50.0\"", &format!("value = \"{text}\""));
        let err = load_national(&toml, "nat.toml").unwrap_err();
        assert!(matches!(err, Error::File { .. }), "{text}: {err}");
        assert!(err.to_string().contains("priorities"), "{text}: {err}");
    }
}

/// Hostile-input finding D25: a relative fall of more than 100 % cannot be met.
#[test]
fn a_relative_fall_past_zero_is_refused() {
    let fall = |change: &str| {
        national_toml(1, "").replace("polarity = \"higher_is_better\"", "polarity = \"lower_is_better\"").replace(
            "type = \"threshold\"\nvalue = \"50.0\"",
            &format!("type = \"improvement\"\nbaseline_period = \"2024/25\"\nchange = \"{change}\"\nchange_kind = \"relative\""),
        )
    };
    assert_eq!(issue_paths(&national_err(&fall("150"))), ["priorities[0].targets[0].change"]);
    assert!(load_national(&fall("100"), "nat.toml").is_ok());
}

#[test]
fn a_local_trajectory_cannot_neutralise_a_national_target() {
    // Finding D7: baseline "0" (or "-1000") and a goal in 2099 turned the national 65 % into
    // 1.5 % for Kent and Medway.
    let trajectory = |baseline: &str, goal: &str| {
        format!(
            "[[trajectories]]\ntarget = \"ae_78pct_4h\"\nbaseline_period = \"2024/25 Q1\"\nbaseline_value = \"{baseline}\"\ngoal_period = \"{goal}\"\n"
        )
    };
    let err = local(&trajectory("0", "2099/00 Q4")).unwrap_err();
    assert_eq!(issue_paths(&err), ["trajectories[0].goal_period"]);
    assert!(err.to_string().contains("more than 5 years after the baseline period 2024/25 Q1"), "{err}");
    for (baseline, reason) in
        [("-1000", "between 0 and 100"), ("100.5", "between 0 and 100"), ("78.0", "already meets the national value")]
    {
        let err = local(&trajectory(baseline, "2026/27 Q4")).unwrap_err();
        assert_eq!(issue_paths(&err), ["trajectories[0].baseline_value"], "{baseline}");
        assert!(err.to_string().contains(reason), "{baseline}: {err}");
    }
    // Five years is the horizon by default; the national framework can set its own.
    assert!(local(&trajectory("70", "2029/30 Q1")).is_ok());
    assert_eq!(class_of(local(&trajectory("70", "2029/30 Q2"))), ErrorClass::Validation);
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/2025-26/national.toml"))
        .unwrap()
        .replacen("scoring = \"binary\"\n", "scoring = \"binary\"\ntrajectory_years = 2\n", 1);
    let short = load_national(&text, "n.toml").unwrap();
    assert_eq!(short.def().trajectory_years, 2);
    let header = "kind = \"local\"\narea = \"QOP\"\nname = \"GM\"\nnests_in = \"2025/26.1\"\n";
    let err = load_local(
        &format!("{header}{}", trajectory("70", "2026/27 Q4")),
        "l.toml",
        &short,
        &defaults::Edition::Plan2025_26.geography(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("more than 2 years"), "{err}");
}
