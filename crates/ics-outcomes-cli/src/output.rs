//! Formatting of results as aligned tables, CSV or JSON. Numbers are printed in full
//! precision in CSV and JSON (so contributions add up exactly); tables round for reading.

use std::fmt::Write as _;

use clap::ValueEnum;
use ics_outcomes::composite::RankUncertainty;
use ics_outcomes::maturity::{MaturityModel, MaturityReport};
use ics_outcomes::oversight::{IcsOversight, ics_oversight_table};
use ics_outcomes::prevention::{PreventionShare, latest_shares, shares_table};
use ics_outcomes::record::RunRecord;
use ics_outcomes::table::{ColumnSpec, Table as ResultTable, Values};
use ics_outcomes::vintage::Vintages;
use ics_outcomes::{Area, AreaScore, Error, Scorecard, defaults};
use rust_decimal::Decimal;
use serde_json::{Value, json};

/// How results are printed.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Aligned columns for reading (numbers rounded to 4 places).
    Table,
    /// CSV with full-precision numbers.
    Csv,
    /// JSON with full-precision numbers as strings.
    Json,
}

/// Rows of text cells under a header.
pub struct Table {
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(header: &[&str]) -> Self {
        Table { header: header.iter().map(|h| (*h).to_owned()).collect(), rows: Vec::new() }
    }

    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    fn aligned(&self, out: &mut String) {
        let widths: Vec<usize> = (0..self.header.len())
            .map(|i| self.rows.iter().map(|r| r[i].chars().count()).chain([self.header[i].len()]).max().unwrap_or(0))
            .collect();
        let line = |cells: &[String]| {
            let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| format!("{c:<w$}")).collect();
            format!("{}\n", padded.join("  ").trim_end())
        };
        out.push_str(&line(&self.header));
        for row in &self.rows {
            out.push_str(&line(row));
        }
    }

    fn csv(&self, out: &mut String) -> Result<(), Error> {
        let failed = |message: String| Error::File { file: "<output>".into(), message };
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(&self.header).map_err(|e| failed(e.to_string()))?;
        for row in &self.rows {
            writer.write_record(row).map_err(|e| failed(e.to_string()))?;
        }
        let bytes = writer.into_inner().map_err(|e| failed(e.to_string()))?;
        out.push_str(&String::from_utf8(bytes).map_err(|e| failed(e.to_string()))?);
        Ok(())
    }

    fn json_rows(&self) -> Vec<Value> {
        self.rows
            .iter()
            .map(|row| {
                Value::Object(
                    self.header
                        .iter()
                        .cloned()
                        .zip(row.iter().map(|c| if c.is_empty() { Value::Null } else { Value::String(c.clone()) }))
                        .collect(),
                )
            })
            .collect()
    }
}

/// A core result table as text cells: every column for CSV and JSON, the brief ones (rounded
/// for reading) for an aligned table.
fn grid(table: &ResultTable, format: Format) -> Table {
    let reading = matches!(format, Format::Table);
    let columns: Vec<(ColumnSpec, &Values)> = table.columns().filter(|(spec, _)| !reading || spec.brief).collect();
    let mut grid = Table::new(&columns.iter().map(|(spec, _)| spec.name).collect::<Vec<_>>());
    for row in 0..table.rows() {
        grid.row(
            columns
                .iter()
                .map(|(spec, values)| match (values, reading) {
                    (Values::Text(_), true) if spec.name == "name" => {
                        display_name(&values.text(row).unwrap_or_default())
                    }
                    (Values::Decimal(v), true) => short(v.get(row).copied().flatten()),
                    (Values::Float(v), true) => {
                        v.get(row).copied().flatten().map_or_else(|| "-".to_owned(), reading_float)
                    }
                    _ => values.text(row).unwrap_or_default(),
                })
                .collect(),
        );
    }
    grid
}

/// A float for reading: one decimal place, or three significant figures below 1 (a
/// proportion of 0.0731 is not 0.1).
fn reading_float(x: f64) -> String {
    let places = if x != 0.0 && x.abs() < 1.0 { (2.0 - x.abs().log10().floor()).min(12.0) as usize } else { 1 };
    let text = format!("{x:.places$}");
    if places == 1 { text.trim_end_matches(".0").to_owned() } else { text }
}

/// A core result table's columns (name and type) and rows for JSON: decimals as strings in
/// full precision, counts and floats as numbers, flags as booleans, missing values as null.
fn json_table(table: &ResultTable) -> Value {
    let columns: Vec<Value> =
        table.columns().map(|(spec, _)| json!({ "name": spec.name, "type": spec.kind.name() })).collect();
    let rows: Vec<Value> = (0..table.rows())
        .map(|row| {
            Value::Object(
                table
                    .columns()
                    .map(|(spec, values)| {
                        let value = match values {
                            Values::Count(v) => v.get(row).copied().flatten().map_or(Value::Null, Value::from),
                            Values::Integer(v) => v.get(row).copied().flatten().map_or(Value::Null, Value::from),
                            Values::Float(v) => v.get(row).copied().flatten().map_or(Value::Null, Value::from),
                            Values::Flag(v) => v.get(row).copied().flatten().map_or(Value::Null, Value::from),
                            Values::DecimalList(v) => v.get(row).cloned().flatten().map_or(Value::Null, |list| {
                                list.iter()
                                    .map(|d| d.map_or(Value::Null, |d| Value::String(d.normalize().to_string())))
                                    .collect()
                            }),
                            _ => values.text(row).map_or(Value::Null, Value::String),
                        };
                        (spec.name.to_owned(), value)
                    })
                    .collect(),
            )
        })
        .collect();
    json!({ "table": table.kind().name(), "columns": columns, "rows": rows })
}

/// Prints a core result table in `format` under a scorecard's heading; `extra` adds to the
/// JSON document.
fn emit_result(
    table: &ResultTable,
    card: &Scorecard,
    format: Format,
    extra: Value,
    out: &mut String,
) -> Result<(), Error> {
    match format {
        Format::Table => {
            grid(table, format).aligned(out);
            Ok(())
        }
        Format::Csv => grid(table, format).csv(out),
        Format::Json => {
            let mut document = heading(card);
            if let (Some(object), Value::Object(more), Value::Object(rows)) =
                (document.as_object_mut(), extra, json_table(table))
            {
                object.extend(more);
                object.extend(rows);
            }
            let _ = writeln!(out, "{}", serde_json::to_string_pretty(&document).unwrap_or_default());
            Ok(())
        }
    }
}

fn full(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string()).unwrap_or_default()
}

fn short(d: Option<Decimal>) -> String {
    d.map(ics_outcomes::table::reading).unwrap_or_else(|| "-".into())
}

fn heading(card: &Scorecard) -> Value {
    json!({
        "framework": card.framework.0,
        "version": card.framework.1,
        "period": card.period.to_string(),
        "options": card.options,
        "data_label": card.data_label,
    })
}

fn banner(card: &Scorecard, format: Format, out: &mut String) {
    let label = card.data_label.as_deref();
    match format {
        Format::Table => {
            if let Some(label) = label {
                let _ = writeln!(out, "*** {label} ***");
            }
            let _ = writeln!(
                out,
                "{} {} | period {} | weighting {} | missing data {}",
                card.framework.0,
                card.framework.1,
                card.period,
                serde_json::to_value(&card.options.weighting).ok().map_or(String::new(), |v| v.to_string()),
                serde_json::to_value(card.options.missing).ok().map_or(String::new(), |v| v.to_string()),
            );
        }
        Format::Csv => {
            if let Some(label) = label {
                eprintln!("note: {label}");
            }
        }
        Format::Json => {}
    }
}

/// The league table: one row per area, best first; with rank uncertainty, the rank
/// uncertainty table (the median rank and the 90 % interval beside each rank).
pub fn league_table(
    card: &Scorecard,
    ranks: Option<&RankUncertainty>,
    record: &RunRecord,
    format: Format,
) -> Result<String, Error> {
    let mut out = String::new();
    banner(card, format, &mut out);
    let table = ranks.map_or_else(|| card.table(), RankUncertainty::table);
    let extra = match ranks {
        Some(r) => json!({ "uncertainty": json_value(&r.options)?, "run": json_value(record)? }),
        None => json!({ "run": json_value(record)? }),
    };
    emit_result(&table, card, format, extra, &mut out)?;
    if let (Some(r), Format::Table) = (ranks, format) {
        let names = |values: Vec<Value>| values.iter().map(Value::to_string).collect::<Vec<_>>().join(", ");
        let _ = writeln!(
            out,
            "\nrank_q5..rank_q95: the 90 % interval of each rank over {} replications (seed {}): weights \
             ±{}, policies {}, attainment scored {}",
            r.options.replications,
            r.options.seed,
            r.options.weight_noise,
            names(r.options.policies.iter().map(json_value).collect::<Result<_, _>>()?),
            names(r.options.scoring.iter().map(json_value).collect::<Result<_, _>>()?),
        );
    }
    Ok(out)
}

/// Every target of every area, in league-table order.
/// The icon summary: one row per ICS and target.
pub fn summary(card: &Scorecard, format: Format) -> Result<String, Error> {
    let mut out = String::new();
    banner(card, format, &mut out);
    emit_result(&ics_outcomes::report::icon_summary(card), card, format, json!({}), &mut out)?;
    Ok(out)
}

/// A `chart` command's table, its JSON headed by the options it was drawn with.
pub fn chart(table: &ResultTable, options: &ics_outcomes::spc::ChartOptions, format: Format) -> Result<String, Error> {
    let mut out = String::new();
    let heading = json!({ "version": ics_outcomes::VERSION, "options": options });
    emit_table(table, format, heading, &mut out)?;
    Ok(out)
}

pub fn targets(card: &Scorecard, format: Format) -> Result<String, Error> {
    let mut out = String::new();
    banner(card, format, &mut out);
    emit_result(&card.targets_table(), card, format, json!({}), &mut out)?;
    Ok(out)
}

/// One area's contributions, adding up exactly to its overall score.
pub fn explanation(
    card: &Scorecard,
    code: &str,
    disclosure: Option<&ics_outcomes::disclosure::DisclosureRule>,
    format: Format,
) -> Result<String, Error> {
    let protected =
        disclosure.map(|rule| ics_outcomes::disclosure::protect_explanation(card.area(code)?, rule)).transpose()?;
    let area: &AreaScore = protected.as_ref().map_or_else(|| card.area(code), |p| Ok(&p.area))?;
    let table = protected.as_ref().map_or_else(|| area.table(), |p| p.table());
    let mut out = String::new();
    banner(card, format, &mut out);
    if !matches!(format, Format::Table) {
        let extra = json!({ "code": area.code, "ods": area.alt_code, "name": area.name, "rank": area.rank, "overall": full(area.overall) });
        emit_result(&table, card, format, extra, &mut out)?;
        return Ok(out);
    }
    let _ = writeln!(
        out,
        "{} ({} / {}): rank {}, overall {}",
        area.name,
        area.code,
        area.alt_code.as_deref().unwrap_or("-"),
        area.rank.map_or_else(|| "-".into(), |r| r.to_string()),
        full(area.overall)
    );
    // The reading view ends with the total: the weights add up to one and the contributions
    // to the overall score.
    let mut grid = grid(&table, format);
    let total: Vec<String> = grid
        .header
        .iter()
        .map(|name| match name.as_str() {
            "priority" => "TOTAL".to_owned(),
            "weight" => area.total_weight().map_or_else(String::new, |w| w.to_string()),
            "contribution" => full(area.overall),
            "note" => "= overall".to_owned(),
            _ => String::new(),
        })
        .collect();
    grid.row(total);
    grid.aligned(&mut out);
    Ok(out)
}

/// An error as JSON, with every issue's path and value.
pub fn error_json(error: &Error) -> Value {
    let issues: Vec<Value> = error
        .details()
        .iter()
        .map(|d| json!({ "kind": d.kind, "path": d.path, "value": d.value, "message": d.message }))
        .collect();
    let data = match error {
        Error::Data { data, .. } => Some(data.id()),
        _ => None,
    };
    json!({ "valid": false, "class": error.class().name(), "data": data, "error": error.to_string(), "issues": issues })
}

/// NOF-style segments and league table of the ICSs beside their framework scores.
pub fn oversight(card: &Scorecard, results: &[IcsOversight], format: Format) -> Result<String, Error> {
    let mut out = String::new();
    banner(card, format, &mut out);
    let cuts = results.first().map(|r| serde_json::to_value(&r.assessment.cut_points).unwrap_or_default());
    emit_result(&ics_oversight_table(results), card, format, json!({ "cut_points": cuts }), &mut out)?;
    Ok(out)
}

/// Each ICS's prevention share and trajectory status (each ICS's latest year, or every year).
pub fn prevention(shares: &[PreventionShare], all_years: bool, format: Format) -> Result<String, Error> {
    let mut out = String::new();
    if matches!(format, Format::Table) {
        let _ = writeln!(out, "*** {} ***", defaults::SYNTHETIC_LABEL);
    }
    let table = if all_years { shares_table(shares) } else { shares_table(&latest_shares(shares)) };
    emit_table(&table, format, json!({ "data_label": defaults::SYNTHETIC_LABEL }), &mut out)?;
    Ok(out)
}

/// A core result table: aligned (its brief columns) or CSV, or JSON after `heading`'s fields.
fn emit_table(table: &ResultTable, format: Format, mut heading: Value, out: &mut String) -> Result<(), Error> {
    match format {
        Format::Table => grid(table, format).aligned(out),
        Format::Csv => grid(table, format).csv(out)?,
        Format::Json => {
            if let (Some(object), Value::Object(rows)) = (heading.as_object_mut(), json_table(table)) {
                object.extend(rows);
            }
            let _ = writeln!(out, "{heading:#}");
        }
    }
    Ok(())
}

/// An ICB's name as people say it: "Greater Manchester", not "NHS Greater Manchester
/// Integrated Care Board".
fn display_name(name: &str) -> String {
    ics_outcomes::table::short_name(name).to_owned()
}

fn short_name(area: Option<&Area>) -> String {
    area.map(|a| display_name(&a.name)).unwrap_or_default()
}

fn emit_rows(table: &Table, document: Value, format: Format, out: &mut String) -> Result<(), Error> {
    match format {
        Format::Table => table.aligned(out),
        Format::Csv => table.csv(out)?,
        Format::Json => {
            let _ = writeln!(out, "{document:#}");
        }
    }
    Ok(())
}

fn json_value(value: &impl serde::Serialize) -> Result<Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::File { file: "<output>".into(), message: e.to_string() })
}

/// Every ICS's maturity level, weakest dimension, movement and earned-autonomy eligibility
/// (the core's `maturity_levels` table), then in the reading view the spread over levels and
/// the divergence flags.
pub fn maturity(
    model: &MaturityModel,
    report: &MaturityReport,
    synthetic: bool,
    format: Format,
) -> Result<String, Error> {
    let mut out = String::new();
    if synthetic && matches!(format, Format::Table) {
        let _ = writeln!(out, "*** {} ***", defaults::SYNTHETIC_LABEL);
    }
    if matches!(format, Format::Table) {
        let _ = writeln!(out, "{} ({})", model.def().name, model.def().id);
    }
    let heading = json!({ "model": model.def().id, "data_label": synthetic.then_some(defaults::SYNTHETIC_LABEL) });
    emit_table(&report.levels_table(), format, heading, &mut out)?;
    if matches!(format, Format::Table) {
        let overall: Vec<String> = report
            .distribution
            .iter()
            .filter(|c| c.dimension.is_none())
            .map(|c| format!("{} {}", c.level.as_deref().unwrap_or("not given"), c.areas))
            .collect();
        let eligible = report.autonomy.iter().filter(|d| d.eligible).count();
        let criteria = report.divergence.criteria.iter().filter(|c| c.flagged).count();
        let dimensions = report.divergence.dimensions.iter().filter(|d| d.flagged).count();
        let _ = writeln!(out, "\nlevels: {}", overall.join(", "));
        let _ = writeln!(out, "earned autonomy: {eligible} of {} eligible", report.autonomy.len());
        let _ = writeln!(
            out,
            "peer review against self-assessment: {criteria} criteria (|difference| >= {}) and {dimensions} dimensions \
             (>= {}) flagged; see --area CODE",
            report.divergence.rule.criterion, report.divergence.rule.dimension
        );
    }
    Ok(out)
}

/// One ICS in full: dimensions with reasons, criteria with sources and evidence, the
/// autonomy checks and the divergence of self-assessment from peer review.
pub fn maturity_area(
    model: &MaturityModel,
    report: &MaturityReport,
    area: &Area,
    format: Format,
) -> Result<String, Error> {
    let result = report.results.iter().find(|r| r.area == area.code).ok_or_else(|| Error::NotFound {
        what: "assessed area",
        value: area.code.clone(),
        hint: ": the assessments do not cover it".into(),
    })?;
    let decision = report.autonomy.iter().find(|d| d.area == area.code);
    let divergence: Vec<_> = report.divergence.criteria.iter().filter(|c| c.area == area.code).collect();
    let mut criteria = Table::new(&["dimension", "criterion", "score", "source", "outranked", "evidence"]);
    for dim in &result.dimensions {
        for c in &dim.criteria {
            let outranked: Vec<String> = c.outranked.iter().map(ToString::to_string).collect();
            criteria.row(vec![
                dim.dimension.clone(),
                c.criterion.clone(),
                full(c.score),
                c.source.map(|s| s.to_string()).unwrap_or_else(|| "unscored".into()),
                outranked.join(", "),
                if c.evidence_missing { "MISSING".to_owned() } else { c.evidence.join("; ") },
            ]);
        }
    }
    let mut out = String::new();
    match format {
        Format::Csv => criteria.csv(&mut out)?,
        Format::Json => {
            let document = json!({
                "model": model.def().id,
                "result": json_value(result)?,
                "autonomy": json_value(&decision)?,
                "divergence": json_value(&divergence)?,
            });
            let _ = writeln!(out, "{document:#}");
        }
        Format::Table => {
            let _ = writeln!(
                out,
                "{} ({}, {}) on {}",
                short_name(Some(area)),
                area.code,
                area.alt_code.as_deref().unwrap_or(""),
                model.def().name
            );
            match &result.overall {
                Some(o) => {
                    let _ = writeln!(out, "overall: {} ({})", o.level.name, o.reason);
                }
                None => {
                    let _ = writeln!(out, "overall: not given; unscored: {}", result.unscored.join(", "));
                }
            }
            let mut dims = Table::new(&["dimension", "level", "score", "reason"]);
            for d in &result.dimensions {
                dims.row(vec![
                    d.dimension.clone(),
                    d.level.as_ref().map(|l| l.name.clone()).unwrap_or_default(),
                    short(d.score.map(|s| s.round_dp(2))),
                    d.reason.clone(),
                ]);
            }
            let _ = writeln!(out);
            dims.aligned(&mut out);
            let _ = writeln!(out);
            criteria.aligned(&mut out);
            if let Some(d) = decision {
                let _ = writeln!(out, "\nearned autonomy: {}", if d.eligible { "eligible" } else { "not eligible" });
                let mut checks = Table::new(&["condition", "met", "detail"]);
                for c in &d.checks {
                    checks.row(vec![c.condition.clone(), if c.passed { "yes" } else { "no" }.into(), c.detail.clone()]);
                }
                checks.aligned(&mut out);
            }
            let mut diverge = Table::new(&["criterion", "self", "peer", "peer_less_self", "flagged"]);
            for c in &divergence {
                diverge.row(vec![
                    c.criterion.clone(),
                    full(c.self_score),
                    full(c.peer_score),
                    full(c.difference),
                    if c.flagged { "yes".into() } else { String::new() },
                ]);
            }
            if !divergence.is_empty() {
                let _ = writeln!(
                    out,
                    "\nself-assessment against peer review (flagged at {} points):",
                    report.divergence.rule.criterion
                );
                diverge.aligned(&mut out);
            }
        }
    }
    Ok(out)
}

/// The ICBs of every vintage (or one), then the successions between them.
pub fn geography(vintages: &Vintages, vintage: Option<&str>, format: Format) -> Result<String, Error> {
    let icbs: Vec<&ics_outcomes::vintage::Icb> = match vintage {
        Some(v) => vintages.icbs_in(v)?,
        None => vintages.icbs().iter().collect(),
    };
    let mut table = Table::new(&ics_outcomes::vintage::ICB_COLUMNS);
    for icb in &icbs {
        table.row(vec![
            icb.code.clone(),
            icb.ods.clone(),
            icb.name.clone(),
            icb.region.clone(),
            icb.first.clone(),
            icb.last.clone().unwrap_or_default(),
        ]);
    }
    let successions = vintages.successions();
    let document = json!({
        "vintages": vintages.names().collect::<Vec<_>>(),
        "vintage": vintage,
        "icbs": json_value(&icbs)?,
        "successions": json_value(&successions)?,
    });
    let mut out = String::new();
    emit_rows(&table, document, format, &mut out)?;
    if matches!(format, Format::Table) {
        let _ = writeln!(out, "\nsuccessions:");
        let mut table = Table::new(&ics_outcomes::vintage::SUCCESSION_COLUMNS);
        for s in successions {
            table.row(vec![s.from.clone(), s.to.clone(), s.change.id().to_owned(), s.vintage.clone()]);
        }
        table.aligned(&mut out);
    }
    Ok(out)
}

/// Reprojected rows in the observation shape, with where each came from and how; values
/// of counts computed through each metric's unit, where the catalogue knows it.
pub fn reprojection(
    rows: &[ics_outcomes::vintage::Reprojected],
    multiplier: &dyn Fn(&str) -> Option<Option<Decimal>>,
    to: &str,
    format: Format,
) -> Result<String, Error> {
    let names: Vec<&str> =
        ics_outcomes::table::TableKind::Reprojection.columns().iter().map(|column| column.name).collect();
    let mut table = Table::new(&names);
    for r in rows {
        let value = multiplier(&r.metric).map_or(r.value, |m| r.value_in(m));
        table.row(vec![
            r.area.clone(),
            r.metric.clone(),
            r.period.to_string(),
            full(value),
            full(r.numerator),
            full(r.denominator),
            r.from.join(" + "),
            r.method.id().to_owned(),
        ]);
    }
    let document = json!({ "vintage": to, "rows": table.json_rows() });
    let mut out = String::new();
    emit_rows(&table, document, format, &mut out)?;
    Ok(out)
}
