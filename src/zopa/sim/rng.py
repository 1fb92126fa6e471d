"""Counter-based random numbers: one stream per (seed, session, step, purpose).

A batched simulation must give the same numbers to session ``i`` whether it
runs alone, in a batch of ten or in a batch of a million.  Drawing from one
shared :class:`numpy.random.Generator` cannot do that (the draws depend on the
batch), and building one generator per session is a Python loop.  Instead every
draw is a pure function of its coordinates, hashed with SplitMix64 (Steele,
Lea & Flood 2014, "Fast splittable pseudorandom number generators", OOPSLA),
the finaliser also used to seed xoshiro generators.  The hash is vectorised
over numpy ``uint64`` arrays.

Examples
--------
>>> import numpy as np
>>> a = uniform(7, np.arange(5), step=3, stream=1)
>>> b = uniform(7, np.arange(2, 4), step=3, stream=1)
>>> bool(np.array_equal(a[2:4], b))
True
>>> bool(((a >= 0) & (a < 1)).all())
True
"""

from __future__ import annotations

import numpy as np

__all__ = ["uniform", "normal", "normals", "seed_from"]

_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser on a uint64 array (wrapping arithmetic)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return z ^ (z >> np.uint64(31))


_MASK = 0xFFFFFFFFFFFFFFFF
_SESSIONS: dict[tuple[int, bytes], np.ndarray] = {}  # (seed, sessions) -> their first hash, for small batches
_CACHE_MAX = 4096  # sessions in an array whose first hash is remembered


def _times(k: int, m: np.uint64) -> np.uint64:
    """``k * m`` modulo 2**64 (the wrapping product, without numpy's scalar overflow warning)."""
    return np.uint64((k * int(m)) & _MASK)


def _session_hash(seed: int, session: np.ndarray) -> np.ndarray:
    """The hash of (seed, session) that every draw of a session starts from."""
    s = np.asarray(session, dtype=np.uint64)
    key = (int(seed) & _MASK, s.tobytes()) if s.size <= _CACHE_MAX else None
    if key is not None:
        hit = _SESSIONS.get(key)
        if hit is not None:
            return hit
    h = _mix(s * _GOLDEN + _mix(np.array([np.uint64(int(seed) & _MASK)]))[0])
    if key is not None:
        if len(_SESSIONS) >= 64:
            _SESSIONS.clear()
        _SESSIONS[key] = h
    return h


def _step_hash(seed: int, session: np.ndarray, step: int) -> np.ndarray:
    return _mix(_session_hash(seed, session) + _times(int(step) & 0xFFFFFFFF, _GOLDEN))


def _key(seed: int, session: np.ndarray, step: int, stream: int) -> np.ndarray:
    return _mix(_step_hash(seed, session, step) + _times(int(stream) & 0xFFFFFFFF, _M2))


def _unit(h: np.ndarray, stream: int) -> np.ndarray:
    """Uniforms in [0, 1) from a step hash and a stream number (the top 53 bits of the final hash)."""
    bits = _mix(h + _times(int(stream) & 0xFFFFFFFF, _M2)) >> np.uint64(11)
    return bits.astype(np.float64) * (1.0 / 9007199254740992.0)


def uniform(seed: int, session: np.ndarray, step: int = 0, stream: int = 0) -> np.ndarray:
    """Uniform draws in [0, 1), one per session, fixed by (seed, session, step, stream).

    Parameters
    ----------
    seed : int
        The simulation's seed.
    session : array of int
        Global session indices (not positions in the batch).
    step, stream : int
        The round and a number naming what the draw is for, so that different
        uses never share numbers.

    Returns
    -------
    numpy.ndarray
        float64 array shaped like ``session``.
    """
    if np.ndim(session) == 0:  # a single session: a numpy scalar, as numpy's own arithmetic gives
        return uniform(seed, np.reshape(session, 1), step, stream)[0]
    return _unit(_step_hash(seed, session, step), stream)


def normal(seed: int, session: np.ndarray, step: int = 0, stream: int = 0) -> np.ndarray:
    """Standard normal draws by the Box-Muller transform (Box & Muller 1958).

    Examples
    --------
    >>> import numpy as np
    >>> z = normal(1, np.arange(20000))
    >>> abs(float(z.mean())) < 0.03 and abs(float(z.std()) - 1) < 0.03
    True
    """
    if np.ndim(session) == 0:
        return normal(seed, np.reshape(session, 1), step, stream)[0]
    h = _step_hash(seed, session, step)
    u1 = _unit(h, 2 * stream + 1000)
    u2 = _unit(h, 2 * stream + 1001)
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)


def normals(seed: int, session: np.ndarray, steps: np.ndarray, stream: int = 0) -> np.ndarray:
    """:func:`normal` for every step of ``steps`` at once, shape (len(steps), len(session)): row k
    holds exactly ``normal(seed, session, step=steps[k], stream=stream)``.

    Examples
    --------
    >>> import numpy as np
    >>> z = normals(3, np.arange(4), np.array([1, 2]), stream=5)
    >>> bool(np.array_equal(z[1], normal(3, np.arange(4), step=2, stream=5)))
    True
    """
    steps = np.asarray(steps, dtype=np.int64)
    h1 = _session_hash(seed, np.asarray(session).reshape(-1))
    with np.errstate(over="ignore"):
        k = (steps.astype(np.uint64) & np.uint64(0xFFFFFFFF)) * _GOLDEN  # wrapping, as _times
    h = _mix(h1[None, :] + k[:, None])
    u1 = _unit(h, 2 * stream + 1000)
    u2 = _unit(h, 2 * stream + 1001)
    return np.sqrt(-2.0 * np.log1p(-u1)) * np.cos(2.0 * np.pi * u2)


def seed_from(seed: int | np.random.Generator | None) -> int:
    """An integer seed from an int, a Generator (one draw) or None (fresh entropy).

    Examples
    --------
    >>> seed_from(42)
    42
    >>> seed_from(np.random.default_rng(0)) == seed_from(np.random.default_rng(0))
    True
    """
    if seed is None:
        return int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0])
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(0, 2**63 - 1))
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise ValueError(f"seed must be an int, a numpy Generator or None, got {seed!r}")
    return int(seed)
