//! Period text, as in observation files, framework files and command-line options: read,
//! then written and read back.
#![no_main]

// Each target uses one of the shared checks.
#[allow(dead_code)]
#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::period_text(data));
