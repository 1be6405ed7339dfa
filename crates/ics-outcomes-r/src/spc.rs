//! Making Data Count charts from R: numeric columns, date ordinals and group codes in, the
//! core's `spc_chart` table out in chart order, its `row` column the input row of each point.

use std::result::Result;

use extendr_api::prelude::*;
use ics_outcomes::Error;
use ics_outcomes::spc::{ChartOptions, ChartRows, Rules, XmrOptions, XmrRows, chart_rows, date_ordinals, xmr_rows};
use ics_outcomes::stats::Field;

use crate::condition::guard;
use crate::frame::{bad, codes, flag, floats, opt_float, opt_floats, opt_text, table, texts, type_name};

/// A label of the core's, refused under the R argument's name.
fn label<T: std::str::FromStr<Err = Error>>(text: &str, argument: &str) -> Result<T, Error> {
    text.parse().map_err(|error| match error {
        Error::Argument { value, message, .. } => Error::Argument { argument: argument.to_owned(), value, message },
        other => other,
    })
}

/// Positions counted from 1, as R and qicharts2 count them.
fn positions(obj: &Robj, argument: &str) -> Result<Vec<usize>, Error> {
    floats(obj, argument)?
        .into_iter()
        .map(|p| {
            (p.fract() == 0.0 && p >= 1.0 && p <= f64::from(u32::MAX))
                .then_some(p as usize)
                .ok_or_else(|| bad(argument, p.to_string(), "positions are whole numbers from 1"))
        })
        .collect()
}

fn count(obj: &Robj, argument: &str) -> Result<usize, Error> {
    match positions(obj, argument)?.as_slice() {
        [n] => Ok(*n),
        _ => Err(bad(argument, format!("{obj:?}"), "must be one whole number")),
    }
}

/// The chart options from the named list of `ico_spc_chart()`'s arguments; a name the core
/// does not know is refused.
fn options(given: &Robj) -> Result<ChartOptions, Error> {
    let list = List::try_from(given.clone()).map_err(|_| bad("options", type_name(given), "must be a named list"))?;
    let mut options = ChartOptions::default();
    let mut rules = Rules::default();
    for (key, value) in list.iter() {
        if value.is_null() {
            continue;
        }
        let text = || opt_text(&value, key).and_then(|t| t.ok_or_else(|| bad(key, "NA", "must be given")));
        match key {
            "chart" => options.chart = label(&text()?, key)?,
            "improvement" => options.improvement = label(&text()?, key)?,
            "target" => options.target = opt_float(&value, key)?,
            "multiplier" => options.multiplier = opt_float(&value, key)?.unwrap_or(options.multiplier),
            "screened_mr" => options.screened_mr = flag(&value, key)?,
            "baseline" => options.baseline = Some(count(&value, key)?),
            "parts" => options.parts = positions(&value, key)?,
            "exclude" => options.exclude = positions(&value, key)?,
            "categorical" => options.categorical = flag(&value, key)?,
            "shift" => rules.shift = count(&value, key)?,
            "trend" => rules.trend = count(&value, key)?,
            "two_in_three" => rules.two_in_three = flag(&value, key)?,
            "runs_method" => options.runs_method = label(&text()?, key)?,
            other => return Err(bad(other, "given", "not an option of the charts")),
        }
    }
    options.rules = rules;
    Ok(options)
}

/// Each date of a character column as a sortable ordinal: numbers, NHS periods or ISO dates.
#[extendr]
fn rs_date_ordinals(dates: Robj, name: Robj) -> Robj {
    guard(|| {
        let name = opt_text(&name, "date")?.unwrap_or_else(|| "date".to_owned());
        let texts = texts(&dates, &name)?;
        if let Some(row) = texts.iter().position(Option::is_none) {
            return Err(bad(&name, format!("row {}", row + 1), &format!("field {name} must not have missing dates")));
        }
        let texts: Vec<&str> = texts.into_iter().flatten().collect();
        let ordinals = date_ordinals(&name, &texts)?;
        Ok(Robj::from(ordinals.into_iter().map(|d| d as f64).collect::<Vec<_>>()))
    })
}

/// Any Making Data Count chart of every group's series, in chart order (group, then date).
#[extendr]
#[allow(clippy::too_many_arguments)] // One argument per column of the caller's frame.
fn rs_spc_chart(
    values: Robj,
    value_name: Robj,
    denominators: Robj,
    denominator_name: Robj,
    dates: Robj,
    date_name: Robj,
    groups: Robj,
    targets: Robj,
    options: Robj,
) -> Robj {
    guard(|| {
        let options = self::options(&options)?;
        let value_name = opt_text(&value_name, "value")?.unwrap_or_else(|| "value".to_owned());
        let denominator_name = opt_text(&denominator_name, "denominator")?.unwrap_or_else(|| "denominator".to_owned());
        let date_name = opt_text(&date_name, "date")?.unwrap_or_else(|| "date".to_owned());
        let values = floats(&values, &value_name)?;
        let denominators = opt_floats(&denominators, &denominator_name)?;
        let dates: Vec<i64> = floats(&dates, &date_name)?.into_iter().map(|d| d as i64).collect();
        let groups = codes(&groups)?;
        let targets = opt_floats(&targets, "target")?;
        let rows = ChartRows {
            values: Field::new(&value_name, &values),
            denominators: denominators.as_deref().map(|d| Field::new(&denominator_name, d)),
            dates: (&date_name, &dates),
            groups: groups.as_deref(),
            rebase: None,
            targets: targets.as_deref().map(|t| Field::new("target", t)),
            annotations: &[],
        };
        table(&chart_rows(&rows, &options)?.table(), false)
    })
}

/// An optional flag per row.
fn flags(obj: &Robj, argument: &str) -> Result<Option<Vec<bool>>, Error> {
    if obj.is_null() {
        return Ok(None);
    }
    let values = obj.as_logical_slice().ok_or_else(|| bad(argument, type_name(obj), "must be logical"))?;
    values
        .iter()
        .enumerate()
        .map(|(row, b)| {
            if b.is_na() {
                Err(bad(argument, format!("row {}", row + 1), "must not be missing"))
            } else {
                Ok(b.is_true())
            }
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// XmR charts of every group's series as NHSRplotthedots draws them, in chart order.
#[extendr]
#[allow(clippy::too_many_arguments)] // One argument per argument of `ico_xmr()`.
fn rs_xmr(
    values: Robj,
    value_name: Robj,
    dates: Robj,
    date_name: Robj,
    groups: Robj,
    rebase: Robj,
    targets: Robj,
    improvement: Robj,
    target: Robj,
    screen_outliers: Robj,
    fix_after_n_points: Robj,
) -> Robj {
    guard(|| {
        let value_name = opt_text(&value_name, "value")?.unwrap_or_else(|| "value".to_owned());
        let date_name = opt_text(&date_name, "date")?.unwrap_or_else(|| "date".to_owned());
        let improvement = opt_text(&improvement, "improvement")?.unwrap_or_else(|| "increase".to_owned());
        let options = XmrOptions {
            improvement: label(&improvement, "improvement")?,
            target: opt_float(&target, "target")?,
            screen_outliers: flag(&screen_outliers, "screen_outliers")?,
            fix_after_n_points: if fix_after_n_points.is_null() {
                None
            } else {
                Some(count(&fix_after_n_points, "fix_after_n_points")?)
            },
            ..XmrOptions::default()
        };
        let values = floats(&values, &value_name)?;
        let dates: Vec<i64> = floats(&dates, &date_name)?.into_iter().map(|d| d as i64).collect();
        let groups = codes(&groups)?;
        let rebase = flags(&rebase, "rebase")?;
        let targets = opt_floats(&targets, "target")?;
        let rows = XmrRows {
            values: Field::new(&value_name, &values),
            dates: (&date_name, &dates),
            groups: groups.as_deref(),
            rebase: rebase.as_deref(),
            targets: targets.as_deref().map(|t| Field::new("target", t)),
        };
        table(&xmr_rows(&rows, &options)?.table(), false)
    })
}

extendr_module! {
    mod spc;
    fn rs_xmr;
    fn rs_date_ordinals;
    fn rs_spc_chart;
}
