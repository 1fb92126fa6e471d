"""The Pareto frontier of two principals over a multi-issue outcome space.

With additive utilities, every outcome that maximises ``lam * U1 + (1 - lam) * U2``
is Pareto optimal, and each issue can be optimised on its own. Sweeping ``lam``
over [0, 1] traces the vertices of the upper concave envelope of the achievable
utility pairs; between two vertices the frontier is a mix of their outcomes
(log-rolling across continuous issues, or a lottery). Risk aversion
(``U = S ** (1 - rho)``) is a monotone transform of the additive score ``S``, so
the envelope is built on ``S`` and transformed. Raiffa (1982), *The Art and
Science of Negotiation*, ch. 11-12; Keeney & Raiffa (1976).

Examples
--------
>>> import zopa
>>> from zopa.scenario.compile import compile_model
>>> f = pareto_frontier(compile_model(zopa.load("textbook")), (0, 1))
>>> float(f.u2_given_u1(0.3)), bool(f.open(0.35, 0.5)), bool(f.open(0.6, 0.5))
(0.7, True, False)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from zopa.scenario.compile import Model

__all__ = ["Frontier", "pareto_frontier", "issue_zone"]

N_LAMBDA = 401
TABLE = 40_001  # points of the tabulated frontier when a principal is not risk neutral


def _issue_points(m: Model, i: int, extra: int = 41) -> np.ndarray:
    pts = [m.table_x[i]]
    if not m.ordinal[i]:
        pts.append(np.linspace(m.lo[i], m.hi[i], extra))
    return np.unique(np.concatenate(pts))


def _upper_hull(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """Indices of the upper concave hull of points, from the leftmost to the rightmost."""
    order = np.lexsort((-y, x))
    hull: list[int] = []
    for k in order:
        while len(hull) >= 2:
            o, a = hull[-2], hull[-1]
            cross = (x[a] - x[o]) * (y[k] - y[o]) - (y[a] - y[o]) * (x[k] - x[o])
            if cross >= 0:
                hull.pop()
            else:
                break
        if hull and x[hull[-1]] == x[k]:
            continue
        hull.append(k)
    return np.array(hull)


def _pareto_part(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Of hull points ordered by a, keep those from the max-b point on (b then decreases)."""
    start = int(np.argmax(b))
    return np.arange(start, len(a))


@dataclass(frozen=True)
class Frontier:
    """The two principals' Pareto frontier as a piecewise-linear curve in additive scores.

    Attributes
    ----------
    a, b : ndarray, shape (K,)
        Additive scores of principals 1 and 2 at the vertices; ``a`` increasing, ``b`` decreasing.
    outcomes : ndarray, shape (K, n_issues)
        The outcome at each vertex.
    rho : tuple of float
        Risk aversion of each principal (utility = score ** (1 - rho)).
    ordinal : ndarray of bool
        Which issues are ordinal (their values are not mixed between vertices).
    """

    a: np.ndarray
    b: np.ndarray
    outcomes: np.ndarray
    rho: tuple[float, float]
    ordinal: np.ndarray

    # -- conversions between utilities and additive scores -----------------------
    def _to_score(self, u, k: int):
        u = np.asarray(u, dtype=float)
        r = self.rho[k]
        return np.where(u > 0, np.abs(u) ** (1.0 / (1.0 - r)), u) if r != 0 else u

    def _to_util(self, s, k: int):
        s = np.asarray(s, dtype=float)
        r = self.rho[k]
        return np.where(s > 0, np.abs(s) ** (1.0 - r), s) if r != 0 else s

    @property
    def u1_max(self) -> float:
        return float(self._to_util(self.a[-1], 0))

    @property
    def u2_max(self) -> float:
        return float(self._to_util(self.b[0], 1))

    def _exact_u2(self, u1) -> np.ndarray:
        s1 = self._to_score(u1, 0)
        s2 = np.interp(np.maximum(s1, self.a[0]), self.a, self.b)
        return np.where(s1 <= self.a[-1] + 1e-12, self._to_util(s2, 1), -np.inf)

    def _exact_u1(self, u2) -> np.ndarray:
        s2 = self._to_score(u2, 1)
        s1 = np.interp(np.maximum(s2, self.b[-1]), self.b[::-1], self.a[::-1])
        return np.where(s2 <= self.b[0] + 1e-12, self._to_util(s1, 0), -np.inf)

    @functools.cached_property
    def _table(self):
        """With risk aversion the frontier is curved in utilities: tabulate it once on uniform grids,
        so that each look-up is an index computation and one linear interpolation."""
        g1 = np.linspace(float(self._to_util(self.a[0], 0)), self.u1_max, TABLE)
        g2 = np.linspace(float(self._to_util(self.b[-1], 1)), self.u2_max, TABLE)
        return g1, self._exact_u2(g1), g2, self._exact_u1(g2)

    @staticmethod
    def _lookup(u, grid, values):
        """``values`` interpolated linearly at ``u`` on the uniform ``grid`` (-inf beyond its end);
        written with few temporaries (it runs hundreds of times per batch of worlds)."""
        u = np.asarray(u, dtype=float)
        if u.ndim == 0:
            return Frontier._lookup(u.reshape(1), grid, values).reshape(())
        lo, step = grid[0], grid[1] - grid[0]
        pos = u - lo
        pos /= step
        np.maximum(pos, 0.0, out=pos)  # clipped to the grid (as np.clip, without its wrapper)
        np.minimum(pos, len(grid) - 1.0, out=pos)
        i = pos.astype(np.int64)
        np.minimum(i, len(grid) - 2, out=i)
        pos -= i  # the weight of the upper neighbour
        out = values.take(i)
        upper = values[1:].take(i)
        upper *= pos
        np.subtract(1.0, pos, out=pos)
        out *= pos
        out += upper
        inside = u <= grid[-1] + 1e-12
        if not inside.all():
            out[~inside] = -np.inf
        return out

    def u2_given_u1(self, u1) -> np.ndarray:
        """Best utility of principal 2 given principal 1 gets at least ``u1`` (-inf where impossible)."""
        if self.rho == (0.0, 0.0) or len(self.a) < 2:
            return self._exact_u2(u1)
        g1, f2, _, _ = self._table
        return self._lookup(u1, g1, f2)

    def u1_given_u2(self, u2) -> np.ndarray:
        """Best utility of principal 1 given principal 2 gets at least ``u2`` (-inf where impossible)."""
        if self.rho == (0.0, 0.0) or len(self.a) < 2:
            return self._exact_u1(u2)
        _, _, g2, f1 = self._table
        return self._lookup(u2, g2, f1)

    def open(self, v1, v2) -> np.ndarray:
        """True where some outcome gives principal 1 at least ``v1`` and principal 2 at least ``v2``."""
        return self.u2_given_u1(v1) >= np.asarray(v2) - 1e-12

    def outcome_at(self, u1) -> np.ndarray:
        """The frontier outcome where principal 1 gets ``u1``: continuous issues mixed between
        the two nearest vertices, ordinal issues from the nearer one. Shape (..., n_issues)."""
        s1 = np.clip(self._to_score(u1, 0), self.a[0], self.a[-1])
        j = np.clip(np.searchsorted(self.a, s1, side="right") - 1, 0, max(len(self.a) - 2, 0))
        if len(self.a) == 1:
            return np.broadcast_to(self.outcomes[0], (*np.shape(s1), self.outcomes.shape[1])).copy()
        a0, a1 = self.a[j], self.a[j + 1]
        t = np.where(a1 > a0, (s1 - a0) / np.where(a1 > a0, a1 - a0, 1), 0.0)[..., None]
        mixed = self.outcomes[j] * (1 - t) + self.outcomes[j + 1] * t
        nearest = np.where(t < 0.5, self.outcomes[j], self.outcomes[j + 1])
        return np.where(self.ordinal, nearest, mixed)


def _scores(m: Model, principals: tuple[int, int]):
    """Per issue: candidate values and each principal's weighted contribution there."""
    p1, p2 = principals
    xs, contrib = [], []
    for i in range(len(m.issues)):
        x = _issue_points(m, i)
        u = m.issue_utility(i, x)  # (n, n_actors)
        contrib.append(np.stack([u[:, p1] * m.weights[p1, i], u[:, p2] * m.weights[p2, i]]))  # (2, n)
        xs.append(x)
    return xs, contrib


def _sweep(xs, contrib, lam: np.ndarray):
    """For each lambda: the per-issue argmax and the totals."""
    n_lam = len(lam)
    A = np.zeros(n_lam)
    B = np.zeros(n_lam)
    choice = np.zeros((n_lam, len(xs)))
    parts_a = np.zeros((len(xs), n_lam))
    parts_b = np.zeros((len(xs), n_lam))
    for i, (x, c) in enumerate(zip(xs, contrib, strict=True)):
        score = lam[:, None] * c[0][None, :] + (1 - lam)[:, None] * c[1][None, :]
        k = np.argmax(score, axis=1)
        choice[:, i] = x[k]
        parts_a[i] = c[0][k]
        parts_b[i] = c[1][k]
        A += c[0][k]
        B += c[1][k]
    return A, B, choice, parts_a, parts_b


def _lambdas() -> np.ndarray:
    lam = np.linspace(0.0, 1.0, N_LAMBDA)
    eps = 1e-6
    return np.unique(np.concatenate([lam, np.clip(lam + eps, 0, 1), np.clip(lam - eps, 0, 1)]))


def pareto_frontier(m: Model, principals: tuple[int, int]) -> Frontier:
    """The Pareto frontier of two principals (indices into ``m.actors``)."""
    xs, contrib = _scores(m, principals)
    A, B, choice, _, _ = _sweep(xs, contrib, _lambdas())
    hull = _upper_hull(A, B)
    keep = hull[_pareto_part(A[hull], B[hull])]
    rho = (float(m.risk[principals[0]]), float(m.risk[principals[1]]))
    return Frontier(A[keep], B[keep], choice[keep], rho, np.asarray(m.ordinal))


def issue_zone(m: Model, principals: tuple[int, int], v1: float, v2: float) -> list[tuple[float, float, np.ndarray]]:
    """Per issue, the values compatible with some outcome that gives both principals at least
    their values of fighting on ``v1``, ``v2``: a list of (low, high, feasible values) per issue
    (NaN, NaN when none)."""
    xs, contrib = _scores(m, principals)
    lam = _lambdas()
    A, B, _, parts_a, parts_b = _sweep(xs, contrib, lam)
    rho = (float(m.risk[principals[0]]), float(m.risk[principals[1]]))
    f_tmp = Frontier(np.array([0.0, 1.0]), np.array([1.0, 0.0]), np.zeros((2, len(xs))), rho, np.asarray(m.ordinal))
    s1 = float(f_tmp._to_score(v1, 0))
    s2 = float(f_tmp._to_score(v2, 1))
    out = []
    for i, (x, c) in enumerate(zip(xs, contrib, strict=True)):
        a_rest, b_rest = A - parts_a[i], B - parts_b[i]
        hull = _upper_hull(a_rest, b_rest)
        keep = hull[_pareto_part(a_rest[hull], b_rest[hull])]
        ra, rb = a_rest[keep], b_rest[keep]
        need1 = s1 - c[0]  # what the other issues must give principal 1
        need2 = s2 - c[1]
        best2 = np.interp(np.maximum(need1, ra[0]), ra, rb)
        ok = (need1 <= ra[-1] + 1e-12) & (best2 >= need2 - 1e-12)
        feas = x[ok]
        out.append((float(feas.min()), float(feas.max()), feas) if len(feas) else (np.nan, np.nan, feas))
    return out
