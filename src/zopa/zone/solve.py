"""Values of fighting on, the zone of agreement and the bargaining equilibrium, month by month.

All arrays carry a leading world axis W, so one call solves many worlds (a sweep batch).

**War values.** Fighting is a flow (Powell 2004, 2006): each month principal *a* gets the
utility of the outcome the battlefield would impose now, ``war_flow_a(s)``, less its
monthly cost ``c_a(t)``. In per-month units its value of fighting on for ever is

.. math:: V_a(t, s) = (1 - \\delta_a)(w_a(s) - c_a(t)) + \\delta_a E[V_a(t+1, s') \\mid s],

with ``V_a(H, s) = w_a(s) - c_a(H)`` after the horizon (the front and the costs stay as they are).
A deal giving utility *u* is worth *u* per month, so the zone of agreement at (t, s) is the set
of outcomes with ``U_a(x) >= V_a(t, s)`` for both principals (Fearon 1995, in many issues).

**Bargaining.** Each month one principal proposes a point of the Pareto frontier and the other
accepts or rejects (Rubinstein 1982); the proposer is drawn at random each month
(``protocol="random"``, Binmore 1987) or alternates (``"alternating"``). A rejected offer means
another month of fighting (``talks="fighting"``, the inside option is the war flow) or of waiting
with nothing (``"pause"``, the textbook set-up); talks break down for good with probability ``q``
a month; either side may walk out to war at any time (its outside option, Binmore, Shaked &
Sutton 1989). Solved by backward induction from the horizon, where talks end.

**Propagation.** The distribution of the battlefield state moves forward by the same transition
matrices, giving exact probabilities (no Monte Carlo noise) that the zone is open, that it has
opened, and that a deal has been struck by each month.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass

import numpy as np

from zopa.zone import markov
from zopa.zone.frontier import Frontier
from zopa.zone.inputs import ZoneInputs

__all__ = ["ZoneSolution", "solve", "transitions"]

STATIONARY_MAX_ITER = 20_000
BISECTION_WIDTH = 1e-14  # the stationary root's bracket when bisection stops (was: 64 halvings, ~1e-16)


@dataclass(frozen=True)
class ZoneSolution:
    """The solved zone analysis for W worlds.

    Attributes
    ----------
    war_value : ndarray (W, 2, H+1, n)
        Each principal's value of fighting on, per month and state.
    value : ndarray (W, 2, H+1, n)
        Each principal's equilibrium value of bargaining from month t in state s.
    deal : ndarray (W, H+1, n)
        Probability that the equilibrium strikes a deal at (t, s).
    open : ndarray of bool (W, H+1, n)
        Whether the zone of agreement is non-empty at (t, s).
    agreement : ndarray (W, 2, H+1, n)
        Utilities of the equilibrium agreement at (t, s) where one is struck (proposer-averaged).
    dist : ndarray (W, H+1, n)
        Distribution of the battlefield state each month.
    """

    war_value: np.ndarray
    value: np.ndarray
    deal: np.ndarray
    open: np.ndarray
    agreement: np.ndarray
    dist: np.ndarray


_TRANSITIONS: dict[int, tuple[weakref.ref, list[np.ndarray]]] = {}


def transitions(inp: ZoneInputs, talks: str = "fighting") -> list[np.ndarray]:
    """The transition matrices of each month (reusing one while drift and volatility are unchanged).

    The matrices of the last inputs solved are remembered while those inputs live, so that the
    metrics of a batch (:mod:`zopa.zone.metrics`) do not rebuild what :func:`solve` built.
    """
    W, H = inp.mu.shape
    n = inp.states.shape[1]
    if talks == "pause":
        eye = np.broadcast_to(np.eye(n), (W, n, n))
        return [eye] * H
    hit = _TRANSITIONS.get(id(inp))
    if hit is not None and hit[0]() is inp:
        return list(hit[1])
    out: list[np.ndarray] = []
    for t in range(H):
        if t > 0 and np.array_equal(inp.mu[:, t], inp.mu[:, t - 1]) and np.array_equal(inp.sigma[:, t], inp.sigma[:, t - 1]):
            out.append(out[-1])
        else:
            out.append(markov.transition(inp.states, inp.mu[:, t], inp.sigma[:, t]))
    key = id(inp)
    _TRANSITIONS[key] = (weakref.ref(inp), out)
    weakref.finalize(inp, _TRANSITIONS.pop, key, None)
    return list(out)


def _transposed(Ps: list[np.ndarray]) -> list[np.ndarray]:
    """Each month's transition matrix transposed into C order (one copy per distinct matrix):
    ``x @ P^T`` with a contiguous right operand is several times faster for small grids."""
    seen: dict[int, np.ndarray] = {}
    out = []
    for P in Ps:
        k = id(P)
        if k not in seen:
            seen[k] = np.ascontiguousarray(P.transpose(0, 2, 1))
        out.append(seen[k])
    return out


def solve(
    inp: ZoneInputs,
    frontier: Frontier,
    *,
    protocol: str = "random",
    first: int = 0,
    talks: str = "fighting",
    q: float = 0.0,
    after: str = "stationary",
) -> ZoneSolution:
    """Solve war values, the zone and the bargaining equilibrium for every world and month.

    ``after`` is what happens after the horizon: ``"stationary"`` (the default: the front and
    the costs stay as at the horizon and bargaining goes on for ever, solved to its stationary
    equilibrium), ``"war"`` (talks end; each side gets its value of fighting on) or
    ``"nothing"`` (talks end with 0 for both: the deadline game of Stahl 1972 /
    Osborne & Rubinstein 1990 §3.10).

    The two backward inductions (values of fighting on, then of bargaining) share each month's
    transition matrix, so when the war goes on during talks they run in one pass: one batched
    product per month gives both expectations.
    """
    if protocol not in {"random", "alternating"}:
        raise ValueError(f"protocol must be 'random' or 'alternating', got {protocol!r}")
    if talks not in {"fighting", "pause"}:
        raise ValueError(f"talks must be 'fighting' or 'pause', got {talks!r}")
    if after not in {"stationary", "war", "nothing"}:
        raise ValueError(f"after must be 'stationary', 'war' or 'nothing', got {after!r}")
    if not 0.0 <= q <= 1.0:
        raise ValueError(f"q (monthly breakdown of talks) must be in [0, 1], got {q}")
    W, H = inp.mu.shape
    n = inp.states.shape[1]
    Ps = transitions(inp, "fighting")
    PT = _transposed(Ps)
    d = inp.delta[:, :, None]  # (W, 2, 1)
    omd = 1 - d
    fused = talks == "fighting"

    def flow(t: int) -> np.ndarray:  # the war's flow payoff at month t, (W, 2, n)
        return inp.war_flow - inp.cost[:, :, t, None]

    # month-major work arrays (each month's slice contiguous): values of fighting on in VG[t, :, :2],
    # of bargaining in VG[t, :, 2:], so that one product a month gives the expectations of both
    VG = np.empty((H + 1, W, 4, n))
    deal_t = np.empty((H + 1, W, n))  # every month is written below
    agree_t = np.empty((H + 1, W, 2, n))
    VG[H, :, :2] = flow(H)
    if not fused:
        for t in range(H - 1, -1, -1):
            VG[t, :, :2] = omd * flow(t) + d * np.matmul(VG[t + 1, :, :2], PT[t])

    def step(t: int, e_next: np.ndarray, v_t: np.ndarray, inside: np.ndarray, out=None):
        """Month t's equilibrium given ``e_next``, the expectation of next month's continuation, and
        ``inside``, (1 - delta) times the payoff of a month of talks (written into ``out`` if given
        and the protocol allows)."""
        cont = inside + d * e_next
        res = np.maximum(cont, v_t)  # what each side can guarantee itself by rejecting
        if protocol == "random":
            return _random_proposer(frontier, cont, res, v_t, out)
        p = (first + t) % 2
        r = 1 - p
        got = frontier.u1_given_u2(res[:, 1]) if p == 0 else frontier.u2_given_u1(res[:, 0])
        ok = got >= res[:, p] - 1e-12
        war = (v_t[:, 0] > cont[:, 0]) | (v_t[:, 1] > cont[:, 1])  # someone prefers to walk out if no deal
        fallback = np.where(war[:, None, :], v_t, cont)
        g = np.empty((W, 2, n))
        a = np.empty((W, 2, n))
        g[:, p] = np.where(ok, got, fallback[:, p])
        g[:, r] = np.where(ok, res[:, r], fallback[:, r])
        a[:, p], a[:, r] = got, res[:, r]
        return g, ok.astype(float), np.where(ok[:, None], a, np.nan)

    def inside(t: int) -> np.ndarray:
        return omd * flow(t) if fused else np.zeros((W, 2, n))

    V_H = VG[H, :, :2]
    if after in ("war", "nothing"):
        VG[H, :, 2:] = V_H if after == "war" else 0.0
        deal_t[H], agree_t[H] = 0.0, np.nan
    elif protocol == "random" and talks == "fighting" and q == 0.0:
        VG[H, :, 2:], deal_t[H], agree_t[H] = _stationary_random(V_H.copy(), inp.delta, frontier)
    else:  # stationary: after the horizon the front and costs stay; bargaining goes on for ever
        g = V_H.copy()
        done = np.zeros(W, dtype=bool)  # each world stops at its own convergence: batch-invariant
        k = np.zeros((W, n))
        a = np.full((W, 2, n), np.nan)
        in_H = inside(H)
        for _ in range(STATIONARY_MAX_ITER):
            nxt = (1 - q) * g + q * V_H
            g_new, k_new, a_new = step(H, nxt, V_H, in_H)  # the state is frozen: E[x] = x
            moving = ~done
            k[moving], a[moving] = k_new[moving], a_new[moving]
            change = np.abs(g_new - g).reshape(W, -1).max(axis=1)
            g[moving] = g_new[moving]
            done |= change < 1e-12
            if done.all():
                break
        VG[H, :, 2:], deal_t[H], agree_t[H] = g, k, a
    for t in range(H - 1, -1, -1):
        nxt = VG[t + 1, :, 2:] if q == 0.0 else (1 - q) * VG[t + 1, :, 2:] + q * VG[t + 1, :, :2]
        in_t = inside(t)
        if fused:
            if q == 0.0:
                e = np.matmul(VG[t + 1], PT[t])
            else:
                e = np.matmul(np.concatenate([VG[t + 1, :, :2], nxt], axis=1), PT[t])
            np.multiply(d, e[:, :2], out=VG[t, :, :2])
            VG[t, :, :2] += in_t  # (1 - delta) * flow + delta * E[V(t+1)]
            e_next = e[:, 2:]
        else:
            e_next = nxt  # talks pause the war: the state does not move
        out = (VG[t, :, 2:], deal_t[t], agree_t[t])
        for dst, src in zip(out, step(t, e_next, VG[t, :, :2], in_t, out), strict=True):
            if src is not dst:
                dst[...] = src

    V = VG[:, :, :2].transpose(1, 2, 0, 3)  # (W, 2, H+1, n) views of the month-major arrays
    G = VG[:, :, 2:].transpose(1, 2, 0, 3)
    deal = deal_t.transpose(1, 0, 2)
    agree = agree_t.transpose(1, 2, 0, 3)
    is_open = frontier.open(V[:, 0], V[:, 1])  # (W, H+1, n)
    dist = np.zeros((W, H + 1, n))
    h = inp.states[:, 1] - inp.states[:, 0]
    pos = np.clip((inp.s0 - inp.states[:, 0]) / h, 0, n - 1)
    lo = np.clip(np.floor(pos).astype(int), 0, n - 2)
    frac = pos - lo
    dist[np.arange(W), 0, lo] = 1 - frac
    dist[np.arange(W), 0, lo + 1] += frac
    for t in range(H):
        nxt = markov.propagate(Ps[t], dist[:, t])
        dist[:, t + 1] = nxt / nxt.sum(axis=1, keepdims=True)  # keep the mass exactly 1
    return ZoneSolution(V, G, deal, is_open, agree, dist)


def _offers(got1, ok1, got2, ok2, res0, res1, fb0, fb1):
    """Sums over the two proposers of each side's payoff (``g``) and of the agreed utilities
    (``a``), and the number of proposers whose offer is accepted (``k``)."""
    g0 = np.where(ok1, got1, fb0) + np.where(ok2, res0, fb0)
    g1 = np.where(ok1, res1, fb1) + np.where(ok2, got2, fb1)
    a0 = np.where(ok1, got1, 0.0) + np.where(ok2, res0, 0.0)
    a1 = np.where(ok1, res1, 0.0) + np.where(ok2, got2, 0.0)
    return g0, g1, a0, a1, ok1 + ok2.astype(float)


def _random_proposer(frontier: Frontier, cont: np.ndarray, res: np.ndarray, v: np.ndarray, out=None):
    """One month of the random-proposer game, (W, 2, n) arrays: each side proposes half the time
    and offers the other its continuation ``res``; a rejected offer means ``cont``, or war for both
    if someone prefers to walk out (``v``). Returns each side's value, the probability of a deal
    and the agreed utilities (NaN where no deal), in the arrays ``out`` if given."""
    got1 = frontier.u1_given_u2(res[:, 1])  # principal 1 proposes
    ok1 = got1 >= res[:, 0] - 1e-12
    got2 = frontier.u2_given_u1(res[:, 0])  # principal 2 proposes
    ok2 = got2 >= res[:, 1] - 1e-12
    # where both offers are accepted (almost everywhere) the sums need no fallback
    g, deal, agreement = out if out is not None else (np.empty_like(res), np.empty(ok1.shape), np.empty_like(res))
    np.add(got1, res[:, 0], out=g[:, 0])
    np.add(res[:, 1], got2, out=g[:, 1])
    g /= 2
    agreement[...] = g
    deal.fill(1.0)
    bad = ~(ok1 & ok2)
    if bad.any():
        w, s = np.nonzero(bad)
        c, r, vv = cont[w, :, s], res[w, :, s], v[w, :, s]  # (m, 2)
        war = (vv[:, 0] > c[:, 0]) | (vv[:, 1] > c[:, 1])  # someone prefers to walk out if no deal
        fb = np.where(war[:, None], vv, c)
        g0, g1, a0, a1, k = _offers(got1[w, s], ok1[w, s], got2[w, s], ok2[w, s], r[:, 0], r[:, 1], fb[:, 0], fb[:, 1])
        g[w, 0, s], g[w, 1, s] = g0 / 2, g1 / 2
        with np.errstate(invalid="ignore", divide="ignore"):
            kk = np.maximum(k, 1)
            agreement[w, 0, s] = np.where(k > 0, a0 / kk, np.nan)
            agreement[w, 1, s] = np.where(k > 0, a1 / kk, np.nan)
        deal[w, s] = k / 2
    return g, deal, agreement


def _stationary_random(V: np.ndarray, delta: np.ndarray, frontier: Frontier):
    """The stationary random-proposer equilibrium with the war going on during talks, in closed
    form up to a one-dimensional root (solved by bisection; vectorised over worlds and states).

    With the state frozen, each side's continuation is ``R_a = (1 - d_a) V_a + d_a G_a`` and
    ``G_a = (F_a(R_b) + R_a) / 2`` (proposer half the time), so
    ``G_a = (F_a(R_b) + (1 - d_a) V_a) / (2 - d_a)``: a contraction in ``G_1``. Where the zone is
    closed there is never a deal and each side gets its value of fighting on.
    """
    W, _, n = V.shape
    v1, v2 = V[:, 0], V[:, 1]
    is_open = frontier.open(v1, v2)
    # the root is solved where the zone is open only (elsewhere each side gets its value of fighting on)
    d1 = np.broadcast_to(delta[:, 0, None], (W, n))[is_open]
    d2 = np.broadcast_to(delta[:, 1, None], (W, n))[is_open]
    w1, w2 = v1[is_open], v2[is_open]
    c1, c2 = (1 - d1) * w1, (1 - d2) * w2
    e1, e2 = 2 - d1, 2 - d2

    def image(g1, i=slice(None)):
        g2 = (frontier.u2_given_u1(c1[i] + d1[i] * g1) + c2[i]) / e2[i]
        return (frontier.u1_given_u2(c2[i] + d2[i] * g2) + c1[i]) / e1[i], g2

    # the root lies below u1_max (image(u1_max) <= u1_max as w1 <= u1_max), where the frontier is finite
    g1 = _root(lambda g, i: image(g, i)[0] - g, np.minimum(w1, 0.0) - 1.0, np.full_like(w1, frontier.u1_max))
    G = np.stack([v1, v2], axis=1)
    G[:, 0][is_open] = g1
    G[:, 1][is_open] = image(g1)[1]
    deal = is_open.astype(float)
    agree = np.where(is_open[:, None], G, np.nan)
    return G, deal, agree


def _root(f, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Roots of the decreasing functions ``f(x, idx)`` (the elements ``idx`` of a vectorised
    function at ``x``) bracketed by ``f(lo) >= 0 >= f(hi)``:
    regula falsi with the Illinois rule (Dowell & Jarratt 1971), which converges superlinearly where
    bisection needs some 48 halvings for this precision; an element is done once its bracket is
    narrower than BISECTION_WIDTH or its value is within 1e-15 of zero.

    >>> c = np.array([2.0, 3.0])
    >>> r = _root(lambda x, i: c[i] - x * x, np.zeros(2), np.full(2, 2.0))
    >>> bool(np.allclose(r, np.sqrt(c), rtol=0, atol=1e-14))
    True
    """
    x = 0.5 * (lo + hi)
    if not x.size:
        return x
    every = np.arange(x.size)
    flo, fhi = f(lo, every), f(hi, every)
    out = np.where(fhi >= 0, hi, np.where(flo <= 0, lo, np.nan))  # an end that is the root itself
    todo = np.flatnonzero(np.isnan(out))
    lo, hi, flo, fhi = lo[todo], hi[todo], flo[todo], fhi[todo]
    side = np.zeros(todo.shape, np.int8)  # which end moved last: +1 lo, -1 hi
    for _ in range(100):
        if not todo.size:
            break
        mid = 0.5 * (lo + hi)
        x = lo + (hi - lo) * (flo / (flo - fhi))  # the secant through the bracket's ends
        x = np.where((x > lo) & (x < hi), x, mid)  # bisection where it would leave the bracket
        fx = f(x, todo)
        up = fx >= 0
        # Illinois: halve the value at the end that stays put twice running
        fhi = np.where(up & (side == 1), 0.5 * fhi, fhi)
        flo = np.where(~up & (side == -1), 0.5 * flo, flo)
        lo, flo = np.where(up, x, lo), np.where(up, fx, flo)
        hi, fhi = np.where(up, hi, x), np.where(up, fhi, fx)
        side = np.where(up, 1, -1).astype(np.int8)
        done = (hi - lo <= BISECTION_WIDTH) | (np.abs(fx) <= 1e-15)
        out[todo[done]] = x[done]
        keep = ~done
        todo, lo, hi, flo, fhi, side = todo[keep], lo[keep], hi[keep], flo[keep], fhi[keep], side[keep]
    out[todo] = 0.5 * (lo + hi)
    return out


def first_passage(sol: ZoneSolution, event: np.ndarray, transitions_: list[np.ndarray]) -> np.ndarray:
    """Probability that ``event`` (W, H+1, n), a probability per (t, s), has happened by each month.

    Mass that has not yet seen the event moves with the battlefield: the exact analogue of
    counting Monte Carlo paths whose first event came at or before month t.
    """
    W, H1, n = event.shape
    alive = sol.dist[:, 0].copy()
    out = np.zeros((W, H1))
    for t in range(H1):
        hit = (alive * event[:, t]).sum(axis=1)
        out[:, t] = (out[:, t - 1] if t else 0.0) + hit
        if t < H1 - 1:
            alive = markov.propagate(transitions_[t], alive * (1 - event[:, t]))
    return np.clip(out, 0.0, 1.0)
