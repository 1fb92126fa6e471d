"""Backtests of the forecasting models on decisions with known outcomes (DEU III).

Run as a script to print the mean absolute error of every model::

    python -m zopa.forecast.backtest ../shared/data/forecast/deu/deu3_train.tsv

Each proposal is one case (its issues together, so the exchange model can
trade across them); an issue is scored when its outcome is known and on 0..100
and at least two actors took a position on it.  ``--capability`` chooses the
row-2 weights, equal capabilities or both; ``--cv`` adds the ensemble's
out-of-fold error (see :mod:`zopa.forecast.ensemble`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

import numpy as np
import pandas as pd

from zopa.forecast.data import ForecastInput

__all__ = ["BASE_MODELS", "backtest", "mae_table", "main"]

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


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; prints Markdown tables."""
    ap = argparse.ArgumentParser(prog="python -m zopa.forecast.backtest", description=__doc__.split("\n")[0])
    ap.add_argument("path", help="DEU III tab-separated file (e.g. deu3_train.tsv)")
    ap.add_argument("--capability", choices=["weights", "equal", "both"], default="both")
    ap.add_argument("--missing-salience", type=float, default=50.0)
    ap.add_argument("--cv", action="store_true", help="also report the ensemble's cross-validated error")
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
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
