//! Scoring from R: observations as a data frame's columns, the frameworks as `ico_framework`
//! lists, a scorecard's table with a handle on the core scorecard (for explanations) and its
//! run record.

use std::collections::BTreeMap;

use std::result::Result;

use extendr_api::prelude::*;
use ics_outcomes::record;
use ics_outcomes::vintage::Vintages;
use ics_outcomes::{COLUMNS, Cell, FieldRow, column_positions};
use ics_outcomes::{
    Catalogue, Error, Geography, LocalFramework, MissingData, NationalFramework, Observations, Period, ScoreOptions,
    Scorecard, Weighting,
};
use serde::de::DeserializeOwned;

use crate::condition::guard;
use crate::frame::{Cells, bad, flag, list, opt_text, table, type_name};
use crate::framework::{edition, locals, national};
use ics_outcomes::defaults;

/// A label of the core's (an enum spelled as in files), refused under the R argument's name.
pub fn named<T: DeserializeOwned>(text: &str, argument: &str) -> Result<T, Error> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|e| {
        let reason = e.to_string();
        bad(argument, text, reason.split(" at line").next().unwrap_or(&reason))
    })
}

/// A period, refused under the R argument's name.
pub fn period(text: &str, argument: &str) -> Result<Period, Error> {
    text.parse().map_err(|reason: String| bad(argument, text, &reason))
}

/// The observation columns of a data frame (`area_code`, `metric_id`, `period`, `value`,
/// optional `numerator` and `denominator`; any other column is refused by name), in the
/// order of [`COLUMNS`]. Codes and periods are text; numbers are doubles, integers or exact
/// text.
pub struct ObservationColumns<'a> {
    cells: Vec<Cells<'a>>,
    rows: usize,
}

impl<'a> ObservationColumns<'a> {
    /// The columns of `values`, the elements of a data frame whose names are `names`.
    pub fn new(names: &[&str], values: &'a [Robj]) -> Result<Self, Error> {
        let positions = column_positions(names.iter().copied(), "<observations>")?;
        let cells: Vec<Cells<'a>> = COLUMNS
            .iter()
            .zip(positions)
            .map(|(name, p)| p.and_then(|p| values.get(p)).map_or(Ok(Cells::Absent), |c| Cells::of(c, name)))
            .collect::<Result<_, _>>()?;
        for (cells, name) in cells.iter().zip(&COLUMNS[..3]) {
            if !matches!(cells, Cells::Text(_)) {
                return Err(bad(name, "not character", "must be character"));
            }
        }
        let rows = positions[0].and_then(|p| values.get(p)).map_or(0, Robj::len);
        Ok(ObservationColumns { cells, rows })
    }

    /// How many rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Row `i` as the core reads it.
    pub fn row(&self, i: usize) -> FieldRow<'a> {
        FieldRow {
            area_code: self.cells[0].code(i),
            metric_id: self.cells[1].code(i),
            period: self.cells[2].code(i),
            value: self.cells[3].cell(i),
            numerator: self.cells[4].cell(i),
            denominator: self.cells[5].cell(i),
        }
    }
}

/// A data frame's names and columns, refused by `argument` when it is no list.
pub fn frame_columns(obj: &Robj, argument: &str) -> Result<(Vec<String>, Vec<Robj>), Error> {
    let list = List::try_from(obj.clone()).map_err(|_| bad(argument, type_name(obj), "must be a data frame"))?;
    Ok(list.iter().map(|(name, value)| (name.to_owned(), value)).unzip())
}

/// Observations from a data frame, checked against `catalogue`.
pub fn observations(columns: &Robj, catalogue: &Catalogue<'_>) -> Result<Observations, Error> {
    let (names, values) = frame_columns(columns, "observations")?;
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let columns = ObservationColumns::new(&names, &values)?;
    Observations::from_indexed_rows(columns.rows(), |i| columns.row(i), catalogue, "<observations>")
}

/// `NULL` (equal weight per priority), a policy's name, or priority ids with weights
/// (exact text, or numbers read as their shortest decimal).
fn weighting(obj: &Robj) -> Result<Weighting, Error> {
    if obj.is_null() {
        return Ok(Weighting::default());
    }
    let names: Vec<String> = obj.names().map(|n| n.map(str::to_owned).collect()).unwrap_or_default();
    if names.is_empty() {
        let text =
            opt_text(obj, "weighting")?.ok_or_else(|| bad("weighting", "NA", "must be a policy or named weights"))?;
        return named(&text, "weighting");
    }
    let mut weights = BTreeMap::new();
    for (row, id) in names.into_iter().enumerate() {
        if id.is_empty() {
            return Err(bad(&format!("weighting[{}]", row + 1), "", "every weight needs a priority id as its name"));
        }
        let path = format!("weighting.{id}");
        if weights.insert(id, weight(obj, row, &path)?).is_some() {
            return Err(bad(&path, "given twice", "each priority's weight is given once"));
        }
    }
    Ok(Weighting::Explicit(weights))
}

/// Element `row` of `obj` as an exact decimal: text read exactly, a double as the shortest
/// decimal that reads back as it, an integer as it is; named `path` when it is none.
pub fn weight(obj: &Robj, row: usize, path: &str) -> Result<rust_decimal::Decimal, Error> {
    let cell = Cells::of(obj, path)?.cell(row);
    match cell {
        Cell::Text(text) => ics_outcomes::number::parse_decimal(text),
        Cell::Float(x) => ics_outcomes::number::decimal_from_float(x),
        Cell::Integer(n) => Ok(n.into()),
        Cell::Absent => Err("missing".to_owned()),
    }
    .map_err(|reason| {
        let value = match cell {
            Cell::Text(text) => text.to_owned(),
            Cell::Float(x) => x.to_string(),
            Cell::Integer(n) => n.to_string(),
            Cell::Absent => "NA".to_owned(),
        };
        bad(path, value, &reason)
    })
}

/// The inputs of a scoring, `NULL`s filled from the embedded edition: `edition`, else the
/// planning year of `period`, else today's.
pub struct Inputs {
    /// The national framework.
    pub national: NationalFramework,
    /// The local frameworks.
    pub locals: Vec<LocalFramework>,
    /// The observations.
    pub observations: Observations,
    /// The ICSs' geography.
    pub geography: Geography,
    /// Its vintage.
    pub vintage: String,
    /// The period to judge, when named.
    pub period: Option<Period>,
}

impl Inputs {
    /// The inputs from R's arguments.
    pub fn load(
        national: &Robj,
        locals: &Robj,
        observations: &Robj,
        period: &Robj,
        vintage: &Robj,
        edition: &Robj,
    ) -> Result<Self, Error> {
        let period = opt_text(period, "period")?.map(|p| self::period(&p, "period")).transpose()?;
        let edition = match (opt_text(edition, "edition")?, period) {
            (None, Some(period)) => defaults::Edition::for_period(period),
            _ => self::edition(edition)?,
        };
        let national = if national.is_null() { edition.national_framework() } else { self::national(national)? };
        let locals = if locals.is_null() { edition.local_frameworks() } else { self::locals(locals)? };
        let vintages = Vintages::embedded();
        let vintage = opt_text(vintage, "vintage")?;
        let vintage = vintages.for_scoring(vintage.as_deref(), &locals, period)?.to_owned();
        let geography = vintages.geography(&vintage)?;
        let observations = if observations.is_null() {
            edition.observations()
        } else {
            self::observations(observations, &Catalogue::new(&geography, &national, &locals))?
        };
        Ok(Inputs { national, locals, observations, geography, vintage, period })
    }

    /// Scores them with `options` (its period theirs).
    pub fn score(&self, options: ScoreOptions) -> Result<Scorecard, Error> {
        let options = ScoreOptions { period: self.period, ..options };
        ics_outcomes::score(&self.national, &self.locals, &self.observations, &self.geography, &options)
    }
}

/// Scores every ICS. `NULL` frameworks and observations are the embedded edition's.
#[extendr]
#[allow(clippy::too_many_arguments)] // One argument per argument of `ico_score()`.
fn rs_score(
    national: Robj,
    locals: Robj,
    observations: Robj,
    period: Robj,
    weighting: Robj,
    missing: Robj,
    vintage: Robj,
    edition: Robj,
    spc: Robj,
    exact: Robj,
) -> Robj {
    guard(|| {
        let inputs = Inputs::load(&national, &locals, &observations, &period, &vintage, &edition)?;
        let missing = opt_text(&missing, "missing")?.map_or(Ok(MissingData::default()), |m| named(&m, "missing"))?;
        let options = ScoreOptions {
            weighting: self::weighting(&weighting)?,
            missing,
            spc: flag(&spc, "spc")?,
            ..ScoreOptions::default()
        };
        let card = inputs.score(options)?;
        let scoring = record::scoring_inputs(&inputs.national, &inputs.locals, &inputs.observations);
        let record = record::scorecard_record(&card, scoring, Some(inputs.vintage), BTreeMap::new());
        let json = serde_json::to_string_pretty(&record).map_err(|e| bad("record", "", &e.to_string()))?;
        let rows = table(&card.table(), flag(&exact, "exact")?)?;
        let names = ["table", "record", "handle"].map(String::from).to_vec();
        list(names, vec![rows, Robj::from(json), ExternalPtr::new(card).into()])
    })
}

/// The scorecard behind an R handle.
pub fn scored(handle: &Robj) -> Result<&Scorecard, Error> {
    <&ExternalPtr<Scorecard>>::try_from(handle).map(|ptr| &**ptr).map_err(|_| Error::NotFound {
        what: "scorecard",
        value: "handle".to_owned(),
        hint: ": this scorecard's link to the engine did not survive saving or copying; score again".to_owned(),
    })
}

/// One ICS's explanation: every target's contribution to its score.
#[extendr]
fn rs_explain(handle: Robj, code: Robj, exact: Robj) -> Robj {
    guard(|| {
        let code = opt_text(&code, "code")?.ok_or_else(|| bad("code", "NA", "must be one ICS code"))?;
        table(&scored(&handle)?.area(&code)?.table(), flag(&exact, "exact")?)
    })
}

/// Every target of every ICS, one row each in league-table order.
#[extendr]
fn rs_targets(handle: Robj, exact: Robj) -> Robj {
    guard(|| table(&scored(&handle)?.targets_table(), flag(&exact, "exact")?))
}

/// England's ICSs of a vintage (default: today's): `code`, `ods`, `name`, `region`.
#[extendr]
fn rs_systems(vintage: Robj) -> Robj {
    guard(|| {
        let vintages = Vintages::embedded();
        let named = opt_text(&vintage, "vintage")?;
        let geography = vintages.geography(vintages.choose(named.as_deref(), None, None)?)?;
        let systems: Vec<_> = geography.systems().collect();
        let column =
            |f: fn(&ics_outcomes::Area) -> Option<String>| Robj::from(systems.iter().map(|a| f(a)).collect::<Vec<_>>());
        list(
            ["code", "ods", "name", "region"].map(String::from).to_vec(),
            vec![
                column(|a| Some(a.code.clone())),
                column(|a| a.alt_code.clone()),
                column(|a| Some(a.name.clone())),
                column(|a| a.parent.clone()),
            ],
        )
    })
}

extendr_module! {
    mod scoring;
    fn rs_score;
    fn rs_explain;
    fn rs_targets;
    fn rs_systems;
}
