"""A local page opened in the browser fixture's Chromium, with everything that went wrong:
console errors, page errors and requests for anything outside what the page may load."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def open_page(browser: Any, page_file: Path, *, allowed: str | None = None) -> tuple[Any, list[str]]:
    """The page loaded from its file, and its problems. A request is one unless its URL
    starts with ``allowed`` (default: the page's own URL, so a self-contained page loads
    nothing else)."""
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    own = page_file.resolve().as_uri()
    prefix = allowed or own
    page.on("request", lambda r: None if r.url.startswith(prefix) else problems.append(f"request: {r.url}"))
    page.goto(own)
    page.wait_for_load_state("load")
    return page, problems
