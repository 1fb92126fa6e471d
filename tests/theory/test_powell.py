"""Powell's commitment problem: a large, fast shift in power makes war inevitable."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.theory import commitment_war, critical_shift

GRID = np.linspace(0.0, 1.0, 2001)  # offers of this period's pie
STEP = GRID[1]


def brute_rising(p_now, p_next, delta, c_a, margin=False):
    """B (rising) offers x of today's pie; afterwards A gets max(W_A(t+1), 0) in present value.

    War iff no offer on the grid is acceptable to A, whose war value now is W_A(t).
    With ``margin=True`` also return how far the decision is from a tie.
    """
    w_now = (p_now - c_a) / (1 - delta)
    w_next = (p_next - c_a) / (1 - delta)
    future = max(w_next, 0.0)  # B offers A its reservation value (never less than nothing)
    accepted = GRID + delta * future >= w_now
    war = not accepted.any()
    return (war, abs(GRID[-1] + delta * future - w_now)) if margin else war


def brute_declining(p_now, p_next, delta, c_a, c_b, margin=False):
    """A (declining) offers B y of today's pie, then B's reservation value for ever after.

    War iff A's best accepted offer is worth less to A than fighting now.
    """
    w_a_now = (p_now - c_a) / (1 - delta)
    w_b_now = (1 - p_now - c_b) / (1 - delta)
    b_future = max((1 - p_next - c_b) / (1 - delta), 0.0)
    a_future = 1 / (1 - delta) - b_future
    accepted = GRID + delta * b_future >= w_b_now
    best_peace = np.max(np.where(accepted, 1 - GRID + delta * a_future, -np.inf))
    war = w_a_now > best_peace
    return (war, abs(w_a_now - best_peace)) if margin else war


def test_critical_shift_by_hand():
    # rising: (1 - delta)(1 - p + c_a) / delta = 0.1 * 0.5 / 0.9
    assert critical_shift(0.6, 0.9, 0.1) == pytest.approx(0.05 / 0.9)
    # declining: [(1 - delta)(1 - p) + c_a + delta c_b] / delta = (0.04 + 0.1 + 0.09) / 0.9
    assert critical_shift(0.6, 0.9, 0.1, 0.1, proposer="declining") == pytest.approx(0.23 / 0.9)
    assert commitment_war(0.6, 0.5, 0.9, 0.1) is True
    assert commitment_war(0.6, 0.55, 0.9, 0.1) is False


def test_declining_proposer_is_more_favourable_to_peace():
    assert critical_shift(0.6, 0.9, 0.1, 0.1, "declining") > critical_shift(0.6, 0.9, 0.1, 0.1)


cases = st.tuples(
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
    st.floats(0.5, 0.98),
    st.floats(0.0, 0.3),
    st.floats(0.0, 0.3),
)


def _roles(p_now, p_next, delta, c_a, c_b):
    """Rewrite a case with the declining side first: (p_now, p_next, delta, c_decl, c_rise)."""
    if p_next <= p_now:
        return p_now, p_next, delta, c_a, c_b
    return 1 - p_now, 1 - p_next, delta, c_b, c_a


@given(cases)
def test_rising_condition_matches_brute_force(case):
    war, margin = brute_rising(*_roles(*case)[:4], margin=True)
    if margin < 4 * STEP:  # too close to a tie for a grid of offers to tell
        return
    assert commitment_war(*case) == war


@given(cases)
def test_declining_condition_matches_brute_force(case):
    war, margin = brute_declining(*_roles(*case), margin=True)
    if margin < 4 * STEP:
        return
    assert commitment_war(*case, proposer="declining") == war


def test_a_rise_is_the_mirror_image_of_a_fall():
    for proposer in ("rising", "declining"):
        for p_now, p_next in [(0.4, 0.5), (0.3, 0.45), (0.2, 0.9)]:
            mirror = commitment_war(1 - p_now, 1 - p_next, 0.9, 0.05, 0.1, proposer)
            assert commitment_war(p_now, p_next, 0.9, 0.1, 0.05, proposer) == mirror


def test_no_shift_causes_war_when_one_period_of_pie_beats_war():
    # p_now - c_a = 0.05 <= 1 - delta: the formula alone would call a fall to 0.0 a war.
    assert critical_shift(0.15, 0.9, 0.1) == np.inf
    assert commitment_war(0.15, 0.0, 0.9, 0.1) is False
    assert brute_rising(0.15, 0.0, 0.9, 0.1) is False


def test_continuous_time_form():
    # delta = exp(-r dt) and a shift of rate s per unit of time: war iff s > r (1 - p + c_a).
    r, p, c_a, dt = 0.1, 0.6, 0.1, 1e-4
    delta = np.exp(-r * dt)
    threshold_rate = r * (1 - p + c_a)
    assert critical_shift(p, delta, c_a) / dt == pytest.approx(threshold_rate, rel=1e-3)


def test_vectorised_and_validated():
    war = commitment_war(0.6, np.array([0.59, 0.5, 0.3]), 0.9, 0.1)
    np.testing.assert_array_equal(war, [False, True, True])
    assert critical_shift(np.array([0.6, 0.7]), 0.9, 0.1).shape == (2,)
    with pytest.raises(ValueError, match="proposer"):
        commitment_war(0.6, 0.5, 0.9, 0.1, proposer="B")
    with pytest.raises(ValueError, match="delta"):
        critical_shift(0.6, 1.0, 0.1)
    with pytest.raises(ValueError, match="c_b"):
        critical_shift(0.6, 0.9, 0.1, -0.1)
