//! Observations carried across the ICB reorganisations onto another geography vintage.

use std::result::Result;

use extendr_api::prelude::*;
use ics_outcomes::vintage::{self, Apportionment, Vintages};
use ics_outcomes::{Catalogue, Error, defaults, files};

use crate::condition::guard;
use crate::frame::{flag, opt_text, table};
use crate::framework::{locals, national};
use crate::scoring::{ObservationColumns, frame_columns};

/// The text of a CSV file named by `argument`, when given.
fn file_text(obj: &Robj, argument: &str) -> Result<Option<(String, String)>, Error> {
    opt_text(obj, argument)?.map(|path| Ok((files::read_text(std::path::Path::new(&path))?, path))).transpose()
}

/// A data frame of observations carried onto the ICBs of vintage `to`: mergers summed,
/// split ICBs shared by an apportionment, places by a lookup; values of counts in each
/// metric's unit from `national` and `locals` (default: the embedded frameworks).
#[extendr]
#[allow(clippy::too_many_arguments)] // One argument per argument of `ico_reproject()`.
fn rs_reproject(
    data: Robj,
    to: Robj,
    from: Robj,
    apportionment: Robj,
    lookup: Robj,
    national: Robj,
    locals: Robj,
    exact: Robj,
) -> Robj {
    guard(|| {
        let vintages = Vintages::embedded();
        let (names, values) = frame_columns(&data, "data")?;
        let names: Vec<&str> = names.iter().map(String::as_str).collect();
        let columns = ObservationColumns::new(&names, &values)?;
        let rows = vintage::rows_from_fields(columns.rows(), |i| columns.row(i), "<data>")?;
        let to = opt_text(&to, "to")?.unwrap_or_else(|| vintages.latest().to_owned());
        let from = opt_text(&from, "from")?;
        let shares = file_text(&apportionment, "apportionment")?
            .map(|(text, name)| Apportionment::from_csv(&text, &name, vintages))
            .transpose()?;
        let lookup = file_text(&lookup, "lookup")?
            .map(|(text, name)| vintage::Lookup::from_csv(&text, &name, vintages))
            .transpose()?;
        let national = if national.is_null() { defaults::national_framework() } else { self::national(&national)? };
        let locals = if locals.is_null() { defaults::local_frameworks() } else { self::locals(&locals)? };
        let combining =
            vintage::Combining::of(national.metrics().iter().chain(locals.iter().flat_map(|l| l.metrics())));
        let how = vintage::Reprojection {
            from: from.as_deref(),
            apportionment: shares.as_ref(),
            combining: Some(&combining),
            lookup: lookup.as_ref(),
            vintages: Some(vintages),
        };
        let out = vintage::reproject(&rows, &to, &how)?;
        let geography = defaults::geography();
        let catalogue = Catalogue::new(&geography, &national, &locals);
        let reprojected =
            vintage::reprojection_table(&out, |metric| catalogue.metric(metric).map(|m| m.unit.multiplier()));
        table(&reprojected, flag(&exact, "exact")?)
    })
}

extendr_module! {
    mod vintage;
    fn rs_reproject;
}
