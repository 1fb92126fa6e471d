"""The sweep runner: evaluate an analysis over many sampled worlds.

:func:`run` cuts ``n_worlds`` worlds into batches of ``batch_size``, has an
executor compute them (:mod:`zopa.sweep.executors`) and streams each batch's
tables to Parquet parts (:mod:`zopa.sweep.store`) or keeps them in memory.
Results are identical for the same seed whatever the executor, the number of
workers or the batch size (worlds draw from per-world streams,
:mod:`zopa.sweep.streams`); only the way worlds are cut into part files
changes with the batch size.

An interrupted sweep (Ctrl-C, a killed worker, a killed process) is resumed
with ``resume=True``: the manifest's identity must match the new call's, the
complete parts are kept, anything else in ``parts/`` is removed, and only the
missing batches are computed, giving exactly the results of an uninterrupted
run.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from zopa.errors import InputError, Problem
from zopa.sweep.batch import Job
from zopa.sweep.claims import Claim, as_claims, check_claims
from zopa.sweep.executors import EXECUTORS, execute
from zopa.sweep.fingerprint import canonical, fingerprint
from zopa.sweep.metrics import CATALOGUE, MetricCatalogue
from zopa.sweep.progress import make_progress
from zopa.sweep.result import SweepResult
from zopa.sweep.sampling import METHODS, check_inputs, describe_distribution
from zopa.sweep.store import (
    FORMAT,
    MANIFEST,
    atomic_write,
    clean_temporary,
    part_files,
    part_info,
    part_name,
    read_manifest,
    write_manifest,
)
from zopa.sweep.streams import BLOCK, _check_seed

__all__ = ["run", "default_batch_size", "analysis_identity"]

_MAX_BATCH = 16384
_PART_FILE = re.compile(r"^([a-z][a-z0-9_]*)-(\d+)\.parquet$")
_FLUSH_SECONDS = 1.0


def default_batch_size(n_worlds: int) -> int:
    """A power of two between :data:`BLOCK` and 16384 giving about 64 batches.

    It depends on ``n_worlds`` only (not on the machine), since the batch size is
    part of a sweep's identity.  Batches stay small enough for an analysis' per-world
    vectors to sit in the CPU's cache: with two workers, the stand-in analysis ran
    1.7 times faster per world in batches of 16384 than of 65536.

    Examples
    --------
    >>> default_batch_size(1000), default_batch_size(1_000_000), default_batch_size(10**7)
    (4096, 16384, 16384)
    """
    target = max(1, -(-n_worlds // 64))
    size = 1 << (target - 1).bit_length()
    return max(BLOCK, min(_MAX_BATCH, size))


def analysis_identity(evaluate: Callable[..., Any], params: Mapping[str, Any]) -> dict[str, str]:
    """The name of an analysis function and the hash of its fixed parameters.

    ``functools.partial`` arguments count as parameters; a callable object must be a
    dataclass, a pydantic model or have a ``fingerprint()`` method.
    """
    extra: dict[str, Any] = {}
    fn = evaluate
    while isinstance(fn, functools.partial):
        extra.setdefault("partial", []).append([list(fn.args), dict(fn.keywords)])
        fn = fn.func
    if not callable(fn):
        raise ValueError(f"evaluate must be callable, got {type(evaluate).__name__}")
    if hasattr(fn, "__qualname__") and hasattr(fn, "__code__"):
        name = f"{fn.__module__}.{fn.__qualname__}"
    else:
        name = f"{type(fn).__module__}.{type(fn).__qualname__}"
        try:
            extra["object"] = canonical(fn)
        except TypeError as err:
            raise ValueError(f"cannot identify the analysis object: {err}") from err
    try:
        params_hash = fingerprint({"params": dict(params), **extra})
    except TypeError as err:
        raise ValueError(f"params: {err}") from err
    return {"name": name, "params_hash": params_hash}


def _check_args(n_worlds: int, batch_size: int | None, method: str, executor: str) -> None:
    if isinstance(n_worlds, bool) or not isinstance(n_worlds, int) or n_worlds < 1:
        raise ValueError(f"n_worlds must be a positive integer, got {n_worlds!r}")
    if batch_size is not None and (isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1):
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, got {executor!r}")


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _identity_problems(path: Path, old: dict[str, Any], new: dict[str, Any]) -> list[Problem]:
    problems = []
    hint = "resume with the same arguments as the first run, or write to another directory"
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict):
            for sub in sorted(set(a) | set(b)):
                if a.get(sub) != b.get(sub):
                    problems.append(Problem(
                        str(path), None, None, f"identity.{key}.{sub}",
                        f"the stored sweep has {a.get(sub)!r}, this run {b.get(sub)!r}", hint))
        elif key == "inputs":
            msg = (f"the stored sweep's inputs are {[i['name'] for i in a or []]}, this run's "
                   f"{[i['name'] for i in b or []]}")
            if [i["name"] for i in a or []] == [i["name"] for i in b or []]:
                msg = "an input's distribution differs from the stored sweep's"
            problems.append(Problem(str(path), None, None, "identity.inputs", msg, hint))
        else:
            problems.append(Problem(str(path), None, None, f"identity.{key}",
                                    f"the stored sweep has {a!r}, this run {b!r}", hint))
    return problems


def run(
    evaluate: Callable[..., Any],
    inputs: Mapping[str, Any],
    n_worlds: int,
    seed: int = 0,
    *,
    params: Mapping[str, Any] | None = None,
    batch_size: int | None = None,
    method: str = "mc",
    executor: str = "local",
    workers: int | None = None,
    scheduler: Any = None,
    out: str | Path | None = None,
    resume: bool = False,
    progress: bool | Callable[[int, int], Any] = True,
    keep_inputs: bool = True,
    claims: Sequence[Claim] = (),
    catalogue: MetricCatalogue | None = None,
    compression: str = "zstd",
) -> SweepResult:
    """Evaluate ``evaluate`` over ``n_worlds`` sampled worlds.

    Parameters
    ----------
    evaluate : callable
        ``evaluate(params, rand, **params_fixed)`` -> DataFrame or dict of DataFrames
        (see :mod:`zopa.sweep.batch`); must be importable by worker processes (a
        module-level function or a partial of one) for the ``local`` and ``dask``
        executors.
    inputs : mapping of str to distribution
        The uncertain inputs: path -> object with a vectorised ``ppf``.
    n_worlds : int
        How many worlds.
    seed : int
        The seed of every random number of the sweep.
    params : mapping, optional
        Fixed keyword arguments of ``evaluate`` (hashed into the sweep's identity).
    batch_size : int, optional
        Worlds per batch and part file (default :func:`default_batch_size`); multiples
        of :data:`zopa.sweep.streams.BLOCK` waste no random draws.
    method : {"mc", "lhs", "sobol"}
        The sampling design (:mod:`zopa.sweep.sampling`).
    executor : {"local", "dask", "serial"}
        Where batches run (:mod:`zopa.sweep.executors`).
    workers : int, optional
        Worker processes (``local``: default all cores; ``dask``: size of the local
        cluster started when no ``scheduler`` is given).
    scheduler : str or distributed.Client, optional
        An existing Dask scheduler, e.g. ``"tcp://10.0.0.5:8786"`` (``executor="dask"``).
    out : str or pathlib.Path, optional
        The sweep directory; None keeps the results in memory.
    resume : bool
        Continue the sweep stored in ``out`` (its identity must match).
    progress : bool or callable
        A progress bar (True), nothing (False), or ``progress(done, total)``.
    keep_inputs : bool
        Store each world's input values as ``input.<path>`` columns of ``results``.
    claims : sequence of Claim
        Claims to evaluate in every world, stored as ``claim.<id>`` columns.
    catalogue : MetricCatalogue, optional
        The metric catalogue claims are read with (default: the global one).
    compression : str
        Parquet compression codec.

    Returns
    -------
    SweepResult

    Raises
    ------
    InputError
        When ``out`` holds another sweep (or something else), or resuming a sweep
        whose identity differs; each difference is listed.
    ValueError
        For bad arguments.
    zopa.sweep.executors.SweepError
        When a worker or the cluster dies; the parts written are kept for ``resume``.

    Examples
    --------
    >>> from scipy import stats
    >>> from zopa.sweep.demo import attrition
    >>> res = run(attrition, {"battlefield.drift": stats.norm(0.002, 0.004)}, n_worlds=3000,
    ...           seed=5, executor="serial", progress=False)
    >>> len(res.to_pandas()), res.complete
    (3000, True)
    """
    _check_args(n_worlds, batch_size, method, executor)
    seed = _check_seed(seed)
    inputs = check_inputs(inputs)
    params = dict(params or {})
    claims = as_claims(claims)
    catalogue = CATALOGUE if catalogue is None else catalogue
    if claims:
        problems = check_claims(claims, catalogue)
        if problems:
            raise ValueError("claims: " + "; ".join(problems))
    batch_size = batch_size or default_batch_size(n_worlds)
    identity = {
        "zopa_version": __import__("zopa").__version__,
        "analysis": analysis_identity(evaluate, params),
        "seed": seed,
        "n_worlds": n_worlds,
        "method": method,
        "batch_size": batch_size,
        "block": BLOCK,
        "inputs": [{"name": k, "distribution": describe_distribution(v)} for k, v in inputs.items()],
        "keep_inputs": bool(keep_inputs),
        "claims": [c.model_dump(mode="json") for c in claims],
    }
    identity_hash = fingerprint(identity)
    job = Job(evaluate, inputs, seed, n_worlds, batch_size, method, identity_hash, params,
              keep_inputs, tuple(claims), catalogue, compression)
    n_batches = job.n_batches
    manifest: dict[str, Any] = {
        "format": FORMAT, "identity": identity, "identity_hash": identity_hash,
        "n_parts": n_batches, "part_width": max(5, len(str(n_batches - 1))),
        "status": "running", "tables": ["results"], "parts": [], "created": _now(),
    }
    if out is None:
        if resume:
            raise ValueError("resume=True needs out= (a sweep directory)")
        return _run_in_memory(job, manifest, executor, workers, scheduler, progress)
    return _run_to_disk(job, manifest, Path(out), resume, executor, workers, scheduler, progress)


def _entry(result: dict[str, Any]) -> dict[str, Any]:
    return {k: result[k] for k in ("index", "world_start", "world_stop", "rows")}


def _check_tables(manifest: dict[str, Any], result: dict[str, Any], seen: list[bool]) -> bool:
    """Record the tables of the first batch; later batches must produce the same ones."""
    names = sorted(result["parts"], key=lambda t: (t != "results", t))
    if not seen[0]:
        changed = names != manifest["tables"]
        manifest["tables"] = names
        seen[0] = True
        return changed
    if names != manifest["tables"]:
        raise ValueError(
            f"batch {result['index']} produced tables {names}, earlier batches {manifest['tables']}: "
            "an analysis must return the same tables for every batch"
        )
    return False


def _run_in_memory(job, manifest, executor, workers, scheduler, progress) -> SweepResult:
    memory: dict[str, dict[int, bytes]] = {}
    bar = make_progress(progress, job.n_worlds)
    seen = [False]
    try:
        for result in execute(job, range(job.n_batches), executor, workers, scheduler):
            _check_tables(manifest, result, seen)
            for table, data in result["parts"].items():
                memory.setdefault(table, {})[result["index"]] = data
            manifest["parts"].append(_entry(result))
            bar.advance(result["world_stop"] - result["world_start"])
    finally:
        bar.close()
    manifest["parts"].sort(key=lambda e: e["index"])
    manifest["status"] = "complete"
    manifest["updated"] = _now()
    return SweepResult(manifest, memory=memory)


def _prepare(root: Path, manifest: dict[str, Any], resume: bool, job: Job) -> dict[int, dict]:
    """Check the directory; on resume, return the complete batches already stored."""
    old = read_manifest(root)
    parts_dir = root / "parts"
    if old is None:
        if root.exists() and any(root.iterdir()):
            raise InputError([Problem(str(root), None, None, "", "the output directory is not empty and holds no sweep",
                                      "choose a new or empty directory for --out")])
        parts_dir.mkdir(parents=True, exist_ok=True)
        write_manifest(root, manifest)
        return {}
    if not resume:
        raise InputError([Problem(str(root / MANIFEST), None, None, "", "this directory already holds a sweep",
                                  "pass --resume (resume=True) to continue it, or choose another directory")])
    if old.get("identity_hash") != manifest["identity_hash"]:
        problems = _identity_problems(root / MANIFEST, old.get("identity", {}), manifest["identity"])
        if not problems:  # same fields, different hash: an older manifest format
            problems = [Problem(str(root / MANIFEST), None, None, "identity_hash", "the stored sweep's identity differs")]
        raise InputError(problems)
    manifest["created"] = old.get("created", manifest["created"])
    parts_dir.mkdir(parents=True, exist_ok=True)
    clean_temporary(parts_dir)
    # tables: those the manifest knows and any that files show (the manifest may lag)
    tables = set(old.get("tables", ["results"]))
    for p in parts_dir.iterdir():
        m = _PART_FILE.match(p.name)
        if m:
            tables.add("results" if m.group(1) == "part" else m.group(1))
    files = {t: part_files(parts_dir, t) for t in tables}
    done: dict[int, dict] = {}
    for index, path in files["results"].items():
        entry = _valid_part(path, index, "results", job)
        rows = {}
        if entry is not None:
            rows["results"] = entry
            for t in tables - {"results"}:
                p = files[t].get(index)
                n = _valid_part(p, index, t, job) if p is not None else None
                if n is None:
                    entry = None
                    break
                rows[t] = n
        if entry is None:
            path.unlink(missing_ok=True)
            continue
        start, stop = job.bounds(index)
        done[index] = {"index": index, "world_start": start, "world_stop": stop, "rows": rows}
    for t in tables:  # extra-table files of batches that are not complete
        for index, p in files[t].items():
            if index not in done:
                p.unlink(missing_ok=True)
    if done or tables != {"results"}:
        manifest["tables"] = sorted(tables, key=lambda t: (t != "results", t))
    return done


def _valid_part(path: Path, index: int, table: str, job: Job) -> int | None:
    """The row count of a valid part file of this sweep, else None."""
    info = part_info(path)
    if info is None or index >= job.n_batches:
        return None
    start, stop = job.bounds(index)
    ok = (info.get("identity") == job.identity_hash and info.get("index") == index
          and info.get("table") == table and info.get("world_start") == start
          and info.get("world_stop") == stop)
    return int(info["rows"]) if ok else None


def _run_to_disk(job, manifest, root, resume, executor, workers, scheduler, progress) -> SweepResult:
    done = _prepare(root, manifest, resume, job)
    parts_dir = root / "parts"
    width = manifest["part_width"]
    todo = [i for i in range(job.n_batches) if i not in done]
    worlds_done = sum(e["world_stop"] - e["world_start"] for e in done.values())
    bar = make_progress(progress, job.n_worlds, worlds_done)
    seen = [bool(done)]
    last = 0.0

    def flush(status: str = "running") -> None:
        manifest["parts"] = [done[i] for i in sorted(done)]
        manifest["status"] = status
        manifest["updated"] = _now()
        write_manifest(root, manifest)

    flush()
    t0 = time.perf_counter()
    try:
        for result in execute(job, todo, executor, workers, scheduler):
            changed = _check_tables(manifest, result, seen)
            index = result["index"]
            for table, data in result["parts"].items():  # results last: the commit marker
                if table != "results":
                    atomic_write(parts_dir / part_name(table, index, width), data)
            atomic_write(parts_dir / part_name("results", index, width), result["parts"]["results"])
            done[index] = _entry(result)
            bar.advance(result["world_stop"] - result["world_start"])
            now = time.perf_counter()
            if changed or now - last > _FLUSH_SECONDS:
                flush()
                last = now
    finally:
        bar.close()
        if len(done) < job.n_batches:
            flush()
    if len(done) == job.n_batches:
        manifest["seconds_last_run"] = round(time.perf_counter() - t0, 3)
        manifest["columns"] = _columns(parts_dir / part_name("results", 0, width))
        flush("complete")
    return SweepResult(manifest, root=root)


def _columns(path: Path) -> list[dict[str, str]]:
    import pyarrow.parquet as pq

    schema = pq.read_schema(path)
    return [{"name": f.name, "type": str(f.type)} for f in schema]
