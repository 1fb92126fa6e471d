"""Time-based concession (Faratin, Sierra & Jennings 1998).

Faratin, P., Sierra, C. & Jennings, N. R. (1998). "Negotiation decision
functions for autonomous agents". *Robotics and Autonomous Systems* 24(3-4),
159-182.  A party's target utility falls with relative time ``t`` in [0, 1]:

    target(t) = floor + (max - floor) * (1 - t ** e)

with ``floor = max(lowest utility, reservation value)``.  ``e > 1`` concedes
late (Boulware), ``e = 1`` linearly, ``e < 1`` early (Conceder).  The named
exponents 4, 1 and 0.25 are those of NegMAS 0.16 (``PolyAspiration``).

The rules follow NegMAS's ``TimeBasedConcedingNegotiator`` so that
``protocol="sao"`` reproduces its agreements: accept an offer whose utility is
at least ``target - 1e-4`` (and at least the floor); propose the outcome of
least utility at or above that level (:meth:`zopa.sim.tables.Table.worst_in`).

Examples
--------
>>> import numpy as np
>>> from zopa.sim.tables import Table
>>> from zopa.sim.strategies.base import Party
>>> u = np.linspace(0, 1, 11)
>>> p = Party("A", Table(u, np.full(2, 0.3)), 0, 2, np.arange(2), 0, np.full(2, 9))
>>> s = Linear().bind(p)
>>> t = np.array([0.5, 0.5])
>>> s.level(t).round(4).tolist()          # 0.3 + 0.7 * (1 - 0.5) - 1e-4
[0.6499, 0.6499]
>>> s.propose(np.zeros(2, int), t).tolist()  # least utility >= 0.6499 is u = 0.7
[7, 7]
>>> s.respond(np.array([6, 7]), np.zeros(2, int), t).tolist()
[False, True]
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from zopa.sim.strategies.base import Strategy, param

__all__ = ["TimeBased", "Boulware", "Linear", "Conceder", "DeadlineConceder"]

TOLERANCE = 1e-4  # NegMAS UtilityInverter eps: accept/propose this far below the target


class TimeBased(Strategy):
    """Time-based concession with any exponent (Faratin, Sierra & Jennings 1998).

    Parameters
    ----------
    exponent : float or array (one per run)
        ``e`` in ``1 - t**e``; > 0.
    """

    name: ClassVar[str] = "time-based"
    classifier: ClassVar[dict] = {"memory": 0, "stochastic": False, "concedes": True, "needs_ratification": False}

    def __init__(self, exponent: float = 1.0):
        self.exponent = exponent

    def start(self, party) -> None:
        self.e = param(self.exponent, party, "exponent", lo=1e-9)
        self._uniform_e = bool(np.all(self.e == self.e[0])) if party.B else True

    def aspiration(self, t: np.ndarray) -> np.ndarray:
        """``1 - t**e`` (NegMAS ``PolyAspiration.utility_at``)."""
        if self._uniform_e and len(t) and np.all(t == t[0]):
            import math

            return np.full(len(t), 1.0 - math.pow(float(t[0]), float(self.e[0])))
        return 1.0 - np.power(t, self.e)

    def level(self, t: np.ndarray) -> np.ndarray:
        """The lowest utility accepted or proposed at time t (target less the tolerance)."""
        p = self.party
        lo, hi = p.floor(), p.umax
        x = (hi - lo) * self.aspiration(t) + lo - TOLERANCE
        return np.maximum(lo, np.minimum(hi, x))

    def respond(self, offer, step, t, mask=None):
        p = self.party
        u = p.table.at(offer)
        return (u >= self.level(t)) & (u <= p.umax)

    def propose(self, step, t, mask=None):
        return self.party.table.worst_in(self.level(t), self.party.umax, rational_only=True)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(exponent={self.exponent!r})"


class Boulware(TimeBased):
    """Boulware: concede late, exponent 4 (Faratin, Sierra & Jennings 1998; NegMAS 0.16)."""

    name: ClassVar[str] = "boulware"

    def __init__(self, exponent: float = 4.0):
        super().__init__(exponent)


class Linear(TimeBased):
    """Linear concession, exponent 1 (Faratin, Sierra & Jennings 1998)."""

    name: ClassVar[str] = "linear"

    def __init__(self, exponent: float = 1.0):
        super().__init__(exponent)


class Conceder(TimeBased):
    """Conceder: concede early, exponent 0.25 (Faratin, Sierra & Jennings 1998; NegMAS 0.16)."""

    name: ClassVar[str] = "conceder"

    def __init__(self, exponent: float = 0.25):
        super().__init__(exponent)


class DeadlineConceder(TimeBased):
    """Hold firm until a deadline approaches, then concede to the floor by the deadline.

    The deadline effect of bargaining theory (Fershtman & Seidmann 1993, "Deadline
    effects and inefficient delay in bargaining with endogenous commitment", *JET*
    60:306-321; Roth, Murnighan & Schoumaker 1988, *AER* 78:806-823, who observed
    most agreements in the last seconds before a deadline).  The target is the
    best utility until ``start`` (a fraction of the party's deadline), then falls
    as ``1 - s**exponent`` in the rescaled time ``s = (t - start) / (deadline - start)``,
    reaching the floor at ``deadline`` (a fraction of the talks; 1 = the end).

    Examples
    --------
    >>> import numpy as np
    >>> from zopa.sim.tables import Table
    >>> from zopa.sim.strategies.base import Party
    >>> p = Party("A", Table(np.linspace(0, 1, 11), np.zeros(3)), 0, 2, np.arange(3), 0, np.full(3, 9))
    >>> s = DeadlineConceder(start=0.5, deadline=1.0, exponent=1).bind(p)
    >>> s.aspiration(np.array([0.2, 0.75, 1.0])).tolist()
    [1.0, 0.5, 0.0]
    """

    name: ClassVar[str] = "deadline"

    def __init__(self, start: float = 0.7, deadline: float = 1.0, exponent: float = 1.0):
        super().__init__(exponent)
        self.start_at = start
        self.deadline = deadline

    def start(self, party) -> None:
        super().start(party)
        self.s0 = param(self.start_at, party, "start", lo=0, hi=1)
        self.d = param(self.deadline, party, "deadline", lo=0, hi=1)
        if np.any(self.d <= self.s0):
            raise ValueError("deadline must be later than start")

    def aspiration(self, t):
        s = np.clip((t - self.s0) / (self.d - self.s0), 0.0, 1.0)
        return 1.0 - np.power(s, self.e)

    def __repr__(self) -> str:
        return f"DeadlineConceder(start={self.start_at!r}, deadline={self.deadline!r}, exponent={self.exponent!r})"
