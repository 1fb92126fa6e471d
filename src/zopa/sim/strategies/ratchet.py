"""Ratchet: the other side's last concession becomes the new floor.

"Every concession will be turned into the new starting point for the next
round of talks" (seed article on the December 2025 Kremlin meeting).  In
reference-dependent bargaining the reference point is the best offer the
opponent has made (Driesen, Perea & Peters 2012, "Alternating offers
bargaining with loss aversion", *Math. Soc. Sci.* 64:103-118), and outcomes
below it are losses weighted by a loss-aversion factor ``lambda`` (Kahneman &
Tversky 1979, "Prospect theory", *Econometrica* 47:263-291; lambda = 2.25 from
Tversky & Kahneman 1992).

Rules: a time-based target (exponent ``exponent``) whose floor is raised to the
best utility any opponent has offered so far; a proposal never asks for less
than that, and an offer is accepted only if its reference-dependent value
``v = u - ref`` (gains) or ``lambda (u - ref)`` (losses) is at least the
target's, i.e. never below the banked concession.

Examples
--------
>>> import numpy as np
>>> from zopa.sim.tables import Table
>>> from zopa.sim.strategies.base import Party
>>> p = Party("RU", Table(np.linspace(0, 1, 11), np.zeros(2)), 0, 2, np.arange(2), 0, np.full(2, 9))
>>> s = Ratchet(exponent=1).bind(p)
>>> s.observe(np.array([7, 2]), np.array([1, 1]), np.zeros(2, int), np.ones(2, bool))
>>> s.ref.tolist()          # the offers' utilities are banked
[0.7, 0.2]
>>> s.propose(np.zeros(2, int), np.array([1.0, 1.0])).tolist()   # at t = 1 the target is the floor
[7, 2]
>>> s.value(np.array([5, 9])).round(3).tolist()   # 0.5 vs ref 0.7: loss 0.2 * 2.25; 0.9 vs 0.2: gain 0.7
[-0.45, 0.7]
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from zopa.sim.strategies.base import param
from zopa.sim.strategies.timebased import TOLERANCE, TimeBased

__all__ = ["Ratchet"]


class Ratchet(TimeBased):
    """Bank every concession received: the best offer seen is the new floor (Driesen et al. 2012)."""

    name: ClassVar[str] = "ratchet"
    classifier: ClassVar[dict] = {"memory": 1, "stochastic": False, "concedes": True, "needs_ratification": False}

    def __init__(self, exponent: float = 2.0, loss_aversion: float = 2.25):
        super().__init__(exponent)
        self.loss_aversion = loss_aversion

    def start(self, party) -> None:
        super().start(party)
        self.lam = param(self.loss_aversion, party, "loss_aversion", lo=1)
        self.ref = np.full(party.B, -np.inf)

    def observe(self, offer, proposer, step, mask):
        u = self.party.table.at(offer)
        take = mask & (proposer != self.party.index) & np.isfinite(u)
        self.ref = np.where(take, np.maximum(self.ref, u), self.ref)

    def value(self, offer: np.ndarray) -> np.ndarray:
        """Reference-dependent value of ``offer`` against the banked concession (K-T)."""
        u = self.party.table.at(offer)
        ref = np.where(np.isfinite(self.ref), self.ref, self.party.floor())
        d = u - ref
        return np.where(d >= 0, d, self.lam * d)

    def level(self, t):
        p = self.party
        lo = np.maximum(p.floor(), self.ref)
        hi = p.umax
        x = (hi - lo) * self.aspiration(t) + lo - TOLERANCE
        return np.maximum(lo, np.minimum(hi, x))

    def respond(self, offer, step, t, mask=None):
        u = self.party.table.at(offer)
        return (self.value(offer) >= 0) & (u >= self.level(t))

    def __repr__(self) -> str:
        return f"Ratchet(exponent={self.exponent!r}, loss_aversion={self.loss_aversion!r})"
