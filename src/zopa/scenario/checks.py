"""Cross-reference and provenance checks of a scenario.

:func:`check_references` works on the raw parsed data (so it runs even when
other parts of the file fail to validate) and finds: duplicate ids, references
to undefined sources, actors, issues, plans and options, values outside an
issue's scale, quantities outside their allowed range, plans amending later or
circular plans, claims naming metrics the claims engine does not have (or leaving
out the month a metric is read at). :func:`check_claim_inputs` checks, on the
validated scenario, that ``input:<path>`` metrics name an input the zone sweep
samples. :func:`check_provenance` (``zopa validate --strict``) finds
facts without a source and judgements without a rationale.

Each problem is a tuple ``(path, message, hint)``; the loader adds file and line.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Iterator
from typing import Any

from zopa.scenario.model import Scenario, _parse_partial

Path_ = tuple[str | int, ...]
Issue_ = tuple[Path_, str, str]

__all__ = ["check_references", "check_provenance", "check_claim_inputs"]


def _hint(name: str, known: list) -> str:
    known = [str(k) for k in known if isinstance(k, str | int | float)]
    close = difflib.get_close_matches(str(name), known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"known: {', '.join(known[:12])}{' ...' if len(known) > 12 else ''}" if known else "none are defined"


def _seq(v: Any) -> list:
    """``v`` if it is a list, else an empty list (malformed parts are reported by the model)."""
    return v if isinstance(v, list) else []


def _opts(iss: dict) -> list[str] | None:
    """An issue's option ids (strings only), or None for a continuous issue."""
    opts = iss.get("options")
    return [o for o in opts if isinstance(o, str)] if isinstance(opts, list) else None


def _list(raw: dict, key: str) -> list[tuple[int, dict]]:
    items = raw.get(key)
    if not isinstance(items, list):
        return []
    return [(i, x) for i, x in enumerate(items) if isinstance(x, dict)]


def _ids(raw: dict, key: str) -> list[str]:
    return [str(x["id"]) for _, x in _list(raw, key) if isinstance(x.get("id"), str | int)]


def _num(v: Any) -> float | None:
    """Nominal number of a raw quantity, or None."""
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v) if math.isfinite(v) else None
    if isinstance(v, dict):
        if isinstance(v.get("value"), int | float) and not isinstance(v.get("value"), bool):
            return float(v["value"])
    return None


def _support(v: Any) -> tuple[float, float] | None:
    """The possible range of a raw quantity (nominal for certain ones)."""
    n = _num(v)
    if isinstance(v, dict) and isinstance(v.get("dist"), str):
        from zopa.scenario.quantity import DIST_PARAMS

        d = v["dist"]
        if d not in DIST_PARAMS or any(v.get(k) is None for k in DIST_PARAMS[d][0]):
            return None  # reported by the model
        lo, hi = v.get("low"), v.get("high")
        if d == "uniform" or d == "triangular":
            if isinstance(lo, int | float) and isinstance(hi, int | float):
                return float(lo), float(hi)
        if d == "beta":
            return float(lo if isinstance(lo, int | float) else 0.0), float(hi if isinstance(hi, int | float) else 1.0)
        if d == "normal":
            return (float(lo) if isinstance(lo, int | float) else -math.inf, float(hi) if isinstance(hi, int | float) else math.inf)
        if d == "lognormal":
            return 0.0, math.inf
        return None
    return (n, n) if n is not None else None


def _range_check(path: Path_, v: Any, lo: float, hi: float, what: str) -> Iterator[Issue_]:
    if v is None:
        return
    sup = _support(v)
    if sup is None:
        return
    if sup[0] < lo or sup[1] > hi:
        if sup[0] == sup[1]:
            yield path, f"{what} {sup[0]:g} is outside [{lo:g}, {hi:g}]", ""
        else:
            yield path, f"{what} can fall outside [{lo:g}, {hi:g}]", "bound the distribution with low/high (or use beta/uniform)"


def _date(v: Any) -> dt.date | None:
    try:
        return _parse_partial(v)[0]
    except (ValueError, TypeError):
        return None


# ---------------------------------------------------------------------------- references
def check_references(raw: dict) -> list[Issue_]:
    """Every cross-reference problem in the raw scenario data."""
    if not isinstance(raw, dict):
        return []
    return list(_references(raw))


def _references(raw: dict) -> Iterator[Issue_]:
    # duplicate ids
    for section in ("sources", "issues", "actors", "plans", "events", "claims"):
        seen: dict[str, int] = {}
        for i, item in _list(raw, section):
            ident = item.get("id")
            if ident is None:
                continue
            if str(ident) in seen:
                yield (section, i, "id"), f"duplicate id '{ident}' (also {section}[{seen[str(ident)]}])", "ids must be unique"
            seen.setdefault(str(ident), i)

    sources = _ids(raw, "sources")
    issues = {str(x.get("id")): x for _, x in _list(raw, "issues")}
    actors = _ids(raw, "actors")
    plans = {str(x.get("id")): x for _, x in _list(raw, "plans")}

    # sources cited anywhere
    yield from _source_refs(raw, (), sources, top=True)

    # source dates
    for i, s in _list(raw, "sources"):
        pub, acc = _date(s.get("published")), _date(s.get("accessed"))
        if pub and acc and pub > acc:
            yield ("sources", i, "published"), f"published {pub} is after accessed {acc}", "dates out of order"

    # issues: status quo, war outcome
    bf = raw.get("battlefield") if isinstance(raw.get("battlefield"), dict) else {}
    bf_bounds = bf.get("bounds") if isinstance(bf.get("bounds"), list) and len(bf.get("bounds")) == 2 else [0, 1]
    for i, iss in _list(raw, "issues"):
        base = ("issues", i)
        yield from _value_on_issue(base + ("status_quo",), iss.get("status_quo"), iss)
        wo = iss.get("war_outcome")
        if isinstance(wo, dict):
            if "option" in wo:
                yield from _value_on_issue(base + ("war_outcome", "option"), wo["option"], iss)
            if "value" in wo:
                yield from _value_on_issue(base + ("war_outcome", "value"), wo["value"], iss)
            for k, pt in enumerate(_seq(wo.get("map"))):
                if isinstance(pt, list) and len(pt) == 2:
                    yield from _value_on_issue(base + ("war_outcome", "map", k), pt[1], iss)
                    if isinstance(pt[0], int | float) and not bf_bounds[0] <= pt[0] <= bf_bounds[1]:
                        yield base + ("war_outcome", "map", k), f"battlefield state {pt[0]:g} is outside the battlefield bounds {bf_bounds}", ""
        if isinstance(iss.get("labels"), dict) and _opts(iss) is not None:
            for key in iss["labels"]:
                if key not in _opts(iss):
                    yield base + ("labels", key), f"'{key}' is not an option of issue {iss.get('id')}", _hint(key, _opts(iss))

    # actors
    for i, a in _list(raw, "actors"):
        base = ("actors", i)
        for key in ("principal",):
            if a.get(key) is not None and str(a[key]) not in actors:
                yield base + (key,), f"undefined actor '{a[key]}'", _hint(a[key], actors)
        if a.get("principal") is not None and str(a.get("principal")) == str(a.get("id")):
            yield base + ("principal",), "an actor cannot be its own principal", "leave principal out"
        for key in (a.get("alignment") or {}) if isinstance(a.get("alignment"), dict) else {}:
            if key not in actors:
                yield base + ("alignment", key), f"undefined actor '{key}'", _hint(key, actors)
        stances = a.get("issues") if isinstance(a.get("issues"), dict) else {}
        for iid, stance in stances.items():
            if iid not in issues:
                yield base + ("issues", iid), f"undefined issue '{iid}'", _hint(iid, list(issues))
                continue
            if not isinstance(stance, dict):
                continue
            iss = issues[iid]
            p = base + ("issues", iid)
            if "position" in stance:
                yield from _value_on_issue(p + ("position",), stance["position"], iss)
            if "red_line" in stance:
                yield from _value_on_issue(p + ("red_line",), stance["red_line"], iss)
            yield from _range_check(p + ("salience",), stance.get("salience"), 0, 1, "salience")
            vals = stance.get("values")
            if isinstance(vals, dict):
                opts = _opts(iss)
                if opts is None:
                    yield p + ("values",), "an option table is for ordinal issues", "for a continuous issue give [[x, u], ...] points"
                else:
                    for key in vals:
                        if key not in opts:
                            yield p + ("values", key), f"'{key}' is not an option of issue {iid}", _hint(key, opts)
                    missing = [o for o in opts if o not in vals]
                    if missing:
                        yield p + ("values",), f"no utility for option(s) {', '.join(missing)}", "give a value for every option"
            elif isinstance(vals, list):
                for k, pt in enumerate(vals):
                    if isinstance(pt, list) and len(pt) == 2:
                        yield from _value_on_issue(p + ("values", k), pt[0], iss)
        weights = a.get("weights") if isinstance(a.get("weights"), dict) else {}
        for iid, w in weights.items():
            if iid not in issues:
                yield base + ("weights", iid), f"undefined issue '{iid}'", _hint(iid, list(issues))
            yield from _range_check(base + ("weights", iid), w, 0, math.inf, "weight")
        for iid_i, iid in enumerate(_seq(a.get("vetoes"))):
            if str(iid) not in issues:
                yield base + ("vetoes", iid_i), f"undefined issue '{iid}'", _hint(iid, list(issues))
        yield from _range_check(base + ("reservation",), a.get("reservation"), -math.inf, 1, "reservation value")
        yield from _range_check(base + ("capability",), a.get("capability"), 0, math.inf, "capability")
        yield from _range_check(base + ("discount_rate",), a.get("discount_rate"), 0, 5, "annual discount rate")
        yield from _range_check(base + ("risk_aversion",), a.get("risk_aversion"), -5, 0.99, "risk aversion")
        for k, c in enumerate(_seq(a.get("constraints"))):
            if isinstance(c, dict):
                for j, iid in enumerate(_seq(c.get("issues"))):
                    if str(iid) not in issues:
                        yield base + ("constraints", k, "issues", j), f"undefined issue '{iid}'", _hint(iid, list(issues))
        for k, d in enumerate(_seq(a.get("deadlines"))):
            if isinstance(d, dict):
                yield from _range_check(base + ("deadlines", k, "credibility"), d.get("credibility"), 0, 1, "credibility")
                levers = [str(x.get("id")) for x in _seq(bf.get("levers")) if isinstance(x, dict)]
                for j, ch in enumerate(_seq(d.get("if_no_deal"))):
                    if isinstance(ch, dict) and ch.get("lever") is not None and str(ch["lever"]) not in levers:
                        yield base + ("deadlines", k, "if_no_deal", j, "lever"), f"undefined lever '{ch['lever']}'", _hint(ch["lever"], levers)

    # plans
    for i, plan in _list(raw, "plans"):
        base = ("plans", i)
        b = plan.get("based_on")
        if b is not None:
            if str(b) not in plans:
                yield base + ("based_on",), f"undefined plan '{b}'", _hint(b, list(plans))
            else:
                d0, d1 = _date(plans[str(b)].get("date")), _date(plan.get("date"))
                if d0 and d1 and d1 < d0:
                    yield base + ("date",), f"plan dated {d1} amends '{b}', dated later ({d0})", "dates out of order"
                base_points = [str(p.get("id")) for p in _seq(plans[str(b)].get("points")) if isinstance(p, dict)]
                for k, rid in enumerate(_seq(plan.get("removes"))):
                    if str(rid) not in base_points:
                        yield base + ("removes", k), f"'{b}' has no point '{rid}'", _hint(str(rid), base_points)
        elif plan.get("removes"):
            yield base + ("removes",), "removes needs based_on (the plan whose points it deletes)", ""
        # cycles
        seen_chain, cur = [], plan
        while isinstance(cur, dict) and cur.get("based_on") is not None and str(cur.get("based_on")) in plans:
            nxt = str(cur["based_on"])
            if nxt in seen_chain or nxt == str(plan.get("id")):
                yield base + ("based_on",), f"circular based_on: {' -> '.join([str(plan.get('id')), *seen_chain, nxt])}", ""
                break
            seen_chain.append(nxt)
            cur = plans[nxt]
        pdate = _date(plan.get("date"))
        point_ids: dict[str, int] = {}
        for k, pt in enumerate(_seq(plan.get("points"))):
            if not isinstance(pt, dict):
                continue
            pp = base + ("points", k)
            pid = str(pt.get("id"))
            if pid in point_ids:
                yield pp + ("id",), f"duplicate point '{pid}' in plan {plan.get('id')}", "point ids must be unique in a plan"
            point_ids.setdefault(pid, k)
            for other, other_pt in (pt.get("matches") or {}).items() if isinstance(pt.get("matches"), dict) else []:
                if other not in plans:
                    yield pp + ("matches", other), f"undefined plan '{other}'", _hint(other, list(plans))
                else:
                    ids = [str(x.get("id")) for x in _seq(plans[other].get("points")) if isinstance(x, dict)]
                    if ids and str(other_pt) not in ids:
                        yield pp + ("matches", other), f"plan '{other}' has no point '{other_pt}'", _hint(str(other_pt), ids)
            sets = pt.get("sets") if isinstance(pt.get("sets"), dict) else {}
            for iid, sv in sets.items():
                if iid not in issues:
                    yield pp + ("sets", iid), f"undefined issue '{iid}'", _hint(iid, list(issues))
                    continue
                iss = issues[iid]
                if isinstance(sv, dict):
                    for key in ("value", "option"):
                        if key in sv:
                            yield from _value_on_issue(pp + ("sets", iid, key), sv[key], iss)
                    if isinstance(sv.get("range"), list):
                        for j, x in enumerate(sv["range"]):
                            yield from _value_on_issue(pp + ("sets", iid, "range", j), x, iss)
                    if isinstance(sv.get("dist"), dict):
                        sup = _support(sv["dist"])
                        scale = _scale(iss)
                        if sup and scale and (sup[0] < scale[0] or sup[1] > scale[1]):
                            yield pp + ("sets", iid, "dist"), f"can fall outside the scale of {iid} [{scale[0]:g}, {scale[1]:g}]", "bound it with low/high"
                else:
                    yield from _value_on_issue(pp + ("sets", iid), sv, iss)
            reactions = pt.get("reactions") if isinstance(pt.get("reactions"), dict) else {}
            for aid, r in reactions.items():
                if aid not in actors:
                    yield pp + ("reactions", aid), f"undefined actor '{aid}'", _hint(aid, actors)
                if isinstance(r, dict) and pdate and _date(r.get("date")) and _date(r.get("date")) < pdate:
                    yield pp + ("reactions", aid, "date"), f"reaction dated before the plan ({pdate})", "dates out of order"

    # events
    for i, ev in _list(raw, "events"):
        base = ("events", i)
        for k, part in enumerate(_seq(ev.get("participants"))):
            if isinstance(part, dict) and part.get("actor") is not None and str(part["actor"]) not in actors:
                yield base + ("participants", k, "actor"), f"undefined actor '{part['actor']}'", _hint(part["actor"], actors)
        for k, doc in enumerate(_seq(ev.get("documents"))):
            if str(doc) not in plans:
                yield base + ("documents", k), f"undefined plan '{doc}'", _hint(doc, list(plans))

    # battlefield
    if bf:
        if bf.get("favours") is not None and str(bf["favours"]) not in actors:
            yield ("battlefield", "favours"), f"undefined actor '{bf['favours']}'", _hint(bf["favours"], actors)
        for key in (bf.get("costs") or {}) if isinstance(bf.get("costs"), dict) else {}:
            if key not in actors:
                yield ("battlefield", "costs", key), f"undefined actor '{key}'", _hint(key, actors)
        if isinstance(bf.get("bounds"), list) and len(bf["bounds"]) == 2:
            yield from _range_check(("battlefield", "initial"), bf.get("initial"), bf["bounds"][0], bf["bounds"][1], "initial state")
        yield from _range_check(("battlefield", "volatility"), bf.get("volatility"), 0, math.inf, "volatility")
        for k, lv in enumerate(_seq(bf.get("levers"))):
            if not isinstance(lv, dict):
                continue
            if lv.get("holder") is not None and str(lv["holder"]) not in actors:
                yield ("battlefield", "levers", k, "holder"), f"undefined actor '{lv['holder']}'", _hint(lv["holder"], actors)
            yield from _range_check(("battlefield", "levers", k, "level"), lv.get("level"), 0, math.inf, "lever level")
            eff = lv.get("effect") if isinstance(lv.get("effect"), dict) else {}
            for key in (eff.get("costs") or {}) if isinstance(eff.get("costs"), dict) else {}:
                if key not in actors:
                    yield ("battlefield", "levers", k, "effect", "costs", key), f"undefined actor '{key}'", _hint(key, actors)

    # durability
    dur = raw.get("durability")
    if isinstance(dur, dict):
        yield from _range_check(("durability", "annual_breakdown"), dur.get("annual_breakdown"), 0, 1, "probability")
        gi = dur.get("guarantee_issue")
        if gi is not None:
            if str(gi) not in issues:
                yield ("durability", "guarantee_issue"), f"undefined issue '{gi}'", _hint(gi, list(issues))
            elif isinstance(dur.get("multipliers"), dict):
                opts = _opts(issues[str(gi)]) or []
                for key in dur["multipliers"]:
                    if key not in opts:
                        yield ("durability", "multipliers", key), f"'{key}' is not an option of issue {gi}", _hint(key, opts)

    # claims
    for i, c in _list(raw, "claims"):
        if isinstance(c.get("at"), str) and _date(c["at"]) is None:
            yield ("claims", i, "at"), "not a month number or a date", ""
    yield from _claim_metrics(raw)


def _scale(iss: dict) -> tuple[float, float] | None:
    if isinstance(iss.get("options"), list) and iss.get("options"):
        return 0.0, float(len(iss["options"]) - 1)
    b = iss.get("bounds")
    if isinstance(b, list) and len(b) == 2 and all(isinstance(x, int | float) for x in b) and b[0] < b[1]:
        return float(b[0]), float(b[1])
    return None


def _value_on_issue(path: Path_, v: Any, iss: dict) -> Iterator[Issue_]:
    """A value given on an issue's scale: an option id of an ordinal issue, or a number within range."""
    if v is None:
        return
    opts = _opts(iss)
    iid = iss.get("id")
    if isinstance(v, str):
        if opts is None:
            yield path, f"'{v}' is an option, but issue {iid} is continuous", f"give a number in {iss.get('bounds')}"
        elif v not in opts:
            yield path, f"'{v}' is not an option of issue {iid}", _hint(v, opts)
        return
    scale = _scale(iss)
    if scale is None:
        return
    sup = _support(v)
    if sup is None:
        return
    if sup[0] < scale[0] or sup[1] > scale[1]:
        unit = f" {iss.get('unit')}" if iss.get("unit") else ""
        if sup[0] == sup[1]:
            yield path, f"{sup[0]:g} is outside the scale of {iid} [{scale[0]:g}, {scale[1]:g}]{unit}", ""
        else:
            yield path, f"can fall outside the scale of {iid} [{scale[0]:g}, {scale[1]:g}]", "bound it with low/high"


def _source_refs(node: Any, path: Path_, sources: list[str], top: bool = False) -> Iterator[Issue_]:
    if isinstance(node, dict):
        for key, value in node.items():
            p = (*path, key)
            if top and key == "sources":
                continue  # the definitions
            if key == "source" and isinstance(value, str | list):
                refs = [value] if isinstance(value, str) else value
                for j, ref in enumerate(refs):
                    if isinstance(ref, str) and ref not in sources:
                        yield (p if isinstance(value, str) else (*p, j)), f"undefined source '{ref}'", _hint(ref, sources)
            elif key == "sources" and isinstance(value, list):
                for j, ref in enumerate(value):
                    if isinstance(ref, str) and ref not in sources:
                        yield (*p, j), f"undefined source '{ref}'", _hint(ref, sources)
            else:
                yield from _source_refs(value, p, sources)
    elif isinstance(node, list):
        for j, item in enumerate(node):
            yield from _source_refs(item, (*path, j), sources)


# ---------------------------------------------------------------------------- claims
def _predicates(claim: dict) -> Iterator[tuple[Path_, dict]]:
    """A raw claim's predicates: the claim itself, then its ``also`` and ``when`` tests (relative paths)."""
    yield (), claim
    for key in ("also", "when"):
        for j, pred in _list(claim, key):
            yield (key, j), pred


def _belligerents(raw: dict) -> list[str]:
    """The ids of the actors with role: belligerent (the principals that per-principal metrics name)."""
    return [str(a["id"]) for _, a in _list(raw, "actors") if a.get("role") == "belligerent" and a.get("id") is not None]


def _zone_metric_names(principals: list[str]) -> dict[str, bool]:
    """Every metric name a scenario's claims may use, with whether it is read ``at`` a time.

    The names are those the claims engine registers for the scenario
    (:func:`zopa.sweep.scenario.register_zone_metrics`): the zone metrics of
    :data:`zopa.zone.metrics.CATALOGUE`, principal-specific ones as ``name.ACTOR`` for each
    principal. Imported here, not at the top: the zone analysis is heavy and imports this package.
    """
    from zopa.zone.metrics import names

    return {name: m.needs_at for name, m in names(principals).items()}


def _unknown_metric(name: str, known: dict[str, bool], principals: list[str]) -> tuple[str, str]:
    """Message and hint for a metric name that is not in the catalogue."""
    from zopa.zone.metrics import PER_PRINCIPAL

    base, dot, who = name.partition(".")
    forms = " or ".join(f"{base}.{p}" for p in principals) or f"{base}.<id of a belligerent>"
    if base in PER_PRINCIPAL:
        if not dot:
            return f"metric '{name}' is read per principal", f"write {forms}"
        return f"'{who}' is not a principal (an actor with role: belligerent)", f"write {forms}"
    if dot and base in known:
        return f"metric '{base}' takes no principal", f"write {base}"
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f"did you mean '{close[0]}'?" if close else "see `zopa claims --metrics`, or input:<path> for an uncertain input"
    return f"unknown metric '{name}'", hint


def _claim_metrics(raw: dict) -> Iterator[Issue_]:
    """Claims naming metrics the claims engine does not know, or leaving out a required ``at``."""
    claims = _list(raw, "claims")
    if not claims:
        return
    principals = _belligerents(raw)
    known = _zone_metric_names(principals)
    for i, claim in claims:
        for rel, pred in _predicates(claim):
            path, name = ("claims", i, *rel), pred.get("metric")
            if not isinstance(name, str) or name.startswith("input:"):
                continue  # a wrong type is reported by the model, input paths by check_claim_inputs
            if name not in known:
                yield (*path, "metric"), *_unknown_metric(name, known, principals)
            elif known[name] and pred.get("at") is None:
                yield (*path, "at"), f"metric '{name}' is read at a time: the claim must give at", "a month from the start, or a date"


def check_claim_inputs(s: Scenario) -> list[Issue_]:
    """Claims reading ``input:<path>`` where the path is not an uncertain input of the zone analysis.

    Claims are read from the zone sweep, which stores the inputs it samples
    (:func:`zopa.zone.worlds.inputs_of`) as ``input.<path>`` columns; any other path has no column.
    """
    preds = [(path, p) for path, p in _claim_predicates(s) if p.metric.startswith("input:")]
    if not preds:
        return []
    from zopa.scenario.paths import quantities
    from zopa.zone.worlds import inputs_of

    sampled, numbers = list(inputs_of(s)), quantities(s)
    return [((*path, "metric"), *_not_an_input(p.metric[len("input:"):], sampled, numbers))
            for path, p in preds if p.metric[len("input:"):] not in sampled]


def _claim_predicates(s: Scenario) -> Iterator[tuple[Path_, Any]]:
    """Every predicate of the scenario's claims (each claim, then its also and when tests), with its path."""
    for i, claim in enumerate(s.claims):
        yield ("claims", i), claim
        for key in ("also", "when"):
            for j, pred in enumerate(getattr(claim, key)):
                yield ("claims", i, key, j), pred


def _not_an_input(path: str, sampled: list[str], numbers: dict) -> tuple[str, str]:
    """Message and hint for an ``input:`` path the zone sweep does not sample."""
    if path in numbers and not numbers[path].uncertain:
        return f"input '{path}' is certain in this scenario: every world has the same value", "give it a dist to sample it"
    if path in numbers:
        shown = ", ".join(sampled[:8]) + (" ..." if len(sampled) > 8 else "")
        return f"input '{path}' is not an input of the zone analysis, which claims are read from", f"its inputs: {shown}"
    return f"no uncertain input '{path}'", _hint(path, sampled)


# ---------------------------------------------------------------------------- provenance
def check_provenance(s: Scenario) -> list[Issue_]:
    """Facts without a source and judgements without a rationale (``validate --strict``)."""
    return list(_provenance(s))


def _has(obj: Any) -> bool:
    src = getattr(obj, "source", None)
    if src:
        return True
    return getattr(obj, "basis", None) in {"judgement", "assumption", "derived"} and bool(getattr(obj, "rationale", None))


def _provenance(s: Scenario) -> Iterator[Issue_]:
    default_ok = bool(s.defaults and s.defaults.get("basis") in {"judgement", "assumption"} and s.defaults.get("rationale"))
    hint = "cite a source id, or say basis: judgement with a rationale"

    def need(path: Path_, q: Any, *parents: Any) -> Iterator[Issue_]:
        if q is None or isinstance(q, str) or default_ok:
            return
        if _has(q) or any(_has(p) for p in parents if p is not None):
            return
        if q.basis in {"judgement", "assumption", "derived"} and not q.rationale:
            yield path, f"a {q.basis} needs a rationale", "add rationale: why this value"
        else:
            yield path, "unsourced number", hint

    if not s.sources:
        yield ("sources",), "no sources: every fact needs one", "add a sources section"
    for i, iss in enumerate(s.issues):
        if not isinstance(iss.status_quo, str) and not iss.sources:
            yield from need(("issues", i, "status_quo"), iss.status_quo)
        if isinstance(iss.status_quo, str) and not iss.sources and not default_ok:
            yield ("issues", i, "status_quo"), "status quo without a source", "add sources: [...] to the issue"
        wo = iss.war_outcome
        if wo is not None and not _has(wo) and not iss.sources and not default_ok:
            yield ("issues", i, "war_outcome"), "war outcome without a source or rationale", hint
    for i, a in enumerate(s.actors):
        base = ("actors", i)
        for key in ("capability", "reservation", "risk_aversion", "discount_rate", "monthly_cost"):
            yield from need((*base, key), getattr(a, key))
        for iid, st in a.issues.items():
            p = (*base, "issues", iid)
            if st.values is not None and not _has(st) and not default_ok:
                yield (*p, "values"), "utility table without a source or rationale", hint
            yield from need((*p, "position"), st.position, st)
            yield from need((*p, "salience"), st.salience, st)
        for iid, w in (a.weights or {}).items():
            yield from need((*base, "weights", iid), w)
        for iid, w in (a.cost_weights or {}).items():
            yield from need((*base, "cost_weights", iid), w)
        for k, d in enumerate(a.deadlines):
            if not _has(d):
                yield (*base, "deadlines", k), "deadline without a source", hint
        for k, c in enumerate(a.constraints):
            if not _has(c):
                yield (*base, "constraints", k), "constraint without a source", hint
    for i, p in enumerate(s.plans):
        if not p.sources:
            yield ("plans", i, "sources"), f"plan '{p.id}' cites no source", "add sources: [...]"
        for k, pt in enumerate(p.points):
            for iid, sv in pt.sets.items():
                if sv.option is None and sv.value is None and not _has(sv) and not pt.sources and not p.sources:
                    yield ("plans", i, "points", k, "sets", iid), "value without a source or rationale", hint
    for i, e in enumerate(s.events):
        if not e.sources:
            yield ("events", i, "sources"), f"event '{e.title}' cites no source", "add sources: [...]"
    bf = s.battlefield
    if bf is not None:
        for key in ("initial", "drift", "volatility"):
            yield from need(("battlefield", key), getattr(bf, key))
        for actor, costs in bf.costs.items():
            for key in ("casualties_k", "usd_bn", "utility"):
                yield from need(("battlefield", "costs", actor, key), getattr(costs, key))
        for k, lv in enumerate(bf.levers):
            if not lv.sources and not _has(lv):
                yield from need(("battlefield", "levers", k, "level"), lv.level)
                eff = lv.effect
                yield from need(("battlefield", "levers", k, "effect", "drift"), eff.drift)
    if s.war is not None and not _has(s.war) and not default_ok:
        yield ("war",), "war without a source", hint
    if s.durability is not None and not _has(s.durability) and not default_ok:
        yield from need(("durability", "annual_breakdown"), s.durability.annual_breakdown)
    for i, c in enumerate(s.claims):
        if not c.source and not default_ok:
            yield ("claims", i, "source"), f"claim '{c.id}' cites no source", "add source: <id> of who made it"
