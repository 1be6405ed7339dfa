//! The embedded defaults, one [`Edition`] per planning year: a national framework, local
//! frameworks for seven ICSs, the geography of the year and **synthetic** observations,
//! made by [`Edition::generate_observations`] with [`SEED`].
//!
//! - **2026/27** ([`Edition::CURRENT`]): priorities from NHS England's Medium Term Planning
//!   Framework 2026/27 to 2028/29, the 36 ICBs of April 2026, twelve quarters from 2024/25 Q1
//!   to 2026/27 Q4. The synthetic model runs on the 42 ICBs of 2023 and is carried onto the
//!   36 by [`vintage::reproject`]: mergers summed, the three split
//!   ICBs shared by an illustrative apportionment, means weighted by their named weights. So
//!   the history of every merged ICB is a rebuilt one, as real history will be.
//! - **2025/26**: priorities from the 2025/26 planning guidance, the 42 ICBs of April 2023,
//!   eight quarters from 2024/25 Q1 to 2025/26 Q4.
//!
//! Both add a prevention-share priority (Hewitt Review). The free functions
//! ([`national_framework`], [`observations`], ...) give the current edition; a period's own
//! edition is [`Edition::for_period`]. The files are also what `ics-outcomes defaults <dir>`
//! writes, the starting point for users' own frameworks.
//!
//! ```
//! use ics_outcomes::defaults::Edition;
//! assert_eq!(Edition::CURRENT.geography().systems().count(), 36);
//! let before = Edition::for_period("2025/26 Q4".parse().unwrap());
//! assert_eq!((before.id(), before.geography().systems().count()), ("2025/26", 42));
//! ```

use std::fmt;
use std::str::FromStr;

use crate::error::Error;
use crate::framework::{LocalFramework, NationalFramework};
use crate::geography::Geography;
use crate::maturity::{Assessments, MaturityModel, OutcomeEvidence};
use crate::observation::{Catalogue, Observation, Observations};
use crate::period::Period;
use crate::synthetic::{MetricModel, generate};
use crate::vintage::{self, Vintages};

/// One planning year's embedded default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Edition {
    /// 2025/26: the 2025/26 planning guidance, the 42 ICBs of April 2023.
    Plan2025_26,
    /// 2026/27: the Medium Term Planning Framework, the 36 ICBs of April 2026.
    Plan2026_27,
}

type Files = &'static [(&'static str, &'static str)];

const LOCAL_2025_26: Files = &[
    ("QHM.toml", include_str!("../data/2025-26/local/QHM.toml")),
    ("QKS.toml", include_str!("../data/2025-26/local/QKS.toml")),
    ("QOP.toml", include_str!("../data/2025-26/local/QOP.toml")),
    ("QRV.toml", include_str!("../data/2025-26/local/QRV.toml")),
    ("QT6.toml", include_str!("../data/2025-26/local/QT6.toml")),
    ("QUE.toml", include_str!("../data/2025-26/local/QUE.toml")),
    ("QWO.toml", include_str!("../data/2025-26/local/QWO.toml")),
];

const LOCAL_2026_27: Files = &[
    ("QHM.toml", include_str!("../data/2026-27/local/QHM.toml")),
    ("QKS.toml", include_str!("../data/2026-27/local/QKS.toml")),
    ("QOP.toml", include_str!("../data/2026-27/local/QOP.toml")),
    ("QT6.toml", include_str!("../data/2026-27/local/QT6.toml")),
    ("QWO.toml", include_str!("../data/2026-27/local/QWO.toml")),
    ("S1Y5D.toml", include_str!("../data/2026-27/local/S1Y5D.toml")),
    ("Z9B2Z.toml", include_str!("../data/2026-27/local/Z9B2Z.toml")),
];

/// The shares of the three split ICBs' counts by successor in the 2026/27 synthetic data:
/// illustrative, not official population shares.
pub const APPORTIONMENT_2026_CSV: &str = include_str!("../data/2026-27/apportionment.csv");

impl Edition {
    /// Every edition, oldest first.
    pub const ALL: [Edition; 2] = [Edition::Plan2025_26, Edition::Plan2026_27];

    /// The edition in force today, and the default of every front end.
    pub const CURRENT: Edition = Edition::Plan2026_27;

    /// The planning year, `2025/26` or `2026/27`.
    pub fn id(self) -> &'static str {
        match self {
            Edition::Plan2025_26 => "2025/26",
            Edition::Plan2026_27 => "2026/27",
        }
    }

    /// The edition of the planning year a period falls in: 2026/27 from April 2026, 2025/26
    /// before.
    pub fn for_period(period: Period) -> Edition {
        Edition::of_vintage(Vintages::embedded().vintage_of(period))
    }

    /// The edition whose ICSs a geography vintage holds: 2025/26 for the 42 of 2022 and
    /// 2023, 2026/27 for the 36 of April 2026.
    pub fn of_vintage(vintage: &str) -> Edition {
        if vintage >= Edition::Plan2026_27.vintage() { Edition::Plan2026_27 } else { Edition::Plan2025_26 }
    }

    /// The geography vintage its ICSs are of.
    pub fn vintage(self) -> &'static str {
        match self {
            Edition::Plan2025_26 => "2023-04",
            Edition::Plan2026_27 => "2026-04",
        }
    }

    /// The national framework file (TOML).
    pub fn national_toml(self) -> &'static str {
        match self {
            Edition::Plan2025_26 => include_str!("../data/2025-26/national.toml"),
            Edition::Plan2026_27 => include_str!("../data/2026-27/national.toml"),
        }
    }

    /// The local framework files (TOML), named by the ICS's ODS code.
    pub fn local_toml(self) -> Files {
        match self {
            Edition::Plan2025_26 => LOCAL_2025_26,
            Edition::Plan2026_27 => LOCAL_2026_27,
        }
    }

    /// The observations file (CSV), as [`Edition::generate_observations`] writes it.
    pub fn observations_csv(self) -> &'static str {
        match self {
            Edition::Plan2025_26 => include_str!("../data/2025-26/observations.csv"),
            Edition::Plan2026_27 => include_str!("../data/2026-27/observations.csv"),
        }
    }

    /// The folder of its files under the crate's `data/`: `2025-26`, `2026-27`.
    pub fn folder(self) -> &'static str {
        match self {
            Edition::Plan2025_26 => "2025-26",
            Edition::Plan2026_27 => "2026-27",
        }
    }

    /// England, its regions and the ICSs of its vintage.
    pub fn geography(self) -> Geography {
        Geography::of_vintage(self.vintage()).unwrap_or_else(|e| unreachable!("embedded vintage: {e}"))
    }

    /// Its national framework.
    pub fn national_framework(self) -> NationalFramework {
        crate::load_national(self.national_toml(), "national.toml")
            .unwrap_or_else(|e| unreachable!("embedded national framework: {e}"))
    }

    /// Its local frameworks.
    pub fn local_frameworks(self) -> Vec<LocalFramework> {
        let national = self.national_framework();
        let geography = self.geography();
        self.local_toml()
            .iter()
            .map(|(name, text)| {
                crate::load_local(text, name, &national, &geography)
                    .unwrap_or_else(|e| unreachable!("embedded local framework: {e}"))
            })
            .collect()
    }

    /// Its observations, read from the embedded CSV.
    pub fn observations(self) -> Observations {
        let (national, locals, geography) = (self.national_framework(), self.local_frameworks(), self.geography());
        let catalogue = Catalogue::new(&geography, &national, &locals);
        Observations::read_csv(self.observations_csv().as_bytes(), &catalogue, "observations.csv")
            .unwrap_or_else(|e| unreachable!("embedded observations: {e}"))
    }

    /// The quarters of its observations: eight from 2024/25 Q1 (2025/26), twelve (2026/27).
    pub fn periods(self) -> Vec<Period> {
        let first = Period::Quarter { start_year: 2024, quarter: 1 };
        let count = match self {
            Edition::Plan2025_26 => 8,
            Edition::Plan2026_27 => 12,
        };
        std::iter::successors(Some(first), |p| Some(p.next())).take(count).collect()
    }

    /// Generates its observations: national metrics for every ICS, each local metric for
    /// the ICS that defines it, over [`Edition::periods`]. The 2026/27 edition generates on
    /// the 2023 ICBs and reprojects onto the 2026 ones (see the module docs).
    pub fn generate_observations(self, seed: u64) -> Observations {
        let (national, locals, geography) = (self.national_framework(), self.local_frameworks(), self.geography());
        let periods = self.periods();
        let national_models: Vec<_> = national.metrics().iter().map(|m| (m, model(&m.id))).collect();
        let rows = match self {
            Edition::Plan2025_26 => {
                let systems: Vec<&str> = geography.systems().map(|a| a.code.as_str()).collect();
                let mut rows = generate(seed, &systems, &national_models, &periods);
                for local in &locals {
                    let local_models: Vec<_> = local.metrics().iter().map(|m| (m, model(&m.id))).collect();
                    rows.extend(generate(seed, &[local.area_code()], &local_models, &periods));
                }
                rows
            }
            Edition::Plan2026_27 => reprojected(seed, &national, &locals, &periods),
        };
        let catalogue = Catalogue::new(&geography, &national, &locals);
        Observations::from_rows(rows, &catalogue, "<synthetic>")
            .unwrap_or_else(|e| unreachable!("generated observations are valid: {e}"))
            .with_label(SYNTHETIC_LABEL)
    }
}

/// The 2026/27 rows: generated on the 2023 ICBs (each local metric on its ICS's
/// predecessors) and carried onto the 2026 ICBs.
fn reprojected(
    seed: u64,
    national: &NationalFramework,
    locals: &[LocalFramework],
    periods: &[Period],
) -> Vec<Observation> {
    let before = Edition::Plan2025_26.vintage();
    let vintages = Vintages::embedded();
    let old: Vec<&str> = vintages
        .icbs_in(before)
        .unwrap_or_else(|e| unreachable!("embedded vintage: {e}"))
        .into_iter()
        .map(|icb| icb.code.as_str())
        .collect();
    let national_models: Vec<_> = national.metrics().iter().map(|m| (m, model(&m.id))).collect();
    let mut rows = generate(seed, &old, &national_models, periods);
    for local in locals {
        let predecessors: Vec<&str> = vintages.predecessors(local.area_code(), before);
        let local_models: Vec<_> = local.metrics().iter().map(|m| (m, model(&m.id))).collect();
        rows.extend(generate(seed, &predecessors, &local_models, periods));
    }
    let shares = vintage::Apportionment::from_csv(APPORTIONMENT_2026_CSV, "apportionment.csv", vintages)
        .unwrap_or_else(|e| unreachable!("embedded apportionment: {e}"));
    let combining = vintage::Combining::of(national.metrics().iter().chain(locals.iter().flat_map(|l| l.metrics())));
    let how = vintage::Reprojection {
        from: Some(before),
        apportionment: Some(&shares),
        combining: Some(&combining),
        lookup: None,
        vintages: None,
    };
    let out = vintage::reproject(&rows, Edition::Plan2026_27.vintage(), &how)
        .unwrap_or_else(|e| unreachable!("the synthetic history reprojects: {e}"));
    let unit =
        |metric: &str| national.metric(metric).or_else(|| locals.iter().find_map(|l| l.metric(metric))).map(|m| m.unit);
    // A local metric generated on a split ICB's predecessor reaches every successor; only its
    // own ICS's rows are kept.
    let owner = |metric: &str| locals.iter().find(|l| l.metric(metric).is_some()).map(|l| l.area_code());
    out.into_iter()
        .filter(|r| owner(&r.metric).is_none_or(|area| area == r.area))
        .map(|r| {
            let multiplier = unit(&r.metric).and_then(|u| u.multiplier());
            let value = r.value_in(multiplier).map(|v| v.round_dp(4));
            Observation { value, ..r.into_observation() }
        })
        .collect()
}

/// The label carried by the embedded observations and shown with every result on them.
pub const SYNTHETIC_LABEL: &str =
    "SYNTHETIC DATA generated by ics-outcomes (seed 20250401) for demonstration only: not real NHS figures";

/// The seed of the embedded observations.
pub const SEED: u64 = 20_250_401;

/// What the embedded data are: each edition's planning year, geography vintage and quarters,
/// newest first, and that the observations are synthetic.
///
/// ```
/// assert_eq!(
///     ics_outcomes::defaults::vintage_summary(),
///     "2026/27 edition: ICBs of 2026-04, 2024/25 Q1 to 2026/27 Q4; \
///      2025/26 edition: ICBs of 2023-04, 2024/25 Q1 to 2025/26 Q4; \
///      observations synthetic (seed 20250401)"
/// );
/// ```
pub fn vintage_summary() -> String {
    let editions = Edition::ALL.iter().rev().map(|edition| {
        let periods = edition.periods();
        let span = match (periods.first(), periods.last()) {
            (Some(first), Some(last)) => format!("{first} to {last}"),
            _ => "no quarters".to_owned(),
        };
        format!("{} edition: ICBs of {}, {span}", edition.id(), edition.vintage())
    });
    let mut parts: Vec<String> = editions.collect();
    parts.push(format!("observations synthetic (seed {SEED})"));
    parts.join("; ")
}

/// The current edition's geography: England, its regions and its 36 ICSs.
pub fn geography() -> Geography {
    Edition::CURRENT.geography()
}

/// The current edition's national framework.
pub fn national_framework() -> NationalFramework {
    Edition::CURRENT.national_framework()
}

/// The current edition's local frameworks.
pub fn local_frameworks() -> Vec<LocalFramework> {
    Edition::CURRENT.local_frameworks()
}

/// The current edition's observations.
pub fn observations() -> Observations {
    Edition::CURRENT.observations()
}

impl fmt::Display for Edition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for Edition {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        Edition::ALL
            .into_iter()
            .find(|e| e.id() == s || e.folder() == s)
            .ok_or_else(|| Error::argument("edition", s, "the embedded editions are 2025/26 and 2026/27"))
    }
}

/// How each metric of the default frameworks behaves in the synthetic data.
fn model(metric: &str) -> MetricModel {
    let m = |centre, spread, trend, noise, denominator| MetricModel { centre, spread, trend, noise, denominator };
    match metric {
        "rtt_18w" => m(59.5, 4.0, 0.55, 0.6, Some(150_000)),
        "rtt_52w" => m(2.6, 0.9, -0.18, 0.2, Some(150_000)),
        "ae_4h" => m(73.5, 3.5, 0.6, 0.9, Some(120_000)),
        "amb_cat2_mean" => m(34.0, 6.0, -0.6, 2.0, None),
        "cancer_62d" => m(69.0, 5.0, 0.6, 1.5, Some(1_500)),
        "cancer_fds" => m(76.5, 3.5, 0.45, 1.2, Some(20_000)),
        "cancer_31d" => m(90.5, 2.0, 0.3, 0.8, Some(2_500)),
        "diag_6wk" => m(14.0, 4.0, -0.9, 0.8, Some(160_000)),
        "amb_cat2_incidents" => m(9_000.0, 3_000.0, 40.0, 300.0, None),
        "mh_adult_discharges" => m(600.0, 200.0, 3.0, 25.0, None),
        "mh_adult_los" => m(42.0, 8.0, -0.6, 1.5, None),
        "ld_inpatients" => m(42.0, 10.0, -0.9, 1.5, Some(1_500_000)),
        "htn_treated" => m(67.0, 3.0, 0.8, 0.6, Some(200_000)),
        "net_position" => m(-5.0, 15.0, 0.5, 4.0, None),
        "agency_spend" => m(12.0, 5.0, -0.5, 0.6, None),
        "prevention_share" => m(4.2, 0.6, 0.045, 0.05, Some(3_000_000)),
        "gm_econ_inactive_ill_health" => m(7.8, 0.0, -0.08, 0.15, Some(1_800_000)),
        "gm_smoking_prevalence" => m(11.5, 0.0, -0.2, 0.3, Some(2_200_000)),
        "gm_school_readiness" => m(64.0, 0.0, 0.4, 0.8, Some(35_000)),
        "nenc_alcohol_admissions" => m(1_050.0, 0.0, -10.0, 25.0, Some(3_000_000)),
        "nenc_smoking_pregnancy" => m(9.5, 0.0, -0.4, 0.5, Some(6_500)),
        "wy_cancer_early_stage" => m(56.0, 0.0, 0.5, 1.2, Some(3_500)),
        "wy_local_spend" => m(31.0, 0.0, 0.35, 0.6, Some(400_000)),
        "nwl_mmr2_age5" | "wnl_mmr2_age5" => m(74.0, 0.0, 1.2, 1.0, Some(8_000)),
        "nwl_diabetes_8cp" | "wnl_diabetes_8cp" => m(52.0, 0.0, 1.0, 1.5, Some(25_000)),
        "cios_no_criteria_to_reside" => m(16.0, 0.0, -0.6, 1.0, Some(1_100)),
        "cios_gp_within_2wk" => m(82.0, 0.0, 0.4, 1.0, Some(600_000)),
        "cp_year6_obesity" | "ce_year6_obesity" => m(20.5, 0.0, -0.12, 0.4, Some(9_000)),
        "cp_active_adults" | "ce_active_adults" => m(66.0, 0.0, 0.2, 0.7, Some(700_000)),
        "cp_care_home_admissions" | "ce_care_home_admissions" => m(590.0, 0.0, -6.0, 20.0, Some(160_000)),
        "km_mh_crisis_24h" => m(68.0, 0.0, 1.5, 2.0, Some(1_200)),
        "km_falls_admissions" => m(2_150.0, 0.0, -20.0, 40.0, Some(330_000)),
        _ => m(50.0, 5.0, 0.0, 1.0, None),
    }
}

/// Synthetic budget lines for the 36 ICSs of today (ONS codes) over 2024/25 to 2026/27,
/// seeded with [`SEED`]: a demonstration of the prevention shift on today's ICBs, labelled
/// synthetic like the observations.
pub fn budget_lines() -> Vec<crate::prevention::BudgetLine> {
    let geography = geography();
    let areas: Vec<&str> = geography.systems().map(|a| a.code.as_str()).collect();
    let years = [2024, 2025, 2026].map(|start_year| Period::FinancialYear { start_year });
    crate::synthetic::budgets(SEED, &areas, &years)
}

/// The assessment rounds of the synthetic maturity assessments: 2024/25 and 2025/26.
pub const MATURITY_ROUNDS: [Period; 2] =
    [Period::FinancialYear { start_year: 2024 }, Period::FinancialYear { start_year: 2025 }];

/// Synthetic maturity assessments of the 42 ICSs of the rounds' vintage (April 2023; ONS
/// codes) against an embedded model, for
/// one of [`MATURITY_ROUNDS`], seeded with [`SEED`]: self-assessment and peer review under
/// the Hewitt model, three to eight self-assessing providers per ICS under the digital model
/// (any other model: as Hewitt). Outcome data for derived criteria come from
/// [`outcome_evidence`] through [`maturity::derive_assessments`](crate::maturity::derive_assessments).
///
/// # Errors
/// [`Error::NotFound`] for a year that is not an assessment round.
pub fn maturity_assessments(model: &MaturityModel, year: Period) -> Result<Assessments, Error> {
    let round = MATURITY_ROUNDS.iter().position(|&r| r == year).ok_or_else(|| Error::NotFound {
        what: "maturity assessment round",
        value: year.to_string(),
        hint: format!(": the synthetic rounds are {} and {}", MATURITY_ROUNDS[0], MATURITY_ROUNDS[1]),
    })?;
    let geography = Edition::for_period(year).geography();
    let areas: Vec<&str> = geography.systems().map(|a| a.code.as_str()).collect();
    let providers = (model.def().id == crate::maturity::digital_model().def().id).then_some((3, 8));
    let rows = crate::synthetic::maturity_assessments(SEED, model, &areas, round as u32, providers);
    Assessments::new(model, rows, "<synthetic>")
}

/// The outcome evidence for the maturity rounds: the 2025/26 edition's scorecard (targets
/// met per ICS, on the rounds' 42 ICBs) and the segment of its ICS oversight assessment.
pub fn outcome_evidence() -> Vec<OutcomeEvidence> {
    let edition = Edition::Plan2025_26;
    let (national, locals, observations, geography) =
        (edition.national_framework(), edition.local_frameworks(), edition.observations(), edition.geography());
    let card = crate::score(&national, &locals, &observations, &geography, &crate::ScoreOptions::default())
        .unwrap_or_else(|e| unreachable!("the default scores: {e}"));
    let oversight = crate::oversight::ics_oversight(&national, &observations, &card, &Default::default())
        .unwrap_or_else(|e| unreachable!("the default segments: {e}"));
    crate::maturity::outcome_evidence(&card, &oversight)
}
