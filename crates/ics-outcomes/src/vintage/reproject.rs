//! Counts carried from one vintage onto another: mergers summed, splits shared by an
//! apportionment or rebuilt from small areas through a lookup, totals conserved exactly.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rust_decimal::Decimal;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::{Change, Icb, Succession, Vintages};
use crate::error::{DataKind, Error, IssueKind, IssueLog};
use crate::metric::{Combine, Metric};
use crate::observation::{COLUMNS, FieldRow, Interner, Observation, ROWS_PER_THREAD, TextRow, read_cell};
use crate::period::Period;

/// Shares of each split ICB's counts that go to each successor: exact decimals summing to
/// exactly one for each predecessor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Apportionment {
    shares: BTreeMap<String, Vec<(String, Decimal)>>,
}

impl Apportionment {
    /// Reads the columns `from_code`, `to_code` and `share`, found by name in the header
    /// (ONS or ODS codes; other columns ignored). A missing column is an [`Error::File`];
    /// every other problem is an [`Error::Data`] naming its row: an unknown code, a share that
    /// is not a decimal from 0 to 1, a pair given twice, or shares that do not sum to exactly
    /// one.
    pub fn from_csv(text: &str, source_name: &str, vintages: &Vintages) -> Result<Self, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut log = IssueLog::default();
        let mut shares: BTreeMap<String, Vec<(String, Decimal)>> = BTreeMap::new();
        let mut first_row: BTreeMap<String, usize> = BTreeMap::new();
        let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|name| name.trim().to_owned()).collect(),
            Err(e) => return Err(Error::File { file: source_name.into(), message: e.to_string() }),
        };
        let columns = ["from_code", "to_code", "share"].map(|name| header.iter().position(|h| h == name));
        let [Some(from_at), Some(to_at), Some(share_at)] = columns else {
            return Err(Error::File {
                file: source_name.into(),
                message: format!("the columns are from_code, to_code and share; the header is {}", header.join(",")),
            });
        };
        for (i, record) in reader.records().enumerate() {
            let row = i + 1;
            let Ok(record) = record else {
                log.push(format!("row {row}"), "", IssueKind::Invalid { reason: "not a CSV row".into() });
                continue;
            };
            let field = |k: usize| record.get(k).unwrap_or("");
            let code = |k: usize, name: &str, log: &mut IssueLog| {
                let text = field(k);
                match vintages.icbs().iter().find(|icb| icb.named(text)) {
                    Some(icb) => Some(icb.code.clone()),
                    None => {
                        log.push(format!("row {row}.{name}"), text, IssueKind::UnknownArea);
                        None
                    }
                }
            };
            let (from, to) = (code(from_at, "from_code", &mut log), code(to_at, "to_code", &mut log));
            let share = match crate::number::parse_decimal(field(share_at)) {
                Ok(d) if d >= Decimal::ZERO && d <= Decimal::ONE => Some(d),
                Ok(_) => {
                    let reason = "a share lies between 0 and 1".to_owned();
                    log.push(format!("row {row}.share"), field(share_at), IssueKind::Invalid { reason });
                    None
                }
                Err(reason) => {
                    log.push(format!("row {row}.share"), field(share_at), IssueKind::Invalid { reason });
                    None
                }
            };
            if let (Some(from), Some(to), Some(share)) = (from, to, share) {
                let list = shares.entry(from.clone()).or_default();
                if list.iter().any(|(t, _)| *t == to) {
                    log.push(
                        format!("row {row}.to_code"),
                        to.as_str(),
                        IssueKind::Invalid { reason: format!("a second share from {from} to this successor") },
                    );
                }
                list.push((to, share));
                first_row.entry(from).or_insert(row);
            }
        }
        for (from, list) in &shares {
            let total: Decimal = list.iter().map(|(_, s)| *s).sum();
            if total != Decimal::ONE {
                log.push(
                    format!("row {}.share", first_row.get(from).copied().unwrap_or(0)),
                    total.to_string(),
                    IssueKind::Invalid { reason: format!("the shares from {from} sum to {total}, not exactly 1") },
                );
            }
        }
        log.into_data(DataKind::Apportionment, source_name)?;
        Ok(Apportionment { shares })
    }
}

/// What to do about values without counts that meet or split.
const COMBINE_HINT: &str =
    "give this metric's numerator and denominator, or say how it combines (combine = \"sum\" or \"weighted_mean\")";

/// The decimal places a split ICB's share of a count is rounded to.
pub const SHARE_PLACES: u32 = 10;

/// Reprojected rows as a [`TableKind::Reprojection`](crate::table::TableKind::Reprojection)
/// table, each value in its metric's unit (`unit` gives the unit's multiplier of each metric
/// known, `None` for a count), or carried as given.
pub fn reprojection_table(rows: &[Reprojected], unit: impl Fn(&str) -> Option<Option<Decimal>>) -> crate::table::Table {
    let value = |r: &Reprojected| unit(&r.metric).map_or(r.value, |m| r.value_in(m));
    crate::table::TableBuilder::new(crate::table::TableKind::Reprojection, rows.len())
        .text("area_code", rows.iter().map(|r| Some(r.area.as_str())))
        .text("metric_id", rows.iter().map(|r| Some(r.metric.as_str())))
        .text("period", rows.iter().map(|r| Some(r.period.to_string())))
        .decimal("value", rows.iter().map(value))
        .decimal("numerator", rows.iter().map(|r| r.numerator))
        .decimal("denominator", rows.iter().map(|r| r.denominator))
        .text("reprojected_from", rows.iter().map(|r| Some(r.from.join(" + "))))
        .text("method", rows.iter().map(|r| Some(r.method.id())))
        .finish()
}

/// Rows in the observation CSV shape (`area_code,metric_id,period,value[,numerator,
/// denominator]`) for [`reproject`], read by the library's number and period grammars; the
/// codes are not checked here (they may be of any vintage). Every unreadable field is an
/// [`Error::Data`] naming its row.
pub fn read_csv(text: &str, source_name: &str) -> Result<Vec<Observation>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut log = IssueLog::default();
    let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(text.as_bytes());
    let header: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(str::to_owned).collect(),
        Err(e) => return Err(Error::File { file: source_name.into(), message: e.to_string() }),
    };
    let position = |name: &str| header.iter().position(|h| h == name);
    if let Some(missing) = COLUMNS[..3].iter().find(|name| position(name).is_none()) {
        return Err(Error::File {
            file: source_name.into(),
            message: format!("no {missing} column; the header is {}", header.join(",")),
        });
    }
    let mut fields = Vec::new();
    for (i, record) in reader.records().enumerate() {
        match record {
            Ok(record) => {
                let field = |name: &str| position(name).and_then(|k| record.get(k)).unwrap_or("").to_owned();
                fields.push(COLUMNS.map(field));
            }
            Err(e) => log.push(format!("row {}", i + 1), "", IssueKind::Invalid { reason: e.to_string() }),
        }
    }
    log.into_data(DataKind::Observations, source_name)?;
    rows_from_text(fields, source_name)
}

/// Rows for [`reproject`] from text fields in [`COLUMNS`] order, read as [`read_csv`] reads
/// them; row numbers count from 1.
pub fn rows_from_text<S: AsRef<str>>(
    rows: impl IntoIterator<Item = [S; 6]>,
    source_name: &str,
) -> Result<Vec<Observation>, Error> {
    let mut reading = Reading::default();
    for fields in rows {
        let [area_code, metric_id, period, value, numerator, denominator] = fields.each_ref().map(AsRef::as_ref);
        reading.read(TextRow { area_code, metric_id, period, value, numerator, denominator }.into());
    }
    reading.finish(source_name)
}

/// Rows for [`reproject`] from typed fields, as a data frame's columns hold them, `row(i)`
/// for `i` in `0..count`: a float reads as its text would ([`Cell`](crate::Cell)), so a frame
/// gives what its CSV would. Row numbers count from 1. Large inputs are read on every core,
/// in contiguous runs joined in order, so the rows and every error are those of one pass.
pub fn rows_from_fields<'a>(
    count: usize,
    row: impl Fn(usize) -> FieldRow<'a> + Sync,
    source_name: &str,
) -> Result<Vec<Observation>, Error> {
    let parts = crate::threads::map_parts(crate::threads::runs(count, ROWS_PER_THREAD), |run| {
        let mut reading = Reading { rows: Vec::with_capacity(run.len()), read: run.start, ..Reading::default() };
        run.for_each(|i| reading.read(row(i)));
        reading
    });
    let mut parts = parts.into_iter();
    let mut whole = parts.next().unwrap_or_default();
    whole.rows.reserve(count.saturating_sub(whole.rows.len()));
    for later in parts {
        whole.rows.extend(later.rows);
        whole.log.append(later.log);
    }
    whole.finish(source_name)
}

/// The rows read whose period could be read, `read` the number of the last row read (counting
/// the rows before this part), and what was wrong with any row.
#[derive(Default)]
struct Reading {
    rows: Vec<Observation>,
    read: usize,
    periods: Interner<Period>,
    log: IssueLog,
}

impl Reading {
    fn read(&mut self, fields: FieldRow<'_>) {
        self.read += 1;
        let (log, row) = (&mut self.log, self.read);
        let before = log.len();
        let value = read_cell(fields.value, "value", row, log);
        let numerator = read_cell(fields.numerator, "numerator", row, log);
        let denominator = read_cell(fields.denominator, "denominator", row, log);
        let period = self.periods.period(fields.period, row, log);
        if value.is_none() && numerator.is_none() && log.len() == before {
            log.push(format!("row {row}.value"), "", IssueKind::Missing);
        }
        if let Some(period) = period {
            let (area, metric) = (fields.area_code.to_owned(), fields.metric_id.to_owned());
            self.rows.push(Observation { area, metric, period, value, numerator, denominator });
        }
    }

    fn finish(self, source_name: &str) -> Result<Vec<Observation>, Error> {
        self.log.into_data(DataKind::Observations, source_name)?;
        Ok(self.rows)
    }
}

/// How a reprojected row was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The same ICB, unchanged.
    Unchanged,
    /// One predecessor carried whole onto a new code or boundary.
    Recoded,
    /// Several predecessors' counts summed.
    Merged,
    /// Includes a share of a split ICB's counts, from an apportionment.
    Apportioned,
    /// Summed from small areas (LSOAs, practices) through a [`Lookup`].
    RolledUp,
}

impl Method {
    /// The stable id, as the `method` column writes it.
    pub fn id(self) -> &'static str {
        match self {
            Method::Unchanged => "unchanged",
            Method::Recoded => "recoded",
            Method::Merged => "merged",
            Method::Apportioned => "apportioned",
            Method::RolledUp => "rolled_up",
        }
    }
}

/// One reprojected row: counts (or a carried value) for an ICB of the target vintage, with
/// where they came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reprojected {
    /// ONS code in the target vintage.
    pub area: String,
    /// The metric.
    pub metric: String,
    /// The period.
    pub period: Period,
    /// The value, carried as given where the row had no counts and mapped whole onto this
    /// ICB; `None` for counts (compute it from them, [`Reprojected::value_in`]).
    pub value: Option<Decimal>,
    /// The summed numerator.
    pub numerator: Option<Decimal>,
    /// The summed denominator (`None` when any part had none).
    pub denominator: Option<Decimal>,
    /// The predecessors' ONS codes, sorted.
    pub from: Vec<String>,
    /// How.
    pub method: Method,
}

impl Reprojected {
    /// The row as an observation of the target vintage (its provenance dropped).
    pub fn into_observation(self) -> Observation {
        let Reprojected { area, metric, period, value, numerator, denominator, .. } = self;
        Observation { area, metric, period, value, numerator, denominator }
    }

    /// The value: the carried one, or the counts in a unit with this multiplier (100 for a
    /// percentage; `None` for a count, whose value is its numerator).
    pub fn value_in(&self, multiplier: Option<Decimal>) -> Option<Decimal> {
        match (self.value, self.numerator, self.denominator, multiplier) {
            (Some(v), ..) => Some(v),
            (None, Some(n), Some(d), Some(m)) if !d.is_zero() => n.checked_mul(m)?.checked_div(d),
            (None, Some(n), _, None) => Some(n),
            _ => None,
        }
    }
}

/// What has been summed for one area, metric and period of the target vintage.
#[derive(Default)]
struct Sum<'v> {
    numerator: Option<Decimal>,
    denominator: Option<Decimal>,
    value: Option<Decimal>,
    /// Σ value × weight and Σ weight, for a weighted mean.
    weighted: Option<(Decimal, Decimal)>,
    /// Rows that brought only a value; more than one, or with counts, cannot be combined.
    values: usize,
    counts: usize,
    /// The predecessors, each once (a handful: a list beats a set).
    from: Vec<&'v str>,
    apportioned: bool,
    rolled_up: bool,
}

/// How values without counts combine, per metric: from the metrics' `combine` and `weight`
/// (metrics not named combine only by their counts).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Combining {
    rules: BTreeMap<String, (Combine, Option<String>)>,
}

impl Combining {
    /// The rules the metrics declare.
    pub fn of<'a>(metrics: impl IntoIterator<Item = &'a Metric>) -> Self {
        let rules = metrics.into_iter().filter_map(|m| Some((m.id.clone(), (m.combine?, m.weight.clone())))).collect();
        Combining { rules }
    }

    fn get(&self, metric: &str) -> Option<(Combine, Option<&str>)> {
        self.rules.get(metric).map(|(c, w)| (*c, w.as_deref()))
    }
}

/// What a reprojection is told beyond its rows and target vintage.
#[derive(Debug, Clone, Copy, Default)]
pub struct Reprojection<'a> {
    /// The vintage every input code is read in; `None`: each code in the vintage that
    /// defines it at its period (series that keep older codes, as NHS England's do).
    pub from: Option<&'a str>,
    /// Shares of each split ICB's counts by successor.
    pub apportionment: Option<&'a Apportionment>,
    /// How values without counts combine.
    pub combining: Option<&'a Combining>,
    /// Where each small area (LSOA, practice, ...) lies: rows keyed by small areas are
    /// summed into the ICB the lookup names, then carried onto `to` like any ICB's.
    pub lookup: Option<&'a Lookup>,
    /// The vintages `from` and `to` are of; `None`: [`Vintages::embedded`].
    pub vintages: Option<&'a Vintages>,
}

/// Each small area (an LSOA, a practice, a sub-ICB location) and the ICB it lies in, read from
/// a CSV in the ONS lookup shape: the first column is the small area's code, and the ICB is
/// the column named `ICB26CD` (or `ICB23CD`, `ICB22CD`: the two digits name the year of the
/// vintage; `ICB26CDH` for ODS codes) or `icb_code` (each code in the latest vintage that has
/// it). Other columns are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Lookup {
    /// Each small area's ICB, by ONS code.
    areas: HashMap<String, String>,
}

impl Lookup {
    /// Reads a lookup. Every problem is an [`Error::Data`] naming its row: a small area with
    /// no ICB, an ICB code that is not one of the column's vintage, or a small area given
    /// twice with different ICBs.
    ///
    /// ```
    /// use ics_outcomes::vintage::Lookup;
    /// use ics_outcomes::vintage::Vintages;
    /// let v = Vintages::embedded();
    /// let lookup = Lookup::from_csv("LSOA21CD,LSOA21NM,ICB26CDH\nE01000001,City of London 001A,Z9B2Z\n", "l.csv", v)?;
    /// assert_eq!(lookup.icb_of("E01000001"), Some("E54000071"));
    /// let err = Lookup::from_csv("LSOA21CD,ICB26CD\nE01000001,E54000071\nE01000001,E54000069\n", "l.csv", v).unwrap_err();
    /// assert!(err.to_string().contains("lies in two ICBs"));
    /// # Ok::<(), ics_outcomes::Error>(())
    /// ```
    pub fn from_csv(text: &str, source_name: &str, vintages: &Vintages) -> Result<Self, Error> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new().comment(Some(b'#')).from_reader(text.as_bytes());
        let header: Vec<String> = match reader.headers() {
            Ok(h) => h.iter().map(|name| name.trim().to_owned()).collect(),
            Err(e) => return Err(Error::File { file: source_name.into(), message: e.to_string() }),
        };
        let icb_column = header.iter().enumerate().skip(1).find_map(|(k, name)| {
            let upper = name.to_ascii_uppercase();
            let year = upper.strip_prefix("ICB").and_then(|r| r.strip_suffix("CD").or(r.strip_suffix("CDH")));
            let vintage = match year {
                Some(yy) if yy.len() == 2 => vintages.names().find(|v| v.get(2..4) == Some(yy)).map(Some),
                _ if name == "icb_code" => Some(None),
                _ => None,
            };
            vintage.map(|v| (k, v))
        });
        let Some((column, vintage)) = icb_column else {
            return Err(Error::File {
                file: source_name.into(),
                message: format!(
                    "no ICB column (ICB26CD, ICB23CD, ICB22CD, ICB26CDH or icb_code) after the small-area code; the \
                     header is {}",
                    header.join(",")
                ),
            });
        };
        let mut log = IssueLog::default();
        let mut areas: HashMap<String, (&Icb, usize)> = HashMap::new();
        for (i, record) in reader.records().enumerate() {
            let row = i + 1;
            let Ok(record) = record else {
                log.push(format!("row {row}"), "", IssueKind::Invalid { reason: "not a CSV row".into() });
                continue;
            };
            let (area, code) = (record.get(0).unwrap_or("").trim(), record.get(column).unwrap_or("").trim());
            if area.is_empty() {
                log.push(format!("row {row}.{}", header[0]), "", IssueKind::Missing);
                continue;
            }
            let named = |icb: &&Icb| icb.code == code || icb.ods == code;
            let icb = match vintage {
                Some(v) => vintages.icbs().iter().filter(named).find(|icb| icb.valid_in(v)),
                None => {
                    vintages.icbs().iter().filter(named).max_by_key(|icb| (icb.last.is_none(), &icb.last, &icb.first))
                }
            };
            let Some(icb) = icb else {
                let path = format!("row {row}.{}", header[column]);
                match (code.is_empty(), vintage.and_then(|v| Some((v, vintages.elsewhere(code, v)?)))) {
                    (true, _) => log.push(path, area, IssueKind::Invalid { reason: format!("{area} lies in no ICB") }),
                    (false, Some((v, note))) => {
                        log.push(path, code, IssueKind::OtherVintage { vintage: v.to_owned(), note });
                    }
                    (false, None) => log.push(path, code, IssueKind::UnknownArea),
                }
                continue;
            };
            match areas.get(area) {
                Some((first, at)) if first.code != icb.code => log.push(
                    format!("row {row}.{}", header[0]),
                    area,
                    IssueKind::Invalid {
                        reason: format!("{area} lies in two ICBs: {} (row {at}) and {}", first.code, icb.code),
                    },
                ),
                Some(_) => {}
                None => {
                    areas.insert(area.to_owned(), (icb, row));
                }
            }
        }
        log.into_data(DataKind::Lookup, source_name)?;
        Ok(Lookup { areas: areas.into_iter().map(|(area, (icb, _))| (area, icb.code.clone())).collect() })
    }

    /// The ONS code of the ICB a small area lies in.
    pub fn icb_of(&self, area: &str) -> Option<&str> {
        self.areas.get(area).map(String::as_str)
    }

    /// The number of small areas.
    pub fn len(&self) -> usize {
        self.areas.len()
    }

    /// Whether it names no small area.
    pub fn is_empty(&self) -> bool {
        self.areas.is_empty()
    }
}

/// A successor in the target vintage, the share of the counts it takes (`None`: all), and
/// whether that share came from an apportionment.
type Destination<'v> = (&'v Icb, Option<Decimal>, bool);

/// Where one ICB's counts go in `to`.
fn destinations<'v>(
    vintages: &'v Vintages,
    icb: &'v Icb,
    to: &str,
    apportionment: Option<&Apportionment>,
) -> Result<Vec<Destination<'v>>, String> {
    if icb.valid_in(to) {
        return Ok(vec![(icb, None, false)]);
    }
    let steps: Vec<&Succession> = vintages
        .successions()
        .iter()
        .filter(|s| s.from == icb.code && s.vintage.as_str() <= to && icb.first < s.vintage)
        .collect();
    if steps.is_empty() {
        return Err(format!("{} ({}) has no successor in {to}", icb.code, icb.name));
    }
    let successor = |code: &str| vintages.by_code(code).filter(|i| i.first.as_str() <= to);
    if steps.len() == 1 && steps[0].change != Change::Split {
        let next = successor(&steps[0].to).ok_or_else(|| format!("{} is not an ICB", steps[0].to))?;
        return destinations(vintages, next, to, apportionment);
    }
    let mut out = Vec::new();
    let shares = apportionment.and_then(|a| a.shares.get(&icb.code)).ok_or_else(|| {
        let to: Vec<&str> = steps.iter().map(|s| s.to.as_str()).collect();
        format!(
            "{} ({}) was split between {} on {}-01: its counts cannot be assigned wholesale to one successor; \
             give an apportionment (from_code,to_code,share) or finer data with a lookup",
            icb.code,
            icb.name,
            to.join(", "),
            steps[0].vintage
        )
    })?;
    for (code, share) in shares {
        let next = successor(code).ok_or_else(|| format!("{code} is not an ICB"))?;
        for (icb, inner, _) in destinations(vintages, next, to, apportionment)? {
            let combined = match inner {
                Some(inner) => share.checked_mul(inner).ok_or_else(|| format!("shares of {code} overflow"))?,
                None => *share,
            };
            out.push((icb, Some(combined), true));
        }
    }
    Ok(out)
}

/// An input code's ICB, whether it came through the lookup, and the ICB's place in the table.
type Resolved<'v> = Option<(&'v Icb, bool, usize)>;

/// Resolves each distinct code once: large inputs repeat a few thousand codes many times,
/// usually in runs, so the last resolution is tried first.
struct Resolver<'r, 'v> {
    vintages: &'v Vintages,
    from: Option<&'v str>,
    lookup: Option<&'v Lookup>,
    codes: FxHashMap<(&'r str, &'v str), Resolved<'v>>,
    last: Option<(&'r str, &'v str, Resolved<'v>)>,
}

impl<'r, 'v> Resolver<'r, 'v> {
    fn resolve(&mut self, row: &'r Observation) -> Resolved<'v> {
        let vintages = self.vintages;
        let at = self.from.unwrap_or_else(|| vintages.vintage_of(row.period));
        if let Some((area, vintage, icb)) = self.last
            && area == row.area
            && vintage == at
        {
            return icb;
        }
        let (from, lookup) = (self.from, self.lookup);
        let icb = *self.codes.entry((row.area.as_str(), at)).or_insert_with(|| {
            if let Some(code) = lookup.and_then(|l| l.icb_of(&row.area)) {
                return vintages.by_code(code).map(|icb| (icb, true, vintages.index_of(icb)));
            }
            let icb = match from {
                Some(from) => vintages.icbs().iter().find(|icb| icb.named(&row.area) && icb.valid_in(from)),
                None => vintages.icb_at(&row.area, row.period),
            };
            icb.map(|icb| (icb, false, vintages.index_of(icb)))
        });
        self.last = Some((row.area.as_str(), at, icb));
        icb
    }
}

/// Numbers distinct keys in the order first seen, trying the last key first: large inputs
/// repeat a few thousand codes and periods, usually in runs.
struct Numbering<K> {
    ids: FxHashMap<K, u32>,
    last: Option<(K, u32)>,
}

impl<K: std::hash::Hash + Eq + Copy> Numbering<K> {
    fn new() -> Self {
        Numbering { ids: FxHashMap::default(), last: None }
    }

    fn id(&mut self, key: K) -> u32 {
        if let Some((last, id)) = self.last
            && last == key
        {
            return id;
        }
        let next = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        let id = *self.ids.entry(key).or_insert(next);
        self.last = Some((key, id));
        id
    }
}

/// Where ICBs' numbers start in [`row_key`], above every small area's.
const SMALL_AREAS: u32 = 1 << 31;

/// Each input row's area, metric and period in one number, so that repeated rows are found
/// by sorting numbers rather than hashing every row (`None` past 65,536 metrics or periods).
fn row_key(area: u32, metric: u32, period: u32) -> Option<u64> {
    (metric <= 0xFFFF && period <= 0xFFFF)
        .then(|| (u64::from(area) << 32) | (u64::from(metric) << 16) | u64::from(period))
}

/// Carries counts onto the ICBs of vintage `to`, summing mergers and sharing split ICBs by
/// the apportionment. Each input row's code is read in the `from` vintage when one is given,
/// else in the vintage in force at its period (or the latest earlier one that has it, as
/// series that keep older codes need).
///
/// A split ICB's share of each count is rounded to [`SHARE_PLACES`] decimal places and the
/// last successor takes what is left, so every row's counts are conserved exactly; sums of
/// such parts stay well within a `Decimal`, so every total is too (checked: a total that
/// could not be kept exactly, from counts of very many decimal places, is refused).
///
/// Values without counts travel whole onto a single successor; where areas meet or split,
/// they combine only as their metric's [`Combine`] rule says: summed, or a weighted mean
/// (rounded to [`SHARE_PLACES`] places) weighted by another metric's value for the same
/// predecessor and period.
///
/// # Errors
/// [`Error::Argument`] for an unknown vintage, or more than 65,536 metrics or periods in one
/// call; [`Error::Data`] naming the row for a row that repeats another's area, metric and
/// period (summing both would count it twice), for a code that is no ICB (or not one of the `from` vintage), for a split ICB without an
/// apportionment (naming the ICB, its successors and the periods affected), and for values
/// that cannot combine (naming the metric), or whose weight is missing.
pub fn reproject<'r>(rows: &'r [Observation], to: &str, how: &Reprojection<'r>) -> Result<Vec<Reprojected>, Error> {
    let vintages = how.vintages.unwrap_or(Vintages::embedded());
    let to = vintages.checked(to)?;
    let from = how.from.map(|v| vintages.checked(v)).transpose()?;
    let no_rules = Combining::default();
    let combining = how.combining.unwrap_or(&no_rules);
    let mut log = IssueLog::default();
    let mut resolver = Resolver { vintages, from, lookup: how.lookup, codes: FxHashMap::default(), last: None };
    // Where each ICB's counts go (by its place in the table), each successor with its place.
    type Targets<'v> = Result<Vec<(usize, Destination<'v>)>, String>;
    let mut targets: Vec<Option<Targets<'_>>> = vec![None; vintages.icbs().len()];
    // Metrics by number, so that the per-row maps hash numbers, not text.
    let mut metric_ids: FxHashMap<&str, u32> = FxHashMap::default();
    let mut metric_names: Vec<&str> = Vec::new();
    let mut last_metric: Option<(&str, u32)> = None;
    // The weights of weighted means: each weight metric's value by predecessor and period.
    let weight_metrics: BTreeSet<&str> = rows.iter().filter_map(|r| combining.get(&r.metric)?.1).collect();
    // A small area's value is weighted by its own weight, an ICB's by the ICB's.
    let weight_key = |row: &'r Observation, icb: &'r Icb, rolled_up: bool| -> &'r str {
        if rolled_up { row.area.as_str() } else { icb.code.as_str() }
    };
    let mut weights: FxHashMap<(&str, &str, Period), Decimal> = FxHashMap::default();
    if !weight_metrics.is_empty() {
        for r in rows.iter().filter(|r| weight_metrics.contains(r.metric.as_str())) {
            if let (Some((icb, rolled_up, _)), Some(v)) = (resolver.resolve(r), r.value) {
                weights.insert((weight_key(r, icb, rolled_up), r.metric.as_str(), r.period), v);
            }
        }
    }
    let mut sums: FxHashMap<(usize, u32, Period), Sum<'_>> = FxHashMap::default();
    // England's totals per metric and period, to check that nothing was lost or made.
    let mut totals: FxHashMap<(u32, Period), (Decimal, Option<Decimal>)> = FxHashMap::default();
    let mut refused: BTreeMap<&str, (String, BTreeSet<Period>, usize)> = BTreeMap::new();
    let (mut area_ids, mut period_ids) = (Numbering::new(), Numbering::new());
    let mut keys: Vec<u64> = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        let given = [("value", row.value), ("numerator", row.numerator), ("denominator", row.denominator)];
        let mut too_large = false;
        for (field, value) in given.iter().filter_map(|(f, v)| v.map(|v| (f, v))) {
            if let Some(issue) = crate::input_limits::magnitude_issue(value) {
                log.push(format!("row {}.{field}", i + 1), value.to_string(), issue);
                too_large = true;
            }
        }
        if too_large {
            continue;
        }
        let Some((icb, rolled_up, at)) = resolver.resolve(row) else {
            let kind = match from.and_then(|v| Some((v, vintages.elsewhere(&row.area, v)?))) {
                Some((vintage, note)) => IssueKind::OtherVintage { vintage: vintage.to_owned(), note },
                None if how.lookup.is_some() => {
                    IssueKind::Invalid { reason: "neither an ICB code nor a small area of the lookup".into() }
                }
                None => IssueKind::UnknownArea,
            };
            log.push(format!("row {}.area_code", i + 1), row.area.as_str(), kind);
            continue;
        };
        let metric = match last_metric {
            Some((name, id)) if name == row.metric => id,
            _ => {
                let id = *metric_ids.entry(row.metric.as_str()).or_insert_with(|| {
                    metric_names.push(row.metric.as_str());
                    u32::try_from(metric_names.len() - 1).unwrap_or(u32::MAX)
                });
                last_metric = Some((row.metric.as_str(), id));
                id
            }
        };
        // An ICB by its place in the table, whichever code names it; a small area by its code.
        let area = if rolled_up { area_ids.id(row.area.as_str()) } else { SMALL_AREAS + at as u32 };
        let Some(key) = row_key(area, metric, period_ids.id(row.period)) else {
            return Err(Error::argument(
                "rows",
                format!("{} metrics, {} periods", metric_names.len(), period_ids.ids.len()),
                "one reprojection holds at most 65,536 metrics and 65,536 periods; reproject the rows in parts",
            ));
        };
        keys.push(key);
        if let Some(numerator) = row.numerator {
            let t = totals.entry((metric, row.period)).or_insert((Decimal::ZERO, Some(Decimal::ZERO)));
            t.0 += numerator;
            t.1 = t.1.zip(row.denominator).map(|(a, b)| a + b);
        }
        let found = targets[at].get_or_insert_with(|| {
            let found = destinations(vintages, icb, to, how.apportionment);
            found.map(|d| d.into_iter().map(|t| (vintages.index_of(t.0), t)).collect())
        });
        let targets = match found {
            Ok(targets) => targets.as_slice(),
            Err(reason) => {
                let entry = refused.entry(icb.code.as_str()).or_insert((reason.clone(), BTreeSet::new(), i + 1));
                entry.1.insert(row.period);
                continue;
            }
        };
        let rule = combining.get(&row.metric);
        let whole = matches!(targets, [(_, (_, None, _))]);
        if rule.is_some_and(|(c, _)| c == Combine::NotCombinable) && (!whole || targets[0].1.0.code != icb.code) {
            log.push(
                format!("row {}.metric_id", i + 1),
                row.metric.as_str(),
                IssueKind::Invalid {
                    reason: format!(
                        "{} ({}) does not continue unchanged in {to}, and this metric is declared not combinable",
                        icb.code, icb.name
                    ),
                },
            );
            continue;
        }
        // A value alone: summed like a count, weighted, or carried whole.
        let (numerator, denominator, weight) = match (row.numerator, rule) {
            (Some(n), _) => (n, row.denominator, None),
            (None, Some((Combine::Sum, _))) => match row.value {
                Some(v) => (v, None, None),
                None => {
                    log.push(format!("row {}.value", i + 1), "", IssueKind::Missing);
                    continue;
                }
            },
            (None, Some((Combine::WeightedMean, Some(w)))) => {
                match (row.value, weights.get(&(weight_key(row, icb, rolled_up), w, row.period))) {
                    (Some(v), Some(&weight)) => match v.checked_mul(weight) {
                        Some(vw) => (vw, Some(weight), Some(w)),
                        None => {
                            log.push(
                                format!("row {}.value", i + 1),
                                v.to_string(),
                                IssueKind::TooLarge { limit: crate::input_limits::MAX_MAGNITUDE },
                            );
                            continue;
                        }
                    },
                    _ => {
                        log.push(
                            format!("row {}.value", i + 1),
                            row.metric.as_str(),
                            IssueKind::Invalid {
                                reason: format!(
                                    "a weighted mean weighted by {w}, and there is no {w} value for {} at {}",
                                    row.area, row.period
                                ),
                            },
                        );
                        continue;
                    }
                }
            }
            (None, _) => {
                match targets {
                    [(target, (_, None, _))] => {
                        let sum = sums.entry((*target, metric, row.period)).or_default();
                        sum.value = row.value;
                        sum.values += 1;
                        if !sum.from.contains(&icb.code.as_str()) {
                            sum.from.push(icb.code.as_str());
                        }
                        sum.rolled_up |= rolled_up;
                    }
                    _ => log.push(
                        format!("row {}.numerator", i + 1),
                        row.metric.as_str(),
                        IssueKind::Invalid {
                            reason: format!(
                                "{} ({}) is shared between successors, and a value without counts cannot be shared; \
                                 {COMBINE_HINT}",
                                icb.code, icb.name
                            ),
                        },
                    ),
                }
                continue;
            }
        };
        let (mut left_n, mut left_d) = (numerator, denominator);
        let last = targets.len().saturating_sub(1);
        for (k, &(target, (_, share, apportioned))) in targets.iter().enumerate() {
            let part = |whole: Decimal, left: Decimal| match share {
                Some(s) if k < last => whole.checked_mul(s).map_or(Decimal::ZERO, |x| x.round_dp(SHARE_PLACES)),
                _ => left,
            };
            let n = part(numerator, left_n);
            let d = denominator.zip(left_d).map(|(whole, left)| part(whole, left));
            left_n -= n;
            left_d = left_d.zip(d).map(|(l, d)| l - d);
            let sum = sums.entry((target, metric, row.period)).or_default();
            if weight.is_some() {
                let (vw, w) = sum.weighted.unwrap_or_default();
                sum.weighted = Some((vw + n, w + d.unwrap_or_default()));
            } else if row.numerator.is_none() {
                sum.value = Some(sum.value.unwrap_or_default() + n);
            } else {
                sum.denominator = match (sum.counts, sum.denominator, d) {
                    (0, _, d) => d,
                    (_, Some(a), Some(b)) => Some(a + b),
                    _ => None,
                };
                sum.numerator = Some(sum.numerator.unwrap_or_default() + n);
            }
            sum.counts += 1;
            if !sum.from.contains(&icb.code.as_str()) {
                sum.from.push(icb.code.as_str());
            }
            sum.apportioned |= apportioned;
            sum.rolled_up |= rolled_up;
        }
    }
    let mut sums: Vec<((&str, &str, Period), Sum<'_>)> = sums
        .into_iter()
        .map(|((area, metric, period), sum)| {
            ((vintages.icbs()[area].code.as_str(), metric_names[metric as usize], period), sum)
        })
        .collect();
    sums.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    for ((area, metric, period), sum) in &sums {
        if sum.values > 1 || (sum.values > 0 && sum.counts > 0) {
            log.push(
                format!("{area} {period}"),
                *metric,
                IssueKind::Invalid {
                    reason: format!(
                        "{} predecessors meet in {area}, and values without counts cannot be combined; {COMBINE_HINT}",
                        {
                            let mut from = sum.from.clone();
                            from.sort_unstable();
                            from.join(" + ")
                        }
                    ),
                },
            );
        }
    }
    keys.sort_unstable();
    let repeated: rustc_hash::FxHashSet<u64> = keys.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]).collect();
    if !repeated.is_empty() {
        let mut first: FxHashMap<u64, usize> = FxHashMap::default();
        for (i, row) in rows.iter().enumerate() {
            let area = match resolver.resolve(row) {
                Some((_, true, _)) => area_ids.ids.get(row.area.as_str()).copied(),
                Some((_, false, at)) => Some(SMALL_AREAS + at as u32),
                None => None,
            };
            let ids = (area, metric_ids.get(row.metric.as_str()).copied(), period_ids.ids.get(&row.period).copied());
            let (Some(area), Some(metric), Some(period)) = ids else { continue };
            let Some(key) = row_key(area, metric, period).filter(|key| repeated.contains(key)) else { continue };
            match first.entry(key) {
                std::collections::hash_map::Entry::Occupied(at) => log.push(
                    format!("row {}.area_code", i + 1),
                    row.area.as_str(),
                    IssueKind::DuplicateRow { first_row: at.get() + 1 },
                ),
                std::collections::hash_map::Entry::Vacant(at) => {
                    at.insert(i);
                }
            }
        }
    }
    for (code, (reason, periods, row)) in refused {
        let periods: Vec<String> = periods.iter().map(Period::to_string).collect();
        let shown = if periods.len() > 4 {
            format!("{} ... {} ({} periods)", periods[0], periods[periods.len() - 1], periods.len())
        } else {
            periods.join(", ")
        };
        log.push(
            format!("row {row}.area_code"),
            code,
            IssueKind::Invalid { reason: format!("{reason}; periods {shown}") },
        );
    }
    log.into_data(DataKind::Observations, "<reprojection>")?;
    // Totals per metric and period, before and after: equal unless an addition rounded
    // (denominators compared where every row had one).
    for ((_, metric, period), sum) in sums.iter().filter(|(_, sum)| sum.numerator.is_some()) {
        if let Some(t) = metric_ids.get(metric).and_then(|id| totals.get_mut(&(*id, *period))) {
            t.0 -= sum.numerator.unwrap_or_default();
            t.1 = t.1.zip(sum.denominator).map(|(a, b)| a - b);
        }
    }
    let unbalanced = totals
        .iter()
        .filter(|(_, (n, d))| !n.is_zero() || d.is_some_and(|d| !d.is_zero()))
        .map(|((metric, period), _)| (metric_names[*metric as usize], *period))
        .min();
    if let Some((metric, period)) = unbalanced {
        return Err(Error::argument(
            "counts",
            format!("{metric} {period}"),
            "the counts have too many decimal places to be shared between successors exactly",
        ));
    }
    Ok(sums
        .into_iter()
        .map(|((area, metric, period), sum)| {
            let method = match (sum.rolled_up, sum.apportioned, sum.from.len()) {
                (true, ..) => Method::RolledUp,
                (_, true, _) => Method::Apportioned,
                (_, false, 1) if sum.from.contains(&area) => Method::Unchanged,
                (_, false, 1) => Method::Recoded,
                _ => Method::Merged,
            };
            let weighted_mean = sum.weighted.and_then(|(vw, w)| vw.checked_div(w)).map(|v| v.round_dp(SHARE_PLACES));
            Reprojected {
                area: area.to_owned(),
                metric: metric.to_owned(),
                period,
                value: weighted_mean.or(sum.value),
                numerator: sum.numerator,
                denominator: sum.denominator,
                from: {
                    let mut from: Vec<String> = sum.from.into_iter().map(str::to_owned).collect();
                    from.sort_unstable();
                    from
                },
                method,
            }
        })
        .collect())
}
