"""Dotted paths to the numbers in a scenario: the same syntax as ``--set`` overrides.

List elements with an ``id`` are addressed by it (``actors.RU.discount_rate``), others by
index (``actors.US.deadlines.0.credibility``). :func:`quantities` lists every
:class:`~zopa.scenario.quantity.Quantity` in a scenario, :func:`uncertain` the ones with
a distribution (the inputs a sweep samples).

Examples
--------
>>> import zopa
>>> q = quantities(zopa.load("textbook"))
>>> sorted(q)[:3]
['actors.A.capability', 'actors.A.discount_rate', 'actors.A.issues.border.position']
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from zopa.scenario.model import Scenario
from zopa.scenario.quantity import Quantity

__all__ = ["quantities", "uncertain", "get_quantity", "walk"]


def _walk(node: Any, path: tuple[str, ...]):
    if isinstance(node, Quantity):
        yield ".".join(path), node
        return
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _walk(getattr(node, name), (*path, name))
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _walk(v, (*path, str(k)))
    elif isinstance(node, list | tuple):
        for i, v in enumerate(node):
            key = getattr(v, "id", None) if isinstance(v, BaseModel) else None
            yield from _walk(v, (*path, str(key) if isinstance(key, str) else str(i)))


def walk(node: Any, path: tuple[str, ...] = ()):
    """Every quantity below ``node`` (a scenario or any part of it) as (dotted path, quantity) pairs."""
    return _walk(node, path)


def quantities(s: Scenario) -> dict[str, Quantity]:
    """Every number of the scenario, by dotted path."""
    return dict(_walk(s, ()))


def uncertain(s: Scenario) -> dict[str, Quantity]:
    """The uncertain numbers (those with a ``dist``), by dotted path."""
    return {k: q for k, q in quantities(s).items() if q.uncertain}


def get_quantity(s: Scenario, path: str) -> Quantity | None:
    """The quantity at a dotted path, or None."""
    return quantities(s).get(path)
