"""The what-if's levers: what an analyst may change, validated, and as query strings for links.

:class:`Levers` holds the changes (every field optional, ranges checked, unknown fields refused);
:func:`normalize` drops the ones left at the scenario's values, so a link names only what moved;
:func:`levers_from_query` and :func:`levers_to_query` read and write the page's query strings.

>>> Levers(cost={"RU": 2}).model_dump(exclude_none=True)
{'cost': {'RU': 2.0}}
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from zopa.errors import InputError, Problem

__all__ = ["Levers", "DeadlineLever", "LeverError", "Change", "normalize", "levers_from_query", "levers_to_query",
           "negotiators", "target_deadline"]

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
        nominal = {lv.id: lv.start_level.nominal for lv in bf.levers}
        keep("levels", lambda k, v: k in nominal and _close(v, nominal[k]))
    ids = {a.id: a for a in s.actors}
    keep("authority", lambda k, v: k in ids and ids[k].authority == v)
    where = target_deadline(s)
    if "deadline" in d and where is not None:
        dl = s.actor(where[0]).deadlines[where[1]]
        now = {lv.id: lv.start_level.nominal for lv in (bf.levers if bf is not None else [])}
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


def _claim_month(s, at) -> int | None:
    if at is None:
        return None
    if isinstance(at, int | float):
        return int(round(float(at)))
    from zopa.zone.inputs import month_of

    return int(round(month_of(s, at.date)))
