//! The compiled half of the R package `icsoutcomes` (in `r/`): a translation layer only, as
//! the Python binding is. It turns R vectors into core types, calls the core, and returns
//! named lists of columns that the package's R code makes into data frames. Every rule,
//! column name, label and error class is the core's.
//!
//! Each entry point returns its value or a failure ([`condition`]) that the R code raises
//! as a classed condition; a panic becomes one too, so none reaches R.

mod condition;
mod frame;
mod framework;
mod maturity;
mod oversight;
mod report;
mod scoring;
mod spc;
mod stats;
mod vintage;

use extendr_api::prelude::*;

use crate::condition::guard;

/// The library's version.
#[extendr]
fn rs_version() -> &'static str {
    ics_outcomes::VERSION
}

/// The library's version and the embedded data's vintage, as `ics-outcomes --version` prints.
#[extendr]
fn rs_version_line() -> String {
    ics_outcomes::version_line()
}

/// The condition classes and when each is raised, as columns.
#[extendr]
fn rs_error_classes() -> Robj {
    condition::classes()
}

/// An argument the R code refuses before calling the core, as the core's error: the same
/// class and message whichever side finds the problem.
#[extendr]
fn rs_argument_error(argument: &str, value: &str, message: &str) -> Robj {
    guard(|| Err(frame::bad(argument, value, message)))
}

/// Panics on purpose: the test that no panic crosses into R calls it.
#[extendr]
fn rs_panic() -> Robj {
    guard(|| panic!("a deliberate panic, to test that none reaches R"))
}

extendr_module! {
    mod icsoutcomes;
    fn rs_version;
    fn rs_version_line;
    fn rs_error_classes;
    fn rs_argument_error;
    fn rs_panic;
    use framework;
    use scoring;
    use report;
    use oversight;
    use maturity;
    use vintage;
    use stats;
    use spc;
}
