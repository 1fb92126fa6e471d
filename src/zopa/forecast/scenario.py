"""Forecasts on zopa scenarios: the input from a scenario, and plans against forecasts.

:func:`from_scenario` turns a :class:`zopa.scenario.Scenario` into a
:class:`~zopa.forecast.data.ForecastInput`: every actor with a stance on an
issue takes part with its position (ordinal options become their index
0..n-1 on the issue's scale), salience and capability (nominal values; an
actor without a capability counts 1); the issue's status quo is the reference
point and ``meta["war_outcome"]`` each issue's war value (a fixed value or
option, or the battlefield map at the battlefield's initial state; NaN where
the issue gives none, which means the status quo).  An actor that gives an issue's values as a utility table instead of a
position takes its best option there (the argmax of the table; of a tie, the
first in the table's order) as its position, with a note in ``meta["notes"]``.
:func:`plan_distances` measures each plan's distance from each model's
forecast, issue by issue, normalised by the issue's range, and
:func:`closest_plans` names the plan each model finds closest.

Examples
--------
>>> import zopa
>>> from zopa.forecast import run
>>> s = zopa.load("textbook")
>>> inp = from_scenario(s)
>>> res = run(inp, "compromise")
>>> table = plan_distances(s, [res])
>>> sorted(table.columns)
['distance', 'forecast', 'issue', 'model', 'plan', 'plan_value']
>>> closest_plans(table).columns.tolist()
['model', 'plan', 'mean_distance']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from zopa.forecast.data import ForecastInput
from zopa.forecast.result import ForecastResult

__all__ = ["best_of_table", "closest_plans", "from_scenario", "plan_distances"]


def _nominal(q, default: float | None = None) -> float | None:
    if q is None:
        return default
    return float(q.nominal) if hasattr(q, "nominal") else float(q)


def best_of_table(values) -> float | str:
    """An actor's best option in its value table: the argmax (the first of a tie, in table order).

    Parameters
    ----------
    values : dict or list
        ``{option: u}`` (ordinal issues) or ``[[x, u], ...]`` points (continuous
        issues; the utility is piecewise linear between them, so its maximum
        lies on a point).

    Returns
    -------
    str or float
        The option id, or the point's x.

    Examples
    --------
    >>> best_of_table({"none": 0.2, "bilateral": 1.0, "art5": 1.0})
    'bilateral'
    >>> best_of_table([[0, 0.0], [5, 1.0], [10, 0.0]])
    5.0
    """
    if isinstance(values, dict):
        items = list(values.items())
        k = int(np.argmax([float(u) for _, u in items]))
        return items[k][0]
    pts = list(values)
    k = int(np.argmax([float(u) for _, u in pts]))
    x = pts[k][0]
    return x if isinstance(x, str) else float(x)


def from_scenario(scenario) -> ForecastInput:
    """The forecasting input of a scenario (see the module notes).

    An actor that gives an issue's values as a utility table instead of a
    position takes part with its best option (:func:`best_of_table`) as its
    position; ``meta["notes"]`` says so, actor by actor.

    Raises
    ------
    ValueError
        If no actor states a position (or a value table) on any issue.
    """
    issues = list(scenario.issues)
    ids = [i.id for i in issues]
    actors, pos_rows, sal_rows, caps, notes = [], [], [], [], []
    for a in scenario.actors:
        row_p = np.full(len(ids), np.nan)
        row_s = np.full(len(ids), np.nan)
        derived = []
        for k, issue in enumerate(issues):
            st = a.issues.get(issue.id)
            if st is None or (st.position is None and not st.values):
                continue
            if st.position is not None:
                value = st.position if isinstance(st.position, str) else _nominal(st.position)
            else:
                value = best_of_table(st.values)
                derived.append(f"{issue.id} {value if isinstance(value, str) else f'{value:g}'}")
            row_p[k] = issue.to_scale(value)
            row_s[k] = min(max(_nominal(st.salience, 0.5), 0.0), 1.0)
        if np.isnan(row_p).all():
            continue
        if derived:
            notes.append(f"{a.id} states no position on {len(derived)} issue(s) but gives a value table: "
                         f"its position is its best option there ({', '.join(derived)})")
        actors.append(a.id)
        pos_rows.append(row_p)
        sal_rows.append(row_s)
        caps.append(_nominal(a.capability, 1.0))
    if not actors:
        raise ValueError(f"scenario {scenario.id!r}: no actor states a position (or a value table) on any issue")
    bounds = [issue.scale for issue in issues]
    reference = [issue.status_quo_value for issue in issues]
    war = []
    for issue in issues:
        wo = issue.war_outcome
        if wo is not None and wo.option is not None:
            war.append(issue.to_scale(wo.option))
        elif wo is not None and wo.value is not None:
            war.append(float(wo.value))
        elif wo is not None and wo.follows and scenario.battlefield is not None:
            pts = np.array(wo.map, dtype=float)         # the map at today's battlefield state
            war.append(float(np.interp(_nominal(scenario.battlefield.initial), pts[:, 0], pts[:, 1])))
        else:
            war.append(np.nan)
    return ForecastInput(actors, ids, np.array(pos_rows), np.array(sal_rows), np.array(caps),
                         bounds=bounds, reference=reference, source=f"scenario:{scenario.id}",
                         meta={"format": "scenario", "scenario": scenario.id, "war_outcome": war,
                               "issue_kind": [i.kind for i in issues], "notes": notes})


def plan_distances(scenario, results: Sequence[ForecastResult]) -> pd.DataFrame:
    """Each plan's distance from each model's forecast, issue by issue.

    The distance is :math:`|plan - forecast| / (hi - lo)`, on 0..1.  A plan
    that does not set an issue stands at the issue's status quo there (as
    :func:`zopa.scenario.plans.plan_values` has it).

    Returns
    -------
    DataFrame
        Columns ``plan, model, issue, plan_value, forecast, distance``.
    """
    from zopa.scenario.plans import plan_values

    scale = {i.id: i.scale for i in scenario.issues}
    rows = []
    for plan in scenario.plans:
        values = plan_values(scenario, plan.id)
        for res in results:
            for issue, fc in res.forecast.items():
                if issue not in values:
                    continue
                lo, hi = scale[issue]
                pv = float(values[issue])
                rows.append({"plan": plan.id, "model": res.model, "issue": issue, "plan_value": pv,
                             "forecast": float(fc), "distance": abs(pv - float(fc)) / (hi - lo)})
    return pd.DataFrame(rows, columns=["plan", "model", "issue", "plan_value", "forecast", "distance"])


def closest_plans(table: pd.DataFrame) -> pd.DataFrame:
    """The plan with the smallest mean distance for each model.

    Returns
    -------
    DataFrame
        Columns ``model, plan, mean_distance`` (one row per model).
    """
    if table.empty:
        return pd.DataFrame(columns=["model", "plan", "mean_distance"])
    mean = table.groupby(["model", "plan"], sort=False)["distance"].mean().reset_index()
    best = mean.loc[mean.groupby("model", sort=False)["distance"].idxmin()]
    return best.rename(columns={"distance": "mean_distance"}).reset_index(drop=True)
