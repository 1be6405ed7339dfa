"""Pickle and display of the value classes."""

from __future__ import annotations

import pickle

import ics_outcomes as ico


def test_value_classes_pickle(national, locals_):
    for value in [national, *locals_, *national.metrics, *national.priorities, *national.priorities[0].targets]:
        again = pickle.loads(pickle.dumps(value))
        assert again == value, repr(value)
        assert type(again) is type(value)


def test_reprs_are_short_and_useful(national, gm_local, card, observations):
    assert repr(national) == 'NationalFramework("ics-national-2026-27", version "2026/27.1": 7 priorities, 15 targets)'
    assert "Greater Manchester" in repr(gm_local)
    assert repr(card).startswith("Scorecard(36 areas, 2026/27 Q4; leader")
    assert "SYNTHETIC" in repr(observations)
    assert repr(national.priorities[0].targets[0]) == 'Target("rtt_65pct_18w" on "rtt_18w", threshold, value=65.0)'
    assert repr(card.explain("QOP")).startswith("Explanation(NHS Greater Manchester Integrated Care Board (QOP)")


def test_notebook_html_shows_tables_and_escapes_text(national, gm_local, card):
    html = national._repr_html_()
    assert "<table>" in html and "rtt_65pct_18w" in html and "national" in html
    local = gm_local._repr_html_()
    assert "Local framework" in local and "gm_good_work" not in local and "Good work and health" in local
    board = card._repr_html_()
    assert board.count("<tr>") == 37
    assert "SYNTHETIC DATA" in board
    explanation = card.explain("QOP")._repr_html_()
    assert explanation.count("<tr>") == 19
    metric = ico.Metric("m", "M", "percentage", "higher_is_better", 1)
    sneaky = ico.Priority("p", "<script>alert(1)</script>", [ico.Target("t", "m", "threshold", value="1")])
    html = ico.NationalFramework("n", "N&<b>", "1", [metric], [sneaky])._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "N&amp;&lt;b&gt;" in html
