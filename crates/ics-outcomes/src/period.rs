//! Reporting periods in NHS conventions: financial years (`2025/26`, April to March),
//! quarters of a financial year (`2025/26 Q3` is October to December 2025) and calendar
//! months (`2025-11`).

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A reporting period.
///
/// Periods are ordered by their first month, then by their last, so a quarter sorts
/// before the financial year that starts with it and a month before its quarter.
///
/// ```
/// use ics_outcomes::Period;
/// let q3: Period = "2025/26 Q3".parse()?;
/// assert_eq!(q3.to_string(), "2025/26 Q3");
/// assert_eq!("Q3 2025/26".parse::<Period>()?, q3);
/// assert!(q3 < "2025/26 Q4".parse()?);
/// assert!(q3.contains("2025-11".parse()?));
/// # Ok::<(), String>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Period {
    /// The financial year starting in April of `start_year`.
    FinancialYear {
        /// Calendar year in which the financial year starts.
        start_year: u16,
    },
    /// A quarter (1 = April to June) of the financial year starting in `start_year`.
    Quarter {
        /// Calendar year in which the financial year starts.
        start_year: u16,
        /// 1 to 4.
        quarter: u8,
    },
    /// A calendar month.
    Month {
        /// Calendar year.
        year: u16,
        /// 1 to 12.
        month: u8,
    },
}

const MONTHS: [&str; 12] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

impl Period {
    /// The first month, counted as `year * 12 + month - 1`.
    pub fn start_month(self) -> i32 {
        match self {
            Period::FinancialYear { start_year } => i32::from(start_year) * 12 + 3,
            Period::Quarter { start_year, quarter } => i32::from(start_year) * 12 + 3 * i32::from(quarter),
            Period::Month { year, month } => i32::from(year) * 12 + i32::from(month) - 1,
        }
    }

    /// The last month, counted as [`Period::start_month`] is.
    pub fn end_month(self) -> i32 {
        match self {
            Period::FinancialYear { .. } => self.start_month() + 11,
            Period::Quarter { .. } => self.start_month() + 2,
            Period::Month { .. } => self.start_month(),
        }
    }

    /// Whether `other` lies wholly within this period.
    pub fn contains(self, other: Period) -> bool {
        self.start_month() <= other.start_month() && other.end_month() <= self.end_month()
    }

    /// The period of the same kind that follows this one.
    pub fn next(self) -> Period {
        match self {
            Period::FinancialYear { start_year } => Period::FinancialYear { start_year: start_year + 1 },
            Period::Quarter { start_year, quarter: 4 } => Period::Quarter { start_year: start_year + 1, quarter: 1 },
            Period::Quarter { start_year, quarter } => Period::Quarter { start_year, quarter: quarter + 1 },
            Period::Month { year, month: 12 } => Period::Month { year: year + 1, month: 1 },
            Period::Month { year, month } => Period::Month { year, month: month + 1 },
        }
    }
}

impl Ord for Period {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.start_month(), self.end_month()).cmp(&(other.start_month(), other.end_month()))
    }
}

impl PartialOrd for Period {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Period::FinancialYear { start_year } => {
                write!(f, "{start_year}/{:02}", (start_year + 1) % 100)
            }
            Period::Quarter { start_year, quarter } => {
                write!(f, "{start_year}/{:02} Q{quarter}", (start_year + 1) % 100)
            }
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
        }
    }
}

fn parse_financial_year(s: &str) -> Option<u16> {
    let (start, end) = s.split_once('/')?;
    if start.len() != 4 || end.len() != 2 {
        return None;
    }
    let start: u16 = start.parse().ok()?;
    let end: u16 = end.parse().ok()?;
    ((1900..=9998).contains(&start) && (start + 1) % 100 == end).then_some(start)
}

fn parse_quarter(s: &str) -> Option<u8> {
    let q: u8 = s.strip_prefix('Q').or_else(|| s.strip_prefix('q'))?.parse().ok()?;
    (1..=4).contains(&q).then_some(q)
}

fn parse_month(s: &str) -> Option<(u16, u8)> {
    if let Some((y, m)) = s.split_once('-')
        && y.len() == 4
        && let (Ok(year), Ok(month)) = (y.parse::<u16>(), m.parse::<u8>())
    {
        return (1..=12).contains(&month).then_some((year, month));
    }
    // "Nov 2025", "November 2025", "Nov-25"
    let (name, year) = s.split_once([' ', '-'])?;
    let lower = name.to_ascii_lowercase();
    let month = MONTHS.iter().position(|m| lower.len() >= 3 && m.starts_with(&lower[..3]))?;
    let year: u16 = match year.len() {
        4 => year.parse().ok()?,
        2 => 2000 + year.parse::<u16>().ok()?,
        _ => return None,
    };
    Some((year, u8::try_from(month + 1).ok()?))
}

impl FromStr for Period {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let mut words = t.split_whitespace();
        let parsed = match (words.next(), words.next(), words.next()) {
            (Some(fy), None, None) => parse_financial_year(fy)
                .map(|start_year| Period::FinancialYear { start_year })
                .or_else(|| parse_month(fy).map(|(year, month)| Period::Month { year, month })),
            (Some(a), Some(b), None) => {
                let quarter = parse_financial_year(a)
                    .zip(parse_quarter(b))
                    .or_else(|| parse_financial_year(b).zip(parse_quarter(a)));
                quarter
                    .map(|(start_year, quarter)| Period::Quarter { start_year, quarter })
                    .or_else(|| parse_month(t).map(|(year, month)| Period::Month { year, month }))
            }
            _ => None,
        };
        parsed.ok_or_else(|| {
            format!("cannot read {s:?} as a period; expected e.g. \"2025/26\", \"2025/26 Q3\" or \"2025-11\"")
        })
    }
}

crate::text_serde!(
    Period,
    "A financial year (2025/26), a quarter of one (2025/26 Q3) or a month (2025-11)",
    r"^(\d{4}/\d{2}( Q[1-4])?|Q[1-4] \d{4}/\d{2}|\d{4}-\d{2}|[A-Za-z]{3,9}[ -]\d{2,4})$"
);
