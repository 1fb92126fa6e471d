"""Plans as issue values: inheritance (``based_on``), issue values, and the ``--as-of`` cut."""

from __future__ import annotations

from zopa.errors import Problem, ScenarioError
from zopa.scenario.model import PartialDate, Point, Scenario, SetValue

__all__ = ["effective_points", "plan_values", "set_value_number", "cut_as_of"]


def effective_points(s: Scenario, plan_id: str) -> list[Point]:
    """A plan's points after inheritance: the base plan's points, minus ``removes``,
    with the plan's own points replacing base points of the same id, in order.

    Examples
    --------
    >>> import zopa
    >>> s = zopa.load("textbook")
    >>> [p.id for p in s.effective_points("B-counter")]
    ['1', '2']
    """
    plan = s.plan(plan_id)
    if plan.based_on is None:
        return list(plan.points)
    base = [p for p in effective_points(s, plan.based_on) if p.id not in set(plan.removes)]
    own = {p.id: p for p in plan.points}
    out = [own.pop(p.id, p) for p in base]
    out.extend(p for p in plan.points if p.id in own)
    return out


def set_value_number(s: Scenario, issue_id: str, sv: SetValue) -> float:
    """The number a point's setting stands for on the issue's scale (range midpoint, distribution mean)."""
    issue = s.issue(issue_id)
    if sv.option is not None:
        return issue.to_scale(sv.option)
    if sv.value is not None:
        return float(sv.value)
    if sv.range is not None:
        return 0.5 * (sv.range[0] + sv.range[1])
    return float(sv.dist.nominal)


def plan_values(s: Scenario, plan_id: str) -> dict[str, float]:
    """Issue id -> value on its scale under a plan; issues the plan does not set keep the status quo.

    Where several points set the same issue, the later point wins.
    """
    values = {i.id: i.status_quo_value for i in s.issues}
    for point in effective_points(s, plan_id):
        for iid, sv in point.sets.items():
            values[iid] = set_value_number(s, iid, sv)
    return values


def cut_as_of(s: Scenario, as_of: str) -> Scenario:
    """The scenario as known on a date: later events, plans and reactions are left out."""
    from zopa.scenario.model import _parse_partial

    try:
        date, _ = _parse_partial(as_of)
    except ValueError as err:
        raise ScenarioError([Problem("--as-of", None, None, "as_of", str(err), "use YYYY-MM-DD")]) from None
    plans = [p for p in s.plans if p.date.date <= date]
    kept = {p.id for p in plans}
    # drop plans whose base was dropped, repeatedly
    changed = True
    while changed:
        changed = False
        for p in list(plans):
            if p.based_on is not None and p.based_on not in kept:
                plans.remove(p)
                kept.discard(p.id)
                changed = True
    new_plans = []
    for p in plans:
        points = []
        for pt in p.points:
            reactions = {a: r for a, r in pt.reactions.items() if r.date is None or r.date.date <= date}
            matches = {k: v for k, v in pt.matches.items() if k in kept}
            points.append(pt.model_copy(update={"reactions": reactions, "matches": matches}))
        new_plans.append(p.model_copy(update={"points": points}))
    events = []
    for e in s.events:
        if e.date.date <= date:
            events.append(e.model_copy(update={"documents": [d for d in e.documents if d in kept]}))
    return s.model_copy(update={"plans": new_plans, "events": events, "as_of": day(date)})


def day(date) -> PartialDate:
    """A day-precision :class:`PartialDate` from a ``datetime.date``."""
    out = PartialDate(date.isoformat())
    out.date, out.precision = date, "day"
    return out
