"""The report's sections beyond the scenario and the zone: each runs one analysis and renders it.

A section maker takes ``(scenario, zone, worlds=, seed=)`` and returns a
:class:`~zopa.report.build.Section`, or raises :class:`NotApplicable` with the reason.
"""

from __future__ import annotations

import html

from zopa.report import charts
from zopa.report.build import Section
from zopa.report.style import svg

__all__ = ["SECTIONS", "NotApplicable"]


class NotApplicable(Exception):
    """The section does not apply to this scenario (the reason is shown in the report)."""


def _p(text: str) -> str:
    return f"<p>{html.escape(text)}</p>"


def simulation(s, zone, *, worlds: int, seed: int) -> Section:
    """Strategy pairings of the principals, and a delegate who cannot sign."""
    from zopa.report.html import table_html
    from zopa.sim.tournament import tournament

    if zone is None:
        raise NotApplicable("No simulation: it takes its reservation values from the zone analysis.")
    a, b = zone.principals
    runs = max(20, min(200, worlds // 2))
    grid = tournament(s, {a: ["boulware", "linear", "conceder", "tough"], b: ["boulware", "linear", "conceder"]},
                      runs=runs, seed=seed, zone=zone)
    extra = []
    delegates = [x for x in s.actors if x.principal == a and x.authority == "refer"]
    if delegates:
        d = delegates[0].id
        extra = tournament(s, {d: ["stalling:p_ratify=0.3"], b: ["linear", "conceder"]}, runs=runs, seed=seed, zone=zone)
    fig = svg(charts.pairings(grid, a, b))
    lines = []
    agree = grid[grid.p_agreement > 0]
    best_b = grid.sort_values(f"gain_{b}", ascending=False).iloc[0]
    lines.append(
        f"Simulated talks ({len(grid)} strategy pairings, one round a month for {s.horizon_months} months, reservation values = "
        f"values of fighting on): a deal in {int((grid.p_agreement > 0.5).sum())} pairings; {b} gains most "
        f"({best_b[f'gain_{b}']:+.3f}) when {a} plays {best_b[a]} and {b} plays {best_b[b]}."
    )
    body = [
        _p(f"Each pairing runs {runs} sessions of NegMAS-style alternating offers (SAO): each round every party answers the "
           f"standing offer, then proposes. Reservation values are the zone analysis' values of fighting on now, and move "
           f"during the talks as the war moves them. Gains are utilities over the value of fighting on now."),
        f"<figure>{fig}<figcaption>Probability of a deal and each side's gain, by strategy pairing.</figcaption></figure>",
        table_html(grid.drop(columns=["terms"]), "simulation_pairings"),
    ]
    if len(agree):
        body.append("<h3>Terms of the most common agreement, by pairing</h3>")
        body.append(table_html(agree[[a, b, "terms"]], "simulation_terms"))
    tables = {"simulation_pairings": grid}
    if len(extra):
        d = extra.columns[0]
        body.append(f"<h3>A delegate who cannot sign ({d}, authority: refer)</h3>")
        body.append(_p(f"{d} moves little and must refer each deal to {a}, who ratifies 30% of them."))
        body.append(table_html(extra, "simulation_delegate"))
        tables["simulation_delegate"] = extra
        lines.append(
            f"With {d} as a stalling delegate who must refer back, a deal comes in {100 * extra.p_agreement.max():.0f}% of sessions at most."
        )
    return Section("simulation", "Simulated talks", "\n".join(body), lines, tables, grid)


SECTIONS = [("simulation", simulation)]


