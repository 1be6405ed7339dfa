//! What the two framework targets check, whatever the format: parsing never panics, and a
//! definition that parses is checked against the embedded national framework, and written
//! back out and read again unchanged.

use ics_outcomes::files::{self, Format, FrameworkFile};
use ics_outcomes::{LocalFramework, NationalFramework, defaults};

pub fn check(data: &[u8], format: Format) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let name = match format {
        Format::Toml => "fuzz.toml",
        Format::Json => "fuzz.json",
    };
    let Ok(file) = FrameworkFile::parse(text, name) else { return };
    let written = match &file {
        FrameworkFile::National(def) => {
            let _ = NationalFramework::new(def.clone(), name);
            files::write(def, format)
        }
        FrameworkFile::Local(def) => {
            let national = defaults::national_framework();
            let _ = LocalFramework::new(def.clone(), &national, &defaults::geography(), name);
            files::write(def, format)
        }
    };
    let written = written.expect("a parsed definition is written");
    let reread = FrameworkFile::parse(&written, name).expect("a written definition is read back");
    assert_eq!(reread, file, "round trip changed the definition:\n{written}");
}
