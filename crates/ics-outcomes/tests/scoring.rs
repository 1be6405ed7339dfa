use std::collections::BTreeMap;

use ics_outcomes::{
    Attainment, Catalogue, Error, IssueKind, MissingData, Observations, Period, ScoreOptions, Scorecard, Tier, Weight,
    Weighting, defaults, league_tables, load_national, score, score_league_tables, score_periods,
};
use rust_decimal::Decimal;

use crate::common::{d, default_parts, national_toml};

fn default_card(options: &ScoreOptions) -> Scorecard {
    let (national, locals, obs, geography) = default_parts();
    score(&national, &locals, &obs, &geography, options).unwrap()
}

#[test]
fn every_ics_is_scored_ranked_and_explained_exactly() {
    let card = default_card(&ScoreOptions::default());
    assert_eq!(card.areas.len(), 42);
    assert_eq!(card.period, "2025/26 Q4".parse().unwrap());
    assert!(card.data_label.as_deref().unwrap().contains("SYNTHETIC"));
    for area in &card.areas {
        let sum: Decimal = area.contributions.iter().map(|c| c.contribution).sum();
        assert_eq!(Some(sum), area.overall, "{}", area.code);
        assert_eq!(area.total_weight(), Some(Weight::ONE), "{}", area.code);
        let overall = area.overall.unwrap();
        assert!(overall >= Decimal::ZERO && overall <= Decimal::ONE);
    }
    let ranks: Vec<usize> = card.areas.iter().map(|a| a.rank.unwrap()).collect();
    assert_eq!(ranks[0], 1);
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
}

#[test]
fn equal_scores_are_equal_to_the_last_digit_and_share_the_best_rank() {
    let card = default_card(&ScoreOptions::default());
    for pair in card.areas.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        if a.overall == b.overall {
            assert_eq!(a.rank, b.rank, "{} and {}", a.code, b.code);
        } else {
            assert!(a.overall > b.overall);
            assert!(b.rank.unwrap() > a.rank.unwrap());
        }
    }
    // 9/14 reached through different targets is still one score: in the default data
    // several ICSs meet 9 of 14 weight units by different routes.
    let nine_fourteenths = Weight::new(9, 14).unwrap().to_decimal();
    let tied: Vec<&str> = card
        .areas
        .iter()
        .filter(|a| a.overall.map(|o| o.round_dp(20)) == Some(nine_fourteenths.round_dp(20)))
        .map(|a| a.code.as_str())
        .collect();
    assert!(tied.len() >= 2, "{tied:?}");
    let first = card.area(tied[0]).unwrap();
    for code in &tied {
        assert_eq!(card.area(code).unwrap().overall, first.overall);
        assert_eq!(card.area(code).unwrap().rank, Some(1));
    }
}

#[test]
fn under_the_default_policy_a_local_priority_weighs_exactly_what_a_national_one_does() {
    let card = default_card(&ScoreOptions::default());
    let gm = card.area("QOP").unwrap();
    let national: Vec<Weight> = gm.priorities.iter().filter(|p| p.tier == Tier::National).map(|p| p.weight).collect();
    let local: Vec<Weight> = gm.priorities.iter().filter(|p| p.tier == Tier::Local).map(|p| p.weight).collect();
    assert_eq!(national.len(), 7);
    assert_eq!(local.len(), 3);
    assert!(national.iter().chain(&local).all(|&w| w == Weight::new(1, 10).unwrap()));
    let two_target = gm.contributions.iter().find(|c| &*c.target == "rtt_65pct_18w").unwrap();
    assert_eq!(two_target.weight, Weight::new(1, 20).unwrap(), "targets share their priority's weight");
}

#[test]
fn the_other_policies_share_weight_as_stated() {
    let per_target = default_card(&ScoreOptions { weighting: Weighting::EqualPerTarget, ..Default::default() });
    let gm = per_target.area("QOP").unwrap();
    assert!(gm.contributions.iter().all(|c| c.weight == Weight::new(1, 15).unwrap()));

    let per_tier = default_card(&ScoreOptions { weighting: Weighting::EqualPerTier, ..Default::default() });
    let gm = per_tier.area("QOP").unwrap();
    let tier_weight = |tier: Tier| {
        gm.priorities.iter().filter(|p| p.tier == tier).try_fold(Weight::ZERO, |s, p| s.checked_add(p.weight)).unwrap()
    };
    assert_eq!(tier_weight(Tier::National), Weight::new(1, 2).unwrap());
    assert_eq!(tier_weight(Tier::Local), Weight::new(1, 2).unwrap());
    let no_local = per_tier.area("QSL").unwrap();
    assert_eq!(no_local.priorities.iter().try_fold(Weight::ZERO, |s, p| s.checked_add(p.weight)), Some(Weight::ONE));

    let national = defaults::Edition::Plan2025_26.national_framework();
    let locals = defaults::Edition::Plan2025_26.local_frameworks();
    let mut weights: BTreeMap<String, Decimal> = national
        .priorities()
        .iter()
        .chain(locals.iter().flat_map(|l| l.priorities()))
        .map(|p| (p.id.clone(), Decimal::ONE))
        .collect();
    weights.insert("finance".into(), d("3"));
    let explicit = default_card(&ScoreOptions { weighting: Weighting::Explicit(weights), ..Default::default() });
    let somerset = explicit.area("QSL").unwrap();
    let finance = somerset.priorities.iter().find(|p| &*p.id == "finance").unwrap();
    assert_eq!(finance.weight, Weight::new(3, 9).unwrap());
    assert_eq!(somerset.total_weight(), Some(Weight::ONE));
}

#[test]
fn explicit_weights_are_checked() {
    let (national, locals, obs, geography) = default_parts();
    let mut weights = BTreeMap::new();
    weights.insert("elective".to_owned(), d("-1"));
    weights.insert("nope".to_owned(), d("1"));
    let err = score(
        &national,
        &locals,
        &obs,
        &geography,
        &ScoreOptions { weighting: Weighting::Explicit(weights), ..Default::default() },
    )
    .unwrap_err();
    let problems: Vec<(&str, &IssueKind)> = err.issues().iter().map(|i| (i.path.as_str(), &i.kind)).collect();
    assert!(problems.contains(&("weighting.explicit.nope", &IssueKind::UnknownId)), "{err}");
    assert!(
        problems.iter().any(|(p, k)| *p == "weighting.explicit.elective" && matches!(k, IssueKind::Invalid { .. }))
    );
    assert!(problems.contains(&("weighting.explicit.finance", &IssueKind::Missing)), "{err}");
}

fn without(obs: &Observations, area: &str, metric: &str) -> Observations {
    let (national, locals, _, geography) = default_parts();
    let catalogue = Catalogue::new(&geography, &national, &locals);
    let rows = obs.rows().filter(|r| !(r.area == area && r.metric == metric));
    Observations::from_rows(rows, &catalogue, "test").unwrap()
}

#[test]
fn missing_data_is_excluded_and_reported_or_scored_zero_as_chosen() {
    let (national, locals, obs, geography) = default_parts();
    let gaps = without(&without(&obs, "E54000038", "ae_4h"), "E54000038", "amb_cat2_mean");
    let card = score(&national, &locals, &gaps, &geography, &ScoreOptions::default()).unwrap();
    let somerset = card.area("QSL").unwrap();
    assert_eq!(somerset.targets_no_data, 2);
    let excluded: Vec<&str> = somerset.contributions.iter().filter(|c| c.excluded).map(|c| &*c.target).collect();
    assert_eq!(excluded, ["ae_78pct_4h", "cat2_30min"]);
    let urgent = somerset.priorities.iter().find(|p| &*p.id == "urgent_care").unwrap();
    assert_eq!((urgent.weight, urgent.score), (Weight::ZERO, None), "a priority with no data drops out");
    assert!(
        somerset.priorities.iter().filter(|p| &*p.id != "urgent_care").all(|p| p.weight == Weight::new(1, 6).unwrap())
    );
    assert_eq!(somerset.total_weight(), Some(Weight::ONE));
    assert!(
        somerset.contributions.iter().filter(|c| c.excluded).all(|c| c.evaluation.attainment == Attainment::NoData)
    );

    let zero = score(
        &national,
        &locals,
        &gaps,
        &geography,
        &ScoreOptions { missing: MissingData::ScoreZero, ..Default::default() },
    )
    .unwrap();
    let somerset = zero.area("QSL").unwrap();
    assert!(somerset.contributions.iter().all(|c| !c.excluded));
    assert!(somerset.priorities.iter().all(|p| p.weight == Weight::new(1, 7).unwrap()));
}

#[test]
fn an_ics_with_no_data_at_all_is_listed_unranked() {
    let (national, locals, obs, geography) = default_parts();
    let catalogue = Catalogue::new(&geography, &national, &locals);
    let rows = obs.rows().filter(|r| r.area != "E54000038");
    let gaps = Observations::from_rows(rows, &catalogue, "test").unwrap();
    let card = score(&national, &locals, &gaps, &geography, &ScoreOptions::default()).unwrap();
    let last = card.areas.last().unwrap();
    assert_eq!((last.code.as_str(), last.rank, last.overall), ("E54000038", None, None));
    assert_eq!(last.targets_no_data, 12);
}

#[test]
fn a_local_trajectory_replaces_the_national_threshold_for_that_ics_only() {
    let card = default_card(&ScoreOptions::default());
    let gm = card.area("QOP").unwrap().contributions.iter().find(|c| &*c.target == "ae_78pct_4h").unwrap();
    assert!(gm.local_trajectory);
    assert_eq!(gm.evaluation.baseline, Some(d("72.0")));
    assert!(matches!(gm.evaluation.attainment, Attainment::OnTrack | Attainment::OffTrack));
    let other = card.area("QHM").unwrap().contributions.iter().find(|c| &*c.target == "ae_78pct_4h").unwrap();
    assert!(!other.local_trajectory);
    assert_eq!(other.evaluation.required, Some(d("78.0")));
}

#[test]
fn the_period_can_be_chosen_and_is_recorded() {
    let q1: Period = "2024/25 Q1".parse().unwrap();
    let card = default_card(&ScoreOptions { period: Some(q1), ..Default::default() });
    assert_eq!(card.period, q1);
    assert_eq!(card.options.period, Some(q1));
    let gm = card.area("E54000057").unwrap();
    let prevention = gm.contributions.iter().find(|c| &*c.target == "prevention_share_up").unwrap();
    assert_eq!(prevention.evaluation.attainment, Attainment::NotMet, "no change yet at the baseline period");
}

#[test]
fn scoring_many_periods_at_once_gives_each_period_s_scorecard() {
    let (national, locals, obs, geography) = default_parts();
    let mut periods = obs.periods().to_vec();
    periods.reverse();
    for spc in [true, false] {
        let options = ScoreOptions { spc, ..Default::default() };
        let cards = score_periods(&national, &locals, &obs, &geography, &options, &periods).unwrap();
        assert_eq!(cards.len(), periods.len());
        for (card, &period) in cards.iter().zip(&periods) {
            let one = ScoreOptions { period: Some(period), ..options.clone() };
            assert_eq!(card, &score(&national, &locals, &obs, &geography, &one).unwrap(), "{period}");
        }
        let table = league_tables(&cards);
        assert_eq!(score_league_tables(&national, &locals, &obs, &geography, &options, &periods).unwrap(), table);
        let areas = cards[0].areas.len();
        assert_eq!(table.rows(), areas * periods.len());
        let (last, first) = (periods[periods.len() - 1].to_string(), periods[0].to_string());
        assert_eq!((table.text(0, "period"), table.text(table.rows() - 1, "period")), (Some(first), Some(last)));
        assert_eq!(table.text(areas, "overall"), cards[1].table().text(0, "overall"));
    }
    // League tables alone are judged without explanations: the same totals, to the last digit.
    let explicit = national.priorities().iter().chain(locals.iter().flat_map(|l| l.priorities()));
    let explicit =
        Weighting::Explicit(explicit.enumerate().map(|(i, p)| (p.id.clone(), Decimal::from(i % 3 + 1))).collect());
    let policies = [Weighting::EqualPerPriority, Weighting::EqualPerTarget, Weighting::EqualPerTier, explicit];
    for (weighting, missing) in
        policies.into_iter().flat_map(|w| [MissingData::Exclude, MissingData::ScoreZero].map(|m| (w.clone(), m)))
    {
        let options = ScoreOptions { weighting, missing, ..Default::default() };
        let cards = score_periods(&national, &locals, &obs, &geography, &options, &periods).unwrap();
        let tables = score_league_tables(&national, &locals, &obs, &geography, &options, &periods);
        assert_eq!(tables.unwrap(), league_tables(&cards), "{options:?}");
    }
    assert_eq!(score_periods(&national, &locals, &obs, &geography, &ScoreOptions::default(), &[]).unwrap(), vec![]);
    let absent: Period = "2031/32 Q1".parse().unwrap();
    let error = score_periods(&national, &locals, &obs, &geography, &ScoreOptions::default(), &[periods[0], absent])
        .unwrap_err();
    assert!(matches!(&error, Error::NotFound { what: "period", value, .. } if value == "2031/32 Q1"), "{error}");
}

#[test]
fn two_local_frameworks_for_one_ics_are_refused() {
    let (national, mut locals, obs, geography) = default_parts();
    locals.push(locals[0].clone());
    let err = score(&national, &locals, &obs, &geography, &ScoreOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Validation { .. }));
    assert_eq!(err.issues()[0].path, "locals[7].area");
}

#[test]
fn unknown_areas_are_not_found() {
    let card = default_card(&ScoreOptions::default());
    let err = card.area("QZZ").unwrap_err();
    assert!(matches!(err, Error::NotFound { what: "area", .. }));
}

#[test]
fn a_framework_with_ties_ranks_competition_style() {
    let national = load_national(&national_toml(2, ""), "n.toml").unwrap();
    let geography = defaults::Edition::Plan2025_26.geography();
    let catalogue = Catalogue::new(&geography, &national, &[]);
    let q4: Period = "2025/26 Q4".parse().unwrap();
    let values = [("QOP", "60"), ("QHM", "60"), ("QWO", "40"), ("QRV", "70")];
    let rows = values.iter().map(|(area, v)| ics_outcomes::Observation {
        area: (*area).into(),
        metric: "m".into(),
        period: q4,
        value: Some(d(v)),
        numerator: None,
        denominator: None,
    });
    let obs = Observations::from_rows(rows, &catalogue, "t").unwrap();
    let card = score(&national, &[], &obs, &geography, &ScoreOptions::default()).unwrap();
    let ranked: Vec<(&str, Option<usize>)> = card.areas.iter().take(4).map(|a| (a.code.as_str(), a.rank)).collect();
    assert_eq!(
        ranked,
        [("E54000027", Some(1)), ("E54000050", Some(1)), ("E54000057", Some(1)), ("E54000054", Some(4))]
    );
}

#[test]
fn a_period_without_data_is_not_found_naming_the_periods_there_are() {
    let (national, locals, obs, geography) = default_parts();
    let options = ScoreOptions { period: Some("2030/31 Q1".parse().unwrap()), ..Default::default() };
    let err = score(&national, &locals, &obs, &geography, &options).unwrap_err();
    assert!(matches!(&err, Error::NotFound { what: "period", value, .. } if value == "2030/31 Q1"), "{err}");
    assert!(err.to_string().contains("the data cover 2024/25 Q1"), "{err}");
    // Batch engines ask for every area to be unscored instead: a batch may hold none of it.
    let options = ScoreOptions { absent_period_unscored: true, ..options };
    let card = score(&national, &locals, &obs, &geography, &options).unwrap();
    assert_eq!(card.areas.len(), 42);
    assert!(card.areas.iter().all(|a| a.overall.is_none() && a.rank.is_none()));
}

#[test]
fn a_stray_later_row_does_not_become_the_period_scored() {
    // Finding D13: one row for 2026-04 in a quarterly file left 41 of 42 ICSs unscored.
    let (national, locals, _, geography) = default_parts();
    let mut text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/2025-26/observations.csv")).unwrap();
    text.push_str("E54000042,ae_4h,2026-04,80.0,,\n");
    let observations = crate::common::read_csv(&text, &national, &locals).unwrap();
    assert_eq!(observations.periods().last().unwrap().to_string(), "2026-04");
    assert_eq!(observations.default_period().unwrap().to_string(), "2025/26 Q4");
    let card = score(&national, &locals, &observations, &geography, &ScoreOptions::default()).unwrap();
    assert_eq!(card.period.to_string(), "2025/26 Q4");
    assert!(card.areas.iter().all(|a| a.overall.is_some()));
    // Named, the stray period is scored as asked.
    let options = ScoreOptions { period: Some("2026-04".parse().unwrap()), ..Default::default() };
    let card = score(&national, &locals, &observations, &geography, &options).unwrap();
    assert_eq!(card.areas.iter().filter(|a| a.overall.is_some()).count(), 1);
}

#[test]
fn ranking_parts_refuses_an_area_given_twice() {
    // Finding D11: parts split by metric scored each ICS twice from partial data.
    let codes: Vec<String> = ["E54000057", "E54000008", "E54000057"].iter().map(|c| c.to_string()).collect();
    match ics_outcomes::unique_codes(&codes) {
        Err(Error::Argument { argument, value, .. }) => {
            assert_eq!((argument.as_str(), value.as_str()), ("code", "E54000057"))
        }
        other => panic!("{other:?}"),
    }
    assert!(ics_outcomes::unique_codes(&codes[..2]).is_ok());
}

#[test]
fn weights_convert_to_decimals_even_beyond_96_bits() {
    assert_eq!(Weight::new(1, 4).unwrap().to_decimal(), d("0.25"));
    assert_eq!(Weight::new(2, 3).unwrap().apply(d("3")), d("2"));
    let huge = Weight::new(u128::MAX / 3 + 1, u128::MAX).unwrap();
    assert!(huge.denominator() > 1 << 100, "does not reduce");
    assert_eq!(huge.to_decimal().round_dp(20), d("0.33333333333333333333"));
}

#[test]
fn local_frameworks_must_nest_in_the_national_framework_scored() {
    let (national, locals, obs, geography) = default_parts();
    let mut other = national.def().clone();
    other.version = "2026/27.1".into();
    let other = ics_outcomes::NationalFramework::new(other, "other").unwrap();
    let err = score(&other, &locals, &obs, &geography, &ScoreOptions::default()).unwrap_err();
    assert_eq!(err.issues().len(), locals.len());
    assert_eq!(err.issues()[0].kind, IssueKind::VersionMismatch { expected: "2026/27.1".into() });
    assert!(score(&national, &locals, &obs, &geography, &ScoreOptions::default()).is_ok());
}

#[test]
fn declared_statistics_compare_each_ics_with_england() {
    use ics_outcomes::stats::Comparison;
    let (national, locals, observations, geography) = default_parts();
    let card = score(&national, &locals, &observations, &geography, &ScoreOptions::default()).expect("scores");
    // England's A&E value is the sum of the 42 numerators over the sum of the denominators.
    let (mut num, mut den) = (Decimal::ZERO, Decimal::ZERO);
    for area in &card.areas {
        let rows = observations.area(&area.code).expect("rows");
        let (n, d) = rows.counts(observations.metric_index("ae_4h").expect("metric"), card.period).expect("counts");
        num += n;
        den += d;
    }
    let england = (num / den * Decimal::ONE_HUNDRED).round_dp(6);
    let mut seen = std::collections::HashSet::new();
    for area in &card.areas {
        for c in &area.contributions {
            let declared = national.metric(&c.metric).and_then(|m| m.statistic).is_some();
            assert_eq!(c.benchmark.is_some(), declared, "{} {}", area.code, c.metric);
            let Some(b) = &c.benchmark else { continue };
            assert!(b.lower <= b.upper);
            if &*c.metric == "ae_4h" {
                assert_eq!(b.england, england);
                // Higher is better: above England's value is better, below is worse.
                let expected = if b.lower > b.england {
                    Comparison::Better
                } else if b.upper < b.england {
                    Comparison::Worse
                } else {
                    Comparison::Similar
                };
                assert_eq!(b.comparison, expected, "{}", area.code);
                seen.insert(b.comparison);
            }
        }
    }
    // Large denominators make most ICSs significantly different from England.
    assert!(seen.contains(&Comparison::Better) && seen.contains(&Comparison::Worse), "{seen:?}");
}

#[test]
fn every_target_carries_the_spc_verdict_of_its_history() {
    use ics_outcomes::spc::{Improvement, XmrOptions, xmr};
    let (national, locals, observations, geography) = default_parts();
    let card = score(&national, &locals, &observations, &geography, &ScoreOptions::default()).unwrap();
    let area = card.area("QOP").unwrap();
    let quarters: Vec<_> = observations
        .periods()
        .iter()
        .copied()
        .filter(|p| matches!(p, ics_outcomes::Period::Quarter { .. }) && *p <= card.period)
        .collect();
    let mut checked = 0;
    for c in &area.contributions {
        let spc = c.spc.as_ref().expect("eight quarters of history");
        let metric = national.metric(&c.metric).or_else(|| locals.iter().find_map(|l| l.metric(&c.metric))).unwrap();
        let history: Vec<f64> = quarters
            .iter()
            .filter_map(|&p| observations.value(&area.code, &c.metric, p))
            .map(|v| v.to_string().parse().unwrap())
            .collect();
        assert_eq!((spc.points, spc.gaps), (history.len(), 0));
        let improvement = match metric.polarity {
            ics_outcomes::Polarity::HigherIsBetter => Improvement::Increase,
            ics_outcomes::Polarity::LowerIsBetter => Improvement::Decrease,
            ics_outcomes::Polarity::NoJudgement => Improvement::Neutral,
        };
        let target = c.evaluation.required.map(|r| r.to_string().parse::<f64>().unwrap());
        let chart = xmr(&history, &[], &XmrOptions { improvement, target, ..XmrOptions::default() }).unwrap();
        assert_eq!((spc.variation, spc.assurance), (chart.variation_icon, chart.assurance), "{}", c.target);
        assert_eq!(spc.assurance.is_some(), target.is_some() && improvement != Improvement::Neutral);
        checked += 1;
    }
    assert_eq!(checked, area.contributions.len());

    // One period of data: no chart.
    let first = observations.periods()[0];
    let early = score(
        &national,
        &locals,
        &observations,
        &geography,
        &ScoreOptions { period: Some(first), ..ScoreOptions::default() },
    )
    .unwrap();
    assert!(early.areas.iter().flat_map(|a| &a.contributions).all(|c| c.spc.is_none()));
}

#[test]
fn spc_can_be_turned_off_without_changing_any_score() {
    let (national, locals, observations, geography) = default_parts();
    let with = score(&national, &locals, &observations, &geography, &ScoreOptions::default()).unwrap();
    let without =
        score(&national, &locals, &observations, &geography, &ScoreOptions { spc: false, ..ScoreOptions::default() })
            .unwrap();
    assert!(with.areas.iter().flat_map(|a| &a.contributions).all(|c| c.spc.is_some()));
    assert!(without.areas.iter().flat_map(|a| &a.contributions).all(|c| c.spc.is_none()));
    for (a, b) in with.areas.iter().zip(&without.areas) {
        assert_eq!((a.rank, a.overall), (b.rank, b.overall));
    }
}

/// Hostile-input finding D6: tier scores are the exact weighted mean rounded once, so areas
/// whose tiers hold the same scores at the same shares of weight print the same tier score.
#[test]
fn equal_exact_tier_scores_are_equal_to_the_last_digit() {
    let q4: Period = "2025/26 Q4".parse().unwrap();
    let card = default_card(&ScoreOptions { period: Some(q4), ..Default::default() });
    let national = |code: &str| card.area(code).unwrap().national.map(|s| s.to_string());
    for code in ["QRV", "QKS", "QHL"] {
        assert_eq!(national(code).as_deref(), Some("0.3571428571428571428571428571"), "{code}: 5/14");
    }
    for weighting in [Weighting::EqualPerPriority, Weighting::EqualPerTarget, Weighting::EqualPerTier] {
        for period in ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3", "2025/26 Q4"] {
            let options = ScoreOptions {
                period: Some(period.parse().unwrap()),
                weighting: weighting.clone(),
                ..Default::default()
            };
            let card = default_card(&options);
            for tier in [Tier::National, Tier::Local] {
                // Each area's tier as its multiset of (score, share of the tier's weight).
                let mut seen: BTreeMap<Vec<(Decimal, u128, u128)>, Option<Decimal>> = BTreeMap::new();
                for area in &card.areas {
                    let total = area
                        .priorities
                        .iter()
                        .filter(|p| p.tier == tier)
                        .try_fold(Weight::ZERO, |s, p| s.checked_add(p.weight))
                        .unwrap();
                    let Some(inverse) = Weight::new(total.denominator(), total.numerator()) else { continue };
                    let mut key: Vec<(Decimal, u128, u128)> = area
                        .contributions
                        .iter()
                        .filter(|c| c.tier == tier && c.weight != Weight::ZERO)
                        .map(|c| {
                            let share = c.weight.checked_mul(inverse).unwrap();
                            (c.evaluation.score.normalize(), share.numerator(), share.denominator())
                        })
                        .collect();
                    key.sort();
                    let score = if tier == Tier::National { area.national } else { area.local };
                    let first = *seen.entry(key).or_insert(score);
                    assert_eq!(score, first, "{} {tier:?} {period} {weighting:?}", area.code);
                }
            }
        }
    }
}

#[test]
fn a_trajectory_starting_below_the_observed_baseline_is_set_aside() {
    // Finding D7: Kent and Medway's trajectory from a declared 0 % would have required 1.5 %
    // for a national 65 %. Its observed RTT value in 2024/25 Q1 is well above 0, so the
    // national threshold judges, and the note says why.
    let national = defaults::Edition::Plan2025_26.national_framework();
    let geography = defaults::Edition::Plan2025_26.geography();
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/2025-26/local/QKS.toml")).unwrap();
    let lenient = text.replace("baseline_value = \"62.4\"", "baseline_value = \"0\"");
    assert_ne!(lenient, text);
    let kent = ics_outcomes::load_local(&lenient, "QKS.toml", &national, &geography).unwrap();
    let observations = defaults::Edition::Plan2025_26.observations();
    let card = ics_outcomes::score(&national, &[kent], &observations, &geography, &ScoreOptions::default()).unwrap();
    let rtt = card.area("QKS").unwrap().contributions.iter().find(|c| &*c.target == "rtt_65pct_18w").unwrap();
    assert!(!rtt.local_trajectory);
    assert_eq!(rtt.evaluation.required, Some(d("65.0")));
    let note = rtt.evaluation.note.as_deref().unwrap();
    assert!(note.contains("local trajectory set aside: its baseline 0 is further from the target"), "{note}");
    // The shipped trajectory starts where Kent and Medway did, or short of it, and is used.
    let card = default_card(&ScoreOptions::default());
    let rtt = card.area("QKS").unwrap().contributions.iter().find(|c| &*c.target == "rtt_65pct_18w").unwrap();
    assert!(rtt.local_trajectory, "{:?}", rtt.evaluation.note);
}

#[test]
fn many_priorities_of_many_targets_score_exactly_beyond_128_bits() {
    // Finding D14: 9 priorities of 11, 13, ... 41 targets overflowed the 128-bit common
    // denominator, and the refusal blamed "explicit weights" that were never given.
    let sizes = [11usize, 13, 17, 19, 23, 29, 31, 37, 41];
    let mut text = String::from(
        "kind = \"national\"\nid = \"t\"\nname = \"Test\"\nversion = \"1\"\n\n\
         [[metrics]]\nid = \"m\"\nname = \"M\"\nunit = \"percentage\"\npolarity = \"higher_is_better\"\ndecimals = 1\n",
    );
    for (i, &n) in sizes.iter().enumerate() {
        text.push_str(&format!("\n[[priorities]]\nid = \"p{i}\"\ntitle = \"P{i}\"\npurposes = [\"outcomes\"]\n"));
        for t in 0..n {
            let value = 40 + (t * 7 + i * 3) % 30;
            text.push_str(&format!(
                "[[priorities.targets]]\nid = \"p{i}t{t}\"\nmetric = \"m\"\ntype = \"threshold\"\nvalue = \"{value}.0\"\n"
            ));
        }
    }
    let national = ics_outcomes::load_national(&text, "n.toml").unwrap();
    let observations = crate::common::read_csv(
        "area_code,metric_id,period,value\nQOP,m,2025/26 Q4,55.0\nQRL,m,2025/26 Q4,61.0\n",
        &national,
        &[],
    )
    .unwrap();
    let geography = defaults::Edition::Plan2025_26.geography();
    let card = score(&national, &[], &observations, &geography, &ScoreOptions::default()).unwrap();
    for code in ["QOP", "QRL"] {
        let area = card.area(code).unwrap();
        let sum: Decimal = area.contributions.iter().map(|c| c.contribution).sum();
        assert_eq!(Some(sum), area.overall, "{code}");
        // The exact score: the mean over priorities of the share of targets met.
        let met = |i: usize| {
            area.contributions
                .iter()
                .filter(|c| c.priority.as_ref() == format!("p{i}") && c.evaluation.score == Decimal::ONE)
                .count()
        };
        let exact: f64 = (0..9).map(|i| met(i) as f64 / sizes[i] as f64).sum::<f64>() / 9.0;
        assert!((area.overall.unwrap().to_string().parse::<f64>().unwrap() - exact).abs() < 1e-15, "{code}");
    }
    // Explicit weights of 28 places take the same path.
    let third = d("0.3333333333333333333333333333");
    let weights: BTreeMap<String, Decimal> = (0..9).map(|i| (format!("p{i}"), third)).collect();
    let options = ScoreOptions { weighting: Weighting::Explicit(weights), ..Default::default() };
    let explicit = score(&national, &[], &observations, &geography, &options).unwrap();
    assert_eq!(explicit.area("QOP").unwrap().overall, card.area("QOP").unwrap().overall, "equal weights, equal score");
}

#[test]
fn an_england_row_given_in_the_data_is_the_england_benchmark() {
    // Finding D18: a supplied England value was loaded, then ignored for one computed from
    // the ICS rows.
    let (national, locals, _, geography) = default_parts();
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/2025-26/observations.csv")).unwrap();
    let benchmark = |text: &str| {
        let observations = crate::common::read_csv(text, &national, &locals).unwrap();
        let card = score(&national, &locals, &observations, &geography, &ScoreOptions::default()).unwrap();
        let qop = card.area("QOP").unwrap().clone();
        qop.contributions.iter().find(|c| &*c.metric == "ae_4h").unwrap().benchmark.clone().unwrap()
    };
    let computed = benchmark(&base);
    assert_ne!(computed.england, d("1.0"));
    let given = benchmark(&format!("{base}E92000001,ae_4h,2025/26 Q4,1,1,100\n"));
    assert_eq!(given.england.normalize(), d("1"));
    assert_ne!(given.comparison, computed.comparison);
    // A value without counts is used as given.
    let value_only = benchmark(&format!("{base}E92000001,ae_4h,2025/26 Q4,50.5,,\n"));
    assert_eq!(value_only.england.normalize(), d("50.5"));
}

#[test]
fn region_rows_are_refused_rather_than_ignored() {
    // Finding D18: a row for a region was loaded as valid, then ignored.
    let (national, locals, _, geography) = default_parts();
    let base = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/2025-26/observations.csv")).unwrap();
    let observations =
        crate::common::read_csv(&format!("{base}Y56,ae_4h,2025/26 Q4,70.0,,\n"), &national, &locals).unwrap();
    let err = score(&national, &locals, &observations, &geography, &ScoreOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Data { .. }), "{err}");
    assert_eq!((err.issues()[0].path.as_str(), err.issues()[0].value.as_str()), ("area_code", "Y56"));
    assert!(err.to_string().contains("take no part in scoring each system"), "{err}");
}
