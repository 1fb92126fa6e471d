"""The tough negotiator: propose the best outcome, accept only the best.

The "hardliner" of the automated-negotiation literature (Baarslag et al. 2013,
"Evaluating practical negotiating agents", *Artificial Intelligence* 198:73-103,
where it serves as the benchmark of a party that never concedes), and NegMAS's
``ToughNegotiator`` (accept when ``u >= max - 1e-10``, offer the best outcome).
Unlike NegMAS it also refuses its best outcome when even that is worth less
than its reservation value (the property "no agreement below any party's
reservation value" holds for every zopa strategy).

Examples
--------
>>> import numpy as np
>>> from zopa.sim.tables import Table
>>> from zopa.sim.strategies.base import Party
>>> p = Party("A", Table(np.array([0.3, 1.0, 0.6]), np.zeros(2)), 0, 2, np.arange(2), 0, np.full(2, 9))
>>> s = Tough().bind(p)
>>> s.propose(np.zeros(2, int), np.zeros(2)).tolist()
[1, 1]
>>> s.respond(np.array([2, 1]), np.zeros(2, int), np.zeros(2)).tolist()
[False, True]
"""

from __future__ import annotations

from typing import ClassVar

from zopa.sim.strategies.base import Strategy

__all__ = ["Tough"]


class Tough(Strategy):
    """Never concede: offer the best outcome, accept only an offer worth the best.

    The hardliner of Baarslag et al. 2013 ("Evaluating practical negotiating agents",
    *Artificial Intelligence* 198:73-103) and NegMAS 0.16's ``ToughNegotiator``; unlike
    NegMAS it also refuses its best outcome when that is worth less than its reservation value.
    """

    name: ClassVar[str] = "tough"
    classifier: ClassVar[dict] = {"memory": 0, "stochastic": False, "concedes": False, "needs_ratification": False}

    def respond(self, offer, step, t, mask=None):
        p = self.party
        u = p.table.at(offer)
        return (u >= p.umax - 1e-10) & (u >= p.reservation)
