"""Base rates of war duration, ways of ending and recurrence, for one dataset.

:func:`compute` is pure (an episode table in, tidy tables out); :func:`baserates` reads the
dataset by name first.  See :mod:`zopa.history.survival` and :mod:`zopa.history.recurrence`
for the estimators.

Examples
--------
>>> br = baserates("ucdp-termination", kind="interstate")
>>> int(br.summary.loc[0, "n_episodes"]), br.duration_unit
(72, 'months')
>>> sorted(br.ways["outcome"].unique())[:2]
['ceasefire', 'low_activity']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from zopa.history import load
from zopa.history._files import dataset_info
from zopa.history.episodes import select
from zopa.history.recurrence import attach_agreement_type, peace_spells, recurrence
from zopa.history.survival import (
    conditional_survival,
    cumulative_incidence,
    kaplan_meier,
    median_duration,
)

RECURRENCE_DATASETS = ("ucdp-termination", "ucdp-termination-dyad", "ucdp-acd")


@dataclass
class BaseRates:
    """Base rates for one dataset (tidy tables; durations in months, recurrence in years)."""

    dataset: str
    kind: str | None
    lasted_months: float
    horizons_months: list[float]
    summary: pd.DataFrame
    ending: pd.DataFrame
    ways: pd.DataFrame
    curve: pd.DataFrame
    recurrence: pd.DataFrame | None
    notes: list[str] = field(default_factory=list)
    duration_unit: str = "months"

    @property
    def n_episodes(self) -> int:
        return int(self.summary.loc[self.summary["kind"] == self._top, "n_episodes"].iloc[0])

    @property
    def median_duration(self) -> float:
        return float(self.summary.loc[self.summary["kind"] == self._top, "median_duration"].iloc[0])

    @property
    def _top(self) -> str:
        return self.kind if self.kind else "all"

    def to_dict(self) -> dict:
        """JSON-ready summary (see docs/reference/json/baserates.md)."""
        info = dataset_info(self.dataset)
        kinds = []
        for row in self.summary.itertuples(index=False):
            end = self.ending[self.ending["kind"] == row.kind]
            ways = self.ways[self.ways["kind"] == row.kind]
            kinds.append({
                "kind": row.kind, "n_episodes": int(row.n_episodes), "n_ended": int(row.n_ended),
                "median_duration": _num(row.median_duration), "n_at_risk": int(row.n_at_risk),
                "median_remaining": _num(row.median_remaining),
                "end_within": [{"horizon_months": float(r.horizon), "probability": _prob(r.end_probability),
                                "lower": _prob(1 - r.upper), "upper": _prob(1 - r.lower)}
                               for r in end.itertuples(index=False)],
                "ways_of_ending": [{"outcome": r.outcome, "horizon_months": float(r.horizon),
                                    "probability": _prob(r.probability), "lower": _prob(r.lower),
                                    "upper": _prob(r.upper), "n_events": int(r.n_events)}
                                   for r in ways.itertuples(index=False)],
            })
        rec = None
        if self.recurrence is not None:
            by = self.recurrence.columns[0]
            rec = [{"by": by, "group": str(getattr(r, by)), "years": float(r.years),
                    "n_spells": int(r.n_spells), "probability": _prob(r.probability),
                    "lower": _prob(r.lower), "upper": _prob(r.upper), "share": _prob(r.share)}
                   for r in self.recurrence.itertuples(index=False)]
        return {"dataset": self.dataset, "title": info.title, "citation": info.citation,
                "censor_date": info.censor_date, "unit": info.unit, "kind": self.kind,
                "lasted_months": self.lasted_months, "horizons_months": self.horizons_months,
                "n_episodes": self.n_episodes, "median_duration": _num(self.median_duration),
                "duration_unit": self.duration_unit, "kinds": kinds, "recurrence": rec,
                "notes": self.notes}

    def to_long(self) -> pd.DataFrame:
        """All estimates in one long table (the CSV of ``zopa baserates``)."""
        end = self.ending.assign(measure="end_within", outcome="any", unit="months",
                                 probability=self.ending["end_probability"],
                                 lower=1 - self.ending["upper"], upper=1 - self.ending["lower"])
        ways = self.ways.assign(measure="ends_by", unit="months")
        parts = [end, ways]
        if self.recurrence is not None:
            by = self.recurrence.columns[0]
            r = self.recurrence.rename(columns={"years": "horizon", "n_spells": "n_at_risk"})
            parts.append(r.assign(measure="recurrence", unit="years", kind=self._top,
                                  outcome=r[by].astype(str), lasted=np.nan))
        cols = ["measure", "kind", "outcome", "lasted", "horizon", "unit", "probability", "lower",
                "upper", "n_at_risk"]
        out = pd.concat([p[cols] for p in parts], ignore_index=True)
        out.insert(0, "dataset", self.dataset)
        return out


def _num(x) -> float | None:
    return None if x is None or not np.isfinite(x) else float(x)


def _prob(x) -> float | None:
    """A probability for JSON: None if undefined, clipped to [0, 1] against rounding."""
    v = _num(x)
    return None if v is None else min(1.0, max(0.0, v))


def compute(episodes: pd.DataFrame, kind: str | None = None, lasted_months: float = 0.0,
            horizons: Sequence[float] = (6, 12, 24), recurrence_years: Sequence[float] = (1, 3, 5),
            spells: pd.DataFrame | None = None, recurrence_by: str = "outcome") -> BaseRates:
    """Base rates of an episode table (pure).

    Parameters
    ----------
    episodes : DataFrame
        An episode table; ``attrs["dataset"]`` names it.
    kind : str, optional
        Keep only this reference class (``interstate``, ``intrastate``, ...).
    lasted_months : float
        Condition on episodes that have lasted at least this long (0: no condition).
    horizons : sequence of float
        Months ahead for the chance of ending (overall and each way).
    recurrence_years : sequence of float
        Years after an ended episode for the recurrence rates.
    spells : DataFrame, optional
        Peace spells (:func:`zopa.history.recurrence.peace_spells`); computed from
        ``episodes`` when the dataset has conflict ids, skipped otherwise.
    """
    dataset = episodes.attrs.get("dataset", "")
    ep = select(episodes, kind)
    include_all = kind is None
    med = median_duration(ep, include_all=include_all)
    rem = median_duration(ep, include_all=include_all, lasted=lasted_months)
    summary = med.assign(n_at_risk=rem["n_at_risk"].to_numpy(), median_remaining=rem["median_duration"].to_numpy())
    ending = conditional_survival(ep, lasted=lasted_months, horizons=horizons, include_all=include_all)
    ways = cumulative_incidence(ep, horizons=horizons, lasted=lasted_months, include_all=include_all)
    curve = kaplan_meier(ep, include_all=include_all)
    notes = []
    rec = None
    if spells is None and (ep["conflict_id"].astype(str) != "").any() and dataset in RECURRENCE_DATASETS:
        spells = peace_spells(ep, episodes.attrs.get("censor_date"))
    if spells is not None and len(spells):
        rec = recurrence(spells, years=recurrence_years, by=recurrence_by)
        if dataset.startswith("ucdp"):
            notes.append("UCDP ends an episode only after a calendar year below 25 battle deaths, "
                         "so fighting cannot resume within about a year: short-horizon recurrence "
                         "rates are zero by construction.")
    if episodes.attrs.get("corrected"):
        notes.append(f"{len(episodes.attrs['corrected'])} episode(s) end before their imprecise start "
                     "date in the source; their duration was set to 0.")
    for what, n in episodes.attrs.get("excluded", {}).items():
        if n:
            notes.append(f"{n} record(s) left out: {what}.")
    small = summary[(summary["n_at_risk"] < 10)]
    if lasted_months > 0 and len(small):
        notes.append("Few episodes lasted that long (n_at_risk < 10) for: "
                     + ", ".join(str(k) for k in small["kind"]) + "; read those rates as rough.")
    return BaseRates(dataset, kind, float(lasted_months), [float(h) for h in horizons], summary,
                     ending, ways, curve, rec, notes)


def baserates(dataset: str = "ucdp-termination", data_dir: str | Path | None = None,
              kind: str | None = None, lasted_months: float = 0.0,
              horizons: Sequence[float] = (6, 12, 24),
              recurrence_years: Sequence[float] = (1, 3, 5)) -> BaseRates:
    """Read ``dataset`` and compute its base rates (see :func:`compute`).

    For the UCDP dyad-level termination data, recurrence is given by kind of peace agreement
    (full, partial, peace process: matched in the UCDP Peace Agreement Dataset) for the
    episodes that ended by agreement, and by outcome otherwise.
    """
    episodes = load.episodes(dataset, data_dir)
    spells, by = None, "outcome"
    if dataset == "ucdp-termination-dyad":
        typed = attach_agreement_type(select(episodes, kind), load.read("ucdp-peace-agreements", data_dir))
        spells = peace_spells(typed)
        spells = spells[spells["outcome"] == "peace_agreement"]
        by = "agreement_type"
    elif dataset in RECURRENCE_DATASETS:
        spells = peace_spells(select(episodes, kind))
    return compute(episodes, kind, lasted_months, horizons, recurrence_years, spells, by)
