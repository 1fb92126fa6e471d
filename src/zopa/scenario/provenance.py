"""Every assumption and judgement in a scenario, with its rationale (for reports and reviews).

>>> import zopa
>>> t = assumptions(zopa.load("tests/data/good.yaml"))
>>> t.loc[t.path == "actors.A.discount_rate", ["basis", "value", "rationale"]].values.tolist()
[['judgement', '0.1', 'patient']]
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from pydantic import BaseModel

from zopa.scenario.model import Scenario
from zopa.scenario.quantity import Quantity

__all__ = ["assumptions"]

_JUDGED = {"judgement", "assumption", "derived"}


def _value(node: Any) -> str:
    if isinstance(node, Quantity):
        if node.dist:
            params = {k: getattr(node, k) for k in ("mean", "sd", "median", "sigma", "low", "mode", "high", "a", "b") if getattr(node, k) is not None}
            return f"{node.dist}(" + ", ".join(f"{k}={v:g}" for k, v in params.items()) + ")"
        return f"{node.nominal:g}"
    fields = {}
    for name in ("position", "value", "option", "range", "level", "multipliers", "annual_breakdown", "values", "map"):
        v = getattr(node, name, None)
        if v is None:
            continue
        fields[name] = _value(v) if isinstance(v, Quantity) else v
    if not fields:
        return ""
    return "; ".join(f"{k}: {v}" for k, v in fields.items())


def _walk(node: Any, path: tuple[str, ...], out: list[dict], default: dict | None):
    if isinstance(node, BaseModel):
        basis = getattr(node, "basis", None)
        if basis in _JUDGED:
            out.append({"path": ".".join(path), "basis": basis, "value": _value(node), "rationale": getattr(node, "rationale", None) or ""})
        for name in type(node).model_fields:
            if name in {"sources"} and not path:
                continue
            yield_from = getattr(node, name)
            _walk(yield_from, (*path, name), out, default)
    elif isinstance(node, dict):
        for k, v in node.items():
            _walk(v, (*path, str(k)), out, default)
    elif isinstance(node, list | tuple):
        for i, v in enumerate(node):
            key = getattr(v, "id", None) if isinstance(v, BaseModel) else None
            _walk(v, (*path, str(key) if isinstance(key, str) else str(i)), out, default)


def assumptions(s: Scenario) -> pd.DataFrame:
    """One row per judgement or assumption: path, basis, value and rationale."""
    rows: list[dict] = []
    _walk(s, (), rows, s.defaults)
    if s.defaults and s.defaults.get("basis") in _JUDGED:
        rows.insert(0, {"path": "(every number without a source)", "basis": s.defaults["basis"], "value": "",
                        "rationale": s.defaults.get("rationale", "")})
    return pd.DataFrame(rows, columns=["path", "basis", "value", "rationale"])
