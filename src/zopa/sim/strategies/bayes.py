"""A Bayesian learner: is the other side sincere or stalling?

The learner watches the other side's offers.  A *concession* (an offer worth
more to the learner than that side's previous one, by more than ``delta``) is
a signal ``s = 1``, none is ``s = 0``.  A sincere side concedes with
probability ``q_sincere`` per round, a staller with ``q_stall``; the posterior
that the side is sincere follows Bayes' rule round by round (the filter of
zopa's theory notes, section 6; Zeng & Sycara 1998, "Bayesian learning in
negotiation", *Int. J. Human-Computer Studies* 48:125-141):

    mu' = mu q^s (1-q)^(1-s) / (mu q^s (1-q)^(1-s) + (1-mu) r^s (1-r)^(1-s))

with ``q = q_sincere`` and ``r = q_stall``.  The learner concedes like a time-based party whose
exponent moves between ``e_sincere`` (mu = 1) and ``e_stall`` (mu = 0)
geometrically, and its target never rises again once lowered.

Examples
--------
>>> import numpy as np
>>> from zopa.sim.tables import Table
>>> from zopa.sim.strategies.base import Party
>>> p = Party("UA", Table(np.linspace(0, 1, 11), np.zeros(2)), 0, 2, np.arange(2), 0, np.full(2, 9))
>>> s = BayesianLearner(prior=0.5, q_sincere=0.8, q_stall=0.2).bind(p)
>>> one = np.ones(2, bool); by = np.ones(2, int)
>>> s.observe(np.array([1, 1]), by, np.zeros(2, int), one)   # first offers: no signal yet
>>> s.observe(np.array([3, 1]), by, np.ones(2, int), one)    # session 0 sees a concession
>>> s.belief.round(3).tolist()    # 0.5*0.8/(0.5*0.8+0.5*0.2) and 0.5*0.2/(0.5*0.2+0.5*0.8)
[0.8, 0.2]
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from zopa.sim.strategies.base import param
from zopa.sim.strategies.timebased import TOLERANCE, TimeBased

__all__ = ["BayesianLearner", "update_belief"]


def update_belief(mu: np.ndarray, signal: np.ndarray, q_sincere, q_stall) -> np.ndarray:
    """One Bayes update of P(sincere) after a signal (1 = concession, 0 = none).

    Examples
    --------
    >>> float(update_belief(np.array(0.5), np.array(0), 0.8, 0.2))
    0.2
    """
    ls = np.where(signal == 1, q_sincere, 1 - q_sincere)
    lt = np.where(signal == 1, q_stall, 1 - q_stall)
    num = mu * ls
    return num / (num + (1 - mu) * lt)


class BayesianLearner(TimeBased):
    """Concede with the belief that the other side is sincere (Zeng & Sycara 1998)."""

    name: ClassVar[str] = "bayesian"
    classifier: ClassVar[dict] = {"memory": -1, "stochastic": False, "concedes": True, "needs_ratification": False}

    def __init__(self, prior: float = 0.5, q_sincere: float = 0.7, q_stall: float = 0.2,
                 e_sincere: float = 1.0, e_stall: float = 8.0, delta: float = 1e-9):
        super().__init__(e_sincere)
        self.prior, self.q_sincere, self.q_stall = prior, q_sincere, q_stall
        self.e_sincere, self.e_stall, self.delta = e_sincere, e_stall, delta

    def start(self, party) -> None:
        super().start(party)
        self.belief = param(self.prior, party, "prior", lo=0, hi=1).copy()
        self.qs = param(self.q_sincere, party, "q_sincere", lo=1e-9, hi=1 - 1e-9)
        self.qt = param(self.q_stall, party, "q_stall", lo=1e-9, hi=1 - 1e-9)
        self.es = param(self.e_sincere, party, "e_sincere", lo=1e-9)
        self.et = param(self.e_stall, party, "e_stall", lo=1e-9)
        self.last_seen = np.full(party.B, np.nan)
        self.signals = np.zeros(party.B, dtype=np.int64)
        self.target = np.full(party.B, np.inf)

    def observe(self, offer, proposer, step, mask):
        p = self.party
        take = mask & (proposer != p.index)
        u = p.table.at(offer)
        seen = take & np.isfinite(self.last_seen)
        signal = (u > self.last_seen + self.delta).astype(np.int64)
        self.belief = np.where(seen, update_belief(self.belief, signal, self.qs, self.qt), self.belief)
        self.signals = self.signals + seen
        self.last_seen = np.where(take, u, self.last_seen)

    def aspiration(self, t):
        e = self.es ** self.belief * self.et ** (1 - self.belief)
        return 1.0 - np.power(t, e)

    def level(self, t):
        p = self.party
        lo, hi = p.floor(), p.umax
        x = (hi - lo) * self.aspiration(t) + lo - TOLERANCE
        self.target = np.minimum(self.target, np.maximum(lo, np.minimum(hi, x)))
        return np.maximum(lo, self.target)

    def __repr__(self) -> str:
        return f"BayesianLearner(prior={self.prior!r}, q_sincere={self.q_sincere!r}, q_stall={self.q_stall!r})"
