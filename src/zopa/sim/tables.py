"""One party's utilities over a batch of sessions, with fast inverse look-ups.

Time-based and tit-for-tat strategies ask the inverse question: *which
outcome has the lowest utility still at or above a target?*  :class:`Table`
answers it for a whole batch at once by binary search on the utilities sorted
once per party (Baarslag, Hindriks & Jonker 2014 call this "bidding at a
target utility"; NegMAS's ``PresortingInverseUtilityFunction`` does the same
per session).  The search reproduces NegMAS 0.16's ``worst_in`` exactly,
including its tolerance for an outcome up to 1e-6 below the target, so that
``protocol="sao"`` gives NegMAS's agreements.

Examples
--------
>>> import numpy as np
>>> t = Table(np.array([0.1, 0.5, 0.3, 0.9]), reservation=np.array([0.2, 0.2]))
>>> t.worst_in(np.array([0.25, 0.6]), np.array([1.0, 1.0])).tolist()
[2, 3]
>>> t.at(np.array([3, 0])).tolist()
[0.9, 0.1]
"""

from __future__ import annotations

import numpy as np

__all__ = ["Table"]

_BELOW = 1e-6  # NegMAS inv_ufun EPS: an outcome this far below the target still counts


class Table:
    """Utilities of one party: shape (n_outcomes,) shared or (batch, n_outcomes).

    Parameters
    ----------
    u : ndarray, shape (K,) or (B, K)
    reservation : ndarray, shape (B,)
        Reservation value at the start (fixes the "rational" outcomes the
        inverse search prefers, as NegMAS's inverter does once at start).
    ascending : ndarray, shape (K,), optional
        A stable ascending argsort of a shared ``u``, made once by the caller (a domain): the
        rational outcomes are then read off it in that order (ties in outcome order) instead of
        sorted anew with NegMAS's tie order.
    """

    def __init__(self, u: np.ndarray, reservation: np.ndarray, ascending: np.ndarray | None = None):
        u = np.asarray(u, dtype=float)
        self.u = u[None, :] if u.ndim == 1 else u
        self.B = int(np.shape(reservation)[0])
        self.K = self.u.shape[1]
        self.r0 = np.asarray(reservation, dtype=float)
        self.shared = self.u.shape[0] == 1
        self.umin = self.u.min(axis=1)
        self.umax = self.u.max(axis=1)
        self.best = np.argmax(self.u, axis=1)
        self._inv: dict[bool, tuple] = {}
        self._broadcast: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._ascending = ascending if self.shared else None

    def rows(self, idx: np.ndarray | None = None) -> np.ndarray:
        """Row index into :attr:`u` for each session."""
        if self.shared:
            return np.zeros(self.B if idx is None else len(idx), dtype=np.int64)
        return np.arange(self.B) if idx is None else idx

    def per_session(self, x: np.ndarray) -> np.ndarray:
        """Broadcast a per-row quantity (umin, umax, best) to shape (B,) (a read-only view, made once)."""
        if not self.shared:
            return x
        hit = self._broadcast.get(id(x))
        if hit is None or hit[0] is not x:
            hit = self._broadcast[id(x)] = (x, np.broadcast_to(x, (self.B,)))
        return hit[1]

    def at(self, offer: np.ndarray) -> np.ndarray:
        """Utility of ``offer[b]`` in session b (offer -1 gives nan)."""
        offer = np.asarray(offer)
        safe = np.where(offer < 0, 0, offer)
        v = self.u[0, safe] if self.shared else self.u[np.arange(self.B), safe]
        return np.where(offer < 0, np.nan, v)

    # -- inverse search ---------------------------------------------------------------------
    def _inverse(self, rational_only: bool):
        if rational_only in self._inv:
            return self._inv[rational_only]
        r0 = self.r0
        uniform_r = bool(np.all(r0 == r0[0])) if len(r0) else True
        if self.shared and (uniform_r or not rational_only):
            u = self.u[0]
            rat = u >= r0[0] if rational_only else np.ones(self.K, bool)
            if self._ascending is not None:  # the rational outcomes in the presorted order
                ids = self._ascending[rat[self._ascending]]
            else:  # NegMAS: np.argsort of the rational utilities (its order among ties)
                ids = np.flatnonzero(rat)
                ids = ids[np.argsort(u[ids])]
            order = np.concatenate([ids, np.flatnonzero(~rat)])
            S, order, n_rat = u[order][None, :], order[None, :], np.array([len(ids)])
        else:
            u = np.broadcast_to(self.u, (self.B, self.K))
            rat = u >= r0[:, None] if rational_only else np.ones_like(u, bool)
            key = np.where(rat, u, np.inf)
            order = np.argsort(key, axis=1, kind="stable")
            S = np.take_along_axis(u, order, axis=1)
            n_rat = rat.sum(axis=1)
        irr_max = np.where(n_rat < self.K, np.max(np.where(np.arange(self.K) >= n_rat[:, None], S, -np.inf), axis=1), -np.inf)
        self._inv[rational_only] = (S, order, n_rat, irr_max)
        return self._inv[rational_only]

    def _group_start(self, rational_only: bool) -> np.ndarray:
        """For each sorted position, the first position holding the same utility (shared tables)."""
        key = ("group", rational_only)
        if key not in self._inv:
            S, _, n_rat, _ = self._inverse(rational_only)
            rat = S[0, : n_rat[0]]
            g = np.arange(S.shape[1])
            if len(rat) and not np.isnan(rat).any():  # sorted: a group starts where the utility changes
                new = np.empty(len(rat), bool)
                new[0] = True
                np.not_equal(rat[1:], rat[:-1], out=new[1:])
                g[: n_rat[0]] = np.flatnonzero(new)[np.cumsum(new) - 1]
            else:
                g[: n_rat[0]] = np.searchsorted(rat, rat, side="left")
            self._inv[key] = g
        return self._inv[key]

    def sorted_utility(self, pos: np.ndarray, rational_only: bool = False) -> np.ndarray:
        """Utility at position ``pos`` of the ascending order (per session)."""
        S, order, n_rat, _ = self._inverse(rational_only)
        row = np.zeros(len(pos), np.int64) if S.shape[0] == 1 else np.arange(len(pos))
        return S[row, pos]

    def n_sorted(self, rational_only: bool = False) -> np.ndarray:
        """Number of outcomes in the ascending order that are searched (per session)."""
        S, order, n_rat, _ = self._inverse(rational_only)
        return np.broadcast_to(n_rat, (self.B,))

    def worst_in(self, mn: np.ndarray, mx: np.ndarray, rational_only: bool = False) -> np.ndarray:
        """The outcome of lowest utility in [mn, mx], per session (NegMAS ``worst_in``).

        Among outcomes tied at that utility the first in the ascending sort is
        taken; an outcome up to 1e-6 below ``mn`` is preferred when it is
        strictly nearer to ``mn``.  When nothing lies in the range the nearest
        outcome at the top of the sorted rational outcomes is returned.
        """
        S, order, n_rat, irr_max = self._inverse(rational_only)
        if S.shape[0] == 1 and not np.any(irr_max[0] >= mn - _BELOW):
            return self._worst_in_shared(mn, mx, rational_only)
        B = len(mn)
        shared = S.shape[0] == 1
        row = np.zeros(B, np.int64) if shared else np.arange(B)
        nr = n_rat[row]
        if shared:
            i = np.searchsorted(S[0, : nr[0]], mn, side="left")
        else:
            i = np.sum((S < mn[:, None]) & (np.arange(S.shape[1]) < nr[:, None]), axis=1)
        i = np.clip(i, 0, np.maximum(nr - 1, 0))
        ai = S[row, i]
        best_d = np.abs(ai - mn)
        pos = i.copy()
        # the tie group just below the target
        j = np.maximum(i - 1, 0)
        aj = S[row, j]
        if shared:
            g = self._group_start(rational_only)[j]
        else:
            g = np.sum((S < aj[:, None]) & (np.arange(S.shape[1]) < nr[:, None]), axis=1)
        ok = (i >= 1) & (aj >= mn - _BELOW) & (aj <= mx + 2 * _BELOW) & (np.abs(aj - mn) < best_d)
        pos = np.where(ok, g, pos)
        # irrational outcomes (appended unsorted) can only matter right at the reservation value
        slow = irr_max[row] >= mn - _BELOW
        if np.any(slow):  # vectorised over the few sessions concerned
            b = np.flatnonzero(slow)
            a = S[row[b]]
            m = mn[b][:, None]
            inr = (a >= m - _BELOW) & (a <= mx[b][:, None] + 2 * _BELOW)
            cand = np.where(inr, np.abs(a - m), np.inf)
            k = np.argmin(cand, axis=1)
            take = cand[np.arange(len(b)), k] < np.abs(ai[b] - mn[b])
            pos[b] = np.where(take, k, i[b])
        out = order[row, pos]
        # nothing rational at all: NegMAS's proposer falls back to its best outcome
        return np.where(nr == 0, self.per_session(self.best), out)

    def _worst_in_shared(self, mn: np.ndarray, mx: np.ndarray, rational_only: bool) -> np.ndarray:
        """:meth:`worst_in` for one table shared by every session when no irrational outcome is near
        ``mn`` (the same steps on the single sorted row, without per-session row indices)."""
        S, order, n_rat, _ = self._inverse(rational_only)
        S0, n0 = S[0], int(n_rat[0])
        i = np.searchsorted(S0[:n0], mn, side="left")
        np.minimum(i, max(n0 - 1, 0), out=i)  # searchsorted gives i >= 0
        ai = S0[i]
        j = np.maximum(i - 1, 0)
        aj = S0[j]
        ok = (i >= 1) & (aj >= mn - _BELOW) & (aj <= mx + 2 * _BELOW) & (np.abs(aj - mn) < np.abs(ai - mn))
        pos = np.where(ok, self._group_start(rational_only)[j], i)
        out = order[0, pos]
        # nothing rational at all: NegMAS's proposer falls back to its best outcome
        return np.where(True, self.per_session(self.best), out) if n0 == 0 else out
