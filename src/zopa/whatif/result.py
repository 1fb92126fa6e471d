"""A what-if's result: baseline and what-if side by side, and its JSON (the API's answer).

See docs/reference/json/api.md and schema/json/whatif.schema.json.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from zopa.jsonready import json_ready
from zopa.whatif.levers import Change, Levers, _claim_month, _month_date

if TYPE_CHECKING:  # pragma: no cover
    from zopa.whatif.run import Baseline

__all__ = ["WhatIfResult"]


# ---------------------------------------------------------------------------- the result
def _claim_truth(base: Baseline, table):
    from zopa.sweep.claims import evaluate_claims

    return evaluate_claims(table, base.claims, catalogue=base.catalogue) if base.claims else None


def _claim_values(base: Baseline, table) -> dict[str, np.ndarray]:
    """Each claim's truth in each world of ``table``: 1.0, 0.0, or NaN where a ``when`` condition
    fails (what :func:`zopa.sweep.claims.evaluate_claims` gives, without building a frame of it)."""
    from zopa.sweep.claims import Claim, claim_body

    def conditions():  # each claim's `when` predicates as claims of their own, made once per baseline
        return {c.id: [Claim(id="when", text="when", metric=p.metric, op=p.op, threshold=p.threshold, at=p.at)
                       for p in c.when] for c in base.claims}

    when = _base_part(base, "claim_conditions", conditions)
    out = {}
    for c in base.claims:
        body = claim_body(table, c, base.catalogue)
        cond = np.ones(len(table), dtype=bool)
        for w in when[c.id]:
            cond &= claim_body(table, w, base.catalogue)
        out[c.id] = np.where(cond, body.astype(float), np.nan)
    return out


@functools.lru_cache(maxsize=4096)
def _interval(holds: int, n: int) -> tuple[float, float]:
    from zopa.sweep.claims import binomial_interval

    lo, hi = binomial_interval(holds, n)
    return float(lo), float(hi)


def _truth_values(truth) -> np.ndarray:
    """A claim's truth per world as 1.0, 0.0, or NaN where it does not speak (its ``when`` fails)."""
    return truth.to_numpy(dtype=float, na_value=np.nan)


def _odds(t: np.ndarray) -> dict:
    """Worlds where a claim speaks (not NA), where it holds, the share and its 95% Wilson interval."""
    speaks = ~np.isnan(t)
    n = int(speaks.sum())
    holds = int((t[speaks] == 1.0).sum())
    lo, hi = _interval(holds, n)
    return {"holds": holds, "worlds": n, "share": holds / n if n else None, "low": lo, "high": hi}


def _stats(b: np.ndarray, w: np.ndarray) -> dict:
    b, w = np.asarray(b, float), np.asarray(w, float)
    d = w - b
    ok = ~np.isnan(d)
    n = int(ok.sum())
    mean = float(d[ok].mean()) if n else float("nan")
    half = float(1.959964 * d[ok].std(ddof=1) / math.sqrt(n)) if n > 1 else 0.0
    return {"baseline": float(np.nanmean(b)) if (~np.isnan(b)).any() else None,
            "whatif": float(np.nanmean(w)) if (~np.isnan(w)).any() else None,
            "difference": mean if n else None, "low": mean - half if n else None, "high": mean + half if n else None,
            "share_changed": float(np.mean(np.abs(d[ok]) > 1e-12)) if n else 0.0}


class _Columns:
    """A world table's columns as contiguous float arrays (one copy of the table, then no pandas)."""

    def __init__(self, table):
        self.values = np.ascontiguousarray(table.to_numpy(dtype=float).T)  # (columns, worlds)
        self.index = {c: i for i, c in enumerate(table.columns)}

    def __getitem__(self, col: str) -> np.ndarray:
        return self.values[self.index[col]]

    def means(self, cols: list[str]) -> list[float]:
        return self.values[[self.index[c] for c in cols]].mean(axis=1).tolist()


def _base_part(base: Baseline, key, compute):
    """What a what-if's answer takes from the baseline alone, computed once per baseline."""
    cache = base.cache
    if key not in cache:
        cache[key] = compute()
    return cache[key]


SERIES = ("p_zone_open", "p_deal_by", "p_agreement_by", "war_value.{a}", "war_value.{b}", "settlement_utility.{a}",
          "settlement_utility.{b}")


@dataclass
class WhatIfResult:
    """A what-if and its baseline on the same worlds; :meth:`to_json` is the API's answer
    (documented in docs/reference/json/api.md, schema/json/whatif.schema.json)."""

    scenario: Any
    variant: Any
    base: Baseline
    prep: Any
    table: Any
    changes: list[Change]
    levers: Levers
    by: int
    sim: dict | None

    def _claims(self) -> list[dict]:
        """Each claim's odds in the baseline and the what-if, with a Wilson interval (claims evaluated
        world by world by :func:`zopa.sweep.claims.evaluate_claims`)."""
        s, base = self.scenario, self.base
        known = {c.id for c in base.claims}
        tb_all = _base_part(base, "claim_truth", lambda: {k: _truth_values(base.claim_truth[k]) for k in known})
        odds_b = _base_part(base, "claim_odds", lambda: {k: _odds(t) for k, t in tb_all.items()})
        if self.table is base.table:
            tw_all, odds_w = tb_all, odds_b
        else:
            tw_all = _claim_values(base, self.table)
            odds_w = {k: _odds(t) for k, t in tw_all.items()}
        out = []
        for c in s.claims:
            entry = {"id": c.id, "text": c.text, "metric": c.metric, "op": c.op, "threshold": c.threshold,
                     "at": _claim_month(s, c.at), "evaluated": c.id in known}
            if c.id in known:
                tb, tw = tb_all[c.id], tw_all[c.id]
                b, w = dict(odds_b[c.id]), dict(odds_w[c.id])
                both = ~np.isnan(tb) & ~np.isnan(tw)
                flipped = float(np.mean(tb[both] != tw[both])) if both.any() else 0.0
                entry.update(baseline=b, whatif=w, difference=(w["share"] - b["share"]) if b["worlds"] and w["worlds"] else None,
                             flipped=flipped)
            out.append(entry)
        return out

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data."""
        from zopa.scenario.load import scenario_hash
        from zopa.whatif.changes import variant_hash

        s, base = self.scenario, self.base
        B = _base_part(base, "columns", lambda: _Columns(base.table))
        W = B if self.table is base.table else _Columns(self.table)
        a, b = base.prep.principal_ids
        H = s.horizon_months
        names = {x.id: x.name for x in s.actors}
        months = list(range(H + 1))
        series = {}
        for sid in (x.format(a=a, b=b) for x in SERIES):
            cols = [f"{sid.replace('.', '_')}_m{t}" for t in months]
            series[sid] = {"baseline": _base_part(base, ("series", sid), lambda cols=cols: B.means(cols)), "whatif": W.means(cols)}
        by = self.by
        metric_rows = [
            ("p_zone_open", "p_zone_open_m0", "Chance the zone of agreement is open now", "probability"),
            ("p_deal_by", f"p_deal_by_m{by}", f"Chance a deal both prefer to fighting on has become possible by {_month_date(s, by)}", "probability"),
            ("p_agreement_by", f"p_agreement_by_m{by}", f"Chance the bargaining equilibrium has struck a deal by {_month_date(s, by)}", "probability"),
            (f"war_value.{a}", f"war_value_{a}_m0", f"{names[a]}: value of fighting on now", "utility per month"),
            (f"war_value.{b}", f"war_value_{b}_m0", f"{names[b]}: value of fighting on now", "utility per month"),
            (f"settlement_utility.{a}", f"settlement_utility_{a}_m0", f"{names[a]}: equilibrium value of bargaining now", "utility per month"),
            (f"settlement_utility.{b}", f"settlement_utility_{b}_m0", f"{names[b]}: equilibrium value of bargaining now", "utility per month"),
            (f"delay_gain.{a}", f"delay_gain_{a}", f"{names[a]}: gain per month of delay", "utility per month per month"),
            (f"delay_gain.{b}", f"delay_gain_{b}", f"{names[b]}: gain per month of delay", "utility per month per month"),
            ("p_breakdown_within", "p_breakdown_within_m60", "Chance the settlement breaks down within 5 years", "probability"),
            ("commitment_problem", "commitment_problem_m0", "Share of worlds where a commitment problem blocks a durable deal now", "share"),
        ]
        metrics = [{"id": mid, "column": col, "label": label, "unit": unit, **_stats(B[col], W[col])} for mid, col, label, unit in metric_rows]

        # settlement terms at the mean equilibrium value of the first principal, now
        terms = []
        col = f"settlement_utility_{a}_m0"
        xb = _base_part(base, "terms", lambda: base.prep.frontier.outcome_at(float(base.table[col].mean())))
        xw = xb if self.table is base.table else self.prep.frontier.outcome_at(float(self.table[col].mean()))
        for i, iss in enumerate(s.issues):
            lb, lw = _label(iss, xb[i]), _label(iss, xw[i])
            terms.append({"issue": iss.id, "name": iss.name, "baseline": lb, "whatif": lw, "changed": lb != lw})

        # plans and forecasts: the chance both principals prefer each to fighting on
        rows = []
        for kind, pid, name, u, closest in _base_part(base, "plans", lambda: _plan_items(s, base)):
            row = {"kind": kind, "id": pid, "name": name, "utility": {a: float(u[0]), b: float(u[1])}, "closest_plan": closest}
            for t, key in ((0, "now"), (by, "by")):
                inb = _base_part(base, ("acceptable", pid, kind, t), lambda u=u, t=t: _acceptable(u, B, a, b, t))
                inw = inb if W is B else _acceptable(u, W, a, b, t)
                row[f"acceptable_{key}"] = {"baseline": inb, "whatif": inw, "difference": float(inw - inb)}
            rows.append(row)

        claims = self._claims()
        hashes = (_base_part(base, "hash", lambda: scenario_hash(s)),
                  _base_part(base, "hash", lambda: scenario_hash(s)) if self.variant is s else variant_hash(s, self.variant, self.changes))
        out = {
            "scenario": {"id": s.id, "title": s.title, "start": str(s.start), "horizon_months": H,
                         "hash": hashes[0], "whatif_hash": hashes[1]},
            "principals": [{"id": p, "name": names[p]} for p in (a, b)],
            "worlds": base.worlds,
            "seed": base.seed,
            "by": {"month": by, "date": _month_date(s, by).isoformat()},
            "levers": self.levers.model_dump(exclude_none=True),
            "changes": [{"lever": c.lever, "path": c.path, "text": c.text} for c in self.changes],
            "months": {"month": months, "date": _base_part(base, "dates", lambda: [_month_date(s, t).isoformat() for t in months]),
                       "series": series},
            "metrics": metrics,
            "terms": terms,
            "plans": rows,
            "claims": claims,
            "simulation": {"baseline": base.sim, "whatif": self.sim} if self.sim is not None else None,
        }
        out["verdict"] = _verdict(out)
        return json_ready(out)


def _plan_items(s, base: Baseline) -> list[tuple[str, str, str, np.ndarray, str | None]]:
    """The plans and the forecasts: (kind, id, name, the two principals' utilities, closest plan)."""
    prep = base.prep
    plan_names = {p.id: p.name for p in s.plans}
    items = [("plan", pid, plan_names.get(pid, pid), prep.plan_utility[j], None) for j, pid in enumerate(prep.plan_ids)]
    if base.forecasts:
        X = np.stack([x for _, x in base.forecasts])
        U = prep.model.utility(X)[:, list(prep.principals)]
        items += [("forecast", m, f"{m} model's forecast", U[j], base.closest.get(m)) for j, (m, _) in enumerate(base.forecasts)]
    return items


def _acceptable(u: np.ndarray, cols: _Columns, a: str, b: str, t: int) -> float:
    """Share of worlds where both principals prefer utilities ``u`` to fighting on at month ``t``."""
    ok = (u[0] >= cols[f"war_value_{a}_m{t}"] - 1e-12) & (u[1] >= cols[f"war_value_{b}_m{t}"] - 1e-12)
    return float(ok.mean())


def _pct(x) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def _verdict(r: dict) -> list[str]:
    """The what-if's main effects in sentences, biggest first."""
    m = {x["id"]: x for x in r["metrics"]}
    if not r["changes"]:
        return ["No lever moved: the what-if is the scenario itself."]
    out = []
    d = m["p_deal_by"]
    if abs(d["difference"] or 0) >= 0.005:
        out.append(f"A deal both sides prefer to fighting on becomes possible by {r['by']['date']} in {_pct(d['whatif'])} of "
                   f"worlds, against {_pct(d['baseline'])} in the scenario ({100 * d['difference']:+.0f} points, 95% interval "
                   f"{100 * d['low']:+.0f} to {100 * d['high']:+.0f}).")
    else:
        out.append(f"The chance that a deal both sides prefer to fighting on is possible by {r['by']['date']} does not change "
                   f"({_pct(d['baseline'])} of worlds).")
    for p in r["principals"]:
        w = m[f"war_value.{p['id']}"]
        if abs(w["difference"] or 0) >= 0.0005:
            verb = "rises" if w["difference"] > 0 else "falls"
            out.append(f"{p['name']}'s value of fighting on now {verb} from {w['baseline']:.3f} to {w['whatif']:.3f} (utility per month, 0-1 scale).")
    e = [m[f"settlement_utility.{p['id']}"] for p in r["principals"]]
    if any(abs(x["difference"] or 0) >= 0.0005 for x in e):
        a, b = r["principals"]
        toward = b["name"] if (e[1]["difference"] or 0) > (e[0]["difference"] or 0) else a["name"]
        out.append(f"Equilibrium values now: {a['id']} {e[0]['baseline']:.3f} -> {e[0]['whatif']:.3f}, {b['id']} "
                   f"{e[1]['baseline']:.3f} -> {e[1]['whatif']:.3f}: the expected settlement moves toward {toward}.")
    terms = [t for t in r["terms"] if t["changed"]]
    if terms:
        out.append("Settlement terms that change: " + "; ".join(f"{t['name']}: {t['baseline']} -> {t['whatif']}" for t in terms[:3]) + ".")
    plans = sorted((p for p in r["plans"] if abs(p["acceptable_now"]["difference"]) >= 0.05),
                   key=lambda p: -abs(p["acceptable_now"]["difference"]))
    if plans:
        out.append("Both sides prefer to fighting on now: " + "; ".join(
            f"{p['name']} in {_pct(p['acceptable_now']['whatif'])} of worlds (scenario {_pct(p['acceptable_now']['baseline'])})"
            for p in plans[:3]) + ".")
    moved = sorted((c for c in r["claims"] if c.get("evaluated") and abs(c["difference"] or 0) >= 0.05), key=lambda c: -abs(c["difference"]))
    for c in moved[:2]:
        out.append(f"Claim '{c['id']}' holds in {_pct(c['whatif']['share'])} of worlds (scenario {_pct(c['baseline']['share'])}).")
    sim = r["simulation"]
    if sim and sim["whatif"] and sim["baseline"] and abs(sim["whatif"]["p_agreement"] - sim["baseline"]["p_agreement"]) >= 0.01:
        out.append(f"Simulated talks end in a deal in {_pct(sim['whatif']['p_agreement'])} of sessions "
                   f"(scenario {_pct(sim['baseline']['p_agreement'])}).")
    if len(out) == 1 and "does not change" in out[0]:
        out.append("None of the measures shown moves by a visible amount.")
    return out


def _label(iss, x: float) -> str:
    """A readable value of an issue: an option's label, or a number rounded to the issue's step."""
    if iss.kind == "ordinal":
        return iss.label(x).replace("_", " ")
    v = round(x / iss.step) * iss.step if iss.step else float(f"{x:.3g}")
    return f"{v:g}" + (f" {iss.unit}" if iss.unit else "")
