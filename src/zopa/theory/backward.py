"""A finite-horizon alternating-offers game with war as an outside option.

One general dynamic program that contains the closed forms of
:mod:`zopa.theory.rubinstein` as special cases: a deadline (Stahl 1972;
Rubinstein 1982), a risk of breakdown (Binmore, Rubinstein & Wolinsky 1986),
outside options (Binmore, Shaked & Sutton 1989; Powell 1996), Fearon's
bargaining range (Fearon 1995) and, through war values that change over time,
the commitment problem of shifting power (Powell 2006).  It is solved by
backward induction, vectorised over any leading batch dimensions.

References
----------
Stahl, I. (1972). *Bargaining Theory*. Stockholm School of Economics.
Rubinstein, A. (1982). Perfect equilibrium in a bargaining model.
*Econometrica* 50(1), 97-109.
Binmore, K., Rubinstein, A. & Wolinsky, A. (1986). The Nash bargaining solution
in economic modelling. *RAND Journal of Economics* 17(2), 176-188.
Binmore, K., Shaked, A. & Sutton, J. (1989). An outside option experiment.
*Quarterly Journal of Economics* 104(4), 753-770.
Powell, R. (1996). Bargaining in the shadow of power. *Games and Economic
Behavior* 15, 255-289.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from zopa.theory._validate import check, fail, real

__all__ = ["AlternatingOffers", "alternating_offers"]


class AlternatingOffers(NamedTuple):
    """The subgame-perfect equilibrium of :func:`alternating_offers`, period by period.

    Attributes
    ----------
    share1 : ndarray, shape (..., T)
        Player 1's share of the pie if the game reaches period t and the sides
        agree there (the proposer's equilibrium offer); NaN where ``agree`` is
        False.
    value1, value2 : ndarray, shape (..., T+1)
        Each player's SPE continuation value on reaching period t, in pie units
        valued at t; entry T is the deadline payoff ``w[..., T]``.
    agree : ndarray of bool, shape (..., T)
        Whether the sides agree at t if the game reaches t.
    proposer : ndarray of int8, shape (T,)
        Who proposes at t: 0 for player 1, 1 for player 2.
    war : ndarray of bool, shape (..., T)
        Where ``agree`` is False: whether a side opts out to war at t (True) or
        both prefer to wait for t+1 (False).  Always False where ``agree`` is True.

    The arrays are views of time-major storage (not C-contiguous); call
    ``np.ascontiguousarray`` if a contiguous copy is needed.
    """

    share1: np.ndarray
    value1: np.ndarray
    value2: np.ndarray
    agree: np.ndarray
    proposer: np.ndarray
    war: np.ndarray


_CHUNK = 8192  # batch elements per pass: keeps a pass's working set in cache


def _per_period(name: str, value, lo: float, hi: float, periods: int) -> np.ndarray:
    """Check a parameter that broadcasts to (..., T); return it as an array."""
    arr = check(name, real(name, value), lo, hi)
    if arr.ndim and arr.shape[-1] not in (1, periods):
        fail(name, f"must broadcast to (..., T) with T = {periods}, got shape {arr.shape}")
    return arr


def _flat(arr: np.ndarray, batch: tuple[int, ...], n: int) -> np.ndarray:
    """A (..., L) array as (n, L) over the flattened batch (scalars stay 0-d)."""
    if arr.ndim == 0:
        return arr
    return np.broadcast_to(arr, (*batch, arr.shape[-1])).reshape(n, arr.shape[-1])


def _chunk(arr: np.ndarray, rows: slice) -> np.ndarray:
    """The time-major slice of a flattened parameter: 0-d, (ch,) or (T, ch)."""
    if arr.ndim == 0:
        return arr
    if arr.shape[-1] == 1:
        return np.ascontiguousarray(arr[rows, 0])
    return np.ascontiguousarray(arr[rows].T)


def _at(arr: np.ndarray, t: int) -> np.ndarray:
    return arr[t] if arr.ndim == 2 else arr


def alternating_offers(w1, w2, delta1, delta2, q=0.0, first="1", pie=1.0) -> AlternatingOffers:
    """Solve a T-period alternating-offers game with war outside options by backward induction.

    **Timing.**  Offers can be made in periods t = 0, ..., T-1.  At each t the
    proposer (player ``first`` at t = 0, then alternating) offers a split of
    ``pie[t]``; shares are between 0 and the pie.  The responder accepts iff
    its share is at least its continuation value ``R``.  After a rejection,
    with probability ``q[t]`` talks break down and both get their war values
    of period t+1, otherwise play moves to period t+1; either way player i
    discounts the move by ``delta_i[t]``.  If period T is reached without a
    deal, the sides get ``w[..., T]``.

    **Outside option.**  Either side may opt out to war at any period t and
    get ``w_i[t]`` (Binmore, Shaked & Sutton 1989; Powell 1996).  So with
    ``C_i = delta_i [q w_i[t+1] + (1 - q) V_i[t+1]]`` the responder's
    continuation is ``R_j = max(w_j[t], C_j)``, and the proposer's alternative
    to a deal is ``D_i = max(w_i[t], w_i[t] if j would opt out else C_i)``.

    **Agreement.**  The proposer offers ``max(R_j, 0)`` and keeps the rest;
    there is a deal iff that is feasible and worth at least ``D_i`` to the
    proposer, i.e. iff what each can guarantee itself fits in the pie.  With
    no deal, both get the war values ``w[t]`` if either side strictly prefers
    opting out (``war`` is True), else the continuations ``C``.

    Ties: a responder accepts when indifferent, a proposer prefers a deal to
    no deal when indifferent, and a side opts out only when that is strictly
    better than going on.

    Parameters
    ----------
    w1, w2 : array_like, shape (..., T+1)
        Each player's value of war (its outside option) at t = 0..T, in pie
        units valued at t; the last entry is the payoff when no deal is struck
        by the deadline.  T >= 1.  Leading dimensions are batch dimensions and
        broadcast together.
    delta1, delta2 : float or array_like
        Discount factors per period in [0, 1]; scalars or arrays broadcastable
        to (..., T) (entry t discounts the move from t to t+1).  A per-world
        array of shape (B,) must be given as (B, 1).
    q : float or array_like, default 0.0
        Breakdown probability per rejection in [0, 1], broadcastable to (..., T).
    first : {"1", "2"}, default "1"
        Who proposes at t = 0 (the integers 1 and 2 are accepted too).
    pie : float or array_like, default 1.0
        Size of the pie, > 0, broadcastable to (..., T).

    Returns
    -------
    AlternatingOffers
        ``(share1, value1, value2, agree, proposer, war)``; see
        :class:`AlternatingOffers`.

    Examples
    --------
    No outside options, two periods: player 2 proposes last and would take
    everything, so player 1 offers it ``delta2`` (compare :func:`deadline_share`).

    >>> r = alternating_offers([0.0, 0.0, 0.0], [0.0, 0.0, 0.0], 0.9, 0.9)
    >>> r.share1, r.proposer
    (array([0.1, 0. ]), array([0, 1], dtype=int8))

    War values ``p - c_a = 0.6`` and ``1 - p - c_b = 0.3`` (Fearon's range is
    [0.6, 0.7]): player 1's outside option binds, so player 2 must give it 0.6
    whenever it proposes, and player 1 asks ``1 - 0.95 * (1 - 0.6)``.

    >>> r = alternating_offers([0.6] * 11, [0.3] * 11, 0.95, 0.95)
    >>> float(r.share1[0]), bool(r.agree.all())
    (0.62, True)
    """
    if str(first) not in ("1", "2"):
        fail("first", f"must be '1' or '2', got {first!r}")
    w1, w2 = real("w1", w1), real("w2", w2)
    for name, w in (("w1", w1), ("w2", w2)):
        if w.ndim == 0 or w.shape[-1] < 2:
            fail(name, "must have shape (..., T+1) with T >= 1 (war values at t = 0..T)")
    if w1.shape[-1] != w2.shape[-1]:
        fail(
            "w1, w2", f"must have the same number of periods, got {w1.shape[-1]} and {w2.shape[-1]}"
        )
    periods = w1.shape[-1] - 1
    params = [
        _per_period(name, value, lo, hi, periods)
        for name, value, lo, hi in (
            ("delta1", delta1, 0.0, 1.0),
            ("delta2", delta2, 0.0, 1.0),
            ("q", q, 0.0, 1.0),
            ("pie", pie, 0.0, np.inf),
        )
    ]
    if (params[3] <= 0).any():
        fail("pie", "must be > 0")
    shapes = [w1.shape[:-1], w2.shape[:-1]] + [p.shape[:-1] for p in params]
    try:
        batch = np.broadcast_shapes(*shapes)
    except ValueError:
        fail("w1, w2, delta1, delta2, q, pie", f"batch shapes do not broadcast together: {shapes}")
    n = int(np.prod(batch, dtype=np.int64))
    w1f, w2f = _flat(w1, batch, n), _flat(w2, batch, n)
    params = [_flat(p, batch, n) for p in params]
    start = 0 if str(first) == "1" else 1
    proposer = ((np.arange(periods) + start) % 2).astype(np.int8)

    # Time-major storage: each chunk's rows are contiguous runs, so the solver
    # writes straight into them; the results are returned as (..., T) views.
    value1 = np.empty((periods + 1, n))
    value2 = np.empty((periods + 1, n))
    share1 = np.empty((periods, n))
    agree = np.empty((periods, n), dtype=bool)
    war = np.empty((periods, n), dtype=bool)
    for lo in range(0, n, _CHUNK):
        cols = slice(lo, min(lo + _CHUNK, n))
        _solve_chunk(
            np.ascontiguousarray(w1f[cols].T),
            np.ascontiguousarray(w2f[cols].T),
            *(_chunk(p, cols) for p in params),
            proposer,
            (share1[:, cols], value1[:, cols], value2[:, cols], agree[:, cols], war[:, cols]),
        )

    def batch_last(arr: np.ndarray) -> np.ndarray:
        return np.moveaxis(arr.reshape(arr.shape[0], *batch), 0, -1)

    return AlternatingOffers(
        share1=batch_last(share1),
        value1=batch_last(value1),
        value2=batch_last(value2),
        agree=batch_last(agree),
        proposer=proposer,
        war=batch_last(war),
    )


def _solve_chunk(w1, w2, d1, d2, q, pie, proposer, out) -> None:
    """Backward induction on time-major arrays, written into ``out``.

    ``w1``, ``w2`` are (T+1, ch); the parameters are 0-d, (ch,) or (T, ch);
    ``out`` holds the (share1, value1, value2, agree, war) blocks to fill.
    """
    share1, value1, value2, agree, war = out
    periods = w1.shape[0] - 1
    value1[periods] = w1[periods]
    value2[periods] = w2[periods]
    no_breakdown = q.ndim == 0 and float(q) == 0.0
    for t in range(periods - 1, -1, -1):
        if no_breakdown:
            c1 = _at(d1, t) * value1[t + 1]
            c2 = _at(d2, t) * value2[t + 1]
        else:
            qt = _at(q, t)
            c1 = _at(d1, t) * (value1[t + 1] + qt * (w1[t + 1] - value1[t + 1]))
            c2 = _at(d2, t) * (value2[t + 1] + qt * (w2[t + 1] - value2[t + 1]))
        if proposer[t] == 0:  # player 1 proposes
            wi, wj, ci, cj, vi, vj = w1[t], w2[t], c1, c2, value1[t], value2[t]
        else:
            wi, wj, ci, cj, vi, vj = w2[t], w1[t], c2, c1, value2[t], value1[t]
        j_out = wj > cj  # the responder would opt out after a rejection
        after_reject = np.where(j_out, wi, ci)
        i_out = wi > after_reject  # the proposer prefers war to a rejected offer
        give = np.maximum(np.maximum(wj, cj), 0.0)  # what the responder must get
        keep = _at(pie, t) - give
        deal = (keep >= 0.0) & (keep >= np.maximum(wi, after_reject))
        fight = ~deal & (i_out | j_out)
        np.copyto(vi, np.where(fight, wi, ci))
        np.copyto(vi, keep, where=deal)
        np.copyto(vj, np.where(fight, wj, cj))
        np.copyto(vj, give, where=deal)
        share1[t] = np.nan
        np.copyto(share1[t], value1[t], where=deal)
        agree[t] = deal
        war[t] = fight
