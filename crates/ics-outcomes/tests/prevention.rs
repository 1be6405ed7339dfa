//! The prevention shift: exact shares, changes from the baseline and the trajectory.

use ics_outcomes::prevention::{
    BudgetLine, PreventionDefinition, PreventionOptions, TrajectoryBasis, TrajectoryStatus, prevention_shares,
};
use ics_outcomes::{Error, Period};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::d;

fn line(area: &str, year: &str, category: &str, amount: &str) -> BudgetLine {
    BudgetLine { area: area.into(), year: year.parse().expect("year"), category: category.into(), amount: d(amount) }
}

/// Shares of 4.00 %, 4.15 %, 4.50 %, 4.55 % and 5.00 % of £1bn over five years from 2025/26.
fn five_years() -> Vec<BudgetLine> {
    let mut lines = Vec::new();
    for (year, prevention) in
        [("2025/26", "40.0"), ("2026/27", "41.5"), ("2027/28", "45.0"), ("2028/29", "45.5"), ("2029/30", "50.0")]
    {
        let prevention = d(prevention) * d("1000000");
        lines.push(line("QOP", year, "public_health", &prevention.to_string()));
        lines.push(line("QOP", year, "acute", &(d("1000000000") - prevention).to_string()));
    }
    lines
}

#[test]
fn shares_changes_and_the_cumulative_trajectory() {
    let shares = prevention_shares(&five_years(), &PreventionOptions::default()).expect("valid");
    let shown: Vec<String> = shares.iter().map(|s| s.published_share.expect("share").to_string()).collect();
    assert_eq!(shown, ["4.00", "4.15", "4.50", "4.55", "5.00"]);
    let status: Vec<TrajectoryStatus> = shares.iter().map(|s| s.status).collect();
    // Needs +0.20, +0.40, +0.60, +0.80 pp on the baseline.
    assert_eq!(
        status,
        [
            TrajectoryStatus::Baseline,
            TrajectoryStatus::OffTrack,
            TrajectoryStatus::OnTrack,
            TrajectoryStatus::OffTrack,
            TrajectoryStatus::OnTrack
        ]
    );
    assert_eq!(shares[4].change_pp, Some(d("1.00")));
    assert_eq!(shares[4].required_pp, Some(d("0.8")));
    // Money is summed exactly.
    assert_eq!(shares[0].total, d("1000000000"));
    assert_eq!(shares[0].prevention, d("40000000"));
}

#[test]
fn year_on_year_and_other_definitions() {
    let options = PreventionOptions { basis: TrajectoryBasis::PerYear, ..PreventionOptions::default() };
    let shares = prevention_shares(&five_years(), &options).expect("valid");
    let status: Vec<TrajectoryStatus> = shares.iter().map(|s| s.status).collect();
    // Each year must add 0.20 pp on the year before: +0.15, +0.35, +0.05, +0.45.
    assert_eq!(
        &status[1..],
        [TrajectoryStatus::OffTrack, TrajectoryStatus::OnTrack, TrajectoryStatus::OffTrack, TrajectoryStatus::OnTrack]
    );
    // A definition that leaves out public health sees no prevention at all.
    let narrow = PreventionOptions {
        definition: PreventionDefinition { categories: ["prevention".to_owned()].into() },
        ..PreventionOptions::default()
    };
    let shares = prevention_shares(&five_years(), &narrow).expect("valid");
    assert!(shares.iter().all(|s| s.published_share == Some(d("0.00"))));
    // No baseline year in the data: not assessed.
    let later = PreventionOptions { baseline: "2024/25".parse().expect("fy"), ..PreventionOptions::default() };
    let shares = prevention_shares(&five_years(), &later).expect("valid");
    assert!(shares.iter().all(|s| s.status == TrajectoryStatus::NotAssessed));
}

#[test]
fn bad_budget_lines_are_named() {
    let mut lines = five_years();
    lines.push(line("QOP", "2025/26", "acute", "1"));
    lines.push(line("QOP", "2025/26", "community", "-5"));
    lines.push(BudgetLine {
        year: Period::Quarter { start_year: 2025, quarter: 1 },
        ..line("QOP", "2025/26", "x", "1")
    });
    let err = prevention_shares(&lines, &PreventionOptions::default()).unwrap_err();
    assert!(matches!(err, Error::Data { .. }));
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["lines[10].category", "lines[11].amount", "lines[12].year"]);
    // Hostile-input finding D4: amounts that would overflow the sums are refused, not summed.
    let mut huge = five_years();
    huge[0].amount = "79228162514264337593543950335".parse().expect("decimal");
    huge[1].amount = huge[0].amount;
    let err = prevention_shares(&huge, &PreventionOptions::default()).unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["lines[0].amount", "lines[1].amount"]);
    let quarter =
        PreventionOptions { baseline: "2025/26 Q1".parse().expect("quarter"), ..PreventionOptions::default() };
    assert!(matches!(prevention_shares(&five_years(), &quarter), Err(Error::Argument { .. })));
}

proptest! {
    #[test]
    fn totals_are_exact_sums_and_shares_lie_in_0_to_100(amounts in prop::collection::vec((0u64..10_000_000_000, 0u64..100, any::<bool>()), 1..30)) {
        let lines: Vec<BudgetLine> = amounts
            .iter()
            .enumerate()
            .map(|(i, &(pounds, pence, prevention))| BudgetLine {
                area: "QOP".into(),
                year: "2025/26".parse().expect("fy"),
                category: if prevention { format!("prevention_{i}") } else { format!("other_{i}") },
                amount: Decimal::from(pounds) + Decimal::new(pence as i64, 2),
            })
            .collect();
        let definition = PreventionDefinition { categories: lines.iter().filter(|l| l.category.starts_with("prevention")).map(|l| l.category.clone()).collect() };
        let shares = prevention_shares(&lines, &PreventionOptions { definition, ..PreventionOptions::default() }).expect("valid");
        let total: Decimal = lines.iter().map(|l| l.amount).sum();
        prop_assert_eq!(shares[0].total, total);
        if let Some(share) = shares[0].share {
            prop_assert!(share >= Decimal::ZERO && share <= Decimal::ONE_HUNDRED);
        }
    }
}

#[test]
fn the_synthetic_budgets_cover_every_ics_for_three_years() {
    let lines = ics_outcomes::defaults::budget_lines();
    assert_eq!(lines.len(), 36 * 3 * 8);
    assert_eq!(lines, ics_outcomes::defaults::budget_lines(), "deterministic");
    let shares = prevention_shares(&lines, &PreventionOptions::default()).expect("valid");
    assert_eq!(shares.len(), 36 * 3);
    for s in &shares {
        let share = s.published_share.expect("spending");
        assert!(share > d("2") && share < d("8"), "{share}");
    }
    let judged: Vec<TrajectoryStatus> =
        shares.iter().filter(|s| s.year == "2026/27".parse().expect("fy")).map(|s| s.status).collect();
    assert!(judged.contains(&TrajectoryStatus::OnTrack) && judged.contains(&TrajectoryStatus::OffTrack));
}

#[test]
fn budget_text_is_read_by_the_library_grammars_and_places_are_bounded() {
    // Finding D12: these escaped as bare pyarrow errors from Python.
    let row = |year: &str, amount: &str| {
        (String::from("QOP"), year.to_owned(), String::from("prevention"), amount.to_owned())
    };
    let err = BudgetLine::from_text(&[row("2025/26", &format!("0.{}", "1".repeat(40))), row("Junk", "x")]).unwrap_err();
    let paths: Vec<_> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["lines[0].amount", "lines[1].year", "lines[1].amount"]);
    assert!(matches!(err, Error::Data { .. }));
    let lines = BudgetLine::from_text(&[row("2025/26", "1234567.123456789012")]).unwrap();
    assert_eq!(lines[0].amount.to_string(), "1234567.123456789012");
    let options = PreventionOptions { decimals: 29, ..PreventionOptions::default() };
    let err = prevention_shares(&lines, &options).unwrap_err();
    assert!(matches!(err, Error::Argument { ref argument, .. } if argument == "decimals"), "{err}");
}
