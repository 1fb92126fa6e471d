"""The what-if form: which levers a scenario has, in plain words, with their ranges and values.

:func:`controls` lists one control per lever that applies to the scenario (a slider, a choice,
a date or a tick box), grouped for the page; each control's ``key`` is its query parameter
(:func:`zopa.whatif.levers_from_query`), its ``baseline`` the scenario's value and its
``value`` the what-if's (the baseline where the what-if leaves it).

Examples
--------
>>> import zopa
>>> groups = controls(zopa.load("textbook"))
>>> [c["key"] for g in groups for c in g["controls"]]
['cost.A', 'discount.A', 'cost.B', 'discount.B', 'drift', 'volatility', 'ratchet.A', 'ratchet.B']
"""

from __future__ import annotations

import math
from typing import Any

from zopa.whatif import Levers, negotiators, target_deadline

__all__ = ["controls", "AUTHORITY_WORDS"]

AUTHORITY_WORDS = {"sign": "can sign", "refer": "must refer back to its principal", "none": "has no mandate"}


def _nice_step(span: float) -> float:
    """A round step giving about 40-100 positions over ``span``."""
    if span <= 0:
        return 0.01
    raw = span / 60
    p = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * p:
            return m * p
    return 10 * p  # pragma: no cover


def _snap(x: float, step: float) -> float:
    return round(round(x / step) * step, 10)


def _on_grid(lo: float, step: float, x: float) -> bool:
    k = (x - lo) / step
    return abs(k - round(k)) < 1e-6


def _range(key: str, label: str, help_: str, lo: float, hi: float, step: float, baseline: float, value: float | None,
           unit: str, fmt: str) -> dict[str, Any]:
    """A slider whose grid holds the scenario's value (so that leaving it alone changes nothing)."""
    lo, hi = min(lo, baseline), max(hi, baseline)
    for div in (1, 2, 5, 10, 20, 50, 100):
        if _on_grid(lo, step / div, baseline):
            step = step / div
            break
    else:
        step = "any"
    v = baseline if value is None else min(max(value, lo), hi)
    return {"key": key, "kind": "range", "label": label, "help": help_, "min": _clean(lo), "max": _clean(hi),
            "step": step if step == "any" else _clean(step), "baseline": _clean(baseline), "value": _clean(v), "unit": unit,
            "format": fmt, "changed": value is not None}


def _clean(x: float) -> float:
    return float(f"{x:.10g}")


def controls(s, levers: Levers | None = None) -> list[dict[str, Any]]:
    """The what-if form of scenario ``s`` as groups of controls (see the module docstring)."""
    lv = levers or Levers()
    groups: list[dict[str, Any]] = []
    principals = [a for a in s.actors if a.role == "belligerent"]

    items = []
    for a in principals:
        items.append(_range(
            f"cost.{a.id}", f"{a.name}: cost of war per month", "x1 is the scenario's cost (casualties, money and other "
            "losses, turned into utility); x2 doubles it, x0.5 halves it.", 0.0, 4.0, 0.05, 1.0,
            (lv.cost or {}).get(a.id), "x", "x{:.2f}"))
        r = a.discount_rate.nominal if a.discount_rate is not None else 0.1
        items.append(_range(
            f"discount.{a.id}", f"{a.name}: impatience (discount rate)", "How much a year's delay costs it, in % a year. "
            "Higher = more impatient. Moving it shifts the whole uncertain range.", 0.0, max(1.0, _snap(2 * r, 0.01)), 0.01,
            r, (lv.discount_rate or {}).get(a.id), "%/yr", "{:.0%}"))
    if items:
        groups.append({"id": "costs", "title": "Costs and patience", "controls": items})

    bf = s.battlefield
    if bf is not None:
        unit = bf.unit or "state units"
        width = bf.bounds[1] - bf.bounds[0]
        d0, v0 = bf.drift.nominal, bf.volatility.nominal
        span = max(2 * abs(d0), 2 * v0, width / 50)
        step = _nice_step(2 * span)
        items = [
            _range("drift", "Battlefield trend per month", f"Mean monthly change of: {bf.state} ({unit}); "
                   f"positive favours {bf.favours}.", _snap(d0 - span, step), _snap(d0 + span, step), step, d0, lv.drift,
                   unit, "{:+.2f}"),
            _range("volatility", "Battlefield swings per month", f"Standard deviation of the monthly change ({unit}).",
                   0.0, _snap(max(3 * v0, width / 50), step), step, v0, lv.volatility, unit, "{:.2f}"),
        ]
        names = {a.id: a.name for a in s.actors}
        for x in bf.levers:
            items.append(_range(
                f"level.{x.id}", x.name, f"Held by {names.get(x.holder, x.holder)}. 1 = as now, 0 = stopped, 2 = doubled; "
                "from the start.", 0.0, 3.0, 0.1, x.start_level.nominal,
                (lv.levels or {}).get(x.id), "level", "{:.1f}") | {"note": (x.description or "").strip()})
        groups.append({"id": "battlefield", "title": "Battlefield, aid and sanctions", "controls": items})

    where = target_deadline(s)
    if where is not None:
        aid, k = where
        d = s.actor(aid).deadlines[k]
        dl = lv.deadline
        items = [{"key": "deadline.date", "kind": "date", "label": f"{s.actor(aid).name}'s deadline",
                  "help": "From the month after it, the levers below take their levels if there is no deal.",
                  "note": (d.description or "").strip(), "baseline": d.date.date.isoformat(), "value": dl.date if dl and dl.date else d.date.date.isoformat(),
                  "min": s.start.date.isoformat(), "max": _end(s), "changed": bool(dl and dl.date)}]
        lever_names = {x.id: x.name for x in (bf.levers if bf is not None else [])}
        now = {c.lever: c.level.nominal for c in d.if_no_deal}
        for lid, name in lever_names.items():
            items.append(_range(
                f"deadline.penalty.{lid}", f"After it without a deal: {name}", "The lever's level after the deadline "
                "if there is no deal (0 = cut off, 1 = unchanged).", 0.0, 3.0, 0.1, now.get(lid, 1.0),
                (dl.penalty or {}).get(lid) if dl else None, "level", "{:.1f}"))
        c0 = d.credibility.nominal if d.credibility is not None else 1.0
        items.append(_range("deadline.credibility", "Chance the threat is carried out", "0 = an empty threat, 1 = certain. "
                            "The scenario's value is uncertain; moving this fixes it.", 0.0, 1.0, 0.05, c0,
                            dl.credibility if dl else None, "probability", "{:.0%}"))
        groups.append({"id": "deadline", "title": "Deadline", "controls": items})

    neg = negotiators(s)
    items = []
    for p, d in neg.items():
        if d == p:
            continue
        a = s.actor(d)
        cur = (lv.authority or {}).get(d)
        items.append({"key": f"authority.{d}", "kind": "select", "label": f"{a.name} ({s.actor(p).name}'s negotiator)",
                      "help": a.title or "", "baseline": a.authority, "value": cur or a.authority, "changed": cur is not None,
                      "options": [(k, w) for k, w in AUTHORITY_WORDS.items()]})
    for a in principals:
        on = bool((lv.ratchet or {}).get(a.id))
        items.append({"key": f"ratchet.{a.id}", "kind": "checkbox", "label": f"{a.name} banks every concession (ratchet)",
                      "help": "Its negotiator never again accepts less than the best offer it has received "
                      "(Driesen et al. 2012). Affects the simulated talks only.", "baseline": False, "value": on, "changed": on})
    if items:
        groups.append({"id": "talks", "title": "Who can sign, and how they bargain", "controls": items})

    dur = s.durability
    if dur is not None and dur.guarantee_issue is not None and dur.multipliers is not None:
        iss = s.issue(dur.guarantee_issue)
        opts = [("", "as negotiated (the deal's own terms)")]
        if isinstance(dur.multipliers, dict):
            for o in iss.options:
                opts.append((o, f"{iss.label(iss.to_scale(o))} (breakdown risk x{dur.multipliers.get(o, 1.0):g})"))
        g = lv.guarantee
        value = "" if g is None else (g if isinstance(g, str) else f"{g:g}")
        if value and value not in [o for o, _ in opts]:
            opts.append((value, f"breakdown risk x{value}"))
        groups.append({"id": "guarantee", "title": "Security guarantee", "controls": [{
            "key": "guarantee", "kind": "select", "label": "Guarantee behind any deal",
            "help": f"How much the guarantee cuts the yearly chance that a deal breaks down (issue: {iss.name}).",
            "baseline": "", "value": value, "changed": g is not None, "options": opts}]})
    return groups


def _end(s) -> str:
    d = s.start.date
    y, m = divmod(d.month - 1 + s.horizon_months, 12)
    return f"{d.year + y:04d}-{m + 1:02d}-{min(d.day, 28):02d}"
