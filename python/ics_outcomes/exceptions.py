"""The exceptions raised by ics_outcomes, one class per kind of failure.

Each class is one class of the core's errors (``ErrorClass`` in Rust), raised for it from
every entry point; the README's error table says when. Every exception carries:

- ``source``: the file or input it concerns, when known;
- ``data``: for a :class:`DataError`, which data (``observations``, ``budget_lines``,
  ``counts``, ``indicator_data`` ...);
- ``kind``, ``path`` and ``value``: the machine-readable rule, the field and the offending
  value of the first problem;
- ``issues``: every problem found, as dicts with ``kind``, ``path``, ``value`` and
  ``message`` (also under ``problem``, its earlier name, for one release).

All of them subclass :class:`IcsOutcomesError`, and all of them pickle.

Examples
--------
>>> from ics_outcomes import exceptions, ratings
>>> try:
...     ratings.cqc_rating([3, 5])
... except exceptions.IcsOutcomesError as error:
...     caught = error
>>> type(caught).__name__, caught.kind, caught.path, caught.value
('ValidationError', 'invalid', 'scores[1]', '5')
>>> caught.issues[0]["message"]
'a quality statement score is 1, 2, 3 or 4'
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
