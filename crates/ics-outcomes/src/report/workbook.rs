//! Result tables as an Excel workbook, one sheet per table, with typed cells: decimals and
//! counts as numbers, flags as booleans, text as text.
//!
//! Excel holds numbers as binary doubles (15 to 17 significant digits), so a decimal cell
//! is the nearest double to the exact value; CSV, JSON and Arrow keep every digit.

use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::Error;
use crate::table::{Table, Values};

/// The workbook of `sheets` (name and table, in order) as the bytes of an `.xlsx` file. A
/// header row names the columns; it is frozen and filtered.
///
/// # Errors
/// [`Error::Argument`] for a sheet name Excel refuses (more than 31 characters, `[]:*?/\`,
/// or repeated).
pub fn workbook(sheets: &[(&str, &Table)]) -> Result<Vec<u8>, Error> {
    let failed = |name: &str, e: XlsxError| Error::argument("sheet", name, e.to_string());
    let mut book = Workbook::new();
    let header = Format::new().set_bold().set_background_color("E8EDEE");
    let decimal = Format::new().set_num_format("0.0###");
    let count = Format::new().set_num_format("0");
    for (name, table) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).map_err(|e| failed(name, e))?;
        let columns: Vec<_> = table.columns().collect();
        for (c, (spec, values)) in columns.iter().enumerate() {
            let col = u16::try_from(c).map_err(|_| Error::argument("table", spec.name, "more than 65,535 columns"))?;
            sheet.write_string_with_format(0, col, spec.name, &header).map_err(|e| failed(name, e))?;
            for row in 0..table.rows() {
                let at = u32::try_from(row + 1)
                    .map_err(|_| Error::argument("table", row, "more rows than a sheet holds"))?;
                let written = match values {
                    Values::Decimal(v) => match v[row].and_then(|d| d.to_f64()) {
                        Some(x) => sheet.write_number_with_format(at, col, x, &decimal).map(|_| ()),
                        None => Ok(()),
                    },
                    Values::Count(v) => match v[row] {
                        Some(n) => sheet.write_number_with_format(at, col, n as f64, &count).map(|_| ()),
                        None => Ok(()),
                    },
                    Values::Integer(v) => match v[row] {
                        Some(n) => sheet.write_number_with_format(at, col, n as f64, &count).map(|_| ()),
                        None => Ok(()),
                    },
                    Values::Float(v) => match v[row] {
                        Some(x) if x.is_finite() => sheet.write_number(at, col, x).map(|_| ()),
                        _ => Ok(()),
                    },
                    Values::Flag(v) => match v[row] {
                        Some(b) => sheet.write_boolean(at, col, b).map(|_| ()),
                        None => Ok(()),
                    },
                    Values::Text(_) | Values::Labels(_) | Values::DecimalList(_) => match values.text(row) {
                        Some(text) => sheet.write_string(at, col, text).map(|_| ()),
                        None => Ok(()),
                    },
                };
                written.map_err(|e| failed(name, e))?;
            }
        }
        let last = u16::try_from(columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
        let rows = u32::try_from(table.rows()).unwrap_or(u32::MAX);
        sheet.set_freeze_panes(1, 0).map_err(|e| failed(name, e))?;
        sheet.autofilter(0, 0, rows, last).map_err(|e| failed(name, e))?;
        sheet.autofit();
    }
    book.save_to_buffer().map_err(|e| failed("workbook", e))
}
