"""The NegMAS cross-check domain, built from plain Python (no scenario file needed).

Three issues (territory 0..10, army_cap 0..4, security_guarantee none <
neutrality < bilateral < art5_like: 220 outcomes) and three actors with linear
additive utilities: UA and RU (the bilateral pairing) and the US (third party).
``examples/negmas-benchmark.yaml`` states the same domain as a scenario file.

Examples
--------
>>> d = negmas_benchmark()
>>> d.n_outcomes, d.actors
(220, ('UA', 'RU', 'US'))
>>> round(float(d.U[0, d.outcome_index({"territory": 4, "army_cap": 0, "security_guarantee": "neutrality"})]), 4)
0.29
"""

from __future__ import annotations

from zopa.sim.domain import Domain

__all__ = ["negmas_benchmark", "GUARANTEES"]

GUARANTEES = ["none", "neutrality", "bilateral", "art5_like"]


def negmas_benchmark(actors: tuple[str, ...] = ("UA", "RU", "US")) -> Domain:
    """The benchmark domain of issue 5, with the given actors (in this order)."""
    issues = {"territory": list(range(11)), "army_cap": list(range(5)), "security_guarantee": GUARANTEES}
    values = {
        "UA": {"territory": [i / 10 for i in range(11)], "army_cap": [i / 4 for i in range(5)],
               "security_guarantee": [0, 0.3, 0.7, 1]},
        "RU": {"territory": [1 - i / 10 for i in range(11)], "army_cap": [1 - i / 4 for i in range(5)],
               "security_guarantee": [1, 0.8, 0.4, 0]},
        "US": {"territory": [1 - abs(i - 5) / 5 for i in range(11)],
               "army_cap": [1 - abs(i - 2) / 2 for i in range(5)],
               "security_guarantee": [0.2, 0.6, 1, 0.3]},
    }
    weights = {"UA": [0.5, 0.2, 0.3], "RU": [0.45, 0.35, 0.2], "US": [0.3, 0.2, 0.5]}
    reservation = {"UA": 0.35, "RU": 0.30, "US": 0.25}
    return Domain.linear_additive(
        issues, {a: values[a] for a in actors}, {a: weights[a] for a in actors},
        {a: reservation[a] for a in actors},
    )
