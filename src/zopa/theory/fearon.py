"""Fearon's bargaining range and the risk-return trade-off.

Convention: the pie is 1, ``x`` is side A's share, ``p`` is the probability that
A wins a war, and costs are in pie units.

References
----------
Fearon, J. D. (1995). Rationalist explanations for war. *International
Organization* 49(3), 379-414.
Powell, R. (1999). *In the Shadow of Power*. Princeton University Press, ch. 3.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from zopa.theory._validate import broadcast, check, out, real

__all__ = ["FearonRange", "RiskReturn", "fearon_range", "risk_return"]


class FearonRange(NamedTuple):
    """The bargaining range ``[lo, hi]`` for A's share (empty when ``lo > hi``)."""

    lo: float | np.ndarray
    hi: float | np.ndarray


class RiskReturn(NamedTuple):
    """A's optimal demand and the probability that B rejects it and fights."""

    demand: float | np.ndarray
    p_war: float | np.ndarray


def fearon_range(p, c_a, c_b, *, clip: bool = False) -> FearonRange:
    """The range of A's shares that both sides prefer to war (Fearon 1995).

    War is a costly lottery: A expects ``p - c_a``, B expects ``1 - p - c_b``.
    A accepts a share ``x`` iff ``x >= p - c_a``; B accepts iff ``x <= p + c_b``.

    Parameters
    ----------
    p : float or array_like
        Probability that A wins the war, in [0, 1].
    c_a, c_b : float or array_like
        Each side's cost of war in pie units.  Any real number is accepted: a
        negative cost (a side that gains from fighting, or mutual optimism folded
        into the costs) can make the range empty, which shows as ``lo > hi``.
    clip : bool, default False
        If True, intersect the range with the feasible shares [0, 1].  The
        default returns Fearon's formula as written.

    Returns
    -------
    FearonRange
        ``(lo, hi) = (p - c_a, p + c_b)``; floats for scalar input, arrays
        (broadcast together) otherwise.  Its width is ``c_a + c_b``.

    Examples
    --------
    >>> fearon_range(0.6, 0.1, 0.15)
    FearonRange(lo=0.5, hi=0.75)
    >>> fearon_range([0.05, 0.5], 0.1, 0.1, clip=True).lo
    array([0. , 0.4])
    """
    p = check("p", real("p", p), 0.0, 1.0)
    c_a, c_b = real("c_a", c_a), real("c_b", c_b)
    p, c_a, c_b = broadcast(p=p, c_a=c_a, c_b=c_b)
    lo, hi = p - c_a, p + c_b
    if clip:
        lo, hi = np.clip(lo, 0.0, 1.0), np.clip(hi, 0.0, 1.0)
    return FearonRange(out(lo), out(hi))


def risk_return(p, c_a, c_bar) -> RiskReturn:
    """A's optimal demand against a B whose cost of war is private (Fearon 1995).

    B's cost ``c_B`` is uniform on ``[0, c_bar]`` and known only to B.  A
    demands ``x``; B accepts iff ``1 - x >= 1 - p - c_B``, i.e. iff
    ``c_B >= x - p``.  A maximises ``P(accept) x + P(war) (p - c_a)``, which
    gives the interior optimum

    ``x* = p + max(0, (c_bar - c_a) / 2)``, ``P(war) = max(0, (c_bar - c_a) / (2 c_bar))``

    (Fearon 1995, sec. on private information; Powell 1999, ch. 3).  When that
    ``x*`` exceeds 1 the demand is capped at the whole pie and
    ``P(war) = (1 - p) / c_bar``: this is the optimum of the same problem
    with the constraint ``x <= 1``.

    Parameters
    ----------
    p : float or array_like
        Probability that A wins, in [0, 1].
    c_a : float or array_like
        A's (known) cost of war, >= 0.
    c_bar : float or array_like
        Upper bound of B's cost, > 0.

    Returns
    -------
    RiskReturn
        ``(demand, p_war)``.

    Examples
    --------
    >>> risk_return(0.5, 0.1, 0.3)
    RiskReturn(demand=0.6, p_war=0.333)
    >>> risk_return(0.5, 0.4, 0.3)      # A's own cost is high: no risk taken
    RiskReturn(demand=0.5, p_war=0.0)
    """
    p = check("p", real("p", p), 0.0, 1.0)
    c_a = check("c_a", real("c_a", c_a), 0.0)
    c_bar = check("c_bar", real("c_bar", c_bar), 0.0, lo_open=True)
    p, c_a, c_bar = broadcast(p=p, c_a=c_a, c_bar=c_bar)
    demand = np.minimum(p + np.maximum(0.0, (c_bar - c_a) / 2.0), 1.0)
    p_war = (demand - p) / c_bar
    return RiskReturn(out(demand), out(p_war))
