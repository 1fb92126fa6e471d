"""Compare plans: point by point, issue by issue, and by each principal's utility."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from zopa.scenario.model import Scenario

__all__ = ["plan_utilities", "diff_plans"]


def plan_utilities(s: Scenario, actors: list[str] | None = None) -> pd.DataFrame:
    """Utility (0..1) of the status quo and of each plan for each principal (or the given actors).

    Examples
    --------
    >>> import zopa
    >>> plan_utilities(zopa.load("textbook")).round(2).to_dict(orient="records")
    [{'plan': 'status_quo', 'A': 0.4, 'B': 0.6}, {'plan': 'A-offer', 'A': 0.6, 'B': 0.4}, {'plan': 'B-counter', 'A': 0.45, 'B': 0.55}]
    """
    import pandas as pd

    from zopa.scenario.compile import compile_model

    m = compile_model(s)
    who = actors or [m.actors[k] for k in m.principals] or list(m.actors)
    idx = [m.actor_index(a) for a in who]
    ids, X = m.plans_matrix()
    rows = [{"plan": "status_quo", **dict(zip(who, m.utility(m.status_quo)[idx], strict=True))}]
    for pid, x in zip(ids, X, strict=True):
        rows.append({"plan": pid, **dict(zip(who, m.utility(x)[idx], strict=True))})
    return pd.DataFrame(rows, columns=["plan", *who])


def diff_plans(s: Scenario, a: str, b: str) -> dict[str, pd.DataFrame]:
    """Two plans compared: ``issues`` (value under each, changed?), ``points`` (matched
    point by point via ``matches`` and shared ids) and ``utilities``.
    """
    import pandas as pd

    va, vb = s.plan_values(a), s.plan_values(b)
    issues = []
    for iss in s.issues:
        x, y = va[iss.id], vb[iss.id]
        issues.append({"issue": iss.id, a: iss.label(x), b: iss.label(y), "changed": abs(x - y) > 1e-12})
    pa, pb = s.effective_points(a), s.effective_points(b)
    by_id_b = {p.id: p for p in pb}
    used_b: set[str] = set()
    points = []
    for p in pa:
        q = None
        for cand in pb:
            if cand.matches.get(a) == p.id:
                q = cand
                break
        if q is None and p.matches.get(b) in by_id_b:
            q = by_id_b[p.matches[b]]
        if q is None and p.id in by_id_b:
            q = by_id_b[p.id]
        if q is not None:
            used_b.add(q.id)
            status = "same" if q.text == p.text and q.sets == p.sets else "changed"
        else:
            status = f"only in {a}"
        points.append({"point_" + a: p.id, "point_" + b: q.id if q else "", "status": status,
                       "text_" + a: p.text, "text_" + b: q.text if q else ""})
    for q in pb:
        if q.id not in used_b:
            points.append({"point_" + a: "", "point_" + b: q.id, "status": f"only in {b}", "text_" + a: "", "text_" + b: q.text})
    utils = plan_utilities(s)
    utils = utils[utils["plan"].isin(["status_quo", a, b])].reset_index(drop=True)
    cols = ["point_" + a, "point_" + b, "status", "text_" + a, "text_" + b]
    return {"issues": pd.DataFrame(issues), "points": pd.DataFrame(points, columns=cols), "utilities": utils}
