//! The integrated performance report: icons as data, assurance against a trajectory, the
//! page and the workbook.

use ics_outcomes::disclosure::DisclosureRule;
use ics_outcomes::report::{self, ReportContext, SeriesLabels};
use ics_outcomes::spc::{
    Assurance, ChartBatch, ChartKind, ChartOptions, ChartRows, Improvement, VariationIcon, XmrOptions,
    assurance_by_point, chart_batch, xmr,
};
use ics_outcomes::stats::Field;
use ics_outcomes::table::TableKind;
use ics_outcomes::{Catalogue, Observations, ScoreOptions, defaults, load_national, score};
use rust_decimal::Decimal;

use crate::common::{current_card, d, national_toml};

/// 10, 12, 10, 12, ...: mean 11, every moving range 2, so limits 11 ± 5.32.
fn zigzag(n: usize, low: f64) -> Vec<f64> {
    (0..n).map(|i| if i % 2 == 0 { low } else { low + 2.0 }).collect()
}

#[test]
fn a_plan_moving_across_the_limits_changes_assurance_where_it_crosses_them() {
    let values = zigzag(14, 10.0);
    let chart = xmr(&values, &[], &XmrOptions { improvement: Improvement::Increase, ..XmrOptions::default() }).unwrap();
    let (lpl, upl) = (chart.points[0].lpl, chart.points[0].upl);
    assert!((lpl - 5.68).abs() < 1e-9 && (upl - 16.32).abs() < 1e-9, "{lpl} {upl}");
    // The plan rises from below the lower limit, onto it, through the band, onto the upper
    // limit and beyond it; the last period has no plan.
    let planned = [4.0, 5.0, lpl, 6.0, 9.0, 11.0, 13.0, 16.0, upl, 16.5, 17.0, 20.0, 25.0, f64::NAN];
    let by_point = assurance_by_point(&chart, &planned).unwrap();
    use Assurance::{ConsistentFail as Fail, ConsistentPass as Pass, Inconsistent as Hit};
    let expected = [
        Some(Pass),
        Some(Pass),
        Some(Hit), // on the limit: sometimes met
        Some(Hit),
        Some(Hit),
        Some(Hit),
        Some(Hit),
        Some(Hit),
        Some(Hit), // on the upper limit
        Some(Fail),
        Some(Fail),
        Some(Fail),
        Some(Fail),
        None,
    ];
    assert_eq!(by_point, expected);
    // Lower is better: the same plan reads the other way round.
    let lower = xmr(&values, &[], &XmrOptions { improvement: Improvement::Decrease, ..XmrOptions::default() }).unwrap();
    let reversed = assurance_by_point(&lower, &planned).unwrap();
    assert_eq!((reversed[0], reversed[4], reversed[12]), (Some(Fail), Some(Hit), Some(Pass)));
    // No passing side without a direction.
    let neutral =
        xmr(&values, &[], &XmrOptions { improvement: Improvement::Neutral, ..XmrOptions::default() }).unwrap();
    assert!(assurance_by_point(&neutral, &planned).unwrap().iter().all(Option::is_none));
}

#[test]
fn each_point_is_judged_with_its_own_segments_limits() {
    // A step up from about 11 to about 21 with a rebase there; the plan stays at 14.
    let mut values = zigzag(12, 10.0);
    values.extend(zigzag(12, 20.0));
    let chart = xmr(&values, &[12], &XmrOptions::default()).unwrap();
    let by_point = assurance_by_point(&chart, &[14.0; 24]).unwrap();
    // 14 lies within 5.68..16.32 before the step and below 15.68..26.32 after it.
    assert!(by_point[..12].iter().all(|a| *a == Some(Assurance::Inconsistent)));
    assert!(by_point[12..].iter().all(|a| *a == Some(Assurance::ConsistentPass)));
    // Then the plan changes mid-series, from 14 to 27: above the new upper limit.
    let mut planned = [14.0; 24];
    planned[18..].fill(27.0);
    let moved = assurance_by_point(&chart, &planned).unwrap();
    assert_eq!(
        (moved[17], moved[18], moved[23]),
        (Some(Assurance::ConsistentPass), Some(Assurance::ConsistentFail), Some(Assurance::ConsistentFail))
    );
}

#[test]
fn a_plan_of_the_wrong_length_or_an_infinite_plan_is_refused() {
    let chart = xmr(&zigzag(6, 10.0), &[], &XmrOptions::default()).unwrap();
    assert!(matches!(assurance_by_point(&chart, &[1.0; 5]), Err(ics_outcomes::Error::Argument { .. })));
    let mut planned = [1.0; 6];
    planned[3] = f64::INFINITY;
    let error = assurance_by_point(&chart, &planned).unwrap_err();
    assert!(error.to_string().contains("planned[3]"), "{error}");
}

#[test]
fn the_summary_of_frames_judges_the_last_point_against_the_last_plan() {
    // Two series: the first's plan crosses its upper limit at the end, the second's sits
    // below its lower limit.
    let a = zigzag(14, 10.0);
    let b = zigzag(14, 50.0);
    let values: Vec<f64> = a.iter().chain(&b).copied().collect();
    let dates: Vec<i64> = (0..14).chain(0..14).collect();
    let groups: Vec<u32> = [0; 14].into_iter().chain([1; 14]).collect();
    let mut plan: Vec<f64> = (0..14).map(|i| 10.0 + f64::from(i)).collect();
    plan.extend([40.0; 14]);
    let date_text: Vec<String> = dates.iter().map(|d| format!("2025-{:02}", d + 1)).collect();
    let group_text = vec!["north".to_owned(), "south".to_owned()];
    let rows = ChartRows {
        values: Field::new("value", &values),
        denominators: None,
        dates: ("month", &dates),
        groups: Some(&groups),
        rebase: None,
        targets: None,
        annotations: &[],
    };
    let options = ChartOptions { target: Some(12.0), ..ChartOptions::default() };
    let labels = SeriesLabels { groups: &group_text, dates: &date_text };
    let table = report::spc_summary(&rows, Some(Field::new("plan", &plan)), labels, &options).unwrap();
    assert_eq!(table.kind(), TableKind::SpcSummary);
    assert_eq!(table.rows(), 2);
    assert_eq!(table.text(0, "group").as_deref(), Some("north"));
    assert_eq!(table.text(0, "date").as_deref(), Some("2025-14"));
    // 23 is above north's upper limit (16.32): the plan will not be met.
    assert_eq!(table.text(0, "trajectory").as_deref(), Some("23"));
    assert_eq!(table.text(0, "trajectory_assurance").as_deref(), Some("consistent_fail"));
    // 40 is below south's lower limit (45.68): it will be.
    assert_eq!(table.text(1, "trajectory_assurance").as_deref(), Some("consistent_pass"));
    assert_eq!(table.text(0, "assurance").as_deref(), Some("inconsistent"));
    assert_eq!(table.text(0, "process_upl").as_deref(), Some("16.32"));
    assert_eq!(table.text(0, "recent").as_deref(), Some("10;12;10;12;10;12"));
    assert_eq!(table.text(0, "spc_points").as_deref(), Some("14"));
    assert_eq!(table.text(0, "trial_limits").as_deref(), Some("false"));
    assert_eq!(table.text(0, "notes").as_deref(), Some("none"));
}

#[test]
fn the_icon_summary_has_a_row_per_target_agreeing_with_the_explanations() {
    let card = current_card();
    let summary = report::icon_summary(&card);
    let targets = card.targets_table();
    assert_eq!(summary.kind(), TableKind::IconSummary);
    assert_eq!(summary.rows(), targets.rows());
    for row in 0..summary.rows() {
        for (ours, theirs) in [
            ("code", "code"),
            ("target", "target"),
            ("value", "observed"),
            ("published", "published"),
            ("required", "required"),
            ("attainment", "attainment"),
            ("variation", "variation"),
            ("assurance", "assurance"),
            ("process_mean", "process_mean"),
            ("process_lpl", "process_lpl"),
            ("process_upl", "process_upl"),
            ("spc_points", "spc_points"),
        ] {
            assert_eq!(summary.text(row, ours), targets.text(row, theirs), "row {row}: {ours}");
        }
        // Notes are never silently blank: every row on the synthetic data says so.
        assert!(summary.text(row, "notes").is_some_and(|n| n.starts_with("SYNTHETIC DATA")), "row {row}");
        // The latest value listed is the value judged.
        let recent = summary.text(row, "recent").unwrap_or_default();
        let value = summary.text(row, "value").unwrap_or_default();
        assert!(recent.ends_with(&value), "row {row}: {recent} ends with {value}");
    }
}

#[test]
fn a_trajectory_targets_chart_carries_its_plan_and_goal() {
    let card = current_card();
    let readings = report::readings(&card);
    let followed: Vec<_> =
        readings.iter().filter(|r| r.contribution.spc.as_ref().is_some_and(|s| s.series.goal.is_some())).collect();
    assert!(!followed.is_empty(), "the default data have local trajectories");
    for r in followed {
        let series = &r.contribution.spc.as_ref().unwrap().series;
        assert_eq!(series.planned.len(), series.values.len());
        // The plan at the scored period is what the target required there.
        if series.periods.last() == Some(&card.period) {
            assert_eq!(series.planned.last().copied(), r.contribution.evaluation.required);
            assert_eq!(r.trajectory(), r.contribution.evaluation.required);
        }
        assert_eq!(r.planned_assurance.len(), series.values.len());
        assert!(r.goal_assurance.is_some());
    }
}

#[test]
fn the_report_page_is_self_contained_and_charts_every_target() {
    let card = current_card();
    let page = report::area_report(&card, "QOP", &ReportContext::default()).unwrap();
    let html = &page.html;
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"));
    // Nothing is fetched: the one URL is SVG's namespace.
    assert_eq!(html.matches("http:").count(), html.matches("xmlns=\"http://www.w3.org/2000/svg\"").count());
    assert!(!html.contains("https:") && !html.contains("url("));
    assert!(!html.contains("<script") && !html.contains("src="));
    let area = card.area("QOP").unwrap();
    for (k, c) in area.contributions.iter().enumerate() {
        let figure = format!(r#"<figure class="target-chart" data-target="{}">"#, c.target);
        assert!(html.contains(&figure), "{} has no chart", c.target);
        if c.spc.is_some() {
            assert!(html.contains(&format!(r#"<svg xmlns="http://www.w3.org/2000/svg" id="chart-{k}""#)));
            assert!(html.contains(&format!(r##"<a href="#chart-{k}">{}</a>"##, c.target)));
        }
    }
    // Every chart has a text alternative.
    assert_eq!(html.matches("<svg xmlns").count(), html.matches("<desc id=").count());
    // The contributions shown add up exactly to the overall score shown.
    let contributions: Decimal = data_values(html, "contribution").iter().map(|v| d(v)).sum();
    assert_eq!(Some(contributions), area.overall);
    assert_eq!(data_values(html, "overall").first().map(|v| d(v)), area.overall);
    assert_eq!(page.tables.iter().map(|(n, _)| *n).collect::<Vec<_>>(), ["summary", "explanation"]);
}

/// Every `data-value` of cells of `column`, in page order.
fn data_values(html: &str, column: &str) -> Vec<String> {
    let marker = format!(r#"data-column="{column}" data-value=""#);
    html.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_owned()
        })
        .collect()
}

#[test]
fn disclosure_control_reaches_the_charts_history() {
    let national = load_national(&national_toml(1, ""), "national.toml").unwrap();
    let geography = defaults::geography();
    // Greater Manchester's counts: small in two quarters, large in the rest.
    let counts = [(30, 50), (5, 10), (33, 50), (6, 10), (34, 50), (35, 50)];
    let periods = ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3", "2025/26 Q4", "2026/27 Q1", "2026/27 Q2"];
    let mut csv = String::from("area_code,metric_id,period,value,numerator,denominator\n");
    for ((n, den), period) in counts.iter().zip(periods) {
        csv.push_str(&format!("E54000057,m,{period},{},{n},{den}\n", Decimal::from(n * 100) / Decimal::from(*den)));
    }
    let observations =
        Observations::read_csv(csv.as_bytes(), &Catalogue::new(&geography, &national, &[]), "obs.csv").unwrap();
    let card = score(&national, &[], &observations, &geography, &ScoreOptions::default()).unwrap();
    let rule = DisclosureRule { threshold: 7, ..DisclosureRule::default() };
    let protected = report::protect(&card, &rule).unwrap();
    let area = protected.area("QOP").unwrap();
    let spc = area.contributions[0].spc.as_ref().unwrap();
    assert_eq!(
        spc.series.values.iter().map(Option::is_some).collect::<Vec<_>>(),
        [true, false, true, false, true, true]
    );
    assert_eq!((spc.mean, spc.lpl, spc.upl), (None, None, None));
    let page = report::area_report(&protected, "QOP", &ReportContext { disclosure: Some(rule), ..Default::default() })
        .unwrap();
    // The chart draws the four values it may and marks the two withheld.
    assert!(page.html.contains("values marked * withheld"));
    assert_eq!(page.html.matches(r#"class="point "#).count(), 4);
    // Nor are the limits, which the page says are withheld.
    assert!(!page.html.contains(r#"class="limit""#) && !page.html.contains(r#"class="mean""#));
    assert_eq!(page.html.matches(r#"class="withheld""#).count(), 2);
    let summary = report::icon_summary(&protected);
    let row = (0..summary.rows()).find(|&r| summary.text(r, "ods").as_deref() == Some("QOP")).unwrap();
    assert_eq!(summary.text(row, "recent").as_deref(), Some("60;;66;;68;70"));
    assert!(summary.text(row, "notes").unwrap().contains("withheld"));
    // Rounding the counts rounds the denominators too: an exact one times a published value
    // would give the numerator back.
    let rounding = DisclosureRule { threshold: 7, round_to: Some(5), ..DisclosureRule::default() };
    let rounded = report::protect(&card, &rounding).unwrap();
    let series = &rounded.area("QOP").unwrap().contributions[0].spc.as_ref().unwrap().series;
    assert!(series.denominators.iter().flatten().all(|d| (d % Decimal::from(5)).is_zero()), "{series:?}");
    assert!(series.denominators.contains(&Some(Decimal::from(10))));
    // Unprotected, every value is there.
    let open = report::icon_summary(&card);
    let row = (0..open.rows()).find(|&r| open.text(r, "ods").as_deref() == Some("QOP")).unwrap();
    assert_eq!(open.text(row, "recent").as_deref(), Some("60;50;66;60;68;70"));
}

#[test]
fn a_suppressed_current_value_is_flagged_in_the_summary() {
    let national = load_national(&national_toml(1, ""), "national.toml").unwrap();
    let geography = defaults::geography();
    let csv = "area_code,metric_id,period,value,numerator,denominator\n\
               E54000057,m,2025/26 Q1,60,30,50\nE54000057,m,2025/26 Q2,50,5,10\n";
    let observations =
        Observations::read_csv(csv.as_bytes(), &Catalogue::new(&geography, &national, &[]), "obs.csv").unwrap();
    let card = score(&national, &[], &observations, &geography, &ScoreOptions::default()).unwrap();
    let protected = report::protect(&card, &DisclosureRule { threshold: 7, ..DisclosureRule::default() }).unwrap();
    let summary = report::icon_summary(&protected);
    let row = (0..summary.rows()).find(|&r| summary.text(r, "ods").as_deref() == Some("QOP")).unwrap();
    assert_eq!(summary.text(row, "suppressed").as_deref(), Some("true"));
    assert_eq!(summary.text(row, "value"), None);
    assert_eq!(summary.text(row, "variation"), None);
}

#[test]
fn every_ics_gets_a_report_and_the_index_links_them() {
    let card = current_card();
    let (pages, index) = report::all_reports(&card, &ReportContext::default()).unwrap();
    assert_eq!(pages.len(), 36);
    for page in &pages {
        assert!(index.contains(&format!(r#"href="{}""#, page.file_name())));
    }
    assert_eq!(pages[0].code, card.areas[0].code);
}

#[test]
fn the_workbook_is_an_xlsx_with_a_sheet_per_table() {
    let card = current_card();
    let page = report::area_report(&card, "QOP", &ReportContext::default()).unwrap();
    let sheets: Vec<_> = page.tables.iter().map(|(n, t)| (*n, t)).collect();
    let bytes = report::workbook(&sheets).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    let table = &page.tables[0].1;
    let bad = report::workbook(&[("a name far longer than Excel allows for a sheet", table)]);
    assert!(matches!(bad, Err(ics_outcomes::Error::Argument { .. })));
}

#[test]
fn a_new_icbs_charts_mark_where_its_own_history_begins() {
    let card = current_card();
    let page = report::area_report(&card, "Z9B2Z", &ReportContext::default()).unwrap();
    let area = card.area("Z9B2Z").unwrap();
    let charted = area.contributions.iter().filter_map(|c| c.spc.as_ref()).collect::<Vec<_>>();
    assert!(!charted.is_empty());
    for spc in &charted {
        assert_eq!(spc.series.annotations.len(), 1);
        let (period, text) = &spc.series.annotations[0];
        assert_eq!(period.to_string(), "2026/27 Q1");
        assert_eq!(text, "2026-04 reorganisation: earlier values rebuilt");
    }
    assert_eq!(page.html.matches(r#"<line class="annotation""#).count(), charted.len());
    assert!(page.html.contains("marked at 2026/27 Q1: 2026-04 reorganisation"));
    // An ICB the reorganisation left alone has no marks.
    let unchanged = card.area("QOP").unwrap();
    assert!(unchanged.contributions.iter().filter_map(|c| c.spc.as_ref()).all(|s| s.series.annotations.is_empty()));
}

#[test]
fn under_disclosure_control_limits_are_not_drawn_and_the_change_is_from_a_protected_period() {
    let card = current_card();
    let rule = DisclosureRule { threshold: 7, ..DisclosureRule::default() };
    let protected = report::protect(&card, &rule).unwrap();
    let page = report::area_report(&protected, "QOP", &ReportContext { disclosure: Some(rule), ..Default::default() })
        .unwrap();
    assert!(page.html.contains("<svg") && !page.html.contains(r#"class="limit""#));
    let open = report::area_report(&card, "QOP", &ReportContext::default()).unwrap();
    assert!(open.html.contains(r#"class="limit""#));
}

#[test]
fn a_huge_flat_series_still_draws_finite_coordinates() {
    let national = load_national(&national_toml(1, "").replace("percentage", "count"), "national.toml").unwrap();
    let geography = defaults::geography();
    let mut csv = String::from("area_code,metric_id,period,value\n");
    for period in ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3"] {
        csv.push_str(&format!("E54000057,m,{period},100000000000000\n"));
    }
    let observations =
        Observations::read_csv(csv.as_bytes(), &Catalogue::new(&geography, &national, &[]), "obs.csv").unwrap();
    let card = score(&national, &[], &observations, &geography, &ScoreOptions::default()).unwrap();
    let page = report::area_report(&card, "QOP", &ReportContext::default()).unwrap();
    assert!(page.html.contains("<svg") && !page.html.contains("NaN") && !page.html.contains("inf"));
}

#[test]
fn the_policy_ids_a_report_shows_are_their_serde_spellings() {
    use ics_outcomes::{MissingData, Weighting};
    for policy in [Weighting::EqualPerPriority, Weighting::EqualPerTarget, Weighting::EqualPerTier] {
        assert_eq!(serde_json::to_value(&policy).unwrap(), policy.id());
    }
    for missing in [MissingData::Exclude, MissingData::ScoreZero] {
        assert_eq!(serde_json::to_value(missing).unwrap(), missing.id());
    }
}

#[test]
fn a_p_chart_of_a_metric_that_is_no_ratio_is_refused() {
    let toml = national_toml(1, "")
        .replace("percentage", "count")
        .replace("decimals = 1\n", "decimals = 1\nspc_chart = \"p\"\n");
    let error = load_national(&toml, "national.toml").unwrap_err();
    assert!(error.to_string().contains("metrics[0].spc_chart"), "{error}");
}

#[test]
fn a_metric_charted_as_p_prime_gets_its_icons_and_chart_in_the_summary_and_report() {
    let toml = national_toml(1, "").replace("decimals = 1\n", "decimals = 1\nspc_chart = \"p_prime\"\n");
    let national = load_national(&toml, "national.toml").unwrap();
    let geography = defaults::geography();
    // Twelve quarters of large denominators, the last far above the rest.
    let mut csv = String::from("area_code,metric_id,period,value,numerator,denominator\n");
    let mut numerators: Vec<f64> = Vec::new();
    let mut denominators: Vec<f64> = Vec::new();
    for (i, year) in ["2023/24", "2024/25", "2025/26"].iter().enumerate() {
        for q in 1..=4 {
            let k = i * 4 + q;
            let den = 4000 + 150 * (k % 5);
            let num = if k == 12 { 3400 } else { 2000 + 40 * (k % 3) };
            csv.push_str(&format!(
                "E54000057,m,{year} Q{q},{},{num},{den}\n",
                (Decimal::from(num * 100) / Decimal::from(den)).round_dp(1)
            ));
            numerators.push(num as f64);
            denominators.push(den as f64);
        }
    }
    let observations =
        Observations::read_csv(csv.as_bytes(), &Catalogue::new(&geography, &national, &[]), "obs.csv").unwrap();
    let card = score(&national, &[], &observations, &geography, &ScoreOptions::default()).unwrap();
    let spc = card.area("QOP").unwrap().contributions[0].spc.as_ref().unwrap();
    assert_eq!(spc.chart, ChartKind::PPrime);
    assert_eq!(spc.multiplier, Some(Decimal::ONE_HUNDRED));
    // The icons are the general engine's P′ chart of the counts, in percent.
    let options =
        ChartOptions { chart: ChartKind::PPrime, multiplier: 100.0, target: Some(50.0), ..ChartOptions::default() };
    let batch = ChartBatch {
        values: Field::new("numerator", &numerators),
        denominators: Some(Field::new("denominator", &denominators)),
        offsets: &[0, 12],
        rebase: None,
        targets: None,
    };
    let engine = chart_batch(&batch, &options).unwrap();
    assert_eq!(spc.variation, engine.variation_icon[0]);
    assert_eq!(spc.variation, VariationIcon::ImprovementHigh);
    assert_eq!(spc.upl, Decimal::from_f64_retain(engine.upper[11]).map(|d| d.round_dp(6)));
    let summary = report::icon_summary(&card);
    let row = (0..summary.rows()).find(|&r| summary.text(r, "ods").as_deref() == Some("QOP")).unwrap();
    assert_eq!(summary.text(row, "chart").as_deref(), Some("p_prime"));
    assert_eq!(summary.text(row, "variation").as_deref(), Some("improvement_high"));
    let page = report::area_report(&card, "QOP", &ReportContext::default()).unwrap();
    assert!(page.html.contains("P′ chart (Laney) of t0"), "the chart's title names it");
    assert_eq!(page.html.matches(r#"class="mean""#).count(), 1);
    assert_eq!(page.html.matches(r#"class="limit""#).count(), 2);
}
