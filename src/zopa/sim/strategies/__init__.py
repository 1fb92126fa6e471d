"""Negotiation strategies: small declared classes, vectorised over sessions.

=================  ============================================  ==========================
name               class                                         source
=================  ============================================  ==========================
``boulware``       :class:`Boulware` (exponent 4)                Faratin et al. 1998
``linear``         :class:`Linear` (exponent 1)                  Faratin et al. 1998
``conceder``       :class:`Conceder` (exponent 0.25)             Faratin et al. 1998
``time-based``     :class:`TimeBased` (any exponent)             Faratin et al. 1998
``deadline``       :class:`DeadlineConceder`                     Fershtman & Seidmann 1993
``tough``          :class:`Tough`                                Baarslag et al. 2013
``tit-for-tat``    :class:`NaiveTitForTat`                       Axelrod 1984; Baarslag et al. 2011
``stalling``       :class:`Stalling`                             seed articles; Kreps & Wilson 1982
``ratchet``        :class:`Ratchet`                              Driesen et al. 2012; Kahneman & Tversky 1979
``bayesian``       :class:`BayesianLearner`                      Zeng & Sycara 1998
=================  ============================================  ==========================

:func:`parse` turns ``"stalling:p_ratify=0.3,movement=10"`` into a strategy.

Examples
--------
>>> parse("boulware")
Boulware(exponent=4.0)
>>> parse("time-based:exponent=2.5")
TimeBased(exponent=2.5)
>>> parse("stalling:p_ratify=0.3")
Stalling(movement=8.0, p_ratify=0.3, margin=0.1)
"""

from __future__ import annotations

from zopa.sim.strategies.base import Party, Strategy
from zopa.sim.strategies.bayes import BayesianLearner
from zopa.sim.strategies.ratchet import Ratchet
from zopa.sim.strategies.stalling import Stalling
from zopa.sim.strategies.timebased import Boulware, Conceder, DeadlineConceder, Linear, TimeBased
from zopa.sim.strategies.titfortat import NaiveTitForTat
from zopa.sim.strategies.tough import Tough

__all__ = [
    "Strategy", "Party", "TimeBased", "Boulware", "Linear", "Conceder", "DeadlineConceder",
    "Tough", "NaiveTitForTat", "Stalling", "Ratchet", "BayesianLearner", "REGISTRY", "parse",
]

REGISTRY: dict[str, type[Strategy]] = {
    "boulware": Boulware,
    "linear": Linear,
    "conceder": Conceder,
    "time-based": TimeBased,
    "deadline": DeadlineConceder,
    "tough": Tough,
    "tit-for-tat": NaiveTitForTat,
    "stalling": Stalling,
    "ratchet": Ratchet,
    "bayesian": BayesianLearner,
}
_ALIASES = {"tft": "tit-for-tat", "titfortat": "tit-for-tat", "naive-tit-for-tat": "tit-for-tat",
            "timebased": "time-based", "bayes": "bayesian"}


def parse(spec: str | Strategy) -> Strategy:
    """A strategy from ``NAME`` or ``NAME:key=value,key=value`` (or a Strategy, returned as is)."""
    if isinstance(spec, Strategy):
        return spec
    if isinstance(spec, type) and issubclass(spec, Strategy):
        return spec()
    if not isinstance(spec, str):
        raise ValueError(f"a strategy is a name or a Strategy, got {spec!r}")
    name, _, rest = spec.strip().partition(":")
    key = _ALIASES.get(name.strip().lower(), name.strip().lower())
    if key not in REGISTRY:
        raise ValueError(f"unknown strategy {name!r}; choose from {', '.join(REGISTRY)}")
    kwargs = {}
    for part in filter(None, (p.strip() for p in rest.split(","))):
        k, eq, v = part.partition("=")
        if not eq:
            raise ValueError(f"strategy option {part!r} must look like key=value")
        try:
            kwargs[k.strip()] = float(v)
        except ValueError:
            raise ValueError(f"strategy option {k.strip()!r} needs a number, got {v!r}") from None
    try:
        return REGISTRY[key](**kwargs)
    except TypeError as err:
        raise ValueError(f"strategy {key!r}: {err}") from None
