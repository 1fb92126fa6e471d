"""Backtest of the reference-class forecast "a war that has lasted X months: does it end
within the next h months?".

The split is by time, with no leakage.  At the cut-off date ``C`` (1 January of the cut-off
year) the forecaster knows only what had happened before ``C``: every episode that started
before ``C``, ended if it ended before ``C`` and otherwise right-censored at ``C``.  The
forecast for an episode of kind ``k`` that has lasted ``X`` months is the Kaplan-Meier
conditional probability of ending, ``1 - S_k(X + h) / S_k(X-)``, fitted on that truncated
data (pooled over kinds when fewer than ``min_at_risk`` episodes of kind ``k`` had lasted ``X``
months).  It is scored on every (episode, X) whose forecast date ``start + X`` falls on or after
``C`` and whose outcome is known: it ended within ``h`` months (1), or was seen running ``h``
months more (0); windows cut by the data's end are dropped.

Scores: the Brier (1950) score, mean of ``(p - y)^2``; the same for a constant forecast equal to
the share of windows that ended in the training period (the "climatology"), and the skill
score ``1 - Brier / Brier_climatology``; a calibration table (reliability diagram) with the
mean forecast and the observed frequency in each probability bin.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from zopa.history.codes import DAYS_PER_MONTH
from zopa.history.survival import conditional_survival

DEFAULT_LASTED = (0, 3, 6, 12, 18, 24, 36, 48, 60, 84, 120)


@dataclass
class BacktestResult:
    """Forecasts, scores and calibration of a backtest (all tidy frames)."""

    forecasts: pd.DataFrame
    scores: pd.DataFrame
    calibration: pd.DataFrame
    params: dict = field(default_factory=dict)


def truncate(episodes: pd.DataFrame, cutoff: pd.Timestamp) -> pd.DataFrame:
    """The episode table as it was known on ``cutoff``: started before it, censored at it.

    Examples
    --------
    >>> ep = pd.DataFrame({"start": pd.to_datetime(["1990-01-01", "1999-01-01", "2001-01-01"]),
    ...                    "exit": pd.to_datetime(["1991-01-01", "2003-01-01", "2002-01-01"]),
    ...                    "ended": [True, True, True], "kind": "k"})
    >>> t = truncate(ep, pd.Timestamp("2000-01-01"))
    >>> t[["ended", "exit"]].astype(str).values.tolist()
    [['True', '1991-01-01'], ['False', '2000-01-01']]
    """
    known = episodes[episodes["start"] < cutoff].copy()
    seen_end = known["ended"].astype(bool) & (known["exit"] < cutoff)
    known["exit"] = known["exit"].where(seen_end, cutoff)
    known["end"] = known["exit"].where(seen_end)
    known["ended"] = seen_end
    known["duration_days"] = (known["exit"] - known["start"]).dt.days.astype(float)
    known["duration_months"] = known["duration_days"] / DAYS_PER_MONTH
    return known


def windows(episodes: pd.DataFrame, lasted: Sequence[float], horizon: float,
            after: pd.Timestamp | None = None, before: pd.Timestamp | None = None) -> pd.DataFrame:
    """Every (episode, X) forecast window whose outcome is known.

    A window opens at ``start + X`` months on an episode still running (duration >= X); its
    outcome ``y`` is 1 if the episode ended within ``horizon`` months, 0 if it was seen running
    that long, and the window is dropped otherwise.  ``after``/``before`` keep windows opening
    on or after / closing before the given dates.
    """
    d = episodes["duration_months"].to_numpy(dtype=float)
    ended = episodes["ended"].to_numpy(dtype=bool)
    x = np.asarray(lasted, dtype=float)
    running = d[:, None] >= x[None, :]
    y1 = running & ended[:, None] & (d[:, None] <= x[None, :] + horizon)
    y0 = running & (d[:, None] >= x[None, :] + horizon) & ~y1
    keep = y1 | y0
    opens = episodes["start"].to_numpy()[:, None] + pd.to_timedelta(x * DAYS_PER_MONTH, unit="D").to_numpy()[None, :]
    closes = opens + pd.to_timedelta(horizon * DAYS_PER_MONTH, unit="D").to_numpy()
    if after is not None:
        keep &= opens >= np.datetime64(after)
    if before is not None:
        keep &= closes < np.datetime64(before)
    i, j = np.nonzero(keep)
    return pd.DataFrame({
        "episode_id": episodes["episode_id"].to_numpy()[i] if "episode_id" in episodes else i,
        "kind": episodes["kind"].to_numpy()[i],
        "lasted": x[j],
        "opens": opens[i, j],
        "y": y1[i, j].astype(int),
    })


def _forecast_table(train: pd.DataFrame, lasted: Sequence[float], horizon: float) -> pd.DataFrame:
    parts = [conditional_survival(train, lasted=float(x), horizons=[horizon], by="kind",
                                  include_all=True) for x in lasted]
    return pd.concat(parts, ignore_index=True)[["kind", "lasted", "n_at_risk", "end_probability"]]


def brier(p, y) -> float:
    """Brier (1950) score: the mean squared difference between forecast and outcome.

    >>> brier([0.8, 0.1], [1, 0])
    0.025
    """
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    return round(float(np.mean((p - y) ** 2)), 15)


def calibration(p, y, bins: int = 10) -> pd.DataFrame:
    """Reliability table: forecasts binned on [0, 1] into ``bins`` equal bins.

    Returns ``bin_lower``, ``bin_upper``, ``n``, ``mean_forecast``, ``observed`` (share of 1s).
    """
    p, y = np.asarray(p, dtype=float), np.asarray(y, dtype=float)
    edges = np.round(np.linspace(0.0, 1.0, bins + 1), 12)
    idx = np.clip(np.searchsorted(edges, p, side="right") - 1, 0, bins - 1)
    n = np.bincount(idx, minlength=bins)
    sp = np.bincount(idx, weights=p, minlength=bins)
    sy = np.bincount(idx, weights=y, minlength=bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        return pd.DataFrame({"bin_lower": edges[:-1], "bin_upper": edges[1:], "n": n,
                             "mean_forecast": np.where(n > 0, sp / n, np.nan),
                             "observed": np.where(n > 0, sy / n, np.nan)})


def backtest(episodes: pd.DataFrame, cutoff_year: int, horizon: float = 12.0,
             lasted: Sequence[float] = DEFAULT_LASTED, min_at_risk: int = 5,
             bins: int = 10) -> BacktestResult:
    """Fit the reference-class forecast before ``cutoff_year``, score it after.

    Parameters
    ----------
    episodes : DataFrame
        An episode table (see :mod:`zopa.history.episodes`).
    cutoff_year : int
        Training data are what was known on 1 January of this year.
    horizon : float
        Months ahead (default 12).
    lasted : sequence of float
        Ages X (months) at which forecasts are made.
    min_at_risk : int
        Fewest training episodes of a kind at risk at X to use that kind's curve; otherwise
        all kinds are pooled, and with fewer than that pooled the window is not forecast.

    Returns
    -------
    BacktestResult
        ``forecasts`` (one row per scored window: episode_id, kind, lasted, opens, y,
        probability, basis), ``scores`` (one row per kind and ``all``: n_forecasts,
        n_episodes, brier, brier_climatology, skill, mean_forecast, observed), ``calibration``.
    """
    first, last = int(episodes["start"].dt.year.min()), int(episodes["exit"].dt.year.max())
    if not (first < cutoff_year <= last):
        raise ValueError(f"cutoff_year must be in {first + 1}..{last} for these episodes; got {cutoff_year!r}")
    if not (np.isfinite(horizon) and horizon > 0):
        raise ValueError(f"horizon must be months > 0; got {horizon!r}")
    if min_at_risk < 1:
        raise ValueError(f"min_at_risk must be >= 1; got {min_at_risk!r}")
    cutoff = pd.Timestamp(f"{cutoff_year}-01-01")
    train = truncate(episodes, cutoff)
    table = _forecast_table(train, lasted, horizon)
    own = table[table["kind"] != "all"].set_index(["kind", "lasted"])
    pooled = table[table["kind"] == "all"].set_index("lasted")
    test = windows(episodes, lasted, horizon, after=cutoff)
    key = pd.MultiIndex.from_arrays([test["kind"], test["lasted"]])
    n_own = own["n_at_risk"].reindex(key).fillna(0).to_numpy()
    p_own = own["end_probability"].reindex(key).to_numpy()
    n_all = pooled["n_at_risk"].reindex(test["lasted"]).fillna(0).to_numpy()
    p_all = pooled["end_probability"].reindex(test["lasted"]).to_numpy()
    use_own = n_own >= min_at_risk
    use_all = ~use_own & (n_all >= min_at_risk)
    test["probability"] = np.where(use_own, p_own, np.where(use_all, p_all, np.nan))
    test["basis"] = np.where(use_own, "kind", np.where(use_all, "pooled", "none"))
    unforecast = int((test["basis"] == "none").sum())
    test = test[test["basis"] != "none"].reset_index(drop=True)
    climate = windows(train, lasted, horizon, before=cutoff)
    base = float(climate["y"].mean()) if len(climate) else np.nan
    rows = []
    for label, frame in [*test.groupby("kind", sort=True), ("all", test)]:
        b = brier(frame["probability"], frame["y"])
        b0 = brier(np.full(len(frame), base), frame["y"])
        rows.append({"kind": label, "n_forecasts": len(frame), "n_episodes": frame["episode_id"].nunique(),
                     "brier": b, "brier_climatology": b0, "skill": 1.0 - b / b0 if b0 > 0 else np.nan,
                     "mean_forecast": float(frame["probability"].mean()), "observed": float(frame["y"].mean())})
    params = {"cutoff_year": cutoff_year, "horizon_months": float(horizon), "lasted_months": [float(x) for x in lasted],
              "min_at_risk": min_at_risk, "n_train_episodes": len(train), "n_train_ended": int(train["ended"].sum()),
              "climatology": base, "n_unforecast_windows": unforecast,
              "dataset": episodes.attrs.get("dataset", "")}
    return BacktestResult(test, pd.DataFrame(rows), calibration(test["probability"], test["y"], bins), params)
