"""The batched engine: determinism whatever N and batch size, per-run parameters, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from zopa.sim import Battlefield, negmas_benchmark, simulate
from zopa.sim.strategies import Stalling, TimeBased


def _run(runs, batch, seed=11):
    return simulate(negmas_benchmark(("UA", "RU")), {"UA": "bayesian", "RU": Stalling(p_ratify=0.5)},
                    protocol="sao", steps=40, runs=runs, seed=seed, batch_size=batch,
                    battlefield={"RU": {"drift": 0.1, "volatility": 0.1}})


def test_same_seed_same_results_whatever_batch_size_and_number_of_runs():
    a = _run(300, 300).runs
    b = _run(300, 37).runs
    c = _run(120, 7).runs
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a.iloc[:120].reset_index(drop=True), c)
    # randomness is real: the seed matters and sessions differ from one another
    d = _run(300, 300, seed=12).runs
    assert not a.equals(d)
    assert a.agreement.nunique() == 2 and a.u_RU.nunique() > 10


def test_parameters_may_vary_per_run():
    e = np.array([0.25, 1.0, 4.0, 16.0])
    res = simulate(negmas_benchmark(("UA", "RU")), {"UA": TimeBased(exponent=e), "RU": "linear"},
                   protocol="sao", steps=50, runs=4)
    # each run equals the same run simulated alone with its own exponent
    for k, ek in enumerate(e):
        alone = simulate(negmas_benchmark(("UA", "RU")), {"UA": TimeBased(exponent=ek), "RU": "linear"},
                         protocol="sao", steps=50, runs=1).runs
        assert res.runs.iloc[k].outcome == alone.iloc[0].outcome
        assert res.runs.iloc[k].step == alone.iloc[0].step
    # the tougher UA is, the more it gets
    assert res.runs.u_UA.is_monotonic_increasing


def test_per_run_reservation_values_are_uncertain_worlds():
    r = np.column_stack([np.linspace(0.1, 0.9, 9), np.full(9, 0.3)])
    res = simulate(negmas_benchmark(("UA", "RU")), {"UA": "linear", "RU": "linear"}, steps=60, runs=9,
                   reservation=r)
    ok = res.runs.agreement.to_numpy()
    assert ok[0] and not ok[-1]
    assert (res.runs.u_UA[ok] >= r[ok, 0] - 1e-9).all()


def test_summary_reports_agreement_timing_terms_and_gains():
    res = _run(200, 200)
    s = res.summary()
    ok = res.runs.agreement
    assert s["runs"] == 200 and s["p_agreement"] == pytest.approx(ok.mean())
    assert s["step"]["mean"] == pytest.approx(res.runs.step[ok].mean())
    assert sum(s["terms"]["territory"].values()) == pytest.approx(1.0)
    assert s["gain"]["UA"] == pytest.approx(res.runs.u_UA.mean() - 0.35)
    assert s["p_ratified"] == pytest.approx(res.runs.ratified.mean())
    # the stalling side's principal signs every agreement
    assert (res.runs.ratified == ok).all()


def test_trace_on_request_lists_offers_and_responses():
    res = simulate(negmas_benchmark(("UA", "RU")), {"UA": "boulware", "RU": "conceder"}, steps=100, trace=True)
    tr = res.trace
    assert list(tr.columns[:5]) == ["run", "step", "actor", "action", "outcome"]
    assert (tr.action == "offer").sum() == 76 * 2 - 1   # NegMAS trace: 151 offers before agreement
    assert tr.iloc[-1].action == "accept"
    assert simulate(negmas_benchmark(), {"UA": "linear", "RU": "linear"}).trace is None


@pytest.mark.parametrize("kwargs,match", [
    ({"protocol": "nope"}, "protocol must be one of"),
    ({"runs": 0}, "runs must be a positive integer"),
    ({"steps": 0}, "steps must be"),
    ({"strategies": {"UA": "linear"}}, "at least two parties"),
    ({"strategies": {"UA": "linear", "XX": "linear"}}, "unknown actor 'XX'"),
    ({"strategies": {"UA": "linear", "RU": "zig"}}, "unknown strategy"),
    ({"battlefield": {"RU": {"speed": 1}}}, "unknown keys"),
])
def test_bad_arguments_raise_value_errors_naming_them(kwargs, match):
    args = {"strategies": {"UA": "linear", "RU": "linear"}} | kwargs
    with pytest.raises(ValueError, match=match):
        simulate(negmas_benchmark(), **args)


def test_battlefield_random_walk_has_the_stated_drift_and_volatility():
    bf = Battlefield({"A": {"drift": 0.2, "volatility": 0.3}})
    n = np.full(20000, 10)
    r0 = np.zeros((20000, 1))
    for s in range(11):
        r = bf.shift(r0, ["A"], np.arange(20000), seed=3, step=s, n_steps=n)
    assert r[:, 0].mean() == pytest.approx(0.2, abs=0.01)
    assert r[:, 0].std() == pytest.approx(0.3, rel=0.03)


def test_tie_order_changes_nothing_where_utilities_are_all_different():
    from zopa.sim.domain import Domain, Issue

    rng = np.random.default_rng(5)
    d = Domain((Issue("x", tuple(range(40))), Issue("y", tuple(range(30)))), ("A", "B"), rng.random((2, 1200)),
               np.array([0.2, 0.3]))
    assert len(np.unique(d.U[0])) == len(np.unique(d.U[1])) == 1200
    kw = dict(protocol="sao", steps=30, runs=50, seed=3, battlefield={"A": {"drift": 0.1, "volatility": 0.05}})
    a = simulate(d, {"A": "boulware", "B": "conceder"}, **kw).runs
    b = simulate(d, {"A": "boulware", "B": "conceder"}, ties="outcome-order", **kw).runs
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(ValueError, match="ties must be"):
        simulate(d, {"A": "boulware", "B": "conceder"}, ties="random")
