//! Regenerates the embedded synthetic observations of every edition
//! (`data/<edition>/observations.csv`) and the shipped JSON Schemas of framework and
//! reorganisation files (`data/framework.schema.json`, `data/reorganisation.schema.json`).
//!
//! Run with `cargo run -p ics-outcomes --example generate_default_data`. The tests check
//! that the committed files are exactly what this writes.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use ics_outcomes::defaults::{Edition, SEED};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("data");
    for edition in Edition::ALL {
        let path = data.join(edition.folder()).join("observations.csv");
        let observations = edition.generate_observations(SEED);
        observations.write_csv(BufWriter::new(File::create(&path)?))?;
        println!("wrote {} rows to {}", observations.len(), path.display());
    }
    let schemas = [
        ("framework.schema.json", ics_outcomes::schema::framework_schema()),
        ("reorganisation.schema.json", ics_outcomes::schema::reorganisation_schema()),
    ];
    for (name, schema) in schemas {
        let schema_path = data.join(name);
        std::fs::write(&schema_path, serde_json::to_string_pretty(&schema)? + "\n")?;
        println!("wrote {}", schema_path.display());
    }
    Ok(())
}
