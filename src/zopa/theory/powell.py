"""The commitment problem from shifting power (Powell).

Setting (Powell 2004, 2006): a pie of 1 *per period*, a common discount factor
``delta`` per period, war is absorbing and gives A a per-period payoff
``p_t - c_a`` and B ``1 - p_t - c_b`` forever, so the war values are
``W_A(t) = (p_t - c_a) / (1 - delta)`` and ``W_B(t) = (1 - p_t - c_b) / (1 - delta)``.
A declines: ``p_next < p_now``, and power is stable after the shift.

Powell's mechanism: war happens iff the declining state's war value exceeds the
most the rising state can credibly give it, i.e. everything now plus the
declining state's future reservation value.  The two conditions below are
derived under these conventions (Powell's own equation text was not available
to us; see ``docs/explanation/theory.md``):

* rising B makes all offers: war iff ``delta (p_now - p_next) > (1 - delta)(1 - p_now + c_a)``;
* declining A makes all offers: war iff
  ``delta (p_now - p_next) > (1 - delta)(1 - p_now) + c_a + delta c_b``.

One corner is handled exactly rather than by the formula: with the rising side
proposing, if ``p_now - c_a <= 1 - delta`` (the whole pie for one period is
worth more to A than war forever) no shift leads to war, because a shift that
pushes A's war value below 0 leaves A a continuation of 0, not a negative one.

References
----------
Powell, R. (2004). The inefficient use of power: costly conflict with complete
information. *American Political Science Review* 98(2), 231-241.
Powell, R. (2006). War as a commitment problem. *International Organization*
60(1), 169-203.
"""

from __future__ import annotations

import numpy as np

from zopa.theory._validate import broadcast, check, fail, out, out_bool, real

__all__ = ["commitment_war", "critical_shift"]

_PROPOSERS = ("rising", "declining")


def _args(p_now, delta, c_a, c_b, proposer):
    if proposer not in _PROPOSERS:
        fail("proposer", f"must be 'rising' or 'declining', got {proposer!r}")
    p_now = check("p_now", real("p_now", p_now), 0.0, 1.0)
    delta = check("delta", real("delta", delta), 0.0, 1.0, lo_open=True, hi_open=True)
    c_a = check("c_a", real("c_a", c_a), 0.0)
    c_b = check("c_b", real("c_b", c_b), 0.0)
    return broadcast(p_now=p_now, delta=delta, c_a=c_a, c_b=c_b)


def critical_shift(p_now, delta, c_a, c_b=0.0, proposer="rising"):
    """The largest one-period fall in A's win probability that peace survives.

    War breaks out iff ``p_now - p_next > critical_shift(...)`` (Powell 2004,
    2006; forms derived in the module docstring):

    * ``proposer="rising"`` (B, the rising side, makes the offers):
      ``D* = (1 - delta)(1 - p_now + c_a) / delta``; ``c_b`` plays no part.
      Where ``p_now - c_a <= 1 - delta`` no shift causes war and ``D* = inf``.
    * ``proposer="declining"`` (A makes the offers, the case most favourable
      to peace): ``D* = [(1 - delta)(1 - p_now) + c_a + delta c_b] / delta``.

    In continuous time (``delta = exp(-r dt)``, shift rate ``p'``) the rising
    form says war iff ``-p' > r (1 - p + c_a)``: what matters is the speed of
    the shift relative to the per-period surplus.

    Parameters
    ----------
    p_now : float or array_like
        A's probability of winning a war now, in [0, 1].  A is the declining
        side; for a shift in B's favour pass ``1 - p_now`` and swap the costs.
    delta : float or array_like
        Common discount factor per period, in (0, 1).
    c_a, c_b : float or array_like
        Per-period costs of war in pie units, >= 0.
    proposer : {"rising", "declining"}
        Which side makes the offers.

    Returns
    -------
    float or ndarray
        The critical shift ``D*`` (``inf`` where no shift causes war).

    Examples
    --------
    >>> critical_shift(0.6, 0.9, 0.1)                       # 0.1 * 0.5 / 0.9
    0.0555...
    >>> critical_shift(0.6, 0.9, 0.1, 0.1, proposer="declining")   # (0.04 + 0.1 + 0.09) / 0.9
    0.2555...
    """
    p_now, delta, c_a, c_b = _args(p_now, delta, c_a, c_b, proposer)
    if proposer == "rising":
        shift = (1.0 - delta) * (1.0 - p_now + c_a) / delta
        shift = np.where(p_now - c_a > 1.0 - delta, shift, np.inf)
    else:
        shift = ((1.0 - delta) * (1.0 - p_now) + c_a + delta * c_b) / delta
    return out(shift)


def commitment_war(p_now, p_next, delta, c_a, c_b=0.0, proposer="rising"):
    """Whether a shift from ``p_now`` to ``p_next`` makes war inevitable (Powell).

    When A declines (``p_next <= p_now``) this is
    ``p_now - p_next > critical_shift(p_now, delta, c_a, c_b, proposer)``: A
    would rather fight now than accept the most the rising side B can
    credibly promise.  When A rises instead, the roles swap: B is the
    declining side, with win probability ``1 - p`` and cost ``c_b``, and the
    result is ``(p_next - p_now) > critical_shift(1 - p_now, delta, c_b, c_a,
    proposer)``.  ``proposer`` always names a role ("rising" or "declining"),
    not a side.  See :func:`critical_shift` for the two forms.

    Parameters
    ----------
    p_now, p_next : float or array_like
        A's probability of winning a war now and after the shift, in [0, 1].
    delta : float or array_like
        Common discount factor per period, in (0, 1).
    c_a, c_b : float or array_like
        Per-period costs of war in pie units, >= 0.
    proposer : {"rising", "declining"}
        Which side makes the offers.

    Returns
    -------
    bool or ndarray of bool

    Examples
    --------
    >>> commitment_war(0.6, 0.5, 0.9, 0.1)            # shift 0.1 > 0.0556
    True
    >>> commitment_war(0.6, 0.5, 0.9, 0.1, 0.1, proposer="declining")
    False
    >>> commitment_war(0.4, 0.5, 0.9, 0.0, 0.1)       # B declines: the mirror image
    True
    """
    p_now, delta, c_a, c_b = _args(p_now, delta, c_a, c_b, proposer)
    p_next = check("p_next", real("p_next", p_next), 0.0, 1.0)
    p_now, p_next, delta, c_a, c_b = broadcast(
        p_now=p_now, p_next=p_next, delta=delta, c_a=c_a, c_b=c_b
    )
    a_declines = p_next <= p_now
    p_decl = np.where(a_declines, p_now, 1.0 - p_now)
    fall = np.abs(p_now - p_next)
    c_decl = np.where(a_declines, c_a, c_b)
    c_rise = np.where(a_declines, c_b, c_a)
    shift = critical_shift(p_decl, delta, c_decl, c_rise, proposer)
    return out_bool(fall > shift)
