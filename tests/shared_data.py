"""The shared data folder outside the repository: other packages' published expectations and
NHS England's data, in ``$ICS_SHARED_DIR`` or else ``shared/`` beside the checkout.

A test that needs part of it asks :func:`folder`, which skips the test when that part is
absent (``conftest.py`` ends the run with one line counting such skips), or fails it when
``ICS_REQUIRE_REFERENCE=1``, as CI sets, so that CI can never pass by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT_VARIABLE = "ICS_SHARED_DIR"
REQUIRE_VARIABLE = "ICS_REQUIRE_REFERENCE"
NOT_FOUND = "reference data not found at "


def root() -> Path:
    """``$ICS_SHARED_DIR``, else ``shared`` beside the checkout."""
    if ROOT_VARIABLE in os.environ:
        return Path(os.environ[ROOT_VARIABLE])
    return Path(__file__).resolve().parents[1].parent / "shared"


def missing(root: Path, relative: str) -> Path | None:
    """What to name when ``relative`` is absent from ``root``: ``root`` itself when that is
    absent too; None when the folder is there."""
    wanted = root / relative
    if wanted.is_dir():
        return None
    return wanted if root.is_dir() else root


def folder(relative: str) -> Path:
    """The folder ``relative`` (such as ``reference/coinr``) inside the shared folder; skips
    the calling test or fixture when it is absent, or fails it under ICS_REQUIRE_REFERENCE=1."""
    __tracebackhide__ = True  # report the skip where the test asked for the folder
    absent = missing(root(), relative)
    if absent is None:
        return root() / relative
    if os.environ.get(REQUIRE_VARIABLE) == "1":
        pytest.fail(f"{NOT_FOUND}{absent}, and {REQUIRE_VARIABLE}=1", pytrace=False)
    pytest.skip(f"{NOT_FOUND}{absent}")


def summary(reasons: list[str]) -> str | None:
    """The closing line for the skip reasons of a run: how many tests were skipped for want of
    shared data, and the folders looked for; None when none were."""
    folders = sorted({reason.removeprefix(NOT_FOUND) for reason in reasons if reason.startswith(NOT_FOUND)})
    count = sum(reason.startswith(NOT_FOUND) for reason in reasons)
    if not count:
        return None
    tests = "test" if count == 1 else "tests"
    return f"{count} reference {tests} skipped: {NOT_FOUND}{', '.join(folders)}; set {ROOT_VARIABLE}"
