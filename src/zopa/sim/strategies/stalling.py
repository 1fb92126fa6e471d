"""Stalling: talks as ritual, a delegate who cannot sign, a principal who may refuse.

The seed articles describe a side that sends "a delegation [that] is merely
ritual, empty decoration, so that Western diplomats can say the process is
ongoing", led by a figure who is "not a decision-maker", whose principal "will
not sign peace. He will delay" while "the longer this process goes on, the
better it is for Moscow".  In bargaining theory such a side is a type that
gains from delay and mimics a sincere bargainer to keep the other side at the
table (reputation models: Kreps & Wilson 1982, "Reputation and imperfect
information", *JET* 27:253-279; Kydd 2000, "Trust, reassurance, and
cooperation", *IO* 54:325-357; on delay as a screening device Fearon 1995).

Rules (vectorised over sessions):

- the delegate moves minimally: a time-based target with a large exponent
  (``movement``, default 8: almost no concession until the very end);
- the delegate may accept in principle but cannot sign: every agreement goes
  to the principal (``classifier["needs_ratification"]``);
- the principal signs only an outcome worth at least ``principal_floor`` to it
  (default: the delegate's reservation value plus ``margin``) and then only
  with probability ``p_ratify`` (a fresh draw at each attempt).

Examples
--------
>>> import numpy as np
>>> from zopa.sim.tables import Table
>>> from zopa.sim.strategies.base import Party
>>> p = Party("RU", Table(np.linspace(0, 1, 11), np.full(4, 0.3)), 0, 2, np.arange(4), 1, np.full(4, 9))
>>> s = Stalling(p_ratify=1.0, margin=0.2).bind(p)
>>> s.ratify(np.array([4, 5, 9, 10]), np.zeros(4, int)).tolist()   # needs u >= 0.5
[False, True, True, True]
>>> Stalling(p_ratify=0.0).bind(p).ratify(np.array([10] * 4), np.zeros(4, int)).tolist()
[False, False, False, False]
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from zopa.sim import rng
from zopa.sim.strategies.base import param
from zopa.sim.strategies.timebased import TimeBased

__all__ = ["Stalling"]

_STREAM = 17


class Stalling(TimeBased):
    """A delegate without authority who barely moves; its principal ratifies or refuses.

    Talks as ritual, as the seed articles describe them; in theory a type that gains from
    delay and mimics a sincere bargainer (Kreps & Wilson 1982, "Reputation and imperfect
    information", *JET* 27:253-279; Kydd 2000, "Trust, reassurance, and cooperation", *IO*
    54:325-357; delay as screening: Fearon 1995, "Rationalist explanations for war", *IO*
    49:379-414).

    Parameters
    ----------
    movement : float
        Exponent of the delegate's time-based target (8: almost no concession until the end).
    p_ratify : float
        Probability that the principal signs an acceptable agreement, drawn at each attempt.
    margin : float
        The principal's floor above the delegate's reservation value.
    principal_floor : float, optional
        The principal's floor itself (overrides ``margin``).
    """

    name: ClassVar[str] = "stalling"
    classifier: ClassVar[dict] = {"memory": 0, "stochastic": True, "concedes": False, "needs_ratification": True}

    def __init__(self, movement: float = 8.0, p_ratify: float = 0.5, margin: float = 0.1,
                 principal_floor: float | None = None):
        super().__init__(movement)
        self.p_ratify = p_ratify
        self.margin = margin
        self.principal_floor = principal_floor

    def start(self, party) -> None:
        super().start(party)
        self.p = param(self.p_ratify, party, "p_ratify", lo=0, hi=1)
        if self.principal_floor is None:
            self.pf = party.reservation + param(self.margin, party, "margin")
        else:
            self.pf = param(self.principal_floor, party, "principal_floor")
        self.attempts = np.zeros(party.B, dtype=np.int64)

    def ratify(self, offer, step, mask=None):
        p = self.party
        u = p.table.at(offer)
        draw = _per_attempt(p, self.attempts)
        mask = np.ones(len(offer), bool) if mask is None else mask
        self.attempts = self.attempts + mask
        return (u >= self.pf) & (draw < self.p)

    def __repr__(self) -> str:
        return f"Stalling(movement={self.exponent!r}, p_ratify={self.p_ratify!r}, margin={self.margin!r})"


def _per_attempt(party, attempts: np.ndarray) -> np.ndarray:
    """One uniform per session for its current ratification attempt (vectorised over attempts)."""
    out = np.empty(party.B)
    for a in np.unique(attempts):  # loop over distinct attempt numbers, not sessions
        m = attempts == a
        out[m] = rng.uniform(party.seed, party.session[m], step=int(a), stream=_STREAM + 1000 * party.index)
    return out
