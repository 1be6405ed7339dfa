"""The helper that finds the shared data, skips without it and counts the skips."""

from __future__ import annotations

from pathlib import Path

import pytest
import shared_data


def test_an_absent_shared_folder_is_named_itself(tmp_path: Path) -> None:
    root = tmp_path / "shared"
    assert shared_data.missing(root, "reference/coinr") == root


def test_an_absent_folder_inside_a_present_one_is_named_in_full(tmp_path: Path) -> None:
    (tmp_path / "reference" / "nof").mkdir(parents=True)
    assert shared_data.missing(tmp_path, "reference/coinr") == tmp_path / "reference" / "coinr"
    assert shared_data.missing(tmp_path, "reference/nof") is None


def test_the_summary_counts_skips_and_names_each_folder_once() -> None:
    assert shared_data.summary(["some other reason"]) is None
    reasons = ["reference data not found at /s/b", "reference data not found at /s/a", "x"]
    reasons.append("reference data not found at /s/a")
    assert shared_data.summary(reasons) == (
        "3 reference tests skipped: reference data not found at /s/a, /s/b; set ICS_SHARED_DIR"
    )


def test_an_absent_folder_skips_or_under_the_requirement_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ICS_SHARED_DIR", str(tmp_path / "nowhere"))
    monkeypatch.delenv("ICS_REQUIRE_REFERENCE", raising=False)
    with pytest.raises(pytest.skip.Exception, match=f"reference data not found at {tmp_path / 'nowhere'}$"):
        shared_data.folder("reference/coinr")
    monkeypatch.setenv("ICS_REQUIRE_REFERENCE", "1")
    with pytest.raises(pytest.fail.Exception, match="ICS_REQUIRE_REFERENCE=1"):
        shared_data.folder("reference/coinr")
    (tmp_path / "nowhere" / "reference" / "coinr").mkdir(parents=True)
    assert shared_data.folder("reference/coinr") == tmp_path / "nowhere" / "reference" / "coinr"
