//! Columns between R and the core: a core result table becomes a named list of R vectors
//! (the R code makes it a `data.frame`), and R vectors become the slices and text the core
//! reads.

use std::result::Result;

use extendr_api::prelude::*;
use ics_outcomes::Cell;
use ics_outcomes::Error;
use ics_outcomes::stats::ColumnData;
use ics_outcomes::table::{Table, Values};
use rust_decimal::prelude::ToPrimitive;

/// A named list of columns.
pub fn list(names: Vec<String>, columns: Vec<Robj>) -> Result<Robj, Error> {
    List::from_names_and_values(names, columns).map(Robj::from).map_err(|e| internal(&e))
}

/// An extendr failure building a result: a defect of this crate, which cannot happen for the
/// lists it builds (names and values of equal length), so reported as a panic would be.
pub fn internal(error: &extendr_api::Error) -> Error {
    panic!("cannot build a result: {error}")
}

/// A core result table as a named list of columns: decimals as doubles, or with `exact` as
/// their full text; counts as integers (doubles past R's integer range); missing as `NA`.
pub fn table(table: &Table, exact: bool) -> Result<Robj, Error> {
    let (names, columns) = table.columns().map(|(spec, values)| (spec.name.to_owned(), column(values, exact))).unzip();
    list(names, columns)
}

fn column(values: &Values, exact: bool) -> Robj {
    match values {
        Values::Text(v) => Robj::from(v.clone()),
        Values::Labels(labels) => {
            Robj::from((0..labels.keys.len()).map(|row| labels.get(row)).collect::<Vec<Option<&str>>>())
        }
        Values::Decimal(v) if exact => {
            Robj::from(v.iter().map(|d| d.map(|d| d.normalize().to_string())).collect::<Vec<_>>())
        }
        Values::Decimal(v) => Robj::from(v.iter().map(|d| d.and_then(|d| d.to_f64())).collect::<Vec<_>>()),
        Values::Count(v) => whole(v.iter().map(|n| n.map(i128::from))),
        Values::Integer(v) => whole(v.iter().map(|n| n.map(i128::from))),
        Values::Float(v) => Robj::from(v.iter().map(|x| x.filter(|x| !x.is_nan())).collect::<Vec<_>>()),
        Values::Flag(v) => Robj::from(v.clone()),
        Values::DecimalList(_) => Robj::from((0..values.len()).map(|row| values.text(row)).collect::<Vec<_>>()),
    }
}

/// Whole numbers as an R integer vector when every one fits (R's integers are 32-bit, and
/// its smallest is `NA`), else as doubles.
fn whole(values: impl Iterator<Item = Option<i128>> + Clone) -> Robj {
    let fits = values.clone().flatten().all(|n| n > i128::from(i32::MIN) && n <= i128::from(i32::MAX));
    if fits {
        Robj::from(values.map(|n| n.and_then(|n| i32::try_from(n).ok())).collect::<Vec<_>>())
    } else {
        Robj::from(values.map(|n| n.and_then(|n| n.to_f64())).collect::<Vec<_>>())
    }
}

/// A statistics table as a named list of columns: numbers as doubles (`NaN` as `NA`), text
/// as character.
pub fn stats_table(table: ics_outcomes::stats::Table) -> Result<Robj, Error> {
    let rows = table.rows;
    let (names, columns) = table
        .columns
        .into_iter()
        .map(|c| {
            let values = match c.data {
                ColumnData::Number(v) => {
                    Robj::from(v.into_iter().map(|x| (!x.is_nan()).then_some(x)).collect::<Vec<_>>())
                }
                ColumnData::Text { labels, codes } => Robj::from(
                    codes
                        .into_iter()
                        .map(|c| c.and_then(|c| labels.get(usize::try_from(c).ok()?).cloned()))
                        .collect::<Vec<_>>(),
                ),
                ColumnData::Repeated(label) => Robj::from(vec![label; rows]),
            };
            (c.name, values)
        })
        .unzip();
    list(names, columns)
}

/// An argument the R code should have checked, refused by name.
pub fn bad(argument: &str, value: impl Into<String>, message: &str) -> Error {
    Error::Argument { argument: argument.to_owned(), value: value.into(), message: message.to_owned() }
}

/// An optional single string: `NULL` is `None` (the default); `NA` is refused, never taken
/// for the default.
pub fn opt_text(obj: &Robj, argument: &str) -> Result<Option<String>, Error> {
    if obj.is_null() {
        return Ok(None);
    }
    if obj.is_na() {
        return Err(missing(argument));
    }
    match obj.as_str() {
        Some(text) if obj.len() == 1 => Ok(Some(text.to_owned())),
        _ => Err(bad(argument, format!("{obj:?}"), "must be one string")),
    }
}

/// A single string that may be `NA` (a field the engine itself wrote as missing).
pub fn text_or_na(obj: &Robj, argument: &str) -> Result<Option<String>, Error> {
    if obj.is_na() { Ok(None) } else { opt_text(obj, argument) }
}

/// An argument given as `NA` where a value or `NULL` (the default) is needed.
fn missing(argument: &str) -> Error {
    bad(argument, "NA", "must not be missing; give NULL for the default")
}

/// A character vector, `NA` as `None`.
pub fn texts<'a>(obj: &'a Robj, argument: &str) -> Result<Vec<Option<&'a str>>, Error> {
    let strings = Strings::try_from(obj.clone()).map_err(|_| bad(argument, type_name(obj), "must be character"))?;
    // The slice borrows R's global string cache, alive while `obj` is.
    let slice: &'a [Rstr] = strings.as_slice();
    Ok(slice.iter().map(|s| (!s.is_na()).then(|| s.as_str())).collect())
}

/// A numeric vector as doubles, `NA` as `NaN`: doubles as they are, integers converted.
pub fn floats(obj: &Robj, argument: &str) -> Result<Vec<f64>, Error> {
    if let Some(values) = obj.as_real_slice() {
        return Ok(values.to_vec());
    }
    if let Some(values) = obj.as_integer_slice() {
        return Ok(values.iter().map(|&n| if n == i32::MIN { f64::NAN } else { f64::from(n) }).collect());
    }
    if obj.as_logical_slice().is_some_and(|v| v.iter().all(|b| b.is_na())) {
        return Ok(vec![f64::NAN; obj.len()]);
    }
    Err(bad(argument, type_name(obj), "must be numeric"))
}

/// An optional numeric vector.
pub fn opt_floats(obj: &Robj, argument: &str) -> Result<Option<Vec<f64>>, Error> {
    if obj.is_null() { Ok(None) } else { floats(obj, argument).map(Some) }
}

/// An optional single number: `NULL` is `None`; `NA` is refused.
pub fn opt_float(obj: &Robj, argument: &str) -> Result<Option<f64>, Error> {
    match opt_floats(obj, argument)?.as_deref() {
        None => Ok(None),
        Some([x]) if x.is_nan() => Err(missing(argument)),
        Some([x]) => Ok(Some(*x)),
        Some(_) => Err(bad(argument, format!("{obj:?}"), "must be one number")),
    }
}

/// A single flag.
pub fn flag(obj: &Robj, argument: &str) -> Result<bool, Error> {
    obj.as_bool().filter(|_| obj.len() == 1).ok_or_else(|| bad(argument, format!("{obj:?}"), "must be TRUE or FALSE"))
}

/// Zero-based group codes from R's one-based integers.
pub fn codes(obj: &Robj) -> Result<Option<Vec<u32>>, Error> {
    if obj.is_null() {
        return Ok(None);
    }
    let values =
        obj.as_integer_slice().ok_or_else(|| bad("group_by", type_name(obj), "group codes must be integer"))?;
    values
        .iter()
        .map(|&c| {
            u32::try_from(c)
                .ok()
                .and_then(|c| c.checked_sub(1))
                .ok_or_else(|| bad("group_by", c.to_string(), "group codes start at 1"))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// One column of typed cells: character columns are read exactly, doubles as the shortest
/// decimal that reads back as them, integers as they are.
pub enum Cells<'a> {
    /// Text, exact.
    Text(Vec<Option<&'a str>>),
    /// Doubles.
    Float(&'a [f64]),
    /// Integers.
    Integer(&'a [i32]),
    /// Every row missing (an absent column, or a column of logical `NA`).
    Absent,
}

impl<'a> Cells<'a> {
    /// The cells of `obj`, a column called `name`.
    pub fn of(obj: &'a Robj, name: &str) -> Result<Self, Error> {
        if obj.is_null() {
            Ok(Cells::Absent)
        } else if let Some(values) = obj.as_real_slice() {
            Ok(Cells::Float(values))
        } else if let Some(values) = obj.as_integer_slice() {
            Ok(Cells::Integer(values))
        } else if obj.is_string() {
            texts(obj, name).map(Cells::Text)
        } else if obj.as_logical_slice().is_some_and(|v| v.iter().all(|b| b.is_na())) {
            Ok(Cells::Absent)
        } else {
            Err(bad(name, type_name(obj), "must be numeric or character"))
        }
    }

    /// Row `row`'s cell.
    pub fn cell(&self, row: usize) -> Cell<'a> {
        match self {
            Cells::Text(v) => v.get(row).copied().flatten().map_or(Cell::Absent, Cell::Text),
            Cells::Float(v) => v.get(row).filter(|x| !x.is_nan()).map_or(Cell::Absent, |&x| Cell::Float(x)),
            Cells::Integer(v) => {
                v.get(row).filter(|&&n| n != i32::MIN).map_or(Cell::Absent, |&n| Cell::Integer(n.into()))
            }
            Cells::Absent => Cell::Absent,
        }
    }

    /// Row `row` as text, for a column of codes; empty when missing.
    pub fn code(&self, row: usize) -> &'a str {
        match self {
            Cells::Text(v) => v.get(row).copied().flatten().unwrap_or(""),
            _ => "",
        }
    }
}

/// R's name for the type of `obj`, for messages.
pub fn type_name(obj: &Robj) -> String {
    format!("{:?}", obj.rtype()).to_lowercase()
}
