"""The common episode table every dataset is turned into.

One row per episode (a UCDP conflict or dyad episode, a COW war, an ICB crisis, a UCDP peace
agreement), with the same columns whatever the source:

========================  ==========================================================
column                    meaning
========================  ==========================================================
dataset                   dataset name (``ucdp-termination``, ``cow-interstate``, ...)
episode_id                the provider's id (made unique where the provider's is not)
name                      a readable name (location and sides, or the war's name)
conflict_id               the id episodes of the same conflict share ("" if none)
kind                      reference class: interstate, intrastate, internationalised, ...
subtype                   a finer class where the data have one ("" otherwise)
start, end                first and last day; ``end`` is NaT while the episode runs
exit                      ``end``, or the dataset's censor date for running episodes
ended                     True if the episode ended within the data
outcome                   how it ended (``ongoing`` when it did not)
duration_days             ``exit - start`` in days
duration_months           the same in months of 365.2425/12 days
start_year                year of ``start``
start_precision           the provider's precision code for ``start`` ("" if none)
end_precision             the provider's precision code for ``end`` ("" if none)
line                      line of the episode's first row in the source file
========================  ==========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from zopa.errors import DataFileError, Problem
from zopa.history.codes import DAYS_PER_MONTH

EPISODE_COLUMNS = [
    "dataset", "episode_id", "name", "conflict_id", "kind", "subtype", "start", "end", "exit",
    "ended", "outcome", "duration_days", "duration_months", "start_year", "start_precision",
    "end_precision", "line",
]


def finish(ep: pd.DataFrame, dataset: str, censor_date: str, file: str = "") -> pd.DataFrame:
    """Complete an episode table: censoring, durations, column order, checks.

    ``ep`` must hold at least ``episode_id, name, kind, start, end, outcome, line``; running
    episodes have ``end`` NaT and are right-censored at ``censor_date``.  An episode that ends
    before it starts raises :class:`DataFileError` pointing at its line.

    Examples
    --------
    >>> ep = pd.DataFrame({"episode_id": ["a", "b"], "name": ["A", "B"], "kind": "interstate",
    ...                    "start": pd.to_datetime(["2000-01-01", "2000-01-01"]),
    ...                    "end": pd.to_datetime(["2000-01-31", None]),
    ...                    "outcome": ["ceasefire", None], "line": [2, 3]})
    >>> out = finish(ep, "demo", "2000-12-31")
    >>> out[["ended", "outcome", "duration_days"]].to_dict("list")
    {'ended': [True, False], 'outcome': ['ceasefire', 'ongoing'], 'duration_days': [30.0, 365.0]}
    """
    out = ep.copy()
    out["dataset"] = dataset
    for col in ("conflict_id", "subtype", "start_precision", "end_precision"):
        if col not in out:
            out[col] = ""
        out[col] = out[col].fillna("").astype(str)
    out["start"] = pd.to_datetime(out["start"])
    out["end"] = pd.to_datetime(out["end"])
    censor = pd.Timestamp(censor_date)
    out["ended"] = out["end"].notna().to_numpy()
    out["exit"] = out["end"].where(out["ended"], censor)
    out["outcome"] = out["outcome"].where(out["ended"], "ongoing").fillna("unknown")
    days = (out["exit"] - out["start"]).dt.days.astype(float)
    # Provider inconsistencies: an end a little before an imprecise (or nearly equal) start.
    # The start is moved to the end (duration 0) and the episode listed in attrs["corrected"].
    exact = out["start_precision"].isin(["1", "day"]) & out["end_precision"].isin(["1", "day"])
    fixable = (days < 0) & (~exact | (days >= -7))
    out.loc[fixable, "start"] = out.loc[fixable, "exit"]
    out["duration_days"] = days.where(~fixable, 0.0)
    out["duration_months"] = out["duration_days"] / DAYS_PER_MONTH
    out["start_year"] = out["start"].dt.year.astype(int)
    bad = out["duration_days"].isna() | (out["duration_days"] < 0)
    if bad.any():
        raise DataFileError([
            Problem(file or f"<{dataset}>", int(r.line), None, "end",
                    f"episode {r.episode_id} ends ({r.exit}) before it starts ({r.start})"
                    if pd.notna(r.duration_days) else f"episode {r.episode_id} has no start date")
            for r in out[bad].itertuples()
        ][:20])
    out["episode_id"] = out["episode_id"].astype(str)
    corrected = sorted(out.loc[fixable, "episode_id"])
    out = out.sort_values(["start", "episode_id"], kind="stable").reset_index(drop=True)
    out.attrs.update(dataset=dataset, censor_date=censor_date, source=file,
                     corrected=corrected)
    return out[EPISODE_COLUMNS]


def select(episodes: pd.DataFrame, kind: str | None = None) -> pd.DataFrame:
    """Episodes of one ``kind`` (all when ``kind`` is None or ``"all"``).

    Raises ValueError naming the kinds present when ``kind`` matches none.

    Examples
    --------
    >>> ep = pd.DataFrame({"kind": ["interstate", "intrastate"]})
    >>> len(select(ep, "interstate")), len(select(ep, None))
    (1, 2)
    """
    if kind is None or kind == "all":
        return episodes
    kinds = sorted(set(episodes["kind"]))
    if kind not in kinds:
        raise ValueError(f"kind must be one of all, {', '.join(kinds)}; got {kind!r}")
    out = episodes[episodes["kind"] == kind]
    out.attrs.update(episodes.attrs)
    return out


def first_row_line(index: pd.Index) -> np.ndarray:
    """File line of a row index in a frame read with a default RangeIndex (header = line 1)."""
    return np.asarray(index, dtype=int) + 2
