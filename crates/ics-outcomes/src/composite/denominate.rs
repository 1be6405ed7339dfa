//! Denomination (COINr `Denominate`): indicators that scale with size become ratios.

use std::collections::BTreeMap;

use super::{Data, Meta};
use crate::Error;
use crate::error::{DataKind, IssueKind, IssueLog};

/// Divides each indicator that has a `Denominator` in `meta` by that column of `data`:
/// `x / (denominator / scale)`, with the scale factor from `scale_factors` (by indicator code,
/// default 1). Returns the indicator columns in `meta`'s order.
///
/// A missing denominator gives a missing value, as in R; a zero denominator is an
/// [`Error::Data`] naming the unit, where R would give an infinity.
pub fn denominate(data: &Data, meta: &Meta, scale_factors: &BTreeMap<String, f64>) -> Result<Data, Error> {
    let mut out = data.indicators(meta, "iData")?;
    let mut log = IssueLog::default();
    for (code, scale) in scale_factors {
        if !scale.is_finite() || *scale == 0.0 {
            return Err(Error::argument(&format!("scale_factors.{code}"), scale, "must be finite and not zero"));
        }
        if meta.indicators().iter().all(|n| &n.code != code) {
            return Err(Error::argument("scale_factors", code, "not an indicator"));
        }
    }
    for (j, node) in meta.indicators().iter().enumerate() {
        let Some(by) = node.denominator.as_deref() else { continue };
        let Some(denominator) = data.column(by) else {
            log.push(format!("{}.Denominator", node.code), by, IssueKind::UnknownId);
            continue;
        };
        let scale = scale_factors.get(&node.code).copied().unwrap_or(1.0);
        for (row, (x, d)) in out.column_at_mut(j).iter_mut().zip(denominator).enumerate() {
            if *d == 0.0 {
                let reason = "a denominator of zero".to_owned();
                log.push(format!("{by}[{}]", data.units()[row]), "0", IssueKind::Invalid { reason });
            }
            *x /= d / scale;
        }
    }
    log.into_data(DataKind::IndicatorData, "iData")?;
    Ok(out)
}
