//! The correctly rounded mean: the exact sum of the values divided by their count, rounded
//! once to the nearest `f64` (ties to even).
//!
//! The package's labels depend on the last bit of the centre line (a point exactly on the mean
//! breaks a run; a naive mean of a constant 0.1 series puts every point "below" it), and R's
//! `mean()` agrees with the correctly rounded mean on all the reference data. The sum is kept
//! exactly as a Shewchuk expansion (non-overlapping partials, as in Python's `math.fsum`), and
//! the quotient is then corrected by exact sign tests against the midpoints to its neighbours,
//! with `f64::mul_add` giving each product `q × n` exactly as two doubles.
//!
//! Exact as long as no partial sum overflows (|sum| below about 2^1022).

/// An exact sum of doubles, kept as non-overlapping partials in increasing magnitude.
///
/// The buffer is reused between means, so a series costs no allocation once it has grown.
#[derive(Debug, Default, Clone)]
pub(crate) struct ExactSum {
    partials: Vec<f64>,
    count: usize,
    /// Scratch expansion for the sign tests.
    test: Vec<f64>,
}

impl ExactSum {
    /// Sets the sum to that of `values`, exactly.
    ///
    /// Most series take a fast path: a running sum whose rounding errors are themselves
    /// summed, each step an error-free transformation (Knuth's TwoSum). When no error of that
    /// second sum is lost (always, for data of a few decimal places), the two running sums
    /// are the exact total. Otherwise the values are added again one by one into the
    /// expansion.
    pub(crate) fn set(&mut self, values: impl Iterator<Item = f64> + Clone) {
        let (mut high, mut low, mut exact, mut count) = (0.0, 0.0, true, 0);
        for x in values.clone() {
            let (sum, error) = two_sum(high, x);
            let (sum_of_errors, error_of_errors) = two_sum(low, error);
            high = sum;
            low = sum_of_errors;
            // NaN (from an overflow) is not 0 either, and takes the slow path.
            exact &= error_of_errors == 0.0;
            count += 1;
        }
        self.partials.clear();
        self.count = count;
        if exact {
            let (sum, error) = two_sum(high, low);
            if error != 0.0 {
                self.partials.push(error);
            }
            self.partials.push(sum);
        } else {
            values.for_each(|x| grow(&mut self.partials, x));
        }
    }

    /// The correctly rounded mean of the values added; NaN when there are none, as R's
    /// `mean(numeric(0))`.
    pub(crate) fn mean(&mut self) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        // Counts beyond 2^53 are not exact doubles; no series is that long.
        let n = self.count as f64;
        if self.partials.len() <= 1 {
            // The sum is one double, so IEEE division already rounds correctly.
            return self.partials.first().copied().unwrap_or(0.0) / n;
        }
        let estimate: f64 = self.partials.iter().sum();
        let mut q = estimate / n;
        // The estimate is within a couple of ulps; each step moves one ulp towards the exact
        // quotient, and a few steps always suffice.
        for _ in 0..8 {
            let (up, down) = (q.next_up(), q.next_down());
            match (self.against_midpoint(q, up, n), self.against_midpoint(q, down, n)) {
                (Sign::Positive, _) => q = up,
                (_, Sign::Negative) => q = down,
                (Sign::Zero, _) => return even(q, up),
                (_, Sign::Zero) => return even(q, down),
                _ => return q,
            }
        }
        q
    }

    /// The exact sign of `2 × sum − (a + b) × n`: where the exact mean lies relative to the
    /// midpoint of `a` and `b`.
    fn against_midpoint(&mut self, a: f64, b: f64, n: f64) -> Sign {
        self.test.clear();
        // Doubling is exact and keeps the partials non-overlapping.
        self.test.extend(self.partials.iter().map(|p| 2.0 * p));
        for x in [a, b] {
            let product = x * n;
            let error = x.mul_add(n, -product);
            grow(&mut self.test, -product);
            grow(&mut self.test, -error);
        }
        sign(&self.test)
    }
}

/// The correctly rounded mean of `values` (exact sum / count, rounded once); NaN for none.
///
/// ```
/// use ics_outcomes::spc::correctly_rounded_mean;
/// assert_eq!(correctly_rounded_mean(&[0.1; 10]), 0.1); // a naive sum gives 0.09999999999999999
/// assert_eq!(correctly_rounded_mean(&[1e100, 1.0, -1e100]), 1.0 / 3.0);
/// assert!(correctly_rounded_mean(&[]).is_nan());
/// ```
pub fn correctly_rounded_mean(values: &[f64]) -> f64 {
    let mut sum = ExactSum::default();
    sum.set(values.iter().copied());
    sum.mean()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sign {
    Negative,
    Zero,
    Positive,
}

/// `a + b` and its rounding error, exactly: `a + b == sum + error` (Knuth's TwoSum).
fn two_sum(a: f64, b: f64) -> (f64, f64) {
    let sum = a + b;
    let b_part = sum - a;
    let a_part = sum - b_part;
    (sum, (a - a_part) + (b - b_part))
}

/// Adds `x` to a non-overlapping expansion exactly (Shewchuk's grow-expansion with zero
/// elimination).
fn grow(partials: &mut Vec<f64>, mut x: f64) {
    let mut kept = 0;
    for j in 0..partials.len() {
        let mut y = partials[j];
        if x.abs() < y.abs() {
            std::mem::swap(&mut x, &mut y);
        }
        let high = x + y;
        let low = y - (high - x);
        if low != 0.0 {
            partials[kept] = low;
            kept += 1;
        }
        x = high;
    }
    partials.truncate(kept);
    partials.push(x);
}

/// The sign of a non-overlapping expansion: that of its largest non-zero partial, which
/// outweighs all the others together.
fn sign(partials: &[f64]) -> Sign {
    match partials.iter().rev().find(|p| **p != 0.0) {
        Some(p) if *p > 0.0 => Sign::Positive,
        Some(p) if *p < 0.0 => Sign::Negative,
        _ => Sign::Zero,
    }
}

/// Of two neighbouring doubles, the one with an even significand (the tie-breaking rule).
fn even(a: f64, b: f64) -> f64 {
    if a.to_bits() & 1 == 0 { a } else { b }
}
