"""Every error path raises a typed exception naming the field and value; none panics."""

from __future__ import annotations

import pickle
from decimal import Decimal
from pathlib import Path

import ics_outcomes as ico
import pandas as pd
import pyarrow as pa
import pytest
from ics_outcomes import exceptions, maturity, prevention
from ics_outcomes.exceptions import (
    ArgumentError,
    DataError,
    FileError,
    IcsOutcomesError,
    LimitError,
    NotFoundError,
    ValidationError,
)

ROW = {"area_code": ["QOP"], "metric_id": ["ae_4h"], "period": ["2025/26 Q4"], "value": ["70"]}


def eleven_priorities() -> str:
    text = (
        'kind = "national"\nid = "x"\nname = "x"\nversion = "1"\n'
        '[[metrics]]\nid = "m"\nname = "m"\nunit = "percentage"\npolarity = "higher_is_better"\ndecimals = 1\n'
    )
    for i in range(11):
        text += (
            f'[[priorities]]\nid = "p{i}"\ntitle = "p"\n'
            f'[[priorities.targets]]\nid = "t{i}"\nmetric = "m"\ntype = "threshold"\nvalue = "1"\n'
        )
    return text


def test_eleven_national_priorities_raise_a_validation_error_naming_the_field():
    with pytest.raises(ValidationError) as raised:
        ico.parse_framework(eleven_priorities())
    err = raised.value
    assert (err.path, err.value, err.source, err.kind) == ("priorities", "11", "<text>", "too_many_national_priorities")
    assert "the limit is 10" in err.issues[0]["message"]
    assert err.issues[0]["kind"] == "too_many_national_priorities" and err.data is None
    assert isinstance(err, IcsOutcomesError)


def test_malformed_files_raise_file_errors_naming_the_field(tmp_path):
    with pytest.raises(FileError) as raised:
        ico.parse_framework(
            'kind = "national"\nid = "x"\nname = "x"\nversion = "1"\nmetrics = "oops"\npriorities = []\n'
        )
    assert "metrics" in str(raised.value)
    with pytest.raises(FileError) as raised:
        ico.load_framework(tmp_path / "missing.toml")
    assert raised.value.source.endswith("missing.toml")
    with pytest.raises(FileError):
        ico.parse_framework("{not json\n", format="json")


def test_bad_values_in_constructors_name_the_argument():
    cases = [
        (lambda: ico.Metric("m", "M", "furlongs", "higher_is_better", 1), "Metric.unit"),
        (lambda: ico.Metric("m", "M", "percentage", "up", 1), "Metric.polarity"),
        (lambda: ico.Target("t", "m", "wish"), "Target.type"),
        (lambda: ico.Target("t", "m", "improvement", baseline_period="2025/27"), "Target.baseline_period"),
        (lambda: ico.Priority("p", "P", [], purposes=["wealth"]), "Priority.purposes[0]"),
    ]
    for make, path in cases:
        with pytest.raises(ArgumentError) as raised:
            make()
        assert (raised.value.path, raised.value.kind) == (path, "invalid_argument")


def test_framework_rules_raise_with_every_issue():
    metric = ico.Metric("m", "M", "percentage", "higher_is_better", 1)
    bad = ico.Target("t", "nope", "threshold", value="1")
    dup = ico.Priority("p", "P", [ico.Target("u", "m", "threshold")])
    with pytest.raises(ValidationError) as raised:
        ico.NationalFramework("n", "N", "1", [metric], [ico.Priority("p", "P", [bad]), dup])
    paths = [i["path"] for i in raised.value.issues]
    assert paths == ["priorities[0].targets[0].metric", "priorities[1].id", "priorities[1].targets[0].value"]


def test_a_local_framework_for_an_unknown_ics_is_refused(national):
    with pytest.raises(ValidationError) as raised:
        ico.LocalFramework("QZZ", "Nowhere", national)
    assert (raised.value.path, raised.value.value) == ("area", "QZZ")


@pytest.mark.parametrize(
    ("column", "value", "path"),
    [
        ("area_code", "QZZ", "row 1.area_code"),
        ("metric_id", "nope", "row 1.metric_id"),
        ("value", "NaN", "row 1.value"),
        ("value", float("nan"), "row 1.value"),
        ("value", float("inf"), "row 1.value"),
        ("value", "seventy", "row 1.value"),
        ("period", "2025/26 Q5", "row 1.period"),
    ],
)
def test_bad_observations_raise_data_errors_naming_row_and_field(national, column, value, path):
    data = dict(ROW) | {column: [value]}
    with pytest.raises(DataError) as raised:
        ico.score(national, [], data)
    assert raised.value.path == path


def test_negative_denominators_and_duplicates_are_data_errors(national):
    data = dict(ROW) | {"numerator": ["1"], "denominator": ["-5"]}
    with pytest.raises(DataError) as raised:
        ico.score(national, [], data)
    assert raised.value.path == "row 1.denominator"
    frame = pd.DataFrame({k: v * 2 for k, v in ROW.items()})
    with pytest.raises(DataError) as raised:
        ico.score(national, [], frame)
    assert "duplicate row" in raised.value.issues[0]["problem"]


def test_missing_and_unknown_columns_are_file_errors(national):
    with pytest.raises(FileError, match="missing column"):
        ico.score(national, [], {"area_code": ["QOP"]})
    with pytest.raises(FileError, match="unknown column"):
        ico.score(national, [], dict(ROW) | {"comment": ["x"]})
    with pytest.raises(FileError, match="missing column"):
        ico.score(national, [], pd.DataFrame())


def test_wrong_argument_types_raise_type_errors(national):
    with pytest.raises(TypeError):
        ico.score(national, [], 42)
    with pytest.raises(TypeError):
        ico.score(national, [], dict(ROW) | {"value": [True]})
    with pytest.raises(TypeError):
        ico.score(national, [], dict(ROW) | {"value": "70"})
    with pytest.raises(TypeError):
        ico.score(national, "locals", ROW)


def test_columns_of_mismatched_length_are_data_errors_naming_the_column(national):
    # Was a bare ValueError (#10).
    with pytest.raises(DataError, match="earlier columns") as raised:
        ico.score(national, [], dict(ROW) | {"period": ["2025/26 Q4", "2025/26 Q3"]})
    assert (raised.value.path, raised.value.value) == ("period", "2")


def test_unknown_ics_period_and_options_are_reported(card, national, locals_, observations):
    with pytest.raises(NotFoundError) as raised:
        card.explain("QZZ")
    assert (raised.value.path, raised.value.value) == ("area", "QZZ")
    with pytest.raises(NotFoundError, match="the data cover"):
        ico.score(national, locals_, observations, period="2030/31 Q1")
    with pytest.raises(ArgumentError):
        ico.score(national, locals_, observations, period="soon")
    with pytest.raises(ArgumentError):
        ico.score(national, locals_, observations, weighting="by_vibes")
    with pytest.raises(ArgumentError):
        ico.score(national, locals_, observations, missing="ignore")
    with pytest.raises(ArgumentError) as raised:
        ico.score(national, locals_, observations, weighting={"elective": 1.5})
    assert raised.value.path == "weighting.elective"
    with pytest.raises(ValidationError) as raised:
        ico.score(national, locals_, observations, weighting={"elective": "1"})
    assert any(i["path"] == "weighting.explicit.finance" for i in raised.value.issues)


def test_exceptions_pickle_with_their_details():
    with pytest.raises(ValidationError) as raised:
        ico.parse_framework(eleven_priorities())
    again = pickle.loads(pickle.dumps(raised.value))
    assert type(again) is ValidationError
    assert (again.path, again.value, again.issues) == (raised.value.path, raised.value.value, raised.value.issues)
    assert str(again) == str(raised.value)
    assert ValidationError.__module__ == "ics_outcomes.exceptions"


def test_hostile_nesting_raises_a_limit_error_naming_the_limit(tmp_path):
    deep = 'kind = "national"\nx = ' + "[" * 10_000 + "]" * 10_000 + "\n"
    with pytest.raises(LimitError) as raised:
        ico.parse_framework(deep)
    assert raised.value.path == "max_depth"
    assert raised.value.value == "32"
    assert "line 2" in str(raised.value)
    assert isinstance(raised.value, IcsOutcomesError)
    assert pickle.loads(pickle.dumps(raised.value)).path == "max_depth"


def test_a_csv_line_without_end_raises_a_limit_error(tmp_path):
    path = tmp_path / "endless.csv"
    path.write_text("area_code,metric_id,period,value\nQOP,ae_4h,2025/26 Q4," + "9" * (2 << 20) + "\n")
    with pytest.raises(LimitError) as raised:
        ico.load_observations(path)
    assert raised.value.path == "max_line_bytes"
    assert raised.value.source == str(path)


@pytest.mark.parametrize("text", ["Août 2025", "Junk 2025", "Decimal-25", "0001-01", " 2025/26", "Q+1 2025/26"])
def test_text_that_is_no_period_is_a_typed_error_everywhere(national, locals_, observations, text):
    """Hostile-input findings D3, D9 and D17: refused, never a panic nor a guessed month."""
    with pytest.raises(ArgumentError) as raised:
        ico.Target("t", "m", "improvement", baseline_period=text)
    assert raised.value.path == "Target.baseline_period"
    with pytest.raises(ArgumentError):
        ico.score(national, locals_, observations, period=text)
    with pytest.raises(DataError) as raised:
        ico.score(national, [], dict(ROW) | {"period": [text]})
    assert (raised.value.path, raised.value.value) == ("row 1.period", text)
    with pytest.raises(IcsOutcomesError):
        prevention.prevention_shares(baseline=text)
    with pytest.raises(IcsOutcomesError):
        maturity.default_assessments(year=text)


def test_numbers_past_the_magnitude_bound_are_data_errors_not_panics(national, locals_):
    """Hostile-input finding D4: values that would overflow exact arithmetic are refused."""
    huge = {"area_code": ["QOP"], "metric_id": ["ld_inpatients"], "period": ["2024/25 Q4"], "value": ["1e28"]}
    with pytest.raises(DataError) as raised:
        ico.score(national, locals_, huge)
    assert (raised.value.path, raised.value.value) == ("row 1.value", "10000000000000000000000000000")
    assert "larger in magnitude than 100000000000000" in str(raised.value)
    budgets = prevention.default_budgets()
    budgets.loc[[0, 1], "amount"] = Decimal("79228162514264337593543950335")
    with pytest.raises(DataError) as raised:
        prevention.prevention_shares(budgets)
    assert [issue["path"] for issue in raised.value.issues] == ["lines[0].amount", "lines[1].amount"]


@pytest.mark.parametrize("text", ["78_0", " 78", "78.00000000000000000000000000001", "1,000"])
def test_decimal_arguments_are_read_exactly_by_the_core_grammar(text):
    """Hostile-input findings D5, D15 and D25: the same text is refused from Python as from files."""
    with pytest.raises(ArgumentError) as raised:
        ico.Target("t", "m", "threshold", value=text)
    assert (raised.value.path, raised.value.value) == ("Target.value", text)


def test_a_value_that_would_be_rounded_is_a_data_error(national):
    """Hostile-input finding D5: 77.9499…9 (38 nines) is not rounded to 77.95 and met."""
    value = Decimal("77.94" + "9" * 38)
    wide = pa.table(
        {k: v for k, v in ROW.items()} | {"value": pa.array([Decimal("77.94" + "9" * 28)], pa.decimal256(60, 30))}
    )
    for frame in [pd.DataFrame(ROW | {"value": [value]}), pd.DataFrame(ROW | {"value": [str(value)]}), wide]:
        with pytest.raises(DataError) as raised:
            ico.score(national, [], frame)
        assert raised.value.path == "row 1.value"


def test_a_repeated_column_is_refused_not_half_read(national, locals_, observations):
    """Hostile-input finding D10: a second ``value`` column was silently dropped."""
    table = observations.to_arrow()
    doubled = table.append_column("value", pa.array([0.0] * table.num_rows))
    with pytest.raises(FileError, match="repeated column"):
        ico.score(national, locals_, doubled)


def test_a_value_its_counts_contradict_is_a_data_error(national):
    """Hostile-input finding D8: published 99 % from 164119 of 214348 (76.6 %)."""
    rows = ROW | {"value": ["99.0"], "numerator": ["164119"], "denominator": ["214348"]}
    with pytest.raises(DataError, match="contradicts its numerator and denominator") as raised:
        ico.score(national, [], rows)
    assert raised.value.path == "row 1.value"


def test_the_readme_error_table_names_every_exception_class():
    """The Rust test checks the table against the core's `ErrorClass`; this one the classes."""
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- error-table -->")[1].split("<!-- /error-table -->")[0]
    names = [line.split("|")[2].strip().strip("`") for line in table.splitlines() if line.startswith("| `")]
    assert sorted([*names, "IcsOutcomesError"]) == sorted(exceptions.__all__)
    assert all(issubclass(getattr(exceptions, name), IcsOutcomesError) for name in names)


def test_a_data_error_names_its_data_and_every_issue_its_kind(national, locals_):
    budgets = prevention.default_budgets()
    budgets.loc[0, "amount"] = Decimal("79228162514264337593543950335")
    with pytest.raises(DataError) as raised:
        prevention.prevention_shares(budgets)
    assert raised.value.data == "budget_lines" and str(raised.value).startswith("unusable budget lines in")
    assert raised.value.issues[0]["kind"] == raised.value.kind == "too_large"
    with pytest.raises(DataError) as raised:
        ico.score(
            national, locals_, {"area_code": ["QNQ"], "metric_id": ["ae_4h"], "period": ["2026/27 Q1"], "value": ["1"]}
        )
    assert (raised.value.data, raised.value.kind, raised.value.path) == (
        "observations",
        "other_vintage",
        "row 1.area_code",
    )
    with pytest.raises(NotFoundError) as raised:
        ico.default_observations().to_pandas().pipe(lambda _: ico.score(national, locals_, _, period="2030/31 Q1"))
    assert raised.value.kind == "not_found" and raised.value.issues[0]["path"] == "period"
