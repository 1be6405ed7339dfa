use ics_outcomes::ErrorClass;
use ics_outcomes::{
    Area, AreaLevel, Catalogue, Cell, Error, FieldRow, IssueKind, Observation, Observations, Period, TextRow, defaults,
};

use crate::common::{class_of, d, default_parts, read_csv};

const HEADER: &str = "area_code,metric_id,period,value,numerator,denominator\n";

fn load(rows: &str) -> Result<Observations, Error> {
    let (national, locals, ..) = default_parts();
    read_csv(&format!("{HEADER}{rows}"), &national, &locals)
}

fn only_issue(rows: &str) -> (String, String, IssueKind) {
    let err = load(rows).unwrap_err();
    assert!(matches!(err, Error::Data { .. }), "{err}");
    assert_eq!(err.issues().len(), 1, "{err}");
    let issue = &err.issues()[0];
    (issue.path.clone(), issue.value.clone(), issue.kind.clone())
}

#[test]
fn each_kind_of_bad_row_gets_a_typed_error_naming_row_field_and_value() {
    let (path, value, kind) = only_issue("QZZ,ae_4h,2025/26 Q4,70,,\n");
    assert_eq!((path.as_str(), value.as_str(), kind), ("row 1.area_code", "QZZ", IssueKind::UnknownArea));
    let (path, value, kind) = only_issue("QOP,ae_5h,2025/26 Q4,70,,\n");
    assert_eq!((path.as_str(), value.as_str(), kind), ("row 1.metric_id", "ae_5h", IssueKind::UnknownMetric));
    let (path, value, kind) = only_issue("QOP,ae_4h,2025/26 Q4,NaN,,\n");
    assert_eq!((path.as_str(), value.as_str(), kind), ("row 1.value", "NaN", IssueKind::NotFinite));
    let (path, _, kind) = only_issue("QOP,ae_4h,2025/26 Q4,-inf,,\n");
    assert_eq!((path.as_str(), kind), ("row 1.value", IssueKind::NotFinite));
    let (path, value, kind) = only_issue("QOP,ae_4h,2025/26 Q4,7O.1,,\n");
    assert_eq!((path.as_str(), value.as_str()), ("row 1.value", "7O.1"));
    assert!(matches!(kind, IssueKind::Invalid { .. }));
    let (path, value, kind) = only_issue("QOP,ae_4h,2025/26 Q4,70,7,-10\n");
    assert_eq!((path.as_str(), value.as_str(), kind), ("row 1.denominator", "-10", IssueKind::NegativeDenominator));
    let (path, value, _) = only_issue("QOP,ae_4h,2025/26 Q9,70,,\n");
    assert_eq!((path.as_str(), value.as_str()), ("row 1.period", "2025/26 Q9"));
    let (path, _, kind) = only_issue("QOP,ae_4h,2025/26 Q4,,,\n");
    assert_eq!(path, "row 1.value");
    assert!(matches!(kind, IssueKind::Invalid { .. }));
}

#[test]
fn duplicates_name_both_rows_even_when_written_with_different_codes() {
    let (path, _, kind) = only_issue("QOP,ae_4h,2025/26 Q4,70,,\nE54000057,ae_4h,Q4 2025/26,71,,\n");
    assert_eq!(path, "row 2");
    assert_eq!(kind, IssueKind::DuplicateRow { first_row: 1 });
    // Apart in the input, so found only once the rows are sorted; the later row is named.
    let (path, value, kind) = only_issue(
        "QOP,ae_4h,2025/26 Q4,70,,\nQHM,ae_4h,2025/26 Q4,71,,\nQOP,ae_4h,2025/26 Q3,69,,\nQOP,ae_4h,2025/26 Q4,72,,\n",
    );
    assert_eq!((path.as_str(), value.as_str()), ("row 4", "E54000057 ae_4h 2025/26 Q4"));
    assert_eq!(kind, IssueKind::DuplicateRow { first_row: 1 });
}

#[test]
fn rows_in_any_order_make_the_same_store() {
    let rows = [
        "QOP,ae_4h,2025/26 Q4,70,,",
        "QHM,ae_4h,2025/26 Q4,71,,",
        "QOP,rtt_18w,2025/26 Q3,,650,1000",
        "QOP,ae_4h,2025/26 Q3,69,,",
    ];
    let sorted = load(&rows.map(|r| format!("{r}\n")).concat()).unwrap();
    let mut reversed = rows;
    reversed.reverse();
    assert_eq!(load(&reversed.map(|r| format!("{r}\n")).concat()).unwrap(), sorted);
    assert_eq!(sorted.len(), 4);
    let q3: Period = "2025/26 Q3".parse().unwrap();
    assert_eq!(sorted.value("QOP", "ae_4h", q3), None, "stored under the primary code");
    assert_eq!(sorted.value("E54000057", "ae_4h", q3), Some(d("69")));
}

#[test]
fn every_bad_row_is_reported_and_no_good_row_is_dropped() {
    let err = load(
        "QOP,ae_4h,2025/26 Q4,70,,\nQZZ,ae_4h,2025/26 Q4,70,,\nQOP,ae_4h,2025/26 Q3,NaN,,\nQOP,x,2025/26 Q3,1,,\n",
    )
    .unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["row 2.area_code", "row 3.value", "row 4.metric_id"]);
    let good =
        load("QOP,ae_4h,2025/26 Q4,70,,\nQHM,ae_4h,2025/26 Q4,71.5,,\nQOP,rtt_18w,2025/26 Q4,,650,1000\n").unwrap();
    assert_eq!(good.len(), 3);
}

#[test]
fn ods_codes_resolve_and_values_derive_from_numerator_and_denominator() {
    let obs = load("QOP,rtt_18w,2025/26 Q4,,650,1000\nQOP,ld_inpatients,2025/26 Q4,,30,1500000\n").unwrap();
    let q4: Period = "2025/26 Q4".parse().unwrap();
    assert_eq!(obs.value("E54000057", "rtt_18w", q4), Some(d("65")));
    assert_eq!(obs.value("E54000057", "ld_inpatients", q4), Some(d("20")));
    assert_eq!(obs.value("QOP", "rtt_18w", q4), None, "stored under the primary code");
}

#[test]
fn counts_are_found_whether_loaded_or_read_back_and_none_where_none_were_given() {
    let q4: Period = "2025/26 Q4".parse().unwrap();
    let counts = |obs: &Observations, metric: &str| {
        obs.area("E54000057").and_then(|rows| rows.counts(obs.metric_index(metric)?, q4))
    };
    let with = load("QOP,rtt_18w,2025/26 Q4,,650,1000\nQOP,ae_4h,2025/26 Q4,70,,\n").unwrap();
    let read_back: Observations = serde_json::from_str(&serde_json::to_string(&with).unwrap()).unwrap();
    for obs in [&with, &read_back] {
        assert_eq!(counts(obs, "rtt_18w"), Some((d("650"), d("1000"))));
        assert_eq!(counts(obs, "ae_4h"), None);
    }
    let without = load("QOP,ae_4h,2025/26 Q4,70,,\nQHM,ae_4h,2025/26 Q4,71.5,,\n").unwrap();
    let read_back: Observations = serde_json::from_str(&serde_json::to_string(&without).unwrap()).unwrap();
    assert_eq!((counts(&without, "ae_4h"), counts(&read_back, "ae_4h")), (None, None));
    // A store without counts keeps no column of absent ones, and reads back equal from the
    // full columns of nulls that earlier versions wrote; a column of the wrong length is refused.
    let mut state = serde_json::to_value(&without).unwrap();
    assert_eq!((&state["numerator"], &state["denominator"]), (&serde_json::json!([]), &serde_json::json!([])));
    state["numerator"] = serde_json::json!([null, null]);
    state["denominator"] = serde_json::json!([null, null]);
    assert_eq!(serde_json::from_value::<Observations>(state.clone()).unwrap(), without);
    state["numerator"] = serde_json::json!([null]);
    assert!(serde_json::from_value::<Observations>(state).is_err());
    // Counts given for a later row only still belong to that row.
    let later = load("QOP,ae_4h,2025/26 Q4,70,,\nQOP,rtt_18w,2025/26 Q4,,650,1000\n").unwrap();
    assert_eq!((counts(&later, "ae_4h"), counts(&later, "rtt_18w")), (None, Some((d("650"), d("1000")))));
}

#[test]
fn headers_are_checked() {
    let (national, locals, ..) = default_parts();
    let err = read_csv("area,metric_id,period,value\n", &national, &locals).unwrap_err();
    assert!(err.to_string().contains("missing column(s) area_code"), "{err}");
    let err = read_csv("area_code,metric_id,period,value,comment\n", &national, &locals).unwrap_err();
    assert!(err.to_string().contains("unknown column(s) [\"comment\"]"), "{err}");
}

#[test]
fn csv_round_trips() {
    let obs = defaults::Edition::Plan2025_26.observations();
    let mut out = Vec::new();
    obs.write_csv(&mut out).unwrap();
    assert_eq!(String::from_utf8(out).unwrap(), defaults::Edition::Plan2025_26.observations_csv());
}

#[test]
fn roll_up_sums_numerators_and_denominators_never_averages_percentages() {
    let (national, locals, _, england) = default_parts();
    let place = |code: &str| Area {
        code: code.into(),
        alt_code: None,
        name: code.into(),
        level: AreaLevel::Place,
        parent: Some("E54000057".into()),
    };
    let geography = england.with_areas([place("P1"), place("P2")]).unwrap();
    let catalogue = Catalogue::new(&geography, &national, &locals);
    let q4: Period = "2025/26 Q4".parse().unwrap();
    let row = |area: &str, metric: &str, value: Option<&str>, n: Option<&str>, den: Option<&str>| Observation {
        area: area.into(),
        metric: metric.into(),
        period: q4,
        value: value.map(d),
        numerator: n.map(d),
        denominator: den.map(d),
    };
    let places = Observations::from_rows(
        [
            row("P1", "ae_4h", None, Some("90"), Some("100")),
            row("P2", "ae_4h", None, Some("500"), Some("1000")),
            row("P1", "net_position", Some("-2.5"), None, None),
            row("P2", "net_position", Some("4.0"), None, None),
        ],
        &catalogue,
        "places",
    )
    .unwrap();
    let system = places.roll_up(AreaLevel::System, &catalogue).unwrap();
    // (90 + 500) / (100 + 1000) = 53.63..%, not the mean of 90% and 50% (70%).
    let ae = system.value("E54000057", "ae_4h", q4).unwrap();
    assert_eq!(ae, d("590") * d("100") / d("1100"));
    assert_eq!(system.value("E54000057", "net_position", q4), Some(d("1.5")));

    let no_counts = Observations::from_rows([row("P1", "ae_4h", Some("90"), None, None)], &catalogue, "p").unwrap();
    let err = no_counts.roll_up(AreaLevel::System, &catalogue).unwrap_err();
    assert!(err.to_string().contains("rolling up needs numerator and denominator"), "{err}");
}

/// Hostile-input finding D4: a value, a count or a derived value past `MAX_MAGNITUDE` is
/// refused naming its row, so that relative targets and England's sums cannot overflow.
#[test]
fn numbers_past_the_magnitude_bound_are_refused_naming_the_row() {
    let too_large = IssueKind::TooLarge { limit: ics_outcomes::input_limits::MAX_MAGNITUDE };
    let (path, value, kind) = only_issue("QOP,ld_inpatients,2024/25 Q4,1e28,,\n");
    assert_eq!(
        (path.as_str(), value.as_str(), kind),
        ("row 1.value", "10000000000000000000000000000", too_large.clone())
    );
    let (path, ..) = only_issue("QOP,ae_4h,2025/26 Q4,,5e28,100\n");
    assert_eq!(path, "row 1.numerator");
    let err = load("QOP,ae_4h,2025/26 Q4,,5e28,6e28\n").unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["row 1.numerator", "row 1.denominator"]);
    // 10¹⁴ in 10⁻⁷ people, per million, is 10²⁷.
    let (path, _, kind) = only_issue("QOP,ld_inpatients,2025/26 Q4,,100000000000000,0.0000001\n");
    assert_eq!((path.as_str(), kind), ("row 1.value", too_large));
    assert!(load("QOP,ld_inpatients,2025/26 Q4,100000000000000,,\n").is_ok());
    let (path, ..) = only_issue("QOP,ld_inpatients,2025/26 Q4,100000000000000.1,,\n");
    assert_eq!(path, "row 1.value");
}

/// Hostile-input findings D5 and D15: a value that would be rounded to fit, or that has
/// digit separators, is refused rather than read as another number.
#[test]
fn values_are_read_exactly_or_refused() {
    for text in ["77.949999999999999999999999999999", "0.00000000000000000000000000001", "7_8"] {
        let (path, value, kind) = only_issue(&format!("QRL,ae_4h,2025/26 Q4,{text},,\n"));
        assert_eq!((path.as_str(), value.as_str()), ("row 1.value", text));
        assert!(matches!(kind, IssueKind::Invalid { .. }));
    }
    let exact = load("QRL,ae_4h,2025/26 Q4,77.9499999999999999999999999,,\n").expect("28 places fit");
    assert_eq!(
        exact.rows().next().and_then(|r| r.value).map(|v| v.to_string()),
        Some("77.9499999999999999999999999".to_owned())
    );
}

/// Hostile-input findings D10 and D16: a repeated column is refused, not half read, and a data
/// row starting with `#` is read as data, not skipped as a comment.
#[test]
fn repeated_columns_and_rows_starting_with_a_hash_are_not_passed_over() {
    let (national, locals, ..) = default_parts();
    let err = read_csv("area_code,metric_id,period,value,value\nQOP,ae_4h,2025/26 Q4,5,99\n", &national, &locals)
        .unwrap_err();
    assert!(matches!(&err, Error::File { message, .. } if message.contains("repeated column(s) value")), "{err}");
    let text = "# label\n# more\narea_code,metric_id,period,value\n#QOP,ae_4h,2025/26 Q4,5\nQRL,ae_4h,2025/26 Q4,6\n";
    let err = read_csv(text, &national, &locals).unwrap_err();
    let issues: Vec<(&str, &str)> = err.issues().iter().map(|i| (i.path.as_str(), i.value.as_str())).collect();
    assert_eq!(issues, [("row 1.area_code", "#QOP")]);
    let labelled = read_csv(&text.replace("#QOP", "QOP"), &national, &locals).expect("two rows");
    assert_eq!((labelled.len(), labelled.label()), (2, Some("label")));
}

/// Hostile-input finding D8: a value its own counts contradict, and counts that cannot be,
/// are errors naming the row, not a judgement on one number and a comparison on the other.
#[test]
fn values_and_counts_that_contradict_each_other_are_refused() {
    let cases = [
        ("QOP,ae_4h,2025/26 Q4,99.0,164119,214348\n", "row 1.value"),
        ("QOP,ae_4h,2025/26 Q4,5,30,4\n", "row 1.numerator"),
        ("QOP,ae_4h,2025/26 Q4,5,-3,4\n", "row 1.numerator"),
        ("QOP,ae_4h,2025/26 Q4,5,3,0\n", "row 1.denominator"),
        ("QOP,ae_4h,2025/26 Q4,,3,0\n", "row 1.denominator"),
        ("QOP,ae_4h,2025/26 Q4,-5,,\n", "row 1.value"),
        ("QOP,ae_4h,2025/26 Q4,300,,\n", "row 1.value"),
    ];
    for (row, path) in cases {
        let err = load(row).unwrap_err();
        let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
        assert!(paths.contains(&path), "{row}: {err}");
    }
    // Within half a unit of the metric's last decimal place (ae_4h publishes one), a value
    // agrees with its counts: 164119 / 214348 is 76.5666…%.
    assert!(load("QOP,ae_4h,2025/26 Q4,76.6,164119,214348\n").is_ok());
    assert!(load("QOP,ae_4h,2025/26 Q4,76.5667,164119,214348\n").is_ok());
    assert_eq!(class_of(load("QOP,ae_4h,2025/26 Q4,76.4,164119,214348\n")), ErrorClass::Data);
    // A rate may count more events than people, and a zero count over nobody is no claim.
    assert!(load("QOP,ld_inpatients,2025/26 Q4,,30,20\n").is_ok());
    assert_eq!(class_of(load("QOP,ae_4h,2025/26 Q4,,0,0\n")), ErrorClass::Data, "no value can be derived");
}

/// Rows loaded in parts on several threads report what one pass reports: the same issues in
/// the same order, duplicates across parts among them, and the same count past the cap.
#[test]
fn loading_in_parts_reports_what_one_pass_reports() {
    let (national, locals, observations, geography) = default_parts();
    let catalogue = Catalogue::new(&geography, &national, &locals);
    let rows: Vec<Observation> = observations.rows().collect();
    let texts: Vec<[String; 4]> = rows
        .iter()
        .map(|o| {
            [o.area.clone(), o.metric.clone(), o.period.to_string(), o.value.map(|v| v.to_string()).unwrap_or_default()]
        })
        .collect();
    // Every row three times over, a float or a bad number now and then: past 2^17 rows, so in
    // parts; duplicates and bad values in every part, more than the issue cap.
    let count = (3 << 16).max(texts.len() * 3);
    let row = |i: usize| {
        let [area_code, metric_id, period, value] = texts[i % texts.len()].each_ref().map(String::as_str);
        let value = match i % 97 {
            0 => Cell::Text("7,5"),
            1 => Cell::Float(f64::NAN),
            2 => Cell::Float(70.25),
            _ => Cell::Text(value),
        };
        FieldRow { area_code, metric_id, period, value, numerator: Cell::Absent, denominator: Cell::Absent }
    };
    let one_pass = Observations::from_field_rows((0..count).map(row), &catalogue, "rows").unwrap_err();
    let in_parts = Observations::from_indexed_rows(count, row, &catalogue, "rows").unwrap_err();
    assert!(one_pass.issues().len() > 10_000, "{}", one_pass.issues().len());
    assert_eq!(in_parts.issues(), one_pass.issues());
    // A float too large for a decimal is refused by its text, as that text would be.
    let huge = |i: usize| FieldRow { value: Cell::Float(1e300), ..row(i) };
    let err = Observations::from_indexed_rows(1, huge, &catalogue, "rows").unwrap_err();
    let issue = &err.issues()[0];
    assert_eq!((issue.path.as_str(), issue.value.clone()), ("row 1.value", 1e300f64.to_string()));
    assert!(matches!(issue.kind, IssueKind::Invalid { .. }), "{err}");
    let text =
        TextRow { area_code: "QOP", metric_id: "ae_4h", period: "2025/26 Q4", value: "81.5", ..TextRow::default() };
    let clean = |i: usize| if i == 0 { text.into() } else { row(i) };
    assert!(Observations::from_indexed_rows(1, clean, &catalogue, "rows").is_ok());
}

/// Counts given in only some parts of a load in parts belong to their own rows, as in one
/// pass: in the later parts only, or in the first only.
#[test]
fn counts_in_some_parts_only_load_as_in_one_pass() {
    let (national, locals, _, geography) = default_parts();
    let catalogue = Catalogue::new(&geography, &national, &locals);
    let systems: Vec<String> = geography.at_level(AreaLevel::System).map(|a| a.code.clone()).collect();
    // Every system over 4,000 months: past 2^17 rows, so in parts.
    let months: Vec<String> =
        (0..4000u16).map(|k| Period::Month { year: 2000 + k / 12, month: (k % 12) as u8 + 1 }.to_string()).collect();
    let rows = systems.len() * months.len();
    assert!(rows > 2 << 16, "{rows}");
    let later: fn(usize, usize) -> bool = |i, rows| i >= rows / 2;
    let first: fn(usize, usize) -> bool = |i, rows| i < rows / 3;
    for counted in [later, first] {
        let row = |i: usize| {
            let (area_code, period) = (systems[i / months.len()].as_str(), months[i % months.len()].as_str());
            let (value, numerator, denominator) = if counted(i, rows) {
                (Cell::Absent, Cell::Integer(650), Cell::Integer(1000))
            } else {
                (Cell::Text("64.9"), Cell::Absent, Cell::Absent)
            };
            FieldRow { area_code, metric_id: "rtt_18w", period, value, numerator, denominator }
        };
        let one_pass = Observations::from_field_rows((0..rows).map(row), &catalogue, "rows").expect("valid rows");
        let in_parts = Observations::from_indexed_rows(rows, row, &catalogue, "rows").expect("valid rows");
        assert_eq!(in_parts, one_pass);
        let metric = in_parts.metric_index("rtt_18w").expect("loaded");
        for i in [0, rows / 3 - 1, rows / 3, rows / 2 - 1, rows / 2, rows - 1] {
            let (area, period) = (&systems[i / months.len()], months[i % months.len()].parse().expect("a month"));
            let counts = in_parts.area(area).and_then(|r| r.counts(metric, period));
            assert_eq!(counts, counted(i, rows).then(|| (d("650"), d("1000"))), "row {i}");
        }
    }
}
