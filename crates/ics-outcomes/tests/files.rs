use ics_outcomes::FrameworkFile;
use ics_outcomes::files::{Format, write};
use ics_outcomes::{Error, NationalFramework, defaults, load_national};

use crate::common::national_toml;

#[test]
fn decimals_are_read_from_their_exact_text() {
    let toml = national_toml(1, "").replace("\"50.0\"", "\"95.50\"");
    let framework = load_national(&toml, "n.toml").unwrap();
    let value = framework.def().priorities[0].targets[0].value.unwrap();
    assert_eq!(value.to_string(), "95.50");
    assert_eq!(value.scale(), 2);

    let long = national_toml(1, "").replace("\"50.0\"", "\"1.0000000000000000000000000001\"");
    let framework = load_national(&long, "n.toml").unwrap();
    assert_eq!(framework.def().priorities[0].targets[0].value.unwrap().to_string(), "1.0000000000000000000000000001");
}

#[test]
fn a_bare_number_is_refused_naming_the_field() {
    let toml = national_toml(1, "").replace("\"50.0\"", "95.50");
    let err = load_national(&toml, "n.toml").unwrap_err();
    let Error::File { file, message } = &err else { panic!("{err}") };
    assert_eq!(file, "n.toml");
    assert!(message.starts_with("priorities[0].targets[0].value"), "{message}");
}

#[test]
fn malformed_files_name_the_file_and_position() {
    let err = load_national("kind = \"national\"\nid = [", "broken.toml").unwrap_err();
    assert!(matches!(&err, Error::File { file, .. } if file == "broken.toml"), "{err}");
    assert!(err.to_string().contains("line 2"), "{err}");
    let err = load_national("{\"kind\": \"national\", \"id\": 3}", "n.json").unwrap_err();
    assert!(err.to_string().contains("n.json"), "{err}");
    let err = FrameworkFile::parse("kind = \"regional\"", "x.toml").unwrap_err();
    assert!(err.to_string().contains("\"regional\""), "{err}");
    let err = load_national(defaults::Edition::Plan2025_26.local_toml()[0].1, "QHM.toml").unwrap_err();
    assert!(err.to_string().contains("expected a national framework"), "{err}");
}

#[test]
fn frameworks_round_trip_through_toml_and_json_unchanged() {
    let national = defaults::Edition::Plan2025_26.national_framework();
    for format in [Format::Toml, Format::Json] {
        let text = write(national.def(), format).unwrap();
        let name = if format == Format::Json { "n.json" } else { "n.toml" };
        let again = load_national(&text, name).unwrap();
        assert_eq!(again, national, "{format:?}");
        assert_eq!(write(again.def(), format).unwrap(), text, "{format:?} is stable");
    }
    for local in defaults::Edition::Plan2025_26.local_frameworks() {
        let json = write(local.def(), Format::Json).unwrap();
        let FrameworkFile::Local(def) = FrameworkFile::parse(&json, "l.json").unwrap() else { panic!() };
        assert_eq!(&def, local.def());
    }
}

#[test]
fn the_format_is_detected_by_extension_then_content() {
    assert_eq!(Format::detect("x.JSON", ""), Format::Json);
    assert_eq!(Format::detect("x.toml", "{"), Format::Toml);
    assert_eq!(Format::detect("<text>", "  {\"kind\": 1}"), Format::Json);
    assert_eq!(Format::detect("<text>", "kind = 1"), Format::Toml);
    let json = write(defaults::Edition::Plan2025_26.national_framework().def(), Format::Json).unwrap();
    assert!(
        NationalFramework::new(
            match FrameworkFile::parse(&json, "<text>").unwrap() {
                FrameworkFile::National(def) => def,
                FrameworkFile::Local(_) => panic!(),
            },
            "<text>"
        )
        .is_ok()
    );
}

/// Hostile-input finding D25: a byte-order mark is read alike in both formats.
#[test]
fn a_byte_order_mark_is_read_in_json_as_in_toml() {
    let national = defaults::Edition::Plan2025_26.national_framework();
    for format in [Format::Json, Format::Toml] {
        let text = format!("\u{feff}{}", write(national.def(), format).unwrap());
        let name = if format == Format::Json { "n.json" } else { "n.toml" };
        assert!(matches!(FrameworkFile::parse(&text, name), Ok(FrameworkFile::National(_))), "{format:?}");
        assert!(matches!(FrameworkFile::parse(&text, "n"), Ok(FrameworkFile::National(_))), "{format:?} detected");
    }
}
