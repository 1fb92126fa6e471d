"""How often the scenario's claims hold, and what they hinge on (``zopa claims``).

:func:`claims_report` samples the scenario's uncertain inputs, runs the zone analysis in
every world, evaluates each claim (:mod:`zopa.sweep.claims`) and gives the share of worlds
where it holds with a Wilson interval. Then, for each claim, Morris screening over every
uncertain input of the metric the claim reads (a continuous value, so the screening sees
effects that a 0/1 truth value would hide), and Sobol' indices on the leading inputs
(:mod:`zopa.sweep.sensitivity`).

Examples
--------
>>> import zopa
>>> r = claims_report(zopa.load("tests/data/good.yaml"), worlds=64, sensitivity=False)
>>> r.odds[["id", "worlds"]].values.tolist()
[['c1', 64]]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from zopa.scenario.model import Scenario

__all__ = ["ClaimsResult", "claims_report"]


@dataclass
class ClaimsResult:
    """The claims' odds and sensitivity.

    Attributes
    ----------
    odds : DataFrame
        One row per claim: ``id``, ``text``, ``source``, ``metric``, ``at``, ``op``, ``threshold``,
        ``worlds``, ``holds``, ``share``, ``low``, ``high`` (95% Wilson interval), ``metric_mean``,
        ``metric_p05``, ``metric_p95`` (the metric's spread over the worlds).
    sensitivity : DataFrame
        One row per (claim, input): Morris ``mu_star`` and ``rank``; Sobol' ``S1`` and ``ST`` for the
        leading inputs (NaN for the others).
    """

    scenario: str
    worlds: int
    seed: int
    method: str
    odds: pd.DataFrame
    sensitivity: pd.DataFrame = field(default_factory=pd.DataFrame)
    inputs: list[str] = field(default_factory=list)

    def top_inputs(self, claim_id: str, k: int = 3) -> list[str]:
        if self.sensitivity.empty:
            return []
        t = self.sensitivity[self.sensitivity.claim == claim_id].sort_values("rank")
        t = t[t.mu_star > 0]
        return t["input"].head(k).tolist()

    def summary_lines(self) -> list[str]:
        lines = []
        for r in self.odds.itertuples():
            hinge = self.top_inputs(r.id, 2)
            extra = f"; it hinges most on {' and '.join(hinge)}" if hinge else ""
            lines.append(f"Claim \u201c{_short(r.text)}\u201d ({r.id}) holds in {100 * r.share:.0f}% of {r.worlds} sampled worlds "
                         f"(95% interval {100 * r.low:.0f}-{100 * r.high:.0f}%){extra}.")
        return lines

    def to_json(self) -> dict:
        def rec(df):
            return df.replace({np.nan: None}).to_dict(orient="records")

        return {"scenario": self.scenario, "worlds": self.worlds, "seed": self.seed, "method": self.method,
                "inputs": self.inputs, "claims": rec(self.odds), "sensitivity": rec(self.sensitivity)}


def _short(text: str, n: int = 90) -> str:
    text = text.strip().strip('"')
    return text if len(text) <= n else text[: n - 1] + "\u2026"


def claims_report(
    s: Scenario,
    *,
    worlds: int = 2000,
    seed: int = 0,
    method: str = "mc",
    sensitivity: bool = True,
    trajectories: int = 10,
    top: int = 3,
    sobol_n: int = 256,
    executor: str = "serial",
    progress=False,
    **run_options,
) -> ClaimsResult:
    """The odds of every claim of ``s`` over ``worlds`` sampled worlds, and what each hinges on."""
    from zopa.errors import InputError, Problem
    from zopa.sweep.claims import claim_odds
    from zopa.sweep.metrics import CATALOGUE
    from zopa.sweep.scenario import claims_of, sweep_zone
    from zopa.zone.worlds import inputs_of

    claims = claims_of(s)
    if not claims:
        raise InputError([Problem(s.id, None, None, "claims", "the scenario states no claims", "add a claims section")])
    res = sweep_zone(s, worlds=worlds, seed=seed, method=method, executor=executor, progress=progress, **run_options)
    table = res.to_pandas()
    odds = claim_odds(table, claims)
    extra = []
    for c in claims:
        v = np.asarray(CATALOGUE.get(c.metric).values(table, c.at), dtype=float)
        extra.append({"id": c.id, "at": c.at, "op": c.op, "threshold": c.threshold,
                      "metric_mean": float(np.nanmean(v)), "metric_p05": float(np.nanpercentile(v, 5)),
                      "metric_p95": float(np.nanpercentile(v, 95))})
    odds = odds.merge(pd.DataFrame(extra), on="id")
    cols = ["id", "text", "source", "metric", "at", "op", "threshold", "worlds", "holds", "share", "low", "high",
            "metric_mean", "metric_p05", "metric_p95"]
    odds = odds[[c for c in cols if c in odds.columns]]
    odds[["share", "low", "high"]] = odds[["share", "low", "high"]].astype(float).round(6)
    inputs = inputs_of(s)
    sens = pd.DataFrame()
    if sensitivity and inputs:
        sens = _sensitivity(s, claims, inputs, seed, trajectories, top, sobol_n)
    return ClaimsResult(s.id, worlds, seed, method, odds, sens, list(inputs))


def _sensitivity(s, claims, inputs, seed, trajectories, top, sobol_n) -> pd.DataFrame:
    from zopa.sweep.metrics import CATALOGUE
    from zopa.sweep.scenario import scenario_data, zone_analysis, zone_metrics_for
    from zopa.sweep.sensitivity import morris, sobol

    fixed = {"scenario": scenario_data(s), "metrics": [list(m) for m in zone_metrics_for(s, claims)]}
    readable = [c for c in claims if not c.metric.startswith("input:")]

    def outputs(p, rand):
        table = zone_analysis(p, rand, **fixed).assign(**{f"input.{k}": v for k, v in p.items()})
        return pd.DataFrame({c.id: np.asarray(CATALOGUE.get(c.metric).values(table, c.at), dtype=float) for c in readable})

    m = morris(outputs, inputs, trajectories=trajectories, seed=seed)
    m = m.rename(columns={"output": "claim"})
    rows = []
    for c in readable:
        mc = m[m.claim == c.id].copy()
        lead = mc[mc.mu_star > 0].sort_values("rank")["input"].head(top).tolist()
        if lead and sobol_n:
            sb = sobol(lambda p, rand, cid=c.id: outputs(p, rand)[[cid]], inputs, n=sobol_n, seed=seed, include=lead)
            mc = mc.merge(sb.rename(columns={"output": "claim"}), on=["claim", "input"], how="left")
        rows.append(mc)
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    keep = ["claim", "input", "mu_star", "mu_star_conf", "sigma", "rank", "S1", "S1_conf", "ST", "ST_conf"]
    for k in keep:
        if k not in out.columns:
            out[k] = np.nan
    return out[keep].sort_values(["claim", "rank"]).reset_index(drop=True)
