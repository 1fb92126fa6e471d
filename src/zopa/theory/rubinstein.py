"""Alternating offers: Rubinstein's share and its standard extensions.

Convention: a pie of 1, player 1 proposes first, ``delta_i`` is player i's
discount factor *per period* (one period = one offer), and the share returned
is player 1's.

References
----------
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
*Econometrica* 50(1), 97-109.
Binmore, K., Rubinstein, A. & Wolinsky, A. (1986). The Nash bargaining solution
in economic modelling. *RAND Journal of Economics* 17(2), 176-188.
Binmore, K., Shaked, A. & Sutton, J. (1989). An outside option experiment.
*Quarterly Journal of Economics* 104(4), 753-770.
Osborne, M. J. & Rubinstein, A. (1990). *Bargaining and Markets*. Academic
Press, sec. 3.9.
Muthoo, A. (1999). *Bargaining Theory with Applications*. Cambridge UP, ch. 4-5.
Powell, R. (1996). Bargaining in the shadow of power. *Games and Economic
Behavior* 15, 255-289.
"""

from __future__ import annotations

import numpy as np

from zopa.theory._validate import broadcast, check, fail, out, real

__all__ = [
    "rubinstein_share",
    "rubinstein_rates",
    "fixed_cost_share",
    "fixed_cost_bounds",
    "deadline_share",
    "breakdown_share",
    "outside_option_share",
]


def _deltas(delta1, delta2) -> tuple[np.ndarray, np.ndarray]:
    d1 = check("delta1", real("delta1", delta1), 0.0, 1.0)
    d2 = check("delta2", real("delta2", delta2), 0.0, 1.0)
    return tuple(broadcast(delta1=d1, delta2=d2))


def rubinstein_share(delta1, delta2):
    """Player 1's share in the unique SPE of infinite alternating offers (Rubinstein 1982).

    ``x* = (1 - delta2) / (1 - delta1 delta2)``; agreement is immediate and
    player 2 gets ``delta2 (1 - delta1) / (1 - delta1 delta2)``.  With a common
    factor ``delta`` the share is ``1 / (1 + delta)``.

    Parameters
    ----------
    delta1, delta2 : float or array_like
        Per-period discount factors in [0, 1]; they may not both equal 1.

    Returns
    -------
    float or ndarray
        Player 1's (the first proposer's) share, in [0, 1].

    Examples
    --------
    >>> rubinstein_share(0.9, 0.9)
    0.526...
    >>> rubinstein_share([0.8, 0.95], 0.9)
    array([0.357..., 0.689...])
    """
    d1, d2 = _deltas(delta1, delta2)
    both = (d1 == 1.0) & (d2 == 1.0)
    if both.any():
        fail(
            "delta1, delta2", "may not both equal 1 (no discounting: every split is an equilibrium)"
        )
    return out((1.0 - d2) / (1.0 - d1 * d2))


def rubinstein_rates(r1, r2):
    """The continuous-time limit of Rubinstein's share: ``r2 / (r1 + r2)``.

    With ``delta_i = exp(-r_i D)`` and the time between offers ``D -> 0``, the
    first proposer's advantage vanishes and player 1's share tends to
    ``r2 / (r1 + r2)`` (Rubinstein 1982; Osborne & Rubinstein 1990, sec. 4.4):
    the more patient side (lower rate) gets more.

    Parameters
    ----------
    r1, r2 : float or array_like
        Discount rates per unit of time, >= 0, not both 0.

    Returns
    -------
    float or ndarray
        Player 1's share.

    Examples
    --------
    >>> rubinstein_rates(0.05, 0.15)
    0.75
    """
    r1 = check("r1", real("r1", r1), 0.0)
    r2 = check("r2", real("r2", r2), 0.0)
    r1, r2 = broadcast(r1=r1, r2=r2)
    if ((r1 + r2) == 0.0).any():
        fail("r1, r2", "may not both be 0 (no discounting: every split is an equilibrium)")
    return out(r2 / (r1 + r2))


def _costs(c1, c2) -> tuple[np.ndarray, np.ndarray]:
    c1 = check("c1", real("c1", c1), 0.0, 1.0, hi_open=True)
    c2 = check("c2", real("c2", c2), 0.0, 1.0, hi_open=True)
    return tuple(broadcast(c1=c1, c2=c2))


def fixed_cost_share(c1, c2):
    """Player 1's SPE share when each period of delay costs a fixed amount.

    Payoffs are ``x_i - c_i t`` (Rubinstein 1982; Osborne & Rubinstein 1990,
    sec. 3.9).  The side with the lower cost takes (almost) everything:
    ``c1 < c2`` gives player 1 the whole pie; ``c1 > c2`` gives player 1 only
    ``c2``.

    **Ties.**  When ``c1 == c2 = c`` every ``x`` in ``[c, 1]`` is an SPE share;
    no single number is *the* answer, so this function returns NaN there.  Use
    :func:`fixed_cost_bounds` for the whole set of SPE shares.

    Parameters
    ----------
    c1, c2 : float or array_like
        Per-period costs in [0, 1).

    Returns
    -------
    float or ndarray
        Player 1's share: 1, ``c2``, or NaN on a tie.

    Examples
    --------
    >>> fixed_cost_share(0.1, 0.2)
    1.0
    >>> fixed_cost_share([0.3, 0.2], 0.2)
    array([0.2, nan])
    """
    c1, c2 = _costs(c1, c2)
    share = np.where(c1 < c2, 1.0, np.where(c1 > c2, c2, np.nan))
    return out(share)


def fixed_cost_bounds(c1, c2):
    """The set ``[lo, hi]`` of player 1's SPE shares under fixed per-period costs.

    ``lo == hi`` (the unique share of :func:`fixed_cost_share`) unless
    ``c1 == c2 = c``, where the set is ``[c, 1]`` (Osborne & Rubinstein 1990,
    sec. 3.9).

    Examples
    --------
    >>> fixed_cost_bounds(0.2, 0.2)
    (0.2, 1.0)
    >>> fixed_cost_bounds(0.3, 0.2)
    (0.2, 0.2)
    """
    c1, c2 = _costs(c1, c2)
    lo = np.where(c1 < c2, 1.0, c2)
    hi = np.where(c1 > c2, c2, 1.0)
    return out(lo), out(hi)


def deadline_share(delta1, delta2, periods):
    """Player 1's share with a deadline: at most ``periods`` offers, then (0, 0).

    Player 1 proposes in period 1, the proposers alternate, and if no offer has
    been accepted after period ``periods`` both get 0.  Backward induction: the
    last proposer takes everything, and each earlier proposer offers the
    responder the discounted value of proposing next.  Summing the recursion,
    with ``k = delta1 delta2`` and ``m = periods // 2``,

    ``x = (1 - delta2)(1 - k^m)/(1 - k) + [periods odd] k^m``,

    which for a common ``delta`` is ``(1 - (-delta)^T) / (1 + delta)``.  The last
    proposer gains; as ``periods`` grows, the share tends to
    :func:`rubinstein_share` from both parities (Stahl 1972; Rubinstein 1982).

    Parameters
    ----------
    delta1, delta2 : float or array_like
        Per-period discount factors in [0, 1].
    periods : int or array_like of int
        Number of periods in which an offer can be made, >= 1.

    Returns
    -------
    float or ndarray
        Player 1's share of the immediate agreement.

    Examples
    --------
    >>> deadline_share(0.9, 0.9, 1)
    1.0
    >>> deadline_share(0.9, 0.9, 2)
    0.1
    >>> deadline_share(0.9, 0.9, [3, 4, 200]).round(3)
    array([0.91 , 0.181, 0.526])
    """
    d1, d2 = _deltas(delta1, delta2)
    t = real("periods", periods)
    check("periods", t, 1.0)
    if (t != np.round(t)).any():
        fail("periods", f"must be a whole number of periods, got {t[t != np.round(t)].flat[0]:g}")
    d1, d2, t = broadcast(delta1=d1, delta2=d2, periods=t)
    m = np.floor(t / 2.0)
    k = d1 * d2
    km = k**m
    with np.errstate(divide="ignore", invalid="ignore"):
        series = np.where(k < 1.0, (1.0 - km) / (1.0 - k), m)
    share = (1.0 - d2) * series + np.where(t % 2 == 1, km, 0.0)
    return out(share)


def breakdown_share(q, d1, d2, delta=1.0):
    """Player 1's share with a risk of breakdown after each rejection (BRW 1986).

    After a rejection, talks break down with probability ``q`` and the players
    get their breakdown payoffs ``(d1, d2)`` at once; otherwise the other player
    proposes next period, discounted by ``delta``.  With ``k = (1 - q) delta``
    the stationary SPE gives player 1 (the first proposer)

    ``x* = [1 - q d2 - k (1 - q d1)] / (1 - k^2)``,

    which with ``delta = 1`` is ``[(1 - d2) + (1 - q) d1] / (2 - q)`` and tends
    to the Nash bargaining solution ``d1 + (1 - d1 - d2)/2`` as ``q -> 0``
    (Binmore, Rubinstein & Wolinsky 1986; Muthoo 1999, ch. 4).

    Note the timing: breakdown payoffs are received at the rejection, not one
    period later.  :func:`zopa.theory.alternating_offers` pays war values at the
    next period, so its stationary limit is this share with ``d_i`` replaced by
    ``delta d_i`` (the same when ``delta = 1``).

    Parameters
    ----------
    q : float or array_like
        Breakdown probability per rejection, in [0, 1].
    d1, d2 : float or array_like
        Breakdown payoffs in pie units, with ``d1 + d2 <= 1``.
    delta : float or array_like, default 1.0
        Common discount factor per period, in [0, 1]; ``q = 0`` needs ``delta < 1``.

    Returns
    -------
    float or ndarray
        Player 1's share.

    Examples
    --------
    >>> breakdown_share(0.5, 0.2, 0.2)      # (0.8 + 0.5 * 0.2) / 1.5
    0.6
    >>> breakdown_share(1e-9, 0.2, 0.4)     # the Nash solution 0.2 + 0.4 / 2
    0.4
    """
    q = check("q", real("q", q), 0.0, 1.0)
    d1, d2 = real("d1", d1), real("d2", d2)
    delta = check("delta", real("delta", delta), 0.0, 1.0)
    q, d1, d2, delta = broadcast(q=q, d1=d1, d2=d2, delta=delta)
    if (d1 + d2 > 1.0).any():
        fail("d1, d2", "must satisfy d1 + d2 <= 1 (otherwise no split beats breakdown)")
    k = (1.0 - q) * delta
    if (k >= 1.0).any():
        fail(
            "q, delta",
            "q = 0 needs delta < 1 (with neither breakdown nor discounting every split is an equilibrium)",
        )
    return out((1.0 - q * d2 - k * (1.0 - q * d1)) / (1.0 - k * k))


def outside_option_share(x, p, c_a, c_b):
    """Clamp a share by the war outside options (outside-option principle).

    When war is an outside option that a side can take instead of continuing
    to bargain, it matters only if it binds (Binmore, Shaked & Sutton 1989;
    Powell 1996 for war):

    ``x_out = min(max(x, p - c_a), p + c_b)``

    where ``x`` is the share without outside options (e.g.
    :func:`rubinstein_share`), ``p - c_a`` is A's war value and ``p + c_b`` is
    one minus B's.  This is the frequent-offers limit: with a finite period
    length a binding option also lets the other side keep part of the delay cost.

    Parameters
    ----------
    x : float or array_like
        Share of side A (player 1) without outside options, in [0, 1].
    p : float or array_like
        Probability that A wins a war, in [0, 1].
    c_a, c_b : float or array_like
        Costs of war in pie units (any real; see :func:`fearon_range`).

    Returns
    -------
    float or ndarray
        A's share; NaN where ``c_a + c_b < 0`` (the bargaining range is empty,
        so no split beats war for both).

    Examples
    --------
    >>> outside_option_share(0.5, 0.8, 0.1, 0.1)   # A's war value 0.7 binds
    0.7
    >>> outside_option_share(0.5, 0.5, 0.1, 0.1)   # nothing binds: x itself
    0.5
    """
    x = check("x", real("x", x), 0.0, 1.0)
    p = check("p", real("p", p), 0.0, 1.0)
    c_a, c_b = real("c_a", c_a), real("c_b", c_b)
    x, p, c_a, c_b = broadcast(x=x, p=p, c_a=c_a, c_b=c_b)
    lo, hi = p - c_a, p + c_b
    share = np.where(lo <= hi, np.minimum(np.maximum(x, lo), hi), np.nan)
    return out(share)
