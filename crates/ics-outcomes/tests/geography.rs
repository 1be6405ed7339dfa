use ics_outcomes::{Area, AreaLevel, Geography, IssueKind};

#[test]
fn england_holds_42_systems_in_7_regions_with_both_codes() {
    let england = Geography::england();
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
    let england = Geography::england();
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
    let england = Geography::england();
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
    let england = Geography::england();
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
