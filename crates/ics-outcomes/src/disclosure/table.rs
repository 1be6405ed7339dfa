//! Tables of counts with their totals: primary and secondary suppression, then rounding.

use std::fmt;

use serde::Serialize;

use super::DisclosureRule;
use super::inference::{HiddenRange, Reader};
use crate::Error;

/// What happened to a cell before publication: the analyst's audit view. Publish
/// [`PublicStatus`] instead: telling primary from secondary suppression says which hidden
/// cells are small, which with the totals can pin them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// Published as it is.
    Published,
    /// Published rounded ([`DisclosureRule::round_to`]).
    Rounded,
    /// Hidden: a small count.
    PrimarySuppressed,
    /// Hidden so that a small count cannot be recovered from the totals.
    SecondarySuppressed,
}

impl CellStatus {
    /// Every status, in the order written in outputs.
    pub const ALL: [CellStatus; 4] =
        [CellStatus::Published, CellStatus::Rounded, CellStatus::PrimarySuppressed, CellStatus::SecondarySuppressed];

    /// The status as written in outputs: `published`, `rounded`, `primary_suppressed`,
    /// `secondary_suppressed`.
    pub fn as_str(self) -> &'static str {
        match self {
            CellStatus::Published => "published",
            CellStatus::Rounded => "rounded",
            CellStatus::PrimarySuppressed => "primary_suppressed",
            CellStatus::SecondarySuppressed => "secondary_suppressed",
        }
    }

    /// Whether the value is hidden.
    pub fn is_suppressed(self) -> bool {
        matches!(self, CellStatus::PrimarySuppressed | CellStatus::SecondarySuppressed)
    }

    /// What may be published about the cell under `rule`: suppressed, or shown (as
    /// `rounded` for every shown cell when the rule rounds, so that an unchanged multiple of
    /// the base does not say it was exact).
    pub fn public(self, rule: &DisclosureRule) -> PublicStatus {
        if self.is_suppressed() {
            PublicStatus::Suppressed
        } else if rule.round_to.is_some_and(|base| base > 1) {
            PublicStatus::Rounded
        } else {
            PublicStatus::Published
        }
    }
}

/// What a published output says about a cell: nothing about why it is hidden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PublicStatus {
    /// Shown as it is.
    Published,
    /// Shown rounded to the rule's base.
    Rounded,
    /// Hidden.
    Suppressed,
}

impl PublicStatus {
    /// Every public status, in the order written in outputs.
    pub const ALL: [PublicStatus; 3] = [PublicStatus::Published, PublicStatus::Rounded, PublicStatus::Suppressed];

    /// The status as written in outputs: `published`, `rounded` or `suppressed`.
    pub fn as_str(self) -> &'static str {
        match self {
            PublicStatus::Published => "published",
            PublicStatus::Rounded => "rounded",
            PublicStatus::Suppressed => "suppressed",
        }
    }
}

impl fmt::Display for PublicStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for CellStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One published cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The value to publish; `None` when suppressed.
    pub value: Option<u64>,
    /// Why it is (not) shown as it is.
    pub status: CellStatus,
}

/// Why a cell was suppressed in the second round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SecondaryReason {
    /// The cell closes a cycle through the protected cell: with both hidden, their row and
    /// column totals no longer pin either down.
    ClosesCycle,
    /// No non-zero cell could close a cycle yet, so the hidden cells around the protected
    /// one were extended by this cell to a further row or column first.
    Extends,
    /// The protected cell lay on a cycle, but the bounds a reader knows (counts are whole,
    /// and hidden cells other than known zeros are at least 1) left it one value; this cell
    /// gives it room.
    Bounds,
}

/// One secondary suppression, with the cell it protects: the explanation of a hidden cell
/// that is not small.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SecondarySuppression {
    /// Row of the suppressed cell (`rows` for the column totals).
    pub row: usize,
    /// Column of the suppressed cell (`columns` for the row totals).
    pub column: usize,
    /// Row of the hidden cell that could otherwise be recovered.
    pub protects_row: usize,
    /// Column of the hidden cell that could otherwise be recovered.
    pub protects_column: usize,
    /// How this cell protects it.
    pub reason: SecondaryReason,
    /// The table's interior size, to name totals in [`fmt::Display`].
    shape: (usize, usize),
}

impl SecondarySuppression {
    fn name(&self, row: usize, column: usize) -> String {
        let (rows, columns) = self.shape;
        match (row == rows, column == columns) {
            (true, true) => "the grand total".to_owned(),
            (true, false) => format!("column {column}'s total"),
            (false, true) => format!("row {row}'s total"),
            (false, false) => format!("row {row}, column {column}"),
        }
    }
}

impl fmt::Display for SecondarySuppression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let cell = self.name(self.row, self.column);
        let protected = self.name(self.protects_row, self.protects_column);
        match self.reason {
            SecondaryReason::ClosesCycle => {
                write!(f, "{cell} suppressed to protect {protected}, which the totals would otherwise reveal")
            }
            SecondaryReason::Extends => {
                write!(f, "{cell} suppressed to protect {protected}, which no other hidden cell could yet pair with")
            }
            SecondaryReason::Bounds => {
                write!(f, "{cell} suppressed to protect {protected}, which counts of at least 1 would otherwise pin")
            }
        }
    }
}

/// A table ready to publish: the interior cells, row totals, column totals and grand total,
/// each with its status, and the reason for every secondary suppression.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProtectedTable {
    /// Interior rows.
    pub rows: usize,
    /// Interior columns.
    pub columns: usize,
    /// `(rows + 1) × (columns + 1)` cells, row by row: row `i < rows` ends with its total;
    /// the last row holds the column totals and ends with the grand total.
    pub cells: Vec<Cell>,
    /// The rule applied.
    pub rule: DisclosureRule,
    /// Every secondary suppression in the order made.
    pub secondary: Vec<SecondarySuppression>,
    /// For each hidden cell (in [`Self::cells`]' order), the range a reader can narrow it to
    /// from everything published ([`super::inference`]); `None` for published cells and for
    /// hidden zeros a reader knows. For the analyst's audit, not for publication.
    pub ranges: Vec<Option<HiddenRange>>,
}

impl ProtectedTable {
    /// Cell `(row, column)` of the table with its margins: `row == rows` is the column
    /// totals, `column == columns` the row totals.
    ///
    /// # Panics
    /// When `row > rows` or `column > columns`.
    pub fn cell(&self, row: usize, column: usize) -> Cell {
        assert!(row <= self.rows && column <= self.columns, "cell ({row}, {column}) outside the table");
        self.cells[row * (self.columns + 1) + column]
    }

    /// The total of interior row `row`.
    pub fn row_total(&self, row: usize) -> Cell {
        self.cell(row, self.columns)
    }

    /// The total of interior column `column`.
    pub fn column_total(&self, column: usize) -> Cell {
        self.cell(self.rows, column)
    }

    /// The grand total.
    pub fn grand_total(&self) -> Cell {
        self.cell(self.rows, self.columns)
    }
}

/// Protects a table of counts (`cells[row][column]`) and its totals, which are added.
///
/// Primary suppression hides every small count, totals included; secondary suppression
/// (when the rule asks for it) then hides the cheapest further cells until no hidden value
/// can be recovered by adding and subtracting published cells and totals (see the
/// [module](super) for the argument). Complements are chosen deterministically: non-zero
/// before zero (a hidden zero is bounded by counts being non-negative and could pin its
/// neighbours), cells closing a cycle before cells extending one, interior cells before
/// totals, smaller before larger, then by position.
///
/// Each secondary suppression searches the table again, so the cost grows with cells times
/// suppressions: a table of 20,000 cells needing 300 complements takes about a second.
/// Rounding, last, applies to every published cell, totals rounded independently as is
/// usual (so rounded cells need not add up to the rounded total).
///
/// A table with no rows or no columns, or with rows of different lengths, is refused
/// ([`Error::Argument`] naming `cells`).
pub fn protect_table(cells: &[Vec<u64>], rule: &DisclosureRule) -> Result<ProtectedTable, Error> {
    rule.check()?;
    let rows = cells.len();
    let columns = cells.first().map_or(0, Vec::len);
    if rows == 0 || columns == 0 {
        return Err(Error::argument(
            "cells",
            format!("{rows} rows × {columns} columns"),
            "a table to protect needs at least one row and one column",
        ));
    }
    if let Some((i, row)) = cells.iter().enumerate().find(|(_, row)| row.len() != columns) {
        return Err(Error::argument(
            "cells",
            format!("row {i} of {} cells", row.len()),
            format!("every row must have {columns} cells, as row 0 has"),
        ));
    }
    let values = with_margins(cells)?;
    let grid = Grid { rows: rows + 1, columns: columns + 1 };
    // Where zeros are published, a reader is taken to know every zero, hidden or not: a
    // hidden zero protects nothing, so none is chosen, and every other hidden cell is >= 1.
    let zeros_known = !rule.suppress_zeros;
    let mut status: Vec<Option<CellStatus>> =
        values.iter().map(|&v| rule.is_small(v).then_some(CellStatus::PrimarySuppressed)).collect();
    let mut secondary = Vec::new();
    if rule.secondary && status.iter().any(Option::is_some) {
        while let Some((protects, (cell, reason))) = grid.next_complement(&status, &values, zeros_known) {
            status[cell] = Some(CellStatus::SecondarySuppressed);
            secondary.push(SecondarySuppression {
                row: cell / grid.columns,
                column: cell % grid.columns,
                protects_row: protects / grid.columns,
                protects_column: protects % grid.columns,
                reason,
                shape: (rows, columns),
            });
        }
    }
    let hidden: Vec<bool> = status.iter().map(Option::is_some).collect();
    let reader = Reader::new(&grid, &values, &hidden, zeros_known);
    let ranges = values.iter().enumerate().map(|(k, &v)| reader.range(k, v)).collect();
    let cells = values
        .iter()
        .zip(&status)
        .map(|(&v, s)| match s {
            Some(s) => Cell { value: None, status: *s },
            None => {
                let published = rule.round(v);
                let status = if published == v { CellStatus::Published } else { CellStatus::Rounded };
                Cell { value: Some(published), status }
            }
        })
        .collect();
    Ok(ProtectedTable { rows, columns, cells, rule: *rule, secondary, ranges })
}

/// Protects a list of counts and their total: the one-row table, without its column totals
/// (which would repeat the counts). `cells[i]` is count `i`; the last cell is the total.
///
/// ```
/// use ics_outcomes::disclosure::{DisclosureRule, protect_counts};
/// let (cells, _) = protect_counts(&[12, 3, 40, 25], &DisclosureRule::default())?;
/// let shown: Vec<Option<u64>> = cells.iter().map(|c| c.value).collect();
/// // 3 is small; 12, the smallest other count, is hidden with it, so 80 - 40 - 25 = 15
/// // does not tell the 3 apart.
/// assert_eq!(shown, [None, None, Some(40), Some(25), Some(80)]);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn protect_counts(counts: &[u64], rule: &DisclosureRule) -> Result<(Vec<Cell>, Vec<SecondarySuppression>), Error> {
    let table = protect_table(&[counts.to_vec()], rule)?;
    let row = table.cells[..=table.columns].to_vec();
    let secondary = table.secondary.into_iter().filter(|s| s.row == 0).collect();
    Ok((row, secondary))
}

/// The table with its row totals, column totals and grand total, row by row.
fn with_margins(cells: &[Vec<u64>]) -> Result<Vec<u64>, Error> {
    let overflow = || Error::argument("cells", "their sum", "the total of the counts does not fit in 64 bits");
    let columns = cells[0].len();
    let mut out = Vec::with_capacity((cells.len() + 1) * (columns + 1));
    let mut column_totals = vec![0u64; columns + 1];
    for row in cells {
        let mut total = 0u64;
        for (j, &v) in row.iter().enumerate() {
            total = total.checked_add(v).ok_or_else(overflow)?;
            column_totals[j] = column_totals[j].checked_add(v).ok_or_else(overflow)?;
            out.push(v);
        }
        column_totals[columns] = column_totals[columns].checked_add(total).ok_or_else(overflow)?;
        out.push(total);
    }
    out.extend(column_totals);
    Ok(out)
}

/// The augmented table's shape; cell `k` joins row node `k / columns` to column node
/// `rows + k % columns`.
pub(super) struct Grid {
    pub(super) rows: usize,
    pub(super) columns: usize,
}

impl Grid {
    pub(super) fn ends(&self, cell: usize) -> (usize, usize) {
        (cell / self.columns, self.rows + cell % self.columns)
    }

    fn is_margin(&self, cell: usize) -> bool {
        cell / self.columns == self.rows - 1 || cell % self.columns == self.columns - 1
    }

    /// Whether the cell is a row or column total (not the grand total): those are negated
    /// so that every line of the augmented table sums to zero.
    pub(super) fn is_total(&self, cell: usize) -> bool {
        (cell / self.columns == self.rows - 1) != (cell % self.columns == self.columns - 1)
    }

    /// The next complement to suppress, with the cell it protects, or `None` when the table
    /// is safe: first for any hidden cell that differencing recovers (a bridge), then for
    /// any small count the bounds pin (a reader knows counts are whole and not negative, and
    /// the zeros; see [`super::inference`]).
    fn next_complement(
        &self,
        status: &[Option<CellStatus>],
        values: &[u64],
        zeros_known: bool,
    ) -> Option<(usize, (usize, SecondaryReason))> {
        if let Some(bridge) = self.first_bridge(status) {
            // A complement always exists in a table of at least 2 × 2 with its margins (see
            // `Grid::complement`); stopping without one is a safeguard, not a path.
            return self.complement(bridge, status, values, zeros_known).map(|c| (bridge, c));
        }
        let hidden: Vec<bool> = status.iter().map(Option::is_some).collect();
        let reader = Reader::new(self, values, &hidden, zeros_known);
        let pinned =
            (0..status.len()).find(|&k| status[k] == Some(CellStatus::PrimarySuppressed) && reader.is_pinned(k))?;
        // The cheapest cell on a line the pinned cell's hidden neighbours reach that frees it;
        // failing one, extend its cycle as for a bridge and look again.
        let adjacency = self.adjacency(status);
        let (row, _) = self.ends(pinned);
        let near = self.component(&adjacency, row, usize::MAX);
        let mut candidates: Vec<usize> = (0..status.len())
            .filter(|&k| status[k].is_none() && !(zeros_known && values[k] == 0))
            .filter(|&k| {
                let (r, c) = self.ends(k);
                near[r] || near[c]
            })
            .collect();
        candidates.sort_by_key(|&k| (self.is_margin(k), values[k], k));
        let frees = |k: usize| {
            let mut trial = hidden.clone();
            trial[k] = true;
            !Reader::new(self, values, &trial, zeros_known).is_pinned(pinned)
        };
        candidates
            .into_iter()
            .find(|&k| frees(k))
            .map(|k| (k, SecondaryReason::Bounds))
            .or_else(|| self.complement(pinned, status, values, zeros_known))
            .map(|c| (pinned, c))
    }

    /// Adjacency of the graph of suppressed cells: for each node, `(neighbour, cell)`.
    fn adjacency(&self, status: &[Option<CellStatus>]) -> Vec<Vec<(usize, usize)>> {
        let mut adjacency = vec![Vec::new(); self.rows + self.columns];
        for (cell, _) in status.iter().enumerate().filter(|(_, s)| s.is_some()) {
            let (r, c) = self.ends(cell);
            adjacency[r].push((c, cell));
            adjacency[c].push((r, cell));
        }
        adjacency
    }

    /// The first suppressed cell (by position) that lies on no cycle of suppressed cells:
    /// the one whose value the published cells determine. Tarjan's bridge search, iterative.
    fn first_bridge(&self, status: &[Option<CellStatus>]) -> Option<usize> {
        let adjacency = self.adjacency(status);
        let nodes = adjacency.len();
        let (mut order, mut low) = (vec![usize::MAX; nodes], vec![0usize; nodes]);
        let mut next = 0;
        let mut bridges = Vec::new();
        for root in 0..nodes {
            if order[root] != usize::MAX {
                continue;
            }
            order[root] = next;
            low[root] = next;
            next += 1;
            // (node, the cell it was entered by, next adjacency index)
            let mut stack = vec![(root, usize::MAX, 0usize)];
            while let Some(&mut (node, via, ref mut index)) = stack.last_mut() {
                if let Some(&(neighbour, cell)) = adjacency[node].get(*index) {
                    *index += 1;
                    if cell == via {
                        continue;
                    }
                    if order[neighbour] == usize::MAX {
                        order[neighbour] = next;
                        low[neighbour] = next;
                        next += 1;
                        stack.push((neighbour, cell, 0));
                    } else {
                        low[node] = low[node].min(order[neighbour]);
                    }
                } else {
                    stack.pop();
                    if let Some(&(parent, _, _)) = stack.last() {
                        low[parent] = low[parent].min(low[node]);
                        if low[node] > order[parent] {
                            bridges.push(via);
                        }
                    }
                }
            }
        }
        bridges.into_iter().min()
    }

    /// The nodes reachable from `start` over suppressed cells other than `without`.
    fn component(&self, adjacency: &[Vec<(usize, usize)>], start: usize, without: usize) -> Vec<bool> {
        let mut seen = vec![false; adjacency.len()];
        seen[start] = true;
        let mut stack = vec![start];
        while let Some(node) = stack.pop() {
            for &(neighbour, cell) in &adjacency[node] {
                if cell != without && !seen[neighbour] {
                    seen[neighbour] = true;
                    stack.push(neighbour);
                }
            }
        }
        seen
    }

    /// The cell to suppress to protect `bridge`: the cheapest one joining a row on one side
    /// of it to a column on the other (closing a cycle), or, when there is none, the
    /// cheapest cell extending either side to a new row or column.
    ///
    /// Zeros are never taken where a reader knows them, and last otherwise: a hidden zero
    /// can only move up, so it bounds its neighbours on one side.
    fn complement(
        &self,
        bridge: usize,
        status: &[Option<CellStatus>],
        values: &[u64],
        zeros_known: bool,
    ) -> Option<(usize, SecondaryReason)> {
        let adjacency = self.adjacency(status);
        let (row, column) = self.ends(bridge);
        let side_a = self.component(&adjacency, row, bridge);
        let side_b = self.component(&adjacency, column, bridge);
        let cost = |cell: usize| (self.is_margin(cell), values[cell], cell);
        let candidates = |nonzero: bool, wanted: &dyn Fn(usize, usize) -> bool| {
            (0..status.len())
                .filter(|&k| status[k].is_none() && (values[k] != 0) == nonzero)
                .filter(|&k| {
                    let (r, c) = self.ends(k);
                    wanted(r, c)
                })
                .min_by_key(|&k| cost(k))
        };
        let closes = |r: usize, c: usize| (side_a[r] && side_b[c]) || (side_b[r] && side_a[c]);
        // Exactly one end on either side: the cell brings a new row or column to that side.
        let extends = |r: usize, c: usize| (side_a[r] || side_b[r]) != (side_a[c] || side_b[c]);
        // A hidden zero that a reader knows protects nothing.
        for nonzero in if zeros_known { &[true][..] } else { &[true, false] } {
            let nonzero = *nonzero;
            if let Some(cell) = candidates(nonzero, &closes) {
                return Some((cell, SecondaryReason::ClosesCycle));
            }
            if let Some(cell) = candidates(nonzero, &extends) {
                return Some((cell, SecondaryReason::Extends));
            }
        }
        None
    }
}
