//! The error contract: one class per variant, a machine-readable kind on every problem, and
//! the README's table equal to the core's.

use ics_outcomes::{DataKind, Error, ErrorClass, Geography, Observation, vintage};

#[test]
fn the_readme_error_table_is_the_core_table() {
    let readme = include_str!("../../../README.md");
    let table = readme
        .split("<!-- error-table -->")
        .nth(1)
        .and_then(|rest| rest.split("<!-- /error-table -->").next())
        .expect("the README has an error table");
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| `")).collect();
    let expected: Vec<String> = ErrorClass::ALL
        .iter()
        .map(|c| format!("| `{}` | `{}` | `{}` | {} |", c.variant(), c.name(), c.condition(), c.when()))
        .collect();
    assert_eq!(rows, expected);
}

#[test]
fn every_error_gives_its_class_and_a_kind_for_each_problem() {
    let not_found = Geography::england().resolve("QNQ").unwrap_err();
    assert_eq!(not_found.class(), ErrorClass::NotFound);
    let detail = &not_found.details()[0];
    assert_eq!((detail.kind, detail.path.as_str(), detail.value.as_str()), ("not_found", "area", "QNQ"));

    let row = Observation {
        area: "QOP".into(),
        metric: "ae_4h".into(),
        period: "2025-03".parse().unwrap(),
        value: None,
        numerator: Some(1.into()),
        denominator: Some(2.into()),
    };
    let twice = vintage::reproject(&[row.clone(), row], "2026-04", &vintage::Reprojection::default()).unwrap_err();
    match &twice {
        Error::Data { data, source_name, .. } => {
            assert_eq!((*data, source_name.as_str()), (DataKind::Observations, "<reprojection>"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(twice.class().name(), "DataError");
    assert_eq!(twice.details()[0].kind, "duplicate_row");
    assert!(twice.to_string().starts_with("unusable observations in <reprojection>"));

    let argument = vintage::Vintages::embedded().checked("2025-04").unwrap_err();
    assert_eq!(argument.class(), ErrorClass::Argument);
    assert_eq!(argument.details()[0].kind, "invalid_argument");
    assert_eq!(argument.details()[0].path, "vintage");

    let line = ["QOP", "2025/26", "prevention", "lots"].map(str::to_owned);
    let budgets = ics_outcomes::prevention::BudgetLine::from_text(&[line.into()]).unwrap_err();
    assert!(matches!(budgets, Error::Data { data: DataKind::BudgetLines, .. }), "{budgets:?}");
    assert!(budgets.to_string().starts_with("unusable budget lines in"), "{budgets}");
}
