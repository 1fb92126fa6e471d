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

from collections.abc import Callable, Sequence
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

__all__ = ["MODELS", "run", "run_cases"]

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


def run_cases(cases: Sequence[ForecastInput], model: str = "compromise", keys: Sequence[Any] | None = None,
              key: str = "case", **params: Any) -> ForecastResult | list[ForecastResult]:
    """Run a model on each case separately and join the results, issue by issue.

    Use it for files that hold several independent decisions (a DEU file: one
    case per proposal), so that no model links issues of different cases (the
    exchange model would otherwise trade across unrelated proposals, at a
    cost that grows quickly with the number of issues).

    Parameters
    ----------
    cases : sequence of ForecastInput
        With distinct issue names.
    model : str
        As for :func:`run` (``"all"``: every model).
    keys : sequence, optional
        One key per case; by default its ``meta["prnr"]`` or its index.
    key : str
        Name of the key column added to the model tables.
    **params
        Passed to the models that accept them.

    Returns
    -------
    ForecastResult, or a list of them for ``"all"``
        Joined by :meth:`ForecastResult.concat`.

    Examples
    --------
    >>> a = ForecastInput(("A", "B"), ("x",), [[0.0], [10.0]], [[1.0], [1.0]], [1.0, 3.0])
    >>> b = ForecastInput(("A", "C"), ("y",), [[0.0], [10.0]], [[1.0], [1.0]], [1.0, 1.0])
    >>> run_cases([a, b], "compromise").forecast.to_dict()
    {'x': 7.5, 'y': 5.0}
    """
    import inspect

    cases = list(cases)
    if not cases:
        raise ValueError("run_cases needs at least one case")
    if model != "all" and model not in MODELS:
        raise ValueError(f"model must be one of {[*MODELS, 'all']}, got {model!r}")
    if keys is None:
        keys = [c.meta.get("prnr", k) for k, c in enumerate(cases)]
    names = list(MODELS) if model == "all" else [model]
    out = []
    for name in names:
        fn = MODELS[name]
        accepted = inspect.signature(fn).parameters
        kw = {k: v for k, v in params.items() if k in accepted} if model == "all" else params
        out.append(ForecastResult.concat([fn(c, **kw) for c in cases], keys, key))
    return out if model == "all" else out[0]
