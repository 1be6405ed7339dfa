//! Indicator statistics against PHEindicatormethods 2.1.0's own test vectors and the
//! installed package's output, in `reference/pheindicatormethods` of the shared folder.

use std::path::PathBuf;

use libtest_mimic::Trial;

use crate::rows::{Row, read_path};

mod basic;
mod funnel;
mod life_expectancy;
mod sheets;
mod sii;
mod standardised;

const FOLDER: &str = "reference/pheindicatormethods";

pub fn dir() -> PathBuf {
    crate::shared::path(FOLDER)
}

/// Every row of `relative` (e.g. `r_generated/rate.csv`).
pub fn read(relative: &str) -> Vec<Row> {
    read_path(&dir().join(relative))
}

pub fn trials() -> Vec<Trial> {
    [
        basic::trials(),
        funnel::trials(),
        life_expectancy::trials(),
        sheets::trials(),
        sii::trials(),
        standardised::trials(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
