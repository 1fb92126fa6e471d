"""Sweeps: many sampled worlds, claims and sensitivity (zopa's answer to "how sure are we?").

- :func:`run` evaluates an analysis over sampled worlds (serial, a local process
  pool or Dask), streaming Parquet parts and a manifest; resumable; returns a
  :class:`SweepResult` (``to_pandas``, ``query`` with DuckDB, ``summary``).
- :func:`sample` draws the uncertain inputs (Monte Carlo, Latin hypercube, Sobol');
  :class:`WorldRandom` gives an analysis per-world random streams.
- :class:`Claim`, :func:`evaluate_claims`, :func:`claim_odds` check claims stated as
  data against a per-world summary; metrics come from :data:`CATALOGUE`
  (:func:`register_metric`).
- :func:`morris`, :func:`sobol`, :func:`claim_sensitivity` say which inputs an output
  hinges on.

Same seed, same results: whatever the executor, worker count or batch size.
See ``docs/sweep/`` for the store layout, determinism and resume.
"""

from zopa.sweep.claims import (
    Claim,
    Predicate,
    binomial_interval,
    check_claims,
    claim_odds,
    evaluate_claims,
)
from zopa.sweep.executors import SweepError, executor_options
from zopa.sweep.metrics import CATALOGUE, Metric, MetricCatalogue, register_metric
from zopa.sweep.result import SweepResult, open_sweep
from zopa.sweep.runner import default_batch_size, run
from zopa.sweep.sampling import HasPpf, sample, uniforms
from zopa.sweep.sensitivity import claim_sensitivity, morris, sobol
from zopa.sweep.streams import BLOCK, WorldRandom

__all__ = [
    "run", "SweepResult", "open_sweep", "SweepError", "default_batch_size", "executor_options",
    "sample", "uniforms", "HasPpf", "WorldRandom", "BLOCK",
    "Claim", "Predicate", "evaluate_claims", "claim_odds", "check_claims", "binomial_interval",
    "Metric", "MetricCatalogue", "CATALOGUE", "register_metric",
    "morris", "sobol", "claim_sensitivity",
]
