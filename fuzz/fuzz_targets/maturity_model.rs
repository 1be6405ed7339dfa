//! Maturity model files: parsing and the model's own checks never panic, and a model that
//! loads assesses a round of rows in its own terms.
#![no_main]

use ics_outcomes::maturity::MaturityModel;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = MaturityModel::from_text(text, "fuzz.toml");
});
