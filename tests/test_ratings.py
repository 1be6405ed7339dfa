"""CQC ratings through the built extension."""

from __future__ import annotations

from decimal import Decimal

import pytest
from ics_outcomes.exceptions import ArgumentError, ValidationError
from ics_outcomes.ratings import cqc_rating


def scores_summing_to(total: int) -> list[int]:
    """25 scores summing to ``total``: the percentage is then the total."""
    scores, extra = [], total - 25
    for _ in range(25):
        add = min(extra, 3)
        scores.append(1 + add)
        extra -= add
    return scores


@pytest.mark.parametrize(
    ("percent", "rating"),
    [
        (25, "inadequate"),
        (37, "inadequate"),
        (38, "inadequate"),
        (39, "requires improvement"),
        (62, "requires improvement"),
        (63, "good"),
        (87, "good"),
        (88, "outstanding"),
        (100, "outstanding"),
    ],
)
def test_bands_at_every_boundary(percent: int, rating: str) -> None:
    result = cqc_rating(scores_summing_to(percent))
    assert result.percentage == Decimal(percent)
    assert isinstance(result.percentage, Decimal)
    assert result.rating == rating


def test_fraction_band_match_and_limiters() -> None:
    scores = [2] * 27 + [1] * 23  # 77 / 200 = 38.5 %
    assert cqc_rating(scores).rating == "requires improvement"
    assert cqc_rating(scores, band_match="exact").rating == "inadequate"
    limited = cqc_rating([4] * 8 + [2], limiters=[(2, "good")])
    assert (limited.band_rating, limited.rating, limited.limited_by) == ("outstanding", "good", (2, "good"))
    assert "limited from outstanding" in limited._repr_html_()


def test_bad_scores_are_named() -> None:
    with pytest.raises(ValidationError) as error:
        cqc_rating([3, 5])
    assert error.value.path == "scores[1]" and error.value.value == "5"
    with pytest.raises(ValidationError):
        cqc_rating([3, -1])
    with pytest.raises(ArgumentError) as error:
        cqc_rating([3], band_match="nearest")
    assert error.value.path == "band_match"
