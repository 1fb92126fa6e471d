"""The Pareto frontier and the zone on each issue, against brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import zopa
from zopa.scenario import loads
from zopa.scenario.compile import compile_model
from zopa.zone.frontier import _upper_hull, issue_zone, pareto_frontier

TWO_ISSUES = """
zopa: 1
id: logroll
title: Log-rolling
start: 2030-01-01
issues:
  - {id: x, name: X, kind: continuous, bounds: [0, 4], step: 1, status_quo: 2}
  - {id: y, name: Y, kind: ordinal, options: [a, b, c], status_quo: b}
actors:
  - id: P
    name: P
    kind: state
    role: belligerent
    issues:
      x: {position: 4, salience: 0.8}
      y: {values: {a: 1, b: 0.2, c: 0}, salience: 0.2}
  - id: Q
    name: Q
    kind: state
    role: belligerent
    risk_aversion: 0.3
    issues:
      x: {position: 0, salience: 0.3}
      y: {values: {a: 0, b: 0.9, c: 1}, salience: 0.7}
"""


@pytest.fixture(scope="module")
def logroll():
    return compile_model(loads(TWO_ISSUES, "logroll.yaml"))


def _brute(m):
    grids = [np.linspace(0, 4, 81), np.arange(3.0)]
    X = np.array(list(itertools.product(*grids)))
    return X, m.utility(X)[:, :2]


def test_textbook_frontier_is_the_line():
    f = pareto_frontier(compile_model(zopa.load("textbook")), (0, 1))
    u1 = np.linspace(0, 1, 11)
    np.testing.assert_allclose(f.u2_given_u1(u1), 1 - u1, atol=1e-12)
    assert f.u2_given_u1(1.01) == -np.inf


def test_frontier_dominates_every_outcome_and_touches_the_hull(logroll):
    f = pareto_frontier(logroll, (0, 1))
    X, U = _brute(logroll)
    # no outcome lies above the frontier
    assert np.all(U[:, 1] <= f.u2_given_u1(U[:, 0]) + 1e-9)
    # every vertex of the frontier is (nearly) achieved by some outcome
    for u1 in f._to_util(f.a, 0):
        best = U[U[:, 0] >= u1 - 1e-9, 1].max()
        assert best == pytest.approx(float(f.u2_given_u1(u1)), abs=1e-6)


def test_outcome_at_vertex_gives_the_vertex_utilities(logroll):
    f = pareto_frontier(logroll, (0, 1))
    u1 = f._to_util(f.a, 0)
    U = logroll.utility(f.outcome_at(u1))[:, :2]
    np.testing.assert_allclose(U[:, 0], u1, atol=1e-9)
    np.testing.assert_allclose(U[:, 1], f._to_util(f.b, 1), atol=1e-9)


def test_open_matches_the_brute_force_concave_envelope(logroll):
    """The lambda sweep must find the same envelope as enumerating every outcome."""
    f = pareto_frontier(logroll, (0, 1))
    X, U = _brute(logroll)
    S = np.stack([U[:, 0], U[:, 1] ** (1 / 0.7)], axis=1)  # additive scores (Q has risk aversion 0.3)
    hull = _upper_hull(S[:, 0], S[:, 1])
    hx, hy = S[hull, 0], S[hull, 1]
    top = np.argmax(hy)
    hx, hy = hx[top:], hy[top:]
    rng = np.random.default_rng(3)
    for v1, v2 in rng.uniform(0, 1, size=(500, 2)):
        s2 = v2 ** (1 / 0.7)
        brute = v1 <= hx[-1] + 1e-12 and np.interp(max(v1, hx[0]), hx, hy) >= s2 - 1e-12
        if abs(np.interp(max(v1, hx[0]), hx, hy) - s2) > 1e-3:  # skip points on the boundary itself
            assert bool(f.open(v1, v2)) == brute, (v1, v2)


def test_issue_zone_on_textbook_is_fearons_range():
    m = compile_model(zopa.load("textbook"))
    (lo, hi, _), = issue_zone(m, (0, 1), 0.35, 0.5)
    assert (lo, hi) == pytest.approx((0.35, 0.5))


def test_issue_zone_matches_brute_force(logroll):
    v1, v2 = 0.45, 0.4
    zones = issue_zone(logroll, (0, 1), v1, v2)
    X, U = _brute(logroll)
    # with additive utilities and mixing over the other issue, brute force on single outcomes
    # gives a subset of the zone; every brute-force feasible value must be in the zone
    for i, (lo, hi, _feas) in enumerate(zones):
        ok = (U[:, 0] >= v1) & (U[:, 1] >= v2)
        if ok.any():
            assert lo <= X[ok, i].min() + 1e-9 and X[ok, i].max() <= hi + 1e-9
