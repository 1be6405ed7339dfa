//! What a reader can infer about the hidden cells of a published table: the attacker model
//! behind [`super::protect_table`]'s guarantee.
//!
//! The reader knows every published cell and total, that counts are whole numbers and never
//! negative, and (when zeros are published, the default) which hidden cells are zero: a
//! reader often knows which combinations are empty, so the model assumes it of all of them,
//! and every other hidden cell is then known to be at least 1. Nothing else is published:
//! the public status says only "suppressed", never why.
//!
//! Negate the row and column totals and every line of the table with its margins sums to
//! zero; a hidden cell is an edge joining its row to its column. Another table consistent
//! with what is published differs from the true one by a flow around cycles of hidden cells
//! (signs alternating) that keeps every cell within its bounds. The constraint matrix is
//! totally unimodular, so the integer bounds are reached by the linear ones and the range of
//! a hidden cell is a max-flow question on the residual graph: how far its edge can be
//! pushed up, and down, around the rest. This is exact, not an approximation.

use super::table::Grid;

/// The range a reader can pin a hidden cell to, given everything published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct HiddenRange {
    /// The smallest value the cell can take.
    pub lower: u64,
    /// The largest value the cell can take; `None` when nothing published bounds it.
    pub upper: Option<u64>,
}

impl HiddenRange {
    /// Whether the reader can tell the value exactly.
    pub fn is_exact(&self) -> bool {
        self.upper == Some(self.lower)
    }
}

/// One hidden cell of the augmented table, signed so that every line sums to zero.
struct Edge {
    from: usize,
    to: usize,
    /// The signed true value: the count, or minus it for a row or column total.
    value: i128,
    /// Whether the signed value is minus the count.
    negated: bool,
    /// Bounds on the signed value; `None` is unbounded.
    lower: Option<i128>,
    upper: Option<i128>,
}

/// The reader's view of a table: its hidden cells with their bounds.
pub(super) struct Reader {
    nodes: usize,
    edges: Vec<Edge>,
    /// The edge of each augmented cell, when it is hidden and not known.
    edge_of: Vec<Option<usize>>,
}

impl Reader {
    /// The view of the augmented table (`values` with its margins) with `hidden` cells, when
    /// a reader knows hidden zeros (`zeros_known`) or only that counts are not negative.
    pub(super) fn new(grid: &Grid, values: &[u64], hidden: &[bool], zeros_known: bool) -> Self {
        let floor = i128::from(zeros_known);
        let mut edges = Vec::new();
        let mut edge_of = vec![None; values.len()];
        for (cell, (&value, &hidden)) in values.iter().zip(hidden).enumerate() {
            if !hidden || (zeros_known && value == 0) {
                continue;
            }
            let (from, to) = grid.ends(cell);
            let value = i128::from(value);
            // One margin (a row or column total) is negated; the grand total is negated twice.
            let edge = if grid.is_total(cell) {
                Edge { from, to, value: -value, negated: true, lower: None, upper: Some(-floor) }
            } else {
                Edge { from, to, value, negated: false, lower: Some(floor), upper: None }
            };
            edge_of[cell] = Some(edges.len());
            edges.push(edge);
        }
        Reader { nodes: grid.rows + grid.columns, edges, edge_of }
    }

    /// The range of hidden cell `cell`, or `None` when it is published or a known zero.
    pub(super) fn range(&self, cell: usize, true_value: u64) -> Option<HiddenRange> {
        let e = self.edge_of[cell]?;
        let edge = &self.edges[e];
        let (up, down) = (self.push(e, true, None), self.push(e, false, None));
        let count = i128::from(true_value);
        // Moving a negated edge up moves the count down.
        let (more, less) = if edge.negated { (down, up) } else { (up, down) };
        let lower = less.map_or(0, |less| (count - less).max(0));
        let upper = more.map(|more| count + more);
        Some(HiddenRange {
            lower: u64::try_from(lower).unwrap_or(0),
            upper: upper.map(|u| u64::try_from(u).unwrap_or(u64::MAX)),
        })
    }

    /// Whether hidden cell `cell` is pinned: it can move neither up nor down by one.
    pub(super) fn is_pinned(&self, cell: usize) -> bool {
        self.edge_of[cell]
            .is_some_and(|e| self.push(e, true, Some(1)) == Some(0) && self.push(e, false, Some(1)) == Some(0))
    }

    /// How far edge `e` can move up (or down) with the other hidden cells compensating, up
    /// to `limit`; `None` when unbounded. Edmonds-Karp on the residual graph: pushing `e` up
    /// by `d` needs a flow of `d` from its column back to its row over the other edges,
    /// each able to go up (row to column) or down (column to row) within its bounds.
    fn push(&self, e: usize, up: bool, limit: Option<i128>) -> Option<i128> {
        let edge = &self.edges[e];
        let own = if up { edge.upper.map(|u| u - edge.value) } else { edge.lower.map(|l| edge.value - l) };
        let limit = min_capacity(own, limit);
        let (source, sink) = if up { (edge.to, edge.from) } else { (edge.from, edge.to) };
        let mut shift = vec![0i128; self.edges.len()];
        let mut total = 0i128;
        let mut adjacency = vec![Vec::new(); self.nodes];
        for (k, f) in self.edges.iter().enumerate().filter(|&(k, _)| k != e) {
            adjacency[f.from].push(k);
            adjacency[f.to].push(k);
        }
        loop {
            if limit.is_some_and(|l| total >= l) {
                return Some(total);
            }
            // Breadth-first search for an augmenting path; `via[node]` = (edge, moved up).
            let mut via: Vec<Option<(usize, bool)>> = vec![None; self.nodes];
            let mut seen = vec![false; self.nodes];
            seen[source] = true;
            let mut queue = std::collections::VecDeque::from([source]);
            while let Some(node) = queue.pop_front() {
                if node == sink {
                    break;
                }
                for &k in &adjacency[node] {
                    let f = &self.edges[k];
                    let current = f.value + shift[k];
                    // Up: row to column; down: column to row.
                    let (next, moves_up) = if f.from == node { (f.to, true) } else { (f.from, false) };
                    let room = if moves_up { f.upper.map(|u| u - current) } else { f.lower.map(|l| current - l) };
                    if !seen[next] && room.is_none_or(|r| r > 0) {
                        seen[next] = true;
                        via[next] = Some((k, moves_up));
                        queue.push_back(next);
                    }
                }
            }
            if !seen[sink] {
                return Some(total);
            }
            let mut bottleneck = limit.map(|l| l - total);
            let mut node = sink;
            while let Some((k, moves_up)) = via[node] {
                let f = &self.edges[k];
                let current = f.value + shift[k];
                let room = if moves_up { f.upper.map(|u| u - current) } else { f.lower.map(|l| current - l) };
                bottleneck = min_capacity(bottleneck, room);
                node = if moves_up { f.from } else { f.to };
            }
            let amount = bottleneck?;
            let mut node = sink;
            while let Some((k, moves_up)) = via[node] {
                let f = &self.edges[k];
                shift[k] += if moves_up { amount } else { -amount };
                node = if moves_up { f.from } else { f.to };
            }
            total += amount;
        }
    }
}

/// The smaller of two capacities, `None` being unbounded.
fn min_capacity(a: Option<i128>, b: Option<i128>) -> Option<i128> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, None) => a,
        (None, b) => b,
    }
}
