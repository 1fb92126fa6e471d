"""Benchmark zopa.theory: one vectorised call over 10^6 parameter sets.

Each closed form is timed on N = 10^6 random parameter sets (best of 3) and
compared with its peer, a plain-Python loop evaluating the same formula with
floats, run on a 10^4 subsample and scaled up to N.  ``alternating_offers`` is
timed on a batch of 10^5 worlds with T = 120 (and T = 200) periods against a
plain-Python backward induction on 500 worlds, scaled up.

Run:  .venv/bin/python bench/bench_theory.py
"""

from __future__ import annotations

import math
import time

import numpy as np

import zopa.theory as th

N = 1_000_000
SUB = 10_000


def best_of(func, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def loop_time(scalar, columns, n=SUB):
    """Best of 3 plain-Python passes over n parameter sets, scaled up to N."""
    rows = list(zip(*(c[:n].tolist() for c in columns), strict=True))

    def run():
        for row in rows:
            scalar(*row)

    return best_of(run) * (N / n)


def inputs(rng):
    u = lambda lo, hi: rng.uniform(lo, hi, N)  # noqa: E731
    return {
        "fearon_range": ([u(0, 1), u(0, 0.3), u(0, 0.3)], lambda p, a, b: (p - a, p + b)),
        "risk_return": (
            [u(0, 1), u(0, 0.3), u(0.05, 0.5)],
            lambda p, a, cb: (
                (d := min(p + max(0.0, (cb - a) / 2), 1.0)),
                (d - p) / cb,
            ),
        ),
        "rubinstein_share": ([u(0, 0.99), u(0, 0.99)], lambda a, b: (1 - b) / (1 - a * b)),
        "rubinstein_rates": ([u(0.01, 1), u(0.01, 1)], lambda a, b: b / (a + b)),
        "fixed_cost_share": (
            [u(0, 0.9), u(0, 0.9)],
            lambda a, b: 1.0 if a < b else (b if a > b else math.nan),
        ),
        "deadline_share": (
            [u(0, 0.99), u(0, 0.99), rng.integers(1, 100, N).astype(float)],
            _deadline_loop,
        ),
        "breakdown_share": (
            [u(0.01, 1), u(0, 0.5), u(0, 0.5), u(0.5, 1)],
            lambda q, a, b, d: (1 - q * b - (k := (1 - q) * d) * (1 - q * a)) / (1 - k * k),
        ),
        "outside_option_share": (
            [u(0, 1), u(0, 1), u(0, 0.3), u(0, 0.3)],
            lambda x, p, a, b: min(max(x, p - a), p + b),
        ),
        "commitment_war": (
            [u(0.3, 1), u(0, 0.3), u(0.5, 0.99), u(0, 0.3)],
            lambda p, p1, d, a: p - p1 > (1 - d) * (1 - p + a) / d,
        ),
        "critical_shift": (
            [u(0, 1), u(0.5, 0.99), u(0, 0.3)],
            lambda p, d, a: (1 - d) * (1 - p + a) / d,
        ),
        "attrition": (
            [u(0.1, 2), u(0.1, 2), u(0.01, 1), u(0.01, 1)],
            lambda v1, v2, c1, c2: (
                (h1 := c2 / v2),
                (h2 := c1 / v1),
                1 / (h1 + h2),
                h1 / (h1 + h2),
            ),
        ),
        "attrition_delay": ([u(0, 2), u(0.1, 1)], lambda g, c: g / c),
        "attrition_time": ([u(0.01, 0.1), u(0, 2), u(0.1, 1)], lambda c, g, m: g * (1 / c - 1 / m)),
        "screening": (
            [u(1, 2), u(0.1, 1), u(0, 0.99), u(0, 1)],
            lambda vh, vl, d, b: ((1 - d) * vh + d * vl, True) if b >= vl / vh else (vl, False),
        ),
        "battle_update": (
            [u(0, 1), u(0.05, 0.95), u(0.05, 0.95), rng.random(N) < 0.5],
            lambda m, h, low, w: (
                m * h / (m * h + (1 - m) * low)
                if w
                else m * (1 - h) / (m * (1 - h) + (1 - m) * (1 - low))
            ),
        ),
        "mediator_threshold": (
            [u(0.5, 1), u(0, 0.5), u(0, 1), u(0, 0.4), u(0, 0.4)],
            _mediator_loop,
        ),
        "reference_utility": (
            [u(0, 1), u(0, 1)],
            lambda x, r: x - r if x >= r else 2.25 * (x - r),
        ),
    }


def _deadline_loop(d1, d2, periods):
    share = 1.0
    for k in range(int(periods) - 1, 0, -1):
        share = 1.0 - (d2 if k % 2 == 1 else d1) * share
    return share


def _mediator_loop(xh, xl, e, wa, wb):
    gain_a = (1 - e) * (1 - xl) + e * wa - (1 - xh)
    gain_b = xh - (1 - e) * xl - e * wb
    if gain_b <= 0:
        return 0.0
    return math.nan if gain_a < 0 else gain_b / (gain_a + gain_b)


def _backward_loop(w1, w2, d1, d2, q):
    """Plain-Python backward induction for one world (same rules as alternating_offers)."""
    periods = len(w1) - 1
    v1, v2 = w1[-1], w2[-1]
    for t in range(periods - 1, -1, -1):
        c1 = d1 * (q * w1[t + 1] + (1 - q) * v1)
        c2 = d2 * (q * w2[t + 1] + (1 - q) * v2)
        if t % 2 == 0:
            wi, wj, ci, cj = w1[t], w2[t], c1, c2
        else:
            wi, wj, ci, cj = w2[t], w1[t], c2, c1
        j_out = wj > cj
        after = wi if j_out else ci
        give = max(wj, cj, 0.0)
        keep = 1.0 - give
        if keep >= 0 and keep >= max(wi, after):
            vi, vj = keep, give
        elif wi > after or j_out:
            vi, vj = wi, wj
        else:
            vi, vj = ci, cj
        v1, v2 = (vi, vj) if t % 2 == 0 else (vj, vi)
    return v1, v2


def main() -> None:
    rng = np.random.default_rng(2026)
    print(f"zopa.theory on N = {N:,} parameter sets (best of 3); peer: plain-Python loop")
    print(f"over {SUB:,} sets, scaled to N")
    print(f"{'function':24s} {'numpy (s)':>10s} {'loop (s)':>10s} {'speed-up':>9s}")
    for name, (columns, scalar) in inputs(rng).items():
        func = getattr(th, name)
        vec = best_of(lambda func=func, columns=columns: func(*columns))
        loop = loop_time(scalar, columns)
        print(f"{name:24s} {vec:10.3f} {loop:10.2f} {loop / vec:8.0f}x")

    prior = rng.uniform(0, 1, N)
    signals = (rng.random((N, 5)) < 0.5).astype(float)
    vec = best_of(lambda: th.posterior_sincere(prior, 0.7, 0.4, signals))

    def one(mu, sig):
        for s in sig:
            ls, lt = (0.7, 0.4) if s else (0.3, 0.6)
            mu = mu * ls / (mu * ls + (1 - mu) * lt)
        return mu

    loop = loop_time(one, [prior, signals])
    print(f"{'posterior_sincere (x5)':24s} {vec:10.3f} {loop:10.2f} {loop / vec:8.0f}x")

    print()
    print("alternating_offers: batch of worlds x T periods, random war values, q = 0.01")
    for batch, periods in [(100_000, 120), (100_000, 200)]:
        w1 = rng.uniform(0.0, 0.6, (batch, periods + 1))
        w2 = rng.uniform(0.0, 0.4, (batch, periods + 1))
        start = time.perf_counter()
        th.alternating_offers(w1, w2, 0.99, 0.98, q=0.01)
        cold = time.perf_counter() - start
        warm = best_of(lambda w1=w1, w2=w2: th.alternating_offers(w1, w2, 0.99, 0.98, q=0.01))
        n_loop = 500
        rows = [(w1[i].tolist(), w2[i].tolist()) for i in range(n_loop)]
        start = time.perf_counter()
        for a, b in rows:
            _backward_loop(a, b, 0.99, 0.98, 0.01)
        loop = (time.perf_counter() - start) * batch / n_loop
        print(
            f"  ({batch:,}, T={periods}): first call {cold:.3f} s, best of 3 {warm:.3f} s; "
            f"loop {loop:.1f} s -> {loop / warm:.0f}x"
        )
    # the plain loop above follows the same rules: check it agrees on a few worlds
    w1 = rng.uniform(0.0, 0.6, (5, 31))
    w2 = rng.uniform(0.0, 0.4, (5, 31))
    r = th.alternating_offers(w1, w2, 0.99, 0.98, q=0.01)
    for i in range(5):
        v1, v2 = _backward_loop(w1[i].tolist(), w2[i].tolist(), 0.99, 0.98, 0.01)
        assert abs(v1 - r.value1[i, 0]) < 1e-12 and abs(v2 - r.value2[i, 0]) < 1e-12


if __name__ == "__main__":
    main()
