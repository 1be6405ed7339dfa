"""Shared fixtures: the embedded default frameworks and data, and running a notebook; and the
closing line that counts tests skipped for want of the shared data (see ``shared_data``)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import Any

import ics_outcomes as ico
import nbformat
import pytest
import shared_data
from nbclient import NotebookClient

EXAMPLES = Path(__file__).parent.parent / "python" / "examples"


@pytest.fixture(scope="session")
def national() -> ico.NationalFramework:
    return ico.default_national_framework()


@pytest.fixture(scope="session")
def locals_() -> list[ico.LocalFramework]:
    return ico.default_local_frameworks()


@pytest.fixture(scope="session")
def gm_local(locals_) -> ico.LocalFramework:
    """Greater Manchester's local framework."""
    return next(framework for framework in locals_ if framework.area == "E54000057")


@pytest.fixture(scope="session")
def observations() -> ico.Observations:
    return ico.default_observations()


@pytest.fixture(scope="session")
def card(national, locals_, observations) -> ico.Scorecard:
    return ico.score(national, locals_, observations)


@pytest.fixture(scope="session")
def cli() -> Callable[..., str]:
    """The command line as built by ``cargo test`` (built here when missing): runs it with
    the arguments given and returns what it printed."""
    root = Path(__file__).resolve().parent.parent
    binary = Path(os.environ.get("CARGO_TARGET_DIR", root / "target")) / "debug" / "ics-outcomes"
    if not binary.exists():
        cargo = shutil.which("cargo")
        assert cargo, "the command line is needed: run cargo build -p ics-outcomes-cli"
        subprocess.run([cargo, "build", "-q", "-p", "ics-outcomes-cli"], cwd=root, check=True)

    def run(*args: str) -> str:
        return subprocess.run([str(binary), *args], capture_output=True, text=True, check=True).stdout

    return run


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        if os.environ.get("ICS_REQUIRE_BROWSER") == "1":
            pytest.fail("ICS_REQUIRE_BROWSER=1 but no chromium is installed")
        pytest.skip("no chromium: install Debian's chromium to test pages in a browser")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def run_notebook(tmp_path) -> Callable[[str], list[Any]]:
    """Runs an example notebook top to bottom in a temporary folder, checks that no cell
    failed, and returns the outputs of its code cells."""

    def run(name: str) -> list[Any]:
        notebook = nbformat.read(EXAMPLES / name, as_version=4)
        NotebookClient(
            notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
        ).execute()
        outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
        assert not [o for o in outputs if o.output_type == "error"]
        return outputs

    return run


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> Generator[None]:
    """After pytest's own summaries, just above its closing line."""
    yield
    reasons = [
        report.longrepr[2].removeprefix("Skipped: ")
        for report in terminalreporter.stats.get("skipped", [])
        if isinstance(report.longrepr, tuple)
    ]
    line = shared_data.summary(reasons)
    if line:
        terminalreporter.write_line(line)
