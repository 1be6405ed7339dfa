//! A maturity round and model as result tables, and one area's levels in words.
//!
//! Scores are decided exactly (decimal arithmetic, exact comparison with the level
//! thresholds) and each `reason` quotes the exact figures; the score columns of these tables
//! are floats, for charts.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::assess::{AreaMaturity, radar};
use super::model::MaturityModel;
use super::report::MaturityReport;
use crate::table::{Table, TableBuilder, TableKind};
use crate::vintage::Vintages;

fn float(score: Option<Decimal>) -> Option<f64> {
    score.and_then(|s| s.to_f64())
}

/// `items` joined with `separator`, or none when there are none.
fn joined<S: AsRef<str>>(items: &[S], separator: &str) -> Option<String> {
    (!items.is_empty()).then(|| items.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(separator))
}

impl MaturityReport {
    /// The area assessed under `code` or, across ICB vintages, under the other code of the
    /// same ICB (an ODS code such as QRL names a different ONS code before and after April
    /// 2026).
    pub fn area(&self, code: &str, vintages: &Vintages) -> Option<&AreaMaturity> {
        self.results
            .iter()
            .find(|r| r.area == code)
            .or_else(|| self.results.iter().find(|r| vintages.same_icb(&r.area, code)))
    }

    /// One row per area ([`TableKind::MaturityLevels`]): overall level and score, the weakest
    /// dimension, whether it held the level down, the change since the earlier round,
    /// earned-autonomy eligibility with the conditions not met, and the reason.
    pub fn levels_table(&self) -> Table {
        let rows = &self.results;
        fn overall(r: &AreaMaturity) -> Option<&super::OverallResult> {
            r.overall.as_ref()
        }
        let decision = |r: &AreaMaturity| self.autonomy.iter().find(|d| d.area == r.area);
        let change = |r: &AreaMaturity| {
            let moved = self.movements.as_deref().unwrap_or_default();
            moved.iter().find(|m| m.area == r.area && m.dimension.is_none()).and_then(|m| m.change)
        };
        let not_met = |r: &AreaMaturity| {
            decision(r).map(|d| {
                let failed: Vec<&str> = d.checks.iter().filter(|c| !c.passed).map(|c| c.condition.as_str()).collect();
                failed.join("; ")
            })
        };
        TableBuilder::new(TableKind::MaturityLevels, rows.len())
            .text("code", rows.iter().map(|r| Some(r.area.as_str())))
            .text("level", rows.iter().map(|r| overall(r).map(|o| o.level.name.as_str())))
            .float("score", rows.iter().map(|r| float(overall(r).map(|o| o.score))))
            .text("weakest_dimension", rows.iter().map(|r| overall(r).map(|o| o.weakest_dimension.as_str())))
            .text("weakest_level", rows.iter().map(|r| overall(r).map(|o| o.weakest_level.name.as_str())))
            .flag("limited", rows.iter().map(|r| overall(r).map(|o| o.limited)))
            .integer("change", rows.iter().map(change))
            .flag("eligible", rows.iter().map(|r| decision(r).map(|d| d.eligible)))
            .text("not_met", rows.iter().map(not_met))
            .count("unscored", rows.iter().map(|r| Some(r.unscored.len())))
            .text("reason", rows.iter().map(|r| overall(r).map(|o| o.reason.as_str())))
            .finish()
    }

    /// One row per area and dimension ([`TableKind::MaturityDimensions`]).
    pub fn dimensions_table(&self) -> Table {
        let rows: Vec<_> = self.results.iter().flat_map(|r| r.dimensions.iter().map(move |d| (r, d))).collect();
        TableBuilder::new(TableKind::MaturityDimensions, rows.len())
            .text("code", rows.iter().map(|(r, _)| Some(r.area.as_str())))
            .text("dimension", rows.iter().map(|(_, d)| Some(d.dimension.as_str())))
            .float("score", rows.iter().map(|(_, d)| float(d.score)))
            .text("level", rows.iter().map(|(_, d)| d.level.as_ref().map(|l| l.name.as_str())))
            .text("reason", rows.iter().map(|(_, d)| Some(d.reason.as_str())))
            .finish()
    }

    /// One row per area and criterion ([`TableKind::MaturityCriteria`]): the score used, its
    /// source, the sources it outranked, how many scores were averaged, and the evidence.
    pub fn criteria_table(&self) -> Table {
        let rows: Vec<_> = self
            .results
            .iter()
            .flat_map(|r| r.dimensions.iter().flat_map(move |d| d.criteria.iter().map(move |c| (r, d, c))))
            .collect();
        let outranked =
            |sources: &[super::Source]| joined(&sources.iter().map(ToString::to_string).collect::<Vec<_>>(), ", ");
        TableBuilder::new(TableKind::MaturityCriteria, rows.len())
            .text("code", rows.iter().map(|(r, _, _)| Some(r.area.as_str())))
            .text("dimension", rows.iter().map(|(_, d, _)| Some(d.dimension.as_str())))
            .text("criterion", rows.iter().map(|(_, _, c)| Some(c.criterion.as_str())))
            .float("score", rows.iter().map(|(_, _, c)| float(c.score)))
            .text("source", rows.iter().map(|(_, _, c)| c.source.map(|s| s.to_string())))
            .text("outranked", rows.iter().map(|(_, _, c)| outranked(&c.outranked)))
            .count("scores", rows.iter().map(|(_, _, c)| Some(c.scores)))
            .text("evidence", rows.iter().map(|(_, _, c)| joined(&c.evidence, "; ")))
            .flag("evidence_missing", rows.iter().map(|(_, _, c)| Some(c.evidence_missing)))
            .finish()
    }

    /// One row per area and condition of the earned-autonomy rule
    /// ([`TableKind::MaturityAutonomy`]).
    pub fn autonomy_table(&self) -> Table {
        let rows: Vec<_> = self.autonomy.iter().flat_map(|d| d.checks.iter().map(move |c| (d, c))).collect();
        TableBuilder::new(TableKind::MaturityAutonomy, rows.len())
            .text("code", rows.iter().map(|(d, _)| Some(d.area.as_str())))
            .flag("eligible", rows.iter().map(|(d, _)| Some(d.eligible)))
            .text("condition", rows.iter().map(|(_, c)| Some(c.condition.as_str())))
            .flag("passed", rows.iter().map(|(_, c)| Some(c.passed)))
            .text("detail", rows.iter().map(|(_, c)| Some(c.detail.as_str())))
            .finish()
    }

    /// Peer review less self-assessment per criterion ([`TableKind::CriterionDivergence`]).
    pub fn criterion_divergence_table(&self) -> Table {
        let rows = &self.divergence.criteria;
        TableBuilder::new(TableKind::CriterionDivergence, rows.len())
            .text("code", rows.iter().map(|c| Some(c.area.as_str())))
            .text("dimension", rows.iter().map(|c| Some(c.dimension.as_str())))
            .text("criterion", rows.iter().map(|c| Some(c.criterion.as_str())))
            .float("self_score", rows.iter().map(|c| float(c.self_score)))
            .float("peer_score", rows.iter().map(|c| float(c.peer_score)))
            .float("difference", rows.iter().map(|c| float(c.difference)))
            .flag("flagged", rows.iter().map(|c| Some(c.flagged)))
            .finish()
    }

    /// Peer review less self-assessment per dimension, on the criteria both scored
    /// ([`TableKind::DimensionDivergence`]).
    pub fn dimension_divergence_table(&self) -> Table {
        let rows = &self.divergence.dimensions;
        TableBuilder::new(TableKind::DimensionDivergence, rows.len())
            .text("code", rows.iter().map(|d| Some(d.area.as_str())))
            .text("dimension", rows.iter().map(|d| Some(d.dimension.as_str())))
            .count("criteria_compared", rows.iter().map(|d| Some(d.criteria_compared)))
            .float("self_score", rows.iter().map(|d| float(d.self_score)))
            .float("peer_score", rows.iter().map(|d| float(d.peer_score)))
            .float("difference", rows.iter().map(|d| float(d.difference)))
            .flag("flagged", rows.iter().map(|d| Some(d.flagged)))
            .text("self_level", rows.iter().map(|d| d.self_level.as_ref().map(|l| l.name.as_str())))
            .text("peer_level", rows.iter().map(|d| d.peer_level.as_ref().map(|l| l.name.as_str())))
            .finish()
    }

    /// How many areas reached each level, overall (no dimension) and per dimension
    /// ([`TableKind::MaturityDistribution`]).
    pub fn distribution_table(&self) -> Table {
        let rows = &self.distribution;
        TableBuilder::new(TableKind::MaturityDistribution, rows.len())
            .text("dimension", rows.iter().map(|c| c.dimension.as_deref()))
            .text("level", rows.iter().map(|c| c.level.as_deref()))
            .count("areas", rows.iter().map(|c| Some(c.areas)))
            .finish()
    }

    /// Level movements from the earlier round, overall and per dimension
    /// ([`TableKind::MaturityMovements`]); none without an earlier round.
    pub fn movements_table(&self) -> Option<Table> {
        let rows = self.movements.as_ref()?;
        Some(
            TableBuilder::new(TableKind::MaturityMovements, rows.len())
                .text("code", rows.iter().map(|m| Some(m.area.as_str())))
                .text("dimension", rows.iter().map(|m| m.dimension.as_deref()))
                .text("before", rows.iter().map(|m| m.before.as_ref().map(|l| l.name.as_str())))
                .text("after", rows.iter().map(|m| m.after.as_ref().map(|l| l.name.as_str())))
                .integer("change", rows.iter().map(|m| m.change))
                .finish(),
        )
    }

    /// Radar-chart spokes of `areas` ([`TableKind::MaturityRadar`]): per area and dimension
    /// the score, its share of the model's range (the radius, 0 to 1) and its level.
    pub fn radar_table(&self, model: &MaturityModel, areas: &[&AreaMaturity]) -> Table {
        let rows: Vec<_> = areas.iter().flat_map(|a| radar(model, a).into_iter().map(move |axis| (*a, axis))).collect();
        TableBuilder::new(TableKind::MaturityRadar, rows.len())
            .text("code", rows.iter().map(|(a, _)| Some(a.area.as_str())))
            .text("dimension", rows.iter().map(|(_, x)| Some(x.dimension.as_str())))
            .text("name", rows.iter().map(|(_, x)| Some(x.name.as_str())))
            .float("score", rows.iter().map(|(_, x)| float(x.score)))
            .float("radius", rows.iter().map(|(_, x)| float(x.radius)))
            .text("level", rows.iter().map(|(_, x)| x.level.as_deref()))
            .finish()
    }

    /// One area's levels in words: overall, each dimension, and the earned-autonomy checks.
    pub fn explain(&self, area: &AreaMaturity) -> String {
        let overall = match &area.overall {
            Some(o) => format!("{} ({})", o.level.name, o.reason),
            None => "no overall level".to_owned(),
        };
        let mut lines = vec![format!("{}: {overall}", area.area)];
        lines.extend(area.dimensions.iter().map(|d| format!("  {}: {}", d.dimension, d.reason)));
        if let Some(decision) = self.autonomy.iter().find(|d| d.area == area.area) {
            let verdict = if decision.eligible { "eligible" } else { "not eligible" };
            lines.push(format!("  earned autonomy: {verdict}"));
            for check in &decision.checks {
                let mark = if check.passed { "yes" } else { "no " };
                lines.push(format!("    {mark} {}: {}", check.condition, check.detail));
            }
        }
        lines.join("\n")
    }
}

impl MaturityModel {
    /// The level rings of a radar chart ([`TableKind::MaturityRings`]): each level's starting
    /// score and its share of the model's range.
    pub fn rings_table(&self) -> Table {
        let levels = self.levels();
        TableBuilder::new(TableKind::MaturityRings, levels.len())
            .text("level", levels.iter().map(|l| Some(l.name.as_str())))
            .float("start", levels.iter().map(|l| float(Some(l.from))))
            .float("radius", levels.iter().map(|l| float(Some(self.share_of_range(l.from)))))
            .finish()
    }

    /// One row per criterion of the model ([`TableKind::ModelCriteria`]), with the outcome
    /// data it is derived from, if any.
    pub fn criteria_table(&self) -> Table {
        let rows: Vec<_> = self.dimensions().iter().flat_map(|d| d.criteria.iter().map(move |c| (d, c))).collect();
        TableBuilder::new(TableKind::ModelCriteria, rows.len())
            .text("dimension", rows.iter().map(|(d, _)| Some(d.id.as_str())))
            .text("criterion", rows.iter().map(|(_, c)| Some(c.id.as_str())))
            .text("name", rows.iter().map(|(_, c)| Some(c.name.as_str())))
            .text("derived_from", rows.iter().map(|(_, c)| c.derived.as_ref().map(ToString::to_string)))
            .finish()
    }
}
