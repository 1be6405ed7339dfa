"""The package's public surface, walked one way for every test that needs it (hostile
inputs, examples, the reference): each name in ``ics_outcomes.__all__`` and in the
``__all__`` of each module it exports, and the public attributes of each class among them."""

from __future__ import annotations

import types
from collections.abc import Iterator

import ics_outcomes


def public_modules() -> list[types.ModuleType]:
    """The package and each module its ``__all__`` exports."""
    exported = [getattr(ics_outcomes, name) for name in ics_outcomes.__all__]
    return [ics_outcomes, *(value for value in exported if isinstance(value, types.ModuleType))]


def public_objects() -> Iterator[tuple[str, object]]:
    """Each public name with its value, by the name the reference gives it
    (``ics_outcomes.score``, ``ics_outcomes.stats.rate``); modules and dunders aside."""
    for module in public_modules():
        for name in getattr(module, "__all__", []):
            value = getattr(module, name)
            if not isinstance(value, types.ModuleType) and not name.startswith("__"):
                yield f"{module.__name__}.{name}", value


def public_members(cls: type) -> Iterator[tuple[str, object]]:
    """A class's own public attributes as defined (methods, properties, descriptors)."""
    for attr, value in vars(cls).items():
        if not attr.startswith("_"):
            yield attr, value
