"""Which uncertain inputs an output hinges on: Morris screening and Sobol' indices.

Designs are drawn in the unit cube and mapped through each input's ``ppf``
(so any distribution works, bounded or not) and the whole design is evaluated
in one vectorised batch.

:func:`morris`
    Elementary effects (Morris 1991, Technometrics 33:161) with the ``mu*``
    measure of Campolongo, Cariboni & Saltelli (2007); SALib draws the
    trajectories on a ``levels``-level grid, whose levels are mapped to the
    centres of ``levels`` equal-probability cells.  Effects are per unit of
    *quantile*, so inputs with different units compare.  The points of one
    trajectory share one world's random streams (common random numbers), so an
    analysis' own noise does not pass for an effect.
:func:`sobol`
    First-order and total indices by Saltelli's scheme (Saltelli 2002; Saltelli
    et al. 2010 estimators, via ``SALib.analyze.sobol``) on a scrambled Sobol'
    base sample.  With ``include=`` the indices are computed for those inputs
    only and the others are still sampled, as a background group that rows
    ``A`` and ``AB_i`` share and row ``B`` redraws; the indices of the included
    inputs are then the same unconditional indices as with all inputs in the
    design, for ``(len(include) + 2) * n`` evaluations.
:func:`claim_sensitivity`
    Morris over all inputs, then Sobol' on each claim's leading inputs, for the
    0/1 indicator of each claim's body (its predicate and ``also``; ``when``
    conditions are ignored here, so the result tells what drives the claimed
    outcome across all worlds).

Examples
--------
>>> import numpy as np
>>> from scipy import stats
>>> inputs = {"a": stats.uniform(0, 1), "b": stats.uniform(0, 1), "noise": stats.uniform(0, 1)}
>>> f = lambda p, rand: 4 * p["a"] + p["b"]
>>> m = morris(f, inputs, trajectories=10, seed=1)
>>> m.sort_values("rank")["input"].tolist()
['a', 'b', 'noise']
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from zopa.sweep.claims import Claim, as_claims, claim_body
from zopa.sweep.metrics import MetricCatalogue
from zopa.sweep.sampling import HasPpf, check_inputs, uniforms
from zopa.sweep.streams import WorldRandom

__all__ = ["morris", "sobol", "saltelli_design", "claim_sensitivity"]

_HALF_CELL = 2.0**-31  # Sobol' points are multiples of 2**-30: centre them in their cells


def _rng(seed: int, tag: str) -> np.random.Generator:
    from zopa.sweep.streams import stream_key

    key = stream_key(seed, tag, "sensitivity")
    return np.random.default_rng(np.random.SeedSequence([int(k) for k in key]))


def _outputs(y: Any, n: int) -> pd.DataFrame:
    if isinstance(y, dict) and "results" in y:
        y = y["results"]
    if isinstance(y, pd.Series):
        y = y.to_frame("y")
    if isinstance(y, pd.DataFrame):
        df = y.drop(columns=[c for c in ("world",) if c in y.columns]).reset_index(drop=True)
    else:
        arr = np.asarray(y, dtype=float)
        if arr.ndim == 1:
            arr = arr[:, None]
        df = pd.DataFrame(arr, columns=["y"] if arr.shape[1] == 1 else [f"y{i}" for i in range(arr.shape[1])])
    if len(df) != n:
        raise ValueError(f"evaluate returned {len(df)} rows for a design of {n} points")
    return df.astype(float)


def _to_params(inputs: Mapping[str, HasPpf], names: Sequence[str], u: np.ndarray) -> dict[str, np.ndarray]:
    return {name: np.asarray(inputs[name].ppf(u[:, j]), dtype=float) for j, name in enumerate(names)}


def morris(
    evaluate: Callable[..., Any],
    inputs: Mapping[str, HasPpf],
    trajectories: int = 20,
    levels: int = 4,
    seed: int = 0,
    params: Mapping[str, Any] | None = None,
    conf_level: float = 0.95,
    num_resamples: int = 1000,
) -> pd.DataFrame:
    """Morris elementary-effects screening of every input.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(params, rand, **params_fixed)`` returning one value per design point
        (an array) or several outputs (a DataFrame, one column per output).
    inputs : mapping of str to distribution
    trajectories : int
        Number of one-at-a-time trajectories (``(len(inputs) + 1) * trajectories``
        evaluations).
    levels : int
        Grid levels (even).
    seed : int
    params : mapping, optional
        Fixed keyword arguments of ``evaluate``.

    Returns
    -------
    pandas.DataFrame
        ``output``, ``input``, ``mu``, ``mu_star``, ``sigma``, ``mu_star_conf``, ``rank``
        (1 = largest ``mu_star`` for that output).
    """
    from SALib.analyze import morris as morris_analyze
    from SALib.sample import morris as morris_sample

    inputs = check_inputs(inputs)
    if trajectories < 2:
        raise ValueError(f"trajectories must be >= 2, got {trajectories}")
    if levels < 2 or levels % 2:
        raise ValueError(f"levels must be an even integer >= 2, got {levels}")
    names = list(inputs)
    d = len(names)
    problem = {"num_vars": d, "names": names, "bounds": [[0.0, 1.0]] * d}
    x = morris_sample.sample(problem, trajectories, num_levels=levels, seed=_rng(seed, "morris"))
    u = (x * (levels - 1) + 0.5) / levels
    worlds = np.repeat(np.arange(trajectories, dtype=np.int64), d + 1)
    y = _outputs(evaluate(_to_params(inputs, names, u), WorldRandom(seed, worlds), **dict(params or {})), len(x))
    rows = []
    for out in y.columns:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = morris_analyze.analyze(
                problem, x, y[out].to_numpy(), num_resamples=num_resamples, conf_level=conf_level,
                num_levels=levels, seed=_rng(seed, "morris-conf"),
            )
        mu_star = np.asarray(res["mu_star"], dtype=float)
        rank = pd.Series(-mu_star).rank(method="first").astype(int).to_numpy()
        for j, name in enumerate(names):
            rows.append({
                "output": out, "input": name, "mu": float(res["mu"][j]), "mu_star": float(mu_star[j]),
                "sigma": float(res["sigma"][j]), "mu_star_conf": float(res["mu_star_conf"][j]),
                "rank": int(rank[j]),
            })
    return pd.DataFrame(rows)


def saltelli_design(base: np.ndarray) -> np.ndarray:
    """Saltelli's cross-sampled design from a base sample ``[A | B]`` of shape ``(n, 2d)``.

    For each base point ``j`` the rows are ``A_j``, then ``AB_j^(i)`` (``A_j`` with
    input ``i`` taken from ``B_j``) for ``i = 1..d``, then ``B_j``: the layout
    ``SALib.analyze.sobol`` expects without second-order indices.

    Examples
    --------
    >>> saltelli_design(np.array([[1.0, 2.0, 10.0, 20.0]]))
    array([[ 1.,  2.],
           [10.,  2.],
           [ 1., 20.],
           [10., 20.]])
    """
    n, d2 = base.shape
    d = d2 // 2
    a, b = base[:, :d], base[:, d:]
    x = np.repeat(a[:, None, :], d + 2, axis=1)
    idx = np.arange(d)
    x[:, 1 + idx, idx] = b
    x[:, d + 1] = b
    return x.reshape(n * (d + 2), d)


def sobol(
    evaluate: Callable[..., Any],
    inputs: Mapping[str, HasPpf],
    n: int = 1024,
    seed: int = 0,
    include: Sequence[str] | None = None,
    params: Mapping[str, Any] | None = None,
    conf_level: float = 0.95,
    num_resamples: int = 100,
) -> pd.DataFrame:
    """First-order and total Sobol' indices of the ``include``'d inputs (default all).

    Parameters
    ----------
    evaluate, inputs, seed, params
        As in :func:`morris`.
    n : int
        Base sample size (a power of two); ``(len(include) + 2) * n`` evaluations.
    include : sequence of str, optional
        The inputs to compute indices for; the others are background (see the module
        docstring).

    Returns
    -------
    pandas.DataFrame
        ``output``, ``input``, ``S1``, ``S1_conf``, ``ST``, ``ST_conf``.
    """
    from SALib.analyze import sobol as sobol_analyze
    from scipy.stats import qmc

    inputs = check_inputs(inputs)
    if n < 2 or n & (n - 1):
        raise ValueError(f"n must be a power of two >= 2, got {n}")
    names = list(inputs)
    inc = list(names if include is None else include)
    unknown = [i for i in inc if i not in inputs]
    if unknown or not inc or len(set(inc)) != len(inc):
        raise ValueError(f"include must list distinct input names from {names}, got {inc}")
    background = [i for i in names if i not in inc]
    d = len(inc)
    engine = qmc.Sobol(2 * d, scramble=True, bits=30, rng=_rng(seed, "sobol"))
    x = saltelli_design(engine.random(n) + _HALF_CELL)
    values = _to_params(inputs, inc, x)
    worlds = np.repeat(np.arange(n, dtype=np.int64), d + 2)
    worlds[d + 1 :: d + 2] += n  # row B_j is another world than A_j and AB_j
    if background:
        u = uniforms(background, 2 * n, "mc", seed)
        bg = {name: np.asarray(inputs[name].ppf(u[name]), dtype=float)[worlds] for name in background}
        values.update(bg)
    values = {name: values[name] for name in names}
    y = _outputs(evaluate(values, WorldRandom(seed, worlds), **dict(params or {})), len(x))
    problem = {"num_vars": d, "names": inc, "bounds": [[0.0, 1.0]] * d}
    rows = []
    for out in y.columns:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            res = sobol_analyze.analyze(
                problem, y[out].to_numpy(), calc_second_order=False, num_resamples=num_resamples,
                conf_level=conf_level, print_to_console=False, seed=_rng(seed, "sobol-conf"),
            )
        for j, name in enumerate(inc):
            rows.append({
                "output": out, "input": name, "S1": float(res["S1"][j]), "S1_conf": float(res["S1_conf"][j]),
                "ST": float(res["ST"][j]), "ST_conf": float(res["ST_conf"][j]),
            })
    return pd.DataFrame(rows)


def claim_sensitivity(
    evaluate: Callable[..., Any],
    inputs: Mapping[str, HasPpf],
    claims: Sequence[Claim],
    seed: int = 0,
    params: Mapping[str, Any] | None = None,
    trajectories: int = 20,
    levels: int = 4,
    top: int = 3,
    sobol_n: int = 512,
    catalogue: MetricCatalogue | None = None,
) -> pd.DataFrame:
    """What each claim hinges on: Morris over all inputs, Sobol' on the leading ones.

    Returns
    -------
    pandas.DataFrame
        One row per (claim, input): ``claim``, ``input``, ``mu_star``, ``mu_star_conf``,
        ``sigma``, ``rank`` (Morris), ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (Sobol';
        NaN for inputs outside the ``top`` of every claim), sorted by claim and rank.
    """
    claims = as_claims(claims)
    if not claims:
        raise ValueError("claims must not be empty")
    fixed = dict(params or {})

    def indicators(p: dict[str, np.ndarray], rand: WorldRandom) -> pd.DataFrame:
        out = evaluate(p, rand, **fixed)
        table = out["results"] if isinstance(out, dict) else out
        table = table.reset_index(drop=True).assign(**{f"input.{k}": v for k, v in p.items()})
        return pd.DataFrame({c.id: claim_body(table, c, catalogue).astype(float) for c in claims})

    m = morris(indicators, inputs, trajectories=trajectories, levels=levels, seed=seed)
    m = m.rename(columns={"output": "claim"})
    leading: list[str] = []
    for _, grp in m.groupby("claim", sort=False):
        lead = grp[grp["mu_star"] > 0].sort_values("rank")["input"].head(top)
        leading += [i for i in lead if i not in leading]
    if leading:
        s = sobol(indicators, inputs, n=sobol_n, seed=seed, include=leading)
        s = s.rename(columns={"output": "claim"})
        m = m.merge(s, on=["claim", "input"], how="left")
    else:
        for col in ("S1", "S1_conf", "ST", "ST_conf"):
            m[col] = np.nan
    cols = ["claim", "input", "mu_star", "mu_star_conf", "sigma", "rank", "S1", "S1_conf", "ST", "ST_conf"]
    order = {c.id: i for i, c in enumerate(claims)}
    m = m.sort_values(["claim", "rank"], key=lambda s: s.map(order) if s.name == "claim" else s)
    return m[cols].reset_index(drop=True)
