//! The exception hierarchy, one class per core error kind, and the translation of core
//! errors into them. Each exception carries `source`, `path`, `value` and `issues`.

use ics_outcomes::{Error, Issue, IssueKind, Issues};
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::PyDict;

create_exception!(ics_outcomes.exceptions, IcsOutcomesError, PyException, "Base class of every ics_outcomes error.");
create_exception!(
    ics_outcomes.exceptions,
    ValidationError,
    IcsOutcomesError,
    "A framework, target or option breaks a rule of the model; `issues` lists every problem."
);
create_exception!(
    ics_outcomes.exceptions,
    DataError,
    IcsOutcomesError,
    "Observation data cannot be used as given; `issues` lists every bad row and field."
);
create_exception!(
    ics_outcomes.exceptions,
    FileError,
    IcsOutcomesError,
    "A file could not be read, or is not well-formed TOML, JSON or CSV."
);
create_exception!(
    ics_outcomes.exceptions,
    ArgumentError,
    IcsOutcomesError,
    "An argument of a calculation is outside what the method accepts (a confidence level of 0.5, say)."
);
create_exception!(ics_outcomes.exceptions, NotFoundError, IcsOutcomesError, "Something asked for does not exist.");
create_exception!(
    ics_outcomes.exceptions,
    LimitError,
    IcsOutcomesError,
    "Input goes beyond a limit on size, nesting or rows; `path` names the limit and `value` its value."
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
        let (err, source, path, value) = match &error {
            Error::Validation { source_name, .. } => {
                (ValidationError::new_err(message), Some(source_name.clone()), None, None)
            }
            Error::Data { source_name, .. } => (DataError::new_err(message), Some(source_name.clone()), None, None),
            Error::File { file, .. } => (FileError::new_err(message), Some(file.clone()), None, None),
            Error::Argument { argument, value, .. } => {
                (ArgumentError::new_err(message), None, Some(argument.clone()), Some(value.clone()))
            }
            Error::NotFound { what, value, .. } => {
                (NotFoundError::new_err(message), None, Some((*what).to_owned()), Some(value.clone()))
            }
            Error::Limit { source_name, limit, value, .. } => (
                LimitError::new_err(message),
                Some(source_name.clone()),
                Some((*limit).to_owned()),
                Some(value.to_string()),
            ),
            _ => (IcsOutcomesError::new_err(message), None, None, None),
        };
        let first = error.issues().first();
        let path = path.or_else(|| first.map(|i| i.path.clone()));
        let value = value.or_else(|| first.map(|i| i.value.clone()));
        Python::attach(|py| {
            let instance = err.value(py);
            let issues: Vec<Bound<'_, PyDict>> = error.issues().iter().filter_map(|i| issue_dict(py, i).ok()).collect();
            // Setting attributes on a fresh exception instance cannot fail in practice; if it
            // did, the exception would still carry its full message.
            let _ = instance.setattr("source", source);
            let _ = instance.setattr("path", path);
            let _ = instance.setattr("value", value);
            let _ = instance.setattr("issues", issues);
        });
        err
    }
}

fn issue_dict<'py>(py: Python<'py>, issue: &Issue) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("path", &issue.path)?;
    dict.set_item("value", &issue.value)?;
    dict.set_item("problem", issue.kind.to_string())?;
    Ok(dict)
}

/// A `ValidationError` for a bad argument, naming it and the value given.
pub fn bad_argument(path: &str, value: impl Into<String>, reason: impl Into<String>) -> PyErr {
    CoreError(Error::Validation {
        source_name: "<arguments>".into(),
        issues: Issues(vec![Issue {
            path: path.into(),
            value: value.into(),
            kind: IssueKind::Invalid { reason: reason.into() },
        }]),
    })
    .into()
}

/// A `DataError` for input data that cannot be read as given (a column of the wrong shape or
/// type), naming the column and the value.
pub fn bad_data(source_name: &str, path: &str, value: impl Into<String>, reason: impl Into<String>) -> PyErr {
    CoreError(Error::Data {
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
