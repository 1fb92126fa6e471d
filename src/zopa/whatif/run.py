"""Running a what-if: the baseline's worlds (computed once, reused by every what-if on them) and
the what-if on the same worlds.

>>> import zopa
>>> base = baseline(zopa.load("textbook"), worlds=10)
>>> base.table.shape[0], round(float(base.table["war_value_A_m0"].mean()), 3)
(10, 0.35)
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from zopa.whatif.changes import _apply, _apply_fast, changes
from zopa.whatif.levers import Change, Levers, negotiators
from zopa.whatif.result import WhatIfResult, _claim_truth
from zopa.whatif.talks import _simulate

__all__ = ["Baseline", "baseline", "run", "forecast_points", "DEFAULT_WORLDS", "STATES"]

DEFAULT_WORLDS = 200  # "a few hundred": 95% half-width of a share at most 7 points, of a paired difference far less (docs/app)
STATES = 21


# ---------------------------------------------------------------------------- running it
@dataclass
class Baseline:
    """What a what-if compares against: the scenario's worlds and what does not depend on levers."""

    scenario: Any
    prep: Any
    table: Any  # pandas DataFrame, one row per world
    worlds: int
    seed: int
    forecasts: list[tuple[str, np.ndarray]]  # (model, issue vector)
    closest: dict[str, str]  # model -> closest plan
    domain: Any  # zopa.sim Domain of the two negotiators, or None
    sim: dict | None = None
    metrics: list = field(default_factory=list)
    claims: list = field(default_factory=list)  # the scenario's claims as zopa.sweep claims
    catalogue: Any = None  # a zopa.sweep MetricCatalogue with the zone's metrics
    values: dict = field(default_factory=dict)  # input path -> sampled values (worlds,)
    claim_truth: Any = None  # each claim's truth in each world (pandas, nullable booleans)
    cache: dict = field(default_factory=dict, repr=False)  # what every what-if's answer takes from the baseline alone


def _claims(s, principals: tuple[str, str]):
    """The scenario's claims as :mod:`zopa.sweep` claims, and a metric catalogue that knows the zone's metrics."""
    from zopa.sweep.metrics import MetricCatalogue
    from zopa.sweep.scenario import claims_of, register_zone_metrics

    cat = MetricCatalogue()
    register_zone_metrics(principals, cat)
    return claims_of(s), cat


def _metrics(s, principals: tuple[str, str], claims=()) -> list[tuple[str, int | None]]:
    """Every metric a what-if reads: month-by-month series, the key numbers, and what the claims need."""
    from zopa.sweep.scenario import zone_metrics_for

    a, b = principals
    out: list[tuple[str, int | None]] = []
    for t in range(s.horizon_months + 1):
        out += [("p_zone_open", t), ("p_deal_by", t), ("p_agreement_by", t), (f"war_value.{a}", t), (f"war_value.{b}", t),
                (f"settlement_utility.{a}", t), (f"settlement_utility.{b}", t)]
    out += [("zone_open_month", None), (f"delay_gain.{a}", None), (f"delay_gain.{b}", None), ("p_breakdown_within", 60),
            ("commitment_problem", 0)]
    for m in zone_metrics_for(s, claims):
        if m not in out:
            out.append(m)
    return out


def _memo_model(model):
    """A copy of the compiled model whose ``utility`` remembers its last few inputs: the zone analysis
    asks it each time for the war outcome on a fine grid of states, which no lever changes."""
    import copy

    fn = model.utility
    memo: dict = {}

    def utility(x, actors=None):
        x = np.asarray(x, dtype=float)
        key = (x.shape, x.tobytes(), None if actors is None else tuple(actors))
        hit = memo.get(key)
        if hit is None:
            if len(memo) >= 8:
                memo.clear()
            hit = memo[key] = fn(x, actors)
        return hit.copy()

    out = copy.copy(model)
    object.__setattr__(out, "utility", utility)
    return out


def _evaluate(prep, values: Mapping[str, np.ndarray], worlds: int, metrics, states: int = STATES, batch: int = 512):
    """One row per world: the metrics of worlds whose uncertain inputs take ``values`` (path -> array (worlds,))."""
    import pandas as pd

    from zopa.zone.worlds import evaluate_worlds

    frames = []
    for lo in range(0, worlds, batch):
        n = min(batch, worlds - lo)
        vals = {k: v[lo:lo + n] for k, v in values.items()}
        res = evaluate_worlds(prep, vals, metrics=metrics, states=states)
        if not vals:
            res = res.loc[np.zeros(n, int)].reset_index(drop=True)
        frames.append(res)
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def _node(model: Any, path: str) -> Any:
    """The part of a scenario at a dotted path (list items by id or index)."""
    node = model
    for part in path.split("."):
        if isinstance(node, list):
            node = next((x for x in node if getattr(x, "id", None) == part), None) or node[int(part)]
        elif isinstance(node, dict):
            node = node[part]
        else:
            node = getattr(node, part)
    return node


def _variant_values(v, base: Baseline, ch: Sequence[Change]) -> dict[str, np.ndarray]:
    """The variant's sampled inputs: the baseline's draws where a quantity is unchanged (the same
    uniforms give the same values), fresh draws (keyed by path, so common random numbers still hold)
    for the quantities the changes replace."""
    from zopa.scenario.paths import walk
    from zopa.sweep.sampling import sample

    changed = [c.path for c in ch if c.path is not None]
    out = {k: a for k, a in base.values.items() if not any(k == p or k.startswith(p + ".") for p in changed)}
    fresh = {}
    for p in changed:
        for path, q in walk(_node(v, p), tuple(p.split("."))):
            if q.uncertain:
                fresh[path] = q
    if fresh:
        out.update(sample(fresh, base.worlds, seed=base.seed))
    return out


def forecast_points(s) -> tuple[list[tuple[str, np.ndarray]], dict[str, str]]:
    """Each forecasting model's settlement as an issue vector, and the plan closest to it."""
    from zopa.forecast import run as run_forecast
    from zopa.forecast.scenario import closest_plans, from_scenario, plan_distances

    try:
        results = run_forecast(from_scenario(s), "all")
    except ValueError:
        return [], {}
    sq = np.array([i.status_quo_value for i in s.issues])
    out = []
    for r in results:
        x = np.array([float(r.forecast.get(i.id, np.nan)) for i in s.issues])
        out.append((r.model, np.where(np.isnan(x), sq, x)))
    closest = closest_plans(plan_distances(s, results)) if s.plans else None
    best = {} if closest is None else dict(zip(closest["model"], closest["plan"], strict=True))
    return out, best


def baseline(s, *, worlds: int = DEFAULT_WORLDS, seed: int = 0, forecasts=None) -> Baseline:
    """The scenario's side of every what-if on ``worlds`` worlds of ``seed`` (reusable across what-ifs)."""
    from zopa.zone import prepare

    if not 1 <= worlds <= 100_000:
        raise ValueError(f"worlds must be in 1..100000, got {worlds}")
    prep = prepare(s)
    prep = dataclasses.replace(prep, model=_memo_model(prep.model))
    claims, cat = _claims(s, prep.principal_ids)
    claims = [c for c in claims if all(p.metric in cat for p in (c, *c.also, *c.when))]
    metrics = _metrics(s, prep.principal_ids, claims)
    from zopa.sweep.sampling import sample
    from zopa.zone.worlds import inputs_of

    inputs = inputs_of(s)
    values = sample(inputs, worlds, seed=seed) if inputs else {}
    table = _evaluate(prep, values, worlds, metrics)
    fc, closest = forecasts if forecasts is not None else forecast_points(s)
    domain = None
    neg = negotiators(s)
    try:
        from zopa.sim.scenario import from_scenario

        domain = from_scenario(s, actors=[neg[p] for p in prep.principal_ids], max_outcomes=50_000)
    except ValueError:
        domain = None
    base = Baseline(s, prep, table, worlds, seed, fc, closest, domain, None, metrics, claims, cat, values)
    base.sim = _simulate(s, base, table, ratchet={})
    base.claim_truth = _claim_truth(base, table)
    return base


def run(s, levers: Levers | Mapping | None = None, *, worlds: int = DEFAULT_WORLDS, seed: int = 0, by: int = 12,
        base: Baseline | None = None, raw: Mapping | None = None) -> WhatIfResult:
    """The what-if against the scenario on the same ``worlds`` sampled worlds.

    Parameters
    ----------
    s : Scenario
    levers : Levers or dict
    worlds, seed
        The sampled worlds (the same seed gives the same worlds).
    by : int
        Month at which the probability of a deal is read (also on the curves).
    base : Baseline, optional
        A precomputed :func:`baseline` with the same worlds and seed (saves recomputing it).
    raw : mapping, optional
        The parsed scenario file (only used to build the variant).
    """
    levers = levers if isinstance(levers, Levers) else Levers.model_validate(levers or {})
    if base is None:
        base = baseline(s, worlds=worlds, seed=seed)
    elif base.worlds != worlds or base.seed != seed:
        raise ValueError(f"base has worlds={base.worlds}, seed={base.seed}; asked for worlds={worlds}, seed={seed}")
    if not 0 <= by <= s.horizon_months:
        raise ValueError(f"by must be a month in 0..{s.horizon_months}, got {by}")
    ch = changes(s, levers)
    structural = [c for c in ch if c.path is not None]
    if structural:
        v = _apply_fast(s, ch) if raw is None else _apply(s, ch, raw)
        # the compiled model (utilities, frontier, plans) does not depend on any lever
        prep = dataclasses.replace(base.prep, scenario=v)
        table = _evaluate(prep, _variant_values(v, base, ch), worlds, base.metrics)
    else:
        v, prep, table = s, base.prep, base.table
    ratchet = {k: on for k, on in (levers.ratchet or {}).items() if on}
    sim = _simulate(v, base, table, ratchet=ratchet) if (structural or ratchet) else base.sim
    return WhatIfResult(s, v, base, prep, table, ch, levers, by, sim)
