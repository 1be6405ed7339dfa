//! Integration tests of the core crate, linked as one binary.

mod capacity;
mod common;
mod composite;
mod defaults;
mod disclosure;
mod files;
mod framework;
mod fuzz_regressions;
mod geography;
mod limits;
mod maturity;
mod number;
mod observations;
mod oversight;
mod period;
mod prevention;
mod properties;
mod ranks;
mod ratings;
mod schema;
mod scoring;
mod spc;
mod stats;
mod strategies;
mod target;
mod vintage;
