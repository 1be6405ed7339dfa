//! Private building blocks every layer may use: competition ranking and seeded random
//! numbers. They depend on nothing else in the crate, so no method module need depend on
//! scoring or on the demo data for them.

pub(crate) mod random;
pub(crate) mod ranking;
