//! The indicator statistics from R: numeric columns and group codes in (the R code numbers
//! the groups as PHEindicatormethods orders them), the result's columns and the package's
//! warnings out.

use std::result::Result;

use extendr_api::prelude::*;
use ics_outcomes::Error;
use ics_outcomes::stats::{
    self, Confidence, DsrOptions, ESP2013, Events, Field, Groups, IsrOptions, IsrScale, LifeExpectancyOptions,
    OutputType, ProportionOptions, RateOptions, Reference,
};

use crate::condition::guard;
use crate::frame::{bad, codes, flag, floats, list, opt_floats, opt_text, stats_table};

/// The groups of R's one-based codes, `count` of them.
fn groups(obj: &Robj, count: &Robj) -> Result<Option<Groups>, Error> {
    let count =
        count.as_real().map(|c| c as usize).or_else(|| count.as_integer().and_then(|c| usize::try_from(c).ok()));
    codes(obj)?.map(|codes| Groups::new(codes, count.unwrap_or(0))).transpose()
}

fn confidence(obj: &Robj) -> Result<Confidence, Error> {
    Confidence::standard(&opt_floats(obj, "confidence")?.unwrap_or_default())
}

fn output(obj: &Robj) -> Result<OutputType, Error> {
    opt_text(obj, "type")?.unwrap_or_else(|| "full".to_owned()).parse()
}

fn number(obj: &Robj, argument: &str) -> Result<f64, Error> {
    match floats(obj, argument)?.as_slice() {
        [x] => Ok(*x),
        _ => Err(bad(argument, format!("{obj:?}"), "must be one number")),
    }
}

/// The result's columns and the package's warnings.
fn finish(table: Result<stats::Table, Error>, output: OutputType) -> Result<Robj, Error> {
    let table = table?;
    let warnings = Robj::from(table.warnings.clone());
    list(vec!["table".into(), "warnings".into()], vec![stats_table(table.select(output))?, warnings])
}

/// Two column names from R.
fn names(obj: &Robj) -> Result<Vec<String>, Error> {
    crate::frame::texts(obj, "names").map(|n| n.into_iter().map(|n| n.unwrap_or_default().to_owned()).collect())
}

fn name(names: &[String], i: usize) -> &str {
    names.get(i).map_or("x", String::as_str)
}

/// A statistic of counts per row or per group: `proportion` (Wilson score limits) or `rate`
/// (exact limits below 10 events, Byar's from 10).
#[extendr]
#[allow(clippy::too_many_arguments)] // One argument per argument of `ico_proportion()`.
fn rs_counts(
    statistic: &str,
    x: Robj,
    n: Robj,
    names: Robj,
    codes: Robj,
    count: Robj,
    confidence: Robj,
    multiplier: Robj,
    output: Robj,
) -> Robj {
    guard(|| {
        let output = self::output(&output)?;
        let (confidence, multiplier) = (self::confidence(&confidence)?, number(&multiplier, "multiplier")?);
        let (names, groups) = (self::names(&names)?, self::groups(&codes, &count)?);
        let (x, n) = (floats(&x, name(&names, 0))?, floats(&n, name(&names, 1))?);
        let (x, n, groups) = (Field::new(name(&names, 0), &x), Field::new(name(&names, 1), &n), groups.as_ref());
        let table = match statistic {
            "proportion" => stats::proportion(x, n, groups, &ProportionOptions { confidence, multiplier }),
            "rate" => stats::rate(x, n, groups, &RateOptions { confidence, multiplier }),
            other => return Err(bad("statistic", other, "is proportion or rate")),
        };
        finish(table, output)
    })
}

/// Means with Student's t limits, per group.
#[extendr]
fn rs_mean(x: Robj, names: Robj, codes: Robj, count: Robj, confidence: Robj, output: Robj) -> Robj {
    guard(|| {
        let output = self::output(&output)?;
        let (names, groups) = (self::names(&names)?, self::groups(&codes, &count)?);
        let x = floats(&x, name(&names, 0))?;
        finish(stats::mean(Field::new(name(&names, 0), &x), groups.as_ref(), &self::confidence(&confidence)?), output)
    })
}

/// Directly standardised rates, per group. `stdpop` is a column (`by_position` false) or
/// weights matched to each group's rows by position (`NULL`: the European Standard
/// Population 2013); `frequency` and `bands` (codes) for events that are not independent.
#[extendr]
#[allow(clippy::too_many_arguments)] // One argument per argument of `calculate_dsr()`.
fn rs_dsr(
    x: Robj,
    n: Robj,
    stdpop: Robj,
    by_position: Robj,
    names: Robj,
    codes: Robj,
    count: Robj,
    frequency: Robj,
    bands: Robj,
    band_count: Robj,
    confidence: Robj,
    multiplier: Robj,
    output: Robj,
) -> Robj {
    guard(|| {
        let output = self::output(&output)?;
        let options =
            DsrOptions { confidence: self::confidence(&confidence)?, multiplier: number(&multiplier, "multiplier")? };
        let (names, groups) = (self::names(&names)?, self::groups(&codes, &count)?);
        let (x, n) = (floats(&x, name(&names, 0))?, floats(&n, name(&names, 1))?);
        let weights = opt_floats(&stdpop, name(&names, 2))?.unwrap_or_else(|| ESP2013.to_vec());
        let stdpop = if flag(&by_position, "by_position")? {
            Groups::or_single(groups.as_ref(), x.len()).by_position(name(&names, 2), &weights)?
        } else {
            weights
        };
        let frequency = opt_floats(&frequency, name(&names, 3))?;
        let bands = self::groups(&bands, &band_count)?;
        let events = match (frequency.as_deref(), bands.as_ref()) {
            (Some(frequency), Some(ageband)) => {
                Events::NonIndependent { frequency: Field::new(name(&names, 3), frequency), ageband }
            }
            _ => Events::Independent,
        };
        let table = stats::dsr(
            Field::new(name(&names, 0), &x),
            Field::new(name(&names, 1), &n),
            Field::new(name(&names, 2), &stdpop),
            groups.as_ref(),
            events,
            &options,
        );
        finish(table, output)
    })
}

/// Indirectly standardised ratios (`refvalue`) or rates (`multiplier`), per group; the
/// reference values are columns (`by_field`) or vectors matched to each group's rows by
/// position.
#[extendr]
#[allow(clippy::too_many_arguments)] // One argument per argument of `ico_isr()`.
fn rs_isr(
    x: Robj,
    n: Robj,
    x_ref: Robj,
    n_ref: Robj,
    by_field: Robj,
    names: Robj,
    codes: Robj,
    count: Robj,
    confidence: Robj,
    refvalue: Robj,
    multiplier: Robj,
    output: Robj,
) -> Robj {
    guard(|| {
        let output = self::output(&output)?;
        let scale = match crate::frame::opt_float(&multiplier, "multiplier")? {
            Some(multiplier) => IsrScale::Rate { multiplier },
            None => IsrScale::Ratio { refvalue: crate::frame::opt_float(&refvalue, "refvalue")?.unwrap_or(1.0) },
        };
        let options = IsrOptions { confidence: self::confidence(&confidence)?, scale };
        let (names, groups) = (self::names(&names)?, self::groups(&codes, &count)?);
        let (x, n) = (floats(&x, name(&names, 0))?, floats(&n, name(&names, 1))?);
        let (x_ref, n_ref) = (floats(&x_ref, name(&names, 2))?, floats(&n_ref, name(&names, 3))?);
        let reference = if flag(&by_field, "by_field")? {
            Reference::Fields { x_ref: Field::new(name(&names, 2), &x_ref), n_ref: Field::new(name(&names, 3), &n_ref) }
        } else {
            Reference::Vectors { x_ref: &x_ref, n_ref: &n_ref }
        };
        let (x, n) = (Field::new(name(&names, 0), &x), Field::new(name(&names, 1), &n));
        finish(stats::isr(x, n, reference, groups.as_ref(), None, &options), output)
    })
}

/// Start ages: numbers as they are, labels (`"90+"`) by their first run of digits; `NaN`
/// where a label has none, which the core refuses by row.
fn start_ages(obj: &Robj, argument: &str) -> Result<Vec<f64>, Error> {
    if obj.is_string() {
        let labels = crate::frame::texts(obj, argument)?;
        return Ok(labels.into_iter().map(|l| l.and_then(stats::age_band_start).unwrap_or(f64::NAN)).collect());
    }
    floats(obj, argument)
}

/// Life expectancy at each age band, by the Chiang II abridged life table with Silcocks'
/// variance for the final band; also each output row's input row (from 0).
#[extendr]
#[allow(clippy::too_many_arguments)] // One argument per argument of `ico_life_expectancy()`.
fn rs_life_expectancy(
    deaths: Robj,
    population: Robj,
    startage: Robj,
    names: Robj,
    codes: Robj,
    count: Robj,
    age_contents: Robj,
    le_age: Robj,
    confidence: Robj,
    output: Robj,
) -> Robj {
    guard(|| {
        let output = self::output(&output)?;
        let (names, groups) = (self::names(&names)?, self::groups(&codes, &count)?);
        let (deaths, population) = (floats(&deaths, name(&names, 0))?, floats(&population, name(&names, 1))?);
        let starts = start_ages(&startage, name(&names, 2))?;
        let levels = opt_floats(&confidence, "confidence")?.unwrap_or_else(|| vec![0.95]);
        let mut options = LifeExpectancyOptions { confidence: Confidence::any(&levels)?, ..Default::default() };
        if !age_contents.is_null() {
            options.age_contents = start_ages(&age_contents, "age_contents")?;
        }
        if !le_age.is_null() {
            let ages = start_ages(&le_age, "le_age")?;
            if let Some(age) = ages.iter().find(|a| a.is_nan()) {
                return Err(bad("le_age", age.to_string(), "le_age must be NULL (all), start ages or age-band labels"));
            }
            options.le_age = Some(ages);
        }
        let result = stats::life_expectancy(
            Field::new(name(&names, 0), &deaths),
            Field::new(name(&names, 1), &population),
            Field::new(name(&names, 2), &starts),
            groups.as_ref(),
            &options,
        )?;
        let rows: Vec<f64> = result.rows.iter().map(|&r| r as f64).collect();
        let finished = finish(Ok(result.table), output)?;
        list(vec!["result".into(), "rows".into()], vec![finished, Robj::from(rows)])
    })
}

extendr_module! {
    mod stats;
    fn rs_life_expectancy;
    fn rs_isr;
    fn rs_counts;
    fn rs_mean;
    fn rs_dsr;
}
