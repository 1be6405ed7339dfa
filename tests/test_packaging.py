"""What a user installs or cites: licence files, a citation file valid against the Citation
File Format's schema, and crates whose metadata crates.io and docs.rs need."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import ics_outcomes as ico
import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_the_licence_files_are_the_licences_declared() -> None:
    assert "MIT License" in (ROOT / "LICENSE-MIT").read_text()
    assert "Apache License" in (ROOT / "LICENSE-APACHE").read_text()
    assert "Version 2.0, January 2004" in (ROOT / "LICENSE-APACHE").read_text()
    cargo = tomllib.loads((ROOT / "Cargo.toml").read_text())
    python = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert cargo["workspace"]["package"]["license"] == "MIT OR Apache-2.0"
    assert python["project"]["license"] == {"text": "MIT OR Apache-2.0"}
    for crate in ("ics-outcomes", "ics-outcomes-cli"):
        for licence in ("LICENSE-MIT", "LICENSE-APACHE"):
            # Linked, so each published crate carries the one text.
            assert (ROOT / "crates" / crate / licence).read_text() == (ROOT / licence).read_text()


def test_the_citation_file_is_valid_and_cites_this_version() -> None:
    cffconvert = shutil.which("cffconvert", path=str(Path(sys.executable).parent))
    assert cffconvert is not None, "cffconvert (the test extra) is not installed"
    result = subprocess.run(
        [cffconvert, "--validate", "-i", str(ROOT / "CITATION.cff")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout
    citation = (ROOT / "CITATION.cff").read_text()
    assert f"\nversion: {ico.__version__}\n" in citation
    assert "MIT" in citation and "Apache-2.0" in citation


def test_a_broken_citation_file_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "CITATION.cff"
    broken.write_text(
        (ROOT / "CITATION.cff").read_text().replace("cff-version: 1.2.0", "cff-version: 1.2.0\nauthor: x")
    )
    cffconvert = shutil.which("cffconvert", path=str(Path(sys.executable).parent))
    assert cffconvert is not None
    result = subprocess.run([cffconvert, "--validate", "-i", str(broken)], capture_output=True, text=True, check=False)
    assert result.returncode != 0


@pytest.mark.parametrize("crate", ["ics-outcomes", "ics-outcomes-cli"])
def test_the_published_crates_carry_complete_metadata(crate: str) -> None:
    metadata = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--no-deps", "--format-version", "1", "--offline"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    package = next(p for p in metadata["packages"] if p["name"] == crate)
    for field in ("description", "license", "repository", "documentation", "homepage", "readme", "rust_version"):
        assert package.get(field), (crate, field)
    assert package["keywords"] and package["categories"], crate
    assert package["publish"] is None, crate  # publishable
    listed = subprocess.run(
        ["cargo", "package", "--list", "--allow-dirty", "--offline", "-p", crate],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert {"LICENSE-MIT", "LICENSE-APACHE", "Cargo.toml"} <= set(listed), listed
    assert Path(package["readme"]).name in {Path(f).name for f in listed}


def test_the_version_line_names_the_embedded_data() -> None:
    assert ico.version().startswith(f"{ico.__version__} (embedded data: 2026/27 edition: ICBs of 2026-04")
    assert "observations synthetic" in ico.version()
