"""Compile a :class:`~zopa.scenario.Scenario` into arrays: the :class:`Model` analyses run on.

Utility of actor *a* for an outcome *x* (one value per issue) is additive over issues,

.. math:: U_a(x) = \\Big(\\sum_i w_{ai}\\, u_{ai}(x_i)\\Big)^{1-\\rho_a},

with weights :math:`w_{ai}` (the actor's ``weights``, else its saliences, normalised to
sum to 1), per-issue utilities :math:`u_{ai}` in [0, 1] and risk aversion :math:`\\rho_a`
(0 when not given). A per-issue utility is the actor's explicit ``values`` table
(piecewise linear between the points given) or, from its ideal point :math:`x^*`,

.. math:: u_{ai}(x) = 1 - (|x - x^*| / R_i)^{k},

where :math:`R_i` is the issue's range and *k* the ``loss_exponent`` (1 = linear).
Ordinal issues use their option index 0..n-1 as the scale. Multi-attribute additive
utility: Keeney & Raiffa (1976), *Decisions with Multiple Objectives*, ch. 6.

Examples
--------
>>> import zopa
>>> from zopa.scenario.compile import compile_model
>>> m = compile_model(zopa.load("textbook"))
>>> m.actors
('A', 'B', 'M')
>>> m.utility([0.45]).round(3).tolist()
[0.45, 0.55, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from zopa.scenario.model import Scenario

__all__ = ["Model", "compile_model"]

DENSE = 201  # grid points of a continuous issue's utility table


@dataclass(frozen=True, eq=False)
class Model:
    """A scenario compiled to numpy arrays.

    Attributes
    ----------
    issues, actors : tuple of str
        Ids in scenario order.
    lo, hi : ndarray, shape (n_issues,)
        Each issue's scale (ordinal: 0 .. n_options - 1).
    ordinal : ndarray of bool, shape (n_issues,)
    grids : tuple of ndarray
        Each issue's evaluation grid (continuous: ``step`` spacing or 21 points; ordinal: options).
    table_x : tuple of ndarray
        Per issue, the points at which utilities are tabulated.
    table_u : tuple of ndarray, each (n_actors, n_points)
        Per-issue utilities at ``table_x`` (0 where an actor has no stance).
    weights : ndarray, shape (n_actors, n_issues)
        Normalised issue weights (rows sum to 1, or 0 for actors with no stance).
    risk : ndarray, shape (n_actors,)
        Risk aversion rho (utility ``U ** (1 - rho)``).
    reservation : ndarray, shape (n_actors,)
        Reservation utility (NaN when not given).
    status_quo : ndarray, shape (n_issues,)
    principals : tuple of int
        Indices of the belligerents.
    """

    scenario: Scenario
    issues: tuple[str, ...]
    actors: tuple[str, ...]
    lo: np.ndarray
    hi: np.ndarray
    ordinal: np.ndarray
    grids: tuple[np.ndarray, ...]
    table_x: tuple[np.ndarray, ...]
    table_u: tuple[np.ndarray, ...]
    weights: np.ndarray
    risk: np.ndarray
    reservation: np.ndarray
    status_quo: np.ndarray
    principals: tuple[int, ...]
    _index: dict = field(default_factory=dict, repr=False)

    # -- lookups -----------------------------------------------------------------
    def issue_index(self, issue_id: str) -> int:
        return self.issues.index(issue_id)

    def actor_index(self, actor_id: str) -> int:
        return self.actors.index(actor_id)

    # -- utilities ---------------------------------------------------------------
    def issue_utility(self, i: int, x) -> np.ndarray:
        """Per-issue utilities of every actor at values ``x`` of issue ``i``: shape (*x.shape, n_actors)."""
        x = np.asarray(x, dtype=float)
        tx, tu = self.table_x[i], self.table_u[i]
        flat = x.reshape(-1)
        # piecewise-linear interpolation for all actors at once
        j = np.clip(np.searchsorted(tx, flat, side="right") - 1, 0, len(tx) - 2)
        x0, x1 = tx[j], tx[j + 1]
        t = np.where(x1 > x0, (np.clip(flat, tx[0], tx[-1]) - x0) / np.where(x1 > x0, x1 - x0, 1.0), 0.0)
        u = tu[:, j] * (1 - t) + tu[:, j + 1] * t  # (n_actors, n)
        return u.T.reshape(*x.shape, len(self.actors))

    def utility(self, x, actors: list[int] | None = None) -> np.ndarray:
        """Utility of outcomes ``x`` (shape (..., n_issues)) for each actor: shape (..., n_actors).

        Issue values are on each issue's scale (ordinal: option index).
        """
        x = np.asarray(x, dtype=float)
        if x.shape[-1] != len(self.issues):
            raise ValueError(f"x has {x.shape[-1]} issue values; the model has {len(self.issues)} issues")
        total = np.zeros((*x.shape[:-1], len(self.actors)))
        for i in range(len(self.issues)):
            total += self.issue_utility(i, x[..., i]) * self.weights[:, i]
        total = np.clip(total, 0.0, 1.0)
        out = total ** (1.0 - self.risk)
        return out if actors is None else out[..., actors]

    def plan_vector(self, plan_id: str) -> np.ndarray:
        """A plan's issue values as a vector (status quo where the plan is silent)."""
        values = self.scenario.plan_values(plan_id)
        return np.array([values[i] for i in self.issues], dtype=float)

    def plans_matrix(self) -> tuple[list[str], np.ndarray]:
        """Plan ids and their issue vectors, shape (n_plans, n_issues)."""
        ids = [p.id for p in self.scenario.plans]
        if not ids:
            return ids, np.zeros((0, len(self.issues)))
        return ids, np.stack([self.plan_vector(p) for p in ids])


def _grid(issue) -> np.ndarray:
    if issue.kind == "ordinal":
        return np.arange(len(issue.options), dtype=float)
    lo, hi = issue.bounds
    if issue.step:
        n = int(np.floor((hi - lo) / issue.step + 1e-9)) + 1
        g = lo + issue.step * np.arange(n)
        if g[-1] < hi - 1e-9:
            g = np.append(g, hi)
        return g
    return np.linspace(lo, hi, 21)


def _nominal(q, issue=None) -> float | None:
    if q is None:
        return None
    if isinstance(q, str):
        return issue.to_scale(q)
    return q.nominal


def compile_model(s: Scenario) -> Model:
    """Compile a scenario's issues and actors' utilities into a :class:`Model`."""
    n_i, n_a = len(s.issues), len(s.actors)
    lo = np.array([iss.scale[0] for iss in s.issues])
    hi = np.array([iss.scale[1] for iss in s.issues])
    ordinal = np.array([iss.kind == "ordinal" for iss in s.issues])
    grids = tuple(_grid(iss) for iss in s.issues)
    table_x, table_u = [], []
    weights = np.zeros((n_a, n_i))
    for i, iss in enumerate(s.issues):
        pts = [grids[i]]
        if iss.kind == "continuous":
            pts.append(np.linspace(lo[i], hi[i], DENSE))
        for a in s.actors:
            st = a.issues.get(iss.id)
            if st is None:
                continue
            if st.position is not None:
                pts.append(np.array([_nominal(st.position, iss)]))
            if isinstance(st.values, list):
                pts.append(np.array([x for x, _ in st.values], dtype=float))
        tx = np.unique(np.clip(np.concatenate(pts), lo[i], hi[i]))
        if len(tx) == 1:
            tx = np.array([lo[i], hi[i]])
        tu = np.zeros((n_a, len(tx)))
        span = hi[i] - lo[i]
        for k, a in enumerate(s.actors):
            st = a.issues.get(iss.id)
            if st is None:
                continue
            if isinstance(st.values, dict):
                tu[k] = np.interp(tx, np.arange(len(iss.options)), [st.values[o] for o in iss.options])
            elif isinstance(st.values, list):
                xs = np.array([x for x, _ in st.values], dtype=float)
                us = np.array([u for _, u in st.values], dtype=float)
                order = np.argsort(xs)
                tu[k] = np.interp(tx, xs[order], us[order])
            else:
                ideal = _nominal(st.position, iss)
                tu[k] = 1.0 - (np.abs(tx - ideal) / span) ** st.loss_exponent
        table_x.append(tx)
        table_u.append(np.clip(tu, 0.0, 1.0))
    for k, a in enumerate(s.actors):
        if a.weights:
            for iid, w in a.weights.items():
                weights[k, s.issues.index(s.issue(iid))] = w.nominal
        else:
            for iid, st in a.issues.items():
                weights[k, s.issues.index(s.issue(iid))] = st.salience.nominal if st.salience is not None else 1.0
        total = weights[k].sum()
        if total > 0:
            weights[k] /= total
    risk = np.array([a.risk_aversion.nominal if a.risk_aversion is not None else 0.0 for a in s.actors])
    reservation = np.array([a.reservation.nominal if a.reservation is not None else np.nan for a in s.actors])
    status_quo = np.array([iss.status_quo_value for iss in s.issues])
    principals = tuple(k for k, a in enumerate(s.actors) if a.role == "belligerent")
    return Model(
        scenario=s,
        issues=tuple(i.id for i in s.issues),
        actors=tuple(a.id for a in s.actors),
        lo=lo,
        hi=hi,
        ordinal=ordinal,
        grids=grids,
        table_x=tuple(table_x),
        table_u=tuple(table_u),
        weights=weights,
        risk=risk,
        reservation=reservation,
        status_quo=status_quo,
        principals=principals,
    )
