//! `ics-outcomes chart`: any Making Data Count chart of the series in a CSV file, read into
//! columns by name and charted by the core.

use std::path::Path;

use ics_outcomes::Error;
use ics_outcomes::report::SeriesLabels;
use ics_outcomes::spc::{ChartOptions, ChartRows, chart_rows, date_ordinals};
use ics_outcomes::stats::Field;
use ics_outcomes::table::Table;

/// The columns a chart reads, by name.
pub struct Columns<'a> {
    pub value: &'a str,
    pub date: &'a str,
    pub denominator: Option<&'a str>,
    pub group_by: Option<&'a str>,
}

/// The file's charts, point by point (`spc_chart`), or with `summary` one row per series
/// (`spc_summary`).
pub fn chart(path: &Path, columns: &Columns<'_>, options: &ChartOptions, summary: bool) -> Result<Table, Error> {
    let text = ics_outcomes::files::read_text(path)?;
    let source = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers = reader.headers().map_err(|e| csv_error(&source, &e))?.clone();
    let records: Vec<csv::StringRecord> =
        reader.records().collect::<Result<_, _>>().map_err(|e| csv_error(&source, &e))?;
    let column = |name: &str| -> Result<Vec<&str>, Error> {
        let at = headers.iter().position(|h| h == name).ok_or_else(|| Error::Argument {
            argument: name.to_owned(),
            value: source.clone(),
            message: format!("no such column (the file has {})", headers.iter().collect::<Vec<_>>().join(", ")),
        })?;
        Ok(records.iter().map(|r| r.get(at).unwrap_or("")).collect())
    };
    let numbers = |name: &str| -> Result<Vec<f64>, Error> {
        column(name)?
            .iter()
            .enumerate()
            .map(|(row, text)| match text.trim() {
                "" | "NA" => Ok(f64::NAN),
                number => number.parse().map_err(|_| Error::Argument {
                    argument: format!("{name}[{row}]"),
                    value: number.to_owned(),
                    message: "not a number".into(),
                }),
            })
            .collect()
    };
    let values = numbers(columns.value)?;
    let denominators = columns.denominator.map(numbers).transpose()?;
    let date_text = column(columns.date)?;
    let dates = date_ordinals(columns.date, &date_text)?;
    let group_text = columns.group_by.map(column).transpose()?;
    let (groups, labels) = match &group_text {
        Some(texts) => {
            let mut labels: Vec<String> = texts.iter().map(|t| (*t).to_owned()).collect();
            labels.sort();
            labels.dedup();
            let codes: Vec<u32> =
                texts.iter().map(|t| labels.binary_search_by(|l| l.as_str().cmp(t)).unwrap_or(0) as u32).collect();
            (Some(codes), labels)
        }
        None => (None, Vec::new()),
    };
    let rows = ChartRows {
        values: Field::new(columns.value, &values),
        denominators: columns.denominator.zip(denominators.as_deref()).map(|(name, d)| Field::new(name, d)),
        dates: (columns.date, &dates),
        groups: groups.as_deref(),
        rebase: None,
        targets: None,
        annotations: &[],
    };
    if summary {
        let dates: Vec<String> = date_text.iter().map(|d| (*d).to_owned()).collect();
        ics_outcomes::report::spc_summary(&rows, None, SeriesLabels { groups: &labels, dates: &dates }, options)
    } else {
        Ok(chart_rows(&rows, options)?.table())
    }
}

fn csv_error(source: &str, error: &csv::Error) -> Error {
    Error::Argument { argument: "file".into(), value: source.to_owned(), message: error.to_string() }
}
