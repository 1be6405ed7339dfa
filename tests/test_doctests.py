"""Every example in the package's docstrings runs and prints what it says, in one place, so a
module cannot be left out (composite, disclosure and engines once were); and every public
function, class and method has one."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil
from types import ModuleType

import ics_outcomes
import matplotlib.pyplot as plt
import pytest
from public_api import public_members, public_objects

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _modules() -> list[ModuleType]:
    """The package and every module in it, the compiled core included (its functions report
    ``ics_outcomes._core`` as their module, so only its own run finds their examples)."""
    names = [m.name for m in pkgutil.iter_modules(ics_outcomes.__path__)]
    return [ics_outcomes, *(importlib.import_module(f"ics_outcomes.{name}") for name in names)]


# Modules that document their use with examples: each must hold some.
WITH_EXAMPLES = {
    "ics_outcomes",
    "ics_outcomes._core",
    "ics_outcomes._vintage",
    "ics_outcomes.composite",
    "ics_outcomes.disclosure",
    "ics_outcomes.engines",
    "ics_outcomes.exceptions",
    "ics_outcomes.maturity",
    "ics_outcomes.oversight",
    "ics_outcomes.plot",
    "ics_outcomes.prevention",
    "ics_outcomes.ratings",
    "ics_outcomes.spc",
    "ics_outcomes.stats",
}


def _is_method(value: object) -> bool:
    """A method, static or class method (Python's or the core's); not a property or data."""
    return inspect.isroutine(value) or isinstance(value, staticmethod | classmethod)


def _public() -> dict[str, object]:
    """Every public function and class (the core's among them, as the package re-exports
    them), and each class's public methods, by the name the reference gives them. Literal
    aliases and constants need no example."""
    items: dict[str, object] = {}
    for name, obj in public_objects():
        if not (inspect.isclass(obj) or inspect.isroutine(obj)):
            continue
        items[name] = obj
        if inspect.isclass(obj):
            for attr, value in public_members(obj):
                if _is_method(value):
                    items[f"{name}.{attr}"] = getattr(obj, attr)
    return items


@pytest.mark.parametrize("module", _modules(), ids=lambda m: m.__name__)
def test_the_examples_of_every_module_run(module: ModuleType) -> None:
    failures, tried = doctest.testmod(module, optionflags=FLAGS)
    plt.close("all")
    assert failures == 0
    assert tried > 0 or module.__name__ not in WITH_EXAMPLES


def test_the_examples_no_module_holds_run() -> None:
    """doctest looks in a module for the objects that report it as theirs; a compiled class
    reports ``ics_outcomes`` wherever it is exported (``IcsOversight`` is
    ``ics_outcomes.oversight``'s), so every public item's examples that no module's run
    found are found from the item itself and run here."""
    found = {test.docstring for module in _modules() for test in doctest.DocTestFinder().find(module)}
    finder = doctest.DocTestFinder(recurse=False)
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for name, obj in _public().items():
        for test in finder.find(obj, name, module=False, globs={}):
            if test.examples and test.docstring not in found:
                found.add(test.docstring)
                runner.run(test)
    plt.close("all")
    assert runner.failures == 0


def test_every_public_item_has_an_example() -> None:
    """Each function, class and method in the reference shows its use, in the numpy
    docstring's ``Examples`` section (the compiled core's too)."""
    missing = [name for name, obj in _public().items() if ">>>" not in (obj.__doc__ or "")]
    assert not missing, f"{len(missing)} public items have no example: {', '.join(missing)}"


def test_every_documented_module_is_found() -> None:
    assert WITH_EXAMPLES <= {m.__name__ for m in _modules()}
