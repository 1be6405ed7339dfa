//! Life expectancy from an abridged life table (`phe_life_expectancy`): Chiang's method II
//! with the Silcocks et al. variance term for the final, open age band.

use super::dist::z_for;
use super::format::r_number;
use super::{Checks, Confidence, Field, Groups, Role, Table};
use crate::Error;

/// The package hard-codes the number of age bands a group must have, whatever
/// `age_contents` holds.
const BANDS: usize = 20;

/// Groups with at most this total population are suppressed.
const MIN_TOTAL_POPULATION: f64 = 5000.0;

/// A value is suppressed when its 95% interval is wider than twice this many years.
const MAX_HALF_WIDTH: f64 = 10.0;

const METHOD: &str = "Chiang, using Silcocks et al for confidence limits";
const WIDE_CI_WARNING: &str =
    "some life expectancy values have a 95% confidence interval > 20 years; these values have been suppressed to NAs";
const LE_AGE_WARNING: &str =
    "le_age not in the vector described by age_contents; all life expectancies will be returned";

/// Settings of [`life_expectancy`].
#[derive(Debug, Clone, PartialEq)]
pub struct LifeExpectancyOptions {
    /// Start ages of the bands every group must have, ascending from 0; by default the 20
    /// bands 0, 1, 5, 10, ..., 90. Labels such as `"90 +"` map to start ages with
    /// [`age_band_start`].
    pub age_contents: Vec<f64>,
    /// Start ages to return rows for; `None` returns every band (the package's `"all"`).
    /// Compared numerically with the start ages.
    pub le_age: Option<Vec<f64>>,
    /// Confidence levels, any number of them ([`Confidence::any`]).
    pub confidence: Confidence,
}

impl Default for LifeExpectancyOptions {
    fn default() -> Self {
        let mut age_contents = vec![0.0, 1.0];
        age_contents.extend((1..19).map(|i| 5.0 * f64::from(i)));
        LifeExpectancyOptions {
            age_contents,
            le_age: None,
            confidence: Confidence::any(&[0.95]).unwrap_or_else(|_| Confidence::none()),
        }
    }
}

/// The result of [`life_expectancy`]: the table (with the package's warnings in
/// [`Table::warnings`]) and where each of its rows came from.
#[derive(Debug, Clone, PartialEq)]
pub struct LifeExpectancy {
    /// `startage`, `value`, the limits (every lower, then every upper), `pops_used`,
    /// `dths_used`, `confidence`, `statistic` and `method`.
    pub table: Table,
    /// The input row of each output row (rows are sorted by start age within each group and
    /// suppressed groups come last, so this is how to attach group keys or labels).
    pub rows: Vec<usize>,
}

/// The start age in an age-band label: its first run of digits (`"1-4"` → 1, `"90 +"` → 90),
/// or `None` without digits.
///
/// ```
/// use ics_outcomes::stats::age_band_start;
/// assert_eq!(age_band_start("10 - 14"), Some(10.0));
/// assert_eq!(age_band_start("90 +"), Some(90.0));
/// assert_eq!(age_band_start("unknown"), None);
/// ```
pub fn age_band_start(label: &str) -> Option<f64> {
    let start = label.find(|c: char| c.is_ascii_digit())?;
    let digits: String = label[start..].chars().take_while(char::is_ascii_digit).collect();
    digits.parse::<f64>().ok()
}

/// Why a group is not computed, in the package's order of checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Suppression {
    NegativeDeaths,
    NonPositivePopulation,
    BandCount,
    DeathsAbovePopulation,
    SmallPopulation,
}

impl Suppression {
    const ALL: [Suppression; 5] = [
        Suppression::NegativeDeaths,
        Suppression::NonPositivePopulation,
        Suppression::BandCount,
        Suppression::DeathsAbovePopulation,
        Suppression::SmallPopulation,
    ];

    fn warning(self) -> &'static str {
        match self {
            Suppression::NegativeDeaths => "some age bands have negative deaths; outputs have been suppressed to NAs",
            Suppression::NonPositivePopulation => {
                "some age bands have a zero or less population; outputs have been suppressed to NAs"
            }
            Suppression::BandCount => {
                "some groups contain a different number of age bands than 20; life expectancy cannot be calculated for these. These groups will contain NAs."
            }
            Suppression::DeathsAbovePopulation => {
                "some age bands have more deaths than population; outputs have been suppressed to NAs"
            }
            Suppression::SmallPopulation => {
                "some groups have a total population of less than 5,000; outputs have been suppressed to NAs"
            }
        }
    }

    /// Whether the group (rows sorted by start age) breaks this rule; missing values break none.
    fn applies(self, rows: &[usize], deaths: &[f64], pops: &[f64]) -> bool {
        match self {
            Suppression::NegativeDeaths => rows.iter().any(|&r| deaths[r] < 0.0),
            Suppression::NonPositivePopulation => rows.iter().any(|&r| pops[r] <= 0.0),
            Suppression::BandCount => rows.len() != BANDS,
            Suppression::DeathsAbovePopulation => rows.iter().any(|&r| deaths[r] > pops[r]),
            Suppression::SmallPopulation => rows.iter().map(|&r| pops[r]).sum::<f64>() <= MIN_TOTAL_POPULATION,
        }
    }
}

/// Life expectancy at the start of every age band, with confidence limits, per group
/// (`phe_life_expectancy`).
///
/// Each group needs 20 rows, one per band of `age_contents` (by default 0, 1, 5, ..., 90);
/// rows are sorted by start age within each group. The life table uses Chiang's method II
/// with a fraction of the first band lived of 0.1 and 0.5 elsewhere; the variance adds
/// Silcocks et al.'s term for the open final band. Computation is in `f64`.
///
/// Groups that cannot be computed are **not errors**: a group with negative deaths, a
/// population of zero or less, other than 20 bands, more deaths than population, or a total
/// population of 5,000 or less is suppressed with the package's warning. With `groups`, the
/// suppressed groups follow the computed ones with missing values and limits (their
/// `pops_used` and `dths_used` are still given); without `groups` the whole input is returned
/// with missing `value`, `lowercl` and `uppercl` only, as the package does. A value whose 95%
/// interval is wider than 20 years is set missing (its limits are kept), whatever the
/// confidence levels; an infinite value is missing too.
///
/// `pops_used` and `dths_used` (population and deaths from the band on) have the
/// [`Role::Metadata`] role, so `table.select(OutputType::Standard)` gives the package's
/// `type = "standard"` output.
///
/// # Errors
/// [`Error::Argument`] when `age_contents` does not start at 0 or is not ascending, or the
/// group codes do not cover the rows; [`Error::Data`] when the fields differ in length, hold an
/// infinite value, or the start ages differ from `age_contents`.
///
/// ```
/// use ics_outcomes::stats::{life_expectancy, Field, LifeExpectancyOptions};
/// let start: Vec<f64> = LifeExpectancyOptions::default().age_contents;
/// let pops = [7060.0, 35059.0, 46974.0, 48489.0, 43219.0, 38561.0, 46009.0, 57208.0, 61435.0, 55601.0,
///             50209.0, 56416.0, 46411.0, 39820.0, 37978.0, 37039.0, 33288.0, 23306.0, 11936.0, 11936.0];
/// let deaths = [17.0, 9.0, 4.0, 8.0, 20.0, 15.0, 24.0, 33.0, 50.0, 71.0,
///               100.0, 163.0, 263.0, 304.0, 536.0, 872.0, 1390.0, 1605.0, 1936.0, 1937.0];
/// let le = life_expectancy(Field::new("deaths", &deaths), Field::new("pops", &pops),
///                          Field::new("startage", &start), None, &LifeExpectancyOptions::default())?;
/// assert!((le.table.numbers("value").unwrap()[0] - 80.1696081).abs() < 1e-6);
/// assert!(le.table.warnings.is_empty());
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn life_expectancy(
    deaths: Field<'_>,
    population: Field<'_>,
    startage: Field<'_>,
    groups: Option<&Groups>,
    options: &LifeExpectancyOptions,
) -> Result<LifeExpectancy, Error> {
    let rows = startage.values.len();
    let mut checks = Checks::new("life_expectancy");
    checks.lengths(rows, &[deaths, population]);
    checks.finish()?;
    if let Some(groups) = groups.filter(|g| g.rows() != rows) {
        return Err(Error::argument(
            "group codes",
            groups.rows(),
            format!("one group code per row of {} is needed", startage.name),
        ));
    }
    check_age_contents(&options.age_contents)?;
    let mut checks = Checks::new("life_expectancy");
    checks.finite(&[deaths, population, startage]);
    if !same_bands(startage.values, &options.age_contents) {
        checks.field(
            startage.name,
            "",
            "the contents in the startage field do not match the contents of the age_contents vector",
        );
    }
    checks.finish()?;

    let (d, p, s) = (deaths.values, population.values, startage.values);
    let grouped = groups.is_some();
    let groups = Groups::or_single(groups, rows);
    let groups = &*groups;
    let mut members = groups.members();
    for rows in &mut members {
        rows.sort_by(|&a, &b| s[a].total_cmp(&s[b]));
    }

    // Suppression, rule by rule over the groups still standing, as the package does.
    let mut rule_of: Vec<Option<Suppression>> = vec![None; members.len()];
    let mut warnings = Vec::new();
    for rule in Suppression::ALL {
        let mut hit = false;
        for (g, rows) in members.iter().enumerate() {
            if rule_of[g].is_none() && rule.applies(rows, d, p) {
                rule_of[g] = Some(rule);
                hit = true;
            }
        }
        if hit {
            warnings.push(rule.warning().to_owned());
            if !grouped {
                return Ok(ungrouped_suppressed(s, &members, warnings));
            }
        }
    }

    // Computed groups first, then the suppressed ones by rule, each in group order.
    let mut order: Vec<usize> = (0..members.len()).filter(|&g| rule_of[g].is_none()).collect();
    for rule in Suppression::ALL {
        order.extend((0..members.len()).filter(|&g| rule_of[g] == Some(rule)));
    }

    let levels = options.confidence.z().len();
    let mut out_rows = Vec::with_capacity(rows);
    let mut value = Vec::with_capacity(rows);
    let mut lower = vec![Vec::with_capacity(rows); levels];
    let mut upper = vec![Vec::with_capacity(rows); levels];
    let (mut pops_used, mut dths_used) = (Vec::with_capacity(rows), Vec::with_capacity(rows));
    let z95 = z_for(0.95);
    let mut wide = false;
    for g in order {
        let rows = &members[g];
        let table = rule_of[g].is_none().then(|| life_table(rows, s, d, p));
        // Population and deaths from each band on (a missing value spreads, as in R's cumsum).
        let gather = |values: &[f64]| rows.iter().map(|&r| values[r]).collect::<Vec<_>>();
        let (pops_from, deaths_from) = (suffix_sums(&gather(p)), suffix_sums(&gather(d)));
        for (i, &row) in rows.iter().enumerate() {
            out_rows.push(row);
            pops_used.push(pops_from[i]);
            dths_used.push(deaths_from[i]);
            match &table {
                Some((e, se)) => {
                    let too_wide = z95 * se[i] > MAX_HALF_WIDTH;
                    wide |= too_wide;
                    value.push(if e[i] == f64::INFINITY || too_wide { f64::NAN } else { e[i] });
                    for (level, &z) in options.confidence.z().iter().enumerate() {
                        lower[level].push(e[i] - z * se[i]);
                        upper[level].push(e[i] + z * se[i]);
                    }
                }
                None => {
                    value.push(f64::NAN);
                    for limit in lower.iter_mut().chain(upper.iter_mut()) {
                        limit.push(f64::NAN);
                    }
                }
            }
        }
    }
    if wide {
        warnings.push(WIDE_CI_WARNING.to_owned());
    }

    // Rows for the requested start ages, unless none of them is a band.
    let keep: Vec<usize> = match &options.le_age {
        Some(ages) if options.age_contents.iter().any(|a| ages.contains(a)) => {
            (0..out_rows.len()).filter(|&i| ages.contains(&s[out_rows[i]])).collect()
        }
        Some(_) => {
            warnings.push(LE_AGE_WARNING.to_owned());
            (0..out_rows.len()).collect()
        }
        None => (0..out_rows.len()).collect(),
    };
    let pick = |column: &[f64]| -> Vec<f64> { keep.iter().map(|&i| column[i]).collect() };
    let rows_kept: Vec<usize> = keep.iter().map(|&i| out_rows[i]).collect();

    let mut table = Table::new(rows_kept.len());
    table.number("startage", Role::Data, rows_kept.iter().map(|&r| s[r]).collect());
    table.number("value", Role::Value, pick(&value));
    for (level, column) in lower.iter().enumerate() {
        table.number(options.confidence.lower_name(level), Role::Lower, pick(column));
    }
    for (level, column) in upper.iter().enumerate() {
        table.number(options.confidence.upper_name(level), Role::Upper, pick(column));
    }
    table.number("pops_used", Role::Metadata, pick(&pops_used));
    table.number("dths_used", Role::Metadata, pick(&dths_used));
    table.constant("confidence", options.confidence.label());
    let (labels, codes) = statistic_labels(&rows_kept, s);
    table.text("statistic", Role::Metadata, labels, codes);
    table.constant("method", Some(METHOD.to_owned()));
    table.warnings = warnings;
    Ok(LifeExpectancy { table, rows: rows_kept })
}

/// The package's early return for ungrouped input: every row, by start age, with missing
/// `value`, `lowercl` and `uppercl` only.
fn ungrouped_suppressed(s: &[f64], members: &[Vec<usize>], warnings: Vec<String>) -> LifeExpectancy {
    let rows: Vec<usize> = members.iter().flatten().copied().collect();
    let n = rows.len();
    let mut table = Table::new(n);
    table.number("startage", Role::Data, rows.iter().map(|&r| s[r]).collect());
    for (name, role) in [("value", Role::Value), ("lowercl", Role::Lower), ("uppercl", Role::Upper)] {
        table.number(name, role, vec![f64::NAN; n]);
    }
    table.warnings = warnings;
    LifeExpectancy { table, rows }
}

/// Checks `age_contents`: it starts at 0 and is ascending.
fn check_age_contents(ages: &[f64]) -> Result<(), Error> {
    let listed = |ages: &[f64]| ages.iter().map(|&a| r_number(a)).collect::<Vec<_>>().join(", ");
    if ages.first() != Some(&0.0) {
        return Err(Error::argument("age_contents", listed(ages), "first age band in age_contents must be 0"));
    }
    let mut sorted = ages.to_vec();
    sorted.sort_by(f64::total_cmp);
    let out_of_place: Vec<f64> = ages.iter().zip(&sorted).filter(|(a, b)| a != b).map(|(&a, _)| a).collect();
    if !out_of_place.is_empty() {
        return Err(Error::argument(
            "age_contents",
            listed(ages),
            format!(
                "age_contents doesn't appear to be in ascending order; the following age bands appear out of position: {}",
                listed(&out_of_place)
            ),
        ));
    }
    Ok(())
}

/// Whether the distinct start ages are exactly `age_contents` (a missing start age never
/// matches).
fn same_bands(startage: &[f64], age_contents: &[f64]) -> bool {
    let mut distinct = startage.to_vec();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    let mut wanted = age_contents.to_vec();
    wanted.sort_by(f64::total_cmp);
    distinct == wanted
}

/// The abridged life table of one group of 20 bands sorted by start age: life expectancy
/// `e` and its standard error at the start of every band.
fn life_table(rows: &[usize], start: &[f64], deaths: &[f64], pops: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let k = rows.len();
    let last = k - 1;
    let s: Vec<f64> = rows.iter().map(|&r| start[r]).collect();
    let dd: Vec<f64> = rows.iter().map(|&r| deaths[r]).collect();
    let pp: Vec<f64> = rows.iter().map(|&r| pops[r]).collect();
    let a: Vec<f64> = s.iter().map(|&s| if s == 0.0 { 0.1 } else { 0.5 }).collect();
    let m: Vec<f64> = dd.iter().zip(&pp).map(|(d, p)| d / p).collect();
    // Band widths; the open band's "width" 2 / M only serves its probability of dying.
    let n: Vec<f64> = (0..k).map(|i| if i < last { s[i + 1] - s[i] } else { 2.0 / m[i] }).collect();
    let q: Vec<f64> = (0..k)
        .map(|i| if dd[i] <= pp[i] / n[i] / a[i] { m[i] * n[i] / (1.0 + m[i] * n[i] * (1.0 - a[i])) } else { 1.0 })
        .collect();
    let mut l = vec![100_000.0; k];
    for i in 1..k {
        l[i] = l[i - 1] * (1.0 - q[i - 1]);
    }
    let next_l = |i: usize| if i < last { l[i + 1] } else { 0.0 };
    let d: Vec<f64> = (0..k).map(|i| l[i] - next_l(i)).collect();
    let big_l: Vec<f64> =
        (0..k).map(|i| if i < last { n[i] * (l[i + 1] + a[i] * d[i]) } else { l[i] / m[i] }).collect();
    let t = suffix_sums(&big_l);
    let e: Vec<f64> = (0..k).map(|i| if l[i] == 0.0 { 0.0 } else { t[i] / l[i] }).collect();
    let w: Vec<f64> = (0..k)
        .map(|i| {
            if i < last {
                let var_p = if d[i] == 0.0 { 0.0 } else { q[i] * q[i] * (1.0 - q[i]) / dd[i] };
                let span = (1.0 - a[i]) * n[i] + e[i + 1];
                var_p * (l[i] * l[i]) * (span * span)
            } else {
                // Silcocks et al.: the open band's variance comes from its death rate.
                let var_p = 4.0 / (dd[i] * (m[i] * m[i]));
                (l[i] / 2.0) * (l[i] / 2.0) * var_p
            }
        })
        .collect();
    let st = suffix_sums(&w);
    let se = (0..k).map(|i| (st[i] / (l[i] * l[i])).sqrt()).collect();
    (e, se)
}

/// `Σ_{j ≥ i} x_j` for every `i`, accumulated from the end.
fn suffix_sums(x: &[f64]) -> Vec<f64> {
    let mut total = 0.0;
    let mut sums: Vec<f64> = x
        .iter()
        .rev()
        .map(|v| {
            total += v;
            total
        })
        .collect();
    sums.reverse();
    sums
}

/// `life expectancy at <start age>` for every output row, as codes into distinct labels.
fn statistic_labels(rows: &[usize], start: &[f64]) -> (Vec<String>, Vec<Option<u32>>) {
    let mut labels: Vec<String> = Vec::new();
    let codes = rows
        .iter()
        .map(|&r| {
            let label = format!("life expectancy at {}", r_number(start[r]));
            let code = labels.iter().position(|l| *l == label).unwrap_or_else(|| {
                labels.push(label);
                labels.len() - 1
            });
            Some(code as u32)
        })
        .collect();
    (labels, codes)
}
