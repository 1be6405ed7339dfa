//! Framework files in JSON: parse, validate, write and read back.
#![no_main]

// Each target uses one of the shared checks.
#[allow(dead_code)]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::framework(data, ics_outcomes::files::Format::Json));
