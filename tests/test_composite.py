"""Composite indicators through the built extension: COINr's example pipeline from its own
tables, and the rank intervals of the ICS scorecard."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import polars as pl
import pytest
import shared_data
from ics_outcomes import composite
from ics_outcomes.exceptions import ArgumentError, DataError, ValidationError


def _coinr(name: str) -> Path:
    """A file of COINr's example, or of its stored results under ``expected/``."""
    return shared_data.folder("reference/coinr") / name


def _expected(name: str) -> pd.DataFrame:
    return pd.read_csv(_coinr("expected") / name)


@pytest.fixture(scope="module")
def meta() -> pd.DataFrame:
    return pd.read_csv(_coinr("ASEM_iMeta.csv"))


def _close(got: pd.DataFrame, want: pd.DataFrame, columns: list[str]) -> None:
    got = got.set_index("uCode").loc[want["uCode"]]
    for column in columns:
        np.testing.assert_allclose(
            got[column].to_numpy(dtype=float), want[column].to_numpy(dtype=float), rtol=0, atol=1e-9, err_msg=column
        )


def test_the_example_pipeline_step_by_step_reproduces_coinr(meta: pd.DataFrame) -> None:
    indicators = meta.loc[meta["Type"] == "Indicator", "iCode"].tolist()
    denominated = _expected("example_coin_Denominated.csv")
    groups = pd.read_csv(_coinr("ASEM_iData.csv"))[["uCode", "EurAsia_group"]]
    imputed = composite.impute(denominated.merge(groups, on="uCode"), meta, method="group_mean", group="EurAsia_group")
    _close(imputed, _expected("example_coin_Imputed.csv"), indicators)
    treated, log = composite.treat(_expected("example_coin_Imputed.csv"), meta)
    _close(treated, _expected("example_coin_Treated.csv"), indicators)
    expected_log = _expected("example_coin_treatment_log.csv")
    assert (
        log.set_index("iCode").loc[expected_log["iCode"], "winsorised"].tolist()
        == expected_log["n_winsorised"].tolist()
    )
    normalised = composite.normalise(_expected("example_coin_Treated.csv"), meta, method="minmax")
    _close(normalised, _expected("example_coin_Normalised.csv"), indicators)
    aggregated = composite.aggregate(_expected("example_coin_Normalised.csv"), meta)
    want = _expected("example_coin_Aggregated.csv")
    aggregates = meta.loc[meta["Type"] == "Aggregate", "iCode"].tolist()
    assert list(aggregated.columns) == ["uCode", *aggregates]
    _close(aggregated, want, aggregates)
    index = aggregated.set_index("uCode")["Index"]
    assert round(index["CHE"], 2) == 68.38 and round(index["IND"], 2) == 39.79


def test_polars_in_polars_out_and_coinr_method_names(meta: pd.DataFrame) -> None:
    normalised = pl.read_csv(_coinr("expected") / "example_coin_Normalised.csv")
    out = composite.aggregate(normalised, pl.from_pandas(meta), method="a_amean")
    assert isinstance(out, pl.DataFrame) and out.height == 51
    with pytest.raises(DataError) as caught:
        composite.aggregate(normalised, meta, method="geometric")
    assert "needs scores above zero" in str(caught.value)
    shifted = composite.normalise(_expected("example_coin_Treated.csv"), meta, range=(1, 100))
    geometric = composite.aggregate(shifted, meta, method="geometric")
    assert (geometric["Index"] <= composite.aggregate(shifted, meta)["Index"] + 1e-9).all()
    ranks = composite.normalise(_expected("example_coin_Treated.csv"), meta, method="n_rank")
    assert ranks["LPI"].max() == 51


def test_uncertainty_gives_rank_intervals_reproducibly(meta: pd.DataFrame) -> None:
    treated = _expected("example_coin_Treated.csv")
    ranks = composite.uncertainty(treated, meta, replications=200, seed=4, aggregations=("arithmetic", "geometric"))
    assert set(ranks["nominal"]) <= set(range(1, 52))
    assert len(ranks) == 51
    assert (ranks["q5"] <= ranks["median"]).all() and (ranks["median"] <= ranks["q95"]).all()
    with pytest.warns(DeprecationWarning):
        again = composite.uncertainty(treated, meta, n=200, seed=4, aggregations=("arithmetic", "geometric"))
    pd.testing.assert_frame_equal(ranks, again)
    small = pd.DataFrame({"uCode": list("ABCD"), "x": [1.0, 2.0, 3.0, 4.0], "y": [4.1, 2.9, 2.1, 0.9]})
    tree = pd.DataFrame(
        {
            "Level": [1, 1, 2],
            "iCode": ["x", "y", "Index"],
            "Parent": ["Index", "Index", None],
            "Direction": [1, 1, 1],
            "Weight": [1, 1, 1],
            "Type": ["Indicator", "Indicator", "Aggregate"],
        }
    )
    noisy = composite.uncertainty(small, tree, replications=200)
    assert (noisy["q5"] < noisy["q95"]).any(), "the default noise reaches the indicator weights"
    with pytest.raises(ValidationError) as bad_weight:
        composite.uncertainty(small, tree.assign(Weight=["1", "two", "1"]))
    assert [(i["path"], i["value"]) for i in bad_weight.value.issues] == [("iMeta[1].Weight", "two")]
    with pytest.raises(ArgumentError):
        composite.normalise(small, tree, range=(0, 100, 1))
    still = composite.uncertainty(treated, meta, replications=20, weight_noise=0.0)
    assert (still["mean_shift"] == 0).all() and (still["q5"] == still["nominal"]).all()


def test_bad_tables_raise_typed_errors(meta: pd.DataFrame) -> None:
    normalised = _expected("example_coin_Normalised.csv")
    with pytest.raises(ArgumentError):
        composite.aggregate(normalised, meta, method="mean-ish")
    broken = meta.copy()
    broken.loc[0, "Parent"] = "Nowhere"
    with pytest.raises(ValidationError) as caught:
        composite.aggregate(normalised, broken)
    assert "Nowhere" in str(caught.value)
    with pytest.raises(DataError) as caught:
        composite.normalise(normalised.drop(columns=["uCode"]), meta)
    assert caught.value.issues[0]["path"] == "uCode"


def test_a_notebook_prints_each_ics_rank_with_its_90_percent_interval(card) -> None:
    table = card.uncertainty(replications=300, seed=2).to_pandas()
    assert list(table.columns[:4]) == ["rank", "rank_median", "rank_q5", "rank_q95"]
    assert len(table) == 36 and table["rank"].is_monotonic_increasing
    assert (table["rank_q5"] <= table["rank_q95"]).all()
    still = card.uncertainty(
        replications=10, weight_noise="0", policies=["equal_per_priority"], scoring=["as_defined"]
    ).to_pandas()
    assert (still["rank_q5"] == still["rank"]).all() and (still["mean_shift"] == 0).all()
    with pytest.raises(ArgumentError):
        card.uncertainty(policies=["equal_per_vibe"])
    # The old name of replications works for one release, with a warning, and agrees.
    with pytest.warns(DeprecationWarning, match="replications"):
        old = card.uncertainty(n=300, seed=2).to_pandas()
    pd.testing.assert_frame_equal(old, table)


def test_sensitivity_names_each_choice_with_its_sobol_indices(meta: pd.DataFrame) -> None:
    treated = _expected("example_coin_Treated.csv")
    sobol = composite.sensitivity(treated, meta, n=60, seed=3, bootstrap=200)
    assert sobol["input"].tolist() == ["weights", "normalisation", "aggregation"]
    assert np.isfinite(sobol[["first_order", "total_order"]].to_numpy()).all()
    assert (sobol["total_order_low"] <= sobol["total_order"]).all() and (
        sobol["total_order"] <= sobol["total_order_high"]
    ).all()
    pd.testing.assert_frame_equal(sobol, composite.sensitivity(treated, meta, n=60, seed=3, bootstrap=200))
