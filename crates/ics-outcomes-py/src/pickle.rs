//! Pickling and deep-copying of result classes: each serializes the core value it wraps, and
//! `_restore` builds it again. A state that does not read back is a `DataError`, never a
//! panic.

use pyo3::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::data::PyObservations;
use crate::errors::OrRaise;
use crate::results::{PyExplanation, PyResultTable, PyScorecard};

/// A pyclass that pickles through a serializable state.
pub trait Pickled: Sized {
    /// The name `_restore` knows it by.
    const KIND: &'static str;
    /// What is serialized.
    type State: Serialize + DeserializeOwned;
    /// The state of this value.
    fn to_state(&self) -> Self::State;
    /// The value of a state.
    fn from_state(state: Self::State) -> Self;

    /// The serialized state.
    fn state(&self) -> PyResult<Vec<u8>> {
        serde_json::to_vec(&self.to_state())
            .map_err(|e| pyo3::exceptions::PyValueError::new_err(format!("cannot pickle: {e}")))
    }
}

fn restore<T: Pickled>(state: &[u8]) -> PyResult<T> {
    serde_json::from_slice::<T::State>(state)
        .map(T::from_state)
        .map_err(|e| ics_outcomes::Error::Argument {
            argument: "state".into(),
            value: T::KIND.into(),
            message: format!("not a pickled {}: {e}", T::KIND),
        })
        .or_raise()
}

/// Rebuilds a pickled `Scorecard`, `Explanation`, `ResultTable` or `Observations`.
#[pyfunction]
pub fn _restore(py: Python<'_>, kind: &str, state: &[u8]) -> PyResult<Py<PyAny>> {
    Ok(match kind {
        PyScorecard::KIND => Py::new(py, restore::<PyScorecard>(state)?)?.into_any(),
        PyExplanation::KIND => Py::new(py, restore::<PyExplanation>(state)?)?.into_any(),
        PyObservations::KIND => Py::new(py, restore::<PyObservations>(state)?)?.into_any(),
        crate::oversight::PyIcsOversight::KIND => {
            Py::new(py, restore::<crate::oversight::PyIcsOversight>(state)?)?.into_any()
        }
        PyResultTable::KIND => Py::new(py, restore::<PyResultTable>(state)?)?.into_any(),
        other => {
            return Err(ics_outcomes::Error::Argument {
                argument: "kind".into(),
                value: other.into(),
                message: "not a pickled result class".into(),
            })
            .or_raise();
        }
    })
}
