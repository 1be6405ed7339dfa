"""ics_outcomes.stats against PHEindicatormethods 2.1.0 (its test vectors and its output)."""

from __future__ import annotations

import ics_outcomes as ico
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
import shared_data
from ics_outcomes import stats
from ics_outcomes.exceptions import ArgumentError, DataError

PAIR = (0.95, 0.998)
LIMITS = ["lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl"]


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(shared_data.folder("reference/pheindicatormethods") / name)


def close(actual: pd.Series, expected: pd.Series, rtol: float = 1e-11) -> None:
    np.testing.assert_allclose(actual.to_numpy(dtype=float), expected.to_numpy(dtype=float), rtol=rtol, equal_nan=True)


def test_issue_example_matches_r_grouped_proportions() -> None:
    rows = read("r_generated/proportion.csv")
    expected = read("r_generated/proportion_grouped.csv")
    df = rows.rename(columns={"Numerator": "num", "Denominator": "den", "Area": "area"})
    out = stats.proportion(df, x="num", n="den", group_by="area", confidence=0.95, multiplier=1)
    assert list(out.columns) == [
        "area",
        "num",
        "den",
        "value",
        "lowercl",
        "uppercl",
        "confidence",
        "statistic",
        "method",
    ]
    assert out["area"].tolist() == expected["Area"].tolist()
    for ours, theirs in [
        ("num", "Numerator"),
        ("den", "Denominator"),
        ("value", "value"),
        ("lowercl", "lowercl"),
        ("uppercl", "uppercl"),
    ]:
        close(out[ours], expected[theirs])
    # multiplier=100 scales the same values and labels them a percentage.
    pct = stats.proportion(df, x="num", n="den", group_by="area", confidence=0.95, multiplier=100)
    close(pct["value"], expected["value"] * 100)
    assert set(pct["statistic"]) == {"percentage"}


def test_row_by_row_proportions_and_rates_keep_input_columns() -> None:
    for name, function in [("proportion", stats.proportion), ("rate", stats.rate)]:
        expected = read(f"r_generated/{name}.csv")
        for multiplier, block in expected.groupby("multiplier", sort=False):
            inputs = block[["Area", "Numerator", "Denominator"]]
            out = function(inputs, x="Numerator", n="Denominator", confidence=PAIR, multiplier=multiplier)
            assert list(out.columns[:3]) == ["Area", "Numerator", "Denominator"]
            assert list(out.index) == list(block.index)
            for column in ["value", *LIMITS]:
                close(out[column], block[column])
            assert out["statistic"].tolist() == block["statistic"].tolist()
            # Label columns arrive as categoricals (dictionary-encoded in Arrow).
            assert isinstance(out["method"].dtype, pd.CategoricalDtype)
            assert out["method"].astype(object).fillna("").tolist() == block["method"].fillna("").tolist()


def test_mean_dsr_isr_match_r() -> None:
    mean_in = read("test_vectors/mean_input.csv")
    mean_out = read("r_generated/mean.csv")
    grouped = stats.mean(mean_in, x="values", group_by="area", confidence=PAIR)
    for column in ["value_sum", "value_count", "stdev", "value", *LIMITS]:
        close(grouped[column], mean_out[column][:2])

    dsr_in = read("test_vectors/dsr_input_multiarea.csv")
    dsr_out = read("r_generated/dsr.csv")[:3]
    # The default standard population is the embedded ESP 2013, matched by position.
    out = stats.dsr(dsr_in, x="count", n="pop", group_by="area", confidence=PAIR, multiplier=10_000)
    for column in ["total_count", "total_pop", "value", *LIMITS]:
        close(out[column], dsr_out[column])
    assert out["statistic"].tolist() == dsr_out["statistic"].tolist()
    by_column = stats.dsr(
        dsr_in, x="count", n="pop", stdpop="esp2013", group_by="area", confidence=PAIR, multiplier=10_000
    )
    close(by_column["value"], out["value"])

    isr_in = read("test_vectors/isr_input_multiarea.csv")
    ref = read("test_vectors/isr_refdata.csv")
    isr_out = read("r_generated/isr.csv")
    rate = stats.isr_rate(
        isr_in,
        x="count",
        n="pop",
        x_ref=ref["refcount"].tolist(),
        n_ref=ref["refpop"].tolist(),
        group_by="area",
        confidence=PAIR,
    )
    ratio = stats.isr_ratio(
        isr_in, x="count", n="pop", x_ref="refcount", n_ref="refpop", group_by="area", confidence=PAIR, refvalue=100
    )
    for result, args in [(rate, "multiplier=100000"), (ratio, "refvalue=100")]:
        block = isr_out[isr_out["args"] == args]
        for column in ["observed", "expected", "value", *LIMITS]:
            close(result[column], block[column])
    totals = read("test_vectors/isr_observed_totals.csv").rename(columns={"total_count": "count"})
    with_totals = stats.isr_rate(
        isr_in.assign(count=0),
        x="count",
        n="pop",
        x_ref="refcount",
        n_ref="refpop",
        group_by="area",
        observed_totals=totals,
    )
    close(with_totals["observed"], totals["count"])


def test_quantiles_match_r_with_per_row_polarity() -> None:
    rows = read("r_generated/quantiles.csv")
    block = rows[rows["case"] == "IndSexReg"]
    # Some regions have fewer than ten areas: missing quantiles, and the package's warning.
    with pytest.warns(stats.StatisticsWarning, match="too few small areas"):
        out = stats.quantile(block, values="Value", group_by=["IndSexRef", "ParentCode"], invert="Polarity")
    close(out["quantile"], block["quantile"], rtol=0)
    assert set(out["groupvars"]) == {"IndSexRef, ParentCode"}
    with pytest.warns(stats.StatisticsWarning, match="too few small areas"):
        stats.quantile(pd.DataFrame({"v": [1.0, 2.0]}), values="v")
    with pytest.raises(ArgumentError, match="must be logical"):
        stats.quantile(block.assign(Polarity="FALSE"), values="Value", invert="Polarity")


def test_every_frame_kind_comes_back_as_itself() -> None:
    df = pd.DataFrame({"area": ["b", "a", "b"], "x": [1, 2, 3], "n": [10, 20, 30]})
    polars_out = stats.rate(pl.from_pandas(df), x="x", n="n", group_by="area")
    arrow_out = stats.rate(pa.Table.from_pandas(df), x="x", n="n", group_by="area")
    assert isinstance(polars_out, pl.DataFrame)
    assert isinstance(arrow_out, pa.Table)
    assert polars_out["area"].to_list() == ["a", "b"]
    np.testing.assert_allclose(arrow_out.column("value").to_numpy(), [10_000.0, 10_000.0])
    # Null keys form their own group, sorted last; null values give null results.
    nulls = pa.table({"g": ["a", None, "a"], "x": pa.array([1.0, 2.0, None]), "n": [5.0, 5.0, 5.0]})
    out = stats.proportion(nulls, x="x", n="n", group_by="g")
    assert out.column("g").to_pylist() == ["a", None]
    assert out.column("value").to_pylist() == [None, 0.4]


def test_plain_intervals_take_and_give_numpy() -> None:
    rows = read("test_vectors/byars_wilson.csv")
    wilson = rows[(rows["method"] == "Wilson") & (rows["confidence"] == "95%")]
    lower, upper = stats.wilson_interval(wilson["x"].to_numpy(), wilson["n"].to_numpy())
    assert isinstance(lower, np.ndarray)
    np.testing.assert_allclose(lower, wilson["lowercl"], rtol=1e-9)
    np.testing.assert_allclose(upper, wilson["uppercl"], rtol=1e-9)
    byars = rows[(rows["method"] == "Byars") & (rows["confidence"] == "95%")]
    lower, upper = stats.byars_interval(byars["x"].to_numpy())
    np.testing.assert_allclose(upper, byars["uppercl"], rtol=1e-9)
    low, high = stats.poisson_interval(np.array([0.0, 1.0, 20.0]))
    assert low[0] == 0.0 and high[1] == pytest.approx(5.571643390938899, rel=1e-12)


def test_bad_input_raises_typed_errors_naming_column_row_and_value() -> None:
    df = pd.DataFrame({"num": [1.0, -3.0], "den": [10.0, 10.0]})
    with pytest.raises(DataError, match="numerators must be greater than or equal to zero") as info:
        stats.proportion(df, x="num", n="den")
    assert info.value.path == "num[1]" and info.value.value == "-3"
    with pytest.raises(ArgumentError, match="confidence level must be between 90 and 100") as arg:
        stats.proportion(df.abs(), x="num", n="den", confidence=0.5)
    assert arg.value.path == "confidence"
    with pytest.raises(ArgumentError, match="two confidence levels can only be produced"):
        stats.rate(df.abs(), x="num", n="den", confidence=(95, 99.8))
    with pytest.raises(ArgumentError, match="is not a field name from data"):
        stats.rate(df, x="nope", n="den")
    with pytest.raises(ArgumentError, match="type must be one of"):
        stats.rate(df.abs(), x="num", n="den", type="wide")
    with pytest.raises(ArgumentError, match="must be numeric"):
        stats.mean(pd.DataFrame({"v": ["a"]}), x="v")
    with pytest.raises(DataError, match="sample sizes must all be greater than zero"):
        stats.wilson_interval(np.array([1.0]), np.array([0.0]))
    invalid = read("test_vectors/dsr_isr_invalid_inputs.csv")
    with pytest.raises(DataError, match="numerators must all be greater than or equal to zero"):
        stats.dsr(invalid[invalid["case"] == "testdata_err1"], x="count", n="pop", stdpop="stdpop")


def test_life_expectancy_matches_r_with_labels_and_several_levels() -> None:
    data = read("test_vectors/life_expectancy_input.csv")
    expected = read("r_generated/life_expectancy.csv")
    shuffled = data.sample(frac=1, random_state=7)
    out = stats.life_expectancy(shuffled, deaths="deaths", population="pops", startage="startage", confidence=PAIR)
    assert out["startage"].tolist() == expected["startage"].tolist()
    for column in ["value", "lower95_0cl", "upper95_0cl", "lower99_8cl", "upper99_8cl", "pops_used", "dths_used"]:
        close(out[column], expected[column], rtol=1e-9)
    # String labels give the same values; the first run of digits is the start age.
    labelled = data.assign(startage=[f"{a}+" if a == 90 else f"{a}-" for a in data["startage"]])
    labels = [f"{a}+" if a == 90 else f"{a}-" for a in data["startage"]]
    same = stats.life_expectancy(
        labelled, deaths="deaths", population="pops", startage="startage", age_contents=labels, le_age=["5-"]
    )
    assert same["startage"].tolist() == ["5-"]
    close(same["value"], expected["value"][expected["startage"] == 5], rtol=1e-9)


def test_life_expectancy_suppression_warns_and_keeps_every_row() -> None:
    data = read("test_vectors/life_expectancy_grouped_with_warnings_input.csv")
    key = next(c for c in data.columns if c not in {"startage", "pops", "deaths", "dths", "pop", "population"})
    deaths = "deaths" if "deaths" in data.columns else "dths"
    pops = "pops" if "pops" in data.columns else "pop"
    with pytest.warns(stats.StatisticsWarning):
        out = stats.life_expectancy(data, deaths=deaths, population=pops, startage="startage", group_by=key)
    assert len(out) == len(data)
    assert out["value"].isna().sum() > 0 and out["value"].notna().sum() > 0


def test_sii_point_estimates_match_r_and_limits_are_seeded() -> None:
    data = read("test_vectors/sii_testdata.csv")
    expected = read("r_generated/sii.csv")
    block = data.iloc[0:20]
    row = expected[(expected["test_rows"] == "1-20") & (expected["se_supplied"])].iloc[0]
    args = dict(
        value="Value", se="StandardError", rii=True, repetitions=10_000, group_by=["Area", "Grouping1", "Grouping2"]
    )
    out = stats.sii(block, quantile="Quantile", population="Population", **args)
    assert len(out) == 2
    first = out.iloc[0]
    assert first["sii"] == pytest.approx(row["sii"], rel=1e-9)
    assert first["rii"] == pytest.approx(row["rii"], rel=1e-9)
    assert first["sii_lower95_0cl"] == pytest.approx(row["sii_lower95_0cl"], rel=0.05)
    again = stats.sii(block, quantile="Quantile", population="Population", **args)
    assert again.equals(out)
    other = stats.sii(block, quantile="Quantile", population="Population", seed=2, **args)
    assert other["sii_lower95_0cl"].iloc[0] != out["sii_lower95_0cl"].iloc[0]
    with pytest.raises(ArgumentError, match="value_type should be 0, 1 or 2"):
        stats.sii(block, quantile="Quantile", population="Population", value="Value", se="StandardError", value_type=3)


def test_funnels_match_r() -> None:
    inputs = read("test_vectors/funnel_prop_inputs.csv")
    limits = read("r_generated/funnel_prop_limits.csv")
    out = stats.funnel_limits(
        inputs,
        numerator="numerator",
        denominator="denominator",
        statistic="proportion",
        multiplier=100,
        type="standard",
    )
    assert list(out.columns) == list(limits.columns)
    for column in limits.columns:
        close(out[column], limits[column], rtol=1e-12)
    significance = read("r_generated/funnel_prop_significance.csv")
    marked = stats.funnel_significance(
        inputs.drop(columns="significance"), numerator="numerator", denominator="denominator", statistic="proportion"
    )
    assert marked["significance"].tolist() == significance["significance"].tolist()
    with pytest.raises(ArgumentError, match=r"should be one of"):
        stats.funnel_limits(inputs, numerator="numerator", denominator="denominator", statistic="mean", multiplier=100)


def test_stats_arguments_at_their_edges():
    # Finding D22: multipliers of 0 and -100 were accepted (lowercl above uppercl); counts
    # near f64's limit gave an interval [0, 0] that missed the value; a decimal count
    # column was refused as not numeric.
    from decimal import Decimal

    frame = pd.DataFrame({"x": [5], "n": [10]})
    for multiplier in (0, -100):
        with pytest.raises(ArgumentError, match="greater than 0"):
            stats.proportion(frame, x="x", n="n", multiplier=multiplier)
        with pytest.raises(ArgumentError, match="greater than 0"):
            stats.rate(frame, x="x", n="n", multiplier=multiplier)
    huge = stats.proportion(pd.DataFrame({"x": [1e300], "n": [1e308]}), x="x", n="n")
    assert 0 < huge["lowercl"].iloc[0] <= huge["value"].iloc[0] <= huge["uppercl"].iloc[0]
    decimals = pa.table(
        {"x": pa.array([Decimal(5)], pa.decimal128(1, 0)), "n": pa.array([Decimal(10)], pa.decimal128(3, 0))}
    )
    assert (
        stats.proportion(decimals, x="x", n="n")["value"].to_pylist()
        == stats.proportion(frame, x="x", n="n")["value"].tolist()
    )


def test_row_wise_results_join_a_pandas_frame_without_converting_it() -> None:
    frame = pd.DataFrame(
        {"area": ["A", "B", "C"], "x": np.array([3, 40, 7], dtype=np.int64), "n": [50.0, 90.0, 70.0]},
        index=pd.Index([10, 20, 30], name="row"),
    )
    out = stats.proportion(frame, x="x", n="n", multiplier=100)
    assert list(out.columns[:3]) == ["area", "x", "n"] and out.index.equals(frame.index)
    assert out["x"].dtype == np.int64 and out["area"].dtype == frame["area"].dtype
    # Float columns are read in place and the caller's columns are not copied.
    assert np.shares_memory(out["n"].to_numpy(), frame["n"].to_numpy())
    for label in ["confidence", "statistic", "method"]:
        assert isinstance(out[label].dtype, pd.CategoricalDtype), label
    assert out["method"].tolist() == ["Wilson"] * 3 and out["statistic"].tolist() == ["percentage"] * 3
    np.testing.assert_array_equal(out["value"], [6.0, 40.0 / 90.0 * 100, 10.0])
    # The results, labels made categoricals over their own codes, are pyarrow's conversion's.
    table = pa.Table.from_pandas(frame, preserve_index=False)
    through_arrow = stats.proportion(table, x="x", n="n", multiplier=100).to_pandas()
    results = ["value", "lowercl", "uppercl", "confidence", "statistic", "method"]
    pd.testing.assert_frame_equal(out[results].reset_index(drop=True), through_arrow[results])


def test_row_wise_results_join_a_polars_frame_as_they_join_its_arrow_table() -> None:
    frame = pl.DataFrame(
        {
            "area": pl.Series(["A", "B", "C"], dtype=pl.Categorical),
            "x": pl.Series([3.0, None, 7.0]),
            "n": pl.Series([50, 90, 70], dtype=pl.Int32),
        }
    )
    out = stats.proportion(frame, x="x", n="n", multiplier=100)
    # Float columns are read in place; the frame's own columns come back as they were.
    assert out.columns[:3] == ["area", "x", "n"]
    assert out.schema["area"] == pl.Categorical and out.schema["n"] == pl.Int32
    assert out["x"].to_list() == [3.0, None, 7.0]
    # A null count gives a null result, as through Arrow; results equal the Arrow path's.
    assert out["value"].to_list() == [6.0, None, 10.0]
    through_arrow = pl.from_arrow(stats.proportion(frame.to_arrow(), x="x", n="n", multiplier=100))
    assert out.drop("area").equals(through_arrow.drop("area"))
    assert out["method"].to_list() == ["Wilson"] * 3
    # Only an eager frame is read in place; a lazy one is refused as it always was.
    with pytest.raises(ArgumentError, match="is not a frame"):
        stats.proportion(frame.lazy(), x="x", n="n")


def test_results_are_the_same_on_one_thread_and_on_all() -> None:
    rng = np.random.default_rng(5)
    n = np.floor(rng.random(300_000) * 10_000) + 1
    x = np.floor(n * rng.random(300_000))
    frame = pd.DataFrame({"x": x, "n": n})
    try:
        ico.set_max_threads(1)
        assert ico.max_threads() == 1
        one = (stats.rate(frame, x="x", n="n"), stats.wilson_interval(x, n))
    finally:
        ico.set_max_threads(0)
    assert ico.max_threads() >= 1
    every = (stats.rate(frame, x="x", n="n"), stats.wilson_interval(x, n))
    pd.testing.assert_frame_equal(one[0], every[0], check_exact=True)
    for a, b in zip(one[1], every[1], strict=True):
        np.testing.assert_array_equal(a, b)
    with pytest.raises(ArgumentError) as error:
        ico.set_max_threads(-1)
    assert error.value.path == "threads"
