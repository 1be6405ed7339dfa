//! A long table of counts (one row per cell, as frames and databases hold them) read into
//! the grid that [`protect_table`](super::protect_table) protects.

use std::collections::HashMap;

use crate::error::{DataKind, IssueKind, IssueLog};
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
