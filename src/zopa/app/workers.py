"""What-ifs in worker processes (``zopa serve --processes N``): the zone analysis holds Python's
global lock for part of its work, so threads share one core; processes use them all.

The server sends a plain description of the what-if (:func:`spec`: the scenario's name, and its
text when it is an upload or the operator's file, the levers, worlds, seed and month); each
worker keeps its own scenarios and baselines, and returns the what-if's JSON, or the problems of
a bad request (:func:`unwrap` raises them again as :class:`zopa.errors.InputError`).
"""

from __future__ import annotations

from typing import Any

from zopa.errors import InputError, Problem

__all__ = ["spec", "compute", "unwrap", "tune_allocator"]

_SERVICE = None


def tune_allocator() -> bool:
    """Keep the memory of freed large arrays in the process for the next what-if (glibc only).

    A what-if allocates some 30 MB of arrays and frees them; by default glibc returns blocks of
    that size to the system and the next what-if takes them back page by page (about 6000 page
    faults, a fifth of its time). Raising the thresholds at which glibc maps and trims memory
    (``mallopt``) keeps them: the process holds its peak (tens of MB) instead. Returns whether it
    could (False on other C libraries, where nothing changes).
    """
    try:
        import ctypes
        import ctypes.util

        mallopt = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(mallopt(m_mmap_threshold, 32 << 20)) and bool(mallopt(m_trim_threshold, 256 << 20))


def spec(entry, levers, worlds: int, seed: int, by: int) -> dict[str, Any]:
    """A what-if as plain, picklable data."""
    text = None if entry.kind in ("built-in", "history") else entry.read()
    return {"name": entry.name, "kind": entry.kind, "filename": entry.filename, "text": text,
            "levers": levers.model_dump(exclude_none=True), "worlds": worlds, "seed": seed, "by": by}


def compute(job: dict[str, Any]) -> dict[str, Any]:
    """Run a what-if in this worker process (its scenarios and baselines are cached here)."""
    global _SERVICE
    from zopa.app.service import Service
    from zopa.app.store import Store
    from zopa.whatif import Levers

    if _SERVICE is None:
        _SERVICE = Service(Store())
    if job["text"] is not None:
        _SERVICE.store.add_text(job["name"], job["kind"], job["text"], job["filename"])
    try:
        return _SERVICE.whatif_sync(job["name"], Levers.model_validate(job["levers"]), worlds=job["worlds"], seed=job["seed"],
                                    by=job["by"])
    except InputError as err:
        return {"__problems__": [p.to_dict() for p in err.problems]}


def unwrap(out: dict[str, Any]) -> dict[str, Any]:
    """The what-if's JSON, or :class:`InputError` with the worker's problems."""
    if "__problems__" in out:
        raise InputError([Problem(**p) for p in out["__problems__"]])
    return out
