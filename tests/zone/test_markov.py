"""The battlefield Markov chain: exact moments, mass conservation, and a Monte Carlo check."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from zopa.zone import markov


@given(st.floats(-3, 3), st.floats(0.05, 4))
def test_rows_are_distributions(mu, sigma):
    P = markov.transition(markov.grid(0, 100, 51), np.array([mu]), np.array([sigma]))
    assert np.all(P >= -1e-15)
    np.testing.assert_allclose(P.sum(axis=-1), 1.0, atol=1e-12)


def test_interior_moments_match_the_random_walk():
    g = markov.grid(0, 100, 401)  # h = 0.25
    mu, sigma = -0.8, 2.0
    P = markov.transition(g, np.array([mu]), np.array([sigma]))[0]
    i = 200  # state 50, far from the bounds
    mean = P[i] @ g - g[i]
    var = P[i] @ (g - g[i] - mean) ** 2
    assert mean == pytest.approx(mu, abs=1e-9)
    # interpolation weights keep the mean and add at most h^2 / 4 to the variance
    assert sigma**2 <= var <= sigma**2 + 0.25**2 / 4


@pytest.mark.parametrize("mu, sigma", [(-0.9, 0.35), (0.3, 0.05), (1.7, 2.0)])
def test_mean_move_is_exact_even_on_a_coarse_grid(mu, sigma):
    g = markov.grid(0, 100, 21)  # spacing 5, far coarser than the shocks
    P = markov.transition(g, np.array([mu]), np.array([sigma]))[0]
    interior = slice(3, 18)
    np.testing.assert_allclose((P @ g - g)[interior], mu, atol=1e-9)


def test_deterministic_move_keeps_the_mean():
    g = markov.grid(0, 10, 11)
    P = markov.transition(g, np.array([0.3]), np.array([0.0]))[0]
    np.testing.assert_allclose(P @ g, np.clip(g + 0.3, 0, 10))


def test_bounds_absorb_the_tails():
    g = markov.grid(0, 1, 11)
    P = markov.transition(g, np.array([-5.0]), np.array([0.1]))[0]
    np.testing.assert_allclose(P[:, 0], 1.0, atol=1e-12)


def test_propagation_matches_monte_carlo_of_the_clipped_walk():
    rng = np.random.default_rng(1)
    g = markov.grid(0, 100, 201)
    mu, sigma, s0, T = -1.5, 3.0, 20.0, 12
    P = markov.transition(g, np.array([mu]), np.array([sigma]))
    dist = np.zeros((1, len(g)))
    dist[0, 40] = 1.0  # state 20
    for _ in range(T):
        dist = markov.propagate(P, dist)
    s = np.full(200_000, s0)
    for _ in range(T):
        s = np.clip(s + mu + sigma * rng.standard_normal(s.size), 0, 100)
    # P(state < 5) and the mean, exact chain vs simulation (the chain discretises with h = 0.5)
    assert dist[0] @ g == pytest.approx(s.mean(), abs=0.15)
    assert dist[0, g < 5].sum() == pytest.approx((s < 5 - 0.25).mean(), abs=0.01)


def test_expect_is_batched_over_worlds():
    g = markov.grid(0, 1, 5)
    P = markov.transition(g, np.array([0.0, 0.25]), np.array([0.0, 0.0]))
    v = np.array([[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]], dtype=float)
    out = markov.expect(P, v)
    np.testing.assert_allclose(out[0], [0, 1, 2, 3, 4], atol=1e-9)
    np.testing.assert_allclose(out[1], [1, 2, 3, 4, 4], atol=1e-9)
