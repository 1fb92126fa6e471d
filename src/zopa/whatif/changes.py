"""Levers as scenario changes: overrides of the scenario's data (the ``--set`` paths), the
variant scenario they give, and the what-if as a scenario file.

>>> import zopa
>>> s = zopa.load("textbook")
>>> [c.path for c in changes(s, Levers(cost={"A": 2}))]
['actors.A.monthly_cost']
>>> variant(s, Levers(cost={"A": 2})).actor("A").monthly_cost.nominal
0.1
"""

from __future__ import annotations

import copy
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from zopa.errors import Problem
from zopa.whatif.levers import (
    Change,
    LeverError,
    Levers,
    _date,
    _hint,
    _month_date,
    _principal_ids,
    _problem,
    negotiators,
    target_deadline,
)

__all__ = ["changes", "variant", "to_yaml"]


# ---------------------------------------------------------------------------- quantities
_PROV = ("source", "values", "basis", "rationale", "note")
_QCACHE: OrderedDict[int, tuple[Any, dict]] = OrderedDict()
_QLOCK = threading.Lock()


def _quantities(s) -> dict:
    """:func:`zopa.scenario.paths.quantities` of ``s``, remembered for the last few scenarios."""
    with _QLOCK:
        hit = _QCACHE.get(id(s))
        if hit is not None and hit[0] is s:
            return hit[1]
    from zopa.scenario.paths import quantities

    q = quantities(s)
    with _QLOCK:
        _QCACHE[id(s)] = (s, q)
        while len(_QCACHE) > 16:
            _QCACHE.popitem(last=False)
    return q


def _plain(q) -> dict:
    return {k: v for k, v in q.model_dump(exclude_none=True).items() if k not in _PROV}


def _why(text: str, q) -> dict:
    was = f"value {q.nominal:g}" + (f", {q.dist}" if q.dist else "")
    return {"basis": "assumption", "rationale": f"What-if (zopa serve): {text}. The scenario had {was}."}


def _scaled(q, k: float, text: str) -> dict:
    """The quantity with every location and scale parameter multiplied by ``k`` >= 0."""
    if k == 0:
        return {"value": 0.0, **_why(text, q)}
    d = _plain(q)
    if d.get("dist") == "beta":
        d.setdefault("low", 0.0)
        d.setdefault("high", 1.0)
    for key in ("value", "mean", "sd", "median", "low", "high", "mode"):
        if key in d:
            d[key] = d[key] * k
    return {**d, **_why(text, q)}


def _shifted(q, delta: float, text: str) -> dict:
    """The quantity moved by ``delta`` (a lognormal, which cannot shift, is scaled instead)."""
    d = _plain(q)
    if d.get("dist") == "lognormal":
        return _scaled(q, (q.nominal + delta) / q.nominal, text) if q.nominal > 0 and q.nominal + delta > 0 else \
            {"value": q.nominal + delta, **_why(text, q)}
    if d.get("dist") == "beta":
        d.setdefault("low", 0.0)
        d.setdefault("high", 1.0)
    for key in ("value", "mean", "low", "high", "mode"):
        if key in d:
            d[key] = d[key] + delta
    return {**d, **_why(text, q)}


def _fixed(value: float, text: str, q=None) -> dict:
    return {"value": float(value), **(_why(text, q) if q is not None else {"basis": "assumption", "rationale": f"What-if (zopa serve): {text}."})}


# ---------------------------------------------------------------------------- levers -> changes
def changes(s, levers: Levers) -> list[Change]:
    """The scenario changes a what-if makes, in order; raises :class:`LeverError` listing every
    lever that does not apply to ``s``.

    >>> import zopa
    >>> s = zopa.load("ukraine-2025")
    >>> [c.path for c in changes(s, Levers(levels={"sanctions": 2}, authority={"medinsky": "sign"}))]
    ['actors.RU.deadlines', 'actors.medinsky.authority']
    >>> changes(s, Levers(levels={"sanction": 2}))
    Traceback (most recent call last):
    ...
    zopa.whatif.levers.LeverError: levers: levels.sanction: no battlefield lever 'sanction' in ukraine-2025 (did you mean 'sanctions'?)
    """
    qs = _quantities(s)
    principals = _principal_ids(s)
    problems: list[Problem] = []
    out: list[Change] = []
    names = {a.id: a.name for a in s.actors}

    def unknown_principal(group: str, pid: str) -> bool:
        if pid in principals:
            return False
        problems.append(_problem(f"{group}.{pid}", f"'{pid}' is not a principal of {s.id}", _hint(pid, principals)))
        return True

    for pid, k in (levers.cost or {}).items():
        if unknown_principal("cost", pid):
            continue
        paths = [p for p in qs if p == f"actors.{pid}.monthly_cost" or p.startswith(f"actors.{pid}.cost_weights.")
                 or p == f"battlefield.costs.{pid}.utility"
                 or (p.startswith("battlefield.levers.") and p.endswith(f".effect.costs.{pid}.utility"))]
        if not paths:
            problems.append(_problem(f"cost.{pid}", f"{pid} has no cost of war in {s.id}", "give it monthly_cost or cost_weights"))
            continue
        for p in paths:
            out.append(Change(f"cost.{pid}", p, _scaled(qs[p], k, f"{names[pid]}'s monthly cost of war x{k:g}"),
                              f"{names[pid]}'s monthly cost of war x{k:g}"))
    for pid, r in (levers.discount_rate or {}).items():
        if unknown_principal("discount_rate", pid):
            continue
        q = qs.get(f"actors.{pid}.discount_rate")
        text = f"{names[pid]}'s discount rate {r:.3g} a year"
        value = _fixed(r, text) if q is None else _shifted(q, r - q.nominal, text + " (its range moves with it)")
        out.append(Change(f"discount_rate.{pid}", f"actors.{pid}.discount_rate", value, text))
    bf = s.battlefield
    if (levers.drift is not None or levers.volatility is not None or levers.levels) and bf is None:
        problems.append(_problem("battlefield", f"{s.id} has no battlefield", "drift, volatility and levels move the battlefield"))
        bf_ok = False
    else:
        bf_ok = bf is not None
    if bf_ok:
        width = bf.bounds[1] - bf.bounds[0]
        unit = bf.unit or "state units"
        if levers.drift is not None:
            if abs(levers.drift) > width:
                problems.append(_problem("drift", f"{levers.drift:g} is outside -{width:g}..{width:g} ({unit} a month)"))
            else:
                text = f"battlefield drift {levers.drift:+.3g} {unit} a month"
                out.append(Change("drift", "battlefield.drift", _shifted(bf.drift, levers.drift - bf.drift.nominal, text), text))
        if levers.volatility is not None:
            v, q = levers.volatility, bf.volatility
            if v > width:
                problems.append(_problem("volatility", f"{v:g} is outside 0..{width:g} ({unit} a month)"))
            else:
                text = f"battlefield volatility {v:.3g} {unit} a month"
                value = _scaled(q, v / q.nominal, text) if q.nominal > 0 else _fixed(v, text, q)
                out.append(Change("volatility", "battlefield.volatility", value, text))
    out += _deadline_changes(s, levers, problems)
    neg = negotiators(s)
    for did, auth in (levers.authority or {}).items():
        lead = [d for p, d in neg.items() if d != p]
        if did not in lead:
            hint = (f"the negotiators are {', '.join(lead)}" if lead else f"no principal of {s.id} has a delegate")
            problems.append(_problem(f"authority.{did}", f"'{did}' is not a principal's lead delegate in {s.id}", hint))
            continue
        words = {"sign": "can sign", "refer": "must refer back", "none": "has no mandate"}[auth]
        out.append(Change(f"authority.{did}", f"actors.{did}.authority", auth, f"{names[did]} {words}"))
    for pid, on in (levers.ratchet or {}).items():
        if unknown_principal("ratchet", pid):
            continue
        if on:
            out.append(Change(f"ratchet.{pid}", None, True,
                              f"{names[neg[pid]]} banks every concession (ratchet; simulated talks only)"))
    if levers.guarantee is not None:
        out += _guarantee_changes(s, levers.guarantee, problems)
    if problems:
        raise LeverError(problems)
    return out


def _deadline_changes(s, levers: Levers, problems: list[Problem]) -> list[Change]:
    """Deadline edits and lever levels, as one whole-list override per actor whose deadlines change."""
    bf = s.battlefield
    lever_ids = [lv.id for lv in bf.levers] if bf is not None else []
    lever_names = {lv.id: lv.name for lv in bf.levers} if bf is not None else {}
    lists: dict[str, list[dict]] = {}
    texts: dict[str, list[str]] = {}
    labels: dict[str, list[str]] = {}

    def deadlines_of(aid: str) -> list[dict]:
        if aid not in lists:
            lists[aid] = [d.model_dump(mode="json", exclude_none=True) for d in s.actor(aid).deadlines]
        return lists[aid]

    dl = levers.deadline
    if dl is not None and (dl.date is not None or dl.penalty or dl.credibility is not None):
        where = target_deadline(s)
        if where is None:
            problems.append(_problem("deadline", f"{s.id} has no deadline", "add one to an actor's deadlines"))
        else:
            aid, k = where
            d = deadlines_of(aid)[k]
            orig = s.actor(aid).deadlines[k]
            said = []
            if dl.date is not None:
                try:
                    date = _date(dl.date)
                except ValueError as err:
                    problems.append(_problem("deadline.date", str(err)))
                    date = None
                end = _month_date(s, s.horizon_months)
                if date is not None and not s.start.date <= date <= end:
                    problems.append(_problem("deadline.date", f"{dl.date} is outside the scenario's {s.start}..{end.isoformat()}"))
                elif date is not None:
                    d["date"] = dl.date
                    said.append(f"the deadline moves to {dl.date}")
            for lid, level in (dl.penalty or {}).items():
                if lid not in lever_ids:
                    problems.append(_problem(f"deadline.penalty.{lid}", f"no battlefield lever '{lid}' in {s.id}", _hint(lid, lever_ids)))
                    continue
                rows = [c for c in d.setdefault("if_no_deal", []) if c["lever"] == lid]
                if rows:
                    for c in rows:
                        c["level"] = float(level)
                else:
                    d["if_no_deal"].append({"lever": lid, "level": float(level)})
                said.append(f"after it, {lever_names[lid]} at level {level:g}")
            if dl.credibility is not None:
                text = f"the penalty is carried out with probability {dl.credibility:.2g}"
                d["credibility"] = _fixed(dl.credibility, text, orig.credibility)
                said.append(text)
            if said:
                texts.setdefault(aid, []).append(f"{s.actor(aid).name}'s deadline of {orig.date}: " + "; ".join(said))
                labels.setdefault(aid, []).append("deadline")
    if levers.levels and bf is not None:
        changes_: list[dict] = []
        words = []
        for lid, level in levers.levels.items():
            if lid not in lever_ids:
                problems.append(_problem(f"levels.{lid}", f"no battlefield lever '{lid}' in {s.id}", _hint(lid, lever_ids)))
                continue
            changes_.append({"lever": lid, "level": float(level)})
            words.append(f"{lever_names[lid]} at level {level:g}")
        if changes_:
            first = s.actors[0].id
            entry = {
                "date": str(s.start),
                "description": "What-if (zopa serve): " + "; ".join(words) + " from the start. Written as a deadline "
                "at the start with credibility 1 because zopa.zone reads the observed drift and costs at the "
                "scenario's levels; it is listed first so that later deadlines apply on top of it.",
                "if_no_deal": changes_,
                "credibility": 1.0,
                "basis": "assumption",
                "rationale": "What-if (zopa serve).",
            }
            mine = deadlines_of(first)
            touched = {c["lever"] for d in mine for c in d.get("if_no_deal", [])}
            if touched & {c["lever"] for c in changes_}:
                mine.insert(0, entry)
            else:
                mine.append(entry)
            texts.setdefault(first, []).append("; ".join(words) + " from the start")
            labels.setdefault(first, []).append("levels")
    return [Change("+".join(labels[aid]), f"actors.{aid}.deadlines", lists[aid], "; ".join(texts[aid])) for aid in lists if aid in texts]


def _guarantee_changes(s, g, problems: list[Problem]) -> list[Change]:
    dur = s.durability
    if dur is None or dur.guarantee_issue is None or dur.multipliers is None:
        problems.append(_problem("guarantee", f"{s.id} has no guarantee (durability.guarantee_issue and multipliers)"))
        return []
    iss = s.issue(dur.guarantee_issue)
    if isinstance(g, str):
        opts = list(iss.options or [])
        if g not in opts:
            problems.append(_problem("guarantee", f"'{g}' is not an option of {iss.id}", _hint(g, opts) or "give a multiplier instead"))
            return []
        m = float(dur.multipliers.get(g, 1.0)) if isinstance(dur.multipliers, dict) else 1.0
        text = f"any deal is backed by {iss.label(iss.to_scale(g))} (breakdown risk x{m:g})"
    else:
        m = float(g)
        text = f"any deal's breakdown risk x{m:g} (guarantee)"
    if isinstance(dur.multipliers, dict):
        value: Any = {o: m for o in iss.options}
    else:
        lo, hi = iss.scale
        value = [[lo, m], [hi, m]]
    return [Change("guarantee", "durability.multipliers", value, text)]



# ---------------------------------------------------------------------------- the variant
def _overrides(raw: dict, items: Iterable[tuple[str, Any]]) -> dict:
    from zopa.scenario.load import apply_overrides

    out, problems = apply_overrides(raw, list(items))
    if problems:  # pragma: no cover - paths come from the scenario itself
        raise LeverError(problems)
    return out


def variant(s, levers: Levers, raw: Mapping | None = None):
    """The scenario with the what-if applied (validated like a file; ``raw`` is the parsed file,
    default the scenario's own data).

    >>> import zopa
    >>> v = variant(zopa.load("ukraine-2025"), Levers(authority={"medinsky": "sign"}))
    >>> v.actor("medinsky").authority
    'sign'
    """
    return _apply(s, changes(s, levers), raw)


def _apply(s, ch: Sequence[Change], raw: Mapping | None):
    from zopa.errors import ScenarioError
    from zopa.scenario.load import validate_data

    ch = [c for c in ch if c.path is not None]
    if not ch:
        return s
    base = copy.deepcopy(dict(raw)) if raw is not None else s.model_dump(mode="json", exclude_none=True)
    data = _overrides(base, [(c.path, c.value) for c in ch])
    try:
        return validate_data(data, f"{s.id} (what-if)")
    except ScenarioError as err:
        raise LeverError([_problem(p.path, p.message, p.hint) for p in err.problems]) from None


def _set(data: Any, path: str, value: Any) -> None:
    """Set ``path`` (dotted, list items by index or id, as ``--set``) in plain data, in place."""
    parts = path.split(".")
    node = data
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(node, list):
            idx = int(part) if part.lstrip("-").isdigit() else next(
                k for k, item in enumerate(node) if isinstance(item, dict) and str(item.get("id")) == part)
            if last:
                node[idx] = value
            else:
                node = node[idx]
        else:
            if last:
                node[part] = value
            else:
                node = node.setdefault(part, {})


_ADAPTERS: dict[tuple[str, bool], Any] = {}


def _adapter(field: str, item: bool = False):
    """A validator of one top-level field of a scenario (its type as declared on the model), or of
    one item of it when it is a list."""
    if (field, item) not in _ADAPTERS:
        import typing

        from pydantic import TypeAdapter

        from zopa.scenario.model import Scenario

        ann = Scenario.model_fields[field].annotation
        _ADAPTERS[field, item] = TypeAdapter(typing.get_args(ann)[0] if item else ann)
    return _ADAPTERS[field, item]


def _item_index(items: list, key: str) -> int | None:
    """The position of a list item named in a path by index or id (as ``--set`` reads it)."""
    if key.lstrip("-").isdigit():
        k = int(key)
        return k % len(items) if -len(items) <= k < len(items) else None
    return next((k for k, it in enumerate(items) if str(getattr(it, "id", None)) == key), None)


def _targets(s, ch: Iterable[Change]) -> dict[str, set[int] | None]:
    """For each top-level field of ``s`` the changes touch, the list items they touch (positions),
    or None where they touch the field as a whole."""
    import typing

    from zopa.scenario.model import Scenario

    out: dict[str, set[int] | None] = {}
    for c in ch:
        if c.path is None:
            continue
        parts = c.path.split(".")
        f = parts[0]
        node = getattr(s, f, None)
        k = None
        if len(parts) > 2 and isinstance(node, list) and typing.get_origin(Scenario.model_fields[f].annotation) is list:
            k = _item_index(node, parts[1])
        if k is None or (f in out and out[f] is None):
            out[f] = None
        else:
            out.setdefault(f, set()).add(k)
    return out


def _apply_fast(s, ch: Sequence[Change]):
    """The variant for computing: the scenario with the changes, where only the parts the changes
    touch (one actor, the battlefield, ...) are rebuilt from their data and validated as their
    declared types; the others are the scenario's own objects. (The scenario model checks each
    part on its own, and the references the changes touch are checked by :func:`changes`.)"""
    from pydantic import ValidationError

    ch = [c for c in ch if c.path is not None]
    if not ch:
        return s
    update = {}
    for f, items in _targets(s, ch).items():
        mine = [c for c in ch if c.path.split(".")[0] == f]
        try:
            if items is None:
                data = s.model_dump(mode="json", exclude_none=True, include={f})
                for c in mine:
                    _set(data, c.path, copy.deepcopy(c.value))
                update[f] = _adapter(f).validate_python(data[f])
                continue
            new = list(getattr(s, f))
            for k in sorted(items):
                data = new[k].model_dump(mode="json", exclude_none=True)
                for c in mine:
                    parts = c.path.split(".")
                    if _item_index(new, parts[1]) == k:
                        _set(data, ".".join(parts[2:]), copy.deepcopy(c.value))
                new[k] = _adapter(f, item=True).validate_python(data)
            update[f] = new
        except ValidationError as err:  # pragma: no cover - the levers' ranges keep the scenario valid
            raise LeverError([_problem(".".join(map(str, (f, *e["loc"]))), e["msg"]) for e in err.errors(include_url=False)]) from None
    return s.model_copy(update=update)


# ---------------------------------------------------------------------------- content hashes
_PARTS: OrderedDict[int, tuple[Any, tuple[dict[str, str], dict[str, list[str]]] | None]] = OrderedDict()


def _dumps(obj: Any) -> str:
    import json

    return json.dumps(obj, sort_keys=True, separators=(",", ":"))


def _joined(parts: Mapping[str, str]) -> str:
    """The canonical JSON of a mapping from the canonical JSON of its values."""
    return "{" + ",".join(_dumps(k) + ":" + parts[k] for k in sorted(parts)) + "}"


def _listed(items: Iterable[str]) -> str:
    """The canonical JSON of a list from the canonical JSON of its items."""
    return "[" + ",".join(items) + "]"


def _parts(s) -> tuple[dict[str, str], dict[str, list[str]]] | None:
    """The canonical JSON of each top-level field of ``s`` and of each item of its list fields
    (remembered for the last few scenarios), or None if they do not reproduce
    :func:`zopa.scenario.load.scenario_hash` (then hashes are computed in full)."""
    import hashlib

    from zopa.scenario.load import scenario_hash

    with _QLOCK:
        hit = _PARTS.get(id(s))
        if hit is not None and hit[0] is s:
            return hit[1]
    data = s.model_dump(mode="json")
    items = {k: [_dumps(x) for x in v] for k, v in data.items() if isinstance(v, list)}
    fields = {k: _listed(items[k]) if k in items else _dumps(v) for k, v in data.items()}
    parts = (fields, items)
    if hashlib.sha256(_joined(fields).encode()).hexdigest()[:16] != scenario_hash(s):  # pragma: no cover - a guard
        parts = None
    with _QLOCK:
        _PARTS[id(s)] = (s, parts)
        while len(_PARTS) > 16:
            _PARTS.popitem(last=False)
    return parts


def variant_hash(s, v, ch: Sequence[Change]) -> str:
    """:func:`zopa.scenario.load.scenario_hash` of the variant ``v`` of ``s`` made by the changes
    ``ch``: only the parts the changes touch are serialised again."""
    import hashlib

    from zopa.scenario.load import scenario_hash

    targets = _targets(s, ch)
    if v is s or not targets:
        return scenario_hash(s) if v is s else scenario_hash(v)
    cached = _parts(s)
    if cached is None:  # pragma: no cover - see _parts
        return scenario_hash(v)
    fields, items = cached
    fields = dict(fields)
    for f, touched in targets.items():
        if touched is None or f not in items or len(getattr(v, f)) != len(items[f]):
            fields[f] = _dumps(v.model_dump(mode="json", include={f})[f])
        else:
            new = list(items[f])
            for k in touched:
                new[k] = _dumps(getattr(v, f)[k].model_dump(mode="json"))
            fields[f] = _listed(new)
    return hashlib.sha256(_joined(fields).encode()).hexdigest()[:16]


def to_yaml(s, levers: Levers, raw: Mapping | None = None, *, name: str | None = None) -> str:
    """The what-if as a scenario file (YAML) that ``zopa validate`` accepts: the scenario's data
    (``raw``, the parsed file, keeps its layout) with the changes applied, under a header saying what changed.

    >>> import zopa
    >>> text = to_yaml(zopa.load("textbook"), Levers(cost={"B": 0.5}))
    >>> zopa.scenario.loads(text, "what-if.yaml").actor("B").monthly_cost.nominal
    0.05
    """
    import yaml

    ch = changes(s, levers)
    base = copy.deepcopy(dict(raw)) if raw is not None else s.model_dump(mode="json", exclude_none=True)
    data = _overrides(base, [(c.path, c.value) for c in ch if c.path is not None])
    head = [f"What-if of scenario {name or s.id} ({s.title}), written by zopa serve.", "Changes:"]
    head += [f"  - {t}" for t in dict.fromkeys(c.text for c in ch)] or ["  (none)"]
    sim_only = [c for c in ch if c.path is None]
    if sim_only:
        head.append("Not in this file (strategies of the simulated talks): " + "; ".join(c.text for c in sim_only) + ".")
    comment = "".join(f"# {line}".rstrip() + "\n" for text in head for line in str(text).splitlines())
    return comment + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
