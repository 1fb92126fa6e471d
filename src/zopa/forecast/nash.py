"""The (asymmetric) Nash bargaining solution on each issue.

Nash (1950); the weighted form of Kalai (1977).  Actor i's utility of an
outcome x is linear in distance, :math:`u_i(x) = -|x - x_i|`, and its gain over
the disagreement point d is :math:`g_i(x) = |d - x_i| - |x - x_i|`.  The
solution maximises

.. math:: \\sum_i c_i s_i \\log g_i(x)

over the outcomes that every actor with positive weight weakly prefers to d
(so it is unanimous bargaining with d as the threat point).  The objective is
concave there, so bisection on its derivative finds the maximum.

Disagreement point
------------------
``disagreement="reference"`` (default) uses the input's reference point (DEU's
``rp`` column, the status quo), falling back to ``"worst"`` on issues without
one.  ``"worst"`` gives every actor its worst outcome in the issue's bounds as
its disagreement value (the classical Nash set-up with no status quo).
``"war"`` uses the war value of each issue of a scenario input (what holds if
fighting decides it, ``meta["war_outcome"]`` of
:func:`zopa.forecast.scenario.from_scenario`), the status quo on issues without
one (the scenario language's default).  An array gives a disagreement point
per issue.
If the actors lie on both sides of d (or one sits at d) no outcome helps them
all, and the solution is d itself: with unanimity, disagreement persists.

Examples
--------
>>> from zopa.forecast.data import ForecastInput
>>> inp = ForecastInput(("A", "B"), ("x",), [[40.0], [80.0]], [[1.0], [1.0]], [1.0, 1.0],
...                     reference=[0.0])
>>> round(float(nash(inp).forecast["x"]), 6)   # maximises log(x) + log(x) on (0, 80]
40.0
>>> round(float(nash(inp, disagreement="worst").forecast["x"]), 6)
60.0
"""

from __future__ import annotations

import numpy as np

from zopa.forecast.data import ForecastInput
from zopa.forecast.result import ForecastResult

__all__ = ["nash", "nash_solution"]


def nash_solution(x: np.ndarray, w: np.ndarray, present: np.ndarray, d: np.ndarray,
                  bounds: np.ndarray, worst: np.ndarray, iters: int = 100) -> np.ndarray:
    """Vectorised weighted Nash bargaining solution per issue.

    Parameters
    ----------
    x, w, present : arrays (n, m)
        Positions, exponents (capability x salience) and presence.
    d : array (m,)
        Disagreement point per issue (ignored where ``worst`` is True).
    bounds : array (m, 2)
    worst : bool array (m,)
        Use each actor's worst outcome in the bounds as its disagreement value.

    Examples
    --------
    >>> nash_solution(np.array([[2.0], [6.0]]), np.ones((2, 1)), np.ones((2, 1), bool),
    ...               np.array([0.0]), np.array([[0.0, 10.0]]), np.array([False]))
    array([2.])
    """
    active = present & (w > 0)
    lo, hi = bounds[:, 0], bounds[:, 1]
    xx = np.where(present, x, 0.0)
    # radius of the region in which actor i gains over disagreement
    r_sq = np.abs(d[None, :] - xx)
    r_worst = np.maximum(np.abs(xx - lo[None, :]), np.abs(hi[None, :] - xx))
    r = np.where(worst[None, :], r_worst, r_sq)
    left = np.where(active, xx - r, -np.inf).max(0)
    right = np.where(active, xx + r, np.inf).min(0)
    left = np.maximum(left, lo)
    right = np.minimum(right, hi)
    has = active.any(0)
    degenerate = ~has | (right - left <= 1e-12 * (hi - lo))
    a = np.where(degenerate, 0.0, left)
    b = np.where(degenerate, 1.0, right)
    ww = np.where(active, w, 0.0)
    for _ in range(iters):
        mid = (a + b) / 2
        g = r - np.abs(mid[None, :] - xx)
        g = np.where(active, np.maximum(g, 1e-300), 1.0)
        slope = (ww * -np.sign(mid[None, :] - xx) / g).sum(0)
        a = np.where(slope > 0, mid, a)
        b = np.where(slope > 0, b, mid)
    sol = (a + b) / 2
    fallback = np.where(worst, np.nan, d)
    out = np.where(degenerate, fallback, sol)
    return np.where(has | ~worst, out, np.nan)


def nash(inp: ForecastInput, disagreement: str | np.ndarray = "reference") -> ForecastResult:
    """Forecast each issue by the weighted Nash bargaining solution.

    Parameters
    ----------
    inp : ForecastInput
    disagreement : {"reference", "worst", "war"} or array (n_issues,)
        The disagreement point (see the module notes).  ``"war"`` needs a
        scenario input (one with ``meta["war_outcome"]``).

    Returns
    -------
    ForecastResult
    """
    m = inp.n_issues
    if isinstance(disagreement, str):
        if disagreement == "reference":
            ref = inp.reference_or(np.nan)
            worst = np.isnan(ref)
            d = np.where(worst, 0.0, ref)
        elif disagreement == "worst":
            worst = np.ones(m, bool)
            d = np.zeros(m)
        elif disagreement == "war":
            war = inp.meta.get("war_outcome")
            if war is None:
                raise ValueError("disagreement='war' needs war outcomes (a scenario input: each issue's "
                                 "war_outcome); this input has none")
            d = np.where(np.isnan(np.asarray(war, float)), inp.reference_or(np.nan), np.asarray(war, float))
            worst = np.isnan(d)
            d = np.where(worst, 0.0, d)
        else:
            raise ValueError(f"disagreement must be 'reference', 'worst', 'war' or an array, got {disagreement!r}")
    else:
        d = np.asarray(disagreement, float)
        if d.shape != (m,):
            raise ValueError(f"disagreement must have one value per issue ({m}), got shape {d.shape}")
        worst = np.isnan(d)
        d = np.where(worst, 0.0, d)
    fc = nash_solution(inp.position, inp.weights(), inp.present, d, inp.bounds, worst)
    params = {"disagreement": disagreement if isinstance(disagreement, str) else "given"}
    return ForecastResult.from_arrays("nash", inp, inp.position[None], fc[None], params=params)
