"""The battlefield as a Markov chain on a grid: transitions, expectations and propagation.

The battlefield state follows an arithmetic random walk with drift mu and standard
deviation sigma per month, clipped to its bounds. Each world has its own grid of n equally
spaced states (spacing h); the probability of moving from state i to state j is the expected
linear-interpolation weight ("tent") of grid point j at the continuous next state,

.. math:: P_{ij} = E\\,[\\max(0, 1 - |s_i + \\mu + \\sigma Z - s_j| / h)],

which has a closed form in the normal CDF and density. Unlike binning, these weights keep the
mean move exactly equal to mu however coarse the grid (the variance grows by at most h^2/4);
the end points take everything beyond them. The weights depend only on the offset j - i, and
both the tents and the end points are differences of ``E[(s_i + mu + sigma Z - s_j)^+]``, so
each regime needs that at 2n + 1 offsets only. All functions work on a batch of worlds (axis W).

Examples
--------
>>> import numpy as np
>>> g = grid(0.0, 1.0, 5)
>>> P = transition(g, np.array([0.1]), np.array([0.05]))
>>> float((P[0] @ g)[2] - g[2])  # the mean move is exactly the drift
0.1
"""

from __future__ import annotations

import numpy as np
from scipy.special import ndtr

__all__ = ["grid", "transition", "expect", "propagate", "interp_state"]

_SQRT_2PI = np.sqrt(2 * np.pi)


def grid(lo: float, hi: float, n: int) -> np.ndarray:
    """``n`` equally spaced states from ``lo`` to ``hi``."""
    if n < 2:
        raise ValueError(f"grid: n must be >= 2, got {n}")
    return np.linspace(lo, hi, n)


def _ramp(m: np.ndarray, s: np.ndarray) -> np.ndarray:
    """E[(Y)^+] for Y ~ N(m, s^2) (s > 0)."""
    z = m / s
    return m * ndtr(z) + s * np.exp(-0.5 * z * z) / _SQRT_2PI


def transition(states: np.ndarray, mu: np.ndarray, sigma: np.ndarray) -> np.ndarray:
    """Transition matrices, shape (W, n, n): row i holds the probabilities of the next state given state i.

    ``states`` is one grid (n,) for every world or a grid per world (W, n); ``mu`` and ``sigma``
    have shape (W,). With ``sigma == 0`` the move is deterministic and the mass goes to the two
    grid points around ``s + mu``.
    """
    mu = np.atleast_1d(np.asarray(mu, dtype=float))
    sigma = np.atleast_1d(np.asarray(sigma, dtype=float))
    W = max(len(mu), len(sigma))
    mu = np.broadcast_to(mu, (W,))
    sigma = np.broadcast_to(sigma, (W,))
    states = np.asarray(states, dtype=float)
    if states.ndim == 1:
        states = np.broadcast_to(states, (W, len(states)))
    n = states.shape[1]
    h = states[:, 1] - states[:, 0]  # (W,)
    idx = np.arange(n)[None, :] - np.arange(n)[:, None] + (n - 1)  # (i, j) -> offset index
    s = np.maximum(sigma, 1e-12 * h)[:, None]
    hh = h[:, None]
    # E[(step - d h)^+] at every offset d = -n..n, evaluated once: the tents and the end points below
    # are differences of neighbouring values
    ramp = _ramp(mu[:, None] - np.arange(-n, n + 1, dtype=float)[None, :] * hh, s)  # (W, 2n+1), offset d at d + n
    # tent weight of offset d: E[T(step - d h)], T(y) = ((y + h)^+ - 2 y^+ + (y - h)^+) / h
    tent = (ramp[:, :-2] - 2 * ramp[:, 1:-1] + ramp[:, 2:]) / hh  # (W, 2n-1), offsets -(n-1)..n-1
    tent[tent < 1e-15] = 0.0  # no denormals: they slow the matrix products down a hundredfold
    P = np.ascontiguousarray(tent[:, idx])  # (W, n, n), C order for fast batched products
    # the lowest point takes all mass below it: 1 - E[min(1, (y - s_0)^+ / h)] with y = s_i + step,
    # i.e. 1 - (ramp at offset -i  -  ramp at offset 1 - i) / h
    i = np.arange(n)
    low = 1.0 - (ramp[:, n - i] - ramp[:, n + 1 - i]) / hh
    P[:, :, 0] = np.where(low < 1e-15, 0.0, low)
    P[:, :, n - 1] = 0.0
    P[:, :, n - 1] = 1.0 - P.sum(axis=2)
    np.clip(P, 0.0, 1.0, out=P)
    return P


def expect(P: np.ndarray, values: np.ndarray) -> np.ndarray:
    """E[values(next state) | state] for each world: ``P`` (W, n, n), ``values`` (W, ..., n) -> same shape."""
    W, n = values.shape[0], values.shape[-1]
    flat = values.reshape(W, -1, n)
    return np.matmul(flat, P.transpose(0, 2, 1)).reshape(values.shape)


def propagate(P: np.ndarray, dist: np.ndarray) -> np.ndarray:
    """Distribution over states one month later: ``dist`` (W, n) -> (W, n)."""
    return np.matmul(dist[:, None, :], P)[:, 0, :]


def interp_state(states: np.ndarray, values: np.ndarray, s: np.ndarray) -> np.ndarray:
    """Linear interpolation of grid values ``values`` (W, n) at states ``s`` (W, k); grids (n,) or (W, n)."""
    states = np.asarray(states, dtype=float)
    if states.ndim == 1:
        states = np.broadcast_to(states, values.shape)
    n = states.shape[1]
    h = (states[:, 1] - states[:, 0])[:, None]
    pos = np.clip((s - states[:, :1]) / h, 0, n - 1)
    lo = np.clip(np.floor(pos).astype(int), 0, n - 2)
    t = pos - lo
    v0 = np.take_along_axis(values, lo, axis=1)
    v1 = np.take_along_axis(values, lo + 1, axis=1)
    return v0 * (1 - t) + v1 * t
