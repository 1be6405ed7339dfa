//! Funnel control limits (`calculate_funnel_limits`): 100 points along the x axis, with the
//! 2σ (95%) and 3σ (99.8%) limits around the average of all records at each.

use super::super::dist::normal_quantile;
use super::super::format::{r_character, r_thousands};
use super::{
    FunnelStatistic, PROPORTION_LIMITS_REQUIRE, RATE_LIMITS_REQUIRE, RATIO_LIMITS_REQUIRE, RatioType,
    check_rate_inputs, check_years, derived_denominators, one_of,
};
use crate::Error;
use crate::stats::{Checks, Field, OutputType, Role, Table, check_multiplier};

/// Settings of [`funnel_limits`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FunnelLimitOptions {
    /// What the funnel shows.
    pub statistic: FunnelStatistic,
    /// Scale of the limits: 100 for percentages, 100,000 for rates per 100,000. Unused for
    /// ratios, as in the package.
    pub multiplier: f64,
    /// [`OutputType::Full`] adds `statistic` and `method`; [`OutputType::Standard`] leaves
    /// them out. Other types are refused.
    pub output: OutputType,
}

/// The one-sided tail probabilities of the 2σ and 3σ limits, with their column prefixes.
const LIMITS: [(&str, f64); 2] = [("2s", 0.025), ("3s", 0.001)];

/// Funnel control limits for a set of records (`calculate_funnel_limits`): a 100-row table
/// of x-axis points and the 2σ and 3σ limits at each, around the average of all records.
///
/// * Proportion: `Population`, `lower_2s_limit`, `upper_2s_limit`, `lower_3s_limit`,
///   `upper_3s_limit` (Wilson-based, times the multiplier, clipped to [0, 100]) and
///   `baseline` (Σ numerator / Σ denominator × multiplier). Needs `denominator`.
/// * Ratio: `Observed_events` and, per limit, the expected events at which it is reached
///   (`lower_2s_exp_events`, ...) and the limit (`count`: O/E − 1; `isr`: O/E × 100).
///   Needs `denominator` (the expected events).
/// * Rate: `Events`, per limit the population per year (`lower_2s_population_1_year`, ...)
///   and the rate, and `baseline`. Needs `rate`; the population behind each record is
///   recovered as `multiplier · numerator / rate` (see [`RateType`](super::RateType)).
///
/// Full output adds `statistic` (`proportion`, `ratio (count)`, `rate (dsr per 100,000)`, ...)
/// and `method` (`Wilson` or `Poisson`).
///
/// The Poisson limits are found by bisection over Poisson sums, as the Fingertips macro does;
/// the time taken grows with the number of events on the axis.
///
/// # Errors
/// [`Error::Argument`] for a missing `denominator` or `rate`, an output type other than full
/// or standard, a bad multiplier or `years_of_data`; [`Error::Data`] for missing values the
/// package refuses (see its messages), infinite values, or no usable denominator at all.
pub fn funnel_limits(
    numerator: Field<'_>,
    denominator: Option<Field<'_>>,
    rate: Option<Field<'_>>,
    options: &FunnelLimitOptions,
) -> Result<Table, Error> {
    if !matches!(options.output, OutputType::Full | OutputType::Standard) {
        let text = format!("{:?}", options.output).to_lowercase();
        return Err(one_of("type", &text, &["full", "standard"]));
    }
    check_multiplier(options.multiplier)?;
    let m = options.multiplier;
    let missing = |argument: &str, message: &str| Error::argument(argument, "NULL", message);
    let fields: Vec<Field<'_>> = match options.statistic {
        FunnelStatistic::Proportion => {
            vec![numerator, denominator.ok_or_else(|| missing("denominator", PROPORTION_LIMITS_REQUIRE))?]
        }
        FunnelStatistic::Ratio(_) => {
            vec![numerator, denominator.ok_or_else(|| missing("denominator", RATIO_LIMITS_REQUIRE))?]
        }
        FunnelStatistic::Rate { years_of_data, .. } => {
            check_years(years_of_data)?;
            let rate = rate.ok_or_else(|| missing("rate", RATE_LIMITS_REQUIRE))?;
            [numerator, rate].into_iter().chain(denominator).collect()
        }
    };
    let mut checks = Checks::new("funnel limits");
    checks.lengths(numerator.values.len(), &fields[1..]);
    checks.finish()?;

    let mut checks = Checks::new("funnel limits");
    checks.finite(&fields);
    let derived = match options.statistic {
        FunnelStatistic::Proportion => {
            let message = "for proportions, numerators and denominators must be provided for all records, even when their values are zero";
            checks.missing_where(numerator, |_| true, message);
            checks.missing_where(fields[1], |row| !numerator.values[row].is_nan(), message);
            fields[1].values.to_vec()
        }
        FunnelStatistic::Ratio(_) => fields[1].values.to_vec(),
        FunnelStatistic::Rate { rate_type, .. } => {
            check_rate_inputs(&mut checks, numerator, denominator, fields[1]);
            derived_denominators(numerator.values, denominator.map(|d| d.values), fields[1].values, rate_type, m)
        }
    };
    let usable = derived.iter().filter(|d| !d.is_nan());
    let (min, max) = usable.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &d| (lo.min(d), hi.max(d)));
    // Only worth saying when nothing else explains it.
    if checks.is_clean() && min > max {
        checks.field(numerator.name, "", "at least one record with a denominator is needed to draw funnel limits");
    }
    checks.finish()?;

    let total: f64 = numerator.values.iter().sum();
    let average = total / derived.iter().filter(|d| !d.is_nan()).sum::<f64>();
    let axis = axis_points(min, max, average, &options.statistic);
    let mut table = Table::new(axis.len());
    match options.statistic {
        FunnelStatistic::Proportion => proportion_columns(&mut table, axis, average, m),
        FunnelStatistic::Ratio(ratio_type) => ratio_columns(&mut table, axis, ratio_type),
        FunnelStatistic::Rate { years_of_data, .. } => rate_columns(&mut table, axis, average, m, years_of_data),
    }
    let (statistic, method) = match options.statistic {
        FunnelStatistic::Proportion => ("proportion".to_owned(), "Wilson"),
        FunnelStatistic::Ratio(ratio_type) => (format!("ratio ({})", ratio_type.name()), "Poisson"),
        FunnelStatistic::Rate { rate_type, .. } => {
            (format!("rate ({} per {})", rate_type.name(), r_thousands(m)), "Poisson")
        }
    };
    table.constant("statistic", Some(statistic));
    table.constant("method", Some(method.to_owned()));
    Ok(table.select(options.output))
}

fn proportion_columns(table: &mut Table, population: Vec<f64>, average: f64, m: f64) {
    table.number("Population", Role::Data, population.clone());
    for (prefix, tail) in LIMITS {
        let p = 1.0 - tail;
        let lower = population.iter().map(|&n| r_max(0.0, wilson_limit(p, n, average, Side::Low, m))).collect();
        let upper = population.iter().map(|&n| r_min(100.0, wilson_limit(p, n, average, Side::High, m))).collect();
        table.number(format!("lower_{prefix}_limit"), Role::Lower, lower);
        table.number(format!("upper_{prefix}_limit"), Role::Upper, upper);
    }
    table.number("baseline", Role::Value, vec![average * m; population.len()]);
}

fn ratio_columns(table: &mut Table, observed: Vec<f64>, ratio_type: RatioType) {
    let scale = |limit: f64| match ratio_type {
        RatioType::Count => limit - 1.0,
        RatioType::Isr => limit * 100.0,
    };
    table.number("Observed_events", Role::Data, observed.clone());
    for (prefix, tail) in LIMITS {
        for (side, name, role) in [(Tail::AtMost, "lower", Role::Lower), (Tail::AtLeast, "upper", Role::Upper)] {
            let expected: Vec<f64> = observed.iter().map(|&o| poisson_funnel(o, tail, side)).collect();
            let limit = observed.iter().zip(&expected).map(|(o, e)| scale(o / e)).collect();
            table.number(format!("{name}_{prefix}_exp_events"), Role::Data, expected);
            table.number(format!("{name}_{prefix}_limit"), role, limit);
        }
    }
}

fn rate_columns(table: &mut Table, events: Vec<f64>, average: f64, m: f64, years: f64) {
    table.number("Events", Role::Data, events.clone());
    for (prefix, tail) in LIMITS {
        for (side, name, role) in [(Tail::AtMost, "lower", Role::Lower), (Tail::AtLeast, "upper", Role::Upper)] {
            let population: Vec<f64> = events.iter().map(|&o| poisson_funnel(o, tail, side) / average).collect();
            let limit = events.iter().zip(&population).map(|(o, p)| o / p * m).collect();
            table.number(
                format!("{name}_{prefix}_population_1_year"),
                Role::Data,
                population.iter().map(|p| p / years).collect(),
            );
            table.number(format!("{name}_{prefix}_limit"), role, limit);
        }
    }
    table.number("baseline", Role::Value, vec![average * m; events.len()]);
}

/// The 100 x-axis points: denominators for proportions, observed events for ratios, events
/// for rates (the population axis times the average rate), spaced geometrically from a
/// rounded-down minimum to a rounded-up maximum and at least 1 apart.
fn axis_points(min: f64, max: f64, average: f64, statistic: &FunnelStatistic) -> Vec<f64> {
    let per_year = |f: fn(f64) -> f64, x: f64| match statistic {
        FunnelStatistic::Rate { years_of_data, .. } => f(x / years_of_data) * years_of_data,
        _ => f(x),
    };
    let mut lowest = if max > 2.0 * min { 0.0 } else { per_year(round_down_axis, min) };
    let mut highest = per_year(round_up_axis, max);
    if let FunnelStatistic::Rate { .. } = statistic {
        lowest = (lowest * average).floor();
        highest = (highest * average).ceil();
    }
    // Ratios start the exponent one step later, as the package does.
    let offset = usize::from(matches!(statistic, FunnelStatistic::Ratio(_)));
    let mut points = Vec::with_capacity(100);
    points.push(r_max(1.0, lowest));
    for j in 2..=100 {
        let previous = points[j - 2];
        let step = (highest / previous).powf(1.0 / (101 - (j - offset)) as f64) * previous;
        points.push(r_max(step.round_ties_even(), previous + 1.0));
    }
    points
}

/// The axis minimum: 95% of `x`, rounded down to its leading digit (R's `nchar` of the
/// number decides how many digits, so `1e+05` counts 5 characters).
fn round_down_axis(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let scale = 10f64.powf((r_character((x * 0.95).floor()).len() as f64) - 1.0);
    (x * 0.95 / scale).floor() * scale
}

/// The axis maximum: 105% of `x`, rounded up to its two leading digits (by R's `nchar`).
fn round_up_axis(x: f64) -> f64 {
    if x == 0.0 {
        return 0.0;
    }
    let scale = 10f64.powf((r_character((x * 1.05).ceil()).len() as f64) - 2.0);
    (x * 1.05 / scale).ceil() * scale
}

/// R's `max` of two numbers: missing if either is.
fn r_max(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() { f64::NAN } else { a.max(b) }
}

/// R's `min` of two numbers: missing if either is.
fn r_min(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() { f64::NAN } else { a.min(b) }
}

/// Which side of the average a proportion limit lies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Low,
    High,
}

/// The proportion (times `m`) out of `population` whose Wilson interval at one-sided
/// probability `p` just reaches `average` (the package's `sigma_adjustment`), evaluated in
/// the package's order of operations. Missing where the square root is of a negative number.
pub(super) fn wilson_limit(p: f64, population: f64, average: f64, side: Side, m: f64) -> f64 {
    let z = normal_quantile(p);
    let z2 = z * z;
    let first = average * (population / z2 + 1.0);
    let a = -8.0 * average * (population / z2 + 1.0);
    let adjustment = (a * a
        - 64.0
            * (1.0 / z2 + 1.0 / population)
            * average
            * (population * (average * (population / z2 + 2.0) - 1.0) + z2 * (average - 1.0)))
        .sqrt();
    let last = 1.0 / z2 + 1.0 / population;
    let limit = match side {
        Side::Low => (first - adjustment / 8.0) / last,
        Side::High => (first + adjustment / 8.0) / last,
    };
    limit / population * m
}

/// Which Poisson tail a funnel limit holds at probability `p`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tail {
    /// P(X ≥ observed) = p: the smallest expected count the observed one is not too high
    /// for, hence the upper limit of observed / expected (the package's side `"low"`).
    AtLeast,
    /// P(X ≤ observed) = p: the largest expected count, hence the lower limit (`"high"`).
    AtMost,
}

/// The expected count μ at which the Poisson tail of `observed` equals `p`, by the
/// Fingertips macro's bisection on v ∈ (0, 1) with μ = (1 + observed) v / (1 − v),
/// halving the step 23 times.
fn poisson_funnel(observed: f64, p: f64, tail: Tail) -> f64 {
    let (mut v, mut dv) = (0.5_f64, 0.5_f64);
    while dv > 1e-7 {
        dv /= 2.0;
        let mu = (1.0 + observed) * v / (1.0 - v);
        let too_far = match tail {
            Tail::AtLeast => poisson_cis(mu, observed, 1e10) > p,
            Tail::AtMost => poisson_cis(mu, 0.0, observed) < p,
        };
        if too_far {
            v -= dv;
        } else {
            v += dv;
        }
    }
    (1.0 + observed) * v / (1.0 - v)
}

/// P(a ≤ X ≤ b) for X ~ Poisson(μ), as the macro sums it: unnormalised terms
/// q_k = q_{k−1} μ / k from q_0 = 1, until k passes μ and the terms fall below 1e−10 of the
/// total, rescaling by 1e30 to stay finite.
fn poisson_cis(mu: f64, a: f64, b: f64) -> f64 {
    let (mut q, mut total, mut partial, mut k) = (1.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    while k <= mu || q > total * 1e-10 {
        total += q;
        if k >= a && k <= b {
            partial += q;
        }
        if total > 1e30 {
            partial /= 1e30;
            total /= 1e30;
            q /= 1e30;
        }
        k += 1.0;
        q = q * mu / k;
    }
    partial / total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axis_rounding_counts_characters_as_r_does() {
        // 0.95 · 105263.2 = 100000.04 floors to 100000, printed `1e+05`: 5 characters.
        assert_eq!(round_down_axis(105_263.2), 100_000.0);
        assert_eq!(round_down_axis(41_980.0), 30_000.0);
        assert_eq!(round_up_axis(100_000.0), 110_000.0);
        assert_eq!(round_up_axis(30_000.0), 32_000.0);
        assert_eq!(round_down_axis(0.0), 0.0);
    }

    #[test]
    fn poisson_sums_are_probabilities() {
        // The sum stops once terms fall below 1e-10 of the total.
        let p = poisson_cis(3.0, 0.0, 2.0);
        assert!((p - (-3.0_f64).exp() * (1.0 + 3.0 + 4.5)).abs() < 1e-9);
        assert_eq!(poisson_cis(50.0, 0.0, 1e10), 1.0);
        // The limits are the exact Poisson ones, to the bisection's resolution.
        let upper = poisson_funnel(1.0, 0.025, Tail::AtMost);
        assert!((upper - 5.571643390938899).abs() < 1e-5);
    }
}
