"""Screening offers and Bayesian learning from talks and battles."""

import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.theory import battle_update, posterior_sincere, screening

# --- two-period Coase screening -------------------------------------------------------------


def test_screening_by_hand():
    # (1 - 0.5) * 1.0 + 0.5 * 0.4 = 0.7; belief 0.6 >= 0.4 / 1.0: screen.
    assert screening(1.0, 0.4, 0.5, 0.6) == (pytest.approx(0.7), True)
    assert screening(1.0, 0.4, 0.5, 0.3) == (0.4, False)
    offer, screens = screening(1.0, 0.4, 0.5, 0.6)
    assert isinstance(screens, bool)


def _seller_best_first_price(v_high, v_low, delta, belief, n=40001):
    """Brute force: the seller picks a first price; the second-period price is v_low.

    A type buys now iff its surplus now beats waiting for v_low: v - p >= delta (v - v_low).
    """
    prices = np.linspace(0.0, v_high, n)
    high_now = v_high - prices >= delta * (v_high - v_low) - 1e-12
    low_now = v_low - prices >= -1e-12
    revenue = belief * np.where(high_now, prices, delta * v_low) + (1 - belief) * np.where(
        low_now, prices, delta * v_low
    )
    i = int(np.argmax(revenue))
    return prices[i], bool(high_now[i] and not low_now[i])


@given(st.floats(0.5, 2.0), st.floats(0.1, 0.9), st.floats(0.0, 0.95), st.floats(0.0, 1.0))
def test_screening_is_the_sellers_best_first_price(v_high, ratio, delta, belief):
    v_low = ratio * v_high
    # skip cases too close to the cutoff or to delta = 0 where two prices tie
    if (
        abs(belief - ratio) < 0.02
        or abs((1 - delta) * belief * v_high - (1 - delta) * v_low) < 1e-3
    ):
        return
    offer, screens = screening(v_high, v_low, delta, belief)
    best_price, best_screens = _seller_best_first_price(v_high, v_low, delta, belief)
    assert screens == best_screens
    assert offer == pytest.approx(best_price, abs=2 * v_high / 40000)


def test_coase_conjecture():
    offers = screening(1.0, 0.4, np.array([0.5, 0.9, 0.999]), 0.8).first_offer
    assert np.all(np.diff(offers) < 0)
    assert offers[-1] == pytest.approx(0.4, abs=1e-3)


def test_screening_validation():
    with pytest.raises(ValueError, match="v_low"):
        screening(0.4, 1.0, 0.5, 0.5)
    with pytest.raises(ValueError, match="delta"):
        screening(1.0, 0.4, 1.0, 0.5)
    with pytest.raises(ValueError, match="belief"):
        screening(1.0, 0.4, 0.5, 1.2)


# --- sincere or stalling ------------------------------------------------------------------


def test_posterior_by_hand():
    # odds 1 * (0.8/0.2) * (0.8/0.2) * (0.2/0.8) = 4 -> 0.8
    assert posterior_sincere(0.5, 0.8, 0.2, [1, 1, 0]) == pytest.approx(0.8)
    assert posterior_sincere(0.3, 0.8, 0.2, []) == pytest.approx(0.3)
    assert posterior_sincere(0.0, 0.8, 0.2, [1, 1]) == 0.0
    assert posterior_sincere(1.0, 0.8, 0.2, [0, 0]) == 1.0


def _sequential_bayes(prior, qs, qt, signals):
    mu = prior
    for s in signals:
        ls = qs if s else 1 - qs
        lt = qt if s else 1 - qt
        mu = mu * ls / (mu * ls + (1 - mu) * lt)
    return mu


@given(
    st.floats(0.01, 0.99),
    st.floats(0.05, 0.95),
    st.floats(0.05, 0.95),
    st.lists(st.integers(0, 1), max_size=30),
)
def test_posterior_is_bayes_round_by_round(prior, qs, qt, signals):
    post = posterior_sincere(prior, qs, qt, signals)
    assert post == pytest.approx(_sequential_bayes(prior, qs, qt, signals), abs=1e-9)
    assert posterior_sincere(prior, qs, qt, signals[::-1]) == pytest.approx(post, abs=1e-12)


def test_posterior_by_monte_carlo():
    rng = np.random.default_rng(2)
    n, rounds = 400_000, 3
    sincere = rng.random(n) < 0.4
    q = np.where(sincere, 0.7, 0.4)[:, None]
    signals = (rng.random((n, rounds)) < q).astype(int)
    for pattern in itertools.product([0, 1], repeat=rounds):
        hit = np.all(signals == pattern, axis=1)
        freq = sincere[hit].mean()
        post = posterior_sincere(0.4, 0.7, 0.4, pattern)
        assert freq == pytest.approx(post, abs=4 * np.sqrt(post * (1 - post) / hit.sum()))
    # vectorised over the sessions: the same answer as one call per pattern
    batch = posterior_sincere(0.4, 0.7, 0.4, signals[:5])
    assert batch.shape == (5,)
    assert batch[0] == pytest.approx(posterior_sincere(0.4, 0.7, 0.4, signals[0]))


def test_posterior_survives_long_histories():
    post = posterior_sincere(0.5, 0.9, 0.1, np.ones(2000))
    assert post == 1.0
    assert posterior_sincere(0.5, 0.9, 0.1, np.zeros(2000)) == 0.0


def test_posterior_validation():
    with pytest.raises(ValueError, match="signals"):
        posterior_sincere(0.5, 0.8, 0.2, [1, 2])
    with pytest.raises(ValueError, match="signals"):
        posterior_sincere(0.5, 0.8, 0.2, 1)
    with pytest.raises(ValueError, match="q_sincere"):
        posterior_sincere(0.5, 1.0, 0.2, [1])


# --- battles ------------------------------------------------------------------------------


def test_battle_update_by_hand():
    assert battle_update(0.5, 0.7, 0.3, True) == pytest.approx(0.7)
    assert battle_update(0.5, 0.7, 0.3, False) == pytest.approx(0.3)
    # 0.2 * 0.6 / (0.2 * 0.6 + 0.8 * 0.5)
    assert battle_update(0.2, 0.6, 0.5, True) == pytest.approx(0.12 / 0.52)


@given(st.floats(0.0, 1.0), st.floats(0.01, 0.99), st.floats(0.01, 0.99))
def test_beliefs_are_a_martingale(mu, ph, pl):
    p_win = mu * ph + (1 - mu) * pl
    expected = p_win * battle_update(mu, ph, pl, True) + (1 - p_win) * battle_update(
        mu, ph, pl, False
    )
    assert expected == pytest.approx(mu, abs=1e-12)


def test_battle_update_by_monte_carlo_and_agrees_with_the_signal_filter():
    rng = np.random.default_rng(9)
    strong = rng.random(500_000) < 0.3
    won = rng.random(strong.size) < np.where(strong, 0.65, 0.45)
    for outcome in (True, False):
        post = battle_update(0.3, 0.65, 0.45, outcome)
        hit = won == outcome
        assert strong[hit].mean() == pytest.approx(post, abs=4 * np.sqrt(post / hit.sum()))
        assert post == pytest.approx(posterior_sincere(0.3, 0.65, 0.45, [int(outcome)]))
    np.testing.assert_allclose(battle_update(0.5, 0.7, 0.3, np.array([True, False])), [0.7, 0.3])
    with pytest.raises(ValueError, match="won"):
        battle_update(0.5, 0.7, 0.3, 2)
