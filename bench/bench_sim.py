"""Sessions per second: zopa's batched engine vs NegMAS 0.16 on the benchmark domain.

Boulware (UA) vs Conceder (RU), 100 steps, NegMAS's SAO semantics (protocol="sao"),
on the 220-outcome domain of examples/negmas-benchmark.yaml.  zopa runs N sessions
batched in this process; NegMAS runs 50 sessions one by one in its own virtualenv
(scripts/negmas_crosscheck.py makes it; NegMAS is AGPL and never a zopa dependency).
Prints sessions/s for both, the ratio (target: >= 1000) and zopa's memory per session
(tracemalloc peak during the run / N).

    .venv/bin/python bench/bench_sim.py [--runs 100000] [--negmas-runs 50]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from zopa.sim import negmas_benchmark, simulate  # noqa: E402
from zopa.sim.strategies import Conceder, TimeBased  # noqa: E402


def zopa_rate(runs: int, steps: int, heterogeneous: bool) -> tuple[float, float, float]:
    d = negmas_benchmark(("UA", "RU"))
    ua = TimeBased(exponent=np.random.default_rng(0).uniform(3, 5, runs)) if heterogeneous else "boulware"
    strategies = {"UA": ua, "RU": Conceder()}
    simulate(d, strategies, protocol="sao", steps=steps, runs=min(runs, 1000))  # warm up
    t0 = time.perf_counter()
    res = simulate(d, strategies, protocol="sao", steps=steps, runs=runs, batch_size=runs)
    dt = time.perf_counter() - t0
    tracemalloc.start()
    simulate(d, strategies, protocol="sao", steps=steps, runs=runs, batch_size=runs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert res.runs.agreement.all()
    return runs / dt, peak / runs, dt


def negmas_rate(runs: int, steps: int) -> dict:
    from negmas_crosscheck import HERE, negmas_python

    py = negmas_python()
    out = subprocess.run([str(py), str(HERE / "negmas" / "run_negmas.py"), "--bench", str(runs), str(steps)],
                         capture_output=True, text=True, check=True)
    r = json.loads(out.stdout)
    r["rate"] = r["runs"] / r["seconds"]
    return r


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=100_000)
    ap.add_argument("--negmas-runs", type=int, default=50)
    ap.add_argument("--steps", type=int, default=100)
    a = ap.parse_args()
    nm = negmas_rate(a.negmas_runs, a.steps)
    print(f"NegMAS {nm['negmas']}: {nm['runs']} sessions x {a.steps} steps in {nm['seconds']:.2f} s "
          f"= {nm['rate']:.1f} sessions/s")
    for het in (False, True):
        rate, mem, dt = zopa_rate(a.runs, a.steps, het)
        label = "per-run Boulware exponents U(3,5)" if het else "Boulware vs Conceder"
        print(f"zopa ({label}): {a.runs} sessions x {a.steps} steps in {dt:.2f} s = {rate:,.0f} sessions/s; "
              f"{mem:,.0f} bytes/session (tracemalloc peak)")
        print(f"  ratio zopa / NegMAS = {rate / nm['rate']:,.0f}x  (target >= 1000x)")


if __name__ == "__main__":
    main()
