//! Dates as text, as files give them, turned into sortable ordinals for the charts.

use crate::Error;
use crate::stats::Checks;

/// Each date's rank among the distinct dates (0 for the earliest): numbers in numeric order,
/// NHS periods (`2025/26`, `2025/26 Q1`, `2025-04`, `Apr 2025`) in time order, or ISO dates
/// (`2024-04-01`) in time order. Other text would sort as text, not time, and is refused.
///
/// ```
/// let ranks = ics_outcomes::spc::date_ordinals("month", &["May 2024", "Apr 2024", "May 2024"])?;
/// assert_eq!(ranks, [1, 0, 1]);
/// let days = ics_outcomes::spc::date_ordinals("day", &["2024-04-02", "2024-04-01"])?;
/// assert_eq!(days, [1, 0]);
/// assert!(ics_outcomes::spc::date_ordinals("month", &["spring"]).is_err());
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
///
/// # Errors
/// [`Error::Data`] naming each date that is none of these (at most ten are listed).
pub fn date_ordinals(name: &str, dates: &[&str]) -> Result<Vec<i64>, Error> {
    let trimmed: Vec<&str> = dates.iter().map(|d| d.trim()).collect();
    if let Some(numbers) =
        trimmed.iter().map(|d| d.parse::<f64>().ok().filter(|x| x.is_finite())).collect::<Option<Vec<_>>>()
    {
        return Ok(ranks(&numbers, |a, b| a.total_cmp(b)));
    }
    if let Ok(periods) = trimmed.iter().map(|d| d.parse::<crate::Period>()).collect::<Result<Vec<_>, _>>() {
        return Ok(ranks(&periods, Ord::cmp));
    }
    let mut checks = Checks::series("chart");
    for row in (0..dates.len()).filter(|&row| !iso_date(trimmed[row])).take(10) {
        checks.field(
            &format!("{name}[{row}]"),
            dates[row],
            "dates must all be numbers, all NHS periods (2025/26 Q1, 2025-04, Apr 2025) or all ISO dates (2024-04-01)",
        );
    }
    checks.finish()?;
    Ok(ranks(&trimmed, Ord::cmp))
}

/// Each value's dense rank under `order`.
fn ranks<T>(values: &[T], order: impl Fn(&T, &T) -> std::cmp::Ordering) -> Vec<i64> {
    let mut sorted: Vec<usize> = (0..values.len()).collect();
    sorted.sort_by(|&a, &b| order(&values[a], &values[b]));
    let mut ranks = vec![0i64; values.len()];
    let mut rank = 0;
    for (k, &row) in sorted.iter().enumerate() {
        if k > 0 && order(&values[sorted[k - 1]], &values[row]).is_ne() {
            rank += 1;
        }
        ranks[row] = rank;
    }
    ranks
}

/// An ISO date, `YYYY-MM-DD`: text whose order is time's.
fn iso_date(text: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    matches!(text.split('-').collect::<Vec<_>>()[..], [y, m, d] if digits(y, 4) && digits(m, 2) && digits(d, 2))
}
