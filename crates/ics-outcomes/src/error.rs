//! The one error type of the crate.
//!
//! Each variant of [`Error`] is a kind of failure a caller can act on differently, and each
//! maps onto one Python exception class in the bindings. Definition and data problems are
//! collected, not reported one at a time: a user fixing a framework file sees every problem
//! in it at once, each with the path to the field and the offending value.

use std::fmt;

/// Everything that can go wrong in `ics-outcomes`.
///
/// ```
/// use ics_outcomes::{Error, ErrorClass};
/// // A national framework file without its required fields cannot be read.
/// let err = ics_outcomes::load_national("kind = \"national\"\n", "national.toml").unwrap_err();
/// assert!(matches!(err, Error::File { .. }));
/// assert_eq!(err.class(), ErrorClass::File);
/// assert_eq!(err.source_name(), Some("national.toml"));
/// ```
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
    /// Data cannot be used as given (unknown area or metric, duplicate row, unparsable
    /// number, NaN or infinity, negative denominator).
    #[error("unusable {data} in {source_name}:\n{issues}")]
    Data {
        /// What the data are: observations, budget lines, counts ...
        data: DataKind,
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
    /// Input goes beyond one of the [`Limits`](crate::input_limits::Limits) on size, nesting or
    /// rows, which guard against hostile or mistaken files.
    #[error("{source_name}: {found} goes beyond the limit {limit} = {value}")]
    Limit {
        /// Where the input came from: a file name, or `<text>` and the like.
        source_name: String,
        /// The name of the [`Limits`](crate::input_limits::Limits) field that was reached.
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

/// What the data of an [`Error::Data`] are, so that its message names them.
///
/// ```
/// use ics_outcomes::{defaults, Catalogue, DataKind, Observations, TextRow};
/// let (national, locals, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
/// let catalogue = Catalogue::new(&geography, &national, &locals);
/// let row = TextRow { area_code: "QXX", metric_id: "ae_4h", period: "2025/26 Q4", value: "75.0", ..TextRow::default() };
/// let err = Observations::from_text_rows([row], &catalogue, "rows.csv").unwrap_err();
/// assert_eq!(err.data_kind(), Some(DataKind::Observations));
/// assert!(err.to_string().starts_with("unusable observations in rows.csv"));
/// assert_eq!(DataKind::BudgetLines.id(), "budget_lines");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataKind {
    /// Observations of metrics by area and period.
    Observations,
    /// Budget lines of the prevention share.
    BudgetLines,
    /// Indicator data of a statistic or a composite indicator.
    IndicatorData,
    /// Counts for disclosure control.
    Counts,
    /// A series for an SPC chart.
    Series,
    /// Maturity assessments.
    Assessments,
    /// Outcome evidence for maturity.
    OutcomeEvidence,
    /// Provider ratings or metric scores for oversight.
    OversightScores,
    /// A reorganisation file.
    Reorganisation,
    /// An apportionment of split ICBs.
    Apportionment,
    /// A lookup of small areas to ICBs.
    Lookup,
    /// A run record, or the re-run it is compared with.
    RunRecord,
}

impl DataKind {
    /// Every kind of data.
    pub const ALL: [DataKind; 12] = [
        DataKind::Observations,
        DataKind::BudgetLines,
        DataKind::IndicatorData,
        DataKind::Counts,
        DataKind::Series,
        DataKind::Assessments,
        DataKind::OutcomeEvidence,
        DataKind::OversightScores,
        DataKind::Reorganisation,
        DataKind::Apportionment,
        DataKind::Lookup,
        DataKind::RunRecord,
    ];

    /// The stable id, as the `data` attribute of a `DataError` gives it.
    pub fn id(self) -> &'static str {
        match self {
            DataKind::Observations => "observations",
            DataKind::BudgetLines => "budget_lines",
            DataKind::IndicatorData => "indicator_data",
            DataKind::Counts => "counts",
            DataKind::Series => "series",
            DataKind::Assessments => "assessments",
            DataKind::OutcomeEvidence => "outcome_evidence",
            DataKind::OversightScores => "oversight_scores",
            DataKind::Reorganisation => "reorganisation",
            DataKind::Apportionment => "apportionment",
            DataKind::Lookup => "lookup",
            DataKind::RunRecord => "run_record",
        }
    }
}

impl fmt::Display for DataKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.id().replace('_', " "))
    }
}

/// The class of an [`Error`]: one per variant, raised as the exception (Python) or condition
/// (R) of that name from every entry point. [`ErrorClass::ALL`] with [`ErrorClass::when`] is
/// the table the README shows.
///
/// ```
/// use ics_outcomes::{ErrorClass, Geography};
/// let err = Geography::england().resolve("QXX").unwrap_err();
/// assert_eq!(err.class(), ErrorClass::NotFound);
/// assert_eq!((err.class().name(), err.class().variant()), ("NotFoundError", "Error::NotFound"));
/// assert_eq!(ErrorClass::Data.condition(), "icsoutcomes_data_error");
/// assert_eq!(ErrorClass::ALL.len(), 6);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// [`Error::Validation`].
    Validation,
    /// [`Error::Data`].
    Data,
    /// [`Error::File`].
    File,
    /// [`Error::Argument`].
    Argument,
    /// [`Error::Limit`].
    Limit,
    /// [`Error::NotFound`].
    NotFound,
}

impl ErrorClass {
    /// Every class, in the order of [`Error`]'s variants.
    pub const ALL: [ErrorClass; 6] = [
        ErrorClass::Validation,
        ErrorClass::Data,
        ErrorClass::File,
        ErrorClass::Argument,
        ErrorClass::Limit,
        ErrorClass::NotFound,
    ];

    /// The exception or condition class name: `ValidationError` ...
    pub fn name(self) -> &'static str {
        match self {
            ErrorClass::Validation => "ValidationError",
            ErrorClass::Data => "DataError",
            ErrorClass::File => "FileError",
            ErrorClass::Argument => "ArgumentError",
            ErrorClass::Limit => "LimitError",
            ErrorClass::NotFound => "NotFoundError",
        }
    }

    /// The R condition class, `icsoutcomes_validation_error` ...: the name in snake case
    /// behind the package's prefix, as R's own condition classes are spelled.
    pub fn condition(self) -> &'static str {
        match self {
            ErrorClass::Validation => "icsoutcomes_validation_error",
            ErrorClass::Data => "icsoutcomes_data_error",
            ErrorClass::File => "icsoutcomes_file_error",
            ErrorClass::Argument => "icsoutcomes_argument_error",
            ErrorClass::Limit => "icsoutcomes_limit_error",
            ErrorClass::NotFound => "icsoutcomes_not_found_error",
        }
    }

    /// The [`Error`] variant, as Rust callers match it.
    pub fn variant(self) -> &'static str {
        match self {
            ErrorClass::Validation => "Error::Validation",
            ErrorClass::Data => "Error::Data",
            ErrorClass::File => "Error::File",
            ErrorClass::Argument => "Error::Argument",
            ErrorClass::Limit => "Error::Limit",
            ErrorClass::NotFound => "Error::NotFound",
        }
    }

    /// When it is raised.
    pub fn when(self) -> &'static str {
        match self {
            ErrorClass::Validation => {
                "A framework, target, model or other definition breaks a rule (an eleventh national priority, a duplicate id)"
            }
            ErrorClass::Data => {
                "Data cannot be used as given (an unknown area, a repeated row, a bad number); `data` says which data"
            }
            ErrorClass::File => "A file cannot be read, or is not well-formed TOML, JSON or CSV",
            ErrorClass::Argument => {
                "An argument or option is outside what the call accepts (an unknown option, a confidence of 0.5)"
            }
            ErrorClass::Limit => "Input goes beyond a limit on size, nesting or rows",
            ErrorClass::NotFound => "Something asked for does not exist (an area, a period with no data)",
        }
    }
}

/// One problem of an error in the shape every front end gives it: a machine-readable
/// `kind`, the `path` to the field, the offending `value` and the `message`.
///
/// ```
/// let err = ics_outcomes::files::Format::from_name("yaml").unwrap_err();
/// let detail = &err.details()[0];
/// assert_eq!((detail.kind, detail.path.as_str(), detail.value.as_str()), ("invalid_argument", "format", "yaml"));
/// assert_eq!(detail.message, "should be one of toml, json");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDetail {
    /// The stable id of the rule broken: an [`IssueKind::id`], or `invalid_argument`,
    /// `not_found`, `unreadable_file`, `limit_exceeded` for errors without issues.
    pub kind: &'static str,
    /// The field, argument, file or limit.
    pub path: String,
    /// The offending value as given.
    pub value: String,
    /// What is wrong.
    pub message: String,
}

impl Error {
    /// This error's class: the exception raised in Python and the condition in R.
    pub fn class(&self) -> ErrorClass {
        match self {
            Error::Validation { .. } => ErrorClass::Validation,
            Error::Data { .. } => ErrorClass::Data,
            Error::File { .. } => ErrorClass::File,
            Error::Argument { .. } => ErrorClass::Argument,
            Error::Limit { .. } => ErrorClass::Limit,
            Error::NotFound { .. } => ErrorClass::NotFound,
        }
    }

    /// Where the failing input came from (a file name, `<observations>` ...), for the errors
    /// that name one.
    pub fn source_name(&self) -> Option<&str> {
        match self {
            Error::Validation { source_name, .. }
            | Error::Limit { source_name, .. }
            | Error::Data { source_name, .. } => Some(source_name),
            Error::File { file, .. } => Some(file),
            Error::Argument { .. } | Error::NotFound { .. } => None,
        }
    }

    /// What the unusable data are, for an [`Error::Data`].
    pub fn data_kind(&self) -> Option<DataKind> {
        match self {
            Error::Data { data, .. } => Some(*data),
            _ => None,
        }
    }

    /// Every problem, each with a machine-readable kind: an error with [`Error::issues`]
    /// gives one per issue, any other one.
    ///
    /// ```
    /// use ics_outcomes::Geography;
    /// let err = Geography::england().resolve("QXX").unwrap_err();
    /// let details = err.details();
    /// assert_eq!((details[0].kind, details[0].path.as_str(), details[0].value.as_str()), ("not_found", "area", "QXX"));
    /// ```
    pub fn details(&self) -> Vec<ErrorDetail> {
        let one = |kind, path: &str, value: &str, message: String| {
            vec![ErrorDetail { kind, path: path.to_owned(), value: value.to_owned(), message }]
        };
        match self {
            Error::Validation { issues, .. } | Error::Data { issues, .. } => issues
                .0
                .iter()
                .map(|i| ErrorDetail {
                    kind: i.kind.id(),
                    path: i.path.clone(),
                    value: i.value.clone(),
                    message: i.kind.to_string(),
                })
                .collect(),
            Error::File { file, message } => one("unreadable_file", file, "", message.clone()),
            Error::Argument { argument, value, message } => one("invalid_argument", argument, value, message.clone()),
            Error::Limit { limit, value, .. } => one("limit_exceeded", limit, &value.to_string(), self.to_string()),
            Error::NotFound { what, value, hint } => one("not_found", what, value, format!("not found{hint}")),
        }
    }

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
///
/// ```
/// use ics_outcomes::{defaults, IssueKind, NationalFramework};
/// let mut def = defaults::national_framework().def().clone();
/// def.priorities[1].id = def.priorities[0].id.clone();
/// let err = NationalFramework::new(def, "national.toml").unwrap_err();
/// let issue = &err.issues()[0];
/// assert_eq!((issue.path.as_str(), issue.value.as_str()), ("priorities[1].id", "elective"));
/// assert_eq!(issue.kind, IssueKind::Duplicate { first: "priorities[0].id".into() });
/// assert_eq!(issue.to_string(), "priorities[1].id = \"elective\": duplicate id (first used at priorities[0].id)");
/// ```
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
///
/// ```
/// use ics_outcomes::{defaults, IssueKind, LocalFramework};
/// let national = defaults::national_framework();
/// let mut def = defaults::local_frameworks()[0].def().clone();
/// def.nests_in = "2025/26.1".into();
/// let err = LocalFramework::new(def, &national, &defaults::geography(), "local.toml").unwrap_err();
/// let kind = &err.issues()[0].kind;
/// assert_eq!(*kind, IssueKind::VersionMismatch { expected: "2026/27.1".into() });
/// assert_eq!(kind.id(), "version_mismatch");
/// ```
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
    /// A number larger in magnitude than [`MAX_MAGNITUDE`](crate::input_limits::MAX_MAGNITUDE), past
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

impl IssueKind {
    /// The stable, machine-readable id of the rule: `unknown_area`, `duplicate_row` ...
    pub fn id(&self) -> &'static str {
        match self {
            IssueKind::TooManyNationalPriorities { .. } => "too_many_national_priorities",
            IssueKind::Duplicate { .. } => "duplicate",
            IssueKind::UnknownMetric => "unknown_metric",
            IssueKind::UnknownArea => "unknown_area",
            IssueKind::OtherVintage { .. } => "other_vintage",
            IssueKind::UnknownId => "unknown_id",
            IssueKind::Missing => "missing",
            IssueKind::NotAllowed { .. } => "not_allowed",
            IssueKind::Invalid { .. } => "invalid",
            IssueKind::VersionMismatch { .. } => "version_mismatch",
            IssueKind::DuplicateRow { .. } => "duplicate_row",
            IssueKind::NotFinite => "not_finite",
            IssueKind::NegativeDenominator => "negative_denominator",
            IssueKind::TooLarge { .. } => "too_large",
            IssueKind::More { .. } => "more",
        }
    }
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
///
/// ```
/// use ics_outcomes::{Error, NationalFramework};
/// let text = "kind = \"national\"\nid = \"x\"\nname = \"X\"\nversion = \" \"\nmetrics = []\npriorities = []\n";
/// let err = NationalFramework::from_toml_str(text, "national.toml").unwrap_err();
/// let Error::Validation { issues, .. } = &err else { panic!("{err}") };
/// assert_eq!(issues.0.len(), 1);
/// assert_eq!(issues.to_string(), "  - version = \" \": the version must not be empty");
/// ```
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

    /// Appends the issues of `later`, a log of later rows, as if they had been pushed here.
    pub(crate) fn append(&mut self, later: IssueLog) {
        let room = Self::MAX.saturating_sub(self.0.len());
        let kept = later.0.len().min(room);
        self.1 += later.0.len() - kept + later.1;
        self.0.extend(later.0.into_iter().take(kept));
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

    pub(crate) fn into_data(self, data: DataKind, source_name: &str) -> Result<(), Error> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(Error::Data { data, source_name: source_name.to_owned(), issues: Issues(self.into_issues()) })
        }
    }
}
