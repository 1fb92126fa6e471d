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

from dataclasses import dataclass

import numpy as np

from zopa.zone import markov
from zopa.zone.frontier import Frontier
from zopa.zone.inputs import ZoneInputs

__all__ = ["ZoneSolution", "solve", "transitions"]

STATIONARY_MAX_ITER = 20_000


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


def transitions(inp: ZoneInputs, talks: str = "fighting") -> list[np.ndarray]:
    """The transition matrices of each month (reusing one while drift and volatility are unchanged)."""
    W, H = inp.mu.shape
    n = inp.states.shape[1]
    if talks == "pause":
        eye = np.broadcast_to(np.eye(n), (W, n, n))
        return [eye] * H
    out: list[np.ndarray] = []
    for t in range(H):
        if t > 0 and np.array_equal(inp.mu[:, t], inp.mu[:, t - 1]) and np.array_equal(inp.sigma[:, t], inp.sigma[:, t - 1]):
            out.append(out[-1])
        else:
            out.append(markov.transition(inp.states, inp.mu[:, t], inp.sigma[:, t]))
    return out


def _offer(frontier: Frontier, proposer: int, need_resp: np.ndarray) -> np.ndarray:
    """The proposer's utility when it gives the responder ``need_resp``."""
    return frontier.u2_given_u1(need_resp) if proposer == 1 else frontier.u1_given_u2(need_resp)


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
    Pt = Ps if talks == "fighting" else transitions(inp, "pause")
    d = inp.delta[:, :, None]  # (W, 2, 1)
    flow = inp.war_flow[:, :, None, :] - inp.cost[:, :, :, None]  # (W, 2, H+1, n)

    V = np.empty((W, 2, H + 1, n))
    V[:, :, H] = flow[:, :, H]
    for t in range(H - 1, -1, -1):
        V[:, :, t] = (1 - d) * flow[:, :, t] + d * markov.expect(Ps[t], V[:, :, t + 1])

    is_open = frontier.open(V[:, 0], V[:, 1])  # (W, H+1, n)
    G = np.empty((W, 2, H + 1, n))
    deal = np.zeros((W, H + 1, n))
    agree = np.full((W, 2, H + 1, n), np.nan)
    inside = flow if talks == "fighting" else np.zeros_like(flow)
    proposers_of = (lambda t: (0, 1)) if protocol == "random" else (lambda t: ((first + t) % 2,))

    def step(t: int, g_next: np.ndarray, P: np.ndarray, v_next: np.ndarray):
        nxt = (1 - q) * g_next + q * v_next
        cont = (1 - d) * inside[:, :, t] + d * markov.expect(P, nxt)
        res = np.maximum(cont, V[:, :, t])  # what each side can guarantee itself by rejecting
        war = (V[:, :, t] > cont).any(axis=1)  # someone prefers to walk out if no deal
        fallback = np.where(war[:, None, :], V[:, :, t], cont)
        g_sum = np.zeros((W, 2, n))
        a_sum = np.zeros((W, 2, n))
        k_sum = np.zeros((W, n))
        props = proposers_of(t)
        for p in props:
            r = 1 - p
            got = _offer(frontier, p, res[:, r])
            ok = got >= res[:, p] - 1e-12
            g = np.empty((W, 2, n))
            g[:, p] = np.where(ok, got, fallback[:, p])
            g[:, r] = np.where(ok, res[:, r], fallback[:, r])
            g_sum += g
            a = np.empty((W, 2, n))
            a[:, p], a[:, r] = np.where(ok, got, 0.0), np.where(ok, res[:, r], 0.0)
            a_sum += a
            k_sum += ok
        m = len(props)
        with np.errstate(invalid="ignore", divide="ignore"):
            agreement = np.where(k_sum[:, None] > 0, a_sum / np.maximum(k_sum[:, None], 1), np.nan)
        return g_sum / m, k_sum / m, agreement

    if after == "war":
        G[:, :, H] = V[:, :, H]
    elif after == "nothing":
        G[:, :, H] = 0.0
    elif protocol == "random" and talks == "fighting" and q == 0.0:
        G[:, :, H], deal[:, H], agree[:, :, H] = _stationary_random(V[:, :, H], inp.delta, frontier)
    else:  # stationary: after the horizon the front and costs stay; bargaining goes on for ever
        eye = np.broadcast_to(np.eye(n), (W, n, n))
        g = V[:, :, H].copy()
        done = np.zeros(W, dtype=bool)  # each world stops at its own convergence: batch-invariant
        k = np.zeros((W, n))
        a = np.full((W, 2, n), np.nan)
        for _ in range(STATIONARY_MAX_ITER):
            g_new, k_new, a_new = step(H, g, eye, V[:, :, H])
            moving = ~done
            k[moving], a[moving] = k_new[moving], a_new[moving]
            change = np.abs(g_new - g).reshape(W, -1).max(axis=1)
            g[moving] = g_new[moving]
            done |= change < 1e-12
            if done.all():
                break
        G[:, :, H], deal[:, H], agree[:, :, H] = g, k, a
    for t in range(H - 1, -1, -1):
        G[:, :, t], deal[:, t], agree[:, :, t] = step(t, G[:, :, t + 1], Pt[t], V[:, :, t + 1])

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
    d1, d2 = delta[:, 0, None], delta[:, 1, None]

    def image(g1):
        r1 = (1 - d1) * v1 + d1 * g1
        g2 = (frontier.u2_given_u1(r1) + (1 - d2) * v2) / (2 - d2)
        r2 = (1 - d2) * v2 + d2 * g2
        return (frontier.u1_given_u2(r2) + (1 - d1) * v1) / (2 - d1), g2

    is_open = frontier.open(v1, v2)
    lo = np.minimum(v1, 0.0) - 1.0
    hi = np.full_like(v1, frontier.u1_max + 1.0)
    for _ in range(64):
        mid = 0.5 * (lo + hi)
        up = image(np.where(is_open, mid, frontier.u1_max))[0] >= mid
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    g1 = 0.5 * (lo + hi)
    g1c = np.where(is_open, g1, v1)
    _, g2 = image(np.where(is_open, g1c, frontier.u1_max))
    G = np.stack([g1c, np.where(is_open, g2, v2)], axis=1)
    deal = is_open.astype(float)
    agree = np.where(is_open[:, None], G, np.nan)
    return G, deal, agree


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
