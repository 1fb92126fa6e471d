"""The strategy interface: a small declared class, vectorised over sessions.

Following Axelrod-Python's players, a strategy is a class with a ``name``, a
``classifier`` dict and a docstring citing its source.  Unlike a player, it
decides for a whole batch of sessions at once: every method takes arrays of
shape ``(batch,)`` and returns one.  Per-session state lives in numpy arrays
on the bound copy that :meth:`Strategy.bind` returns.

A protocol calls, for each party and each turn:

- :meth:`Strategy.respond` (accept the standing offer or not),
- :meth:`Strategy.propose` (the party's next offer),
- :meth:`Strategy.observe` (every offer any party makes; for learners),
- :meth:`Strategy.ratify` (whether the party's principal signs an agreement).

Examples
--------
>>> import numpy as np
>>> from zopa.sim.tables import Table
>>> p = Party("A", Table(np.array([0.2, 1.0]), np.zeros(3)), index=0, n_parties=2,
...           session=np.arange(3), seed=0, n_steps=np.full(3, 10))
>>> p.B, p.floor().tolist()
(3, [0.2, 0.2, 0.2])
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np

from zopa.sim.tables import Table

__all__ = ["Party", "Strategy", "param"]


@dataclass
class Party:
    """What a strategy knows about its own side in a batch of sessions."""

    name: str
    table: Table
    index: int
    n_parties: int
    session: np.ndarray
    seed: int
    n_steps: np.ndarray
    reservation: np.ndarray | None = None
    extra: dict = field(default_factory=dict)
    run: np.ndarray | None = None  # index of each session among this call's runs (default: session)

    def __post_init__(self) -> None:
        if self.reservation is None:
            self.reservation = self.table.r0.copy()
        if self.run is None:
            self.run = self.session

    @property
    def B(self) -> int:
        return len(self.session)

    @property
    def umax(self) -> np.ndarray:
        return self.table.per_session(self.table.umax)

    @property
    def umin(self) -> np.ndarray:
        return self.table.per_session(self.table.umin)

    @property
    def best(self) -> np.ndarray:
        return self.table.per_session(self.table.best)

    def floor(self) -> np.ndarray:
        """max(lowest utility, current reservation value): the least a party will take."""
        return np.maximum(self.umin, self.reservation)


def param(value, party: Party, name: str, lo: float = -np.inf, hi: float = np.inf) -> np.ndarray:
    """A strategy parameter as a (batch,) array: a scalar, or one value per run.

    Per-run arrays are indexed by the run's number in the call, so a parameter
    sweep stays aligned whatever the batch size.
    """
    a = np.asarray(value, dtype=float)
    if a.ndim == 0:
        out = np.full(party.B, float(a))
    elif a.ndim == 1:
        if party.run.max(initial=-1) >= len(a):
            raise ValueError(f"{name} has {len(a)} values but there are more runs; give one per run")
        out = a[party.run]
    else:
        raise ValueError(f"{name} must be a number or a 1-d array with one value per run")
    if np.any(out < lo) or np.any(out > hi):
        raise ValueError(f"{name} must lie in [{lo}, {hi}], got {value!r}")
    return out


class Strategy:
    """Base class.  Subclasses override the methods they need.

    The default rules: accept an offer at or above the party's best utility,
    propose the best outcome, learn nothing, and a principal that always signs.
    """

    name: ClassVar[str] = "strategy"
    classifier: ClassVar[dict] = {
        "memory": 0,
        "stochastic": False,
        "concedes": False,
        "needs_ratification": False,
    }

    def bind(self, party: Party) -> Strategy:
        """A copy of this strategy holding per-session state for ``party``."""
        s = copy.copy(self)
        s.party = party
        s.start(party)
        return s

    def start(self, party: Party) -> None:  # noqa: B027 - optional hook
        """Allocate per-session state (called once per batch)."""

    def respond(self, offer: np.ndarray, step: np.ndarray, t: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        p = self.party
        return p.table.at(offer) >= p.umax - 1e-10

    def propose(self, step: np.ndarray, t: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        return self.party.best.copy()

    def observe(self, offer: np.ndarray, proposer: np.ndarray, step: np.ndarray, mask: np.ndarray) -> None:  # noqa: B027
        """See an offer made by ``proposer`` (party index) where ``mask`` is true."""

    def ratify(self, offer: np.ndarray, step: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """Whether the principal signs ``offer`` where ``mask`` (True for parties with authority)."""
        return np.ones(len(offer), dtype=bool)

    @property
    def needs_ratification(self) -> bool:
        return bool(self.classifier.get("needs_ratification", False))

    def __repr__(self) -> str:
        return f"{type(self).__name__}()"
