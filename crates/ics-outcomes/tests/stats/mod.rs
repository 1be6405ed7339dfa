//! Indicator statistics against PHEindicatormethods 2.1.0's own test vectors and the
//! installed package's output (../shared/reference/pheindicatormethods).

pub mod reference;

mod basic;
mod funnel;
mod life_expectancy;
mod properties;
mod sheets;
mod sii;
mod standardised;
