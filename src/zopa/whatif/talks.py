"""The simulated talks of a what-if: the principals' negotiators bargain (:func:`zopa.sim.simulate`),
with the authority and the concession strategy the what-if gives them.

A negotiator who can sign concedes over time (Faratin, Sierra & Jennings 1998, exponent 2) or
ratchets (Driesen, Perea & Peters 2012); one who must refer back needs its principal to sign
(the stalling strategy's rule: only deals worth its value of fighting on plus 0.1, and then with
probability :data:`P_RATIFY`); one with no mandate cannot close.

>>> _strategy("refer", False)
Stalling(movement=2.0, p_ratify=0.5, margin=0.1)
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from zopa.whatif.levers import negotiators

if TYPE_CHECKING:  # pragma: no cover
    from zopa.whatif.run import Baseline

__all__ = ["P_RATIFY", "SIM_RUNS", "EXPONENT"]

P_RATIFY = 0.5  # a principal signs half of the deals its referring delegate brings back (Stalling's default)
SIM_RUNS = 100  # sessions of the simulated talks
EXPONENT = 2.0  # the simulated negotiators' concession exponent (time-based, Faratin et al. 1998)


# ---------------------------------------------------------------------------- simulated talks
def _ratchet_referring():
    from zopa.sim.strategies import Ratchet, Stalling

    class RatchetReferring(Ratchet, Stalling):
        """Ratchet concessions (Driesen et al. 2012) by a delegate whose principal must ratify (Stalling's rule)."""

        name = "ratchet-referring"
        classifier = {"memory": 1, "stochastic": True, "concedes": True, "needs_ratification": True}

        def __init__(self, exponent: float = EXPONENT, p_ratify: float = P_RATIFY):
            Ratchet.__init__(self, exponent)
            self.p_ratify, self.margin, self.principal_floor = p_ratify, 0.1, None

    return RatchetReferring


def _strategy(authority: str, ratchet: bool):
    from zopa.sim.strategies import Ratchet, Stalling, TimeBased

    if authority == "sign":
        return Ratchet(exponent=EXPONENT) if ratchet else TimeBased(EXPONENT)
    p = P_RATIFY if authority == "refer" else 0.0
    return _ratchet_referring()(EXPONENT, p) if ratchet else Stalling(movement=EXPONENT, p_ratify=p)


def _simulate(v, base: Baseline, table, *, ratchet: Mapping[str, bool]) -> dict | None:
    """Simulated talks of the two principals' negotiators (:func:`zopa.sim.simulate`, alternating
    offers, one round a month): reservation values start at each side's mean value of fighting on
    over the worlds and move during the talks with its mean change and spread over the horizon."""
    if base.domain is None:
        return None
    from zopa.sim import simulate

    a, b = base.prep.principal_ids
    neg = negotiators(v)
    H = v.horizon_months
    runs = SIM_RUNS
    now = [table[f"war_value_{p}_m0"].to_numpy(dtype=float) for p in (a, b)]
    end = [table[f"war_value_{p}_m{H}"].to_numpy(dtype=float) for p in (a, b)]
    r0 = np.tile([float(x.mean()) for x in now], (runs, 1))
    moves = {neg[p]: {"drift": float(np.mean(end[k] - now[k])), "volatility": float(np.std(end[k]))} for k, p in enumerate((a, b))}
    ids = {x.id: x for x in v.actors}
    auth = {p: (ids[neg[p]].authority if neg[p] != p else "sign") for p in (a, b)}
    # the talks depend on the levers only through these: a what-if that leaves them alone (a guarantee,
    # say) reuses the talks already simulated on these worlds
    key = (tuple(r0[0]), tuple((n, m["drift"], m["volatility"]) for n, m in moves.items()), tuple(auth.items()),
           tuple(bool(ratchet.get(p)) for p in (a, b)), H)
    memo = base.cache.setdefault("talks", {})
    if key in memo:
        return copy.deepcopy(memo[key])
    strat = {neg[p]: _strategy(auth[p], bool(ratchet.get(p))) for p in (a, b)}
    # ties in outcome order: the domain is sorted once per baseline, not once per what-if (NegMAS's tie order needs a sort each time)
    res = simulate(base.domain, strat, protocol="sao", steps=H, runs=runs, seed=base.seed, battlefield=moves, reservation=r0,
                   ties="outcome-order")
    df = res.runs
    ok = df["agreement"].to_numpy()
    out = {"runs": runs, "p_agreement": float(ok.mean()), "month": float(df.loc[ok, "step"].mean()) if ok.any() else None,
           "refusals": float(df["refusals"].mean()), "negotiators": {p: neg[p] for p in (a, b)}, "authority": auth,
           "ratchet": {p: bool(ratchet.get(p)) for p in (a, b)}, "reservation": {p: float(r0[0, k]) for k, p in enumerate((a, b))},
           "utility": {}, "gain": {}, "terms": {}}
    for k, p in enumerate((a, b)):
        u = df[f"u_{neg[p]}"].to_numpy(dtype=float)
        out["utility"][p] = float(u.mean())
        out["gain"][p] = float((u - r0[:, k]).mean())
    if ok.any():
        mode = df.loc[ok, "outcome"].mode().iloc[0]
        row = df[df["outcome"] == mode].iloc[0]
        out["terms"] = {iss.name: str(row[iss.name]) for iss in res.issues}
    if len(memo) >= 256:
        memo.clear()
    memo[key] = copy.deepcopy(out)
    return out
