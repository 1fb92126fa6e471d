"""The finite-horizon alternating-offers solver and its special cases."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq

from zopa.theory import (
    alternating_offers,
    breakdown_share,
    deadline_share,
    fearon_range,
    outside_option_share,
    rubinstein_share,
)


def constant(value, periods):
    """War values that do not change over time: shape value.shape + (periods + 1,)."""
    value = np.asarray(value, dtype=float)
    return np.broadcast_to(value[..., None], (*value.shape, periods + 1))


# --- reductions to the closed forms ------------------------------------------------------


@pytest.mark.parametrize("periods", [1, 2, 3, 10, 51])
def test_reduces_to_the_deadline_share(periods):
    rng = np.random.default_rng(periods)
    d1, d2 = rng.uniform(0, 1, (2, 50))
    zero = np.zeros((50, periods + 1))
    result = alternating_offers(zero, zero, d1[:, None], d2[:, None])
    np.testing.assert_allclose(result.share1[:, 0], deadline_share(d1, d2, periods), atol=1e-12)
    assert result.agree.all() and not result.war.any()
    # player 2 first: the roles swap
    result = alternating_offers(zero, zero, d1[:, None], d2[:, None], first="2")
    np.testing.assert_allclose(result.share1[:, 0], 1 - deadline_share(d2, d1, periods), atol=1e-12)


def test_reduces_to_brw_without_discounting():
    rng = np.random.default_rng(1)
    q = rng.uniform(0.1, 0.9, 40)
    d1 = rng.uniform(0.0, 0.5, 40)
    d2 = rng.uniform(0.0, 0.5, 40)
    periods = 400  # (1 - q)^T is negligible: the deadline no longer matters
    result = alternating_offers(
        constant(d1, periods), constant(d2, periods), 1.0, 1.0, q=q[:, None]
    )
    np.testing.assert_allclose(result.share1[:, 0], breakdown_share(q, d1, d2), atol=1e-9)


def test_brw_with_discounting_pays_war_one_period_later():
    # alternating_offers pays breakdown values at t+1, so its limit is BRW with d -> delta d
    q, d1, d2, delta = 0.2, 0.1, 0.15, 0.95
    result = alternating_offers(constant(d1, 600), constant(d2, 600), delta, delta, q=q)
    expected = breakdown_share(q, delta * d1, delta * d2, delta)
    assert result.share1[0] == pytest.approx(expected, abs=1e-9)
    assert expected > d1 and 1 - expected > d2  # the outside options do not bind here


def _bss_share(delta1, delta2, d1, d2):
    """Stationary SPE with outside options (Binmore, Shaked & Sutton 1989), by root finding.

    x = 1 - max(d2, delta2 (1 - y)),  y = max(d1, delta1 x).
    """
    return brentq(lambda x: 1 - max(d2, delta2 * (1 - max(d1, delta1 * x))) - x, -1.0, 2.0)


@pytest.mark.parametrize(
    ("delta1", "delta2", "d1", "d2"),
    [(0.9, 0.9, 0.6, 0.3), (0.9, 0.9, 0.1, 0.6), (0.9, 0.8, 0.1, 0.1), (0.95, 0.9, 0.55, 0.4)],
)
def test_reduces_to_the_outside_option_equilibrium(delta1, delta2, d1, d2):
    result = alternating_offers(constant(d1, 400), constant(d2, 400), delta1, delta2)
    assert result.share1[0] == pytest.approx(_bss_share(delta1, delta2, d1, d2), abs=1e-9)


def test_frequent_offers_limit_is_rubinstein_clamped_by_war_values():
    p = np.array([0.9, 0.5, 0.15, 0.3])
    c_a = np.array([0.1, 0.1, 0.05, 0.05])
    c_b = np.array([0.05, 0.1, 0.1, 0.4])
    delta, periods = 0.995, 8000
    w1, w2 = constant(p - c_a, periods), constant(1 - p - c_b, periods)
    result = alternating_offers(w1, w2, delta, delta)
    clamped = outside_option_share(rubinstein_share(delta, delta), p, c_a, c_b)
    np.testing.assert_allclose(result.share1[:, 0], clamped, atol=2 * (1 - delta))


@given(
    st.floats(0.0, 1.0),
    st.floats(-0.3, 0.3),
    st.floats(-0.3, 0.3),
    st.floats(0.5, 0.99),
    st.floats(0.0, 0.5),
    st.integers(1, 12),
    st.sampled_from(["1", "2"]),
)
@settings(max_examples=200)
def test_fearons_range_decides_agreement(p, c_a, c_b, delta, q, periods, first):
    w1, w2 = constant(p - c_a, periods), constant(1 - p - c_b, periods)
    result = alternating_offers(w1, w2, delta, delta, q=q, first=first)
    lo, hi = fearon_range(p, c_a, c_b)
    margin = min(hi - lo, hi, 1 - lo)  # > 0 iff the range holds a split of the pie
    if abs(margin) < 1e-9:
        return
    if margin > 0:  # agreement in every period, inside the range
        assert result.agree.all()
        assert np.all(result.share1 >= lo - 1e-12) and np.all(result.share1 <= hi + 1e-12)
    else:  # no split of the pie beats war for both (e.g. c_a + c_b < 0): war at once
        assert not result.agree.any()
        assert result.war[0]
        assert result.value1[0] == pytest.approx(p - c_a)


# --- brute force on tiny games ------------------------------------------------------------

OFFERS = np.linspace(0.0, 1.0, 1001)  # player 1's share in a proposal


def brute_force(w1, w2, d1, d2, q, first):
    """Solve by enumerating every grid offer and every reply, from the deadline back.

    Returns the players' values at t = 0 and whether the first proposal is accepted.
    """
    periods = len(w1) - 1
    v = np.array([w1[-1], w2[-1]])
    agree0 = None
    for t in range(periods - 1, -1, -1):
        i = (t + (0 if first == "1" else 1)) % 2
        j = 1 - i
        w_now = np.array([w1[t], w2[t]])
        w_next = np.array([w1[t + 1], w2[t + 1]])
        delta = np.array([d1, d2])
        cont = delta * (q * w_next + (1 - q) * v)  # after a rejection, without opting out
        # the responder, after a rejection, opts out only if that is strictly better
        after_reject = w_now if w_now[j] > cont[j] else cont
        shares = np.stack([OFFERS, 1 - OFFERS], axis=1)  # (offer, player)
        accepts = shares[:, j] >= max(w_now[j], cont[j]) - 1e-12
        outcomes = np.where(accepts[:, None], shares, after_reject)  # each offer's result
        best = int(np.argmax(outcomes[:, i]))
        candidates = [(outcomes[best, i], bool(accepts[best]), outcomes[best])]
        if accepts.any():  # the best accepted offer (a deal is preferred on ties)
            k = int(np.argmax(np.where(accepts, shares[:, i], -np.inf)))
            candidates.append((shares[k, i], True, shares[k]))
        candidates.append((w_now[i], False, w_now))  # the proposer opts out
        top = max(value for value, _, _ in candidates)
        ties = [c for c in candidates if c[0] >= top - 1e-12]
        choice = next((c for c in ties if c[1]), ties[0])  # a deal wins a tie
        v = np.asarray(choice[2], dtype=float)
        agree0 = choice[1]
    return v, agree0


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force_on_tiny_games(seed):
    rng = np.random.default_rng(seed)
    periods = int(rng.integers(1, 4))
    w1 = rng.uniform(-0.2, 0.8, periods + 1)
    w2 = rng.uniform(-0.2, 0.8, periods + 1)
    d1, d2 = rng.uniform(0.5, 1.0, 2)
    q = float(rng.uniform(0.0, 0.5))
    first = "1" if seed % 2 == 0 else "2"
    result = alternating_offers(w1, w2, d1, d2, q=q, first=first)
    v, agree = brute_force(w1, w2, d1, d2, q, first)
    step = OFFERS[1]
    np.testing.assert_allclose([result.value1[0], result.value2[0]], v, atol=2 * step * periods)
    assert bool(result.agree[0]) == agree


# --- properties and the contract ----------------------------------------------------------


@given(st.integers(0, 10_000), st.integers(1, 8))
def test_no_side_gets_less_than_war_and_deals_split_the_pie(seed, periods):
    rng = np.random.default_rng(seed)
    w1 = rng.uniform(-0.3, 0.9, (6, periods + 1))
    w2 = rng.uniform(-0.3, 0.9, (6, periods + 1))
    d1 = rng.uniform(0.3, 1.0, (6, periods))
    q = rng.uniform(0.0, 0.5, (6, 1))
    r = alternating_offers(w1, w2, d1, 0.9, q=q)
    assert np.all(r.value1 >= w1 - 1e-12) and np.all(r.value2 >= w2 - 1e-12)
    deal = r.agree
    total = r.value1[:, :-1] + r.value2[:, :-1]
    np.testing.assert_allclose(total[deal], 1.0)
    assert np.all((r.share1[deal] >= 0) & (r.share1[deal] <= 1))
    assert np.isnan(r.share1[~deal]).all()
    assert not (r.war & r.agree).any()


def test_shapes_broadcasting_and_proposer():
    w1 = np.zeros((2, 3, 6))
    r = alternating_offers(w1, np.zeros(6), np.full((3, 1), 0.9), 0.8, q=np.zeros(5))
    assert r.share1.shape == r.agree.shape == r.war.shape == (2, 3, 5)
    assert r.value1.shape == r.value2.shape == (2, 3, 6)
    np.testing.assert_array_equal(r.proposer, [0, 1, 0, 1, 0])
    np.testing.assert_array_equal(
        alternating_offers(w1, w1, 0.9, 0.9, first=2).proposer, [1, 0, 1, 0, 1]
    )
    assert r.agree.dtype == bool


def test_pie_scales_everything():
    rng = np.random.default_rng(4)
    w1, w2 = rng.uniform(0, 0.5, (2, 10, 8))
    base = alternating_offers(w1, w2, 0.9, 0.85, q=0.1)
    scaled = alternating_offers(3 * w1, 3 * w2, 0.9, 0.85, q=0.1, pie=3.0)
    np.testing.assert_allclose(scaled.value1, 3 * base.value1)
    np.testing.assert_allclose(scaled.share1, 3 * base.share1)


def test_per_period_discounting():
    # delta varying over time: the deadline game by hand with two offers.
    w = np.zeros(3)
    r = alternating_offers(w, w, [0.5, 0.9], [0.7, 0.6])
    # t = 1: player 2 proposes last and takes all; t = 0: player 1 gives player 2 delta2[0] * 1
    assert r.share1[1] == 0.0
    assert r.share1[0] == pytest.approx(1 - 0.7)


def test_validation():
    w = np.zeros(5)
    with pytest.raises(ValueError, match="first"):
        alternating_offers(w, w, 0.9, 0.9, first="A")
    with pytest.raises(ValueError, match="w1"):
        alternating_offers(np.zeros(1), np.zeros(1), 0.9, 0.9)
    with pytest.raises(ValueError, match="same number"):
        alternating_offers(w, np.zeros(4), 0.9, 0.9)
    with pytest.raises(ValueError, match="delta1"):
        alternating_offers(w, w, np.full(3, 0.9), 0.9)
    with pytest.raises(ValueError, match="q"):
        alternating_offers(w, w, 0.9, 0.9, q=1.5)
    with pytest.raises(ValueError, match="pie"):
        alternating_offers(w, w, 0.9, 0.9, pie=0.0)
    with pytest.raises(ValueError, match="broadcast"):
        alternating_offers(np.zeros((2, 5)), np.zeros((3, 5)), 0.9, 0.9)
