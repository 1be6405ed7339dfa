//! Observations: one value per area, metric and period, with the numerator and denominator
//! where the value is a ratio.
//!
//! Data are held as columns, sorted by area, metric and period, with area and metric ids
//! interned, so a scorer finds a value by binary search within one area's rows. Every row
//! passes one validation path whether it comes from a CSV file or from code: unknown areas
//! or metrics, duplicates, unparsable or non-finite numbers and negative denominators are
//! errors naming the row, the field and the value. No row is ever dropped.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, Read, Write};
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::error::{DataKind, Error, IssueKind, IssueLog};
use crate::framework::{LocalFramework, NationalFramework};
use crate::geography::{AreaLevel, Geography};
use crate::input_limits::{self, BoundedReader, Limits, exceeded, limit_hit};
use crate::metric::{Metric, Unit};
use crate::number::compare;
use crate::period::Period;

/// One observation, as given.
///
/// ```
/// use ics_outcomes::{defaults, Catalogue, Observation, Observations, Period};
/// let (national, locals, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
/// let catalogue = Catalogue::new(&geography, &national, &locals);
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let q4: Period = "2025/26 Q4".parse().unwrap();
/// // No value: it is derived from the numerator and denominator.
/// let row = Observation {
///     area: "QOP".into(),
///     metric: "ae_4h".into(),
///     period: q4,
///     value: None,
///     numerator: Some(d("780")),
///     denominator: Some(d("1000")),
/// };
/// let observations = Observations::from_rows([row], &catalogue, "<rows>")?;
/// assert_eq!(observations.value("E54000057", "ae_4h", q4), Some(d("78")));
/// assert_eq!(observations.rows().next().unwrap().area, "E54000057");
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The area's code (either of its codes; stored as the primary code).
    pub area: String,
    /// The metric's id.
    pub metric: String,
    /// The period.
    pub period: Period,
    /// The value in the metric's unit; `None` to derive it from numerator and denominator.
    pub value: Option<Decimal>,
    /// The numerator, for ratio metrics.
    pub numerator: Option<Decimal>,
    /// The denominator, for ratio metrics.
    pub denominator: Option<Decimal>,
}

/// The columns of tidy observation data, in order; the first four are required.
///
/// ```
/// use ics_outcomes::{defaults::Edition, COLUMNS};
/// assert_eq!(COLUMNS[..4], ["area_code", "metric_id", "period", "value"]);
/// // The embedded CSV: a label comment, then this header.
/// assert_eq!(Edition::CURRENT.observations_csv().lines().nth(1), Some(COLUMNS.join(",").as_str()));
/// ```
pub const COLUMNS: [&str; 6] = ["area_code", "metric_id", "period", "value", "numerator", "denominator"];

/// Which of [`COLUMNS`] hold numbers (a [`Cell`] of a [`FieldRow`]); the others hold codes.
///
/// ```
/// use ics_outcomes::{COLUMNS, NUMBER_COLUMNS};
/// let numbers: Vec<&str> = COLUMNS.iter().zip(NUMBER_COLUMNS).filter(|(_, n)| *n).map(|(c, _)| *c).collect();
/// assert_eq!(numbers, ["value", "numerator", "denominator"]);
/// ```
pub const NUMBER_COLUMNS: [bool; 6] = [false, false, false, true, true, true];

/// One row of observation fields as text, as read from a file or cast from a data frame;
/// an empty field is absent.
///
/// ```
/// use ics_outcomes::{defaults, Catalogue, Observations, TextRow};
/// let (national, locals, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
/// let catalogue = Catalogue::new(&geography, &national, &locals);
/// let row = TextRow { area_code: "QOP", metric_id: "ae_4h", period: "2025/26 Q4", value: "77.95", ..TextRow::default() };
/// let observations = Observations::from_text_rows([row], &catalogue, "rows.csv")?;
/// let value = observations.value("E54000057", "ae_4h", "2025/26 Q4".parse().unwrap());
/// assert_eq!(value.map(|v| v.to_string()), Some("77.95".to_owned()));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TextRow<'a> {
    /// The area's code.
    pub area_code: &'a str,
    /// The metric's id.
    pub metric_id: &'a str,
    /// The period, e.g. `2025/26 Q4`.
    pub period: &'a str,
    /// The value.
    pub value: &'a str,
    /// The numerator.
    pub numerator: &'a str,
    /// The denominator.
    pub denominator: &'a str,
}

/// One number field of an observation row as its source holds it.
///
/// ```
/// use ics_outcomes::{defaults, Catalogue, Cell, FieldRow, Observations};
/// let (national, locals, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
/// let catalogue = Catalogue::new(&geography, &national, &locals);
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let row = |value| FieldRow {
///     area_code: "QOP",
///     metric_id: "ae_4h",
///     period: "2025/26 Q4",
///     value,
///     numerator: Cell::Absent,
///     denominator: Cell::Absent,
/// };
/// // A float reads as its shortest text would: 77.95, not 77.9500000000000028...
/// let from_float = Observations::from_field_rows([row(Cell::Float(77.95))], &catalogue, "<frame>")?;
/// let from_text = Observations::from_field_rows([row(Cell::Text("77.95"))], &catalogue, "<frame>")?;
/// assert_eq!(from_float, from_text);
/// assert_eq!(from_float.value("E54000057", "ae_4h", "2025/26 Q4".parse().unwrap()), Some(d("77.95")));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// Text, read exactly by [`parse_decimal`](crate::number::parse_decimal); empty is absent.
    Text(&'a str),
    /// A binary float, read as the shortest decimal that reads back as it
    /// ([`decimal_from_float`](crate::number::decimal_from_float)): what its text would give.
    Float(f64),
    /// An integer.
    Integer(i64),
    /// No value.
    Absent,
}

/// One row of observation fields as a typed source (a data frame) holds them: the codes as
/// text, the numbers as text, floats or integers.
///
/// ```
/// use ics_outcomes::{defaults, Catalogue, Cell, FieldRow, Observations};
/// let (national, locals, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
/// let catalogue = Catalogue::new(&geography, &national, &locals);
/// let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
/// let row = FieldRow {
///     area_code: "E54000057",
///     metric_id: "ae_4h",
///     period: "2025/26 Q4",
///     value: Cell::Absent,
///     numerator: Cell::Integer(39),
///     denominator: Cell::Integer(50),
/// };
/// let observations = Observations::from_field_rows([row], &catalogue, "<frame>")?;
/// assert_eq!(observations.value("E54000057", "ae_4h", "2025/26 Q4".parse().unwrap()), Some(d("78")));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FieldRow<'a> {
    /// The area's code.
    pub area_code: &'a str,
    /// The metric's id.
    pub metric_id: &'a str,
    /// The period, e.g. `2025/26 Q4`.
    pub period: &'a str,
    /// The value.
    pub value: Cell<'a>,
    /// The numerator.
    pub numerator: Cell<'a>,
    /// The denominator.
    pub denominator: Cell<'a>,
}

impl<'a> From<TextRow<'a>> for FieldRow<'a> {
    fn from(row: TextRow<'a>) -> Self {
        FieldRow {
            area_code: row.area_code,
            metric_id: row.metric_id,
            period: row.period,
            value: Cell::Text(row.value),
            numerator: Cell::Text(row.numerator),
            denominator: Cell::Text(row.denominator),
        }
    }
}

/// Where each of [`COLUMNS`] sits among a header's names (`None` for an absent optional
/// column). A missing required column or an unknown one is an error.
///
/// ```
/// use ics_outcomes::column_positions;
/// let positions = column_positions(["period", "area_code", "value", "metric_id"], "data.csv")?;
/// assert_eq!(positions, [Some(1), Some(3), Some(0), Some(2), None, None]);
/// let err = column_positions(["area_code", "period", "value"], "data.csv").unwrap_err();
/// assert!(err.to_string().contains("missing column(s) metric_id"));
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
pub fn column_positions<'h>(
    header: impl IntoIterator<Item = &'h str>,
    source_name: &str,
) -> Result<[Option<usize>; 6], Error> {
    let names: Vec<&str> = header.into_iter().collect();
    let positions = COLUMNS.map(|c| names.iter().position(|h| *h == c));
    let missing: Vec<&str> =
        COLUMNS[..4].iter().zip(&positions).filter(|(_, p)| p.is_none()).map(|(c, _)| *c).collect();
    let unknown: Vec<&str> = names.iter().copied().filter(|h| !COLUMNS.contains(h)).collect();
    let repeated: BTreeSet<&str> =
        names.iter().enumerate().filter(|(i, h)| names[..*i].contains(h)).map(|(_, h)| *h).collect();
    let mut problems = Vec::new();
    if !repeated.is_empty() {
        problems.push(format!("repeated column(s) {}", repeated.into_iter().collect::<Vec<_>>().join(", ")));
    }
    if !missing.is_empty() {
        problems.push(format!("missing column(s) {}", missing.join(", ")));
    }
    if !unknown.is_empty() {
        problems.push(format!("unknown column(s) {unknown:?}"));
    }
    if !problems.is_empty() {
        return Err(Error::File {
            file: source_name.to_owned(),
            message: format!("header: {}; expected {}", problems.join("; "), COLUMNS.join(", ")),
        });
    }
    Ok(positions)
}

/// What observation rows are checked against: the areas and the metrics in scope.
///
/// ```
/// use ics_outcomes::{defaults, Catalogue};
/// let (national, locals, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
/// let catalogue = Catalogue::new(&geography, &national, &locals);
/// assert!(catalogue.metric("ae_4h").is_some());
/// assert!(catalogue.metric("gm_smoking_prevalence").is_some());
/// assert!(catalogue.metric("no_such_metric").is_none());
/// assert_eq!(catalogue.geography().systems().count(), 36);
/// ```
#[derive(Debug, Clone)]
pub struct Catalogue<'a> {
    geography: &'a Geography,
    metrics: HashMap<&'a str, &'a Metric>,
}

impl<'a> Catalogue<'a> {
    /// The areas of `geography` and the metrics of the national and local frameworks.
    pub fn new(geography: &'a Geography, national: &'a NationalFramework, locals: &'a [LocalFramework]) -> Self {
        let metrics = national
            .metrics()
            .iter()
            .chain(locals.iter().flat_map(|l| l.metrics()))
            .map(|m| (m.id.as_str(), m))
            .collect();
        Catalogue { geography, metrics }
    }

    /// A metric in scope by id.
    pub fn metric(&self, id: &str) -> Option<&'a Metric> {
        self.metrics.get(id).copied()
    }

    /// The areas in scope.
    pub fn geography(&self) -> &'a Geography {
        self.geography
    }
}

/// A checked set of observations.
///
/// It serializes whole (for pickling, caches); reading it back checks that its parts agree,
/// so a tampered copy is refused rather than indexed out of bounds.
///
/// ```
/// use ics_outcomes::{defaults, Catalogue, Observations};
/// let observations = defaults::observations();
/// assert_eq!(observations.periods().len(), 12);
/// assert!(observations.label().unwrap().starts_with("SYNTHETIC DATA"));
/// // Written as tidy CSV and read back, the same rows.
/// let mut csv = Vec::new();
/// observations.write_csv(&mut csv)?;
/// let (national, locals, geography) =
///     (defaults::national_framework(), defaults::local_frameworks(), defaults::geography());
/// let catalogue = Catalogue::new(&geography, &national, &locals);
/// let again = Observations::read_csv(csv.as_slice(), &catalogue, "observations.csv")?;
/// assert_eq!(again.len(), observations.len());
/// assert_eq!(again.rows().next(), observations.rows().next());
/// # Ok::<(), ics_outcomes::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "ObservationsState")]
pub struct Observations {
    areas: Vec<String>,
    metrics: Vec<String>,
    area: Vec<u32>,
    metric: Vec<u32>,
    period: Vec<Period>,
    value: Vec<Decimal>,
    numerator: CountColumn,
    denominator: CountColumn,
    /// Metric and period packed into one sortable integer, for fast look-up.
    key: Vec<u64>,
    /// The distinct periods, earliest first.
    periods: Vec<Period>,
    /// `area_start[a]..area_start[a + 1]` are the rows of area `a`.
    area_start: Vec<usize>,
    label: Option<String>,
    /// Whether any row has both a numerator and a denominator: when none has, looking up an
    /// area's counts costs nothing (it follows from the rows, so it is not serialized).
    #[serde(skip)]
    counted: bool,
    /// The digest of these rows, once a run record asks for it: a set scored many times (a
    /// quarter at a time) is hashed once.
    #[serde(skip)]
    digest: DigestCache,
}

/// A computed-once digest; it takes no part in equality, as it follows from the rows.
#[derive(Debug, Clone, Default)]
struct DigestCache(std::sync::OnceLock<crate::util::digest::Digest>);

impl PartialEq for DigestCache {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for DigestCache {}

/// Rows a digest block holds: each block is hashed on its own, on any core.
const DIGEST_BLOCK: usize = 1 << 16;

/// [`Observations`] as serialized, before its parts are checked against each other.
#[derive(serde::Deserialize)]
struct ObservationsState {
    areas: Vec<String>,
    metrics: Vec<String>,
    area: Vec<u32>,
    metric: Vec<u32>,
    period: Vec<Period>,
    value: Vec<Decimal>,
    numerator: CountColumn,
    denominator: CountColumn,
    key: Vec<u64>,
    periods: Vec<Period>,
    area_start: Vec<usize>,
    label: Option<String>,
}

impl TryFrom<ObservationsState> for Observations {
    type Error = String;

    fn try_from(s: ObservationsState) -> Result<Self, String> {
        let rows = s.value.len();
        let lengths = [s.area.len(), s.metric.len(), s.period.len(), s.key.len()];
        let starts_ok = s.area_start.len() == s.areas.len() + 1
            && s.area_start.first() == Some(&0)
            && s.area_start.last() == Some(&rows)
            && s.area_start.windows(2).all(|w| w[0] <= w[1]);
        let indices_ok = s.area.iter().all(|&a| (a as usize) < s.areas.len())
            && s.metric.iter().all(|&m| (m as usize) < s.metrics.len());
        let counts_ok = s.numerator.fits(rows) && s.denominator.fits(rows);
        if lengths.iter().any(|&n| n != rows) || !counts_ok || !starts_ok || !indices_ok {
            return Err("observations whose parts disagree".into());
        }
        let counted = has_counts(&s.numerator, &s.denominator);
        Ok(Observations {
            areas: s.areas,
            metrics: s.metrics,
            area: s.area,
            metric: s.metric,
            period: s.period,
            value: s.value,
            numerator: s.numerator.normalized(),
            denominator: s.denominator.normalized(),
            key: s.key,
            periods: s.periods,
            area_start: s.area_start,
            label: s.label,
            counted,
            digest: DigestCache::default(),
        })
    }
}

/// The rows of one area, for fast look-up.
///
/// ```
/// let observations = ics_outcomes::defaults::observations();
/// let period = observations.default_period().unwrap();
/// let metric = observations.metric_index("ae_4h").unwrap();
/// let gm = observations.area("E54000057").unwrap();
/// assert_eq!(gm.value(metric, period), observations.value("E54000057", "ae_4h", period));
/// let (numerator, denominator) = gm.counts(metric, period).unwrap();
/// assert!(numerator <= denominator);
/// ```
#[derive(Debug, Clone, Copy)]
pub struct AreaRows<'a> {
    observations: &'a Observations,
    start: usize,
    end: usize,
}

impl AreaRows<'_> {
    /// The value of `metric` (an id from [`Observations::metric_index`]) at `period`.
    pub fn value(&self, metric: u32, period: Period) -> Option<Decimal> {
        self.row(metric, period).map(|i| self.observations.value[i])
    }

    /// The numerator and denominator of `metric` at `period`, when both were given.
    pub fn counts(&self, metric: u32, period: Period) -> Option<(Decimal, Decimal)> {
        let o = self.observations;
        // Scoring asks for every target's counts; most data sets give none.
        let i = if o.counted { self.row(metric, period)? } else { return None };
        o.numerator.get(i).zip(o.denominator.get(i))
    }

    fn row(&self, metric: u32, period: Period) -> Option<usize> {
        let keys = &self.observations.key[self.start..self.end];
        keys.binary_search(&lookup_key(metric, period)).ok().map(|i| self.start + i)
    }

    /// The value and counts of `metric` at `period`, looking first at the row `*hint` places
    /// into the area and noting where the row was found. Areas of a data set usually have
    /// the same rows in the same order, so where one area had a row is where the next has
    /// it, and scoring many areas skips a search per target.
    pub(crate) fn value_and_counts_near(
        &self,
        metric: u32,
        period: Period,
        hint: &mut usize,
    ) -> (Option<Decimal>, Option<(Decimal, Decimal)>) {
        let o = self.observations;
        let keys = &o.key[self.start..self.end];
        let key = lookup_key(metric, period);
        let found = match keys.get(*hint) {
            Some(&k) if k == key => Some(*hint),
            _ => keys.binary_search(&key).ok(),
        };
        let Some(offset) = found else { return (None, None) };
        *hint = offset;
        let i = self.start + offset;
        (Some(o.value[i]), if o.counted { o.numerator.get(i).zip(o.denominator.get(i)) } else { None })
    }
}

fn has_counts(numerator: &CountColumn, denominator: &CountColumn) -> bool {
    numerator.0.iter().zip(&denominator.0).any(|(n, d)| n.is_some() && d.is_some())
}

/// The numerators (or denominators) of the rows: empty until a row gives one. Most data sets
/// give none, and a full column of absent counts (20 bytes a row, twice) would otherwise be
/// the largest part of the store. It serializes as it is held, so a store without counts
/// writes empty columns (which earlier builds refuse); it reads back the full columns of
/// nulls that earlier builds wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
struct CountColumn(Vec<Option<Decimal>>);

impl CountColumn {
    /// The count of row `i`, if given.
    fn get(&self, i: usize) -> Option<Decimal> {
        self.0.get(i).copied().flatten()
    }

    /// The same counts, empty when none is given: as loading makes them, whatever an
    /// earlier version serialized.
    fn normalized(self) -> CountColumn {
        if self.0.iter().all(Option::is_none) { CountColumn::default() } else { self }
    }

    /// Whether this is a column of `rows` rows: empty, or one count (or none) a row.
    fn fits(&self, rows: usize) -> bool {
        self.0.is_empty() || self.0.len() == rows
    }

    /// Appends the count of row `row`, the next row of a column of `row` rows.
    fn push(&mut self, row: usize, count: Option<Decimal>) {
        if count.is_some() {
            self.0.resize(row, None);
        }
        if !self.0.is_empty() || count.is_some() {
            self.0.push(count);
        }
    }

    /// Appends `later`, the counts of `later_rows` rows, to this column of `rows` rows.
    fn append(&mut self, rows: usize, later: CountColumn, later_rows: usize) {
        if later.0.is_empty() {
            if !self.0.is_empty() {
                self.0.resize(rows + later_rows, None);
            }
        } else {
            self.0.resize(rows, None);
            self.0.extend(later.0);
        }
    }

    /// The counts of the rows at `positions`, in that order.
    fn gather(&self, positions: impl Iterator<Item = usize>) -> CountColumn {
        if self.0.is_empty() { CountColumn::default() } else { CountColumn(positions.map(|i| self.0[i]).collect()) }
    }
}

/// Packs a metric id and a period into an integer that sorts as `(metric, period)` does.
/// Months since year 0 fit in 20 bits for every `u16` year.
fn lookup_key(metric: u32, period: Period) -> u64 {
    let month = |m: i32| u64::try_from(m).unwrap_or(0) & 0xF_FFFF;
    (u64::from(metric) << 40) | (month(period.start_month()) << 20) | month(period.end_month())
}

fn parse_number(text: &str, field: &'static str, row: usize, log: &mut IssueLog) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let lower = t.to_ascii_lowercase();
    let bare = lower.trim_start_matches(['+', '-']);
    if matches!(bare, "nan" | "inf" | "infinity") {
        log.push(format!("row {row}.{field}"), t, IssueKind::NotFinite);
        return None;
    }
    match crate::number::parse_decimal(t) {
        Ok(d) => Some(d),
        Err(reason) => {
            log.push(format!("row {row}.{field}"), t, IssueKind::Invalid { reason });
            None
        }
    }
}

/// Reads one number field of a row, reporting what cannot be read as [`parse_number`] does.
pub(crate) fn read_cell(cell: Cell<'_>, field: &'static str, row: usize, log: &mut IssueLog) -> Option<Decimal> {
    match cell {
        Cell::Text(text) => parse_number(text, field, row, log),
        Cell::Float(x) if !x.is_finite() => {
            log.push(format!("row {row}.{field}"), x.to_string(), IssueKind::NotFinite);
            None
        }
        Cell::Float(x) => match crate::number::decimal_from_float(x) {
            Ok(d) => Some(d),
            Err(reason) => {
                log.push(format!("row {row}.{field}"), x.to_string(), IssueKind::Invalid { reason });
                None
            }
        },
        Cell::Integer(i) => Some(Decimal::from(i)),
        Cell::Absent => None,
    }
}

impl Observations {
    /// Checks rows against the catalogue and builds the store. Row numbers in errors
    /// count from 1 in the order given. A row without a value gets one derived from its
    /// numerator and denominator through the metric's unit.
    pub fn from_rows(
        rows: impl IntoIterator<Item = Observation>,
        catalogue: &Catalogue<'_>,
        source_name: &str,
    ) -> Result<Self, Error> {
        let mut builder = Builder::default();
        let mut log = IssueLog::default();
        for (i, o) in rows.into_iter().enumerate() {
            let fields = (o.value, o.numerator, o.denominator);
            builder.push(&o.area, &o.metric, o.period, fields, i + 1, catalogue, &mut log);
        }
        builder.finish(source_name, log)
    }

    /// Checks rows of text fields, as read from a file, and builds the store. Numbers are
    /// read from their exact text; row numbers in errors count from 1.
    pub fn from_text_rows<'a>(
        rows: impl IntoIterator<Item = TextRow<'a>>,
        catalogue: &Catalogue<'_>,
        source_name: &str,
    ) -> Result<Self, Error> {
        Observations::from_field_rows(rows.into_iter().map(FieldRow::from), catalogue, source_name)
    }

    /// Checks rows of typed fields, as a data frame holds them, and builds the store: text
    /// and floats read as [`Cell`] says, so a float column gives what its text would. Row
    /// numbers in errors count from 1.
    pub fn from_field_rows<'a>(
        rows: impl IntoIterator<Item = FieldRow<'a>>,
        catalogue: &Catalogue<'_>,
        source_name: &str,
    ) -> Result<Self, Error> {
        let numbered = rows.into_iter().enumerate().map(|(i, row)| (i + 1, row));
        let (builder, log) = Builder::check(numbered, 0, catalogue);
        builder.finish(source_name, log)
    }

    /// [`Observations::from_field_rows`] over rows that can be read by number, `row(i)` for
    /// `i` in `0..count`: large inputs are checked on every core, in contiguous runs of rows
    /// merged in order, so the store and every error are those of one pass.
    pub fn from_indexed_rows<'a>(
        count: usize,
        row: impl Fn(usize) -> FieldRow<'a> + Sync,
        catalogue: &Catalogue<'_>,
        source_name: &str,
    ) -> Result<Self, Error> {
        let checked = crate::threads::map_parts(crate::threads::runs(count, ROWS_PER_THREAD), |run| {
            let capacity = run.len();
            Builder::check(run.map(|i| (i + 1, row(i))), capacity, catalogue)
        });
        let mut checked = checked.into_iter();
        let (mut builder, mut log) = checked.next().unwrap_or_default();
        builder.rows.reserve(count.saturating_sub(builder.rows.len()));
        for (later, later_log) in checked {
            builder.append(later);
            log.append(later_log);
        }
        builder.finish(source_name, log)
    }

    /// Reads a tidy CSV with the header `area_code,metric_id,period,value` and optional
    /// `numerator,denominator` columns, within the default [`Limits`]. Lines starting with
    /// `#` are comments; the first line, if a comment, becomes the data's
    /// [`label`](Observations::label).
    pub fn read_csv(reader: impl Read, catalogue: &Catalogue<'_>, source_name: &str) -> Result<Self, Error> {
        Observations::read_csv_within(reader, catalogue, source_name, &Limits::default())
    }

    /// Reads a tidy CSV file (see [`Observations::read_csv`]), streaming it and naming it in
    /// errors.
    pub fn read_csv_file(path: &std::path::Path, catalogue: &Catalogue<'_>) -> Result<Self, Error> {
        let name = path.display().to_string();
        let file = std::fs::File::open(path).map_err(|e| Error::File { file: name.clone(), message: e.to_string() })?;
        Observations::read_csv(file, catalogue, &name)
    }

    /// [`Observations::read_csv`] within the given limits. The input is streamed: beside the
    /// rows it keeps, the loader holds one line at a time, so memory is bounded by
    /// [`Limits::max_line_bytes`] and [`Limits::max_rows`].
    pub fn read_csv_within(
        reader: impl Read,
        catalogue: &Catalogue<'_>,
        source_name: &str,
        limits: &Limits,
    ) -> Result<Self, Error> {
        let file_error = |message: String| Error::File { file: source_name.to_owned(), message };
        let mut input = std::io::BufReader::new(BoundedReader::new(reader, limits, source_name));
        let io_error = |e: std::io::Error| match limit_hit(&e) {
            Some(hit) => hit,
            None => file_error(e.to_string()),
        };
        // Comment lines stand before the header only, the first of them the label; after it a
        // line starting with `#` is data like any other, never skipped.
        let mut label = None;
        while input.fill_buf().map_err(io_error)?.first() == Some(&b'#') {
            let mut line = String::new();
            input.read_line(&mut line).map_err(io_error)?;
            label.get_or_insert_with(|| line.trim_start_matches('#').trim().to_owned());
        }
        let csv_error = |e: csv::Error, row: Option<usize>| {
            let hit = match e.kind() {
                csv::ErrorKind::Io(io) => limit_hit(io),
                _ => None,
            };
            hit.unwrap_or_else(|| match row {
                Some(row) => file_error(format!("row {row}: {e}")),
                None => file_error(e.to_string()),
            })
        };
        let mut csv = csv::ReaderBuilder::new().trim(csv::Trim::All).from_reader(input);
        let headers = csv.headers().map_err(|e| csv_error(e, None))?.clone();
        let positions = column_positions(headers.iter(), source_name)?;
        let mut builder = Builder::default();
        let mut log = IssueLog::default();
        let mut record = csv::StringRecord::new();
        let mut row = 0;
        while csv.read_record(&mut record).map_err(|e| csv_error(e, Some(row + 1)))? {
            row += 1;
            if row > limits.max_rows {
                return Err(exceeded(source_name, "max_rows", limits.max_rows as u64, format!("row {row}")));
            }
            if record.as_slice().len() > limits.max_line_bytes {
                let found = format!("row {row} of {} bytes", record.as_slice().len());
                return Err(exceeded(source_name, "max_line_bytes", limits.max_line_bytes as u64, found));
            }
            let field = |c: usize| positions[c].and_then(|p| record.get(p)).unwrap_or("");
            let text = TextRow {
                area_code: field(0),
                metric_id: field(1),
                period: field(2),
                value: field(3),
                numerator: field(4),
                denominator: field(5),
            };
            builder.push_fields(text.into(), row, catalogue, &mut log);
        }
        let mut observations = builder.finish(source_name, log)?;
        observations.label = label;
        Ok(observations)
    }

    /// Feeds the rows to `hasher`: the area and metric names and where each area's rows
    /// start, then the digest of each block of [`DIGEST_BLOCK`] rows in order. A block hashes
    /// each row's metric-and-period key and value as fixed-width bytes, and its numerator and
    /// denominator only when given. Blocks are hashed on every core, and their size is fixed,
    /// so the digest does not depend on the number of threads; millions of rows cost a pass
    /// over memory on each core, not a CSV's formatting.
    pub(crate) fn digest(&self) -> crate::util::digest::Digest {
        self.digest.0.get_or_init(|| crate::util::digest::Digest::of_rows(|hasher| self.digest_into(hasher))).clone()
    }

    fn digest_into(&self, hasher: &mut sha2::Sha256) {
        use sha2::Digest as _;
        for names in [&self.areas, &self.metrics] {
            hasher.update((names.len() as u64).to_le_bytes());
            for name in names {
                hasher.update((name.len() as u64).to_le_bytes());
                hasher.update(name.as_bytes());
            }
        }
        hasher.update(self.label.as_deref().unwrap_or("").as_bytes());
        // Rows are grouped by area, so where each area starts says which area each row is of.
        for start in &self.area_start {
            hasher.update((*start as u64).to_le_bytes());
        }
        let blocks = crate::threads::map(self.len().div_ceil(DIGEST_BLOCK), 1, |b| {
            self.block_digest(b * DIGEST_BLOCK..((b + 1) * DIGEST_BLOCK).min(self.len()))
        });
        for block in blocks {
            hasher.update(block);
        }
    }

    fn block_digest(&self, rows: std::ops::Range<usize>) -> [u8; 32] {
        use sha2::Digest as _;
        let mut hasher = sha2::Sha256::new();
        let mut buffer = Vec::with_capacity(1 << 16);
        for i in rows {
            buffer.extend_from_slice(&self.key[i].to_le_bytes());
            buffer.extend_from_slice(&self.value[i].serialize());
            for count in [self.numerator.get(i), self.denominator.get(i)] {
                match count {
                    Some(d) => {
                        buffer.push(1);
                        buffer.extend_from_slice(&d.serialize());
                    }
                    None => buffer.push(0),
                }
            }
            if buffer.len() > (1 << 16) - 64 {
                hasher.update(&buffer);
                buffer.clear();
            }
        }
        hasher.update(&buffer);
        hasher.finalize().into()
    }

    /// Writes the tidy CSV that [`Observations::read_csv`] reads, with the label as a
    /// leading comment.
    pub fn write_csv(&self, writer: impl Write) -> Result<(), Error> {
        let failed = |e: &dyn std::fmt::Display| Error::File { file: "<output>".into(), message: e.to_string() };
        let mut writer = writer;
        if let Some(label) = &self.label {
            writeln!(writer, "# {label}").map_err(|e| failed(&e))?;
        }
        let mut csv = csv::Writer::from_writer(writer);
        csv.write_record(["area_code", "metric_id", "period", "value", "numerator", "denominator"])
            .map_err(|e| failed(&e))?;
        let text = |d: Option<Decimal>| d.map(|d| d.to_string()).unwrap_or_default();
        for row in self.rows() {
            csv.write_record([
                row.area.clone(),
                row.metric.clone(),
                row.period.to_string(),
                text(row.value),
                text(row.numerator),
                text(row.denominator),
            ])
            .map_err(|e| failed(&e))?;
        }
        csv.flush().map_err(|e| failed(&e))
    }

    /// The rows, sorted by area, metric and period, values filled in.
    pub fn rows(&self) -> impl Iterator<Item = Observation> + '_ {
        (0..self.len()).map(|i| Observation {
            area: self.areas[self.area[i] as usize].clone(),
            metric: self.metrics[self.metric[i] as usize].clone(),
            period: self.period[i],
            value: Some(self.value[i]),
            numerator: self.numerator.get(i),
            denominator: self.denominator.get(i),
        })
    }

    /// The number of rows.
    pub fn len(&self) -> usize {
        self.value.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.value.is_empty()
    }

    /// A note on where the data came from (for the embedded default: that it is synthetic).
    pub fn label(&self) -> Option<&str> {
        self.label.as_deref()
    }

    /// The same data with a label.
    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self.digest = DigestCache::default();
        self
    }

    /// The distinct periods, earliest first.
    pub fn periods(&self) -> &[Period] {
        &self.periods
    }

    /// The period scored when none is named: the latest one holding data for at least half
    /// as many areas as the best-covered period. One stray row for a later month (or a
    /// mistyped year) would otherwise become the period judged, leaving nearly every area
    /// unscored. `None` when there are no rows.
    ///
    /// ```
    /// let observations = ics_outcomes::defaults::observations();
    /// assert_eq!(observations.default_period(), observations.periods().last().copied());
    /// ```
    pub fn default_period(&self) -> Option<Period> {
        let mut areas = vec![0usize; self.periods.len()];
        for a in 0..self.areas.len() {
            let mut seen: Vec<usize> = (self.area_start[a]..self.area_start[a + 1])
                .filter_map(|i| self.periods.binary_search(&self.period[i]).ok())
                .collect();
            seen.sort_unstable();
            seen.dedup();
            for p in seen {
                areas[p] += 1;
            }
        }
        let best = areas.iter().copied().max()?;
        areas.iter().rposition(|&n| n * 2 >= best).map(|p| self.periods[p])
    }

    /// The interned id of a metric, for [`AreaRows::value`].
    pub fn metric_index(&self, metric: &str) -> Option<u32> {
        self.metrics.binary_search_by(|m| m.as_str().cmp(metric)).ok().and_then(|i| u32::try_from(i).ok())
    }

    /// The rows of one area (by primary code).
    pub fn area(&self, code: &str) -> Option<AreaRows<'_>> {
        let a = self.areas.binary_search_by(|x| x.as_str().cmp(code)).ok()?;
        Some(AreaRows { observations: self, start: self.area_start[a], end: self.area_start[a + 1] })
    }

    /// The value of one metric for one area and period.
    pub fn value(&self, area: &str, metric: &str, period: Period) -> Option<Decimal> {
        self.area(area)?.value(self.metric_index(metric)?, period)
    }

    /// Rolls rows up to their ancestors at `level` (e.g. places to systems) by summing
    /// numerators and denominators and recomputing the value through the metric's unit;
    /// counts and money are summed. Percentages are never averaged: a ratio row without
    /// numerator and denominator is an error.
    pub fn roll_up(&self, level: AreaLevel, catalogue: &Catalogue<'_>) -> Result<Observations, Error> {
        let mut log = IssueLog::default();
        let mut sums: HashMap<(String, usize, Period), (Decimal, Decimal, Decimal)> = HashMap::new();
        for (i, row) in self.rows().enumerate() {
            let path = |field: &str| format!("row {}.{field}", i + 1);
            let Some(target) = catalogue.geography.ancestor_at(&row.area, level) else {
                log.push(
                    path("area_code"),
                    row.area.as_str(),
                    IssueKind::Invalid { reason: format!("has no {level} above it") },
                );
                continue;
            };
            let Some(metric) = catalogue.metric(&row.metric) else {
                log.push(path("metric_id"), row.metric.as_str(), IssueKind::UnknownMetric);
                continue;
            };
            let entry = sums.entry((target.code.clone(), self.metric[i] as usize, row.period)).or_default();
            match (metric.unit.multiplier(), row.numerator, row.denominator) {
                (Some(_), Some(n), Some(d)) => {
                    entry.0 += n;
                    entry.1 += d;
                }
                (Some(_), _, _) => log.push(
                    path("denominator"),
                    "",
                    IssueKind::Invalid {
                        reason: format!("{} is a ratio: rolling up needs numerator and denominator", metric.id),
                    },
                ),
                (None, _, _) => entry.2 += self.value[i],
            }
        }
        log.into_data(DataKind::Observations, "<roll-up>")?;
        let rows = sums.into_iter().map(|((area, m, period), (n, d, total))| {
            let ratio = catalogue.metric(&self.metrics[m]).and_then(|metric| metric.unit.multiplier()).is_some();
            Observation {
                area,
                metric: self.metrics[m].clone(),
                period,
                value: (!ratio).then_some(total),
                numerator: ratio.then_some(n),
                denominator: ratio.then_some(d),
            }
        });
        Observations::from_rows(rows, catalogue, "<roll-up>").map(|o| Observations { label: self.label.clone(), ..o })
    }
}

/// Checked rows waiting to be sorted, column by column as the store keeps them (so loading
/// writes each value into its column, not into a row copied into columns later), with each
/// row's number in the input. Numbers rise with position: every loader reads its input in
/// order, and parts loaded side by side are appended in order.
#[derive(Default)]
struct Rows {
    area: Vec<u32>,
    metric: Vec<u32>,
    period: Vec<Period>,
    value: Vec<Decimal>,
    numerator: CountColumn,
    denominator: CountColumn,
    number: RowNumbers,
}

/// Each row's number in the input, by its position: counted on from the first row's while
/// no row between was left out (as in every load that succeeds, since a row left out is an
/// error), and listed only once one was or the rows were reordered.
#[derive(Default)]
struct RowNumbers {
    /// The first row's number less its position (0), once a row is in.
    first: Option<usize>,
    /// Every row's number, or empty while they count on from `first`.
    listed: Vec<usize>,
}

impl RowNumbers {
    /// The number of the row at `position`.
    fn get(&self, position: usize) -> usize {
        match self.listed.get(position) {
            Some(&number) => number,
            None => self.first.unwrap_or(0) + position,
        }
    }

    /// Appends the number of the row at `position`, the next one.
    fn push(&mut self, position: usize, number: usize) {
        let first = *self.first.get_or_insert(number.saturating_sub(position));
        if self.listed.is_empty() && number == first + position {
            return;
        }
        self.list(position);
        self.listed.push(number);
    }

    /// Lists the numbers of the first `rows` rows, if they are not listed yet.
    fn list(&mut self, rows: usize) {
        if self.listed.is_empty() {
            let first = self.first.unwrap_or(0);
            self.listed.extend((0..rows).map(|p| first + p));
        }
    }

    /// Appends `later`, the numbers of `later_rows` rows, to these of `rows` rows.
    fn append(&mut self, rows: usize, later: RowNumbers, later_rows: usize) {
        if later_rows == 0 {
            return;
        }
        let counts_on = later.listed.is_empty() && later.first == Some(self.first.unwrap_or(0) + rows);
        if rows == 0 {
            *self = later;
        } else if !(self.listed.is_empty() && counts_on) {
            self.list(rows);
            self.listed.extend((0..later_rows).map(|p| later.get(p)));
        }
    }
}

impl Rows {
    fn with_capacity(n: usize) -> Rows {
        let mut rows = Rows::default();
        rows.reserve(n);
        rows
    }

    #[allow(clippy::too_many_arguments)] // One checked row, field by field.
    fn push(
        &mut self,
        area: u32,
        metric: u32,
        period: Period,
        value: Decimal,
        numerator: Option<Decimal>,
        denominator: Option<Decimal>,
        number: usize,
    ) {
        // The optional columns first, as they take the position of the row being added.
        self.numerator.push(self.len(), numerator);
        self.denominator.push(self.len(), denominator);
        self.number.push(self.len(), number);
        self.area.push(area);
        self.metric.push(metric);
        self.period.push(period);
        self.value.push(value);
    }

    fn len(&self) -> usize {
        self.value.len()
    }

    /// Makes room for `more` rows, so that appending later parts does not copy earlier ones
    /// again as the columns grow.
    fn reserve(&mut self, more: usize) {
        self.area.reserve(more);
        self.metric.reserve(more);
        self.period.reserve(more);
        self.value.reserve(more);
    }

    /// What the store is ordered by: area, metric and period.
    fn key(&self, i: usize) -> (u32, u32, Period) {
        (self.area[i], self.metric[i], self.period[i])
    }

    /// Orders the rows by [`Rows::key`], rows with the same key in input order.
    fn sort(&mut self) {
        debug_assert!((1..self.len()).all(|i| self.number.get(i - 1) < self.number.get(i)), "numbers rise");
        // Exports are usually sorted already; checking is far cheaper than sorting.
        if (1..self.len()).all(|i| self.key(i - 1) <= self.key(i)) {
            return;
        }
        // Positions rise with row numbers, so the position breaks ties as the number would.
        let mut order: Vec<(u32, u32, Period, usize)> =
            (0..self.len()).map(|i| (self.area[i], self.metric[i], self.period[i], i)).collect();
        order.sort_unstable();
        fn gather<T: Copy>(column: &[T], order: &[(u32, u32, Period, usize)]) -> Vec<T> {
            order.iter().map(|o| column[o.3]).collect()
        }
        self.value = gather(&self.value, &order);
        self.numerator = self.numerator.gather(order.iter().map(|o| o.3));
        self.denominator = self.denominator.gather(order.iter().map(|o| o.3));
        self.number = RowNumbers { first: None, listed: order.iter().map(|o| self.number.get(o.3)).collect() };
        self.area = order.iter().map(|o| o.0).collect();
        self.metric = order.iter().map(|o| o.1).collect();
        self.period = order.iter().map(|o| o.2).collect();
    }
}

/// Distinct strings numbered in order of first sight; each text as given is resolved (and
/// checked) once, and the last one is remembered because rows usually come grouped.
pub(crate) struct Interner<V> {
    resolved: rustc_hash::FxHashMap<String, Option<V>>,
    last: Option<(String, Option<V>)>,
}

// By hand: a derived `Default` would ask `V: Default`, which an empty table does not need.
impl<V> Default for Interner<V> {
    fn default() -> Self {
        Interner { resolved: rustc_hash::FxHashMap::default(), last: None }
    }
}

impl<V: Copy> Interner<V> {
    fn get(&mut self, text: &str, resolve: impl FnOnce() -> Option<V>) -> Option<V> {
        if let Some((last, v)) = &self.last
            && last == text
        {
            return *v;
        }
        let v = match self.resolved.get(text) {
            Some(v) => *v,
            None => {
                let v = resolve();
                self.resolved.insert(text.to_owned(), v);
                v
            }
        };
        // The last text's buffer is reused: rows that cycle through a few periods would
        // otherwise allocate on every row.
        match &mut self.last {
            Some((last, value)) => {
                last.clear();
                last.push_str(text);
                *value = v;
            }
            None => self.last = Some((text.to_owned(), v)),
        }
        v
    }
}

impl Interner<Period> {
    /// The period `text` names, or `None` with the reason logged against `row`. Rows repeat a
    /// few periods: each text is parsed once, and again only to say why not.
    pub(crate) fn period(&mut self, text: &str, row: usize, log: &mut IssueLog) -> Option<Period> {
        let period = self.get(text, || Period::from_str(text).ok());
        if let Some(Err(reason)) = period.is_none().then(|| Period::from_str(text)) {
            log.push(format!("row {row}.period"), text, IssueKind::Invalid { reason });
        }
        period
    }
}

/// Accumulates checked rows, then sorts and indexes them.
#[derive(Default)]
struct Builder {
    rows: Rows,
    /// Area text as given to the index of its primary code in `area_codes`.
    areas: Interner<u32>,
    area_codes: Vec<String>,
    area_ids: HashMap<String, u32>,
    /// Metric id to its index in `metric_ids`, its unit and its publication decimals.
    metrics: Interner<(u32, Unit, u32)>,
    metric_ids: Vec<String>,
    /// Period text as given to the period it names.
    periods: Interner<Period>,
}

/// Checks a row's value against its counts and its unit: a negative numerator, a zero
/// denominator under a numerator or a value, a percentage outside 0 to 100 or over more people
/// than its denominator, and a value that its numerator and denominator contradict by more
/// than half a unit of the metric's last published decimal place.
fn check_counts(
    unit: Unit,
    decimals: u32,
    (value, numerator, denominator): (Option<Decimal>, Option<Decimal>, Option<Decimal>),
    row: usize,
    log: &mut IssueLog,
) {
    let mut invalid = |field: &str, number: Decimal, reason: String| {
        log.push(format!("row {row}.{field}"), number.to_string(), IssueKind::Invalid { reason });
    };
    if let Some(n) = numerator.filter(|n| n.is_sign_negative() && !n.is_zero()) {
        invalid("numerator", n, "a numerator counts events or people, never below zero".into());
    }
    if let Some(d) = denominator.filter(|d| d.is_zero())
        && (value.is_some() || numerator.is_some_and(|n| !n.is_zero()))
    {
        invalid("denominator", d, "zero, under a numerator or a value".into());
    }
    if unit == Unit::Percentage {
        let outside = |v: &Decimal| compare(*v, Decimal::ZERO).is_lt() || compare(*v, Decimal::ONE_HUNDRED).is_gt();
        if let Some(v) = value.filter(outside) {
            invalid("value", v, "a percentage lies between 0 and 100".into());
        }
        if let (Some(n), Some(d)) = (numerator, denominator)
            && compare(n, d).is_gt()
        {
            invalid("numerator", n, format!("more than its denominator {d}, for a percentage"));
        }
    }
    if let (Some(v), Some(n), Some(d), Some(multiplier)) = (value, numerator, denominator, unit.multiplier())
        && let Some(derived) = derived_value(n, d, multiplier)
        && (v - derived).abs() > Decimal::new(5, decimals + 1)
    {
        invalid("value", v, format!("contradicts its numerator and denominator, {n} / {d}, which give {derived}"));
    }
}

/// The value a numerator over a denominator gives in a unit with this multiplier; `None` over
/// a zero denominator or past the decimal range.
fn derived_value(numerator: Decimal, denominator: Decimal, multiplier: Decimal) -> Option<Decimal> {
    numerator.checked_mul(multiplier)?.checked_div(denominator)
}

/// The next id of a growing table.
fn next_id(len: usize) -> u32 {
    u32::try_from(len).unwrap_or(u32::MAX)
}

/// Rows below which a load runs on one thread: a run must pay for its own tables and merge.
pub(crate) const ROWS_PER_THREAD: usize = 1 << 16;

impl Builder {
    /// Checks rows, each with its number for errors, into a new builder and its issues.
    fn check<'a>(
        rows: impl Iterator<Item = (usize, FieldRow<'a>)>,
        capacity: usize,
        catalogue: &Catalogue<'_>,
    ) -> (Builder, IssueLog) {
        let mut builder = Builder { rows: Rows::with_capacity(capacity), ..Builder::default() };
        let mut log = IssueLog::default();
        for (number, row) in rows {
            builder.push_fields(row, number, catalogue, &mut log);
        }
        (builder, log)
    }

    /// Takes in the rows of `later`, a builder of later rows, renumbering its areas and
    /// metrics into this one's.
    fn append(&mut self, later: Builder) {
        let area_id = |code: &String, this: &mut Builder| {
            *this.area_ids.entry(code.clone()).or_insert_with(|| {
                this.area_codes.push(code.clone());
                next_id(this.area_codes.len() - 1)
            })
        };
        let areas: Vec<u32> = later.area_codes.iter().map(|code| area_id(code, self)).collect();
        let mut metric_ids: HashMap<&str, u32> =
            self.metric_ids.iter().enumerate().map(|(i, id)| (id.as_str(), next_id(i))).collect();
        let mut added = Vec::new();
        let metrics: Vec<u32> = later
            .metric_ids
            .iter()
            .map(|id| {
                *metric_ids.entry(id.as_str()).or_insert_with(|| {
                    added.push(id.clone());
                    next_id(self.metric_ids.len() + added.len() - 1)
                })
            })
            .collect();
        self.metric_ids.extend(added);
        let (rows, later) = (&mut self.rows, later.rows);
        let (before, added) = (rows.len(), later.len());
        rows.numerator.append(before, later.numerator, added);
        rows.denominator.append(before, later.denominator, added);
        rows.area.extend(later.area.iter().map(|&a| areas[a as usize]));
        rows.metric.extend(later.metric.iter().map(|&m| metrics[m as usize]));
        rows.period.extend(later.period);
        rows.value.extend(later.value);
        rows.number.append(before, later.number, added);
    }

    /// Reads a row's fields, reporting every unreadable one, then checks it as `push` does.
    fn push_fields(&mut self, fields: FieldRow<'_>, row: usize, catalogue: &Catalogue<'_>, log: &mut IssueLog) {
        let before = log.len();
        let period = self.periods.period(fields.period, row, log);
        let value = read_cell(fields.value, "value", row, log);
        let numerator = read_cell(fields.numerator, "numerator", row, log);
        let denominator = read_cell(fields.denominator, "denominator", row, log);
        if let Some(period) = period.filter(|_| log.len() == before) {
            let numbers = (value, numerator, denominator);
            self.push(fields.area_code, fields.metric_id, period, numbers, row, catalogue, log);
        }
    }

    #[allow(clippy::too_many_arguments)] // One row's fields, its number, and where to check and report.
    fn push(
        &mut self,
        area_text: &str,
        metric_text: &str,
        period: Period,
        (value, numerator, denominator): (Option<Decimal>, Option<Decimal>, Option<Decimal>),
        row: usize,
        catalogue: &Catalogue<'_>,
        log: &mut IssueLog,
    ) {
        let before = log.len();
        let (area_codes, area_ids) = (&mut self.area_codes, &mut self.area_ids);
        let area = self.areas.get(area_text, || {
            let code = &catalogue.geography.get(area_text)?.code;
            Some(*area_ids.entry(code.clone()).or_insert_with(|| {
                area_codes.push(code.clone());
                next_id(area_codes.len() - 1)
            }))
        });
        if area.is_none() {
            log.push(format!("row {row}.area_code"), area_text, catalogue.geography.missing_area(area_text));
        }
        let metric_ids = &mut self.metric_ids;
        let metric = self.metrics.get(metric_text, || {
            let metric = catalogue.metric(metric_text)?;
            metric_ids.push(metric.id.clone());
            Some((next_id(metric_ids.len() - 1), metric.unit, metric.decimals))
        });
        if metric.is_none() {
            log.push(format!("row {row}.metric_id"), metric_text, IssueKind::UnknownMetric);
        }
        for (field, number) in [("value", value), ("numerator", numerator), ("denominator", denominator)] {
            if let Some(issue) = number.and_then(input_limits::magnitude_issue) {
                log.push(format!("row {row}.{field}"), number.map(|n| n.to_string()).unwrap_or_default(), issue);
            }
        }
        if let Some(d) = denominator
            && d.is_sign_negative()
            && !d.is_zero()
        {
            log.push(format!("row {row}.denominator"), d.to_string(), IssueKind::NegativeDenominator);
        }
        if let Some((_, unit, decimals)) = metric
            && log.len() == before
        {
            check_counts(unit, decimals, (value, numerator, denominator), row, log);
        }
        let value = match (value, numerator, denominator, metric.and_then(|m| m.1.multiplier())) {
            (Some(v), ..) => Some(v),
            (None, Some(n), Some(d), Some(multiplier)) if !d.is_zero() => derived_value(n, d, multiplier),
            (None, ..) => {
                if metric.is_some() {
                    log.push(
                        format!("row {row}.value"),
                        "",
                        IssueKind::Invalid {
                            reason: "no value, and none can be derived from a numerator over a non-zero denominator"
                                .into(),
                        },
                    );
                }
                None
            }
        };
        if let Some(derived) = value
            && let Some(issue) = input_limits::magnitude_issue(derived)
            && log.len() == before
        {
            log.push(format!("row {row}.value"), derived.to_string(), issue);
        }
        if let (true, Some(area), Some((metric, ..)), Some(value)) = (log.len() == before, area, metric, value) {
            self.rows.push(area, metric, period, value, numerator, denominator, row);
        }
    }

    fn finish(self, source_name: &str, mut log: IssueLog) -> Result<Observations, Error> {
        // Codes sort lexically, so that look-ups can binary-search them; rows follow.
        let rank = |names: &[String]| {
            let mut order: Vec<usize> = (0..names.len()).collect();
            order.sort_unstable_by(|&a, &b| names[a].cmp(&names[b]));
            let mut rank = vec![0u32; names.len()];
            for (r, &i) in order.iter().enumerate() {
                rank[i] = next_id(r);
            }
            (rank, order.into_iter().map(|i| names[i].clone()).collect::<Vec<_>>())
        };
        let (area_rank, areas) = rank(&self.area_codes);
        let (metric_rank, metrics) = rank(&self.metric_ids);
        let mut rows = self.rows;
        rows.area.iter_mut().for_each(|a| *a = area_rank[*a as usize]);
        rows.metric.iter_mut().for_each(|m| *m = metric_rank[*m as usize]);
        rows.sort();
        for i in 1..rows.len() {
            if rows.key(i - 1) == rows.key(i) {
                let (area, metric, period) = rows.key(i);
                log.push(
                    format!("row {}", rows.number.get(i)),
                    format!("{} {} {period}", areas[area as usize], metrics[metric as usize]),
                    IssueKind::DuplicateRow { first_row: rows.number.get(i - 1) },
                );
            }
        }
        log.into_data(DataKind::Observations, source_name)?;
        let n = rows.len();
        let mut area_start = Vec::with_capacity(areas.len() + 1);
        for (i, &area) in rows.area.iter().enumerate() {
            while area_start.len() <= area as usize {
                area_start.push(i);
            }
        }
        while area_start.len() <= areas.len() {
            area_start.push(n);
        }
        // Consecutive rows mostly share or cycle through periods: drop repeats before sorting.
        let mut seen = rustc_hash::FxHashSet::default();
        let mut last = None;
        for &period in &rows.period {
            if last != Some(period) {
                seen.insert(period);
                last = Some(period);
            }
        }
        let mut periods: Vec<Period> = seen.into_iter().collect();
        periods.sort_unstable();
        let key = rows.metric.iter().zip(&rows.period).map(|(&m, &p)| lookup_key(m, p)).collect();
        let counted = has_counts(&rows.numerator, &rows.denominator);
        Ok(Observations {
            areas,
            metrics,
            area: rows.area,
            metric: rows.metric,
            period: rows.period,
            value: rows.value,
            numerator: rows.numerator,
            denominator: rows.denominator,
            key,
            periods,
            area_start,
            label: None,
            counted,
            digest: DigestCache::default(),
        })
    }
}
