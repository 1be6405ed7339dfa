//! Regenerates `data/observations.csv`, the embedded synthetic observations, and
//! `data/framework.schema.json`, the shipped JSON Schema of framework files.
//!
//! Run with `cargo run -p ics-outcomes --example generate_default_data`. The tests check
//! that the committed files are exactly what this writes.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/observations.csv");
    let observations = ics_outcomes::defaults::generate_observations(ics_outcomes::defaults::SEED);
    observations.write_csv(BufWriter::new(File::create(&path)?))?;
    println!("wrote {} rows to {}", observations.len(), path.display());
    let schema_path = path.with_file_name("framework.schema.json");
    let schema = serde_json::to_string_pretty(&ics_outcomes::schema::framework_schema())?;
    std::fs::write(&schema_path, schema + "\n")?;
    println!("wrote {}", schema_path.display());
    Ok(())
}
