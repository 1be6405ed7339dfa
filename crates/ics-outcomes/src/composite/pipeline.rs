//! The whole construction in one call, as COINr's logged steps replayed by `Regen`.

use serde::{Deserialize, Serialize};

use super::{
    Aggregation, Data, Imputation, Meta, Normalisation, Treated, Treatment, aggregate, impute, normalise, treat,
};
use crate::Error;

/// The methodological choices of a composite indicator. The default scores raw data by
/// min-max onto [0, 100] and the weighted arithmetic mean, with no imputation or treatment.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Pipeline {
    /// How missing values are filled in; none leaves them missing (the means skip them).
    pub imputation: Option<Imputation>,
    /// Outlier treatment; none leaves the data as they are.
    pub treatment: Option<Treatment>,
    /// How indicators are brought onto a common scale.
    pub normalisation: Normalisation,
    /// How scores are combined up the tree.
    pub aggregation: Aggregation,
}

/// Every intermediate data set of a [`Pipeline`] run, as COINr keeps them in `coin$Data`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct PipelineResults {
    /// The indicators after imputation (the input indicators when there is none).
    pub imputed: Data,
    /// The treated indicators and the treatment log, if treatment is on.
    pub treated: Option<Treated>,
    /// The normalised indicators.
    pub normalised: Data,
    /// The normalised indicators and every aggregate, in [`Meta::nodes`] order.
    pub aggregated: Data,
}

impl Pipeline {
    /// Runs every step on the indicator columns of `data` (denominate first if needed).
    pub fn run(&self, data: &Data, meta: &Meta) -> Result<PipelineResults, Error> {
        let (imputed, treated, normalised) = self.normalise(data, meta)?;
        let aggregated = aggregate(&normalised, meta, &self.aggregation)?;
        Ok(PipelineResults { imputed, treated, normalised, aggregated })
    }

    /// The steps up to normalisation.
    pub(crate) fn normalise(&self, data: &Data, meta: &Meta) -> Result<(Data, Option<Treated>, Data), Error> {
        let imputed = match &self.imputation {
            Some(how) => impute(data, meta, how)?,
            None => data.indicators(meta, "iData")?,
        };
        let treated = self.treatment.as_ref().map(|spec| treat(&imputed, meta, spec)).transpose()?;
        let normalised = normalise(treated.as_ref().map_or(&imputed, |t| &t.data), meta, &self.normalisation)?;
        Ok((imputed, treated, normalised))
    }
}
