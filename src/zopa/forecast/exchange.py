"""Stokman's equal-gain exchange model, as implemented in Decide.

Stokman & Van Oosten (1994), "The exchange of voting positions", in Bueno de
Mesquita & Stokman (eds.), *European Community Decision Making*; Stokman &
Thomson (2004); the equal-gain variant of Decide (foarsitter/decide-exchange-model,
whose algorithm this module re-implements; Decide is GPL, no code was copied).

Positions are rescaled to 0..100 with each issue's bounds.  In each round:

1. The issue's outcome is the Nash bargaining solution (NBS), the capability x
   salience weighted mean of the actors' current positions.
2. For every pair of issues (p, q), the actors on both are grouped by the side
   of each NBS they are on; actors on opposite sides of both NBSs may trade.
   The actor with the larger salience ratio :math:`s_p/s_q` *demands* p and
   *supplies* q: it moves on q towards the other, who moves on p towards it.
3. Equal gain: a move :math:`\\Delta x` of actor a on issue k shifts the NBS by
   the exchange ratio :math:`\\Delta x\\,c_{ak}s_{ak}/\\sum_b c_{bk}s_{bk}`; the
   two ratios are set so that both actors gain the same (each gains its
   demand-issue salience times the NBS shift there, minus its supply-issue
   salience times the shift there), with the larger mover going all the way to
   the other's position; a move that would carry the NBS past the partner's
   position is cut back to reach it exactly.  (Decide compares the signs of
   :math:`x - \\mathrm{NBS}` before and after the move, :math:`x` the partner's
   position: only a strict change of sign cuts, so an NBS sitting exactly on
   :math:`x` lets the move go ahead.)
4. Exchanges are realised highest gain first; after each one, the exchanges
   sharing an actor and issue with it are recomputed from the new positions
   (and dropped when a move would change direction, leave 0..100, or vanish).
5. Each realised exchange leaves its actors at voting positions y; the next
   round starts from :math:`x' = (1-s)\\,0.4\\,y + 0.1\\,y + (1 - 0.4(1-s) - 0.1)\\,x`.

``rounds`` rounds are run (Decide: 10).  The forecast is the NBS of the
positions after the last round.  Ties in gain are broken by the order the
exchanges were found in (Decide with ``ALLOW_RANDOM = False``).

Arithmetic: every quantity is computed as Decide computes it, in Python's
:mod:`decimal` with 28 significant digits, operation by operation in Decide's
order (:mod:`zopa.forecast._exchange_round`); the inputs are taken as the
decimals their floats print as (what a Decide file states).  This is what
reproduces Decide: once a cut has put an issue's NBS on a partner's position,
a later exchange on that issue finds the NBS a round-off (about 1e-26) to one
side of it or the other, and the side decides whether the exchange goes ahead.
On Decide's sample_data that happens in rounds 3, 4, 5 and 8, and binary
floating point takes other turns from round 3 on (docs/forecast/validation.md).
Decimal arithmetic makes every position and NBS of Decide's 10 rounds come out
digit for digit.

Examples
--------
>>> from zopa.forecast.data import ForecastInput
>>> inp = ForecastInput(("A1", "A2"), ("i1", "i2"), [[0.0, 0.0], [100.0, 100.0]],
...                     [[0.1, 0.9], [0.6, 0.5]], [1.0, 1.0], bounds=[[0, 100], [0, 100]])
>>> res = exchange(inp, rounds=1)
>>> res.tables["nbs"].query("round == 0")["nbs"].round(4).tolist()   # 85 5/7 and 35 5/7
[85.7143, 35.7143]
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import numpy as np
import pandas as pd

from zopa.forecast._exchange_round import CONTEXT, Round
from zopa.forecast.data import ForecastInput
from zopa.forecast.result import ForecastResult

__all__ = ["exchange", "exchange_arrays"]

# Decide's weights of the new start position; Decide makes them Decimal(0.4) and Decimal(0.1),
# the exact values of the binary floats, and so does zopa
SALIENCE_WEIGHT = Decimal(0.4)
FIXED_WEIGHT = Decimal(0.1)


def _dec(v: float) -> Decimal:
    """A float as the decimal a file would state it with (its shortest repr)."""
    return Decimal(repr(float(v)))


def _new_start(sal: Decimal, x: Decimal, y: Decimal) -> Decimal:
    """Next round's position: :math:`(1-s)\\,0.4\\,y + 0.1\\,y + (1 - 0.4(1-s) - 0.1)\\,x`."""
    swv = (1 - sal) * SALIENCE_WEIGHT * y
    fwv = FIXED_WEIGHT * y
    pv = (1 - (1 - sal) * SALIENCE_WEIGHT - FIXED_WEIGHT) * x
    return swv + fwv + pv


def _run(X: list[dict], S: list[dict], C: list[dict], rounds: int):
    """Run the rounds on decimal positions (0..100); see :func:`exchange_arrays`."""
    m = len(X)
    hist, nbs, voting, realised = [[dict(x) for x in X]], [], [], []
    for rnd in range(rounds):
        st = Round(X, S, C)
        nbs.append([st.nbs(k) for k in range(m)])
        done = st.realise()
        realised += [(rnd, r) for r in done]
        Xv = [dict(x) for x in X]
        for r in done:
            for s in (r.i, r.j):
                Xv[s.supply][s.actor] = s.y
        voting.append([Round(Xv, S, C).nbs(k) for k in range(m)])
        for r in done:
            for s in (r.i, r.j):
                Xv[s.supply][s.actor] = _new_start(S[s.supply][s.actor], s.start, s.y)
        X = Xv
        hist.append([dict(x) for x in X])
    nbs.append([Round(X, S, C).nbs(k) for k in range(m)])
    return hist, nbs, voting, realised


def _decimal_inputs(X0, S, C, present, lo=None, hi=None):
    """Per-issue dicts of decimal positions (rescaled to 0..100 as Decide does), saliences, powers."""
    n, m = present.shape
    Xd, Sd, Cd, step = [], [], [], []
    for k in range(m):
        if lo is None:
            low, st = Decimal(0), Decimal(1)
        else:
            low = _dec(lo[k])
            st = 100 / (_dec(hi[k]) - low)
        members = [a for a in range(n) if present[a, k]]
        Xd.append({a: (_dec(X0[a, k]) - low) * st for a in members})
        Sd.append({a: _dec(S[a, k]) for a in members})
        Cd.append({a: _dec(C[a, k]) for a in members})
        step.append((low, st))
    return Xd, Sd, Cd, step


def exchange_arrays(X0, S, C, present, rounds=10):
    """Run the model on arrays on the 0..100 scale.

    Returns
    -------
    history : (rounds + 1, n, m) positions at the start of each round (and at the end)
    nbs, voting : (rounds + 1, m), (rounds, m) preference and voting NBS
    realised : list of (round, i_actor, i_supply, i_x, i_y, j_actor, j_supply, j_x, j_y, gain)

    Examples
    --------
    >>> import numpy as np
    >>> hist, nbs, voting, done = exchange_arrays(np.array([[0.0, 0.0], [100.0, 100.0]]),
    ...     np.array([[0.1, 0.9], [0.6, 0.5]]), np.ones((2, 2)), np.ones((2, 2), bool), rounds=1)
    >>> nbs[0].round(4).tolist()
    [85.7143, 35.7143]
    """
    X0, S, C = (np.asarray(a, float) for a in (X0, S, C))
    present = np.asarray(present, bool)
    with decimal.localcontext(CONTEXT):
        Xd, Sd, Cd, _ = _decimal_inputs(X0, S, C, present)
        hist, nbs, voting, realised = _run(Xd, Sd, Cd, rounds)
    return (_positions(hist, present.shape), np.array(nbs, float), np.array(voting, float).reshape(rounds, -1),
            [_row(rnd, r) for rnd, r in realised])


def _positions(hist, shape, step=None):
    out = np.zeros((len(hist),) + shape)
    for t, X in enumerate(hist):
        for k, xk in enumerate(X):
            for a, x in xk.items():
                out[t, a, k] = float(x if step is None else _denorm(x, step[k]))
    return out


def _denorm(x: Decimal, step) -> Decimal:
    """Decide's ``Issue.de_normalize``: back to the issue's own scale."""
    low, st = step
    return low if x == 0 else x / st + low


def _row(rnd, r):
    return (rnd, r.i.actor, r.i.supply, float(r.i.x), float(r.i.y), r.j.actor, r.j.supply, float(r.j.x),
            float(r.j.y), float(r.gain))


def exchange(inp: ForecastInput, rounds: int = 10) -> ForecastResult:
    """Forecast with the equal-gain exchange model (see the module notes).

    Parameters
    ----------
    inp : ForecastInput
    rounds : int
        Number of rounds (Decide's default: 10).

    Returns
    -------
    ForecastResult
        Tables ``nbs`` (round, issue, nbs, voting_nbs, variance) and
        ``exchanges`` (the realised exchanges).
    """
    if rounds < 0 or int(rounds) != rounds:
        raise ValueError(f"rounds must be a non-negative integer, got {rounds}")
    rounds = int(rounds)
    lo, hi = inp.bounds[:, 0], inp.bounds[:, 1]
    present = inp.present & (inp.weights() > 0)
    X = np.where(present, inp.position, 0.0)
    S = np.where(present, inp.salience, 1.0)
    C = np.where(present, inp.cap2d, 1.0)
    with decimal.localcontext(CONTEXT):
        Xd, Sd, Cd, step = _decimal_inputs(X, S, C, present, lo, hi)
        hist_d, nbs_d, voting_d, done = _run(Xd, Sd, Cd, rounds)
        positions = _positions(hist_d, present.shape, step)
        fc = np.array([[float(_denorm(v, step[k])) for k, v in enumerate(row)] for row in nbs_d]).reshape(-1, len(lo))
        vot = np.array([[float(_denorm(v, step[k])) for k, v in enumerate(row)] for row in voting_d])
        hist = _positions(hist_d, present.shape)
    realised = [_row(rnd, r) for rnd, r in done]
    positions = np.where(present[None], positions, np.nan)
    # actors with no weight on an issue keep their positions
    positions = np.where((inp.present & ~present)[None], inp.position[None], positions)
    nbs = (fc - lo) / (hi - lo) * 100.0
    issues = np.array(inp.issues, dtype=object)
    names = np.array(inp.actors, dtype=object)
    rr, ii = np.meshgrid(np.arange(rounds + 1), np.arange(inp.n_issues), indexing="ij")
    npres = present.sum(0)
    var = np.array([((np.where(present, h, 0.0) - nb[None, :]) ** 2 * present).sum(0) / np.maximum(npres, 1)
                    for h, nb in zip(hist, nbs, strict=True)])
    vot = np.vstack([vot.reshape(rounds, inp.n_issues), np.full((1, inp.n_issues), np.nan)])
    nbs_df = pd.DataFrame({"round": rr.ravel(), "issue": issues[ii.ravel()], "nbs": fc.ravel(),
                           "voting_nbs": vot.ravel(), "variance": var.ravel()})
    cols = ["round", "i_actor", "i_supply", "i_start", "i_voting", "j_actor", "j_supply", "j_start",
            "j_voting", "gain"]
    ex = pd.DataFrame(realised, columns=cols)
    for c in ("i_actor", "j_actor"):
        ex[c] = names[ex[c].to_numpy(int)] if len(ex) else ex[c]
    for c in ("i_supply", "j_supply"):
        ex[c] = issues[ex[c].to_numpy(int)] if len(ex) else ex[c]
    return ForecastResult.from_arrays("exchange", inp, positions, fc,
                                      tables={"nbs": nbs_df, "exchanges": ex},
                                      params={"rounds": rounds})
