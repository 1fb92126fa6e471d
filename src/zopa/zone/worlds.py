"""The zone analysis over many sampled worlds at once (for sweeps, claims and what-ifs).

Every uncertain input of the scenario (a quantity with a ``dist``) is sampled by
:func:`zopa.sweep.sample` (Monte Carlo, Latin hypercube or Sobol', keyed by input name
so that two variants of a scenario see the same worlds: common random numbers), and the
zone analysis runs on all the worlds of a batch together. The utilities (positions,
saliences, utility tables) stay at their nominal values; the battlefield, costs, patience,
levers, deadlines and durability vary by world.

Examples
--------
>>> t = world_table("textbook", worlds=8, seed=1)
>>> t.shape[0], "zone_open_m0" in t.columns
(8, True)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from zopa.scenario.model import Scenario
from zopa.zone import metrics as M
from zopa.zone.analyze import Prepared, prepare
from zopa.zone.inputs import zone_inputs
from zopa.zone.solve import solve

__all__ = ["DEFAULT_METRICS", "MONTHLY_SERIES", "column", "world_table", "evaluate_worlds", "inputs_of"]

#: the metrics a world table holds by default: (name, month) with principal names filled in
DEFAULT_METRICS: tuple[tuple[str, int | None], ...] = (
    ("zone_open", 0), ("zone_open", 12), ("zone_open_month", None), ("p_zone_open", 0), ("p_deal_by", 6),
    ("p_deal_by", 12), ("p_deal_by", 24), ("p_agreement_by", 12), ("war_value.{a}", 0), ("war_value.{b}", 0),
    ("settlement_utility.{a}", 0), ("settlement_utility.{b}", 0), ("settlement_utility.{a}", 12), ("settlement_utility.{b}", 12),
    ("settlement_utility.{a}", 24), ("settlement_utility.{b}", 24), ("delay_gain.{a}", None), ("delay_gain.{b}", None),
    ("p_breakdown_within", 36), ("p_breakdown_within", 60), ("commitment_problem", 0),
)


#: the month-by-month series of a sweep's ``monthly`` table (``zopa sweep --monthly``)
MONTHLY_SERIES: tuple[str, ...] = ("p_zone_open", "p_deal_by", "p_agreement_by", "war_value.{a}", "war_value.{b}",
                                   "settlement_utility.{a}", "settlement_utility.{b}")


def column(name: str, at: int | None) -> str:
    """The column holding metric ``name`` read at month ``at``: ``delay_gain.RU`` -> ``delay_gain_RU``,
    ``p_deal_by`` at 12 -> ``p_deal_by_m12``."""
    base = name.replace(".", "_")
    return base if at is None else f"{base}_m{int(at)}"


def inputs_of(s: Scenario) -> dict:
    """The scenario's uncertain inputs (path -> quantity with ``ppf``) that the zone analysis uses."""
    from zopa.scenario.paths import uncertain

    principals = {a.id for a in s.principals}
    return {k: q for k, q in uncertain(s).items() if _zone_input(k, principals)}


def _zone_input(path: str, principals: set[str]) -> bool:
    if path.startswith(("battlefield.", "durability.")):
        return True
    parts = path.split(".")
    if parts[0] != "actors" or len(parts) < 3:
        return False
    if parts[2] == "deadlines":  # anyone's deadline moves the levers
        return True
    return parts[1] in principals and parts[2] in {"discount_rate", "monthly_cost", "cost_weights"}


def _metric_list(prep: Prepared, metrics: Sequence[tuple[str, int | None]] | None) -> list[tuple[str, int | None]]:
    a, b = prep.principal_ids
    out = []
    for name, at in metrics or DEFAULT_METRICS:
        out.append((name.format(a=a, b=b), at))
    return out


def evaluate_worlds(
    prep: Prepared,
    values: dict[str, np.ndarray],
    *,
    metrics: Sequence[tuple[str, int | None]] | None = None,
    states: int = 31,
    protocol: str = "random",
    talks: str = "fighting",
    deadlines: bool = True,
    q: float = 0.0,
) -> pd.DataFrame:
    """Metrics for a batch of worlds whose uncertain inputs take ``values`` (path -> array (W,))."""
    s = prep.scenario
    W = max((len(v) for v in values.values()), default=1)
    inp = zone_inputs(s, prep.model, values=values, worlds=W, n_states=states, deadlines=deadlines)
    sol = solve(inp, prep.frontier, protocol=protocol, talks=talks, q=q)
    ctx = M.Context(sol, inp, prep.frontier, prep.principal_ids, prep.multiplier, prep.guarantee_index)
    wanted = list(dict.fromkeys(_metric_list(prep, metrics)))  # each column once, in order
    if not wanted:
        return pd.DataFrame({})
    months: dict[str, list[int | None]] = {}  # each metric's months, read together
    for name, at in wanted:
        months.setdefault(name, []).append(at)
    blocks = {name: M.evaluate_months(ctx, name, ats) for name, ats in months.items()}
    seen = {name: 0 for name in months}
    block = np.empty((W, len(wanted)))
    for j, (name, _) in enumerate(wanted):
        block[:, j] = blocks[name][:, seen[name]]
        seen[name] += 1
    # one (W, metrics) block: the same frame as from the dict of columns, without pandas checking each one
    columns = [column(name, at) for name, at in wanted]
    return pd.DataFrame(block, columns=columns)


def world_table(
    scenario: Scenario | str,
    *,
    worlds: int = 400,
    seed: int = 0,
    method: str = "mc",
    metrics: Sequence[tuple[str, int | None]] | None = None,
    batch: int = 256,
    states: int = 31,
    start: int = 0,
    total: int | None = None,
    **options,
) -> pd.DataFrame:
    """One row per sampled world: its uncertain inputs (``input.<path>``) and the zone metrics.

    Worlds are sampled with :func:`zopa.sweep.sample`; the same ``seed`` gives the same worlds
    whatever ``batch`` is, and a variant of the scenario (``--set`` overrides) sees the same draws
    for every input it shares.
    """
    from zopa.sweep.sampling import sample

    if isinstance(scenario, str):
        from zopa.scenario import load

        scenario = load(scenario)
    prep = prepare(scenario)
    inputs = inputs_of(scenario)
    total = total or start + worlds
    frames = []
    for lo in range(start, start + worlds, batch):
        n = min(batch, start + worlds - lo)
        vals = sample(inputs, n, method=method, seed=seed, start=lo, total=total) if inputs else {}
        res = evaluate_worlds(prep, vals, metrics=metrics, states=states, **options) if vals else \
            evaluate_worlds(prep, {}, metrics=metrics, states=states, **options).loc[np.zeros(n, int)].reset_index(drop=True)
        res.insert(0, "world", np.arange(lo, lo + n))
        for k, v in vals.items():
            res[f"input.{k}"] = v
        frames.append(res)
    return pd.concat(frames, ignore_index=True)
