//! Change over time and across systems: level movements between two assessment rounds, and
//! how the assessed systems spread over the levels.

use std::collections::BTreeMap;

use serde::Serialize;

use super::assess::AreaMaturity;
use super::model::{Level, MaturityModel};

/// How one level of one area moved between two rounds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Movement {
    /// The area code.
    pub area: String,
    /// The dimension; `None` for the overall level.
    pub dimension: Option<String>,
    /// The level in the earlier round (`None`: not assessed, or not given).
    pub before: Option<Level>,
    /// The level in the later round.
    pub after: Option<Level>,
    /// Levels moved, up positive; `None` unless both rounds give a level.
    pub change: Option<i64>,
}

fn change(before: Option<&Level>, after: Option<&Level>) -> Option<i64> {
    let (b, a) = (i64::try_from(before?.rank).ok()?, i64::try_from(after?.rank).ok()?);
    Some(a - b)
}

/// Every area in either round (in code order), its overall level first and then each
/// dimension in the later round's order; an area missing from one round shows `None` there.
pub fn movements(before: &[AreaMaturity], after: &[AreaMaturity]) -> Vec<Movement> {
    let mut areas: BTreeMap<&str, (Option<&AreaMaturity>, Option<&AreaMaturity>)> = BTreeMap::new();
    for a in before {
        areas.entry(&a.area).or_default().0 = Some(a);
    }
    for a in after {
        areas.entry(&a.area).or_default().1 = Some(a);
    }
    let mut out = Vec::new();
    for (area, (b, a)) in areas {
        let overall = |m: Option<&AreaMaturity>| m.and_then(|m| m.overall.as_ref()).map(|o| o.level.clone());
        let (ob, oa) = (overall(b), overall(a));
        out.push(Movement {
            area: area.to_owned(),
            dimension: None,
            change: change(ob.as_ref(), oa.as_ref()),
            before: ob,
            after: oa,
        });
        let mut ids: Vec<&str> =
            a.or(b).map_or(Vec::new(), |m| m.dimensions.iter().map(|d| d.dimension.as_str()).collect());
        for m in [b, a].into_iter().flatten() {
            for d in &m.dimensions {
                if !ids.contains(&d.dimension.as_str()) {
                    ids.push(&d.dimension);
                }
            }
        }
        for id in ids {
            let level = |m: Option<&AreaMaturity>| {
                m.and_then(|m| m.dimensions.iter().find(|d| d.dimension == id)).and_then(|d| d.level.clone())
            };
            let (db, da) = (level(b), level(a));
            out.push(Movement {
                area: area.to_owned(),
                dimension: Some(id.to_owned()),
                change: change(db.as_ref(), da.as_ref()),
                before: db,
                after: da,
            });
        }
    }
    out
}

/// How many areas reached one level, overall or on one dimension.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct LevelCount {
    /// The dimension; `None` for the overall level.
    pub dimension: Option<String>,
    /// The level's name; `None` counts the areas given no level (unscored criteria).
    pub level: Option<String>,
    /// The number of areas.
    pub areas: usize,
}

/// The spread of areas over the model's levels, overall first and then per dimension; every
/// level is listed, with zero where no area reached it, and a `None` level when some area
/// was given none.
pub fn distribution(model: &MaturityModel, results: &[AreaMaturity]) -> Vec<LevelCount> {
    let mut out = Vec::new();
    let mut count = |dimension: Option<&str>, levels: Vec<Option<&Level>>| {
        for level in model.levels() {
            let areas = levels.iter().filter(|l| l.is_some_and(|l| l.rank == level.rank)).count();
            out.push(LevelCount { dimension: dimension.map(str::to_owned), level: Some(level.name.clone()), areas });
        }
        let none = levels.iter().filter(|l| l.is_none()).count();
        if none > 0 {
            out.push(LevelCount { dimension: dimension.map(str::to_owned), level: None, areas: none });
        }
    };
    count(None, results.iter().map(|r| r.overall.as_ref().map(|o| &o.level)).collect());
    for dim in model.dimensions() {
        let levels = results
            .iter()
            .map(|r| r.dimensions.iter().find(|d| d.dimension == dim.id).and_then(|d| d.level.as_ref()))
            .collect();
        count(Some(&dim.id), levels);
    }
    out
}
