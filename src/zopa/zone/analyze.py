"""``zopa.zone.analyze``: the zone of agreement and the bargaining equilibrium of a scenario, month by month."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from zopa.scenario.compile import Model, compile_model
from zopa.scenario.model import Scenario
from zopa.zone import metrics as M
from zopa.zone.frontier import Frontier, issue_zone, pareto_frontier
from zopa.zone.inputs import ZoneInputs, zone_inputs
from zopa.zone.solve import ZoneSolution, solve

__all__ = ["analyze", "ZoneResult", "prepare", "Prepared", "guarantee_multiplier"]


@dataclass(frozen=True)
class Prepared:
    """What does not change across worlds: the compiled model, the frontier, plan utilities."""

    scenario: Scenario
    model: Model
    principals: tuple[int, int]
    frontier: Frontier
    plan_ids: list[str]
    plan_utility: np.ndarray  # (n_plans, 2)
    guarantee_index: int | None

    @property
    def principal_ids(self) -> tuple[str, str]:
        return (self.model.actors[self.principals[0]], self.model.actors[self.principals[1]])

    def multiplier(self, g: np.ndarray) -> np.ndarray:
        return guarantee_multiplier(self.scenario, g)


def guarantee_multiplier(s: Scenario, g) -> np.ndarray:
    """Breakdown multiplier of a guarantee value ``g`` (on the guarantee issue's scale)."""
    g = np.asarray(g, dtype=float)
    dur = s.durability
    if dur is None or dur.guarantee_issue is None or dur.multipliers is None:
        return np.ones_like(g)
    iss = s.issue(dur.guarantee_issue)
    if isinstance(dur.multipliers, dict):
        xs = np.arange(len(iss.options), dtype=float)
        ms = np.array([dur.multipliers.get(o, 1.0) for o in iss.options])
    else:
        pts = np.array(sorted(dur.multipliers), dtype=float)
        xs, ms = pts[:, 0], pts[:, 1]
    return np.interp(g, xs, ms)


def prepare(s: Scenario) -> Prepared:
    """Compile a scenario for the zone analysis (done once, shared by every world of a sweep)."""
    from zopa.zone.inputs import _principals

    m = compile_model(s)
    p = _principals(s)
    f = pareto_frontier(m, p)
    ids, X = m.plans_matrix()
    pu = m.utility(X)[:, list(p)] if len(ids) else np.zeros((0, 2))
    gi = None
    if s.durability is not None and s.durability.guarantee_issue is not None:
        gi = m.issue_index(s.durability.guarantee_issue)
    return Prepared(s, m, p, f, ids, pu, gi)


@dataclass
class ZoneResult:
    """Results of :func:`analyze`: tidy tables, the verdict in words, and per-metric values.

    Attributes
    ----------
    values : DataFrame
        One row per (month, principal): expected value of fighting on with its 5-95% band over
        battlefield paths, and the equilibrium value of bargaining.
    months : DataFrame
        One row per month: probability the zone is open, that it has opened, that a deal has
        been struck, the zone's size (share of outcomes both prefer to fighting on, at the
        expected values), the commitment problem, and the Monte Carlo check.
    plans : DataFrame
        One row per (plan, principal): utility, value of fighting on now, margin, and the
        probability the plan is inside the zone now and within a year.
    issues : DataFrame
        The zone's projection on each issue at month 0.
    guarantees : DataFrame
        The commitment problem with each guarantee option.
    deadline : DataFrame
        Key metrics with and without the scenario's deadlines.
    summary : dict
        The catalogue metrics (:mod:`zopa.zone.metrics`) at their default months.
    verdict : list of str
        The answer in words, with the numbers behind it.
    """

    scenario_id: str
    start: str
    principals: tuple[str, str]
    params: dict
    values: pd.DataFrame
    months: pd.DataFrame
    plans: pd.DataFrame
    issues: pd.DataFrame
    guarantees: pd.DataFrame
    deadline: pd.DataFrame
    summary: dict
    verdict: list[str]
    settlement_terms: dict = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The full result as JSON-ready data (see docs/reference/json/zone.md)."""

        def rec(df):
            return df.replace({np.nan: None}).to_dict(orient="records")

        return {
            "scenario": self.scenario_id,
            "start": self.start,
            "principals": list(self.principals),
            "params": self.params,
            "verdict": self.verdict,
            "summary": self.summary,
            "settlement_terms": self.settlement_terms,
            "months": rec(self.months),
            "values": rec(self.values),
            "plans": rec(self.plans),
            "issues": rec(self.issues),
            "guarantees": rec(self.guarantees),
            "deadline": rec(self.deadline),
        }


def _date_of(s: Scenario, month: int) -> str:
    d = s.start.date
    y, m = divmod(d.month - 1 + month, 12)
    day = min(d.day, 28)
    return dt.date(d.year + y, m + 1, day).isoformat()


def _mc_paths(inp: ZoneInputs, sol: ZoneSolution, frontier: Frontier, paths: int, rng: np.random.Generator) -> np.ndarray:
    """Monte Carlo check: the share of simulated battlefield paths on which the zone has opened by each month."""
    from zopa.zone import markov

    H = inp.horizon
    s = np.full((paths,), inp.s0[0])
    lo, hi = inp.states[0, 0], inp.states[0, -1]
    opened = np.zeros(paths, dtype=bool)
    out = np.zeros(H + 1)
    for t in range(H + 1):
        v = [markov.interp_state(inp.states[:1], sol.war_value[0, k, t][None, :], s[None, :])[0] for k in range(2)]
        opened |= frontier.open(v[0], v[1])
        out[t] = opened.mean()
        if t < H:
            s = np.clip(s + inp.mu[0, t] + inp.sigma[0, t] * rng.standard_normal(paths), lo, hi)
    return out


ZONE_SIZE_POINTS = 2**14  # scrambled Sobol points measuring the zone's share of the outcome space


def zone_size(m, principals: tuple[int, int], war: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Share of the outcome space that both principals prefer to fighting on, for each month.

    The outcome space is the box of the continuous issues' ranges times the ordinal issues'
    options (each option equally likely); its share is measured on 2**14 scrambled Sobol points
    (quasi-Monte Carlo: error of order 1/N, not 1/sqrt(N)). ``war`` holds each principal's
    expected value of fighting on per month, shape (2, months). With one continuous issue and
    linear utilities this is the width of Fearon's bargaining range over the issue's scale.

    >>> import zopa
    >>> from zopa.zone.analyze import prepare
    >>> p = prepare(zopa.load("textbook"))
    >>> war = np.array([[0.35], [0.5]])  # Fearon: p - c_A and 1 - p - c_B
    >>> round(float(zone_size(p.model, p.principals, war, np.random.default_rng(0))[0]), 3)
    0.15
    """
    from scipy.stats import qmc

    u = qmc.Sobol(d=len(m.issues), scramble=True, seed=rng).random(ZONE_SIZE_POINTS)
    n_opt = m.hi - m.lo + 1
    x = np.where(m.ordinal, m.lo + np.minimum(np.floor(u * n_opt), n_opt - 1), m.lo + u * (m.hi - m.lo))
    U = m.utility(x)[:, list(principals)]
    tol = 1e-9  # a value exactly at the edge counts as inside, whatever the rounding
    return ((U[:, None, 0] >= war[0][None, :] - tol) & (U[:, None, 1] >= war[1][None, :] - tol)).mean(axis=0)


def _check_arguments(*, states, paths, seed, horizon, rng) -> None:
    """Clear errors for arguments numpy would fail on obscurely (or silently misuse)."""
    import numbers

    def whole(x) -> bool:
        return isinstance(x, numbers.Integral) and not isinstance(x, bool)

    if not whole(states) or states < 3:
        raise ValueError(f"states must be a whole number >= 3 (points of the battlefield grid), got {states!r}")
    if not whole(paths) or paths < 1:
        raise ValueError(f"paths must be a whole number >= 1 (Monte Carlo battlefield paths), got {paths!r}")
    if rng is None and (not whole(seed) or seed < 0):
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    if rng is not None and not isinstance(rng, np.random.Generator):
        raise ValueError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    if horizon is not None and (not whole(horizon) or horizon < 1):
        raise ValueError(f"horizon must be a whole number of months >= 1 (or None for the scenario's), got {horizon!r}")


def analyze(
    scenario: Scenario | str,
    *,
    states: int = 101,
    paths: int = 2000,
    seed: int = 0,
    protocol: str = "random",
    talks: str = "fighting",
    q: float = 0.0,
    deadlines: bool = True,
    horizon: int | None = None,
    rng: np.random.Generator | None = None,
) -> ZoneResult:
    """The zone of agreement over time, the bargaining equilibrium, and what drives them.

    Parameters
    ----------
    scenario : Scenario or str
        A loaded scenario, or a built-in name / file path.
    states : int
        Points of the battlefield state grid.
    paths : int
        Monte Carlo battlefield paths used to check the exact Markov-chain probabilities.
    seed, rng
        Randomness for the Monte Carlo check and the zone-size sample.
    protocol : {"random", "alternating"}
        Who proposes each month (see :mod:`zopa.zone.solve`).
    talks : {"fighting", "pause"}
        Whether the war goes on while the sides bargain.
    q : float
        Monthly probability that talks break down for good.
    deadlines : bool
        Apply the actors' deadlines (their ``if_no_deal`` lever changes).
    horizon : int, optional
        Months to look ahead (default: the scenario's ``horizon_months``).

    Examples
    --------
    >>> r = analyze("textbook", paths=200)
    >>> r.summary["zone_open"], round(r.summary["war_value.A"], 3), round(r.summary["war_value.B"], 3)
    (1.0, 0.35, 0.5)
    >>> r.issues[["issue", "low", "high"]].to_dict(orient="records")
    [{'issue': 'border', 'low': 0.35, 'high': 0.5}]
    """
    _check_arguments(states=states, paths=paths, seed=seed, horizon=horizon, rng=rng)
    if isinstance(scenario, str):
        from zopa.scenario import load

        scenario = load(scenario)
    rng = rng if rng is not None else np.random.default_rng(seed)
    prep = prepare(scenario)
    s, m, f = scenario, prep.model, prep.frontier
    P = prep.principal_ids
    inp = zone_inputs(s, m, n_states=states, deadlines=deadlines, horizon=horizon)
    sol = solve(inp, f, protocol=protocol, talks=talks, q=q)
    ctx = M.Context(sol, inp, f, P, prep.multiplier, prep.guarantee_index)
    H = inp.horizon
    months = np.arange(H + 1)

    war = M._war_value(ctx)[0]  # (2, H+1)
    settle = M._settlement(ctx)[0]
    lo = np.stack([M.quantile_over_states(ctx, sol.war_value[:, k], 0.05)[0] for k in range(2)])
    hi = np.stack([M.quantile_over_states(ctx, sol.war_value[:, k], 0.95)[0] for k in range(2)])
    values = pd.DataFrame(
        [
            {"month": t, "date": _date_of(s, t), "actor": P[k], "war_value": war[k, t], "war_value_p05": lo[k, t],
             "war_value_p95": hi[k, t], "equilibrium_value": settle[k, t]}
            for t in months for k in range(2)
        ]
    )

    size = zone_size(m, prep.principals, war, rng)
    cp_none = M.commitment(ctx, 1.0)[0]
    mult_settle = float(M.breakdown_multiplier(ctx)[0])
    cp_settle = M.commitment(ctx, mult_settle)[0]
    mc = _mc_paths(inp, sol, f, paths, rng)
    months_df = pd.DataFrame(
        {
            "month": months,
            "date": [_date_of(s, t) for t in months],
            "p_zone_open": M._p_open(ctx)[0],
            "p_deal_by": M._p_open_by(ctx)[0],
            "p_deal_by_mc": mc,
            "p_agreement_by": M._p_deal_by(ctx)[0],
            "zone_size": size,
            "commitment_problem": np.append(cp_settle, cp_settle[-1] if len(cp_settle) else False),
            "commitment_problem_no_guarantee": np.append(cp_none, cp_none[-1] if len(cp_none) else False),
        }
    )

    # plans
    plan_rows = []
    for j, pid in enumerate(prep.plan_ids):
        u = prep.plan_utility[j]
        inside = (u[0] >= sol.war_value[:, 0] - 1e-12) & (u[1] >= sol.war_value[:, 1] - 1e-12)  # (W, H+1, n)
        p_in = np.clip(M.expected(ctx, inside.astype(float))[0], 0.0, 1.0)
        vetoed = _vetoes(s, m, pid)
        for k in range(2):
            plan_rows.append(
                {"plan": pid, "actor": P[k], "utility": u[k], "war_value": war[k, 0], "margin": u[k] - war[k, 0],
                 "p_inside_now": p_in[0], "p_inside_12": p_in[min(12, H)], "vetoed_by": ", ".join(vetoed)}
            )
    plans = pd.DataFrame(plan_rows, columns=["plan", "actor", "utility", "war_value", "margin", "p_inside_now", "p_inside_12", "vetoed_by"])

    # the zone on each issue, now
    zones = issue_zone(m, prep.principals, war[0, 0], war[1, 0])
    issue_rows = []
    for iss, (zlo, zhi, _feas) in zip(s.issues, zones, strict=True):
        issue_rows.append(
            {"issue": iss.id, "low": zlo, "high": zhi,
             "low_label": iss.label(zlo) if not np.isnan(zlo) else "", "high_label": iss.label(zhi) if not np.isnan(zhi) else "",
             "status_quo": iss.label(iss.status_quo_value)}
        )
    issues = pd.DataFrame(issue_rows)

    # guarantees and the commitment problem
    g_rows = []
    if prep.guarantee_index is not None:
        giss = s.issue(s.durability.guarantee_issue)
        for x in m.grids[prep.guarantee_index]:
            mult = float(prep.multiplier(x))
            cp = M.commitment(ctx, mult)[0]
            a = float(inp.annual_breakdown[0]) * mult
            g_rows.append(
                {"guarantee": giss.label(x), "multiplier": mult, "commitment_problem_now": bool(cp[0]) if len(cp) else False,
                 "months_with_problem": int(cp.sum()), "p_breakdown_5y": 1 - (1 - min(a, 1.0)) ** 5 if not np.isnan(a) else np.nan}
            )
    guarantees = pd.DataFrame(g_rows, columns=["guarantee", "multiplier", "commitment_problem_now", "months_with_problem", "p_breakdown_5y"])

    summary = _summary(ctx, H)
    # terms of the settlement (the frontier outcome at the equilibrium values of month 0)
    x = f.outcome_at(settle[0, 0])
    terms = {iss.id: iss.label(x[i]) for i, iss in enumerate(s.issues)}

    deadline = _deadline_effect(s, m, f, ctx, prep, states, protocol, talks, q, horizon) if deadlines and inp.deadline_months else pd.DataFrame(
        columns=["metric", "with_deadline", "without_deadline", "difference"])
    params = {"states": states, "paths": paths, "seed": seed, "protocol": protocol, "talks": talks, "q": q,
              "deadlines": deadlines, "horizon": H}
    result = ZoneResult(s.id, str(s.start), P, params, values, months_df, plans, issues, guarantees, deadline, summary, [], terms)
    from zopa.zone.verdict import verdict

    result.verdict = verdict(s, result, inp)
    return result


def _summary(ctx: M.Context, H: int) -> dict[str, float]:
    P = ctx.principals
    out: dict[str, float] = {}
    out["zone_open"] = float(M.evaluate(ctx, "zone_open", 0)[0])
    out["zone_open_month"] = float(M.evaluate(ctx, "zone_open_month")[0])
    out["p_zone_open"] = float(M.evaluate(ctx, "p_zone_open", 0)[0])
    out["p_deal_by"] = float(M.evaluate(ctx, "p_deal_by", min(12, H))[0])
    out["p_agreement_by"] = float(M.evaluate(ctx, "p_agreement_by", min(12, H))[0])
    for a in P:
        out[f"war_value.{a}"] = float(M.evaluate(ctx, f"war_value.{a}", 0)[0])
        out[f"settlement_utility.{a}"] = float(M.evaluate(ctx, f"settlement_utility.{a}", 0)[0])
        out[f"delay_gain.{a}"] = float(M.evaluate(ctx, f"delay_gain.{a}")[0])
    out["p_breakdown_within"] = float(M.evaluate(ctx, "p_breakdown_within", 60)[0])
    out["commitment_problem"] = float(M.evaluate(ctx, "commitment_problem", 0)[0])
    return out


def _vetoes(s: Scenario, m: Model, plan_id: str) -> list[str]:
    """Actors with a veto on an issue the plan changes and a reservation the plan does not meet."""
    x = m.plan_vector(plan_id)
    changed = {iid for iid, v, sq in zip(m.issues, x, m.status_quo, strict=True) if abs(v - sq) > 1e-12}
    out = []
    for k, a in enumerate(s.actors):
        if a.vetoes and changed & set(a.vetoes) and not np.isnan(m.reservation[k]):
            if m.utility(x)[k] < m.reservation[k]:
                out.append(a.id)
    return out


def _deadline_effect(s, m, f, ctx, prep, states, protocol, talks, q, horizon) -> pd.DataFrame:
    inp0 = zone_inputs(s, m, n_states=states, deadlines=False, horizon=horizon)
    sol0 = solve(inp0, f, protocol=protocol, talks=talks, q=q)
    ctx0 = M.Context(sol0, inp0, f, ctx.principals, prep.multiplier, prep.guarantee_index)
    H = inp0.horizon
    with_, without = _summary(ctx, H), _summary(ctx0, H)
    rows = [{"metric": k, "with_deadline": with_[k], "without_deadline": without[k], "difference": with_[k] - without[k]}
            for k in with_]
    return pd.DataFrame(rows)
