"""The integrated performance report: the summary as a workbook, the page in a real browser,
and both from Python.

The browser test drives Debian's headless Chromium (``/usr/bin/chromium``, which ``.ci/run``
installs) through Playwright: it fails on any console error, page error or request for
anything but the page itself, takes a screenshot, and checks every chart and number against
the command line's CSV. Without a Chromium it is skipped, unless ``ICS_REQUIRE_BROWSER=1``
(as CI sets), when it fails.
"""

from __future__ import annotations

import csv
import io
import subprocess
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import ics_outcomes as ico
import pytest
from browser_pages import open_page
from ics_outcomes import _core, spc

KINDS: dict[str, list[tuple[str, str]]] = dict(_core.table_kinds())


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_the_summary_workbook_reads_back_as_the_csv(cli: Callable[..., str], tmp_path: Path) -> None:
    """Every cell of ``summary --format xlsx`` has the CSV's value and a type of its own:
    decimals the nearest double (Excel holds no more), counts whole numbers, flags booleans,
    text as text, missing values empty."""
    openpyxl = pytest.importorskip("openpyxl")
    rows = _csv(cli("summary", "--format", "csv"))
    path = tmp_path / "summary.xlsx"
    cli("summary", "--format", "xlsx", "--out", str(path))
    sheet = openpyxl.load_workbook(path, read_only=True)["summary"]
    cells = list(sheet.iter_rows(values_only=True))
    types = dict(KINDS["icon_summary"])
    assert list(cells[0]) == [name for name, _ in KINDS["icon_summary"]]
    assert len(cells) - 1 == len(rows) > 500
    checked = {kind: 0 for kind in set(types.values())}
    for expected, got in zip(rows, cells[1:], strict=True):
        for name, value in zip(cells[0], got, strict=True):
            text = expected[str(name)]
            kind = types[str(name)]
            if text == "":
                assert value is None, (name, value)
                continue
            checked[kind] += 1
            if kind == "decimal":
                assert isinstance(value, float | int) and not isinstance(value, bool), (name, value)
                assert value == float(Decimal(text)), (name, text, value)
            elif kind == "count":
                assert isinstance(value, int) and not isinstance(value, bool), (name, value)
                assert value == int(text)
            elif kind == "flag":
                assert value is {"true": True, "false": False}[text], (name, value)
            else:
                assert value == text, (name, value)
    assert all(checked.values()), checked


def test_xlsx_is_refused_where_nothing_writes_a_workbook(cli: Callable[..., str]) -> None:
    with pytest.raises(subprocess.CalledProcessError) as raised:
        cli("score", "--format", "xlsx")
    assert "format = xlsx" in raised.value.stderr
    with pytest.raises(subprocess.CalledProcessError) as raised:
        cli("summary", "--format", "xlsx")
    assert "--out" in raised.value.stderr


def test_the_report_opens_in_chromium_with_every_chart_and_the_cards_numbers(
    browser: Any, cli: Callable[..., str], tmp_path: Path
) -> None:
    out = tmp_path / "qop.html"
    cli("report", "QOP", "--out", str(out))
    page, problems = open_page(browser, out)
    page.screenshot(path=str(tmp_path / "qop.png"), full_page=True)
    assert problems == []
    shot = (tmp_path / "qop.png").read_bytes()
    assert shot[:8] == b"\x89PNG\r\n\x1a\n" and len(shot) > 50_000
    # Every target has its chart, drawn (a box of real size) with a text alternative.
    explained = _csv(cli("explain", "QOP", "--format", "csv"))
    for row in explained:
        figure = page.locator(f'figure.target-chart[data-target="{row["target"]}"]')
        assert figure.count() == 1, row["target"]
        if row["spc_points"]:
            chart = figure.locator("svg.spc-chart")
            box = chart.bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 100, row["target"]
            assert "values from" in (chart.locator("desc").text_content() or "")
            assert figure.locator("figcaption").inner_text() == chart.locator("desc").text_content()
            assert figure.locator("circle.point, rect.point, polygon.point").count() == int(row["spc_points"])
    # The headline is the league table's row, every digit and as shown.
    league = {r["ods"]: r for r in _csv(cli("score", "--format", "csv"))}["QOP"]
    for column in ("rank", "overall", "national", "local", "targets_met"):
        cell = page.locator(f'#headline [data-column="{column}"]')
        assert _same(cell.get_attribute("data-value"), league[column]), column
        shown = cell.inner_text().split()[0].lstrip("=")
        assert shown == ("\u2013" if not league[column] else _reading(league[column])), column
    # The explanation is the explanation's CSV, row by row, and it adds up to the score.
    for row in explained:
        tr = page.locator(f'#explanation tr[data-target="{row["target"]}"]')
        for column in ("published", "required", "attainment", "score", "contribution"):
            cell = tr.locator(f'[data-column="{column}"]')
            assert _same(cell.get_attribute("data-value"), row[column]), (row["target"], column)
            if row[column] and column != "attainment":
                assert cell.inner_text() == _reading(row[column]), (row["target"], column)
    total = sum(Decimal(r["contribution"]) for r in explained if r["contribution"])
    assert total == Decimal(league["overall"])
    # The icons shown are the summary's.
    summary = {r["target"]: r for r in _csv(cli("summary", "--format", "csv")) if r["ods"] == "QOP"}
    for target, row in summary.items():
        tr = page.locator(f'#icons tr[data-target="{target}"]')
        assert tr.locator('[data-column="variation"]').get_attribute("data-value") == row["variation"]
        assert tr.locator('[data-column="assurance"]').get_attribute("data-value") == row["assurance"]
    page.close()


def test_the_browser_check_catches_an_external_reference(browser: Any, cli: Callable[..., str], tmp_path: Path) -> None:
    """The harness above is not blind: a page that fetches an image fails it."""
    out = tmp_path / "qop.html"
    cli("report", "QOP", "--out", str(out))
    out.write_text(out.read_text().replace("</body>", '<img src="https://example.org/logo.png" alt=""></body>'))
    page, problems = open_page(browser, out)
    page.screenshot(path=str(tmp_path / "bad.png"), full_page=True)
    assert any("Content Security Policy" in p or "example.org" in p for p in problems), problems
    page.close()


def _same(attribute: str | None, csv_text: str) -> bool:
    if not csv_text:
        return not attribute
    try:
        return Decimal(attribute or "nan") == Decimal(csv_text)
    except ArithmeticError:
        return attribute == csv_text


def _reading(text: str) -> str:
    """A number as reading views show it: 4 places, trailing zeros dropped (half to even)."""
    value = Decimal(text).quantize(Decimal("0.0001")) if "." in text else Decimal(text)
    shown = format(value.normalize(), "f")
    return "0" if shown in ("-0", "0") else shown


def test_every_ics_report_and_an_index(cli: Callable[..., str], tmp_path: Path) -> None:
    out = tmp_path / "reports"
    books = tmp_path / "books"
    cli("report", "--all", "--out", str(out), "--xlsx", str(books))
    pages = sorted(p.name for p in out.glob("*.html"))
    assert len(pages) == 37 and "index.html" in pages
    assert len(list(books.glob("*.xlsx"))) == 36
    index = (out / "index.html").read_text()
    assert all(f'href="{name}"' in index for name in pages if name != "index.html")


def test_a_report_from_python_saves_and_shows_inline(card: ico.Scorecard, tmp_path: Path) -> None:
    report = card.report("QOP", replications=0)
    assert isinstance(report, ico.Report) and report.code == "E54000057"
    explained = card.explain("QOP")
    assert report.html.count('class="target-chart"') == len(explained)
    frame = report._repr_html_()
    assert frame.startswith("<iframe") and "srcdoc=" in frame and "<svg" not in frame
    report.save(tmp_path / "qop.html")
    assert (tmp_path / "qop.html").read_text() == report.html
    report.save(tmp_path / "qop.xlsx")
    openpyxl = pytest.importorskip("openpyxl")
    assert openpyxl.load_workbook(tmp_path / "qop.xlsx").sheetnames == ["summary", "explanation"]
    with pytest.raises(ico.exceptions.ArgumentError) as raised:
        report.save(tmp_path / "qop.pdf")
    assert raised.value.path == "path"
    assert set(report.tables) == {"summary", "explanation"}
    assert report.tables["explanation"].kind == "explanation"
    # The period before gives the change; oversight adds the segment.
    previous = ico.score(
        ico.default_national_framework(),
        ico.default_local_frameworks(),
        ico.default_observations(),
        period="2026/27 Q3",
    )
    fuller = card.report("QOP", previous=previous, replications=50)
    assert "Change since 2026/27 Q3" in fuller.html and "Rank's 90% interval" in fuller.html


def test_suppression_applies_to_the_report(card: ico.Scorecard) -> None:
    shown = card.report("QOP", suppress=7, replications=0)
    assert 'id="disclosure"' in shown.html
    with pytest.raises(ico.exceptions.ArgumentError):
        card.report("QOP", suppress=-1)
    with pytest.raises(ico.exceptions.NotFoundError):
        card.report("QXX")


def test_the_card_summary_lists_the_latest_values(card: ico.Scorecard) -> None:
    summary = card.summary()
    assert summary.kind == "icon_summary"
    rows = summary.rows()
    assert len(rows) == sum(len(card.explain(r["code"])) for r in card.rows())
    first = rows[0]
    assert isinstance(first["recent"], list) and all(isinstance(v, Decimal) for v in first["recent"])
    assert first["recent"][-1] == first["value"]
    frame = summary.to_polars()
    assert str(frame.schema["recent"]).startswith("List(Decimal")


def test_spc_summary_of_a_frame_with_a_trajectory() -> None:
    pd = pytest.importorskip("pandas")
    months = pd.period_range("2024-04", periods=14, freq="M").to_timestamp()
    zigzag = [10.0, 12.0] * 7
    frame = pd.DataFrame(
        {
            "area": ["north"] * 14 + ["south"] * 14,
            "month": list(months) * 2,
            "pct": zigzag + [v + 40 for v in zigzag],
            "plan": [10.0 + i for i in range(14)] + [40.0] * 14,
        }
    )
    out = spc.summary(frame, value="pct", date="month", group_by="area", target=12, trajectory="plan")
    assert list(out["area"]) == ["north", "south"]
    assert list(out["date"]) == ["2025-05-01"] * 2
    assert list(out["trajectory_assurance"]) == ["consistent_fail", "consistent_pass"]
    assert list(out["assurance"]) == ["inconsistent", "consistent_pass"]
    assert out["process_upl"].iloc[0] == Decimal("16.32")
    assert list(out["recent"].iloc[0]) == [Decimal(v) for v in ("10", "12", "10", "12", "10", "12")]
    polars = pytest.importorskip("polars")
    again = spc.summary(polars.from_pandas(frame), value="pct", date="month", group_by="area", trajectory="plan")
    assert again["trajectory_assurance"].to_list() == ["consistent_fail", "consistent_pass"]
    one = spc.summary(frame[frame.area == "north"], value="pct", date="month")
    assert len(one) == 1 and "area" not in one.columns


def test_matplotlib_and_the_report_draw_with_the_cores_style(card: ico.Scorecard) -> None:
    """One definition of colours, shapes and icon badges: the report's SVG and the
    matplotlib charts both take them from the core."""
    from ics_outcomes import plot

    style = _core.chart_style()
    html = card.report("QOP", replications=0).html
    drawn = 0
    for point, (colour, _shape, _words) in style["points"].items():
        if f'class="point {point}"' in html:
            drawn += 1
            assert f'class="point {point}" fill="{colour}"' in html, point
    assert drawn >= 2
    assert plot._POINTS["special_cause_concern"][0] == style["points"]["special_cause_concern"][0]
    assert plot._VARIATION == {k: tuple(v) for k, v in style["variation"].items()}
    assert plot.NHS_COLOURS == style["colours"]
