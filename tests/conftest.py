"""Shared fixtures: the embedded default frameworks and data."""

from __future__ import annotations

import ics_outcomes as ico
import pytest


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
