//! Limits on hostile input: size, nesting, lines and rows, each refused with a named limit;
//! and the streaming CSV loader reading exactly what the whole-text loader did.

use ics_outcomes::FrameworkFile;
use ics_outcomes::files::Format;
use ics_outcomes::input_limits::Limits;
use ics_outcomes::maturity::MaturityModel;
use ics_outcomes::{Catalogue, Error, IssueKind, Observations, defaults, load_national};

fn limit_of(err: &Error) -> &'static str {
    match err {
        Error::Limit { limit, .. } => limit,
        other => panic!("expected a limit error, got {other}"),
    }
}

#[test]
fn deep_nesting_is_refused_with_its_line_in_every_format() {
    let deep = |n: usize| format!("kind = \"national\"\n\nx = {}{}\n", "[".repeat(n), "]".repeat(n));
    let err = FrameworkFile::parse(&deep(33), "deep.toml").unwrap_err();
    assert_eq!(limit_of(&err), "max_depth");
    assert_eq!(err.to_string(), "deep.toml: deeper nesting at line 3 goes beyond the limit max_depth = 32");
    // At the limit the parser itself decides (here: `x` is not a framework field).
    assert!(matches!(FrameworkFile::parse(&deep(32), "deep.toml"), Err(Error::File { .. })));

    let json = format!("{{\"kind\": \"national\", \"x\": {}{}}}", "{\"a\":".repeat(40), "}".repeat(40));
    assert_eq!(limit_of(&load_national(&json, "deep.json").unwrap_err()), "max_depth");
    let model = format!("name = \"m\"\nx = {}1{}\n", "{a = ".repeat(40), "}".repeat(40));
    assert_eq!(limit_of(&MaturityModel::from_text(&model, "m.toml").unwrap_err()), "max_depth");
}

#[test]
fn brackets_in_strings_and_comments_do_not_count_as_nesting() {
    let brackets = "[".repeat(100);
    let text = defaults::Edition::Plan2025_26.national_toml().replacen(
        "name = \"",
        &format!("# {brackets}\nname = \"{brackets} \\\" {brackets}"),
        1,
    );
    let text = text.replacen("description = \"", &format!("description = '''\n{brackets}\n'''\n# "), 1);
    let framework = load_national(&text, "n.toml").unwrap();
    assert!(framework.name().starts_with(&brackets));
}

#[test]
fn size_limits_name_the_limit_and_what_was_found() {
    let small = Limits { max_file_bytes: 100, ..Limits::default() };
    let err = small.check_text(defaults::Edition::Plan2025_26.national_toml(), Format::Toml, "n.toml").unwrap_err();
    assert_eq!(limit_of(&err), "max_file_bytes");
    assert!(
        err.to_string().contains(&format!("{} bytes", defaults::Edition::Plan2025_26.national_toml().len())),
        "{err}"
    );

    let dir = std::env::temp_dir().join(format!("ics-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huge.toml");
    let padding = "#".repeat(1 << 20) + "\n";
    std::fs::write(&path, padding.repeat(17)).unwrap();
    let err = FrameworkFile::read(&path).unwrap_err();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(limit_of(&err), "max_file_bytes");
}

fn catalogue_read(text: &[u8], limits: &Limits) -> Result<Observations, Error> {
    let (geography, national, locals) = (
        defaults::Edition::Plan2025_26.geography(),
        defaults::Edition::Plan2025_26.national_framework(),
        defaults::Edition::Plan2025_26.local_frameworks(),
    );
    let catalogue = Catalogue::new(&geography, &national, &locals);
    Observations::read_csv_within(text, &catalogue, "obs.csv", limits)
}

#[test]
fn the_streaming_csv_loader_reads_the_embedded_data_exactly() {
    let streamed =
        catalogue_read(defaults::Edition::Plan2025_26.observations_csv().as_bytes(), &Limits::default()).unwrap();
    let embedded = defaults::Edition::Plan2025_26.observations();
    assert_eq!(streamed.len(), embedded.len());
    assert!(streamed.rows().eq(embedded.rows()));
    assert_eq!(streamed.label(), embedded.label());
    assert!(streamed.label().is_some_and(|l| l.starts_with("SYNTHETIC DATA")), "{:?}", streamed.label());
}

#[test]
fn csv_limits_stop_the_loader_with_the_row_or_line() {
    let csv = defaults::Edition::Plan2025_26.observations_csv().as_bytes();
    let rows = Limits { max_rows: 10, ..Limits::default() };
    let err = catalogue_read(csv, &rows).unwrap_err();
    assert_eq!(limit_of(&err), "max_rows");
    assert!(err.to_string().contains("row 11"), "{err}");

    let bytes = Limits { max_csv_bytes: 5_000, ..Limits::default() };
    assert_eq!(limit_of(&catalogue_read(csv, &bytes).unwrap_err()), "max_csv_bytes");

    let long = format!("area_code,metric_id,period,value\nQOP,ae_4h,2025/26 Q1,{}\n", "9".repeat(3_000));
    let lines = Limits { max_line_bytes: 1_000, ..Limits::default() };
    let err = catalogue_read(long.as_bytes(), &lines).unwrap_err();
    assert_eq!(limit_of(&err), "max_line_bytes");

    // A quoted field may span lines; the record as a whole is held to the same bound, and
    // the reader stops there rather than after buffering the record.
    let quoted = format!("area_code,metric_id,period,value\n\"{}\",ae_4h,2025/26 Q1,1\n", "Q\n".repeat(800));
    let err = catalogue_read(quoted.as_bytes(), &lines).unwrap_err();
    assert_eq!(limit_of(&err), "max_line_bytes");
    assert!(err.to_string().contains("a record of more than 1000 bytes"), "{err}");
    // Escaped quotes inside a field do not confuse it.
    let escaped = "area_code,metric_id,period,value\n\"Q\"\"\nO\"\"P\",ae_4h,2025/26 Q1,1\n".to_owned()
        + &"QOP,x,2025/26 Q1,1\n".repeat(100);
    let err = catalogue_read(escaped.as_bytes(), &lines).unwrap_err();
    assert!(matches!(err, Error::Data { .. }), "{err}");
}

#[test]
fn millions_of_bad_rows_report_ten_thousand_and_count_the_rest() {
    let mut csv = String::from("area_code,metric_id,period,value\n");
    for i in 0..10_005 {
        csv.push_str(&format!("NOWHERE{i},ae_4h,2025/26 Q1,1\n"));
    }
    let err = catalogue_read(csv.as_bytes(), &Limits::default()).unwrap_err();
    let issues = err.issues();
    assert_eq!(issues.len(), 10_001);
    assert_eq!(issues[0].value, "NOWHERE0");
    assert_eq!(issues[10_000].kind, IssueKind::More { count: 5 });
    assert!(err.to_string().ends_with("5 more problems not listed"), "{}", &err.to_string()[..100]);
}

#[test]
fn a_multi_line_string_ending_in_quotes_closes_where_toml_says() {
    // `"""x""""` is the string `x"`: the scanner must not read the last quote as opening a
    // string, which would count the brackets of the next real string as nesting.
    let brackets = "[".repeat(40);
    let text = defaults::Edition::Plan2025_26.national_toml().replacen(
        "description = \"",
        &format!("description = \"\"\"x\"\"\"\"\nnotes = \"{brackets}\"\n# "),
        1,
    );
    let err = load_national(&text, "n.toml").unwrap_err();
    assert!(matches!(&err, Error::File { message, .. } if message.contains("notes")), "{err}");
}
