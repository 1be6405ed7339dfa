/*!
Outcome frameworks for England's Integrated Care Systems (ICSs): define a national
framework of no more than ten priorities and local frameworks nested in it, judge every
target exactly, and score every ICS with equal weight for local and national priorities,
with an explanation that adds up to the score.

# Overview

Data flows one way: **parse, then validate, then compute.**

- Framework files (TOML or JSON) deserialise into definitions ([`NationalFrameworkDef`],
  [`LocalFrameworkDef`]) and are checked into [`NationalFramework`] and
  [`LocalFramework`], which cannot hold an invalid state. Every problem is reported at
  once, with the path to the field and the offending value.
- Observations (tidy CSV, or rows from code) are checked against the areas and metrics in
  scope into [`Observations`]; nothing is dropped silently.
- [`score`] judges each target ([`TargetRule::evaluate`]), weights it under a
  [`Weighting`] policy and returns a [`Scorecard`] with one [`Contribution`] per target.

# Exactness

Thresholds, targets, weights and money are [`rust_decimal::Decimal`] and are read from
their exact text (`value = "95.50"`). A value is rounded to its metric's publication
decimals under the framework's [`Rounding`] rule and compared exactly. Weights are exact
fractions ([`Weight`]): under the default policy a local priority weighs exactly what a
national one does, and an ICS's weights sum to exactly one. The overall score is the sum
of the contributions, so an explanation always adds up.

# Disclosure control

Published counts of 1 to 7 people may identify them. [`disclosure`] suppresses small counts
(a configurable threshold), hides further cells until no suppressed count can be narrowed to
one value from what is published (totals, integrality, non-negativity, known zeros), and can
round to the nearest 5; it applies to tables of counts, statistics tables and scorecard
explanations on request.

# Examples

Score the embedded default (synthetic data for the 36 ICSs of 2026/27) and explain the leader:

```
use ics_outcomes::{defaults, score, ScoreOptions};

let card = score(
    &defaults::national_framework(),
    &defaults::local_frameworks(),
    &defaults::observations(),
    &defaults::geography(),
    &ScoreOptions::default(),
)?;
assert_eq!(card.areas.len(), 36);
let leader = &card.areas[0];
assert_eq!(leader.rank, Some(1));
let total: rust_decimal::Decimal = leader.contributions.iter().map(|c| c.contribution).sum();
assert_eq!(Some(total), leader.overall);
# Ok::<(), ics_outcomes::Error>(())
```

A national framework with eleven priorities is refused, naming the count and the limit:

```
let mut def = ics_outcomes::defaults::national_framework().def().clone();
while def.priorities.len() < 11 {
    let mut extra = def.priorities[0].clone();
    extra.id = format!("extra_{}", def.priorities.len());
    for t in &mut extra.targets { t.id = format!("{}_{}", t.id, def.priorities.len()); }
    def.priorities.push(extra);
}
let err = ics_outcomes::NationalFramework::new(def, "eleven.toml").unwrap_err();
assert!(err.to_string().contains("11 national priorities given; the limit is 10"));
```
*/
#![deny(missing_docs)]
#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]

/// Implements `Display`-based `Serialize`, `FromStr`-based `Deserialize` and a string
/// `JsonSchema` for a type written as text in files.
macro_rules! text_serde {
    ($ty:ty, $description:literal, $pattern:expr) => {
        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }

        impl schemars::JsonSchema for $ty {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($ty).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                schemars::json_schema!({ "type": "string", "description": $description, "pattern": $pattern })
            }
        }
    };
}
pub(crate) use text_serde;

/// This library's version, as results record it.
///
/// ```
/// assert!(!ics_outcomes::VERSION.is_empty());
/// assert!(ics_outcomes::version_line().starts_with(ics_outcomes::VERSION));
/// ```
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The version every front end prints (`ics-outcomes --version`, Python's `ico.version()`,
/// R's `ico_version(data = TRUE)`): this library's and the embedded data's, since a score on
/// the embedded default depends on both.
///
/// ```
/// let line = ics_outcomes::version_line();
/// assert!(line.starts_with(ics_outcomes::VERSION));
/// assert!(line.contains("2026/27 edition: ICBs of 2026-04, 2024/25 Q1 to 2026/27 Q4"));
/// ```
pub fn version_line() -> String {
    format!("{VERSION} (embedded data: {})", defaults::vintage_summary())
}

mod capacity;
pub mod composite;
pub mod defaults;
pub mod disclosure;
mod error;
pub mod files;
mod framework;
mod geography;
pub mod input_limits;
pub mod maturity;
mod metric;
pub mod number;
mod observation;
pub mod oversight;
mod period;
pub mod prevention;
mod purpose;
pub mod ratings;
pub mod record;
pub mod report;
mod rounding;
pub mod schema;
mod scoring;
pub mod spc;
mod spc_chart;
pub mod stats;
pub mod synthetic;
pub mod table;
mod target;
pub mod threads;
mod util;
pub mod vintage;
mod weight;
mod weighting;

pub use error::{DataKind, Error, ErrorClass, ErrorDetail, Issue, IssueKind, Issues};
pub use framework::{
    DEFAULT_TRAJECTORY_YEARS, FrameworkFile, LocalFramework, LocalFrameworkDef, LocalKind, LocalTrajectoryDef,
    MAX_NATIONAL_PRIORITIES, NationalFramework, NationalFrameworkDef, NationalKind, Priority, PriorityDef, Target,
    Tier,
};
pub use geography::{Area, AreaLevel, ENGLAND, Geography};
pub use metric::{Combine, Metric, MetricStatistic, Polarity, TimeUnit, Unit};
pub use observation::{
    AreaRows, COLUMNS, Catalogue, Cell, FieldRow, NUMBER_COLUMNS, Observation, Observations, TextRow, column_positions,
};
pub use period::Period;
pub use purpose::{Coverage, Principle, Purpose};
pub use rounding::Rounding;
pub use scoring::{
    AreaScore, BENCHMARK_CONFIDENCE, BenchmarkComparison, Contribution, PriorityScore, ScoreOptions, Scorecard,
    ScoredMetrics, competition_ranks, league_order, league_tables, score, score_league_tables, score_periods,
    unique_codes,
};
pub use target::{
    Attainment, AttainmentScoring, Bound, ChangeKind, Evaluation, Judging, TargetDef, TargetKind, TargetRule,
    Trajectory,
};
pub use weight::Weight;
pub use weighting::{MissingData, Weighting};

/// Parses and checks a national framework from TOML or JSON text; `source_name` (a file
/// name) chooses the format and names the file in errors.
///
/// ```
/// use ics_outcomes::{defaults::Edition, load_national};
/// let national = load_national(Edition::CURRENT.national_toml(), "national.toml")?;
/// assert_eq!((national.version(), national.priorities().len()), ("2026/27.1", 7));
/// // A local framework file is not a national one.
/// let (name, local) = Edition::CURRENT.local_toml()[0];
/// assert!(load_national(local, name).unwrap_err().to_string().contains("expected a national framework"));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn load_national(text: &str, source_name: &str) -> Result<NationalFramework, Error> {
    match FrameworkFile::parse(text, source_name)? {
        FrameworkFile::National(def) => NationalFramework::new(def, source_name),
        FrameworkFile::Local(_) => Err(Error::File {
            file: source_name.to_owned(),
            message: "kind: expected a national framework, found \"local\"".into(),
        }),
    }
}

/// Parses and checks a local framework from TOML or JSON text against the national
/// framework it nests in.
///
/// ```
/// use ics_outcomes::{defaults::{self, Edition}, load_local};
/// let national = defaults::national_framework();
/// let (name, text) = Edition::CURRENT.local_toml()[0];
/// let local = load_local(text, name, &national, &defaults::geography())?;
/// assert_eq!((name, local.def().area.as_str()), ("QHM.toml", "QHM"));
/// assert_eq!(local.area_code(), defaults::geography().get("QHM").unwrap().code);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn load_local(
    text: &str,
    source_name: &str,
    national: &NationalFramework,
    geography: &Geography,
) -> Result<LocalFramework, Error> {
    match FrameworkFile::parse(text, source_name)? {
        FrameworkFile::Local(def) => LocalFramework::new(def, national, geography, source_name),
        FrameworkFile::National(_) => Err(Error::File {
            file: source_name.to_owned(),
            message: "kind: expected a local framework, found \"national\"".into(),
        }),
    }
}

impl NationalFramework {
    /// Parses and checks a national framework from TOML text.
    pub fn from_toml_str(text: &str, source_name: &str) -> Result<Self, Error> {
        let def = files::parse(text, files::Format::Toml, source_name)?;
        NationalFramework::new(def, source_name)
    }
}
