"""Rubinstein's share and its extensions: rates, fixed costs, deadlines, breakdown, outside options."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.optimize import brentq

from zopa.theory import (
    breakdown_share,
    deadline_share,
    fixed_cost_bounds,
    fixed_cost_share,
    outside_option_share,
    rubinstein_rates,
    rubinstein_share,
)

disc = st.floats(0.0, 0.99)


def backward_share(delta1, delta2, periods):
    """Plain-Python backward induction: player 1's share with `periods` offers, (0, 0) after."""
    proposer_share = 1.0  # the last proposer takes everything
    for k in range(periods - 1, 0, -1):  # period k proposes; next proposer is the responder
        responder = 2 if k % 2 == 1 else 1  # player 1 proposes in odd periods
        delta_resp = delta2 if responder == 2 else delta1
        proposer_share = 1.0 - delta_resp * proposer_share
    return proposer_share


# --- Rubinstein -------------------------------------------------------------------------


def test_rubinstein_by_hand():
    assert rubinstein_share(0.9, 0.9) == pytest.approx(1 / 1.9)
    assert rubinstein_share(0.8, 0.9) == pytest.approx(0.1 / 0.28)
    assert rubinstein_share(1.0, 0.5) == 1.0  # a perfectly patient first proposer takes all
    assert rubinstein_share(0.5, 1.0) == 0.0


def test_rubinstein_is_the_limit_of_backward_induction():
    for d1, d2 in [(0.9, 0.9), (0.8, 0.95), (0.99, 0.7)]:
        assert backward_share(d1, d2, 3001) == pytest.approx(rubinstein_share(d1, d2), abs=1e-9)


@given(disc, disc)
def test_rubinstein_makes_the_responder_indifferent(d1, d2):
    x = rubinstein_share(d1, d2)
    y = d1 * x  # player 1's share when player 2 proposes: 1 is indifferent
    assert 1 - x == pytest.approx(d2 * (1 - y), abs=1e-12)
    assert 0.0 <= x <= 1.0


@given(disc, disc, st.floats(0.001, 0.2))
def test_rubinstein_rewards_patience(d1, d2, step):
    x = rubinstein_share(d1, d2)
    assert rubinstein_share(min(d1 + step, 0.999), d2) >= x - 1e-12
    assert rubinstein_share(d1, min(d2 + step, 0.999)) <= x + 1e-12


def test_rubinstein_rates_is_the_frequent_offers_limit():
    assert rubinstein_rates(0.05, 0.15) == pytest.approx(0.75)
    for r1, r2 in [(0.05, 0.15), (0.3, 0.1), (1.0, 1.0)]:
        dt = 1e-6
        x = rubinstein_share(np.exp(-r1 * dt), np.exp(-r2 * dt))
        assert x == pytest.approx(rubinstein_rates(r1, r2), abs=1e-5)


def test_rubinstein_validation():
    with pytest.raises(ValueError, match="delta1"):
        rubinstein_share(1.1, 0.9)
    with pytest.raises(ValueError, match="both"):
        rubinstein_share(1.0, 1.0)
    with pytest.raises(ValueError, match="r2"):
        rubinstein_rates(0.1, -0.1)
    with pytest.raises(ValueError, match="both"):
        rubinstein_rates(0.0, 0.0)


# --- fixed costs ----------------------------------------------------------------------


def stationary_fixed_points(c1, c2, n=100001):
    """Grid search for SPE shares x: x = min(max(x - c1, 0) + c2, 1) (Osborne & Rubinstein 3.9).

    Player 2, offered 1 - x, must be indifferent with proposing y next period at cost c2;
    player 1, offered y, with proposing x at cost c1; shares stay in [0, 1].
    """
    x = np.linspace(0.0, 1.0, n)
    gap = np.abs(np.minimum(np.maximum(x - c1, 0.0) + c2, 1.0) - x)
    return x[gap < 1e-9]


@pytest.mark.parametrize(("c1", "c2"), [(0.1, 0.2), (0.3, 0.2), (0.05, 0.5), (0.6, 0.25)])
def test_fixed_cost_share_is_the_unique_stationary_point(c1, c2):
    points = stationary_fixed_points(c1, c2)
    share = fixed_cost_share(c1, c2)
    assert points.min() == pytest.approx(share, abs=1e-5)
    assert points.max() == pytest.approx(share, abs=1e-5)
    assert fixed_cost_bounds(c1, c2) == (share, share)


def test_fixed_cost_tie_is_a_continuum():
    points = stationary_fixed_points(0.2, 0.2)
    assert points.min() == pytest.approx(0.2, abs=1e-5) and points.max() == 1.0
    assert np.isnan(fixed_cost_share(0.2, 0.2))
    assert fixed_cost_bounds(0.2, 0.2) == (0.2, 1.0)


def test_fixed_cost_by_hand_and_vectorised():
    np.testing.assert_array_equal(fixed_cost_share([0.1, 0.3, 0.2], 0.2), [1.0, 0.2, np.nan])
    with pytest.raises(ValueError, match="c1"):
        fixed_cost_share(1.0, 0.5)


# --- deadlines --------------------------------------------------------------------------


def test_deadline_by_hand():
    assert deadline_share(0.8, 0.9, 1) == 1.0  # player 1 is the last proposer
    assert deadline_share(0.8, 0.9, 2) == pytest.approx(1 - 0.9)
    assert deadline_share(0.8, 0.9, 3) == pytest.approx(1 - 0.9 * (1 - 0.8))
    # common delta: (1 - (-delta)^T) / (1 + delta)
    for t in range(1, 12):
        assert deadline_share(0.9, 0.9, t) == pytest.approx((1 - (-0.9) ** t) / 1.9)


@given(disc, disc, st.integers(1, 60))
def test_deadline_matches_backward_induction(d1, d2, periods):
    assert deadline_share(d1, d2, periods) == pytest.approx(
        backward_share(d1, d2, periods), abs=1e-12
    )


@given(disc, disc, st.integers(1, 40))
def test_last_proposer_gains(d1, d2, m):
    x = rubinstein_share(d1, d2)
    assert deadline_share(d1, d2, 2 * m + 1) >= x - 1e-12  # player 1 proposes last
    assert deadline_share(d1, d2, 2 * m) <= x + 1e-12  # player 2 proposes last
    assert 0.0 <= deadline_share(d1, d2, m) <= 1.0


@given(st.floats(0.0, 0.97), st.floats(0.0, 0.97), st.sampled_from([1600, 1601]))
def test_deadline_tends_to_rubinstein(d1, d2, periods):
    assert deadline_share(d1, d2, periods) == pytest.approx(rubinstein_share(d1, d2), abs=1e-9)


@given(st.floats(0.0, 0.95), disc, st.integers(1, 30), st.floats(0.01, 0.04))
def test_deadline_rewards_patience(d1, d2, periods, step):
    assert deadline_share(d1 + step, d2, periods) >= deadline_share(d1, d2, periods) - 1e-12


def test_deadline_vectorised_and_validated():
    shares = deadline_share(np.array([[0.9], [0.5]]), 0.9, np.arange(1, 5))
    assert shares.shape == (2, 4)
    assert shares[0, 1] == pytest.approx(0.1)
    assert deadline_share(1.0, 1.0, 5) == 1.0  # no discounting: the last proposer's share
    with pytest.raises(ValueError, match="periods"):
        deadline_share(0.9, 0.9, 2.5)
    with pytest.raises(ValueError, match="periods"):
        deadline_share(0.9, 0.9, 0)


# --- breakdown (Binmore, Rubinstein & Wolinsky) -------------------------------------------


def test_breakdown_by_hand():
    # delta = 1: [(1 - d2) + (1 - q) d1] / (2 - q) = (0.8 + 0.1) / 1.5
    assert breakdown_share(0.5, 0.2, 0.2) == pytest.approx(0.6)
    # q -> 0: the Nash solution d1 + (1 - d1 - d2) / 2
    assert breakdown_share(1e-9, 0.2, 0.4) == pytest.approx(0.4)
    # q = 0 with discounting: Rubinstein
    assert breakdown_share(0.0, 0.3, 0.3, 0.9) == pytest.approx(rubinstein_share(0.9, 0.9))


def _breakdown_stationary(q, d1, d2, delta):
    """Solve the two indifference conditions as a linear system.

    1 - x = q d2 + (1 - q) delta (1 - y)    (2 indifferent to 1's offer x)
    y = q d1 + (1 - q) delta x              (1 indifferent to 2's offer y)
    """
    k = (1 - q) * delta
    a = np.array([[1.0, -k], [-k, 1.0]])
    b = np.array([1 - q * d2 - k, q * d1])
    return np.linalg.solve(a, b)[0]


def _breakdown_backward(q, d1, d2, delta, periods=3000):
    """Long finite horizon, breakdown payoffs received at the rejection; (d1, d2) at the end."""
    v1, v2 = d1, d2  # values at the deadline
    for t in range(periods - 1, -1, -1):
        c1 = q * d1 + (1 - q) * delta * v1
        c2 = q * d2 + (1 - q) * delta * v2
        v1, v2 = (1 - c2, c2) if t % 2 == 0 else (c1, 1 - c1)
    return v1


@pytest.mark.parametrize(
    ("q", "d1", "d2", "delta"),
    [(0.5, 0.2, 0.2, 1.0), (0.1, 0.0, 0.3, 1.0), (0.2, 0.1, 0.4, 0.9), (0.05, 0.3, 0.1, 0.97)],
)
def test_breakdown_solves_the_stationary_equations(q, d1, d2, delta):
    x = breakdown_share(q, d1, d2, delta)
    assert x == pytest.approx(_breakdown_stationary(q, d1, d2, delta))
    assert x == pytest.approx(_breakdown_backward(q, d1, d2, delta), abs=1e-9)


@given(st.floats(0.01, 1.0), st.floats(0.0, 0.5), st.floats(0.0, 0.5))
def test_breakdown_gives_each_at_least_its_breakdown_payoff(q, d1, d2):
    x = breakdown_share(q, d1, d2)
    assert d1 - 1e-12 <= x <= 1 - d2 + 1e-12


def test_breakdown_validation():
    with pytest.raises(ValueError, match="d1 \\+ d2"):
        breakdown_share(0.5, 0.6, 0.6)
    with pytest.raises(ValueError, match="q = 0"):
        breakdown_share(0.0, 0.2, 0.2)
    with pytest.raises(ValueError, match="q"):
        breakdown_share(1.5, 0.2, 0.2)


# --- outside options --------------------------------------------------------------------


def test_outside_option_by_hand():
    assert outside_option_share(0.5, 0.8, 0.1, 0.1) == pytest.approx(0.7)  # A's war value binds
    assert outside_option_share(0.9, 0.3, 0.1, 0.2) == pytest.approx(0.5)  # B's binds
    assert outside_option_share(0.5, 0.5, 0.1, 0.1) == 0.5  # nothing binds
    assert np.isnan(outside_option_share(0.5, 0.5, -0.2, 0.1))  # empty range: no deal


def _bss_share(delta, d1, d2):
    """Stationary SPE with outside options at finite delta (Binmore, Shaked & Sutton 1989).

    x = 1 - max(d2, delta (1 - y)),  y = max(d1, delta x): solved by root finding.
    """
    return brentq(lambda x: 1 - max(d2, delta * (1 - max(d1, delta * x))) - x, -1.0, 2.0)


@pytest.mark.parametrize(("p", "c_a", "c_b"), [(0.8, 0.1, 0.1), (0.2, 0.05, 0.1), (0.5, 0.1, 0.1)])
def test_outside_option_is_the_frequent_offers_limit_of_bss(p, c_a, c_b):
    d1, d2 = p - c_a, 1 - p - c_b
    delta = 0.99999
    x = outside_option_share(rubinstein_share(delta, delta), p, c_a, c_b)
    assert x == pytest.approx(_bss_share(delta, d1, d2), abs=1e-4)


@given(st.floats(0.0, 1.0), st.floats(0.0, 1.0), st.floats(0.0, 0.5), st.floats(0.0, 0.5))
def test_outside_option_stays_in_fearons_range(x, p, c_a, c_b):
    share = outside_option_share(x, p, c_a, c_b)
    assert p - c_a - 1e-12 <= share <= p + c_b + 1e-12
    if p - c_a <= x <= p + c_b:
        assert share == x
