//! The prevention shift: each ICS's share of NHS spending on prevention, its change from a
//! baseline year, and whether it is on course for the Hewitt Review's +1 percentage point
//! over five years.
//!
//! Budget lines are money in `Decimal` pounds with a category; which categories count as
//! prevention is a setting ([`PreventionDefinition`]), because the government response asked
//! for a definition rather than giving one. Sums are exact. The share is
//! `prevention / total × 100`, kept exact and published rounded to
//! [`PreventionOptions::decimals`] under the stated [`Rounding`]; changes and the trajectory
//! test use the published shares, so a reader can check every verdict from the figures shown.
//!
//! ```
//! use ics_outcomes::prevention::{BudgetLine, PreventionOptions, TrajectoryStatus, prevention_shares};
//! let line = |year: &str, category: &str, pounds: &str| BudgetLine {
//!     area: "QOP".into(),
//!     year: year.parse().unwrap(),
//!     category: category.into(),
//!     amount: pounds.parse().unwrap(),
//! };
//! let lines = [
//!     line("2025/26", "prevention", "40000000"), line("2025/26", "acute", "960000000"),
//!     line("2026/27", "prevention", "52000000"), line("2026/27", "acute", "948000000"),
//! ];
//! let options = PreventionOptions { baseline: "2025/26".parse()?, ..PreventionOptions::default() };
//! let shares = prevention_shares(&lines, &options)?;
//! assert_eq!(shares[1].published_share.map(|s| s.to_string()), Some("5.20".into()));
//! assert_eq!(shares[1].change_pp.map(|c| c.to_string()), Some("1.20".into()));
//! assert_eq!(shares[1].status, TrajectoryStatus::OnTrack); // needs +0.20 pp after one year
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::error::{DataKind, IssueKind, IssueLog};
use crate::input_limits;
use crate::{Error, Period, Rounding};

/// One budget line: money an ICS spends in a financial year on one category.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetLine {
    /// The ICS (ONS or ODS code, as the caller uses them).
    pub area: String,
    /// The financial year (`2025/26`).
    pub year: Period,
    /// The spending category, e.g. `prevention`, `acute`, `mental_health`.
    pub category: String,
    /// Pounds sterling, exact; never negative.
    pub amount: Decimal,
}

impl BudgetLine {
    /// Budget lines from `(area, year, category, amount)` text, as a frame or file gives
    /// them: the year and amount read by the library's grammars. Every unreadable field is an
    /// [`Error::Data`] naming `lines[i].field`, all reported at once.
    pub fn from_text(rows: &[(String, String, String, String)]) -> Result<Vec<BudgetLine>, Error> {
        let mut log = IssueLog::default();
        let mut lines = Vec::with_capacity(rows.len());
        for (i, (area, year, category, amount)) in rows.iter().enumerate() {
            let year = year.parse::<Period>().map_err(|reason| (format!("lines[{i}].year"), year, reason));
            let amount =
                crate::number::parse_decimal(amount).map_err(|reason| (format!("lines[{i}].amount"), amount, reason));
            match (year, amount) {
                (Ok(year), Ok(amount)) => {
                    lines.push(BudgetLine { area: area.clone(), year, category: category.clone(), amount });
                }
                (year, amount) => {
                    for (path, text, reason) in [year.err(), amount.err()].into_iter().flatten() {
                        log.push(path, text.as_str(), IssueKind::Invalid { reason });
                    }
                }
            }
        }
        log.into_data(DataKind::BudgetLines, "<budgets>")?;
        Ok(lines)
    }
}

/// Which categories count as prevention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreventionDefinition {
    /// Category names that count; every other category counts towards the total only.
    pub categories: BTreeSet<String>,
}

impl Default for PreventionDefinition {
    /// `prevention`, `public_health`, `screening` and `immunisation`: a starting point to
    /// replace with a system's own definition.
    fn default() -> Self {
        let categories = ["prevention", "public_health", "screening", "immunisation"];
        PreventionDefinition { categories: categories.iter().map(|c| (*c).to_owned()).collect() }
    }
}

/// How progress towards the target is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrajectoryBasis {
    /// Against the baseline: after `k` years the share must have risen by `target × k / horizon`.
    #[default]
    Cumulative,
    /// Year on year: each year the share must rise by `target / horizon` on the year before.
    PerYear,
}

impl TrajectoryBasis {
    /// Every basis, in the order declared.
    pub const ALL: &'static [TrajectoryBasis] = &[TrajectoryBasis::Cumulative, TrajectoryBasis::PerYear];
}

/// The settings of [`prevention_shares`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreventionOptions {
    /// Which categories count as prevention.
    pub definition: PreventionDefinition,
    /// The baseline financial year the change is measured from.
    pub baseline: Period,
    /// The rise to reach, in percentage points (Hewitt: 1).
    pub target_pp: Decimal,
    /// Over how many years (Hewitt: 5).
    pub horizon_years: u16,
    /// Cumulative from the baseline, or year on year.
    pub basis: TrajectoryBasis,
    /// Decimal places the share (a percentage) is published to.
    pub decimals: u32,
    /// How the share is rounded to those places.
    pub rounding: Rounding,
}

impl Default for PreventionOptions {
    fn default() -> Self {
        PreventionOptions {
            definition: PreventionDefinition::default(),
            baseline: Period::FinancialYear { start_year: 2025 },
            target_pp: Decimal::ONE,
            horizon_years: 5,
            basis: TrajectoryBasis::Cumulative,
            decimals: 2,
            rounding: Rounding::HalfAwayFromZero,
        }
    }
}

/// Where a system stands against the trajectory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TrajectoryStatus {
    /// The baseline year itself: nothing to judge yet.
    Baseline,
    /// The change meets the required rise.
    OnTrack,
    /// The change falls short of it.
    OffTrack,
    /// No baseline (or, year on year, no previous year) to compare with, or no spending.
    NotAssessed,
    /// A year before the baseline.
    BeforeBaseline,
}

impl TrajectoryStatus {
    /// The status as shown in tables, e.g. `on track`.
    pub fn label(self) -> &'static str {
        match self {
            TrajectoryStatus::Baseline => "baseline",
            TrajectoryStatus::OnTrack => "on track",
            TrajectoryStatus::OffTrack => "off track",
            TrajectoryStatus::NotAssessed => "not assessed",
            TrajectoryStatus::BeforeBaseline => "before baseline",
        }
    }
}

/// One system's prevention share in one year, with everything that produced it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct PreventionShare {
    /// The ICS.
    pub area: String,
    /// The financial year.
    pub year: Period,
    /// Spending in prevention categories, exact.
    pub prevention: Decimal,
    /// All spending, exact.
    pub total: Decimal,
    /// `prevention / total × 100` to 28 significant digits; `None` when nothing was spent.
    pub share: Option<Decimal>,
    /// The share rounded to the stated places: the figure compared and shown.
    pub published_share: Option<Decimal>,
    /// Published share minus the baseline year's published share, in percentage points.
    pub change_pp: Option<Decimal>,
    /// The change needed by this year (cumulative) or on the previous year (per year).
    pub required_pp: Option<Decimal>,
    /// On track, off track, or why it is not judged.
    pub status: TrajectoryStatus,
}

/// Each area's share in its latest year, in the order given: what a summary shows.
pub fn latest_shares(shares: &[PreventionShare]) -> Vec<PreventionShare> {
    latest_rows(shares.iter().map(|s| (s.area.as_str(), s.year))).into_iter().map(|i| shares[i].clone()).collect()
}

/// The positions of the rows holding each area's latest year, in order: the rule of
/// [`latest_shares`] for shares held elsewhere (a frame of `area` and `year`).
pub fn latest_rows<'a>(rows: impl Iterator<Item = (&'a str, Period)> + Clone) -> Vec<usize> {
    let mut latest: BTreeMap<&str, Period> = BTreeMap::new();
    for (area, year) in rows.clone() {
        let best = latest.entry(area).or_insert(year);
        *best = (*best).max(year);
    }
    rows.enumerate().filter(|(_, (area, year))| latest.get(area) == Some(year)).map(|(i, _)| i).collect()
}

/// Prevention shares as rows, sorted as given ([`crate::table::TableKind::Prevention`]).
pub fn shares_table(shares: &[PreventionShare]) -> crate::table::Table {
    crate::table::TableBuilder::new(crate::table::TableKind::Prevention, shares.len())
        .text("code", shares.iter().map(|s| Some(s.area.as_str())))
        .text("year", shares.iter().map(|s| Some(s.year.to_string())))
        .decimal("prevention", shares.iter().map(|s| Some(s.prevention)))
        .decimal("total", shares.iter().map(|s| Some(s.total)))
        .decimal("share", shares.iter().map(|s| s.share))
        .decimal("published_share", shares.iter().map(|s| s.published_share))
        .decimal("change_pp", shares.iter().map(|s| s.change_pp))
        .decimal("required_pp", shares.iter().map(|s| s.required_pp))
        .text("status", shares.iter().map(|s| Some(s.status.label())))
        .finish()
}

/// The most decimal places a share is published to: the places a `Decimal` holds.
pub const MAX_DECIMALS: u32 = 28;

/// Prevention shares per system and year, sorted by system then year.
///
/// # Errors
/// [`Error::Data`] for a negative amount, a period that is not a financial year, a duplicate
/// (area, year, category) line or an empty area or category; [`Error::Argument`] for a
/// baseline that is not a financial year, a horizon of zero years or more than
/// [`MAX_DECIMALS`] decimal places.
pub fn prevention_shares(lines: &[BudgetLine], options: &PreventionOptions) -> Result<Vec<PreventionShare>, Error> {
    let Period::FinancialYear { start_year: baseline } = options.baseline else {
        return Err(Error::argument("baseline", options.baseline, "the baseline is a financial year, e.g. 2025/26"));
    };
    if options.horizon_years == 0 {
        return Err(Error::argument("horizon_years", 0, "the horizon is at least one year"));
    }
    if options.decimals > MAX_DECIMALS {
        return Err(Error::argument(
            "decimals",
            options.decimals,
            format!("shares are published to at most {MAX_DECIMALS} decimal places"),
        ));
    }
    let mut log = IssueLog::default();
    let mut seen: BTreeMap<(&str, u16, &str), usize> = BTreeMap::new();
    // (area, year) -> (prevention, total)
    let mut sums: BTreeMap<(&str, u16), (Decimal, Decimal)> = BTreeMap::new();
    for (i, line) in lines.iter().enumerate() {
        let path = |field: &str| format!("lines[{i}].{field}");
        let Period::FinancialYear { start_year } = line.year else {
            log.push(
                path("year"),
                line.year.to_string(),
                IssueKind::Invalid { reason: "budgets are per financial year, e.g. 2025/26".into() },
            );
            continue;
        };
        // A refused amount is left out of the sums, which it could overflow; the error stands.
        let mut amount = line.amount;
        if let Some(issue) = input_limits::magnitude_issue(amount) {
            log.push(path("amount"), amount.to_string(), issue);
            amount = Decimal::ZERO;
        }
        if line.amount.is_sign_negative() && !line.amount.is_zero() {
            log.push(
                path("amount"),
                line.amount.to_string(),
                IssueKind::Invalid { reason: "a budget is never negative".into() },
            );
        }
        for (field, text) in [("area", &line.area), ("category", &line.category)] {
            if text.trim().is_empty() {
                log.push(path(field), text.as_str(), IssueKind::Missing);
            }
        }
        if let Some(first) = seen.insert((&line.area, start_year, &line.category), i) {
            log.push(
                path("category"),
                line.category.as_str(),
                IssueKind::Duplicate { first: format!("lines[{first}]") },
            );
        }
        let entry = sums.entry((&line.area, start_year)).or_insert((Decimal::ZERO, Decimal::ZERO));
        if options.definition.categories.contains(&line.category) {
            entry.0 += amount;
        }
        entry.1 += amount;
    }
    log.into_data(DataKind::BudgetLines, "<budget lines>")?;

    let hundred = Decimal::ONE_HUNDRED;
    let published = |prevention: Decimal, total: Decimal| -> Option<(Decimal, Decimal)> {
        let share = prevention.checked_mul(hundred)?.checked_div(total)?;
        Some((share, options.rounding.apply(share, options.decimals)))
    };
    let by_year: BTreeMap<(&str, u16), Option<(Decimal, Decimal)>> =
        sums.iter().map(|(&key, &(p, t))| (key, if t.is_zero() { None } else { published(p, t) })).collect();
    let step = options.target_pp / Decimal::from(options.horizon_years);
    Ok(sums
        .iter()
        .map(|(&(area, year), &(prevention, total))| {
            let shares = by_year.get(&(area, year)).copied().flatten();
            let published_share = shares.map(|s| s.1);
            let baseline_share = by_year.get(&(area, baseline)).copied().flatten().map(|s| s.1);
            let change_pp = published_share.zip(baseline_share).map(|(now, then)| now - then);
            let (required_pp, status) = if year < baseline {
                (None, TrajectoryStatus::BeforeBaseline)
            } else if year == baseline {
                (
                    None,
                    if published_share.is_some() { TrajectoryStatus::Baseline } else { TrajectoryStatus::NotAssessed },
                )
            } else {
                let (change, required) = match options.basis {
                    TrajectoryBasis::Cumulative => (change_pp, step * Decimal::from(year - baseline)),
                    TrajectoryBasis::PerYear => {
                        let previous = by_year.get(&(area, year - 1)).copied().flatten().map(|s| s.1);
                        (published_share.zip(previous).map(|(now, then)| now - then), step)
                    }
                };
                let status = match change {
                    Some(change) if change >= required => TrajectoryStatus::OnTrack,
                    Some(_) => TrajectoryStatus::OffTrack,
                    None => TrajectoryStatus::NotAssessed,
                };
                (Some(required), status)
            };
            PreventionShare {
                area: area.to_owned(),
                year: Period::FinancialYear { start_year: year },
                prevention,
                total,
                share: shares.map(|s| s.0),
                published_share,
                change_pp,
                required_pp,
                status,
            }
        })
        .collect())
}
