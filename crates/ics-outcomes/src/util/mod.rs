//! Private building blocks every layer may use: competition ranking, seeded random
//! numbers and digests. They depend on nothing else in the crate, so no method module need depend on
//! scoring or on the demo data for them.

pub(crate) mod digest;
pub(crate) mod random;
pub(crate) mod ranking;
