//! Weighting policies: how weight is shared between a framework's priorities.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::framework::Tier;
use crate::weight::Weight;

/// How weight is shared between priorities; within a priority, its targets share its
/// weight equally.
///
/// ```
/// use ics_outcomes::{defaults, score, ScoreOptions, Tier, Weight, Weighting};
/// assert_eq!(Weighting::default(), Weighting::EqualPerPriority);
/// let options = ScoreOptions { weighting: Weighting::EqualPerTier, spc: false, ..ScoreOptions::default() };
/// assert_eq!(options.weighting.id(), "equal_per_tier");
/// let card = score(
///     &defaults::national_framework(),
///     &defaults::local_frameworks(),
///     &defaults::observations(),
///     &defaults::geography(),
///     &options,
/// )?;
/// // Greater Manchester's three local priorities share half the weight.
/// let gm = card.area("QOP")?;
/// let local = gm.priorities.iter().filter(|p| p.tier == Tier::Local).map(|p| p.weight);
/// assert_eq!(local.fold(Some(Weight::ZERO), |sum, w| sum?.checked_add(w)), Weight::new(1, 2));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Weighting {
    /// Every scored priority, national or local, weighs the same (the Hewitt default:
    /// local priorities carry equal weight to national ones).
    #[default]
    EqualPerPriority,
    /// Every scored target weighs the same.
    EqualPerTarget,
    /// The national and local tiers weigh one half each; priorities share their tier's
    /// half equally. An ICS with no scored local priorities puts all weight on the
    /// national tier.
    EqualPerTier,
    /// Stated weights per priority id, normalised over the scored priorities.
    Explicit(#[serde(with = "explicit_weights")] BTreeMap<String, Decimal>),
}

mod explicit_weights {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(weights: &BTreeMap<String, Decimal>, s: S) -> Result<S::Ok, S::Error> {
        weights.iter().map(|(k, v)| (k.clone(), v.to_string())).collect::<BTreeMap<_, _>>().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, Decimal>, D::Error> {
        BTreeMap::<String, String>::deserialize(d)?
            .into_iter()
            .map(|(k, v)| v.parse().map(|v| (k, v)).map_err(serde::de::Error::custom))
            .collect()
    }
}

impl Weighting {
    /// The policy's id, as files and run records spell it (`explicit` for stated weights).
    pub fn id(&self) -> &'static str {
        match self {
            Weighting::EqualPerPriority => "equal_per_priority",
            Weighting::EqualPerTarget => "equal_per_target",
            Weighting::EqualPerTier => "equal_per_tier",
            Weighting::Explicit(_) => "explicit",
        }
    }
}

/// What happens to a target with no data.
///
/// ```
/// use ics_outcomes::{defaults, score, Catalogue, MissingData, Observations, ScoreOptions, Weight};
/// let (national, locals, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
/// // The default data without A&E: the four-hour target has no data.
/// let all = defaults::observations();
/// let rows = all.rows().filter(|r| r.metric != "ae_4h");
/// let observations = Observations::from_rows(rows, &Catalogue::new(&geography, &national, &locals), "<no A&E>")?;
/// for missing in [MissingData::Exclude, MissingData::ScoreZero] {
///     let options = ScoreOptions { missing, spc: false, ..ScoreOptions::default() };
///     let card = score(&national, &locals, &observations, &geography, &options)?;
///     let ae = card.areas[0].contributions.iter().find(|c| &*c.target == "ae_82pct_4h").unwrap();
///     assert_eq!(ae.excluded, missing == MissingData::Exclude);
///     assert_eq!(ae.weight == Weight::ZERO, missing == MissingData::Exclude);
/// }
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MissingData {
    /// Leave it out and share its weight among the scored targets (of its priority, or,
    /// when a whole priority has no data, among the other priorities under the policy).
    #[default]
    Exclude,
    /// Keep its weight and score it 0.
    ScoreZero,
}

impl MissingData {
    /// The policy's id, as files and run records spell it.
    pub fn id(self) -> &'static str {
        match self {
            MissingData::Exclude => "exclude",
            MissingData::ScoreZero => "score_zero",
        }
    }
}

/// A priority taking part in scoring for one area: its id, tier and number of scored
/// targets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored<'a> {
    pub id: &'a str,
    pub tier: Tier,
    pub targets: usize,
}

impl Weighting {
    /// The weight of each priority in `scored` (those with at least one scored target),
    /// summing to exactly one. Explicit weights must already be checked to cover every
    /// priority; `None` means they sum to zero over these priorities or overflow.
    pub(crate) fn priority_weights(&self, scored: &[Scored<'_>]) -> Option<Vec<Weight>> {
        let count = |n: usize| u128::try_from(n).ok();
        match self {
            Weighting::EqualPerPriority => {
                let w = Weight::new(1, count(scored.len())?)?;
                Some(vec![w; scored.len()])
            }
            Weighting::EqualPerTarget => {
                let total = count(scored.iter().map(|p| p.targets).sum())?;
                scored.iter().map(|p| Weight::new(count(p.targets)?, total)).collect()
            }
            Weighting::EqualPerTier => {
                let in_tier = |tier| scored.iter().filter(|p| p.tier == tier).count();
                let tiers = [Tier::National, Tier::Local].into_iter().filter(|&t| in_tier(t) > 0).count();
                scored.iter().map(|p| Weight::new(1, count(tiers * in_tier(p.tier))?)).collect()
            }
            Weighting::Explicit(weights) => {
                let given: Vec<Decimal> =
                    scored.iter().map(|p| weights.get(p.id).copied().unwrap_or_default()).collect();
                let scale = given.iter().map(|d| d.scale()).max().unwrap_or(0);
                let mantissas: Vec<u128> = given
                    .iter()
                    .map(|d| {
                        let mut d = *d;
                        d.rescale(scale);
                        u128::try_from(d.mantissa()).ok()
                    })
                    .collect::<Option<_>>()?;
                let total = mantissas.iter().try_fold(0u128, |a, &m| a.checked_add(m))?;
                mantissas.iter().map(|&m| Weight::new(m, total)).collect()
            }
        }
    }
}
