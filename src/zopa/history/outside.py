"""The outside view of a scenario: base rates for a war like it, beside its claims.

:func:`outside_view` gathers, for a war of a given kind that has lasted so long: the chance it
ends within each horizon and each way (UCDP Conflict Termination, Kreutz 2010), how often
fighting resumed within given years after a ceasefire or a peace agreement (for comparison with
a claim such as "guarantees are pretexts for the next strike in 3-5 years"), and the historical
cases the scenario cites (:mod:`zopa.history.cases`).  The report (``zopa.report``) and
:func:`zopa.history.figures.plot_outside_view` present it.

Examples
--------
>>> view = outside_view("interstate", lasted_months=45, claim_years=(3, 5))
>>> sorted(view.numbers["measure"].unique())
['end_within', 'ends_by', 'recurrence']
>>> row = view.numbers.query("measure == 'recurrence' and outcome == 'ceasefire' and kind == 'all' and horizon == 5")
>>> 0 < float(row["probability"].iloc[0]) < 1
True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from zopa.history.codes import DAYS_PER_MONTH
from zopa.history.episodes import select
from zopa.history.recurrence import peace_spells, recurrence
from zopa.history.survival import conditional_survival, cumulative_incidence

COLUMNS = ["measure", "kind", "outcome", "horizon", "unit", "probability", "lower", "upper", "n"]


@dataclass
class OutsideView:
    """Numbers of the outside view (tidy), the cited cases, and notes."""

    kind: str
    lasted_months: float
    claim_years: tuple[float, ...]
    dataset: str
    numbers: pd.DataFrame
    analogies: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def _p(self, measure: str, kind: str, outcome: str, horizon: float):
        n = self.numbers
        row = n[(n["measure"] == measure) & (n["kind"] == kind) & (n["outcome"] == outcome) & (n["horizon"] == horizon)]
        return (float(row["probability"].iloc[0]), int(row["n"].iloc[0])) if len(row) else (np.nan, 0)

    def summary_lines(self) -> list[str]:
        """The outside view in plain sentences (for the report's summary)."""
        lines = []
        end = self.numbers[self.numbers["measure"] == "end_within"]
        if len(end):
            h = float(end["horizon"].iloc[len(end) // 2])
            p, n = self._p("end_within", self.kind, "any", h)
            if n and np.isfinite(p):
                lines.append(f"Outside view: of {n} {self.kind} conflict episodes that lasted "
                             f"{self.lasted_months:.0f} months or more, {100 * p:.0f}% ended within "
                             f"the next {h:g} months (UCDP).")
        lo, hi = min(self.claim_years), max(self.claim_years)
        parts = []
        for outcome, word in (("ceasefire", "ceasefires"), ("peace_agreement", "peace agreements")):
            p3, n3 = self._p("recurrence", "all", outcome, lo)
            p5, _ = self._p("recurrence", "all", outcome, hi)
            if n3:
                parts.append(f"{100 * p3:.0f}% of {n3} {word} within {lo:g} years and {100 * p5:.0f}% within {hi:g}")
        if parts:
            lines.append("Fighting resumed after " + "; after ".join(parts) + " (UCDP, all kinds of conflict).")
        for row in self.analogies.itertuples(index=False):
            lines.append(f"{row.title}: held {row.held}; {row.how_it_ended}.")
        return lines

    def figures_svg(self) -> dict[str, str]:
        """The outside-view figure as inline SVG (no XML header), keyed ``outside_view``."""
        import io

        from zopa.history.figures import plot_outside_view

        buf = io.StringIO()
        plot_outside_view(self).savefig(buf, format="svg", bbox_inches="tight")
        text = buf.getvalue()
        return {"outside_view": text[text.index("<svg"):]}

    def to_dict(self) -> dict:
        """JSON-ready form (NaN becomes None)."""
        def clean(v):
            return None if isinstance(v, float) and not np.isfinite(v) else v

        return {"kind": self.kind, "lasted_months": self.lasted_months,
                "claim_years": list(self.claim_years), "dataset": self.dataset,
                "numbers": [{k: clean(v) for k, v in r.items()} for r in self.numbers.to_dict("records")],
                "analogies": self.analogies.to_dict("records"), "notes": self.notes}


def months_between(start, end) -> float:
    """Months (of 365.2425/12 days) from ``start`` to ``end``.

    >>> round(months_between("2022-02-24", "2025-11-24"), 1)
    45.0
    """
    return (pd.Timestamp(end) - pd.Timestamp(start)).days / DAYS_PER_MONTH


def outside_view(kind: str = "interstate", lasted_months: float = 0.0,
                 claim_years: Sequence[float] = (3, 5), horizons: Sequence[float] = (6, 12, 24),
                 episodes: pd.DataFrame | None = None, analogies: Sequence[str] = (),
                 recurrence_outcomes: Sequence[str] = ("ceasefire", "peace_agreement")) -> OutsideView:
    """Base rates for a war of ``kind`` that has lasted ``lasted_months``, and recurrence rates.

    Parameters
    ----------
    kind : str
        Reference class (``interstate``, ``intrastate``, ``internationalised``, ``extrasystemic``).
    lasted_months : float
        How long the war has lasted (e.g. ``months_between("2022-02-24", as_of)``).
    claim_years : sequence of float
        Years of the scenario's claim about renewed war; recurrence is given at these years and
        at 1, 3 and 5.
    horizons : sequence of float
        Months ahead for the chance of ending.
    episodes : DataFrame, optional
        An episode table with conflict ids (default: the shipped UCDP Conflict Termination
        data, ``zopa.history.episodes("ucdp-termination")``).
    analogies : sequence of str
        Names of historical cases (``zopa history list``) the scenario cites.
    recurrence_outcomes : sequence of str
        Ways of ending whose recurrence is reported (``all`` is always added).

    Returns
    -------
    OutsideView
        ``numbers`` has one row per estimate: ``measure`` (end_within, ends_by, recurrence),
        ``kind``, ``outcome``, ``horizon`` with its ``unit`` (months or years),
        ``probability``, ``lower``, ``upper`` (95% band), ``n`` (episodes at risk or spells).
    """
    if episodes is None:
        from zopa.history.load import episodes as load_episodes

        episodes = load_episodes("ucdp-termination")
    years = sorted({1.0, 3.0, 5.0, *(float(y) for y in claim_years)})
    if not claim_years or min(claim_years) <= 0:
        raise ValueError(f"claim_years must be years > 0; got {list(claim_years)!r}")
    mine = select(episodes, kind)
    end = conditional_survival(mine, lasted=lasted_months, horizons=horizons, by="kind")
    ways = cumulative_incidence(mine, horizons=horizons, lasted=lasted_months, by="kind")
    rows = [pd.DataFrame({"measure": "end_within", "kind": kind, "outcome": "any",
                          "horizon": end["horizon"], "unit": "months",
                          "probability": end["end_probability"], "lower": 1 - end["upper"],
                          "upper": 1 - end["lower"], "n": end["n_at_risk"]}),
            pd.DataFrame({"measure": "ends_by", "kind": kind, "outcome": ways["outcome"],
                          "horizon": ways["horizon"], "unit": "months",
                          "probability": ways["probability"], "lower": ways["lower"],
                          "upper": ways["upper"], "n": ways["n_at_risk"]})]
    notes = []
    spells = peace_spells(episodes, episodes.attrs.get("censor_date"))
    wanted = set(recurrence_outcomes) | {"all"}
    for label, sp in (("all", spells), (kind, spells[spells["kind"] == kind])):
        if not len(sp):
            continue
        r = recurrence(sp, years=years, by="outcome")
        r = r[r["outcome"].isin(wanted)]
        rows.append(pd.DataFrame({"measure": "recurrence", "kind": label, "outcome": r["outcome"],
                                  "horizon": r["years"], "unit": "years", "probability": r["probability"],
                                  "lower": r["lower"], "upper": r["upper"], "n": r["n_spells"]}))
    numbers = pd.concat(rows, ignore_index=True)[COLUMNS]
    n_risk = int(end["n_at_risk"].iloc[0]) if len(end) else 0
    if n_risk < 10:
        notes.append(f"Only {n_risk} {kind} episode(s) in the data lasted {lasted_months:.1f} months or "
                     "more: the chance of ending is a rough guide.")
    notes.append("Recurrence within about a year is zero by construction in UCDP episode data.")
    from zopa.history.casebook import analogies_table

    return OutsideView(kind, float(lasted_months), tuple(float(y) for y in claim_years),
                       episodes.attrs.get("dataset", ""), numbers, analogies_table(analogies), notes)
