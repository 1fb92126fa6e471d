"""Benchmark of zopa.sweep: worlds per second, executors, Dask scaling, peak memory.

Run: ``.venv/bin/python bench/bench_sweep.py`` (about two minutes on 2 cores; ``--quick`` for a
smoke run, ``--big N`` to change the streaming run's size).

It prints, for an analysis (default: the stand-in ``zopa.sweep.demo.attrition``, 60 months of a
few array operations per world; ``bench/bench_zone.py`` measures the same for the real zone
analysis of ukraine-2025):

1. the peer: a plain-Python loop over worlds (``attrition_loop``) on a subset;
2. the analysis alone, vectorised, on one core (no sampling, no I/O);
3. full sweeps (sampling + analysis + Parquet parts on disk) with the ``serial`` executor (one
   core) and the ``local`` executor (all cores), with the ratio against the peer;
4. Dask: the same sweep on a LocalCluster of 1 then 2 single-threaded workers (cluster start-up
   excluded), and the speed-up;
5. a large streaming sweep (default 10 million worlds, local executor, in a fresh process) with
   the peak resident memory of the whole process tree, next to the same for a sweep 10 times
   smaller: bounded memory means the two peaks are about equal.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time
from pathlib import Path

import numpy as np
import psutil

from zopa.sweep import WorldRandom, run, sample
from zopa.sweep.demo import INPUTS as DEMO_INPUTS
from zopa.sweep.demo import attrition, attrition_loop

ANALYSES = {"demo": (attrition, DEMO_INPUTS)}


class PeakRSS:
    """Sample the resident memory of a process tree every 50 ms (total and largest process)."""

    def __init__(self, pid: int | None = None) -> None:
        self.pid = pid
        self.peak = 0
        self.peak_one = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        root = psutil.Process(self.pid)
        while not self._stop.is_set():
            sizes = []
            try:
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                procs = []
            for p in procs:
                try:
                    sizes.append(p.memory_info().rss)
                except psutil.Error:
                    pass
            if sizes:
                self.peak = max(self.peak, sum(sizes))
                self.peak_one = max(self.peak_one, max(sizes))
            time.sleep(0.05)

    def __enter__(self) -> PeakRSS:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


_STREAM = """
import sys, time
from zopa.sweep import run
from zopa.sweep.demo import INPUTS, attrition
t0 = time.perf_counter()
run(attrition, INPUTS, int(sys.argv[1]), seed=1, executor="local", out=sys.argv[2], progress=False)
print(time.perf_counter() - t0)
"""


def streaming_run(n: int) -> tuple[float, PeakRSS]:
    """A local-executor sweep of n worlds to Parquet in a fresh Python process."""
    import subprocess
    import sys

    out = Path(tempfile.mkdtemp(prefix="zopa-bench-"))
    try:
        proc = subprocess.Popen([sys.executable, "-c", _STREAM, str(n), str(out / "s")],
                                stdout=subprocess.PIPE, text=True)
        with PeakRSS(proc.pid) as mem:
            stdout, _ = proc.communicate()
        if proc.returncode:
            raise SystemExit(f"the streaming run failed with exit code {proc.returncode}")
        return float(stdout.strip()), mem
    finally:
        shutil.rmtree(out, ignore_errors=True)


def rate(n: int, seconds: float) -> str:
    return f"{n / seconds:,.0f} worlds/s"


def timed_sweep(evaluate, inputs, n, **kw) -> float:
    out = Path(tempfile.mkdtemp(prefix="zopa-bench-"))
    try:
        t0 = time.perf_counter()
        res = run(evaluate, inputs, n, seed=1, out=out / "s", progress=False, **kw)
        seconds = time.perf_counter() - t0
        assert res.complete
        return seconds
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--analysis", choices=sorted(ANALYSES), default="demo")
    ap.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    ap.add_argument("--big", type=int, default=10_000_000, help="worlds of the streaming run")
    args = ap.parse_args()
    evaluate, inputs = ANALYSES[args.analysis]
    n_peer, n_mid = (500, 100_000) if args.quick else (3_000, 1_000_000)
    big = 200_000 if args.quick else args.big
    cores = len(psutil.Process().cpu_affinity() or []) or psutil.cpu_count()
    print(f"zopa.sweep benchmark: analysis {args.analysis!r}, {cores} cores")

    # 1. peer: a plain-Python loop over worlds
    params = sample(inputs, n_peer, seed=1)
    shocks = WorldRandom(1, np.arange(n_peer)).normal("battlefield", (60,))
    t0 = time.perf_counter()
    for w in range(n_peer):
        attrition_loop({k: float(v[w]) for k, v in params.items()}, shocks[w].tolist())
    peer = n_peer / (time.perf_counter() - t0)
    print(f"peer  plain-Python loop over worlds          {peer:>14,.0f} worlds/s")

    # 2. the analysis alone, vectorised, one core
    n_core = 65536
    params = sample(inputs, n_core, seed=1)
    evaluate(params, WorldRandom(1, np.arange(n_core)))  # warm-up
    t0 = time.perf_counter()
    reps = 3
    for _ in range(reps):
        evaluate(params, WorldRandom(1, np.arange(n_core)))
    alone = reps * n_core / (time.perf_counter() - t0)
    print(f"      analysis alone, vectorised, 1 core     {alone:>14,.0f} worlds/s  ({alone / peer:,.0f}x peer)")

    # 3. full sweeps to Parquet
    s = timed_sweep(evaluate, inputs, n_mid, executor="serial")
    print(f"sweep {n_mid:,} worlds, serial (1 core)   {n_mid / s:>14,.0f} worlds/s  ({n_mid / s / peer:,.0f}x peer), {s:.1f} s")
    s_local = timed_sweep(evaluate, inputs, n_mid, executor="local")
    print(f"sweep {n_mid:,} worlds, local ({cores} cores)  {n_mid / s_local:>14,.0f} worlds/s  "
          f"({n_mid / s_local / peer:,.0f}x peer), {s_local:.1f} s (process start-up included)")
    print(f"      time for 1,000,000 worlds on all cores: {s_local * 1_000_000 / n_mid:.1f} s "
          "(target < 600 s, stretch < 60 s)")

    # 4. Dask: 1 vs 2 workers (cluster start-up excluded)
    import logging

    import dask
    from distributed import Client, LocalCluster

    from zopa.sweep.executors import dask_worker_environ

    times = {}
    for n_workers in (1, 2):
        with dask.config.set({"distributed.nanny.pre-spawn-environ": dask_worker_environ()}), \
                LocalCluster(n_workers=n_workers, threads_per_worker=1, dashboard_address=None,
                             silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            client.run(lambda: __import__("zopa.sweep.demo"))  # warm the workers' imports
            times[n_workers] = timed_sweep(evaluate, inputs, n_mid, executor="dask", scheduler=client)
        print(f"dask  {n_mid:,} worlds, {n_workers} worker(s)        {n_mid / times[n_workers]:>14,.0f} worlds/s, "
              f"{times[n_workers]:.1f} s")
    print(f"      speed-up from 1 to 2 Dask workers: {times[1] / times[2]:.2f}x")

    # 5. bounded memory: peak RSS of a large streaming sweep vs a 10x smaller one, each in a
    #    fresh process (driver + workers)
    peaks = {}
    for n in (big // 10, big):
        s, mem = streaming_run(n)
        peaks[n] = mem.peak
        print(f"large {n:,} worlds, local, to Parquet: {n / s:,.0f} worlds/s, {s:.1f} s, peak RSS "
              f"{mem.peak / 2**20:,.0f} MiB for all processes, {mem.peak_one / 2**20:,.0f} MiB the largest")
    print(f"      peak RSS ratio {big:,} / {big // 10:,} worlds: {peaks[big] / peaks[big // 10]:.2f} "
          "(1.0 = memory independent of sweep size)")


if __name__ == "__main__":
    main()
