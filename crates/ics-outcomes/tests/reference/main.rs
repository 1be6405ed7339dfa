//! Tests against published expectations: the test data and outputs of PHEindicatormethods,
//! NHSRplotthedots and COINr, and NHS England's published oversight data, all read from the
//! shared folder outside the repository (see [`shared`]), with the hand-worked tests beside
//! them.
//!
//! A binary of its own, on libtest-mimic, because libtest cannot ignore a test at run time:
//! here a test whose data are absent is reported as ignored, with the folder it looked for,
//! and the run ends with one line counting such tests. Everything else is tested in the
//! `integration` binary.

use std::process::ExitCode;

use libtest_mimic::Arguments;

mod coinr;
mod funnelplotr;
mod nhsrplotthedots;
mod nof;
mod pheindicatormethods;
mod qicharts2;
mod reorganisation;
mod rows;
mod shared;

fn main() -> ExitCode {
    let arguments = Arguments::from_args();
    let trials = [
        shared::trials(),
        coinr::trials(),
        funnelplotr::trials(),
        nhsrplotthedots::trials(),
        nof::trials(),
        pheindicatormethods::trials(),
        qicharts2::trials(),
        reorganisation::trials(),
    ];
    let trials = trials.into_iter().flatten().collect();
    let conclusion = libtest_mimic::run(&arguments, trials);
    if let Some(line) = shared::skip_summary() {
        println!("{line}");
    }
    conclusion.exit_code()
}
