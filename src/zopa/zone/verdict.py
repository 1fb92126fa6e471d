"""The zone analysis in words, with the numbers behind each sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from zopa.scenario.model import Scenario
    from zopa.zone.analyze import ZoneResult
    from zopa.zone.inputs import ZoneInputs

__all__ = ["verdict"]


def _pct(p: float) -> str:
    return f"{100 * p:.0f}%"


def verdict(s: Scenario, r: ZoneResult, inp: ZoneInputs) -> list[str]:
    """Plain sentences: is there a zone now, when will there be one, which plan is closest,
    who gains from delay, what the deadline did, commitment and durability."""
    a, b = r.principals
    name = {x.id: x.name for x in s.actors}
    sm = r.summary
    mo = r.months
    H = int(mo["month"].max())
    out: list[str] = []
    va, vb = sm[f"war_value.{a}"], sm[f"war_value.{b}"]

    # 1. now
    p0 = float(mo["p_zone_open"].iloc[0])
    if sm["zone_open"]:
        out.append(
            f"A zone of agreement exists now ({r.start}) in {_pct(p0)} of battlefield paths: outcomes give both sides more "
            f"than fighting on ({a}'s value of fighting on {va:.2f}, {b}'s {vb:.2f}, utilities 0-1 per month)."
        )
    else:
        out.append(
            f"No zone of agreement now ({r.start}; open in {_pct(p0)} of battlefield paths): no outcome gives both "
            f"{a} at least {va:.2f} and {b} at least {vb:.2f}, their values of fighting on."
        )

    # 2. when
    first = int(sm["zone_open_month"])
    by12 = float(mo.loc[mo.month == min(12, H), "p_deal_by"].iloc[0])
    if first == 0:
        pass
    elif first <= H:
        out.append(f"The zone first opens in most battlefield paths at month {first} ({mo.loc[mo.month == first, 'date'].iloc[0]}); "
                   f"the chance it has opened by month {min(12, H)} is {_pct(by12)}.")
    else:
        out.append(f"Within the {H}-month horizon the zone does not open in most battlefield paths; the chance it has "
                   f"opened by month {min(12, H)} is {_pct(by12)}.")

    # 3. plans
    if len(r.plans):
        wide = r.plans.pivot(index="plan", columns="actor", values="margin")
        inside = r.plans.groupby("plan")["p_inside_now"].first()
        best = wide.min(axis=1).idxmax()
        worst_side = wide.loc[best].idxmin()
        if inside.max() >= 0.5:
            ins = ", ".join(inside[inside >= 0.5].index)
            out.append(f"Plans inside the zone now: {ins}.")
        else:
            gap = -float(wide.loc[best, worst_side])
            u = float(r.plans[(r.plans.plan == best) & (r.plans.actor == worst_side)]["utility"].iloc[0])
            out.append(
                f"No plan on the table is inside the zone now. The closest is {best}: {name.get(worst_side, worst_side)}'s value of "
                f"fighting on ({sm[f'war_value.{worst_side}']:.2f}) exceeds what {best} gives it ({u:.2f}) by {gap:.2f}."
            )

    # 4. delay
    ga, gb = sm[f"delay_gain.{a}"], sm[f"delay_gain.{b}"]

    def word(g):
        return "gains" if g > 1e-5 else "loses" if g < -1e-5 else "neither gains nor loses"

    out.append(
        f"Who gains from delay: {a} {word(ga)} ({ga:+.4f} utility per month over the first year), "
        f"{b} {word(gb)} ({gb:+.4f}); their equilibrium values now are {sm[f'settlement_utility.{a}']:.2f} and "
        f"{sm[f'settlement_utility.{b}']:.2f}."
    )
    if r.settlement_terms:
        terms = "; ".join(f"{k} {v}" for k, v in list(r.settlement_terms.items())[:8])
        out.append(f"Equilibrium terms (the frontier point at those values): {terms}.")

    # 5. deadline
    if len(r.deadline):
        d = r.deadline.set_index("metric")
        months = ", ".join(str(x) for x in inp.deadline_months)
        da, db = d.loc[f"settlement_utility.{a}", "difference"], d.loc[f"settlement_utility.{b}", "difference"]
        wa, wb = d.loc[f"war_value.{a}", "difference"], d.loc[f"war_value.{b}", "difference"]
        pz = d.loc["p_deal_by", "difference"]
        if max(abs(da), abs(db), abs(wa), abs(wb)) < 0.001 and abs(pz) < 0.005:
            out.append(
                f"The deadline (lever changes from month {months}, weighted by its credibility) makes no material difference: "
                f"it moves the values of fighting on by {wa:+.4f} ({a}) and {wb:+.4f} ({b}) and the equilibrium values by less than 0.001."
            )
        else:
            out.append(
                f"The deadline (lever changes from month {months}, weighted by its credibility) moves the values of fighting on by "
                f"{wa:+.3f} for {a} and {wb:+.3f} for {b}, the equilibrium values by {da:+.3f} and {db:+.3f}, and the chance the zone "
                f"opens within a year by {100 * pz:+.0f} points."
            )

    # 6. commitment and durability
    cp = mo["commitment_problem_no_guarantee"].to_numpy()
    if cp.any():
        months_cp = np.flatnonzero(cp)
        out.append(
            f"Without guarantees a commitment problem (Powell) blocks a durable deal in {len(months_cp)} of {H} months "
            f"(first at month {months_cp[0]}): the declining side's value of fighting on falls faster than the surplus can pay for."
        )
    else:
        out.append("No commitment problem: power does not shift fast enough, relative to the surplus, to make a deal unstable.")
    if len(r.guarantees):
        g = r.guarantees
        fixes = g[~g["commitment_problem_now"]]
        if cp.any() and cp[0] and len(fixes):
            out.append(f"A guarantee of at least '{fixes.iloc[0]['guarantee']}' removes the commitment problem at month 0.")
    pb = sm.get("p_breakdown_within", float("nan"))
    if not np.isnan(pb):
        out.append(f"A deal on the equilibrium terms breaks down within five years with probability {_pct(pb)} (durability assumptions).")
    return out
