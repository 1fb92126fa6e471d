"""The mediated single negotiating text, with the mediator's bias, deadline and levers.

A mediator drafts one text; each party accepts it or objects; the mediator
amends the text toward the objectors and tries again (Raiffa 1982, *The Art
and Science of Negotiation*, ch. 14, "the single negotiating text"; Carter's
23 drafts at Camp David, 1978).  Here the draft at round ``s`` is the
asymmetric Nash bargaining solution (Nash 1950; Kalai 1977, "Nonsymmetric Nash
solutions", *Int. J. Game Theory* 6:129-133) with the mediator's weights as
bargaining powers, over the parties' normalised utilities ``n_i`` (0 at each
party's worst outcome, 1 at its best) and their current values of fighting
on ``d_i`` on the same scale:

    draft(s) = argmax_x  sum_i w_i(s) log(n_i(x) - d_i)   over x with n_i(x) > d_i for all i

(when no outcome beats every party's value of fighting on, the mediator
drafts the weighted sum ``sum_i w_i n_i(x)`` instead).  The weights start at
the mediator's ``bias`` and are multiplied by ``1 + step_size`` for every
party that objects, so the text moves toward those who refuse it.  A mediator racing a ``deadline`` (a fraction of the talks) presses
the *weaker* party, the one whose value of fighting on is lowest on its own
scale: its weight is scaled by ``1 - press * min(t / deadline, 1)``.  At the
deadline the mediator walks away and the talks end without agreement.

Levers move the parties' reservation values (their values of fighting on)
for the whole talks: ``aid`` raises them, ``sanctions`` and ``pressure`` lower
them (e.g. a threat to cut intelligence and weapons, as reported in November
2025).  Kydd (2003, "Which side are you on? Bias, credibility, and mediation",
*AJPS* 47:597-611) explains why a biased mediator can still be effective.

Examples
--------
>>> from zopa.sim import simulate, negmas_benchmark
>>> m = Mediator(bias={"UA": 0.5, "RU": 0.5}, deadline=1.0)
>>> res = simulate(negmas_benchmark(("UA", "RU")), {"UA": "linear", "RU": "linear"},
...                protocol="mediated", mediator=m, steps=30, runs=1)
>>> out = res.to_json()
>>> out["agreement"] is not None and out["utilities"]["UA"] >= 0.35 and out["utilities"]["RU"] >= 0.30
True
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

__all__ = ["Mediator", "single_text"]

LEVERS = ("aid", "sanctions", "pressure")


class Mediator:
    """A mediator: bias over the parties, a deadline, and levers.

    Parameters
    ----------
    bias : {actor: weight}, optional
        Initial weights of the parties in the mediator's drafts (default equal).
    deadline : float in (0, 1]
        Fraction of the talks after which the mediator walks away.
    press : float in [0, 1]
        How hard the mediator presses the weaker party as the deadline nears.
    step_size : float > 0
        How far one objection moves the text toward the objector.
    levers : {"aid" | "sanctions" | "pressure": {actor: utility shift}}
        Shifts of reservation values (aid up; sanctions and pressure down).
    """

    def __init__(self, bias: Mapping[str, float] | None = None, deadline: float = 1.0, press: float = 0.0,
                 step_size: float = 0.25, levers: Mapping[str, Mapping[str, float]] | None = None):
        if not 0 < deadline <= 1:
            raise ValueError(f"deadline must be in (0, 1] (a fraction of the talks), got {deadline}")
        if not 0 <= press <= 1:
            raise ValueError(f"press must be in [0, 1], got {press}")
        if not step_size > 0:
            raise ValueError(f"step_size must be > 0, got {step_size}")
        levers = {k: dict(v) for k, v in (levers or {}).items()}
        bad = set(levers) - set(LEVERS)
        if bad:
            raise ValueError(f"unknown levers {sorted(bad)}; use {', '.join(LEVERS)}")
        if bias is not None and any(w < 0 for w in bias.values()):
            raise ValueError("bias weights must be >= 0")
        self.bias = dict(bias) if bias is not None else None
        self.deadline, self.press, self.step_size, self.levers = deadline, press, step_size, levers

    def shift(self, actor: str) -> float:
        """Net change of ``actor``'s reservation value from the levers."""
        lv = self.levers
        return lv.get("aid", {}).get(actor, 0.0) - lv.get("sanctions", {}).get(actor, 0.0) \
            - lv.get("pressure", {}).get(actor, 0.0)

    def weights(self, actors: Sequence[str]) -> np.ndarray:
        if self.bias is None:
            return np.full(len(actors), 1.0 / len(actors))
        unknown = set(self.bias) - set(actors)
        if unknown:
            raise ValueError(f"mediator bias names actors that are not parties: {sorted(unknown)}")
        w = np.array([float(self.bias.get(a, 0.0)) for a in actors])
        if w.sum() <= 0:
            raise ValueError("mediator bias weights must not all be 0")
        return w / w.sum()

    def __repr__(self) -> str:
        return (f"Mediator(bias={self.bias!r}, deadline={self.deadline!r}, press={self.press!r}, "
                f"step_size={self.step_size!r}, levers={self.levers!r})")


def _draft(w: np.ndarray, N: np.ndarray, d: np.ndarray, shared: bool) -> np.ndarray:
    """Weighted Nash point above the values of fighting on ``d`` (B, n); weighted sum if none."""
    B, n = w.shape
    K = N.shape[-1]
    block = max(1, int(4_000_000 // max(1, n * K)))  # bound memory on large outcome grids
    if B > block:
        return np.concatenate([
            _draft(w[i:i + block], N if shared else N[i:i + block], d[i:i + block], shared)
            for i in range(0, B, block)
        ])
    NB = N[None, :, :] if shared else N                       # (1 or B, n, K)
    gap = NB - d[:, :, None]                                  # (B, n, K)
    feasible = np.all(gap > 0, axis=1)                        # (B, K)
    with np.errstate(divide="ignore", invalid="ignore"):
        nash = np.einsum("bi,bik->bk", w, np.log(np.where(gap > 0, gap, 1.0)))
    nash = np.where(feasible, nash, -np.inf)
    plain = w @ N if shared else np.einsum("bi,bik->bk", w, N)
    any_ok = feasible.any(axis=1)
    return np.where(any_ok, np.argmax(nash, axis=1), np.argmax(plain, axis=1))


def single_text(strategies: Sequence, parties: Sequence, med: Mediator, n_steps: np.ndarray,
                session: np.ndarray, seed: int, move_world: Callable[[int], None], rec) -> dict:
    """Run the single-text procedure for a batch (see the module docstring).

    The levers' shifts are already in the parties' reservation values (the engine
    applies :meth:`Mediator.shift` before the talks start).
    """
    n = len(parties)
    B = len(n_steps)
    names = [p.name for p in parties]
    w = np.broadcast_to(med.weights(names), (B, n)).copy()
    norm = []
    for p in parties:
        u, lo, hi = p.table.u, p.table.umin[:, None], p.table.umax[:, None]
        norm.append(np.where(hi > lo, (u - lo) / np.where(hi > lo, hi - lo, 1.0), 1.0))
    shared = all(x.shape[0] == 1 for x in norm)
    N = np.stack([x[0] for x in norm]) if shared else np.stack([np.broadcast_to(x, (B, x.shape[1])) for x in norm], 1)
    needs = [bool(getattr(s, "needs_ratification", False)) for s in strategies]
    done = np.zeros(B, bool)
    agreement = np.full(B, -1, np.int64)
    at_step = n_steps.astype(np.int64).copy()
    refusals = np.zeros(B, np.int64)
    ratified = np.zeros(B, bool)
    for s in range(int(n_steps.max(initial=0))):
        t = (s + 1) / n_steps.astype(float)
        live = ~done & (s < n_steps) & (t <= med.deadline + 1e-12)
        if not live.any():
            break
        move_world(s)
        step = np.full(B, s, np.int64)
        strength = np.stack([(p.reservation - p.umin) / np.maximum(p.umax - p.umin, 1e-12) for p in parties], 1)
        weaker = np.argmin(strength, axis=1)
        tau = np.minimum(t / med.deadline, 1.0)
        w_eff = w.copy()
        w_eff[np.arange(B), weaker] *= 1.0 - med.press * tau
        draft = _draft(w_eff, N, strength, shared)
        rec.add(session, step, n, "draft", draft, live)
        accept_all = live.copy()
        for i, strat in enumerate(strategies):
            strat.observe(draft, np.full(B, -1, np.int64), step, live)
            acc = strat.respond(draft, step, t, live) & live
            rec.add(session, step, i, "accept", draft, acc)
            rec.add(session, step, i, "reject", draft, live & ~acc)
            w[:, i] = np.where(live & ~acc, w[:, i] * (1.0 + med.step_size), w[:, i])
            accept_all &= acc
        if accept_all.any():
            signed = accept_all.copy()
            for j, need in enumerate(needs):
                if need:
                    ok = strategies[j].ratify(draft, step, signed)
                    rec.add(session, step, j, "ratify", draft, signed & ok)
                    rec.add(session, step, j, "refuse", draft, signed & ~ok)
                    signed &= ok
            refusals += accept_all & ~signed
            agreement = np.where(signed, draft, agreement)
            at_step = np.where(signed, s, at_step)
            ratified |= signed & any(needs)
            done |= signed
    return {"agreement": agreement, "step": at_step, "refusals": refusals, "ratified": ratified}
