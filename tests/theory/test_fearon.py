"""Fearon's bargaining range and the risk-return trade-off."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.theory import fearon_range, risk_return

prob = st.floats(0.0, 1.0)
cost = st.floats(0.0, 0.5)


def test_range_by_hand():
    # A wins with 0.6 and pays 0.1: it accepts 0.5 or more; B pays 0.15: it accepts up to 0.75.
    assert fearon_range(0.6, 0.1, 0.15) == (0.5, 0.75)
    lo, hi = fearon_range(0.6, 0.1, 0.15)
    assert isinstance(lo, float) and isinstance(hi, float)


@given(prob, cost, cost)
def test_every_share_in_range_beats_war_for_both(p, c_a, c_b):
    lo, hi = fearon_range(p, c_a, c_b)
    assert hi - lo == pytest.approx(c_a + c_b)
    for x in np.linspace(lo, hi, 7):
        assert x >= p - c_a - 1e-12  # A: the share beats the lottery p - c_a
        assert 1 - x >= 1 - p - c_b - 1e-12  # B: its share beats 1 - p - c_b


def test_range_broadcasts_and_clips():
    lo, hi = fearon_range(np.array([0.05, 0.5, 0.95]), 0.1, np.array([[0.1], [0.2]]))
    assert lo.shape == hi.shape == (2, 3)
    np.testing.assert_allclose(lo[0], [-0.05, 0.4, 0.85])
    np.testing.assert_allclose(hi[1], [0.25, 0.7, 1.15])
    clo, chi = fearon_range(np.array([0.05, 0.5, 0.95]), 0.1, 0.2, clip=True)
    np.testing.assert_allclose(clo, [0.0, 0.4, 0.85])
    np.testing.assert_allclose(chi, [0.25, 0.7, 1.0])


def test_negative_costs_make_the_range_empty():
    lo, hi = fearon_range(0.5, -0.2, 0.1)  # A gains from fighting: lo > hi
    assert lo > hi


@pytest.mark.parametrize(
    ("args", "name"),
    [((1.5, 0.1, 0.1), "p"), ((-0.1, 0.1, 0.1), "p"), ((0.5, float("nan"), 0.1), "c_a")],
)
def test_range_rejects_bad_arguments(args, name):
    with pytest.raises(ValueError, match=name):
        fearon_range(*args)


def test_risk_return_by_hand():
    # x* = p + (c_bar - c_a)/2 = 0.5 + 0.1; P(war) = 0.2 / (2 * 0.3).
    demand, p_war = risk_return(0.5, 0.1, 0.3)
    assert demand == pytest.approx(0.6)
    assert p_war == pytest.approx(1 / 3)
    # A's own cost above B's highest cost: A takes no risk.
    assert risk_return(0.5, 0.4, 0.3) == (0.5, 0.0)


def _best_demand_on_grid(p, c_a, c_bar, n=20001):
    x = np.linspace(p, 1.0, n)
    accept = np.clip(1.0 - (x - p) / c_bar, 0.0, 1.0)  # P(c_B >= x - p), c_B ~ U[0, c_bar]
    utility = accept * x + (1.0 - accept) * (p - c_a)
    i = np.argmax(utility)
    return x[i], 1.0 - accept[i]


@pytest.mark.parametrize(
    ("p", "c_a", "c_bar"),
    [(0.5, 0.1, 0.3), (0.2, 0.05, 0.6), (0.7, 0.0, 0.2), (0.9, 0.0, 0.6), (0.3, 0.5, 0.4)],
)
def test_risk_return_maximises_expected_utility_on_a_grid(p, c_a, c_bar):
    # Brute force over demands, including the capped case (0.9, 0, 0.6): x* = 1.2 > 1.
    x_grid, war_grid = _best_demand_on_grid(p, c_a, c_bar)
    demand, p_war = risk_return(p, c_a, c_bar)
    assert demand == pytest.approx(x_grid, abs=1e-4)
    assert p_war == pytest.approx(war_grid, abs=1e-3)


def test_risk_return_war_probability_by_monte_carlo():
    rng = np.random.default_rng(7)
    c_b = rng.uniform(0.0, 0.4, 400_000)
    demand, p_war = risk_return(0.4, 0.1, 0.4)
    rejected = np.mean(1.0 - demand < 1.0 - 0.4 - c_b)  # B fights if war beats its share
    assert rejected == pytest.approx(p_war, abs=4 * np.sqrt(p_war * (1 - p_war) / c_b.size))


def test_risk_return_vectorised_and_validated():
    demand, p_war = risk_return(np.array([0.5, 0.5]), np.array([0.1, 0.4]), 0.3)
    np.testing.assert_allclose(demand, [0.6, 0.5])
    np.testing.assert_allclose(p_war, [1 / 3, 0.0])
    with pytest.raises(ValueError, match="c_bar"):
        risk_return(0.5, 0.1, 0.0)
    with pytest.raises(ValueError, match="c_a"):
        risk_return(0.5, -0.1, 0.3)
