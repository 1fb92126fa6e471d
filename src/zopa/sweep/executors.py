"""Executors: where the batches of a sweep are computed.

Each executor yields the output of :func:`zopa.sweep.batch.run_batch` for the
requested batch indices as they complete (in any order), keeping at most
``2 * workers`` batches in flight so that memory stays bounded however many
worlds a sweep has.  The driver process writes every part: workers need no
shared file system.

``serial``
    In this process, one batch after another.
``local``
    A :class:`concurrent.futures.ProcessPoolExecutor` with the ``spawn`` context
    over ``workers`` processes (default: all cores).  The job is sent once to
    each worker (by its initializer); BLAS thread pools in the workers are
    limited to one thread (``OMP_NUM_THREADS=1`` and friends) so that
    ``workers`` processes use ``workers`` cores.
``dask``
    A ``dask.distributed`` cluster: an existing scheduler (``"tcp://HOST:PORT"``
    or a :class:`distributed.Client`), or a ``LocalCluster`` of ``workers``
    single-threaded worker processes started for the sweep and closed after it
    (without Dask's default ``MALLOC_TRIM_THRESHOLD_``, which slows numpy work
    several-fold).  The job is scattered once to every worker.  Dask reruns the
    batches of a worker that dies.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from zopa.errors import ZopaError
from zopa.sweep.batch import Job, run_batch

__all__ = ["EXECUTORS", "SweepError", "execute", "default_workers", "executor_options", "dask_worker_environ"]

EXECUTORS = ("local", "dask", "serial")
_THREAD_VARS = (
    "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS",
)


class SweepError(ZopaError, RuntimeError):
    """A sweep stopped before its end (a worker died, the cluster went away)."""


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def executor_options(
    cluster: str | None = None, scheduler: str | None = None, workers: int | None = None
) -> dict[str, Any]:
    """Keyword arguments of :func:`zopa.sweep.run` for the CLI's executor options.

    ``--cluster local:N`` starts a local Dask cluster of N workers; ``--scheduler
    tcp://HOST:PORT`` uses a running one; neither gives the local process pool.

    Examples
    --------
    >>> executor_options(cluster="local:4")
    {'executor': 'dask', 'workers': 4, 'scheduler': None}
    >>> executor_options(scheduler="tcp://10.0.0.5:8786")
    {'executor': 'dask', 'workers': None, 'scheduler': 'tcp://10.0.0.5:8786'}
    >>> executor_options()
    {'executor': 'local', 'workers': None, 'scheduler': None}
    >>> executor_options(cluster="k8s:3")
    Traceback (most recent call last):
    ...
    ValueError: --cluster must be local:N with N a positive integer (e.g. local:4), got 'k8s:3'
    """
    if cluster is not None and scheduler is not None:
        raise ValueError("give either --cluster or --scheduler, not both")
    if cluster is not None:
        kind, _, n = cluster.partition(":")
        if kind != "local" or not n.isdigit() or int(n) < 1:
            raise ValueError(
                f"--cluster must be local:N with N a positive integer (e.g. local:4), got {cluster!r}"
            )
        return {"executor": "dask", "workers": int(n), "scheduler": None}
    if scheduler is not None:
        if "://" not in scheduler:
            raise ValueError(f"--scheduler must be an address like tcp://HOST:PORT, got {scheduler!r}")
        return {"executor": "dask", "workers": workers, "scheduler": scheduler}
    return {"executor": "local", "workers": workers, "scheduler": None}


def execute(
    job: Job,
    indices: Iterable[int],
    executor: str = "local",
    workers: int | None = None,
    scheduler: Any = None,
) -> Iterator[dict[str, Any]]:
    """Compute the given batches; yield each result as it completes."""
    if executor not in EXECUTORS:
        raise ValueError(f"executor must be one of {', '.join(EXECUTORS)}, got {executor!r}")
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise ValueError(f"workers must be a positive integer, got {workers!r}")
    if scheduler is not None and executor != "dask":
        raise ValueError("scheduler= is only for executor='dask'")
    if executor == "serial":
        return (run_batch(job, i) for i in indices)
    if executor == "local":
        return _local(job, list(indices), workers or default_workers())
    return _dask(job, list(indices), workers, scheduler)


# --- local process pool -------------------------------------------------------------

_WORKER_JOB: Job | None = None


def _init_worker(payload: bytes, parent: int) -> None:
    import pickle
    import threading

    global _WORKER_JOB
    _WORKER_JOB = pickle.loads(payload)
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()


def _exit_with_parent(parent: int, every: float = 0.25) -> None:
    """End this worker when the process that started it is gone (e.g. SIGKILLed).

    Workers would otherwise live on, blocked on the task queue, holding a core.
    """
    import time

    while os.getppid() == parent:
        time.sleep(every)
    os._exit(1)


def _local_task(index: int) -> dict[str, Any]:
    assert _WORKER_JOB is not None, "worker not initialised"
    return run_batch(_WORKER_JOB, index)


def _dumps(obj: Any) -> bytes:
    try:
        import cloudpickle
    except ImportError:  # pragma: no cover - cloudpickle comes with dask
        import pickle

        return pickle.dumps(obj)
    return cloudpickle.dumps(obj)


@contextlib.contextmanager
def _single_threaded_blas() -> Iterator[None]:
    """Set the BLAS/OpenMP thread variables to 1 for processes started meanwhile."""
    saved = {k: os.environ.get(k) for k in _THREAD_VARS}
    for k in _THREAD_VARS:
        os.environ[k] = "1"
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _local(job: Job, indices: list[int], workers: int) -> Iterator[dict[str, Any]]:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    if not indices:
        return
    workers = min(workers, len(indices))
    payload = _dumps(job)
    with _single_threaded_blas():
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=mp.get_context("spawn"),
            initializer=_init_worker, initargs=(payload, os.getpid()),
        )
        pending: set = set()
        todo = iter(indices)
        try:
            for i in todo:
                pending.add(pool.submit(_local_task, i))
                if len(pending) >= 2 * workers:
                    break
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    result = fut.result()
                    nxt = next(todo, None)
                    if nxt is not None:
                        pending.add(pool.submit(_local_task, nxt))
                    yield result
        except BrokenProcessPool as err:
            raise SweepError(
                "a worker process of the local executor died; the parts written so far are "
                "kept: run again with resume to finish the sweep"
            ) from err
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in list((getattr(pool, "_processes", None) or {}).values()):
                with contextlib.suppress(Exception):
                    proc.terminate()


# --- dask -------------------------------------------------------------------------


def dask_worker_environ() -> dict[str, Any]:
    """Dask's pre-spawn environment for workers, without ``MALLOC_TRIM_THRESHOLD_``.

    Use it for clusters you start yourself:
    ``dask.config.set({"distributed.nanny.pre-spawn-environ": dask_worker_environ()})``.
    Dask sets ``MALLOC_TRIM_THRESHOLD_=65536`` in its workers by default; setting it
    turns off glibc's adaptive mmap threshold, so every large numpy temporary is
    mmap'ed and page-faulted afresh: the stand-in analysis ran 4-5 times slower.
    """
    import dask

    env = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}) or {})
    env.pop("MALLOC_TRIM_THRESHOLD_", None)
    for k in _THREAD_VARS[:3]:
        env.setdefault(k, 1)
    return env


def _dask(job: Job, indices: list[int], workers: int | None, scheduler: Any) -> Iterator[dict[str, Any]]:
    import logging

    try:
        import dask
        from distributed import Client, LocalCluster, as_completed
    except ImportError as err:  # pragma: no cover - depends on the install
        raise ValueError(
            "executor 'dask' needs dask.distributed: pip install 'zopa[cluster]'"
        ) from err
    if not indices:
        return
    cluster = client = None
    own = False
    try:
        if isinstance(scheduler, Client):
            client = scheduler
        elif scheduler is None:
            with dask.config.set({"distributed.nanny.pre-spawn-environ": dask_worker_environ()}):
                cluster = LocalCluster(
                    n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                    dashboard_address=None, silence_logs=logging.ERROR,
                )
            client = Client(cluster)
            own = True
        elif isinstance(scheduler, str):
            try:
                client = Client(scheduler, timeout="20s")
            except OSError as err:
                raise ValueError(f"cannot reach the Dask scheduler at {scheduler!r}: {err}") from err
            own = True
        else:
            raise ValueError(f"scheduler must be an address like 'tcp://HOST:PORT' or a Client, got {scheduler!r}")
        n_workers = max(1, len(client.nthreads()))
        inflight = 2 * (workers or n_workers)
        job_future = client.scatter(job, broadcast=True, hash=False)
        token = uuid.uuid4().hex[:8]
        todo = iter(indices)

        def submit(i: int):
            return client.submit(run_batch, job_future, i, pure=False, key=f"zopa-batch-{token}-{i}")

        ac = as_completed()
        for i in todo:
            ac.add(submit(i))
            if ac.count() >= inflight:
                break
        for fut in ac:
            try:
                result = fut.result()
            except Exception as err:
                if type(err).__name__ in {"KilledWorker", "CommClosedError", "CancelledError"}:
                    raise SweepError(
                        f"the Dask cluster lost batch {fut.key}: {err}; the parts written so far "
                        "are kept: run again with resume to finish the sweep"
                    ) from err
                raise
            fut.release()
            nxt = next(todo, None)
            if nxt is not None:
                ac.add(submit(nxt))
            yield result
    finally:
        if client is not None and own:
            with contextlib.suppress(Exception):
                client.close()
        if cluster is not None:
            with contextlib.suppress(Exception):
                cluster.close()
