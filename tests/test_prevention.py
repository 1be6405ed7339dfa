"""The prevention shift through the built extension."""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from ics_outcomes import prevention
from ics_outcomes.exceptions import DataError


def test_default_budgets_give_every_ics_three_years() -> None:
    budgets = prevention.default_budgets()
    assert len(budgets) == 36 * 3 * 8
    shares = prevention.prevention_shares()
    assert len(shares) == 36 * 3
    latest = shares[shares["year"] == "2026/27"]
    assert set(latest["status"]) <= {"on track", "off track"}
    assert all(isinstance(v, Decimal) for v in shares["published_share"])


def test_exact_shares_from_a_polars_frame() -> None:
    df = pl.DataFrame(
        {
            "area": ["QOP"] * 4,
            "year": ["2025/26", "2025/26", "2026/27", "2026/27"],
            "category": ["prevention", "acute", "prevention", "acute"],
            "amount": ["40000000", "960000000", "41500000", "958500000"],
        }
    )
    out = prevention.prevention_shares(df)
    assert isinstance(out, pl.DataFrame)
    assert out["published_share"].to_list() == [Decimal("4.00"), Decimal("4.15")]
    assert out["status"].to_list() == ["baseline", "off track"]
    relaxed = prevention.prevention_shares(df, target_pp="0.5")
    assert relaxed["status"].to_list() == ["baseline", "on track"]


def test_negative_budgets_are_refused() -> None:
    df = pl.DataFrame({"area": ["QOP"], "year": ["2025/26"], "category": ["acute"], "amount": [-1]})
    with pytest.raises(DataError, match="never negative"):
        prevention.prevention_shares(df)


def test_summary_shows_each_ics_latest_year_as_html() -> None:
    shown = prevention.summary()
    latest = shown.latest
    assert len(latest) == 36 and set(latest["year"]) == {"2026/27"}
    on_track = int((latest["status"] == "on track").sum())
    html = shown._repr_html_()
    assert f"{on_track} of 36 on track" in html and "SYNTHETIC" in html
    assert len(shown.shares) == 36 * 3
    df = pl.DataFrame(
        {"area": ["QOP", "QOP"], "year": ["2025/26", "2026/27"], "category": ["prevention"] * 2, "amount": ["1", "2"]}
    )
    mine = prevention.summary(prevention.prevention_shares(df))
    assert isinstance(mine.latest, pl.DataFrame) and mine.latest["year"].to_list() == ["2026/27"]
    assert "SYNTHETIC" not in mine._repr_html_()


def test_precise_amounts_and_out_of_range_places_raise_library_errors():
    # Finding D12: bare pyarrow ArrowInvalid ("Rescaling Decimal value would cause data loss").
    from ics_outcomes.exceptions import ArgumentError

    budgets = prevention.default_budgets()
    budgets.loc[0, "amount"] = Decimal("0." + "1" * 40)
    with pytest.raises(DataError):
        prevention.prevention_shares(budgets)
    budgets.loc[0, "amount"] = Decimal("1234567.123456789012")
    shares = prevention.prevention_shares(budgets)
    first = shares[(shares["code"] == budgets.loc[0, "area"]) & (shares["year"] == budgets.loc[0, "year"])]
    assert first["prevention"].iloc[0] == Decimal("1234567.123456789012")
    with pytest.raises(ArgumentError) as raised:
        prevention.prevention_shares(decimals=100)
    assert raised.value.path == "decimals"
    assert prevention.prevention_shares(decimals=28)["published_share"].notna().all()
