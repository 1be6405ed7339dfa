"""MkDocs hook: each reference page documents exactly its module's ``__all__``, so the
reference cannot list an imported helper nor leave out a public name."""

from __future__ import annotations

import importlib
import re
import types
from typing import Any

DIRECTIVE = re.compile(r"^::: (ics_outcomes(?:\.\w+)?)$", re.MULTILINE)


def _public(module_name: str) -> list[str]:
    module = importlib.import_module(module_name)
    return [
        name
        for name in getattr(module, "__all__", [])
        if not name.startswith("__") and not isinstance(getattr(module, name), types.ModuleType)
    ]


def on_page_markdown(markdown: str, page: Any, **_: Any) -> str:
    if not page.file.src_uri.startswith("reference/"):
        return markdown

    def expand(match: re.Match[str]) -> str:
        members = ", ".join(_public(match.group(1)))
        return f"{match.group(0)}\n    options:\n      members: [{members}]"

    return DIRECTIVE.sub(expand, markdown)
