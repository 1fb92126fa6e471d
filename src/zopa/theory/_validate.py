"""Shared argument checks for :mod:`zopa.theory`.

Every public function converts its numeric arguments with :func:`real`, checks
ranges with :func:`check`, and hands scalars back as Python floats via
:func:`out`.  A bad argument raises :class:`ValueError` naming the argument, the
allowed range and the first offending value.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["real", "check", "out", "out_bool", "fail", "broadcast"]


def real(name: str, value: Any) -> np.ndarray:
    """Return ``value`` as a float array, refusing NaN, infinities and non-numbers."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a real number or an array of them, got {value!r}"
        ) from None
    if not np.isfinite(arr).all():
        bad = arr[~np.isfinite(arr)].flat[0]
        raise ValueError(f"{name} must be finite, got {bad}")
    return arr


def check(
    name: str,
    arr: np.ndarray,
    lo: float | None = None,
    hi: float | None = None,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
) -> np.ndarray:
    """Raise ValueError unless every element of ``arr`` lies in the given interval."""
    ok = np.ones(arr.shape, dtype=bool)
    if lo is not None:
        ok &= (arr > lo) if lo_open else (arr >= lo)
    if hi is not None:
        ok &= (arr < hi) if hi_open else (arr <= hi)
    if not ok.all():
        left = "-inf" if lo is None else f"{lo:g}"
        right = "inf" if hi is None else f"{hi:g}"
        interval = f"{'(' if lo_open or lo is None else '['}{left}, {right}{')' if hi_open or hi is None else ']'}"
        bad = arr[~ok].flat[0]
        raise ValueError(f"{name} must lie in {interval}, got {bad:g}")
    return arr


def fail(name: str, message: str) -> None:
    """Raise the standard ValueError for argument ``name``."""
    raise ValueError(f"{name}: {message}")


def broadcast(**arrays: np.ndarray) -> list[np.ndarray]:
    """Broadcast the arrays together, naming them if their shapes do not fit."""
    try:
        return list(np.broadcast_arrays(*arrays.values()))
    except ValueError:
        shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in arrays.items())
        raise ValueError(f"arguments do not broadcast together: {shapes}") from None


def out(arr: np.ndarray) -> float | np.ndarray:
    """A 0-d result as a Python float, anything else as a float array."""
    arr = np.asarray(arr, dtype=float)
    return float(arr) if arr.ndim == 0 else arr


def out_bool(arr: np.ndarray) -> bool | np.ndarray:
    """A 0-d result as a Python bool, anything else as a bool array."""
    arr = np.asarray(arr, dtype=bool)
    return bool(arr) if arr.ndim == 0 else arr
