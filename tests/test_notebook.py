"""The example notebook runs from top to bottom."""

from __future__ import annotations


def test_the_quickstart_notebook_runs(run_notebook):
    outputs = run_notebook("quickstart.ipynb")
    printed = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "Greater Manchester: rank" in printed
    assert "42 ICSs in 2025/26 and 36 since April 2026" in printed
    assert "2025/26 Q4 42 ICSs; 2026/27 Q4 36 ICSs" in printed
    assert "QRV (North West London) was abolished on 2026-04-01; its area went to E54000071" in printed
    assert "SPC history before 2026-04 rebuilt from QRV + QMJ" in printed
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any("SYNTHETIC DATA" in o["data"]["text/html"] for o in html)
    # The report shows inline, in a frame of its own.
    reports = [o["data"]["text/html"] for o in html if o["data"]["text/html"].startswith("<iframe")]
    assert len(reports) == 1
    assert "Integrated performance report: Greater Manchester" in reports[0]
    assert reports[0].count("target-chart") >= 18
