//! NHS Oversight Framework-style segments of every ICS, beside its framework score.

use std::result::Result;

use extendr_api::prelude::*;
use ics_outcomes::ScoreOptions;
use ics_outcomes::oversight::{self, IcsOversightSettings, SegmentRule};

use crate::condition::guard;
use crate::frame::{bad, flag, list, table};
use crate::scoring::{Inputs, weight};

/// Every ICS's oversight segment and league table (`table`), and each ICS's metric values
/// and scores (`metrics`, one row per ICS and metric, led by its `code`).
#[extendr]
#[allow(clippy::too_many_arguments)] // One argument per argument of `ico_oversight()`.
fn rs_oversight(
    national: Robj,
    locals: Robj,
    observations: Robj,
    period: Robj,
    vintage: Robj,
    edition: Robj,
    cut_points: Robj,
    exact: Robj,
) -> Robj {
    guard(|| {
        let inputs = Inputs::load(&national, &locals, &observations, &period, &vintage, &edition)?;
        let card = inputs.score(ScoreOptions::default())?;
        let mut settings = IcsOversightSettings::default();
        if !cut_points.is_null() {
            let cuts = (0..cut_points.len())
                .map(|i| weight(&cut_points, i, &format!("cut_points[{}]", i + 1)))
                .collect::<Result<Vec<_>, _>>()?;
            let [low, middle, high] = cuts.as_slice() else {
                return Err(bad(
                    "cut_points",
                    cuts.len().to_string(),
                    "three ascending upper bounds, of segments 1, 2 and 3",
                ));
            };
            settings.oversight.segments = SegmentRule::Thresholds { cuts: [*low, *middle, *high] };
        }
        let results = oversight::ics_oversight(&inputs.national, &inputs.observations, &card, &settings)?;
        let exact = flag(&exact, "exact")?;
        let metrics: Vec<Robj> = results.iter().map(|r| table(&r.metrics_table(), exact)).collect::<Result<_, _>>()?;
        let codes: Vec<&str> = results.iter().map(|r| r.code.as_str()).collect();
        list(
            vec!["table".into(), "metrics".into(), "codes".into()],
            vec![
                table(&oversight::ics_oversight_table(&results), exact)?,
                List::from_values(metrics).into(),
                codes.into(),
            ],
        )
    })
}

extendr_module! {
    mod oversight;
    fn rs_oversight;
}
