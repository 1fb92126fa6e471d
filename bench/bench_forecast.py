"""Timings of zopa's SMP and BDM on KTAB's synthetic cases, against KTAB's smpc.

KTAB's C++ smpc (built -O2, no SQLite output, on a 2-core machine of this kind)
took a median of 0.18 s, 4.9 s and 62 s on the 10x3, 30x10 and 60x10 cases, and
0.22 s, 7.3 s and 114 s pinned to one core (the fairest peer for single-threaded
code); see ../shared/data/forecast/README.md.  BDM has no peer timing: the brief
asks for under a second on the 30x10 case.

Run: ``python bench/bench_forecast.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from zopa.forecast import bdm, read, smp

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "forecast" / "ktab" / "synthetic"
CASES = [("synth_a010_d03", 0.18, 0.22), ("synth_a030_d10", 4.9, 7.3), ("synth_a060_d10", 62.0, 114.0)]


def _time(fn, repeat):
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    print(f"{'case':16s} {'model':5s} {'iters':>5s} {'zopa s':>8s} {'KTAB s':>7s} {'x faster':>8s} "
          f"{'KTAB 1-core':>11s} {'x faster':>8s}")
    for name, ktab, ktab1 in CASES:
        inp = read(SHARED / f"{name}.csv")
        reps = args.repeat if "a060" not in name else max(1, args.repeat // 2)
        t, res = _time(lambda inp=inp: smp(inp), reps)
        print(f"{name:16s} {'smp':5s} {res.n_rounds - 1:5d} {t:8.3f} {ktab:7.2f} {ktab / t:8.1f} "
              f"{ktab1:11.2f} {ktab1 / t:8.1f}")
        t, res = _time(lambda inp=inp: bdm(inp, rounds=10), reps)
        print(f"{name:16s} {'bdm':5s} {res.n_rounds - 1:5d} {t:8.3f} {'-':>7s} {'-':>8s} {'-':>11s} {'-':>8s}")


if __name__ == "__main__":
    main()
