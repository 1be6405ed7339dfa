//! Conversions of arguments: exact decimals, enum names, periods.

use std::str::FromStr;

use ics_outcomes::Period;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyFloat, PyInt, PyString};
use rust_decimal::Decimal;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::errors::bad_argument;

/// A `Decimal` from a `decimal.Decimal`, `str` or `int`. Floats are refused: their binary
/// value is not the number the user wrote.
pub fn decimal(obj: &Bound<'_, PyAny>, path: &str) -> PyResult<Decimal> {
    if obj.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!("{path}: expected a decimal.Decimal, str or int, got bool")));
    }
    if obj.is_instance_of::<PyFloat>() {
        return Err(bad_argument(
            path,
            obj.str()?.to_string(),
            "floats are not exact; pass a decimal.Decimal or a str such as \"95.50\"",
        ));
    }
    let decimal_type = obj.py().import("decimal")?.getattr("Decimal")?;
    if !(obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyInt>() || obj.is_instance(&decimal_type)?) {
        return Err(PyTypeError::new_err(format!(
            "{path}: expected a decimal.Decimal, str or int, got {}",
            obj.get_type().name()?
        )));
    }
    decimal_text(&obj.str()?.to_string(), path)
}

/// A `Decimal` from its text, read exactly by the core's one grammar.
pub fn decimal_text(text: &str, path: &str) -> PyResult<Decimal> {
    ics_outcomes::number::parse_decimal(text).map_err(|reason| bad_argument(path, text, reason))
}

/// A Python `int` argument as given: its value when it fits in an `i128`, else its text.
/// Extraction fails (a `TypeError` naming the argument) only for a non-`int`, so that an
/// out-of-range value reaches [`Int::get`] and is refused naming the argument.
#[derive(Debug, Clone)]
pub struct Int(pub Result<i128, String>);

impl<'a, 'py> FromPyObject<'a, 'py> for Int {
    type Error = PyErr;

    fn extract(obj: Borrowed<'a, 'py, PyAny>) -> PyResult<Self> {
        if obj.is_instance_of::<PyBool>() || !obj.is_instance_of::<PyInt>() {
            return Err(PyTypeError::new_err(format!("expected an int, got {}", obj.get_type().name()?)));
        }
        Ok(Int(obj.extract::<i128>().map_err(|_| obj.str().map(|s| s.to_string()).unwrap_or_default())))
    }
}

impl Int {
    /// The value as a `T`; one beyond `T`'s range is a `ValidationError` naming `path`.
    pub fn get<T: TryFrom<i128>>(&self, path: &str) -> PyResult<T> {
        let text = match &self.0 {
            Ok(value) => match T::try_from(*value) {
                Ok(fits) => return Ok(fits),
                Err(_) => value.to_string(),
            },
            Err(text) => text.clone(),
        };
        Err(bad_argument(path, text, format!("out of range for {}", std::any::type_name::<T>())))
    }
}

/// An optional `Decimal`.
pub fn opt_decimal(obj: Option<&Bound<'_, PyAny>>, path: &str) -> PyResult<Option<Decimal>> {
    obj.filter(|o| !o.is_none()).map(|o| decimal(o, path)).transpose()
}

/// A value of a serde enum from its string id, e.g. `"at_least"`.
pub fn named<T: DeserializeOwned>(text: &str, path: &str) -> PyResult<T> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|e| {
        let reason = e.to_string();
        bad_argument(path, text, reason.split(" at line").next().unwrap_or(&reason).to_owned())
    })
}

/// An optional enum value.
pub fn opt_named<T: DeserializeOwned>(text: Option<&str>, path: &str) -> PyResult<Option<T>> {
    text.map(|t| named(t, path)).transpose()
}

/// The string id of a serde enum value.
pub fn name_of<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A period from its text, e.g. `"2025/26 Q3"`.
pub fn period(text: &str, path: &str) -> PyResult<Period> {
    text.parse().map_err(|reason: String| bad_argument(path, text, reason))
}

/// A value parsed through `FromStr`, reporting the path on failure.
pub fn parsed<T: FromStr<Err = String>>(text: &str, path: &str) -> PyResult<T> {
    text.parse().map_err(|reason: String| bad_argument(path, text, reason))
}
