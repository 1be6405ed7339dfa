//! Comparison with a benchmark (England, a region) as Fingertips shows it: better, similar,
//! worse, or not compared.

use crate::Polarity;

/// How an area's interval is set against the benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BenchmarkTest {
    /// Fingertips' usual test: the area's confidence interval against the benchmark's value.
    #[default]
    IntervalContainsValue,
    /// Both intervals: similar when they overlap (for a benchmark that has its own
    /// uncertainty, such as a region or a comparator group).
    IntervalsOverlap,
}

/// The verdict of a comparison with a benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// Significantly better than the benchmark.
    Better,
    /// Not significantly different.
    Similar,
    /// Significantly worse.
    Worse,
    /// Significantly higher, for a metric without polarity.
    Higher,
    /// Significantly lower, for a metric without polarity.
    Lower,
    /// No comparison: a value, limit or the benchmark is missing.
    NotCompared,
}

impl Comparison {
    /// The label Fingertips uses, e.g. `Better` or `Not compared`.
    pub fn label(self) -> &'static str {
        match self {
            Comparison::Better => "Better",
            Comparison::Similar => "Similar",
            Comparison::Worse => "Worse",
            Comparison::Higher => "Higher",
            Comparison::Lower => "Lower",
            Comparison::NotCompared => "Not compared",
        }
    }

    /// All verdicts, in display order.
    pub const ALL: [Comparison; 6] = [
        Comparison::Better,
        Comparison::Similar,
        Comparison::Worse,
        Comparison::Higher,
        Comparison::Lower,
        Comparison::NotCompared,
    ];
}

/// A benchmark: its value and, for [`BenchmarkTest::IntervalsOverlap`], its limits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Benchmark {
    /// The benchmark's value (England's rate, say).
    pub value: f64,
    /// Its lower limit (`NaN` when it has none).
    pub lower: f64,
    /// Its upper limit (`NaN` when it has none).
    pub upper: f64,
}

impl Benchmark {
    /// A benchmark known without uncertainty.
    pub fn value(value: f64) -> Self {
        Benchmark { value, lower: f64::NAN, upper: f64::NAN }
    }
}

/// Compares an area's interval `[lower, upper]` with a benchmark.
///
/// The area is significantly higher when its interval lies wholly above the benchmark
/// (its value, or its interval when the test is overlap), lower when wholly below, similar
/// otherwise; polarity turns higher and lower into better and worse.
///
/// ```
/// use ics_outcomes::Polarity;
/// use ics_outcomes::stats::{Benchmark, BenchmarkTest, Comparison, compare};
/// let england = Benchmark::value(62.0);
/// assert_eq!(compare(64.1, 66.0, england, Polarity::HigherIsBetter, BenchmarkTest::default()), Comparison::Better);
/// assert_eq!(compare(60.5, 63.0, england, Polarity::HigherIsBetter, BenchmarkTest::default()), Comparison::Similar);
/// assert_eq!(compare(55.0, 61.0, england, Polarity::NoJudgement, BenchmarkTest::default()), Comparison::Lower);
/// ```
pub fn compare(lower: f64, upper: f64, benchmark: Benchmark, polarity: Polarity, test: BenchmarkTest) -> Comparison {
    let (floor, ceiling) = match test {
        BenchmarkTest::IntervalContainsValue => (benchmark.value, benchmark.value),
        BenchmarkTest::IntervalsOverlap => (benchmark.lower, benchmark.upper),
    };
    if [lower, upper, floor, ceiling].iter().any(|v| v.is_nan()) {
        return Comparison::NotCompared;
    }
    let higher = if lower > ceiling {
        true
    } else if upper < floor {
        false
    } else {
        return Comparison::Similar;
    };
    match (polarity, higher) {
        (Polarity::HigherIsBetter, true) | (Polarity::LowerIsBetter, false) => Comparison::Better,
        (Polarity::HigherIsBetter, false) | (Polarity::LowerIsBetter, true) => Comparison::Worse,
        (Polarity::NoJudgement, true) => Comparison::Higher,
        (Polarity::NoJudgement, false) => Comparison::Lower,
    }
}

/// Compares every row of a table's limit columns with one benchmark.
pub fn compare_all(
    lower: &[f64],
    upper: &[f64],
    benchmark: Benchmark,
    polarity: Polarity,
    test: BenchmarkTest,
) -> Vec<Comparison> {
    lower.iter().zip(upper).map(|(&l, &u)| compare(l, u, benchmark, polarity, test)).collect()
}
