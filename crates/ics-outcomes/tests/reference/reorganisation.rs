//! The April 2026 ICB reorganisation against real data: NHS England's A&E attendances by
//! 2022 ICB (April 2022 to July 2025, `data/icb-ae-4hr-monthly` of the shared folder),
//! carried onto the 36 ICBs of April 2026. The file's own PROVENANCE.md describes it.

use std::collections::BTreeMap;

use ics_outcomes::Observation;
use ics_outcomes::vintage::{Apportionment, Method, Reprojection, Vintages, reproject};
use libtest_mimic::Trial;
use rust_decimal::Decimal;

use crate::rows::read_path;
use crate::shared::register;

const FOLDER: &str = "data/icb-ae-4hr-monthly";

/// Attendances within four hours over all attendances, per ICB and month.
fn attendances() -> Vec<Observation> {
    read_path(&crate::shared::path(FOLDER).join("icb_ae_4hr_monthly_clean.csv"))
        .iter()
        .map(|r| Observation {
            area: r.text("icb22_cd").to_owned(),
            metric: "ae_4h".into(),
            period: r.text("period").parse().unwrap(),
            value: None,
            numerator: Some(r.text("attendances_within_4hours").parse().unwrap()),
            denominator: Some(r.text("total_attendances").parse().unwrap()),
        })
        .collect()
}

fn by_area_period(rows: &[Observation]) -> BTreeMap<(String, String), (Decimal, Decimal)> {
    rows.iter()
        .map(|r| ((r.area.clone(), r.period.to_string()), (r.numerator.unwrap(), r.denominator.unwrap())))
        .collect()
}

/// Equal shares between each split ICB's successors; the last takes the remainder.
const EQUAL_SHARES: &str = "from_code,to_code,share\n\
    E54000034,E54000067,0.3333333333333333333333333333\n\
    E54000034,E54000069,0.3333333333333333333333333333\n\
    E54000034,E54000070,0.3333333333333333333333333334\n\
    E54000025,E54000065,0.5\nE54000025,E54000066,0.5\n\
    E54000023,E54000066,0.5\nE54000023,E54000068,0.5\n";

fn splits_without_finer_data_are_refused_naming_them() {
    let err = reproject(&attendances(), "2026-04", &Reprojection::default()).unwrap_err();
    let text = err.to_string();
    for (code, name) in [
        ("E54000034", "Frimley"),
        ("E54000025", "Hertfordshire and West Essex"),
        ("E54000023", "Suffolk and North East Essex"),
    ] {
        assert!(text.contains(&format!("{code} ({name}) was split between")), "{code}: {text}");
    }
    assert!(text.contains("periods 2022-04 ... 2025-07 (38 periods)"), "{text}");
    assert_eq!(err.issues().len(), 3);
}

fn west_and_north_london_is_north_west_plus_north_central_attendance_by_attendance() {
    let rows = attendances();
    let before = by_area_period(&rows);
    let shares = Apportionment::from_csv(EQUAL_SHARES, "shares.csv", Vintages::embedded()).unwrap();
    let after =
        reproject(&rows, "2026-04", &Reprojection { apportionment: Some(&shares), ..Default::default() }).unwrap();
    let months: Vec<String> =
        before.keys().map(|(_, p)| p.clone()).collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    assert_eq!(months.len(), 38);
    for month in &months {
        let wnl = after.iter().find(|r| r.area == "E54000071" && r.period.to_string() == *month).unwrap();
        let (nwl, ncl) = (before[&("E54000027".into(), month.clone())], before[&("E54000028".into(), month.clone())]);
        assert_eq!((wnl.numerator, wnl.denominator), (Some(nwl.0 + ncl.0), Some(nwl.1 + ncl.1)), "{month}");
        assert_eq!(
            (wnl.from.as_slice(), wnl.method),
            (&["E54000027".to_owned(), "E54000028".to_owned()][..], Method::Merged)
        );
        // England is unchanged, attendance by attendance, split ICBs and all.
        let total =
            |f: &dyn Fn(&Observation) -> bool| rows.iter().filter(|r| r.period.to_string() == *month && f(r)).count();
        assert_eq!(total(&|_| true), 42);
        let england_before: (Decimal, Decimal) = before
            .iter()
            .filter(|((_, p), _)| p == month)
            .fold((Decimal::ZERO, Decimal::ZERO), |a, (_, v)| (a.0 + v.0, a.1 + v.1));
        let this: Vec<_> = after.iter().filter(|r| r.period.to_string() == *month).collect();
        assert_eq!(this.len(), 36, "{month}");
        let england_after = this
            .iter()
            .fold((Decimal::ZERO, Decimal::ZERO), |a, r| (a.0 + r.numerator.unwrap(), a.1 + r.denominator.unwrap()));
        assert_eq!(england_before, england_after, "{month}");
    }
    // Surrey and Sussex is rebuilt from both July 2022 codes and a share of Frimley.
    let surrey_sussex = after.iter().find(|r| r.area == "E54000069").unwrap();
    assert_eq!(surrey_sussex.from, ["E54000034", "E54000052", "E54000053"]);
    assert_eq!(surrey_sussex.method, Method::Apportioned);
}

pub fn trials() -> Vec<Trial> {
    register! {
        needing FOLDER => splits_without_finer_data_are_refused_naming_them, west_and_north_london_is_north_west_plus_north_central_attendance_by_attendance;
    }
}
