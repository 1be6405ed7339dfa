//! proptest strategies: random but valid frameworks and data.

use ics_outcomes::{
    AttainmentScoring, ChangeKind, LocalFrameworkDef, LocalKind, Metric, NationalFrameworkDef, NationalKind,
    Observation, Period, Polarity, PriorityDef, Purpose, Rounding, TargetDef, TargetKind, Unit, defaults,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// A random framework pair with data for all 42 ICSs at a baseline and a scored period.
#[derive(Debug, Clone)]
pub struct Case {
    pub national: NationalFrameworkDef,
    pub locals: Vec<LocalFrameworkDef>,
    pub rows: Vec<Observation>,
}

pub const BASELINE: Period = Period::Quarter { start_year: 2024, quarter: 1 };
pub const SCORED: Period = Period::Quarter { start_year: 2025, quarter: 4 };

pub fn decimal(max: i64, max_scale: u32) -> impl Strategy<Value = Decimal> {
    (0..=max, 0..=max_scale).prop_map(|(m, s)| Decimal::new(m, s))
}

pub fn period() -> impl Strategy<Value = Period> {
    prop_oneof![
        (1990u16..2090).prop_map(|start_year| Period::FinancialYear { start_year }),
        (1990u16..2090, 1u8..=4).prop_map(|(start_year, quarter)| Period::Quarter { start_year, quarter }),
        (1990u16..2090, 1u8..=12).prop_map(|(year, month)| Period::Month { year, month }),
    ]
}

/// A valid target on a metric with the given polarity (`true`: higher is better).
fn target(id: String, metric: (String, bool)) -> impl Strategy<Value = TargetDef> {
    let (metric, higher) = metric;
    (0u8..3, decimal(1000, 1), decimal(300, 1), any::<bool>(), any::<bool>()).prop_map(
        move |(kind, a, b, linear, relative)| {
            let a = a / Decimal::TEN; // 0 to 100
            match kind {
                0 => {
                    let mut t = TargetDef::new(id.clone(), metric.clone(), TargetKind::Threshold);
                    t.value = Some(a);
                    if linear {
                        t.scoring = Some(AttainmentScoring::Linear);
                        let gap = b / Decimal::TEN + Decimal::ONE;
                        t.floor = Some(if higher { a - gap } else { a + gap });
                    }
                    t
                }
                1 => {
                    let mut t = TargetDef::new(id.clone(), metric.clone(), TargetKind::Improvement);
                    t.baseline_period = Some(BASELINE);
                    t.change = Some(b / Decimal::ONE_HUNDRED + Decimal::new(1, 2));
                    t.change_kind = Some(if relative { ChangeKind::Relative } else { ChangeKind::Absolute });
                    t.scoring = linear.then_some(AttainmentScoring::Linear);
                    t
                }
                _ => {
                    let mut t = TargetDef::new(id.clone(), metric.clone(), TargetKind::Trajectory);
                    t.baseline_period = Some(BASELINE);
                    t.baseline_value = Some(a);
                    t.goal_period = Some(Period::Quarter { start_year: 2026, quarter: 4 });
                    t.goal_value = Some(if higher { a + b / Decimal::TEN } else { a - b / Decimal::TEN });
                    t.scoring = linear.then_some(AttainmentScoring::Linear);
                    t
                }
            }
        },
    )
}

fn priority(prefix: String, metrics: Vec<(String, bool)>) -> impl Strategy<Value = PriorityDef> {
    prop::collection::vec(prop::sample::select(metrics), 1..=3)
        .prop_flat_map(move |chosen| {
            let prefix = prefix.clone();
            chosen.into_iter().enumerate().map(|(j, m)| target(format!("{prefix}_t{j}"), m)).collect::<Vec<_>>()
        })
        .prop_map(|targets| PriorityDef {
            id: targets[0].id.trim_end_matches(char::is_numeric).trim_end_matches("_t").to_owned(),
            title: "Priority".into(),
            purposes: vec![Purpose::Outcomes],
            principles: vec![],
            description: None,
            targets,
        })
}

pub fn case() -> impl Strategy<Value = Case> {
    let metrics = prop::collection::vec(any::<bool>(), 1..=5)
        .prop_map(|h| h.into_iter().enumerate().map(|(i, higher)| (format!("m{i}"), higher)).collect::<Vec<_>>());
    let rounding = prop_oneof![Just(Rounding::HalfAwayFromZero), Just(Rounding::HalfEven), Just(Rounding::Truncate)];
    (metrics, rounding, 1usize..=10, prop::collection::vec((0usize..42, 1usize..=3), 0..=4))
        .prop_flat_map(|(metrics, rounding, n_national, local_specs)| {
            let national: Vec<_> = (0..n_national).map(|i| priority(format!("n{i}"), metrics.clone())).collect();
            let locals: Vec<_> = local_specs
                .iter()
                .enumerate()
                .map(|(k, &(area, n))| {
                    (Just(area), (0..n).map(|i| priority(format!("l{k}x{i}"), metrics.clone())).collect::<Vec<_>>())
                })
                .collect();
            let values = prop::collection::vec(
                decimal(10_000, 2).prop_map(|v| v / Decimal::ONE_HUNDRED),
                42 * metrics.len() * 2,
            );
            (Just(metrics), Just(rounding), national, locals, values)
        })
        .prop_map(|(metrics, rounding, priorities, locals, values)| {
            let systems: Vec<String> =
                defaults::Edition::Plan2025_26.geography().systems().map(|a| a.code.clone()).collect();
            let national = NationalFrameworkDef {
                kind: NationalKind::National,
                id: "prop".into(),
                name: "Property".into(),
                version: "1".into(),
                description: None,
                rounding,
                scoring: AttainmentScoring::Binary,
                trajectory_years: ics_outcomes::DEFAULT_TRAJECTORY_YEARS,
                metrics: metrics
                    .iter()
                    .map(|(id, higher)| Metric {
                        id: id.clone(),
                        name: id.clone(),
                        unit: Unit::Percentage,
                        polarity: if *higher { Polarity::HigherIsBetter } else { Polarity::LowerIsBetter },
                        decimals: 1,
                        source: None,
                        statistic: None,
                        combine: None,
                        weight: None,
                        spc_chart: None,
                    })
                    .collect(),
                priorities,
            };
            let mut seen = std::collections::HashSet::new();
            let locals = locals
                .into_iter()
                .filter(|(area, _)| seen.insert(*area))
                .map(|(area, priorities)| LocalFrameworkDef {
                    kind: LocalKind::Local,
                    area: systems[area].clone(),
                    name: "Local".into(),
                    nests_in: "1".into(),
                    description: None,
                    metrics: vec![],
                    priorities,
                    trajectories: vec![],
                })
                .collect();
            let mut values = values.into_iter();
            let mut rows = Vec::new();
            for area in &systems {
                for (metric, _) in &metrics {
                    for period in [BASELINE, SCORED] {
                        rows.push(Observation {
                            area: area.clone(),
                            metric: metric.clone(),
                            period,
                            value: values.next(),
                            numerator: None,
                            denominator: None,
                        });
                    }
                }
            }
            Case { national, locals, rows }
        })
}

/// A count, small (1 to 7) or zero about half the time, as real small-area tables are.
pub fn count() -> impl Strategy<Value = u64> {
    prop_oneof![2 => Just(0u64), 4 => 1u64..=7, 4 => 8u64..40]
}

/// A table of counts of 1 to 6 rows and 1 to 6 columns.
pub fn count_table() -> impl Strategy<Value = Vec<Vec<u64>>> {
    (1usize..=6, 1usize..=6)
        .prop_flat_map(|(rows, columns)| proptest::collection::vec(proptest::collection::vec(count(), columns), rows))
}

/// A valid disclosure rule: any threshold from 1 to 7, zeros suppressed or not, rounding to
/// 5, 10 or not at all; secondary suppression on.
pub fn disclosure_rule() -> impl Strategy<Value = ics_outcomes::disclosure::DisclosureRule> {
    (1u8..=7, any::<bool>(), prop_oneof![Just(None), Just(Some(5u32)), Just(Some(10u32))]).prop_map(
        |(threshold, suppress_zeros, round_to)| ics_outcomes::disclosure::DisclosureRule {
            threshold,
            suppress_zeros,
            secondary: true,
            round_to,
        },
    )
}
