//! Disclosure control: small counts are hidden, and no hidden count can be worked out from
//! the published cells and totals. The check of the second is independent of the bridge
//! search that makes the suppressions: exact integer elimination over the table's own sums.

use ics_outcomes::disclosure::{
    CellStatus, DisclosureRule, ProtectedTable, SecondaryReason, derived_columns, protect_counts, protect_explanation,
    protect_statistics, protect_table,
};
use ics_outcomes::stats::{Confidence, Field, Groups, ProportionOptions, proportion};
use ics_outcomes::{Error, ErrorClass, ScoreOptions, defaults, score};

use crate::common::class_of;
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::strategies::{count_table, disclosure_rule};

/// The table with its margins, row by row: `(rows + 1) × (columns + 1)` values.
fn augmented(cells: &[Vec<u64>]) -> Vec<Vec<i128>> {
    let columns = cells[0].len();
    let mut out: Vec<Vec<i128>> = cells
        .iter()
        .map(|row| {
            let mut r: Vec<i128> = row.iter().map(|&v| i128::from(v)).collect();
            r.push(r.iter().sum());
            r
        })
        .collect();
    let totals: Vec<i128> = (0..=columns).map(|j| out.iter().map(|r| r[j]).sum()).collect();
    out.push(totals);
    out
}

/// Rank of an integer matrix, by fraction-free elimination with each row divided by its gcd
/// (exact: no floating point, no overflow at these sizes).
fn rank(mut m: Vec<Vec<i128>>) -> usize {
    fn gcd(a: i128, b: i128) -> i128 {
        if b == 0 { a.abs() } else { gcd(b, a % b) }
    }
    let columns = m.first().map_or(0, Vec::len);
    let mut rank = 0;
    for col in 0..columns {
        let Some(p) = (rank..m.len()).find(|&r| m[r][col] != 0) else { continue };
        m.swap(rank, p);
        for r in 0..m.len() {
            if r != rank && m[r][col] != 0 {
                let (a, b) = (m[rank][col], m[r][col]);
                let pivot = m[rank].clone();
                for (x, y) in m[r].iter_mut().zip(&pivot) {
                    *x = *x * a - *y * b;
                }
                let g = m[r].iter().fold(0, |g, &x| gcd(g, x));
                if g > 1 {
                    m[r].iter_mut().for_each(|x| *x /= g);
                }
            }
        }
        rank += 1;
    }
    rank
}

/// The hidden cells (positions in the augmented table) whose values the published cells
/// determine: those whose unit vector lies in the row space of the sum constraints
/// restricted to the hidden cells. Each augmented row and column gives one constraint
/// (cells less the total: zero); published cells only move its right-hand side.
fn recoverable(shape: (usize, usize), hidden: &[(usize, usize)]) -> Vec<(usize, usize)> {
    recoverable_knowing(shape, hidden, &[])
}

/// [`recoverable`] when a reader also knows the value of the `known` hidden cells: hidden
/// zeros, since counts cannot be negative and a hidden zero is often pinned by a published
/// total of zero or by its neighbours. The known cells themselves are not reported.
fn recoverable_knowing(
    shape: (usize, usize),
    hidden: &[(usize, usize)],
    known: &[(usize, usize)],
) -> Vec<(usize, usize)> {
    let (rows, columns) = (shape.0 + 1, shape.1 + 1);
    // In a row the row total (last column) enters negated; in a column the column total
    // (last row) does: every line then sums to zero.
    let sign = |i: usize, j: usize, line_is_row: bool| {
        let margin = if line_is_row { j == columns - 1 } else { i == rows - 1 };
        if margin { -1 } else { 1 }
    };
    let mut constraints: Vec<Vec<i128>> = Vec::new();
    for line in 0..rows {
        constraints.push(hidden.iter().map(|&(i, j)| if i == line { sign(i, j, true) } else { 0 }).collect());
    }
    for line in 0..columns {
        constraints.push(hidden.iter().map(|&(i, j)| if j == line { sign(i, j, false) } else { 0 }).collect());
    }
    for cell in known {
        constraints.push(hidden.iter().map(|h| i128::from(h == cell)).collect());
    }
    let base = rank(constraints.clone());
    (0..hidden.len())
        .filter(|&k| !known.contains(&hidden[k]))
        .filter(|&k| {
            let mut with = constraints.clone();
            with.push((0..hidden.len()).map(|x| i128::from(x == k)).collect());
            rank(with) == base
        })
        .map(|k| hidden[k])
        .collect()
}

fn hidden(table: &ProtectedTable) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for i in 0..=table.rows {
        for j in 0..=table.columns {
            if table.cell(i, j).value.is_none() {
                out.push((i, j));
            }
        }
    }
    out
}

#[test]
fn the_oracle_sees_a_lone_hidden_cell_and_a_hidden_pair_in_one_row() {
    // Sanity of the checker itself: one hidden cell in a row with its total published is
    // recoverable; a hidden cell and its row total both hidden, but the column total
    // published, is recoverable too; a 2 × 2 cycle is not.
    assert_eq!(recoverable((2, 2), &[(0, 0)]), [(0, 0)]);
    assert_eq!(recoverable((2, 2), &[(0, 0), (0, 2)]), [(0, 0), (0, 2)]);
    assert!(recoverable((2, 2), &[(0, 0), (0, 1), (1, 0), (1, 1)]).is_empty());
}

#[test]
fn published_zeros_are_not_used_to_hide_a_small_count() {
    // Review cases: hiding the zeros of row 1 (total 0) gave away the 5; zeros on opposite
    // corners of the cycle pinned the 1 at (1, 2).
    for cells in [vec![vec![26, 5], vec![0, 0], vec![0, 17]], vec![vec![0, 5, 0], vec![38, 0, 1], vec![0, 0, 15]]] {
        let table = protect_table(&cells, &DisclosureRule::default()).unwrap();
        let hidden = hidden(&table);
        let truth = augmented(&cells);
        let zeros: Vec<_> = hidden.iter().copied().filter(|&(i, j)| truth[i][j] == 0).collect();
        assert!(zeros.is_empty(), "{cells:?}: zeros hidden at {zeros:?}");
        assert!(recoverable(hidden_shape(&cells), &hidden).is_empty(), "{cells:?}");
    }
}

/// Whether a reader can move hidden cell `target` at all: the exhaustive check, independent
/// of the flow computation the library uses. It searches every change of -1, 0 or +1 to
/// the hidden cells that keeps every line's sum (cells less their total) and every bound
/// (counts not negative; where zeros are known, hidden zeros fixed and other hidden cells at
/// least 1). Changes of one suffice: any other consistent table differs from the true one by
/// a sum of such cycles (the conformal decomposition of a circulation), one through `target`.
fn can_move(truth: &[Vec<i128>], hidden: &[(usize, usize)], zeros_known: bool, target: (usize, usize)) -> bool {
    let (rows, columns) = (truth.len(), truth[0].len());
    let free: Vec<(usize, usize)> =
        hidden.iter().copied().filter(|&(i, j)| !(zeros_known && truth[i][j] == 0)).collect();
    if !free.contains(&target) {
        return false;
    }
    let floor = i128::from(zeros_known);
    // In line sums, a total enters negated.
    let in_row = |_i: usize, j: usize| if j == columns - 1 { -1 } else { 1 };
    let in_column = |i: usize, _j: usize| if i == rows - 1 { -1 } else { 1 };
    let left_in_column = |from: usize, j: usize| free[from..].iter().filter(|c| c.1 == j).count() as i128;
    fn search(
        k: usize,
        free: &[(usize, usize)],
        delta: &mut Vec<i128>,
        ctx: &dyn Fn(usize, &[i128]) -> bool,
        done: &dyn Fn(&[i128]) -> bool,
    ) -> bool {
        if k == free.len() {
            return done(delta);
        }
        for d in [-1i128, 0, 1] {
            delta.push(d);
            if ctx(k, delta) && search(k + 1, free, delta, ctx, done) {
                return true;
            }
            delta.pop();
        }
        false
    }
    let row_sum = |i: usize, delta: &[i128]| -> i128 {
        free.iter().zip(delta).filter(|(c, _)| c.0 == i).map(|(c, d)| in_row(c.0, c.1) * d).sum()
    };
    let column_sum = |j: usize, delta: &[i128]| -> i128 {
        free.iter().zip(delta).filter(|(c, _)| c.1 == j).map(|(c, d)| in_column(c.0, c.1) * d).sum()
    };
    let ctx = |k: usize, delta: &[i128]| {
        let (i, j) = free[k];
        if truth[i][j] + delta[k] < floor {
            return false;
        }
        // A finished row must balance; a column cannot balance if its sum so far exceeds
        // what its remaining cells can undo.
        let row_done = free.get(k + 1).is_none_or(|next| next.0 != i);
        (!row_done || row_sum(i, delta) == 0) && column_sum(j, delta).abs() <= left_in_column(k + 1, j)
    };
    let done = |delta: &[i128]| {
        let t = free.iter().position(|&c| c == target).unwrap();
        delta[t] != 0 && (0..columns).all(|j| column_sum(j, delta) == 0)
    };
    search(0, &free, &mut Vec::new(), &ctx, &done)
}

#[test]
fn the_exhaustive_checker_finds_the_leaks_an_attacker_found() {
    // Finding D1: in [[1, 1, 50], [1, 1, 40]] the four 1s (all small) hidden alone form a
    // cycle, so differencing cannot recover them, but each row's two hidden cells sum to 2
    // and are at least 1: all four are pinned.
    let truth = augmented(&[vec![1, 1, 50], vec![1, 1, 40]]);
    let old = [(0, 0), (0, 1), (1, 0), (1, 1)];
    assert!(recoverable((2, 3), &old).is_empty());
    assert!(old.iter().all(|&c| !can_move(&truth, &old, true, c)));
    // Without the zeros (hidden cells only not negative) they could move.
    assert!(old.iter().all(|&c| can_move(&truth, &old, false, c)));
    let truth = augmented(&[vec![8, 2], vec![9, 40]]);
    assert!(can_move(&truth, &[(0, 0), (0, 1), (1, 0), (1, 1)], true, (0, 1)));
}

#[test]
fn small_counts_an_attacker_pinned_now_keep_at_least_two_values() {
    // The tables of finding D1; the first four were pinned with or without `status`.
    let tables = [
        vec![vec![1, 8], vec![20, 30]],
        vec![vec![8, 8], vec![4, 12]],
        vec![vec![7, 9], vec![1, 8]],
        vec![vec![1, 1, 50], vec![1, 1, 40]],
        vec![vec![0, 15, 0, 50], vec![6, 20, 4, 50], vec![0, 6, 3, 1], vec![0, 3, 9, 1]],
    ];
    for cells in tables {
        let table = protect_table(&cells, &DisclosureRule::default()).unwrap();
        let truth = augmented(&cells);
        let hidden = hidden(&table);
        for &(i, j) in &hidden {
            let status = table.cell(i, j).status;
            assert_eq!(status.public(&table.rule).as_str(), "suppressed");
            if status == CellStatus::PrimarySuppressed {
                assert!(can_move(&truth, &hidden, true, (i, j)), "{cells:?}: ({i}, {j}) pinned");
                let range = table.ranges[i * (table.columns + 1) + j].unwrap();
                assert!(!range.is_exact(), "{cells:?}: ({i}, {j}) in {range:?}");
                let v = u64::try_from(truth[i][j]).unwrap();
                assert!(range.lower <= v && range.upper.is_none_or(|u| v <= u));
            }
        }
    }
    // The first table: the 1 and its row's 8 hidden, with a further pair to give room.
    let table = protect_table(&[vec![1, 8], vec![20, 30]], &DisclosureRule::default()).unwrap();
    let range = table.ranges[0].unwrap();
    assert!(range.lower < range.upper.unwrap_or(u64::MAX) && range.lower >= 1, "{range:?}");
}

fn hidden_shape(cells: &[Vec<u64>]) -> (usize, usize) {
    (cells.len(), cells[0].len())
}

#[test]
fn a_hand_worked_3_by_3_table() {
    //          c0  c1  c2 | total
    //   r0      2  10  20 |  32
    //   r1     15  30  12 |  57
    //   r2     25  18  40 |  83
    //   total  42  58  72 | 172
    //
    // The 2 is small. Alone in row 0 and column 0 among hidden cells, nothing can pair
    // with it yet, so row 0 is extended by its cheapest interior cell (10), then column 0
    // by its cheapest (15); the 30 at (r1, c1) then closes the cycle 2 → 10 → 30 → 15.
    // An attacker now knows a + b = 12, c + d = 27, a + c = 17, b + d = 40: one degree of
    // freedom (a = t, b = 12 - t, c = 17 - t, d = 10 + t), so no hidden cell is determined.
    let cells = vec![vec![2, 10, 20], vec![15, 30, 12], vec![25, 18, 40]];
    let table = protect_table(&cells, &DisclosureRule::default()).unwrap();
    assert_eq!(table.cell(0, 0).status, CellStatus::PrimarySuppressed);
    for (i, j) in [(0, 1), (1, 0), (1, 1)] {
        assert_eq!(
            table.cell(i, j),
            ics_outcomes::disclosure::Cell { value: None, status: CellStatus::SecondarySuppressed }
        );
    }
    assert_eq!(hidden(&table).len(), 4);
    assert_eq!(table.row_total(0).value, Some(32));
    assert_eq!(table.column_total(2).value, Some(72));
    assert_eq!(table.grand_total().value, Some(172));
    let log: Vec<_> =
        table.secondary.iter().map(|s| (s.row, s.column, s.protects_row, s.protects_column, s.reason)).collect();
    assert_eq!(
        log,
        [
            (0, 1, 0, 0, SecondaryReason::Extends),
            (1, 0, 0, 0, SecondaryReason::Extends),
            (1, 1, 0, 0, SecondaryReason::ClosesCycle),
        ]
    );
    assert_eq!(
        table.secondary[2].to_string(),
        "row 1, column 1 suppressed to protect row 0, column 0, which the totals would otherwise reveal"
    );
    assert!(recoverable((3, 3), &hidden(&table)).is_empty());
}

#[test]
fn rounding_to_5_rounds_every_published_cell_and_total_independently() {
    let rule = DisclosureRule { round_to: Some(5), ..DisclosureRule::default() };
    let table = protect_table(&[vec![12, 23], vec![17, 31]], &rule).unwrap();
    let shown: Vec<Option<u64>> = table.cells.iter().map(|c| c.value).collect();
    // 12 23 | 35 ; 17 31 | 48 ; 29 54 | 83
    assert_eq!(shown, [Some(10), Some(25), Some(35), Some(15), Some(30), Some(50), Some(30), Some(55), Some(85)]);
    assert_eq!(table.cell(0, 2).status, CellStatus::Published);
    assert_eq!(table.cell(0, 0).status, CellStatus::Rounded);
    assert_eq!(rule.round(12), 10);
    assert_eq!(rule.round(13), 15);
    let ten = DisclosureRule { round_to: Some(10), ..rule };
    assert_eq!((ten.round(15), ten.round(14)), (20, 10));
}

#[test]
fn zeros_are_published_unless_asked_and_all_zero_rows_work() {
    let table = protect_table(&[vec![0, 0], vec![0, 5]], &DisclosureRule::default()).unwrap();
    // The 5, its row and column totals and the grand total are all 5: all small, and they
    // form a cycle, so no zero is needed.
    assert_eq!(hidden(&table), [(1, 1), (1, 2), (2, 1), (2, 2)]);
    assert!(table.secondary.is_empty());
    let zeros = DisclosureRule { suppress_zeros: true, ..DisclosureRule::default() };
    let table = protect_table(&[vec![0, 0], vec![0, 0]], &zeros).unwrap();
    assert!(table.cells.iter().all(|c| c.status == CellStatus::PrimarySuppressed));
}

#[test]
fn a_list_of_counts_with_its_total() {
    let (cells, secondary) = protect_counts(&[12, 3, 40, 25], &DisclosureRule::default()).unwrap();
    let shown: Vec<Option<u64>> = cells.iter().map(|c| c.value).collect();
    assert_eq!(shown, [None, None, Some(40), Some(25), Some(80)]);
    assert_eq!((secondary[0].row, secondary[0].column), (0, 0));
    let (cells, _) = protect_counts(&[12, 30, 40], &DisclosureRule::default()).unwrap();
    assert!(cells.iter().all(|c| c.status == CellStatus::Published));
}

#[test]
fn bad_rules_and_tables_are_refused_by_name() {
    let argument = |result: Result<ProtectedTable, Error>| match result {
        Err(Error::Argument { argument, value, .. }) => (argument, value),
        other => panic!("expected an argument error, got {other:?}"),
    };
    let rule = |threshold| DisclosureRule { threshold, ..DisclosureRule::default() };
    assert_eq!(argument(protect_table(&[vec![1]], &rule(0))), ("threshold".into(), "0".into()));
    assert_eq!(argument(protect_table(&[vec![1]], &rule(8))), ("threshold".into(), "8".into()));
    let zero = DisclosureRule { round_to: Some(0), ..DisclosureRule::default() };
    assert_eq!(argument(protect_table(&[vec![1]], &zero)).0, "round_to");
    assert_eq!(argument(protect_table(&[], &DisclosureRule::default())).0, "cells");
    assert_eq!(argument(protect_table(&[vec![]], &DisclosureRule::default())).0, "cells");
    let (name, value) = argument(protect_table(&[vec![1, 2], vec![3]], &DisclosureRule::default()));
    assert_eq!((name.as_str(), value.as_str()), ("cells", "row 1 of 1 cells"));
    assert_eq!(argument(protect_table(&[vec![u64::MAX, 1]], &DisclosureRule::default())).0, "cells");
    let json: DisclosureRule = serde_json::from_str(r#"{"threshold": 5, "round_to": 5}"#).unwrap();
    assert_eq!(json, DisclosureRule { threshold: 5, round_to: Some(5), ..DisclosureRule::default() });
    assert!(serde_json::from_str::<DisclosureRule>(r#"{"treshold": 5}"#).is_err());
}

#[test]
fn statistics_lose_the_count_value_and_limits_of_small_rows() {
    let (groups, _) = Groups::from_keys(&["A", "B", "C", "D"]);
    let options = ProportionOptions { confidence: Confidence::standard(&[0.95, 0.998]).unwrap(), multiplier: 100.0 };
    let x = [3.0, 12.0, f64::NAN, 0.0];
    let table =
        proportion(Field::new("x", &x), Field::new("n", &[50.0, 90.0, 10.0, 20.0]), Some(&groups), &options).unwrap();
    let rule = DisclosureRule::default();
    let safe = protect_statistics(&table, "numerator", &rule).unwrap();
    let numerator = safe.numbers("numerator").unwrap();
    assert!(numerator[0].is_nan());
    assert_eq!(numerator[1], 12.0);
    assert!(numerator[2].is_nan());
    assert_eq!(numerator[3], 0.0);
    for name in ["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"] {
        let column = safe.numbers(name).unwrap();
        assert!(column[0].is_nan(), "{name}");
        assert_eq!(column[1], table.numbers(name).unwrap()[1], "{name}");
    }
    // Finding D20: rounding the counts while keeping the values would not hide them
    // (value × denominator), so it is refused, naming the columns.
    let round = DisclosureRule { round_to: Some(5), ..DisclosureRule::default() };
    match protect_statistics(&table, "numerator", &round) {
        Err(Error::Argument { argument, message, .. }) => {
            assert_eq!(argument, "round_to");
            assert!(message.contains("value, lower95_0cl"), "{message}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    // A list of counts alone may be rounded.
    let (rounded, status) = ics_outcomes::disclosure::protect_rows(&[3.0, 12.0], "x", &round).unwrap();
    assert!(rounded[0].is_nan());
    assert_eq!((rounded[1], status[1].public(&round).as_str()), (10.0, "rounded"));
    assert_eq!(safe.numbers("denominator").unwrap(), [50.0, 90.0, 10.0, 20.0]);
    let status: Vec<_> = (0..4).map(|r| safe.text_at("disclosure", r).unwrap()).collect();
    // The public status says only what is hidden, never why.
    assert_eq!(status, ["suppressed", "published", "published", "published"]);
    // Protecting twice gives the same table (the status column is replaced, not doubled).
    let twice = protect_statistics(&safe, "numerator", &DisclosureRule::default()).unwrap();
    assert_eq!(twice.names(), safe.names());
    assert!(matches!(protect_statistics(&table, "deaths", &rule), Err(Error::Argument { .. })));
    assert!(matches!(protect_statistics(&table, "statistic", &rule), Err(Error::Argument { .. })));
    let negative = proportion(Field::new("x", &[-1.0]), Field::new("n", &[5.0]), None, &options);
    assert_eq!(class_of(negative), ErrorClass::Data, "the statistic itself refuses a negative count");
    let bad = ics_outcomes::disclosure::protect_rows(&[1.0, -2.0], "deaths", &rule).unwrap_err();
    assert_eq!(bad.issues()[0].path, "row 1.deaths");
    assert_eq!(
        derived_columns(&[
            "area",
            "numerator",
            "value",
            "lowercl",
            "uppercl",
            "lower99_8cl",
            "upper95_0cl",
            "lower",
            "significance",
            "method"
        ]),
        ["value", "lowercl", "uppercl", "lower99_8cl", "upper95_0cl", "significance", "method"]
    );
}

#[test]
fn a_rate_method_goes_with_a_small_count() {
    // Finding D20: a significance band and "Exact" placed a hidden count.
    // (The funnel's band is checked through the frames, where it sits beside its counts.)
    use ics_outcomes::stats::{RateOptions, rate};
    let (groups, _) = Groups::from_keys(&["A", "B"]);
    let rates =
        rate(Field::new("x", &[4.0, 40.0]), Field::new("n", &[1000.0, 1000.0]), Some(&groups), &RateOptions::default())
            .unwrap();
    let safe = protect_statistics(&rates, "numerator", &DisclosureRule::default()).unwrap();
    assert_eq!(safe.text_at("method", 0), None);
    assert!(safe.text_at("method", 1).is_some());
}

#[test]
fn an_explanation_withholds_a_partial_score_and_process_limits_that_give_a_value_back() {
    // Finding D2: under partial credit, baseline + score × (required − baseline) gave back a
    // hidden value, and so did the SPC process mean over the area's history.
    let card = default_card();
    let mut area = card
        .areas
        .iter()
        .find(|a| {
            a.contributions
                .iter()
                .any(|c| c.evaluation.score > Decimal::ZERO && c.evaluation.score < Decimal::ONE && c.counts.is_some())
        })
        .expect("an area with a partial score on a ratio metric")
        .clone();
    let k = area
        .contributions
        .iter()
        .position(|c| c.evaluation.score > Decimal::ZERO && c.evaluation.score < Decimal::ONE && c.counts.is_some())
        .unwrap();
    area.contributions[k].counts = Some((Decimal::from(5), Decimal::from(7)));
    let safe = protect_explanation(&area, &DisclosureRule::default()).unwrap();
    let c = &safe.area.contributions[k];
    assert!(c.withheld);
    assert_eq!((c.shown_score(), c.shown_contribution()), (None, None));
    assert_eq!((c.evaluation.score, c.contribution), (Decimal::ZERO, Decimal::ZERO));
    assert!(c.spc.is_none());
    assert_eq!(safe.area.overall, None, "the overall score less the others would give the contribution back");
    let priority = safe.area.priorities.iter().find(|p| p.id == c.priority).unwrap();
    assert_eq!(priority.score, None);
    assert!(c.evaluation.note.as_deref().unwrap().contains("partial score withheld"));
    // No process mean or limit is published for any target.
    assert!(
        safe.area
            .contributions
            .iter()
            .filter_map(|c| c.spc.as_ref())
            .all(|s| s.mean.is_none() && s.lpl.is_none() && s.upl.is_none())
    );
    assert!(
        area.contributions.iter().filter_map(|c| c.spc.as_ref()).any(|s| s.mean.is_some()),
        "the unprotected one had them"
    );
    assert_eq!(safe.status[k].public(&safe.rule).as_str(), "suppressed");
}

#[test]
fn explanations_hide_the_values_of_small_numerators_and_still_add_up() {
    let mut area = qop_explanation();
    let k =
        area.contributions.iter().position(|c| c.counts.is_some() && c.benchmark.is_some()).expect("a ratio metric");
    area.contributions[k].counts = Some((Decimal::from(4), Decimal::from(57)));
    let safe = protect_explanation(&area, &DisclosureRule::default()).unwrap();
    assert_eq!(safe.status[k], CellStatus::PrimarySuppressed);
    let c = &safe.area.contributions[k];
    assert_eq!((c.evaluation.observed, c.evaluation.published, c.evaluation.gap), (None, None, None));
    assert!(c.benchmark.is_none() && c.counts.is_none());
    assert!(c.evaluation.note.as_deref().unwrap().contains("suppressed: numerator of 1 to 7"));
    assert_eq!(c.evaluation.score, area.contributions[k].evaluation.score);
    let total: Decimal = safe.area.contributions.iter().map(|c| c.contribution).sum();
    assert_eq!(Some(total), area.overall);
    assert_eq!(safe.status.iter().filter(|s| s.is_suppressed()).count(), 1);
    let rounded =
        protect_explanation(&area, &DisclosureRule { round_to: Some(5), ..DisclosureRule::default() }).unwrap();
    assert!(
        rounded
            .area
            .contributions
            .iter()
            .flat_map(|c| c.counts)
            .all(|(n, d)| { (n % Decimal::from(5)).is_zero() && (d % Decimal::from(5)).is_zero() })
    );
}

/// A table of 2 × 2 to 4 × 4 counts, mostly small or zero.
fn small_table() -> impl Strategy<Value = Vec<Vec<u64>>> {
    let count = prop_oneof![2 => Just(0u64), 5 => 1u64..=7, 3 => 8u64..30];
    (2usize..=4, 2usize..=4).prop_flat_map(move |(rows, columns)| {
        proptest::collection::vec(proptest::collection::vec(count.clone(), columns), rows)
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// The guarantee, on several hundred random tables: no hidden small count is pinned by
    /// a reader who knows the published cells, integrality, non-negativity and the zeros.
    /// The exhaustive search is the judge; the library's own ranges must agree with it.
    #[test]
    fn no_hidden_small_count_is_pinned_by_bounds(cells in small_table(), suppress_zeros in any::<bool>()) {
        let rule = DisclosureRule { suppress_zeros, ..DisclosureRule::default() };
        let table = protect_table(&cells, &rule).unwrap();
        let truth = augmented(&cells);
        let hidden = hidden(&table);
        for &(i, j) in &hidden {
            let k = i * (table.columns + 1) + j;
            let movable = can_move(&truth, &hidden, !suppress_zeros, (i, j));
            if table.cell(i, j).status == CellStatus::PrimarySuppressed {
                prop_assert!(movable, "{:?}: small count at ({}, {}) pinned; hidden {:?}", cells, i, j, hidden);
            }
            if let Some(range) = table.ranges[k] {
                prop_assert_eq!(!range.is_exact(), movable, "({}, {}) range {:?}", i, j, range);
                let v = u64::try_from(truth[i][j]).unwrap();
                prop_assert!(range.lower <= v && range.upper.is_none_or(|u| v <= u));
            }
        }
    }

    #[test]
    fn no_hidden_count_can_be_recovered_from_published_cells(cells in count_table(), rule in disclosure_rule()) {
        let table = protect_table(&cells, &rule).unwrap();
        let truth = augmented(&cells);
        let shape = (cells.len(), cells[0].len());
        let mut primary = 0;
        for (i, row) in truth.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                let cell = table.cell(i, j);
                let v = u64::try_from(v).unwrap();
                // Every small cell, totals included, is hidden as a small count.
                prop_assert_eq!(rule.is_small(v), cell.status == CellStatus::PrimarySuppressed, "({}, {}) = {}", i, j, v);
                primary += usize::from(rule.is_small(v));
                // Every published cell is the true value, rounded when asked.
                if let Some(shown) = cell.value {
                    prop_assert_eq!(shown, rule.round(v));
                    prop_assert_eq!(cell.status == CellStatus::Rounded, shown != v);
                }
            }
        }
        let hidden = hidden(&table);
        // The independent oracle: no hidden cell is determined by the sums.
        prop_assert!(recoverable(shape, &hidden).is_empty(), "recoverable: {:?} of {:?}", recoverable(shape, &hidden), hidden);
        // Nor when a reader knows which hidden cells are zeros (they are published unless
        // suppressed as small, so a hidden one is a complement and counts cannot be negative).
        if !rule.suppress_zeros {
            let zeros: Vec<_> = hidden.iter().copied().filter(|&(i, j)| truth[i][j] == 0).collect();
            let found = recoverable_knowing(shape, &hidden, &zeros);
            prop_assert!(found.is_empty(), "recoverable knowing zeros {:?}: {:?} of {:?}", zeros, found, hidden);
        }
        // The simple necessary condition: no line has exactly one hidden cell.
        for line in 0..=shape.0 {
            prop_assert_ne!(hidden.iter().filter(|c| c.0 == line).count(), 1, "row {}", line);
        }
        for line in 0..=shape.1 {
            prop_assert_ne!(hidden.iter().filter(|c| c.1 == line).count(), 1, "column {}", line);
        }
        // Secondary suppressions only where there is something to protect, each logged.
        let secondary = table.cells.iter().filter(|c| c.status == CellStatus::SecondarySuppressed).count();
        prop_assert_eq!(secondary, table.secondary.len());
        if primary == 0 {
            prop_assert_eq!(secondary, 0);
        }
        for s in &table.secondary {
            prop_assert!(table.cell(s.protects_row, s.protects_column).value.is_none());
        }
        // Deterministic.
        prop_assert_eq!(protect_table(&cells, &rule).unwrap(), table);
    }

    #[test]
    fn without_secondary_suppression_only_small_counts_are_hidden(cells in count_table(), rule in disclosure_rule()) {
        let rule = DisclosureRule { secondary: false, ..rule };
        let table = protect_table(&cells, &rule).unwrap();
        prop_assert!(table.secondary.is_empty());
        prop_assert!(table.cells.iter().all(|c| c.status != CellStatus::SecondarySuppressed));
    }

    #[test]
    fn a_list_of_counts_never_leaves_one_hidden_count_beside_its_total(
        counts in proptest::collection::vec(crate::strategies::count(), 1..12),
        rule in disclosure_rule(),
    ) {
        let (cells, _) = protect_counts(&counts, &rule).unwrap();
        prop_assert_eq!(cells.len(), counts.len() + 1);
        let hidden = cells.iter().filter(|c| c.value.is_none()).count();
        prop_assert_ne!(hidden, 1);
        let total: u64 = counts.iter().sum();
        for (cell, v) in cells.iter().zip(counts.iter().chain([&total])) {
            prop_assert_eq!(rule.is_small(*v), cell.status == CellStatus::PrimarySuppressed);
        }
    }
}

#[test]
fn scoring_marks_a_count_metric_and_its_small_value_is_hidden() {
    let text = crate::common::national_toml(1, "").replace("unit = \"percentage\"", "unit = \"count\"");
    let national = ics_outcomes::load_national(&text, "n.toml").unwrap();
    let csv = "area_code,metric_id,period,value\nQOP,m,2025/26 Q4,3\nQRL,m,2025/26 Q4,60\n";
    let observations = crate::common::read_csv(csv, &national, &[]).unwrap();
    let card =
        score(&national, &[], &observations, &defaults::Edition::Plan2025_26.geography(), &ScoreOptions::default())
            .unwrap();
    let qop = card.area("QOP").unwrap();
    assert!(qop.contributions[0].count_metric && qop.contributions[0].counts.is_none());
    let safe = protect_explanation(qop, &DisclosureRule::default()).unwrap();
    assert_eq!(safe.status, [CellStatus::PrimarySuppressed]);
    assert_eq!(safe.area.contributions[0].evaluation.observed, None);
    let qrl = protect_explanation(card.area("QRL").unwrap(), &DisclosureRule::default()).unwrap();
    assert_eq!(qrl.status, [CellStatus::Published]);
}

#[test]
fn a_count_metric_given_without_numerator_is_checked_by_its_value() {
    let mut area = qop_explanation();
    let k = area.contributions.iter().position(|c| c.counts.is_none() && c.evaluation.observed.is_some()).unwrap();
    assert!(!area.contributions[k].count_metric, "the embedded metrics have no counts");
    // Unprotected as a ratio or percentage; hidden once it is a count of 3.
    assert_eq!(protect_explanation(&area, &DisclosureRule::default()).unwrap().status[k], CellStatus::Published);
    area.contributions[k].count_metric = true;
    area.contributions[k].evaluation.observed = Some(Decimal::from(3));
    let safe = protect_explanation(&area, &DisclosureRule::default()).unwrap();
    assert_eq!(safe.status[k], CellStatus::PrimarySuppressed);
    let c = &safe.area.contributions[k];
    assert_eq!((c.evaluation.observed, c.evaluation.published), (None, None));
    assert!(c.evaluation.note.as_deref().unwrap().contains("suppressed: count of 1 to 7"));
    area.contributions[k].evaluation.observed = Some(Decimal::from(30));
    assert_eq!(protect_explanation(&area, &DisclosureRule::default()).unwrap().status[k], CellStatus::Published);
}

/// The scorecard of the default data.
fn default_card() -> ics_outcomes::Scorecard {
    score(
        &defaults::Edition::Plan2025_26.national_framework(),
        &defaults::Edition::Plan2025_26.local_frameworks(),
        &defaults::Edition::Plan2025_26.observations(),
        &defaults::Edition::Plan2025_26.geography(),
        &ScoreOptions::default(),
    )
    .unwrap()
}

/// Greater Manchester's explanation on the default data.
fn qop_explanation() -> ics_outcomes::AreaScore {
    default_card().area("QOP").unwrap().clone()
}
