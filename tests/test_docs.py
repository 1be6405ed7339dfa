"""The documentation site as its readers get it: built by scripts/docs into site/, read from
the files with no server and no network. Every public Python name has a reference entry, and
the pages open in headless Chromium with no console error and no request for anything outside
the site. scripts/test builds the site first; without it these tests are skipped, unless
``ICS_REQUIRE_DOCS=1``."""

from __future__ import annotations

import importlib
import os
import re
import types
import zlib
from pathlib import Path
from typing import Any

import ics_outcomes
import pytest

SITE = Path(__file__).resolve().parents[1] / "site"


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        if os.environ.get("ICS_REQUIRE_DOCS") == "1":
            pytest.fail("ICS_REQUIRE_DOCS=1 but site/ is not built: run scripts/docs")
        pytest.skip("site/ is not built: run scripts/docs")
    return SITE


def _inventory(site: Path) -> dict[str, str]:
    """The site's object inventory (Sphinx's objects.inv format, which mkdocstrings writes):
    each documented name to its page."""
    header, _, _, _, body = (site / "objects.inv").read_bytes().split(b"\n", 4)
    assert header == b"# Sphinx inventory version 2"
    entries = {}
    for line in zlib.decompress(body).decode().splitlines():
        name, _domain, _priority, location = line.split(" ", 4)[:4]
        entries[name] = location
    return entries


def _public_names() -> list[str]:
    """Every name a user can import (the package's ``__all__`` and each public module's) and
    the public methods and properties of every class among them."""
    names = []
    for name in ics_outcomes.__all__:
        value = getattr(ics_outcomes, name)
        if isinstance(value, types.ModuleType):
            module = importlib.import_module(f"ics_outcomes.{name}")
            names += _with_members(module.__name__, module, getattr(module, "__all__", []))
        elif not name.startswith("__"):
            names += _with_members("ics_outcomes", ics_outcomes, [name])
    return names


def _with_members(prefix: str, module: types.ModuleType, members: list[str]) -> list[str]:
    names = []
    for member in members:
        names.append(f"{prefix}.{member}")
        value = getattr(module, member)
        if isinstance(value, type) and not issubclass(value, BaseException):
            names += [f"{prefix}.{member}.{attr}" for attr in vars(value) if not attr.startswith("_")]
    return names


def test_every_public_python_name_has_a_reference_entry(site: Path) -> None:
    """An entry of mkdocstrings (in the inventory), or for the ``Literal`` aliases, which it
    cannot inspect, a heading the options page generates from the module."""
    inventory = _inventory(site)
    anchors = {
        anchor: f"reference/{page.name}"
        for page in (site / "reference").glob("*.html")
        for anchor in re.findall(r'id="(ics_outcomes[.\w]*)"', page.read_text())
    }
    names = _public_names()
    assert len(names) > 250
    missing = [name for name in names if name not in inventory and name not in anchors]
    assert missing == []
    for name in names:
        page = inventory[name].split("#")[0] if name in inventory else anchors[name]
        assert page.startswith("reference/") and (site / page).is_file(), (name, page)


def test_every_guide_and_notebook_is_a_page(site: Path) -> None:
    docs = site.parent / "docs"
    for source in [*docs.glob("guides/*.md"), *docs.glob("coming-from/*.md")]:
        page = site / source.relative_to(docs).with_suffix(".html")
        assert page.is_file(), page
        assert "To be written" not in page.read_text(), page
    for notebook in (site.parent / "python" / "examples").glob("*.ipynb"):
        assert (site / "notebooks" / notebook.with_suffix(".html").name).is_file(), notebook
    assert (site / "rust" / "ics_outcomes" / "index.html").is_file()


def _open(browser: Any, page_file: Path) -> tuple[Any, list[str]]:
    """The page loaded from its file, with every console error, page error and request for
    anything outside the site."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    inside = SITE.resolve().as_uri()
    page.on("request", lambda r: None if r.url.startswith(inside) else problems.append(f"request: {r.url}"))
    page.goto(page_file.resolve().as_uri())
    page.wait_for_load_state("load")
    return page, problems


@pytest.mark.parametrize(
    ("page_path", "heading"),
    [
        ("index.html", "ics-outcomes"),
        ("reference/index.html", "Python API reference"),
        ("reference/stats.html", "ics_outcomes.stats"),
        ("guides/scoring.html", None),
        ("notebooks/quickstart.html", None),
    ],
)
def test_pages_open_in_chromium_offline_without_errors(
    site: Path, browser: Any, page_path: str, heading: str | None
) -> None:
    page, problems = _open(browser, site / page_path)
    assert problems == []
    title = page.locator("h1").first.inner_text()
    assert heading is None or title.strip().startswith(heading), title
    if page_path == "reference/index.html":
        # The reference entry of score: its signature and its docstring, rendered.
        entry = page.locator('[id="ics_outcomes.score"]')
        assert entry.count() == 1
        assert "Scores every ICS" in page.inner_text("body")
    page.close()


def test_the_reference_links_to_the_rust_api_that_was_built(site: Path) -> None:
    text = (site / "reference" / "index.html").read_text()
    assert 'href="../rust/ics_outcomes/index.html"' in text
    assert "Crate ics_outcomes" in (site / "rust" / "ics_outcomes" / "index.html").read_text()
