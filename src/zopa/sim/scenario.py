"""From a scenario to a simulation domain: the outcome grid and utility tables.

:func:`from_scenario` compiles a scenario (:func:`zopa.scenario.compile.compile_model`)
and enumerates its outcomes.  Ordinal issues take their options; a continuous
issue takes its ``step`` grid, or ``levels`` evenly spaced points when it has
none (the grid of each issue in the outcome grid is stated in ``Domain.notes``).
When the full product of the issues' grids exceeds ``max_outcomes``, the issues
that matter most to the chosen actors (largest summed weight) are kept and the
others are held at their status quo, again stated in the notes, their values in
``Domain.held``.  Utilities are the compiled
model's (:meth:`zopa.scenario.compile.Model.utility`), so they agree with every
other analysis of the scenario.

Delegates and envoys (actors with a ``principal``) negotiate with their
principal's utilities and reservation value; their ``authority`` (``sign``,
``refer``, ``none``) is kept so that a delegate who must refer back can be
given the stalling strategy, whose principal may refuse to ratify.

Examples
--------
>>> import zopa
>>> d = from_scenario(zopa.load("textbook"))
>>> d.actors, d.n_outcomes
(('A', 'B', 'M'), 21)
>>> d.outcome(8)
{'border': 0.4}
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from zopa.sim.domain import Domain, Issue

__all__ = ["from_scenario"]


def _clean(v: float):
    f = float(v)
    return int(f) if f.is_integer() else round(f, 10)


def from_scenario(scenario, actors: Sequence[str] | None = None, max_outcomes: int = 100_000,
                  levels: int = 5) -> Domain:
    """A :class:`~zopa.sim.domain.Domain` from a scenario (object, built-in name or file).

    Parameters
    ----------
    scenario : Scenario, compiled Model, or str
    actors : actor ids to include (default: every actor with a stance, plus delegates)
    max_outcomes : int
        Largest outcome grid to enumerate.
    levels : int
        Grid points of a continuous issue without a ``step``.
    """
    from zopa.scenario.compile import Model, compile_model

    if isinstance(scenario, str):
        import zopa

        scenario = zopa.load(scenario)
    m = scenario if isinstance(scenario, Model) else compile_model(scenario)
    s = m.scenario
    if levels < 2:
        raise ValueError(f"levels must be >= 2, got {levels}")
    by_id = {a.id: a for a in s.actors}
    has_stance = [a.id for k, a in enumerate(s.actors) if m.weights[k].sum() > 0]
    delegates = [a.id for a in s.actors if a.principal and a.id not in has_stance and a.principal in has_stance]
    chosen = list(actors) if actors is not None else has_stance + delegates
    for a in chosen:
        if a not in by_id:
            raise ValueError(f"unknown actor {a!r}; actors are {list(by_id)}")
    source = {a: (a if a in has_stance else by_id[a].principal) for a in chosen}
    for a, src in source.items():
        if src is None or src not in has_stance:
            raise ValueError(f"actor {a!r} has no stance on any issue and no principal that has one")
    rows = [m.actor_index(source[a]) for a in chosen]

    grids = []
    for i, iss in enumerate(s.issues):
        g = m.grids[i]
        if not m.ordinal[i] and iss.step is None:
            g = np.linspace(m.lo[i], m.hi[i], levels)
        grids.append(g)
    # the issues that matter to the parties (belligerents first: they define the zone)
    core = [m.actor_index(source[a]) for a in chosen if by_id[source[a]].role == "belligerent"] or rows
    weight = m.weights[core].sum(axis=0)
    keep = list(range(len(s.issues)))
    capped = np.prod([len(g) for g in grids], dtype=float) > max_outcomes
    if capped:
        keep, size = [], 1.0
        for i in np.argsort(-weight, kind="stable"):
            if weight[i] > 0 and size * len(grids[i]) <= max_outcomes:
                keep.append(int(i))
                size *= len(grids[i])
        keep.sort()
    notes = []  # the grid of each continuous issue in the outcome grid, then the issues held out of it
    for i in keep:
        iss = s.issues[i]
        if not m.ordinal[i] and iss.step is None:
            notes.append(f"{iss.id}: continuous without a step, discretised on {levels} points {grids[i].round(4).tolist()}")
        elif not m.ordinal[i]:
            notes.append(f"{iss.id}: grid step {iss.step} from {m.lo[i]} to {m.hi[i]}")
    held = {}
    for i in range(len(s.issues)):
        if i not in keep:
            iss = s.issues[i]
            sq = float(m.status_quo[i])
            held[iss.id] = iss.options[int(round(sq))] if m.ordinal[i] else _clean(sq)
    if capped:
        notes.append(f"outcome grid capped at {max_outcomes}: {', '.join(held)} held at the status quo")
    issues = []
    for i in keep:
        iss = s.issues[i]
        opts = tuple(iss.options) if m.ordinal[i] else tuple(_clean(v) for v in grids[i])
        issues.append(Issue(iss.id, opts, None if m.ordinal[i] else (iss.step or float(grids[i][1] - grids[i][0]))))
    idx = np.indices([len(grids[i]) for i in keep]).reshape(len(keep), -1).T
    X = np.tile(m.status_quo.astype(float), (len(idx), 1))
    for c, i in enumerate(keep):
        X[:, i] = grids[i][idx[:, c]]
    U = m.utility(X).T[rows]
    r = m.reservation[rows].astype(float)
    for a, v in zip(chosen, r, strict=True):
        if np.isnan(v):
            notes.append(f"{a}: no reservation value given; 0 used")
    r = np.nan_to_num(r, nan=0.0)
    authority = {a: by_id[a].authority for a in chosen}
    mediators = tuple(a for a in chosen if by_id[a].kind == "mediator" or by_id[a].role == "mediator")
    W = m.weights[rows][:, keep]
    return Domain(tuple(issues), tuple(chosen), U, r, W, authority, mediators, tuple(notes), held)
