"""Simulate negotiations: outcome spaces, protocols, strategies and a batched engine.

``zopa.sim.simulate(domain_or_scenario, strategies={actor: strategy}, protocol=...,
steps=..., runs=..., seed=...)`` runs many independent sessions at once and
returns a :class:`SimResult` (``runs`` table, optional ``trace``, ``summary()``).

Examples
--------
>>> from zopa.sim import simulate, negmas_benchmark
>>> res = simulate(negmas_benchmark(), {"UA": "boulware", "RU": "conceder"}, steps=20, runs=1)
>>> res.to_json()["agreement"], res.to_json()["step"]
({'territory': 6, 'army_cap': 1, 'security_guarantee': 'art5_like'}, 18)
>>> res = simulate(negmas_benchmark(), {"UA": "boulware", "RU": "tough"}, steps=20, runs=1)
>>> print(res.to_json()["agreement"])      # tough RU never offers UA its reservation value
None
"""

from __future__ import annotations

from zopa.sim.battlefield import Battlefield
from zopa.sim.benchmark import negmas_benchmark
from zopa.sim.domain import Domain, Issue, grid
from zopa.sim.engine import simulate
from zopa.sim.result import SimResult
from zopa.sim.strategies import REGISTRY as STRATEGIES
from zopa.sim.strategies import Strategy

__all__ = ["simulate", "SimResult", "Domain", "Issue", "grid", "Battlefield", "Strategy",
           "STRATEGIES", "negmas_benchmark"]
