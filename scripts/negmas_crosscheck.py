#!/usr/bin/env python
"""Cross-check zopa's protocol="sao" against NegMAS 0.16 on the benchmark domain.

NegMAS (AGPL) is installed in its own virtualenv, never in zopa's:
``$ZOPA_NEGMAS_VENV`` or /tmp/zopa-negmas-venv, created on first use with
``pip install negmas==0.16.0`` (the newest 0.16 on PyPI when this was written).
The script runs every deterministic pairing (Boulware, Linear, Conceder, Tough,
naive tit-for-tat) for UA vs RU and for UA, RU and US, at several step counts,
in NegMAS (scripts/negmas/run_negmas.py, in the NegMAS venv) and in zopa, prints
a table and exits 1 on any mismatch of agreement or step.  It also checks that
both compute the same utility tables, bit for bit.

    .venv/bin/python scripts/negmas_crosscheck.py                 # compare
    .venv/bin/python scripts/negmas_crosscheck.py --write-fixture # also refresh
        tests/sim/data/negmas_reference.json (what the test suite checks against)
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NEGMAS_VERSION = "0.16.0"
FIXTURE = ROOT / "tests" / "sim" / "data" / "negmas_reference.json"
CODES = {"B": "boulware", "L": "linear", "C": "conceder", "T": "tough", "N": "tit-for-tat"}
STEPS = [10, 37, 100]


def negmas_python() -> Path:
    """The NegMAS venv's python, creating the venv if needed."""
    venv = Path(os.environ.get("ZOPA_NEGMAS_VENV", "/tmp/zopa-negmas-venv"))
    py = venv / "bin" / "python"
    if not py.exists():
        print(f"creating {venv} and installing negmas=={NEGMAS_VERSION} ...", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    ok = subprocess.run([str(py), "-c", f"import negmas; assert negmas.__version__ == '{NEGMAS_VERSION}'"],
                        capture_output=True)
    if ok.returncode != 0:
        subprocess.run([str(py), "-m", "pip", "install", "-q", f"negmas=={NEGMAS_VERSION}"], check=True)
    return py


def run_negmas(py: Path, steps: list[int], pairings: list[tuple[str, ...]]) -> dict:
    cfg = json.dumps({"steps": steps, "pairings": [list(p) for p in pairings]})
    out = subprocess.run([str(py), str(HERE / "negmas" / "run_negmas.py"), cfg],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def run_zopa(case: dict) -> dict:
    from zopa.sim import negmas_benchmark, simulate

    actors = ("UA", "RU", "US")[: len(case["strategies"])]
    strategies = {a: CODES[k] for a, k in zip(actors, case["strategies"], strict=True)}
    res = simulate(negmas_benchmark(actors), strategies, protocol="sao", steps=case["steps"], runs=1, seed=0)
    return res.to_json()


def compare(reference: dict) -> list[dict]:
    rows = []
    for case in reference["results"]:
        z = run_zopa(case)
        same = z["agreement"] == case["agreement"] and z["step"] == case["step"]
        rows.append({"pairing": "-".join(case["strategies"]), "steps": case["steps"],
                     "negmas": (case["agreement"], case["step"]), "zopa": (z["agreement"], z["step"]),
                     "match": same})
    return rows


def check_utilities(reference: dict) -> int:
    import numpy as np

    from zopa.sim import negmas_benchmark

    d = negmas_benchmark()
    bad = 0
    for a, us in reference["utilities"].items():
        diff = np.flatnonzero(d.U[d.index(a)] != np.asarray(us))
        if len(diff):
            bad += 1
            print(f"utility table of {a} differs at {len(diff)} outcomes, e.g. {diff[:5].tolist()}")
    return bad


def pairings() -> list[tuple[str, ...]]:
    codes = list(CODES)
    return list(itertools.product(codes, repeat=2)) + list(itertools.product(codes, repeat=3))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--write-fixture", action="store_true", help=f"write NegMAS's results to {FIXTURE}")
    ap.add_argument("--steps", type=int, nargs="*", default=STEPS)
    ap.add_argument("--from-fixture", action="store_true", help="compare with the fixture; do not run NegMAS")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    if args.from_fixture:
        reference = json.loads(FIXTURE.read_text())
    else:
        reference = run_negmas(negmas_python(), args.steps, pairings())
        if args.write_fixture:
            reference["produced_by"] = (
                f"scripts/negmas_crosscheck.py --write-fixture: negmas {reference['negmas']} SAOMechanism "
                "(defaults) with BoulwareTBNegotiator, LinearTBNegotiator, ConcederTBNegotiator, "
                "ToughNegotiator and NaiveTitForTatNegotiator (defaults) on the issue-5 benchmark domain"
            )
            FIXTURE.parent.mkdir(parents=True, exist_ok=True)
            FIXTURE.write_text(json.dumps(reference, indent=1) + "\n")
            print(f"wrote {FIXTURE}")
    bad = check_utilities(reference)
    rows = compare(reference)
    print(f"{'pairing':8} {'steps':>5}  {'NegMAS agreement':38} {'step':>4}  {'zopa agreement':38} {'step':>4}  ok")
    fmt = lambda a: "none" if a is None else f"{a['territory']},{a['army_cap']},{a['security_guarantee']}"  # noqa: E731
    for r in rows:
        print(f"{r['pairing']:8} {r['steps']:>5}  {fmt(r['negmas'][0]):38} {r['negmas'][1]:>4}  "
              f"{fmt(r['zopa'][0]):38} {r['zopa'][1]:>4}  {'yes' if r['match'] else 'NO'}")
    n_bad = sum(not r["match"] for r in rows)
    print(f"\n{len(rows) - n_bad} of {len(rows)} pairings match NegMAS {reference['negmas']}"
          f" (agreement and step); utility tables {'identical' if not bad else 'DIFFER'}")
    return 1 if n_bad or bad else 0


if __name__ == "__main__":
    sys.exit(main())
