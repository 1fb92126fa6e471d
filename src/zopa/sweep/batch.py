"""One batch of a sweep: sample its worlds, evaluate the analysis, encode the parts.

This is what every executor runs, in whatever process: a pure function of the
:class:`Job` and the batch index, so any executor gives the same bytes.

The analysis contract
---------------------
``evaluate(params, rand, **analysis_params)`` where ``params`` maps each input
path to an array of the batch's ``B`` sampled values and ``rand`` is a
:class:`zopa.sweep.streams.WorldRandom` for the batch's worlds.  It returns a
DataFrame (the ``results`` table) or a dict of DataFrames (``results`` plus
extra tables such as ``monthly``).  Each table has a ``world`` column of the
batch's world indices (added when a table has exactly one row per world and no
such column); ``results`` normally has one row per world.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from zopa.sweep.claims import Claim, evaluate_claims
from zopa.sweep.metrics import MetricCatalogue
from zopa.sweep.sampling import sample
from zopa.sweep.store import encode_part, table_prefix
from zopa.sweep.streams import WorldRandom

__all__ = ["Job", "run_batch", "as_tables"]


@dataclass
class Job:
    """Everything a worker needs to compute any batch of a sweep."""

    evaluate: Callable[..., Any]
    inputs: Mapping[str, Any]
    seed: int
    n_worlds: int
    batch_size: int
    method: str
    identity_hash: str
    params: Mapping[str, Any] = field(default_factory=dict)
    keep_inputs: bool = True
    claims: Sequence[Claim] = ()
    catalogue: MetricCatalogue | None = None
    compression: str = "zstd"

    @property
    def n_batches(self) -> int:
        return -(-self.n_worlds // self.batch_size)

    def bounds(self, index: int) -> tuple[int, int]:
        """The world range ``[start, stop)`` of batch ``index``."""
        if not 0 <= index < self.n_batches:
            raise ValueError(f"batch index must be in [0, {self.n_batches}), got {index}")
        start = index * self.batch_size
        return start, min(start + self.batch_size, self.n_worlds)


def as_tables(out: Any, start: int, stop: int) -> dict[str, pd.DataFrame]:
    """Check an analysis' output and give every table a valid ``world`` column."""
    if isinstance(out, pd.DataFrame):
        out = {"results": out}
    if not isinstance(out, Mapping) or "results" not in out:
        raise ValueError(
            "an analysis must return a DataFrame or a dict of DataFrames with a 'results' "
            f"table, got {type(out).__name__}"
        )
    n = stop - start
    tables = {}
    for name, df in out.items():
        table_prefix(name)  # validates the name
        if not isinstance(df, pd.DataFrame):
            raise ValueError(f"table {name!r} must be a DataFrame, got {type(df).__name__}")
        if "world" not in df.columns:
            if len(df) != n:
                raise ValueError(
                    f"table {name!r} has {len(df)} rows for {n} worlds and no 'world' column"
                )
            df = df.copy()
            df.insert(0, "world", np.arange(start, stop, dtype=np.int64))
        world = df["world"].to_numpy()
        if len(world) and (world.min() < start or world.max() >= stop):
            raise ValueError(f"table {name!r} has world indices outside the batch [{start}, {stop})")
        if len(world) > 1 and (np.diff(world) < 0).any():
            df = df.sort_values("world", kind="stable")
        tables[name] = df.reset_index(drop=True)
    return tables


def run_batch(job: Job, index: int) -> dict[str, Any]:
    """Compute batch ``index``; return its parts' bytes by table and its timing.

    Returns
    -------
    dict
        ``{"index", "world_start", "world_stop", "parts": {table: bytes},
        "rows": {table: int}, "seconds": float}``.
    """
    t0 = time.perf_counter()
    start, stop = job.bounds(index)
    n = stop - start
    params = sample(job.inputs, n, job.method, job.seed, start=start, total=job.n_worlds)
    rand = WorldRandom(job.seed, np.arange(start, stop, dtype=np.int64))
    tables = as_tables(job.evaluate(params, rand, **dict(job.params)), start, stop)
    results = tables["results"]
    rows_world = results["world"].to_numpy() - start
    inputs = pd.DataFrame(
        {f"input.{name}": values[rows_world] for name, values in params.items()}, index=results.index
    )
    claims = None
    if job.claims:  # claims may read inputs (input:<path>) even when they are not stored
        if len(results) != n:
            raise ValueError("claims need a results table with exactly one row per world")
        truth = evaluate_claims(pd.concat([results, inputs], axis=1), job.claims, job.catalogue)
        claims = pd.DataFrame({f"claim.{c.id}": truth[c.id] for c in job.claims}, index=results.index)
    stored = [results] + ([inputs] if job.keep_inputs else []) + ([claims] if claims is not None else [])
    results = pd.concat(stored, axis=1)
    tables["results"] = results
    info = {"identity": job.identity_hash, "index": index, "world_start": start, "world_stop": stop}
    parts, rows = {}, {}
    for name, df in tables.items():
        table = pa.Table.from_pandas(df, preserve_index=False, nthreads=1)
        parts[name] = encode_part(table, {**info, "table": name}, job.compression)
        rows[name] = len(df)
    return {
        "index": index,
        "world_start": start,
        "world_stop": stop,
        "parts": parts,
        "rows": rows,
        "seconds": time.perf_counter() - t0,
    }
