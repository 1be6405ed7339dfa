//! The exception hierarchy, one class per core [`ErrorClass`], and the translation of core
//! errors into them. Each exception carries `source`, `data`, `kind`, `path`, `value` and
//! `issues` (the core's [`ErrorDetail`]s).

use ics_outcomes::{DataKind, Error, ErrorClass, ErrorDetail, Issue, IssueKind, Issues};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyDict;

create_exception!(
    ics_outcomes.exceptions,
    IcsOutcomesError,
    PyException,
    "Base class of every ics_outcomes error: catch it to catch them all.

Examples
--------
>>> import ics_outcomes as ico
>>> from ics_outcomes.exceptions import IcsOutcomesError
>>> try:
...     ico.load_framework(\"/nonexistent/national.toml\")
... except IcsOutcomesError as error:
...     print(type(error).__name__, error.path)
FileError /nonexistent/national.toml"
);
create_exception!(
    ics_outcomes.exceptions,
    ValidationError,
    IcsOutcomesError,
    "A framework, target or option breaks a rule of the model; `issues` lists every problem.

Examples
--------
>>> import ics_outcomes as ico
>>> national = ico.default_national_framework()
>>> try:
...     ico.score(national, [], ico.default_observations(), weighting={\"elective\": -1})
... except ico.exceptions.ValidationError as error:
...     print(error.path, error.value, error.issues[0][\"message\"])
weighting.explicit.elective -1 weights must not be negative"
);
create_exception!(
    ics_outcomes.exceptions,
    DataError,
    IcsOutcomesError,
    "Observation data cannot be used as given; `issues` lists every bad row and field.

Examples
--------
>>> import ics_outcomes as ico
>>> rows = {\"area_code\": [\"E54999999\"], \"metric_id\": [\"ae_4h\"], \"period\": [\"2026/27 Q4\"], \"value\": [78.5]}
>>> try:
...     ico.load_observations(rows)
... except ico.exceptions.DataError as error:
...     print(error.path, error.value)
row 1.area_code E54999999"
);
create_exception!(
    ics_outcomes.exceptions,
    FileError,
    IcsOutcomesError,
    "A file could not be read, or is not well-formed TOML, JSON or CSV.

Examples
--------
>>> import ics_outcomes as ico
>>> try:
...     ico.parse_framework('kind = \"national\"\\nid = ', \"toml\")
... except ico.exceptions.FileError as error:
...     print(error.path)
<text>"
);
create_exception!(
    ics_outcomes.exceptions,
    ArgumentError,
    IcsOutcomesError,
    "An argument of a calculation is outside what the method accepts (a confidence level of 0.5, say).

Examples
--------
>>> import numpy as np
>>> from ics_outcomes import exceptions, stats
>>> try:
...     stats.wilson_interval(np.array([1.0]), np.array([10.0]), 0.5)
... except exceptions.ArgumentError as error:
...     print(error.path, error.value)
confidence 0.5"
);
create_exception!(
    ics_outcomes.exceptions,
    NotFoundError,
    IcsOutcomesError,
    "Something asked for does not exist.

Examples
--------
>>> import ics_outcomes as ico
>>> card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())
>>> try:
...     card.explain(\"QZZ\")
... except ico.exceptions.NotFoundError as error:
...     print(error.path, error.value)
area QZZ"
);
create_exception!(
    ics_outcomes.exceptions,
    LimitError,
    IcsOutcomesError,
    "Input goes beyond a limit on size, nesting or rows; `path` names the limit and `value` its value.

Examples
--------
>>> import ics_outcomes as ico
>>> deep = \"kind = \\\"national\\\"\\nx = \" + \"[\" * 10_000 + \"]\" * 10_000
>>> try:
...     ico.parse_framework(deep, \"toml\")
... except ico.exceptions.LimitError as error:
...     print(error.path)
max_depth"
);

/// A core error on its way to Python.
pub struct CoreError(pub Error);

impl From<Error> for CoreError {
    fn from(error: Error) -> Self {
        CoreError(error)
    }
}

impl From<CoreError> for PyErr {
    fn from(CoreError(error): CoreError) -> PyErr {
        let message = error.to_string();
        // One exception class per core error class: the table is `ErrorClass`.
        let err = match error.class() {
            ErrorClass::Validation => ValidationError::new_err(message),
            ErrorClass::Data => DataError::new_err(message),
            ErrorClass::File => FileError::new_err(message),
            ErrorClass::Argument => ArgumentError::new_err(message),
            ErrorClass::Limit => LimitError::new_err(message),
            ErrorClass::NotFound => NotFoundError::new_err(message),
        };
        let (source, data) = (error.source_name().map(str::to_owned), error.data_kind().map(DataKind::id));
        let details = error.details();
        let first = details.first();
        Python::attach(|py| {
            let instance = err.value(py);
            let issues: Vec<Bound<'_, PyDict>> = details.iter().filter_map(|d| detail_dict(py, d).ok()).collect();
            // Setting attributes on a fresh exception instance cannot fail in practice; if it
            // did, the exception would still carry its full message.
            let _ = instance.setattr("source", source);
            let _ = instance.setattr("data", data);
            let _ = instance.setattr("kind", first.map(|d| d.kind));
            let _ = instance.setattr("path", first.map(|d| d.path.as_str()));
            let _ = instance.setattr("value", first.map(|d| d.value.as_str()));
            let _ = instance.setattr("issues", issues);
        });
        err
    }
}

/// One problem as Python sees it; `problem` is the message under its earlier name.
fn detail_dict<'py>(py: Python<'py>, detail: &ErrorDetail) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("kind", detail.kind)?;
    dict.set_item("path", &detail.path)?;
    dict.set_item("value", &detail.value)?;
    dict.set_item("message", &detail.message)?;
    dict.set_item("problem", &detail.message)?;
    Ok(dict)
}

/// An `ArgumentError` for an argument or option outside what the call accepts, naming it
/// and the value given.
pub fn bad_argument(path: &str, value: impl Into<String>, reason: impl Into<String>) -> PyErr {
    CoreError(Error::Argument { argument: path.into(), value: value.into(), message: reason.into() }).into()
}

/// A `DataError` for input data that cannot be read as given (a column of the wrong shape or
/// type), naming the column and the value.
pub fn bad_data(
    data: DataKind,
    source_name: &str,
    path: &str,
    value: impl Into<String>,
    reason: impl Into<String>,
) -> PyErr {
    CoreError(Error::Data {
        data,
        source_name: source_name.into(),
        issues: Issues(vec![Issue {
            path: path.into(),
            value: value.into(),
            kind: IssueKind::Invalid { reason: reason.into() },
        }]),
    })
    .into()
}

/// Runs a core operation, turning its error into the matching exception.
pub trait OrRaise<T> {
    /// The value, or the core error as a Python exception.
    fn or_raise(self) -> PyResult<T>;
}

impl<T> OrRaise<T> for Result<T, Error> {
    fn or_raise(self) -> PyResult<T> {
        self.map_err(|e| CoreError(e).into())
    }
}

/// One of the package's exceptions, built by the core's rules for a check the Python layer
/// makes itself (a frame's column, an area not in a result), so that its message, `kind` and
/// attributes are those of every other error of its class. `path` is the argument, field,
/// file or thing looked up (`area`, `period`); `data` names the data of a `DataError`.
#[pyfunction]
#[pyo3(signature = (error_class, path, value, message, data=None, source=None))]
pub fn _error(
    py: Python<'_>,
    error_class: &str,
    path: &str,
    value: &str,
    message: &str,
    data: Option<&str>,
    source: Option<&str>,
) -> PyResult<Py<PyAny>> {
    let issue = || {
        let kind = IssueKind::Invalid { reason: message.to_owned() };
        Issues(vec![Issue { path: path.to_owned(), value: value.to_owned(), kind }])
    };
    let source_name = source.unwrap_or("<arguments>").to_owned();
    let error = match ErrorClass::ALL.iter().find(|c| c.name() == error_class) {
        Some(ErrorClass::Validation) => Error::Validation { source_name, issues: issue() },
        Some(ErrorClass::Data) => {
            let Some(data) = DataKind::ALL.into_iter().find(|d| Some(d.id()) == data) else {
                return Err(bad_argument("data", data.unwrap_or(""), "one of the core's data kinds"));
            };
            Error::Data { data, source_name, issues: issue() }
        }
        Some(ErrorClass::File) => Error::File { file: path.to_owned(), message: message.to_owned() },
        Some(ErrorClass::Argument) => {
            Error::Argument { argument: path.to_owned(), value: value.to_owned(), message: message.to_owned() }
        }
        Some(ErrorClass::NotFound) => {
            let what = match path {
                "area" => "area",
                "period" => "period",
                _ => return Err(bad_argument("path", path, "a NotFoundError looks up an area or a period")),
            };
            Error::NotFound { what, value: value.to_owned(), hint: format!(": {message}") }
        }
        Some(ErrorClass::Limit) | None => {
            return Err(bad_argument("error_class", error_class, "an error class Python raises"));
        }
    };
    Ok(PyErr::from(CoreError(error)).into_value(py).into_any())
}
