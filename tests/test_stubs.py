"""The hand-written stubs match the compiled module."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def test_stubs_match_the_extension_module():
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "ics_outcomes._core"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_package_type_checks_against_its_stubs():
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "-p", "ics_outcomes"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_notebook_session_over_every_module_runs_and_no_any_reaches_it():
    """The sample session runs, and ``mypy --strict --disallow-any-expr`` finds every value
    it takes from the package precisely typed (a frame of the kind given, a Figure, a
    ResultTable), so no ``Any`` leaks from a public function."""
    sample = Path(__file__).with_name("typing_sample.py")
    ran = subprocess.run([sys.executable, str(sample)], capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stdout + ran.stderr
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--disallow-any-expr", str(sample)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
