"""Outcome spaces and utility tables: the arrays every protocol works on.

A :class:`Domain` is a finite set of issues, each with ordered options (a
continuous issue is discretised on a stated grid, see :func:`grid`), the full
outcome grid as an ``(n_outcomes, n_issues)`` index array in row-major order
(the last issue varies fastest, as :func:`itertools.product` enumerates), and
one utility per actor and outcome.

Utilities are linear additive by default (Keeney & Raiffa 1976, *Decisions
with Multiple Objectives*, ch. 3): ``u(o) = sum_i w_i v_i(o_i)``, summed issue
by issue in the issues' order so that the floating-point values equal those of
NegMAS's ``LinearAdditiveUtilityFunction`` bit for bit.  Any other shape can be
given as an explicit table ``U`` of shape ``(n_actors, n_outcomes)``.

Examples
--------
>>> d = Domain.linear_additive(
...     issues={"land": [0, 1, 2], "nato": ["no", "yes"]},
...     values={"A": {"land": [0, .5, 1], "nato": [0, 1]},
...             "B": {"land": [1, .5, 0], "nato": [1, 0]}},
...     weights={"A": [.5, .5], "B": [.8, .2]},
...     reservation={"A": .2, "B": .3})
>>> d.n_outcomes, d.actors
(6, ('A', 'B'))
>>> d.outcome(5)
{'land': 2, 'nato': 'yes'}
>>> d.U[:, 5].tolist()
[1.0, 0.0]
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

__all__ = ["Issue", "Domain", "grid"]


def grid(lo: float, hi: float, step: float) -> list[float]:
    """The points ``lo, lo + step, ..., hi`` used to discretise a continuous issue.

    Examples
    --------
    >>> grid(0, 1, 0.25)
    [0.0, 0.25, 0.5, 0.75, 1.0]
    """
    if not step > 0:
        raise ValueError(f"step must be > 0, got {step}")
    if hi < lo:
        raise ValueError(f"hi ({hi}) must be >= lo ({lo})")
    n = int(np.floor((hi - lo) / step + 1e-9)) + 1
    pts = [float(lo + k * step) for k in range(n)]
    if pts[-1] < hi - 1e-9:
        pts.append(float(hi))
    return pts


@dataclass(frozen=True)
class Issue:
    """One issue: a name and its ordered options (labels or numbers).

    ``grid_step`` records the step when a continuous issue was discretised.
    """

    name: str
    options: tuple
    grid_step: float | None = None

    def __post_init__(self) -> None:
        if len(self.options) < 1:
            raise ValueError(f"issue {self.name!r} needs at least one option")


@dataclass(frozen=True)
class Domain:
    """A finite outcome space with per-actor utility tables.

    Parameters
    ----------
    issues : tuple of Issue
    actors : tuple of str
    U : ndarray, shape (n_actors, n_outcomes)
        Utility of each outcome for each actor.
    reservation : ndarray, shape (n_actors,)
        Each actor's value of no agreement (its value of fighting on).
    weights : ndarray, shape (n_actors, n_issues), optional
        Issue weights when the utilities are linear additive (for reporting).
    authority : dict, optional
        ``{actor: "can_sign" | "must_refer_back" | "none"}``; actors that must
        refer back need ratification by a principal (see the stalling strategy).
    held : dict, optional
        ``{issue: value}`` for issues of the scenario left out of the outcome grid and held
        at their status quo (:func:`zopa.sim.scenario.from_scenario`); every outcome has them.
    """

    issues: tuple[Issue, ...]
    actors: tuple[str, ...]
    U: np.ndarray
    reservation: np.ndarray
    weights: np.ndarray | None = None
    authority: Mapping[str, str] = field(default_factory=dict)
    mediators: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    held: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        U = np.asarray(self.U, dtype=float)
        if U.shape != (len(self.actors), self.n_outcomes):
            raise ValueError(
                f"U must have shape (n_actors, n_outcomes) = ({len(self.actors)}, {self.n_outcomes}), got {U.shape}"
            )
        r = np.asarray(self.reservation, dtype=float)
        if r.shape != (len(self.actors),):
            raise ValueError(f"reservation must have one value per actor, got shape {r.shape}")
        object.__setattr__(self, "U", U)
        object.__setattr__(self, "reservation", r)

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def linear_additive(
        cls,
        issues: Mapping[str, Sequence],
        values: Mapping[str, Mapping[str, Sequence[float]]],
        weights: Mapping[str, Sequence[float]],
        reservation: Mapping[str, float],
        authority: Mapping[str, str] | None = None,
        mediators: Sequence[str] = (),
    ) -> Domain:
        """Build a domain from plain Python: options, value tables and weights per actor.

        Parameters
        ----------
        issues : {issue: [option, ...]}
        values : {actor: {issue: [value of each option, ...]}}
        weights : {actor: [weight of each issue, in the issues' order]}
        reservation : {actor: value of no agreement}
        """
        iss = tuple(Issue(str(k), tuple(v)) for k, v in issues.items())
        actors = tuple(values)
        missing = [a for a in actors if a not in weights or a not in reservation]
        if missing:
            raise ValueError(f"weights and reservation are needed for every actor; missing for {missing}")
        g = outcome_grid(iss)
        U = np.zeros((len(actors), g.shape[0]))
        W = np.zeros((len(actors), len(iss)))
        for a, actor in enumerate(actors):
            w = list(weights[actor])
            if len(w) != len(iss):
                raise ValueError(f"weights[{actor!r}] needs {len(iss)} values, got {len(w)}")
            W[a] = w
            u = np.zeros(g.shape[0])
            for i, issue in enumerate(iss):
                table = values[actor].get(issue.name)
                if table is None or len(table) != len(issue.options):
                    raise ValueError(
                        f"values[{actor!r}][{issue.name!r}] needs {len(issue.options)} values (one per option)"
                    )
                v = np.asarray(table, dtype=float)[g[:, i]]
                u = u + w[i] * v  # issue by issue, as NegMAS sums
            U[a] = u
        r = np.array([float(reservation[a]) for a in actors])
        return cls(iss, actors, U, r, W, dict(authority or {}), tuple(mediators))

    # -- views ----------------------------------------------------------------------------------
    @property
    def n_outcomes(self) -> int:
        return int(np.prod([len(i.options) for i in self.issues]))

    @functools.cached_property
    def grid(self) -> np.ndarray:
        """The outcome grid, shape (n_outcomes, n_issues), option indices (built once, read-only)."""
        g = outcome_grid(self.issues)
        g.setflags(write=False)
        return g

    @functools.cached_property
    def ascending(self) -> np.ndarray:
        """Each actor's outcomes in ascending order of utility, ties in outcome order (one stable
        sort, made once), shape (n_actors, n_outcomes); see ``simulate(ties="outcome-order")``."""
        order = np.argsort(self.U, axis=1, kind="stable")
        order.setflags(write=False)
        return order

    def index(self, actor: str) -> int:
        """Position of ``actor`` in :attr:`actors` (ValueError naming the choices if unknown)."""
        try:
            return self.actors.index(actor)
        except ValueError:
            raise ValueError(f"unknown actor {actor!r}; actors are {list(self.actors)}") from None

    def outcome(self, k: int) -> dict:
        """The outcome with index ``k`` as ``{issue: option}``."""
        row = self.grid[int(k)]
        return {iss.name: _plain(iss.options[j]) for iss, j in zip(self.issues, row, strict=True)}

    def outcome_index(self, outcome: Mapping[str, object]) -> int:
        """The index of ``{issue: option}`` in the grid.

        Examples
        --------
        >>> d = Domain.linear_additive({"x": [0, 1], "y": ["a", "b", "c"]},
        ...     {"A": {"x": [0, 1], "y": [0, 0, 1]}}, {"A": [1, 1]}, {"A": 0})
        >>> d.outcome_index({"x": 1, "y": "b"})
        4
        """
        k = 0
        for iss in self.issues:
            if iss.name not in outcome:
                raise ValueError(f"outcome lacks issue {iss.name!r}")
            try:
                j = list(iss.options).index(outcome[iss.name])
            except ValueError:
                raise ValueError(
                    f"{outcome[iss.name]!r} is not an option of {iss.name!r}; options are {list(iss.options)}"
                ) from None
            k = k * len(iss.options) + j
        return k

    def subset(self, actors: Sequence[str]) -> Domain:
        """The same outcome space with only ``actors`` (in the given order)."""
        idx = [self.index(a) for a in actors]
        W = None if self.weights is None else self.weights[idx]
        auth = {a: v for a, v in self.authority.items() if a in actors}
        meds = tuple(m for m in self.mediators if m in actors)
        return Domain(self.issues, tuple(actors), self.U[idx], self.reservation[idx], W, auth, meds, self.notes,
                      dict(self.held))


def outcome_grid(issues: Sequence[Issue]) -> np.ndarray:
    """Every combination of option indices, last issue fastest.

    Examples
    --------
    >>> outcome_grid([Issue("a", (0, 1)), Issue("b", ("x", "y", "z"))]).tolist()
    [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]]
    """
    sizes = [len(i.options) for i in issues]
    idx = np.indices(sizes).reshape(len(sizes), -1).T
    return np.ascontiguousarray(idx, dtype=np.int64)


def _plain(v):
    return v.item() if isinstance(v, np.generic) else v
