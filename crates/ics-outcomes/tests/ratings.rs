//! CQC ratings: the bands at every boundary, limiters, and invalid scores.

use crate::common::class_of;
use ics_outcomes::Error;
use ics_outcomes::ErrorClass;
use ics_outcomes::ratings::{BandMatch, Limiter, Rating, RatingRules, cqc_rating};
use proptest::prelude::*;
use rust_decimal::Decimal;

/// 25 scores summing to `total` (25 to 100): with 25 statements the percentage is the total.
fn scores_summing_to(total: u32) -> Vec<i64> {
    let mut scores = vec![1i64; 25];
    let mut extra = total - 25;
    for s in &mut scores {
        let add = extra.min(3);
        *s += i64::from(add);
        extra -= add;
    }
    scores
}

fn band(percent: u32) -> Rating {
    match percent {
        25..=38 => Rating::Inadequate,
        39..=62 => Rating::RequiresImprovement,
        63..=87 => Rating::Good,
        _ => Rating::Outstanding,
    }
}

#[test]
fn every_whole_percentage_falls_in_its_band() {
    for percent in 25..=100 {
        let result = cqc_rating(&scores_summing_to(percent), &RatingRules::default()).expect("valid");
        assert_eq!(result.percentage, Decimal::from(percent));
        assert_eq!(result.rating, band(percent), "{percent}%");
    }
    // The boundaries the issue names, explicitly.
    for (percent, rating) in [
        (37, Rating::Inadequate),
        (38, Rating::Inadequate),
        (39, Rating::RequiresImprovement),
        (62, Rating::RequiresImprovement),
        (63, Rating::Good),
        (87, Rating::Good),
        (88, Rating::Outstanding),
    ] {
        assert_eq!(cqc_rating(&scores_summing_to(percent), &RatingRules::default()).expect("valid").rating, rating);
    }
}

#[test]
fn fractional_percentages_meet_the_bands_as_configured() {
    // 50 statements totalling 77: 38.5%.
    let mut scores = vec![1i64; 50];
    for s in scores.iter_mut().take(27) {
        *s = 2;
    }
    let rounded = cqc_rating(&scores, &RatingRules::default()).expect("valid");
    assert_eq!(rounded.percentage.to_string(), "38.5");
    assert_eq!(rounded.banded_percentage, Decimal::from(39));
    assert_eq!(rounded.rating, Rating::RequiresImprovement);
    let exact = cqc_rating(&scores, &RatingRules { band_match: BandMatch::Exact, limiters: vec![] }).expect("valid");
    assert_eq!(exact.rating, Rating::Inadequate);
    // Nine statements (the local authority framework): 23 / 36 = 63.888...% is good.
    let nine = cqc_rating(&[3, 3, 2, 3, 2, 3, 3, 2, 2], &RatingRules::default()).expect("valid");
    assert_eq!(nine.total, 23);
    assert_eq!(nine.rating, Rating::Good);
    assert!(nine.percentage > Decimal::from(63) && nine.percentage < Decimal::from(64));
}

#[test]
fn limiters_cap_the_rating_and_say_so() {
    let scores = [4, 4, 4, 4, 4, 4, 4, 4, 2];
    let plain = cqc_rating(&scores, &RatingRules::default()).expect("valid");
    assert_eq!(plain.rating, Rating::Outstanding);
    assert_eq!(plain.limited_by, None);
    let rules = RatingRules {
        band_match: BandMatch::WholePercent,
        limiters: vec![Limiter::SHORTFALL_CAPS_AT_GOOD, Limiter::SIGNIFICANT_SHORTFALL_CAPS_AT_REQUIRES_IMPROVEMENT],
    };
    let limited = cqc_rating(&scores, &rules).expect("valid");
    assert_eq!((limited.band_rating, limited.rating), (Rating::Outstanding, Rating::Good));
    assert_eq!(limited.limited_by, Some(Limiter::SHORTFALL_CAPS_AT_GOOD));
    let with_one = cqc_rating(&[4, 4, 4, 4, 4, 4, 4, 4, 4, 1], &rules).expect("valid");
    assert_eq!(with_one.rating, Rating::RequiresImprovement);
    // A limiter never raises a rating.
    let low = cqc_rating(&[1, 1, 2], &rules).expect("valid");
    assert_eq!((low.rating, low.limited_by), (Rating::Inadequate, None));
}

#[test]
fn invalid_scores_are_named() {
    let err = cqc_rating(&[3, 0, 5], &RatingRules::default()).unwrap_err();
    assert!(matches!(err, Error::Validation { .. }));
    let paths: Vec<&str> = err.issues().iter().map(|i| i.path.as_str()).collect();
    assert_eq!(paths, ["scores[1]", "scores[2]"]);
    assert_eq!(err.issues()[1].value, "5");
    assert_eq!(class_of(cqc_rating(&[], &RatingRules::default())), ErrorClass::Validation);
}

proptest! {
    #[test]
    fn ratings_are_monotone_and_positions_lie_in_the_band(scores in prop::collection::vec(1i64..=4, 1..40), i in any::<prop::sample::Index>()) {
        let rules = RatingRules::default();
        let result = cqc_rating(&scores, &rules).expect("valid");
        prop_assert!(result.percentage >= Decimal::from(25) && result.percentage <= Decimal::ONE_HUNDRED);
        prop_assert!(result.position_in_band >= Decimal::ZERO && result.position_in_band <= Decimal::ONE);
        // Raising one score never lowers the rating.
        let mut better = scores.clone();
        let k = i.index(better.len());
        better[k] = (better[k] + 1).min(4);
        prop_assert!(cqc_rating(&better, &rules).expect("valid").rating >= result.rating);
    }
}
