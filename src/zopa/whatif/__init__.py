"""What-if analysis: move a lever, see what changes, on the same random worlds (pure: no I/O).

A :class:`Levers` object names the changes an analyst wants to try: each principal's monthly
cost of war and discount rate, the battlefield's drift and volatility, the level of each
battlefield lever (aid, sanctions), the deadline's date, penalty and credibility, a delegate's
authority, whether a side ratchets its concessions, and the guarantee behind any deal.
:func:`changes` turns them into overrides of the scenario (the same dotted paths as
``zopa ... --set``), :func:`variant` applies them, and :func:`run` compares the variant with
the scenario on the same sampled worlds: the uniforms behind every uncertain input are keyed
by the input's path (:mod:`zopa.sweep.sampling`), so the comparison is paired (common random
numbers) and a change shows up as a difference world by world, not as sampling noise.

How each lever becomes a scenario change:

- ``cost`` (x k) scales every quantity that turns a principal's war into utility per month
  (``monthly_cost``, ``cost_weights``, costs already in utility), distribution and all;
- ``discount_rate``, ``drift`` move the centre of the quantity's range (a shift), ``volatility``
  scales it: an uncertain input stays uncertain, only moved;
- ``levels`` sets a battlefield lever's level from the start: zopa.zone reads the observed drift
  and costs as those at the scenario's levels and a change of level through a deadline's
  ``if_no_deal``, so the change is written as a deadline dated at the start with credibility 1
  (deadlines apply in the order actors are listed, so it goes to the first actor);
- ``deadline`` edits the scenario's first deadline that carries a penalty: its date, the lever
  levels after it (``penalty``), and the probability the threat is carried out;
- ``authority`` sets a lead delegate's authority (sign, refer, none), ``guarantee`` the breakdown
  multiplier of any deal's guarantee (an option of the guarantee issue, or a number);
- ``ratchet`` is a strategy of the simulated talks, not a scenario change.

A lever that does not apply to the scenario (no such principal, lever, deadline or delegate)
raises :class:`LeverError` naming it; nothing is silently ignored.

Examples
--------
>>> import zopa
>>> s = zopa.load("textbook")
>>> [c.path for c in changes(s, Levers(cost={"A": 2}))]
['actors.A.monthly_cost']
>>> variant(s, Levers(cost={"A": 2})).actor("A").monthly_cost.nominal
0.1
>>> r = run(s, Levers(cost={"A": 2}), worlds=20)
>>> m = {x["id"]: x for x in r.to_json()["metrics"]}
>>> round(m["war_value.A"]["baseline"], 3), round(m["war_value.A"]["whatif"], 3)   # p - c_A: 0.4 - 0.05, 0.4 - 0.1
(0.35, 0.3)
"""

from zopa.whatif.changes import changes, to_yaml, variant
from zopa.whatif.levers import (
    Change,
    DeadlineLever,
    LeverError,
    Levers,
    levers_from_query,
    levers_to_query,
    negotiators,
    normalize,
    target_deadline,
)
from zopa.whatif.result import WhatIfResult
from zopa.whatif.run import DEFAULT_WORLDS, STATES, Baseline, baseline, forecast_points, run
from zopa.whatif.talks import P_RATIFY

__all__ = [
    "Levers", "DeadlineLever", "LeverError", "Change", "changes", "variant", "normalize", "to_yaml",
    "levers_from_query", "levers_to_query", "negotiators", "target_deadline", "Baseline", "baseline", "run",
    "forecast_points", "WhatIfResult", "DEFAULT_WORLDS", "STATES", "P_RATIFY",
]
