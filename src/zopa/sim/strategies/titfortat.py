"""Naive tit-for-tat: concede in your own utility what the other side concedes.

Axelrod, R. (1984). *The Evolution of Cooperation*, Basic Books: reciprocate the
other side's last move.  In negotiation the move is a concession measured in the
party's own utility (Faratin, Sierra & Jennings 1998, "imitative" tactics;
Baarslag, Hindriks & Jonker 2011, "A tit for tat negotiation strategy for
real-time bilateral negotiations", *Complex Automated Negotiations*, SCI 435).

This is the rule of NegMAS 0.16's ``NaiveTitForTatNegotiator`` (defaults:
kindness 0, no punishment, must concede), whose outcomes ``protocol="sao"``
reproduces.  With ``n(x)`` the party's utility of ``x`` normalised to [0, 1]
between its floor (``max(min, reservation)``) and its best, and the opponent's
utility assumed to be ``1 - n`` (zero sum), the concession it grants at round
``s`` is

- ``s = 0``: nothing (it offers its best outcome);
- ``s = 1, 2``: a minimal concession, the gap between consecutive utilities
  in its own ranking, walked down two ranks per decision (NegMAS's
  ``next_worse`` pointer);
- ``s >= 3``: ``n`` of the standing offer, i.e. exactly the opponent's concession.

It accepts when ``n(offer) >= 1 - concession`` and otherwise offers its
least-utility outcome at or above ``1 - concession`` of its full utility range.
NegMAS lets that offer fall below the reservation value (the normalisation of
the offer uses the full range, that of the concession the range above the
reservation value); zopa by default never offers below it
(``keep_floor=True``).  On the benchmark domain both give the same agreements;
``NaiveTitForTat(keep_floor=False)`` is NegMAS's rule exactly.

Examples
--------
>>> import numpy as np
>>> from zopa.sim.tables import Table
>>> from zopa.sim.strategies.base import Party
>>> u = np.array([0.0, 0.2, 0.4, 0.6, 0.8, 1.0])
>>> p = Party("A", Table(u, np.zeros(1)), 0, 2, np.arange(1), 0, np.full(1, 9))
>>> s = NaiveTitForTat().bind(p)
>>> s.propose(np.array([0]), np.array([0.1])).tolist()      # round 0: its best
[5]
>>> s.respond(np.array([2]), np.array([3]), np.array([0.4])).tolist()  # n = 0.4 < 1 - 0.4
[False]
>>> s.propose(np.array([3]), np.array([0.4])).tolist()      # mirror: target 0.6
[3]
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from zopa.sim.strategies.base import Strategy

__all__ = ["NaiveTitForTat"]


class NaiveTitForTat(Strategy):
    """Mirror the opponent's concession in one's own utility (Axelrod 1984; NegMAS 0.16)."""

    name: ClassVar[str] = "tit-for-tat"

    def __repr__(self) -> str:
        return f"NaiveTitForTat(keep_floor={self.keep_floor!r})"
    classifier: ClassVar[dict] = {"memory": 1, "stochastic": False, "concedes": True, "needs_ratification": False}

    def __init__(self, keep_floor: bool = True):
        self.keep_floor = bool(keep_floor)

    def start(self, party) -> None:
        self.calls = np.zeros(party.B, dtype=np.int64)
        self.partner = np.full(party.B, -1, dtype=np.int64)
        self.K = party.table.K

    def normalised(self, offer: np.ndarray) -> np.ndarray:
        """Utility scaled so the floor is 0 and the best is 1 (NegMAS ``eval_normalized``)."""
        p = self.party
        u = p.table.at(offer)
        r, mn, mx = p.reservation, p.umin, p.umax
        lo = np.where(mn < r, r, mn)
        d = mx - lo
        with np.errstate(divide="ignore", invalid="ignore"):
            n = (u - lo) * (1.0 / d)
        n = np.where(d < 1e-5, np.where(np.isfinite(mx), 1.0, 0.0), n)
        return np.where(mx < r, np.nan, n)  # nothing beats fighting on: NegMAS's limits become nan

    def concession(self, pc: np.ndarray, step: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The recommended concession (NegMAS ``KindConcessionRecommender``, defaults)."""
        late = np.where(pc < 0, 0.0, pc) + 0.0
        early = (step >= 1) & (step <= 2) & mask
        c = np.zeros(len(step))
        if np.any(early):
            tab = self.party.table
            k = self.K - 1 - 2 * self.calls
            hi = tab.sorted_utility(np.clip(k, 0, self.K - 1))
            lo_ = tab.sorted_utility(np.clip(k - 1, 0, self.K - 1))
            top = tab.sorted_utility(np.full(len(k), self.K - 1))
            bot = tab.sorted_utility(np.zeros(len(k), np.int64))
            c = (hi - lo_ + 1e-12) / (top - bot)
            self.calls = self.calls + early
        out = np.where(step <= 0, 0.0, np.where(step >= 3, late, c))
        bad = ~np.isfinite(out) | (out < -1e-6) | (out > 1.0000001)
        return np.where(bad, 0.0, out)

    def respond(self, offer, step, t, mask=None):
        mask = np.ones(len(offer), bool) if mask is None else mask
        self.partner = np.where(mask, offer, self.partner)
        n = self.normalised(offer)
        partner_u = n * -1 + 1.0
        conc = self.concession(1.0 - partner_u, step, mask)
        return n >= 1.0 - conc

    def propose(self, step, t, mask=None):
        mask = np.ones(len(step), bool) if mask is None else mask
        has = self.partner >= 0
        n = self.normalised(self.partner)
        partner_u = np.where(has, n * -1 + 1.0, 1.0)
        conc = self.concession(1.0 - partner_u, step, mask)
        target = 1.0 - conc
        p = self.party
        mn, mx = p.umin, p.umax
        d = mx - mn
        lo = target * d + mn
        hi = 1.0 * d + mn
        if self.keep_floor:  # never offer below the reservation value (NegMAS may)
            lo = np.maximum(lo, p.floor())
        return p.table.worst_in(lo, hi, rational_only=False)
