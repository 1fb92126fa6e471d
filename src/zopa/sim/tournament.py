"""A tournament of strategy pairings on a scenario, with reservation values from the zone analysis.

Each principal's reservation value is its value of fighting on now (:func:`zopa.zone.analyze`),
and it moves during the talks as the zone analysis says the war moves it: one round a month
over the scenario's horizon, with the drift and spread of the value of fighting on between
month 0 and the horizon (:class:`ZoneBattlefield`; with more rounds than months they stay at
the horizon's). Runs differ by the battlefield's draws.  :func:`zone_reservations` gives the
same reservation values to ``zopa simulate`` (its default ``--reservation zone``).

Examples
--------
>>> t = tournament("textbook", {"A": ["boulware", "conceder"], "B": ["linear"]}, runs=20)
>>> t[["A", "B", "p_agreement"]].values.tolist()
[['boulware', 'linear', 1.0], ['conceder', 'linear', 1.0]]
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from zopa.sim.battlefield import Battlefield

__all__ = ["tournament", "reservations_from_zone", "zone_reservations", "ZoneReservations", "ZoneBattlefield",
           "ZoneNotApplicable"]


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


class ZoneNotApplicable(ValueError):
    """The zone analysis cannot give these parties' reservation values (the reason is the message)."""


class ZoneBattlefield(Battlefield):
    """The zone analysis' battlefield, one step a month, plus moves over the whole talks.

    The actors in ``monthly`` move by their ``drift`` (with standard deviation ``volatility``)
    over ``months`` steps, as the zone analysis says the value of fighting on moves from
    month 0 to the horizon, one step a month, and then stay; the actors in ``talks`` move as
    :class:`~zopa.sim.Battlefield` says, over the whole talks.  With ``months`` equal to the
    talks' steps, the monthly part is a plain :class:`~zopa.sim.Battlefield`.

    Examples
    --------
    >>> bf = ZoneBattlefield({"RU": {"drift": 0.12}}, months=12, talks={"UA": {"drift": -0.1}})
    >>> r = np.array([[0.5, 0.5]])
    >>> [bf.shift(r, ["RU", "UA"], np.arange(1), 0, s, np.array([40]))[0].round(3).tolist() for s in (0, 6, 12, 20, 40)]
    [[0.5, 0.5], [0.56, 0.485], [0.62, 0.47], [0.62, 0.45], [0.62, 0.4]]
    """

    def __init__(self, monthly: Mapping[str, Mapping[str, float]] | None, months: int,
                 talks: Mapping[str, Mapping[str, float]] | None = None):
        super().__init__(talks)
        self.monthly = Battlefield(monthly)
        if int(months) < 1:
            raise ValueError(f"months must be >= 1, got {months}")
        self.months = int(months)
        both = sorted(set(self.monthly.moves) & set(self.moves))
        if both:
            raise ValueError(f"actors {both} move both with the zone and over the talks; give each one way")

    @property
    def static(self) -> bool:
        return self.monthly.static and super().static

    def shift(self, r0, actors, session, seed, step, n_steps):
        r = r0
        if not self.monthly.static:
            r = self.monthly.shift(r0, actors, session, seed, step, np.full_like(np.asarray(n_steps), self.months))
        return super().shift(r, actors, session, seed, step, n_steps)


@dataclass(frozen=True)
class ZoneReservations:
    """Reservation values of the parties to talks from the zone analysis.

    Attributes
    ----------
    start : {party: float}
        The value of fighting on now of the principal the party is or acts for.
    moves : {party: {"drift": float, "volatility": float}}
        Its change from month 0 to the horizon, and the standard deviation of that change.
    months : int
        The zone analysis' horizon: the moves take one step a month over this many steps.
    principal : {party: principal}
    """

    start: dict[str, float]
    moves: dict[str, dict[str, float]]
    months: int
    principal: dict[str, str]


def zone_reservations(scenario, parties: Sequence[str], *, zone=None, seed: int = 0) -> ZoneReservations:
    """Reservation values of ``parties`` from the zone analysis, as :func:`tournament` takes them.

    The zone analysis applies when the scenario has a battlefield and two belligerents (its
    principals), and the parties are those principals or act for them (``principal``),
    both sides at the table.  Otherwise :class:`ZoneNotApplicable` says why.

    Parameters
    ----------
    scenario : Scenario
    parties : actor ids, in moving order
    zone : ZoneResult, optional
        The zone analysis (computed, with ``seed``, if not given).

    Examples
    --------
    >>> import zopa
    >>> z = zone_reservations(zopa.load("textbook"), ["A", "B"])
    >>> {a: round(v, 3) for a, v in z.start.items()}, z.months
    ({'A': 0.35, 'B': 0.5}, 60)
    >>> zone_reservations(zopa.load("textbook"), ["A", "M"])
    Traceback (most recent call last):
    ...
    zopa.sim.tournament.ZoneNotApplicable: M is neither A nor B and acts for neither
    """
    s = scenario
    if s.battlefield is None:
        raise ZoneNotApplicable("the scenario has no battlefield")
    heads = [a.id for a in s.actors if a.role == "belligerent"]
    if len(heads) != 2:
        raise ZoneNotApplicable(f"the zone analysis needs exactly two belligerents; the scenario has {len(heads)}")
    by_id = {a.id: a for a in s.actors}
    principal = {}
    for p in parties:
        x, seen = p, set()
        while x not in heads and x in by_id and by_id[x].principal and x not in seen:
            seen.add(x)
            x = by_id[x].principal
        if x not in heads:
            raise ZoneNotApplicable(f"{p} is neither {heads[0]} nor {heads[1]} and acts for neither")
        principal[p] = x
    missing = [h for h in heads if h not in principal.values()]
    if missing:
        raise ZoneNotApplicable(f"{' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not at the table")
    if zone is None:
        from zopa.errors import InputError
        from zopa.zone import analyze

        try:
            zone = analyze(s, paths=200, seed=seed)
        except (InputError, ValueError) as err:
            raise ZoneNotApplicable(f"the zone analysis failed: {err}") from None
    res, moves = reservations_from_zone(zone)
    months = max(int(zone.values.month.max()), 1)
    return ZoneReservations({p: res[principal[p]] for p in parties}, {p: dict(moves[principal[p]]) for p in parties},
                            months, principal)


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
    months = max(int(zone.values.month.max()), 1)  # the zone's moves take one round a month, whatever the steps
    steps = steps or s.horizon_months
    rows = []
    for combo in itertools.product(*(strategies[a] for a in actors)):
        pick = dict(zip(actors, combo, strict=True))
        bf = ZoneBattlefield({a: moves[principal.get(a, a)] for a in actors if principal.get(a, a) in moves}, months)
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
