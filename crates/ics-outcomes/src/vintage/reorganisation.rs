//! A reorganisation file: the ICBs a new vintage creates and the successions into them, so
//! that the next wave of mergers is added by a file, not by a release.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Change, Icb, Succession, Tables, Vintages, start_month};
use crate::error::{DataKind, Error, IssueKind, IssueLog};
use crate::files::Format;

/// One reorganisation, as its file gives it (TOML or JSON; [`Reorganisation::parse`] also
/// reads the CSV shape `vintage,from,to,change,to_ods,to_name,to_region`).
///
/// ```toml
/// vintage = "2027-04"
///
/// [[icbs]]
/// code = "E54000072"
/// ods = "QZA"
/// name = "Example"
/// region = "Y61"
///
/// [[successions]]
/// from = "E54000065"
/// to = "E54000072"
/// change = "merger"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reorganisation {
    /// The new vintage, named by the month it starts (`2027-04`); later than every vintage
    /// held.
    pub vintage: String,
    /// The ICBs it creates.
    #[serde(default)]
    pub icbs: Vec<IcbDef>,
    /// Where each abolished ICB's area goes: one row per successor (two or more for a split).
    pub successions: Vec<SuccessionDef>,
}

/// An ICB a reorganisation creates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IcbDef {
    /// ONS E54 code, new to every vintage.
    pub code: String,
    /// ODS code.
    pub ods: String,
    /// Name, without "NHS" and "Integrated Care Board".
    pub name: String,
    /// NHS region code (`Y56` ... `Y63`).
    pub region: String,
}

/// (Part of) an abolished ICB's area passing to a successor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuccessionDef {
    /// The abolished ICB, by ONS or ODS code, as it stands in the latest vintage held.
    pub from: String,
    /// The successor: an ICB created here, or one that continues (taking part of a split).
    pub to: String,
    /// How the area passes.
    pub change: Change,
}

/// The columns of a reorganisation file in CSV, in every front end.
pub const REORGANISATION_COLUMNS: [&str; 7] = ["vintage", "from", "to", "change", "to_ods", "to_name", "to_region"];

impl Reorganisation {
    /// Reads a reorganisation file: CSV when `source_name` ends `.csv` or the text's first
    /// line is a CSV header, else TOML or JSON as [`Format::detect`] decides.
    ///
    /// # Errors
    /// [`Error::File`] for text of no such shape, naming the field; [`Error::Data`] for CSV
    /// rows that are unreadable or disagree, naming the row.
    pub fn parse(text: &str, source_name: &str) -> Result<Self, Error> {
        let first_line =
            text.trim_start_matches('\u{feff}').lines().find(|l| !l.trim().is_empty() && !l.starts_with('#'));
        if source_name.to_ascii_lowercase().ends_with(".csv") || first_line.is_some_and(|l| l.starts_with("vintage,")) {
            return Reorganisation::from_csv(text, source_name);
        }
        crate::files::parse(text, Format::detect(source_name, text), source_name)
    }

    fn from_csv(text: &str, source_name: &str) -> Result<Self, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|name| name.trim().to_owned()).collect(),
            Err(e) => return Err(Error::File { file: source_name.into(), message: e.to_string() }),
        };
        let at = REORGANISATION_COLUMNS.map(|name| header.iter().position(|h| h == name));
        if let Some((name, _)) = REORGANISATION_COLUMNS.iter().zip(at).take(4).find(|(_, k)| k.is_none()) {
            return Err(Error::File {
                file: source_name.into(),
                message: format!(
                    "no {name} column; the columns are {} (the last three for ICBs it creates)",
                    REORGANISATION_COLUMNS.join(",")
                ),
            });
        }
        let mut log = IssueLog::default();
        let mut vintage: Option<(String, usize)> = None;
        let mut icbs: BTreeMap<String, (IcbDef, usize)> = BTreeMap::new();
        let mut successions = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let row = i + 1;
            let Ok(record) = record else {
                log.push(format!("row {row}"), "", IssueKind::Invalid { reason: "not a CSV row".into() });
                continue;
            };
            let [v, from, to, change, ods, name, region] =
                at.map(|k| k.and_then(|k| record.get(k)).unwrap_or("").trim().to_owned());
            match &vintage {
                None => vintage = Some((v, row)),
                Some((first, first_row)) if *first != v => log.push(
                    format!("row {row}.vintage"),
                    v,
                    IssueKind::Invalid { reason: format!("one reorganisation a file: row {first_row} says {first}") },
                ),
                Some(_) => {}
            }
            let change = match change.parse::<Change>() {
                Ok(change) => change,
                Err(reason) => {
                    log.push(format!("row {row}.change"), change, IssueKind::Invalid { reason });
                    continue;
                }
            };
            if [&ods, &name, &region].iter().any(|f| !f.is_empty()) {
                let def = IcbDef { code: to.clone(), ods, name, region };
                match icbs.get(&to) {
                    Some((first, first_row)) if *first != def => log.push(
                        format!("row {row}.to"),
                        to.as_str(),
                        IssueKind::Invalid {
                            reason: format!("row {first_row} gives this ICB a different ODS code, name or region"),
                        },
                    ),
                    Some(_) => {}
                    None => {
                        icbs.insert(to.clone(), (def, row));
                    }
                }
            }
            successions.push(SuccessionDef { from, to, change });
        }
        log.into_data(DataKind::Reorganisation, source_name)?;
        let mut icbs: Vec<(IcbDef, usize)> = icbs.into_values().collect();
        icbs.sort_by_key(|(_, row)| *row);
        Ok(Reorganisation {
            vintage: vintage.map(|(v, _)| v).unwrap_or_default(),
            icbs: icbs.into_iter().map(|(def, _)| def).collect(),
            successions,
        })
    }
}

impl Vintages {
    /// These vintages and one more, from a reorganisation file's text (see
    /// [`Reorganisation`]): its new ICBs valid from the new vintage, the ICBs it abolishes
    /// valid until the latest vintage held, and its successions.
    ///
    /// ```
    /// use ics_outcomes::vintage::Vintages;
    /// let wave = "vintage,from,to,change,to_ods,to_name,to_region\n\
    ///             2027-04,QKS,E54000072,merger,QZA,Kent Surrey and Sussex,Y59\n\
    ///             2027-04,E54000069,E54000072,merger,,,\n";
    /// let v = Vintages::embedded().with_reorganisation(wave, "wave.csv")?;
    /// assert_eq!(v.latest(), "2027-04");
    /// assert_eq!(v.icbs_in("2027-04")?.len(), 35);
    /// assert_eq!(v.vintage_of("2027/28 Q1".parse().unwrap()), "2027-04");
    /// let err = v.resolve("QKS", "2027-04").unwrap_err();
    /// assert!(err.to_string().contains("was abolished on 2027-04-01; its area went to E54000072"));
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::File`] for a file of no such shape; [`Error::Data`] naming the field for a
    /// vintage that is not a later month, an ICB code already used or given twice, a region
    /// that is not one of the seven, a successor or predecessor that is no ICB of the latest
    /// vintage, a split with one successor or a merger with two, and a new ICB nothing
    /// passes to.
    pub fn with_reorganisation(&self, text: &str, source_name: &str) -> Result<Vintages, Error> {
        self.with(&Reorganisation::parse(text, source_name)?, source_name)
    }

    /// These vintages and the one `wave` makes (see [`Vintages::with_reorganisation`]).
    ///
    /// # Errors
    /// As [`Vintages::with_reorganisation`].
    pub fn with(&self, wave: &Reorganisation, source_name: &str) -> Result<Vintages, Error> {
        let mut log = IssueLog::default();
        let latest = self.latest().to_owned();
        let month = start_month(&wave.vintage);
        if month.is_none() || wave.vintage <= latest {
            let reason = format!("a new vintage is named by the month it starts (YYYY-MM), after {latest}");
            log.push("vintage", wave.vintage.as_str(), IssueKind::Invalid { reason });
        }
        let current: Vec<&Icb> = self.icbs().iter().filter(|icb| icb.valid_in(&latest)).collect();
        for (i, def) in wave.icbs.iter().enumerate() {
            let fields = [("code", &def.code), ("ods", &def.ods), ("name", &def.name), ("region", &def.region)];
            for (field, text) in fields {
                if text.is_empty() {
                    log.push(format!("icbs[{i}].{field}"), "", IssueKind::Missing);
                } else if text.trim() != text || text.chars().any(char::is_control) {
                    let reason = "visible text, without surrounding spaces or control characters".to_owned();
                    log.push(format!("icbs[{i}].{field}"), text.as_str(), IssueKind::Invalid { reason });
                }
            }
            for (field, text) in [("code", &def.code), ("ods", &def.ods)] {
                if let Some(icb) = self.icbs().iter().find(|icb| icb.named(text)) {
                    let reason = format!("{text} already names {} ({}) from {}", icb.code, icb.name, icb.first);
                    log.push(format!("icbs[{i}].{field}"), text.as_str(), IssueKind::Invalid { reason });
                }
            }
            if let Some(first) = wave.icbs[..i].iter().position(|o| o.code == def.code || o.ods == def.ods) {
                let first = format!("icbs[{first}]");
                log.push(format!("icbs[{i}].code"), def.code.as_str(), IssueKind::Duplicate { first });
            }
            if !super::REGIONS.iter().any(|(code, _)| *code == def.region) {
                let codes: Vec<&str> = super::REGIONS.iter().map(|(code, _)| *code).collect();
                let reason = format!("the NHS regions are {}", codes.join(", "));
                log.push(format!("icbs[{i}].region"), def.region.as_str(), IssueKind::Invalid { reason });
            }
        }
        // Each succession by the ONS codes it joins.
        let mut steps: Vec<(String, String, Change, usize)> = Vec::new();
        for (i, s) in wave.successions.iter().enumerate() {
            let from = current.iter().find(|icb| icb.named(&s.from));
            if from.is_none() {
                let kind = match self.elsewhere(&s.from, &latest) {
                    Some(note) => IssueKind::OtherVintage { vintage: latest.clone(), note },
                    None => IssueKind::UnknownArea,
                };
                log.push(format!("successions[{i}].from"), s.from.as_str(), kind);
            }
            let to = match wave.icbs.iter().find(|def| def.code == s.to || def.ods == s.to) {
                Some(def) => Some(def.code.clone()),
                None => current.iter().find(|icb| icb.named(&s.to)).map(|icb| icb.code.clone()),
            };
            if to.is_none() {
                let reason = format!("not an ICB of {latest} nor one this reorganisation creates");
                log.push(format!("successions[{i}].to"), s.to.as_str(), IssueKind::Invalid { reason });
            }
            if let (Some(from), Some(to)) = (from, to) {
                if from.code == to {
                    let reason = "an ICB does not succeed itself; list only the ICBs a change abolishes".to_owned();
                    log.push(format!("successions[{i}].to"), s.to.as_str(), IssueKind::Invalid { reason });
                } else if let Some(first) = steps.iter().position(|(f, t, ..)| *f == from.code && *t == to) {
                    log.push(
                        format!("successions[{i}]"),
                        format!("{} -> {to}", s.from),
                        IssueKind::Duplicate { first: format!("successions[{first}]") },
                    );
                } else {
                    steps.push((from.code.clone(), to, s.change, i));
                }
            }
        }
        let abolished: BTreeSet<&str> = steps.iter().map(|(from, ..)| from.as_str()).collect();
        for from in &abolished {
            let mine: Vec<&(String, String, Change, usize)> = steps.iter().filter(|(f, ..)| f == from).collect();
            let (change, at) = (mine[0].2, mine[0].3);
            let problem = if mine.iter().any(|s| s.2 != change) {
                Some("one ICB's successions all have the same change".to_owned())
            } else if change == Change::Split && mine.len() < 2 {
                Some("a split names two or more successors".to_owned())
            } else if change != Change::Split && mine.len() > 1 {
                Some(format!("a {change} passes the whole area to one successor; use split for several"))
            } else {
                None
            };
            if let Some(reason) = problem {
                log.push(format!("successions[{at}].change"), change.id(), IssueKind::Invalid { reason });
            }
        }
        for (_, to, _, k) in steps.iter().filter(|(_, to, ..)| abolished.contains(to.as_str())) {
            let reason = "this ICB is abolished by the same reorganisation".to_owned();
            log.push(format!("successions[{k}].to"), to.as_str(), IssueKind::Invalid { reason });
        }
        for (i, def) in wave.icbs.iter().enumerate() {
            if !steps.iter().any(|(_, to, ..)| *to == def.code) {
                let reason = "no succession passes any area to this ICB".to_owned();
                log.push(format!("icbs[{i}].code"), def.code.as_str(), IssueKind::Invalid { reason });
            }
        }
        if steps.is_empty() && log.len() == 0 {
            log.push("successions", "", IssueKind::Missing);
        }
        log.into_data(DataKind::Reorganisation, source_name)?;
        let mut tables =
            Tables { names: self.0.names.clone(), icbs: self.0.icbs.clone(), successions: self.0.successions.clone() };
        tables.names.push((wave.vintage.clone(), month.unwrap_or_default()));
        for icb in tables.icbs.iter_mut().filter(|icb| abolished.contains(icb.code.as_str())) {
            icb.last = Some(latest.clone());
        }
        tables.icbs.extend(wave.icbs.iter().map(|def| Icb {
            code: def.code.clone(),
            ods: def.ods.clone(),
            name: def.name.clone(),
            region: def.region.clone(),
            first: wave.vintage.clone(),
            last: None,
        }));
        tables.successions.extend(steps.into_iter().map(|(from, to, change, _)| Succession {
            from,
            to,
            change,
            vintage: wave.vintage.clone(),
        }));
        Ok(Vintages(Arc::new(tables)))
    }
}
