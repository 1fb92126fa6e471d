"""From a scenario to the arrays the zone analysis runs on, for one world or a batch of worlds.

Month 0 is the scenario's ``start``. For each principal *a* and month *t*:

- the battlefield drift and volatility are the scenario's (observed, with every lever at
  its baseline level) plus, for each lever, ``(level(t) - baseline) * effect``;
- a deadline's ``if_no_deal`` changes set a lever's level from the first month after the
  deadline, in expectation: ``credibility * new + (1 - credibility) * old``;
- the monthly cost of war in utility is ``monthly_cost + sum(cost_weights[u] * cost[u])``
  over the units (``casualties_k``, ``usd_bn``), plus costs already in utility, where
  ``cost`` is the battlefield's monthly cost of the principal plus the levers' effects;
- the monthly discount factor is ``exp(-discount_rate / 12)``.

``values`` maps dotted paths (see :mod:`zopa.scenario.paths`) to arrays of shape (W,) that
replace the nominal values: this is how a sweep runs many worlds in one batch.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from zopa.errors import InputError, Problem
from zopa.scenario.compile import Model
from zopa.scenario.model import Scenario
from zopa.scenario.quantity import Quantity

__all__ = ["ZoneInputs", "zone_inputs", "war_outcome_matrix", "month_of"]

FINE = 2001  # points at which the war outcome's utility is tabulated before each world's grid
COST_UNITS = ("casualties_k", "usd_bn")  # converted to utility by each actor's cost_weights
UNITS = (*COST_UNITS, "utility")  # "utility" is already in utility per month


@dataclass(frozen=True)
class ZoneInputs:
    """Arrays for the zone analysis of W worlds over months 0..H.

    Attributes
    ----------
    states : ndarray (W, n)
        Each world's battlefield state grid: it covers the range the state can reach within the
        horizon (the drift's path plus five standard deviations of the shocks), within the bounds.
    war_flow : ndarray (W, 2, n)
        Each principal's utility of the war outcome at each state.
    s0 : ndarray (W,)
    mu, sigma : ndarray (W, H)
        Drift and volatility of the move from month t to t+1.
    cost : ndarray (W, 2, H+1)
        Monthly cost of war in utility.
    delta : ndarray (W, 2)
        Monthly discount factors.
    annual_breakdown : ndarray (W,)
        Yearly probability that a deal without guarantees breaks down (NaN if not given).
    deadline_months : list of int
        Months at which a deadline's lever changes start.
    """

    states: np.ndarray
    war_flow: np.ndarray
    s0: np.ndarray
    mu: np.ndarray
    sigma: np.ndarray
    cost: np.ndarray
    delta: np.ndarray
    annual_breakdown: np.ndarray
    deadline_months: list[int]

    @property
    def worlds(self) -> int:
        return len(self.s0)

    @property
    def horizon(self) -> int:
        return self.mu.shape[1]


def month_of(s: Scenario, date: dt.date) -> float:
    """Months (fractional) from the scenario's start to ``date``."""
    return (date - s.start.date).days / (365.25 / 12)


def _principals(s: Scenario) -> tuple[int, int]:
    idx = [k for k, a in enumerate(s.actors) if a.role == "belligerent"]
    if len(idx) != 2:
        raise InputError([Problem(s.id, None, None, "actors", f"the zone analysis needs exactly two belligerents (role: belligerent); found {len(idx)}",
                                  "mark the two warring parties with role: belligerent")])
    return idx[0], idx[1]


def war_outcome_matrix(s: Scenario, model: Model, states: np.ndarray) -> np.ndarray:
    """The outcome (issue values) if fighting decides the war at each battlefield state: (n, n_issues)."""
    X = np.empty((len(states), len(s.issues)))
    for i, iss in enumerate(s.issues):
        wo = iss.war_outcome
        if wo is None:
            X[:, i] = iss.status_quo_value
        elif wo.follows:
            pts = np.array(wo.map, dtype=float)
            X[:, i] = np.interp(states, pts[:, 0], pts[:, 1])
        elif wo.option is not None:
            X[:, i] = iss.to_scale(wo.option)
        else:
            X[:, i] = float(wo.value)
    return X


class _Values:
    """Nominal values, replaced by per-world arrays where given."""

    def __init__(self, values: Mapping[str, np.ndarray] | None, worlds: int):
        self.values = {k: np.asarray(v, dtype=float).reshape(-1) for k, v in (values or {}).items()}
        self.W = worlds
        self.used: set[str] = set()

    def get(self, path: str, q: Quantity | None, default: float = 0.0) -> np.ndarray:
        if path in self.values:
            self.used.add(path)
            v = self.values[path]
            return np.broadcast_to(v, (self.W,)).astype(float)
        return np.full(self.W, q.nominal if q is not None else default)


def zone_inputs(
    s: Scenario,
    model: Model,
    *,
    values: Mapping[str, np.ndarray] | None = None,
    worlds: int | None = None,
    n_states: int = 101,
    deadlines: bool = True,
    horizon: int | None = None,
) -> ZoneInputs:
    """Build :class:`ZoneInputs` for ``worlds`` worlds (default: the length of the arrays in ``values``, or 1)."""
    if s.battlefield is None:
        raise InputError([Problem(s.id, None, None, "battlefield", "the zone analysis needs a battlefield section",
                                  "add battlefield: {state, initial, drift, volatility, favours}")])
    p = _principals(s)
    W = worlds or (max((np.size(v) for v in (values or {}).values()), default=1))
    V = _Values(values, W)
    H = horizon or s.horizon_months
    bf = s.battlefield
    lo, hi = bf.bounds
    fine = np.linspace(lo, hi, FINE)
    fine_flow = model.utility(war_outcome_matrix(s, model, fine))[:, list(p)].T  # (2, FINE)

    s0 = np.clip(V.get("battlefield.initial", bf.initial), lo, hi)
    drift = V.get("battlefield.drift", bf.drift)
    vol = V.get("battlefield.volatility", bf.volatility)

    # lever levels per month
    levers = bf.levers
    # drift and costs were observed at each lever's `level`; a variant may start it elsewhere (`from_start`)
    base = {lv.id: V.get(f"battlefield.levers.{lv.id}.level", lv.level) for lv in levers}
    start = {lv.id: base[lv.id] if lv.from_start is None else V.get(f"battlefield.levers.{lv.id}.from_start", lv.from_start)
             for lv in levers}
    level = {lv.id: np.repeat(start[lv.id][:, None], H + 1, axis=1) for lv in levers}
    deadline_months: list[int] = []
    if deadlines:
        for a in s.actors:
            for k, d in enumerate(a.deadlines):
                if not d.if_no_deal:
                    continue
                m = max(0, math.ceil(month_of(s, d.date.date) - 1e-9))
                if m > H:
                    continue
                deadline_months.append(m)
                cred = np.clip(V.get(f"actors.{a.id}.deadlines.{k}.credibility", d.credibility, 1.0), 0, 1)
                for j, ch in enumerate(d.if_no_deal):
                    if ch.lever not in level:
                        continue
                    new = V.get(f"actors.{a.id}.deadlines.{k}.if_no_deal.{j}.level", ch.level)
                    old = level[ch.lever][:, m:]
                    level[ch.lever][:, m:] = cred[:, None] * new[:, None] + (1 - cred[:, None]) * old

    mu = np.repeat(drift[:, None], H, axis=1)
    sigma = np.repeat(vol[:, None], H, axis=1)
    ids = (s.actors[p[0]].id, s.actors[p[1]].id)
    # monthly cost amounts per principal and unit: the battlefield's, plus the levers' effects
    amount = {a: {} for a in ids}
    for a in ids:
        side = bf.costs.get(a)
        for u in UNITS:
            q = getattr(side, u) if side is not None else None
            amount[a][u] = np.repeat(V.get(f"battlefield.costs.{a}.{u}", q)[:, None], H + 1, axis=1)
    for lv in levers:
        dl = level[lv.id] - base[lv.id][:, None]  # (W, H+1)
        e = lv.effect
        if e.drift is not None:
            mu = mu + dl[:, :H] * V.get(f"battlefield.levers.{lv.id}.effect.drift", e.drift)[:, None]
        if e.volatility is not None:
            sigma = sigma + dl[:, :H] * V.get(f"battlefield.levers.{lv.id}.effect.volatility", e.volatility)[:, None]
        for a, sc in e.costs.items():
            if a not in amount:
                continue
            for u in UNITS:
                q = getattr(sc, u)
                if q is not None:
                    amount[a][u] = amount[a][u] + dl * V.get(f"battlefield.levers.{lv.id}.effect.costs.{a}.{u}", q)[:, None]
    sigma = np.maximum(sigma, 0.0)

    # each world's grid: where the state can be within the horizon
    path = s0[:, None] + np.concatenate([np.zeros((W, 1)), np.cumsum(mu, axis=1)], axis=1)
    spread = 5.0 * np.sqrt((sigma**2).sum(axis=1))
    pad = 0.01 * (hi - lo)
    g_lo = np.clip(path.min(axis=1) - spread - pad, lo, hi)
    g_hi = np.clip(path.max(axis=1) + spread + pad, lo, hi)
    states = g_lo[:, None] + (g_hi - g_lo)[:, None] * np.linspace(0.0, 1.0, n_states)[None, :]
    war_flow = np.stack([np.interp(states, fine, fine_flow[k]) for k in range(2)], axis=1)  # (W, 2, n)

    cost = np.zeros((W, 2, H + 1))
    delta = np.zeros((W, 2))
    for k, ai in enumerate(p):
        a = s.actors[ai]
        c = np.repeat(V.get(f"actors.{a.id}.monthly_cost", a.monthly_cost)[:, None], H + 1, axis=1)
        for u in COST_UNITS:
            w = V.get(f"actors.{a.id}.cost_weights.{u}", (a.cost_weights or {}).get(u))
            c = c + w[:, None] * amount[a.id][u]
        cost[:, k] = c + amount[a.id]["utility"]
        r = V.get(f"actors.{a.id}.discount_rate", a.discount_rate, 0.1)
        delta[:, k] = np.exp(-np.maximum(r, 0.0) / 12.0)

    dur = s.durability
    annual = V.get("durability.annual_breakdown", dur.annual_breakdown) if dur is not None else np.full(W, np.nan)
    left = set(V.values) - V.used
    unknown = left - _known_elsewhere(s, left) if left else set()
    if unknown:
        raise InputError([Problem("values", None, None, k, "no such input of the zone analysis", "see zopa.scenario.paths.quantities") for k in sorted(unknown)])
    return ZoneInputs(states, war_flow, s0, mu, sigma, cost, delta, np.clip(annual, 0, 1), sorted(set(deadline_months)))


def _known_elsewhere(s: Scenario, values: Mapping[str, np.ndarray]) -> set[str]:
    """Paths that exist in the scenario but do not enter the zone analysis (accepted, ignored)."""
    from zopa.scenario.paths import quantities

    return set(values) & set(quantities(s))
