"""Run the analyses a report shows (orchestration: this is where the report's numbers come from)."""

from __future__ import annotations

import shlex
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from zopa._version import __version__
from zopa.scenario.model import Scenario

__all__ = ["ReportData", "build"]


@dataclass
class ReportData:
    """Everything a report shows: the scenario, each analysis' result, and how it was made."""

    scenario: Scenario
    scenario_hash: str
    seed: int
    worlds: int
    command: str
    version: str = __version__
    zone: Any = None
    sections: list[Section] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        """The report's summary in plain sentences (also printed by ``make run``)."""
        lines: list[str] = []
        if self.zone is not None:
            lines.extend(self.zone.verdict[:3])
            lines.extend(x for x in self.zone.verdict[3:] if x.startswith(("Who gains", "The deadline", "A deal on")))
        for sec in self.sections:
            lines.extend(sec.summary)
        return lines


@dataclass
class Section:
    """One section of the report beyond the scenario and the zone: its HTML, summary and tables."""

    anchor: str
    title: str
    html: str
    summary: list[str] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    result: Any = None


def _timed(data: ReportData, name: str, fn: Callable[[], Any], progress: Callable[[str], None] | None):
    if progress:
        progress(name)
    t0 = time.perf_counter()
    out = fn()
    data.timings[name] = time.perf_counter() - t0
    return out


def build(
    scenario: Scenario,
    *,
    worlds: int = 400,
    seed: int = 0,
    command: str | None = None,
    progress: Callable[[str], None] | None = None,
) -> ReportData:
    """Run every analysis on ``scenario`` for a report.

    Parameters
    ----------
    worlds : int
        Sampled worlds for the claims' odds (Monte Carlo over the uncertain inputs).
    seed : int
        Seed of every random draw; the same seed gives the same report.
    command : str, optional
        The command that regenerates the report (shown in the footer).
    progress : callable, optional
        Called with the name of each step as it starts.
    """
    from zopa.scenario import scenario_hash
    from zopa.zone import analyze

    cmd = command or f"zopa report {shlex.quote(scenario.id)} --worlds {worlds} --seed {seed}"
    data = ReportData(scenario, scenario_hash(scenario), seed, worlds, cmd)
    if scenario.battlefield is not None and len(scenario.principals) == 2:
        data.zone = _timed(data, "zone of agreement", lambda: analyze(scenario, seed=seed, paths=2000), progress)
    else:
        data.notes.append("No zone analysis: the scenario needs a battlefield and exactly two belligerents.")
    from zopa.report import sections

    for name, make in sections.SECTIONS:
        try:
            sec = _timed(data, name, lambda make=make: make(scenario, data.zone, worlds=worlds, seed=seed), progress)
        except sections.NotApplicable as why:
            data.notes.append(str(why))
            continue
        data.sections.append(sec)
    return data


def tables_for(data: ReportData) -> dict[str, pd.DataFrame]:
    """Every table the report shows, by name (each is also offered as CSV)."""
    s = data.scenario
    from zopa.scenario.diff import plan_utilities
    from zopa.scenario.provenance import assumptions

    out = {
        "actors": s.actors_table(),
        "issues": s.issues_table(),
        "plans": s.plans_table(),
        "plan_utilities": plan_utilities(s),
        "timeline": s.timeline(),
        "assumptions": assumptions(s),
        "sources": pd.DataFrame(
            [{"id": x.id, "quality": x.quality, "publisher": x.publisher or "", "title": x.title or "", "url": x.url,
              "accessed": str(x.accessed)} for x in s.sources]),
    }
    if data.zone is not None:
        z = data.zone
        out.update(zone_months=z.months, zone_values=z.values, zone_plans=z.plans, zone_issues=z.issues,
                   zone_guarantees=z.guarantees, zone_deadline=z.deadline)
    for sec in data.sections:
        out.update(sec.tables)
    return out
