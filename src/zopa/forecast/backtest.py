"""Backtests of the forecasting models on decisions with known outcomes (DEU III).

Run as a script to print the mean absolute error of every model::

    python -m zopa.forecast.backtest ../shared/data/forecast/deu/deu3_train.tsv

Each proposal is one case (its issues together, so the exchange model can
trade across them); an issue is scored when its outcome is known and on 0..100
and at least two actors took a position on it.  ``--capability`` chooses the
row-2 weights, equal capabilities or both; ``--cv`` adds the ensemble's
out-of-fold error (see :mod:`zopa.forecast.ensemble`); ``--alternatives``
cross-validates other candidate designs against the compromise model
(:func:`alternative_designs`, :func:`design_cv`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from zopa.forecast.data import ForecastInput

__all__ = ["BASE_MODELS", "alternative_designs", "backtest", "design_cv", "mae_table", "main"]

BASE_MODELS = ("compromise", "median", "nash", "bdm", "smp", "exchange")


def backtest(cases: Sequence[ForecastInput], models: Sequence[str] = BASE_MODELS, **params) -> pd.DataFrame:
    """Forecast every case with every model; one row per issue.

    Parameters
    ----------
    cases : sequence of ForecastInput
        Each with ``outcome`` (and ideally ``reference``) set.
    models : names of models known to :func:`zopa.forecast.run`
    **params : passed to the models that accept them (e.g. ``rounds``)

    Returns
    -------
    DataFrame
        Columns ``case, issue, outcome, reference, n_actors`` and one column
        per model with its forecast.
    """
    import inspect

    from zopa.forecast.api import MODELS

    rows = []
    for k, inp in enumerate(cases):
        out = inp.outcome if inp.outcome is not None else np.full(inp.n_issues, np.nan)
        ref = inp.reference_or(np.nan)
        row = {"case": [inp.meta.get("prnr", k)] * inp.n_issues, "issue": list(inp.issues),
               "outcome": out, "reference": ref, "n_actors": inp.present.sum(0)}
        for name in models:
            fn = MODELS[name]
            accepted = inspect.signature(fn).parameters
            res = fn(inp, **{p: v for p, v in params.items() if p in accepted})
            row[name] = res.forecast.to_numpy()
        rows.append(pd.DataFrame(row))
    return pd.concat(rows, ignore_index=True)


def scored(df: pd.DataFrame) -> pd.DataFrame:
    """The rows that count: outcome known and within 0..100, at least two actors."""
    ok = df["outcome"].notna() & df["outcome"].between(0, 100) & (df["n_actors"] >= 2)
    return df[ok]


def mae_table(df: pd.DataFrame, models: Sequence[str]) -> pd.DataFrame:
    """Mean absolute error (and its standard error) per model on the scored rows."""
    d = scored(df)
    out = []
    for m in models:
        err = (d[m] - d["outcome"]).abs()
        out.append({"model": m, "mae": err.mean(), "se": err.std(ddof=1) / np.sqrt(err.notna().sum()),
                    "n": int(err.notna().sum())})
    return pd.DataFrame(out)


def design_cv(preds: Mapping[Hashable, np.ndarray], y: np.ndarray, groups: Sequence, baseline: np.ndarray,
              folds: int = 10, seeds: Iterable[int] = range(5)) -> dict:
    """Out-of-fold error of picking, inside each training fold, the design with the lowest MAE.

    The groups (proposals) are split into ``folds`` folds as in
    :func:`zopa.forecast.ensemble.ensemble_cv` (one random split per seed); for
    each fold the design with the lowest mean absolute error on the other folds
    (the first such in ``preds``' order) forecasts it.

    Parameters
    ----------
    preds : mapping design -> array (n,) of forecasts
    y : array (n,) of outcomes
    groups : length-n group labels (a group is never split across folds)
    baseline : array (n,) of the forecasts to compare with (the compromise model)
    folds, seeds : number of folds; one split per seed

    Returns
    -------
    dict
        ``mae`` (out-of-fold MAE, mean over seeds), ``baseline`` (its MAE),
        ``gain`` (baseline MAE minus out-of-fold MAE, mean over seeds; positive
        = better than the baseline), ``gain_se`` (standard error over issues of
        the paired difference, mean over seeds), ``n`` and ``chosen`` (how often
        each design was picked).

    Examples
    --------
    >>> y = np.array([0.0, 0.0, 10.0, 10.0])
    >>> preds = {"zero": np.zeros(4), "ten": np.full(4, 10.0)}
    >>> r = design_cv(preds, y, ["a", "b", "c", "d"], np.full(4, 5.0), folds=4, seeds=[0])
    >>> r["mae"], r["baseline"], r["chosen"]
    (10.0, 5.0, {'zero': 2, 'ten': 2})
    """
    if folds < 2:
        raise ValueError(f"folds must be >= 2, got {folds}")
    if not preds:
        raise ValueError("preds must hold at least one design")
    y = np.asarray(y, float)
    groups = np.asarray([str(g) for g in groups])
    base_err = np.abs(np.asarray(baseline, float) - y)
    maes, gains, ses, chosen = [], [], [], []
    for seed in seeds:
        ug = np.random.default_rng(seed).permutation(np.unique(groups))
        fmap = {g: k % folds for k, g in enumerate(ug)}
        fold = np.array([fmap[g] for g in groups])
        pred = np.full(len(y), np.nan)
        for f in np.unique(fold):
            tr = fold != f
            best = min(preds, key=lambda k: np.abs(preds[k][tr] - y[tr]).mean()) if tr.any() else next(iter(preds))
            chosen.append(best)
            pred[~tr] = preds[best][~tr]
        err = np.abs(pred - y)
        diff = base_err - err
        maes.append(err.mean())
        gains.append(diff.mean())
        ses.append(diff.std(ddof=1) / np.sqrt(len(y)))
    if not maes:
        raise ValueError("seeds must not be empty")
    return {"mae": float(np.mean(maes)), "baseline": float(base_err.mean()), "gain": float(np.mean(gains)),
            "gain_se": float(np.mean(ses)), "n": len(y),
            "chosen": pd.Series([str(k) for k in chosen]).value_counts(sort=True).to_dict()}


def alternative_designs(cases: Sequence[ForecastInput], powers: Sequence[float] = (0.0, 0.25, 0.5, 0.75, 1.0),
                        anchor_actor: str = "com") -> tuple[pd.DataFrame, dict[str, dict]]:
    """Candidate designs for a better model than the compromise, grouped in families.

    Every design is a forecast per scored issue built from the compromise,
    exchange and SMP models run on capabilities raised to a power ``p``:

    * ``current``: mean of the members {compromise; compromise+exchange;
      compromise+smp; all three} at every power (the ensemble's search);
    * ``compromise-power``: the compromise model at every power;
    * ``shrink-rp``: ``(1 - l) * compromise + l * rp`` with p in {1/2, 1} and
      l in {0, 0.1, ..., 0.5} (the compromise where ``rp`` is unknown);
    * ``shrink-<anchor_actor>``: the same towards that actor's position (the
      Commission in DEU);
    * ``median3``: the compromise, or the median of compromise, exchange and SMP,
      at every power;
    * ``compromise+exchange``: the compromise, or the mean of compromise and
      exchange, at every power;
    * ``mean3-or-median3``: the mean or the median of the three, at every power.

    Returns
    -------
    (DataFrame, dict)
        The scored rows (``case, issue, outcome, compromise`` at the given
        capabilities) and ``{family: {design: forecasts}}`` aligned with them.
    """
    powers = tuple(powers)
    ps = tuple(dict.fromkeys((*powers, 0.5, 1.0)))
    names = ("compromise", "exchange", "smp")
    runs: dict[float, pd.DataFrame] = {}
    for p in ps:
        if all(np.all(c.capability == c.capability.flat[0]) for c in cases) and runs:
            runs[p] = next(iter(runs.values()))        # equal capabilities: every power is the same
            continue
        damp = [replace(c, capability=c.capability ** p, meta=dict(c.meta)) for c in cases]
        runs[p] = backtest(damp, names)
    keep = scored(runs[1.0]).index.to_numpy()
    base = runs[1.0].loc[keep].reset_index(drop=True)
    anchor = np.concatenate([c.position[c.actors.index(anchor_actor)] if anchor_actor in c.actors
                             else np.full(c.n_issues, np.nan) for c in cases])[keep]
    rp = base["reference"].to_numpy()

    def col(p: float, m: str) -> np.ndarray:
        return runs[p][m].to_numpy()[keep]

    def mean(p: float, ms: Sequence[str]) -> np.ndarray:
        return np.mean([col(p, m) for m in ms], 0)

    def med3(p: float) -> np.ndarray:
        return np.median([col(p, m) for m in names], 0)

    def shrink(p: float, lam: float, target: np.ndarray) -> np.ndarray:
        c = col(p, "compromise")
        return np.where(np.isnan(target), c, (1 - lam) * c + lam * target)

    sets = {"c": ("compromise",), "ce": ("compromise", "exchange"), "cs": ("compromise", "smp"), "ces": names}
    lams = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)
    fam = {
        "current": {(p, k): mean(p, v) for p in powers for k, v in sets.items()},
        "compromise-power": {(p, "c"): col(p, "compromise") for p in powers},
        "shrink-rp": {(p, lam): shrink(p, lam, rp) for p in (0.5, 1.0) for lam in lams},
        f"shrink-{anchor_actor}": {(p, lam): shrink(p, lam, anchor) for p in (0.5, 1.0) for lam in lams},
        "median3": {**{(p, "c"): col(p, "compromise") for p in powers}, **{(p, "med3"): med3(p) for p in powers}},
        "compromise+exchange": {(p, k): mean(p, sets[k]) for p in powers for k in ("c", "ce")},
        "mean3-or-median3": {**{(p, "ces"): mean(p, names) for p in powers}, **{(p, "med3"): med3(p) for p in powers}},
    }
    return base[["case", "issue", "outcome", "reference", "compromise"]], fam


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; prints Markdown tables."""
    ap = argparse.ArgumentParser(prog="python -m zopa.forecast.backtest", description=__doc__.split("\n")[0])
    ap.add_argument("path", help="DEU III tab-separated file (e.g. deu3_train.tsv)")
    ap.add_argument("--capability", choices=["weights", "equal", "both"], default="both")
    ap.add_argument("--missing-salience", type=float, default=50.0)
    ap.add_argument("--cv", action="store_true", help="also report the ensemble's cross-validated error")
    ap.add_argument("--alternatives", action="store_true",
                    help="also cross-validate the candidate designs of alternative_designs against the compromise")
    ap.add_argument("--folds", type=int, default=10)
    ap.add_argument("--seeds", type=int, default=5, help="number of random fold splits averaged")
    args = ap.parse_args(argv)

    from zopa.forecast.ensemble import ensemble_cv
    from zopa.forecast.readers import read_deu

    caps = ["weights", "equal"] if args.capability == "both" else [args.capability]
    for cap in caps:
        cases = read_deu(args.path, capability=cap, missing_salience=args.missing_salience, by="proposal")
        df = backtest(cases, (*BASE_MODELS, "ensemble"))
        tab = mae_table(df, (*BASE_MODELS, "ensemble"))
        print(f"\n### capability = {cap}\n")
        print("| model | MAE | s.e. | issues |\n|---|---:|---:|---:|")
        for r in tab.itertuples():
            print(f"| {r.model} | {r.mae:.2f} | {r.se:.2f} | {r.n} |")
        if args.cv:
            cv = ensemble_cv(cases, folds=args.folds, seeds=range(args.seeds))
            print(f"| ensemble, nested {args.folds}-fold CV by proposal (out of fold, mean of "
                  f"{args.seeds} splits) | {cv['mae']:.2f} | {cv['se']:.2f} | {cv['n']} |")
            print(f"\nOut of fold, the ensemble's design beats the compromise model by "
                  f"{cv['compromise'] - cv['mae']:.2f} (s.e. of the paired difference {cv['diff_se']:.2f}); "
                  f"designs chosen in the folds: "
                  + "; ".join(f"{k} ({v})" for k, v in cv["chosen"].items()))
        if args.alternatives:
            base, fams = alternative_designs(cases)
            y, groups, comp = base["outcome"].to_numpy(), base["case"].to_numpy(), base["compromise"].to_numpy()
            print(f"\nCandidate designs, nested {args.folds}-fold CV by proposal ({args.seeds} splits); compromise "
                  f"MAE {np.abs(comp - y).mean():.2f}; gain = compromise MAE - out-of-fold MAE (positive = better)\n")
            print("| family (candidates) | out-of-fold MAE | gain | s.e. | chosen (power, design) |\n"
                  "|---|---:|---:|---:|---|")
            for name, preds in fams.items():
                r = design_cv(preds, y, groups, comp, folds=args.folds, seeds=range(args.seeds))
                top = "; ".join(f"{k} x{v}" for k, v in list(r["chosen"].items())[:3])
                print(f"| {name} ({len(preds)}) | {r['mae']:.2f} | {r['gain']:+.2f} | {r['gain_se']:.2f} | {top} |")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
