"""One-shot models: compromise (weighted mean), weighted median, Nash bargaining solution."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.forecast import ForecastInput, compromise, median, nash

finite = st.floats(0, 100, allow_nan=False, width=32)
weights = st.floats(0.0625, 10, allow_nan=False, width=32)


def _inp(x, s, c, **kw):
    n = len(x)
    return ForecastInput(tuple(f"a{i}" for i in range(n)), ("x",), np.array(x, float)[:, None],
                         np.array(s, float)[:, None], np.array(c, float), **kw)


def test_compromise_hand_value():
    # (1*1*0 + 2*0.5*50 + 1*0.5*100) / (1 + 1 + 0.5) = 100 / 2.5
    assert float(compromise(_inp([0, 50, 100], [1, 0.5, 0.5], [1, 2, 1])).forecast["x"]) == pytest.approx(40.0)


def test_compromise_zero_saliences_fall_back_to_the_plain_mean_and_absent_actors_drop():
    inp = ForecastInput(("a", "b", "c"), ("x", "y"), [[0, 10], [30, np.nan], [60, 20]], [[0, 1], [0, np.nan], [0, 1]],
                        [1, 1, 1])
    fc = compromise(inp).forecast
    assert fc["x"] == pytest.approx(30.0) and fc["y"] == pytest.approx(15.0)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(finite, weights, weights), min_size=1, max_size=8))
def test_median_minimises_weighted_absolute_distance(rows):
    x, s, c = (np.array(v, float) for v in zip(*rows, strict=True))
    s = s / s.max()
    got = float(median(_inp(x, s, c)).forecast["x"])
    w = s * c
    def cost(p):
        return (w[None, :] * np.abs(x[None, :] - np.atleast_1d(p)[:, None])).sum(1)

    best = cost(np.r_[np.linspace(-1, 101, 2041), x]).min()
    assert cost(got)[0] <= best + 1e-6 * max(1.0, best)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(finite, weights, weights), min_size=1, max_size=8))
def test_compromise_is_between_min_and_max(rows):
    x, s, c = (np.array(v, float) for v in zip(*rows, strict=True))
    got = float(compromise(_inp(x, s / s.max(), c)).forecast["x"])
    assert x.min() - 1e-9 <= got <= x.max() + 1e-9


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.floats(1, 100, width=32), weights, weights), min_size=2, max_size=6))
def test_nash_maximises_the_weighted_log_gains_brute_force(rows):
    x, s, c = (np.array(v, float) for v in zip(*rows, strict=True))
    s = s / s.max()
    d = 0.0                                    # status quo below every ideal: a feasible set exists
    got = float(nash(_inp(x, s, c, reference=[d], bounds=[[0, 100]])).forecast["x"])
    w = s * c

    def value(p):
        g = np.abs(d - x)[None, :] - np.abs(np.atleast_1d(p)[:, None] - x[None, :])
        with np.errstate(invalid="ignore", divide="ignore"):
            v = (w * np.log(np.where(g > 0, g, np.nan))).sum(1)
        return np.where(np.all(g > 0, 1), v, -np.inf)

    vals = value(np.linspace(0, 100, 20001))
    assert value(got)[0] >= vals.max() - 1e-4 * max(1.0, abs(vals.max()))


def test_nash_without_common_gains_stays_at_the_status_quo():
    inp = _inp([10, 90], [1, 1], [1, 1], reference=[50.0], bounds=[[0, 100]])
    assert float(nash(inp).forecast["x"]) == 50.0


def test_nash_disagreement_options():
    inp = _inp([40, 80], [1, 1], [1, 1], reference=[0.0], bounds=[[0, 100]])
    assert float(nash(inp).forecast["x"]) == pytest.approx(40.0, abs=1e-6)
    # worst outcomes 60 (A at 40) and 80 (B at 80) away: on [40, 80] maximise log(100 - p) + log(p) -> p = 50
    assert float(nash(inp, disagreement="worst").forecast["x"]) == pytest.approx(50.0, abs=1e-6)
    assert float(nash(inp, disagreement=np.array([0.0])).forecast["x"]) == pytest.approx(40.0, abs=1e-6)
    with pytest.raises(ValueError, match="disagreement"):
        nash(inp, disagreement="war")
