//! Reporting periods in NHS conventions: financial years (`2025/26`, April to March),
//! quarters of a financial year (`2025/26 Q3` is October to December 2025) and calendar
//! months (`2025-11`).

use std::cmp::Ordering;
use std::fmt;
use std::ops::RangeInclusive;
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

/// The calendar years a period may start in: four digits, and none before the NHS's own.
const YEARS: RangeInclusive<u16> = 1900..=9999;

/// English month names, each with its abbreviations, in the order of the months. A name is
/// read whole and regardless of case: `Nov`, `NOV`, `November`, `Sept`; never by its first
/// letters, so `Junk` is no month.
const MONTH_NAMES: [&[&str]; 12] = [
    &["jan", "january"],
    &["feb", "february"],
    &["mar", "march"],
    &["apr", "april"],
    &["may"],
    &["jun", "june"],
    &["jul", "july"],
    &["aug", "august"],
    &["sep", "sept", "september"],
    &["oct", "october"],
    &["nov", "november"],
    &["dec", "december"],
];

/// `text` as a number when it is exactly `count` ASCII digits (no sign, no space).
fn digits(text: &str, count: usize) -> Option<u16> {
    if text.len() == count && text.bytes().all(|b| b.is_ascii_digit()) { text.parse().ok() } else { None }
}

fn parse_year(text: &str) -> Option<u16> {
    digits(text, 4).filter(|year| YEARS.contains(year))
}

/// `2025/26`: the start year, when the second part is the year after it.
fn parse_financial_year(s: &str) -> Option<u16> {
    let (start, end) = s.split_once('/')?;
    let start = parse_year(start)?;
    ((start + 1) % 100 == digits(end, 2)?).then_some(start)
}

/// `Q3` or `q3`.
fn parse_quarter(s: &str) -> Option<u8> {
    let quarter = digits(s.strip_prefix(['Q', 'q'])?, 1)?;
    u8::try_from(quarter).ok().filter(|q| (1..=4).contains(q))
}

/// `2025-11`, or a month name and a year of four or two digits (`Nov 2025`, `November-25`).
fn parse_month(s: &str) -> Option<(u16, u8)> {
    if let Some((year, month)) = s.split_once('-')
        && let (Some(year), Some(month)) = (parse_year(year), digits(month, 2))
    {
        return u8::try_from(month).ok().filter(|m| (1..=12).contains(m)).map(|month| (year, month));
    }
    let (name, year) = s.split_once([' ', '-'])?;
    let month = MONTH_NAMES.iter().position(|names| names.iter().any(|n| n.eq_ignore_ascii_case(name)))?;
    let year = match year.len() {
        2 => 2000 + digits(year, 2)?,
        _ => parse_year(year)?,
    };
    Some((year, u8::try_from(month + 1).ok()?))
}

impl FromStr for Period {
    type Err = String;

    /// Reads exactly the forms of [`Period::schema_pattern`], with single spaces and no
    /// padding.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let parsed = match s.split_once(' ') {
            None => parse_financial_year(s)
                .map(|start_year| Period::FinancialYear { start_year })
                .or_else(|| parse_month(s).map(|(year, month)| Period::Month { year, month })),
            Some((a, b)) => {
                let quarter = parse_financial_year(a)
                    .zip(parse_quarter(b))
                    .or_else(|| parse_financial_year(b).zip(parse_quarter(a)));
                quarter
                    .map(|(start_year, quarter)| Period::Quarter { start_year, quarter })
                    .or_else(|| parse_month(s).map(|(year, month)| Period::Month { year, month }))
            }
        };
        parsed.ok_or_else(|| {
            format!("cannot read {s:?} as a period; expected e.g. \"2025/26\", \"2025/26 Q3\" or \"2025-11\"")
        })
    }
}

impl Period {
    /// The regular expression (ECMA 262, as JSON Schema uses) of the text [`Period`] reads,
    /// made from the same tables as the parser so that the two cannot disagree. Consecutive
    /// years of a financial year are spelled out, as a pattern cannot add one.
    pub fn schema_pattern() -> String {
        let century = "(?:19|[2-9][0-9])";
        let year_pairs: Vec<String> = (0..100).map(|y| format!("{y:02}/{:02}", (y + 1) % 100)).collect();
        let financial_year = format!("{century}(?:{})", year_pairs.join("|"));
        let quarter = "[Qq][1-4]";
        let year = format!("{century}[0-9]{{2}}");
        let any_case =
            |name: &str| -> String { name.chars().map(|c| format!("[{}{}]", c.to_ascii_uppercase(), c)).collect() };
        let names: Vec<String> = MONTH_NAMES.iter().flat_map(|names| names.iter().map(|n| any_case(n))).collect();
        format!(
            "^(?:{financial_year}|{financial_year} {quarter}|{quarter} {financial_year}|{year}-(?:0[1-9]|1[0-2])|\
             (?:{})[ -](?:{year}|[0-9]{{2}}))$",
            names.join("|")
        )
    }
}

crate::text_serde!(
    Period,
    "A financial year (2025/26), a quarter of one (2025/26 Q3) or a month (2025-11, Nov 2025, Nov-25)",
    Period::schema_pattern()
);
