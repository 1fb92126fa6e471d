"""Benchmark of the zone analysis over many worlds (issue: a million worlds of per-world verdicts).

Run: ``.venv/bin/python bench/bench_zone.py`` (a few minutes on 2 cores); ``--million`` also runs
the full million-world sweep on all cores; ``--quick`` for a smoke run.

Prints, for ``ukraine-2025`` (18 uncertain inputs, 36 months, 31-point battlefield grids):

1. the peer: a plain-Python loop over worlds, each solved alone (same code, batch of one);
2. the vectorised analysis on one core (batches of 4,096 worlds), and the ratio to the peer;
3. full sweeps to Parquet: serial (one core) and local (all cores), worlds per second and the
   projected time for a million worlds;
4. Dask: a LocalCluster of 1 and of 2 single-threaded workers, and the speed-up;
5. peak resident memory of a streaming sweep against one ten times smaller (bounded memory: equal).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import threading
import time

import psutil

import zopa
from zopa.sweep.sampling import sample
from zopa.sweep.scenario import sweep_zone
from zopa.zone.analyze import prepare
from zopa.zone.worlds import evaluate_worlds, inputs_of


class PeakRSS:
    """Peak resident memory of this process and its children, sampled every 50 ms."""

    def __init__(self):
        self.peak = 0
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._watch, daemon=True)

    def _watch(self):
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            for p in [me, *me.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            time.sleep(0.05)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def timed_sweep(s, n, **kw):
    out = tempfile.mkdtemp(prefix="zopa-bench-")
    try:
        t = time.perf_counter()
        sweep_zone(s, worlds=n, seed=1, out=out, progress=False, **kw)
        return time.perf_counter() - t
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--million", action="store_true", help="also run the full 10^6-world sweep")
    args = ap.parse_args()
    n = 8192 if args.quick else 65536
    s = zopa.load("ukraine-2025")
    prep = prepare(s)
    inputs = inputs_of(s)
    vals = sample(inputs, 4096, seed=0)
    evaluate_worlds(prep, {k: v[:8] for k, v in vals.items()})  # warm up

    k = 20 if args.quick else 60
    t = time.perf_counter()
    for w in range(k):
        evaluate_worlds(prep, {name: v[w:w + 1] for name, v in vals.items()})
    peer = k / (time.perf_counter() - t)
    print(f"1. peer, plain-Python loop over worlds (one at a time): {peer:,.0f} worlds/s")

    t = time.perf_counter()
    evaluate_worlds(prep, vals)
    one = 4096 / (time.perf_counter() - t)
    print(f"2. vectorised, one core, batches of 4,096: {one:,.0f} worlds/s = {one / peer:,.0f} x the loop")

    t_serial = timed_sweep(s, n // 4, executor="serial", batch_size=4096)
    t_local = timed_sweep(s, n, executor="local", batch_size=4096)
    r_serial, r_local = n / 4 / t_serial, n / t_local
    print(f"3. sweep to Parquet, serial: {r_serial:,.0f} worlds/s ({r_serial / peer:,.0f} x the loop); "
          f"local, {psutil.cpu_count()} cores: {r_local:,.0f} worlds/s ({r_local / peer:,.0f} x)")
    print(f"   projected time for 10^6 worlds on all cores: {1e6 / r_local / 60:.1f} min (target: under 10 min; stretch: 1 min)")

    if not args.quick:
        from dask.distributed import Client, LocalCluster

        times = {}
        for w in (1, 2):
            with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None) as cl, Client(cl) as c:
                timed_sweep(s, 4096, executor="dask", scheduler=c, batch_size=4096)  # warm the workers
                times[w] = timed_sweep(s, n // 2, executor="dask", scheduler=c, batch_size=4096)
        print(f"4. Dask, {n // 2:,} worlds: 1 worker {n / 2 / times[1]:,.0f} worlds/s, 2 workers {n / 2 / times[2]:,.0f} "
              f"worlds/s: speed-up {times[1] / times[2]:.2f}x")

    small, big = (4096, 40960) if args.quick else (20000, 200000)
    peaks = {}
    for m in (small, big):
        with PeakRSS() as p:
            timed_sweep(s, m, executor="local", batch_size=4096)
        peaks[m] = p.peak
    print(f"5. peak memory, streaming: {small:,} worlds {peaks[small] / 2**20:,.0f} MiB, {big:,} worlds "
          f"{peaks[big] / 2**20:,.0f} MiB (ratio {peaks[big] / peaks[small]:.2f}; bounded if about 1)")

    if args.million:
        t = timed_sweep(s, 1_000_000, executor="local", batch_size=8192)
        print(f"6. 10^6 worlds, all cores: {t / 60:.1f} min ({1e6 / t:,.0f} worlds/s)")


if __name__ == "__main__":
    main()
