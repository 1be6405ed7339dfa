//! Rows of the reference CSV files, by column name, and tolerant comparison of numbers.

use std::collections::HashMap;
use std::path::Path;

/// One CSV row, by column name.
#[derive(Debug, Clone)]
pub struct Row(pub HashMap<String, String>);

impl Row {
    /// The text of a column (empty for NA).
    pub fn text(&self, column: &str) -> &str {
        self.0.get(column).unwrap_or_else(|| panic!("no column {column:?} in {:?}", self.0.keys())).as_str()
    }

    /// A numeric column; empty (NA) is NaN.
    pub fn num(&self, column: &str) -> f64 {
        let text = self.text(column);
        if text.is_empty() || text == "NA" {
            f64::NAN
        } else {
            text.parse().unwrap_or_else(|_| panic!("{column} = {text:?} is not a number"))
        }
    }
}

/// Every row of the CSV file at `path`.
pub fn read_path(path: &Path) -> Vec<Row> {
    let mut reader = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let headers = reader.headers().expect("header").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("record");
            Row(headers.iter().zip(record.iter()).map(|(h, v)| (h.to_owned(), v.to_owned())).collect())
        })
        .collect()
}

/// A numeric column of several rows.
pub fn column(rows: &[Row], name: &str) -> Vec<f64> {
    rows.iter().map(|r| r.num(name)).collect()
}

/// Asserts two numbers agree to a relative tolerance, with NaN matching NaN only.
#[track_caller]
pub fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    if expected.is_nan() {
        assert!(actual.is_nan(), "{what}: expected NA, got {actual}");
        return;
    }
    let scale = expected.abs().max(1e-300);
    assert!(
        (actual - expected).abs() <= tolerance * scale || actual == expected,
        "{what}: got {actual}, expected {expected} (relative difference {:e})",
        (actual - expected).abs() / scale
    );
}

/// Asserts a whole column agrees element by element.
#[track_caller]
pub fn assert_column(actual: &[f64], expected: &[f64], tolerance: f64, what: &str) {
    assert_eq!(actual.len(), expected.len(), "{what}: row count");
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert_close(*a, *e, tolerance, &format!("{what}[{i}]"));
    }
}
