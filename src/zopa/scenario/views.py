"""Tables and summaries of a scenario (pandas DataFrames, text and HTML)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from zopa.scenario.model import Scenario

__all__ = ["plans_table", "timeline", "actors_table", "issues_table", "summary_text", "summary_html", "points_table"]


def _fmt_quantity(q) -> str:
    if q is None:
        return ""
    if isinstance(q, str):
        return q
    if q.dist is not None:
        return f"{q.nominal:g} ({q.dist})"
    return f"{q.nominal:g}"


def plans_table(s: Scenario, labels: bool | str = True) -> pd.DataFrame:
    """Issue-by-plan table: one row per issue, one column per plan (status quo first).

    Cells hold readable labels (``labels=True``), short ones (``"short"``: option ids and bare
    numbers) or numbers on each issue's scale (``False``).
    A plan that does not set an issue shows the status quo.

    Examples
    --------
    >>> import zopa
    >>> t = zopa.load("textbook").plans_table()
    >>> list(t.columns)
    ['issue', 'status_quo', 'A-offer', 'B-counter']
    """
    import pandas as pd

    rows = []
    values = {p.id: s.plan_values(p.id) for p in s.plans}
    short = labels == "short"
    for issue in s.issues:
        row = {"issue": issue.id}
        sq = issue.status_quo_value
        row["status_quo"] = issue.label(sq, short) if labels else sq
        for p in s.plans:
            v = values[p.id][issue.id]
            row[p.id] = issue.label(v, short) if labels else v
        rows.append(row)
    return pd.DataFrame(rows)


def points_table(s: Scenario, plan_id: str) -> pd.DataFrame:
    """A plan's effective points: id, text, the issues they set, and reactions."""
    import pandas as pd

    rows = []
    for pt in s.effective_points(plan_id):
        rows.append(
            {
                "point": pt.id,
                "text": pt.text,
                "sets": ", ".join(
                    f"{iid}={s.issue(iid).label(_num(s, iid, sv))}" for iid, sv in pt.sets.items()
                ),
                "reactions": ", ".join(f"{a}:{r.reaction}" for a, r in pt.reactions.items()),
                "matches": ", ".join(f"{k}#{v}" for k, v in pt.matches.items()),
            }
        )
    return pd.DataFrame(rows, columns=["point", "text", "sets", "reactions", "matches"])


def _num(s, iid, sv):
    from zopa.scenario.plans import set_value_number

    return set_value_number(s, iid, sv)


def timeline(s: Scenario) -> pd.DataFrame:
    """The events in date order: date, end, place, kind, title, participants, documents, outcome, sources."""
    import pandas as pd

    rows = []
    for e in sorted(s.events, key=lambda e: e.date.date):
        parts = []
        for p in e.participants:
            who = p.actor or p.name
            extra = ", ".join(x for x in (p.role, f"authority: {p.authority}" if p.authority else None) if x)
            parts.append(f"{who} ({extra})" if extra else str(who))
        rows.append(
            {
                "date": str(e.date),
                "end": str(e.end) if e.end else "",
                "place": e.place or "",
                "kind": e.kind,
                "title": e.title,
                "participants": "; ".join(parts),
                "documents": ", ".join(e.documents),
                "outcome": e.outcome or "",
                "sources": ", ".join(e.sources),
            }
        )
    cols = ["date", "end", "place", "kind", "title", "participants", "documents", "outcome", "sources"]
    return pd.DataFrame(rows, columns=cols)


def actors_table(s: Scenario) -> pd.DataFrame:
    """Actors with kind, role, principal, authority and capability."""
    import pandas as pd

    rows = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "role": a.role,
            "principal": a.principal or "",
            "authority": a.authority,
            "title": a.title or "",
            "capability": a.capability.nominal if a.capability is not None else float("nan"),
        }
        for a in s.actors
    ]
    return pd.DataFrame(rows, columns=["id", "name", "kind", "role", "principal", "authority", "title", "capability"])


def issues_table(s: Scenario) -> pd.DataFrame:
    """Issues with their scale, status quo and war outcome."""
    import pandas as pd

    rows = []
    for i in s.issues:
        if i.kind == "ordinal":
            scale = " < ".join(i.options)
        else:
            scale = f"{i.bounds[0]:g}..{i.bounds[1]:g}" + (f" {i.unit}" if i.unit else "")
        wo = i.war_outcome
        if wo is None:
            war = "status quo"
        elif wo.follows:
            war = "follows the battlefield"
        elif wo.option is not None:
            war = i.label(i.to_scale(wo.option))
        else:
            war = i.label(wo.value)
        rows.append(
            {"id": i.id, "name": i.name, "kind": i.kind, "scale": scale, "status_quo": i.label(i.status_quo_value), "war_outcome": war}
        )
    return pd.DataFrame(rows, columns=["id", "name", "kind", "scale", "status_quo", "war_outcome"])


def summary_text(s: Scenario) -> str:
    """A short plain-text summary (what ``repr`` shows)."""
    principals = ", ".join(a.id for a in s.principals) or "none"
    lines = [
        f"Scenario {s.id!r}: {s.title}",
        f"  start {s.start}, horizon {s.horizon_months} months" + (f", facts as of {s.as_of}" if s.as_of else ""),
        f"  {len(s.actors)} actors (principals: {principals}), {len(s.issues)} issues, "
        f"{len(s.plans)} plans, {len(s.events)} events, {len(s.sources)} sources, {len(s.claims)} claims",
    ]
    if s.plans:
        lines.append("  plans: " + ", ".join(p.id for p in s.plans))
    return "\n".join(lines)


def summary_html(s: Scenario) -> str:
    """The summary as HTML for Jupyter, with the actors and plans tables."""
    head = "<br>".join(html.escape(x) for x in summary_text(s).splitlines())
    parts = [f"<div><p>{head}</p>"]
    parts.append(actors_table(s)[["id", "name", "kind", "role", "authority"]].to_html(index=False))
    if s.plans:
        parts.append(plans_table(s).to_html(index=False))
    parts.append("</div>")
    return "".join(parts)
