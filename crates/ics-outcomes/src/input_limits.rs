//! Bounds on the input the parsers accept.
//!
//! Analysts feed the library hand-written files and exports from many systems. A file that is
//! far larger or more deeply nested than any real framework, or a CSV line with no end, is
//! refused with [`Error::Limit`] naming the limit, rather than exhausting memory or the stack.
//! The defaults are far above real use (the embedded national framework is 5 KiB and nests 3
//! deep; England's place-level observations for a decade are a few million rows). CSV
//! limits can be raised with [`Observations::read_csv_within`](crate::Observations::read_csv_within);
//! framework and model files are always held to the defaults.
//!
//! ```
//! use ics_outcomes::{Error, input_limits::Limits};
//!
//! let deep = format!("kind = \"national\"\nx = {}{}\n", "[".repeat(100), "]".repeat(100));
//! let err = ics_outcomes::FrameworkFile::parse(&deep, "deep.toml").unwrap_err();
//! assert!(matches!(err, Error::Limit { limit: "max_depth", .. }));
//! assert_eq!(Limits::default().max_depth, 32);
//! ```

use rust_decimal::Decimal;

use crate::error::{Error, IssueKind};

/// The largest magnitude of any number a user gives: an observed value, numerator or
/// denominator, a target's value, floor, change or baseline, a trajectory's values, a budget.
///
/// 10¹⁴, a hundred trillion, is far above any real figure (England's NHS budget is about
/// £2 × 10¹¹), and low enough that nothing the library computes from such numbers can
/// overflow exact decimal arithmetic (about 7.9 × 10²⁸): the largest product, a baseline
/// times a relative change, stays below 10²⁸, and sums of up to 200 million rows below
/// 2 × 10²². A larger number is refused where it is read, naming its row or field.
///
/// ```
/// use ics_outcomes::input_limits::MAX_MAGNITUDE;
/// assert_eq!(MAX_MAGNITUDE.to_string(), "100000000000000");
/// ```
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(0x107A_4000, 0x5AF3, 0, false, 0);

/// The issue for `value` when its magnitude is above [`MAX_MAGNITUDE`].
pub fn magnitude_issue(value: Decimal) -> Option<IssueKind> {
    crate::number::compare(value.abs(), MAX_MAGNITUDE).is_gt().then_some(IssueKind::TooLarge { limit: MAX_MAGNITUDE })
}

/// The bounds, each with a default far above real use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest framework or maturity model file, in bytes (default 16 MiB).
    pub max_file_bytes: u64,
    /// Deepest nesting of arrays and tables in a framework or model file (default 32), in
    /// brackets and braces. Dotted TOML keys (`a.b.c = 1`) nest without them; the TOML
    /// parser's own recursion limit refuses those past about 80 levels, as an
    /// [`Error::File`].
    pub max_depth: usize,
    /// Largest CSV input, in bytes (default 16 GiB).
    pub max_csv_bytes: u64,
    /// Longest CSV record, in bytes (default 1 MiB): a line, or the lines of a quoted field
    /// that spans several. The loader holds one record at a time, so this bounds its working
    /// memory beside the rows it keeps.
    pub max_line_bytes: usize,
    /// Most CSV data rows (default 200 million).
    pub max_rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 16 << 20,
            max_depth: 32,
            max_csv_bytes: 16 << 30,
            max_line_bytes: 1 << 20,
            max_rows: 200_000_000,
        }
    }
}

pub(crate) fn exceeded(source_name: &str, limit: &'static str, value: u64, found: String) -> Error {
    Error::Limit { source_name: source_name.to_owned(), limit, value, found }
}

/// A reader that stops with a limit error once the input passes [`Limits::max_csv_bytes`]
/// or a record passes [`Limits::max_line_bytes`], before more is buffered.
pub(crate) struct BoundedReader<R> {
    inner: R,
    total: u64,
    line: usize,
    quoted: bool,
    max_total: u64,
    max_line: usize,
    source_name: String,
}

impl<R> BoundedReader<R> {
    pub(crate) fn new(inner: R, limits: &Limits, source_name: &str) -> Self {
        BoundedReader {
            inner,
            total: 0,
            line: 0,
            quoted: false,
            max_total: limits.max_csv_bytes,
            max_line: limits.max_line_bytes,
            source_name: source_name.to_owned(),
        }
    }
}

impl<R: std::io::Read> std::io::Read for BoundedReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let chunk = buf.get(..n).unwrap_or_default();
        self.total += n as u64;
        if self.total > self.max_total {
            let found = format!("more than {} bytes", self.max_total);
            return Err(LimitHit(exceeded(&self.source_name, "max_csv_bytes", self.max_total, found)).into());
        }
        for &b in chunk {
            // A newline inside a quoted field does not end the record, so it does not reset
            // the count; a doubled quote (`""`, an escaped quote) toggles twice.
            if b == b'"' {
                self.quoted = !self.quoted;
            }
            self.line = if b == b'\n' && !self.quoted { 0 } else { self.line + 1 };
            if self.line > self.max_line {
                let found = format!("a record of more than {} bytes", self.max_line);
                return Err(LimitHit(exceeded(&self.source_name, "max_line_bytes", self.max_line as u64, found)).into());
            }
        }
        Ok(n)
    }
}

/// A limit error carried through `std::io::Error` by [`BoundedReader`].
#[derive(Debug)]
struct LimitHit(Error);

impl std::fmt::Display for LimitHit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for LimitHit {}

impl From<LimitHit> for std::io::Error {
    fn from(hit: LimitHit) -> Self {
        std::io::Error::other(hit)
    }
}

/// The limit error inside an I/O error raised by [`BoundedReader`], if that is what it is.
pub(crate) fn limit_hit(e: &std::io::Error) -> Option<Error> {
    e.get_ref().and_then(|inner| inner.downcast_ref::<LimitHit>()).map(|hit| hit.0.clone())
}
