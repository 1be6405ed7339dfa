//! The integrated performance report and its icons as data, and disclosure control of an
//! explanation, from a scorecard's handle.

use std::result::Result;

use extendr_api::prelude::*;
use ics_outcomes::Error;
use ics_outcomes::disclosure::{DisclosureRule, protect_explanation};
use ics_outcomes::report;

use crate::condition::guard;
use crate::frame::{bad, flag, list, opt_float, opt_text, table};
use crate::scoring::scored;

/// A whole number of an R argument, `NULL` as `None`.
fn whole(obj: &Robj, argument: &str) -> Result<Option<i64>, Error> {
    opt_float(obj, argument)?
        .map(|x| {
            (x.fract() == 0.0 && x.abs() < 9.0e15)
                .then_some(x as i64)
                .ok_or_else(|| bad(argument, x.to_string(), "must be a whole number"))
        })
        .transpose()
}

/// The disclosure rule of `suppress` and `round_to`.
fn rule(suppress: &Robj, round_to: &Robj) -> Result<Option<DisclosureRule>, Error> {
    DisclosureRule::for_report(whole(suppress, "suppress")?, whole(round_to, "round_to")?)
}

/// Every target of every ICS read the Making Data Count way: an `icon_summary` table.
#[extendr]
fn rs_icon_summary(handle: Robj, exact: Robj) -> Robj {
    guard(|| table(&report::icon_summary(scored(&handle)?), flag(&exact, "exact")?))
}

/// One ICS's explanation under disclosure control: a `protected_explanation` table.
#[extendr]
fn rs_protected_explanation(handle: Robj, code: Robj, suppress: Robj, round_to: Robj, exact: Robj) -> Robj {
    guard(|| {
        let code = opt_text(&code, "code")?.ok_or_else(|| bad("code", "NA", "must be one ICS code"))?;
        let rule = rule(&suppress, &round_to)?.ok_or_else(|| bad("suppress", "NULL", "must be a count from 1 to 7"))?;
        let protected = protect_explanation(scored(&handle)?.area(&code)?, &rule)?;
        table(&protected.table(), flag(&exact, "exact")?)
    })
}

/// One ICS's integrated performance report: `html`, the page, and `file_name`.
#[extendr]
fn rs_report(handle: Robj, code: Robj, previous: Robj, suppress: Robj, round_to: Robj, replications: Robj) -> Robj {
    guard(|| {
        let code = opt_text(&code, "code")?.ok_or_else(|| bad("code", "NA", "must be one ICS code"))?;
        let replications = whole(&replications, "replications")?.unwrap_or(0);
        let request = report::ReportRequest {
            previous: if previous.is_null() { None } else { Some(scored(&previous)?) },
            rule: rule(&suppress, &round_to)?,
            replications: usize::try_from(replications)
                .map_err(|_| bad("replications", replications.to_string(), "must not be negative"))?,
            ..report::ReportRequest::default()
        };
        let page = report::requested_report(scored(&handle)?, &code, &request)?;
        let file_name = page.file_name();
        list(vec!["html".into(), "file_name".into()], vec![Robj::from(page.html), Robj::from(file_name)])
    })
}

extendr_module! {
    mod report;
    fn rs_icon_summary;
    fn rs_protected_explanation;
    fn rs_report;
}
