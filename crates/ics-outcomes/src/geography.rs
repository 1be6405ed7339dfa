//! Areas at the five levels of subsidiarity (neighbourhood, place, system, region, nation),
//! with England's seven NHS regions and the Integrated Care Systems of each geography
//! vintage (42 until March 2026, 36 since) embedded.

use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, IssueKind, IssueLog};
use crate::vintage::{REGIONS, Vintages};

/// A level of the subsidiarity ladder, from the smallest to the largest.
///
/// ```
/// use ics_outcomes::{AreaLevel, Geography};
/// assert!(AreaLevel::System < AreaLevel::Region);
/// assert_eq!("place".parse::<AreaLevel>(), Ok(AreaLevel::Place));
/// let england = Geography::england();
/// assert_eq!(england.at_level(AreaLevel::Region).count(), 7);
/// assert_eq!(england.ancestor_at("QOP", AreaLevel::Region).unwrap().code, "Y62");
/// ```
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
///
/// ```
/// use ics_outcomes::{AreaLevel, Geography};
/// let england = Geography::england();
/// let gm = england.get("E54000057").unwrap();
/// assert_eq!((gm.alt_code.as_deref(), gm.level), (Some("QOP"), AreaLevel::System));
/// assert_eq!(gm.name, "NHS Greater Manchester Integrated Care Board");
/// ```
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
///
/// ```
/// use ics_outcomes::{Area, AreaLevel, Geography};
/// let england = Geography::england();
/// assert_eq!(england.vintage(), Some("2026-04"));
/// let bolton = Area {
///     code: "E08000001".into(),
///     alt_code: None,
///     name: "Bolton".into(),
///     level: AreaLevel::Place,
///     parent: Some("QOP".into()),
/// };
/// let with_places = england.with_areas([bolton])?;
/// let system = with_places.ancestor_at("E08000001", AreaLevel::System).unwrap();
/// assert_eq!(system.alt_code.as_deref(), Some("QOP"));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Geography {
    areas: Vec<Area>,
    index: HashMap<String, usize>,
    /// The vintage its ICSs are of, and the vintages that holds it.
    vintage: Option<(String, Vintages)>,
}

/// ONS code of England.
///
/// ```
/// use ics_outcomes::{AreaLevel, ENGLAND, Geography};
/// let england = Geography::england();
/// assert_eq!(england.get(ENGLAND).unwrap().level, AreaLevel::Nation);
/// assert_eq!(england.ancestor_at("QOP", AreaLevel::Nation).unwrap().code, ENGLAND);
/// ```
pub const ENGLAND: &str = "E92000001";

impl Geography {
    /// England as it is today: its seven NHS regions and the 36 ICSs of the geography
    /// vintage in force ([`vintage::CURRENT`](crate::vintage::CURRENT), April 2026), with
    /// ONS E54 codes and ODS codes as alternative codes.
    ///
    /// ```
    /// let england = ics_outcomes::Geography::england();
    /// assert_eq!(england.systems().count(), 36);
    /// let gm = england.get("QOP").unwrap();
    /// assert_eq!(gm.code, "E54000057");
    /// assert_eq!(gm.parent.as_deref(), Some("Y62"));
    /// ```
    pub fn england() -> Self {
        Geography::of_vintage(crate::vintage::CURRENT)
            .unwrap_or_else(|e| unreachable!("the current vintage is embedded: {e}"))
    }

    /// England, its seven NHS regions and the ICSs of one geography vintage (`2022-07`,
    /// `2023-04` or `2026-04`). A code of another vintage is refused by name: data keyed by
    /// an abolished ICB get an error naming its successors.
    ///
    /// ```
    /// use ics_outcomes::Geography;
    /// let before = Geography::of_vintage("2023-04")?;
    /// assert_eq!(before.systems().count(), 42);
    /// assert_eq!(before.get("QNQ").unwrap().name, "NHS Frimley Integrated Care Board");
    /// assert!(Geography::of_vintage("2026-04")?.get("QNQ").is_none());
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Argument`] for a vintage that is not embedded.
    pub fn of_vintage(vintage: &str) -> Result<Self, Error> {
        Geography::from_vintages(Vintages::embedded(), vintage)
    }

    /// As [`Geography::of_vintage`], from any [`Vintages`] (one a reorganisation file extended).
    pub(crate) fn from_vintages(vintages: &Vintages, vintage: &str) -> Result<Self, Error> {
        let icbs = vintages.icbs_in(vintage)?;
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
        let systems = icbs.iter().map(|icb| Area {
            code: icb.code.clone(),
            alt_code: Some(icb.ods.clone()),
            name: format!("NHS {} Integrated Care Board", icb.name),
            level: AreaLevel::System,
            parent: Some(icb.region.clone()),
        });
        let areas: Vec<Area> = std::iter::once(nation).chain(regions).chain(systems).collect();
        let mut geography = Geography::new(areas)?;
        geography.vintage = Some((vintage.to_owned(), vintages.clone()));
        Ok(geography)
    }

    /// The geography vintage its ICSs are of, when built by [`Geography::of_vintage`].
    pub fn vintage(&self) -> Option<&str> {
        self.vintage.as_ref().map(|(vintage, _)| vintage.as_str())
    }

    /// The vintages its vintage is one of, when built by [`Geography::of_vintage`] or
    /// [`Vintages::geography`].
    pub fn vintages(&self) -> Option<&Vintages> {
        self.vintage.as_ref().map(|(_, vintages)| vintages)
    }

    /// What is wrong with a code this geography does not hold: the ICB of another vintage
    /// it names (abolished, with its successors, or not yet created), else an unknown code.
    pub fn missing_area(&self, code: &str) -> IssueKind {
        match self.vintage.as_ref().and_then(|(v, vintages)| Some((v, vintages.elsewhere(code, v)?))) {
            Some((vintage, note)) => IssueKind::OtherVintage { vintage: vintage.to_owned(), note },
            None => IssueKind::UnknownArea,
        }
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
        Ok(Geography { areas, index, vintage: None })
    }

    /// The same geography with more areas (places, neighbourhoods) added beneath it.
    pub fn with_areas(&self, more: impl IntoIterator<Item = Area>) -> Result<Self, Error> {
        let mut geography = Geography::new(self.areas.iter().cloned().chain(more).collect())?;
        geography.vintage.clone_from(&self.vintage);
        Ok(geography)
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

/// The geography of one of a set of vintages.
impl Vintages {
    /// England, its seven NHS regions and the ICSs of `vintage`, as
    /// [`Geography::of_vintage`] builds them from the embedded vintages.
    ///
    /// # Errors
    /// [`Error::Argument`] for a vintage not held.
    pub fn geography(&self, vintage: &str) -> Result<Geography, Error> {
        Geography::from_vintages(self, vintage)
    }
}
