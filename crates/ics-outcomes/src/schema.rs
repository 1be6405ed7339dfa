//! The JSON Schema of framework files (TOML files follow the same structure).
//!
//! ```
//! use ics_outcomes::schema;
//! let schema = schema::framework_schema();
//! assert_eq!(schema["title"], "ics-outcomes framework file");
//! assert_eq!(serde_json::to_string_pretty(&schema).unwrap() + "\n", schema::FRAMEWORK_SCHEMA_JSON);
//! ```

use schemars::{JsonSchema, generate::SchemaSettings};

use crate::framework::{LocalFrameworkDef, NationalFrameworkDef};

/// Either kind of framework file, for the schema only.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)] // Only its schema is used.
enum FrameworkFileSchema {
    National(NationalFrameworkDef),
    Local(LocalFrameworkDef),
}

/// The shipped schema file, as [`framework_schema`] writes it.
pub const FRAMEWORK_SCHEMA_JSON: &str = include_str!("../data/framework.schema.json");

/// The JSON Schema (draft 2020-12) that national and local framework files satisfy.
///
/// ```
/// let schema = ics_outcomes::schema::framework_schema();
/// assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
/// ```
pub fn framework_schema() -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<FrameworkFileSchema>().to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), "ics-outcomes framework file".into());
        object.insert(
            "description".into(),
            "A national ICS outcomes framework (kind = national) or an ICS's local outcomes framework nested in it (kind = local)".into(),
        );
    }
    schema
}

/// The shipped schema of reorganisation files, as [`reorganisation_schema`] writes it.
pub const REORGANISATION_SCHEMA_JSON: &str = include_str!("../data/reorganisation.schema.json");

/// The JSON Schema (draft 2020-12) that reorganisation files in TOML or JSON satisfy (see
/// [`Reorganisation`](crate::vintage::Reorganisation)).
///
/// ```
/// let schema = ics_outcomes::schema::reorganisation_schema();
/// assert_eq!(schema["required"], serde_json::json!(["vintage", "successions"]));
/// ```
pub fn reorganisation_schema() -> serde_json::Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut schema = generator.into_root_schema_for::<crate::vintage::Reorganisation>().to_value();
    if let Some(object) = schema.as_object_mut() {
        object.insert("title".into(), "ics-outcomes reorganisation file".into());
        object.insert(
            "description".into(),
            "The ICBs a new geography vintage creates and where each abolished ICB's area goes".into(),
        );
    }
    schema
}
