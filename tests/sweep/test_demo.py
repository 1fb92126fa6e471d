"""The stand-in analysis: its vectorised form equals its plain-Python peer world by world."""

from __future__ import annotations

import numpy as np
import pytest

from zopa.sweep.demo import INPUTS, attrition, attrition_loop
from zopa.sweep.sampling import sample
from zopa.sweep.streams import WorldRandom


def test_vectorised_attrition_equals_the_plain_python_loop():
    n, months = 300, 60
    params = sample(INPUTS, n, seed=4)
    out = attrition(params, WorldRandom(4, np.arange(n)), months=months)
    shocks = WorldRandom(4, np.arange(n)).normal("battlefield", (months,))
    for w in range(n):
        row = attrition_loop({k: float(v[w]) for k, v in params.items()}, shocks[w].tolist())
        for key, value in row.items():
            got = out[key].iloc[w]
            if isinstance(value, float) and np.isnan(value):
                assert np.isnan(got), (w, key)
            else:
                assert got == pytest.approx(value, abs=1e-12), (w, key)


def test_monthly_detail_agrees_with_the_summary():
    n = 50
    params = sample(INPUTS, n, seed=1)
    out = attrition(params, WorldRandom(1, np.arange(n)), months=24, report_at=(12, 24), detail=True)
    res, mon = out["results"], out["monthly"]
    at12 = mon[mon["month"] == 12].set_index("world")["share"]
    assert np.allclose(at12.to_numpy(), res["share_m12"].to_numpy())
    first_open = mon[mon["zone_open"]].groupby("world")["month"].min()
    opened = res.dropna(subset=["zone_open_month"])
    assert np.array_equal(first_open.to_numpy(), opened["zone_open_month"].to_numpy())


def test_more_optimism_delays_the_zone():
    n = 2000
    base = sample(INPUTS, n, seed=2)
    bold = {**base, "actors.A.optimism": base["actors.A.optimism"] + 0.1}
    calm = attrition(base, WorldRandom(2, np.arange(n)))
    hawk = attrition(bold, WorldRandom(2, np.arange(n)))  # common random numbers
    a = calm["zone_open_month"].fillna(61)
    b = hawk["zone_open_month"].fillna(61)
    assert (b >= a).all() and (b > a).mean() > 0.5
