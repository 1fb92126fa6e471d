"""Sweeps of a scenario: the zone analysis as a sweep analysis, its metrics, and the claims.

:func:`zone_analysis` is the module-level analysis the sweep runner ships to its workers; it
receives the scenario as plain data (so it pickles and hashes into the sweep's identity) and
runs :func:`zopa.zone.worlds.evaluate_worlds` on each batch. :func:`register_zone_metrics`
puts the zone's metric catalogue (:data:`zopa.zone.CATALOGUE`) into the sweep catalogue, with
principal-specific names such as ``delay_gain.RU``. :func:`claims_of` turns a scenario's
``claims`` into sweep claims (dates become months from the start).

Examples
--------
>>> import zopa
>>> s = zopa.load("textbook")
>>> res = sweep_zone(s, worlds=16, seed=1, executor="serial", progress=False)
>>> res.to_pandas()["zone_open_m0"].tolist() == [True] * 16 or res.to_pandas()["zone_open_m0"].tolist() == [1.0] * 16
True
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from zopa.scenario.model import Scenario
from zopa.sweep.claims import Claim
from zopa.sweep.metrics import CATALOGUE, MetricCatalogue

__all__ = ["zone_analysis", "forecast_analysis", "simulate_analysis", "register_zone_metrics", "claims_of",
           "zone_metrics_for", "sweep_zone", "sweep_analysis", "scenario_data", "simulate_strategies", "sampled_inputs",
           "sweep_notes"]


def scenario_data(s: Scenario) -> dict:
    """The scenario as plain JSON-ready data (what a sweep ships to its workers)."""
    return s.model_dump(mode="json", exclude_none=True)


@functools.lru_cache(maxsize=8)
def _prepared(blob: str):
    from zopa.scenario.model import Scenario
    from zopa.zone.analyze import prepare

    return prepare(Scenario.model_validate(json.loads(blob)))


def zone_analysis(params: Mapping[str, np.ndarray], rand, *, scenario: dict, metrics: Sequence[Sequence], states: int = 31,
                  deadlines: bool = True, monthly: bool = False) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """The zone analysis for one batch of worlds (the sweep runner's ``evaluate``).

    With ``monthly``, also a ``monthly`` table: one row per world and month 0..horizon with the
    series of :data:`zopa.zone.worlds.MONTHLY_SERIES` (columns named without the month).
    """
    from zopa.zone.worlds import MONTHLY_SERIES, column, evaluate_worlds

    prep = _prepared(json.dumps(scenario, sort_keys=True))
    register_zone_metrics(prep.principal_ids)
    W = len(rand)
    wanted = [tuple(m) for m in metrics]
    a, b = prep.principal_ids
    H = prep.scenario.horizon_months
    series = [n.format(a=a, b=b) for n in MONTHLY_SERIES] if monthly else []
    every = wanted + [(n, t) for n in series for t in range(H + 1)]
    values = {k: np.asarray(v, dtype=float) for k, v in params.items()}
    if values:
        table = evaluate_worlds(prep, values, metrics=every, states=states, deadlines=deadlines)
    else:  # a certain scenario: every world is the same
        one = evaluate_worlds(prep, {}, metrics=every, states=states, deadlines=deadlines)
        table = one.loc[np.zeros(W, dtype=int)].reset_index(drop=True)
    results = table[list(dict.fromkeys(column(n, t) for n, t in wanted))]
    if not monthly:
        return results
    long = {"world": np.repeat(np.asarray(rand.world), H + 1), "month": np.tile(np.arange(H + 1), W)}
    for n in series:
        long[n.replace(".", "_")] = table[[column(n, t) for t in range(H + 1)]].to_numpy().ravel()
    return {"results": results, "monthly": pd.DataFrame(long)}


def register_zone_metrics(principals: Sequence[str], catalogue: MetricCatalogue | None = None) -> None:
    """Register the zone metrics (``p_deal_by``, ``delay_gain.RU``, ...) in a sweep catalogue."""
    from zopa.zone.metrics import names
    from zopa.zone.worlds import column

    cat = CATALOGUE if catalogue is None else catalogue
    for name, m in names(principals).items():
        col = column(name, 0).rsplit("_m0", 1)[0] + "_m{at}" if m.needs_at else column(name, None)
        cat.register(name, m.description, m.unit, col, replace=True)


def _month(s: Scenario, at: Any) -> int | None:
    if at is None:
        return None
    if isinstance(at, int | float):
        return int(round(at))
    from zopa.zone.inputs import month_of

    return int(round(month_of(s, at.date)))


def claims_of(s: Scenario) -> list[Claim]:
    """The scenario's claims as sweep claims (``at`` dates become months from the start)."""
    out = []
    for c in s.claims:
        data = c.model_dump(exclude_none=True)
        data["at"] = _month(s, c.at)
        for key in ("also", "when"):
            data[key] = [{**p.model_dump(exclude_none=True), "at": _month(s, p.at)} for p in getattr(c, key)]
            data[key] = [{k: v for k, v in d.items() if v is not None} for d in data[key]]
        if isinstance(data.get("source"), list):
            data["source"] = ", ".join(data["source"])
        data.setdefault("source", "scenario")
        out.append(Claim.model_validate({k: v for k, v in data.items() if k in Claim.model_fields and v is not None}))
    if out:
        _check_readable(s, out)
    return out


def _check_readable(s: Scenario, claims: Sequence[Claim]) -> None:
    """Read the claims from an empty table with the columns a zone sweep of ``s`` writes, so that a
    claim the engine cannot read stops everything with an InputError naming the scenario and the
    claim (exit 2), not a ValueError halfway through a sweep. The loader already reports such claims
    with file:line; this catches scenarios built in code."""
    from zopa.errors import InputError, Problem
    from zopa.sweep.claims import check_claims, evaluate_claims
    from zopa.zone.worlds import column, inputs_of

    cat = MetricCatalogue()
    register_zone_metrics([a.id for a in s.principals], cat)
    problems = check_claims(claims, cat)
    if not problems:
        cols = [column(n, at) for n, at in zone_metrics_for(s, claims)] + [f"input.{k}" for k in inputs_of(s)]
        table = pd.DataFrame(columns=cols, dtype=float)
        for i, claim in enumerate(claims):
            try:
                evaluate_claims(table, [claim], cat)
            except ValueError as err:
                problems.append(f"claims[{i}]: {err}")
    if problems:
        raise InputError([Problem(s.id, None, None, *p.split(": ", 1)) for p in problems])


def zone_metrics_for(s: Scenario, claims: Sequence[Claim] = ()) -> list[tuple[str, int | None]]:
    """The default world metrics plus every (metric, month) the claims read."""
    from zopa.zone.inputs import _principals
    from zopa.zone.metrics import CATALOGUE as ZONE
    from zopa.zone.worlds import DEFAULT_METRICS

    p = _principals(s)
    a, b = s.actors[p[0]].id, s.actors[p[1]].id
    out = [(n.format(a=a, b=b), at) for n, at in DEFAULT_METRICS]
    for c in claims:
        for pred in (c, *c.also, *c.when):
            if pred.metric.startswith("input:"):
                continue
            base = pred.metric.split(".")[0]
            if base not in ZONE:
                continue
            at = pred.at if ZONE[base].needs_at else None
            if ZONE[base].needs_at and at is None:
                at = 60 if base == "p_breakdown_within" else 0
            if (pred.metric, at) not in out:
                out.append((pred.metric, at))
    return out


def sweep_zone(
    s: Scenario,
    *,
    worlds: int = 1000,
    seed: int = 0,
    method: str = "mc",
    states: int = 31,
    deadlines: bool = True,
    monthly: bool = False,
    **run_options,
):
    """Sweep the zone analysis of ``s`` over ``worlds`` sampled worlds (see :func:`zopa.sweep.run`);
    ``monthly`` adds the month-by-month ``monthly`` table (see :func:`zone_analysis`)."""
    from zopa.sweep.runner import run
    from zopa.zone.analyze import prepare
    from zopa.zone.worlds import inputs_of

    prep = prepare(s)
    register_zone_metrics(prep.principal_ids)
    claims = claims_of(s)
    metrics = zone_metrics_for(s, claims)
    params = {"scenario": scenario_data(s), "metrics": [list(m) for m in metrics], "states": states, "deadlines": deadlines}
    if monthly:  # only when asked: the sweep's identity (its hash) stays as before without it
        params["monthly"] = True
    return run(zone_analysis, inputs_of(s), worlds, seed, params=params, method=method, claims=claims, **run_options)


def fingerprint_scenario(s: Scenario) -> str:
    """A short hash of the scenario data the sweep uses."""
    return hashlib.sha256(json.dumps(scenario_data(s), sort_keys=True).encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------- forecast sweeps
def _forecast_inputs(s: Scenario) -> dict:
    """Uncertain positions, saliences and capabilities (the forecasting models' inputs)."""
    from zopa.scenario.paths import uncertain

    keep = {}
    for k, q in uncertain(s).items():
        parts = k.split(".")
        if parts[0] == "actors" and (parts[-1] in {"position", "salience"} or parts[2:] == ["capability"]):
            keep[k] = q
    return keep


def forecast_analysis(params: Mapping[str, np.ndarray], rand, *, scenario: dict) -> pd.DataFrame:
    """Per world: the compromise (capability x salience weighted mean, Achen 2006) and weighted
    median forecast on every issue, with sampled positions, saliences and capabilities, and the
    plan closest to the compromise (mean distance over issues, each normalised by its range)."""
    from zopa.forecast.scenario import from_scenario

    s = Scenario.model_validate(scenario)
    inp = from_scenario(s)
    W = len(rand)
    pos = np.broadcast_to(inp.position, (W, *inp.position.shape)).copy()  # (W, actors, issues)
    sal = np.broadcast_to(inp.salience, (W, *inp.salience.shape)).copy()
    cap = np.broadcast_to(np.asarray(inp.capability, float).reshape(len(inp.actors), -1), (W, len(inp.actors), 1)).copy()
    a_index = {a: k for k, a in enumerate(inp.actors)}
    i_index = {i: k for k, i in enumerate(inp.issues)}
    for path, v in params.items():
        parts = path.split(".")
        k = a_index.get(parts[1])
        if k is None:
            continue
        if parts[2] == "capability":
            cap[:, k, :] = np.asarray(v)[:, None]
        elif parts[2] == "issues" and parts[3] in i_index:
            target = pos if parts[-1] == "position" else sal
            target[:, k, i_index[parts[3]]] = v
    w = np.where(np.isnan(pos), 0.0, np.nan_to_num(sal) * cap)
    x = np.nan_to_num(pos)
    comp = (w * x).sum(axis=1) / np.where(w.sum(axis=1) > 0, w.sum(axis=1), np.nan)
    order = np.argsort(np.where(np.isnan(pos), np.inf, pos), axis=1)
    xs = np.take_along_axis(x, order, axis=1)
    ws = np.take_along_axis(w, order, axis=1)
    cw = np.cumsum(ws, axis=1)
    half = cw[:, -1:, :] / 2
    k_med = np.clip((cw < half - 1e-12).sum(axis=1), 0, len(inp.actors) - 1)
    med = np.take_along_axis(xs, k_med[:, None, :], axis=1)[:, 0, :]
    out = {}
    for j, iss in enumerate(inp.issues):
        out[f"compromise.{iss}"] = comp[:, j]
        out[f"median.{iss}"] = med[:, j]
    if s.plans:
        from zopa.scenario.compile import compile_model

        m = compile_model(s)
        ids, X = m.plans_matrix()
        cols = [inp.issues.index(i) if i in inp.issues else None for i in m.issues]
        span = np.where(m.hi > m.lo, m.hi - m.lo, 1.0)
        d = np.zeros((W, len(ids)))
        cnt = 0
        for t, c in enumerate(cols):
            if c is None:
                continue
            d += np.abs(comp[:, c][:, None] - X[None, :, t]) / span[t]
            cnt += 1
        out["closest_plan"] = np.array(ids, dtype=object)[np.nanargmin(d, axis=1)] if cnt else ""
        for j, pid in enumerate(ids):
            out[f"plan_distance.{pid}"] = d[:, j] / max(cnt, 1)
    return pd.DataFrame(out)


# ---------------------------------------------------------------------------- simulation sweeps
#: the strategies of the first and second belligerent when a simulation sweep is given none
DEFAULT_STRATEGIES = ("boulware", "linear")


def simulate_strategies(s: Scenario, given: Mapping[str, str] | None = None) -> dict[str, str]:
    """The parties of a simulation sweep and their strategies, in moving order.

    With two or more parties given, exactly those; with fewer, the belligerents not given join
    with their defaults (:data:`DEFAULT_STRATEGIES`: the first boulware, the second linear).

    Examples
    --------
    >>> import zopa
    >>> s = zopa.load("textbook")
    >>> simulate_strategies(s), simulate_strategies(s, {"B": "tough"})
    ({'A': 'boulware', 'B': 'linear'}, {'B': 'tough', 'A': 'boulware'})
    """
    given = dict(given or {})
    if len(given) >= 2:
        return given
    defaults = dict(zip((a.id for a in s.principals), DEFAULT_STRATEGIES, strict=False))
    return {**given, **{a: strat for a, strat in defaults.items() if a not in given}}


def _sim_inputs(s: Scenario, parties: Sequence[str]) -> dict:
    """The uncertain reservation values of the parties (or of the principals they act for)."""
    from zopa.scenario.paths import uncertain

    principal = {a.id: a.principal or a.id for a in s.actors}
    owners = set(parties) | {principal.get(a, a) for a in parties}
    return {k: q for k, q in uncertain(s).items()
            if k.startswith("actors.") and k.endswith(".reservation") and k.split(".")[1] in owners}


def simulate_analysis(params: Mapping[str, np.ndarray], rand, *, scenario: dict, strategies: dict, steps: int = 100,
                      protocol: str = "sao") -> pd.DataFrame:
    """Per world: one negotiation session with the world's reservation values (sampled where
    uncertain), the given strategies and protocol; the session's random streams are those of
    its world number."""
    from zopa.sim.engine import simulate

    s = Scenario.model_validate(scenario)
    d = _sim_domain(json.dumps(scenario, sort_keys=True), tuple(strategies))
    W = len(rand)
    actors = list(strategies)
    res = np.tile(np.array([d.reservation[d.index(a)] for a in actors], float), (W, 1))
    principal = {a.id: a.principal or a.id for a in s.actors}
    for path, v in params.items():
        owner = path.split(".")[1]
        for j, a in enumerate(actors):
            if a == owner or principal.get(a) == owner:
                res[:, j] = v
    first = int(rand.world[0]) if len(rand.world) else 0
    r = simulate(d, strategies, protocol=protocol, steps=steps, runs=W, seed=rand.seed,
                 reservation=res, first_session=first)
    return r.runs.drop(columns=["run", "outcome"], errors="ignore").reset_index(drop=True)


@functools.lru_cache(maxsize=4)
def _sim_domain(blob: str, actors: tuple[str, ...]):
    from zopa.sim.scenario import from_scenario

    return from_scenario(Scenario.model_validate(json.loads(blob)), actors=list(actors))


def sweep_analysis(
    s: Scenario,
    analysis: str = "zone",
    *,
    worlds: int = 1000,
    seed: int = 0,
    method: str = "mc",
    strategies: dict | None = None,
    steps: int = 100,
    protocol: str = "sao",
    monthly: bool = False,
    **run_options,
):
    """Sweep ``analysis`` (zone, forecast or simulate) over sampled worlds of ``s`` (``monthly``: the
    zone's month-by-month table as well)."""
    from zopa.sweep.runner import run

    if analysis == "zone":
        return sweep_zone(s, worlds=worlds, seed=seed, method=method, monthly=monthly, **run_options)
    if monthly:
        raise ValueError("monthly detail is for the zone analysis (--analysis zone)")
    if analysis == "forecast":
        inputs = _forecast_inputs(s)
        return run(forecast_analysis, inputs, worlds, seed, params={"scenario": scenario_data(s)}, method=method, **run_options)
    if analysis == "simulate":
        strategies = simulate_strategies(s, strategies)
        params = {"scenario": scenario_data(s), "strategies": strategies, "steps": steps, "protocol": protocol}
        return run(simulate_analysis, _sim_inputs(s, list(strategies)), worlds, seed, params=params, method=method, **run_options)
    raise ValueError(f"analysis must be zone, forecast or simulate; got {analysis!r}")


def sampled_inputs(s: Scenario, analysis: str, strategies: Mapping[str, str] | None = None) -> list[str]:
    """The uncertain inputs (dotted paths) a sweep of ``analysis`` samples; the others stay nominal."""
    if analysis == "zone":
        from zopa.zone.worlds import inputs_of

        return list(inputs_of(s))
    if analysis == "forecast":
        return list(_forecast_inputs(s))
    if analysis == "simulate":
        return list(_sim_inputs(s, list(simulate_strategies(s, strategies))))
    raise ValueError(f"analysis must be zone, forecast or simulate; got {analysis!r}")


#: what each analysis samples, in words
_SAMPLES = {"zone": "the battlefield, costs, patience, levers, deadlines and durability",
            "forecast": "the actors' positions, saliences and capabilities",
            "simulate": "the parties' reservation values"}


def sweep_notes(s: Scenario, analysis: str, strategies: Mapping[str, str] | None = None) -> list[str]:
    """What a sweep of ``analysis`` samples, in words: which inputs, or that every world is the same.

    Examples
    --------
    >>> import zopa
    >>> sweep_notes(zopa.load("textbook"), "forecast")
    ["no input of the forecast analysis (the actors' positions, saliences and capabilities) is uncertain in textbook: every world is the same (give one a dist to sample it)"]
    """
    from zopa.scenario.paths import uncertain

    inputs = sampled_inputs(s, analysis, strategies)
    if not inputs:
        same = "every world is the same" + (" but for the strategies' own random draws" if analysis == "simulate" else "")
        return [f"no input of the {analysis} analysis ({_SAMPLES[analysis]}) is uncertain in {s.id}: {same} "
                "(give one a dist to sample it)"]
    if analysis == "zone":  # the zone's inputs are listed as the input.<path> columns of its results
        return []
    rest = len(uncertain(s)) - len(inputs)
    notes = [f"{analysis} samples {len(inputs)} uncertain input(s), {_SAMPLES[analysis]}: {', '.join(inputs)}"]
    if rest and analysis != "zone":
        notes.append(f"the other {rest} uncertain input(s) of {s.id} stay at their nominal values in this analysis")
    return notes
