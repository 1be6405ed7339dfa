//! Indicator statistics: a row whose count is small loses the count and what is computed
//! from it.
//!
//! A proportion `x / n` published with its denominator gives back `x`, and so do its
//! confidence limits (their width depends on `x`), so suppressing the count alone protects
//! nothing: the value and the limits go with it, and so do a funnel plot's significance band
//! and a per-row `method` (a rate's "Exact" says the count is below 10). Other columns (the
//! denominator, the population, the expected count of an ISR, constant metadata) do not
//! depend on the count and stay.
//!
//! Rounding the counts of a table that keeps its values is refused: `value × denominator`
//! gives the exact count back. Compute the statistics from rounded counts instead.
//!
//! These tables have one row per area or group and no published total, so there is
//! nothing to difference and no secondary suppression; a table of counts *with* totals is
//! [`super::protect_table`]'s job.

use super::{CellStatus, DisclosureRule, PublicStatus};
use crate::Error;
use crate::error::{DataKind, IssueKind, IssueLog};
use crate::stats::{ColumnData, Role, Table};

/// The name of the text column [`protect_statistics`] adds: each row's [`CellStatus`].
pub const DISCLOSURE_COLUMN: &str = "disclosure";

/// Protects a statistics table whose count (the numerator: events, deaths, observed) is the
/// numeric column `count`.
///
/// In each row whose count is small under `rule`, the count and every value and limit
/// column ([`Role::Value`], [`Role::Lower`], [`Role::Upper`], numbers or text such as a
/// significance band) and a per-row `method` become missing; with
/// [`DisclosureRule::round_to`], published counts are rounded, and a table with value or
/// limit columns is refused (value × denominator would give the count back). A [`DISCLOSURE_COLUMN`] gives each
/// row's [`PublicStatus`](super::PublicStatus). Nothing else changes.
///
/// A missing count is left missing and its row published as it is; a negative or infinite
/// count is an [`Error::Data`] naming the row; a `count` column that does not exist or is
/// not numeric is an [`Error::Argument`].
///
/// ```
/// use ics_outcomes::disclosure::{protect_statistics, DisclosureRule};
/// use ics_outcomes::stats::{proportion, Confidence, Field, Groups, ProportionOptions};
/// let (groups, _) = Groups::from_keys(&["A", "B"]);
/// let options = ProportionOptions { confidence: Confidence::standard(&[0.95])?, multiplier: 100.0 };
/// let table = proportion(Field::new("x", &[3.0, 40.0]), Field::new("n", &[50.0, 90.0]), Some(&groups), &options)?;
/// let safe = protect_statistics(&table, "numerator", &DisclosureRule::default())?;
/// assert!(safe.numbers("value").unwrap()[0].is_nan() && safe.numbers("lowercl").unwrap()[0].is_nan());
/// assert_eq!(safe.numbers("denominator").unwrap()[0], 50.0);
/// assert_eq!(safe.text_at("disclosure", 0), Some("suppressed"));
/// assert_eq!(safe.text_at("disclosure", 1), Some("published"));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn protect_statistics(table: &Table, count: &str, rule: &DisclosureRule) -> Result<Table, Error> {
    rule.check()?;
    let counts = match table.column(count).map(|c| &c.data) {
        Some(ColumnData::Number(values)) => values,
        Some(ColumnData::Text { .. } | ColumnData::Repeated(_)) => {
            return Err(Error::argument("count", count, "the count column must be numeric"));
        }
        None => {
            return Err(Error::argument(
                "count",
                count,
                format!("no such column; the table has {}", table.names().join(", ")),
            ));
        }
    };
    let derived = |column: &crate::stats::Column| {
        column.name != count
            && (matches!(column.role, Role::Value | Role::Lower | Role::Upper) || column.name == METHOD_COLUMN)
    };
    let names: Vec<&str> = table.columns.iter().filter(|c| derived(c)).map(|c| c.name.as_str()).collect();
    check_rounding(rule, &names)?;
    let (published, status) = protect_rows(counts, count, rule)?;
    let mut out = table.clone();
    for column in &mut out.columns {
        let hide = derived(column);
        if hide {
            column.data.expand(out.rows);
        }
        match &mut column.data {
            ColumnData::Number(values) if column.name == count => values.clone_from(&published),
            ColumnData::Number(values) if hide => {
                for (value, s) in values.iter_mut().zip(&status) {
                    if s.is_suppressed() {
                        *value = f64::NAN;
                    }
                }
            }
            ColumnData::Text { codes, .. } if hide => {
                for (code, s) in codes.iter_mut().zip(&status) {
                    if s.is_suppressed() {
                        *code = None;
                    }
                }
            }
            _ => {}
        }
    }
    out.columns.retain(|c| c.name != DISCLOSURE_COLUMN);
    let labels = PublicStatus::ALL;
    let codes = status
        .iter()
        .map(|s| labels.iter().position(|l| *l == s.public(rule)).and_then(|p| u32::try_from(p).ok()))
        .collect();
    out.columns.push(crate::stats::Column {
        name: DISCLOSURE_COLUMN.to_owned(),
        role: Role::Metadata,
        data: ColumnData::Text { labels: labels.iter().map(|l| l.as_str().to_owned()).collect(), codes },
    });
    Ok(out)
}

/// Each row's published count (`NaN` when suppressed or missing) and status: the row-wise
/// rule shared by statistics tables, explanations and the bindings. `name` names the count
/// in errors.
pub fn protect_rows(counts: &[f64], name: &str, rule: &DisclosureRule) -> Result<(Vec<f64>, Vec<CellStatus>), Error> {
    rule.check()?;
    let mut log = IssueLog::default();
    for (row, &count) in counts.iter().enumerate() {
        if count.is_infinite() {
            log.push(format!("row {row}.{name}"), count.to_string(), IssueKind::NotFinite);
        } else if count < 0.0 {
            log.push(
                format!("row {row}.{name}"),
                count.to_string(),
                IssueKind::Invalid { reason: "a count must not be negative".into() },
            );
        }
    }
    log.into_data(DataKind::Counts, "<counts>")?;
    Ok(counts
        .iter()
        .map(|&count| {
            if rule.is_small_f64(count) {
                (f64::NAN, CellStatus::PrimarySuppressed)
            } else {
                let rounded = rule.round_f64(count);
                // Missing counts stay missing (NaN != NaN, so compare the bits' meaning).
                let same = rounded == count || count.is_nan();
                (rounded, if same { CellStatus::Published } else { CellStatus::Rounded })
            }
        })
        .unzip())
}

/// Refuses rounding the counts of a table that keeps columns computed from them (`derived`,
/// named in the error): the value times the denominator gives the exact count back.
pub fn check_rounding(rule: &DisclosureRule, derived: &[&str]) -> Result<(), Error> {
    match rule.round_to {
        Some(base) if base > 1 && !derived.is_empty() => Err(Error::argument(
            "round_to",
            base,
            format!(
                "rounding the counts of a table that keeps {} would not hide them: the value times the \
                 denominator gives the exact count back; compute the statistics from rounded counts instead",
                derived.join(", ")
            ),
        )),
        _ => Ok(()),
    }
}

/// The per-row method column of the package's statistics; a rate's "Exact" depends on the count.
const METHOD_COLUMN: &str = "method";

/// Which of `names` are computed from the count in the package's statistics: the value, the
/// limits (`value`, `lowercl`, `uppercl`, `lower95_0cl` ... `upper99_8cl`), a funnel plot's
/// `significance` and the `method`. For frames, which carry no [`Role`].
pub fn derived_columns<'a>(names: &[&'a str]) -> Vec<&'a str> {
    let limit = |name: &str| {
        ["lower", "upper"].iter().any(|side| {
            name.strip_prefix(side).and_then(|rest| rest.strip_suffix("cl")).is_some_and(|level| {
                level.is_empty() || (level.contains('_') && level.chars().all(|c| c.is_ascii_digit() || c == '_'))
            })
        })
    };
    names
        .iter()
        .copied()
        .filter(|name| ["value", "significance", METHOD_COLUMN].contains(name) || limit(name))
        .collect()
}
