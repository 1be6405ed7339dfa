//! The report as one self-contained HTML page: inline CSS and SVG, no script, no font or
//! image fetched (a Content Security Policy forbids it), printable to A4.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::chart::target_chart;
use super::style::{DARK_GREY, assurance_badge, variation_badge};
use super::summary::TargetReading;
use super::{AreaReport, ReportContext};
use crate::spc::{Assurance, AssuranceIcon, VariationIcon};
use crate::table::{Table, reading, short_name};
use crate::{AreaScore, Scorecard};

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
:root { --blue: #005EB8; --dark: #003087; --grey: #425563; --mid: #768692; --pale: #E8EDEE; }
* { box-sizing: border-box; }
body { font-family: Arial, Helvetica, sans-serif; color: #212b32; margin: 0 auto; max-width: 1000px; padding: 16px 24px; font-size: 14px; line-height: 1.4; }
header { border-bottom: 4px solid var(--blue); margin-bottom: 12px; }
h1 { color: var(--dark); font-size: 24px; margin: 0 0 4px; }
h2 { color: var(--dark); font-size: 18px; border-bottom: 1px solid var(--pale); padding-bottom: 4px; margin-top: 24px; }
h3 { font-size: 14px; margin: 12px 0 4px; }
.meta { color: var(--grey); font-size: 12px; margin: 0 0 8px; }
.banner { background: #FFF3CD; border-left: 6px solid #FFB81C; padding: 6px 10px; font-weight: bold; margin: 8px 0; }
.headline { display: flex; flex-wrap: wrap; gap: 10px; margin: 8px 0; }
.headline div { border: 1px solid var(--pale); border-top: 4px solid var(--blue); padding: 6px 10px; min-width: 130px; }
.headline dt { color: var(--grey); font-size: 12px; }
.headline dd { margin: 0; font-size: 20px; font-weight: bold; }
.headline dd small { font-size: 12px; font-weight: normal; color: var(--grey); }
table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 6px 0; }
th, td { border: 1px solid var(--pale); padding: 3px 5px; text-align: left; vertical-align: top; }
th { background: #F0F4F5; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; }
.badge { display: inline-block; width: 22px; height: 22px; border-radius: 50%; color: #fff; font-weight: bold; text-align: center; line-height: 22px; border: 1px solid #425563; font-size: 12px; print-color-adjust: exact; -webkit-print-color-adjust: exact; }
.matrix td { height: 54px; width: 20%; }
.matrix th[scope=row] { width: 20%; }
figure { margin: 10px 0 18px; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 12px; color: var(--grey); }
figure h3 .badge { vertical-align: middle; margin-left: 4px; }
svg.spc-chart { display: block; width: 100%; max-width: 780px; height: auto; }
svg text.tick { font-size: 10px; fill: #425563; }
svg text.withheld { font-size: 14px; fill: #425563; }
.key span { margin-right: 14px; font-size: 12px; }
.notes li { margin-bottom: 2px; }
section { break-before: auto; }
@media print {
  @page { size: A4; margin: 14mm; }
  body { max-width: none; padding: 0; font-size: 11px; }
  section.page { break-before: page; page-break-before: always; }
  .headline div { border-top-color: #000; }
  a { color: inherit; text-decoration: none; }
}
"#;

const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

fn badge(letter: &str, colour: &str, words: &str, class: &str) -> String {
    format!(
        r#"<span class="badge {class}" style="background:{colour}" title="{w}" role="img" aria-label="{w}">{}</span>"#,
        escape(letter),
        w = escape(words)
    )
}

fn variation_html(icon: Option<VariationIcon>) -> String {
    icon.map_or_else(String::new, |icon| {
        let (letter, colour, words) = variation_badge(icon);
        badge(letter, colour, words, &format!("variation {}", icon.as_str()))
    })
}

fn assurance_html(icon: Option<AssuranceIcon>) -> String {
    icon.map_or_else(String::new, |icon| {
        let (letter, colour, words) = assurance_badge(icon);
        badge(letter, colour, words, &format!("assurance {}", icon.as_str()))
    })
}

/// A cell of a core table: the reading text shown, every digit in `data-value`.
fn cell(table: &Table, row: usize, column: &str) -> String {
    let full = table.text(row, column);
    let numeric = matches!(
        table.column(column).map(crate::table::Values::kind),
        Some(crate::table::ColumnType::Decimal | crate::table::ColumnType::Count)
    );
    let shown = match (&full, numeric) {
        (Some(text), true) => text.parse::<Decimal>().map_or_else(|_| text.clone(), reading),
        (Some(text), false) => text.clone(),
        (None, _) => "–".to_owned(),
    };
    format!(
        r#"<td data-column="{column}" data-value="{}"{}>{}</td>"#,
        escape(full.as_deref().unwrap_or("")),
        if numeric { r#" class="num""# } else { "" },
        escape(&shown)
    )
}

/// Writes the page of one area.
pub(super) fn page(
    card: &Scorecard,
    area: &AreaScore,
    readings: &[TargetReading<'_>],
    summary: &Table,
    context: &ReportContext<'_>,
) -> String {
    let mut h = String::with_capacity(64 * 1024);
    let name = short_name(&area.name);
    let ods = area.alt_code.as_deref().unwrap_or("");
    let _ = write!(
        h,
        r#"<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{POLICY}"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="generator" content="ics-outcomes {version}"><title>Integrated performance report: {t} ({period})</title><style>{STYLE}</style></head><body>"#,
        version = crate::VERSION,
        t = escape(name),
        period = card.period,
    );
    let _ = write!(
        h,
        r#"<header><h1>Integrated performance report: {}</h1><p class="meta">{} · {} · period {} · framework {} version {} · weighting {} · made by ics-outcomes {}</p>"#,
        escape(name),
        escape(ods),
        escape(&area.code),
        card.period,
        escape(&card.framework.0),
        escape(&card.framework.1),
        escape(card.options.weighting.id()),
        crate::VERSION
    );
    if let Some(label) = &card.data_label {
        let _ = write!(h, r#"<p class="banner" id="data-label">{}</p>"#, escape(label));
    }
    if let Some(rule) = &context.disclosure {
        let _ = write!(
            h,
            r#"<p class="banner" id="disclosure">Disclosure control: values resting on counts of 1 to {} are withheld, with what would give them back.</p>"#,
            rule.threshold
        );
    }
    h.push_str("</header>");
    headline(&mut h, card, area, context);
    matrix(&mut h, readings);
    icons_table(&mut h, readings, summary, card.data_label.as_deref());
    charts(&mut h, readings);
    explanation(&mut h, area);
    oversight(&mut h, area, context);
    maturity(&mut h, area, context);
    notes(&mut h, card, readings, context);
    h.push_str("</body></html>\n");
    h
}

fn headline(h: &mut String, card: &Scorecard, area: &AreaScore, context: &ReportContext<'_>) {
    let league = card.table();
    let row = card.areas.iter().position(|a| a.code == area.code).unwrap_or(0);
    let tied = area.rank.map_or(0, |rank| card.areas.iter().filter(|a| a.rank == Some(rank)).count());
    let rank = match area.rank {
        Some(rank) if tied > 1 => format!("={rank}"),
        Some(rank) => rank.to_string(),
        None => "–".to_owned(),
    };
    h.push_str(r#"<section id="headline"><h2>Headline</h2><dl class="headline">"#);
    let _ = write!(
        h,
        r#"<div><dt>Rank</dt><dd data-column="rank" data-value="{}">{rank} <small>of {}{}</small></dd></div>"#,
        area.rank.map(|r| r.to_string()).unwrap_or_default(),
        card.areas.len(),
        if tied > 1 { format!(", tied with {}", tied - 1) } else { String::new() }
    );
    for (column, label) in
        [("overall", "Overall score"), ("national", "National priorities"), ("local", "Local priorities")]
    {
        let value = league.text(row, column);
        let shown = value.as_deref().and_then(|v| v.parse::<Decimal>().ok()).map_or_else(|| "–".to_owned(), reading);
        let _ = write!(
            h,
            r#"<div><dt>{label}</dt><dd data-column="{column}" data-value="{}">{shown}</dd></div>"#,
            escape(value.as_deref().unwrap_or(""))
        );
    }
    let _ = write!(
        h,
        r#"<div><dt>Targets met</dt><dd data-column="targets_met" data-value="{m}">{m} <small>of {j} judged; {t} on track; {n} no data</small></dd></div>"#,
        m = area.targets_met,
        j = area.targets_judged,
        t = area.targets_on_track,
        n = area.targets_no_data
    );
    if let Some(previous) = context.previous {
        let before = previous.areas.iter().find(|a| a.code == area.code);
        let change = before.and_then(|b| Some(area.overall? - b.overall?));
        let moved = before.and_then(|b| Some(b.rank? as i64 - area.rank? as i64));
        let _ = write!(
            h,
            r#"<div><dt>Change since {}</dt><dd data-column="change" data-value="{}">{}<small>{}</small></dd></div>"#,
            previous.period,
            change.map(|c| c.normalize().to_string()).unwrap_or_default(),
            change.map_or_else(
                || "–".to_owned(),
                |c| format!("{}{}", if c > Decimal::ZERO { "+" } else { "" }, reading(c))
            ),
            match moved {
                Some(0) => " rank unchanged".to_owned(),
                Some(up) if up > 0 => format!(" up {up} places"),
                Some(down) => format!(" down {} places", -down),
                None => String::new(),
            }
        );
    }
    if let Some(interval) = context.ranks.and_then(|r| r.areas.iter().find(|i| i.code == area.code)) {
        let _ = write!(
            h,
            r#"<div><dt>Rank's 90% interval</dt><dd data-column="rank_interval">{:.0} to {:.0} <small>over {} replications</small></dd></div>"#,
            interval.q5,
            interval.q95,
            context.ranks.map_or(0, |r| r.options.replications)
        );
    }
    h.push_str("</dl></section>");
}

/// Where each variation row and assurance column of the matrix is.
const MATRIX_ROWS: &[(&str, &[VariationIcon])] = &[
    ("Special cause improvement", &[VariationIcon::ImprovementHigh, VariationIcon::ImprovementLow]),
    ("Common cause", &[VariationIcon::CommonCause]),
    ("Special cause concern", &[VariationIcon::ConcernHigh, VariationIcon::ConcernLow]),
    ("Special cause neutral", &[VariationIcon::NeutralHigh, VariationIcon::NeutralLow]),
];

fn matrix(h: &mut String, readings: &[TargetReading<'_>]) {
    let columns: [(&str, Option<Assurance>); 4] = [
        ("Consistently met", Some(Assurance::ConsistentPass)),
        ("Hit and miss", Some(Assurance::Inconsistent)),
        ("Consistently missed", Some(Assurance::ConsistentFail)),
        ("No assurance", None),
    ];
    h.push_str(r#"<section id="matrix"><h2>Variation and assurance</h2><p class="meta">Each target placed by the variation of its metric (rows) and whether the process will meet its requirement (columns), as Making Data Count summaries do.</p><table class="matrix"><thead><tr><th></th>"#);
    for (label, _) in &columns {
        let _ = write!(h, "<th scope=\"col\">{label}</th>");
    }
    h.push_str("</tr></thead><tbody>");
    for (label, icons) in MATRIX_ROWS {
        let _ = write!(h, r#"<tr><th scope="row">{label}</th>"#);
        for (_, assurance) in &columns {
            h.push_str("<td>");
            for (k, r) in readings.iter().enumerate().filter(|(_, r)| {
                r.contribution.spc.as_ref().is_some_and(|s| icons.contains(&s.variation) && s.assurance == *assurance)
            }) {
                let _ = write!(h, r##"<a href="#chart-{k}">{}</a> "##, escape(&r.contribution.target));
            }
            h.push_str("</td>");
        }
        h.push_str("</tr>");
    }
    let uncharted: Vec<String> =
        readings.iter().filter(|r| r.contribution.spc.is_none()).map(|r| escape(&r.contribution.target)).collect();
    let _ = write!(
        h,
        "</tbody></table><p class=\"meta\">Not charted: {}</p></section>",
        if uncharted.is_empty() { "none".to_owned() } else { uncharted.join(", ") }
    );
}

/// A row's notes bar the data's label, which the page states once at the top.
fn notes_cell(r: &TargetReading<'_>, label: Option<&str>) -> String {
    let notes: Vec<&str> = r.notes.iter().map(String::as_str).filter(|n| Some(*n) != label).collect();
    format!(r#"<td data-column="notes">{}</td>"#, escape(&notes.join("; ")))
}

fn icons_table(h: &mut String, readings: &[TargetReading<'_>], summary: &Table, card_label: Option<&str>) {
    h.push_str(r#"<section id="icons" class="page"><h2>Every target</h2><table class="summary"><thead><tr><th>Target</th><th>Metric</th><th>Value</th><th>Required</th><th>Attainment</th><th>Variation</th><th>Assurance</th><th>Rule at the last point</th><th>Mean</th><th>Lower limit</th><th>Upper limit</th><th>Points</th><th>Notes</th></tr></thead><tbody>"#);
    for (row, r) in readings.iter().enumerate() {
        let spc = r.contribution.spc.as_ref();
        let _ = write!(
            h,
            r##"<tr data-target="{t}"><td data-column="target"><a href="#chart-{row}">{t}</a></td><td data-column="metric_name">{}</td>{}{}{}<td data-column="variation" data-value="{}">{}</td><td data-column="assurance" data-value="{}">{}</td>{}{}{}{}{}{}</tr>"##,
            escape(r.metric.map_or(&*r.contribution.metric, |m| m.name.as_str())),
            cell(summary, row, "published"),
            cell(summary, row, "required"),
            cell(summary, row, "attainment"),
            summary.text(row, "variation").unwrap_or_default(),
            variation_html(spc.map(|s| s.variation)),
            summary.text(row, "assurance").unwrap_or_default(),
            assurance_html(spc.and_then(|s| s.assurance_icon)),
            cell(summary, row, "special_cause"),
            cell(summary, row, "process_mean"),
            cell(summary, row, "process_lpl"),
            cell(summary, row, "process_upl"),
            cell(summary, row, "spc_points"),
            notes_cell(r, card_label),
            t = escape(&r.contribution.target),
        );
    }
    h.push_str("</tbody></table></section>");
}

fn charts(h: &mut String, readings: &[TargetReading<'_>]) {
    h.push_str(r#"<section id="charts" class="page"><h2>Charts</h2><p class="key">"#);
    for point in [
        crate::spc::PointType::CommonCause,
        crate::spc::PointType::SpecialCauseImprovement,
        crate::spc::PointType::SpecialCauseConcern,
        crate::spc::PointType::SpecialCauseNeutralHigh,
    ] {
        let (colour, shape, words) = super::style::point_style(point);
        let _ = write!(h, "<span>{} {words}</span>", key_marker(shape, colour));
    }
    h.push_str("<span>━ centre line (mean)</span><span>╌ process limits</span><span>red ─·─ target, red ┈ trajectory</span></p>");
    for (k, r) in readings.iter().enumerate() {
        let target = escape(&r.contribution.target);
        // Ids by position: a target id is free text, and ids must be unique tokens.
        let id = format!("chart-{k}");
        let spc = r.contribution.spc.as_ref();
        let _ = write!(
            h,
            r#"<figure class="target-chart" data-target="{target}"><h3>{target}: {} {}{}</h3>"#,
            escape(r.metric.map_or(&*r.contribution.metric, |m| m.name.as_str())),
            variation_html(spc.map(|s| s.variation)),
            assurance_html(spc.and_then(|s| s.assurance_icon)),
        );
        match target_chart(r, &id) {
            Some((svg, words)) => {
                let _ = write!(h, "{svg}<figcaption>{}</figcaption>", escape(&words));
            }
            None => {
                let _ = write!(
                    h,
                    r#"<p id="{id}" class="no-chart">No chart: {}.</p>"#,
                    escape(r.no_chart.unwrap_or("no history was kept"))
                );
            }
        }
        h.push_str("</figure>");
    }
    h.push_str("</section>");
}

fn key_marker(shape: super::style::Shape, colour: &str) -> String {
    let body = match shape {
        super::style::Shape::Circle => r#"<circle cx="6" cy="6" r="4.5""#.to_owned(),
        super::style::Shape::Square => r#"<rect x="1.5" y="1.5" width="9" height="9""#.to_owned(),
        super::style::Shape::Diamond => r#"<polygon points="6,0.5 11.5,6 6,11.5 0.5,6""#.to_owned(),
        super::style::Shape::Triangle => r#"<polygon points="6,0.5 11.5,11 0.5,11""#.to_owned(),
    };
    format!(r##"<svg width="12" height="12" aria-hidden="true">{body} fill="{colour}" stroke="{DARK_GREY}"/></svg>"##)
}

fn explanation(h: &mut String, area: &AreaScore) {
    let table = area.table();
    h.push_str(r#"<section id="explanation" class="page"><h2>How the score is made</h2><p class="meta">Each target's score times its exact weight is its contribution; the contributions add up exactly to the overall score.</p><table class="explanation"><thead><tr><th>Priority</th><th>Tier</th><th>Target</th><th>Published</th><th>Required</th><th>Attainment</th><th>Score</th><th>Weight</th><th>Contribution</th></tr></thead><tbody>"#);
    for row in 0..table.rows() {
        let _ = write!(
            h,
            r#"<tr data-target="{}">{}{}{}{}{}{}{}{}{}</tr>"#,
            escape(&table.text(row, "target").unwrap_or_default()),
            cell(&table, row, "priority"),
            cell(&table, row, "tier"),
            cell(&table, row, "target"),
            cell(&table, row, "published"),
            cell(&table, row, "required"),
            cell(&table, row, "attainment"),
            cell(&table, row, "score"),
            cell(&table, row, "weight"),
            cell(&table, row, "contribution"),
        );
    }
    let total = area.overall.map(|o| o.normalize().to_string()).unwrap_or_default();
    let _ = write!(
        h,
        r#"</tbody><tfoot><tr><td colspan="8">Overall score (the sum of the contributions)</td><td class="num" data-column="overall" data-value="{total}">{}</td></tr></tfoot></table></section>"#,
        area.overall.map_or_else(|| "–".to_owned(), reading)
    );
}

fn oversight(h: &mut String, area: &AreaScore, context: &ReportContext<'_>) {
    h.push_str(r#"<section id="oversight"><h2>Oversight segment</h2>"#);
    let Some(found) = context.oversight.and_then(|o| o.iter().find(|o| o.code == area.code)) else {
        h.push_str("<p>No oversight assessment was given for this report.</p></section>");
        return;
    };
    let a = &found.assessment;
    let _ = write!(
        h,
        r#"<p>Segment <strong data-column="segment">{}</strong> (from the average score alone: {}), league rank {} of {}. Average metric score {}.</p>"#,
        a.segments.final_segment,
        a.segments.unadjusted,
        found.league_rank,
        context.oversight.map_or(0, <[_]>::len),
        a.average_published.normalize()
    );
    if !a.segments.overrides.is_empty() {
        let overrides: Vec<String> = a.segments.overrides.iter().map(|o| escape(&o.to_string())).collect();
        let _ = write!(h, "<p>Overrides: {}.</p>", overrides.join("; "));
    }
    if context.disclosure.is_some() {
        // The drivers are the ICS's own values of the metrics, which disclosure control may
        // have withheld above.
        h.push_str(
            "<p>The drivers, each metric's value and score, are left out under disclosure control.</p></section>",
        );
        return;
    }
    let metrics = found.metrics_table();
    h.push_str("<h3>Drivers: each metric's score</h3><table><thead><tr><th>Metric</th><th>Domain</th><th>Value</th><th>Score</th><th>Basis</th></tr></thead><tbody>");
    for row in 0..metrics.rows() {
        let _ = write!(
            h,
            "<tr>{}{}{}{}{}</tr>",
            cell(&metrics, row, "metric"),
            cell(&metrics, row, "domain"),
            cell(&metrics, row, "value"),
            cell(&metrics, row, "score"),
            cell(&metrics, row, "basis")
        );
    }
    h.push_str("</tbody></table></section>");
}

fn maturity(h: &mut String, area: &AreaScore, context: &ReportContext<'_>) {
    h.push_str(r#"<section id="maturity"><h2>Maturity</h2>"#);
    let Some(report) = context.maturity else {
        h.push_str("<p>No maturity assessment was given for this report.</p></section>");
        return;
    };
    let codes = [Some(area.code.as_str()), area.alt_code.as_deref()];
    let Some(found) = report.results.iter().find(|r| codes.contains(&Some(r.area.as_str()))) else {
        h.push_str("<p>This ICS has no maturity assessment in the round given.</p></section>");
        return;
    };
    match &found.overall {
        Some(overall) => {
            let _ = write!(
                h,
                r#"<p>Level <strong data-column="level">{}</strong> (score {}); weakest dimension <strong>{}</strong> at {}. {}</p>"#,
                escape(&overall.level.name),
                overall.score.normalize(),
                escape(&overall.weakest_dimension),
                escape(&overall.weakest_level.name),
                escape(&overall.reason)
            );
        }
        None => h.push_str("<p>No overall level: a dimension is unscored.</p>"),
    }
    h.push_str("<table><thead><tr><th>Dimension</th><th>Score</th><th>Level</th></tr></thead><tbody>");
    for d in &found.dimensions {
        let _ = write!(
            h,
            r#"<tr><td>{}</td><td class="num">{}</td><td>{}</td></tr>"#,
            escape(&d.dimension),
            d.score.map_or_else(|| "–".to_owned(), reading),
            d.level.as_ref().map_or_else(|| "–".to_owned(), |l| escape(&l.name))
        );
    }
    h.push_str("</tbody></table></section>");
}

fn notes(h: &mut String, card: &Scorecard, readings: &[TargetReading<'_>], context: &ReportContext<'_>) {
    h.push_str(r#"<section id="notes"><h2>Notes on the data</h2><ul class="notes">"#);
    if let Some(label) = &card.data_label {
        let _ = write!(h, "<li>{}</li>", escape(label));
    }
    let mut seen = std::collections::BTreeSet::new();
    for r in readings {
        for note in r.notes.iter().filter(|n| Some(*n) != card.data_label.as_ref()) {
            if seen.insert((&*r.contribution.target, note.as_str())) {
                let _ = write!(h, "<li>{}: {}</li>", escape(&r.contribution.target), escape(note));
            }
        }
    }
    if let Some(rule) = &context.disclosure {
        let _ = write!(
            h,
            "<li>Disclosure control: counts of 1 to {} suppressed; the SPC centre lines and limits are withheld, since with the published values they would give a suppressed value back.</li>",
            rule.threshold
        );
    }
    let _ = write!(
        h,
        "<li>Scored by ics-outcomes {} with weighting {} and missing data {}: the overall score is the exact sum of the contributions, rounded once.</li></ul></section>",
        crate::VERSION,
        escape(card.options.weighting.id()),
        escape(card.options.missing.id())
    );
}

/// The report's pages joined for an index of every area.
pub(super) fn index(reports: &[AreaReport], card: &Scorecard) -> String {
    let mut h = String::new();
    let _ = write!(
        h,
        r#"<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="{POLICY}"><title>Integrated performance reports ({})</title><style>{STYLE}</style></head><body><h1>Integrated performance reports, {}</h1><table><thead><tr><th>Rank</th><th>ICS</th><th>Report</th></tr></thead><tbody>"#,
        card.period, card.period
    );
    for (report, area) in reports.iter().zip(&card.areas) {
        let _ = write!(
            h,
            r#"<tr><td class="num">{}</td><td>{}</td><td><a href="{f}">{f}</a></td></tr>"#,
            area.rank.map(|r| r.to_string()).unwrap_or_default(),
            escape(short_name(&area.name)),
            f = escape(&report.file_name())
        );
    }
    h.push_str("</tbody></table></body></html>\n");
    h
}
