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

__all__ = ["zone_analysis", "register_zone_metrics", "claims_of", "zone_metrics_for", "sweep_zone", "scenario_data"]


def scenario_data(s: Scenario) -> dict:
    """The scenario as plain JSON-ready data (what a sweep ships to its workers)."""
    return s.model_dump(mode="json", exclude_none=True)


@functools.lru_cache(maxsize=8)
def _prepared(blob: str):
    from zopa.scenario.model import Scenario
    from zopa.zone.analyze import prepare

    return prepare(Scenario.model_validate(json.loads(blob)))


def zone_analysis(params: Mapping[str, np.ndarray], rand, *, scenario: dict, metrics: Sequence[Sequence], states: int = 31,
                  deadlines: bool = True) -> pd.DataFrame:
    """The zone analysis for one batch of worlds (the sweep runner's ``evaluate``)."""
    from zopa.zone.worlds import evaluate_worlds

    prep = _prepared(json.dumps(scenario, sort_keys=True))
    register_zone_metrics(prep.principal_ids)
    W = len(rand)
    values = {k: np.asarray(v, dtype=float) for k, v in params.items()}
    if not values:  # a certain scenario: every world is the same
        one = evaluate_worlds(prep, {}, metrics=[tuple(m) for m in metrics], states=states, deadlines=deadlines)
        return one.loc[np.zeros(W, dtype=int)].reset_index(drop=True)
    return evaluate_worlds(prep, values, metrics=[tuple(m) for m in metrics], states=states, deadlines=deadlines)


def register_zone_metrics(principals: Sequence[str], catalogue: MetricCatalogue | None = None) -> None:
    """Register the zone metrics (``p_deal_by``, ``delay_gain.RU``, ...) in a sweep catalogue."""
    from zopa.zone.metrics import CATALOGUE as ZONE
    from zopa.zone.metrics import PER_PRINCIPAL
    from zopa.zone.worlds import column

    cat = CATALOGUE if catalogue is None else catalogue
    for m in ZONE.values():
        names = [f"{m.name}.{a}" for a in principals] if m.name in PER_PRINCIPAL else [m.name]
        for name in names:
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
        if isinstance(data.get("source"), list):
            data["source"] = ", ".join(data["source"])
        data.setdefault("source", "scenario")
        out.append(Claim.model_validate({k: v for k, v in data.items() if k in Claim.model_fields and v is not None}))
    return out


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
    **run_options,
):
    """Sweep the zone analysis of ``s`` over ``worlds`` sampled worlds (see :func:`zopa.sweep.run`)."""
    from zopa.sweep.runner import run
    from zopa.zone.analyze import prepare
    from zopa.zone.worlds import inputs_of

    prep = prepare(s)
    register_zone_metrics(prep.principal_ids)
    claims = claims_of(s)
    metrics = zone_metrics_for(s, claims)
    params = {"scenario": scenario_data(s), "metrics": [list(m) for m in metrics], "states": states, "deadlines": deadlines}
    return run(zone_analysis, inputs_of(s), worlds, seed, params=params, method=method, claims=claims, **run_options)


def fingerprint_scenario(s: Scenario) -> str:
    """A short hash of the scenario data the sweep uses."""
    return hashlib.sha256(json.dumps(scenario_data(s), sort_keys=True).encode()).hexdigest()[:12]
