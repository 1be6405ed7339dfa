//! `ics-outcomes`: league tables, explanations and validation from the command line.
//!
//! A thin front end: it reads files, calls the core crate and formats what comes back.
//! With no file arguments every command works on the embedded default (synthetic data).

mod chart;
mod output;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ics_outcomes::FrameworkFile;
use ics_outcomes::composite::{RankUncertainty, RankUncertaintyOptions, rank_uncertainty};
use ics_outcomes::defaults::Edition;
use ics_outcomes::files;
use ics_outcomes::maturity::{self, MaturityModel};
use ics_outcomes::record::{self, RunRecord};
use ics_outcomes::vintage::Vintages;
use ics_outcomes::{
    Catalogue, Error, Geography, LocalFramework, MissingData, NationalFramework, Observations, Period, ScoreOptions,
    Weighting, defaults,
};

use output::Format;

/// `--version`: the library's version and the embedded data's vintage (`-V`: the version).
static LONG_VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(ics_outcomes::version_line);

#[derive(Parser)]
#[command(
    name = "ics-outcomes",
    version,
    long_version = LONG_VERSION.as_str(),
    about = "Score ICS outcome frameworks: exact targets, equal weights, explained"
)]
struct Cli {
    /// Output format (`xlsx`: `summary --out FILE.xlsx` only).
    #[arg(long, global = true, value_enum, default_value_t = FormatArg::Table)]
    format: FormatArg,
    /// Add the geography vintage a reorganisation file makes (TOML, JSON or CSV; `schema
    /// reorganisation` prints its JSON Schema): its new ICBs, and where each abolished ICB's
    /// area went. Repeat for successive waves, oldest first.
    #[arg(long, global = true, value_name = "FILE")]
    reorganisation: Vec<PathBuf>,
    #[command(subcommand)]
    command: Command,
    /// The arguments as given, bar `--format`: the settings a run record keeps.
    #[arg(skip)]
    arguments: Vec<String>,
}

/// The formats `--format` takes: the printed ones, and a workbook.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    /// Aligned columns for reading (numbers rounded to 4 places).
    Table,
    /// CSV with full-precision numbers.
    Csv,
    /// JSON with full-precision numbers as strings.
    Json,
    /// An Excel workbook with typed cells (`summary --out FILE.xlsx`).
    Xlsx,
}

impl FormatArg {
    /// The printed format; a workbook is written, not printed.
    fn printed(self) -> Option<Format> {
        match self {
            FormatArg::Table => Some(Format::Table),
            FormatArg::Csv => Some(Format::Csv),
            FormatArg::Json => Some(Format::Json),
            FormatArg::Xlsx => None,
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// League table of every ICS: rank, overall, national and local scores, targets met.
    Score {
        #[command(flatten)]
        inputs: Inputs,
        /// Replications of a rank-uncertainty analysis (noisy weights, the three equal-weight
        /// policies, attainment scored as defined or binary): each rank's 90 % interval.
        #[arg(long)]
        uncertainty: Option<usize>,
        /// Seed of the uncertainty analysis.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Every target of every ICS instead, one row each in league-table order.
        #[arg(long, conflicts_with = "uncertainty")]
        targets: bool,
    },
    /// Re-runs the command a run record (`score --format json` prints one under `run`)
    /// describes and checks that it gives the same result bit for bit, naming any input or
    /// setting that differs.
    Replay {
        /// The record: a JSON file of `--format json` output, or of its `run` part.
        record: PathBuf,
    },
    /// Icons as data: one row per ICS and target for the scored period, with its value,
    /// requirement and trajectory point, variation and assurance icons, the special-cause
    /// rules that fired, process limits, the latest values and notes on the data.
    Summary {
        /// Write to this file instead of printing (needed for `--format xlsx`).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Making Data Count charts of the series in a CSV file: XmR, P, P′, U, U′ (Laney), run,
    /// T or G, each point's limits, signals, rules and status (`row` is the file's data
    /// row, from 0), or with `--summary` one row per series with its icons.
    Chart {
        /// The CSV file: a header row, then one row per point.
        file: PathBuf,
        /// Which chart: xmr, p, p_prime, u, u_prime, run, t or g.
        #[arg(long, default_value = "xmr")]
        chart: String,
        /// The column of values (of numerators, for P and U charts).
        #[arg(long)]
        value: String,
        /// The column of dates: numbers, ISO dates or NHS periods.
        #[arg(long)]
        date: String,
        /// The column of denominators (P and U charts, or a run chart of ratios).
        #[arg(long)]
        denominator: Option<String>,
        /// The column whose values name the series.
        #[arg(long)]
        group_by: Option<String>,
        /// The last point (from 1) the centre line and limits are computed from.
        #[arg(long)]
        baseline: Option<usize>,
        /// The last point of each part but the last, comma-separated.
        #[arg(long, value_delimiter = ',')]
        parts: Vec<usize>,
        /// Points left out of the calculations, comma-separated.
        #[arg(long, value_delimiter = ',')]
        exclude: Vec<usize>,
        /// Scales values and limits (100 for percentages).
        #[arg(long, default_value_t = 1.0)]
        multiplier: f64,
        /// Which way is better: increase, decrease or neutral.
        #[arg(long, default_value = "increase")]
        improvement: String,
        /// A target to judge assurance against.
        #[arg(long)]
        target: Option<f64>,
        /// Points in a shift (6 to 9).
        #[arg(long, default_value_t = 7)]
        shift: usize,
        /// Points in a trend (6 to 9).
        #[arg(long, default_value_t = 7)]
        trend: usize,
        /// Leave out the rule of 2 in 3 points beyond the near limits.
        #[arg(long)]
        no_two_in_three: bool,
        /// One row per series, read at its last date, instead of every point.
        #[arg(long)]
        summary: bool,
    },
    /// An ICS's integrated performance report as one self-contained HTML page (headline,
    /// icon matrix, every target's icons and SPC chart, the explanation, oversight segment,
    /// maturity and notes on the data), or every ICS's into a folder with `--all`.
    Report {
        /// The ICS: ONS code (E54...) or ODS code (Q..).
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        code: Option<String>,
        /// Every ICS's report, into the folder `--out`, with an index page.
        #[arg(long)]
        all: bool,
        /// The HTML file to write (with `--all`, the folder).
        #[arg(long)]
        out: PathBuf,
        /// Also write the report's tables as an Excel workbook, one sheet per table (with
        /// `--all`, a folder of workbooks).
        #[arg(long, value_name = "FILE")]
        xlsx: Option<PathBuf>,
        /// Disclosure control, as `explain --suppress`: hide values resting on counts of 1 to
        /// this, in every table and chart of the report.
        #[arg(long, value_name = "THRESHOLD")]
        suppress: Option<i64>,
        /// With --suppress, round the counts carried to the nearest multiple of this.
        #[arg(long, requires = "suppress")]
        round_to: Option<i64>,
        /// Replications of the rank's uncertainty interval (0: none).
        #[arg(long, default_value_t = 200)]
        replications: usize,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Every contribution to one ICS's score (they add up exactly to its overall score).
    Explain {
        /// The ICS: ONS code (E54...) or ODS code (Q..).
        code: String,
        /// Disclosure control: hide the observed value, gap, interval and SPC verdict of
        /// targets whose numerator is from 1 to this (NHS convention: 7), and a partial score
        /// that would give the value back.
        #[arg(long, value_name = "THRESHOLD")]
        suppress: Option<i64>,
        /// With --suppress, round the counts carried to the nearest multiple of this (e.g. 5).
        #[arg(long, requires = "suppress")]
        round_to: Option<i64>,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// NHS Oversight Framework-style segments and league table of every ICS on the national
    /// framework's metrics, beside its framework score.
    Oversight(Inputs),
    /// Each ICS's prevention share of spending (embedded synthetic budgets), its change from
    /// the baseline year and whether it is on course for +1 percentage point over five years.
    Prevention {
        /// The baseline financial year.
        #[arg(long, default_value = "2025/26")]
        baseline: String,
        /// Judge the change from the baseline (cumulative) or year on year.
        #[arg(long, value_enum, default_value = "cumulative")]
        basis: BasisArg,
        /// Show every year, not only the latest.
        #[arg(long)]
        all_years: bool,
    },
    /// Each ICS's maturity level with its weakest dimension, movement since the earlier round
    /// and earned-autonomy eligibility (embedded synthetic assessments for 2025/26 against
    /// 2024/25; outcome data from the scorecard and ICS oversight of the inputs).
    Maturity {
        /// The model: `hewitt`, `digital`, or a model file (TOML or JSON).
        #[arg(long, default_value = "hewitt")]
        model: String,
        /// Assessments CSV (area, criterion, provider, source, score, evidence); default: the
        /// embedded synthetic 2025/26 round.
        #[arg(long)]
        assessments: Option<PathBuf>,
        /// An earlier round's assessments CSV, for level movements; default with the
        /// embedded round: the synthetic 2024/25 round.
        #[arg(long)]
        previous: Option<PathBuf>,
        /// One ICS in full (ONS or ODS code): each dimension's reason, every criterion,
        /// the autonomy checks and where self-assessment and peer review diverge.
        #[arg(long)]
        area: Option<String>,
        #[command(flatten)]
        inputs: Inputs,
    },
    /// Check a framework file (TOML/JSON) or an observations file (CSV); exit 1 if invalid.
    Validate {
        /// The file to check.
        file: PathBuf,
        /// The national framework a local framework or observations are checked against
        /// (default: the embedded one).
        #[arg(long)]
        national: Option<PathBuf>,
        /// Local frameworks whose metrics observations may use (files or directories).
        #[arg(long)]
        local: Vec<PathBuf>,
        /// The geography vintage areas are checked in (default: today's, 2026-04); with it,
        /// the embedded frameworks are that vintage's edition.
        #[arg(long)]
        vintage: Option<String>,
    },
    /// Print the JSON Schema of framework files, or of reorganisation files.
    Schema {
        /// Which files.
        #[arg(value_enum, default_value_t = SchemaKind::Framework)]
        kind: SchemaKind,
    },
    /// The ICBs of each geography vintage (2022-07, 2023-04, 2026-04) and the successions
    /// between them.
    Geography {
        /// Only the ICBs in force in this vintage (e.g. 2026-04).
        #[arg(long)]
        vintage: Option<String>,
    },
    /// Carry observations (the usual CSV: area_code,metric_id,period,value,numerator,
    /// denominator) onto the ICBs of another vintage: mergers summed, split ICBs shared by an
    /// apportionment, with where each row came from.
    Reproject {
        /// The observations; codes of any vintage, each read in the vintage of its period.
        input: PathBuf,
        /// The vintage to carry them onto, e.g. 2026-04.
        #[arg(long)]
        to: String,
        /// Shares of each split ICB's counts by successor: from_code,to_code,share.
        #[arg(long)]
        apportionment: Option<PathBuf>,
        /// Read every code in this vintage (default: each code in the vintage that defines
        /// it at its period, as series that keep older codes need).
        #[arg(long)]
        from: Option<String>,
        /// Small areas (LSOAs, practices) to ICBs, in the ONS shape: the small area's code
        /// first, then an ICB26CD (or ICB23CD, ICB22CD, icb_code) column. Rows keyed by small
        /// areas are summed into their ICBs, which rebuilds a split ICB exactly.
        #[arg(long)]
        lookup: Option<PathBuf>,
        /// A directory of frameworks whose metrics' units and combine rules apply (default:
        /// the embedded ones).
        #[arg(long)]
        dir: Option<PathBuf>,
    },
    /// Write the embedded national framework, local frameworks and observations to a
    /// directory, as a starting point for your own.
    Defaults {
        /// Where to write (created if absent).
        dir: PathBuf,
        /// The edition: 2026/27 (default) or 2025/26.
        #[arg(long)]
        edition: Option<String>,
        /// Overwrite files there that differ from the defaults (your edits); without it they
        /// are named and nothing is written.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args)]
struct Inputs {
    /// A directory laid out as `defaults` writes it (national.toml, local/, observations.csv).
    #[arg(long, conflicts_with_all = ["national", "local", "observations"])]
    dir: Option<PathBuf>,
    /// National framework file (default: embedded).
    #[arg(long)]
    national: Option<PathBuf>,
    /// Local framework files or directories of them (default: embedded, when the national
    /// framework is embedded too).
    #[arg(long)]
    local: Vec<PathBuf>,
    /// Observations CSV (default: embedded synthetic data).
    #[arg(long)]
    observations: Option<PathBuf>,
    /// The period to judge, e.g. "2025/26 Q4" (default: the latest in the data). With the
    /// embedded default it also picks the planning year's edition: "2025/26 Q4" scores the
    /// 42 ICBs against the 2025/26 framework.
    #[arg(long)]
    period: Option<String>,
    /// The embedded edition: 2026/27 (default; the 36 ICBs of April 2026) or 2025/26 (the 42
    /// ICBs of April 2023).
    #[arg(long)]
    edition: Option<String>,
    /// The geography vintage whose ICSs are scored: 2022-07, 2023-04 or 2026-04 (default:
    /// the embedded edition's, else the vintage of --period, else today's). A code of
    /// another vintage is refused, naming its successors.
    #[arg(long)]
    vintage: Option<String>,
    /// How weight is shared between priorities.
    #[arg(long, value_enum, default_value_t = WeightingArg::EqualPerPriority)]
    weighting: WeightingArg,
    /// What happens to targets with no data.
    #[arg(long, value_enum, default_value_t = MissingArg::Exclude)]
    missing: MissingArg,
    /// Skip the SPC chart of each target's history (variation and assurance).
    #[arg(long)]
    no_spc: bool,
}

#[derive(Clone, Copy, ValueEnum)]
#[allow(clippy::enum_variant_names)] // The names are the policy ids users type.
enum WeightingArg {
    /// Every priority, national or local, weighs the same (default).
    EqualPerPriority,
    /// Every target weighs the same.
    EqualPerTarget,
    /// National and local tiers weigh one half each.
    EqualPerTier,
}

#[derive(Clone, Copy, ValueEnum)]
enum SchemaKind {
    /// National and local framework files (default).
    Framework,
    /// Reorganisation files (`--reorganisation`).
    Reorganisation,
}

#[derive(Clone, Copy, ValueEnum)]
enum BasisArg {
    /// After k years the share must have risen by k/5 of the target (default).
    Cumulative,
    /// Each year the share must rise by a fifth of the target on the year before.
    PerYear,
}

#[derive(Clone, Copy, ValueEnum)]
enum MissingArg {
    /// Leave targets without data out and share their weight.
    Exclude,
    /// Score targets without data 0.
    ScoreZero,
}

/// The frameworks, data and geography a command works on.
struct Loaded {
    national: NationalFramework,
    locals: Vec<LocalFramework>,
    observations: Observations,
    geography: Geography,
}

fn framework_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Error> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let entries = std::fs::read_dir(path).map_err(|e| io_error(path, &e))?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "json")))
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn io_error(path: &Path, e: &std::io::Error) -> Error {
    Error::File { file: path.display().to_string(), message: e.to_string() }
}

fn read_national(path: Option<&Path>, edition: Edition) -> Result<NationalFramework, Error> {
    match path {
        None => Ok(edition.national_framework()),
        Some(path) => ics_outcomes::load_national(&files::read_text(path)?, &path.display().to_string()),
    }
}

fn read_locals(
    paths: &[PathBuf],
    national: &NationalFramework,
    geography: &Geography,
) -> Result<Vec<LocalFramework>, Error> {
    framework_files(paths)?
        .iter()
        .map(|path| {
            ics_outcomes::load_local(&files::read_text(path)?, &path.display().to_string(), national, geography)
        })
        .collect()
}

/// The edition's local frameworks, read against `geography`: one of another vintage is
/// refused, naming where its ICS went.
fn embedded_locals(
    edition: Edition,
    national: &NationalFramework,
    geography: &Geography,
) -> Result<Vec<LocalFramework>, Error> {
    if geography.vintage() == Some(edition.vintage()) {
        return Ok(edition.local_frameworks());
    }
    edition.local_toml().iter().map(|(name, text)| ics_outcomes::load_local(text, name, national, geography)).collect()
}

fn read_observations(path: &Path, catalogue: &Catalogue<'_>) -> Result<Observations, Error> {
    Observations::read_csv_file(path, catalogue)
}

impl Inputs {
    /// The embedded default: no files, no period, default settings.
    fn embedded() -> Inputs {
        Inputs {
            dir: None,
            national: None,
            local: Vec::new(),
            observations: None,
            period: None,
            edition: None,
            vintage: None,
            weighting: WeightingArg::EqualPerPriority,
            missing: MissingArg::Exclude,
            no_spc: false,
        }
    }

    fn period(&self) -> Result<Option<Period>, Error> {
        self.period
            .as_deref()
            .map(|text| {
                text.parse::<Period>().map_err(|reason| Error::NotFound {
                    what: "period",
                    value: text.to_owned(),
                    hint: format!(": {reason}"),
                })
            })
            .transpose()
    }

    /// The embedded edition: as named, else the period's, else `default`.
    fn edition(&self, default: Edition) -> Result<Edition, Error> {
        match (&self.edition, self.period()?) {
            (Some(text), _) => text.parse(),
            (None, Some(period)) => Ok(Edition::for_period(period)),
            (None, None) => Ok(default),
        }
    }

    fn load(&self, vintages: &Vintages) -> Result<Loaded, Error> {
        self.load_with(Edition::CURRENT, vintages)
    }

    /// Loads the inputs, with `default` as the edition when neither --edition nor --period
    /// names one.
    fn load_with(&self, default: Edition, vintages: &Vintages) -> Result<Loaded, Error> {
        let edition = self.edition(default)?;
        // Embedded local frameworks belong to their edition's vintage.
        let embedded = self.dir.is_none() && self.national.is_none() && self.local.is_empty();
        let frameworks = embedded.then(|| edition.vintage());
        let vintage = vintages.choose(self.vintage.as_deref(), frameworks, self.period()?)?;
        let geography = vintages.geography(vintage)?;
        let (national_path, local_paths, observations_path) = match &self.dir {
            Some(dir) => (Some(dir.join("national.toml")), vec![dir.join("local")], Some(dir.join("observations.csv"))),
            None => (self.national.clone(), self.local.clone(), self.observations.clone()),
        };
        let national = read_national(national_path.as_deref(), edition)?;
        let locals = if local_paths.is_empty() && national_path.is_none() {
            embedded_locals(edition, &national, &geography)?
        } else {
            read_locals(&local_paths, &national, &geography)?
        };
        let observations = match &observations_path {
            None if geography.vintage() == Some(edition.vintage()) => edition.observations(),
            None => Observations::read_csv(
                edition.observations_csv().as_bytes(),
                &Catalogue::new(&geography, &national, &locals),
                "observations.csv",
            )?,
            Some(path) => read_observations(path, &Catalogue::new(&geography, &national, &locals))?,
        };
        Ok(Loaded { national, locals, observations, geography })
    }

    fn options(&self) -> Result<ScoreOptions, Error> {
        Ok(ScoreOptions {
            period: self.period()?,
            weighting: match self.weighting {
                WeightingArg::EqualPerPriority => Weighting::EqualPerPriority,
                WeightingArg::EqualPerTarget => Weighting::EqualPerTarget,
                WeightingArg::EqualPerTier => Weighting::EqualPerTier,
            },
            missing: match self.missing {
                MissingArg::Exclude => MissingData::Exclude,
                MissingArg::ScoreZero => MissingData::ScoreZero,
            },
            level: None,
            spc: !self.no_spc,
            absent_period_unscored: false,
        })
    }

    fn scorecard(&self, vintages: &Vintages) -> Result<ics_outcomes::Scorecard, Error> {
        Ok(self.loaded_scorecard(Edition::CURRENT, vintages)?.1)
    }

    /// The inputs, loaded as [`Inputs::load_with`] loads them, and their scorecard.
    fn loaded_scorecard(
        &self,
        default: Edition,
        vintages: &Vintages,
    ) -> Result<(Loaded, ics_outcomes::Scorecard), Error> {
        let loaded = self.load_with(default, vintages)?;
        let options = self.options()?;
        let card =
            ics_outcomes::score(&loaded.national, &loaded.locals, &loaded.observations, &loaded.geography, &options)?;
        Ok((loaded, card))
    }
}

fn join(periods: &[Period]) -> String {
    periods.iter().map(Period::to_string).collect::<Vec<_>>().join(", ")
}

fn validate(
    file: &Path,
    national: Option<&Path>,
    local: &[PathBuf],
    vintage: Option<&str>,
    vintages: &Vintages,
) -> Result<String, Error> {
    let geography = vintages.geography(vintages.choose(vintage, None, None)?)?;
    let edition = geography.vintage().map_or(Edition::CURRENT, Edition::of_vintage);
    let name = file.display().to_string();
    if file.extension().and_then(|e| e.to_str()) == Some("csv") {
        let national = read_national(national, edition)?;
        let locals = if local.is_empty() {
            embedded_locals(edition, &national, &geography)?
        } else {
            read_locals(local, &national, &geography)?
        };
        let observations = read_observations(file, &Catalogue::new(&geography, &national, &locals))?;
        return Ok(format!(
            "{name}: valid observations, {} rows over {}",
            observations.len(),
            join(observations.periods())
        ));
    }
    match FrameworkFile::read(file)? {
        FrameworkFile::National(def) => {
            let framework = NationalFramework::new(def, &name)?;
            let targets: usize = framework.priorities().iter().map(|p| p.targets.len()).sum();
            let uncovered = framework.coverage().uncovered();
            Ok(format!(
                "{name}: valid national framework {:?} version {:?}: {} priorities, {targets} targets{}",
                framework.id(),
                framework.version(),
                framework.priorities().len(),
                if uncovered.is_empty() {
                    "; serves all four statutory purposes".to_owned()
                } else {
                    format!(
                        "; serves no priority for: {}",
                        uncovered.iter().map(|p| p.id()).collect::<Vec<_>>().join(", ")
                    )
                }
            ))
        }
        FrameworkFile::Local(def) => {
            let national = read_national(national, edition)?;
            let framework = LocalFramework::new(def, &national, &geography, &name)?;
            Ok(format!(
                "{name}: valid local framework for {} nested in {:?}: {} local priorities",
                framework.area_code(),
                national.version(),
                framework.priorities().len()
            ))
        }
    }
}

fn write_defaults(dir: &Path, edition: Option<&str>, force: bool, format: Format) -> Result<String, Error> {
    let edition: Edition = edition.map_or(Ok(Edition::CURRENT), str::parse)?;
    let local_dir = dir.join("local");
    let mut files: Vec<(PathBuf, &str)> = vec![(dir.join("national.toml"), edition.national_toml())];
    files.extend(edition.local_toml().iter().map(|(name, text)| (local_dir.join(name), *text)));
    files.push((dir.join("observations.csv"), edition.observations_csv()));
    files.push((dir.join("framework.schema.json"), ics_outcomes::schema::FRAMEWORK_SCHEMA_JSON));
    // Never overwrite a user's edits silently: a file there that differs is named.
    let edited: Vec<String> = files
        .iter()
        .filter(|(path, text)| std::fs::read(path).is_ok_and(|on_disk| on_disk != text.as_bytes()))
        .map(|(path, _)| path.display().to_string())
        .collect();
    if !edited.is_empty() && !force {
        return Err(Error::Argument {
            argument: "dir".into(),
            value: dir.display().to_string(),
            message: format!(
                "these files differ from the defaults and would be overwritten: {}; pass --force",
                edited.join(", ")
            ),
        });
    }
    std::fs::create_dir_all(&local_dir).map_err(|e| io_error(&local_dir, &e))?;
    for (path, text) in &files {
        std::fs::write(path, text).map_err(|e| io_error(path, &e))?;
    }
    Ok(match format {
        Format::Json => format!(
            "{}\n",
            serde_json::json!({
                "dir": dir.display().to_string(),
                "written": files.iter().map(|(path, _)| path.display().to_string()).collect::<Vec<_>>(),
                "overwritten": edited,
                "edition": edition.id(),
                "synthetic": true,
            })
        ),
        Format::Table | Format::Csv => format!(
            "wrote the {} national.toml, {} local frameworks, observations.csv (synthetic) and \
             framework.schema.json to {}\nscore them with: ics-outcomes score --dir {}{}\n",
            edition.id(),
            edition.local_toml().len(),
            dir.display(),
            dir.display(),
            if edition == Edition::CURRENT { String::new() } else { format!(" --vintage {}", edition.vintage()) }
        ),
    })
}

fn maturity_model(spec: &str) -> Result<MaturityModel, Error> {
    match spec {
        "hewitt" => Ok(maturity::hewitt_model()),
        "digital" => Ok(maturity::digital_model()),
        path => MaturityModel::from_text(&files::read_text(Path::new(path))?, path),
    }
}

fn read_assessments(model: &MaturityModel, path: &Path) -> Result<Vec<maturity::Assessment>, Error> {
    Ok(maturity::Assessments::read_csv(model, &files::read_text(path)?, &path.display().to_string())?.into_rows())
}

fn maturity_report(
    model: &str,
    assessments: Option<&Path>,
    previous: Option<&Path>,
    inputs: &Inputs,
    vintages: &Vintages,
) -> Result<(MaturityModel, maturity::MaturityReport, bool, Geography), Error> {
    let model = maturity_model(model)?;
    // The synthetic rounds are of 2024/25 and 2025/26: their outcome evidence is that year's.
    let [earlier, latest] = defaults::MATURITY_ROUNDS;
    let default = if assessments.is_none() { Edition::for_period(latest) } else { Edition::CURRENT };
    let (loaded, card) = inputs.loaded_scorecard(default, vintages)?;
    let settings = ics_outcomes::oversight::IcsOversightSettings::default();
    let oversight = ics_outcomes::oversight::ics_oversight(&loaded.national, &loaded.observations, &card, &settings)?;
    let evidence = maturity::outcome_evidence(&card, &oversight);
    let (rows, previous, synthetic) = match (assessments, previous) {
        (Some(path), previous) => {
            (read_assessments(&model, path)?, previous.map(|p| read_assessments(&model, p)).transpose()?, false)
        }
        (None, Some(previous)) => (
            defaults::maturity_assessments(&model, latest)?.into_rows(),
            Some(read_assessments(&model, previous)?),
            true,
        ),
        (None, None) => (
            defaults::maturity_assessments(&model, latest)?.into_rows(),
            Some(defaults::maturity_assessments(&model, earlier)?.into_rows()),
            true,
        ),
    };
    let source = assessments.map_or("<synthetic>".to_owned(), |p| p.display().to_string());
    let report = maturity::report(&model, rows, &evidence, previous, None, &source)?;
    Ok((model, report, synthetic, loaded.geography))
}

/// The embedded vintages, extended by each reorganisation file in turn.
fn read_vintages(files: &[PathBuf]) -> Result<Vintages, Error> {
    files.iter().try_fold(Vintages::embedded().clone(), |vintages, path| {
        vintages.with_reorganisation(&files::read_text(path)?, &path.display().to_string())
    })
}

fn run(cli: Cli) -> Result<String, Error> {
    let vintages = read_vintages(&cli.reorganisation)?;
    let format = match (cli.format.printed(), &cli.command) {
        (Some(format), _) => format,
        (None, Command::Summary { .. }) => Format::Csv,
        (None, _) => {
            return Err(Error::Argument {
                argument: "format".into(),
                value: "xlsx".into(),
                message: "only `summary --out FILE` writes a workbook; `report` takes `--xlsx FILE`".into(),
            });
        }
    };
    match cli.command {
        Command::Score { inputs, uncertainty, seed, targets } => {
            let (loaded, card) = inputs.loaded_scorecard(Edition::CURRENT, &vintages)?;
            if targets {
                return output::targets(&card, format);
            }
            let ranks = uncertainty
                .map(|replications| {
                    let options = RankUncertaintyOptions { replications, seed, ..RankUncertaintyOptions::default() };
                    rank_uncertainty(&card, &options)
                })
                .transpose()?;
            let record = run_record(&cli.arguments, &loaded, &card, ranks.as_ref());
            output::league_table(&card, ranks.as_ref(), &record, format)
        }
        Command::Replay { record } => {
            let text = std::fs::read_to_string(&record)
                .map_err(|e| Error::File { file: record.display().to_string(), message: e.to_string() })?;
            let name = record.display().to_string();
            let document: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| Error::File { file: name.clone(), message: e.to_string() })?;
            let part = document.get("run").unwrap_or(&document);
            let recorded = RunRecord::from_json(&part.to_string(), &name)?;
            let arguments: Vec<String> =
                recorded.settings.get("arguments").and_then(|a| serde_json::from_value(a.clone()).ok()).ok_or_else(
                    || Error::NotFound {
                        what: "setting",
                        value: "arguments".into(),
                        hint: ": the record does not say which command made it".into(),
                    },
                )?;
            let again = rerun(&arguments)?;
            recorded.compare(&again, &name)?;
            Ok(format!("reproduced {} bit for bit: {}\n", recorded.table, recorded.result))
        }
        Command::Chart {
            file,
            chart,
            value,
            date,
            denominator,
            group_by,
            baseline,
            parts,
            exclude,
            multiplier,
            improvement,
            target,
            shift,
            trend,
            no_two_in_three,
            summary,
        } => {
            let options = ics_outcomes::spc::ChartOptions {
                chart: chart.parse()?,
                improvement: improvement.parse()?,
                target,
                multiplier,
                baseline,
                parts,
                exclude,
                rules: ics_outcomes::spc::Rules { shift, trend, two_in_three: !no_two_in_three },
                ..ics_outcomes::spc::ChartOptions::default()
            };
            let columns = chart::Columns {
                value: &value,
                date: &date,
                denominator: denominator.as_deref(),
                group_by: group_by.as_deref(),
            };
            let table = chart::chart(&file, &columns, &options, summary)?;
            output::chart(&table, &options, format)
        }
        Command::Summary { out, inputs } => {
            let card = inputs.scorecard(&vintages)?;
            match (cli.format, out) {
                (FormatArg::Xlsx, Some(path)) => {
                    let table = ics_outcomes::report::icon_summary(&card);
                    write_file(&path, &ics_outcomes::report::workbook(&[("summary", &table)])?)?;
                    Ok(format!("wrote {} ({} rows)\n", path.display(), table.rows()))
                }
                (FormatArg::Xlsx, None) => Err(Error::Argument {
                    argument: "out".into(),
                    value: "none".into(),
                    message: "--format xlsx needs --out FILE.xlsx".into(),
                }),
                (_, Some(path)) => {
                    write_file(&path, output::summary(&card, format)?.as_bytes())?;
                    Ok(format!("wrote {}\n", path.display()))
                }
                (_, None) => output::summary(&card, format),
            }
        }
        Command::Report { code, all, out, xlsx, suppress, round_to, replications, inputs } => {
            let rule = ics_outcomes::disclosure::DisclosureRule::for_report(suppress, round_to)?;
            let request =
                ReportRequest { code: code.as_deref(), all, out: &out, xlsx: xlsx.as_deref(), rule, replications };
            write_reports(&inputs, &request, &vintages)
        }
        Command::Explain { code, suppress, round_to, inputs } => {
            let rule = ics_outcomes::disclosure::DisclosureRule::for_report(suppress, round_to)?;
            output::explanation(&inputs.scorecard(&vintages)?, &code, rule.as_ref(), format)
        }
        Command::Prevention { baseline, basis, all_years } => {
            let baseline = baseline.parse::<Period>().map_err(|reason| Error::NotFound {
                what: "period",
                value: baseline.clone(),
                hint: format!(": {reason}"),
            })?;
            let basis = match basis {
                BasisArg::Cumulative => ics_outcomes::prevention::TrajectoryBasis::Cumulative,
                BasisArg::PerYear => ics_outcomes::prevention::TrajectoryBasis::PerYear,
            };
            let options = ics_outcomes::prevention::PreventionOptions {
                baseline,
                basis,
                ..ics_outcomes::prevention::PreventionOptions::default()
            };
            let shares = ics_outcomes::prevention::prevention_shares(&defaults::budget_lines(), &options)?;
            output::prevention(&shares, all_years, format)
        }
        Command::Oversight(inputs) => {
            let loaded = inputs.load(&vintages)?;
            let options = inputs.options()?;
            let card = ics_outcomes::score(
                &loaded.national,
                &loaded.locals,
                &loaded.observations,
                &loaded.geography,
                &options,
            )?;
            let settings = ics_outcomes::oversight::IcsOversightSettings::default();
            let results =
                ics_outcomes::oversight::ics_oversight(&loaded.national, &loaded.observations, &card, &settings)?;
            output::oversight(&card, &results, format)
        }
        Command::Maturity { model, assessments, previous, area, inputs } => {
            let (model, report, synthetic, geography) =
                maturity_report(&model, assessments.as_deref(), previous.as_deref(), &inputs, &vintages)?;
            match area {
                None => output::maturity(&model, &report, synthetic, format),
                Some(code) => output::maturity_area(&model, &report, geography.resolve(&code)?, format),
            }
        }
        Command::Validate { file, national, local, vintage } => {
            let message = validate(&file, national.as_deref(), &local, vintage.as_deref(), &vintages)?;
            Ok(match format {
                Format::Json => format!("{}\n", serde_json::json!({ "valid": true, "file": file, "summary": message })),
                Format::Table | Format::Csv => format!("{message}\n"),
            })
        }
        Command::Schema { kind: SchemaKind::Framework } => Ok(ics_outcomes::schema::FRAMEWORK_SCHEMA_JSON.to_owned()),
        Command::Schema { kind: SchemaKind::Reorganisation } => {
            Ok(ics_outcomes::schema::REORGANISATION_SCHEMA_JSON.to_owned())
        }
        Command::Geography { vintage } => output::geography(&vintages, vintage.as_deref(), format),
        Command::Reproject { input, to, apportionment, from, lookup, dir } => {
            let rows = ics_outcomes::vintage::read_csv(&files::read_text(&input)?, &input.display().to_string())?;
            let shares = apportionment
                .map(|path| {
                    ics_outcomes::vintage::Apportionment::from_csv(
                        &files::read_text(&path)?,
                        &path.display().to_string(),
                        &vintages,
                    )
                })
                .transpose()?;
            let inputs = Inputs { dir, ..Inputs::embedded() };
            let loaded = inputs.load(&vintages)?;
            let metrics = loaded.national.metrics().iter().chain(loaded.locals.iter().flat_map(|l| l.metrics()));
            let combining = ics_outcomes::vintage::Combining::of(metrics);
            let lookup = lookup
                .map(|path| {
                    let name = path.display().to_string();
                    ics_outcomes::vintage::Lookup::from_csv(&files::read_text(&path)?, &name, &vintages)
                })
                .transpose()?;
            let how = ics_outcomes::vintage::Reprojection {
                from: from.as_deref(),
                apportionment: shares.as_ref(),
                combining: Some(&combining),
                lookup: lookup.as_ref(),
                vintages: Some(&vintages),
            };
            let out = ics_outcomes::vintage::reproject(&rows, &to, &how)?;
            let catalogue = ics_outcomes::Catalogue::new(&loaded.geography, &loaded.national, &loaded.locals);
            let multiplier = |metric: &str| catalogue.metric(metric).map(|m| m.unit.multiplier());
            output::reprojection(&out, &multiplier, &to, format)
        }
        Command::Defaults { dir, edition, force } => write_defaults(&dir, edition.as_deref(), force, format),
    }
}

fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| io_error(path, &e))
}

/// What `report` was asked to write.
struct ReportRequest<'a> {
    code: Option<&'a str>,
    all: bool,
    out: &'a Path,
    xlsx: Option<&'a Path>,
    rule: Option<ics_outcomes::disclosure::DisclosureRule>,
    replications: usize,
}

/// Scores the inputs, and the period before for the change, and writes the reports asked
/// for with the ICSs' oversight, the rank intervals and (on the embedded data) the synthetic
/// maturity round.
fn write_reports(inputs: &Inputs, request: &ReportRequest<'_>, vintages: &Vintages) -> Result<String, Error> {
    use ics_outcomes::report;
    let (loaded, card) = inputs.loaded_scorecard(Edition::CURRENT, vintages)?;
    let options = inputs.options()?;
    let kind = std::mem::discriminant(&card.period);
    let before =
        loaded.observations.periods().iter().rev().find(|p| std::mem::discriminant(*p) == kind && **p < card.period);
    let previous = before
        .map(|&period| {
            let options = ScoreOptions { period: Some(period), spc: false, ..options.clone() };
            ics_outcomes::score(&loaded.national, &loaded.locals, &loaded.observations, &loaded.geography, &options)
        })
        .transpose()?;
    let ranks = (request.replications > 0)
        .then(|| {
            let options =
                RankUncertaintyOptions { replications: request.replications, ..RankUncertaintyOptions::default() };
            rank_uncertainty(&card, &options)
        })
        .transpose()?;
    let settings = ics_outcomes::oversight::IcsOversightSettings::default();
    let oversight = ics_outcomes::oversight::ics_oversight(&loaded.national, &loaded.observations, &card, &settings)?;
    let embedded = inputs.dir.is_none() && inputs.national.is_none() && inputs.observations.is_none();
    let maturity = if embedded {
        let defaults = Inputs::embedded();
        Some(maturity_report("hewitt", None, None, &defaults, vintages)?.1)
    } else {
        None
    };
    let shown = request.rule.as_ref().map(|rule| report::protect(&card, rule)).transpose()?;
    let card = shown.as_ref().unwrap_or(&card);
    let previous = match (previous, &request.rule) {
        (Some(previous), Some(rule)) => Some(report::protect(&previous, rule)?),
        (previous, _) => previous,
    };
    let context = report::ReportContext {
        previous: previous.as_ref(),
        ranks: ranks.as_ref(),
        oversight: Some(&oversight),
        maturity: maturity.as_ref(),
        disclosure: request.rule,
    };
    let workbook = |r: &report::AreaReport| {
        let sheets: Vec<(&str, &ics_outcomes::table::Table)> = r.tables.iter().map(|(n, t)| (*n, t)).collect();
        report::workbook(&sheets)
    };
    if !request.all {
        let code = request.code.unwrap_or_default();
        let page = report::area_report(card, code, &context)?;
        write_file(request.out, page.html.as_bytes())?;
        if let Some(path) = request.xlsx {
            write_file(path, &workbook(&page)?)?;
        }
        return Ok(format!("wrote {}\n", request.out.display()));
    }
    let (pages, index) = report::all_reports(card, &context)?;
    std::fs::create_dir_all(request.out).map_err(|e| io_error(request.out, &e))?;
    if let Some(dir) = request.xlsx {
        std::fs::create_dir_all(dir).map_err(|e| io_error(dir, &e))?;
    }
    for page in &pages {
        write_file(&request.out.join(page.file_name()), page.html.as_bytes())?;
        if let Some(dir) = request.xlsx {
            write_file(&dir.join(page.file_name().replace(".html", ".xlsx")), &workbook(page)?)?;
        }
    }
    write_file(&request.out.join("index.html"), index.as_bytes())?;
    Ok(format!("wrote {} reports and index.html to {}\n", pages.len(), request.out.display()))
}

/// Writes to stdout; a reader that closed the pipe early (`| head`) is not an error.
fn print(text: &str) -> ExitCode {
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            eprintln!("error: cannot write output: {e}");
            ExitCode::FAILURE
        }
        _ => ExitCode::SUCCESS,
    }
}

/// The core's record of a scorecard (or of its rank uncertainty), with the arguments it was
/// given as the command line's own setting, so that `replay` can run them again.
fn run_record(
    arguments: &[String],
    loaded: &Loaded,
    card: &ics_outcomes::Scorecard,
    ranks: Option<&RankUncertainty>,
) -> RunRecord {
    let inputs = record::scoring_inputs(&loaded.national, &loaded.locals, &loaded.observations);
    let extra = [("arguments".to_owned(), serde_json::json!(arguments))].into_iter().collect();
    let scored = record::scorecard_record(card, inputs, loaded.geography.vintage().map(str::to_owned), extra);
    match ranks {
        None => scored,
        Some(ranks) => record::uncertainty_record(&scored, ranks),
    }
}

/// Runs the command `arguments` describe again, for its run record.
fn rerun(arguments: &[String]) -> Result<RunRecord, Error> {
    let mut command = vec!["ics-outcomes".to_owned(), "--format".to_owned(), "json".to_owned()];
    command.extend(arguments.iter().cloned());
    let mut cli = Cli::try_parse_from(&command).map_err(|e| Error::Argument {
        argument: "arguments".into(),
        value: arguments.join(" "),
        message: e.kind().to_string(),
    })?;
    cli.arguments = arguments.to_vec();
    let output = run(cli)?;
    let document: serde_json::Value =
        serde_json::from_str(&output).map_err(|e| Error::File { file: "<replay>".into(), message: e.to_string() })?;
    let run = document.get("run").ok_or_else(|| Error::Argument {
        argument: "arguments".into(),
        value: arguments.join(" "),
        message: "this command makes no run record to compare".into(),
    })?;
    RunRecord::from_json(&run.to_string(), "<replay>")
}

/// The arguments of this invocation bar the program name and `--format`, which changes how
/// a result is printed, not the result.
fn recorded_arguments() -> Vec<String> {
    let mut out = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--format" {
            args.next();
        } else if !arg.starts_with("--format=") {
            out.push(arg);
        }
    }
    out
}

fn main() -> ExitCode {
    let mut cli = Cli::parse();
    cli.arguments = recorded_arguments();
    let format = cli.format.printed();
    match run(cli) {
        Ok(text) => print(&text),
        Err(error) => {
            match format {
                Some(Format::Json) => {
                    print(&format!("{}\n", output::error_json(&error)));
                }
                _ => eprintln!("error ({}): {error}", error.class().name()),
            }
            ExitCode::FAILURE
        }
    }
}
