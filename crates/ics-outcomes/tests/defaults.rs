use ics_outcomes::{MAX_NATIONAL_PRIORITIES, Tier, defaults};

#[test]
fn the_embedded_observations_are_exactly_what_the_seeded_generator_writes() {
    let generated = defaults::generate_observations(defaults::SEED);
    let mut csv = Vec::new();
    generated.write_csv(&mut csv).unwrap();
    assert_eq!(String::from_utf8(csv).unwrap(), defaults::OBSERVATIONS_CSV);
    assert_ne!(defaults::generate_observations(defaults::SEED + 1), generated, "the seed matters");
}

#[test]
fn the_default_has_every_ics_over_eight_quarters_and_says_it_is_synthetic() {
    let obs = defaults::observations();
    assert_eq!(obs.periods(), defaults::periods());
    assert_eq!(obs.periods().len(), 8);
    let national = defaults::national_framework();
    for system in defaults::geography().systems() {
        for metric in national.metrics() {
            for period in defaults::periods() {
                assert!(
                    obs.value(&system.code, &metric.id, period).is_some(),
                    "{} {} {period}",
                    system.code,
                    metric.id
                );
            }
        }
    }
    assert!(obs.label().unwrap().starts_with("SYNTHETIC DATA"));
    assert!(defaults::OBSERVATIONS_CSV.starts_with("# SYNTHETIC DATA"));
}

#[test]
fn the_default_frameworks_fit_the_brief() {
    let national = defaults::national_framework();
    assert!(national.priorities().len() <= MAX_NATIONAL_PRIORITIES);
    assert!(national.priorities().iter().any(|p| p.id == "prevention_shift"));
    let ae = national.target("ae_78pct_4h").unwrap();
    assert!(ae.allow_local_trajectory);
    let locals = defaults::local_frameworks();
    assert!(locals.len() >= 6);
    for local in &locals {
        let n = local.priorities().len();
        assert!((2..=5).contains(&n), "{} has {n} local priorities", local.area_code());
        assert!(local.priorities().iter().all(|p| p.tier == Tier::Local));
    }
}
