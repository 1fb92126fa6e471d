"""What-if analysis: move a lever, see what changes, on the same random worlds (pure: no I/O).

A :class:`Levers` object names the changes an analyst wants to try: each principal's monthly
cost of war and discount rate, the battlefield's drift and volatility, the level of each
battlefield lever (aid, sanctions), the deadline's date, penalty and credibility, a delegate's
authority, whether a side ratchets its concessions, and the guarantee behind any deal.
:func:`changes` turns them into overrides of the scenario (the same dotted paths as
``zopa ... --set``), :func:`variant` applies them, and :func:`run` compares the variant with
the scenario on the same sampled worlds: the uniforms behind every uncertain input are keyed
by the input's path (:mod:`zopa.sweep.sampling`), so the comparison is paired (common random
numbers) and a change shows up as a difference world by world, not as sampling noise.

How each lever becomes a scenario change:

- ``cost`` (x k) scales every quantity that turns a principal's war into utility per month
  (``monthly_cost``, ``cost_weights``, costs already in utility), distribution and all;
- ``discount_rate``, ``drift`` move the centre of the quantity's range (a shift), ``volatility``
  scales it: an uncertain input stays uncertain, only moved;
- ``levels`` sets a battlefield lever's level from the start: zopa.zone reads the observed drift
  and costs as those at the scenario's levels and a change of level through a deadline's
  ``if_no_deal``, so the change is written as a deadline dated at the start with credibility 1
  (deadlines apply in the order actors are listed, so it goes to the first actor);
- ``deadline`` edits the scenario's first deadline that carries a penalty: its date, the lever
  levels after it (``penalty``), and the probability the threat is carried out;
- ``authority`` sets a lead delegate's authority (sign, refer, none), ``guarantee`` the breakdown
  multiplier of any deal's guarantee (an option of the guarantee issue, or a number);
- ``ratchet`` is a strategy of the simulated talks, not a scenario change.

A lever that does not apply to the scenario (no such principal, lever, deadline or delegate)
raises :class:`LeverError` naming it; nothing is silently ignored.

Examples
--------
>>> import zopa
>>> s = zopa.load("textbook")
>>> [c.path for c in changes(s, Levers(cost={"A": 2}))]
['actors.A.monthly_cost']
>>> variant(s, Levers(cost={"A": 2})).actor("A").monthly_cost.nominal
0.1
>>> r = run(s, Levers(cost={"A": 2}), worlds=20)
>>> m = {x["id"]: x for x in r.to_json()["metrics"]}
>>> round(m["war_value.A"]["baseline"], 3), round(m["war_value.A"]["whatif"], 3)   # p - c_A: 0.4 - 0.05, 0.4 - 0.1
(0.35, 0.3)
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import math
import threading
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

from zopa.errors import InputError, Problem

__all__ = [
    "Levers", "DeadlineLever", "LeverError", "Change", "changes", "variant", "normalize", "to_yaml",
    "levers_from_query", "levers_to_query", "negotiators", "target_deadline", "Baseline", "baseline", "run",
    "WhatIfResult", "DEFAULT_WORLDS", "P_RATIFY",
]

DEFAULT_WORLDS = 300
P_RATIFY = 0.5  # a principal signs half of the deals its referring delegate brings back (Stalling's default)
SIM_RUNS = 100  # sessions of the simulated talks
STATES = 31  # battlefield grid points of the zone analysis (zopa.zone.worlds.world_table's default)
EXPONENT = 2.0  # the simulated negotiators' concession exponent (time-based, Faratin et al. 1998)

Key = Annotated[str, Field(min_length=1, max_length=100)]
Multiplier = Annotated[float, Field(ge=0, le=10)]
Rate = Annotated[float, Field(ge=0, le=2)]
Level = Annotated[float, Field(ge=0, le=10)]
Authority = Literal["sign", "refer", "none"]


class DeadlineLever(BaseModel):
    """Changes to the scenario's first deadline that carries a penalty (see :func:`target_deadline`)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    date: str | None = Field(None, pattern=r"^\d{4}-\d{2}(-\d{2})?$", description="New date, YYYY-MM-DD or YYYY-MM.")
    penalty: dict[Key, Level] | None = Field(
        None, description="Battlefield lever id -> its level after the deadline if there is no deal (0 = cut off)."
    )
    credibility: float | None = Field(None, ge=0, le=1, description="Probability the penalty is carried out.")


class Levers(BaseModel):
    """The what-if: every field optional; a field left out keeps the scenario's value."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    cost: dict[Key, Multiplier] | None = Field(None, description="Principal id -> multiplier of its monthly cost of war (1 = as in the scenario).")
    discount_rate: dict[Key, Rate] | None = Field(
        None, description="Principal id -> annual discount rate at the centre of its range (the range moves with it).")
    drift: float | None = Field(None, ge=-1e6, le=1e6, description="Battlefield drift at the centre of its range, state units per month.")
    volatility: float | None = Field(None, ge=0, le=1e6, description="Battlefield volatility at the centre of its range, state units per month.")
    levels: dict[Key, Level] | None = Field(None, description="Battlefield lever id -> its level from the start (1 = as now, 0 = off, 2 = doubled).")
    deadline: DeadlineLever | None = None
    authority: dict[Key, Authority] | None = Field(None, description="Lead delegate id -> sign, refer (back to its principal) or none.")
    ratchet: dict[Key, bool] | None = Field(None, description="Principal id -> its negotiator banks every concession (simulated talks).")
    guarantee: Annotated[float, Field(ge=0, le=2)] | Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        None, description="Breakdown multiplier behind any deal: an option of the guarantee issue, or a number (1 = no guarantee).")

    @model_validator(mode="after")
    def _no_empty_groups(self) -> Levers:
        """An empty group (``cost: {}``, ``deadline: {}``) is the same as leaving it out."""
        for name in ("cost", "discount_rate", "levels", "authority", "ratchet"):
            if getattr(self, name) == {}:
                setattr(self, name, None)
        if self.deadline is not None and self.deadline.penalty == {}:
            self.deadline.penalty = None
        if self.deadline is not None and not self.deadline.model_dump(exclude_none=True):
            self.deadline = None
        return self

    def is_empty(self) -> bool:
        """True when no lever is set."""
        return not any(v not in (None, {}) for v in self.model_dump(exclude_none=True).values())


class LeverError(InputError):
    """A lever that does not apply to the scenario, or a value out of its range."""


def _problem(path: str, message: str, hint: str = "") -> Problem:
    return Problem("levers", None, None, path, message, hint)


def _hint(name: str, known: Sequence[str]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"known: {', '.join(known)}" if known else ""


@dataclass(frozen=True)
class Change:
    """One change of the scenario: an override (``path`` = ``value``) and what it means in words."""

    lever: str
    path: str | None
    value: Any
    text: str


# ---------------------------------------------------------------------------- scenario facts
def _principal_ids(s) -> list[str]:
    return [a.id for a in s.actors if a.role == "belligerent"]


def negotiators(s) -> dict[str, str]:
    """Each principal's negotiator in the simulated talks: its first delegate (kind ``delegate``,
    else ``envoy``) in the order of the file, or the principal itself.

    >>> import zopa
    >>> negotiators(zopa.load("ukraine-2025"))
    {'RU': 'medinsky', 'UA': 'umerov'}
    """
    out = {}
    for p in _principal_ids(s):
        pick = p
        for kind in ("delegate", "envoy"):
            found = [a.id for a in s.actors if a.principal == p and a.kind == kind]
            if found:
                pick = found[0]
                break
        out[p] = pick
    return out


def target_deadline(s) -> tuple[str, int] | None:
    """(actor id, index) of the deadline the ``deadline`` lever edits: the first one with a
    penalty (``if_no_deal``), else the first one; None if the scenario has no deadline."""
    first = None
    for a in s.actors:
        for k, d in enumerate(a.deadlines):
            if d.if_no_deal:
                return a.id, k
            first = first or (a.id, k)
    return first


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


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
    zopa.whatif.LeverError: levers: levels.sanction: no battlefield lever 'sanction' in ukraine-2025 (did you mean 'sanctions'?)
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


def _date(text: str):
    """The date of a YYYY-MM-DD / YYYY-MM / YYYY string (ValueError if it is none)."""
    from pydantic import TypeAdapter, ValidationError

    from zopa.scenario.model import PartialDate

    try:
        return TypeAdapter(PartialDate).validate_python(text).date
    except ValidationError as err:
        raise ValueError(err.errors(include_url=False)[0]["msg"].removeprefix("Value error, ")) from None


def _month_date(s, month: int):
    import datetime as dt

    d = s.start.date
    y, m = divmod(d.month - 1 + month, 12)
    return dt.date(d.year + y, m + 1, min(d.day, 28))


# ---------------------------------------------------------------------------- the variant
def _overrides(raw: dict, items: Iterable[tuple[str, Any]]) -> dict:
    from zopa.scenario.load import _apply_overrides

    out, problems = _apply_overrides(raw, list(items))
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


def _apply_fast(s, ch: Sequence[Change]):
    """The variant for computing: the scenario's own data with the changes, validated by the model
    (the references the changes touch are checked by :func:`changes`)."""
    from pydantic import ValidationError

    from zopa.scenario.model import Scenario

    ch = [c for c in ch if c.path is not None]
    if not ch:
        return s
    data = s.model_dump(mode="json", exclude_none=True)
    for c in ch:
        _set(data, c.path, copy.deepcopy(c.value))
    try:
        return Scenario.model_validate(data)
    except ValidationError as err:  # pragma: no cover - the levers' ranges keep the scenario valid
        raise LeverError([_problem(".".join(map(str, e["loc"])), e["msg"]) for e in err.errors(include_url=False)]) from None


def normalize(s, levers: Levers) -> Levers:
    """The same what-if without the levers left at the scenario's values (for canonical links).

    >>> import zopa
    >>> s = zopa.load("ukraine-2025")
    >>> normalize(s, Levers(cost={"RU": 1, "UA": 2}, levels={"sanctions": 1}, ratchet={"RU": False})).model_dump(exclude_none=True)
    {'cost': {'UA': 2.0}}
    """
    d = levers.model_dump(exclude_none=True)
    principals = _principal_ids(s)

    def keep(group: str, test) -> None:
        if group in d:
            d[group] = {k: v for k, v in d[group].items() if not test(k, v)}
            if not d[group]:
                del d[group]

    keep("cost", lambda k, v: k in principals and _close(v, 1.0))
    keep("discount_rate", lambda k, v: k in principals and s.actor(k).discount_rate is not None and _close(v, s.actor(k).discount_rate.nominal))
    keep("ratchet", lambda k, v: v is False)
    bf = s.battlefield
    if bf is not None:
        if "drift" in d and _close(d["drift"], bf.drift.nominal):
            del d["drift"]
        if "volatility" in d and _close(d["volatility"], bf.volatility.nominal):
            del d["volatility"]
        nominal = {lv.id: lv.level.nominal for lv in bf.levers}
        keep("levels", lambda k, v: k in nominal and _close(v, nominal[k]))
    ids = {a.id: a for a in s.actors}
    keep("authority", lambda k, v: k in ids and ids[k].authority == v)
    where = target_deadline(s)
    if "deadline" in d and where is not None:
        dl = s.actor(where[0]).deadlines[where[1]]
        now = {lv.id: lv.level.nominal for lv in (bf.levers if bf is not None else [])}
        now.update({c.lever: c.level.nominal for c in dl.if_no_deal})
        e = d["deadline"]
        if "date" in e:
            try:
                same = _date(e["date"]) == dl.date.date
            except ValueError:
                same = False
            if same:
                del e["date"]
        if "credibility" in e and dl.credibility is not None and _close(e["credibility"], dl.credibility.nominal):
            del e["credibility"]
        if "penalty" in e:
            e["penalty"] = {k: v for k, v in e["penalty"].items() if not (k in now and _close(v, now[k]))}
            if not e["penalty"]:
                del e["penalty"]
        if not e:
            del d["deadline"]
    return Levers.model_validate(d)


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


# ---------------------------------------------------------------------------- query strings
_GROUPS = {"cost": "cost", "discount": "discount_rate", "level": "levels", "authority": "authority", "ratchet": "ratchet"}
_TRUE, _FALSE = {"1", "true", "on", "yes"}, {"0", "false", "off", "no", ""}


def levers_from_query(items: Iterable[tuple[str, str]]) -> Levers:
    """Levers from flat query parameters (the page's form and its links): ``cost.RU=2``,
    ``discount.UA=0.2``, ``drift=-0.5``, ``volatility=0.4``, ``level.sanctions=2``,
    ``deadline.date=2026-03-01``, ``deadline.penalty.us_weapons=0``, ``deadline.credibility=0.9``,
    ``authority.medinsky=sign``, ``ratchet.RU=on``, ``guarantee=article5_like``; other keys are ignored.

    >>> levers_from_query([("cost.RU", "2"), ("ratchet.RU", "on"), ("seed", "3")]).model_dump(exclude_none=True)
    {'cost': {'RU': 2.0}, 'ratchet': {'RU': True}}
    """
    from pydantic import ValidationError

    d: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, value in items:
        head, _, rest = key.partition(".")
        value = value.strip()
        try:
            if head in _GROUPS and rest:
                if head == "authority":
                    v: Any = value
                elif head == "ratchet":
                    low = value.lower()
                    if low not in _TRUE | _FALSE:
                        raise ValueError(f"expected on or off, got {value!r}")
                    v = low in _TRUE
                else:
                    v = _number(value)
                d.setdefault(_GROUPS[head], {})[rest] = v
            elif head in ("drift", "volatility") and not rest:
                d[head] = _number(value)
            elif head == "guarantee" and not rest:
                if value:
                    try:
                        d["guarantee"] = _number(value)
                    except ValueError:
                        d["guarantee"] = value
            elif head == "deadline" and rest:
                sub, _, lid = rest.partition(".")
                dl = d.setdefault("deadline", {})
                if sub == "date" and not lid:
                    if value:
                        dl["date"] = value
                elif sub == "credibility" and not lid:
                    dl["credibility"] = _number(value)
                elif sub == "penalty" and lid:
                    dl.setdefault("penalty", {})[lid] = _number(value)
                else:
                    raise ValueError(f"unknown deadline field {rest!r}")
        except ValueError as err:
            problems.append(_problem(key, str(err)))
    if problems:
        raise LeverError(problems)
    try:
        return Levers.model_validate(d)
    except ValidationError as err:
        raise LeverError([_problem(".".join(str(x) for x in e["loc"]), e["msg"]) for e in err.errors(include_url=False)]) from None


def _number(text: str) -> float:
    x = float(text)
    if not math.isfinite(x):
        raise ValueError(f"expected a finite number, got {text!r}")
    return x


def levers_to_query(levers: Levers) -> list[tuple[str, str]]:
    """The inverse of :func:`levers_from_query`.

    >>> levers_to_query(Levers(cost={"RU": 2.0}, deadline={"penalty": {"us_weapons": 0}}))
    [('cost.RU', '2'), ('deadline.penalty.us_weapons', '0')]
    """
    d = levers.model_dump(exclude_none=True)
    out: list[tuple[str, str]] = []
    back = {v: k for k, v in _GROUPS.items()}
    for group, value in d.items():
        if group in back:
            for k, v in value.items():
                out.append((f"{back[group]}.{k}", ("on" if v else "off") if isinstance(v, bool) else (v if isinstance(v, str) else f"{v:g}")))
        elif group == "deadline":
            for sub, v in value.items():
                if sub == "penalty":
                    out += [(f"deadline.penalty.{k}", f"{x:g}") for k, x in v.items()]
                else:
                    out.append((f"deadline.{sub}", v if isinstance(v, str) else f"{v:g}"))
        else:
            out.append((group, value if isinstance(value, str) else f"{value:g}"))
    return out


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


def _claim_month(s, at) -> int | None:
    if at is None:
        return None
    if isinstance(at, int | float):
        return int(round(float(at)))
    from zopa.zone.inputs import month_of

    return int(round(month_of(s, at.date)))


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
    from zopa.scenario.paths import _walk
    from zopa.sweep.sampling import sample

    changed = [c.path for c in ch if c.path is not None]
    out = {k: a for k, a in base.values.items() if not any(k == p or k.startswith(p + ".") for p in changed)}
    fresh = {}
    for p in changed:
        for path, q in _walk(_node(v, p), tuple(p.split("."))):
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


# ---------------------------------------------------------------------------- simulated talks
def _ratchet_referring():
    from zopa.sim.strategies import Ratchet, Stalling

    class RatchetReferring(Ratchet, Stalling):
        """Ratchet concessions (Driesen et al. 2012) by a delegate whose principal must ratify (Stalling's rule)."""

        name = "ratchet-referring"
        classifier = {"memory": 1, "stochastic": True, "concedes": True, "needs_ratification": True}

        def __init__(self, exponent: float = EXPONENT, p_ratify: float = P_RATIFY):
            Ratchet.__init__(self, exponent)
            self.p_ratify, self.margin, self.principal_floor = p_ratify, 0.1, None

    return RatchetReferring


def _strategy(authority: str, ratchet: bool):
    from zopa.sim.strategies import Ratchet, Stalling, TimeBased

    if authority == "sign":
        return Ratchet(exponent=EXPONENT) if ratchet else TimeBased(EXPONENT)
    p = P_RATIFY if authority == "refer" else 0.0
    return _ratchet_referring()(EXPONENT, p) if ratchet else Stalling(movement=EXPONENT, p_ratify=p)


def _simulate(v, base: Baseline, table, *, ratchet: Mapping[str, bool]) -> dict | None:
    """Simulated talks of the two principals' negotiators (:func:`zopa.sim.simulate`, alternating
    offers, one round a month): reservation values start at each side's mean value of fighting on
    over the worlds and move during the talks with its mean change and spread over the horizon."""
    if base.domain is None:
        return None
    from zopa.sim import simulate

    a, b = base.prep.principal_ids
    neg = negotiators(v)
    H = v.horizon_months
    runs = SIM_RUNS
    now = [table[f"war_value_{p}_m0"].to_numpy(dtype=float) for p in (a, b)]
    end = [table[f"war_value_{p}_m{H}"].to_numpy(dtype=float) for p in (a, b)]
    r0 = np.tile([float(x.mean()) for x in now], (runs, 1))
    moves = {neg[p]: {"drift": float(np.mean(end[k] - now[k])), "volatility": float(np.std(end[k]))} for k, p in enumerate((a, b))}
    ids = {x.id: x for x in v.actors}
    auth = {p: (ids[neg[p]].authority if neg[p] != p else "sign") for p in (a, b)}
    strat = {neg[p]: _strategy(auth[p], bool(ratchet.get(p))) for p in (a, b)}
    res = simulate(base.domain, strat, protocol="sao", steps=H, runs=runs, seed=base.seed, battlefield=moves, reservation=r0)
    df = res.runs
    ok = df["agreement"].to_numpy()
    out = {"runs": runs, "p_agreement": float(ok.mean()), "month": float(df.loc[ok, "step"].mean()) if ok.any() else None,
           "refusals": float(df["refusals"].mean()), "negotiators": {p: neg[p] for p in (a, b)}, "authority": auth,
           "ratchet": {p: bool(ratchet.get(p)) for p in (a, b)}, "reservation": {p: float(r0[0, k]) for k, p in enumerate((a, b))},
           "utility": {}, "gain": {}, "terms": {}}
    for k, p in enumerate((a, b)):
        u = df[f"u_{neg[p]}"].to_numpy(dtype=float)
        out["utility"][p] = float(u.mean())
        out["gain"][p] = float((u - r0[:, k]).mean())
    if ok.any():
        mode = df.loc[ok, "outcome"].mode().iloc[0]
        row = df[df["outcome"] == mode].iloc[0]
        out["terms"] = {iss.name: str(row[iss.name]) for iss in res.issues}
    return out


# ---------------------------------------------------------------------------- the result
def _claim_truth(base: Baseline, table):
    from zopa.sweep.claims import evaluate_claims

    return evaluate_claims(table, base.claims, catalogue=base.catalogue) if base.claims else None


def _odds(truth) -> dict:
    """Worlds where a claim speaks (not NA), where it holds, the share and its 95% Wilson interval."""
    from zopa.sweep.claims import binomial_interval

    n = int(truth.notna().sum())
    holds = int(truth.sum(skipna=True))
    lo, hi = binomial_interval(holds, n)
    return {"holds": holds, "worlds": n, "share": holds / n if n else None, "low": float(lo), "high": float(hi)}


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
        truth = {"baseline": base.claim_truth, "whatif": base.claim_truth if self.table is base.table else _claim_truth(base, self.table)}
        out = []
        for c in s.claims:
            entry = {"id": c.id, "text": c.text, "metric": c.metric, "op": c.op, "threshold": c.threshold,
                     "at": _claim_month(s, c.at), "evaluated": c.id in known}
            if c.id in known:
                tb, tw = truth["baseline"][c.id], truth["whatif"][c.id]
                b, w = _odds(tb), _odds(tw)
                both = (tb.notna() & tw.notna()).to_numpy()
                flipped = float(np.mean(tb.to_numpy()[both] != tw.to_numpy()[both])) if both.any() else 0.0
                entry.update(baseline=b, whatif=w, difference=(w["share"] - b["share"]) if b["worlds"] and w["worlds"] else None,
                             flipped=flipped)
            out.append(entry)
        return out

    def to_json(self) -> dict[str, Any]:
        """The result as JSON-ready data."""
        from zopa.scenario.load import scenario_hash

        s, B, W = self.scenario, self.base.table, self.table
        a, b = self.base.prep.principal_ids
        H = s.horizon_months
        names = {x.id: x.name for x in s.actors}
        months = list(range(H + 1))
        series = {}
        for sid in ("p_zone_open", "p_deal_by", "p_agreement_by", f"war_value.{a}", f"war_value.{b}",
                    f"settlement_utility.{a}", f"settlement_utility.{b}"):
            cols = [f"{sid.replace('.', '_')}_m{t}" for t in months]
            series[sid] = {"baseline": B[cols].to_numpy().mean(axis=0).tolist(), "whatif": W[cols].to_numpy().mean(axis=0).tolist()}
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
        xb = self.base.prep.frontier.outcome_at(float(B[f"settlement_utility_{a}_m0"].mean()))
        xw = self.prep.frontier.outcome_at(float(W[f"settlement_utility_{a}_m0"].mean()))
        for i, iss in enumerate(s.issues):
            lb, lw = _label(iss, xb[i]), _label(iss, xw[i])
            terms.append({"issue": iss.id, "name": iss.name, "baseline": lb, "whatif": lw, "changed": lb != lw})

        # plans and forecasts: the chance both principals prefer each to fighting on
        rows = []
        prep = self.base.prep
        plan_names = {p.id: p.name for p in s.plans}
        items = [("plan", pid, prep.plan_utility[j]) for j, pid in enumerate(prep.plan_ids)]
        if self.base.forecasts:
            X = np.stack([x for _, x in self.base.forecasts])
            U = prep.model.utility(X)[:, list(prep.principals)]
            items += [("forecast", m, U[j]) for j, (m, _) in enumerate(self.base.forecasts)]
        for kind, pid, u in items:
            row = {"kind": kind, "id": pid, "name": plan_names.get(pid, pid) if kind == "plan" else f"{pid} model's forecast",
                   "utility": {a: float(u[0]), b: float(u[1])},
                   "closest_plan": self.base.closest.get(pid) if kind == "forecast" else None}
            for t, key in ((0, "now"), (by, "by")):
                inb = (u[0] >= B[f"war_value_{a}_m{t}"].to_numpy() - 1e-12) & (u[1] >= B[f"war_value_{b}_m{t}"].to_numpy() - 1e-12)
                inw = (u[0] >= W[f"war_value_{a}_m{t}"].to_numpy() - 1e-12) & (u[1] >= W[f"war_value_{b}_m{t}"].to_numpy() - 1e-12)
                row[f"acceptable_{key}"] = {"baseline": float(inb.mean()), "whatif": float(inw.mean()),
                                            "difference": float(inw.mean() - inb.mean())}
            rows.append(row)

        claims = self._claims()

        out = {
            "scenario": {"id": s.id, "title": s.title, "start": str(s.start), "horizon_months": H,
                         "hash": scenario_hash(s), "whatif_hash": scenario_hash(self.variant)},
            "principals": [{"id": p, "name": names[p]} for p in (a, b)],
            "worlds": self.base.worlds,
            "seed": self.base.seed,
            "by": {"month": by, "date": _month_date(s, by).isoformat()},
            "levers": self.levers.model_dump(exclude_none=True),
            "changes": [{"lever": c.lever, "path": c.path, "text": c.text} for c in self.changes],
            "months": {"month": months, "date": [_month_date(s, t).isoformat() for t in months], "series": series},
            "metrics": metrics,
            "terms": terms,
            "plans": rows,
            "claims": claims,
            "simulation": {"baseline": self.base.sim, "whatif": self.sim} if self.sim is not None else None,
        }
        out["verdict"] = _verdict(out)
        return _clean(out)


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


def _clean(obj: Any) -> Any:
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if isinstance(obj, np.bool_ | bool):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        f = float(obj)
        return None if math.isnan(f) or math.isinf(f) else f
    return obj
