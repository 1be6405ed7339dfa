//! Scorecards computed in parts (one per partition of areas, as an engine such as Spark or
//! DuckDB computes them) and ranked together afterwards equal one scorecard of all areas.

use ics_outcomes::{Catalogue, Observations, ScoreOptions, competition_ranks, score};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::default_parts;
use crate::strategies::decimal;

#[test]
fn scores_of_partitions_ranked_together_equal_the_whole_scorecard() {
    let (national, locals, obs, geography) = default_parts();
    let whole = score(&national, &locals, &obs, &geography, &ScoreOptions::default()).unwrap();
    let mut csv = Vec::new();
    obs.write_csv(&mut csv).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    // The rows after the header (and the data's label, a comment line before it).
    let (_, rows) = csv.split_once("denominator\n").unwrap();
    let header = "area_code,metric_id,period,value,numerator,denominator";
    let catalogue = Catalogue::new(&geography, &national, &locals);
    let options = ScoreOptions { period: Some(whole.period), ..ScoreOptions::default() };
    let mut parts: Vec<(String, Option<Decimal>)> = Vec::new();
    for partition in 0..3 {
        // Rows by a hash of the area code, as a hash repartition places them.
        let mine: Vec<&str> = rows
            .lines()
            .filter(|r| r.bytes().take_while(|&b| b != b',').map(usize::from).sum::<usize>() % 3 == partition)
            .collect();
        let text = format!("{header}\n{}\n", mine.join("\n"));
        let part = Observations::read_csv(text.as_bytes(), &catalogue, "part.csv").unwrap();
        let card = score(&national, &locals, &part, &geography, &options).unwrap();
        // Keep the areas whose rows are in this partition; the rest are scored elsewhere.
        parts.extend(card.areas.iter().filter(|a| part.area(&a.code).is_some()).map(|a| (a.code.clone(), a.overall)));
    }
    assert_eq!(parts.len(), whole.areas.len());
    let ranks = competition_ranks(&parts.iter().map(|p| p.1).collect::<Vec<_>>());
    for ((code, overall), rank) in parts.iter().zip(ranks) {
        let area = whole.area(code).unwrap();
        assert_eq!((area.overall, area.rank), (*overall, rank), "{code}");
    }
}

proptest! {
    #[test]
    fn a_rank_is_one_more_than_the_number_of_better_scores(
        scores in proptest::collection::vec(proptest::option::of(decimal(6, 1)), 0..40)
    ) {
        let ranks = competition_ranks(&scores);
        for (score, rank) in scores.iter().zip(&ranks) {
            let better = score.map(|s| scores.iter().flatten().filter(|&&o| o > s).count() + 1);
            prop_assert_eq!(*rank, better);
        }
    }
}
