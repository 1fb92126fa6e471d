"""Sampling the uncertain inputs of a scenario, chunk by chunk.

An uncertain input is a path string (``battlefield.drift``) and a distribution:
anything with a vectorised ``ppf`` (inverse CDF), such as a frozen
``scipy.stats`` distribution.  :func:`sample` draws uniforms on (0, 1) and maps
them through each input's ``ppf`` (inverse transform sampling).

Three designs, each reproducible chunk by chunk (worlds ``[start, start+n)`` of
a sweep of ``total`` worlds are the same whatever the chunking):

``mc``
    Plain Monte Carlo.  Input ``name``'s uniform for world ``w`` comes from the
    Philox stream keyed by ``(seed, name)`` (see :mod:`zopa.sweep.streams`), so an
    input's values never change when other inputs are added or removed: common
    random numbers across variants.
``lhs``
    Latin hypercube sampling (McKay, Beckman & Conover 1979) stratified within
    fixed blocks: worlds are cut into blocks of ``min(BLOCK, total)`` (the last
    block takes the remainder) and each block is a Latin hypercube of its own
    size: every input puts exactly one point in each of the block's equal
    strata.  Each input's permutation and jitter are keyed by ``(seed, name,
    block)``, so common random numbers hold as for ``mc``.
``sobol``
    A scrambled Sobol' sequence (Sobol' 1967; LMS + digital shift scrambling,
    Owen 1998; ``scipy.stats.qmc.Sobol``), dimensions assigned to the inputs in
    sorted name order; chunks use ``fast_forward``.  Points sit at the centres of
    their ``2**-30`` cells so that none is exactly 0.  Common random numbers hold
    across variants that have the *same set* of uncertain inputs (the usual
    case: a variant changes a lever, not what is uncertain); adding or removing
    an input changes the joint sequence.  Sweeps whose batches are powers of two
    keep the sequence's balance within each batch.

Examples
--------
>>> from scipy import stats
>>> inputs = {"x": stats.uniform(0, 10), "y": stats.norm(0, 1)}
>>> full = sample(inputs, 8, method="lhs", seed=1)
>>> tail = sample(inputs, 3, method="lhs", seed=1, start=5, total=8)
>>> bool(np.array_equal(full["x"][5:], tail["x"]))
True
>>> sorted(np.floor(full["x"] / 10 * 8).astype(int).tolist())  # one point per stratum
[0, 1, 2, 3, 4, 5, 6, 7]
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import numpy as np

from zopa.sweep.streams import BLOCK, _check_seed, block_generator, draw_blocks, stream_key

__all__ = ["HasPpf", "METHODS", "sample", "uniforms", "describe_distribution", "check_inputs"]

METHODS = ("mc", "lhs", "sobol")
_SOBOL_BITS = 30
_HALF_ULP53 = 2.0**-54


@runtime_checkable
class HasPpf(Protocol):
    """A distribution zopa can sample: it has a vectorised inverse CDF."""

    def ppf(self, q: np.ndarray) -> np.ndarray:  # pragma: no cover - protocol
        ...


def check_inputs(inputs: Mapping[str, Any]) -> dict[str, HasPpf]:
    """Check the mapping of input paths to distributions; return it as a dict.

    Examples
    --------
    >>> check_inputs({"x": 3.0})
    Traceback (most recent call last):
    ...
    ValueError: inputs['x'] must be a distribution with a vectorised ppf() (e.g. a frozen scipy.stats distribution), got float
    """
    if not isinstance(inputs, Mapping):
        raise ValueError(f"inputs must be a mapping of input paths to distributions, got {type(inputs).__name__}")
    out: dict[str, HasPpf] = {}
    for name, dist in inputs.items():
        if not isinstance(name, str) or not name:
            raise ValueError(f"input names must be non-empty strings, got {name!r}")
        if not callable(getattr(dist, "ppf", None)):
            raise ValueError(
                f"inputs[{name!r}] must be a distribution with a vectorised ppf() "
                f"(e.g. a frozen scipy.stats distribution), got {type(dist).__name__}"
            )
        out[name] = dist
    return out


def _check_range(n: int, start: int, total: int | None) -> int:
    for arg, v in (("n", n), ("start", start)):
        if isinstance(v, bool) or not isinstance(v, int | np.integer) or v < 0:
            raise ValueError(f"{arg} must be a non-negative integer, got {v!r}")
    total = start + n if total is None else total
    if isinstance(total, bool) or not isinstance(total, int | np.integer) or total < start + n:
        raise ValueError(f"total must be an integer >= start + n = {start + n}, got {total!r}")
    return int(total)


def uniforms(
    names: list[str] | tuple[str, ...],
    n: int,
    method: str = "mc",
    seed: int = 0,
    start: int = 0,
    total: int | None = None,
) -> dict[str, np.ndarray]:
    """Uniforms on (0, 1) for worlds ``[start, start+n)`` of a sweep of ``total`` worlds.

    Parameters
    ----------
    names : sequence of str
        The input names (their order does not matter).
    n, start : int
        How many worlds, and the first world's index.
    method : {"mc", "lhs", "sobol"}
        The design (see the module docstring).
    seed : int
        The sweep's seed.
    total : int, optional
        The sweep's number of worlds (defaults to ``start + n``); LHS blocks depend on it.

    Returns
    -------
    dict of str to numpy.ndarray
        One array of ``n`` uniforms per name.

    Examples
    --------
    >>> a = uniforms(["a", "b"], 5, seed=2)["a"]
    >>> b = uniforms(["a"], 5, seed=2)["a"]   # adding "b" leaves "a" unchanged
    >>> bool(np.array_equal(a, b))
    True
    """
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    seed = _check_seed(seed)
    total = _check_range(n, start, total)
    names = list(names)
    if len(set(names)) != len(names):
        raise ValueError("input names must be unique")
    worlds = np.arange(start, start + n, dtype=np.int64)
    if method == "mc":
        return {
            name: draw_blocks(
                stream_key(seed, name, "input"), worlds, (), lambda g, s: g.random(s) + _HALF_ULP53
            )
            for name in names
        }
    if method == "lhs":
        return {name: _lhs(seed, name, start, n, total) for name in names}
    return _sobol(seed, names, start, n, total)


def _lhs(seed: int, name: str, start: int, n: int, total: int) -> np.ndarray:
    """One input's Latin hypercube uniforms, stratified within fixed blocks."""
    size = min(BLOCK, total) if total else BLOCK
    key = stream_key(seed, name, "lhs")
    out = np.empty(n)
    stop = start + n
    for b in range(start // size, (stop - 1) // size + 1 if n else 0):
        lo_b, hi_b = b * size, min((b + 1) * size, total)
        m = hi_b - lo_b
        g = block_generator(key, b)
        u = (g.permutation(m) + g.random(m) + _HALF_ULP53) / m
        lo, hi = max(start, lo_b), min(stop, hi_b)
        out[lo - start : hi - start] = u[lo - lo_b : hi - lo_b]
    return out


def _sobol(seed: int, names: list[str], start: int, n: int, total: int) -> dict[str, np.ndarray]:
    from scipy.stats import qmc

    if total > 2**_SOBOL_BITS:
        raise ValueError(f"method 'sobol' supports at most 2**{_SOBOL_BITS} worlds, got {total}")
    order = sorted(names)
    if not order:
        return {}
    if len(order) > 21201:
        raise ValueError("method 'sobol' supports at most 21201 inputs")
    key = stream_key(seed, "\x00".join(order), "sobol")
    rng = np.random.default_rng(np.random.SeedSequence([int(k) for k in key]))
    engine = qmc.Sobol(len(order), scramble=True, bits=_SOBOL_BITS, rng=rng)
    if start:
        engine.fast_forward(start)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # balance warning for non-power-of-2 chunks
        points = engine.random(n) + 2.0 ** -(_SOBOL_BITS + 1)
    return {name: np.ascontiguousarray(points[:, order.index(name)]) for name in names}


def sample(
    inputs: Mapping[str, HasPpf],
    n: int,
    method: str = "mc",
    seed: int = 0,
    start: int = 0,
    total: int | None = None,
) -> dict[str, np.ndarray]:
    """Values of every uncertain input for worlds ``[start, start+n)``.

    Parameters
    ----------
    inputs : mapping of str to distribution
        Input path -> distribution with a vectorised ``ppf``.
    n, method, seed, start, total
        As in :func:`uniforms`.

    Returns
    -------
    dict of str to numpy.ndarray
        One array of length ``n`` per input, in the order of ``inputs``.

    Examples
    --------
    >>> from scipy import stats
    >>> x = sample({"cost": stats.lognorm(0.5, scale=2.0)}, 100_000, seed=3)["cost"]
    >>> round(float(np.median(x)), 1)
    2.0
    """
    inputs = check_inputs(inputs)
    u = uniforms(list(inputs), n, method=method, seed=seed, start=start, total=total)
    out = {}
    for name, dist in inputs.items():
        values = np.asarray(dist.ppf(u[name]), dtype=np.float64)
        if values.shape != (n,):
            raise ValueError(f"inputs[{name!r}].ppf returned shape {values.shape}, expected ({n},)")
        out[name] = values
    return out


def describe_distribution(dist: Any) -> dict[str, Any]:
    """A JSON-ready description of a distribution, stable across runs.

    A frozen scipy distribution gives its family and arguments (so does an object whose
    ``frozen()`` returns one, such as a scenario quantity); an object with
    ``model_dump`` (pydantic) or ``to_dict`` gives that; anything else is described by
    its ``ppf`` at fixed probabilities (12 significant digits).

    Examples
    --------
    >>> from scipy import stats
    >>> describe_distribution(stats.norm(1, 2))
    {'family': 'norm', 'args': [1, 2], 'kwds': {}}
    >>> class Half:
    ...     def ppf(self, q):
    ...         return q / 2
    >>> describe_distribution(Half())["ppf_probe"][:2]
    [0.005, 0.05]
    """
    if callable(getattr(dist, "frozen", None)):  # e.g. a scenario Quantity: its scipy distribution
        frozen = dist.frozen()
        if frozen is not None:
            return describe_distribution(frozen)
    if hasattr(dist, "dist") and hasattr(dist, "args") and hasattr(dist.dist, "name"):
        return {
            "family": str(dist.dist.name),
            "args": [_plain(a) for a in dist.args],
            "kwds": {str(k): _plain(v) for k, v in sorted(dist.kwds.items())},
        }
    if callable(getattr(dist, "model_dump", None)):
        return {"type": type(dist).__name__, **dist.model_dump(mode="json")}
    if callable(getattr(dist, "to_dict", None)):
        return {"type": type(dist).__name__, **dist.to_dict()}
    probes = np.array([0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99])
    values = np.asarray(dist.ppf(probes), dtype=float)
    return {"type": type(dist).__name__, "ppf_probe": [float(f"{v:.12g}") for v in values]}


def _plain(v: Any) -> Any:
    if isinstance(v, np.generic):
        return v.item()
    if isinstance(v, np.ndarray):
        return v.tolist()
    return v
