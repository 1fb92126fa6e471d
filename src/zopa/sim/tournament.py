"""A tournament of strategy pairings on a scenario, with reservation values from the zone analysis.

Each principal's reservation value is its value of fighting on now (:func:`zopa.zone.analyze`),
and it moves during the talks as the zone analysis says the war moves it: one round a month
over the scenario's horizon, with the drift and spread of the value of fighting on between
month 0 and the horizon (:class:`zopa.sim.Battlefield`). Runs differ by the battlefield's draws.

Examples
--------
>>> t = tournament("textbook", {"A": ["boulware", "conceder"], "B": ["linear"]}, runs=20)
>>> t[["A", "B", "p_agreement"]].values.tolist()
[['boulware', 'linear', 1.0], ['conceder', 'linear', 1.0]]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = ["tournament", "reservations_from_zone"]


def reservations_from_zone(zone) -> tuple[dict[str, float], dict[str, dict[str, float]]]:
    """Reservation values (value of fighting on at month 0) and their drift and volatility over
    the horizon, per principal, from a :class:`zopa.zone.ZoneResult`."""
    res, moves = {}, {}
    v = zone.values
    H = int(v.month.max())
    for a in zone.principals:
        now = v[(v.actor == a) & (v.month == 0)].iloc[0]
        end = v[(v.actor == a) & (v.month == H)].iloc[0]
        res[a] = float(now.war_value)
        spread = max(float(end.war_value_p95 - end.war_value_p05), 0.0) / 3.29  # 5-95% of a normal
        moves[a] = {"drift": float(end.war_value - now.war_value), "volatility": spread}
    return res, moves


def tournament(
    scenario,
    strategies: Mapping[str, Sequence[str]],
    *,
    runs: int = 100,
    steps: int | None = None,
    seed: int = 0,
    protocol: str = "sao",
    zone=None,
) -> pd.DataFrame:
    """Every pairing of the given strategies, one row each.

    Parameters
    ----------
    scenario : Scenario, name or path
    strategies : {actor: [strategy, ...]}
        Actors in moving order (principals or their delegates) and the strategies to try for each.
    runs : int
        Sessions per pairing (they differ by the battlefield's moves).
    steps : int, optional
        Rounds (default: the scenario's horizon in months, one round a month).
    zone : ZoneResult, optional
        The zone analysis to take reservation values from (computed if not given).

    Returns
    -------
    DataFrame
        One row per pairing: the strategy of each actor, ``p_agreement``, ``step_mean``, each
        principal's mean utility ``u_X`` and its ``gain_X`` over its value of fighting on now,
        ``refusals`` (ratification refusals per session) and ``terms`` (the most common agreement).
    """
    from zopa.scenario import Scenario, load
    from zopa.sim.engine import simulate
    from zopa.sim.scenario import from_scenario

    s = scenario if isinstance(scenario, Scenario) else load(scenario)
    if zone is None:
        from zopa.zone import analyze

        zone = analyze(s, paths=200, seed=seed)
    res, moves = reservations_from_zone(zone)
    actors = list(strategies)
    domain = from_scenario(s, actors=actors)
    principal = {a.id: (a.principal if a.principal and a.id not in res else a.id) for a in s.actors}
    order = list(domain.actors)
    reservation = np.array([res.get(principal.get(a, a), float(r)) for a, r in zip(order, domain.reservation, strict=True)])
    steps = steps or s.horizon_months
    rows = []
    for combo in itertools.product(*(strategies[a] for a in actors)):
        pick = dict(zip(actors, combo, strict=True))
        bf = {a: moves[principal.get(a, a)] for a in actors if principal.get(a, a) in moves}
        r = simulate(domain, pick, protocol=protocol, steps=steps, runs=runs, seed=seed, battlefield=bf,
                     reservation=np.broadcast_to(reservation, (runs, len(order))).copy())
        sm = r.summary()
        row = {**pick, "p_agreement": sm["p_agreement"], "step_mean": sm["step"]["mean"]}
        for a in actors:
            row[f"u_{a}"] = sm["utility"][a]
            row[f"gain_{a}"] = sm["utility"][a] - res.get(principal.get(a, a), 0.0)
        row["refusals"] = sm["refusals"]
        ok = r.runs[r.runs["agreement"]]
        if len(ok):
            mode = ok["outcome"].mode().iloc[0]
            first = ok[ok["outcome"] == mode].iloc[0]
            row["terms"] = "; ".join(f"{iss.name} {first[iss.name]}" for iss in r.issues)
        else:
            row["terms"] = ""
        rows.append(row)
    return pd.DataFrame(rows)
