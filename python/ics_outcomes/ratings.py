"""CQC single assessment framework ratings from quality-statement scores.

Each quality statement is scored 1 (significant shortfalls) to 4 (exceptional), all weighted
equally; the percentage is ``sum / (4 * n) * 100`` and the bands are CQC's: 25-38 %
inadequate, 39-62 % requires improvement, 63-87 % good, 88 % and above outstanding.

How a fractional percentage meets the whole-number bands, and any limiter rules, are not
settled by CQC's published wording, so they are arguments: ``band_match="whole_percent"``
(the default; 38.5 % counts as 39 %) or ``"exact"``, and ``limiters`` such as
``[(2, "good")]`` (any score of 2 or below caps the rating at good; none by default).

Examples
--------
>>> from ics_outcomes.ratings import cqc_rating
>>> result = cqc_rating([3, 3, 3, 2, 4, 3, 3, 3, 3])
>>> result.percentage, result.rating
(Decimal('75'), 'good')
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ics_outcomes import _core
from ics_outcomes.exceptions import IcsOutcomesError

__all__ = ["CqcRating", "cqc_rating"]


@dataclass(frozen=True)
class CqcRating:
    """A CQC rating and how it was reached.

    Examples
    --------
    >>> from ics_outcomes.ratings import cqc_rating
    >>> result = cqc_rating([3, 3, 3, 2, 4, 3, 3, 3, 3])
    >>> result.statements, result.total, result.band_rating, result.position_in_band
    (9, 27, 'good', Decimal('0.5'))
    """

    statements: int
    """How many quality statements were scored."""
    total: int
    """The sum of their scores."""
    percentage: Decimal
    """``total / (4 * statements) * 100``, exact."""
    banded_percentage: Decimal
    """The percentage the bands were applied to (whole percent, or exact)."""
    band_rating: str
    """The rating from the bands alone."""
    rating: str
    """The rating after limiters: inadequate, requires improvement, good or outstanding."""
    limited_by: tuple[int, str] | None
    """The limiter (score at most, cap) that lowered the rating, if one did."""
    position_in_band: Decimal
    """Where the banded percentage sits in its band, from 0 (lower bound) to 1 (upper)."""

    def _repr_html_(self) -> str:
        limited = ""
        if self.limited_by is not None:
            score, cap = self.limited_by
            limited = f" (limited from {html.escape(self.band_rating)}: a score of {score} or below caps at {cap})"
        return (
            f"<p><strong>{html.escape(self.rating.capitalize())}</strong>{limited}: "
            f"{self.percentage.normalize():f}% from {self.statements} quality statements "
            f"(total {self.total} of {4 * self.statements}); position in band "
            f"{float(self.position_in_band):.0%}</p>"
        )


def _invalid(path: str, value: Any, problem: str) -> IcsOutcomesError:
    """The ``ValidationError`` the core raises for a bad score, built by the core."""
    return _core._error("ValidationError", path, str(value), problem)


def _score(path: str, value: Any, problem: str = "a quality statement score is 1, 2, 3 or 4") -> int:
    """A whole-number score; out-of-range ones are refused by the core, naming ``path``."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise TypeError(f"{path} must be a whole number, not {type(value).__name__}")
    try:
        whole = int(value)
        exact = whole == Decimal(value) if not isinstance(value, str) else True
    except (ValueError, OverflowError, ArithmeticError):
        exact = False
    if not exact or not -(2**63) <= whole < 2**63:
        raise _invalid(path, value, problem)
    return whole


def cqc_rating(
    scores: Sequence[int],
    *,
    band_match: str = "whole_percent",
    limiters: Sequence[tuple[int, str]] = (),
) -> CqcRating:
    """Rates quality-statement scores (each 1 to 4) under CQC's bands.

    Raises :class:`~ics_outcomes.exceptions.ValidationError` naming any score outside 1 to 4.

    Examples
    --------
    >>> from ics_outcomes.ratings import cqc_rating
    >>> cqc_rating([3, 3, 3, 2, 4, 3, 3, 3, 3]).rating
    'good'
    >>> capped = cqc_rating([4, 4, 4, 4, 2], limiters=[(2, "good")])  # any 2 caps the rating at good
    >>> capped.percentage, capped.band_rating, capped.rating, capped.limited_by
    (Decimal('90'), 'outstanding', 'good', (2, 'good'))
    """
    if isinstance(scores, str | bytes) or not isinstance(scores, Sequence):
        raise TypeError(f"scores must be a sequence of whole numbers, not {type(scores).__name__}")
    checked = [_score(f"scores[{i}]", s) for i, s in enumerate(scores)]
    rules = []
    for i, limiter in enumerate(limiters):
        if isinstance(limiter, str | bytes) or not isinstance(limiter, Sequence) or len(limiter) != 2:
            raise TypeError(f"limiters[{i}] must be a pair (score at most, cap), not {limiter!r}")
        rules.append((_score(f"limiters[{i}]", limiter[0], "a limiter's score is 1, 2, 3 or 4"), str(limiter[1])))
    result = _core.rate_cqc(checked, band_match, rules)
    limited = result["limited_by"]
    return CqcRating(
        statements=result["statements"],
        total=result["total"],
        percentage=result["percentage"],
        banded_percentage=result["banded_percentage"],
        band_rating=result["band_rating"],
        rating=result["rating"],
        limited_by=None if limited is None else (int(limited[0]), str(limited[1])),
        position_in_band=result["position_in_band"],
    )
