//! Steps 2–4 of the NOF: average score to segment 1–4, the financial override and segment 5.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::target::DecimalText;

/// Over which providers the 2025/26 quartile cut points are computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Population {
    /// Within each provider type (acute, mental health and community, ambulance), as the
    /// 2025/26 manual says ("quartiled within organisation type").
    #[default]
    WithinType,
    /// All providers together; the published data fits this better (see the module docs).
    Pooled,
}

impl Population {
    /// Every population, in the order declared.
    pub const ALL: &'static [Population] = &[Population::WithinType, Population::Pooled];
}

/// How an average score becomes a segment 1–4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(tag = "method", rename_all = "snake_case")]
pub enum SegmentRule {
    /// 2025/26: quartiles of the published averages over a population (linear interpolation
    /// between order statistics, R's type 7).
    Quartiles {
        /// Which providers' averages set the cut points.
        #[serde(default)]
        population: Population,
    },
    /// 2026/27 style, or supplied cut points: fixed upper bounds (inclusive) of segments 1, 2 and 3.
    Thresholds {
        /// Ascending upper bounds; an average above the third is segment 4.
        #[schemars(with = "[DecimalText; 3]")]
        cuts: [Decimal; 3],
    },
}

impl Default for SegmentRule {
    fn default() -> Self {
        SegmentRule::Quartiles { population: Population::default() }
    }
}

/// The three cut points a segment was read from, and where they came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CutPoints {
    /// Inclusive upper bounds of segments 1, 2 and 3.
    pub cuts: [Decimal; 3],
    /// `"thresholds"`, `"pooled"` or the provider type whose quartiles they are.
    pub population: String,
    /// How many averages the quartiles were taken over (0 for fixed thresholds).
    pub size: usize,
}

impl CutPoints {
    /// Checks that fixed thresholds ascend, so every segment is a contiguous band.
    pub fn thresholds(cuts: [Decimal; 3]) -> Result<Self, Error> {
        if cuts[0] > cuts[1] || cuts[1] > cuts[2] {
            let text = format!("{}, {}, {}", cuts[0], cuts[1], cuts[2]);
            return Err(Error::argument("cuts", text, "cut points must ascend"));
        }
        Ok(CutPoints { cuts, population: "thresholds".into(), size: 0 })
    }

    /// The quartiles (type 7) of `averages`, labelled with `population`.
    pub fn quartiles(averages: &[Decimal], population: impl Into<String>) -> Result<Self, Error> {
        let population = population.into();
        if averages.is_empty() {
            return Err(Error::argument("population", population, "quartiles need at least one average"));
        }
        let mut sorted = averages.to_vec();
        sorted.sort();
        let n = sorted.len();
        let quantile = |p: Decimal| {
            let h = p * Decimal::from(n as u64 - 1);
            let lower = h.floor();
            let i = lower.to_usize().unwrap_or(0).min(n - 1);
            let next = sorted[(i + 1).min(n - 1)];
            sorted[i] + (h - lower) * (next - sorted[i])
        };
        let quarter = Decimal::new(25, 2);
        let cuts = [quantile(quarter), quantile(quarter * Decimal::TWO), quantile(quarter * Decimal::from(3))];
        Ok(CutPoints { cuts, population, size: n })
    }

    /// The segment (1–4) of an average: the first segment whose upper bound it does not exceed.
    pub fn segment(&self, average: Decimal) -> u8 {
        match self.cuts.iter().position(|cut| average <= *cut) {
            Some(0) => 1,
            Some(1) => 2,
            Some(_) => 3,
            None => 4,
        }
    }
}

/// An override that moved a provider's segment, for the explanation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "override", rename_all = "snake_case")]
pub enum Override {
    /// In deficit or receiving deficit support: a segment 1 or 2 is capped at 3.
    FinancialCap {
        /// The segment before the cap.
        from: u8,
    },
    /// In the Recovery Support (Provider Improvement) Programme: segment 5.
    RecoveryProgramme {
        /// The segment before, after any financial cap.
        from: u8,
    },
}

impl std::fmt::Display for Override {
    /// The label every output shows: `financial cap (from 2)`, `recovery programme (from 3)`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Override::FinancialCap { from } => write!(f, "financial cap (from {from})"),
            Override::RecoveryProgramme { from } => write!(f, "recovery programme (from {from})"),
        }
    }
}

impl Adjusted {
    /// The overrides applied as one label (`financial cap (from 2); recovery programme (from
    /// 3)`), `None` when none applied: what every table shows.
    pub fn overrides_label(&self) -> Option<String> {
        let labels: Vec<String> = self.overrides.iter().map(ToString::to_string).collect();
        (!labels.is_empty()).then(|| labels.join("; "))
    }
}

/// The segments after the overrides, and which overrides applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Adjusted {
    /// The segment from the average alone (NOF field `OF5003`).
    pub unadjusted: u8,
    /// After the financial override (`OF5000`), the segment league tables rank by.
    pub segment: u8,
    /// After segment 5 (`OF5005`).
    pub final_segment: u8,
    /// The overrides that changed something, in order.
    pub overrides: Vec<Override>,
}

/// The segment cap the financial override imposes: no better than 3.
pub const DEFICIT_CAP: u8 = 3;

/// Applies the financial override and segment 5 to an unadjusted segment 1–4.
///
/// ```
/// use ics_outcomes::oversight::{adjust, Override};
/// let a = adjust(2, true, false)?;
/// assert_eq!((a.segment, a.final_segment), (3, 3));
/// assert_eq!(a.overrides, [Override::FinancialCap { from: 2 }]);
/// assert_eq!(adjust(3, false, true)?.final_segment, 5);
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn adjust(unadjusted: u8, in_deficit: bool, in_recovery_programme: bool) -> Result<Adjusted, Error> {
    if !(1..=4).contains(&unadjusted) {
        return Err(Error::argument("unadjusted", unadjusted, "an unadjusted segment is 1 to 4"));
    }
    let mut overrides = Vec::new();
    let mut segment = unadjusted;
    if in_deficit && segment < DEFICIT_CAP {
        overrides.push(Override::FinancialCap { from: segment });
        segment = DEFICIT_CAP;
    }
    let mut final_segment = segment;
    if in_recovery_programme {
        overrides.push(Override::RecoveryProgramme { from: segment });
        final_segment = 5;
    }
    Ok(Adjusted { unadjusted, segment, final_segment, overrides })
}
