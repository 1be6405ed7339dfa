//! Geography vintages: the ICBs in force from each reorganisation, how each vintage's ICBs
//! succeed the last's, and counts carried from one vintage onto another.
//!
//! England had 42 ICBs from July 2022 (Surrey Heartlands and Sussex under E54000052/53), 42
//! from April 2023 (those two recoded after a small boundary change), and 36 from 1 April
//! 2026: twelve abolished, six created, three of the abolished split between successors, and
//! Hampshire and Isle of Wight enlarged under a new ONS code. Vintages are named by the month
//! they start (`2022-07`, `2023-04`, `2026-04`); a period is read in the vintage in force at
//! its start. The facts are two embedded tables (`data/geography/icbs.csv`,
//! `successions.csv`), so a correction is a one-line change; a later reorganisation (the
//! April 2027 wave) is added from a file by [`Vintages::with_reorganisation`], not by a
//! release.
//!
//! [`reproject`] carries counts onto a later vintage: a merger sums its predecessors'
//! numerators and denominators; an ICB split between successors is never assigned wholesale
//! but shared by an [`Apportionment`] the caller supplies, or refused naming what is needed.
//! Totals are conserved exactly.
//!
//! ```
//! use ics_outcomes::Observation;
//! use ics_outcomes::vintage::{self, Vintages, reproject};
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
//! assert_eq!(Vintages::embedded().vintage_of("2026/27 Q1".parse().unwrap()), "2026-04");
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

mod reorganisation;
mod reproject;

use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;
use std::sync::{Arc, LazyLock};

use serde::{Deserialize, Serialize};

pub use reorganisation::{IcbDef, Reorganisation, SuccessionDef};
pub use reproject::{
    Apportionment, Combining, Lookup, Method, Reprojected, Reprojection, SHARE_PLACES, read_csv, reproject,
    reprojection_table, rows_from_fields, rows_from_text,
};

use crate::error::Error;
use crate::period::Period;

/// England's seven NHS regions, code and name: every vintage's ICBs lie in these.
pub(crate) const REGIONS: [(&str, &str); 7] = [
    ("Y56", "London"),
    ("Y58", "South West"),
    ("Y59", "South East"),
    ("Y60", "Midlands"),
    ("Y61", "East of England"),
    ("Y62", "North West"),
    ("Y63", "North East and Yorkshire"),
];

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
    pub first: String,
    /// The last vintage it is valid in; `None` while in force.
    pub last: Option<String>,
}

impl Icb {
    /// Whether the ICB is valid in `vintage`.
    pub fn valid_in(&self, vintage: &str) -> bool {
        self.first.as_str() <= vintage && self.last.as_deref().is_none_or(|last| vintage <= last)
    }

    fn named(&self, code: &str) -> bool {
        self.code == code || self.ods == code
    }
}

/// How an ICB's area passed to a successor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
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

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Change {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Change::Merger, Change::Split, Change::BoundaryChange]
            .into_iter()
            .find(|c| c.id() == s)
            .ok_or_else(|| format!("unknown change {s:?}; expected merger, split or boundary_change"))
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
    pub vintage: String,
}

/// The geography vintages: their names, every ICB of every vintage, and the successions
/// between them. [`Vintages::embedded`] holds England's to date; a reorganisation file adds
/// the next ([`Vintages::with_reorganisation`]). Cheap to clone (the tables are shared).
#[derive(Debug, Clone)]
pub struct Vintages(Arc<Tables>);

#[derive(Debug, PartialEq, Eq)]
struct Tables {
    /// Oldest first, with the month each starts (`year * 12 + month - 1`, as
    /// [`Period::start_month`] counts).
    names: Vec<(String, i32)>,
    icbs: Vec<Icb>,
    successions: Vec<Succession>,
}

impl PartialEq for Vintages {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl Eq for Vintages {}

/// Reads an embedded table's rows (comments and the header skipped).
fn table(text: &'static str) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(text.as_bytes()).into_records().flatten().collect()
}

/// The month a vintage name (`2026-04`) starts, or `None` for text of another shape.
fn start_month(name: &str) -> Option<i32> {
    let (year, month) = name.split_once('-')?;
    let (year, month) = (year.parse::<i32>().ok()?, month.parse::<i32>().ok()?);
    (name.len() == 7 && (1000..=9999).contains(&year) && (1..=12).contains(&month)).then_some(year * 12 + month - 1)
}

static EMBEDDED: LazyLock<Vintages> = LazyLock::new(|| {
    let icbs: Vec<Icb> = table(include_str!("../../data/geography/icbs.csv"))
        .iter()
        .filter_map(|r| {
            Some(Icb {
                code: r.get(0)?.to_owned(),
                ods: r.get(1)?.to_owned(),
                name: r.get(2)?.to_owned(),
                region: r.get(3)?.to_owned(),
                first: r.get(4)?.to_owned(),
                last: r.get(5).filter(|last| !last.is_empty()).map(str::to_owned),
            })
        })
        .collect();
    let successions = table(include_str!("../../data/geography/successions.csv"))
        .iter()
        .filter_map(|r| {
            Some(Succession {
                from: r.get(0)?.to_owned(),
                to: r.get(1)?.to_owned(),
                change: r.get(2)?.parse().ok()?,
                vintage: r.get(3)?.to_owned(),
            })
        })
        .collect();
    let names: BTreeSet<&str> = icbs.iter().map(|icb: &Icb| icb.first.as_str()).collect();
    let names = names.into_iter().filter_map(|name| Some((name.to_owned(), start_month(name)?))).collect();
    Vintages(Arc::new(Tables { names, icbs, successions }))
});

impl Vintages {
    /// England's vintages to date: `2022-07`, `2023-04` and `2026-04`.
    ///
    /// ```
    /// use ics_outcomes::vintage::Vintages;
    /// let v = Vintages::embedded();
    /// assert_eq!(v.names().collect::<Vec<_>>(), ["2022-07", "2023-04", "2026-04"]);
    /// assert_eq!(v.icbs_in("2026-04")?.len(), 36);
    /// assert_eq!(v.successions().len(), 19);
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    pub fn embedded() -> &'static Vintages {
        &EMBEDDED
    }

    /// The vintages' names, oldest first.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.0.names.iter().map(|(name, _)| name.as_str())
    }

    /// The newest vintage.
    pub fn latest(&self) -> &str {
        self.0.names.last().map_or(CURRENT, |(name, _)| name.as_str())
    }

    /// Every ICB of every vintage.
    pub fn icbs(&self) -> &[Icb] {
        &self.0.icbs
    }

    /// Whether `a` and `b` name the same ICB: the same code, or the ONS and ODS codes of one
    /// ICB of some vintage.
    pub fn same_icb(&self, a: &str, b: &str) -> bool {
        a == b || self.0.icbs.iter().any(|icb| icb.named(a) && icb.named(b))
    }

    /// Every succession, oldest first.
    pub fn successions(&self) -> &[Succession] {
        &self.0.successions
    }

    /// The ICBs in force in `vintage` (36 in `2026-04`), or an error naming the vintages there are.
    ///
    /// # Errors
    /// [`Error::Argument`] for a vintage not held.
    pub fn icbs_in(&self, vintage: &str) -> Result<Vec<&Icb>, Error> {
        let vintage = self.checked(vintage)?;
        Ok(self.0.icbs.iter().filter(|icb| icb.valid_in(vintage)).collect())
    }

    /// The vintage of this name, or an [`Error::Argument`] naming the vintages there are.
    ///
    /// # Errors
    /// [`Error::Argument`] for a vintage not held.
    pub fn checked(&self, vintage: &str) -> Result<&str, Error> {
        self.names().find(|v| *v == vintage).ok_or_else(|| {
            Error::argument(
                "vintage",
                vintage,
                format!("the vintages are {}", self.names().collect::<Vec<_>>().join(", ")),
            )
        })
    }

    /// The vintage in force at the start of `period`.
    pub fn vintage_of(&self, period: Period) -> &str {
        let start = period.start_month();
        let names = &self.0.names;
        names.iter().rev().find(|(_, month)| *month <= start).or(names.first()).map_or(CURRENT, |(name, _)| name)
    }

    /// The one rule every front end uses to pick a vintage: the one named, else the one the
    /// frameworks belong to, else the period's, else [`CURRENT`].
    ///
    /// ```
    /// use ics_outcomes::vintage::Vintages;
    /// let v = Vintages::embedded();
    /// assert_eq!(v.choose(None, None, Some("2025/26 Q4".parse().unwrap()))?, "2023-04");
    /// assert_eq!(v.choose(Some("2022-07"), Some("2026-04"), None)?, "2022-07");
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] for a vintage not held.
    pub fn choose(&self, named: Option<&str>, frameworks: Option<&str>, period: Option<Period>) -> Result<&str, Error> {
        match named.or(frameworks) {
            Some(vintage) => self.checked(vintage),
            None => match period {
                Some(period) => Ok(self.vintage_of(period)),
                None => self.checked(CURRENT),
            },
        }
    }

    /// The ICB's place in [`Vintages::icbs`].
    fn index_of(&self, icb: &Icb) -> usize {
        self.0.icbs.iter().position(|i| std::ptr::eq(i, icb)).unwrap_or(0)
    }

    /// The ICB an ONS code names (each ICB has its own).
    fn by_code(&self, code: &str) -> Option<&Icb> {
        self.0.icbs.iter().find(|icb| icb.code == code)
    }

    /// The ICB a code names when read at `period`: the one in force then, else the latest
    /// earlier one with that code, else any (a series may keep using older codes).
    fn icb_at(&self, code: &str, period: Period) -> Option<&Icb> {
        let at = self.vintage_of(period);
        let mut matching: Vec<&Icb> = self.0.icbs.iter().filter(|icb| icb.named(code)).collect();
        matching.sort_by(|a, b| b.first.cmp(&a.first));
        matching
            .iter()
            .find(|icb| icb.valid_in(at))
            .or_else(|| matching.iter().find(|icb| icb.first.as_str() <= at))
            .or_else(|| matching.first())
            .copied()
    }

    /// Looks a code (ONS or ODS) up in `vintage`; a code valid only in another vintage is a
    /// [`Error::NotFound`] that names where its area went.
    ///
    /// # Errors
    /// [`Error::Argument`] for a vintage not held; [`Error::NotFound`] for a code not of it.
    pub fn resolve(&self, code: &str, vintage: &str) -> Result<&Icb, Error> {
        let vintage = self.checked(vintage)?;
        if let Some(icb) = self.0.icbs.iter().find(|icb| icb.named(code) && icb.valid_in(vintage)) {
            return Ok(icb);
        }
        let hint = match self.elsewhere(code, vintage) {
            Some(note) => format!(": {note}"),
            None => ": not an ICB code of any vintage".into(),
        };
        Err(Error::NotFound { what: "area", value: code.to_owned(), hint })
    }

    /// Where an ICB code of another vintage than `vintage` went, or when it came: `QNQ
    /// (Frimley) was abolished on 2026-04-01; its area went to ...`. `None` for a code of no
    /// vintage.
    pub(crate) fn elsewhere<'v>(&'v self, code: &str, vintage: &str) -> Option<String> {
        let icbs = &self.0.icbs;
        let ended = |icb: &&'v Icb| icb.last.as_deref().filter(|last| *last < vintage);
        let abolished = icbs.iter().filter(|icb| icb.named(code)).filter(|icb| ended(icb).is_some()).max_by_key(ended);
        let icb = abolished.or_else(|| icbs.iter().filter(|icb| icb.named(code)).min_by_key(|icb| &icb.first))?;
        Some(if abolished.is_some() {
            let steps = self.0.successions.iter().filter(|s| s.from == icb.code);
            let to: BTreeSet<&str> = steps.clone().map(|s| s.to.as_str()).collect();
            let after = steps.map(|s| s.vintage.as_str()).next().unwrap_or("");
            format!(
                "{code} ({}) was abolished on {after}-01; its area went to {}",
                icb.name,
                to.into_iter().collect::<Vec<_>>().join(", ")
            )
        } else {
            format!("{code} ({}) was created in {}, after {vintage}", icb.name, icb.first)
        })
    }

    /// For an ICB that a reorganisation made (created, or recoded on a new boundary), the
    /// vintage it starts in and its predecessors in the vintage before, each with whether it
    /// came whole (a split ICB gave only part of its area): the history of such an ICB before
    /// that date is a rebuilt one. `None` for an ICB that continues unchanged.
    ///
    /// ```
    /// use ics_outcomes::vintage::Vintages;
    /// let v = Vintages::embedded();
    /// let (since, from) = v.rebuilt_from("E54000071", "2026-04").unwrap();
    /// assert_eq!(since, "2026-04");
    /// assert_eq!(from.iter().map(|(i, whole)| (i.ods.as_str(), *whole)).collect::<Vec<_>>(), [("QRV", true), ("QMJ", true)]);
    /// assert!(v.rebuilt_from("QOP", "2026-04").is_none());
    /// ```
    pub fn rebuilt_from(&self, code: &str, vintage: &str) -> Option<(&str, Vec<(&Icb, bool)>)> {
        let icb = self.0.icbs.iter().find(|icb| icb.named(code) && icb.valid_in(vintage))?;
        let at = self.names().position(|v| v == icb.first)?;
        let before = self.names().nth(at.checked_sub(1)?)?;
        let split = |code: &str| self.0.successions.iter().any(|s| s.from == code && s.change == Change::Split);
        let from: Vec<(&Icb, bool)> = self
            .predecessors(&icb.code, before)
            .into_iter()
            .filter_map(|code| self.by_code(code).filter(|i| i.valid_in(before)))
            .map(|i| (i, !split(&i.code)))
            .collect();
        (from.len() != 1 || from[0].0.code != icb.code).then_some((icb.first.as_str(), from))
    }

    /// The ICBs of vintage `before` whose area is wholly or partly in `code` (an ICB of a
    /// later vintage, by ONS or ODS code), by ONS code; the ICB itself if it was already there.
    ///
    /// ```
    /// use ics_outcomes::vintage::Vintages;
    /// assert_eq!(Vintages::embedded().predecessors("Z9B2Z", "2023-04"), ["E54000027", "E54000028"]);
    /// ```
    pub fn predecessors(&self, code: &str, before: &str) -> Vec<&str> {
        let Some(target) = self.0.icbs.iter().rev().find(|icb| icb.named(code)) else {
            return Vec::new();
        };
        let mut found = BTreeSet::new();
        let mut frontier = vec![target.code.as_str()];
        while let Some(code) = frontier.pop() {
            if let Some(icb) = self.by_code(code).filter(|icb| icb.valid_in(before)) {
                found.insert(icb.code.as_str());
            }
            let steps = self.0.successions.iter().filter(|s| s.to == code && s.vintage.as_str() > before);
            frontier.extend(steps.map(|s| s.from.as_str()));
        }
        found.into_iter().collect()
    }
}
