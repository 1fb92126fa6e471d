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
   position is cut back to reach it exactly.
4. Exchanges are realised highest gain first; after each one, the exchanges
   sharing an actor and issue with it are recomputed from the new positions
   (and dropped when a move would change direction, leave 0..100, or vanish).
5. Each realised exchange leaves its actors at voting positions y; the next
   round starts from :math:`x' = (1-s)\\,0.4\\,y + 0.1\\,y + (1 - 0.4(1-s) - 0.1)\\,x`.

``rounds`` rounds are run (Decide: 10).  The forecast is the NBS of the
positions after the last round.  Ties in gain are broken by the order the
exchanges were found in (Decide with ``ALLOW_RANDOM = False``).

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

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from zopa.forecast.data import ForecastInput
from zopa.forecast.result import ForecastResult

__all__ = ["exchange", "exchange_arrays"]

SALIENCE_WEIGHT = 0.4
FIXED_WEIGHT = 0.1


@dataclass
class _Side:
    actor: int
    supply: int              # issue this actor moves on
    demand: int              # issue the partner moves on
    x: float                 # current position on the supply issue
    d: float                 # position on the demand issue (fixed within the round)
    start: float
    move: float = 0.0
    y: float = 0.0
    moves: list = field(default_factory=list)


@dataclass
class _Exchange:
    i: _Side
    j: _Side
    gain: float = 0.0
    valid: bool = True
    updates: dict = field(default_factory=dict)      # issue -> {actor: position}
    order: int = 0


class _Round:
    """One round's state: positions X (0..100), saliences S, powers C, presence."""

    def __init__(self, X, S, C, present):
        self.X, self.S, self.C, self.present = X, S, C, present
        self.W = np.where(present, S * C, 0.0)
        self.D = self.W.sum(0)

    # NBS of issue k with some positions replaced
    def nbs_with(self, k, updates, actor=None, position=None):
        x = np.where(self.present[:, k], self.X[:, k], 0.0).copy()
        for a, v in updates.get(k, {}).items():
            x[a] = v
        if actor is not None:
            x[actor] = position
        return float((self.W[:, k] * x).sum() / self.D[k]) if self.D[k] > 0 else 0.0

    def valid_move(self, side, move):
        if abs(move) > 100 or abs(move) <= 1e-10:
            return False
        if side.x + move < -1e-9 or side.x + move > 100 + 1e-9:     # round-off at the bounds
            return False
        if sum(side.moves) > 100:
            return False
        lo, hi = min(side.moves), max(side.moves)
        return (lo < 0 and hi < 0) or (lo > 0 and hi > 0)

    def ratio_to_move(self, side, ratio):
        a, k = side.actor, side.supply
        return ratio * self.D[k] / (self.C[a, k] * self.S[a, k])

    def equal_gain_ratio(self, a_side, o_side, ratio):
        """Partner's exchange ratio that equalises the gains, given a_side's ratio."""
        S = self.S
        num = S[a_side.actor, a_side.supply] + S[o_side.actor, o_side.demand]
        den = S[a_side.actor, a_side.demand] + S[o_side.actor, o_side.supply]
        return num / den * ratio

    def check_nbs(self, e, A, P):
        """Cut A's move back if it would carry the NBS past its partner P's position."""
        nbs0 = self.nbs_with(A.supply, e.updates, A.actor, A.x)
        nbs1 = self.nbs_with(A.supply, e.updates, A.actor, A.y)
        x = P.d
        d0 = 0.0 if abs(x - nbs0) < 1e-9 else x - nbs0
        d1 = 0.0 if abs(x - nbs1) < 1e-9 else x - nbs1
        if d0 == 0.0:
            # the NBS already sits at x (an earlier exchange was cut to put it there):
            # any move pushes it past x, so the move is cut to nothing
            if d1 == 0.0:
                return
        elif (d0 >= 0 and d1 >= 0) or (d0 <= 0 and d1 <= 0):
            return
        # the move of A that puts the NBS exactly at x (A's updated position counts if any)
        pos_a = e.updates.get(A.supply, {}).get(A.actor, A.x)
        cur = self.nbs_with(A.supply, {A.supply: {**e.updates.get(A.supply, {}), A.actor: pos_a}})
        k, a = A.supply, A.actor
        delta = abs(self.D[k] * (x - cur) / (self.S[a, k] * self.C[a, k]))
        ra = delta * self.S[a, k] * self.C[a, k] / self.D[k]
        ro = self.equal_gain_ratio(A, P, ra)
        P.move = abs(self.ratio_to_move(P, ro))
        A.move = delta
        if P.x > A.d:
            P.move = -P.move
        if A.x > P.d:
            A.move = -A.move
        P.moves.pop()
        A.moves.pop()
        P.moves.append(P.move)
        A.moves.append(A.move)
        P.y = P.x + P.move
        A.y = A.x + A.move
        S = self.S
        e.gain = abs(ro * S[P.actor, P.supply] - ra * S[P.actor, P.demand])

    def calculate(self, e):
        i, j, S, C, D = e.i, e.j, self.S, self.C, self.D
        p, q = j.supply, i.supply
        dp = abs(i.d - j.x) * S[j.actor, p] * C[j.actor, p] / D[p]
        dq = self.equal_gain_ratio(j, i, dp)
        i.move = self.ratio_to_move(i, dq)
        j.move = abs(i.d - j.x)
        if abs(i.move) > abs(j.d - i.x):
            dq = abs(j.d - i.x) * S[i.actor, q] * C[i.actor, q] / D[q]
            dp = self.equal_gain_ratio(i, j, dq)
            i.move = abs(j.d - i.x)
            j.move = self.ratio_to_move(j, dp)
        if i.x > j.d:
            i.move = -i.move
        if j.x > i.d:
            j.move = -j.move
        i.moves.append(i.move)
        j.moves.append(j.move)
        i.y, j.y = i.x + i.move, j.x + j.move
        e.gain = abs(dq * S[i.actor, q] - dp * S[i.actor, p])
        e.valid = self.valid_move(i, i.move) and self.valid_move(j, j.move) and e.gain >= 1e-10
        if e.valid:
            self.check_nbs(e, i, j)
            self.check_nbs(e, j, i)
            e.valid = self.valid_move(i, i.move) and self.valid_move(j, j.move)

    def recalculate(self, e, r):
        """Recompute exchange e after r was realised (Decide's rules)."""
        inv_i = inv_j = False
        for side in (e.i, e.j):
            for rs in (r.i, r.j):
                if side.actor == rs.actor and side.supply == rs.supply:
                    side.x = rs.y
                    side.moves.append(rs.moves[-1])
                    if side is e.i:
                        inv_i = True
                    else:
                        inv_j = True
                    break
        recalc = inv_i or inv_j
        if recalc:
            e.i.moves.pop()
            e.j.moves.pop()
        for mover, other in ((r.i, r.j), (r.j, r.i)):
            # other's demand issue is mover's supply issue: record mover's new position there
            if any(other.actor == s.actor and other.demand == s.demand for s in (e.j, e.i)):
                upd = e.updates.setdefault(other.demand, {})
                if mover.actor in upd:
                    old = upd[mover.actor]
                    if mover.start <= old:
                        upd[mover.actor] = old if old < mover.y else mover.y
                    else:
                        upd[mover.actor] = old if old > mover.y else mover.y
                else:
                    upd[mover.actor] = mover.y
                if not recalc:
                    e.i.moves.pop()
                    e.j.moves.pop()
                    recalc = True
        if recalc:
            self.calculate(e)

    def exchanges(self, order):
        X, S, present = self.X, self.S, self.present
        nbs = np.array([self.nbs_with(k, {}) for k in range(X.shape[1])])
        left = X <= nbs[None, :]
        out = []
        for p, q in combinations(order, 2):
            both = present[:, p] & present[:, q]
            grp = np.where(both, left[:, p].astype(int) | (left[:, q].astype(int) * 2), -1)
            for g1, g2 in ((0, 3), (1, 2)):
                for a in np.flatnonzero(grp == g1):
                    for b in np.flatnonzero(grp == g2):
                        # the actor with the larger s_p / s_q demands p and supplies q
                        ei, ej = (b, a) if S[a, p] / S[a, q] < S[b, p] / S[b, q] else (a, b)
                        e = _Exchange(_Side(ei, q, p, X[ei, q], X[ei, p], X[ei, q]),
                                      _Side(ej, p, q, X[ej, p], X[ej, q], X[ej, p]), order=len(out))
                        self.calculate(e)
                        out.append(e)
        return out


def exchange_arrays(X0, S, C, present, rounds=10):
    """Run the model on arrays on the 0..100 scale.

    Returns
    -------
    history : (rounds + 1, n, m) positions at the start of each round (and at the end)
    nbs, voting : (rounds + 1, m), (rounds, m) preference and voting NBS
    realised : list of (round, i_actor, i_supply, i_x, i_y, j_actor, j_supply, j_x, j_y, gain)
    """
    X = np.where(present, np.asarray(X0, float), 0.0)
    m = X.shape[1]
    order = list(range(m))
    hist, nbs_hist, voting, realised = [X.copy()], [], [], []
    for rnd in range(rounds):
        st = _Round(X.copy(), S, C, present)
        nbs_hist.append([st.nbs_with(k, {}) for k in range(m)])
        ex = st.exchanges(order)
        done = []
        while ex:
            # gains equal in exact arithmetic may differ in the last bits of a float:
            # compare them to 12 significant digits, so ties keep the list order as in Decide
            ex.sort(key=lambda e: float(f"{e.gain:.12g}"), reverse=True)
            r = ex.pop(0)
            if not r.valid:
                continue
            keep = []
            for e in ex:
                if e.valid:
                    st.recalculate(e, r)
                    if e.valid:
                        keep.append(e)
            ex = keep
            done.append(r)
            realised.append((rnd, r.i.actor, r.i.supply, r.i.x, r.i.y, r.j.actor, r.j.supply, r.j.x, r.j.y, r.gain))
        Xv = X.copy()
        for r in done:
            for s in (r.i, r.j):
                Xv[s.actor, s.supply] = s.y
        voting.append([_Round(Xv, S, C, present).nbs_with(k, {}) for k in range(m)])
        Xn = Xv.copy()
        for r in done:
            for s in (r.i, r.j):
                sal = S[s.actor, s.supply]
                Xn[s.actor, s.supply] = ((1 - sal) * SALIENCE_WEIGHT * s.y + FIXED_WEIGHT * s.y
                                         + (1 - (1 - sal) * SALIENCE_WEIGHT - FIXED_WEIGHT) * s.start)
        X = Xn
        hist.append(X.copy())
    nbs_hist.append([_Round(X, S, C, present).nbs_with(k, {}) for k in range(m)])
    return np.array(hist), np.array(nbs_hist), np.array(voting).reshape(rounds, m), realised


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
    X = np.where(present, (inp.position - lo) / (hi - lo) * 100.0, 0.0)
    S = np.where(present, inp.salience, 1.0)
    C = np.where(present, inp.cap2d, 1.0)
    hist, nbs, voting, realised = exchange_arrays(X, S, C, present, rounds)
    scale = (hi - lo) / 100.0
    positions = np.where(inp.present[None], lo + hist * scale, np.nan)
    # actors with no weight on an issue keep their positions
    positions = np.where((inp.present & ~present)[None], inp.position[None], positions)
    fc = lo + nbs * scale
    issues = np.array(inp.issues, dtype=object)
    names = np.array(inp.actors, dtype=object)
    rr, ii = np.meshgrid(np.arange(rounds + 1), np.arange(inp.n_issues), indexing="ij")
    npres = present.sum(0)
    var = np.array([((np.where(present, h, 0.0) - nb[None, :]) ** 2 * present).sum(0) / np.maximum(npres, 1)
                    for h, nb in zip(hist, nbs, strict=True)])
    vot = np.vstack([lo + voting * scale, np.full((1, inp.n_issues), np.nan)])
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
