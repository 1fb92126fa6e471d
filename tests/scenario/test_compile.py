"""The compiled utility model, checked by hand calculations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import zopa
from zopa.scenario.compile import compile_model

GOOD = Path(__file__).parents[1] / "data" / "good.yaml"


def test_linear_additive_utility_by_hand():
    m = compile_model(zopa.load(GOOD))
    # A: land ideal 100 (salience .8), bloc ideal aligned=0 (salience .5), linear loss.
    # outcome land=40, bloc=neutral(1): u_land = 1 - 60/100 = .4 ; u_bloc = 1 - 1/2 = .5
    # weights .8/1.3 and .5/1.3 -> (.8*.4 + .5*.5)/1.3 = .57/1.3
    u = m.utility([40, 1])
    assert u[m.actor_index("A")] == pytest.approx(0.57 / 1.3)
    # B: land ideal 0 (sal .7): u = 1 - 40/100 = .6 ; bloc table neutral = .6 (sal .6)
    assert u[m.actor_index("B")] == pytest.approx((0.7 * 0.6 + 0.6 * 0.6) / 1.3)
    # the envoy has no stance: utility 0
    assert u[m.actor_index("envoy")] == 0.0


def test_loss_exponent_and_risk_aversion():
    s = zopa.load(GOOD, overrides=["actors.A.issues.land.loss_exponent=2", "actors.A.risk_aversion=0.5",
                                   "actors.A.issues.bloc.salience=0"])
    m = compile_model(s)
    # u_land = 1 - (0.6)^2 = .64 ; weights land only ; U = .64 ** (1 - .5) = .8
    assert m.utility([40, 0])[m.actor_index("A")] == pytest.approx(0.8, rel=1e-6)


def test_interpolated_table_for_fractional_ordinal_values():
    m = compile_model(zopa.load(GOOD))
    b = m.actor_index("B")
    # B's bloc table: aligned 0, neutral .6 -> halfway = .3
    assert m.issue_utility(1, 0.5)[b] == pytest.approx(0.3)


def test_vectorised_over_outcomes():
    m = compile_model(zopa.load(GOOD))
    X = np.array([[0, 0], [100, 2], [40, 1]], dtype=float)
    U = m.utility(X)
    assert U.shape == (3, 3)
    np.testing.assert_allclose(U[2], m.utility(X[2]))


def test_grids_follow_step_or_options():
    m = compile_model(zopa.load("textbook"))
    np.testing.assert_allclose(m.grids[0], np.arange(0, 1.0001, 0.05))
    m2 = compile_model(zopa.load(GOOD))
    np.testing.assert_allclose(m2.grids[1], [0, 1, 2])


def test_plans_matrix():
    m = compile_model(zopa.load("textbook"))
    ids, X = m.plans_matrix()
    assert ids == ["A-offer", "B-counter"]
    np.testing.assert_allclose(X[:, 0], [0.6, 0.45])
