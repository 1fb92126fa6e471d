"""Run the benchmark pairings in NegMAS and print the results as JSON.

Runs inside the separate NegMAS virtualenv made by scripts/negmas_crosscheck.py
(NegMAS is AGPL and never a dependency of zopa).  Usage:

    python run_negmas.py '{"steps": [10, 50, 100], "pairings": [["B", "C"], ["B", "C", "T"]]}'
    python run_negmas.py --bench 50 100      # sessions/s for Boulware vs Conceder, 50 runs, 100 steps
"""

from __future__ import annotations

import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")

import negmas  # noqa: E402
from negmas import SAOMechanism, make_issue  # noqa: E402
from negmas.preferences import LinearAdditiveUtilityFunction  # noqa: E402
from negmas.preferences.value_fun import TableFun  # noqa: E402
from negmas.sao import (  # noqa: E402
    BoulwareTBNegotiator,
    ConcederTBNegotiator,
    LinearTBNegotiator,
    NaiveTitForTatNegotiator,
    ToughNegotiator,
)

G = ["none", "neutrality", "bilateral", "art5_like"]
KINDS = {"B": BoulwareTBNegotiator, "L": LinearTBNegotiator, "C": ConcederTBNegotiator,
         "T": ToughNegotiator, "N": NaiveTitForTatNegotiator}
ACTORS = ("UA", "RU", "US")


def issues():
    return [make_issue(list(range(11)), "territory"), make_issue(list(range(5)), "army_cap"),
            make_issue(G, "security_guarantee")]


def ufun(name, iss):
    spec = {
        "UA": ({i: i / 10 for i in range(11)}, {i: i / 4 for i in range(5)}, dict(zip(G, [0, .3, .7, 1], strict=True)),
               [.5, .2, .3], .35),
        "RU": ({i: 1 - i / 10 for i in range(11)}, {i: 1 - i / 4 for i in range(5)}, dict(zip(G, [1, .8, .4, 0], strict=True)),
               [.45, .35, .2], .30),
        "US": ({i: 1 - abs(i - 5) / 5 for i in range(11)}, {i: 1 - abs(i - 2) / 2 for i in range(5)},
               dict(zip(G, [.2, .6, 1, .3], strict=True)), [.3, .2, .5], .25),
    }[name]
    t, a, g, w, r = spec
    return LinearAdditiveUtilityFunction(
        values={"territory": TableFun(t), "army_cap": TableFun(a), "security_guarantee": TableFun(g)},
        weights=w, issues=iss, reserved_value=r)


def run(kinds, n_steps):
    iss = issues()
    m = SAOMechanism(issues=iss, n_steps=n_steps)
    ufs = {}
    for actor, k in zip(ACTORS[: len(kinds)], kinds, strict=True):
        ufs[actor] = ufun(actor, iss)
        m.add(KINDS[k](name=actor), ufun=ufs[actor])
    s = m.run()
    agr = None if s.agreement is None else dict(zip(["territory", "army_cap", "security_guarantee"], s.agreement, strict=True))
    return {"strategies": list(kinds), "steps": n_steps, "agreement": agr, "step": int(s.step),
            "utilities": {a: (None if s.agreement is None else float(u(s.agreement))) for a, u in ufs.items()}}


def utilities():
    """Every actor's utility of every outcome, in itertools.product order."""
    import itertools

    iss = issues()
    outs = list(itertools.product(range(11), range(5), G))
    return {a: [float(ufun(a, iss)(o)) for o in outs] for a in ACTORS}


def main(argv):
    if argv and argv[0] == "--bench":
        runs, steps = int(argv[1]), int(argv[2])
        t0 = time.perf_counter()
        for _ in range(runs):
            run(("B", "C"), steps)
        dt = time.perf_counter() - t0
        print(json.dumps({"runs": runs, "steps": steps, "seconds": dt, "negmas": negmas.__version__}))
        return
    cfg = json.loads(argv[0])
    out = [run(tuple(p), n) for n in cfg["steps"] for p in cfg["pairings"]]
    print(json.dumps({"negmas": negmas.__version__, "results": out, "utilities": utilities()}))


if __name__ == "__main__":
    main(sys.argv[1:])
