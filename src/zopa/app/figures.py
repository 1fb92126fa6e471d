"""Plotly figures of the overview, as plain JSON-ready dicts (the page draws them with the
plotly.js the server ships); no I/O.

>>> import zopa
>>> fig = plans_heatmap(zopa.load("textbook"))
>>> fig["data"][0]["type"], fig["data"][0]["x"]
('heatmap', ['status quo', 'A-offer', 'B-counter'])
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["plans_heatmap", "timeline", "COLORS"]

COLORS = ["#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#4d4d4d"]
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', sans-serif", "size": 12}


def _label(iss, x: float) -> str:
    if iss.kind == "ordinal":
        return iss.label(x)
    return f"{x:g}" + (f" {iss.unit}" if iss.unit and len(iss.unit) <= 12 else "")


def _short(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def plans_heatmap(s) -> dict[str, Any]:
    """Issue-by-plan heatmap: each cell is the value a plan sets (the status quo where it is silent,
    marked "="); its colour says which principal that value favours (difference of their utilities
    on the issue: red for the first principal, blue for the second)."""
    from zopa.scenario.compile import compile_model

    m = compile_model(s)
    ids, X = m.plans_matrix()
    cols = ["status quo", *ids]
    vals = np.vstack([m.status_quo, X]).T if len(ids) else m.status_quo[:, None]
    p = list(m.principals[:2]) if len(m.principals) >= 2 else [0, min(1, len(m.actors) - 1)]
    pa, pb = m.actors[p[0]], m.actors[p[1]]
    lean = np.zeros_like(vals)
    text, hover = [], []
    for i, iss in enumerate(s.issues):
        u = m.issue_utility(i, vals[i])
        lean[i] = u[:, p[1]] - u[:, p[0]]
        row_t, row_h = [], []
        for j, c in enumerate(cols):
            silent = j > 0 and iss.id not in _set_issues(s, c)
            lab = _label(iss, vals[i, j])
            short = iss.options[int(round(vals[i, j]))].replace("_", " ") if iss.kind == "ordinal" else f"{vals[i, j]:g}"
            row_t.append(("= " if silent else "") + _short(short, 14))
            who = pa if lean[i, j] < -0.05 else pb if lean[i, j] > 0.05 else "neither side much"
            row_h.append(f"<b>{c}</b><br>{iss.name}: {lab}" + (" (status quo: the plan is silent)" if silent else "") +
                         f"<br>favours {who}")
        text.append(row_t)
        hover.append(row_h)
    names = [iss.name for iss in s.issues]
    return {
        "data": [{
            "type": "heatmap", "x": cols, "y": names, "z": lean.round(4).tolist(), "text": text, "customdata": hover,
            "texttemplate": "%{text}", "textfont": {"size": 10}, "hovertemplate": "%{customdata}<extra></extra>",
            "colorscale": "RdBu", "reversescale": True, "zmin": -1.2, "zmax": 1.2, "xgap": 2, "ygap": 2,
            "colorbar": {"title": {"text": "favours", "side": "top"}, "tickvals": [-1, 0, 1],
                         "ticktext": [pa, "neither", pb], "len": 0.8},
        }],
        "layout": {"height": 150 + 30 * len(names), "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
                   "yaxis": {"autorange": "reversed", "automargin": True}, "xaxis": {"side": "bottom", "tickangle": -25, "automargin": True},
                   "font": FONT, "paper_bgcolor": "rgba(0,0,0,0)"},
    }


def _set_issues(s, plan_id: str) -> set[str]:
    if plan_id == "status quo":
        return set()
    out: set[str] = set()
    for pt in s.effective_points(plan_id):
        out |= set(pt.sets)
    return out


def timeline(s) -> dict[str, Any]:
    """The events on a time axis, one row per kind; hover shows the title and the outcome."""
    kinds = sorted({e.kind for e in s.events})
    data = []
    for k, kind in enumerate(kinds):
        evs = [e for e in s.events if e.kind == kind]
        data.append({
            "type": "scatter", "mode": "markers", "name": kind, "x": [e.date.date.isoformat() for e in evs],
            "y": [kind] * len(evs), "marker": {"size": 10, "color": COLORS[k % len(COLORS)], "opacity": 0.8},
            "customdata": [f"<b>{e.date}</b> {e.title}" + (f"<br>{e.place}" if e.place else "") +
                           (f"<br>{_short(e.outcome, 120)}" if e.outcome else "") for e in evs],
            "hovertemplate": "%{customdata}<extra></extra>",
        })
    shapes = [{"type": "line", "x0": s.start.date.isoformat(), "x1": s.start.date.isoformat(), "yref": "paper", "y0": 0, "y1": 1,
               "line": {"dash": "dot", "color": "#888"}}]
    return {"data": data, "layout": {
        "height": 110 + 30 * len(kinds), "margin": {"l": 100, "r": 20, "t": 30, "b": 40}, "showlegend": False,
        "font": FONT, "shapes": shapes, "paper_bgcolor": "rgba(0,0,0,0)",
        "annotations": [{"x": s.start.date.isoformat(), "y": 1, "yref": "paper", "text": "month 0", "showarrow": False,
                         "yanchor": "bottom", "font": {"size": 11, "color": "#666"}}],
    }}
