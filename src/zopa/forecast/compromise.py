"""The compromise model: the capability x salience weighted mean of positions.

Achen (2006), "Evaluating political decision-making models", in Thomson,
Stokman, Achen & König (eds.), *The European Union Decides*, ch. 4: the outcome
on issue k is

.. math:: \\hat x_k = \\frac{\\sum_i c_i s_{ik} x_{ik}}{\\sum_i c_i s_{ik}}

over the actors present on the issue.  When every present actor has weight 0
(all saliences 0) the plain mean of their positions is used; an issue with no
actor at all gets NaN.

Examples
--------
>>> from zopa.forecast.data import ForecastInput
>>> inp = ForecastInput(("A", "B", "C"), ("x",), [[0.0], [50.0], [100.0]],
...                     [[1.0], [0.5], [0.5]], [1.0, 2.0, 1.0])
>>> float(compromise(inp).forecast["x"])
40.0
"""

from __future__ import annotations

import numpy as np

from zopa.forecast.data import ForecastInput
from zopa.forecast.result import ForecastResult

__all__ = ["compromise", "weighted_mean"]


def weighted_mean(inp: ForecastInput) -> np.ndarray:
    """The capability x salience weighted mean per issue (n_issues,)."""
    w = inp.weights()
    x = np.where(inp.present, inp.position, 0.0)
    sw = w.sum(0)
    count = inp.present.sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        wm = (w * x).sum(0) / sw
        plain = x.sum(0) / count
    return np.where(sw > 0, wm, np.where(count > 0, plain, np.nan))


def compromise(inp: ForecastInput) -> ForecastResult:
    """Forecast each issue by the compromise model (Achen 2006).

    Parameters
    ----------
    inp : ForecastInput

    Returns
    -------
    ForecastResult
        One round: the input positions and the weighted mean per issue.
    """
    fc = weighted_mean(inp)
    return ForecastResult.from_arrays("compromise", inp, inp.position[None], fc[None])
