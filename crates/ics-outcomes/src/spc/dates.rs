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
/// // A typo in a column of periods is named, not the periods around it.
/// let typo = ics_outcomes::spc::date_ordinals("quarter", &["2025/26 Q1", "2025/26 Q5"]).unwrap_err();
/// assert!(typo.to_string().contains("quarter[1]") && !typo.to_string().contains("quarter[0]"));
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
    // The first date says which kind the column holds; the rows that are not of it are named.
    let first = trimmed.first().copied().unwrap_or_default();
    let fits: Box<dyn Fn(&str) -> bool> = if first.parse::<f64>().is_ok() {
        Box::new(|d: &str| d.parse::<f64>().is_ok_and(f64::is_finite))
    } else if first.parse::<crate::Period>().is_ok() {
        Box::new(|d: &str| d.parse::<crate::Period>().is_ok())
    } else {
        Box::new(iso_date)
    };
    let mut checks = Checks::series("chart");
    for row in (0..dates.len()).filter(|&row| !fits(trimmed[row])).take(10) {
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

/// An ISO date, `YYYY-MM-DD` with a month of 1 to 12 and a day of 1 to 31: text whose
/// order is time's.
fn iso_date(text: &str) -> bool {
    let number = |s: &str, n: usize| {
        (s.len() == n && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse::<u32>().ok()).flatten()
    };
    match text.split('-').collect::<Vec<_>>()[..] {
        [y, m, d] => {
            number(y, 4).is_some()
                && number(m, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(d, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}
