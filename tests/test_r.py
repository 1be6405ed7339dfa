"""One engine, one answer: the R package and the Python package give the same values.

``tests/r/cross_language.R`` writes what R gives (the default scorecard and an explanation
with exact decimals, the statistics on PHEindicatormethods' test vectors, an XmR and a P′
chart) as CSV with every digit; each is compared here with Python's answer to the same call:
the same column names in the same order and the same values, decimals equal as decimals and
doubles bit for bit.

The R package must be installed in ``$ICS_R_LIBRARY`` (default ``target/r-lib``, where
``scripts/test`` installs it). Without R or the package the tests are skipped, or fail under
``ICS_REQUIRE_R=1``, as CI sets.
"""

from __future__ import annotations

import math
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import ics_outcomes as ico
import pandas as pd
import pyarrow as pa
import pytest
from ics_outcomes import spc, stats
from shared_data import folder

ROOT = Path(__file__).resolve().parents[1]


def _library() -> Path:
    return Path(os.environ.get("ICS_R_LIBRARY", ROOT / "target" / "r-lib"))


@pytest.fixture(scope="module")
def r_outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of R's CSV files."""
    library = _library()
    reason = None
    if shutil.which("Rscript") is None:
        reason = "Rscript not found"
    elif not (library / "icsoutcomes").is_dir():
        reason = f"the R package is not installed in {library}"
    if reason is not None:
        if os.environ.get("ICS_REQUIRE_R") == "1":
            pytest.fail(f"{reason}, and ICS_REQUIRE_R=1", pytrace=False)
        pytest.skip(reason)
    vectors = folder("reference/pheindicatormethods")
    out = tmp_path_factory.mktemp("r")
    env = {**os.environ, "R_LIBS": str(library), "RUST_BACKTRACE": "0"}
    subprocess.run(
        ["Rscript", str(ROOT / "tests" / "r" / "cross_language.R"), str(out), str(vectors)],
        check=True,
        env=env,
        capture_output=True,
    )
    return out


def _r(outputs: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(outputs / f"{name}.csv", dtype=str, keep_default_na=False)


def _same(r_text: str, value: Any, where: str) -> None:
    """R's text of a value equals Python's value: missing both, decimals as decimals, floats
    bit for bit, anything else as text."""
    missing = value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA
    if r_text == "" or missing:
        assert r_text == "" and missing, f"{where}: R {r_text!r}, Python {value!r}"
    elif isinstance(value, Decimal):
        assert Decimal(r_text) == value, f"{where}: R {r_text}, Python {value}"
    elif isinstance(value, bool):
        assert r_text == str(value).upper(), f"{where}: R {r_text}, Python {value}"
    elif isinstance(value, (int, float)):
        assert float(r_text) == float(value), f"{where}: R {r_text}, Python {value!r}"
    else:
        assert r_text == str(value), f"{where}: R {r_text!r}, Python {value!r}"


def _compare(r: pd.DataFrame, python: pa.Table | pd.DataFrame, name: str) -> None:
    table = python if isinstance(python, pa.Table) else pa.Table.from_pandas(python, preserve_index=False)
    assert list(r.columns) == table.column_names, name
    assert len(r) == table.num_rows, name
    for column in table.column_names:
        for row, value in enumerate(table.column(column).to_pylist()):
            _same(r[column][row], value, f"{name}.{column}[{row}]")


def test_the_default_scorecard_is_the_same(r_outputs: Path) -> None:
    card = ico.score(ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations())
    _compare(_r(r_outputs, "scorecard"), pa.table(card), "scorecard")
    first = _r(r_outputs, "scorecard")["code"][0]
    _compare(_r(r_outputs, "explanation"), pa.table(card.explain(first)), "explanation")


def _vectors(name: str) -> pd.DataFrame:
    return pd.read_csv(folder("reference/pheindicatormethods") / "test_vectors" / name)


def test_the_statistics_are_the_same(r_outputs: Path) -> None:
    proportion = _vectors("proportion.csv")
    proportion = proportion[proportion["multiplier"] == 1][["Area", "Numerator", "Denominator"]]
    proportion = proportion.reset_index(drop=True)
    _compare(
        _r(r_outputs, "proportion"),
        stats.proportion(proportion, x="Numerator", n="Denominator", confidence=[0.95, 0.998]),
        "proportion",
    )
    _compare(
        _r(r_outputs, "proportion_grouped"),
        stats.proportion(proportion, x="Numerator", n="Denominator", group_by="Area"),
        "proportion_grouped",
    )
    rate = _vectors("rate.csv")
    rate = rate[rate["multiplier"] == 100][["Area", "Numerator", "Denominator"]].reset_index(drop=True)
    _compare(_r(r_outputs, "rate"), stats.rate(rate, x="Numerator", n="Denominator", multiplier=100), "rate")
    dsr = _vectors("dsr_input_multiarea.csv")
    python_dsr = stats.dsr(
        dsr, x="count", n="pop", stdpop="esp2013", group_by="area", multiplier=10000, confidence=[0.95, 0.998]
    )
    _compare(_r(r_outputs, "dsr"), python_dsr, "dsr")
    _compare(_r(r_outputs, "mean"), stats.mean(_vectors("mean_input.csv"), x="values", group_by="area"), "mean")
    with pytest.warns(stats.StatisticsWarning):
        life = stats.life_expectancy(
            _vectors("life_expectancy_grouped_with_warnings_input.csv"),
            deaths="deaths",
            population="pop",
            startage="startage",
            group_by="area",
            confidence=[0.95, 0.998],
        )
    _compare(_r(r_outputs, "life_expectancy"), life.reset_index(drop=True), "life_expectancy")
    isr = stats.isr_rate(
        _vectors("isr_input_multiarea.csv"), x="count", n="pop", x_ref="refcount", n_ref="refpop", group_by="area"
    )
    _compare(_r(r_outputs, "isr_rate"), isr, "isr_rate")


def test_the_errors_are_the_same(r_outputs: Path) -> None:
    """Each R condition class is the Python exception's, with the same path and value."""
    classes = _r(r_outputs, "error_classes")
    condition = dict(zip(classes["python"], classes["condition"], strict=True))
    assert sorted(condition) == sorted(name for name in ico.exceptions.__all__ if name != "IcsOutcomesError")
    r = _r(r_outputs, "errors").set_index("case")
    proportion = _vectors("proportion.csv")
    quarters = pd.DataFrame(
        {
            "quarter": ["2025/26 Q3", "2025/26 Q1", "2025/26 Q4", "2025/26 Q2", "2026/27 Q5"],
            "waits": [31.0, 30.0, 35.0, 28.0, 40.0],
        }
    )
    unknown = {"area_code": ["E54999999"], "metric_id": ["ae_4h"], "period": ["2026/27 Q1"], "value": ["1"]}
    national, locals_ = ico.default_national_framework(), ico.default_local_frameworks()
    cases = {
        "unknown_area": lambda: ico.score(national, locals_, unknown),
        "bad_confidence": lambda: stats.proportion(proportion, x="Numerator", n="Denominator", confidence=0.5),
        "bad_quarter": lambda: spc.chart(quarters, chart="xmr", value="waits", date="quarter"),
    }
    for case, call in cases.items():
        with pytest.raises(ico.exceptions.IcsOutcomesError) as raised:
            call()
        error = raised.value
        assert r.loc[case, "class"] == condition[type(error).__name__], case
        assert (r.loc[case, "path"], r.loc[case, "value"]) == (error.path, error.value), case


def test_the_charts_are_the_same(r_outputs: Path) -> None:
    series = _r(r_outputs, "series").astype({"month": int, "readmitted": float, "discharged": float})
    xmr = spc.xmr(series, value="readmitted", date="month", group_by="ward", improvement="decrease")
    _compare(_r(r_outputs, "xmr"), xmr.reset_index(drop=True), "xmr")
    p_prime = spc.chart(
        series,
        chart="p_prime",
        value="readmitted",
        denominator="discharged",
        date="month",
        group_by="ward",
        improvement="decrease",
    )
    _compare(_r(r_outputs, "p_prime"), p_prime.reset_index(drop=True), "p_prime")
    quarters = pd.DataFrame(
        {
            "quarter": ["2025/26 Q3", "2025/26 Q1", "2025/26 Q4", "2025/26 Q2", "2026/27 Q1"],
            "waits": [31.0, 30.0, 35.0, 28.0, 40.0],
        }
    )
    run = spc.chart(quarters, chart="run", value="waits", date="quarter")
    _compare(_r(r_outputs, "quarters"), run.reset_index(drop=True), "quarters")
