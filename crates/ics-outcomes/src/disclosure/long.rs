//! A long table of counts (one row per cell, as frames and databases hold them) read into
//! the grid that [`protect_table`](super::protect_table) protects.

use std::collections::HashMap;

use super::{DisclosureRule, protect_table};
use crate::error::{DataKind, IssueKind, IssueLog};
use crate::table::{Table, TableBuilder, TableKind};
use crate::{Error, number};

/// The grid of a long table: its labels in first-seen order, its counts, and where each
/// input row's cell sits among the protected table's cells (margins included).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LongCounts {
    /// The row labels, in the order first seen.
    pub row_keys: Vec<String>,
    /// The column labels, in the order first seen.
    pub column_keys: Vec<String>,
    /// The counts, row by row.
    pub cells: Vec<Vec<u64>>,
    /// Each input row's cell in the protected table, `row * (columns + 1) + column` (the
    /// extra column being the row totals).
    pub at: Vec<usize>,
}

/// Reads a long table given as text (`None` for a missing cell): `names` are the row,
/// column and count columns' names, for errors; `total` is the label the margins will take.
///
/// ```
/// use ics_outcomes::disclosure::long_counts;
/// let text = |v: &[&str]| v.iter().map(|s| Some((*s).to_owned())).collect::<Vec<_>>();
/// let long = long_counts(&text(&["A", "A", "B", "B"]), &text(&["x", "y", "x", "y"]), &text(&["3", "4.0", "5", "6"]),
///     ["icb", "age", "n"], "Total")?;
/// assert_eq!((long.cells, long.at), (vec![vec![3, 4], vec![5, 6]], vec![0, 1, 3, 4]));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
///
/// # Errors
/// [`Error::Data`] (counts) naming each row with a missing label, a count that is not a whole
/// number from 0, or a repeated cell, and each combination with no count;
/// [`Error::Argument`] when a label equals `total`.
pub fn long_counts(
    rows: &[Option<String>],
    columns: &[Option<String>],
    counts: &[Option<String>],
    [row_name, column_name, count_name]: [&str; 3],
    total: &str,
) -> Result<LongCounts, Error> {
    let mut log = IssueLog::default();
    let (mut row_keys, mut column_keys) = (Vec::new(), Vec::new());
    let (mut row_index, mut column_index) = (HashMap::new(), HashMap::new());
    let mut first: HashMap<(usize, usize), usize> = HashMap::new();
    let mut found: Vec<(usize, usize, u64)> = Vec::with_capacity(counts.len());
    for (n, ((row, column), count)) in rows.iter().zip(columns).zip(counts).enumerate() {
        let (Some(row), Some(column)) = (row, column) else {
            let name = if row.is_none() { row_name } else { column_name };
            log.push(format!("row {n}.{name}"), "", IssueKind::Invalid { reason: "a label is missing".into() });
            continue;
        };
        let whole = count.as_deref().and_then(|c| number::parse_decimal(c).ok()).filter(|d| d.fract().is_zero());
        let Some(whole) = whole.and_then(|d| u64::try_from(d).ok()) else {
            let reason = "a count must be a whole number, 0 or more".into();
            log.push(format!("row {n}.{count_name}"), count.as_deref().unwrap_or(""), IssueKind::Invalid { reason });
            continue;
        };
        let key = |keys: &mut Vec<String>, index: &mut HashMap<String, usize>, label: &str| {
            *index.entry(label.to_owned()).or_insert_with(|| {
                keys.push(label.to_owned());
                keys.len() - 1
            })
        };
        let cell = (key(&mut row_keys, &mut row_index, row), key(&mut column_keys, &mut column_index, column));
        if let Some(&earlier) = first.get(&cell) {
            let path = format!("row {n}.{count_name}");
            log.push(
                path,
                whole.to_string(),
                IssueKind::Duplicate { first: format!("row {earlier} (cell {row}, {column})") },
            );
            continue;
        }
        first.insert(cell, n);
        found.push((cell.0, cell.1, whole));
    }
    let mut cells: Vec<Vec<Option<u64>>> = vec![vec![None; column_keys.len()]; row_keys.len()];
    for &(i, j, count) in &found {
        cells[i][j] = Some(count);
    }
    // A combination is missing only among rows that were read.
    let rows_read = log.len() == 0;
    for (i, row) in row_keys.iter().enumerate() {
        for (j, column) in column_keys.iter().enumerate() {
            if cells[i][j].is_none() && rows_read {
                let reason = "no count for this combination".into();
                log.push(format!("{row_name}={row}, {column_name}={column}"), "", IssueKind::Invalid { reason });
            }
        }
    }
    log.into_data(DataKind::Counts, "<frame>")?;
    for (name, keys) in [(row_name, &row_keys), (column_name, &column_keys)] {
        if keys.iter().any(|k| k == total) {
            let message = format!("the margins' label {total:?} is also a value of {name:?}; pass another total=");
            return Err(Error::argument("total", total, message));
        }
    }
    let width = column_keys.len() + 1;
    let at = rows
        .iter()
        .zip(columns)
        .filter_map(|(r, c)| Some(row_index[r.as_deref()?] * width + column_index[c.as_deref()?]))
        .collect();
    Ok(LongCounts {
        row_keys,
        column_keys,
        cells: cells.into_iter().map(|r| r.into_iter().flatten().collect()).collect(),
        at,
    })
}

impl LongCounts {
    /// The long table protected under `rule` and ready to publish, as a
    /// [`TableKind::ProtectedCounts`] table: each input row's cell in input order, then each
    /// row's total, the column totals and the grand total (labelled `total`). `value` is
    /// null where hidden; `status` is what a reader may see, `audit_status`, `reason` (which
    /// cell a secondary suppression protects) and `lower`/`upper` (the range a reader can
    /// narrow a hidden cell to) are for the analyst; `input_row` is null on the totals. No
    /// counts give an empty table: there is nothing to protect and no total to publish.
    ///
    /// ```
    /// use ics_outcomes::disclosure::{DisclosureRule, long_counts};
    /// let text = |v: &[&str]| v.iter().map(|s| Some((*s).to_owned())).collect::<Vec<_>>();
    /// let long = long_counts(&text(&["A", "A", "B", "B"]), &text(&["x", "y", "x", "y"]), &text(&["3", "40", "50", "60"]),
    ///     ["icb", "age", "n"], "Total")?;
    /// let table = long.protect(&DisclosureRule::with_threshold(7)?, "Total")?;
    /// assert_eq!(table.rows(), 4 + 2 + 3);
    /// assert_eq!(table.text(0, "status").as_deref(), Some("suppressed"));
    /// assert_eq!(table.text(8, "row").as_deref(), Some("Total"));
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`protect_table`].
    pub fn protect(&self, rule: &DisclosureRule, total: &str) -> Result<Table, Error> {
        if self.at.is_empty() {
            rule.check()?;
            return Ok(Table::empty(TableKind::ProtectedCounts));
        }
        let protected = protect_table(&self.cells, rule)?;
        let (rows, width) = (self.row_keys.len(), self.column_keys.len() + 1);
        let mut reasons = HashMap::new();
        for secondary in &protected.secondary {
            reasons.insert(secondary.row * width + secondary.column, secondary.to_string());
        }
        let margins = (0..rows).map(|i| i * width + width - 1).chain((0..width).map(|j| rows * width + j));
        let order: Vec<(usize, Option<usize>)> =
            self.at.iter().enumerate().map(|(input, &k)| (k, Some(input))).chain(margins.map(|k| (k, None))).collect();
        let label = |keys: &[String], i: usize| keys.get(i).map_or(total, String::as_str).to_owned();
        let cell = |k: usize| protected.cells[k];
        let range = |k: usize| protected.ranges.get(k).copied().flatten();
        Ok(TableBuilder::new(TableKind::ProtectedCounts, order.len())
            .text("row", order.iter().map(|&(k, _)| Some(label(&self.row_keys, k / width))))
            .text("column", order.iter().map(|&(k, _)| Some(label(&self.column_keys, k % width))))
            .counts("value", order.iter().map(|&(k, _)| cell(k).value))
            .text("status", order.iter().map(|&(k, _)| Some(cell(k).status.public(rule).as_str())))
            .text("audit_status", order.iter().map(|&(k, _)| Some(cell(k).status.as_str())))
            .text("reason", order.iter().map(|&(k, _)| reasons.get(&k).cloned()))
            .counts("lower", order.iter().map(|&(k, _)| range(k).map(|r| r.lower)))
            .counts("upper", order.iter().map(|&(k, _)| range(k).and_then(|r| r.upper)))
            .count("input_row", order.iter().map(|&(_, input)| input))
            .finish())
    }
}
