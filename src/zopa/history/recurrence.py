"""How often fighting resumed after an episode ended, by the way it ended.

A *peace spell* runs from the end of an episode to the start of the next episode of the same
conflict (``conflict_id``: a UCDP conflict at conflict level, a dyad at dyad level).  If no
later episode starts before the data end, the spell is right-censored there.  The chance that
fighting resumed within ``y`` years is ``1 - S(y)``, with ``S`` the Kaplan-Meier survival of
peace spells (Kaplan & Meier 1958) — censoring matters: an agreement signed in 2018 cannot yet
show whether peace held five years.  The naive share among spells followed for ``y`` years is
given beside it.

Examples
--------
>>> ep = pd.DataFrame({
...     "conflict_id": ["a", "a", "b", "c"], "ended": [True, True, True, True],
...     "start": pd.to_datetime(["2000-01-01", "2003-01-01", "2000-01-01", "2000-01-01"]),
...     "end": pd.to_datetime(["2001-01-01", "2004-01-01", "2001-01-01", "2001-01-01"]),
...     "outcome": ["ceasefire", "peace_agreement", "ceasefire", "ceasefire"]})
>>> spells = peace_spells(ep, censor_date="2010-12-31")
>>> spells[["outcome", "recurred"]].values.tolist()
[['ceasefire', True], ['ceasefire', False], ['ceasefire', False], ['peace_agreement', False]]
>>> r = recurrence(spells, years=[3], by="outcome")
>>> r.loc[r.outcome == "ceasefire", "probability"].round(4).tolist()
[0.3333]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from zopa.history.survival import _groups, _km_table, _step

DAYS_PER_YEAR = 365.2425
_PA_START = "1975-01-01"  # the UCDP Peace Agreement Dataset starts in 1975


def peace_spells(episodes: pd.DataFrame, censor_date: str | None = None) -> pd.DataFrame:
    """One row per ended episode: the peace spell until fighting in the same conflict resumed.

    Parameters
    ----------
    episodes : DataFrame
        An episode table with ``conflict_id``, ``start``, ``end``, ``ended``, ``outcome``.
    censor_date : str, optional
        Last day the data cover (default: ``episodes.attrs["censor_date"]``).

    Returns
    -------
    DataFrame
        The ended episodes' columns plus ``next_start`` (NaT if none), ``recurred`` (bool) and
        ``spell_years`` (years from the end to the next start, or to ``censor_date``).
    """
    for col in ("conflict_id", "start", "end", "ended", "outcome"):
        if col not in episodes:
            raise ValueError(f"episodes must have a {col!r} column")
    censor_date = censor_date or episodes.attrs.get("censor_date")
    if censor_date is None:
        raise ValueError("censor_date is needed (the episodes carry none in attrs)")
    ids = episodes["conflict_id"].astype(str)
    if (ids == "").all():
        raise ValueError("these episodes have no conflict ids, so recurrence cannot be measured "
                         "(use a UCDP dataset)")
    ep = episodes.assign(conflict_id=ids).sort_values(["conflict_id", "start"], kind="stable")
    nxt = ep.groupby("conflict_id")["start"].shift(-1)
    ep = ep.assign(next_start=nxt)
    ep = ep[ep["ended"].astype(bool)].copy()
    censor = pd.Timestamp(censor_date)
    ep["recurred"] = ep["next_start"].notna() & (ep["next_start"] <= censor)
    until = ep["next_start"].where(ep["recurred"], censor)
    days = (until - ep["end"]).dt.days.clip(lower=0).astype(float)
    ep["spell_years"] = days / DAYS_PER_YEAR
    out = ep.sort_values(["outcome", "start"], kind="stable").reset_index(drop=True)
    out.attrs.update(episodes.attrs)
    return out


def recurrence(spells: pd.DataFrame, years: Sequence[float] = (1, 3, 5), by: str | None = "outcome",
               include_all: bool = True, alpha: float = 0.05) -> pd.DataFrame:
    """Chance that fighting resumed within each number of ``years``, per group of spells.

    Parameters
    ----------
    spells : DataFrame
        Output of :func:`peace_spells`.
    years : sequence of float
        Horizons in years (> 0).
    by : str or None
        Column to group by (``outcome``, ``kind``, ``agreement_type``...).

    Returns
    -------
    DataFrame
        ``<by>``, ``years``, ``n_spells``, ``probability`` (1 - Kaplan-Meier survival),
        ``lower``, ``upper``, ``n_recurred`` (resumed within ``years``), ``n_followed``
        (resumed within, or watched for at least, ``years``), ``share`` (n_recurred /
        n_followed: the naive rate among spells with full follow-up).
    """
    y = np.asarray(years, dtype=float)
    if y.size == 0 or not np.all(np.isfinite(y) & (y > 0)):
        raise ValueError(f"years must be numbers > 0; got {list(years)!r}")
    if by is not None and by not in spells:
        raise ValueError(f"by must be a column of spells or None; got {by!r}")
    parts = []
    for label, frame in _groups(spells, by, include_all):
        d = frame["spell_years"].to_numpy(dtype=float)
        e = frame["recurred"].to_numpy(dtype=bool)
        t = _km_table(d, e, alpha)
        times = t["time"].to_numpy()
        s = _step(times, t["survival"].to_numpy(), y, 1.0)
        lo = _step(times, t["lower"].fillna(1.0).to_numpy(), y, 1.0)
        hi = _step(times, t["upper"].fillna(1.0).to_numpy(), y, 1.0)
        n_rec = (e[None, :] & (d[None, :] <= y[:, None])).sum(axis=1)
        n_fol = ((e[None, :] & (d[None, :] <= y[:, None])) | (d[None, :] >= y[:, None])).sum(axis=1)
        parts.append(pd.DataFrame({
            by or "group": label, "years": y, "n_spells": len(frame), "probability": 1.0 - s,
            "lower": 1.0 - hi, "upper": 1.0 - lo, "n_recurred": n_rec, "n_followed": n_fol,
            "share": np.where(n_fol > 0, n_rec / np.maximum(n_fol, 1), np.nan),
        }))
    return pd.concat(parts, ignore_index=True)


def attach_agreement_type(dyad_episodes: pd.DataFrame, agreements: pd.DataFrame) -> pd.DataFrame:
    """Add ``agreement_type`` to UCDP dyad episodes that ended by a peace agreement.

    An episode's ``agreement_date`` (``peagdate``) is matched with the Peace Agreement
    Dataset's agreements of the same dyad signed that day (``dyad_id`` may list several dyads);
    if several match, the most complete type wins (full > partial > peace_process).  Episodes
    ending by agreement with no match get ``before_1975`` (the agreement data start in 1975) or
    ``unmatched``; other episodes get ``""``.
    """
    for col in ("agreement_date", "conflict_id"):
        if col not in dyad_episodes:
            raise ValueError("dyad_episodes must be UCDP dyad-level episodes "
                             "(zopa.history.episodes('ucdp-termination-dyad'))")
    pa = agreements[["dyad_id", "pa_date", "pa_type"]].copy()
    pa["dyad_id"] = pa["dyad_id"].astype(str).str.split(",")
    pa = pa.explode("dyad_id")
    pa["dyad_id"] = pa["dyad_id"].str.strip()
    rank = {1: 0, 2: 1, 3: 2}
    pa["rank"] = pd.to_numeric(pa["pa_type"], errors="coerce").map(rank)
    best = pa.sort_values("rank").drop_duplicates(["dyad_id", "pa_date"])
    label = {0: "full", 1: "partial", 2: "peace_process"}
    key = pd.MultiIndex.from_frame(best[["dyad_id", "pa_date"]])
    lookup = pd.Series(best["rank"].map(label).to_numpy(), index=key)
    ep = dyad_episodes.copy()
    probe = pd.MultiIndex.from_arrays([ep["conflict_id"].astype(str), ep["agreement_date"]])
    found = lookup.reindex(probe).to_numpy()
    by_pa = ep["outcome"].eq("peace_agreement").to_numpy()
    early = (ep["agreement_date"] < pd.Timestamp(_PA_START)).to_numpy()
    missing = np.where(early, "before_1975", "unmatched")
    ep["agreement_type"] = np.where(by_pa, np.where(pd.isna(found), missing, found), "")
    ep.attrs.update(dyad_episodes.attrs)
    return ep
