//! A target's XmR chart as plain SVG: points coloured and shaped by type, the centre line
//! and process limits, the target or the trajectory's planned line, and a text alternative.
//! Coordinates are computed in `f64`; the values shown in words are the exact ones.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::html::escape;
use super::style::{DARK_BLUE, DARK_GREY, PALE_GREY, RED, Shape, point_style};
use super::summary::TargetReading;

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 250.0;
const LEFT: f64 = 58.0;
const RIGHT: f64 = 14.0;
const TOP: f64 = 14.0;
const BOTTOM: f64 = 40.0;

/// The chart of `reading` as an SVG element with `id` (escaped here), and its text alternative (also the
/// SVG's description). `None` when there is no history to chart.
pub fn target_chart(reading: &TargetReading<'_>, id: &str) -> Option<(String, String)> {
    let spc = reading.contribution.spc.as_ref()?;
    let series = &spc.series;
    if series.values.is_empty() {
        return None;
    }
    let values: Vec<Option<f64>> = series.values.iter().map(|v| v.and_then(|v| v.to_f64())).collect();
    let planned: Vec<f64> = series.planned.iter().filter_map(|p| p.to_f64()).collect();
    let required = reading.contribution.evaluation.required.and_then(|r| r.to_f64());
    let target = if planned.is_empty() { required } else { None };
    let chart = reading.chart.as_ref();
    // Every point's lines: P and U limits differ from point to point.
    let limits: Vec<f64> = chart
        .map(|c| c.points.iter().flat_map(|p| [p.mean, p.lpl, p.upl]).filter(|x| x.is_finite()).collect())
        .unwrap_or_default();
    let all = values.iter().flatten().chain(&planned).chain(target.iter()).chain(&limits).copied();
    let (low, high) = all.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let (low, high) = padded(low, high);
    let n = values.len();
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |i: usize| LEFT + plot_w * (i as f64 + 0.5) / n as f64;
    let y = |v: f64| TOP + plot_h * (high - v) / (high - low);

    let words = alternative(reading);
    let id = escape(id);
    let mut svg = String::with_capacity(6000);
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" id="{id}" class="spc-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="{id}-title {id}-desc"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(&format!("{} of {}", spc.chart.title(), reading.contribution.target)),
        escape(&words),
    );
    // Grid and y ticks.
    for tick in ticks(low, high) {
        let ty = y(tick);
        let _ = write!(
            svg,
            r#"<line x1="{LEFT}" x2="{:.1}" y1="{ty:.1}" y2="{ty:.1}" stroke="{PALE_GREY}"/><text x="{:.1}" y="{:.1}" class="tick" text-anchor="end">{}</text>"#,
            WIDTH - RIGHT,
            LEFT - 5.0,
            ty + 3.5,
            tick_label(tick)
        );
    }
    // Each segment's centre line and limits, point by point: straight for an XmR chart,
    // stepped where P and U limits follow each period's denominator.
    if let Some(chart) = chart {
        for segment in &chart.segments {
            if segment.start > 0 {
                let xb = x(segment.start) - plot_w / n as f64 / 2.0;
                let _ = write!(
                    svg,
                    r#"<line class="rebase" x1="{xb:.1}" x2="{xb:.1}" y1="{TOP}" y2="{:.1}" stroke="{DARK_GREY}" stroke-dasharray="2 3"/>"#,
                    TOP + plot_h
                );
            }
            let points = &chart.points[segment.start..segment.start + segment.len];
            // A line's runs of points with a value, broken where one has none (a period
            // without counts in a P or U chart).
            let lines = |value: fn(&crate::spc::XmrPoint) -> f64| -> Vec<String> {
                let mut runs: Vec<Vec<String>> = vec![Vec::new()];
                for (k, p) in points.iter().enumerate() {
                    let v = value(p);
                    if v.is_finite() {
                        let xi = x(segment.start + k);
                        runs.last_mut().into_iter().for_each(|run| {
                            run.push(format!("{:.1},{:.1} {:.1},{:.1}", xi - 6.0, y(v), xi + 6.0, y(v)));
                        });
                    } else if runs.last().is_some_and(|run| !run.is_empty()) {
                        runs.push(Vec::new());
                    }
                }
                runs.into_iter().filter(|run| !run.is_empty()).map(|run| run.join(" ")).collect()
            };
            for path in lines(|p| p.mean) {
                let _ = write!(
                    svg,
                    r#"<polyline class="mean" points="{path}" fill="none" stroke="{DARK_BLUE}" stroke-width="1.5"/>"#
                );
            }
            for path in [lines(|p| p.lpl), lines(|p| p.upl)].into_iter().flatten() {
                let _ = write!(
                    svg,
                    r#"<polyline class="limit" points="{path}" fill="none" stroke="{DARK_GREY}" stroke-dasharray="6 4"/>"#
                );
            }
        }
    }
    if let Some(t) = target {
        let _ = write!(
            svg,
            r#"<line class="target" x1="{LEFT}" x2="{:.1}" y1="{t:.1}" y2="{t:.1}" stroke="{RED}" stroke-width="1.5" stroke-dasharray="9 3 2 3"/>"#,
            WIDTH - RIGHT,
            t = y(t)
        );
    }
    if planned.len() == n {
        let path: Vec<String> = planned.iter().enumerate().map(|(i, &p)| format!("{:.1},{:.1}", x(i), y(p))).collect();
        let _ = write!(
            svg,
            r#"<polyline class="trajectory" points="{}" fill="none" stroke="{RED}" stroke-width="1.5" stroke-dasharray="2 2"/>"#,
            path.join(" ")
        );
    }
    for (period, text) in &series.annotations {
        let Some(i) = series.periods.iter().position(|p| p == period) else { continue };
        let xa = x(i) - plot_w / n as f64 / 2.0;
        let _ = write!(
            svg,
            r#"<line class="annotation" x1="{xa:.1}" x2="{xa:.1}" y1="{TOP}" y2="{:.1}" stroke="{DARK_GREY}" stroke-dasharray="1 3"/><text class="tick annotation" x="{:.1}" y="{:.1}">{}</text>"#,
            TOP + plot_h,
            xa + 3.0,
            TOP + 9.0,
            escape(text)
        );
    }
    // The values joined by a line, broken where one is withheld.
    let mut run: Vec<String> = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push(format!("{:.1},{:.1}", x(i), y(*v))),
            None => flush(&mut svg, &mut run),
        }
    }
    flush(&mut svg, &mut run);
    for (i, v) in values.iter().enumerate() {
        let Some(v) = v else {
            let _ = write!(
                svg,
                r#"<text class="withheld" x="{:.1}" y="{:.1}" text-anchor="middle">*</text>"#,
                x(i),
                TOP + plot_h - 4.0
            );
            continue;
        };
        let point = chart.and_then(|c| c.points.get(i));
        let (colour, shape, _) =
            point.map_or(point_style(crate::spc::PointType::CommonCause), |p| point_style(p.point_type));
        let kind = point.map_or("common_cause", |p| p.point_type.as_str());
        svg.push_str(&marker(x(i), y(*v), shape, colour, kind));
    }
    // Period labels, no more than about eight, counted back from the latest.
    let step = n.div_ceil(8).max(1);
    for (i, period) in series.periods.iter().take(n).enumerate().filter(|(i, _)| (n - 1 - i).is_multiple_of(step)) {
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" class="tick" text-anchor="middle">{}</text>"#,
            x(i),
            HEIGHT - BOTTOM + 16.0,
            escape(&period.to_string())
        );
    }
    svg.push_str("</svg>");
    Some((svg, words))
}

fn flush(svg: &mut String, run: &mut Vec<String>) {
    if run.len() > 1 {
        let _ = write!(
            svg,
            r#"<polyline class="values" points="{}" fill="none" stroke="{DARK_GREY}" stroke-width="1.2"/>"#,
            run.join(" ")
        );
    }
    run.clear();
}

fn marker(cx: f64, cy: f64, shape: Shape, colour: &str, kind: &str) -> String {
    let r = 4.5;
    let body = match shape {
        Shape::Circle => format!(r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="{r}""#),
        Shape::Square => {
            format!(r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}""#, cx - r, cy - r, 2.0 * r, 2.0 * r)
        }
        Shape::Diamond => format!(
            r#"<polygon points="{cx:.1},{:.1} {:.1},{cy:.1} {cx:.1},{:.1} {:.1},{cy:.1}""#,
            cy - r - 1.0,
            cx + r + 1.0,
            cy + r + 1.0,
            cx - r - 1.0
        ),
        Shape::Triangle => format!(
            r#"<polygon points="{cx:.1},{:.1} {:.1},{:.1} {:.1},{:.1}""#,
            cy - r - 1.0,
            cx + r + 1.0,
            cy + r,
            cx - r - 1.0,
            cy + r
        ),
    };
    format!(r#"{body} class="point {kind}" fill="{colour}" stroke="{DARK_GREY}" stroke-width="0.8"/>"#)
}

/// The chart in words: what was charted, the latest value, the limits, the target or plan,
/// and the icons.
pub fn alternative(reading: &TargetReading<'_>) -> String {
    let c = reading.contribution;
    let Some(spc) = c.spc.as_ref() else { return format!("{}: no chart", c.target) };
    let s = &spc.series;
    let name = reading.metric.map_or(&*c.metric, |m| m.name.as_str());
    let (first, last) = (s.periods.first(), s.periods.last());
    let mut words = format!(
        "{name} for {}: {} values from {} to {}",
        reading.area.name,
        s.values.len(),
        first.map(ToString::to_string).unwrap_or_default(),
        last.map(ToString::to_string).unwrap_or_default()
    );
    if let Some(Some(latest)) = s.values.last() {
        let _ = write!(words, "; latest {}", latest.normalize());
    }
    if let (Some(mean), Some(lpl), Some(upl)) = (spc.mean, spc.lpl, spc.upl) {
        let _ = write!(words, "; mean {}, process limits {} to {}", mean.normalize(), lpl.normalize(), upl.normalize());
    }
    match (s.goal, c.evaluation.required) {
        (Some((period, goal)), Some(now)) => {
            let _ = write!(words, "; trajectory to {} by {period}, {} planned now", goal.normalize(), now.normalize());
        }
        (None, Some(required)) => {
            let _ = write!(words, "; target {}", required.normalize());
        }
        _ => {}
    }
    let _ = write!(words, "; variation: {}", super::style::variation_badge(spc.variation).2);
    if let Some(icon) = spc.assurance_icon {
        let _ = write!(words, "; assurance: {}", super::style::assurance_badge(icon).2);
    }
    for (period, text) in &s.annotations {
        let _ = write!(words, "; marked at {period}: {text}");
    }
    if s.values.iter().any(Option::is_none) {
        words.push_str("; values marked * withheld (disclosure control)");
    }
    words
}

/// The axis range, padded a twentieth each way; a flat range is widened by one.
fn padded(low: f64, high: f64) -> (f64, f64) {
    if !low.is_finite() || !high.is_finite() {
        return (0.0, 1.0);
    }
    // A twentieth of the span, and never less than a billionth of the values' size, which
    // floating point cannot lose.
    let pad = ((high - low) / 20.0).max(low.abs().max(high.abs()) * 1e-9).max(1e-9);
    let (low, high) = (low - pad, high + pad);
    if high > low && (high - low).is_finite() { (low, high) } else { (0.0, 1.0) }
}

/// About five round ticks within `low..high`.
fn ticks(low: f64, high: f64) -> Vec<f64> {
    let raw = (high - low) / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0].iter().map(|m| m * magnitude).find(|s| *s >= raw).unwrap_or(magnitude * 10.0);
    let mut tick = (low / step).ceil() * step;
    let mut out = Vec::new();
    while tick <= high && out.len() < 12 {
        out.push(tick);
        tick += step;
    }
    out
}

fn tick_label(tick: f64) -> String {
    let rounded = (tick * 1e6).round() / 1e6;
    Decimal::from_f64_retain(rounded).map_or_else(|| format!("{rounded}"), |d| d.round_dp(6).normalize().to_string())
}
