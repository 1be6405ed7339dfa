//! The runs analysis of a run chart (Anhøj's rules), as qicharts2 0.8.1 does it: the longest
//! run of points on one side of the centre line, and the number of times the series crosses
//! it, each against a limit that depends only on how many points are useful.
//!
//! A useful point has a value that is not on the centre line. With `n` useful points the
//! longest run signals above `round(log2(n)) + 3` (Schilling 2012) and the crossings below
//! the 5% quantile of Binomial(n − 1, ½) (Chen 2010). The best-box and cut-box tables of
//! Anhøj and Wentzel-Larsen (2018), for 10 to 100 useful points, are the alternatives
//! qicharts2 offers; outside that range they fall back to Anhøj's rules, as the package does.

use std::sync::OnceLock;

use serde::Serialize;

super::label_enum! {
    /// Which limits a runs analysis uses (qicharts2's `method`).
    pub enum RunsMethod("runs_method") {
        /// Anhøj's rules: the default, defined for any number of useful points.
        Anhoej => "anhoej",
        /// The best-box table, for 10 to 100 useful points.
        BestBox => "bestbox",
        /// The cut-box table, for 10 to 100 useful points.
        CutBox => "cutbox",
    }
}

/// A runs analysis of one part of a chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RunsAnalysis {
    /// Points analysed (included points, with or without a value).
    pub observations: usize,
    /// Points with a value off the centre line.
    pub useful: usize,
    /// The longest run on one side; `None` with no useful points.
    pub longest_run: Option<usize>,
    /// Anhøj's limit for the longest run: it signals above this.
    pub longest_run_max: Option<usize>,
    /// Times the series crosses the centre line.
    pub crossings: Option<usize>,
    /// Anhøj's limit for crossings: fewer signal.
    pub crossings_min: Option<usize>,
    /// A non-random pattern: too long a run or too few crossings, under the method used.
    pub signal: bool,
}

impl RunsAnalysis {
    /// The analysis of points on `sides` of the centre line (+1, −1; 0 for on it or no
    /// value, which are not useful) in time order.
    pub fn new(sides: impl Iterator<Item = i8>, method: RunsMethod) -> RunsAnalysis {
        let (mut observations, mut useful, mut runs, mut longest, mut current, mut last) = (0, 0, 0, 0, 0, 0);
        for side in sides {
            observations += 1;
            if side == 0 {
                continue;
            }
            useful += 1;
            if side == last {
                current += 1;
            } else {
                runs += 1;
                current = 1;
                last = side;
            }
            longest = longest.max(current);
        }
        if useful == 0 {
            return RunsAnalysis {
                observations,
                useful,
                longest_run: None,
                longest_run_max: None,
                crossings: None,
                crossings_min: None,
                signal: false,
            };
        }
        let crossings = runs - 1;
        let (longest_max, crossings_min) = (longest_run_max(useful), crossings_min(useful));
        let signal = match box_limits(useful, method) {
            Some(limits) => limits.signal(crossings, longest, method),
            None => longest > longest_max || crossings < crossings_min,
        };
        RunsAnalysis {
            observations,
            useful,
            longest_run: Some(longest),
            longest_run_max: Some(longest_max),
            crossings: Some(crossings),
            crossings_min: Some(crossings_min),
            signal,
        }
    }
}

/// Anhøj's limit for the longest run among `useful` points: `round(log2(useful)) + 3`.
pub fn longest_run_max(useful: usize) -> usize {
    // log2 of a whole number is never exactly half-way, so rounding ties cannot arise.
    (useful as f64).log2().round() as usize + 3
}

/// Anhøj's limit for crossings among `useful` points: the 5% quantile of
/// Binomial(`useful` − 1, ½), as R's `qbinom(0.05, useful - 1, 0.5)`.
pub fn crossings_min(useful: usize) -> usize {
    static TABLE: OnceLock<Vec<usize>> = OnceLock::new();
    let table = TABLE.get_or_init(|| (0..=TABLED).map(binomial_quantile_5).collect());
    let trials = useful.saturating_sub(1);
    table.get(trials).copied().unwrap_or_else(|| binomial_quantile_5(trials))
}

/// Trials whose quantile is kept in a table: series in practice are shorter.
const TABLED: usize = 1024;

/// The smallest `k` with P(X ≤ k) ≥ 0.05 for X ~ Binomial(`trials`, ½), summed in log space
/// so that long series do not underflow; R's `qbinom` fuzz (`p × (1 − 64ε)`) is applied so
/// that a cumulative probability a rounding error short of 5% still counts.
fn binomial_quantile_5(trials: usize) -> usize {
    let target = 0.05 * (1.0 - 64.0 * f64::EPSILON);
    let n = trials as f64;
    let half = -n * std::f64::consts::LN_2;
    let (mut log_choose, mut total) = (0.0_f64, 0.0_f64);
    for k in 0..=trials {
        if k > 0 {
            log_choose += ((n - k as f64 + 1.0) / k as f64).ln();
        }
        total += (log_choose + half).exp();
        if total >= target {
            return k;
        }
    }
    trials
}

/// The best-box and cut-box limits at one number of useful points.
#[derive(Debug, Clone, Copy)]
struct BoxLimits {
    crossings: usize,
    longest: usize,
    crossings_border: Option<usize>,
    longest_border: Option<usize>,
}

impl BoxLimits {
    /// Whether `crossings` and `longest` signal under `method` (best box or cut box).
    fn signal(self, crossings: usize, longest: usize, method: RunsMethod) -> bool {
        let inside = crossings >= self.crossings && longest <= self.longest;
        match (method, self.crossings_border, self.longest_border) {
            (RunsMethod::CutBox, Some(crossings_border), Some(longest_border)) => {
                let corner = crossings > self.crossings && longest < self.longest;
                let on_crossings_edge = crossings == self.crossings && longest <= longest_border;
                let on_longest_edge = crossings >= crossings_border && longest <= self.longest;
                !(corner || on_crossings_edge || on_longest_edge)
            }
            _ => !inside,
        }
    }
}

/// The best-box (and, where a cut is defined, cut-box) limits for `useful` points, or `None`
/// for Anhøj's rules.
fn box_limits(useful: usize, method: RunsMethod) -> Option<BoxLimits> {
    if method == RunsMethod::Anhoej || !(BOX_FIRST..BOX_FIRST + BEST_CROSSINGS.len()).contains(&useful) {
        return None;
    }
    let i = useful - BOX_FIRST;
    let border = |table: &[u8]| Some(usize::from(table[i])).filter(|&b| b != 0);
    Some(BoxLimits {
        crossings: usize::from(BEST_CROSSINGS[i]),
        longest: usize::from(BEST_LONGEST[i]),
        crossings_border: border(&CUT_CROSSINGS),
        longest_border: border(&CUT_LONGEST),
    })
}

/// The first number of useful points the box tables cover (they run to 100).
const BOX_FIRST: usize = 10;

/// Best box: the fewest crossings without a signal, for 10 to 100 useful points.
const BEST_CROSSINGS: [u8; 91] = [
    2, 3, 3, 3, 3, 4, 5, 5, 5, 5, 6, 7, 6, 6, 6, 6, 9, 9, 9, 10, 11, 11, 11, 11, 11, 12, 13, 14, 13, 15, 15, 15, 14,
    14, 17, 17, 17, 17, 19, 19, 19, 19, 19, 21, 21, 21, 21, 23, 23, 23, 23, 23, 25, 25, 26, 26, 27, 27, 27, 28, 29, 29,
    29, 30, 30, 31, 31, 31, 32, 33, 33, 33, 34, 33, 35, 35, 35, 35, 37, 37, 38, 37, 39, 39, 39, 39, 39, 41, 41, 42, 41,
];

/// Best box: the longest run without a signal.
const BEST_LONGEST: [u8; 91] = [
    6, 7, 6, 6, 6, 7, 8, 7, 7, 7, 7, 8, 7, 7, 7, 7, 9, 8, 8, 8, 10, 9, 8, 8, 8, 8, 9, 10, 8, 11, 9, 9, 8, 8, 10, 9, 9,
    9, 12, 10, 9, 9, 9, 11, 10, 9, 9, 12, 10, 10, 9, 9, 11, 10, 11, 10, 12, 10, 10, 11, 14, 11, 10, 11, 10, 12, 11, 10,
    11, 13, 11, 10, 11, 10, 11, 11, 10, 10, 12, 11, 12, 10, 13, 11, 11, 10, 10, 12, 11, 12, 10,
];

/// Cut box: the crossings border of the cut corner (0 where no corner is cut).
const CUT_CROSSINGS: [u8; 91] = [
    3, 4, 0, 0, 0, 6, 6, 0, 6, 6, 0, 0, 7, 7, 7, 0, 10, 10, 11, 0, 12, 14, 0, 12, 13, 0, 15, 0, 0, 0, 0, 17, 0, 0, 0,
    0, 19, 20, 20, 21, 0, 21, 21, 23, 23, 0, 23, 25, 24, 26, 0, 24, 27, 27, 27, 27, 29, 0, 29, 29, 30, 31, 30, 31, 0,
    32, 34, 33, 33, 37, 35, 0, 36, 36, 0, 38, 36, 38, 38, 39, 0, 39, 41, 40, 42, 0, 41, 42, 44, 43, 42,
];

/// Cut box: the longest-run border of the cut corner (0 where no corner is cut).
const CUT_LONGEST: [u8; 91] = [
    5, 6, 0, 0, 0, 6, 7, 0, 6, 5, 0, 0, 6, 6, 6, 0, 7, 7, 7, 0, 9, 8, 0, 7, 7, 0, 8, 0, 0, 0, 0, 8, 0, 0, 0, 0, 8, 7,
    11, 9, 0, 8, 7, 9, 8, 0, 8, 11, 9, 8, 0, 8, 9, 9, 10, 9, 10, 0, 8, 8, 13, 9, 9, 10, 0, 9, 8, 9, 8, 11, 9, 0, 10, 7,
    0, 8, 9, 8, 10, 9, 0, 9, 12, 10, 8, 0, 8, 9, 9, 10, 9,
];
