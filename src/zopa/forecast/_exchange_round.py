"""One round of the equal-gain exchange model, in Decide's decimal arithmetic.

The engine behind :func:`zopa.forecast.exchange`.  Every quantity is a
:class:`decimal.Decimal` computed, operation by operation, in the order Decide
(foarsitter/decide-exchange-model; Stokman & Van Oosten 1994) computes it, in
Decide's context (Python's default: 28 significant digits, round half even).
That matters: the model cuts an exchange back so that an issue's NBS lands
exactly on a partner's position, and a later exchange on that issue then asks
whether the NBS has "crossed" that position.  In exact arithmetic the answer
is a tie; Decide's answer is the sign of its 28-digit round-off, and it decides
whether the exchange goes ahead (see docs/forecast/validation.md).  Binary
floating point gives other signs, and from the fourth round on other rounds.

Positions are on 0..100.  ``X[k]`` maps each actor present on issue ``k`` to
its position (in actor order: Decide sums the NBS in its file's order, and the
order fixes the round-off), ``S[k]`` and ``C[k]`` to its salience and power.

Examples
--------
>>> from decimal import Decimal as D, localcontext
>>> with localcontext(CONTEXT):     # Decide's test case: two actors at 0 and 100 on two issues
...     rnd = Round([{0: D(0), 1: D(100)}, {0: D(0), 1: D(100)}],
...                 [{0: D("0.1"), 1: D("0.6")}, {0: D("0.9"), 1: D("0.5")}],
...                 [{0: D(1), 1: D(1)}, {0: D(1), 1: D(1)}])
...     nbs = [str(rnd.nbs(k)) for k in (0, 1)]
...     done = rnd.realise()
>>> nbs                                    # 85 5/7 and 35 5/7
['85.71428571428571428571428571', '35.71428571428571428571428571']

Actor 0 moves all the way to 100 on issue 0 (the NBS shifts by 100 x 0.1/0.7);
actor 1 gives as much on issue 1 (20 points) as makes their gains equal, 5 each
(in exact arithmetic; the 28-digit value shows Decide's round-off):

>>> [(e.i.actor, e.i.supply, float(e.i.y), e.j.actor, e.j.supply, float(e.j.y)) for e in done]
[(1, 1, 80.0, 0, 0, 100.0)]
>>> str(done[0].gain)
'5.000000000000000000000000002'
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from itertools import combinations
from operator import attrgetter

__all__ = ["CONTEXT", "Round", "Side", "Exchange"]

#: Decide's arithmetic: Python's default decimal context.
CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emin=-999999, Emax=999999,
                          traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
_ZERO = Decimal(0)
_TINY = Decimal(1e-10)       # Decide compares with the float 1e-10; Decimal(float) is exact


class Side:
    """One actor's part in an exchange: it moves on ``supply``, its partner on ``demand``."""

    __slots__ = ("actor", "supply", "demand", "x", "d", "start", "move", "y", "moves")

    def __init__(self, actor: int, supply: int, demand: int, x: Decimal, d: Decimal) -> None:
        self.actor, self.supply, self.demand = actor, supply, demand
        self.x = x               # position on the supply issue (updated by realised exchanges)
        self.d = d               # position on the demand issue (fixed within the round)
        self.start = x           # position on the supply issue at the start of the round
        self.move = _ZERO
        self.y = _ZERO           # voting position on the supply issue
        self.moves: list[Decimal] = []


class Exchange:
    """An exchange between ``i`` (supplies q, demands p) and ``j`` (supplies p, demands q)."""

    __slots__ = ("i", "j", "gain", "valid", "updates")

    def __init__(self, i: Side, j: Side) -> None:
        self.i, self.j = i, j
        self.gain = _ZERO
        self.valid = True
        self.updates: dict[int, dict[int, Decimal]] = {}   # issue -> {actor: position}


class Round:
    """One round's state and rules; call inside ``decimal.localcontext(CONTEXT)``."""

    def __init__(self, X: list[dict], S: list[dict], C: list[dict]) -> None:
        self.X, self.S, self.C = X, S, C
        self.D = []
        # NBS numerators are sums in actor order; within a round every actor stands at
        # its round-start position unless an exchange's updates move it, so the terms
        # x*s*c and the running sums of the round-start positions are kept
        self.actors, self.order, self.terms, self.partial = [], [], [], []
        for k in range(len(X)):
            den = 0
            for a in X[k]:
                den += S[k][a] * C[k][a]
            self.D.append(den)
            self.actors.append(list(X[k]))
            self.order.append({a: t for t, a in enumerate(X[k])})
            self.terms.append([X[k][a] * S[k][a] * C[k][a] for a in X[k]])
            run, sums = 0, [0]
            for term in self.terms[k]:
                run += term
                sums.append(run)
            self.partial.append(sums)

    # ------------------------------------------------------------- NBS sums
    def _numerator(self, k: int, pos: dict) -> Decimal:
        """The sum of x*s*c over issue k's actors, in order, ``pos`` overriding positions.

        The same sum, term by term, as summing from scratch: it starts from the running
        sum just before the first actor ``pos`` moves.
        """
        order = self.order[k]
        first = min((order[a] for a in pos if a in order), default=len(order))
        num = self.partial[k][first]
        S, C, terms = self.S[k], self.C[k], self.terms[k]
        for t, a in enumerate(self.actors[k][first:], first):
            num += pos[a] * S[a] * C[a] if a in pos else terms[t]
        return num

    def nbs(self, k: int, updates: dict | None = None, actor: int | None = None,
            position: Decimal | None = None) -> Decimal:
        """NBS of issue k with the updates applied, then ``actor`` at ``position``."""
        if self.D[k] == 0:
            return _ZERO
        pos = dict(updates or {})
        if actor is not None:
            pos[actor] = position
        return self._numerator(k, pos) / self.D[k]

    def move_to_nbs(self, side: Side, updates: dict, target: Decimal) -> Decimal:
        """The move of ``side`` on its supply issue that puts the NBS at ``target``.

        The actor stands at its current position unless ``updates`` moved it.
        """
        k, a = side.supply, side.actor
        pos = {a: side.x, **updates}
        left = target * self.D[k] - self._numerator(k, pos)
        return left / (self.S[k][a] * self.C[k][a])

    # --------------------------------------------------------- exchange rules
    def ratio(self, side: Side, move: Decimal) -> Decimal:
        """Exchange ratio: the NBS shift of a move of ``side`` on its supply issue."""
        k, a = side.supply, side.actor
        return move * self.S[k][a] * self.C[k][a] / self.D[k]

    def move_of(self, side: Side, ratio: Decimal) -> Decimal:
        """The move of ``side`` on its supply issue that shifts the NBS by ``ratio``."""
        k, a = side.supply, side.actor
        return ratio * self.D[k] / (self.C[k][a] * self.S[k][a])

    def equal_gain(self, side: Side, other: Side, ratio: Decimal) -> Decimal:
        """``other``'s exchange ratio that gives both the same gain, given ``side``'s."""
        S = self.S
        num = S[side.supply][side.actor] + S[other.demand][other.actor]
        den = S[side.demand][side.actor] + S[other.supply][other.actor]
        return num / den * ratio

    def gain(self, side: Side, demand_ratio: Decimal, supply_ratio: Decimal) -> Decimal:
        S = self.S
        return abs(demand_ratio * S[side.supply][side.actor] - supply_ratio * S[side.demand][side.actor])

    @staticmethod
    def valid_move(side: Side, move: Decimal) -> bool:
        if abs(move) > 100 or abs(move) <= _TINY:
            return False
        if side.x + move < 0 or side.x + move > 100:
            return False
        if sum(side.moves) > 100:
            return False
        lo, hi = min(side.moves), max(side.moves)
        return (lo < 0 and hi < 0) or (lo > 0 and hi > 0)

    def check_nbs(self, e: Exchange, A: Side, P: Side) -> None:
        """Cut the exchange back if A's move carries the NBS past its partner P's position.

        The signs are those of the 28-digit differences: an NBS that an earlier cut put
        at P's position sits a round-off away from it, on one side or the other.
        """
        upd = e.updates.get(A.supply, {})
        x = P.d
        d0 = x - self.nbs(A.supply, upd, A.actor, A.x)
        d1 = x - self.nbs(A.supply, upd, A.actor, A.y)
        if (d0 >= 0 and d1 >= 0) or (d0 <= 0 and d1 <= 0):
            return
        delta = abs(self.move_to_nbs(A, upd, x))
        ra = self.ratio(A, delta)
        rp = self.equal_gain(A, P, ra)
        P.move = abs(self.move_of(P, rp))
        A.move = delta
        if P.x > A.d:
            P.move = -P.move
        if A.x > P.d:
            A.move = -A.move
        P.moves[-1] = P.move
        A.moves[-1] = A.move
        P.y = P.x + P.move
        A.y = A.x + A.move
        e.gain = self.gain(P, rp, ra)
        e.valid = self.valid_move(P, P.move) and self.valid_move(A, A.move)

    def calculate(self, e: Exchange) -> None:
        """Equal-gain moves of both actors (Stokman & Van Oosten 1994; Decide's order of steps)."""
        i, j = e.i, e.j
        # j moves all the way to i's position on p, i moves on q for the same gain ...
        dp = self.ratio(j, abs(i.d - j.x))
        dq = self.equal_gain(j, i, dp)
        i.move = self.move_of(i, dq)
        j.move = abs(i.d - j.x)
        # ... unless that carries i past j's position on q: then i moves all the way
        if abs(i.move) > abs(j.d - i.x):
            dq = self.ratio(i, abs(j.d - i.x))
            dp = self.equal_gain(i, j, dq)
            i.move = abs(j.d - i.x)
            j.move = self.move_of(j, dp)
        if i.x > j.d:
            i.move = -i.move
        if j.x > i.d:
            j.move = -j.move
        i.moves.append(i.move)
        j.moves.append(j.move)
        i.y, j.y = i.x + i.move, j.x + j.move
        e.gain = self.gain(i, dq, dp)
        e.valid = self.valid_move(i, i.move) and self.valid_move(j, j.move) and not e.gain < _TINY
        if e.valid:
            self.check_nbs(e, i, j)
            self.check_nbs(e, j, i)
            e.valid = self.valid_move(i, i.move) and self.valid_move(j, j.move)

    def recalculate(self, e: Exchange, r: Exchange) -> None:
        """Recompute e after r was realised, if they share an actor on an issue (Decide's rules)."""
        recalc = False
        for side in (e.i, e.j):
            for rs in (r.i, r.j):
                if side.actor == rs.actor and side.supply == rs.supply:
                    side.x = rs.y
                    side.moves.append(rs.moves[-1])
                    recalc = True
                    break
        if recalc:
            e.i.moves.pop()
            e.j.moves.pop()
        for mover, other in ((r.i, r.j), (r.j, r.i)):
            # other's demand issue is mover's supply issue: record mover's new position there
            if any(other.actor == s.actor and other.demand == s.demand for s in (e.j, e.i)):
                upd = e.updates.setdefault(other.demand, {})
                old = upd.get(mover.actor)
                if old is None:
                    upd[mover.actor] = mover.y
                elif mover.start <= old:
                    upd[mover.actor] = old if old < mover.y else mover.y
                else:
                    upd[mover.actor] = old if old > mover.y else mover.y
                if not recalc:
                    e.i.moves.pop()
                    e.j.moves.pop()
                    recalc = True
        if recalc:
            self.calculate(e)

    def exchanges(self) -> list[Exchange]:
        """Every exchange of the round, in the order Decide finds them (issue pairs, then actors)."""
        X, S = self.X, self.S
        nbs = [self.nbs(k) for k in range(len(X))]
        out = []
        for p, q in combinations(range(len(X)), 2):
            groups: list[list[int]] = [[], [], [], []]
            for a in X[p]:
                if a in X[q]:
                    groups[(X[p][a] <= nbs[p]) | (X[q][a] <= nbs[q]) * 2].append(a)
            for g1, g2 in ((0, 3), (1, 2)):
                for a in groups[g1]:
                    for b in groups[g2]:
                        # the actor with the larger s_p / s_q demands p and supplies q
                        ei, ej = (b, a) if S[p][a] / S[q][a] < S[p][b] / S[q][b] else (a, b)
                        e = Exchange(Side(ei, q, p, X[q][ei], X[p][ei]), Side(ej, p, q, X[p][ej], X[q][ej]))
                        self.calculate(e)
                        out.append(e)
        return out

    def realise(self) -> list[Exchange]:
        """Realise exchanges highest gain first (ties: first found first), recomputing the rest."""
        ex = self.exchanges()
        done = []
        while ex:
            ex.sort(key=attrgetter("gain"), reverse=True)      # stable: ties keep their order
            r = ex.pop(0)
            if not r.valid:
                continue
            keep, touched = [], (r.i.actor, r.j.actor)
            for e in ex:
                if e.valid:
                    # only exchanges of the same actors can share an actor and issue with r
                    if e.i.actor in touched or e.j.actor in touched:
                        self.recalculate(e, r)
                    if e.valid:
                        keep.append(e)
            ex = keep
            done.append(r)
        return done
