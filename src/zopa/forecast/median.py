"""The weighted median voter model.

With single-peaked, symmetric preferences and votes weighted by capability x
salience, the position of the weighted median actor beats every other position
in pairwise majority votes (Black 1948; the "median voter" baseline of Achen
2006).  When the cumulative weight reaches exactly one half at an actor, every
point between that actor and the next one is a median; the midpoint is taken.

Examples
--------
>>> from zopa.forecast.data import ForecastInput
>>> inp = ForecastInput(("A", "B", "C"), ("x",), [[0.0], [40.0], [100.0]],
...                     [[1.0], [1.0], [1.0]], [1.0, 1.0, 3.0])
>>> float(median(inp).forecast["x"])
100.0
>>> inp2 = ForecastInput(("A", "B"), ("x",), [[0.0], [40.0]], [[1.0], [1.0]], [1.0, 1.0])
>>> float(median(inp2).forecast["x"])
20.0
"""

from __future__ import annotations

import numpy as np

from zopa.forecast.data import ForecastInput
from zopa.forecast.result import ForecastResult

__all__ = ["median", "weighted_median"]


def weighted_median(x: np.ndarray, w: np.ndarray, present: np.ndarray) -> np.ndarray:
    """Weighted median of each column of ``x`` (n, m) over the ``present`` rows.

    Weights ``w`` (n, m) must be >= 0; where a column's weights sum to 0 the
    present actors count equally.  Returns (m,), NaN for empty columns.

    Examples
    --------
    >>> weighted_median(np.array([[1.0], [2.0], [9.0]]), np.ones((3, 1)), np.ones((3, 1), bool))
    array([2.])
    """
    w = np.where(present, w, 0.0)
    sw = w.sum(0)
    w = np.where((sw > 0)[None, :], w, present.astype(float))
    xf = np.where(present, x, np.inf)
    order = np.argsort(xf, axis=0, kind="stable")
    xs = np.take_along_axis(xf, order, 0)
    ws = np.take_along_axis(w, order, 0)
    cw = np.cumsum(ws, 0)
    total = cw[-1]
    half = total / 2
    tol = 1e-12 * np.maximum(total, 1e-300)
    k = np.argmax(cw >= half - tol, axis=0)
    # the first actor past one half, for the exact-half case
    k2 = np.argmax(cw > half + tol, axis=0)
    cols = np.arange(x.shape[1])
    exact = np.abs(cw[k, cols] - half) <= tol
    med = np.where(exact, (xs[k, cols] + xs[k2, cols]) / 2, xs[k, cols])
    return np.where(present.any(0) & (total > 0), med, np.nan)


def median(inp: ForecastInput) -> ForecastResult:
    """Forecast each issue by the capability x salience weighted median.

    Returns
    -------
    ForecastResult
        One round: the input positions and the weighted median per issue.
    """
    fc = weighted_median(inp.position, inp.weights(), inp.present)
    return ForecastResult.from_arrays("median", inp, inp.position[None], fc[None])
