"""Run records: every scorecard and rank-uncertainty table carries how it was made, through
pyarrow and Parquet, and ``ico.replay`` reproduces it bit for bit or names what changed."""

from __future__ import annotations

import io
import json
import pickle

import ics_outcomes as ico
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from ics_outcomes.exceptions import ArgumentError, DataError


@pytest.fixture(scope="module")
def inputs() -> tuple[ico.NationalFramework, list[ico.LocalFramework], ico.Observations]:
    return ico.default_national_framework(), ico.default_local_frameworks(), ico.default_observations()


def _parquet(table: pa.Table) -> pa.Table:
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    buffer.seek(0)
    return pq.read_table(buffer)


def test_a_scorecard_records_how_it_was_made_and_replays(inputs) -> None:
    card = ico.score(*inputs, weighting="equal_per_tier")
    record = card.record
    assert record["table"] == "scorecard" and record["library"].startswith("ics-outcomes ")
    assert record["settings"]["score"]["weighting"] == "equal_per_tier"
    assert record["inputs"][0]["name"] == "national"
    assert record["inputs"][-1]["name"] == "observations"
    assert all(i["digest"].startswith("sha256:") and len(i["digest"]) == 71 for i in record["inputs"])
    # The record rides in the Arrow schema, through Parquet, and replays from there.
    stored = _parquet(pa.table(card))
    assert json.loads(stored.schema.metadata[b"ics_outcomes.run"]) == record
    for source in (card, record, json.dumps(record), stored, stored.schema):
        replayed = ico.replay(source, *inputs)
        assert replayed.kind == "scorecard"
        assert replayed.to_arrow().equals(pa.table(card).cast(replayed.to_arrow().schema))


def test_league_tables_of_many_periods_are_each_period_s_scorecard_and_replay(inputs) -> None:
    periods = ico.default_observations().periods[-3:]
    tables = ico.league_tables(*inputs, periods=periods)
    assert tables.kind == "league_tables" and tables.columns == ["period", *pa.table(ico.score(*inputs)).column_names]
    expected = pa.concat_tables(
        [pa.table(ico.score(*inputs, period=p, spc=False)).add_column(0, "period", pa.array([p] * 36)) for p in periods]
    )
    got = tables.to_arrow()
    assert got.replace_schema_metadata(None).equals(expected.cast(got.schema).replace_schema_metadata(None))
    record = tables.record
    assert record is not None and record["table"] == "league_tables"
    assert record["settings"]["periods"] == periods and record["settings"]["score"]["period"] is None
    assert record["settings"]["score"]["spc"] is False, "a league table charts nothing"
    replayed = ico.replay(_parquet(got), *inputs)
    assert replayed.kind == "league_tables" and replayed.rows() == tables.rows()
    with pytest.raises(ico.exceptions.NotFoundError, match="2031/32 Q1"):
        ico.league_tables(*inputs, periods=[periods[0], "2031/32 Q1"])


def test_an_uncertainty_analysis_replays_with_its_seed(inputs) -> None:
    card = ico.score(*inputs)
    ranks = card.uncertainty(replications=60, seed=9)
    assert ranks.kind == "rank_uncertainty"
    record = json.loads(ranks.to_arrow().schema.metadata[b"ics_outcomes.run"])
    assert record == ranks.record
    assert record["table"] == "rank_uncertainty" and record["seed"] == 9
    assert record["settings"]["uncertainty"]["replications"] == 60
    replayed = ico.replay(_parquet(ranks.to_arrow()), *inputs)
    assert replayed.kind == "rank_uncertainty"
    assert replayed.rows() == ranks.rows()
    assert replayed.record == ranks.record
    again = pickle.loads(pickle.dumps(ranks))
    assert again.record == ranks.record and again.rows() == ranks.rows()
    assert card.targets().record is None


def test_a_changed_input_or_setting_is_named(inputs) -> None:
    national, locals_, observations = inputs
    card = ico.score(national, locals_, observations)
    frame = observations.to_pandas()
    row = frame.index[frame["numerator"].isna()][0]
    frame.loc[row, "value"] = frame.loc[row, "value"] + 1
    with pytest.raises(DataError) as raised:
        ico.replay(card, national, locals_, frame)
    assert raised.value.data == "run_record"
    assert [i["path"] for i in raised.value.issues] == ["inputs.observations"]
    with pytest.raises(DataError) as raised:
        ico.replay(card, national, locals_[1:], observations)
    assert raised.value.issues[0]["path"].startswith("inputs.local ")
    # A record whose settings were edited is re-run with them: the result is not the one
    # recorded.
    record = card.record
    record["settings"]["score"]["weighting"] = "equal_per_target"
    with pytest.raises(DataError) as raised:
        ico.replay(record, national, locals_, observations)
    assert [i["path"] for i in raised.value.issues] == ["result"]
    record = card.record
    record["result"] = "sha256:" + "0" * 64
    with pytest.raises(DataError, match="gave a different scorecard"):
        ico.replay(record, national, locals_, observations)


def test_what_is_not_a_record_is_refused(inputs) -> None:
    with pytest.raises(ArgumentError):
        ico.replay(pa.table({"x": [1]}), *inputs)
    with pytest.raises(DataError) as raised:
        ico.replay('{"table": "scorecard"}', *inputs)
    assert raised.value.data == "run_record"
