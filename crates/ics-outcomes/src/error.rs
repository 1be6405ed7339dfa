//! The one error type of the crate.
//!
//! Each variant of [`Error`] is a kind of failure a caller can act on differently, and each
//! maps onto one Python exception class in the bindings. Definition and data problems are
//! collected, not reported one at a time: a user fixing a framework file sees every problem
//! in it at once, each with the path to the field and the offending value.

use std::fmt;

/// Everything that can go wrong in `ics-outcomes`.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A framework, target or option breaks a rule of the model (for example an eleventh
    /// national priority, a duplicate id or a target on an unknown metric).
    #[error("invalid definition in {source_name}:\n{issues}")]
    Validation {
        /// Where the definition came from: a file name, or `<national>` and the like.
        source_name: String,
        /// Every problem found, in the order of the input.
        issues: Issues,
    },
    /// Observation data cannot be used as given (unknown area or metric, duplicate row,
    /// unparsable number, NaN or infinity, negative denominator).
    #[error("unusable observations in {source_name}:\n{issues}")]
    Data {
        /// Where the data came from: a file name or `<observations>`.
        source_name: String,
        /// Every problem found, in row order.
        issues: Issues,
    },
    /// A file could not be read, or is not well-formed TOML, JSON or CSV.
    #[error("{file}: {message}")]
    File {
        /// The file, or `<text>` for text passed directly.
        file: String,
        /// What went wrong, with the position or field path where one is known.
        message: String,
    },
    /// An argument of a calculation is outside what the method accepts (a confidence level of
    /// 0.5, an unknown output type, a multiplier of zero).
    #[error("{argument} = {value}: {message}")]
    Argument {
        /// The argument's name as the caller spells it, e.g. `confidence`.
        argument: String,
        /// The offending value as given.
        value: String,
        /// What the method requires.
        message: String,
    },
    /// Input goes beyond one of the [`Limits`](crate::limits::Limits) on size, nesting or
    /// rows, which guard against hostile or mistaken files.
    #[error("{source_name}: {found} goes beyond the limit {limit} = {value}")]
    Limit {
        /// Where the input came from: a file name, or `<text>` and the like.
        source_name: String,
        /// The name of the [`Limits`](crate::limits::Limits) field that was reached.
        limit: &'static str,
        /// The limit's value.
        value: u64,
        /// What was found, e.g. `17000000 bytes` or `deeper nesting at line 3`.
        found: String,
    },
    /// A caller asked for something that does not exist (an area, a period with no data).
    #[error("{what} {value:?} not found{hint}")]
    NotFound {
        /// What kind of thing was looked up, e.g. `area` or `period`.
        what: &'static str,
        /// The value that was asked for.
        value: String,
        /// Extra guidance, already prefixed with `: ` when present.
        hint: String,
    },
}

impl Error {
    pub(crate) fn argument(argument: &str, value: impl fmt::Display, message: impl Into<String>) -> Self {
        Error::Argument { argument: argument.to_owned(), value: value.to_string(), message: message.into() }
    }

    /// The individual problems behind a [`Error::Validation`] or [`Error::Data`] error.
    ///
    /// ```
    /// let err = ics_outcomes::NationalFramework::from_toml_str(
    ///     "kind = \"national\"\nid = \"x\"\nname = \"x\"\nversion = \"1\"\nmetrics = []\n\
    ///      [[priorities]]\nid = \"p\"\ntitle = \"P\"\n",
    ///     "nat.toml",
    /// )
    /// .unwrap_err();
    /// assert_eq!(err.issues()[0].path, "priorities[0].targets");
    /// ```
    pub fn issues(&self) -> &[Issue] {
        match self {
            Error::Validation { issues, .. } | Error::Data { issues, .. } => &issues.0,
            _ => &[],
        }
    }
}

/// One problem found while validating a definition or loading data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// The path to the offending field, e.g. `priorities[3].targets[0].metric` or
    /// `row 12.denominator`.
    pub path: String,
    /// The offending value as the user wrote it (empty when the problem is an absence).
    pub value: String,
    /// What rule it breaks.
    pub kind: IssueKind,
}

impl Issue {
    pub(crate) fn new(path: impl Into<String>, value: impl Into<String>, kind: IssueKind) -> Self {
        Issue { path: path.into(), value: value.into(), kind }
    }
}

impl fmt::Display for Issue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.value.is_empty() {
            write!(f, "{}: {}", self.path, self.kind)
        } else {
            write!(f, "{} = {:?}: {}", self.path, self.value, self.kind)
        }
    }
}

/// The rule an [`Issue`] breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IssueKind {
    /// More national priorities than the Hewitt limit.
    TooManyNationalPriorities {
        /// How many were given.
        count: usize,
        /// The limit, 10.
        limit: usize,
    },
    /// An id that must be unique appears twice; `first` is the path of the first use.
    Duplicate {
        /// Path of the first occurrence.
        first: String,
    },
    /// A reference to a metric that no framework in scope defines.
    UnknownMetric,
    /// A reference to an area code that the geography does not hold.
    UnknownArea,
    /// An ICB code of another geography vintage than the one in use (abolished, or not yet
    /// created), with where its area went.
    OtherVintage {
        /// The vintage in use.
        vintage: String,
        /// What happened to the code: `QNQ (Frimley) was abolished on 2026-04-01; ...`.
        note: String,
    },
    /// A reference to a target or priority id that does not exist.
    UnknownId,
    /// A required field is absent.
    Missing,
    /// A field that this kind of target does not take.
    NotAllowed {
        /// Why the field is not allowed here.
        reason: String,
    },
    /// A value that cannot be parsed or is out of range; the reason says which.
    Invalid {
        /// Why the value is not acceptable.
        reason: String,
    },
    /// A local framework names a national framework version other than the one in use.
    VersionMismatch {
        /// The national version in use.
        expected: String,
    },
    /// Two rows of data for the same area, metric and period.
    DuplicateRow {
        /// Row number (1-based, header excluded) of the first occurrence.
        first_row: usize,
    },
    /// A NaN or infinite number.
    NotFinite,
    /// A denominator below zero.
    NegativeDenominator,
    /// A number larger in magnitude than [`MAX_MAGNITUDE`](crate::limits::MAX_MAGNITUDE), past
    /// which sums, products and differences could overflow exact decimal arithmetic.
    TooLarge {
        /// The largest magnitude accepted.
        limit: rust_decimal::Decimal,
    },
    /// Further problems, counted but not listed, past the first 10,000.
    More {
        /// How many more.
        count: usize,
    },
}

impl fmt::Display for IssueKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IssueKind::TooManyNationalPriorities { count, limit } => {
                write!(f, "{count} national priorities given; the limit is {limit} (Hewitt Review: no more than 10)")
            }
            IssueKind::Duplicate { first } => write!(f, "duplicate id (first used at {first})"),
            IssueKind::UnknownMetric => f.write_str("unknown metric"),
            IssueKind::UnknownArea => f.write_str("unknown area code"),
            IssueKind::OtherVintage { vintage, note } => {
                write!(f, "not an ICB of the {vintage} geography: {note}")
            }
            IssueKind::UnknownId => f.write_str("unknown id"),
            IssueKind::Missing => f.write_str("required field is missing"),
            IssueKind::NotAllowed { reason } => write!(f, "field not allowed: {reason}"),
            IssueKind::Invalid { reason } => f.write_str(reason),
            IssueKind::VersionMismatch { expected } => {
                write!(f, "nests in a national framework version other than {expected:?}")
            }
            IssueKind::DuplicateRow { first_row } => {
                write!(f, "duplicate row for this area, metric and period (first at row {first_row})")
            }
            IssueKind::NotFinite => f.write_str("NaN or infinity is not a value"),
            IssueKind::NegativeDenominator => f.write_str("denominator must not be negative"),
            IssueKind::TooLarge { limit } => {
                write!(f, "larger in magnitude than {limit}, the most this library computes with exactly")
            }
            IssueKind::More { count } => write!(f, "{count} more problems not listed"),
        }
    }
}

/// A non-empty list of [`Issue`]s, displayed one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issues(pub Vec<Issue>);

impl fmt::Display for Issues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, issue) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "  - {issue}")?;
        }
        Ok(())
    }
}

/// Collects issues while validating, then turns them into one error or success. Past
/// [`IssueLog::MAX`] issues it only counts, so a file of millions of bad rows cannot exhaust
/// memory with its error; the count is the last issue.
#[derive(Debug, Default)]
pub(crate) struct IssueLog(Vec<Issue>, usize);

impl IssueLog {
    const MAX: usize = 10_000;

    pub(crate) fn push(&mut self, path: impl Into<String>, value: impl Into<String>, kind: IssueKind) {
        if self.0.len() < Self::MAX {
            self.0.push(Issue::new(path, value, kind));
        } else {
            self.1 += 1;
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.0.len() + self.1
    }

    fn into_issues(mut self) -> Vec<Issue> {
        if self.1 > 0 {
            self.0.push(Issue::new("...", "", IssueKind::More { count: self.1 }));
        }
        self.0
    }

    pub(crate) fn into_validation(self, source_name: &str) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Validation { source_name: source_name.to_owned(), issues: Issues(self.into_issues()) })
        }
    }

    pub(crate) fn into_data(self, source_name: &str) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Data { source_name: source_name.to_owned(), issues: Issues(self.into_issues()) })
        }
    }
}
