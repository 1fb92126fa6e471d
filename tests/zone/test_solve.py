"""The zone analysis reduces to the closed forms of zopa.theory on the textbook case, and its
dynamic programs agree with plain loops and Monte Carlo."""

from __future__ import annotations

import numpy as np
import pytest

import zopa
from zopa import theory
from zopa.scenario.compile import compile_model
from zopa.zone.frontier import pareto_frontier
from zopa.zone.inputs import zone_inputs
from zopa.zone.solve import solve


def at_start(sol, inp, k=0, t=0, what="value"):
    """Principal k's value at month t in the world's initial state (interpolated on its grid)."""
    from zopa.zone.markov import interp_state

    arr = getattr(sol, what)[:, k, t]
    return float(interp_state(inp.states, arr, inp.s0[:, None])[0, 0])


def textbook(**over):
    s = zopa.load("textbook", overrides={k.replace("__", "."): v for k, v in over.items()})
    m = compile_model(s)
    return s, m, pareto_frontier(m, (0, 1))


@pytest.mark.parametrize("p, ca, cb", [(0.4, 0.05, 0.1), (0.7, 0.2, 0.02), (0.2, 0.0, 0.3)])
def test_one_issue_no_uncertainty_gives_fearons_range(p, ca, cb):
    s, m, f = textbook(battlefield__initial=p, actors__A__monthly_cost=ca, actors__B__monthly_cost=cb)
    r = zopa.zone.analyze(s, paths=50)
    lo, hi = theory.fearon_range(p, ca, cb, clip=True)
    row = r.issues.iloc[0]
    # the issue grid has step 0.05 for the plan table, but the zone is computed on a fine grid
    assert row["low"] == pytest.approx(lo, abs=0.026) and row["high"] == pytest.approx(hi, abs=0.026)
    assert r.summary["war_value.A"] == pytest.approx(p - ca)
    assert r.summary["war_value.B"] == pytest.approx(1 - p - cb)


@pytest.mark.parametrize("T", [1, 2, 3, 8, 9, 30])
def test_finite_horizon_pause_gives_the_deadline_share(T):
    # war so costly that it never binds; nothing after the deadline; A proposes first
    s, m, f = textbook(actors__A__monthly_cost=0.9, actors__B__monthly_cost=0.9, actors__A__discount_rate=0.6,
                       actors__B__discount_rate=1.2)
    inp = zone_inputs(s, m, horizon=T, n_states=11)
    sol = solve(inp, f, talks="pause", protocol="alternating", after="nothing")
    d1, d2 = inp.delta[0]
    assert at_start(sol, inp) == pytest.approx(theory.deadline_share(d1, d2, T), abs=1e-9)


@pytest.mark.parametrize("ca, cb", [(0.05, 0.1), (0.01, 0.2), (0.3, 0.01)])
def test_long_horizon_gives_rubinstein_clamped_by_outside_options(ca, cb):
    s, m, f = textbook(actors__A__monthly_cost=ca, actors__B__monthly_cost=cb)
    inp = zone_inputs(s, m, horizon=4000, n_states=11)
    sol = solve(inp, f, talks="pause", protocol="alternating")
    d1, d2 = inp.delta[0]
    x = theory.rubinstein_share(d1, d2)
    expected = min(max(x, 0.4 - ca), 0.4 + cb)  # theory.md: x = min(max(x_Rub, p - c_A), p + c_B)
    assert at_start(sol, inp) == pytest.approx(expected, abs=1e-6)


def test_breakdown_risk_matches_the_theory_solver():
    # BRW: exogenous breakdown q per rejection, breakdown values = war values paid at t + 1
    s, m, f = textbook(actors__A__monthly_cost=0.3, actors__B__monthly_cost=0.5, actors__A__discount_rate=0.0,
                       actors__B__discount_rate=0.0)
    T, q = 400, 0.05
    inp = zone_inputs(s, m, horizon=T, n_states=11)
    sol = solve(inp, f, talks="pause", protocol="alternating", q=q)
    w1, w2 = np.full(T + 1, 0.4 - 0.3), np.full(T + 1, 0.6 - 0.5)
    ref = theory.alternating_offers(w1, w2, 1.0, 1.0, q=q)
    assert at_start(sol, inp) == pytest.approx(ref.value1[0], abs=1e-9)
    assert at_start(sol, inp) == pytest.approx(theory.breakdown_share(q, 0.1, 0.1), abs=1e-6)


def test_war_value_dp_equals_a_plain_loop_on_a_deterministic_path():
    s, m, f = textbook(battlefield__drift=-0.01, actors__A__discount_rate=0.3)
    H = 24
    inp = zone_inputs(s, m, horizon=H, n_states=101)
    sol = solve(inp, f)
    dA = np.exp(-0.3 / 12)
    path = np.clip(0.4 - 0.01 * np.arange(H + 1), 0, 1)
    v = path[H] - 0.05  # after the horizon the front and the costs stay
    for t in range(H - 1, -1, -1):
        v = (1 - dA) * (path[t] - 0.05) + dA * v
    # the war flow is linear in the state and the move is deterministic: interpolation is exact
    assert at_start(sol, inp, what="war_value") == pytest.approx(v, abs=1e-12)


def test_exact_probabilities_agree_with_monte_carlo_paths():
    # A is risk-acceptant (utility = share squared), so the war lottery beats any sure split while the
    # front is uncertain; the zone opens as the horizon nears: a spread of first-opening months.
    s, m, f = textbook(actors__A__risk_aversion=-1, battlefield__volatility=0.05, battlefield__initial=0.5,
                       actors__A__monthly_cost=0.004, actors__B__monthly_cost=0.004)
    r = zopa.zone.analyze(s, paths=20_000, seed=7, horizon=24)
    mo = r.months
    assert mo.p_deal_by.iloc[0] < 0.5 < mo.p_deal_by.iloc[-1]  # the case is not trivial
    se = np.sqrt(mo.p_deal_by * (1 - mo.p_deal_by) / 20_000)
    # the chain discretises the state; allow 4 standard errors plus a small discretisation margin
    assert np.all(np.abs(mo.p_deal_by - mo.p_deal_by_mc) <= 4 * se + 0.02)


def test_batch_of_worlds_equals_each_world_alone():
    s, m, f = textbook(battlefield__volatility=0.02)
    drift = np.array([-0.01, 0.0, 0.01])
    costs = np.array([0.02, 0.05, 0.2])
    batch = solve(zone_inputs(s, m, values={"battlefield.drift": drift, "actors.A.monthly_cost": costs}, horizon=12), f)
    for w in range(3):
        alone = solve(zone_inputs(s, m, values={"battlefield.drift": drift[w:w + 1], "actors.A.monthly_cost": costs[w:w + 1]}, horizon=12), f)
        np.testing.assert_allclose(batch.value[w], alone.value[0], atol=1e-12)
        np.testing.assert_allclose(batch.dist[w], alone.dist[0], atol=1e-12)


def test_unknown_input_path_is_an_error():
    s, m, f = textbook()
    with pytest.raises(zopa.InputError, match="no such input"):
        zone_inputs(s, m, values={"battlefield.drfit": np.zeros(2)})


def test_commitment_check_agrees_with_powell():
    from zopa.zone import metrics as M

    # no volatility: the state moves by the drift each month, so p_t is known: p_t = 0.9 - 0.06 t
    s, m, f = textbook(battlefield__drift=-0.06, battlefield__initial=0.9, actors__A__monthly_cost=0.01,
                       actors__A__discount_rate=1.0)
    inp = zone_inputs(s, m, horizon=14)
    sol = solve(inp, f)
    ctx = M.Context(sol, inp, f, ("A", "B"), lambda g: np.ones_like(g), None)
    cp = M.commitment(ctx)[0]
    d = inp.delta[0, 0]
    p = np.clip(0.9 - 0.06 * np.arange(15), 0, 1)
    # Powell (2006), rising side offers: war iff delta (p_t - p_t+1) > (1 - delta)(1 - p_t + c_A)
    ref = [bool(theory.commitment_war(p[t], p[t + 1], d, 0.01)) for t in range(14)]
    assert cp.tolist() == ref
    assert any(ref) and not all(ref)  # the case has months with and without the problem
    # a guarantee that halves what the rising side can exploit removes it where the shift is small enough
    cp_g = M.commitment(ctx, 0.5)[0]
    assert cp_g.sum() <= cp.sum()


def test_bad_arguments():
    s, m, f = textbook()
    inp = zone_inputs(s, m, horizon=3)
    with pytest.raises(ValueError, match="protocol"):
        solve(inp, f, protocol="dutch")
    with pytest.raises(ValueError, match="q"):
        solve(inp, f, q=1.5)


def test_stationary_tail_removes_the_end_effect():
    # no drift: the equilibrium value is the same every month, up to and including the horizon
    s, m, f = textbook()
    inp = zone_inputs(s, m, horizon=12, n_states=11)
    stationary = solve(inp, f)
    ended = solve(inp, f, after="war")
    g = [at_start(stationary, inp, t=t) for t in range(13)]
    np.testing.assert_allclose(g, 0.425, atol=1e-9)  # the Nash split of the surplus above (0.35, 0.5)
    assert at_start(ended, inp, t=12) == pytest.approx(0.35)  # talks that end leave the war value


@pytest.mark.parametrize("over", [{}, {"battlefield__volatility": 0.05, "actors__A__risk_aversion": -0.5},
                                  {"actors__A__monthly_cost": -0.3}])
def test_closed_form_stationary_equilibrium_equals_iteration(over):
    # q = 1e-300 takes the iterative path; it must agree with the bisection on the closed form
    s, m, f = textbook(**over)
    inp = zone_inputs(s, m, horizon=6, n_states=41)
    fast, slow = solve(inp, f), solve(inp, f, q=1e-300)
    np.testing.assert_allclose(fast.value, slow.value, atol=1e-9)
    np.testing.assert_array_equal(fast.deal, slow.deal)
