//! Geography vintages: the ICBs in force from each reorganisation, how each vintage's ICBs
//! succeed the last's, and counts carried from one vintage onto another.
//!
//! England had 42 ICBs from July 2022 (Surrey Heartlands and Sussex under E54000052/53), 42
//! from April 2023 (those two recoded after a small boundary change), and 36 from 1 April
//! 2026: twelve abolished, six created, three of the abolished split between successors, and
//! Hampshire and Isle of Wight enlarged under a new ONS code. Vintages are named by the month
//! they start (`2022-07`, `2023-04`, `2026-04`); a period is read in the vintage in force at
//! its start. The facts are two embedded tables (`data/geography/icbs.csv`,
//! `successions.csv`), so a correction is a one-line change.
//!
//! [`reproject`] carries counts onto a later vintage: a merger sums its predecessors'
//! numerators and denominators; an ICB split between successors is never assigned wholesale
//! but shared by an [`Apportionment`] the caller supplies, or refused naming what is needed.
//! Totals are conserved exactly.
//!
//! ```
//! use ics_outcomes::Observation;
//! use ics_outcomes::vintage::{self, reproject};
//! use rust_decimal::Decimal;
//! // North West London (QRV) and North Central London (QMJ) became West and North London.
//! let row = |area: &str, n: i64, d: i64| Observation {
//!     area: area.into(), metric: "ae_4h".into(), period: "2025-03".parse().unwrap(),
//!     value: None, numerator: Some(Decimal::from(n)), denominator: Some(Decimal::from(d)),
//! };
//! let how = vintage::Reprojection::default();
//! let out = reproject(&[row("QRV", 70, 100), row("E54000028", 80, 100)], "2026-04", &how)?;
//! assert_eq!(out.len(), 1);
//! assert_eq!(out[0].area, "E54000071");
//! assert_eq!((out[0].numerator, out[0].denominator), (Some(Decimal::from(150)), Some(Decimal::from(200))));
//! assert_eq!(out[0].from, ["E54000027", "E54000028"]);
//! // Frimley was split three ways: a typed error says so, and what would rebuild it.
//! let err = reproject(&[row("QNQ", 5, 10)], "2026-04", &how).unwrap_err();
//! assert!(err.to_string().contains("E54000034 (Frimley) was split"));
//! assert_eq!(vintage::vintage_of("2026/27 Q1".parse().unwrap()), "2026-04");
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::error::{Error, IssueKind, IssueLog};
use crate::metric::{Combine, Metric};
use crate::observation::{COLUMNS, Observation, parse_number};
use crate::period::Period;

/// The vintages, oldest first, named by the month they start.
pub const VINTAGES: [&str; 3] = ["2022-07", "2023-04", "2026-04"];

/// The vintage in force today, the default wherever a vintage is not given.
pub const CURRENT: &str = "2026-04";

/// One ICB of one or more vintages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Icb {
    /// ONS E54 code.
    pub code: String,
    /// ODS code (`Q..`, or the 2026 five-character codes).
    pub ods: String,
    /// Name, without "NHS" and "Integrated Care Board".
    pub name: String,
    /// NHS region code (`Y56` ...).
    pub region: String,
    /// The first vintage it is valid in.
    pub first: &'static str,
    /// The last vintage it is valid in; `None` while in force.
    pub last: Option<&'static str>,
}

impl Icb {
    /// Whether the ICB is valid in `vintage`.
    pub fn valid_in(&self, vintage: &str) -> bool {
        self.first <= vintage && self.last.is_none_or(|last| vintage <= last)
    }
}

/// How an ICB's area passed to a successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// The whole area joined others in the successor.
    Merger,
    /// Part of the area went to this successor, part to others.
    Split,
    /// The whole area continues in the successor, with a changed boundary or code.
    BoundaryChange,
}

impl Change {
    /// The stable id, as the successions table writes it.
    pub fn id(self) -> &'static str {
        match self {
            Change::Merger => "merger",
            Change::Split => "split",
            Change::BoundaryChange => "boundary_change",
        }
    }
}

/// The columns of the ICB table, in every front end.
pub const ICB_COLUMNS: [&str; 6] = ["code", "ods", "name", "region", "first_vintage", "last_vintage"];

/// The columns of the successions table, in every front end.
pub const SUCCESSION_COLUMNS: [&str; 4] = ["from", "to", "change", "vintage"];

/// One succession: (part of) `from`'s area is in `to` from `vintage`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Succession {
    /// The predecessor's ONS code.
    pub from: String,
    /// The successor's ONS code.
    pub to: String,
    /// How.
    pub change: Change,
    /// The vintage from which the successor stands.
    pub vintage: &'static str,
}

fn vintage_name(text: &str) -> Option<&'static str> {
    VINTAGES.iter().copied().find(|v| *v == text)
}

/// Reads an embedded table's rows (comments and the header skipped).
fn table(text: &'static str) -> impl Iterator<Item = csv::StringRecord> {
    csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(text.as_bytes())
        .into_records()
        .filter_map(Result::ok)
        .collect::<Vec<_>>()
        .into_iter()
}

static ICBS: LazyLock<Vec<Icb>> = LazyLock::new(|| {
    table(include_str!("../data/geography/icbs.csv"))
        .filter_map(|r| {
            Some(Icb {
                code: r.get(0)?.to_owned(),
                ods: r.get(1)?.to_owned(),
                name: r.get(2)?.to_owned(),
                region: r.get(3)?.to_owned(),
                first: vintage_name(r.get(4)?)?,
                last: r.get(5).and_then(vintage_name),
            })
        })
        .collect()
});

static SUCCESSIONS: LazyLock<Vec<Succession>> = LazyLock::new(|| {
    table(include_str!("../data/geography/successions.csv"))
        .filter_map(|r| {
            let change = match r.get(2)? {
                "merger" => Change::Merger,
                "split" => Change::Split,
                "boundary_change" => Change::BoundaryChange,
                _ => return None,
            };
            Some(Succession {
                from: r.get(0)?.to_owned(),
                to: r.get(1)?.to_owned(),
                change,
                vintage: vintage_name(r.get(3)?)?,
            })
        })
        .collect()
});

/// Every ICB of every vintage.
pub fn icbs() -> &'static [Icb] {
    &ICBS
}

/// Every succession, oldest first.
pub fn successions() -> &'static [Succession] {
    &SUCCESSIONS
}

/// The ICBs in force in `vintage` (36 in `2026-04`), or an error naming the vintages there are.
pub fn icbs_in(vintage: &str) -> Result<Vec<&'static Icb>, Error> {
    let vintage = checked(vintage)?;
    Ok(ICBS.iter().filter(|icb| icb.valid_in(vintage)).collect())
}

/// The vintage to score in: the one named, else the one the local frameworks were checked
/// in (when they agree), else the period's, else [`CURRENT`] ([`choose`]).
///
/// # Errors
/// [`Error::Argument`] for an unknown vintage, or local frameworks of different vintages.
pub fn for_scoring(
    named: Option<&str>,
    locals: &[crate::LocalFramework],
    period: Option<Period>,
) -> Result<&'static str, Error> {
    let found: BTreeSet<&'static str> = locals.iter().filter_map(crate::LocalFramework::vintage).collect();
    if named.is_none() && found.len() > 1 {
        return Err(Error::argument(
            "locals",
            found.into_iter().collect::<Vec<_>>().join(", "),
            "the local frameworks were checked in different geography vintages; give one vintage",
        ));
    }
    choose(named, found.into_iter().next(), period)
}

/// The one rule every front end uses to pick a vintage: the one named, else the one the
/// frameworks belong to, else the period's, else [`CURRENT`].
///
/// # Errors
/// [`Error::Argument`] for an unknown vintage.
pub fn choose(named: Option<&str>, frameworks: Option<&str>, period: Option<Period>) -> Result<&'static str, Error> {
    match named.or(frameworks) {
        Some(vintage) => checked(vintage),
        None => Ok(period.map_or(CURRENT, vintage_of)),
    }
}

/// The vintage in force at the start of `period`.
pub fn vintage_of(period: Period) -> &'static str {
    let start = period.start_month();
    VINTAGES.iter().zip(VINTAGE_MONTHS.iter()).rev().find(|(_, month)| **month <= start).map_or(VINTAGES[0], |(v, _)| v)
}

/// The month each of [`VINTAGES`] starts, counted as [`Period::start_month`] counts.
static VINTAGE_MONTHS: LazyLock<Vec<i32>> = LazyLock::new(|| {
    VINTAGES
        .iter()
        .map(|v| {
            let (year, month) = v.split_once('-').unwrap_or((v, "1"));
            year.parse::<i32>().unwrap_or(0) * 12 + month.parse::<i32>().unwrap_or(1) - 1
        })
        .collect()
});

/// The embedded vintage of this name, or an [`Error::Argument`] naming the vintages there are.
pub(crate) fn checked(vintage: &str) -> Result<&'static str, Error> {
    vintage_name(vintage)
        .ok_or_else(|| Error::argument("vintage", vintage, format!("the vintages are {}", VINTAGES.join(", "))))
}

/// The ICB a code names when read at `period`: the one in force then, else the latest
/// earlier one with that code, else any (a series may keep using older codes).
fn icb_at(code: &str, period: Period) -> Option<&'static Icb> {
    let at = vintage_of(period);
    let named = |icb: &&Icb| icb.code == code || icb.ods == code;
    let mut matching: Vec<&Icb> = ICBS.iter().filter(named).collect();
    matching.sort_by_key(|icb| std::cmp::Reverse(icb.first));
    matching
        .iter()
        .find(|icb| icb.valid_in(at))
        .or_else(|| matching.iter().find(|icb| icb.first <= at))
        .or_else(|| matching.first())
        .copied()
}

/// Looks a code (ONS or ODS) up in `vintage`; a code valid only in another vintage is a
/// [`Error::NotFound`] that names where its area went.
pub fn resolve(code: &str, vintage: &str) -> Result<&'static Icb, Error> {
    let vintage = checked(vintage)?;
    let named = |icb: &&Icb| icb.code == code || icb.ods == code;
    if let Some(icb) = ICBS.iter().filter(named).find(|icb| icb.valid_in(vintage)) {
        return Ok(icb);
    }
    let hint = match elsewhere(code, vintage) {
        Some(note) => format!(": {note}"),
        None => ": not an ICB code of any vintage".into(),
    };
    Err(Error::NotFound { what: "area", value: code.to_owned(), hint })
}

/// Where an ICB code of another vintage than `vintage` went, or when it came: `QNQ (Frimley)
/// was abolished on 2026-04-01; its area went to ...`. `None` for a code of no vintage.
pub(crate) fn elsewhere(code: &str, vintage: &str) -> Option<String> {
    let named = |icb: &&Icb| icb.code == code || icb.ods == code;
    let ended = |icb: &&Icb| icb.last.filter(|last| *last < vintage);
    let abolished = ICBS.iter().filter(named).filter(|icb| ended(icb).is_some()).max_by_key(ended);
    let icb = abolished.or_else(|| ICBS.iter().filter(named).min_by_key(|icb| icb.first))?;
    Some(if abolished.is_some() {
        let to: BTreeSet<&str> = SUCCESSIONS.iter().filter(|s| s.from == icb.code).map(|s| s.to.as_str()).collect();
        let after = SUCCESSIONS.iter().find(|s| s.from == icb.code).map_or("", |s| s.vintage);
        format!(
            "{code} ({}) was abolished on {after}-01; its area went to {}",
            icb.name,
            to.into_iter().collect::<Vec<_>>().join(", ")
        )
    } else {
        format!("{code} ({}) was created in {}, after {vintage}", icb.name, icb.first)
    })
}

/// For an ICB that a reorganisation made (created, or recoded on a new boundary), the vintage
/// it starts in and its predecessors in the vintage before, each with whether it came whole
/// (a split ICB gave only part of its area): the history of such an ICB before that date is
/// a rebuilt one. `None` for an ICB that continues unchanged.
///
/// ```
/// use ics_outcomes::vintage::rebuilt_from;
/// let (since, from) = rebuilt_from("E54000071", "2026-04").unwrap();
/// assert_eq!(since, "2026-04");
/// assert_eq!(from.iter().map(|(i, whole)| (i.ods.as_str(), *whole)).collect::<Vec<_>>(), [("QRV", true), ("QMJ", true)]);
/// assert!(rebuilt_from("QOP", "2026-04").is_none());
/// ```
pub fn rebuilt_from(code: &str, vintage: &str) -> Option<(&'static str, Vec<(&'static Icb, bool)>)> {
    let icb = ICBS.iter().find(|icb| (icb.code == code || icb.ods == code) && icb.valid_in(vintage))?;
    let at = VINTAGES.iter().position(|v| *v == icb.first)?;
    let before = VINTAGES.get(at.checked_sub(1)?)?;
    let split = |code: &str| SUCCESSIONS.iter().any(|s| s.from == code && s.change == Change::Split);
    let from: Vec<(&'static Icb, bool)> = predecessors(&icb.code, before)
        .into_iter()
        .filter_map(|code| ICBS.iter().find(|i| i.code == code && i.valid_in(before)))
        .map(|i| (i, !split(&i.code)))
        .collect();
    (from.len() != 1 || from[0].0.code != icb.code).then_some((icb.first, from))
}

/// The ICBs of vintage `before` whose area is wholly or partly in `code` (an ICB of a later
/// vintage, by ONS or ODS code), by ONS code; the ICB itself if it was already there.
pub fn predecessors(code: &str, before: &str) -> Vec<&'static str> {
    let Some(target) = ICBS.iter().rev().find(|icb| icb.code == code || icb.ods == code) else {
        return Vec::new();
    };
    let mut found = BTreeSet::new();
    let mut frontier = vec![target.code.as_str()];
    while let Some(code) = frontier.pop() {
        if let Some(icb) = ICBS.iter().find(|icb| icb.code == code && icb.valid_in(before)) {
            found.insert(icb.code.as_str());
        }
        frontier.extend(SUCCESSIONS.iter().filter(|s| s.to == code && s.vintage > before).map(|s| s.from.as_str()));
    }
    found.into_iter().collect()
}

/// Shares of each split ICB's counts that go to each successor: exact decimals summing to
/// exactly one for each predecessor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Apportionment {
    shares: BTreeMap<String, Vec<(String, Decimal)>>,
}

impl Apportionment {
    /// Reads the columns `from_code`, `to_code` and `share`, found by name in the header
    /// (ONS or ODS codes; other columns ignored). A missing column is an [`Error::File`];
    /// every other problem is an [`Error::Data`] naming its row: an unknown code, a share that
    /// is not a decimal from 0 to 1, a pair given twice, or shares that do not sum to exactly
    /// one.
    pub fn from_csv(text: &str, source_name: &str) -> Result<Self, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut log = IssueLog::default();
        let mut shares: BTreeMap<String, Vec<(String, Decimal)>> = BTreeMap::new();
        let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
        let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|name| name.trim().to_owned()).collect(),
            Err(e) => return Err(Error::File { file: source_name.into(), message: e.to_string() }),
        };
        let columns = ["from_code", "to_code", "share"].map(|name| header.iter().position(|h| h == name));
        let [Some(from_at), Some(to_at), Some(share_at)] = columns else {
            return Err(Error::File {
                file: source_name.into(),
                message: format!("the columns are from_code, to_code and share; the header is {}", header.join(",")),
            });
        };
        for (i, record) in reader.records().enumerate() {
            let row = i + 1;
            let Ok(record) = record else {
                log.push(format!("row {row}"), "", IssueKind::Invalid { reason: "not a CSV row".into() });
                continue;
            };
            let field = |k: usize| record.get(k).unwrap_or("");
            let code = |k: usize, name: &str, log: &mut IssueLog| {
                let text = field(k);
                match ICBS.iter().find(|icb| icb.code == text || icb.ods == text) {
                    Some(icb) => Some(icb.code.clone()),
                    None => {
                        log.push(format!("row {row}.{name}"), text, IssueKind::UnknownArea);
                        None
                    }
                }
            };
            let (from, to) = (code(from_at, "from_code", &mut log), code(to_at, "to_code", &mut log));
            let share = match crate::number::parse_decimal(field(share_at)) {
                Ok(d) if d >= Decimal::ZERO && d <= Decimal::ONE => Some(d),
                Ok(_) => {
                    let reason = "a share lies between 0 and 1".to_owned();
                    log.push(format!("row {row}.share"), field(share_at), IssueKind::Invalid { reason });
                    None
                }
                Err(reason) => {
                    log.push(format!("row {row}.share"), field(share_at), IssueKind::Invalid { reason });
                    None
                }
            };
            if let (Some(from), Some(to), Some(share)) = (from, to, share) {
                let list = shares.entry(from.clone()).or_default();
                if list.iter().any(|(t, _)| *t == to) {
                    log.push(
                        format!("row {row}.to_code"),
                        to.as_str(),
                        IssueKind::Invalid { reason: format!("a second share from {from} to this successor") },
                    );
                }
                list.push((to, share));
                first_row.entry(from).or_insert(row);
            }
        }
        for (from, list) in &shares {
            let total: Decimal = list.iter().map(|(_, s)| *s).sum();
            if total != Decimal::ONE {
                log.push(
                    format!("row {}.share", first_row.get(from).copied().unwrap_or(0)),
                    total.to_string(),
                    IssueKind::Invalid { reason: format!("the shares from {from} sum to {total}, not exactly 1") },
                );
            }
        }
        log.into_data(source_name)?;
        Ok(Apportionment { shares })
    }
}

/// What to do about values without counts that meet or split.
const COMBINE_HINT: &str =
    "give this metric's numerator and denominator, or say how it combines (combine = \"sum\" or \"weighted_mean\")";

/// The decimal places a split ICB's share of a count is rounded to.
pub const SHARE_PLACES: u32 = 10;

/// The columns of reprojected rows, in every front end: [`crate::COLUMNS`], then where each row
/// came from and how.
pub const REPROJECTED_COLUMNS: [&str; 8] =
    ["area_code", "metric_id", "period", "value", "numerator", "denominator", "reprojected_from", "method"];

/// Rows in the observation CSV shape (`area_code,metric_id,period,value[,numerator,
/// denominator]`) for [`reproject`], read by the library's number and period grammars; the
/// codes are not checked here (they may be of any vintage). Every unreadable field is an
/// [`Error::Data`] naming its row.
pub fn read_csv(text: &str, source_name: &str) -> Result<Vec<Observation>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut log = IssueLog::default();
    let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => return Err(Error::File { file: source_name.into(), message: e.to_string() }),
    };
    let position = |name: &str| header.iter().position(|h| h == name);
    if let Some(missing) = COLUMNS[..3].iter().find(|name| position(name).is_none()) {
        return Err(Error::File {
            file: source_name.into(),
            message: format!("no {missing} column; the header is {}", header.join(",")),
        });
    }
    let mut fields = Vec::new();
    for (i, record) in reader.records().enumerate() {
        match record {
            Ok(record) => {
                let field = |name: &str| position(name).and_then(|k| record.get(k)).unwrap_or("").to_owned();
                fields.push(COLUMNS.map(field));
            }
            Err(e) => log.push(format!("row {}", i + 1), "", IssueKind::Invalid { reason: e.to_string() }),
        }
    }
    log.into_data(source_name)?;
    rows_from_text(fields, source_name)
}

/// Rows for [`reproject`] from text fields in [`COLUMNS`] order (as a frame's columns give
/// them), read as [`read_csv`] reads them; row numbers count from 1.
pub fn rows_from_text<S: AsRef<str>>(
    rows: impl IntoIterator<Item = [S; 6]>,
    source_name: &str,
) -> Result<Vec<Observation>, Error> {
    let mut log = IssueLog::default();
    let mut out = Vec::new();
    for (i, fields) in rows.into_iter().enumerate() {
        let [area, metric, period, value, numerator, denominator] = fields.each_ref().map(AsRef::as_ref);
        let row = i + 1;
        let before = log.len();
        let value = parse_number(value, "value", row, &mut log);
        let numerator = parse_number(numerator, "numerator", row, &mut log);
        let denominator = parse_number(denominator, "denominator", row, &mut log);
        let period = period
            .parse::<Period>()
            .map_err(|reason| log.push(format!("row {row}.period"), period, IssueKind::Invalid { reason }))
            .ok();
        if value.is_none() && numerator.is_none() && log.len() == before {
            log.push(format!("row {row}.value"), "", IssueKind::Missing);
        }
        if let Some(period) = period {
            let (area, metric) = (area.to_owned(), metric.to_owned());
            out.push(Observation { area, metric, period, value, numerator, denominator });
        }
    }
    log.into_data(source_name)?;
    Ok(out)
}

/// How a reprojected row was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The same ICB, unchanged.
    Unchanged,
    /// One predecessor carried whole onto a new code or boundary.
    Recoded,
    /// Several predecessors' counts summed.
    Merged,
    /// Includes a share of a split ICB's counts, from an apportionment.
    Apportioned,
    /// Summed from small areas (LSOAs, practices) through a [`Lookup`].
    RolledUp,
}

impl Method {
    /// The stable id, as the `method` column writes it.
    pub fn id(self) -> &'static str {
        match self {
            Method::Unchanged => "unchanged",
            Method::Recoded => "recoded",
            Method::Merged => "merged",
            Method::Apportioned => "apportioned",
            Method::RolledUp => "rolled_up",
        }
    }
}

/// One reprojected row: counts (or a carried value) for an ICB of the target vintage, with
/// where they came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reprojected {
    /// ONS code in the target vintage.
    pub area: String,
    /// The metric.
    pub metric: String,
    /// The period.
    pub period: Period,
    /// The value, carried as given where the row had no counts and mapped whole onto this
    /// ICB; `None` for counts (compute it from them, [`Reprojected::value_in`]).
    pub value: Option<Decimal>,
    /// The summed numerator.
    pub numerator: Option<Decimal>,
    /// The summed denominator (`None` when any part had none).
    pub denominator: Option<Decimal>,
    /// The predecessors' ONS codes, sorted.
    pub from: Vec<String>,
    /// How.
    pub method: Method,
}

impl Reprojected {
    /// The row as an observation of the target vintage (its provenance dropped).
    pub fn into_observation(self) -> Observation {
        let Reprojected { area, metric, period, value, numerator, denominator, .. } = self;
        Observation { area, metric, period, value, numerator, denominator }
    }

    /// The value: the carried one, or the counts in a unit with this multiplier (100 for a
    /// percentage; `None` for a count, whose value is its numerator).
    pub fn value_in(&self, multiplier: Option<Decimal>) -> Option<Decimal> {
        match (self.value, self.numerator, self.denominator, multiplier) {
            (Some(v), ..) => Some(v),
            (None, Some(n), Some(d), Some(m)) if !d.is_zero() => n.checked_mul(m)?.checked_div(d),
            (None, Some(n), _, None) => Some(n),
            _ => None,
        }
    }
}

/// What has been summed for one area, metric and period of the target vintage.
#[derive(Default)]
struct Sum {
    numerator: Option<Decimal>,
    denominator: Option<Decimal>,
    value: Option<Decimal>,
    /// Σ value × weight and Σ weight, for a weighted mean.
    weighted: Option<(Decimal, Decimal)>,
    /// Rows that brought only a value; more than one, or with counts, cannot be combined.
    values: usize,
    counts: usize,
    /// The predecessors, each once (a handful: a list beats a set).
    from: Vec<&'static str>,
    apportioned: bool,
    rolled_up: bool,
}

/// How values without counts combine, per metric: from the metrics' `combine` and `weight`
/// (metrics not named combine only by their counts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Combining {
    rules: BTreeMap<String, (Combine, Option<String>)>,
}

impl Combining {
    /// The rules the metrics declare.
    pub fn of<'a>(metrics: impl IntoIterator<Item = &'a Metric>) -> Self {
        let rules = metrics.into_iter().filter_map(|m| Some((m.id.clone(), (m.combine?, m.weight.clone())))).collect();
        Combining { rules }
    }

    fn get(&self, metric: &str) -> Option<(Combine, Option<&str>)> {
        self.rules.get(metric).map(|(c, w)| (*c, w.as_deref()))
    }
}

/// What a reprojection is told beyond its rows and target vintage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reprojection<'a> {
    /// The vintage every input code is read in; `None`: each code in the vintage that
    /// defines it at its period (series that keep older codes, as NHS England's do).
    pub from: Option<&'a str>,
    /// Shares of each split ICB's counts by successor.
    pub apportionment: Option<&'a Apportionment>,
    /// How values without counts combine.
    pub combining: Option<&'a Combining>,
    /// Where each small area (LSOA, practice, ...) lies: rows keyed by small areas are
    /// summed into the ICB the lookup names, then carried onto `to` like any ICB's.
    pub lookup: Option<&'a Lookup>,
}

/// Each small area (an LSOA, a practice, a sub-ICB location) and the ICB it lies in, read from
/// a CSV in the ONS lookup shape: the first column is the small area's code, and the ICB is
/// the column named `ICB26CD` (or `ICB23CD`, `ICB22CD`, which say the vintage; `ICB26CDH` for
/// ODS codes) or `icb_code` (each code in the latest vintage that has it). Other columns are
/// ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lookup {
    areas: HashMap<String, &'static Icb>,
}

impl Lookup {
    /// Reads a lookup. Every problem is an [`Error::Data`] naming its row: a small area with
    /// no ICB, an ICB code that is not one of the column's vintage, or a small area given
    /// twice with different ICBs.
    ///
    /// ```
    /// use ics_outcomes::vintage::Lookup;
    /// let lookup = Lookup::from_csv("LSOA21CD,LSOA21NM,ICB26CD\nE01000001,City of London 001A,E54000071\n", "l.csv")?;
    /// assert_eq!(lookup.icb_of("E01000001").map(|i| i.ods.as_str()), Some("Z9B2Z"));
    /// let err = Lookup::from_csv("LSOA21CD,ICB26CD\nE01000001,E54000071\nE01000001,E54000069\n", "l.csv").unwrap_err();
    /// assert!(err.to_string().contains("lies in two ICBs"));
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    pub fn from_csv(text: &str, source_name: &str) -> Result<Self, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|name| name.trim().to_owned()).collect(),
            Err(e) => return Err(Error::File { file: source_name.into(), message: e.to_string() }),
        };
        let icb_column = header.iter().enumerate().skip(1).find_map(|(k, name)| {
            let upper = name.to_ascii_uppercase();
            let vintage = match upper.strip_prefix("ICB").and_then(|r| r.strip_suffix("CD").or(r.strip_suffix("CDH"))) {
                Some("22") => Some(Some("2022-07")),
                Some("23") => Some(Some("2023-04")),
                Some("26") => Some(Some("2026-04")),
                _ if name == "icb_code" => Some(None),
                _ => None,
            };
            vintage.map(|v| (k, v))
        });
        let Some((column, vintage)) = icb_column else {
            return Err(Error::File {
                file: source_name.into(),
                message: format!(
                    "no ICB column (ICB26CD, ICB23CD, ICB22CD, ICB26CDH or icb_code) after the small-area code; the \
                     header is {}",
                    header.join(",")
                ),
            });
        };
        let mut log = IssueLog::default();
        let mut areas: HashMap<String, (&'static Icb, usize)> = HashMap::new();
        for (i, record) in reader.records().enumerate() {
            let row = i + 1;
            let Ok(record) = record else {
                log.push(format!("row {row}"), "", IssueKind::Invalid { reason: "not a CSV row".into() });
                continue;
            };
            let (area, code) = (record.get(0).unwrap_or("").trim(), record.get(column).unwrap_or("").trim());
            if area.is_empty() {
                log.push(format!("row {row}.{}", header[0]), "", IssueKind::Missing);
                continue;
            }
            let named = |icb: &&Icb| icb.code == code || icb.ods == code;
            let icb = match vintage {
                Some(v) => ICBS.iter().filter(named).find(|icb| icb.valid_in(v)),
                None => ICBS.iter().filter(named).max_by_key(|icb| (icb.last.is_none(), icb.last, icb.first)),
            };
            let Some(icb) = icb else {
                let path = format!("row {row}.{}", header[column]);
                match (code.is_empty(), vintage.and_then(|v| Some((v, elsewhere(code, v)?)))) {
                    (true, _) => log.push(path, area, IssueKind::Invalid { reason: format!("{area} lies in no ICB") }),
                    (false, Some((v, note))) => {
                        log.push(path, code, IssueKind::OtherVintage { vintage: v.to_owned(), note });
                    }
                    (false, None) => log.push(path, code, IssueKind::UnknownArea),
                }
                continue;
            };
            match areas.get(area) {
                Some((first, at)) if first.code != icb.code => log.push(
                    format!("row {row}.{}", header[0]),
                    area,
                    IssueKind::Invalid {
                        reason: format!("{area} lies in two ICBs: {} (row {at}) and {}", first.code, icb.code),
                    },
                ),
                Some(_) => {}
                None => {
                    areas.insert(area.to_owned(), (icb, row));
                }
            }
        }
        log.into_data(source_name)?;
        Ok(Lookup { areas: areas.into_iter().map(|(area, (icb, _))| (area, icb)).collect() })
    }

    /// The ICB a small area lies in.
    pub fn icb_of(&self, area: &str) -> Option<&'static Icb> {
        self.areas.get(area).copied()
    }

    /// The number of small areas.
    pub fn len(&self) -> usize {
        self.areas.len()
    }

    /// Whether it names no small area.
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }
}

/// A successor in the target vintage, the share of the counts it takes (`None`: all), and
/// whether that share came from an apportionment.
type Destination = (&'static Icb, Option<Decimal>, bool);

/// Where one ICB's counts go in `to`.
fn destinations(
    icb: &'static Icb,
    to: &'static str,
    apportionment: Option<&Apportionment>,
) -> Result<Vec<Destination>, String> {
    if icb.valid_in(to) {
        return Ok(vec![(icb, None, false)]);
    }
    let steps: Vec<&Succession> =
        SUCCESSIONS.iter().filter(|s| s.from == icb.code && s.vintage <= to && icb.first < s.vintage).collect();
    if steps.is_empty() {
        return Err(format!("{} ({}) has no successor in {to}", icb.code, icb.name));
    }
    let successor = |code: &str| ICBS.iter().find(|i| i.code == code && i.first <= to);
    if steps.len() == 1 && steps[0].change != Change::Split {
        let next = successor(&steps[0].to).ok_or_else(|| format!("{} is not an ICB", steps[0].to))?;
        return destinations(next, to, apportionment);
    }
    let mut out = Vec::new();
    let shares = apportionment.and_then(|a| a.shares.get(&icb.code)).ok_or_else(|| {
        let to: Vec<&str> = steps.iter().map(|s| s.to.as_str()).collect();
        format!(
            "{} ({}) was split between {} on {}-01: its counts cannot be assigned wholesale to one successor; \
             give an apportionment (from_code,to_code,share) or finer data with a lookup",
            icb.code,
            icb.name,
            to.join(", "),
            steps[0].vintage
        )
    })?;
    for (code, share) in shares {
        let next = successor(code).ok_or_else(|| format!("{code} is not an ICB"))?;
        for (icb, inner, _) in destinations(next, to, apportionment)? {
            let combined = match inner {
                Some(inner) => share.checked_mul(inner).ok_or_else(|| format!("shares of {code} overflow"))?,
                None => *share,
            };
            out.push((icb, Some(combined), true));
        }
    }
    Ok(out)
}

/// An input code's ICB, whether it came through the lookup, and the ICB's place in the table.
type Resolved = Option<(&'static Icb, bool, usize)>;

fn index_of(icb: &'static Icb) -> usize {
    ICBS.iter().position(|i| std::ptr::eq(i, icb)).unwrap_or(0)
}

/// Resolves each distinct code once: large inputs repeat a few thousand codes many times,
/// usually in runs, so the last resolution is tried first.
struct Resolver<'r, 'a> {
    from: Option<&'static str>,
    lookup: Option<&'a Lookup>,
    codes: FxHashMap<(&'r str, &'static str), Resolved>,
    last: Option<(&'r str, &'static str, Resolved)>,
}

impl<'r> Resolver<'r, '_> {
    fn resolve(&mut self, row: &'r Observation) -> Resolved {
        let at = self.from.unwrap_or_else(|| vintage_of(row.period));
        if let Some((area, vintage, icb)) = self.last
            && area == row.area
            && vintage == at
        {
            return icb;
        }
        let (from, lookup) = (self.from, self.lookup);
        let icb = *self.codes.entry((row.area.as_str(), at)).or_insert_with(|| {
            if let Some(icb) = lookup.and_then(|l| l.icb_of(&row.area)) {
                return Some((icb, true, index_of(icb)));
            }
            let icb = match from {
                Some(from) => {
                    ICBS.iter().find(|icb| (icb.code == row.area || icb.ods == row.area) && icb.valid_in(from))
                }
                None => icb_at(&row.area, row.period),
            };
            icb.map(|icb| (icb, false, index_of(icb)))
        });
        self.last = Some((row.area.as_str(), at, icb));
        icb
    }
}

/// Carries counts onto the ICBs of vintage `to`, summing mergers and sharing split ICBs by
/// the apportionment. Each input row's code is read in the `from` vintage when one is given,
/// else in the vintage in force at its period (or the latest earlier one that has it, as
/// series that keep older codes need).
///
/// A split ICB's share of each count is rounded to [`SHARE_PLACES`] decimal places and the
/// last successor takes what is left, so every row's counts are conserved exactly; sums of
/// such parts stay well within a `Decimal`, so every total is too (checked: a total that
/// could not be kept exactly, from counts of very many decimal places, is refused).
///
/// Values without counts travel whole onto a single successor; where areas meet or split,
/// they combine only as their metric's [`Combine`] rule says: summed, or a weighted mean
/// (rounded to [`SHARE_PLACES`] places) weighted by another metric's value for the same
/// predecessor and period.
///
/// # Errors
/// [`Error::Argument`] for an unknown vintage; [`Error::Data`] naming the row for a code
/// that is no ICB (or not one of the `from` vintage), for a split ICB without an
/// apportionment (naming the ICB, its successors and the periods affected), and for values
/// that cannot combine (naming the metric), or whose weight is missing.
pub fn reproject<'r>(rows: &'r [Observation], to: &str, how: &Reprojection<'_>) -> Result<Vec<Reprojected>, Error> {
    let to = checked(to)?;
    let from = how.from.map(checked).transpose()?;
    let no_rules = Combining::default();
    let combining = how.combining.unwrap_or(&no_rules);
    let mut log = IssueLog::default();
    let mut resolver = Resolver { from, lookup: how.lookup, codes: FxHashMap::default(), last: None };
    // Where each ICB's counts go (by its place in the table), each successor with its place.
    type Targets = Result<Vec<(usize, Destination)>, String>;
    let mut targets: Vec<Option<Targets>> = vec![None; ICBS.len()];
    // Metrics by number, so that the per-row maps hash numbers, not text.
    let mut metric_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut metric_names: Vec<&str> = Vec::new();
    let mut last_metric: Option<(&str, u32)> = None;
    // The weights of weighted means: each weight metric's value by predecessor and period.
    let weight_metrics: BTreeSet<&str> = rows.iter().filter_map(|r| combining.get(&r.metric)?.1).collect();
    // A small area's value is weighted by its own weight, an ICB's by the ICB's.
    let weight_key = |row: &'r Observation, icb: &'static Icb, rolled_up: bool| -> &'r str {
        if rolled_up { row.area.as_str() } else { icb.code.as_str() }
    };
    let mut weights: FxHashMap<(&str, &str, Period), Decimal> = FxHashMap::default();
    if !weight_metrics.is_empty() {
        for r in rows.iter().filter(|r| weight_metrics.contains(r.metric.as_str())) {
            if let (Some((icb, rolled_up, _)), Some(v)) = (resolver.resolve(r), r.value) {
                weights.insert((weight_key(r, icb, rolled_up), r.metric.as_str(), r.period), v);
            }
        }
    }
    let mut sums: FxHashMap<(usize, u32, Period), Sum> = FxHashMap::default();
    // England's totals per metric and period, to check that nothing was lost or made.
    let mut totals: FxHashMap<(u32, Period), (Decimal, Option<Decimal>)> = FxHashMap::default();
    let mut refused: BTreeMap<&'static str, (String, BTreeSet<Period>, usize)> = BTreeMap::new();
    for (i, row) in rows.iter().enumerate() {
        let given = [("value", row.value), ("numerator", row.numerator), ("denominator", row.denominator)];
        let mut too_large = false;
        for (field, value) in given.iter().filter_map(|(f, v)| v.map(|v| (f, v))) {
            if let Some(issue) = crate::limits::magnitude_issue(value) {
                log.push(format!("row {}.{field}", i + 1), value.to_string(), issue);
                too_large = true;
            }
        }
        if too_large {
            continue;
        }
        let Some((icb, rolled_up, at)) = resolver.resolve(row) else {
            let kind = match from.and_then(|v| Some((v, elsewhere(&row.area, v)?))) {
                Some((vintage, note)) => IssueKind::OtherVintage { vintage: vintage.to_owned(), note },
                None if how.lookup.is_some() => {
                    IssueKind::Invalid { reason: "neither an ICB code nor a small area of the lookup".into() }
                }
                None => IssueKind::UnknownArea,
            };
            log.push(format!("row {}.area_code", i + 1), row.area.as_str(), kind);
            continue;
        };
        let metric = match last_metric {
            Some((name, id)) if name == row.metric => id,
            _ => {
                let id = *metric_ids.entry(row.metric.as_str()).or_insert_with(|| {
                    metric_names.push(row.metric.as_str());
                    u32::try_from(metric_names.len() - 1).unwrap_or(u32::MAX)
                });
                last_metric = Some((row.metric.as_str(), id));
                id
            }
        };
        if let Some(numerator) = row.numerator {
            let t = totals.entry((metric, row.period)).or_insert((Decimal::ZERO, Some(Decimal::ZERO)));
            t.0 += numerator;
            t.1 = t.1.zip(row.denominator).map(|(a, b)| a + b);
        }
        let found = targets[at].get_or_insert_with(|| {
            destinations(icb, to, how.apportionment).map(|d| d.into_iter().map(|t| (index_of(t.0), t)).collect())
        });
        let targets = match found {
            Ok(targets) => targets.as_slice(),
            Err(reason) => {
                let entry = refused.entry(icb.code.as_str()).or_insert((reason.clone(), BTreeSet::new(), i + 1));
                entry.1.insert(row.period);
                continue;
            }
        };
        let rule = combining.get(&row.metric);
        let whole = matches!(targets, [(_, (_, None, _))]);
        if rule.is_some_and(|(c, _)| c == Combine::NotCombinable) && (!whole || targets[0].1.0.code != icb.code) {
            log.push(
                format!("row {}.metric_id", i + 1),
                row.metric.as_str(),
                IssueKind::Invalid {
                    reason: format!(
                        "{} ({}) does not continue unchanged in {to}, and this metric is declared not combinable",
                        icb.code, icb.name
                    ),
                },
            );
            continue;
        }
        // A value alone: summed like a count, weighted, or carried whole.
        let (numerator, denominator, weight) = match (row.numerator, rule) {
            (Some(n), _) => (n, row.denominator, None),
            (None, Some((Combine::Sum, _))) => match row.value {
                Some(v) => (v, None, None),
                None => {
                    log.push(format!("row {}.value", i + 1), "", IssueKind::Missing);
                    continue;
                }
            },
            (None, Some((Combine::WeightedMean, Some(w)))) => {
                match (row.value, weights.get(&(weight_key(row, icb, rolled_up), w, row.period))) {
                    (Some(v), Some(&weight)) => match v.checked_mul(weight) {
                        Some(vw) => (vw, Some(weight), Some(w)),
                        None => {
                            log.push(
                                format!("row {}.value", i + 1),
                                v.to_string(),
                                IssueKind::TooLarge { limit: crate::limits::MAX_MAGNITUDE },
                            );
                            continue;
                        }
                    },
                    _ => {
                        log.push(
                            format!("row {}.value", i + 1),
                            row.metric.as_str(),
                            IssueKind::Invalid {
                                reason: format!(
                                    "a weighted mean weighted by {w}, and there is no {w} value for {} at {}",
                                    row.area, row.period
                                ),
                            },
                        );
                        continue;
                    }
                }
            }
            (None, _) => {
                match targets {
                    [(target, (_, None, _))] => {
                        let sum = sums.entry((*target, metric, row.period)).or_default();
                        sum.value = row.value;
                        sum.values += 1;
                        if !sum.from.contains(&icb.code.as_str()) {
                            sum.from.push(icb.code.as_str());
                        }
                        sum.rolled_up |= rolled_up;
                    }
                    _ => log.push(
                        format!("row {}.numerator", i + 1),
                        row.metric.as_str(),
                        IssueKind::Invalid {
                            reason: format!(
                                "{} ({}) is shared between successors, and a value without counts cannot be shared; \
                                 {COMBINE_HINT}",
                                icb.code, icb.name
                            ),
                        },
                    ),
                }
                continue;
            }
        };
        let (mut left_n, mut left_d) = (numerator, denominator);
        let last = targets.len().saturating_sub(1);
        for (k, &(target, (_, share, apportioned))) in targets.iter().enumerate() {
            let part = |whole: Decimal, left: Decimal| match share {
                Some(s) if k < last => whole.checked_mul(s).map_or(Decimal::ZERO, |x| x.round_dp(SHARE_PLACES)),
                _ => left,
            };
            let n = part(numerator, left_n);
            let d = denominator.zip(left_d).map(|(whole, left)| part(whole, left));
            left_n -= n;
            left_d = left_d.zip(d).map(|(l, d)| l - d);
            let sum = sums.entry((target, metric, row.period)).or_default();
            if weight.is_some() {
                let (vw, w) = sum.weighted.unwrap_or_default();
                sum.weighted = Some((vw + n, w + d.unwrap_or_default()));
            } else if row.numerator.is_none() {
                sum.value = Some(sum.value.unwrap_or_default() + n);
            } else {
                sum.denominator = match (sum.counts, sum.denominator, d) {
                    (0, _, d) => d,
                    (_, Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
                sum.numerator = Some(sum.numerator.unwrap_or_default() + n);
            }
            sum.counts += 1;
            if !sum.from.contains(&icb.code.as_str()) {
                sum.from.push(icb.code.as_str());
            }
            sum.apportioned |= apportioned;
            sum.rolled_up |= rolled_up;
        }
    }
    let mut sums: Vec<((&'static str, &str, Period), Sum)> = sums
        .into_iter()
        .map(|((area, metric, period), sum)| ((ICBS[area].code.as_str(), metric_names[metric as usize], period), sum))
        .collect();
    sums.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for ((area, metric, period), sum) in &sums {
        if sum.values > 1 || (sum.values > 0 && sum.counts > 0) {
            log.push(
                format!("{area} {period}"),
                *metric,
                IssueKind::Invalid {
                    reason: format!(
                        "{} predecessors meet in {area}, and values without counts cannot be combined; {COMBINE_HINT}",
                        {
                            let mut from = sum.from.clone();
                            from.sort_unstable();
                            from.join(" + ")
                        }
                    ),
                },
            );
        }
    }
    for (code, (reason, periods, row)) in refused {
        let periods: Vec<String> = periods.iter().map(Period::to_string).collect();
        let shown = if periods.len() > 4 {
            format!("{} ... {} ({} periods)", periods[0], periods[periods.len() - 1], periods.len())
        } else {
            periods.join(", ")
        };
        log.push(
            format!("row {row}.area_code"),
            code,
            IssueKind::Invalid { reason: format!("{reason}; periods {shown}") },
        );
    }
    log.into_data("<reprojection>")?;
    // Totals per metric and period, before and after: equal unless an addition rounded
    // (denominators compared where every row had one).
    for ((_, metric, period), sum) in sums.iter().filter(|(_, sum)| sum.numerator.is_some()) {
        if let Some(t) = metric_ids.get(metric).and_then(|id| totals.get_mut(&(*id, *period))) {
            t.0 -= sum.numerator.unwrap_or_default();
            t.1 = t.1.zip(sum.denominator).map(|(a, b)| a - b);
        }
    }
    let unbalanced = totals
        .iter()
        .filter(|(_, (n, d))| !n.is_zero() || d.is_some_and(|d| !d.is_zero()))
        .map(|((metric, period), _)| (metric_names[*metric as usize], *period))
        .min();
    if let Some((metric, period)) = unbalanced {
        return Err(Error::argument(
            "counts",
            format!("{metric} {period}"),
            "the counts have too many decimal places to be shared between successors exactly",
        ));
    }
    Ok(sums
        .into_iter()
        .map(|((area, metric, period), sum)| {
            let method = match (sum.rolled_up, sum.apportioned, sum.from.len()) {
                (true, ..) => Method::RolledUp,
                (_, true, _) => Method::Apportioned,
                (_, false, 1) if sum.from.contains(&area) => Method::Unchanged,
                (_, false, 1) => Method::Recoded,
                _ => Method::Merged,
            };
            let weighted_mean = sum.weighted.and_then(|(vw, w)| vw.checked_div(w)).map(|v| v.round_dp(SHARE_PLACES));
            Reprojected {
                area: area.to_owned(),
                metric: metric.to_owned(),
                period,
                value: weighted_mean.or(sum.value),
                numerator: sum.numerator,
                denominator: sum.denominator,
                from: {
                    let mut from: Vec<String> = sum.from.into_iter().map(str::to_owned).collect();
                    from.sort_unstable();
                    from
                },
                method,
            }
        })
        .collect())
}
