"""What the pages and the API share: what-ifs computed off the event loop, and their caches.

Heavy work (sampling worlds, solving the zone, simulating talks) runs in worker threads with a
bounded number of slots (:class:`anyio.CapacityLimiter`), so the event loop keeps answering
and one slow what-if (many worlds) holds one slot, not the server. Baselines (per scenario,
worlds and seed), forecasts (per scenario) and finished what-ifs are cached; a what-if asked
for twice at once is computed once (:class:`Memo`).
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import anyio

import zopa.whatif as wi
from zopa.app.store import Store
from zopa.errors import InputError, Problem

__all__ = ["Service", "Memo", "MAX_WORLDS"]

MAX_WORLDS = 2000  # per request


class Memo:
    """A bounded LRU cache; a value asked for by several threads at once is computed once.

    >>> m = Memo(2)
    >>> m.get("a", lambda: 1), m.get("a", lambda: 2)
    (1, 1)
    """

    def __init__(self, size: int):
        self.size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._locks: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._data:
                self._data.move_to_end(key)
                return self._data[key]
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            with self._lock:
                if key in self._data:
                    return self._data[key]
            value = compute()
            with self._lock:
                self._data[key] = value
                while len(self._data) > self.size:
                    self._data.popitem(last=False)
                self._locks.pop(key, None)
            return value

    def __len__(self) -> int:
        return len(self._data)


class Service:
    """Scenarios, what-ifs and YAML downloads for the routes."""

    def __init__(self, store: Store | None = None, *, threads: int = 2, processes: int = 0):
        self.store = store or Store()
        self.limiter = anyio.CapacityLimiter(max(threads, processes))
        self.baselines = Memo(8)
        self.forecasts = Memo(16)
        self.results = Memo(256)
        self.pool = None
        from zopa.app import workers

        if processes > 0:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=workers.tune_allocator)
        else:
            workers.tune_allocator()  # what-ifs run in this process

    def close(self) -> None:
        """Stop the worker processes, if any (waiting for them: without the wait they outlived a
        server stopped by SIGTERM, each holding its memory)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    # -- scenarios ---------------------------------------------------------------------------
    def scenario(self, name: str):
        return self.store.get(name).scenario

    def whatif_ready(self, s) -> str | None:
        """Why the what-if cannot run on ``s`` (None if it can)."""
        if s.battlefield is None:
            return "the what-if needs a battlefield section (how the war moves and what it costs)"
        n = sum(a.role == "belligerent" for a in s.actors)
        if n != 2:
            return f"the what-if needs exactly two belligerents (role: belligerent); this scenario has {n}"
        return None

    # -- what-ifs ---------------------------------------------------------------------------
    def whatif_sync(self, name: str, levers: wi.Levers, *, worlds: int, seed: int, by: int) -> dict:
        """The what-if's JSON (cached); raises InputError (422) for levers or settings that do not apply."""
        entry = self.store.get(name)
        s = entry.scenario
        why = self.whatif_ready(s)
        problems = []
        if why:
            problems.append(Problem(entry.filename, None, None, "", why))
        if not 10 <= worlds <= MAX_WORLDS:
            problems.append(Problem("request", None, None, "worlds", f"must be in 10..{MAX_WORLDS}, got {worlds}"))
        if not 0 <= by <= s.horizon_months:
            problems.append(Problem("request", None, None, "by", f"must be a month in 0..{s.horizon_months} (the scenario's horizon), got {by}"))
        if problems:
            raise InputError(problems)
        levers = wi.normalize(s, levers)
        wi.changes(s, levers)  # fail fast (422) before any heavy work
        key = (entry.name, levers.model_dump_json(exclude_none=True), worlds, seed, by)
        return self.results.get(key, functools.partial(self._compute, entry, levers, worlds, seed, by))

    def _compute(self, entry, levers, worlds: int, seed: int, by: int) -> dict:
        if self.pool is not None:
            from zopa.app import workers

            out = self.pool.submit(workers.compute, workers.spec(entry, levers, worlds, seed, by)).result()
            return workers.unwrap(out)
        s = entry.scenario
        base = self.baseline(entry.name, worlds, seed)
        return wi.run(s, levers, worlds=worlds, seed=seed, by=by, base=base).to_json()

    def baseline(self, name: str, worlds: int, seed: int) -> wi.Baseline:
        entry = self.store.get(name)
        s = entry.scenario
        fc = self.forecasts.get(entry.name, functools.partial(wi.forecast_points, s))
        return self.baselines.get((entry.name, worlds, seed), lambda: wi.baseline(s, worlds=worlds, seed=seed, forecasts=fc))

    async def whatif(self, name: str, levers: wi.Levers, *, worlds: int, seed: int, by: int) -> dict:
        """:meth:`whatif_sync` in a worker thread (at most ``threads`` at once)."""
        fn = functools.partial(self.whatif_sync, name, levers, worlds=worlds, seed=seed, by=by)
        return await anyio.to_thread.run_sync(fn, limiter=self.limiter)

    def yaml(self, name: str, levers: wi.Levers) -> str:
        """The what-if as a scenario file, in the layout of the original file."""
        entry = self.store.get(name)
        s = entry.scenario
        return wi.to_yaml(s, wi.normalize(s, levers), entry.raw, name=entry.name)

    async def run(self, fn: Callable[[], Any]) -> Any:
        """Any blocking call in a worker thread."""
        return await anyio.to_thread.run_sync(fn, limiter=self.limiter)

    def warm(self, name: str, worlds: int = wi.DEFAULT_WORLDS, seed: int = 0) -> None:
        """Compute a scenario's baseline ahead of the first visitor, in every worker process if there
        are some (errors are left for the routes to report)."""
        try:
            s = self.scenario(name)
            if self.whatif_ready(s) is not None:
                return
            if self.pool is not None:
                from zopa.app import workers

                entry = self.store.get(name)
                jobs = [self.pool.submit(workers.compute, workers.spec(entry, wi.Levers(), worlds, seed, 12))
                        for _ in range(self.pool._max_workers)]
                for j in jobs:
                    j.result()
            else:
                self.baseline(name, worlds, seed)
        except Exception:  # best effort: the routes report problems properly
            pass
