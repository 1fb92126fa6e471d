"""The scenario language: pydantic models of sources, issues, actors, plans, events and the battlefield.

A scenario file (YAML or TOML) is data, never code. Its sections:

``sources``
    every page a fact comes from (id, url, accessed date, quality flag);
``issues``
    what is negotiated: continuous (bounds, unit) or ordinal (ordered options), with the
    ``status_quo`` and the ``war_outcome``;
``actors``
    states, leaders, delegates, blocs and mediators: authority, capability, positions,
    saliences and utilities, patience, costs, deadlines;
``plans``
    the documents on the table, point by point, with the issue values each point sets and
    each actor's recorded reaction;
``events``
    the timeline;
``battlefield``
    the state of the war, how it moves, what it costs, and the levers that move it;
``durability``
    how likely a deal is to break down, and how guarantees change that;
``claims``
    statements about the scenario whose odds :mod:`zopa.sweep` estimates.

See ``docs/reference/scenario.md`` for the reference and ``zopa init`` for a template.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from zopa.scenario.quantity import Basis, Q, Quantity

__all__ = [
    "Source", "Issue", "WarOutcome", "ActorIssue", "Deadline", "Constraint", "Actor", "SetValue",
    "Reaction", "Point", "Plan", "Participant", "Event", "LeverEffect", "Lever", "SideCosts",
    "Battlefield", "Durability", "Claim", "Predicate", "Scenario", "PartialDate", "War",
]

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_.\-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, description="An identifier: a letter, then letters, digits, _ . -")]

_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_default=True)


def _parse_partial(value: Any) -> tuple[dt.date, str]:
    if isinstance(value, dt.datetime):
        return value.date(), "day"
    if isinstance(value, dt.date):
        return value, "day"
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("expected a date: YYYY-MM-DD, YYYY-MM or YYYY")
    m = _PARTIAL_DATE.match(value.strip())
    if not m:
        raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    y, mo, d = m.groups()
    try:
        date = dt.date(int(y), int(mo or 1), int(d or 1))
    except ValueError as err:
        raise ValueError(f"{value!r} is not a valid date: {err}") from None
    return date, "day" if d else "month" if mo else "year"


class PartialDate(str):
    """A date known to the day, month or year: ``2025-11-27``, ``2025-02`` or ``1654``."""

    @classmethod
    def __get_pydantic_core_schema__(cls, source, handler):
        from pydantic_core import core_schema

        def validate(v: Any) -> PartialDate:
            date, precision = _parse_partial(v)
            text = {"day": date.isoformat(), "month": date.isoformat()[:7], "year": str(date.year)}[precision]
            out = cls(text)
            out.date, out.precision = date, precision
            return out

        return core_schema.no_info_plain_validator_function(
            validate, serialization=core_schema.plain_serializer_function_ser_schema(str)
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema, handler):
        return {
            "anyOf": [{"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"}, {"type": "integer", "minimum": 1, "maximum": 9999}],
            "description": "YYYY-MM-DD, YYYY-MM or YYYY",
        }


# ---------------------------------------------------------------------------- sources
class Source(_Strict):
    """A page or document that facts cite."""

    id: Id
    url: str = Field(description="Address of the page (http(s)://, doi: or urn:).")
    accessed: dt.date = Field(description="Date the page was read.")
    title: str | None = None
    publisher: str | None = None
    published: PartialDate | None = Field(None, description="Publication date where known.")
    quality: Literal["official", "press", "academic", "dataset", "state-media", "aggregator", "other"] = Field(
        "press", description="official (a government's own site), state-media, aggregator (weaker), ..."
    )
    note: str | None = None

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if not re.match(r"^(https?://|doi:|urn:)\S+$", v):
            raise ValueError("url must start with http://, https://, doi: or urn:")
        return v


# ---------------------------------------------------------------------------- issues
class WarOutcome(_Strict):
    """What holds on an issue if fighting decides the war.

    Either a fixed ``value`` / ``option``, or ``follows: battlefield`` with a piecewise-linear
    map from the battlefield state to the issue's scale (``map: [[state, value], ...]``).
    """

    value: float | None = None
    option: str | None = None
    follows: Literal["battlefield"] | None = None
    map: list[tuple[float, float]] | None = Field(
        None, description="Points (battlefield state, issue value), state increasing."
    )
    source: str | list[str] | None = None
    basis: Basis | None = None
    rationale: str | None = None

    @model_validator(mode="after")
    def _one(self) -> WarOutcome:
        kinds = [self.value is not None, self.option is not None, self.follows is not None]
        if sum(kinds) != 1:
            raise ValueError("give exactly one of value, option, follows")
        if self.follows and (not self.map or len(self.map) < 2):
            raise ValueError("follows: battlefield needs `map` with at least two [state, value] points")
        if self.map and any(b[0] <= a[0] for a, b in zip(self.map, self.map[1:], strict=False)):
            raise ValueError("map: battlefield states must increase")
        return self


class Issue(_Strict):
    """One issue on the table."""

    id: Id
    name: str
    kind: Literal["continuous", "ordinal"]
    description: str | None = None
    bounds: tuple[float, float] | None = Field(None, description="continuous: [low, high] of the scale.")
    unit: str | None = Field(None, description="continuous: the unit of the scale.")
    step: float | None = Field(None, gt=0, description="continuous: grid step used to discretise it (simulation).")
    options: list[Id] | None = Field(None, description="ordinal: option ids, in order.")
    labels: dict[str, str] | None = Field(None, description="ordinal: option id -> readable label.")
    status_quo: Q | str = Field(description="What holds today: a value, or an option id.")
    war_outcome: WarOutcome | None = Field(None, description="What holds if fighting decides it (default: status quo).")
    sources: list[str] = Field(default_factory=list)
    group: str | None = Field(None, description="A heading to group issues under (e.g. territory).")

    @model_validator(mode="after")
    def _shape(self) -> Issue:
        if self.kind == "continuous":
            if self.bounds is None:
                raise ValueError("a continuous issue needs bounds: [low, high]")
            if self.bounds[0] >= self.bounds[1]:
                raise ValueError("bounds: low must be < high")
            if self.options is not None:
                raise ValueError("options are for ordinal issues (this one is continuous)")
        else:
            if not self.options or len(self.options) < 2:
                raise ValueError("an ordinal issue needs at least two options")
            if len(set(self.options)) != len(self.options):
                raise ValueError("options must be unique")
            if self.bounds is not None:
                raise ValueError("bounds are for continuous issues (this one is ordinal)")
        return self

    @property
    def scale(self) -> tuple[float, float]:
        """The issue's numeric scale: bounds, or 0..n-1 for ordinal options."""
        if self.kind == "continuous":
            return float(self.bounds[0]), float(self.bounds[1])
        return 0.0, float(len(self.options) - 1)

    def to_scale(self, value: float | str) -> float:
        """A value or option id on the issue's numeric scale."""
        if isinstance(value, str):
            if self.kind != "ordinal" or value not in self.options:
                raise ValueError(f"{value!r} is not an option of issue {self.id}")
            return float(self.options.index(value))
        return float(value)

    def label(self, x: float, short: bool = False) -> str:
        """A readable label of a point on the scale (``short``: the option id, or the number alone)."""
        if self.kind == "ordinal":
            i = int(round(x))
            opt = self.options[max(0, min(i, len(self.options) - 1))]
            return opt if short else (self.labels or {}).get(opt, opt)
        number = f"{x:.0f}" if abs(x) >= 100 else f"{x:.3g}"
        return number if short or not self.unit else f"{number} {self.unit}"

    @property
    def status_quo_value(self) -> float:
        sq = self.status_quo
        return self.to_scale(sq if isinstance(sq, str) else sq.nominal)


# ---------------------------------------------------------------------------- actors
class ActorIssue(_Strict):
    """An actor's stance on one issue: ideal position, salience and utility shape or table."""

    position: Q | str | None = Field(None, description="Ideal point on the issue's scale, or an option id.")
    salience: Q | None = Field(None, description="How much the issue matters, 0..1.")
    loss_exponent: float = Field(
        1.0, gt=0, description="Utility 1 - (distance/range)^k: 1 linear, >1 concave utility, <1 convex."
    )
    values: dict[str, float] | list[tuple[float, float]] | None = Field(
        None,
        description="Explicit utility table: {option: u} for ordinal issues, or [[x, u], ...] points "
        "(piecewise linear) for continuous ones. Overrides position/loss_exponent.",
    )
    red_line: Q | str | None = Field(None, description="The worst value the actor says it accepts.")
    source: str | list[str] | None = None
    basis: Basis | None = None
    rationale: str | None = None

    @model_validator(mode="after")
    def _some(self) -> ActorIssue:
        if self.position is None and self.values is None:
            raise ValueError("give a position or a values table")
        if isinstance(self.values, dict) and any(not 0 <= v <= 1 for v in self.values.values()):
            raise ValueError("values must be utilities in [0, 1]")
        if isinstance(self.values, list) and any(not 0 <= u <= 1 for _, u in self.values):
            raise ValueError("values must be utilities in [0, 1]")
        return self


class LeverChange(_Strict):
    """A change of a lever's level (e.g. US aid cut)."""

    lever: Id
    level: Q


class Deadline(_Strict):
    """A deadline an actor sets, and what happens after it if there is no deal."""

    date: PartialDate
    description: str
    if_no_deal: list[LeverChange] = Field(default_factory=list, description="Lever changes after the date.")
    credibility: Q | None = Field(None, description="Probability the threat is carried out, 0..1 (default 1).")
    source: str | list[str] | None = None
    basis: Basis | None = None
    rationale: str | None = None


class Constraint(_Strict):
    """A domestic constraint: an election, a referendum, a constitutional bar, ratification."""

    kind: Literal["election", "referendum", "constitution", "ratification", "other"]
    description: str
    date: PartialDate | None = None
    issues: list[Id] = Field(default_factory=list)
    source: str | list[str] | None = None
    basis: Basis | None = None
    rationale: str | None = None


class Actor(_Strict):
    """A state, leader, delegate or envoy, bloc or mediator."""

    id: Id
    name: str
    kind: Literal["state", "leader", "envoy", "delegate", "bloc", "mediator"]
    role: Literal["belligerent", "mediator", "ally", "delegate", "observer"] = Field(
        "observer", description="belligerents are the principals whose war values define the zone."
    )
    principal: Id | None = Field(None, description="The actor this one acts for (delegates, envoys, leaders).")
    authority: Literal["sign", "refer", "none"] = Field(
        "sign", description="sign: can sign; refer: must refer back to its principal; none: no mandate."
    )
    title: str | None = Field(None, description="Office held (e.g. Presidential Aide).")
    capability: Q | None = Field(None, description="Power, clout or influence (0..1 or any positive scale).")
    issues: dict[str, ActorIssue] = Field(default_factory=dict, description="Stance per issue id.")
    weights: dict[str, Q] | None = Field(None, description="Issue weights of the utility (default: saliences).")
    reservation: Q | None = Field(None, description="Utility below which the actor will not agree, 0..1.")
    risk_aversion: Q | None = Field(None, description="0 neutral; 0..1 averse (u^(1-a)); < 0 acceptant.")
    discount_rate: Q | None = Field(None, description="Annual discount rate (monthly factor exp(-r/12)).")
    monthly_cost: Q | None = Field(None, description="Extra cost of war in utility per month.")
    cost_weights: dict[str, Q] | None = Field(
        None, description="Utility per unit of each battlefield cost (e.g. usd_bn, casualties_k)."
    )
    deadlines: list[Deadline] = Field(default_factory=list)
    constraints: list[Constraint] = Field(default_factory=list)
    vetoes: list[Id] = Field(default_factory=list, description="Issues on which this actor holds a veto.")
    alignment: dict[str, float] | None = Field(
        None, description="Alignment with other actors, -1 (opposed) .. 1 (aligned)."
    )
    sources: list[str] = Field(default_factory=list)
    note: str | None = None

    @field_validator("alignment")
    @classmethod
    def _alignment(cls, v: dict[str, float] | None) -> dict[str, float] | None:
        if v and any(not -1 <= x <= 1 for x in v.values()):
            raise ValueError("alignment values must be in [-1, 1]")
        return v


# ---------------------------------------------------------------------------- plans
class SetValue(_Strict):
    """The value a plan point sets on an issue: a value, an option, a range or a distribution."""

    value: float | None = None
    option: str | None = None
    range: tuple[float, float] | None = None
    dist: Quantity | None = None
    source: str | list[str] | None = None
    basis: Basis | None = None
    rationale: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, bool):
            raise ValueError("expected a value, an option id or a mapping")
        if isinstance(data, int | float):
            return {"value": data}
        if isinstance(data, str):
            return {"option": data}
        return data

    @model_validator(mode="after")
    def _one(self) -> SetValue:
        if sum(x is not None for x in (self.value, self.option, self.range, self.dist)) != 1:
            raise ValueError("give exactly one of value, option, range, dist")
        if self.range is not None and self.range[0] > self.range[1]:
            raise ValueError("range: low must be <= high")
        return self


class Reaction(_Strict):
    """An actor's recorded reaction to a plan point."""

    reaction: Literal["accept", "reject", "unclear", "amend"]
    date: PartialDate | None = None
    quote: str | None = None
    source: str | list[str]


class Point(_Strict):
    """One point of a plan."""

    id: str = Field(
        description="The point's number or label in its plan (e.g. '21' or '21a').",
        json_schema_extra={"anyOf": [{"type": "string"}, {"type": "integer"}]},
    )
    text: str = Field(description="The point's text or a summary of what was reported.")
    topic: str | None = None
    matches: dict[str, str] = Field(
        default_factory=dict,
        description="plan id -> the matching point id there.",
        json_schema_extra={"additionalProperties": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
    )
    sets: dict[str, SetValue] = Field(default_factory=dict, description="issue id -> the value the point sets.")
    reactions: dict[str, Reaction] = Field(default_factory=dict, description="actor id -> reaction.")
    sources: list[str] = Field(default_factory=list, description="Sources of this point (default: the plan's).")
    unsourced: bool = Field(False, description="The text is not in any source found (kept for completeness).")

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, v: Any) -> Any:
        return str(v) if isinstance(v, int) and not isinstance(v, bool) else v

    @field_validator("matches", mode="before")
    @classmethod
    def _matches(cls, v: Any) -> Any:
        if isinstance(v, dict):
            return {k: str(x) if isinstance(x, int) and not isinstance(x, bool) else x for k, x in v.items()}
        return v


class Plan(_Strict):
    """A document on the table: a plan, a counter-proposal, a memorandum, a framework."""

    id: Id
    name: str
    author: str = Field(description="Actor id, or a description of the authors.")
    date: PartialDate
    text: Literal["published", "leaked", "reported", "summary"] = Field(
        "reported", description="How much of the text is known."
    )
    description: str | None = None
    based_on: Id | None = Field(None, description="The plan this one amends (inherits its points).")
    removes: list[str] = Field(
        default_factory=list,
        description="Points of the base plan this one deletes.",
        json_schema_extra={"items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
    )
    points: list[Point] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)

    @field_validator("removes", mode="before")
    @classmethod
    def _removes(cls, v: Any) -> Any:
        if isinstance(v, list):
            return [str(x) if isinstance(x, int) and not isinstance(x, bool) else x for x in v]
        return v


# ---------------------------------------------------------------------------- events
class Participant(_Strict):
    """Who took part in an event, in what role, with what authority."""

    actor: Id | None = Field(None, description="Actor id, when the person is an actor of the scenario.")
    name: str | None = Field(None, description="Name, when not an actor of the scenario.")
    role: str | None = Field(None, description="e.g. head of delegation, chair, member, host.")
    authority: Literal["sign", "refer", "none"] | None = None

    @model_validator(mode="after")
    def _who(self) -> Participant:
        if self.actor is None and self.name is None:
            raise ValueError("give an actor id or a name")
        return self


class Event(_Strict):
    """One event of the timeline."""

    id: Id | None = None
    date: PartialDate
    end: PartialDate | None = None
    place: str | None = None
    kind: Literal[
        "meeting", "call", "statement", "deadline", "strike", "sanction", "exchange", "summit",
        "publication", "decision", "leak", "other",
    ]
    title: str
    participants: list[Participant] = Field(default_factory=list)
    documents: list[Id] = Field(default_factory=list, description="Plan ids discussed.")
    outcome: str | None = None
    sources: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _order(self) -> Event:
        if self.end is not None and self.end.date < self.date.date:
            raise ValueError(f"end: {self.end} is before date {self.date}")
        return self


# ---------------------------------------------------------------------------- battlefield
class SideCosts(_Strict):
    """Monthly costs of war for one side, in native units."""

    casualties_k: Q | None = Field(None, description="Killed and wounded per month, thousands.")
    usd_bn: Q | None = Field(None, description="Money per month, USD bn.")
    utility: Q | None = Field(None, description="Other costs directly in utility per month.")


class LeverEffect(_Strict):
    """What one unit of a lever's level does each month."""

    drift: Q | None = Field(None, description="Change of the battlefield drift (state units per month).")
    volatility: Q | None = Field(None, description="Change of the battlefield volatility.")
    costs: dict[str, SideCosts] = Field(default_factory=dict, description="actor id -> change of its monthly costs.")


class Lever(_Strict):
    """Something a mediator or ally controls: aid, sanctions, assets, intelligence."""

    id: Id
    name: str
    holder: Id = Field(description="Actor id of who pulls it.")
    level: Q = Field(description="Level now, at which the battlefield's drift and costs were observed (1 = as now, 0 = off, "
                                 "2 = doubled). To switch the lever off or double it, set `from_start`, not this.")
    from_start: Q | None = Field(None, description="A different level from the scenario's start (a variant: 0 = off, 2 = "
                                 "doubled); the drift and costs move by (from_start - level) x effect. Default: `level`.")
    effect: LeverEffect = Field(description="Effect per unit of level, relative to level 0.")
    description: str | None = None
    sources: list[str] = Field(default_factory=list)
    basis: Basis | None = None
    rationale: str | None = None


    @property
    def start_level(self) -> Q:
        """The level the analyses start from: ``from_start`` when set, else ``level``."""
        return self.from_start if self.from_start is not None else self.level


class Battlefield(_Strict):
    """The state of the war and how it moves."""

    state: str = Field(description="What the state variable measures, in words.")
    unit: str | None = None
    bounds: tuple[float, float] = Field((0.0, 1.0), description="Range of the state.")
    initial: Q = Field(description="The state at the scenario's start.")
    drift: Q = Field(description="Mean change of the state per month, before levers.")
    volatility: Q = Field(description="Standard deviation of the monthly change, before levers.")
    favours: Id = Field(description="Actor whose position improves as the state rises.")
    costs: dict[str, SideCosts] = Field(default_factory=dict, description="actor id -> monthly costs.")
    levers: list[Lever] = Field(default_factory=list)
    indicators: list[dict[str, Any]] = Field(
        default_factory=list, description="Sourced observations behind the numbers (free-form, cite sources)."
    )

    @model_validator(mode="after")
    def _bounds(self) -> Battlefield:
        if self.bounds[0] >= self.bounds[1]:
            raise ValueError("bounds: low must be < high")
        return self


class Durability(_Strict):
    """How likely a deal is to break down into renewed war, and what guarantees do."""

    annual_breakdown: Q = Field(description="Yearly probability that a deal without guarantees breaks down.")
    guarantee_issue: Id | None = Field(None, description="The issue whose value sets the guarantee's strength.")
    multipliers: dict[str, float] | list[tuple[float, float]] | None = Field(
        None,
        description="Breakdown multiplier per guarantee option (ordinal) or [[value, multiplier], ...].",
    )
    source: str | list[str] | None = None
    basis: Basis | None = None
    rationale: str | None = None


class Predicate(_Strict):
    """A test on one metric: ``metric op threshold``, read at month (or date) ``at``."""

    metric: str = Field(description="A metric from the catalogue (see `zopa claims --metrics`), or input:<path>.")
    op: Literal["<", "<=", ">", ">=", "==", "!="] = Field(description="Comparison.")
    threshold: float = Field(description="The value the metric is compared with.")
    at: float | PartialDate | None = Field(None, description="Month (from start) or date the metric is read at.")


class Claim(Predicate):
    """A claim about the scenario, whose odds a sweep estimates (data, never code)."""

    id: Id
    text: str = Field(description="The claim in words, as made.")
    source: str | list[str] | None = Field(None, description="Who made it (source ids).")
    also: list[Predicate] = Field(default_factory=list, description="Tests that must hold too.")
    when: list[Predicate] = Field(default_factory=list, description="Conditions: the claim speaks only of worlds where they hold.")
    basis: Basis | None = None
    rationale: str | None = Field(None, description="How the words were turned into this predicate.")


class War(_Strict):
    """The war the talks are about: its kind and start (for base rates from conflict data)."""

    kind: Literal["interstate", "intrastate", "internationalised", "extrasystemic"]
    started: PartialDate = Field(description="When the fighting (this phase of it) began.")
    description: str | None = None
    source: str | list[str] | None = None
    basis: Basis | None = None
    rationale: str | None = None


# ---------------------------------------------------------------------------- scenario
class Scenario(_Strict):
    """A whole scenario: the root of a scenario file."""

    zopa: Literal[1] = Field(1, description="Version of the scenario language.")
    id: Id
    title: str = Field(description="A readable title.")
    description: str | None = Field(None, description="What the scenario is about, in a few sentences.")
    start: PartialDate = Field(description="Month 0 of every analysis.")
    horizon_months: int = Field(36, ge=1, le=600, description="How far analyses look ahead.")
    as_of: PartialDate | None = Field(None, description="Latest date the facts cover.")
    defaults: dict[str, Any] | None = Field(
        None,
        description="Provenance for numbers that give none (e.g. {basis: assumption, rationale: ...}); "
        "meant for teaching files, not for real cases.",
    )
    sources: list[Source] = Field(default_factory=list, description="Every page a fact cites.")
    issues: list[Issue] = Field(description="What is negotiated.")
    actors: list[Actor] = Field(description="Who negotiates, for whom, with what authority.")
    plans: list[Plan] = Field(default_factory=list, description="The documents on the table, point by point.")
    events: list[Event] = Field(default_factory=list, description="The timeline.")
    war: War | None = Field(None, description="Kind and start of the war (for the outside view).")
    battlefield: Battlefield | None = None
    durability: Durability | None = None
    claims: list[Claim] = Field(default_factory=list, description="Statements whose odds `zopa claims` estimates.")
    analogies: list[str] = Field(default_factory=list, description="Historical cases this one is compared to (`zopa history list`).")
    notes: list[str] = Field(default_factory=list, description="Free-text notes (caveats, gaps in the sources).")

    # -- lookups ---------------------------------------------------------------
    def issue(self, issue_id: str) -> Issue:
        for i in self.issues:
            if i.id == issue_id:
                return i
        raise KeyError(issue_id)

    def actor(self, actor_id: str) -> Actor:
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)

    def plan(self, plan_id: str) -> Plan:
        for p in self.plans:
            if p.id == plan_id:
                return p
        raise KeyError(plan_id)

    def source(self, source_id: str) -> Source:
        for s in self.sources:
            if s.id == source_id:
                return s
        raise KeyError(source_id)

    @property
    def principals(self) -> list[Actor]:
        """The belligerents, whose values of fighting on define the zone of agreement."""
        return [a for a in self.actors if a.role == "belligerent"]

    # -- views (pandas) ----------------------------------------------------------
    def plans_table(self, labels: bool | str = True):
        """Issue-by-plan table of what each plan sets (status quo where a plan is silent).

        ``labels``: True for readable labels, "short" for option ids and bare numbers, False for
        numbers on each issue's scale."""
        from zopa.scenario.views import plans_table

        return plans_table(self, labels)

    def timeline(self):
        """The events as a DataFrame, in date order."""
        from zopa.scenario.views import timeline

        return timeline(self)

    def actors_table(self):
        """Actors, their kind, principal and authority."""
        from zopa.scenario.views import actors_table

        return actors_table(self)

    def issues_table(self):
        """Issues with their scale, status quo and war outcome."""
        from zopa.scenario.views import issues_table

        return issues_table(self)

    def effective_points(self, plan_id: str) -> list[Point]:
        """A plan's points after applying ``based_on`` and ``removes``."""
        from zopa.scenario.plans import effective_points

        return effective_points(self, plan_id)

    def plan_values(self, plan_id: str) -> dict[str, float]:
        """Issue id -> value on the issue's scale, status quo where the plan is silent."""
        from zopa.scenario.plans import plan_values

        return plan_values(self, plan_id)

    def __repr__(self) -> str:
        from zopa.scenario.views import summary_text

        return summary_text(self)

    def _repr_html_(self) -> str:
        from zopa.scenario.views import summary_html

        return summary_html(self)
