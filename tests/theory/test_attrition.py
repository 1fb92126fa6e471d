"""The war of attrition: hazards, duration, and the private-cost equilibrium."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.integrate import quad

from zopa.theory import attrition, attrition_delay, attrition_time


def test_complete_information_by_hand():
    # hazard_i = c_j / v_j: 1 concedes at 0.1 / 2, 2 at 0.1 / 1.
    h1, h2, duration, p1 = attrition(1.0, 2.0, 0.1, 0.1)
    assert (h1, h2) == (pytest.approx(0.05), pytest.approx(0.1))
    assert duration == pytest.approx(1 / 0.15)
    assert p1 == pytest.approx(1 / 3)  # the side that values the prize more concedes faster


def test_duration_and_first_concession_by_monte_carlo():
    rng = np.random.default_rng(11)
    h1, h2, duration, p1 = attrition(1.5, 0.8, 0.2, 0.3)
    n = 400_000
    t1 = rng.exponential(1 / h1, n)
    t2 = rng.exponential(1 / h2, n)
    ends = np.minimum(t1, t2)
    assert ends.mean() == pytest.approx(duration, abs=4 * ends.std() / np.sqrt(n))
    assert np.mean(t1 < t2) == pytest.approx(p1, abs=4 * np.sqrt(p1 * (1 - p1) / n))


@pytest.mark.parametrize("stop", [0.5, 3.0, 20.0])
def test_the_other_side_is_indifferent_when_it_quits(stop):
    # Player 2 (value v2, cost c2) plans to quit at `stop` against player 1's hazard:
    # it expects v2 P(1 quits first) - c2 E[fighting time], which must be 0 at every stop.
    rng = np.random.default_rng(5)
    v2, c2 = 0.8, 0.3
    h1 = attrition(1.5, v2, 0.2, c2).hazard1
    t1 = rng.exponential(1 / h1, 1_000_000)
    payoff = v2 * (t1 < stop) - c2 * np.minimum(t1, stop)
    assert payoff.mean() == pytest.approx(0.0, abs=4 * payoff.std() / np.sqrt(t1.size))


@given(st.floats(0.1, 10), st.floats(0.1, 10), st.floats(0.01, 1), st.floats(0.01, 1))
def test_attrition_properties(v1, v2, c1, c2):
    h1, h2, duration, p1 = attrition(v1, v2, c1, c2)
    assert 0 < p1 < 1 and duration > 0
    assert duration == pytest.approx(1 / (h1 + h2))
    # a higher own value makes one concede faster (it is the other's indifference that binds)
    assert attrition(2 * v1, v2, c1, c2).hazard2 < h2


def test_attrition_time_by_hand():
    # G (1/c - 1/c_max) with G = 2, c_max = 0.5
    np.testing.assert_allclose(attrition_time([0.1, 0.25, 0.5], 2.0, 0.5), [16.0, 4.0, 0.0])
    assert attrition_delay(2.0, 0.5) == 4.0


def _payoff_of_quitting_at(stop, c, gain, c_max):
    """Expected payoff of a player with cost c who quits at `stop` against T(.) (numerical)."""
    # The opponent (cost u ~ U[0, c_max]) quits at T(u) = G (1/u - 1/c_max); T(u) < stop iff u > u*.
    u_star = 1.0 / (stop / gain + 1.0 / c_max)
    p_win = 1.0 - u_star / c_max
    fight, _ = quad(lambda u: gain * (1.0 / u - 1.0 / c_max) / c_max, u_star, c_max)
    fight += stop * u_star / c_max
    return gain * p_win - c * fight


@pytest.mark.parametrize("c", [0.1, 0.2, 0.35])
def test_attrition_time_is_a_best_response(c):
    gain, c_max = 1.0, 0.5
    stops = np.linspace(0.0, 25.0, 2501)
    payoffs = [_payoff_of_quitting_at(s, c, gain, c_max) for s in stops]
    best = stops[int(np.argmax(payoffs))]
    assert best == pytest.approx(attrition_time(c, gain, c_max), abs=0.02)


def test_expected_delay_by_monte_carlo():
    rng = np.random.default_rng(3)
    gain, c_max = 1.5, 0.6
    costs = rng.uniform(0.0, c_max, (2, 2_000_000))
    costs = np.maximum(costs, 1e-12)
    ends = np.minimum(attrition_time(costs[0], gain, c_max), attrition_time(costs[1], gain, c_max))
    # the time to the first concession has a heavy tail (finite mean, infinite variance)
    assert ends.mean() == pytest.approx(attrition_delay(gain, c_max), rel=0.03)


def test_validation():
    with pytest.raises(ValueError, match="v1"):
        attrition(0.0, 1.0, 0.1, 0.1)
    with pytest.raises(ValueError, match="c_max"):
        attrition_time(0.6, 1.0, 0.5)
    with pytest.raises(ValueError, match="c"):
        attrition_time(0.0, 1.0, 0.5)
    with pytest.raises(ValueError, match="gain"):
        attrition_delay(-1.0, 0.5)
