//! Run records: digests are stable and sensitive, and a replay reproduces a scorecard and a
//! rank-uncertainty analysis or names what changed.

use std::collections::BTreeMap;

use ics_outcomes::composite::{RankUncertaintyOptions, rank_uncertainty};
use ics_outcomes::record::{
    Digest, RunRecord, league_tables_record, replay, scorecard_record, scoring_inputs, uncertainty_record,
};
use ics_outcomes::table::TableKind;
use ics_outcomes::{
    Catalogue, DataKind, Error, Observations, ScoreOptions, defaults, league_tables, score, score_league_tables,
    score_periods,
};

fn recorded() -> (RunRecord, Observations) {
    let (national, locals, observations, geography) =
        (defaults::national_framework(), defaults::local_frameworks(), defaults::observations(), defaults::geography());
    let card = score(&national, &locals, &observations, &geography, &ScoreOptions::default()).expect("card");
    let inputs = scoring_inputs(&national, &locals, &observations);
    (scorecard_record(&card, inputs, geography.vintage().map(str::to_owned), BTreeMap::new()), observations)
}

#[test]
fn a_scorecard_and_its_uncertainty_replay_bit_for_bit() {
    let (record, observations) = recorded();
    let (national, locals, geography) =
        (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
    let table = replay(&record, &national, &locals, &observations, &geography, BTreeMap::new()).expect("replayed");
    assert_eq!((table.kind(), Digest::of_table(&table)), (TableKind::Scorecard, record.result.clone()));
    let json = serde_json::to_string(&record).expect("json");
    assert_eq!(RunRecord::from_json(&json, "run.json").expect("read"), record);

    let card = score(&national, &locals, &observations, &geography, &ScoreOptions::default()).expect("card");
    let options = RankUncertaintyOptions { replications: 30, seed: 11, ..RankUncertaintyOptions::default() };
    let ranks = uncertainty_record(&record, &rank_uncertainty(&card, &options).expect("ranks"));
    assert_eq!(ranks.seed, Some(11));
    let table = replay(&ranks, &national, &locals, &observations, &geography, BTreeMap::new()).expect("replayed");
    assert_eq!(Digest::of_table(&table), ranks.result);
}

#[test]
fn a_changed_value_is_named_as_a_changed_input() {
    let (record, observations) = recorded();
    let (national, locals, geography) =
        (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
    let mut csv = Vec::new();
    observations.write_csv(&mut csv).expect("csv");
    let text = String::from_utf8(csv).expect("utf-8");
    let changed = text.replacen(",72.0180,209463,290848", ",72.0181,209463,290848", 1);
    assert_ne!(changed, text);
    let altered = Observations::read_csv(changed.as_bytes(), &Catalogue::new(&geography, &national, &locals), "x.csv")
        .expect("altered");
    assert_ne!(Digest::of_observations(&altered), Digest::of_observations(&observations));
    let error = replay(&record, &national, &locals, &altered, &geography, BTreeMap::new()).expect_err("changed");
    let Error::Data { data, issues, .. } = &error else { panic!("{error}") };
    assert_eq!(*data, DataKind::RunRecord);
    assert_eq!(issues.0.iter().map(|i| i.path.as_str()).collect::<Vec<_>>(), ["inputs.observations"]);
}

#[test]
fn league_tables_of_many_periods_replay_bit_for_bit() {
    let (national, locals, observations, geography) =
        (defaults::national_framework(), defaults::local_frameworks(), defaults::observations(), defaults::geography());
    let options = ScoreOptions { spc: false, ..ScoreOptions::default() };
    let periods = &observations.periods()[1..3];
    let table = score_league_tables(&national, &locals, &observations, &geography, &options, periods).expect("tables");
    let cards = score_periods(&national, &locals, &observations, &geography, &options, periods).expect("cards");
    assert_eq!(Digest::of_table(&table), Digest::of_table(&league_tables(&cards)));
    let inputs = scoring_inputs(&national, &locals, &observations);
    let vintage = geography.vintage().map(str::to_owned);
    let record = league_tables_record(&table, &options, periods, inputs, vintage, BTreeMap::new());
    let periods: Vec<String> = record.setting("periods").expect("periods").expect("recorded");
    assert_eq!(periods.len(), 2);
    let table = replay(&record, &national, &locals, &observations, &geography, BTreeMap::new()).expect("replayed");
    assert_eq!((table.kind(), Digest::of_table(&table)), (TableKind::LeagueTables, record.result.clone()));
    let mut later = record.clone();
    later.settings.insert("periods".into(), serde_json::json!([periods[1]]));
    let error = replay(&later, &national, &locals, &observations, &geography, BTreeMap::new()).expect_err("changed");
    assert!(error.to_string().contains("result"), "{error}");
}
