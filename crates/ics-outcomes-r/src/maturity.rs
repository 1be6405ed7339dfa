//! ICS maturity against a model, for development and earned autonomy.

use std::result::Result;

use extendr_api::prelude::*;
use ics_outcomes::maturity::{self, MaturityModel};
use ics_outcomes::{Error, defaults};

use crate::condition::guard;
use crate::frame::{flag, list, opt_text, table};

/// The model named (`hewitt`, the default, or `digital`), or read from a file.
fn model(obj: &Robj) -> Result<MaturityModel, Error> {
    match opt_text(obj, "model")?.as_deref() {
        None | Some("hewitt") => Ok(maturity::hewitt_model()),
        Some("digital") => Ok(maturity::digital_model()),
        Some(path) => MaturityModel::from_text(&ics_outcomes::files::read_text(std::path::Path::new(path))?, path),
    }
}

/// The synthetic rounds' maturity report (2025/26 against 2024/25, with outcome evidence
/// from the embedded scorecard): each of its tables by name.
#[extendr]
fn rs_maturity(model: Robj, exact: Robj) -> Robj {
    guard(|| {
        let model = self::model(&model)?;
        let [earlier, latest] = defaults::MATURITY_ROUNDS;
        let rows = defaults::maturity_assessments(&model, latest)?.into_rows();
        let previous = defaults::maturity_assessments(&model, earlier)?.into_rows();
        let report =
            maturity::report(&model, rows, &defaults::outcome_evidence(), Some(previous), None, "<synthetic>")?;
        let exact = flag(&exact, "exact")?;
        let mut tables = vec![
            ("levels", report.levels_table()),
            ("dimensions", report.dimensions_table()),
            ("criteria", report.criteria_table()),
            ("autonomy", report.autonomy_table()),
            ("criterion_divergence", report.criterion_divergence_table()),
            ("dimension_divergence", report.dimension_divergence_table()),
            ("distribution", report.distribution_table()),
        ];
        tables.extend(report.movements_table().map(|t| ("movements", t)));
        let (names, values): (Vec<String>, Vec<Robj>) = tables
            .into_iter()
            .map(|(name, t)| table(&t, exact).map(|t| (name.to_owned(), t)))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .unzip();
        list(names, values)
    })
}

extendr_module! {
    mod maturity;
    fn rs_maturity;
}
