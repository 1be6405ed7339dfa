//! CQC ratings: scores in, the rating and how it was reached out, as a dict that
//! `ics_outcomes.ratings` turns into a `CqcRating`.

use ics_outcomes::ratings::{BandMatch, Limiter, Rating, RatingRules, cqc_rating};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::named;
use crate::errors::OrRaise;

/// Rates quality-statement scores (1 to 4, equal weights) under CQC's bands.
#[pyfunction]
#[pyo3(signature = (scores, band_match="whole_percent", limiters=Vec::new()))]
pub fn rate_cqc<'py>(
    py: Python<'py>,
    scores: Vec<i64>,
    band_match: &str,
    limiters: Vec<(i64, String)>,
) -> PyResult<Bound<'py, PyDict>> {
    let limiters = limiters
        .iter()
        .enumerate()
        .map(|(i, (score_at_most, cap))| {
            Ok(Limiter {
                score_at_most: *score_at_most,
                cap: named::<Rating>(&cap.replace(' ', "_"), &format!("limiters[{i}].cap"))?,
            })
        })
        .collect::<PyResult<Vec<Limiter>>>()?;
    let rules = RatingRules { band_match: named::<BandMatch>(band_match, "band_match")?, limiters };
    let result = cqc_rating(&scores, &rules).or_raise()?;
    let dict = PyDict::new(py);
    dict.set_item("statements", result.statements)?;
    dict.set_item("total", result.total)?;
    dict.set_item("percentage", result.percentage)?;
    dict.set_item("banded_percentage", result.banded_percentage)?;
    dict.set_item("band_rating", result.band_rating.label())?;
    dict.set_item("rating", result.rating.label())?;
    dict.set_item("limited_by", result.limited_by.map(|l| (l.score_at_most, l.cap.label())))?;
    dict.set_item("position_in_band", result.position_in_band)?;
    Ok(dict)
}
