"""The exceptions raised by ics_outcomes, one class per kind of failure.

Every exception carries:

- ``source``: the file or input it concerns, when known;
- ``path`` and ``value``: the field and the offending value of the first problem;
- ``issues``: every problem found, as dicts with ``path``, ``value`` and ``problem``.

All of them subclass :class:`IcsOutcomesError`, and all of them pickle.
"""

from ics_outcomes._core import (
    ArgumentError,
    DataError,
    FileError,
    IcsOutcomesError,
    LimitError,
    NotFoundError,
    ValidationError,
)

__all__ = [
    "ArgumentError",
    "DataError",
    "FileError",
    "IcsOutcomesError",
    "LimitError",
    "NotFoundError",
    "ValidationError",
]
