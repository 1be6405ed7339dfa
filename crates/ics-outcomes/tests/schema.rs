use ics_outcomes::defaults;
use ics_outcomes::schema::framework_schema;
use serde_json::Value;

fn toml_to_json(text: &str) -> Value {
    let value: toml::Value = toml::from_str(text).unwrap();
    serde_json::to_value(value).unwrap()
}

#[test]
fn every_embedded_framework_satisfies_the_shipped_schema() {
    let validator = jsonschema::validator_for(&framework_schema()).unwrap();
    let mut files = vec![defaults::Edition::Plan2025_26.national_toml()];
    files.extend(defaults::Edition::Plan2025_26.local_toml().iter().map(|(_, text)| *text));
    for text in files {
        let instance = toml_to_json(text);
        let errors: Vec<String> = validator.iter_errors(&instance).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
}

#[test]
fn the_schema_rejects_what_the_parser_rejects() {
    let validator = jsonschema::validator_for(&framework_schema()).unwrap();
    let national = toml_to_json(defaults::Edition::Plan2025_26.national_toml());
    let mut bare_number = national.clone();
    bare_number["priorities"][0]["targets"][0]["value"] = serde_json::json!(65.0);
    assert!(!validator.is_valid(&bare_number));
    let mut unknown_field = national.clone();
    unknown_field["priorities"][0]["weight"] = serde_json::json!("2");
    assert!(!validator.is_valid(&unknown_field));
    let mut no_kind = national;
    no_kind.as_object_mut().unwrap().remove("kind");
    assert!(!validator.is_valid(&no_kind));
}

#[test]
fn the_shipped_schema_file_is_the_generated_schema() {
    let generated = serde_json::to_string_pretty(&framework_schema()).unwrap() + "\n";
    assert_eq!(ics_outcomes::schema::FRAMEWORK_SCHEMA_JSON, generated, "run the generate_default_data example");
}
