"""Stable fingerprints of analysis parameters, for a sweep's manifest.

A resumed sweep must compute exactly what the interrupted one would have, so
its manifest records a hash of the analysis' fixed parameters.  The hash is a
SHA-256 of a canonical encoding that is the same in every process and on every
run (no ``id()``, no ``repr`` with memory addresses, no pickle).

Examples
--------
>>> import numpy as np
>>> fingerprint({"months": 60, "dates": [12, 24]}) == fingerprint({"dates": [12, 24], "months": 60})
True
>>> fingerprint({"a": np.arange(3)}) == fingerprint({"a": np.arange(4)})
False
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
from typing import Any

import numpy as np

__all__ = ["fingerprint", "canonical"]


def canonical(obj: Any) -> Any:
    """A JSON-ready canonical form of ``obj``.

    Handles None, bool, int, float (NaN and infinities as strings), str, lists,
    tuples, dicts (keys sorted), numpy scalars and arrays (dtype, shape and a hash
    of the bytes), pydantic models (``model_dump``), dataclasses, and any object
    with a ``fingerprint()`` method returning a string.

    Raises
    ------
    TypeError
        For anything else, naming the type, since a silent ``repr`` could differ
        between runs.
    """
    if obj is None or isinstance(obj, bool | str):
        return obj
    if isinstance(obj, int | np.integer) and not isinstance(obj, np.bool_):
        return int(obj)
    if isinstance(obj, np.bool_):
        return bool(obj)
    if isinstance(obj, float | np.floating):
        f = float(obj)
        return f if math.isfinite(f) else repr(f)
    if isinstance(obj, dict):
        return {"__dict__": [[str(k), canonical(v)] for k, v in sorted(obj.items(), key=lambda kv: str(kv[0]))]}
    if isinstance(obj, list | tuple):
        return [canonical(v) for v in obj]
    if isinstance(obj, np.ndarray):
        data = np.ascontiguousarray(obj)
        if data.dtype == object:
            return {"__array__": [canonical(v) for v in data.ravel().tolist()], "shape": list(data.shape)}
        return {
            "__ndarray__": hashlib.sha256(data.tobytes()).hexdigest(),
            "dtype": data.dtype.str,
            "shape": list(data.shape),
        }
    if callable(getattr(obj, "fingerprint", None)):
        return {"__fingerprint__": type(obj).__qualname__, "value": str(obj.fingerprint())}
    if callable(getattr(obj, "model_dump", None)):
        return {"__model__": type(obj).__qualname__, "value": canonical(obj.model_dump(mode="json"))}
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        fields = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
        return {"__dataclass__": type(obj).__qualname__, "value": canonical(fields)}
    raise TypeError(
        f"cannot fingerprint a {type(obj).__name__}: give analysis parameters as plain values, "
        "numpy arrays, pydantic models or dataclasses, or add a fingerprint() method"
    )


def fingerprint(obj: Any) -> str:
    """SHA-256 hex digest of :func:`canonical` ``(obj)``."""
    text = json.dumps(canonical(obj), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()
