//! Quantile (e.g. deprivation decile) assignment within groups (`phe_quantile`).

use super::{Checks, Field, Groups, Role, Table};
use crate::Error;

/// Which way quantiles run.
#[derive(Debug, Clone, Copy)]
pub enum Invert<'a> {
    /// The same for every group: `true` puts the highest values in quantile 1.
    All(bool),
    /// Read from a per-row column, which must be constant within each group.
    PerRow(&'a [bool]),
}

/// Assigns each row a quantile `1..=nquantiles` of `values` within its group.
///
/// With `r` the row's rank in its group (ties share the lowest rank; of `−value` when
/// inverted) and `N` the group's non-missing values, the quantile is
/// `⌊(q + 1) − ⌈((N + 1) − r) / (N / q)⌉⌋`, at least 1. Groups with fewer than `q` values get
/// missing quantiles and a warning; missing values stay missing.
///
/// Output, one row per input row in input order: `quantile`, `nquantiles`, `qinverted`.
///
/// # Errors
/// [`Error::Argument`] for `nquantiles` of zero; [`Error::Data`] when a per-row invert flag
/// varies within a group, or for infinite values.
pub fn quantile(
    values: Field<'_>,
    groups: Option<&Groups>,
    nquantiles: u32,
    invert: Invert<'_>,
) -> Result<Table, Error> {
    if nquantiles == 0 {
        return Err(Error::argument("nquantiles", 0, "nquantiles must be at least 1"));
    }
    let rows = values.values.len();
    let groups = Groups::or_single(groups, rows);
    let groups = &*groups;
    let mut checks = Checks::new("quantile");
    checks.finite(&[values]);
    if groups.rows() != rows {
        checks.field("group_by", groups.rows().to_string(), "needs one group per row");
    }
    checks.finish()?;
    let members = groups.members();
    let mut inverted = vec![true; groups.count()];
    match invert {
        Invert::All(flag) => inverted.fill(flag),
        Invert::PerRow(flags) => {
            let mut checks = Checks::new("quantile");
            if flags.len() != rows {
                checks.field("invert", flags.len().to_string(), &format!("needs one flag per row of {rows}"));
            } else {
                for (g, rows) in members.iter().enumerate() {
                    if let Some(&first) = rows.first() {
                        inverted[g] = flags[first];
                        if let Some(&row) = rows.iter().find(|&&r| flags[r] != flags[first]) {
                            checks.field(
                                &format!("invert[{row}]"),
                                flags[row].to_string(),
                                "invert field values must take the same logical value for each data grouping set",
                            );
                        }
                    }
                }
            }
            checks.finish()?;
        }
    }

    let q = f64::from(nquantiles);
    let mut result = vec![f64::NAN; rows];
    let mut too_few = false;
    let mut present: Vec<usize> = Vec::new();
    for (g, rows) in members.iter().enumerate() {
        present.clear();
        present.extend(rows.iter().copied().filter(|&r| !values.values[r].is_nan()));
        let n = present.len() as f64;
        if n < q {
            too_few |= !rows.is_empty();
            continue;
        }
        let key = |r: usize| if inverted[g] { -values.values[r] } else { values.values[r] };
        present.sort_by(|&a, &b| key(a).total_cmp(&key(b)));
        let mut rank = 1.0;
        for (i, &row) in present.iter().enumerate() {
            if i > 0 && key(row) != key(present[i - 1]) {
                rank = (i + 1) as f64;
            }
            let assigned = ((q + 1.0) - (((n + 1.0) - rank) / (n / q)).ceil()).floor();
            result[row] = assigned.max(1.0);
        }
    }

    let mut table = Table::new(rows);
    table.number("quantile", Role::Value, result);
    table.number("nquantiles", Role::Metadata, vec![q; rows]);
    let labels = vec![
        "lowest quantile represents highest values".to_owned(),
        "lowest quantile represents lowest values".to_owned(),
    ];
    table.text(
        "qinverted",
        Role::Metadata,
        labels,
        groups.codes().iter().map(|&g| Some(u32::from(!inverted[g as usize]))).collect(),
    );
    if too_few {
        table.warnings.push(
            "One or more groups had too few small areas with values to allow quantiles to be assigned".to_owned(),
        );
    }
    Ok(table)
}
