//! Composite indicators built as the R package COINr builds them (v1.1.14): denomination,
//! imputation, outlier treatment, normalisation, weighted aggregation over an indicator tree,
//! ranking, and the uncertainty and sensitivity analysis of the resulting ranks.
//!
//! # Model
//!
//! - [`Data`] is COINr's `iData`: one row per unit (`uCode`), one numeric column per indicator
//!   or denominator, stored column by column in one flat `Vec<f64>`. **Missing is `NaN`**, as
//!   R's `NA_real_` is; infinities are refused.
//! - [`Meta`] is COINr's `iMeta` ([`MetaRow`]: `Level`, `iCode`, `Parent`, `Direction`,
//!   `Weight`, `Type`, `Target`, `Denominator`) checked into a tree: indicators at level 1,
//!   each aggregate exactly one level above its children. Every broken rule is reported at
//!   once as an [`Error::Validation`] naming the row, field and value. Because a parent must sit
//!   exactly one level up, the tree cannot hold a cycle.
//! - Weights are relative within each parent. Users give them as exact
//!   [`Decimal`]s; the methods compute in `f64` (statistics, not money),
//!   so results match COINr to rounding error, not bit for bit.
//! - **Polarity is applied once**: normalisation multiplies each indicator by its `Direction`
//!   before scaling, as COINr does, and nothing else looks at direction.
//!
//! # Steps
//!
//! [`denominate`] → [`impute`] → [`treat`] → [`normalise`] → [`aggregate`] → [`rank`], or all
//! at once with a [`Pipeline`]. [`uncertainty`] and [`sensitivity`] rerun the pipeline under
//! alternative choices ([`UncertainInput`]) with a seeded generator, so the same seed gives
//! the same result on every machine.
//!
//! ```
//! use ics_outcomes::composite::{rank, Aggregation, Data, Meta, MetaRow, Normalisation, NodeType, Pipeline};
//! let d = |s: &str| Some(s.parse().unwrap());
//! let meta = Meta::new(vec![
//!     MetaRow::indicator("access", "Index", 1.0, d("1")),
//!     MetaRow::indicator("waits", "Index", -1.0, d("1")), // lower is better
//!     MetaRow::aggregate("Index", 2, None, d("1")),
//! ], "iMeta")?;
//! let data = Data::new(
//!     vec!["A".into(), "B".into(), "C".into()],
//!     vec![("access".into(), vec![80.0, 60.0, 70.0]), ("waits".into(), vec![10.0, 30.0, 10.0])],
//!     "iData",
//! )?;
//! let results = Pipeline::default().run(&data, &meta)?;
//! let index = results.aggregated.column("Index").unwrap();
//! assert_eq!(index, [100.0, 0.0, 75.0]);
//! assert_eq!(rank(index), [Some(1), Some(3), Some(2)]);
//! # Ok::<(), ics_outcomes::Error>(())
//! ```

mod aggregate;
mod denominate;
mod impute;
mod normalise;
mod pipeline;
mod rank;
mod scorecard;
mod sensitivity;
mod treat;
mod uncertainty;

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

pub use aggregate::{Aggregation, Aggregator, aggregate};
pub use denominate::denominate;
pub use impute::{Imputation, impute};
pub use normalise::{Normalisation, Normaliser, NormaliserSettings, normalise};
pub use pipeline::{Pipeline, PipelineResults};
/// R's type-7 quantile of sorted values, shared with the funnel's winsorisation.
pub(crate) use rank::quantile as type7_quantile;
pub use rank::{RankStats, rank, rank_statistics};
pub use scorecard::{
    REPLICATIONS_BETWEEN_CHECKS, RankInterval, RankUncertainty, RankUncertaintyOptions, ScoringAlternative,
    rank_uncertainty, rank_uncertainty_until,
};
pub use sensitivity::{Sensitivity, SensitivityOptions, SobolIndex, SobolIndices, sensitivity, sobol_indices};
pub use treat::{
    Fallback, PointTreatment, Shape, Treated, TreatedPoint, Treatment, TreatmentKind, TreatmentRecord, kurtosis,
    skewness, treat,
};
pub use uncertainty::{
    Choice, UncertainInput, Uncertainty, UncertaintyDesign, UncertaintyOptions, WeightNoise, uncertainty,
};

use crate::Error;
use crate::error::{DataKind, IssueKind, IssueLog};

/// Weights by `iCode`, replacing the metadata's weights for the codes named. Relative within
/// each parent, as in COINr.
pub type Weights = BTreeMap<String, Decimal>;

/// Units by indicators (and denominators), column by column; `NaN` is missing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Data {
    units: Vec<String>,
    codes: Vec<String>,
    values: Vec<f64>,
}

impl Data {
    /// Checks unit codes (unique, no spaces), column names (unique) and values (finite or
    /// `NaN`) and lays the columns out end to end.
    pub fn new(units: Vec<String>, columns: Vec<(String, Vec<f64>)>, source_name: &str) -> Result<Data, Error> {
        let mut log = IssueLog::default();
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (row, unit) in units.iter().enumerate() {
            if let Some(first) = seen.insert(unit, row) {
                log.push(format!("uCode[{row}]"), unit, IssueKind::Duplicate { first: format!("uCode[{first}]") });
            }
            check_code(&mut log, &format!("uCode[{row}]"), unit);
        }
        let mut names: HashMap<&str, usize> = HashMap::new();
        for (j, (code, column)) in columns.iter().enumerate() {
            if let Some(first) = names.insert(code, j) {
                log.push(format!("columns[{j}]"), code, IssueKind::Duplicate { first: format!("columns[{first}]") });
            }
            if column.len() != units.len() {
                let reason = format!("{} values for {} units", column.len(), units.len());
                log.push(code.clone(), "", IssueKind::Invalid { reason });
            }
            if let Some(row) = column.iter().position(|v| v.is_infinite()) {
                log.push(format!("{code}[{row}]"), column[row].to_string(), IssueKind::NotFinite);
            }
        }
        log.into_data(DataKind::IndicatorData, source_name)?;
        let (codes, values): (Vec<String>, Vec<Vec<f64>>) = columns.into_iter().unzip();
        Ok(Data { units, codes, values: values.concat() })
    }

    /// Unit codes (`uCode`), in row order.
    pub fn units(&self) -> &[String] {
        &self.units
    }

    /// Column names (`iCode`s), in column order.
    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// One column by name.
    pub fn column(&self, code: &str) -> Option<&[f64]> {
        self.codes.iter().position(|c| c == code).map(|j| self.column_at(j))
    }

    /// Every value, column after column.
    pub fn values(&self) -> &[f64] {
        &self.values
    }

    pub(crate) fn column_at(&self, j: usize) -> &[f64] {
        let n = self.units.len();
        &self.values[j * n..(j + 1) * n]
    }

    pub(crate) fn column_at_mut(&mut self, j: usize) -> &mut [f64] {
        let n = self.units.len();
        &mut self.values[j * n..(j + 1) * n]
    }

    /// The same units with other columns; `values` are laid out column by column.
    pub(crate) fn with_columns(&self, codes: Vec<String>, values: Vec<f64>) -> Data {
        debug_assert_eq!(codes.len() * self.units.len(), values.len());
        Data { units: self.units.clone(), codes, values }
    }

    /// The indicator columns of `meta`, in its order; a missing column is an [`Error::Data`].
    pub(crate) fn indicators(&self, meta: &Meta, source_name: &str) -> Result<Data, Error> {
        let mut log = IssueLog::default();
        let mut values = Vec::with_capacity(meta.indicator_count() * self.units.len());
        for node in meta.indicators() {
            match self.column(&node.code) {
                Some(column) => values.extend_from_slice(column),
                None => log.push(node.code.clone(), "", IssueKind::Missing),
            }
        }
        log.into_data(DataKind::IndicatorData, source_name)?;
        Ok(self.with_columns(meta.indicators().iter().map(|n| n.code.clone()).collect(), values))
    }
}

/// What a metadata row describes: COINr's `Type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum NodeType {
    /// A measured indicator, at level 1.
    Indicator,
    /// A weighted combination of its children, at level 2 or above.
    Aggregate,
    /// A grouping column of the unit data (e.g. region), used by group imputation.
    Group,
    /// A denominator column of the unit data.
    Denominator,
    /// Any other column, carried along.
    Other,
}

/// One row of COINr's `iMeta`, as the user gives it; serialised with COINr's column names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MetaRow {
    /// Level in the tree: 1 for indicators, one more than the children for aggregates.
    #[serde(rename = "Level")]
    pub level: Option<u32>,
    /// The code (`iCode`): no spaces, no leading digit.
    #[serde(rename = "iCode")]
    pub code: String,
    /// The parent aggregate's code; none at the top.
    #[serde(rename = "Parent")]
    pub parent: Option<String>,
    /// 1 if higher is better, −1 if lower is better. A float because tables carry it so; NaN
    /// and anything but ±1 are refused.
    #[serde(rename = "Direction")]
    pub direction: Option<f64>,
    /// Weight relative to the siblings under the same parent.
    #[serde(rename = "Weight")]
    pub weight: Option<Decimal>,
    /// What the row describes.
    #[serde(rename = "Type")]
    pub kind: NodeType,
    /// Target in the indicator's own units, for distance-to-target normalisation.
    #[serde(rename = "Target", default)]
    pub target: Option<f64>,
    /// Code of the denominator column that [`denominate`] divides by.
    #[serde(rename = "Denominator", default)]
    pub denominator: Option<String>,
}

impl MetaRow {
    /// An indicator row (level 1) with no target or denominator.
    pub fn indicator(code: &str, parent: &str, direction: f64, weight: Option<Decimal>) -> MetaRow {
        MetaRow {
            level: Some(1),
            code: code.into(),
            parent: Some(parent.into()),
            direction: Some(direction),
            weight,
            kind: NodeType::Indicator,
            target: None,
            denominator: None,
        }
    }

    /// An aggregate row at `level` (direction 1).
    pub fn aggregate(code: &str, level: u32, parent: Option<&str>, weight: Option<Decimal>) -> MetaRow {
        MetaRow {
            level: Some(level),
            code: code.into(),
            parent: parent.map(Into::into),
            direction: Some(1.0),
            weight,
            kind: NodeType::Aggregate,
            target: None,
            denominator: None,
        }
    }
}

/// One indicator or aggregate of a checked tree.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Node {
    /// The `iCode`.
    pub code: String,
    /// Level in the tree, 1 for indicators.
    pub level: u32,
    /// Position of the parent in [`Meta::nodes`]; none at the top.
    pub parent: Option<usize>,
    /// 1 or −1.
    pub direction: f64,
    /// Weight relative to the siblings.
    pub weight: f64,
    /// Target in the indicator's units.
    pub target: Option<f64>,
    /// Denominator column code.
    pub denominator: Option<String>,
}

/// A checked indicator tree: indicators first (in the order given), then the aggregates level
/// by level.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Meta {
    nodes: Vec<Node>,
    indicators: usize,
    levels: u32,
    children: Vec<Vec<usize>>,
}

/// The columns of COINr's `iMeta`, in the order [`Meta::from_text_rows`] reads them.
pub const META_COLUMNS: [&str; 8] =
    ["Level", "iCode", "Parent", "Direction", "Weight", "Type", "Target", "Denominator"];

impl Meta {
    /// Reads a table's rows as text, one field per column of [`META_COLUMNS`] (`None` where
    /// a cell is empty or the column is absent), then checks the tree as [`Meta::new`] does.
    /// Numbers may be written as floats (`1.0` for level 1); `NaN` is an empty cell, as a
    /// frame writes one.
    ///
    /// ```
    /// use ics_outcomes::composite::Meta;
    /// let meta = Meta::from_text_rows(
    ///     [
    ///         [Some("1.0"), Some("x"), Some("Index"), Some("-1"), Some("0.5"), Some("Indicator"), None, None],
    ///         [Some("2"), Some("Index"), None, Some("1"), Some("1"), Some("Aggregate"), None, None],
    ///     ],
    ///     "iMeta",
    /// )?;
    /// assert_eq!(meta.indicators()[0].direction, -1.0);
    /// assert!(Meta::from_text_rows([[None, Some("x"), None, None, Some("two"), Some("Indicator"), None, None]], "iMeta")
    ///     .is_err());
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Validation`] naming each field (`iMeta[1].Weight`) that is not of its kind,
    /// and then every broken rule of the tree.
    pub fn from_text_rows<'a>(
        rows: impl IntoIterator<Item = [Option<&'a str>; 8]>,
        source_name: &str,
    ) -> Result<Meta, Error> {
        let mut log = IssueLog::default();
        let mut read = Vec::new();
        for (i, fields) in rows.into_iter().enumerate() {
            let [level, code, parent, direction, weight, kind, target, denominator] =
                fields.map(|f| f.map(str::trim).filter(|f| !f.is_empty() && !f.eq_ignore_ascii_case("nan")));
            let mut field = |name: &str, text: Option<&str>, reason: &str, ok: bool| {
                if !ok {
                    log.push(format!("iMeta[{i}].{name}"), text.unwrap_or(""), invalid(reason));
                }
            };
            let level_value = level.and_then(|t| t.parse::<f64>().ok()).filter(|l| l.fract() == 0.0 && *l >= 1.0);
            let level_value = level_value.and_then(|l| u32::try_from(l as u64).ok());
            field("Level", level, "a whole level from 1", level.is_none() || level_value.is_some());
            let number = |text: Option<&str>| text.map(|t| t.parse::<f64>().ok().filter(|x| x.is_finite()));
            let (direction_value, target_value) = (number(direction), number(target));
            field("Direction", direction, "a number: 1 or -1", direction_value != Some(None));
            field("Target", target, "a finite number", target_value != Some(None));
            let weight_value = weight.map(|t| crate::number::parse_decimal(t).ok());
            field("Weight", weight, "a decimal number", weight_value != Some(None));
            let kind_value = match kind {
                Some("Indicator") => Some(NodeType::Indicator),
                Some("Aggregate") => Some(NodeType::Aggregate),
                Some("Group") => Some(NodeType::Group),
                Some("Denominator") => Some(NodeType::Denominator),
                Some("Other") => Some(NodeType::Other),
                _ => None,
            };
            let reason = "one of Indicator, Aggregate, Group, Denominator, Other";
            field("Type", kind, reason, kind_value.is_some());
            if code.is_none() {
                log.push(format!("iMeta[{i}].iCode"), "", IssueKind::Missing);
            }
            if let (Some(kind), Some(code)) = (kind_value, code) {
                read.push(MetaRow {
                    level: level_value,
                    code: code.to_owned(),
                    parent: parent.map(str::to_owned),
                    direction: direction_value.flatten(),
                    weight: weight_value.flatten(),
                    kind,
                    target: target_value.flatten(),
                    denominator: denominator.map(str::to_owned),
                });
            }
        }
        log.into_validation(source_name)?;
        Meta::new(read, source_name)
    }

    /// Checks the rows against COINr's rules (`new_coin`) and builds the tree; `Group`,
    /// `Denominator` and `Other` rows are accepted and set aside.
    pub fn new(rows: Vec<MetaRow>, source_name: &str) -> Result<Meta, Error> {
        let mut log = IssueLog::default();
        let tree: Vec<(usize, &MetaRow)> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| matches!(r.kind, NodeType::Indicator | NodeType::Aggregate))
            .collect();
        let mut first_use: HashMap<&str, usize> = HashMap::new();
        for (i, row) in rows.iter().enumerate() {
            check_code(&mut log, &format!("iMeta[{i}].iCode"), &row.code);
            if let Some(first) = first_use.insert(&row.code, i) {
                log.push(
                    format!("iMeta[{i}].iCode"),
                    &row.code,
                    IssueKind::Duplicate { first: format!("iMeta[{first}].iCode") },
                );
            }
        }
        let by_code: HashMap<&str, &MetaRow> = tree.iter().map(|(_, r)| (r.code.as_str(), *r)).collect();
        for &(i, row) in &tree {
            let path = |field: &str| format!("iMeta[{i}].{field}");
            let level = row.level.unwrap_or(0);
            match (row.kind, row.level) {
                (_, None) => log.push(path("Level"), "", IssueKind::Missing),
                (NodeType::Indicator, Some(l)) if l != 1 => {
                    log.push(path("Level"), l.to_string(), invalid("an indicator must be at level 1"))
                }
                (NodeType::Aggregate, Some(l)) if l < 2 => {
                    log.push(path("Level"), l.to_string(), invalid("an aggregate must be at level 2 or above"))
                }
                _ => {}
            }
            match row.direction {
                None => log.push(path("Direction"), "", IssueKind::Missing),
                Some(d) if d != 1.0 && d != -1.0 => {
                    log.push(path("Direction"), d.to_string(), invalid("Direction must be 1 or -1"))
                }
                Some(_) => {}
            }
            match row.weight {
                None => log.push(path("Weight"), "", IssueKind::Missing),
                Some(w) if w.is_sign_negative() && !w.is_zero() => {
                    log.push(path("Weight"), w.to_string(), invalid("a weight must not be negative"))
                }
                Some(_) => {}
            }
            if let Some(t) = row.target.filter(|t| !t.is_finite()) {
                log.push(path("Target"), t.to_string(), IssueKind::NotFinite);
            }
            match row.parent.as_deref() {
                Some(parent) => match by_code.get(parent) {
                    None => log.push(path("Parent"), parent, IssueKind::UnknownId),
                    Some(p) if p.kind != NodeType::Aggregate => {
                        log.push(path("Parent"), parent, invalid("a parent must be an aggregate"))
                    }
                    Some(p) if p.level.is_some() && row.level.is_some() && p.level != Some(level + 1) => log.push(
                        path("Parent"),
                        parent,
                        invalid(&format!("the parent is at level {}, not {}", p.level.unwrap_or(0), level + 1)),
                    ),
                    Some(_) => {}
                },
                None if row.kind == NodeType::Indicator => log.push(path("Parent"), "", IssueKind::Missing),
                None => {}
            }
            if row.kind == NodeType::Aggregate && !tree.iter().any(|(_, c)| c.parent.as_deref() == Some(&row.code)) {
                log.push(path("iCode"), &row.code, invalid("an aggregate needs at least one child"));
            }
        }
        let levels = tree.iter().filter_map(|(_, r)| r.level).max().unwrap_or(0);
        if !tree.iter().any(|(_, r)| r.kind == NodeType::Indicator) {
            log.push("iMeta", "", invalid("no indicators"));
        }
        for l in 1..=levels {
            if !tree.iter().any(|(_, r)| r.level == Some(l)) {
                log.push("iMeta.Level", l.to_string(), invalid("no row at this level: levels must not skip"));
            }
        }
        for &(i, row) in &tree {
            if row.parent.is_none() && row.level.is_some_and(|l| l < levels) {
                log.push(format!("iMeta[{i}].Parent"), "", IssueKind::Missing);
            }
        }
        log.into_validation(source_name)?;

        let mut ordered: Vec<&MetaRow> = tree.iter().map(|(_, r)| *r).collect();
        ordered.sort_by_key(|r| r.level); // stable: keeps the given order within a level
        let position: HashMap<&str, usize> = ordered.iter().enumerate().map(|(i, r)| (r.code.as_str(), i)).collect();
        let nodes: Vec<Node> = ordered
            .iter()
            .map(|r| Node {
                code: r.code.clone(),
                level: r.level.unwrap_or(1),
                parent: r.parent.as_deref().and_then(|p| position.get(p).copied()),
                direction: r.direction.unwrap_or(1.0),
                weight: r.weight.and_then(|w| w.to_f64()).unwrap_or(0.0),
                target: r.target,
                denominator: r.denominator.clone(),
            })
            .collect();
        let mut children = vec![Vec::new(); nodes.len()];
        for (i, node) in nodes.iter().enumerate() {
            if let Some(p) = node.parent {
                children[p].push(i);
            }
        }
        let indicators = nodes.iter().filter(|n| n.level == 1).count();
        Ok(Meta { nodes, indicators, levels, children })
    }

    /// Every node: indicators, then aggregates level by level.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The indicators (level 1), in the order given.
    pub fn indicators(&self) -> &[Node] {
        &self.nodes[..self.indicators]
    }

    /// The aggregates, level by level from level 2.
    pub fn aggregates(&self) -> &[Node] {
        &self.nodes[self.indicators..]
    }

    /// How many indicators there are.
    pub fn indicator_count(&self) -> usize {
        self.indicators
    }

    /// The number of levels, counting the indicators as level 1.
    pub fn levels(&self) -> u32 {
        self.levels
    }

    /// Positions in [`Meta::nodes`] of a node's children.
    pub fn children(&self, node: usize) -> &[usize] {
        &self.children[node]
    }

    /// Position of the node's ancestor at `level` (the node itself at its own level).
    pub fn ancestor(&self, node: usize, level: u32) -> Option<usize> {
        let mut at = node;
        while self.nodes[at].level < level {
            at = self.nodes[at].parent?;
        }
        (self.nodes[at].level == level).then_some(at)
    }

    /// Position of a code in [`Meta::nodes`].
    pub fn position(&self, code: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.code == code)
    }

    /// The first node at the top level (COINr's `Index`).
    pub fn top(&self) -> &Node {
        // A checked tree has at least one indicator, so at least one node at the top level.
        let top = self.nodes.iter().rposition(|n| n.level == self.levels).unwrap_or(0);
        &self.nodes[top]
    }

    /// Effective weights of the indicators (COINr `get_eff_weights`): weights scaled to sum
    /// to 1 within each parent, multiplied down from the top.
    pub fn effective_weights(&self) -> Vec<f64> {
        let weights: Vec<f64> = self.nodes.iter().map(|n| n.weight).collect();
        let mut effective = vec![1.0; self.nodes.len()];
        for i in (0..self.nodes.len()).rev() {
            if let Some(p) = self.nodes[i].parent {
                let total: f64 = self.children[p].iter().map(|&c| weights[c]).sum();
                effective[i] = effective[p] * weights[i] / total;
            }
        }
        effective.truncate(self.indicators);
        effective
    }

    /// The node weights with `overrides` applied; an unknown code is an [`Error::Argument`].
    pub(crate) fn weights_with(&self, overrides: &Weights) -> Result<Vec<f64>, Error> {
        let mut weights: Vec<f64> = self.nodes.iter().map(|n| n.weight).collect();
        for (code, weight) in overrides {
            let node = self.position(code).ok_or_else(|| Error::argument("weights", code, "unknown iCode"))?;
            if weight.is_sign_negative() && !weight.is_zero() {
                return Err(Error::argument(&format!("weights.{code}"), weight, "a weight must not be negative"));
            }
            weights[node] = weight.to_f64().unwrap_or(0.0);
        }
        Ok(weights)
    }
}

fn invalid(reason: &str) -> IssueKind {
    IssueKind::Invalid { reason: reason.to_owned() }
}

/// COINr's code rule: not empty, no whitespace, no leading digit.
fn check_code(log: &mut IssueLog, path: &str, code: &str) {
    if code.is_empty() {
        log.push(path, "", IssueKind::Missing);
    } else if code.chars().any(char::is_whitespace) {
        log.push(path, code, invalid("a code must not contain spaces"));
    } else if code.starts_with(|c: char| c.is_ascii_digit()) {
        log.push(path, code, invalid("a code must not start with a digit"));
    }
}
