//! The integrated performance report an ICB's board reads each month, and its summary
//! table of icons as data.
//!
//! - [`icon_summary`] reads every target of every ICS of a scorecard the Making Data Count
//!   way: value, requirement and trajectory point, variation and assurance icons (assurance
//!   against the requirement, and for a trajectory against its goal), the rule flagging the
//!   last point and every flagged point, the process limits, trial limits, the latest values
//!   and notes on the data. [`spc_summary`] reads any long frame of series the same way,
//!   with assurance against a plan that changes period by period.
//! - [`area_report`] writes one ICS's report as a self-contained HTML page (no script, no
//!   fetched font or image: a Content Security Policy forbids them, so it works offline and
//!   from an email attachment, and it prints to A4): headline, icon matrix, the summary, an
//!   SVG chart per target with its text alternative, the explanation adding up to the
//!   score, oversight segment and maturity level when given, and notes on the data. Its
//!   tables go into a workbook with `workbook` (the default feature `xlsx`).
//!
//! Everything is drawn from the scorecard alone, which keeps each target's charted series;
//! a report under disclosure control is drawn from the scorecard [`protect`] returns.
//!
//! ```
//! use ics_outcomes::{defaults, report, score, ScoreOptions};
//! let card = score(&defaults::national_framework(), &defaults::local_frameworks(),
//!     &defaults::observations(), &defaults::geography(), &ScoreOptions::default())?;
//! let summary = report::icon_summary(&card);
//! let targets: usize = card.areas.iter().map(|a| a.contributions.len()).sum();
//! assert_eq!(summary.rows(), targets);
//! let page = report::area_report(&card, "QOP", &report::ReportContext::default())?;
//! assert!(page.html.contains("<svg") && !page.html.contains("https://") && !page.html.contains("<script"));
//! assert_eq!(page.html.matches(r#"class="target-chart""#).count(), card.area("QOP")?.contributions.len());
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

mod chart;
mod html;
pub mod style;
mod summary;
#[cfg(feature = "xlsx")]
mod workbook;

pub use chart::{alternative, target_chart};
pub use html::escape;
pub use summary::{
    RECENT, SeriesLabels, TargetReading, area_readings, icon_summary, readings, spc_summary, summary_table,
};
#[cfg(feature = "xlsx")]
pub use workbook::workbook;

use crate::composite::{RankUncertainty, RankUncertaintyOptions, rank_uncertainty};
use crate::disclosure::{DisclosureRule, protect_explanation};
use crate::maturity::MaturityReport;
use crate::oversight::IcsOversight;
use crate::table::Table;
use crate::{Error, Scorecard};

/// What a report shows beside the scorecard, each part optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportContext<'a> {
    /// The scorecard of the period before, for the change in score and rank; under
    /// disclosure control, [`protect`]ed with the same rule, so that a change never gives a
    /// withheld score back.
    pub previous: Option<&'a Scorecard>,
    /// Rank intervals of the scorecard, for the rank's uncertainty.
    pub ranks: Option<&'a RankUncertainty>,
    /// Every ICS's oversight assessment, for its segment and drivers.
    pub oversight: Option<&'a [IcsOversight]>,
    /// A maturity round, for the level and the weakest dimension.
    pub maturity: Option<&'a MaturityReport>,
    /// The disclosure rule the scorecard was [`protect`]ed under, which the report states.
    pub disclosure: Option<DisclosureRule>,
}

/// One ICS's report: the page and its tables.
#[derive(Debug, Clone, PartialEq)]
pub struct AreaReport {
    /// The ICS's primary (ONS) code.
    pub code: String,
    /// Its ODS code.
    pub ods: Option<String>,
    /// The page, a complete HTML document.
    pub html: String,
    /// The tables the page shows, each with its sheet name: `summary` and `explanation`,
    /// then `oversight` when an assessment was given (not under disclosure control, whose
    /// rule the oversight metric values do not follow).
    pub tables: Vec<(&'static str, Table)>,
}

impl AreaReport {
    /// The file name a folder of reports gives it: `QOP.html`, by its ODS code where it has
    /// one.
    pub fn file_name(&self) -> String {
        format!("{}.html", self.ods.as_deref().unwrap_or(&self.code))
    }
}

/// The report of the ICS `code` (ONS or ODS) of `card`.
///
/// # Errors
/// [`Error::NotFound`] when the scorecard has no such ICS.
pub fn area_report(card: &Scorecard, code: &str, context: &ReportContext<'_>) -> Result<AreaReport, Error> {
    let area = card.area(code)?;
    let readings = area_readings(card, area);
    let summary = summary_table(card.period, &readings);
    let html = html::page(card, area, &readings, &summary, context);
    let mut tables = vec![("summary", summary), ("explanation", area.table())];
    let oversight = context.oversight.filter(|_| context.disclosure.is_none());
    if let Some(found) = oversight.and_then(|o| o.iter().find(|o| o.code == area.code)) {
        tables.push(("oversight", found.metrics_table()));
    }
    Ok(AreaReport { code: area.code.clone(), ods: area.alt_code.clone(), html, tables })
}

/// What a front end asks a report to show beside its scorecard.
#[derive(Debug, Clone, Default)]
pub struct ReportRequest<'a> {
    /// The scorecard of the period before, for the change in score and rank.
    pub previous: Option<&'a Scorecard>,
    /// Every ICS's oversight assessment.
    pub oversight: Option<&'a [IcsOversight]>,
    /// A maturity round.
    pub maturity: Option<&'a MaturityReport>,
    /// Disclosure control of everything shown.
    pub rule: Option<DisclosureRule>,
    /// Replications of the rank's uncertainty interval; 0 for none.
    pub replications: usize,
}

/// The report of the ICS `code` of `card` as `request` asks: the rank's uncertainty over
/// its replications and, under a disclosure rule, the scorecard and the period before both
/// [`protect`]ed (a change from an unprotected period before would give a withheld score
/// back).
///
/// # Errors
/// As [`area_report`], [`protect`] and [`rank_uncertainty`].
pub fn requested_report(card: &Scorecard, code: &str, request: &ReportRequest<'_>) -> Result<AreaReport, Error> {
    let options = RankUncertaintyOptions { replications: request.replications, ..RankUncertaintyOptions::default() };
    let ranks = (request.replications > 0).then(|| rank_uncertainty(card, &options)).transpose()?;
    let protected = request.rule.as_ref().map(|rule| protect(card, rule)).transpose()?;
    let protected_previous =
        request.previous.zip(request.rule.as_ref()).map(|(p, rule)| protect(p, rule)).transpose()?;
    let context = ReportContext {
        previous: protected_previous.as_ref().or(request.previous),
        ranks: ranks.as_ref(),
        oversight: request.oversight,
        maturity: request.maturity,
        disclosure: request.rule,
    };
    area_report(protected.as_ref().unwrap_or(card), code, &context)
}

/// The report of every ICS of `card`, in league-table order, and an index page linking
/// them by [`AreaReport::file_name`].
pub fn all_reports(card: &Scorecard, context: &ReportContext<'_>) -> Result<(Vec<AreaReport>, String), Error> {
    let reports: Vec<AreaReport> =
        card.areas.iter().map(|a| area_report(card, &a.code, context)).collect::<Result<_, _>>()?;
    let index = html::index(&reports, card);
    Ok((reports, index))
}

/// `card` with disclosure control applied to every ICS's explanation
/// ([`protect_explanation`]): values resting on small counts, and what would give them
/// back, withheld, in the current period and in each charted history.
///
/// # Errors
/// [`Error::Argument`] for a rule that cannot be applied.
pub fn protect(card: &Scorecard, rule: &DisclosureRule) -> Result<Scorecard, Error> {
    let mut out = card.clone();
    for area in &mut out.areas {
        *area = protect_explanation(area, rule)?.area;
    }
    Ok(out)
}
