//! Run records: how a result was made, so that it can be made again and checked.
//!
//! A [`RunRecord`] names the library version, the settings, a SHA-256 digest of each input
//! (frameworks by their canonical JSON, observations by their rows' exact values), the seed, the geography
//! vintage and the digest of the result table. A front end re-runs the settings on the
//! inputs it is given and [`RunRecord::compare`]s the new record with the old: the same
//! result digest means the result was reproduced bit for bit; otherwise the error names the
//! input that differs.
//!
//! ```
//! use ics_outcomes::record::{Digest, Input, RunRecord};
//! use ics_outcomes::table::TableKind;
//!
//! let inputs = vec![Input { name: "national".into(), digest: Digest::of_text("framework text") }];
//! let record = RunRecord::new(TableKind::Scorecard, Default::default(), inputs, None, None, Digest::of_text("rows"));
//! assert!(record.compare(&record.clone(), "run.json").is_ok());
//! let mut changed = record.clone();
//! changed.inputs[0].digest = Digest::of_text("another framework");
//! let error = record.compare(&changed, "run.json").unwrap_err();
//! assert!(error.to_string().contains("national"));
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};

use crate::composite::{RankUncertainty, RankUncertaintyOptions, rank_uncertainty};
use crate::error::{DataKind, IssueKind, IssueLog};
use crate::table::{Table, TableKind};
use crate::{Error, Geography, LocalFramework, NationalFramework, Observations, Period, ScoreOptions, Scorecard};

pub use crate::util::digest::Digest;

/// Digests of the library's inputs; the digest itself is a building block every layer uses.
impl Digest {
    /// A national framework's digest, over its definition as canonical JSON.
    pub fn of_national(national: &NationalFramework) -> Digest {
        Digest::of_text(&serde_json::to_string(national.def()).unwrap_or_default())
    }

    /// A local framework's digest, over its definition as canonical JSON.
    pub fn of_local(local: &LocalFramework) -> Digest {
        Digest::of_text(&serde_json::to_string(local.def()).unwrap_or_default())
    }

    /// Observations' digest, over every row's area, metric, period and exact values
    /// (computed once per set of observations).
    pub fn of_observations(observations: &Observations) -> Digest {
        observations.digest()
    }

    /// A result table's digest, over its kind and every cell as full-precision text: two
    /// tables with the same digest hold the same values.
    pub fn of_table(table: &Table) -> Digest {
        let mut hasher = Sha256::new();
        hasher.update(table.kind().name().as_bytes());
        for (spec, values) in table.columns() {
            hasher.update(b"\x1e");
            hasher.update(spec.name.as_bytes());
            for row in 0..table.rows() {
                // A missing value and an empty text differ: \x00 marks missing.
                hasher.update(b"\x1f");
                match values.text(row) {
                    Some(text) => hasher.update(text.as_bytes()),
                    None => hasher.update(b"\x00"),
                }
            }
        }
        Digest::hex(hasher)
    }
}

/// One input of a run: its name and digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Input {
    /// What the input is: `national`, `local E54000057`, `observations` ...
    pub name: String,
    /// Its digest.
    pub digest: Digest,
}

/// How a result was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RunRecord {
    /// `ics-outcomes` and its version.
    pub library: String,
    /// The result table.
    pub table: TableKind,
    /// The settings, by name, as the front end took them.
    pub settings: BTreeMap<String, serde_json::Value>,
    /// Each input's name and digest, in the order used.
    pub inputs: Vec<Input>,
    /// The seed of a Monte Carlo result.
    pub seed: Option<u64>,
    /// The geography vintage of the areas.
    pub vintage: Option<String>,
    /// The result table's digest.
    pub result: Digest,
}

impl RunRecord {
    /// A record of this library version.
    pub fn new(
        table: TableKind,
        settings: BTreeMap<String, serde_json::Value>,
        inputs: Vec<Input>,
        seed: Option<u64>,
        vintage: Option<String>,
        result: Digest,
    ) -> RunRecord {
        RunRecord {
            library: format!("ics-outcomes {}", env!("CARGO_PKG_VERSION")),
            table,
            settings,
            inputs,
            seed,
            vintage,
            result,
        }
    }

    /// A record from its JSON (as `--format json` prints it under `run`).
    ///
    /// # Errors
    /// [`Error::Data`] naming the field that cannot be read.
    pub fn from_json(text: &str, source_name: &str) -> Result<RunRecord, Error> {
        let mut deserializer = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let mut log = IssueLog::default();
            log.push(e.path().to_string(), "", IssueKind::Invalid { reason: e.inner().to_string() });
            log.into_data(DataKind::RunRecord, source_name).unwrap_err()
        })
    }

    /// Checks that `again` (a re-run) reproduced this record, read from `source_name`: the
    /// same settings and inputs gave the same result.
    ///
    /// # Errors
    /// [`Error::Data`] naming each input whose digest differs, an input missing from either
    /// run, a setting that differs, or (when all agree) the result that differs.
    pub fn compare(&self, again: &RunRecord, source_name: &str) -> Result<(), Error> {
        let mut log = IssueLog::default();
        let before: BTreeMap<&str, &Digest> = self.inputs.iter().map(|i| (i.name.as_str(), &i.digest)).collect();
        let after: BTreeMap<&str, &Digest> = again.inputs.iter().map(|i| (i.name.as_str(), &i.digest)).collect();
        for (name, digest) in &before {
            match after.get(name) {
                Some(now) if now == digest => {}
                Some(now) => log.push(
                    format!("inputs.{name}"),
                    now.to_string(),
                    IssueKind::Invalid { reason: format!("changed: the recorded input had {digest}") },
                ),
                None => log.push(format!("inputs.{name}"), "", IssueKind::Missing),
            }
        }
        for name in after.keys().filter(|n| !before.contains_key(*n)) {
            log.push(
                format!("inputs.{name}"),
                "",
                IssueKind::Invalid { reason: "not an input of the recorded run".into() },
            );
        }
        for (name, value) in &self.settings {
            if again.settings.get(name) != Some(value) {
                let now = again.settings.get(name).map(ToString::to_string).unwrap_or_default();
                let reason = format!("changed: the recorded run had {value}");
                log.push(format!("settings.{name}"), now, IssueKind::Invalid { reason });
            }
        }
        if log.len() == 0 && (self.table != again.table || self.result != again.result) {
            log.push(
                "result",
                again.result.to_string(),
                IssueKind::Invalid {
                    reason: format!(
                        "the same inputs and settings gave a different {} ({} recorded by {}, now {})",
                        again.table, self.result, self.library, again.library
                    ),
                },
            );
        }
        log.into_data(DataKind::RunRecord, source_name)
    }
}

/// The digests of a scoring run's inputs: the national framework, each local framework
/// (`local E54...`) and the observations.
pub fn scoring_inputs(
    national: &NationalFramework,
    locals: &[LocalFramework],
    observations: &Observations,
) -> Vec<Input> {
    let mut inputs = vec![Input { name: "national".into(), digest: Digest::of_national(national) }];
    inputs
        .extend(locals.iter().map(|l| Input { name: format!("local {}", l.area_code()), digest: Digest::of_local(l) }));
    inputs.push(Input { name: "observations".into(), digest: Digest::of_observations(observations) });
    inputs
}

/// The record of a scorecard: its options under `score`, with `extra` settings of the front
/// end (e.g. `places`).
pub fn scorecard_record(
    card: &Scorecard,
    inputs: Vec<Input>,
    vintage: Option<String>,
    mut extra: BTreeMap<String, serde_json::Value>,
) -> RunRecord {
    extra.insert("score".into(), serde_json::to_value(&card.options).unwrap_or_default());
    RunRecord::new(TableKind::Scorecard, extra, inputs, None, vintage, Digest::of_table(&card.table()))
}

/// The record of league tables `table` of `periods` made by [`crate::score_league_tables`]
/// under `options`: the options under `score` (with no one period) and the periods under
/// `periods`, with `extra` settings of the front end.
pub fn league_tables_record(
    table: &Table,
    options: &ScoreOptions,
    periods: &[Period],
    inputs: Vec<Input>,
    vintage: Option<String>,
    mut extra: BTreeMap<String, serde_json::Value>,
) -> RunRecord {
    // As a scorecard records them: with the level scored, which the options may leave unset.
    let options = ScoreOptions { period: None, level: Some(options.scored_level()), ..options.clone() };
    let periods: Vec<String> = periods.iter().map(Period::to_string).collect();
    extra.insert("score".into(), serde_json::to_value(&options).unwrap_or_default());
    extra.insert("periods".into(), serde_json::to_value(periods).unwrap_or_default());
    RunRecord::new(TableKind::LeagueTables, extra, inputs, None, vintage, Digest::of_table(table))
}

/// The record of a rank-uncertainty analysis of the scorecard `card` records: its settings
/// and inputs, the analysis's options under `uncertainty`, and its seed.
pub fn uncertainty_record(card: &RunRecord, ranks: &RankUncertainty) -> RunRecord {
    let mut settings = card.settings.clone();
    settings.insert("uncertainty".into(), serde_json::to_value(&ranks.options).unwrap_or_default());
    RunRecord::new(
        TableKind::RankUncertainty,
        settings,
        card.inputs.clone(),
        Some(ranks.options.seed),
        card.vintage.clone(),
        Digest::of_table(&ranks.table()),
    )
}

impl RunRecord {
    /// The setting `name`, read as a `T`; `None` when the record has none.
    ///
    /// # Errors
    /// [`Error::Data`] naming the setting when it cannot be read as a `T`.
    pub fn setting<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<Option<T>, Error> {
        let Some(value) = self.settings.get(name) else { return Ok(None) };
        serde_json::from_value(value.clone()).map(Some).map_err(|e| {
            let mut log = IssueLog::default();
            log.push(format!("settings.{name}"), value.to_string(), IssueKind::Invalid { reason: e.to_string() });
            log.into_data(DataKind::RunRecord, "the run record").unwrap_err()
        })
    }
}

/// Re-runs the scorecard or rank-uncertainty analysis a record describes on the inputs given,
/// and checks it: the result table, reproduced bit for bit.
///
/// # Errors
/// [`Error::Data`] (data `run_record`) naming each input or setting that differs from the
/// record's, or the result when it differs; [`Error::Argument`] for a record of another
/// result; the errors of scoring.
pub fn replay(
    record: &RunRecord,
    national: &NationalFramework,
    locals: &[LocalFramework],
    observations: &Observations,
    geography: &Geography,
    extra: BTreeMap<String, serde_json::Value>,
) -> Result<Table, Error> {
    if !matches!(record.table, TableKind::Scorecard | TableKind::LeagueTables | TableKind::RankUncertainty) {
        return Err(Error::argument(
            "record",
            record.table,
            "only scorecards, league tables and rank uncertainty replay",
        ));
    }
    let options: ScoreOptions = record.setting("score")?.unwrap_or_default();
    let inputs = scoring_inputs(national, locals, observations);
    // A changed input is named before scoring, which it may make fail.
    let shown = RunRecord { inputs: inputs.clone(), ..record.clone() };
    record.compare(&shown, "the run record")?;
    if record.table == TableKind::LeagueTables {
        let periods: Vec<Period> = record.setting("periods")?.unwrap_or_default();
        let table = crate::score_league_tables(national, locals, observations, geography, &options, &periods)?;
        let vintage = geography.vintage().map(str::to_owned);
        record.compare(&league_tables_record(&table, &options, &periods, inputs, vintage, extra), "the run record")?;
        return Ok(table);
    }
    let card = crate::score(national, locals, observations, geography, &options)?;
    let scored = scorecard_record(&card, inputs, geography.vintage().map(str::to_owned), extra);
    let (again, table) = match record.setting::<RankUncertaintyOptions>("uncertainty")? {
        None => (scored, card.table()),
        Some(options) => {
            let ranks = rank_uncertainty(&card, &options)?;
            (uncertainty_record(&scored, &ranks), ranks.table())
        }
    };
    record.compare(&again, "the run record")?;
    Ok(table)
}
