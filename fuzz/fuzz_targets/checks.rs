//! What each fuzz target checks, shared with the crate's regression tests
//! (`crates/ics-outcomes/tests/fuzz_regressions.rs`), which replay inputs worth keeping.

use std::sync::LazyLock;

use ics_outcomes::FrameworkFile;
use ics_outcomes::files::{self, Format};
use ics_outcomes::maturity::MaturityModel;
use ics_outcomes::{Catalogue, Geography, LocalFramework, NationalFramework, Observations, Period, defaults};

/// Framework files in either format: parsing never panics, and a definition that parses is
/// checked against the embedded national framework, and written and read back unchanged.
pub fn framework(data: &[u8], format: Format) {
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
            let _ = LocalFramework::new(def.clone(), &FRAMEWORKS.1, &FRAMEWORKS.0, name);
            files::write(def, format)
        }
    };
    let written = written.expect("a parsed definition is written");
    let reread = FrameworkFile::parse(&written, name).expect("a written definition is read back");
    assert_eq!(reread, file, "round trip changed the definition:\n{written}");
}

/// Maturity model files: parsing and the model's own checks never panic.
pub fn maturity_model(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = MaturityModel::from_text(text, "fuzz.toml");
}

/// The observation CSV loader against the embedded frameworks' catalogue: never panics, and
/// what loads is written and read back to the same rows and label.
pub fn observations_csv(data: &[u8]) {
    let (geography, national, locals) = &*FRAMEWORKS;
    let catalogue = Catalogue::new(geography, national, locals);
    let Ok(observations) = Observations::read_csv(data, &catalogue, "fuzz.csv") else { return };
    let mut written = Vec::new();
    observations.write_csv(&mut written).expect("loaded observations are written");
    let reread =
        Observations::read_csv(written.as_slice(), &catalogue, "fuzz.csv").expect("written rows are read back");
    assert!(reread.rows().eq(observations.rows()), "round trip changed the rows");
    assert_eq!(reread.label(), observations.label(), "round trip changed the label");
}

/// Period text: reading never panics, and a period that is read is written and read back
/// to the same period.
pub fn period_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(period) = text.parse::<Period>() else { return };
    let written = period.to_string();
    assert_eq!(written.parse::<Period>(), Ok(period), "{text:?} was written as {written:?}");
}

/// Decimal text, as in every file and argument: reading never panics, and a number that is
/// read is written and read back to the same number, exactly.
pub fn decimal_text(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(value) = ics_outcomes::number::parse_decimal(text) else { return };
    let written = value.to_string();
    assert_eq!(ics_outcomes::number::parse_decimal(&written), Ok(value), "{text:?} was written as {written:?}");
}

/// Scoring fuzzed observations against the embedded frameworks under every weighting and
/// missing-data policy: never panics; an error is a typed refusal; every scored area's
/// contributions add up exactly to its overall score, which lies in [0, 1]; and disclosure
/// control of every explanation never panics.
pub fn scoring(data: &[u8]) {
    use ics_outcomes::disclosure::{DisclosureRule, protect_explanation};
    use ics_outcomes::{MissingData, ScoreOptions, Weighting, score};
    use rust_decimal::Decimal;

    let (geography, national, locals) = &*FRAMEWORKS;
    let catalogue = Catalogue::new(geography, national, locals);
    let Ok(observations) = Observations::read_csv(data, &catalogue, "fuzz.csv") else { return };
    for weighting in [Weighting::EqualPerPriority, Weighting::EqualPerTarget, Weighting::EqualPerTier] {
        for missing in [MissingData::Exclude, MissingData::ScoreZero] {
            let options = ScoreOptions { weighting: weighting.clone(), missing, ..ScoreOptions::default() };
            let Ok(card) = score(national, locals, &observations, geography, &options) else { continue };
            for area in &card.areas {
                if let Some(overall) = area.overall {
                    let sum: Decimal = area.contributions.iter().map(|c| c.contribution).sum();
                    assert_eq!(sum, overall, "{}: contributions do not add up", area.code);
                    assert!((Decimal::ZERO..=Decimal::ONE).contains(&overall), "{}: overall {overall}", area.code);
                }
                let _ = protect_explanation(area, &DisclosureRule::default());
            }
        }
    }
}

static FRAMEWORKS: LazyLock<(Geography, NationalFramework, Vec<LocalFramework>)> =
    LazyLock::new(|| (defaults::geography(), defaults::national_framework(), defaults::local_frameworks()));
