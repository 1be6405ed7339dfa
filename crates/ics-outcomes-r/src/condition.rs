//! Core errors and panics on their way to R. Every entry point returns either its value or
//! a *failure*: a list of class `icsoutcomes_failure` that the package's R code raises as
//! a condition of the class the core names ([`ErrorClass::condition`]). Raising it in R,
//! rather than from Rust, means no R error ever unwinds through Rust frames.

use std::panic::{AssertUnwindSafe, catch_unwind};

use std::result::Result;

use extendr_api::prelude::*;
use ics_outcomes::{Error, ErrorClass};

/// The condition class of a panic: a defect of this library, never of the caller's input, so
/// no core error class (`ErrorClass`) describes it.
const INTERNAL: &str = "icsoutcomes_internal_error";

/// Runs `body`, turning its error or panic into a failure for the R code to raise. The
/// failure is built inside the guard too: a panic describing an error is still caught.
pub fn guard(body: impl FnOnce() -> Result<Robj, Error>) -> Robj {
    let run = || match body() {
        Ok(value) => value,
        Err(error) => failure(&error),
    };
    catch_unwind(AssertUnwindSafe(run)).unwrap_or_else(|panic| {
        let text = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let message = format!("internal error in ics-outcomes (please report it): {text}");
        catch_unwind(|| failure_of(INTERNAL, message, None, None, Vec::new())).unwrap_or_else(|_| Robj::from(INTERNAL))
    })
}

/// The failure describing a core error: its class, message, source, data and every issue.
fn failure(error: &Error) -> Robj {
    let details = error.details();
    let issues = details.iter().map(|d| [d.kind.to_owned(), d.path.clone(), d.value.clone(), d.message.clone()]);
    failure_of(
        error.class().condition(),
        error.to_string(),
        error.source_name().map(str::to_owned),
        error.data_kind().map(|d| d.id().to_owned()),
        issues.collect(),
    )
}

fn failure_of(
    class: &str,
    message: String,
    source: Option<String>,
    data: Option<String>,
    issues: Vec<[String; 4]>,
) -> Robj {
    let column = |i: usize| Robj::from(issues.iter().map(|issue| issue[i].clone()).collect::<Vec<String>>());
    let issue_list = List::from_names_and_values(["kind", "path", "value", "message"], (0..4).map(column));
    let values: Vec<Robj> = vec![
        class.into(),
        message.into(),
        source.map_or_else(|| Robj::from(()), Robj::from),
        data.map_or_else(|| Robj::from(()), Robj::from),
        issue_list.map_or_else(|_| Robj::from(()), Robj::from),
    ];
    let mut list: Robj = List::from_names_and_values(["class", "message", "source", "data", "issues"], values)
        .map_or_else(|_| Robj::from(INTERNAL), Robj::from);
    // Setting a class on a fresh list cannot fail; a failure that is only a string (the last
    // resort of `guard`) is raised by the R code as an internal error too.
    let _ = list.set_class(["icsoutcomes_failure"]);
    list
}

/// The condition classes, one per core error class, with when each is raised: a data frame's
/// columns for the package's documentation and tests.
pub fn classes() -> Robj {
    let column = |f: fn(ErrorClass) -> &'static str| Robj::from(ErrorClass::ALL.map(f).to_vec());
    List::from_names_and_values(
        ["condition", "python", "when"],
        [column(ErrorClass::condition), column(ErrorClass::name), column(ErrorClass::when)],
    )
    .map_or_else(|_| Robj::from(()), Robj::from)
}
