//! Areas at the five levels of subsidiarity (neighbourhood, place, system, region, nation),
//! with England's 42 Integrated Care Systems and seven NHS regions embedded.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, IssueKind, IssueLog};

/// A level of the subsidiarity ladder, from the smallest to the largest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaLevel {
    /// A neighbourhood (typically 30,000 to 50,000 people).
    Neighbourhood,
    /// A place, usually a local-authority footprint.
    Place,
    /// An Integrated Care System (ICB footprint).
    System,
    /// An NHS England region.
    Region,
    /// England.
    Nation,
}

impl AreaLevel {
    /// The stable string id.
    pub fn id(self) -> &'static str {
        match self {
            AreaLevel::Neighbourhood => "neighbourhood",
            AreaLevel::Place => "place",
            AreaLevel::System => "system",
            AreaLevel::Region => "region",
            AreaLevel::Nation => "nation",
        }
    }
}

impl fmt::Display for AreaLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for AreaLevel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "neighbourhood" => Ok(AreaLevel::Neighbourhood),
            "place" => Ok(AreaLevel::Place),
            "system" => Ok(AreaLevel::System),
            "region" => Ok(AreaLevel::Region),
            "nation" => Ok(AreaLevel::Nation),
            _ => Err(format!("unknown area level {s:?}; expected neighbourhood, place, system, region or nation")),
        }
    }
}

/// One area: an ICS, a region, a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Area {
    /// The primary code: ONS E54 for systems, the NHS region code (Y56...) for regions,
    /// E92000001 for England, or any unique code for places and neighbourhoods.
    pub code: String,
    /// An alternative code, such as the ODS `Q` code of an ICB.
    pub alt_code: Option<String>,
    /// The display name.
    pub name: String,
    /// Where the area sits on the ladder.
    pub level: AreaLevel,
    /// The code of the area it nests in (none for England).
    pub parent: Option<String>,
}

/// A set of areas with their nesting, looked up by either code.
#[derive(Debug, Clone)]
pub struct Geography {
    areas: Vec<Area>,
    index: HashMap<String, usize>,
}

/// England's seven NHS regions: code and name.
const REGIONS: [(&str, &str); 7] = [
    ("Y56", "London"),
    ("Y58", "South West"),
    ("Y59", "South East"),
    ("Y60", "Midlands"),
    ("Y61", "East of England"),
    ("Y62", "North West"),
    ("Y63", "North East and Yorkshire"),
];

/// The 42 ICBs (April 2023 boundaries): ONS E54 code, ODS Q code, name, NHS region.
pub(crate) const SYSTEMS: [(&str, &str, &str, &str); 42] = [
    ("E54000008", "QYG", "Cheshire and Merseyside", "Y62"),
    ("E54000010", "QNC", "Staffordshire and Stoke-on-Trent", "Y60"),
    ("E54000011", "QOC", "Shropshire, Telford and Wrekin", "Y60"),
    ("E54000013", "QJM", "Lincolnshire", "Y60"),
    ("E54000015", "QK1", "Leicester, Leicestershire and Rutland", "Y60"),
    ("E54000018", "QWU", "Coventry and Warwickshire", "Y60"),
    ("E54000019", "QGH", "Herefordshire and Worcestershire", "Y60"),
    ("E54000022", "QMM", "Norfolk and Waveney", "Y61"),
    ("E54000023", "QJG", "Suffolk and North East Essex", "Y61"),
    ("E54000024", "QHG", "Bedfordshire, Luton and Milton Keynes", "Y61"),
    ("E54000025", "QM7", "Hertfordshire and West Essex", "Y61"),
    ("E54000026", "QH8", "Mid and South Essex", "Y61"),
    ("E54000027", "QRV", "North West London", "Y56"),
    ("E54000028", "QMJ", "North Central London", "Y56"),
    ("E54000029", "QMF", "North East London", "Y56"),
    ("E54000030", "QKK", "South East London", "Y56"),
    ("E54000031", "QWE", "South West London", "Y56"),
    ("E54000032", "QKS", "Kent and Medway", "Y59"),
    ("E54000034", "QNQ", "Frimley", "Y59"),
    ("E54000036", "QT6", "Cornwall and the Isles of Scilly", "Y58"),
    ("E54000037", "QJK", "Devon", "Y58"),
    ("E54000038", "QSL", "Somerset", "Y58"),
    ("E54000039", "QUY", "Bristol, North Somerset and South Gloucestershire", "Y58"),
    ("E54000040", "QOX", "Bath and North East Somerset, Swindon and Wiltshire", "Y58"),
    ("E54000041", "QVV", "Dorset", "Y58"),
    ("E54000042", "QRL", "Hampshire and Isle of Wight", "Y59"),
    ("E54000043", "QR1", "Gloucestershire", "Y58"),
    ("E54000044", "QU9", "Buckinghamshire, Oxfordshire and Berkshire West", "Y59"),
    ("E54000048", "QE1", "Lancashire and South Cumbria", "Y62"),
    ("E54000050", "QHM", "North East and North Cumbria", "Y63"),
    ("E54000051", "QOQ", "Humber and North Yorkshire", "Y63"),
    ("E54000054", "QWO", "West Yorkshire", "Y63"),
    ("E54000055", "QHL", "Birmingham and Solihull", "Y60"),
    ("E54000056", "QUE", "Cambridgeshire and Peterborough", "Y61"),
    ("E54000057", "QOP", "Greater Manchester", "Y62"),
    ("E54000058", "QJ2", "Derby and Derbyshire", "Y60"),
    ("E54000059", "QPM", "Northamptonshire", "Y60"),
    ("E54000060", "QT1", "Nottingham and Nottinghamshire", "Y60"),
    ("E54000061", "QF7", "South Yorkshire", "Y63"),
    ("E54000062", "QUA", "Black Country", "Y60"),
    ("E54000063", "QXU", "Surrey Heartlands", "Y59"),
    ("E54000064", "QNX", "Sussex", "Y59"),
];

/// ONS code of England.
pub const ENGLAND: &str = "E92000001";

impl Geography {
    /// England, its seven NHS regions and its 42 ICSs (ONS E54 codes, ODS Q codes as
    /// alternative codes, ICB April 2023 boundaries).
    ///
    /// ```
    /// let england = ics_outcomes::Geography::england();
    /// assert_eq!(england.systems().count(), 42);
    /// let gm = england.get("QOP").unwrap();
    /// assert_eq!(gm.code, "E54000057");
    /// assert_eq!(gm.parent.as_deref(), Some("Y62"));
    /// ```
    pub fn england() -> Self {
        let nation = Area {
            code: ENGLAND.into(),
            alt_code: None,
            name: "England".into(),
            level: AreaLevel::Nation,
            parent: None,
        };
        let regions = REGIONS.iter().map(|(code, name)| Area {
            code: (*code).into(),
            alt_code: None,
            name: (*name).into(),
            level: AreaLevel::Region,
            parent: Some(ENGLAND.into()),
        });
        let systems = SYSTEMS.iter().map(|(ons, ods, name, region)| Area {
            code: (*ons).into(),
            alt_code: Some((*ods).into()),
            name: format!("NHS {name} Integrated Care Board"),
            level: AreaLevel::System,
            parent: Some((*region).into()),
        });
        let areas: Vec<Area> = std::iter::once(nation).chain(regions).chain(systems).collect();
        Geography::new(areas).unwrap_or_else(|_| unreachable!("embedded geography is valid"))
    }

    /// Builds a geography, checking that codes are unique (across both code columns) and
    /// that every parent exists and sits at a higher level.
    pub fn new(areas: Vec<Area>) -> Result<Self, Error> {
        let mut log = IssueLog::default();
        let mut index: HashMap<String, usize> = HashMap::with_capacity(areas.len() * 2);
        for (i, area) in areas.iter().enumerate() {
            for (field, code) in [("code", Some(&area.code)), ("alt_code", area.alt_code.as_ref())] {
                let Some(code) = code else { continue };
                // A code is what data rows name the area by: it must be visible text.
                if code.trim().is_empty() || code.trim() != code || code.chars().any(char::is_control) {
                    log.push(
                        format!("areas[{i}].{field}"),
                        code.as_str(),
                        IssueKind::Invalid {
                            reason: "an area code is visible text, without surrounding spaces or control characters"
                                .into(),
                        },
                    );
                    continue;
                }
                if let Some(&first) = index.get(code) {
                    log.push(
                        format!("areas[{i}].{field}"),
                        code.as_str(),
                        IssueKind::Duplicate { first: format!("areas[{first}]") },
                    );
                } else {
                    index.insert(code.clone(), i);
                }
            }
        }
        for (i, area) in areas.iter().enumerate() {
            if let Some(parent) = &area.parent {
                match index.get(parent).map(|&p| &areas[p]) {
                    None => log.push(format!("areas[{i}].parent"), parent.as_str(), IssueKind::UnknownArea),
                    Some(p) if p.level <= area.level => log.push(
                        format!("areas[{i}].parent"),
                        parent.as_str(),
                        IssueKind::Invalid { reason: format!("a {} cannot nest in a {}", area.level, p.level) },
                    ),
                    Some(_) => {}
                }
            }
        }
        log.into_validation("<geography>")?;
        Ok(Geography { areas, index })
    }

    /// The same geography with more areas (places, neighbourhoods) added beneath it.
    pub fn with_areas(&self, more: impl IntoIterator<Item = Area>) -> Result<Self, Error> {
        Geography::new(self.areas.iter().cloned().chain(more).collect())
    }

    /// Looks an area up by its code or its alternative code.
    pub fn get(&self, code: &str) -> Option<&Area> {
        self.index.get(code).map(|&i| &self.areas[i])
    }

    /// Looks an area up by either code, or says which codes are known.
    pub fn resolve(&self, code: &str) -> Result<&Area, Error> {
        self.get(code).ok_or_else(|| Error::NotFound {
            what: "area",
            value: code.to_owned(),
            hint: ": use an ONS code (E54...) or an ODS code (Q..)".into(),
        })
    }

    /// All areas, in the order given.
    pub fn areas(&self) -> &[Area] {
        &self.areas
    }

    /// The areas at one level, in the order given.
    pub fn at_level(&self, level: AreaLevel) -> impl Iterator<Item = &Area> {
        self.areas.iter().filter(move |a| a.level == level)
    }

    /// The Integrated Care Systems.
    pub fn systems(&self) -> impl Iterator<Item = &Area> {
        self.at_level(AreaLevel::System)
    }

    /// The nearest ancestor of `code` at `level`, if any (the area itself if it is at that
    /// level).
    pub fn ancestor_at(&self, code: &str, level: AreaLevel) -> Option<&Area> {
        let mut area = self.get(code)?;
        loop {
            if area.level == level {
                return Some(area);
            }
            if area.level > level {
                return None;
            }
            area = self.get(area.parent.as_deref()?)?;
        }
    }
}
