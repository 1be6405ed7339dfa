//! Framework files in JSON: parse, validate, write and read back.
#![no_main]

#[path = "framework.rs"]
mod framework;

libfuzzer_sys::fuzz_target!(|data: &[u8]| framework::check(data, ics_outcomes::files::Format::Json));
