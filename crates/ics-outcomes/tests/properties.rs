//! Invariants that hold for any valid framework and data.

use std::collections::BTreeMap;

use ics_outcomes::FrameworkFile;
use ics_outcomes::files::{Format, write};
use ics_outcomes::{
    Catalogue, LocalFramework, MissingData, NationalFramework, Observations, Period, Polarity, ScoreOptions, Scorecard,
    Tier, Weight, Weighting, defaults, league_tables, score, score_league_tables,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::strategies::{BASELINE, Case, SCORED, case, decimal, period};

fn build(case: &Case) -> (NationalFramework, Vec<LocalFramework>, Observations) {
    let geography = defaults::Edition::Plan2025_26.geography();
    let national = NationalFramework::new(case.national.clone(), "<prop>").expect("strategy makes valid frameworks");
    let locals: Vec<LocalFramework> = case
        .locals
        .iter()
        .map(|l| LocalFramework::new(l.clone(), &national, &geography, "<prop>").expect("valid local"))
        .collect();
    let obs = Observations::from_rows(case.rows.clone(), &Catalogue::new(&geography, &national, &locals), "<prop>")
        .expect("valid rows");
    (national, locals, obs)
}

fn run(case: &Case, weighting: Weighting) -> Scorecard {
    let (national, locals, obs) = build(case);
    let options = ScoreOptions { period: Some(SCORED), weighting, ..Default::default() };
    score(&national, &locals, &obs, &defaults::Edition::Plan2025_26.geography(), &options).expect("scores")
}

fn overall_by_code(card: &Scorecard) -> BTreeMap<String, (Option<Decimal>, Option<usize>)> {
    card.areas.iter().map(|a| (a.code.clone(), (a.overall, a.rank))).collect()
}

fn policies(case: &Case, seed: u64) -> Vec<Weighting> {
    let ids =
        case.national.priorities.iter().chain(case.locals.iter().flat_map(|l| &l.priorities)).map(|p| p.id.clone());
    let explicit = ids.enumerate().map(|(i, id)| (id, Decimal::new(((seed >> (i % 60)) % 7 + 1) as i64, 1))).collect();
    vec![Weighting::EqualPerPriority, Weighting::EqualPerTarget, Weighting::EqualPerTier, Weighting::Explicit(explicit)]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn weights_sum_to_exactly_one_and_contributions_to_the_overall(case in case(), seed in any::<u64>()) {
        for weighting in policies(&case, seed) {
            let card = run(&case, weighting.clone());
            // League tables judged without explanations give the card's totals exactly.
            let (national, locals, obs) = build(&case);
            let options = ScoreOptions { period: Some(SCORED), weighting: weighting.clone(), ..Default::default() };
            let geography = defaults::Edition::Plan2025_26.geography();
            let tables = score_league_tables(&national, &locals, &obs, &geography, &options, &[SCORED]).expect("scores");
            prop_assert_eq!(tables, league_tables(std::slice::from_ref(&card)));
            for area in &card.areas {
                prop_assert_eq!(area.total_weight(), Some(Weight::ONE), "{:?} {}", weighting, area.code);
                let sum: Decimal = area.contributions.iter().map(|c| c.contribution).sum();
                prop_assert_eq!(Some(sum), area.overall);
            }
        }
    }

    #[test]
    fn each_area_is_weighed_by_the_targets_it_has_data_for(
        case in case(),
        kept in prop::collection::vec(any::<bool>(), 420),
        seed in any::<u64>(),
    ) {
        // Areas scored one after another count different targets, which an area's weights
        // must follow rather than the last area's.
        let mut sparse = case.clone();
        let mut keep = kept.iter().cycle();
        sparse.rows.retain(|_| keep.next().copied().unwrap_or(true));
        let (national, locals, obs) = build(&sparse);
        let geography = defaults::Edition::Plan2025_26.geography();
        for weighting in policies(&sparse, seed) {
            let options = ScoreOptions {
                period: Some(SCORED),
                weighting,
                missing: MissingData::Exclude,
                absent_period_unscored: true,
                ..Default::default()
            };
            let card = score(&national, &locals, &obs, &geography, &options).expect("scores");
            // Both periods at once, area by area, give each period's own league table.
            let both = [BASELINE, SCORED];
            let first = score(&national, &locals, &obs, &geography, &ScoreOptions { period: Some(BASELINE), ..options.clone() })
                .expect("scores");
            let tables = score_league_tables(&national, &locals, &obs, &geography, &options, &both).expect("scores");
            prop_assert_eq!(tables, league_tables(&[first, card.clone()]));
            for area in card.areas.iter().filter(|a| a.overall.is_some()) {
                prop_assert_eq!(area.total_weight(), Some(Weight::ONE), "{}", area.code);
                for c in area.contributions.iter().filter(|c| !c.excluded) {
                    let priority = area.priorities.iter().find(|p| p.id == c.priority).expect("its priority");
                    let counted = area.contributions.iter().filter(|d| d.priority == c.priority && !d.excluded).count();
                    let share = Weight::new(1, u128::try_from(counted).expect("small")).expect("a share");
                    prop_assert_eq!(Some(c.weight), priority.weight.checked_mul(share), "{} {}", area.code, c.target);
                }
            }
        }
    }

    #[test]
    fn a_local_priority_weighs_exactly_what_a_national_one_does(case in case()) {
        let card = run(&case, Weighting::EqualPerPriority);
        for area in &card.areas {
            let weights: Vec<Weight> = area.priorities.iter().map(|p| p.weight).collect();
            prop_assert!(weights.windows(2).all(|w| w[0] == w[1]), "{:?}", weights);
            if area.priorities.iter().any(|p| p.tier == Tier::Local) {
                let n = u128::try_from(area.priorities.len()).unwrap();
                prop_assert_eq!(weights[0], Weight::new(1, n).unwrap());
            }
        }
    }

    #[test]
    fn scores_do_not_depend_on_the_order_of_rows_or_priorities(case in case(), rotate in 0usize..1000) {
        let before = overall_by_code(&run(&case, Weighting::EqualPerPriority));
        let mut shuffled = case.clone();
        let n = shuffled.rows.len();
        shuffled.rows.rotate_left(rotate % n);
        shuffled.rows.reverse();
        shuffled.national.priorities.reverse();
        for p in &mut shuffled.national.priorities {
            p.targets.reverse();
        }
        for l in &mut shuffled.locals {
            l.priorities.reverse();
        }
        shuffled.locals.reverse();
        prop_assert_eq!(before, overall_by_code(&run(&shuffled, Weighting::EqualPerPriority)));
    }

    #[test]
    fn improving_a_value_never_lowers_that_ics_score(case in case(), which in 0usize..10_000, step in decimal(2000, 2)) {
        let card = run(&case, Weighting::EqualPerPriority);
        let scored: Vec<usize> = case.rows.iter().enumerate().filter(|(_, r)| r.period == SCORED).map(|(i, _)| i).collect();
        let i = scored[which % scored.len()];
        let row = &case.rows[i];
        let higher = case.national.metrics.iter().find(|m| m.id == row.metric).unwrap().polarity == Polarity::HigherIsBetter;
        let mut better = case.clone();
        let value = better.rows[i].value.unwrap();
        // The metrics are percentages: an improvement stops at 0 or 100.
        better.rows[i].value = Some(if higher { (value + step).min(Decimal::ONE_HUNDRED) } else { (value - step).max(Decimal::ZERO) });
        let after = run(&better, Weighting::EqualPerPriority);
        let overall = |card: &Scorecard| card.areas.iter().find(|a| a.code == row.area).unwrap().overall;
        prop_assert!(overall(&after) >= overall(&card), "{:?} -> {:?}", overall(&card), overall(&after));
    }

    #[test]
    fn frameworks_round_trip_exactly_through_both_formats(case in case()) {
        for (format, name) in [(Format::Toml, "x.toml"), (Format::Json, "x.json")] {
            let text = write(&case.national, format).unwrap();
            prop_assert_eq!(FrameworkFile::parse(&text, name).unwrap(), FrameworkFile::National(case.national.clone()));
            for local in &case.locals {
                let text = write(local, format).unwrap();
                prop_assert_eq!(FrameworkFile::parse(&text, name).unwrap(), FrameworkFile::Local(local.clone()));
            }
        }
    }

    #[test]
    fn periods_print_and_parse_back(p in period()) {
        prop_assert_eq!(p.to_string().parse::<Period>(), Ok(p));
    }
}
