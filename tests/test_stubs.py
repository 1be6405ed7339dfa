"""The hand-written stubs match the compiled module."""

from __future__ import annotations

import subprocess
import sys


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
