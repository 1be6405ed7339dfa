"""The documentation site as its readers get it: built by scripts/docs into site/, read from
the files with no server and no network. Every public Python name has a reference entry, and
the pages open in headless Chromium with no console error and no request for anything outside
the site. scripts/test builds the site first; without it these tests are skipped, unless
``ICS_REQUIRE_DOCS=1``."""

from __future__ import annotations

import os
import re
import zlib
from pathlib import Path
from typing import Any

import pytest
from browser_pages import open_page
from public_api import public_members, public_modules, public_objects

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
    """Every public name, and the public methods and properties of every class among them
    (exceptions' aside: they have none of their own)."""
    names = []
    for name, value in public_objects():
        names.append(name)
        if isinstance(value, type) and not issubclass(value, BaseException):
            names += [f"{name}.{attr}" for attr, _ in public_members(value)]
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


def test_each_reference_page_documents_only_its_modules_public_names(site: Path) -> None:
    """The reference hook gives each page its module's ``__all__``: a name the module merely
    imports (``maturity`` imports ``Scorecard``) gets no entry of its own."""
    for module in public_modules():
        page = (
            site
            / "reference"
            / (
                "index.html"
                if module.__name__ == "ics_outcomes"
                else f"{module.__name__.removeprefix('ics_outcomes.')}.html"
            )
        )
        prefix = re.escape(module.__name__)
        documented = set(re.findall(rf'id="{prefix}\.(\w+)"', page.read_text()))
        assert documented, page
        assert documented <= set(module.__all__), (page, documented - set(module.__all__))


def test_every_guide_and_notebook_is_a_page(site: Path) -> None:
    docs = site.parent / "docs"
    for source in [*docs.glob("guides/*.md"), *docs.glob("coming-from/*.md")]:
        page = site / source.relative_to(docs).with_suffix(".html")
        assert page.is_file(), page
        assert "To be written" not in page.read_text(), page
    for notebook in (site.parent / "python" / "examples").glob("*.ipynb"):
        assert (site / "notebooks" / notebook.with_suffix(".html").name).is_file(), notebook
    assert (site / "rust" / "ics_outcomes" / "index.html").is_file()


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
    page, problems = open_page(browser, site / page_path, allowed=SITE.resolve().as_uri())
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
