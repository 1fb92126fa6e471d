"""The JSON Schema of the scenario language (for editors and ``zopa schema``)."""

from __future__ import annotations

import json
from typing import Any

SCHEMA_URL = "https://raw.githubusercontent.com/zopa-dev/zopa/main/schema/scenario.schema.json"

__all__ = ["json_schema", "json_schema_text", "SCHEMA_URL"]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a scenario file.

    Examples
    --------
    >>> s = json_schema()
    >>> s["title"], "actors" in s["properties"]
    ('Scenario', True)
    """
    from zopa.scenario.model import Scenario
    from zopa.scenario.quantity import Quantity

    schema = Scenario.model_json_schema(mode="validation")
    defs = schema.setdefault("$defs", {})
    if "Quantity" not in defs:
        defs["Quantity"] = Quantity.model_json_schema(mode="validation")
    schema = _number_or_quantity(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_URL
    schema["description"] = (
        "A zopa scenario: sources, issues, actors, plans, events, battlefield, durability and claims. "
        "See docs/reference/scenario.md."
    )
    return schema


_SHORTHAND = {
    "#/$defs/Quantity": (
        [{"type": "number"}],
        "A number, or {value, source | basis, rationale} for a fact or judgement, or {dist, ...} for an uncertain quantity.",
    ),
    "#/$defs/SetValue": (
        [{"type": "number"}, {"type": "string"}],
        "A value, an option id, or {value | option | range | dist, source | basis}.",
    ),
}


def _number_or_quantity(node: Any) -> Any:
    """Every reference to a Quantity also accepts a plain number (the shorthand)."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if ref in _SHORTHAND:
            rest = {k: v for k, v in node.items() if k != "$ref"}
            rest.setdefault("description", _SHORTHAND[ref][1])
            return {"anyOf": [*_SHORTHAND[ref][0], {"$ref": ref}], **rest}
        out = {k: _number_or_quantity(v) for k, v in node.items()}
        if "anyOf" in out and out.get("type") == "string":
            out.pop("type")  # an id that may also be written as a number
        return out
    if isinstance(node, list):
        return [_number_or_quantity(v) for v in node]
    return node


def json_schema_text() -> str:
    """The schema as stable, indented JSON text (what is committed in schema/)."""
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
