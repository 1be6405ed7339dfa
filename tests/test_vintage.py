"""Geography vintages through the built extension: history carried onto the 36 ICBs of 2026."""

from __future__ import annotations

from decimal import Decimal

import ics_outcomes as ico
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from ics_outcomes.exceptions import ArgumentError, DataError, FileError

ROWS = pd.DataFrame(
    {
        "area_code": ["QRV", "E54000028", "QNQ", "QOP"],
        "metric_id": ["ae_4h"] * 4,
        "period": ["2025/26 Q4"] * 4,
        "value": [None, None, None, 75.5],
        "numerator": [70, 80, 5, None],
        "denominator": [100, 100, 10, None],
    }
)
SHARES = pd.DataFrame(
    {"from_code": ["QNQ"] * 3, "to_code": ["E54000067", "E54000069", "S0E4D"], "share": ["0.2", "0.5", "0.3"]}
)


def test_mergers_sum_splits_are_shared_and_every_kind_comes_back() -> None:
    for kind in (ROWS, pl.from_pandas(ROWS), pa.Table.from_pandas(ROWS, preserve_index=False)):
        out = ico.reproject(kind, "2026-04", apportionment=SHARES)
        assert type(out) is type(kind)
    out = ico.reproject(ROWS, "2026-04", apportionment=SHARES).set_index("area_code")
    assert list(out.columns) == [
        "metric_id",
        "period",
        "value",
        "numerator",
        "denominator",
        "reprojected_from",
        "method",
    ]
    wnl = out.loc["E54000071"]
    assert (wnl["value"], wnl["numerator"], wnl["reprojected_from"], wnl["method"]) == (
        Decimal(75),
        Decimal(150),
        "E54000027 + E54000028",
        "merged",
    )
    assert out.loc["E54000057", "value"] == Decimal("75.5") and out.loc["E54000057", "method"] == "unchanged"
    frimley = out[out["reprojected_from"] == "E54000034"]
    assert sum(frimley["numerator"]) == 5 and set(frimley["method"]) == {"apportioned"}


def test_float_columns_read_as_their_text_would_as_loading_reads_them() -> None:
    text = ROWS.astype({"value": object, "numerator": object, "denominator": object})
    text[["value", "numerator", "denominator"]] = [
        [None, "70", "100"],
        [None, "80", "100"],
        [None, "5", "10"],
        ["75.5", None, None],
    ]
    floats = ROWS.astype({"numerator": float, "denominator": float})
    from_text = ico.reproject(text, "2026-04", apportionment=SHARES)
    from_floats = ico.reproject(floats, "2026-04", apportionment=SHARES)

    def as_text(frame: pd.DataFrame) -> pd.DataFrame:
        """Each cell as it prints: `70` and `70.0` are equal decimals but not the same text."""
        return frame.map(lambda v: None if v is None or v != v else str(v))

    assert as_text(from_floats).equals(as_text(from_text))
    with pytest.raises(DataError, match=r"row 4\.value"):
        ico.reproject(
            pa.table({**{c: pa.array(ROWS[c]) for c in ROWS.columns}, "value": [1.0, 2.0, 3.0, float("nan")]}),
            "2026-04",
            apportionment=SHARES,
        )


def test_a_split_without_shares_and_bad_shares_are_typed_errors() -> None:
    with pytest.raises(DataError, match=r"E54000034 \(Frimley\) was split between"):
        ico.reproject(ROWS, "2026-04")
    with pytest.raises(DataError) as raised:
        ico.reproject(ROWS, "2026-04", apportionment=SHARES.assign(share=["0.2", "0.5", "0.4"]))
    assert "not exactly 1" in str(raised.value)
    with pytest.raises(ArgumentError):
        ico.reproject(ROWS, "2025-04", apportionment=SHARES)
    with pytest.raises(FileError):
        ico.reproject(ROWS, "2026-04", apportionment="no/such/file.csv")
    with pytest.raises(ArgumentError):
        ico.reproject(ROWS.drop(columns=["period"]), "2026-04")


def test_small_areas_roll_up_through_a_lookup_frame_or_file(tmp_path) -> None:
    small = pd.DataFrame(
        {
            "area_code": ["E01000001", "E01000002", "E01000003"],
            "metric_id": ["ae_4h"] * 3,
            "period": ["2025/26 Q4"] * 3,
            "numerator": [3, 2, 4],
            "denominator": [6, 4, 8],
        }
    )
    lookup = pd.DataFrame(
        {
            "LSOA21CD": ["E01000001", "E01000002", "E01000003"],
            "LSOA21NM": ["Surrey Heath, 001A", "Bracknell 001A", "Bracknell 002A"],
            "ICB26CD": ["E54000069", "E54000070", "E54000070"],
        }
    )
    path = tmp_path / "lookup.csv"
    lookup.to_csv(path, index=False)
    for given in (lookup, pl.from_pandas(lookup), path, str(path)):
        out = ico.reproject(small, "2026-04", lookup=given).set_index("area_code")
        assert out.loc["E54000070", "numerator"] == Decimal(6) and out.loc["E54000070", "denominator"] == Decimal(12)
        assert set(out["method"]) == {"rolled_up"}
    with pytest.raises(DataError, match="lies in two ICBs"):
        ico.reproject(small, "2026-04", lookup=lookup.assign(LSOA21CD=["E01000001", "E01000001", "E01000003"]))
    with pytest.raises(FileError, match="no ICB column"):
        ico.reproject(small, "2026-04", lookup=lookup.drop(columns=["ICB26CD"]))


def test_apportionment_frames_are_read_by_column_name() -> None:
    reordered = SHARES[["share", "to_code", "from_code"]].assign(note=["a, b", "c", "d"])
    expected = ico.reproject(ROWS, "2026-04", apportionment=SHARES)
    assert ico.reproject(ROWS, "2026-04", apportionment=reordered).equals(expected)
    with pytest.raises(FileError, match="the columns are from_code, to_code and share"):
        ico.reproject(ROWS, "2026-04", apportionment=SHARES.rename(columns={"share": "fraction"}))


def test_codes_can_be_read_in_one_vintage() -> None:
    rows = ROWS.iloc[:2].assign(area_code=["E54000027", "E54000028"])
    assert ico.reproject(rows, "2026-04", from_="2023-04")["area_code"].tolist() == ["E54000071"]
    with pytest.raises(DataError, match="not an ICB of the 2026-04 geography"):
        ico.reproject(rows, "2026-04", from_="2026-04")


WAVE_2027 = """vintage = "2027-04"

[[icbs]]
code = "E54000080"
ods = "QZA"
name = "East Anglia and Essex"
region = "Y61"

[[successions]]
from = "S1Y5D"
to = "E54000080"
change = "merger"

[[successions]]
from = "E54000066"
to = "E54000080"
change = "merger"
"""


def test_a_reorganisation_file_adds_a_vintage_everywhere(tmp_path) -> None:
    path = tmp_path / "wave-2027.toml"
    path.write_text(WAVE_2027)
    embedded = ico.Vintages()
    later = embedded.with_reorganisation(path)
    assert later == embedded.with_reorganisation(WAVE_2027) and later != embedded
    assert (embedded.names, later.names[-1], later.latest) == (["2022-07", "2023-04", "2026-04"], "2027-04", "2027-04")
    assert later.vintage_of("2027/28 Q1") == "2027-04" and embedded.vintage_of("2027/28 Q1") == "2026-04"
    assert repr(later) == "Vintages(['2022-07', '2023-04', '2026-04', '2027-04'])"
    icbs = ico.geography("2027-04", vintages=later)
    assert len(icbs) == 35 and icbs.set_index("ods").loc["QZA", "first_vintage"] == "2027-04"
    assert len(ico.systems("2027-04", vintages=later)) == 35
    merged = ico.successions(later).query("vintage == '2027-04'")
    assert sorted(merged["from"]) == ["E54000065", "E54000066"] and set(merged["change"]) == {"merger"}
    rows = pd.DataFrame(
        {
            "area_code": ["S1Y5D", "D7T5G"],
            "metric_id": ["ae_4h"] * 2,
            "period": ["2026/27 Q2"] * 2,
            "numerator": [60, 30],
            "denominator": [100, 50],
        }
    )
    out = ico.reproject(rows, "2027-04", vintages=later)
    assert out[["area_code", "numerator", "method"]].values.tolist() == [["E54000080", Decimal(90), "merged"]]
    with pytest.raises(ArgumentError, match="the vintages are 2022-07, 2023-04, 2026-04"):
        ico.reproject(rows, "2027-04")
    # The embedded observations use 2026 codes: scoring them in 2027-04 names where Essex went.
    with pytest.raises(DataError, match=r"was abolished on 2027-04-01; its area went to E54000080"):
        ico.score(
            ico.default_national_framework(),
            [],
            ico.default_observations().to_pandas(),
            vintage="2027-04",
            vintages=later,
        )


def test_a_bad_reorganisation_file_names_the_field() -> None:
    with pytest.raises(DataError) as raised:
        ico.Vintages().with_reorganisation(WAVE_2027.replace('region = "Y61"', 'region = "Y99"'))
    assert [(i["path"], i["value"]) for i in raised.value.issues] == [("icbs[0].region", "Y99")]
    with pytest.raises(FileError, match="successions"):
        ico.Vintages().with_reorganisation('vintage = "2027-04"\n')
    with pytest.raises(FileError):
        ico.Vintages().with_reorganisation("/nonexistent/wave.csv")
