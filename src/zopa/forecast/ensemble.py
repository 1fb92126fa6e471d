"""zopa's ensemble: three models on square-root-dampened capabilities, averaged.

Design (fixed before looking at held-back data, tuned only on DEU III's
training part by cross-validation split by proposal):

1. Capabilities are dampened to :math:`c^{1/2}` - Penrose's square-root law
   (Penrose 1946, "The elementary statistics of majority voting"): an actor's
   influence grows with the square root of its size, not linearly.  On DEU the
   row-2 weights (GDP-like, Commission and Parliament at 4.1) otherwise let the
   big actors pull the forecast too far.
2. The compromise model, the exchange model and the spatial model of politics
   are run on the dampened input and their forecasts averaged: the three
   "bargaining" models with the lowest error on their own, whose errors are
   only partly correlated.

The design space searched was capability powers {0, 1/4, 1/2, 3/4, 1} x member
sets {compromise; compromise+exchange; compromise+smp; all three}; nested
10-fold cross-validation by proposal, re-selecting the design inside each
training fold, estimates its out-of-fold error (:func:`ensemble_cv`, reported in
docs/forecast/accuracy.md).

Examples
--------
>>> from zopa.forecast.data import ForecastInput
>>> inp = ForecastInput(("A", "B"), ("x",), [[0.0], [100.0]], [[1.0], [1.0]], [9.0, 1.0])
>>> res = ensemble(inp)
>>> res.tables["members"]["model"].tolist()
['compromise', 'exchange', 'smp']
>>> 0 < float(res.forecast["x"]) < 100
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from zopa.forecast.data import ForecastInput
from zopa.forecast.result import ForecastResult

__all__ = ["MEMBERS", "POWER", "ensemble", "ensemble_cv"]

POWER = 0.5
MEMBERS = ("compromise", "exchange", "smp")
_POWERS = (0.0, 0.25, 0.5, 0.75, 1.0)
_SETS = (("compromise",), ("compromise", "exchange"), ("compromise", "smp"), ("compromise", "exchange", "smp"))


def _members(inp: ForecastInput, power: float, members: Sequence[str]) -> list[ForecastResult]:
    from zopa.forecast.api import MODELS

    damp = replace(inp, capability=inp.capability ** power, meta=dict(inp.meta))
    return [MODELS[m](damp) for m in members]


def ensemble(inp: ForecastInput, power: float = POWER, members: Sequence[str] = MEMBERS) -> ForecastResult:
    """Forecast by averaging ``members`` run on capabilities raised to ``power``.

    Parameters
    ----------
    inp : ForecastInput
    power : float
        Exponent applied to capabilities (0 = equal, 1 = as given).
    members : sequence of model names

    Returns
    -------
    ForecastResult
        One round; table ``members`` holds each member's forecast.
    """
    if not 0 <= power <= 2:
        raise ValueError(f"power must be within 0..2, got {power}")
    bad = [m for m in members if m in ("ensemble", "all")]
    if bad or not members:
        raise ValueError(f"members must be base model names, got {list(members)}")
    res = _members(inp, power, members)
    fc = np.vstack([r.forecast.to_numpy() for r in res])
    with np.errstate(all="ignore"):
        mean = np.where(np.isnan(fc).all(0), np.nan, np.nanmean(np.where(np.isnan(fc), np.nan, fc), 0))
    table = pd.DataFrame([{"model": r.model, **r.forecast.to_dict()} for r in res])
    return ForecastResult.from_arrays("ensemble", inp, inp.position[None], mean[None],
                                      tables={"members": table},
                                      params={"power": power, "members": list(members)})


def ensemble_cv(cases: Sequence[ForecastInput], folds: int = 10, seeds: Sequence[int] = (0,),
                powers: Sequence[float] = _POWERS, sets: Sequence[Sequence[str]] = _SETS) -> dict:
    """Nested cross-validated error of the ensemble's design, split by case.

    For each split of the cases into ``folds`` groups (one split per seed), the
    design (power, member set) with the lowest error on the other folds
    forecasts the held-out fold.  Scored issues as in
    :func:`zopa.forecast.backtest.scored`.

    Returns
    -------
    dict
        ``mae`` (mean over seeds of the out-of-fold MAE), ``se`` (its standard
        error over issues, first seed), ``n`` (issues), ``compromise`` (the
        compromise model's MAE on the same issues), ``diff_se`` (standard error
        of the paired difference, first seed), ``chosen`` (designs picked).
    """
    from zopa.forecast.backtest import backtest, scored

    if folds < 2:
        raise ValueError(f"folds must be >= 2, got {folds}")
    names = sorted({m for s in sets for m in s})
    runs = {}
    for p in powers:
        damp = [replace(c, capability=c.capability ** p, meta=dict(c.meta)) for c in cases]
        runs[p] = scored(backtest(damp, names)).reset_index(drop=True)
    base = runs[1.0] if 1.0 in runs else runs[powers[-1]]
    y = base["outcome"].to_numpy()
    groups = base["case"].astype(str).to_numpy()
    preds = {(p, tuple(s)): runs[p][list(s)].to_numpy().mean(1) for p in powers for s in sets}
    comp = np.abs(base["compromise"].to_numpy() - y)
    maes, chosen, first = [], [], None
    for seed in seeds:
        rng = np.random.default_rng(seed)
        ug = rng.permutation(np.unique(groups))
        fmap = {g: k % folds for k, g in enumerate(ug)}
        fold = np.array([fmap[g] for g in groups])
        pred = np.zeros(len(y))
        for f in range(folds):
            tr = fold != f
            best = min(preds, key=lambda k: np.abs(preds[k][tr] - y[tr]).mean())
            chosen.append(best)
            pred[~tr] = preds[best][~tr]
        err = np.abs(pred - y)
        maes.append(err.mean())
        if first is None:
            first = err
    diff = first - comp
    return {"mae": float(np.mean(maes)), "se": float(first.std(ddof=1) / np.sqrt(len(y))), "n": int(len(y)),
            "compromise": float(comp.mean()), "diff_se": float(diff.std(ddof=1) / np.sqrt(len(y))),
            "chosen": pd.Series([f"power={p}, {'+'.join(s)}" for p, s in chosen]).value_counts().to_dict()}
