"""The example notebook runs from top to bottom."""

from __future__ import annotations


def test_the_quickstart_notebook_runs(run_notebook):
    outputs = run_notebook("quickstart.ipynb")
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Greater Manchester: rank" in printed
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("SYNTHETIC DATA" in o["data"]["text/html"] for o in html)
