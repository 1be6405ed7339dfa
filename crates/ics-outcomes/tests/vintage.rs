//! Geography vintages: the ICBs of each reorganisation, successions, and counts carried
//! across them with totals conserved.

use ics_outcomes::vintage::{self, Apportionment, Lookup, Method, Reprojection, Vintages, reproject};
use ics_outcomes::{Combine, Metric, Observation, Polarity, TimeUnit, Unit};
use ics_outcomes::{Error, IssueKind};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::common::d;

fn v() -> &'static Vintages {
    Vintages::embedded()
}

fn row(area: &str, period: &str, n: i64, den: i64) -> Observation {
    Observation {
        area: area.into(),
        metric: "ae_4h".into(),
        period: period.parse().unwrap(),
        value: None,
        numerator: Some(Decimal::from(n)),
        denominator: Some(Decimal::from(den)),
    }
}

#[test]
fn each_vintage_holds_its_icbs() {
    assert_eq!(v().icbs_in("2022-07").unwrap().len(), 42);
    assert_eq!(v().icbs_in("2023-04").unwrap().len(), 42);
    let now = v().icbs_in("2026-04").unwrap();
    assert_eq!(now.len(), 36);
    let regions: std::collections::BTreeSet<&str> = now.iter().map(|i| i.region.as_str()).collect();
    assert_eq!(regions.len(), 7);
    assert!(now.iter().any(|i| i.code == "E54000065" && i.name == "Central East"));
    assert!(now.iter().any(|i| i.code == "E54000066" && i.name == "Essex"));
    assert!(v().icbs_in("2023-04").unwrap().iter().any(|i| i.code == "E54000063"));
    assert!(v().icbs_in("2022-07").unwrap().iter().any(|i| i.code == "E54000052"));
    assert!(matches!(v().icbs_in("2025-04"), Err(Error::Argument { .. })));
    assert_eq!(v().successions().len(), 19);
    for (period, expected) in [
        ("2022/23 Q1", "2022-07"),
        ("2022-08", "2022-07"),
        ("2023-04", "2023-04"),
        ("2025/26 Q4", "2023-04"),
        ("2026/27", "2026-04"),
    ] {
        assert_eq!(v().vintage_of(period.parse().unwrap()), expected, "{period}");
    }
}

#[test]
fn an_abolished_code_names_its_successors() {
    match v().resolve("QNQ", "2026-04") {
        Err(Error::NotFound { value, hint, .. }) => {
            assert_eq!(value, "QNQ");
            assert_eq!(
                hint,
                ": QNQ (Frimley) was abolished on 2026-04-01; its area went to E54000067, E54000069, E54000070"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(v().resolve("QRL", "2026-04").unwrap().code, "E54000067");
    assert_eq!(v().resolve("QRL", "2023-04").unwrap().code, "E54000042");
    let err = v().resolve("E54000071", "2023-04").unwrap_err();
    assert!(err.to_string().contains("was created in 2026-04"), "{err}");
}

#[test]
fn mergers_sum_and_recodings_carry_through_every_vintage() {
    let rows = [
        row("E54000052", "2022-08", 10, 20), // Surrey Heartlands, July 2022 code
        row("QNX", "2023-05", 5, 10),        // Sussex, read in April 2023
        row("QOP", "2025-03", 7, 9),         // unchanged
        row("E54000042", "2025-03", 3, 4),   // Hampshire and Isle of Wight, recoded in 2026
    ];
    let out = reproject(&rows, "2026-04", &Reprojection::default()).unwrap();
    let find =
        |area: &str, period: &str| out.iter().find(|r| r.area == area && r.period.to_string() == period).unwrap();
    assert_eq!(find("E54000069", "2022-08").from, ["E54000052"]);
    assert_eq!(find("E54000069", "2022-08").method, Method::Recoded);
    assert_eq!(find("E54000069", "2023-05").from, ["E54000064"]);
    assert_eq!(find("E54000057", "2025-03").method, Method::Unchanged);
    assert_eq!(find("E54000067", "2025-03").numerator, Some(d("3")));
}

#[test]
fn splits_need_an_apportionment_and_bad_ones_are_refused_by_row() {
    let rows = [row("QNQ", "2025-03", 100, 200), row("QNQ", "2025-04", 50, 60)];
    let err = reproject(&rows, "2026-04", &Reprojection::default()).unwrap_err();
    assert!(matches!(err, Error::Data { .. }));
    let text = err.to_string();
    assert!(text.contains("E54000034 (Frimley) was split between E54000070, E54000069, E54000067"), "{text}");
    assert!(text.contains("periods 2025-03, 2025-04"), "{text}");
    let good = "from_code,to_code,share\nQNQ,E54000067,0.2\nQNQ,E54000069,0.5\nQNQ,S0E4D,0.3\n";
    let shares = Apportionment::from_csv(good, "a.csv", v()).unwrap();
    let out =
        reproject(&rows, "2026-04", &Reprojection { apportionment: Some(&shares), ..Default::default() }).unwrap();
    let total: Decimal = out.iter().filter(|r| r.period.to_string() == "2025-03").filter_map(|r| r.numerator).sum();
    assert_eq!(total, d("100"));
    assert!(out.iter().all(|r| r.method == Method::Apportioned));
    let bad = "from_code,to_code,share\nQNQ,E54000067,0.2\nQNQ,E54000069,0.5\nXXX,E54000070,0.3\nQNQ,E54000070,1.5\n";
    let err = Apportionment::from_csv(bad, "a.csv", v()).unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["row 3.from_code", "row 4.share", "row 1.share"], "{err}");
}

#[test]
fn small_areas_roll_up_through_a_lookup_and_rebuild_a_split_exactly() {
    // Frimley's small areas lie in three successors; the lookup says which.
    let lookup = Lookup::from_csv(
        "LSOA21CD,LSOA21NM,SICBL26CD,ICB26CD,ICB26CDH\n\
         E01000001,a,x,E54000067,QRL\nE01000002,b,x,E54000069,S9B9J\nE01000003,c,x,E54000070,S0E4D\n\
         E01000004,d,x,E54000070,S0E4D\n",
        "lookup.csv",
        v(),
    )
    .unwrap();
    assert_eq!(lookup.len(), 4);
    let rows = [
        row("E01000001", "2025-03", 10, 20),
        row("E01000002", "2025-03", 30, 40),
        row("E01000003", "2025-03", 5, 10),
        row("E01000004", "2025-03", 7, 10),
        row("QOP", "2025-03", 70, 100),
    ];
    let how = Reprojection { lookup: Some(&lookup), ..Default::default() };
    let out = reproject(&rows, "2026-04", &how).unwrap();
    let got: Vec<(&str, Option<Decimal>, Option<Decimal>, Method)> =
        out.iter().map(|r| (r.area.as_str(), r.numerator, r.denominator, r.method)).collect();
    assert_eq!(
        got,
        [
            ("E54000057", Some(d("70")), Some(d("100")), Method::Unchanged),
            ("E54000067", Some(d("10")), Some(d("20")), Method::RolledUp),
            ("E54000069", Some(d("30")), Some(d("40")), Method::RolledUp),
            ("E54000070", Some(d("12")), Some(d("20")), Method::RolledUp),
        ]
    );
    assert_eq!(Method::RolledUp.id(), "rolled_up");
    // A code that is neither an ICB nor in the lookup is named.
    let err = reproject(&[row("E01999999", "2025-03", 1, 2)], "2026-04", &how).unwrap_err();
    assert_eq!(err.issues()[0].value, "E01999999");
    assert!(err.to_string().contains("neither an ICB code nor a small area of the lookup"), "{err}");
    // A lookup to the 2023 ICBs puts small areas in Frimley, which must then be shared.
    let old = Lookup::from_csv("LSOA21CD,ICB23CD\nE01000001,E54000034\n", "old.csv", v()).unwrap();
    let how = Reprojection { lookup: Some(&old), ..Default::default() };
    let err = reproject(&[row("E01000001", "2025-03", 1, 2)], "2026-04", &how).unwrap_err();
    assert!(err.to_string().contains("E54000034 (Frimley) was split"), "{err}");
}

#[test]
fn apportionment_columns_are_found_by_name() {
    // Another column order, and an extra column, read the same shares.
    let shares = Apportionment::from_csv(
        "share,note,from_code,to_code\n0.25,x,QNQ,E54000067\n0.35,y,QNQ,E54000069\n0.4,z,QNQ,E54000070\n",
        "a.csv",
        v(),
    )
    .unwrap();
    let how = Reprojection { apportionment: Some(&shares), ..Default::default() };
    let out = reproject(&[row("QNQ", "2025-03", 100, 200)], "2026-04", &how).unwrap();
    assert_eq!(out.iter().map(|r| r.numerator.unwrap()).collect::<Vec<_>>(), [d("25"), d("35"), d("40")]);
    let err = Apportionment::from_csv("from,to,share\nQNQ,E54000067,1\n", "a.csv", v()).unwrap_err();
    assert!(matches!(err, Error::File { .. }) && err.to_string().contains("the header is from,to,share"), "{err}");
    let err = Apportionment::from_csv("to_code,from_code,share\nE54000067,QNQ,half\n", "a.csv", v()).unwrap_err();
    assert_eq!((err.issues()[0].path.as_str(), err.issues()[0].value.as_str()), ("row 1.share", "half"));
}

#[test]
fn a_lookup_names_every_small_area_that_lies_in_no_icb_or_two() {
    let read = |text: &str| Lookup::from_csv(text, "l.csv", v()).unwrap_err();
    let err = read("LSOA21CD,ICB26CD\nE01000001,E54000071\nE01000002,\nE01000001,E54000069\nE01000003,QNQ\n");
    let issues: Vec<(&str, &str)> = err.issues().iter().map(|i| (i.path.as_str(), i.value.as_str())).collect();
    assert_eq!(issues, [("row 2.ICB26CD", "E01000002"), ("row 3.LSOA21CD", "E01000001"), ("row 4.ICB26CD", "QNQ")]);
    assert!(err.to_string().contains("E01000002 lies in no ICB"), "{err}");
    assert!(err.to_string().contains("E01000001 lies in two ICBs: E54000071 (row 1) and E54000069"), "{err}");
    assert!(err.to_string().contains("QNQ (Frimley) was abolished on 2026-04-01"), "{err}");
    assert!(matches!(read("LSOA21CD,LAD26CD\nE01000001,E06000001\n"), Error::File { .. }));
    assert!(read("LSOA21CD,icb_code\nE01000001,QZZ\n").to_string().contains("unknown area code"));
    // The same small area twice in the same ICB is one area.
    let twice = Lookup::from_csv("code,icb_code\nP1,QOP\nP1,E54000057\n", "l.csv", v()).unwrap();
    assert_eq!((twice.len(), twice.icb_of("P1")), (1, Some("E54000057")));
}

proptest! {
    /// Counts over England are the same before and after, for any apportionment of the three
    /// split ICBs.
    #[test]
    fn totals_are_conserved_exactly(
        weights in proptest::collection::vec(1u32..1000, 7),
        counts in proptest::collection::vec((0i64..100_000, 1i64..100_000), 48),
    ) {
        let splits = [("QNQ", vec!["E54000067", "E54000069", "E54000070"]), ("QM7", vec!["E54000065", "E54000066"]), ("QJG", vec!["E54000066", "E54000068"])];
        let mut text = String::from("from_code,to_code,share\n");
        let mut w = weights.iter();
        for (from, to) in &splits {
            let parts: Vec<u32> = to.iter().map(|_| *w.next().unwrap()).collect();
            let sum: u32 = parts.iter().sum();
            let shares: Vec<Decimal> = parts.iter().map(|&p| (Decimal::from(p) / Decimal::from(sum)).round_dp(20)).collect();
            let last = Decimal::ONE - shares[..shares.len() - 1].iter().copied().sum::<Decimal>();
            for (k, code) in to.iter().enumerate() {
                let share = if k + 1 == to.len() { last } else { shares[k] };
                text.push_str(&format!("{from},{code},{share}\n"));
            }
        }
        let shares = Apportionment::from_csv(&text, "a.csv", v()).unwrap();
        let icbs = v().icbs_in("2023-04").unwrap();
        let rows: Vec<Observation> = icbs
            .iter()
            .zip(&counts)
            .map(|(icb, &(n, extra))| row(&icb.code, "2025-03", n, n + extra))
            .collect();
        let out = reproject(&rows, "2026-04", &Reprojection { apportionment: Some(&shares), ..Default::default() }).unwrap();
        prop_assert_eq!(out.len(), 36);
        let before: Decimal = rows.iter().filter_map(|r| r.numerator).sum();
        let after: Decimal = out.iter().filter_map(|r| r.numerator).sum();
        prop_assert_eq!(before, after);
        let before: Decimal = rows.iter().filter_map(|r| r.denominator).sum();
        let after: Decimal = out.iter().filter_map(|r| r.denominator).sum();
        prop_assert_eq!(before, after);
    }
}

#[test]
fn values_without_counts_travel_only_whole() {
    let value = |area: &str, v: &str| Observation {
        area: area.into(),
        metric: "los".into(),
        period: "2025-03".parse().unwrap(),
        value: Some(d(v)),
        numerator: None,
        denominator: None,
    };
    // Unchanged and recoded areas carry their value.
    let out =
        reproject(&[value("QOP", "4.5"), value("E54000042", "5.1")], "2026-04", &Reprojection::default()).unwrap();
    assert_eq!(
        out.iter().map(|r| (r.area.as_str(), r.value)).collect::<Vec<_>>(),
        [("E54000057", Some(d("4.5"))), ("E54000067", Some(d("5.1")))]
    );
    // Two predecessors meeting in one successor cannot average a value they do not weigh.
    let err = reproject(&[value("QRV", "4.5"), value("QMJ", "5.1")], "2026-04", &Reprojection::default()).unwrap_err();
    assert!(err.to_string().contains("values without counts cannot be combined"), "{err}");
    assert_eq!(err.issues()[0].value, "los");
    // The value of counts in a unit: 150 of 200 as a percentage.
    let counts = reproject(
        &[row("QRV", "2025-03", 70, 100), row("QMJ", "2025-03", 80, 100)],
        "2026-04",
        &Reprojection::default(),
    )
    .unwrap();
    assert_eq!(counts[0].value_in(Some(Decimal::ONE_HUNDRED)), Some(d("75")));
}

fn metric(id: &str, combine: Option<Combine>, weight: Option<&str>) -> Metric {
    Metric {
        id: id.into(),
        name: id.into(),
        unit: Unit::Duration(TimeUnit::Minutes),
        polarity: Polarity::LowerIsBetter,
        decimals: 1,
        source: None,
        statistic: None,
        combine,
        weight: weight.map(str::to_owned),
        spc_chart: None,
    }
}

fn value(area: &str, metric: &str, v: &str) -> Observation {
    Observation {
        area: area.into(),
        metric: metric.into(),
        period: "2025-03".parse().unwrap(),
        value: Some(d(v)),
        numerator: None,
        denominator: None,
    }
}

#[test]
fn values_combine_as_their_metric_says() {
    let metrics = [
        metric("cat2", Some(Combine::WeightedMean), Some("incidents")),
        metric("incidents", Some(Combine::Sum), None),
        metric("spend", Some(Combine::Sum), None),
        metric("index", Some(Combine::NotCombinable), None),
    ];
    let combining = vintage::Combining::of(&metrics);
    let shares = Apportionment::from_csv(
        "from_code,to_code,share\nQNQ,E54000067,0.2\nQNQ,E54000069,0.35\nQNQ,E54000070,0.45\n",
        "a.csv",
        v(),
    )
    .unwrap();
    let how = Reprojection { combining: Some(&combining), apportionment: Some(&shares), ..Default::default() };
    let rows = [
        value("QRV", "cat2", "30"),
        value("QMJ", "cat2", "20"),
        value("QRV", "incidents", "100"),
        value("QMJ", "incidents", "300"),
        value("QRV", "spend", "1.5"),
        value("QMJ", "spend", "2.25"),
        value("QNQ", "spend", "10"),
    ];
    let out = reproject(&rows, "2026-04", &how).unwrap();
    let get = |area: &str, m: &str| out.iter().find(|r| r.area == area && r.metric == m).unwrap();
    // (30 × 100 + 20 × 300) / 400 = 22.5, and the weights are summed.
    assert_eq!(get("E54000071", "cat2").value, Some(d("22.5")));
    assert_eq!(get("E54000071", "incidents").value, Some(d("400")));
    assert_eq!(get("E54000071", "spend").value, Some(d("3.75")));
    // A split shares an additive value like a count, and the parts add back to the whole.
    let frimley: Decimal = ["E54000067", "E54000069", "E54000070"].iter().map(|a| get(a, "spend").value.unwrap()).sum();
    assert_eq!(frimley, d("10"));
    assert_eq!(get("E54000069", "spend").value, Some(d("3.5")));
    assert_eq!(get("E54000069", "spend").method, Method::Apportioned);
    // A weighted mean without its weight, and a value declared not combinable, are refused by name.
    let err = reproject(&[value("QRV", "cat2", "30"), value("QMJ", "cat2", "20")], "2026-04", &how).unwrap_err();
    assert!(err.to_string().contains("weighted by incidents, and there is no incidents value for QRV"), "{err}");
    let err = reproject(&[value("QRV", "index", "1"), value("QMJ", "index", "2")], "2026-04", &how).unwrap_err();
    assert_eq!((err.issues()[0].path.as_str(), err.issues()[0].value.as_str()), ("row 1.metric_id", "index"));
    assert!(err.to_string().contains("declared not combinable"), "{err}");
    // Unchanged, it travels.
    assert_eq!(reproject(&[value("QOP", "index", "1")], "2026-04", &how).unwrap()[0].value, Some(d("1")));
}

#[test]
fn a_weighted_mean_needs_a_weight_that_is_another_metric() {
    let national = |metrics: &str| {
        let text = format!(
            "kind = \"national\"\nid = \"n\"\nname = \"n\"\nversion = \"1\"\n{metrics}\n[[priorities]]\nid = \"p\"\n\
             title = \"p\"\npurposes = [\"outcomes\"]\n[[priorities.targets]]\nid = \"t\"\nmetric = \"a\"\n\
             type = \"threshold\"\nvalue = \"1\"\n"
        );
        ics_outcomes::load_national(&text, "n.toml")
    };
    let m = |id: &str, extra: &str| {
        format!(
            "[[metrics]]\nid = \"{id}\"\nname = \"x\"\nunit = \"days\"\npolarity = \"lower_is_better\"\ndecimals = 1\n{extra}\n"
        )
    };
    assert!(national(&(m("a", "combine = \"weighted_mean\"\nweight = \"w\"") + &m("w", "combine = \"sum\""))).is_ok());
    let err = national(&m("a", "combine = \"weighted_mean\"")).unwrap_err();
    assert_eq!(err.issues()[0].path, "metrics[0].weight");
    let err = national(&m("a", "combine = \"weighted_mean\"\nweight = \"nope\"")).unwrap_err();
    assert_eq!((err.issues()[0].path.as_str(), err.issues()[0].value.as_str()), ("metrics[0].weight", "nope"));
    let err = national(&m("a", "weight = \"a\"")).unwrap_err();
    assert!(err.to_string().contains("only with combine"), "{err}");
    let err = national(&m("a", "combine = \"average\"")).unwrap_err();
    assert!(err.to_string().contains("average"), "{err}");
}

#[test]
fn codes_can_be_read_in_one_named_vintage() {
    // Read in 2022-07, E54000052 is Surrey Heartlands; QXU's 2023 code is not of that vintage.
    let how = Reprojection { from: Some("2022-07"), ..Default::default() };
    let out = reproject(&[row("E54000052", "2025-03", 5, 10)], "2026-04", &how).unwrap();
    assert_eq!((out[0].area.as_str(), out[0].method), ("E54000069", Method::Recoded));
    let err = reproject(&[row("E54000063", "2025-03", 5, 10)], "2026-04", &how).unwrap_err();
    assert!(err.to_string().contains("not an ICB of the 2022-07 geography"), "{err}");
    let how = Reprojection { from: Some("2025-01"), ..Default::default() };
    assert!(matches!(reproject(&[], "2026-04", &how), Err(Error::Argument { .. })));
}

#[test]
fn predecessors_are_every_icb_whose_area_reached_a_successor() {
    assert_eq!(v().predecessors("Z9B2Z", "2023-04"), ["E54000027", "E54000028"]);
    assert_eq!(v().predecessors("E54000069", "2023-04"), ["E54000034", "E54000063", "E54000064"]);
    assert_eq!(v().predecessors("E54000069", "2022-07"), ["E54000034", "E54000052", "E54000053"]);
    assert_eq!(v().predecessors("QOP", "2023-04"), ["E54000057"]);
}

#[test]
fn rows_are_read_in_the_observation_shape_with_every_problem_named() {
    let text = "area_code,metric_id,period,value,numerator,denominator\nE54000052,ae_4h,2022-08,,10,20\nQOP,los,2025-03,4.5,,\n";
    let rows = vintage::read_csv(text, "in.csv").unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].numerator, Some(d("10")));
    let bad = "area_code,metric_id,period,value\nQOP,ae_4h,Junk 2025,5\nQOP,ae_4h,2025-03,7_8\nQOP,ae_4h,2025-03,\n";
    let err = vintage::read_csv(bad, "in.csv").unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["row 1.period", "row 2.value", "row 3.value"]);
}

#[test]
fn every_front_end_picks_a_vintage_by_one_rule() {
    let q4 = |text: &str| Some(text.parse().unwrap());
    assert_eq!(v().choose(Some("2022-07"), Some("2026-04"), q4("2026/27 Q1")).unwrap(), "2022-07");
    assert_eq!(v().choose(None, Some("2026-04"), q4("2025/26 Q4")).unwrap(), "2026-04");
    assert_eq!(v().choose(None, None, q4("2025/26 Q4")).unwrap(), "2023-04");
    assert_eq!(v().choose(None, None, None).unwrap(), vintage::CURRENT);
    assert!(matches!(v().choose(Some("2025-04"), None, None), Err(Error::Argument { .. })));
    let locals = ics_outcomes::defaults::Edition::Plan2025_26.local_frameworks();
    assert_eq!(v().for_scoring(None, &locals, q4("2026/27 Q1")).unwrap(), "2023-04");
    let mixed = [locals[0].clone(), ics_outcomes::defaults::local_frameworks()[0].clone()];
    let err = v().for_scoring(None, &mixed, None).unwrap_err();
    assert!(err.to_string().contains("different geography vintages"), "{err}");
    assert_eq!(v().for_scoring(Some("2026-04"), &mixed, None).unwrap(), "2026-04");
}

/// An illustrative April 2027 wave: Central East and Essex merge, and Frimley's Surrey
/// successor (E54000069) is split between a new ICB and Kent and Medway.
const WAVE_TOML: &str = r#"
vintage = "2027-04"

[[icbs]]
code = "E54000080"
ods = "QZA"
name = "East Anglia and Essex"
region = "Y61"

[[icbs]]
code = "E54000081"
ods = "QZB"
name = "Surrey"
region = "Y59"

[[successions]]
from = "E54000065"
to = "E54000080"
change = "merger"

[[successions]]
from = "Essex"
to = "E54000080"
change = "merger"

[[successions]]
from = "E54000069"
to = "QZB"
change = "split"

[[successions]]
from = "E54000069"
to = "QKS"
change = "split"
"#;

#[test]
fn a_reorganisation_file_adds_the_next_vintage() {
    let wave = WAVE_TOML.replace("\"Essex\"", "\"E54000066\"");
    let next = v().with_reorganisation(&wave, "wave.toml").unwrap();
    assert_eq!(next.names().collect::<Vec<_>>(), ["2022-07", "2023-04", "2026-04", "2027-04"]);
    assert_eq!(next.icbs_in("2026-04").unwrap().len(), 36);
    assert_eq!(next.icbs_in("2027-04").unwrap().len(), 35);
    assert_eq!(next.vintage_of("2027/28 Q1".parse().unwrap()), "2027-04");
    assert_eq!(next.vintage_of("2026/27 Q4".parse().unwrap()), "2026-04");
    assert_eq!(next.choose(None, None, "2027-05".parse().ok()).unwrap(), "2027-04");
    // The embedded vintages are untouched.
    assert_eq!(v().latest(), "2026-04");
    assert!(matches!(v().checked("2027-04"), Err(Error::Argument { .. })));
    let err = next.resolve("E54000065", "2027-04").unwrap_err();
    assert!(
        err.to_string().contains("E54000065 (Central East) was abolished on 2027-04-01; its area went to E54000080")
    );
    // Kent and Medway continues, now with part of Surrey's area.
    assert_eq!(next.resolve("QKS", "2027-04").unwrap().code, "E54000032");
    assert_eq!(next.predecessors("QZA", "2023-04"), ["E54000023", "E54000024", "E54000025", "E54000026", "E54000056"]);
    let geography = next.geography("2027-04").unwrap();
    assert_eq!(geography.systems().count(), 35);
    assert_eq!(geography.vintage(), Some("2027-04"));
    assert!(matches!(geography.missing_area("QOP"), IssueKind::UnknownArea) || geography.get("QOP").is_some());
    match geography.missing_area("E54000066") {
        IssueKind::OtherVintage { vintage, note } => {
            assert_eq!(vintage, "2027-04");
            assert_eq!(note, "E54000066 (Essex) was abolished on 2027-04-01; its area went to E54000080");
        }
        other => panic!("{other:?}"),
    }
    // The same wave in CSV makes the same vintages.
    let csv = "# the same wave\nvintage,from,to,change,to_ods,to_name,to_region\n\
               2027-04,E54000065,E54000080,merger,QZA,East Anglia and Essex,Y61\n\
               2027-04,E54000066,E54000080,merger,,,\n\
               2027-04,E54000069,E54000081,split,QZB,Surrey,Y59\n\
               2027-04,E54000069,QKS,split,,,\n";
    assert_eq!(v().with_reorganisation(csv, "wave.csv").unwrap(), next);
}

#[test]
fn counts_carry_onto_a_vintage_from_a_file() {
    let wave = WAVE_TOML.replace("\"Essex\"", "\"E54000066\"");
    let next = v().with_reorganisation(&wave, "wave.toml").unwrap();
    let rows =
        [row("E54000065", "2026-06", 60, 100), row("E54000066", "2026-06", 30, 50), row("QOP", "2026-06", 8, 10)];
    let how = Reprojection { vintages: Some(&next), ..Default::default() };
    let out = reproject(&rows, "2027-04", &how).unwrap();
    let got: Vec<(&str, Option<Decimal>, Option<Decimal>, Method)> =
        out.iter().map(|r| (r.area.as_str(), r.numerator, r.denominator, r.method)).collect();
    assert_eq!(
        got,
        [
            ("E54000057", Some(d("8")), Some(d("10")), Method::Unchanged),
            ("E54000080", Some(d("90")), Some(d("150")), Method::Merged),
        ]
    );
    // A 2023 ICB reaches the 2027 one through both reorganisations.
    let old = reproject(&[row("QH8", "2025-06", 5, 10)], "2027-04", &how).unwrap();
    assert_eq!((old[0].area.as_str(), old[0].from.clone()), ("E54000080", vec!["E54000026".to_owned()]));
    // Surrey's split needs an apportionment naming the new ICB, which it reads from `next`.
    let err = reproject(&[row("E54000069", "2026-06", 5, 10)], "2027-04", &how).unwrap_err();
    assert!(err.to_string().contains("E54000069 (Surrey and Sussex) was split between"), "{err}");
    let shares =
        Apportionment::from_csv("from_code,to_code,share\nE54000069,QZB,0.6\nE54000069,QKS,0.4\n", "a.csv", &next)
            .unwrap();
    let how = Reprojection { apportionment: Some(&shares), ..how };
    let out = reproject(&[row("E54000069", "2026-06", 5, 10)], "2027-04", &how).unwrap();
    assert_eq!(
        out.iter().map(|r| (r.area.as_str(), r.numerator)).collect::<Vec<_>>(),
        [("E54000032", Some(d("2"))), ("E54000081", Some(d("3")))]
    );
    // The embedded vintages know no QZB, and a lookup column ICB27CD is read in 2027-04.
    assert!(matches!(
        Apportionment::from_csv("from_code,to_code,share\nE54000069,QZB,1\n", "a.csv", v()),
        Err(Error::Data { data: ics_outcomes::DataKind::Apportionment, .. })
    ));
    let lookup = Lookup::from_csv("LSOA21CD,ICB27CD\nE01000001,QZA\n", "l.csv", &next).unwrap();
    assert_eq!(lookup.icb_of("E01000001"), Some("E54000080"));
}

#[test]
fn a_bad_reorganisation_file_is_refused_naming_each_field() {
    let bad = |from: &str, to: &str| {
        let text = WAVE_TOML.replacen(from, to, 1);
        let err = v().with_reorganisation(&text, "wave.toml").unwrap_err();
        assert!(matches!(err, Error::Data { .. }), "{err}");
        err.issues().iter().map(|i| format!("{} {}", i.path, i.value)).collect::<Vec<_>>()
    };
    let essex = |paths: Vec<String>| paths.into_iter().filter(|p| !p.contains("Essex")).collect::<Vec<_>>();
    assert_eq!(bad("\"Essex\"", "\"Essex\""), ["successions[1].from Essex"]);
    assert_eq!(essex(bad("vintage = \"2027-04\"", "vintage = \"2026-04\"")), ["vintage 2026-04"]);
    assert_eq!(essex(bad("vintage = \"2027-04\"", "vintage = \"2027-13\"")), ["vintage 2027-13"]);
    assert_eq!(essex(bad("region = \"Y61\"", "region = \"Y99\"")), ["icbs[0].region Y99"]);
    assert_eq!(essex(bad("ods = \"QZA\"", "ods = \"QOP\"")), ["icbs[0].ods QOP"]);
    assert_eq!(essex(bad("code = \"E54000081\"", "code = \"E54000080\"")), ["icbs[1].code E54000080"]);
    assert_eq!(essex(bad("to = \"QKS\"", "to = \"QXX\"")), ["successions[3].to QXX", "successions[2].change split"]);
    assert_eq!(essex(bad("to = \"QKS\"", "to = \"E54000065\"")), ["successions[3].to E54000065"]);
    assert_eq!(
        essex(bad("from = \"E54000065\"", "from = \"QNQ\"")),
        ["successions[0].from QNQ", "icbs[0].code E54000080"]
    );
    // A split with one successor; a merger with two; a new ICB nothing passes to.
    let split_of_one = WAVE_TOML.replace("\"Essex\"", "\"E54000066\"").replace("to = \"QKS\"", "to = \"QZB\"");
    let err = v().with_reorganisation(&split_of_one, "wave.toml").unwrap_err();
    assert!(err.to_string().contains("successions[3]"), "{err}");
    let err = v()
        .with_reorganisation(&WAVE_TOML.replace("\"Essex\"", "\"E54000066\"").replace("split", "merger"), "w.toml")
        .unwrap_err();
    assert!(err.to_string().contains("passes the whole area to one successor"), "{err}");
    let orphan = "vintage = \"2027-04\"\n[[icbs]]\ncode = \"E54000090\"\nods = \"QZZ\"\nname = \"Nowhere\"\nregion = \"Y56\"\n\
                  [[successions]]\nfrom = \"QOP\"\nto = \"QKS\"\nchange = \"merger\"\n";
    let err = v().with_reorganisation(orphan, "wave.toml").unwrap_err();
    assert_eq!(err.issues()[0].path, "icbs[0].code");
    // An unknown field, and CSV rows of two vintages or an unknown change.
    let err = v()
        .with_reorganisation(&WAVE_TOML.replace("change = \"merger\"", "change = \"absorbed\""), "w.toml")
        .unwrap_err();
    assert!(matches!(err, Error::File { .. }) && err.to_string().contains("successions[0].change"), "{err}");
    let csv =
        "vintage,from,to,change\n2027-04,E54000065,E54000066,merger\n2028-04,QOP,QKS,merger\n2027-04,QOP,QKS,joined\n";
    let err = v().with_reorganisation(csv, "w.csv").unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["row 2.vintage", "row 3.change"]);
}

#[test]
fn the_reorganisation_schema_is_shipped_and_accepts_the_example() {
    let schema = ics_outcomes::schema::reorganisation_schema();
    let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    assert_eq!(ics_outcomes::schema::REORGANISATION_SCHEMA_JSON, generated, "run the generate_default_data example");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let instance = serde_json::to_value(toml::from_str::<toml::Value>(WAVE_TOML).unwrap()).unwrap();
    assert!(validator.is_valid(&instance));
    let mut unknown = instance.clone();
    unknown["successions"][0]["share"] = serde_json::json!("0.5");
    assert!(!validator.is_valid(&unknown));
}

#[test]
fn a_repeated_row_is_refused_not_counted_twice() {
    // QOP and E54000057 name one ICB.
    let twice = [row("QOP", "2025-03", 1, 2), row("QRV", "2025-03", 3, 4), row("E54000057", "2025-03", 1, 2)];
    let err = reproject(&twice, "2026-04", &Reprojection::default()).unwrap_err();
    assert_eq!(err.issues().len(), 1);
    assert_eq!((err.issues()[0].path.as_str(), err.issues()[0].value.as_str()), ("row 3.area_code", "E54000057"));
    assert_eq!(err.issues()[0].kind, IssueKind::DuplicateRow { first_row: 1 });
    // A small area given twice; two small areas of one ICB are not a repeat.
    let lookup =
        Lookup::from_csv("LSOA21CD,ICB26CD\nE01000001,E54000057\nE01000002,E54000057\n", "l.csv", v()).unwrap();
    let how = Reprojection { lookup: Some(&lookup), ..Default::default() };
    let small = [row("E01000001", "2025-03", 1, 2), row("E01000002", "2025-03", 1, 2)];
    assert_eq!(reproject(&small, "2026-04", &how).unwrap()[0].numerator, Some(d("2")));
    let err = reproject(&[small[0].clone(), small[1].clone(), small[0].clone()], "2026-04", &how).unwrap_err();
    assert_eq!(err.issues()[0].kind, IssueKind::DuplicateRow { first_row: 1 });
}

#[test]
fn typed_rows_read_as_their_text_would_and_errors_count_every_row() {
    use ics_outcomes::{Cell, FieldRow};
    let row = |period, value| FieldRow {
        area_code: "QOP",
        metric_id: "ae_4h",
        period,
        value,
        numerator: Cell::Integer(7),
        denominator: Cell::Absent,
    };
    let typed = [row("2025/26 Q4", Cell::Float(70.0)), row("2025/26 Q3", Cell::Float(0.1))];
    let typed = vintage::rows_from_fields(typed.len(), |i| typed[i], "t").unwrap();
    let text = vintage::rows_from_text(
        [["QOP", "ae_4h", "2025/26 Q4", "70", "7", ""], ["QOP", "ae_4h", "2025/26 Q3", "0.1", "7", ""]],
        "t",
    )
    .unwrap();
    assert_eq!(typed, text);
    assert_eq!(typed[0].value.map(|v| v.to_string()).as_deref(), Some("70"));
    // Enough rows to be read in parts where there are two cores or more (on one, in one
    // pass): rows and errors as one pass gives them.
    let periods = ["2025/26 Q1", "2025/26 Q2", "2025/26 Q3"];
    let many = |i: usize| {
        let value = Cell::Float(if i == 150_000 { f64::NAN } else { 0.5 });
        row(if i == 0 { "2025/26 Q9" } else { periods[i % 3] }, value)
    };
    let err = vintage::rows_from_fields(200_000, many, "t").unwrap_err();
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["row 1.period", "row 150001.value"]);
    let good = |i: usize| row(periods[i % 3], Cell::Float(i as f64 / 8.0));
    let rows = vintage::rows_from_fields(200_000, good, "t").unwrap();
    let texts = (0..200_000)
        .map(|i| ["QOP", "ae_4h", periods[i % 3], &(i as f64 / 8.0).to_string(), "7", ""].map(str::to_owned));
    assert_eq!(rows, vintage::rows_from_text(texts, "t").unwrap());
}
