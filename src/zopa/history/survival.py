"""Survival of wars: Kaplan-Meier curves, conditional survival, cumulative incidence.

Pure functions of an episode table (see :mod:`zopa.history.episodes`) returning tidy frames.
Durations are in months (``duration_months``) and ``ended`` is the event indicator; episodes
still running at the data's end are right-censored.

- Kaplan-Meier (1958) product-limit estimator, with the exponential Greenwood ("log-log")
  confidence band (as lifelines' ``KaplanMeierFitter``, which the tests compare it with).
- Conditional survival given that an episode has lasted ``t`` months:
  ``S(t + h | T >= t) = S(t + h) / S(t-)``.  It equals the Kaplan-Meier estimate on the
  episodes with ``T >= t`` with ``t`` subtracted from their durations, which is how it is
  computed here (so it gets its own confidence band).
- Cumulative incidence of each way of ending with competing risks, by the Aalen-Johansen
  estimator (lifelines' ``AalenJohansenFitter``): ``F_k(h) = sum_{u <= h} S(u-) d_k(u) / n(u)``,
  conditional on ``T >= t`` in the same way.

Examples
--------
>>> ep = pd.DataFrame({"duration_months": [1, 2, 2, 3, 4], "ended": [1, 1, 0, 1, 0],
...                    "kind": "demo", "outcome": ["a", "b", "x", "a", "x"]})
>>> km = kaplan_meier(ep, by=None)
>>> km[["time", "at_risk", "survival"]].round(3).values.tolist()
[[0.0, 5.0, 1.0], [1.0, 5.0, 0.8], [2.0, 4.0, 0.6], [3.0, 2.0, 0.3], [4.0, 1.0, 0.3]]
>>> float(conditional_survival(ep, lasted=1.5, horizons=[2]).loc[0, "survival"])  # S(3.5)/S(1.5)
0.375
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

_TIE = 1e-7  # months; deterministic tie-breaking step for the Aalen-Johansen fit


def _check(episodes: pd.DataFrame, by: str | None, horizons=None, lasted: float = 0.0) -> None:
    for col in ("duration_months", "ended"):
        if col not in episodes:
            raise ValueError(f"episodes must have a {col!r} column (see zopa.history.episodes)")
    if by is not None and by not in episodes:
        raise ValueError(f"by must be a column of episodes or None; got {by!r}")
    if not (np.isfinite(lasted) and lasted >= 0):
        raise ValueError(f"lasted must be a number of months >= 0; got {lasted!r}")
    if horizons is not None:
        h = np.asarray(horizons, dtype=float)
        if h.size == 0 or not np.all(np.isfinite(h) & (h > 0)):
            raise ValueError(f"horizons must be months > 0; got {list(horizons)!r}")


def _groups(episodes: pd.DataFrame, by: str | None, include_all: bool):
    """Yield (label, frame) for each group (and 'all' when asked or when by is None)."""
    if by is None:
        yield "all", episodes
        return
    yield from episodes.groupby(by, sort=True)
    if include_all:
        yield "all", episodes


def _km_table(durations: np.ndarray, events: np.ndarray, alpha: float) -> pd.DataFrame:
    """Kaplan-Meier table at time 0 and every distinct duration (vectorised numpy).

    Same conventions as lifelines' ``KaplanMeierFitter`` (events before censorings at a tied
    time; the exponential Greenwood band of Kalbfleisch & Prentice), checked against it in the
    tests.
    """
    from scipy.stats import norm

    d = np.asarray(durations, dtype=float)
    e = np.asarray(events, dtype=bool)
    if d.size == 0:
        return pd.DataFrame({"time": [0.0], "at_risk": [0], "events": [0], "censored": [0],
                             "survival": [np.nan], "lower": [np.nan], "upper": [np.nan]})
    times = np.unique(np.concatenate([[0.0], d]))
    at_risk = d.size - np.searchsorted(np.sort(d), times, side="left")
    idx = np.searchsorted(times, d)
    n_ev = np.bincount(idx[e], minlength=times.size)
    removed = np.bincount(idx, minlength=times.size)
    with np.errstate(divide="ignore", invalid="ignore"):
        surv = np.cumprod(1.0 - n_ev / at_risk)
        green = np.cumsum(np.where(n_ev > 0, n_ev / (at_risk * (at_risk - n_ev)), 0.0))
        log_s = np.log(surv)
        se = np.sqrt(green) / np.abs(log_s)
        z = norm.ppf(1 - alpha / 2)
        loglog = np.log(-log_s)
        lower = np.exp(-np.exp(loglog + z * se))
        upper = np.exp(-np.exp(loglog - z * se))
    one = surv >= 1.0
    lower[one], upper[one] = 1.0, 1.0
    zero = surv <= 0.0
    lower[zero], upper[zero] = 0.0, 0.0
    return pd.DataFrame({"time": times, "at_risk": at_risk.astype(int), "events": n_ev,
                         "censored": removed - n_ev, "survival": surv, "lower": lower, "upper": upper})


def _km_median(durations: np.ndarray, events: np.ndarray) -> float:
    """First time the Kaplan-Meier curve is at or below one half (NaN if never)."""
    t = _km_table(durations, events, 0.05)
    below = t.index[t["survival"] <= 0.5]
    return float(t.loc[below[0], "time"]) if len(below) else np.nan


def _step(times: np.ndarray, values: np.ndarray, at: np.ndarray, start: float) -> np.ndarray:
    """Right-continuous step function through (times, values), ``start`` before times[0]."""
    idx = np.searchsorted(times, at, side="right") - 1
    return np.where(idx >= 0, values[np.clip(idx, 0, None)], start)


def _at_risk(frame: pd.DataFrame, lasted: float) -> tuple[np.ndarray, np.ndarray, pd.DataFrame]:
    d = frame["duration_months"].to_numpy(dtype=float)
    keep = d >= lasted
    sub = frame[keep]
    return d[keep] - lasted, sub["ended"].to_numpy(dtype=bool), sub


def kaplan_meier(episodes: pd.DataFrame, by: str | None = "kind", include_all: bool = False,
                 alpha: float = 0.05) -> pd.DataFrame:
    """Kaplan-Meier survival curve of episode duration (months), per group.

    Returns
    -------
    pandas.DataFrame
        One row per distinct time (0 included) per group: ``<by>`` (or ``group``), ``time``,
        ``at_risk``, ``events``, ``censored``, ``survival``, ``lower``, ``upper``.
    """
    _check(episodes, by)
    parts = []
    for label, frame in _groups(episodes, by, include_all):
        t = _km_table(frame["duration_months"].to_numpy(dtype=float),
                      frame["ended"].to_numpy(dtype=bool), alpha)
        t.insert(0, by or "group", label)
        parts.append(t)
    return pd.concat(parts, ignore_index=True)


def median_duration(episodes: pd.DataFrame, by: str | None = "kind", include_all: bool = False,
                    lasted: float = 0.0) -> pd.DataFrame:
    """Episode counts and Kaplan-Meier median duration (months) per group.

    With ``lasted`` > 0 the median is of the *remaining* duration of episodes that have lasted
    at least ``lasted`` months.  The median is NaN when the curve never falls to 0.5.

    Returns ``<by>``, ``n_episodes``, ``n_ended``, ``n_at_risk``, ``median_duration``.
    """
    _check(episodes, by, lasted=lasted)
    rows = []
    for label, frame in _groups(episodes, by, include_all):
        d, e, _ = _at_risk(frame, lasted)
        med = _km_median(d, e) if len(d) else np.nan
        rows.append({by or "group": label, "n_episodes": len(frame),
                     "n_ended": int(frame["ended"].sum()), "n_at_risk": len(d),
                     "median_duration": med})
    return pd.DataFrame(rows)


def conditional_survival(episodes: pd.DataFrame, lasted: float = 0.0,
                         horizons: Sequence[float] = (6, 12, 24), by: str | None = "kind",
                         include_all: bool = False, alpha: float = 0.05) -> pd.DataFrame:
    """Probability that an episode that has lasted ``lasted`` months runs ``h`` months more.

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``lasted``, ``horizon``, ``n_at_risk`` (episodes with duration >= lasted),
        ``survival`` = S(lasted + h) / S(lasted-), ``lower``, ``upper`` (its band), and
        ``end_probability`` = 1 - survival (the chance it ends within ``h`` months).
    """
    _check(episodes, by, horizons, lasted)
    h = np.asarray(horizons, dtype=float)
    parts = []
    for label, frame in _groups(episodes, by, include_all):
        d, e, _ = _at_risk(frame, lasted)
        t = _km_table(d, e, alpha)
        times = t["time"].to_numpy()
        s = _step(times, t["survival"].to_numpy(), h, 1.0)
        lo = _step(times, t["lower"].fillna(1.0).to_numpy(), h, 1.0)
        hi = _step(times, t["upper"].fillna(1.0).to_numpy(), h, 1.0)
        if len(d) == 0:
            s = lo = hi = np.full(h.shape, np.nan)
        parts.append(pd.DataFrame({by or "group": label, "lasted": float(lasted), "horizon": h,
                                   "n_at_risk": len(d), "survival": s, "lower": lo, "upper": hi,
                                   "end_probability": 1.0 - s}))
    return pd.concat(parts, ignore_index=True)


def _aj_fit(d: np.ndarray, codes: np.ndarray, k: int, n_codes: int, ci: bool, alpha: float):
    """Aalen-Johansen fit with ties broken deterministically (exact after each tied block).

    Events at the same time are ordered by cause code and put before censorings, which leaves
    the estimate after the block unchanged (S(u-) d_k/n(u) summed over the block) and keeps
    lifelines from jittering times with the global random state.
    """
    from lifelines import AalenJohansenFitter

    shift = np.where(codes > 0, codes, n_codes + 1) * _TIE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return AalenJohansenFitter(calculate_variance=ci, alpha=alpha).fit(d + shift, codes, event_of_interest=k)


def cumulative_incidence(episodes: pd.DataFrame, horizons: Sequence[float] = (6, 12, 24),
                         lasted: float = 0.0, by: str | None = "kind", cause: str = "outcome",
                         include_all: bool = False, ci: bool = True,
                         alpha: float = 0.05) -> pd.DataFrame:
    """Chance of ending each way within ``h`` months, given ``lasted`` months so far.

    Competing risks (a war that ends by ceasefire cannot then end by victory) are handled by
    the Aalen-Johansen estimator; the causes are the values of ``cause`` among ended episodes.

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``lasted``, ``horizon``, ``outcome``, ``probability``, ``lower``, ``upper``
        (NaN when ``ci`` is False), ``n_at_risk``, ``n_events`` (episodes that ended that way
        within the window).  Over outcomes, probabilities add up to the ``end_probability`` of
        :func:`conditional_survival`.
    """
    _check(episodes, by, horizons, lasted)
    if cause not in episodes:
        raise ValueError(f"cause must be a column of episodes; got {cause!r}")
    h = np.asarray(horizons, dtype=float)
    parts = []
    for label, frame in _groups(episodes, by, include_all):
        d, e, sub = _at_risk(frame, lasted)
        names = sorted(set(sub.loc[e, cause].astype(str))) if len(sub) else []
        lookup = {name: i + 1 for i, name in enumerate(names)}
        at = h + (len(names) + 0.5) * _TIE  # just after the tie-broken block at h
        codes = np.where(e, sub[cause].astype(str).map(lookup).fillna(0).to_numpy(dtype=int), 0)
        for name, k in lookup.items():
            fit = _aj_fit(d, codes, k, len(names), ci, alpha)
            cd = fit.cumulative_density_
            times = cd.index.to_numpy(dtype=float)
            p = _step(times, cd.iloc[:, 0].to_numpy(), at, 0.0)
            lo = hi = np.full(h.shape, np.nan)
            if ci and fit.confidence_interval_ is not None:
                band = fit.confidence_interval_.to_numpy()
                lo = _step(times, np.nan_to_num(np.fmin(band[:, 0], band[:, 1]), nan=0.0), at, 0.0)
                hi = _step(times, np.nan_to_num(np.fmax(band[:, 0], band[:, 1]), nan=0.0), at, 0.0)
            n_ev = ((codes == k)[None, :] & (d[None, :] <= h[:, None])).sum(axis=1)
            parts.append(pd.DataFrame({by or "group": label, "lasted": float(lasted), "horizon": h,
                                       "outcome": name, "probability": p, "lower": lo, "upper": hi,
                                       "n_at_risk": len(d), "n_events": n_ev}))
    cols = [by or "group", "lasted", "horizon", "outcome", "probability", "lower", "upper",
            "n_at_risk", "n_events"]
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]
