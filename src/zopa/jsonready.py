"""JSON-ready data: what every ``--json`` output and API answer passes through.

>>> import numpy as np
>>> json_ready({"a": np.float64("nan"), "b": (np.int64(2), np.bool_(True)), "c": np.array([0.5, np.inf])})
{'a': None, 'b': [2, True], 'c': [0.5, None]}
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["json_ready"]


def json_ready(obj: Any) -> Any:
    """Plain dicts, lists, str, int, float and bool: numpy scalars and arrays converted, NaN and
    infinities as None, dates as ISO text, keys as text. The common plain types are tested first
    (a what-if's answer holds some 40,000 values)."""
    t = type(obj)
    if t is float:
        return obj if math.isfinite(obj) else None
    if t is dict:
        return {str(k): json_ready(v) for k, v in obj.items()}
    if t is list or t is tuple:
        return [json_ready(v) for v in obj]
    if t is str or t is int or t is bool or obj is None:
        return obj
    if isinstance(obj, dict):
        return {str(k): json_ready(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [json_ready(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return json_ready(obj.tolist())
    if isinstance(obj, np.bool_ | bool):
        return bool(obj)
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, float | np.floating):
        f = float(obj)
        return None if math.isnan(f) or math.isinf(f) else f
    if hasattr(obj, "isoformat"):
        return obj.isoformat()
    return obj
