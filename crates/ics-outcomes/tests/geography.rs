use ics_outcomes::{Area, AreaLevel, Geography, IssueKind, defaults};

#[test]
fn england_holds_42_systems_in_7_regions_with_both_codes() {
    let england = defaults::Edition::Plan2025_26.geography();
    let systems: Vec<&Area> = england.systems().collect();
    assert_eq!(systems.len(), 42);
    assert_eq!(england.at_level(AreaLevel::Region).count(), 7);
    for system in &systems {
        assert!(system.code.starts_with("E54"), "{}", system.code);
        let ods = system.alt_code.as_deref().unwrap();
        assert!(ods.starts_with('Q') && ods.len() == 3, "{ods}");
        assert_eq!(england.get(ods).unwrap().code, system.code);
        let region = england.get(system.parent.as_deref().unwrap()).unwrap();
        assert_eq!(region.level, AreaLevel::Region);
    }
    assert_eq!(england.get("QXU").unwrap().code, "E54000063", "Surrey Heartlands has the 2023 code");
    assert_eq!(england.get("E54000057").unwrap().name, "NHS Greater Manchester Integrated Care Board");
}

#[test]
fn places_nest_under_systems_and_find_their_ancestors() {
    let england = defaults::Edition::Plan2025_26.geography();
    let place = Area {
        code: "P1".into(),
        alt_code: None,
        name: "Bolton".into(),
        level: AreaLevel::Place,
        parent: Some("E54000057".into()),
    };
    let with_place = england.with_areas([place]).unwrap();
    assert_eq!(with_place.ancestor_at("P1", AreaLevel::System).unwrap().code, "E54000057");
    assert_eq!(with_place.ancestor_at("P1", AreaLevel::Region).unwrap().code, "Y62");
    assert_eq!(with_place.ancestor_at("P1", AreaLevel::Nation).unwrap().code, "E92000001");
    assert!(with_place.ancestor_at("E54000057", AreaLevel::Place).is_none());
}

#[test]
fn bad_geographies_are_refused() {
    let england = defaults::Edition::Plan2025_26.geography();
    let area = |code: &str, level, parent: &str| Area {
        code: code.into(),
        alt_code: None,
        name: code.into(),
        level,
        parent: Some(parent.into()),
    };
    let err = england.with_areas([area("QOP", AreaLevel::Place, "E54000057")]).unwrap_err();
    assert!(matches!(err.issues()[0].kind, IssueKind::Duplicate { .. }), "{err}");
    let err = england.with_areas([area("P1", AreaLevel::Place, "NOWHERE")]).unwrap_err();
    assert_eq!(err.issues()[0].kind, IssueKind::UnknownArea);
    let err = england.with_areas([area("R1", AreaLevel::Region, "E54000057")]).unwrap_err();
    assert!(err.to_string().contains("a region cannot nest in a system"), "{err}");
    assert!(england.resolve("QZZ").unwrap_err().to_string().contains("\"QZZ\" not found"));
}

#[test]
fn a_place_code_must_be_visible_text() {
    // Finding D25: a place with the empty code was scored.
    let england = defaults::Edition::Plan2025_26.geography();
    for code in ["", "  ", " P1", "P1\t", "P\u{0}1"] {
        let place = Area {
            code: code.into(),
            alt_code: None,
            name: "Bolton".into(),
            level: AreaLevel::Place,
            parent: Some("E54000057".into()),
        };
        let err = england.with_areas([place]).unwrap_err();
        let issue = &err.issues()[0];
        assert_eq!(issue.path, format!("areas[{}].code", england.areas().len()), "{code:?}");
        assert!(matches!(issue.kind, IssueKind::Invalid { .. }), "{code:?}");
    }
}

#[test]
fn today_england_has_36_systems_and_each_vintage_its_own() {
    let today = Geography::england();
    assert_eq!(today.vintage(), Some("2026-04"));
    assert_eq!(today.systems().count(), 36);
    assert_eq!(today.get("Z9B2Z").unwrap().code, "E54000071");
    // Hampshire and Isle of Wight keeps its ODS code under a new ONS code.
    assert_eq!(today.get("QRL").unwrap().code, "E54000067");
    let before = Geography::of_vintage("2023-04").unwrap();
    assert_eq!(before.get("QRL").unwrap().code, "E54000042");
    assert_eq!(Geography::of_vintage("2022-07").unwrap().get("QXU").unwrap().code, "E54000052");
    let err = Geography::of_vintage("2025-04").unwrap_err();
    assert!(err.to_string().contains("2022-07, 2023-04, 2026-04"), "{err}");
}

#[test]
fn a_code_of_another_vintage_names_where_its_area_went() {
    let today = Geography::england();
    match today.missing_area("QNQ") {
        IssueKind::OtherVintage { vintage, note } => {
            assert_eq!(vintage, "2026-04");
            assert_eq!(
                note,
                "QNQ (Frimley) was abolished on 2026-04-01; its area went to E54000067, E54000069, E54000070"
            );
        }
        other => panic!("{other:?}"),
    }
    // Surrey Heartlands' 2022 code is followed to its last successor, not its 2023 recoding.
    let IssueKind::OtherVintage { note, .. } = today.missing_area("QXU") else { panic!() };
    assert!(note.contains("abolished on 2026-04-01; its area went to E54000069"), "{note}");
    let before = Geography::of_vintage("2023-04").unwrap();
    let IssueKind::OtherVintage { note, .. } = before.missing_area("S1Y5D") else { panic!() };
    assert_eq!(note, "S1Y5D (Central East) was created in 2026-04, after 2023-04");
    assert_eq!(today.missing_area("QZZ"), IssueKind::UnknownArea);
}

#[test]
fn a_local_framework_of_an_abolished_icb_is_refused_naming_its_successor() {
    let edition = defaults::Edition::Plan2025_26;
    let (name, text) = edition.local_toml().iter().find(|(name, _)| *name == "QRV.toml").unwrap();
    let national = edition.national_framework();
    assert!(ics_outcomes::load_local(text, name, &national, &edition.geography()).is_ok());
    let err = ics_outcomes::load_local(text, name, &national, &Geography::england()).unwrap_err();
    let issue = &err.issues()[0];
    assert_eq!((issue.path.as_str(), issue.value.as_str()), ("area", "QRV"));
    assert!(
        err.to_string().contains("QRV (North West London) was abolished on 2026-04-01; its area went to E54000071"),
        "{err}"
    );
}
