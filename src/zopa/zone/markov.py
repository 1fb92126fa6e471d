"""The battlefield as a Markov chain on a grid: transitions, expectations and propagation.

The battlefield state follows an arithmetic random walk with drift mu and standard
deviation sigma per month, clipped to its bounds. On a grid of n equally spaced
states with spacing h, the probability of moving from state i to j is the normal
mass of the cell around j (the two end cells take the tails), so the transition
depends only on the offset j - i except at the bounds: a Toeplitz kernel built
from 2n - 1 normal CDF values per regime. All functions work on a batch of worlds
(leading axis W) at once.

Examples
--------
>>> import numpy as np
>>> g = grid(0.0, 1.0, 5)
>>> P = transition(g, np.array([0.0]), np.array([0.0]))
>>> P[0].round(3).tolist() == np.eye(5).tolist()
True
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

__all__ = ["grid", "transition", "expect", "propagate", "interp_state"]


def grid(lo: float, hi: float, n: int) -> np.ndarray:
    """``n`` equally spaced states from ``lo`` to ``hi``."""
    if n < 2:
        raise ValueError(f"grid: n must be >= 2, got {n}")
    return np.linspace(lo, hi, n)


def transition(states: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Transition matrices, shape (W, n, n), for drift ``mu`` and volatility ``sigma`` (each shape (W,)).

    Row i holds the probabilities of the next state given state i; rows sum to 1.
    With ``sigma == 0`` the move is deterministic: the mass goes to the two grid
    states around ``s + mu`` (linear interpolation, so the mean is exact).
    """
    states = np.asarray(states, dtype=float)
    mu = np.atleast_1d(np.asarray(mu, dtype=float))
    sigma = np.atleast_1d(np.asarray(sigma, dtype=float))
    n = len(states)
    h = states[1] - states[0]
    W = max(len(mu), len(sigma))
    mu = np.broadcast_to(mu, (W,))
    sigma = np.broadcast_to(sigma, (W,))
    # offsets d = j - i in -(n-1)..(n-1); cell of j spans (d - 1/2, d + 1/2) * h around the target
    d = np.arange(-(n - 1), n, dtype=float)
    out = np.empty((W, n, n))
    stoch = sigma > 0
    if stoch.any():
        m, s = mu[stoch, None], sigma[stoch, None]
        upper = ndtr(((d + 0.5) * h - m) / s)  # P(step < (d + 1/2) h)
        lower = ndtr(((d - 0.5) * h - m) / s)
        kernel = upper - lower  # (Ws, 2n-1)
        i = np.arange(n)[:, None]
        j = np.arange(n)[None, :]
        idx = j - i + (n - 1)  # (n, n) index into the kernel
        P = kernel[:, idx]
        # the end cells take the tails: j = 0 gets everything below, j = n-1 everything above
        P[:, :, 0] = upper[:, idx[:, 0]]
        P[:, :, n - 1] = 1.0 - lower[:, idx[:, n - 1]]
        out[stoch] = P
    det = ~stoch
    if det.any():
        target = np.clip(states[None, :] + mu[det, None], states[0], states[-1])  # (Wd, n)
        pos = (target - states[0]) / h
        lo = np.clip(np.floor(pos).astype(int), 0, n - 1)
        hi = np.clip(lo + 1, 0, n - 1)
        w_hi = np.where(hi > lo, pos - lo, 0.0)
        P = np.zeros((det.sum(), n, n))
        rows = np.arange(n)[None, :]
        wi = np.arange(det.sum())[:, None]
        np.add.at(P, (wi, rows, lo), 1.0 - w_hi)
        np.add.at(P, (wi, rows, hi), w_hi)
        out[det] = P
    return out


def expect(P: np.ndarray, values: np.ndarray) -> np.ndarray:
    """E[values(next state) | state] for each world: ``P`` (W, n, n), ``values`` (W, ..., n) -> same shape."""
    return np.einsum("wij,w...j->w...i", P, values, optimize=True)


def propagate(P: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """Distribution over states one month later: ``dist`` (W, n) -> (W, n)."""
    return np.einsum("wi,wij->wj", dist, P, optimize=True)


def interp_state(states: np.ndarray, values: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Linear interpolation of per-world grid values ``values`` (W, n) at states ``s`` (W, k)."""
    n = len(states)
    h = states[1] - states[0]
    pos = np.clip((s - states[0]) / h, 0, n - 1)
    lo = np.clip(np.floor(pos).astype(int), 0, n - 2)
    t = pos - lo
    v0 = np.take_along_axis(values, lo, axis=1)
    v1 = np.take_along_axis(values, lo + 1, axis=1)
    return v0 * (1 - t) + v1 * t
