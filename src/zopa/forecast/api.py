"""The entry point :func:`run`: one model, or all of them, on one input.

Examples
--------
>>> from zopa.forecast.data import ForecastInput
>>> inp = ForecastInput(("A", "B", "C"), ("x",), [[0.0], [50.0], [100.0]],
...                     [[1.0], [0.5], [0.5]], [1.0, 2.0, 1.0])
>>> float(run(inp, "compromise").forecast["x"])
40.0
>>> [r.model for r in run(inp, "all")][:3]
['compromise', 'median', 'nash']
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from zopa.forecast.bdm import bdm
from zopa.forecast.compromise import compromise
from zopa.forecast.data import ForecastInput
from zopa.forecast.ensemble import ensemble
from zopa.forecast.exchange import exchange
from zopa.forecast.median import median
from zopa.forecast.nash import nash
from zopa.forecast.result import ForecastResult
from zopa.forecast.smp import smp

__all__ = ["MODELS", "run"]

MODELS: dict[str, Callable[..., ForecastResult]] = {
    "compromise": compromise,
    "median": median,
    "nash": nash,
    "bdm": bdm,
    "smp": smp,
    "exchange": exchange,
    "ensemble": ensemble,
}


def run(inp: ForecastInput, model: str = "compromise", **params: Any) -> ForecastResult | list[ForecastResult]:
    """Run a forecasting model on an input.

    Parameters
    ----------
    inp : ForecastInput
    model : str
        ``"compromise"``, ``"median"``, ``"nash"``, ``"bdm"``, ``"smp"``,
        ``"exchange"``, ``"ensemble"`` or ``"all"`` (every model, in that order).
    **params
        Passed to the model (for ``"all"``, each model gets the parameters
        it accepts, e.g. ``rounds``).

    Returns
    -------
    ForecastResult, or a list of them for ``"all"``.
    """
    if model == "all":
        import inspect

        out = []
        for fn in MODELS.values():
            accepted = inspect.signature(fn).parameters
            out.append(fn(inp, **{k: v for k, v in params.items() if k in accepted}))
        return out
    if model not in MODELS:
        raise ValueError(f"model must be one of {[*MODELS, 'all']}, got {model!r}")
    return MODELS[model](inp, **params)
