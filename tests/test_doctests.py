"""Every example in the package's docstrings runs and prints what it says, in one place, so a
module cannot be left out (composite, disclosure and engines once were)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
from types import ModuleType

import ics_outcomes
import matplotlib.pyplot as plt
import pytest


def _modules() -> list[ModuleType]:
    names = [m.name for m in pkgutil.iter_modules(ics_outcomes.__path__) if m.name != "_core"]
    return [ics_outcomes, *(importlib.import_module(f"ics_outcomes.{name}") for name in names)]


# Modules that document their use with examples: each must hold some.
WITH_EXAMPLES = {
    "ics_outcomes",
    "ics_outcomes._vintage",
    "ics_outcomes.composite",
    "ics_outcomes.disclosure",
    "ics_outcomes.engines",
    "ics_outcomes.maturity",
    "ics_outcomes.oversight",
    "ics_outcomes.plot",
    "ics_outcomes.prevention",
    "ics_outcomes.ratings",
    "ics_outcomes.spc",
    "ics_outcomes.stats",
}


@pytest.mark.parametrize("module", _modules(), ids=lambda m: m.__name__)
def test_the_examples_of_every_module_run(module: ModuleType) -> None:
    failures, tried = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    plt.close("all")
    assert failures == 0
    assert tried > 0 or module.__name__ not in WITH_EXAMPLES


def test_every_documented_module_is_found() -> None:
    assert WITH_EXAMPLES <= {m.__name__ for m in _modules()}
