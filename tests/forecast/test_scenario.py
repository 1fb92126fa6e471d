"""Forecasts on zopa scenarios: the input, ordinal issues, and plan distances."""

from __future__ import annotations

import numpy as np
import pytest

import zopa
from zopa.forecast import run
from zopa.forecast.scenario import closest_plans, from_scenario, plan_distances


@pytest.fixture(scope="module")
def textbook():
    return zopa.load("textbook")


def test_textbook_input(textbook):
    inp = from_scenario(textbook)
    assert inp.actors == ("A", "B", "M") and inp.issues == ("border",)
    np.testing.assert_allclose(inp.position[:, 0], [1.0, 0.0, 0.45])
    np.testing.assert_allclose(inp.capability, [1.0, 1.0, 0.5])
    assert inp.reference[0] == 0.4 and tuple(inp.bounds[0]) == (0.0, 1.0)


def test_plan_distances_by_hand(textbook):
    inp = from_scenario(textbook)
    res = run(inp, "compromise")
    # weights 1, 1, 0.25: (1 + 0 + 0.25 * 0.45) / 2.25
    fc = (1.0 + 0.1125) / 2.25
    assert float(res.forecast["border"]) == pytest.approx(fc)
    tab = plan_distances(textbook, [res]).set_index("plan")
    assert tab.loc["A-offer", "distance"] == pytest.approx(abs(0.6 - fc))
    assert tab.loc["B-counter", "distance"] == pytest.approx(abs(0.45 - fc))
    best = closest_plans(plan_distances(textbook, [res]))
    assert best.loc[0, "plan"] == "B-counter"


def test_ukraine_ordinal_issues_use_option_indices():
    s = zopa.load("ukraine-2025")
    inp = from_scenario(s)
    for k, issue in enumerate(s.issues):
        if issue.kind == "ordinal":
            assert tuple(inp.bounds[k]) == (0.0, len(issue.options) - 1)
            xs = inp.position[:, k][inp.present[:, k]]
            assert np.all(np.isin(xs, np.arange(len(issue.options))))
    out = run(inp, "all")
    tab = plan_distances(s, out)
    assert set(tab["plan"]) == {p.id for p in s.plans}
    assert tab["distance"].between(0, 1).all()
    assert len(closest_plans(tab)) == len(out)
