"""The batched engine: N independent sessions advance together as arrays.

:func:`simulate` splits the runs into batches, binds each party's strategy to
the batch, advances every session step by step (a loop over steps and
parties, never over sessions) and gathers one row per session.  Every random
draw is keyed by (seed, session, step, purpose) (:mod:`zopa.sim.rng`), so the
same seed gives the same results whatever the number of runs and the batch size.

Examples
--------
>>> from zopa.sim.benchmark import negmas_benchmark
>>> res = simulate(negmas_benchmark(), {"UA": "boulware", "RU": "conceder"},
...                protocol="sao", steps=100, runs=3, seed=1)
>>> row = res.runs.iloc[0]
>>> bool(row.agreement), int(row.step), row.territory, row.army_cap, row.security_guarantee
(True, 76, 10, 0, 'art5_like')
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from zopa.sim import rng as _rng
from zopa.sim.battlefield import Battlefield
from zopa.sim.domain import Domain
from zopa.sim.protocols import PROTOCOLS, Recorder, turn_taking
from zopa.sim.result import SimResult
from zopa.sim.strategies import Party, Strategy, parse
from zopa.sim.tables import Table

__all__ = ["simulate"]


def _domain(obj) -> Domain:
    if isinstance(obj, Domain):
        return obj
    from zopa.sim.scenario import from_scenario

    return from_scenario(obj)


def simulate(
    domain,
    strategies: Mapping[str, str | Strategy],
    protocol: str = "sao",
    steps: int | np.ndarray = 100,
    runs: int = 1,
    seed: int | np.random.Generator | None = 0,
    batch_size: int = 20_000,
    trace: bool = False,
    battlefield: Battlefield | Mapping | None = None,
    mediator=None,
    reservation: np.ndarray | None = None,
    first_session: int = 0,
    ties: str = "negmas",
) -> SimResult:
    """Simulate ``runs`` negotiation sessions.

    Parameters
    ----------
    domain : Domain or scenario
        The outcome space and utility tables (a scenario is compiled by
        :func:`zopa.sim.scenario.from_scenario`).
    strategies : {actor: strategy}
        The parties, in moving order, and their strategies (names such as
        ``"boulware"`` or ``"stalling:p_ratify=0.3"``, or Strategy objects whose
        parameters may be arrays with one value per run).
    protocol : {"sao", "alternating", "multilateral", "mediated"}
    steps : int or array of int (one per run)
        Rounds (``sao``, ``mediated``) or moves (``alternating``, ``multilateral``).
    runs : int
        Number of independent sessions.
    seed : int, Generator or None
    batch_size : int
        Sessions advanced together; results do not depend on it.
    trace : bool
        Keep every offer and response (``SimResult.trace``).
    battlefield : Battlefield or {actor: {"drift": .., "volatility": ..}}
        How reservation values move during the talks.
    mediator : zopa.sim.mediated.Mediator, optional
        The mediator for ``protocol="mediated"``.
    reservation : array (runs, n_parties), optional
        Per-run reservation values (uncertain worlds); default the domain's.
    first_session : int
        Number of the first session: session ``i`` of this call draws the random numbers of
        session ``first_session + i`` (a sweep passes its batch's first world, so results do
        not depend on how worlds are batched).
    ties : {"negmas", "outcome-order"}
        Which of several outcomes of equal utility a party bids. ``"negmas"`` sorts each batch's
        rational outcomes as NegMAS's ``PresortingInverseUtilityFunction`` does (numpy's default
        argsort, whose order among ties is NegMAS's), so agreements equal NegMAS's;
        ``"outcome-order"`` takes ties in outcome order from one stable sort per domain, reused by
        every call (faster when the same domain is simulated again and again, as the what-if
        explorer does; utilities and the bargaining are the same, the outcome picked among equally
        good ones may differ).

    Returns
    -------
    SimResult
    """
    if protocol not in PROTOCOLS:
        raise ValueError(f"protocol must be one of {', '.join(PROTOCOLS)}; got {protocol!r}")
    if ties not in ("negmas", "outcome-order"):
        raise ValueError(f"ties must be 'negmas' or 'outcome-order', got {ties!r}")
    if not isinstance(runs, int | np.integer) or runs < 1:
        raise ValueError(f"runs must be a positive integer, got {runs!r}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    d = _domain(domain)
    if not strategies:
        raise ValueError("strategies must name at least one actor, e.g. {'UA': 'boulware', 'RU': 'conceder'}")
    actors = [str(a) for a in strategies]
    for a in actors:
        d.index(a)
    if protocol != "mediated" and len(actors) < 2:
        raise ValueError(f"protocol {protocol!r} needs at least two parties")
    strat = [parse(strategies[a]) for a in actors]
    n_steps = np.asarray(steps, dtype=np.int64)
    n_steps = np.full(runs, int(n_steps)) if n_steps.ndim == 0 else n_steps
    if n_steps.shape != (runs,) or np.any(n_steps < 1):
        raise ValueError("steps must be a positive integer or one positive integer per run")
    bf = battlefield if isinstance(battlefield, Battlefield) else Battlefield(battlefield)
    idx = [d.index(a) for a in actors]
    U = d.U[idx]
    r_all = np.broadcast_to(d.reservation[idx], (runs, len(idx))) if reservation is None else np.asarray(reservation, float)
    if r_all.shape != (runs, len(idx)):
        raise ValueError(f"reservation must have shape (runs, n_parties) = ({runs}, {len(idx)})")
    iseed = _rng.seed_from(seed)
    med = None
    if protocol == "mediated":
        from zopa.sim.mediated import Mediator

        med = mediator if mediator is not None else Mediator()
        if not isinstance(med, Mediator):
            raise ValueError("mediator must be a zopa.sim.mediated.Mediator")

    parts, traces = [], []
    for lo in range(0, runs, batch_size):
        local = np.arange(lo, min(runs, lo + batch_size))
        out, tr = _batch(d, actors, U, r_all[local], strat, n_steps[local], local + first_session, iseed, ties,
                         protocol, bf, med, trace, local)
        parts.append(out)
        traces.append(tr)
    cols = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    tr = {k: np.concatenate([t[k] for t in traces]) for k in traces[0]} if trace else None
    return SimResult.build(d, actors, strat, protocol, n_steps, iseed, cols, tr, med)


def _batch(d, actors, U, r0, strat, n_steps, session, seed, ties, protocol, bf, med, trace, run=None):
    B = len(session)
    if med is not None:  # the mediator's levers move the values of fighting on before the talks
        r0 = r0 + np.array([med.shift(a) for a in actors])[None, :]
    parties = [
        Party(a, Table(U[i], r0[:, i], ascending=d.ascending[d.index(a)] if ties == "outcome-order" else None), i, len(actors), session, seed, n_steps, r0[:, i].copy(), run=run)
        for i, a in enumerate(actors)
    ]
    bound = [s.bind(p) for s, p in zip(strat, parties, strict=True)]

    def move_world(step: int) -> None:
        if bf.static:
            return
        r = bf.shift(r0, actors, session, seed, step, n_steps)
        for i, p in enumerate(parties):
            p.reservation = r[:, i]

    rec = Recorder(trace)
    if protocol == "mediated":
        from zopa.sim.mediated import single_text

        out = single_text(bound, parties, med, n_steps, session, seed, move_world, rec)
    else:
        out = turn_taking(bound, n_steps, session, protocol, move_world, rec)
    final_r = np.stack([p.reservation for p in parties], axis=1) if parties else np.zeros((B, 0))
    out["final_reservation"] = final_r
    out["session"] = session
    return out, rec.arrays()
