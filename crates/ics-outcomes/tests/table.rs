//! Result tables: every kind is built from a real result with its declared columns, types
//! and values, and a table's text is the value in full.

use ics_outcomes::composite::{
    self, RankUncertaintyOptions, SensitivityOptions, Treatment, UncertaintyDesign, UncertaintyOptions, WeightNoise,
    rank_uncertainty,
};
use ics_outcomes::disclosure::{DisclosureRule, long_counts, protect_explanation};
use ics_outcomes::maturity;
use ics_outcomes::oversight::{
    IcsOversightSettings, MetricRule, OversightSettings, ProviderRows, assess_rows, ics_oversight, ics_oversight_table,
    ics_result, score_metric_rows,
};
use ics_outcomes::prevention::{PreventionOptions, latest_rows, latest_shares, prevention_shares, shares_table};
use ics_outcomes::table::{ColumnType, Table, TableKind, Values};
use ics_outcomes::{Error, ErrorClass, defaults, league_tables};
use ics_outcomes::{Polarity, Rounding};
use rust_decimal::Decimal;

use crate::common::class_of;

use crate::common::current_card as default_card;

/// One table of every kind, from the embedded defaults.
fn every_kind() -> Vec<Table> {
    let card = default_card();
    let (model, round) = maturity_round();
    let (data, meta) = small_composite();
    let design = UncertaintyDesign {
        weight_noise: WeightNoise::Uniform(Decimal::new(25, 2)),
        normalisations: vec!["minmax".into(), "n_zscore".into()],
        aggregations: vec!["arithmetic".into(), "a_gmean".into()],
    };
    let (pipeline, inputs) = design.inputs(&meta).expect("design");
    let sensitivity_options = SensitivityOptions { target: None, n: 10, seed: 1, bootstrap: 20 };
    let area = card.area("QOP").expect("QOP");
    let rule = DisclosureRule::from_parts(7, false, true, Some(5)).expect("rule");
    let text = |v: &[&str]| v.iter().map(|s| Some((*s).to_owned())).collect::<Vec<_>>();
    let options = RankUncertaintyOptions { replications: 20, ..RankUncertaintyOptions::default() };
    let shares = prevention_shares(&defaults::budget_lines(), &PreventionOptions::default()).expect("shares");
    let settings = IcsOversightSettings::default();
    let oversight =
        ics_oversight(&defaults::national_framework(), &defaults::observations(), &card, &settings).expect("oversight");
    let ranked = MetricRule::Ranked { direction: Polarity::HigherIsBetter, standard: None, floor: None };
    let rules = [("m".to_owned(), ranked)].into_iter().collect();
    let (metrics, providers) = (vec!["m".to_owned(); 2], vec!["A".to_owned(), "B".to_owned()]);
    let values = [Some(Decimal::ONE), Some(Decimal::TWO)];
    let rows = ProviderRows {
        groups: &[0, 0],
        providers: &providers,
        provider_types: None,
        metrics: &metrics,
        domains: None,
        scores: &values,
        in_deficit: None,
        in_recovery: None,
    };
    vec![
        card.table(),
        league_tables(std::slice::from_ref(&card)),
        card.targets_table(),
        area.table(),
        protect_explanation(area, &rule).expect("protected").table(),
        long_counts(
            &text(&["A", "A", "B", "B"]),
            &text(&["x", "y", "x", "y"]),
            &text(&["3", "9", "8", "9"]),
            ["r", "c", "n"],
            "Total",
        )
        .expect("counts")
        .protect(&rule, "Total")
        .expect("protected counts"),
        rank_uncertainty(&card, &options).expect("ranks").table(),
        shares_table(&shares),
        ics_oversight_table(&oversight),
        oversight[0].metrics_table(),
        score_metric_rows(&[0, 0], &metrics, &values, &rules, Rounding::default()).expect("scores"),
        assess_rows(&rows, &OversightSettings::default()).expect("segments").table(),
        ics_outcomes::maturity::evidence_table(&ics_outcomes::maturity::outcome_evidence(&card, &oversight)),
        composite::treat(&data, &meta, &Treatment::default()).expect("treated").log_table(),
        composite::uncertainty(
            &data,
            &meta,
            &pipeline,
            &inputs,
            &UncertaintyOptions { target: None, replications: 20, seed: 1 },
        )
        .expect("uncertainty")
        .table(),
        composite::sensitivity(&data, &meta, &pipeline, &inputs, &sensitivity_options)
            .expect("sensitivity")
            .sobol
            .table(),
        round.levels_table(),
        round.dimensions_table(),
        round.criteria_table(),
        round.autonomy_table(),
        round.criterion_divergence_table(),
        round.dimension_divergence_table(),
        round.distribution_table(),
        round.movements_table().expect("an earlier round"),
        round.radar_table(&model, &round.results.iter().take(2).collect::<Vec<_>>()),
        model.rings_table(),
        model.criteria_table(),
        xmr_chart(),
        spc_chart(),
        rebase_proposals(),
        ics_outcomes::report::icon_summary(&default_card()),
        spc_summary(),
        small_funnel().units_table(),
        small_funnel().limits_table(),
        reprojection(),
    ]
}

/// Two ICBs of 2023 merged in 2026, their counts summed and the value in the metric's unit.
fn reprojection() -> Table {
    use ics_outcomes::vintage::{Reprojection, reproject, reprojection_table, rows_from_text};
    let rows = rows_from_text(
        [
            ["E54000063", "ae_4h", "2025/26 Q4", "", "900", "1000"],
            ["E54000064", "ae_4h", "2025/26 Q4", "", "1100", "1500"],
        ],
        "<test>",
    )
    .expect("rows");
    let merged = reproject(&rows, "2026-04", &Reprojection::default()).expect("reprojected");
    let table = reprojection_table(&merged, |_| Some(Some(Decimal::ONE_HUNDRED)));
    assert_eq!(table.text(0, "area_code").as_deref(), Some("E54000069"));
    assert_eq!(table.text(0, "value").as_deref(), Some("80"));
    assert_eq!(table.text(0, "reprojected_from").as_deref(), Some("E54000063 + E54000064"));
    table
}

/// A funnel of six proportions, with overdispersion.
fn small_funnel() -> ics_outcomes::stats::OverdispersedFunnel {
    use ics_outcomes::stats::{Field, Groups, OverdispersionOptions, funnel_overdispersion};
    let (groups, labels) = Groups::from_keys(&["a", "b", "c", "d", "e", "f"].map(String::from));
    let (x, n) = ([12.0, 40.0, 7.0, 90.0, 30.0, 55.0], [100.0, 300.0, 80.0, 500.0, 150.0, 400.0]);
    funnel_overdispersion(Field::new("x", &x), Field::new("n", &n), &groups, &labels, &OverdispersionOptions::default())
        .expect("funnel")
}

/// Two series of a table, rows out of order.
fn two_series() -> ics_outcomes::spc::XmrRows<'static> {
    const VALUES: [f64; 8] = [70.0, 71.0, 69.0, 80.0, 72.0, 70.5, 81.0, 79.0];
    const DATES: [i64; 8] = [1, 2, 3, 1, 4, 5, 2, 3];
    const GROUPS: [u32; 8] = [0, 0, 0, 1, 0, 0, 1, 1];
    ics_outcomes::spc::XmrRows {
        values: ics_outcomes::stats::Field::new("pct", &VALUES),
        dates: ("month", &DATES),
        groups: Some(&GROUPS),
        rebase: None,
        targets: None,
    }
}

/// The two series charted.
fn xmr_chart() -> Table {
    ics_outcomes::spc::xmr_rows(&two_series(), &ics_outcomes::spc::XmrOptions::default()).expect("charts").table()
}

/// Two series of proportions on P′ charts, a gap in the first.
fn spc_chart() -> Table {
    use ics_outcomes::spc::{ChartKind, ChartOptions, ChartRows, chart_rows};
    use ics_outcomes::stats::Field;
    let values = [7.0, 9.0, f64::NAN, 30.0, 12.0, 8.0, 33.0, 29.0];
    let denominators = [100.0, 110.0, 95.0, 400.0, 105.0, 99.0, 410.0, 380.0];
    let rows = ChartRows {
        values: Field::new("events", &values),
        denominators: Some(Field::new("cases", &denominators)),
        dates: two_series().dates,
        groups: two_series().groups,
        rebase: None,
        targets: None,
        annotations: &[],
    };
    chart_rows(&rows, &ChartOptions { chart: ChartKind::PPrime, ..ChartOptions::default() }).expect("charts").table()
}

/// A step in a series, proposed as a rebase.
fn rebase_proposals() -> Table {
    use ics_outcomes::spc::{ChartOptions, ChartRows};
    let values: Vec<f64> = (0..20).map(|i| if i < 10 { 10.0 } else { 20.0 } + f64::from(i % 3)).collect();
    let dates: Vec<i64> = (0..20).collect();
    let rows = ChartRows {
        values: ics_outcomes::stats::Field::new("value", &values),
        denominators: None,
        dates: ("month", &dates),
        groups: None,
        rebase: None,
        targets: None,
        annotations: &[],
    };
    ics_outcomes::spc::rebase_proposals(&rows, &ChartOptions::default(), 7).expect("proposals")
}

/// The two series summarised.
fn spc_summary() -> Table {
    let xmr_rows = two_series();
    let rows = ics_outcomes::spc::ChartRows {
        values: xmr_rows.values,
        denominators: None,
        dates: xmr_rows.dates,
        groups: xmr_rows.groups,
        rebase: None,
        targets: xmr_rows.targets,
        annotations: &[ics_outcomes::spc::Annotation { date: 2, group: Some(1), text: "new pathway".to_owned() }],
    };
    let texts: Vec<String> = rows.dates.1.iter().map(|d| format!("2025-0{d}")).collect();
    let labels = ics_outcomes::report::SeriesLabels { groups: &["a".to_owned(), "b".to_owned()], dates: &texts };
    ics_outcomes::report::spc_summary(&rows, None, labels, &ics_outcomes::spc::ChartOptions::default())
        .expect("summary")
}

/// The embedded synthetic 2025/26 maturity round, against 2024/25.
fn maturity_round() -> (maturity::MaturityModel, maturity::MaturityReport) {
    let model = maturity::hewitt_model();
    let year = |y: &str| y.parse().expect("year");
    let rows = |y| defaults::maturity_assessments(&model, year(y)).expect("round").into_rows();
    let report =
        maturity::report(&model, rows("2025/26"), &defaults::outcome_evidence(), Some(rows("2024/25")), None, "round")
            .expect("report");
    (model, report)
}

/// A small composite: four units, two indicators under one index, read as a frame gives them.
fn small_composite() -> (composite::Data, composite::Meta) {
    let meta = composite::Meta::from_text_rows(
        [
            [Some("1"), Some("x"), Some("Index"), Some("1"), Some("1"), Some("Indicator"), None, None],
            [Some("1.0"), Some("y"), Some("Index"), Some("-1.0"), Some("0.5"), Some("Indicator"), None, None],
            [Some("2"), Some("Index"), Some("NaN"), Some("1"), Some("1"), Some("Aggregate"), None, None],
        ],
        "iMeta",
    )
    .expect("meta");
    let units = ["A", "B", "C", "D"].map(String::from).to_vec();
    let columns = vec![("x".into(), vec![1.0, 2.0, 3.0, 40.0]), ("y".into(), vec![4.0, 2.0, 3.0, 1.0])];
    (composite::Data::new(units, columns, "iData").expect("data"), meta)
}

#[test]
fn every_kind_is_built_with_its_declared_columns() {
    let tables = every_kind();
    let kinds: Vec<TableKind> = tables.iter().map(Table::kind).collect();
    assert_eq!(kinds, TableKind::ALL);
    for table in &tables {
        let columns: Vec<_> = table.columns().collect();
        assert_eq!(columns.len(), table.kind().columns().len(), "{}", table.kind());
        assert!(table.rows() > 0, "{}", table.kind());
        for (spec, values) in columns {
            assert_eq!(values.kind(), spec.kind, "{} {}", table.kind(), spec.name);
            assert_eq!(values.len(), table.rows(), "{} {}", table.kind(), spec.name);
        }
        let names: Vec<&str> = table.kind().columns().iter().map(|c| c.name).collect();
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "{}: a column name repeats", table.kind());
        assert_eq!(TableKind::from_name(table.kind().name()).expect("by name"), table.kind());
    }
}

#[test]
fn label_columns_store_each_text_once_and_read_as_text() {
    use ics_outcomes::table::Labels;
    let table = xmr_chart();
    let Some(Values::Labels(point_types)) = table.column("point_type") else { panic!("point_type is labels") };
    let texts: Vec<&str> = ics_outcomes::spc::PointType::ALL.iter().map(|p| p.as_str()).collect();
    assert_eq!(point_types.labels, texts);
    for row in 0..table.rows() {
        let key = point_types.keys[row].expect("every point has a type") as usize;
        assert_eq!(table.text(row, "point_type").as_deref(), Some(texts[key]));
    }
    // Series without a target have no assurance: a missing label, not a text.
    assert_eq!(table.text(0, "assurance"), None);
    let odd = Labels { labels: vec!["a".to_owned()], keys: vec![Some(0), None, Some(5)] };
    assert_eq!([odd.get(0), odd.get(1), odd.get(2), odd.get(3)], [Some("a"), None, None, None]);
}

#[test]
fn tables_carry_the_results_values_in_full() {
    let card = default_card();
    let table = card.table();
    for (row, area) in card.areas.iter().enumerate() {
        assert_eq!(table.text(row, "code").as_deref(), Some(area.code.as_str()));
        assert_eq!(table.text(row, "overall"), area.overall.map(|d| d.normalize().to_string()));
        assert_eq!(table.text(row, "rank"), area.rank.map(|r| r.to_string()));
    }
    let Some(Values::Decimal(contributions)) = card.area("QOP").expect("QOP").table().column("contribution").cloned()
    else {
        panic!("contribution is a decimal column")
    };
    let sum: rust_decimal::Decimal = contributions.iter().flatten().sum();
    assert_eq!(Some(sum), card.area("QOP").expect("QOP").overall);
    assert_eq!(TableKind::Scorecard.columns()[0].kind, ColumnType::Count);
    assert_eq!(table.text(card.areas.len(), "code"), None, "a row past the end");
    assert_eq!(table.column("league"), None);
}

#[test]
fn an_unknown_kind_is_an_argument_error_naming_the_kinds() {
    assert_eq!(class_of(TableKind::from_name("league")), ErrorClass::Argument);
    let error = TableKind::from_name("league").expect_err("unknown");
    assert!(error.to_string().contains("scorecard, league_tables, targets"), "{error}");
    assert!(
        matches!(error, Error::Argument { ref argument, ref value, .. } if argument == "table" && value == "league")
    );
}

#[test]
fn the_latest_year_of_each_area_is_chosen_in_one_place() {
    let shares = prevention_shares(&defaults::budget_lines(), &PreventionOptions::default()).expect("shares");
    let latest = latest_shares(&shares);
    assert_eq!(latest.len(), 36);
    assert!(latest.iter().all(|s| s.year.to_string() == "2026/27"));
    // Areas with different latest years each keep their own.
    let p = |t: &str| t.parse().expect("year");
    let rows = [("A", p("2024/25")), ("B", p("2025/26")), ("A", p("2025/26")), ("B", p("2024/25"))];
    assert_eq!(latest_rows(rows.iter().map(|(a, y)| (*a, *y))), vec![1, 2]);
}

#[test]
fn oversight_labels_and_lookups_are_the_cores() {
    let card = default_card();
    let settings = IcsOversightSettings::default();
    let results =
        ics_oversight(&defaults::national_framework(), &defaults::observations(), &card, &settings).expect("oversight");
    let capped = results.iter().find(|r| !r.assessment.segments.overrides.is_empty()).expect("a capped ICS");
    let label = capped.assessment.segments.overrides_label().expect("label");
    assert!(label.starts_with("financial cap (from "), "{label}");
    let table = ics_oversight_table(&results);
    let row = results.iter().position(|r| r.code == capped.code).expect("row");
    assert_eq!(table.text(row, "overrides"), Some(label));
    assert_eq!(ics_result(&results, "QOP").expect("by ODS code").alt_code.as_deref(), Some("QOP"));
    assert_eq!(class_of(ics_result(&results, "QZZ")), ErrorClass::NotFound);
}

#[test]
fn composite_methods_are_read_by_coinr_name_and_bad_metadata_is_named_by_field() {
    use composite::{Aggregator, Imputation, Normaliser, NormaliserSettings};
    let settings = NormaliserSettings::default();
    let prefixed = Normaliser::NAMES.iter().filter_map(|n| n.strip_prefix("n_").map(|bare| (*n, bare)));
    for (coinr, bare) in prefixed.filter(|(_, bare)| *bare != "dist2ref") {
        assert_eq!(Normaliser::named(coinr, &settings).expect(coinr), Normaliser::named(bare, &settings).expect(bare));
    }
    assert_eq!(Normaliser::named("minmax", &settings).expect("minmax"), Normaliser::MinMax { low: 0.0, high: 100.0 });
    let error = Normaliser::named("dist2ref", &settings).expect_err("no unit");
    assert!(matches!(error, Error::Argument { ref argument, .. } if argument == "unit"), "{error}");
    assert!(matches!(Normaliser::named("n_n_minmax", &settings), Err(Error::Argument { .. })), "one prefix");
    let error = Normaliser::named("minmaxx", &settings).expect_err("unknown");
    assert!(matches!(error, Error::Argument { ref argument, .. } if argument == "method"), "{error}");
    assert_eq!(Aggregator::named("a_amean").expect("alias"), Aggregator::Arithmetic);
    assert!(matches!(Aggregator::named("mean-ish"), Err(Error::Argument { .. })));
    assert!(
        matches!(Imputation::named("group_mean", None), Err(Error::Argument { ref argument, .. }) if argument == "group")
    );
    assert_eq!(Imputation::named("i_median", None).expect("alias"), Imputation::Median);
    let broken = composite::Meta::from_text_rows(
        [
            [Some("1"), Some("x"), Some("Index"), Some("up"), Some("two"), Some("Indicator"), None, None],
            [Some("1.5"), Some("Index"), None, None, Some("1"), Some("Pillar"), None, None],
        ],
        "iMeta",
    )
    .expect_err("broken");
    let Error::Validation { issues, .. } = &broken else { panic!("{broken}") };
    let paths: Vec<&str> = issues.0.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["iMeta[0].Direction", "iMeta[0].Weight", "iMeta[1].Level", "iMeta[1].Type"]);
}

#[test]
fn composite_tables_carry_the_analyses_values() {
    let (data, meta) = small_composite();
    let treated = composite::treat(&data, &meta, &Treatment::default()).expect("treated");
    let log = treated.log_table();
    assert_eq!(log.text(0, "iCode").as_deref(), Some("x"));
    assert_eq!(log.text(0, "treatment"), Some(treated.log[0].treatment.to_string()));
    let design = UncertaintyDesign {
        weight_noise: WeightNoise::Uniform(Decimal::ZERO),
        normalisations: vec!["minmax".into()],
        aggregations: vec!["arithmetic".into()],
    };
    let (pipeline, inputs) = design.inputs(&meta).expect("design");
    assert!(inputs.is_empty(), "nothing varies");
    let options = UncertaintyOptions { target: None, replications: 5, seed: 1 };
    let result = composite::uncertainty(&data, &meta, &pipeline, &inputs, &options).expect("uncertainty");
    let table = result.table();
    for (row, stats) in result.rank_stats.iter().enumerate() {
        assert_eq!(table.text(row, "nominal"), stats.nominal.map(|n| n.to_string()));
        assert_eq!(table.text(row, "q95"), Some(stats.q95.to_string()));
    }
    let empty = UncertaintyDesign { normalisations: vec![], ..design };
    assert!(matches!(empty.inputs(&meta), Err(Error::Argument { ref argument, .. }) if argument == "normalisations"));
}

#[test]
fn a_maturity_round_reads_as_tables_and_in_words() {
    let (model, round) = maturity_round();
    let levels = round.levels_table();
    assert_eq!(levels.rows(), round.results.len());
    let vintages = ics_outcomes::vintage::Vintages::embedded();
    let first = &round.results[0];
    let found = round.area(&first.area, vintages).expect("by its own code");
    assert_eq!(found.area, first.area);
    let other = vintages.icbs().iter().find(|i| i.code == first.area || i.ods == first.area).expect("an ICB");
    let alias = if other.code == first.area { &other.ods } else { &other.code };
    assert_eq!(round.area(alias, vintages).map(|a| a.area.as_str()), Some(first.area.as_str()), "by {alias}");
    assert!(round.area("NOWHERE", vintages).is_none());
    let text = round.explain(found);
    assert!(text.starts_with(&format!("{}: ", first.area)), "{text}");
    assert!(text.contains("earned autonomy: "), "{text}");
    // A movement down is negative: the change column is signed.
    let moved = round.movements_table().expect("movements");
    assert_eq!(moved.kind().columns().last().map(|c| c.kind), Some(ColumnType::Integer));
    let rings = model.rings_table();
    assert_eq!(rings.text(0, "radius").as_deref(), Some("0"));
}

#[test]
fn an_xmr_table_keeps_each_points_input_row_and_its_series_icons() {
    let table = xmr_chart();
    let Some(Values::Count(rows)) = table.column("row") else { panic!("row is a count") };
    // Series 0 (rows 0, 1, 2, 4, 5 by date), then series 1 (rows 3, 6, 7).
    assert_eq!(rows.iter().flatten().copied().collect::<Vec<_>>(), [0, 1, 2, 4, 5, 3, 6, 7]);
    assert_eq!(table.text(0, "variation_icon"), table.text(4, "variation_icon"), "one icon per series");
    let repeated = ics_outcomes::spc::series_order(("month", &[1, 1]), None);
    assert!(matches!(repeated, Err(Error::Data { .. })));
}
