//! The observation CSV loader, against the embedded frameworks' catalogue: never panics, and
//! what loads is written out and read back to the same rows.
#![no_main]

use std::sync::LazyLock;

use ics_outcomes::{Catalogue, Geography, LocalFramework, NationalFramework, Observations, defaults};

static FRAMEWORKS: LazyLock<(Geography, NationalFramework, Vec<LocalFramework>)> =
    LazyLock::new(|| (defaults::geography(), defaults::national_framework(), defaults::local_frameworks()));

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let (geography, national, locals) = &*FRAMEWORKS;
    let catalogue = Catalogue::new(geography, national, locals);
    let Ok(observations) = Observations::read_csv(data, &catalogue, "fuzz.csv") else { return };
    let mut written = Vec::new();
    observations.write_csv(&mut written).expect("loaded observations are written");
    let reread =
        Observations::read_csv(written.as_slice(), &catalogue, "fuzz.csv").expect("written rows are read back");
    assert!(reread.rows().eq(observations.rows()), "round trip changed the rows");
});
