"""The report: one command from a scenario to a document an analyst can forward.

:func:`write` runs the analyses and writes one self-contained HTML file;
:func:`figures` returns the same figures for notebooks: all of them from what :func:`build`
collected, or those a scenario and the results at hand allow.

>>> import zopa
>>> data = zopa.report.build(zopa.load("textbook"), worlds=20)  # every analysis the report runs
>>> figs = zopa.report.figures(data)  # matplotlib figures, by name, in the report's order
>>> "claims" in figs and "zone_over_time" in figs
True
"""

from __future__ import annotations

from pathlib import Path

from zopa.report.build import ReportData, build
from zopa.report.charts import all_figures as figures

__all__ = ["write", "build", "figures", "ReportData"]


def write(scenario, path: str | Path = "report.html", *, worlds: int = 400, seed: int = 0, command: str | None = None,
          progress=None) -> ReportData:
    """Run the analyses on ``scenario`` (a Scenario, name or path) and write the HTML report to ``path``.

    Returns the :class:`ReportData` (its ``summary_lines()`` are the report's summary).
    """
    from zopa.report.html import write_html
    from zopa.scenario import Scenario, load

    s = scenario if isinstance(scenario, Scenario) else load(scenario)
    data = build(s, worlds=worlds, seed=seed, command=command, progress=progress)
    write_html(data, path)
    return data
