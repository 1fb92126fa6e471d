"""Historical cases: agreements commentators compare the 2025-26 talks to.

Each case is a scenario file in zopa's scenario language (``src/zopa/history/cases/*.yaml``,
loadable with ``zopa.load(NAME)``), built from the sourced notes of facts.md section 4.  A case
file follows three conventions on top of the language:

- ``start`` is the date of the agreement (or of the talks' main round);
- an event with id ``ended`` gives the date it ended (to the precision known) and, in its
  ``outcome``, how;
- without such an event the end date is unknown, and a note starting ``how it ended:`` says
  what is known, citing source ids in square brackets.

:func:`summary` reads these into a :class:`CaseSummary`; :func:`cases` lists them all.

Examples
--------
>>> names()[:2]
['brest-litovsk-1918', 'budapest-1994']
>>> s = summary("brest-litovsk-1918")
>>> s.date, s.ended, s.held
('1918-03-03', '1918-11', 'about 8 months')
>>> summary("minsk-1-2014").held
'unknown'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pandas as pd
from pydantic import BaseModel, ConfigDict

from zopa.history.codes import DAYS_PER_MONTH

_HOW = re.compile(r"^how it ended:\s*(.*?)\s*(?:\[([^\]]*)\])?\.?\s*$", re.S)


class CaseSummary(BaseModel):
    """What a historical case says, in one record (derived from its scenario file)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    title: str
    date: str
    parties: list[str]
    terms: list[str]
    ended: str | None
    held: str
    held_months: float | None
    how_it_ended: str
    sources: list[str]
    weak_sources: list[str]


def _folder() -> Path:
    return Path(str(resources.files("zopa.history").joinpath("cases")))


def names() -> list[str]:
    """Names of the historical cases shipped with zopa."""
    return sorted(p.stem for p in _folder().glob("*.yaml"))


def path(name: str) -> Path:
    """The scenario file of case ``name``; ValueError naming the cases otherwise."""
    p = _folder() / f"{name}.yaml"
    if not p.is_file():
        raise ValueError(f"name must be one of {', '.join(names())}; got {name!r}")
    return p


def case(name: str):
    """The case ``name`` as a :class:`zopa.scenario.Scenario` (validated strictly)."""
    from zopa.scenario import load

    return load(path(name), strict=True)


def _one(x: float) -> str:
    """One decimal, without a trailing .0: 22 months, 7 years, 1.5 years."""
    return f"{x:.1f}".removesuffix(".0")


def _held(start, end) -> tuple[str, float | None]:
    if end is None:
        return "unknown", None
    months = (pd.Timestamp(end.date) - pd.Timestamp(start.date)).days / DAYS_PER_MONTH
    if end.precision == "day" and start.precision == "day":
        text = f"{_one(months)} months" if months < 24 else f"{_one(months / 12)} years"
        return text, months
    if end.precision == "month":  # the end is somewhere in that month: count from mid-month
        months += 14.5 / DAYS_PER_MONTH
        return (f"about {months:.0f} months" if months < 24 else f"about {months / 12:.0f} years"), months
    first = (pd.Timestamp(end.date) - pd.Timestamp(start.date)).days / 365.2425
    last = first + 364 / 365.2425  # the end is somewhere in that year
    return f"{first:.0f}-{last:.0f} years", (first + last) / 2 * 12


def summary(name_or_scenario) -> CaseSummary:
    """The :class:`CaseSummary` of a case (a name or an already loaded scenario)."""
    s = case(name_or_scenario) if isinstance(name_or_scenario, str) else name_or_scenario
    ended = next((e for e in s.events if e.id == "ended"), None)
    how, cited = "unknown", []
    if ended is not None:
        how = (ended.outcome or ended.title).rstrip(".")
        cited = list(ended.sources)
    else:
        for note in s.notes:
            m = _HOW.match(note.strip())
            if m:
                how = m.group(1).rstrip(".")
                cited = [x.strip() for x in (m.group(2) or "").split(",") if x.strip()]
    held, months = _held(s.start, ended.date if ended else None)
    parties = [a.name for a in s.actors if a.role in ("belligerent", "ally", "mediator")]
    terms = [p.text for plan in s.plans for p in plan.points]
    weak = [src.id for src in s.sources if src.quality in ("aggregator", "state-media")]
    return CaseSummary(name=s.id, title=s.title, date=str(s.start), parties=parties, terms=terms,
                       ended=str(ended.date) if ended else None, held=held, held_months=months,
                       how_it_ended=how, sources=[src.url for src in s.sources if src.id in cited] or
                       [src.url for src in s.sources], weak_sources=weak)


def cases() -> pd.DataFrame:
    """All historical cases, one row each: name, title, date, ended, held, how_it_ended."""
    rows = [summary(n).model_dump() for n in names()]
    return pd.DataFrame(rows)[["name", "title", "date", "ended", "held", "held_months", "how_it_ended"]]


def analogies_table(analogies: Sequence[str]) -> pd.DataFrame:
    """Summaries of the cases a scenario cites (``Scenario.analogies``), in the order given."""
    cols = ["name", "title", "date", "ended", "held", "held_months", "how_it_ended"]
    rows = [{k: v for k, v in summary(n).model_dump().items() if k in cols} for n in analogies]
    return pd.DataFrame(rows, columns=cols)
