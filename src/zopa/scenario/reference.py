"""The scenario language's reference page, generated from the models (docs/reference/scenario.md).

>>> text = markdown()
>>> "## Actor" in text and "| `authority` |" in text
True
"""

from __future__ import annotations

import typing

from pydantic import BaseModel

__all__ = ["markdown"]

INTRO = """# The scenario language

A scenario is a YAML (or TOML, or JSON) file of plain data; no code runs from it. Start from
`zopa init`, check with `zopa validate FILE --strict`, and let your editor complete and check it:
every built-in file starts with

    # yaml-language-server: $schema=https://raw.githubusercontent.com/zopa-dev/zopa/main/schema/scenario.schema.json

(the schema is `schema/scenario.schema.json`, printed by `zopa schema`).

**Numbers.** Any number may be written as a plain number (`0.2`), as a fact
(`{value: 0.2, source: src-id}`), as a judgement (`{value: 0.2, basis: judgement, rationale: "..."}`),
with disputed values (`{value: 35, values: [{value: 35, source: a}, {value: 31.7, source: b}]}`), or as
an uncertain quantity (`{dist: normal, mean: 0.1, sd: 0.02}`; `lognormal` {median, sigma}, `uniform`
{low, high}, `triangular` {low, mode, high}, `beta` {a, b, low, high}; `normal` may be truncated with
low/high). Analyses use the nominal value (`value`, else the distribution's mean); sweeps sample.

**Dates** are `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. **Ids** start with a letter. **References**
(sources, actors, issues, plans, options) are checked, with a did-you-mean for typos.
`--set path=value` overrides any field on the command line; list items are addressed by id
(`actors.RU.discount_rate=0.1`) or index.

**Provenance.** `zopa validate --strict` fails on any number, event or plan without a source, and on
any judgement without a rationale.

The sections below list every field (generated from `zopa.scenario.model`; a test keeps this page
current).
"""


def _type_name(tp) -> str:
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is typing.Annotated:
        inner = _type_name(args[0])
        return "number or quantity" if inner == "Quantity" else inner
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        parts = [_type_name(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(parts))
    if origin is list:
        return f"list of {_type_name(args[0])}"
    if origin is tuple:
        return "[" + ", ".join(_type_name(a) for a in args if a is not Ellipsis) + "]"
    if origin is dict:
        return f"mapping of {_type_name(args[0])} to {_type_name(args[1])}"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if isinstance(tp, type):
        return {"str": "text", "float": "number", "int": "integer", "bool": "true/false", "date": "date",
                "PartialDate": "date", "Any": "any"}.get(tp.__name__, tp.__name__)
    return str(tp).replace("typing.", "")


def _models():
    from zopa.scenario import model as M
    from zopa.scenario.quantity import Quantity

    return [M.Scenario, M.Source, M.Issue, M.WarOutcome, M.Actor, M.ActorIssue, M.Deadline, M.LeverChange, M.Constraint,
            M.Plan, M.Point, M.SetValue, M.Reaction, M.Event, M.Participant, M.War, M.Battlefield, M.SideCosts, M.Lever,
            M.LeverEffect, M.Durability, M.Claim, M.Predicate, Quantity]


def markdown() -> str:
    """The reference page as Markdown."""
    out = [INTRO]
    for m in _models():
        doc = (m.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
        out.append(f"## {m.__name__}\n\n{doc}\n")
        out.append("| field | type | required | description |\n|---|---|---|---|")
        for name, f in m.model_fields.items():
            req = "yes" if f.is_required() else ""
            desc = (f.description or "").replace("|", "\\|").replace("\n", " ")
            out.append(f"| `{name}` | {_type_name(f.annotation)} | {req} | {desc} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _is_model(tp) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)
