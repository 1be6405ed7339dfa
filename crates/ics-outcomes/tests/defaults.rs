use ics_outcomes::{MAX_NATIONAL_PRIORITIES, Tier, defaults};

#[test]
fn the_embedded_observations_are_exactly_what_the_seeded_generator_writes() {
    for edition in defaults::Edition::ALL {
        let generated = edition.generate_observations(defaults::SEED);
        let mut csv = Vec::new();
        generated.write_csv(&mut csv).unwrap();
        assert_eq!(String::from_utf8(csv).unwrap(), edition.observations_csv(), "{edition}");
        assert_ne!(edition.generate_observations(defaults::SEED + 1), generated, "the seed matters");
    }
}

#[test]
fn each_edition_has_every_ics_of_its_vintage_every_quarter_and_says_it_is_synthetic() {
    for (edition, systems, quarters) in
        [(defaults::Edition::Plan2025_26, 42, 8), (defaults::Edition::Plan2026_27, 36, 12)]
    {
        let obs = edition.observations();
        assert_eq!(obs.periods(), edition.periods());
        assert_eq!(obs.periods().len(), quarters);
        let national = edition.national_framework();
        assert_eq!(edition.geography().systems().count(), systems);
        for system in edition.geography().systems() {
            for metric in national.metrics() {
                for period in edition.periods() {
                    assert!(
                        obs.value(&system.code, &metric.id, period).is_some(),
                        "{edition} {} {} {period}",
                        system.code,
                        metric.id
                    );
                }
            }
        }
        assert!(obs.label().unwrap().starts_with("SYNTHETIC DATA"));
        assert!(edition.observations_csv().starts_with("# SYNTHETIC DATA"));
    }
}

#[test]
fn the_current_default_scores_the_36_icbs_of_2026_27_against_the_planning_framework() {
    let edition = defaults::Edition::CURRENT;
    assert_eq!((edition.id(), edition.vintage()), ("2026/27", "2026-04"));
    let national = defaults::national_framework();
    assert_eq!(national.version(), "2026/27.1");
    assert!(national.priorities().len() <= MAX_NATIONAL_PRIORITIES);
    let threshold = |id: &str| format!("{:?}", national.target(id).unwrap().rule);
    for (target, value) in [("ae_82pct_4h", "82.0"), ("cat2_25min", "25.0"), ("cancer_fds_80pct", "80.0")] {
        assert!(threshold(target).contains(&format!("value: {value}")), "{}", threshold(target));
    }
    let card = ics_outcomes::score(
        &national,
        &defaults::local_frameworks(),
        &defaults::observations(),
        &defaults::geography(),
        &ics_outcomes::ScoreOptions::default(),
    )
    .unwrap();
    assert_eq!(card.period.to_string(), "2026/27 Q4");
    assert_eq!(card.areas.len(), 36);
    assert!(card.areas.iter().all(|a| a.rank.is_some()));
    for abolished in ["E54000034", "E54000027", "E54000028", "E54000063", "E54000064"] {
        assert!(card.areas.iter().all(|a| a.code != abolished), "{abolished}");
    }
    // Local frameworks of abolished ICBs were re-keyed to their successors.
    let locals: Vec<&str> = card.areas.iter().filter(|a| a.local.is_some()).map(|a| a.code.as_str()).collect();
    assert!(locals.contains(&"E54000071") && locals.contains(&"E54000065"), "{locals:?}");
    assert_eq!(defaults::Edition::for_period("2025/26 Q4".parse().unwrap()), defaults::Edition::Plan2025_26);
}

#[test]
fn the_2026_27_history_is_the_2023_history_carried_across() {
    // West and North London's counts are North West plus North Central London's, quarter by
    // quarter, as the generator made them on the 2023 ICBs.
    let (before, after) = (defaults::Edition::Plan2025_26.observations(), defaults::observations());
    for period in defaults::Edition::Plan2025_26.periods() {
        let counts = |obs: &ics_outcomes::Observations, area: &str| {
            obs.area(area).unwrap().counts(obs.metric_index("ae_4h").unwrap(), period).unwrap()
        };
        let (nwl, ncl, wnl) = (counts(&before, "E54000027"), counts(&before, "E54000028"), counts(&after, "E54000071"));
        assert_eq!(wnl.0, nwl.0 + ncl.0, "{period}");
        assert_eq!(wnl.1, nwl.1 + ncl.1, "{period}");
    }
}

#[test]
fn the_default_frameworks_fit_the_brief() {
    let national = defaults::Edition::Plan2025_26.national_framework();
    assert!(national.priorities().len() <= MAX_NATIONAL_PRIORITIES);
    assert!(national.priorities().iter().any(|p| p.id == "prevention_shift"));
    let ae = national.target("ae_78pct_4h").unwrap();
    assert!(ae.allow_local_trajectory);
    let locals = defaults::Edition::Plan2025_26.local_frameworks();
    assert!(locals.len() >= 6);
    for local in &locals {
        let n = local.priorities().len();
        assert!((2..=5).contains(&n), "{} has {n} local priorities", local.area_code());
        assert!(local.priorities().iter().all(|p| p.tier == Tier::Local));
    }
}

#[test]
fn spc_over_a_merged_icbs_rebuilt_history_says_so() {
    let score = |spc: bool| {
        let options = ics_outcomes::ScoreOptions { spc, ..Default::default() };
        let (n, l, o, g) = (
            defaults::national_framework(),
            defaults::local_frameworks(),
            defaults::observations(),
            defaults::geography(),
        );
        ics_outcomes::score(&n, &l, &o, &g, &options).unwrap()
    };
    let card = score(true);
    let note = |code: &str| {
        let area = card.area(code).unwrap();
        area.contributions.iter().map(|c| c.evaluation.note.clone().unwrap_or_default()).collect::<Vec<_>>()
    };
    let wnl = note("Z9B2Z");
    assert!(wnl.iter().all(|n| n.contains("SPC history before 2026-04 rebuilt from QRV + QMJ")), "{wnl:?}");
    let wnl_area = card.area("Z9B2Z").unwrap();
    assert!(wnl_area.contributions.iter().all(|c| c.spc.as_ref().is_some_and(|s| s.points == 12)));
    // Hampshire and Isle of Wight took part of Frimley: rebuilt too. Greater Manchester was not.
    assert!(note("QRL")[0].contains("rebuilt from part of QNQ + QRL"), "{:?}", note("QRL"));
    assert!(note("QOP").iter().all(|n| !n.contains("rebuilt")));
    // Without the chart there is nothing to say.
    let plain = score(false);
    let area = plain.area("Z9B2Z").unwrap();
    assert!(area.contributions.iter().all(|c| c.evaluation.note.as_deref().is_none_or(|n| !n.contains("rebuilt"))));
}
