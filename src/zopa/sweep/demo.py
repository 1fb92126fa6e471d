"""A stand-in analysis for sweeps: a toy war of attrition with learning.

**Not a model of any war.**  It exists so that the sweep machinery can be
tested, documented and benchmarked before (and independently of) zopa's real
analyses: it has the shape and cost of one (a few array operations per world
per month over 60 months, one random stream per world) and a known structure.

Each month ``t`` the share ``p`` of contested territory held by side A moves
by ``drift + volatility * shock`` (clipped to [0, 1]).  Each side expects the
front to keep moving at ``drift`` for ``horizon`` more months, overrates its
prospects by an optimism that fades as fighting reveals information
(``optimism * exp(-learning * t)``; mutual optimism as a cause of war, Fearon
1995 sec. 3, learning while fighting, Smith & Stam 2004) and counts the cost
of ``horizon`` more months of war.  The zone of agreement is the set of splits
both prefer to fighting on, ``[v_A, 1 - v_B]``; it is open when
``v_A + v_B <= 1`` and its midpoint is the "equilibrium" share of A (a Nash
split with equal weights).  While it is closed the share is the front line.

Examples
--------
>>> import numpy as np
>>> from zopa.sweep.streams import WorldRandom
>>> rand = WorldRandom(0, np.arange(4))
>>> calm = {"actors.A.optimism": np.zeros(4), "actors.B.optimism": np.zeros(4)}
>>> out = attrition(calm, rand)
>>> bool(out["zone_open"].all())     # no optimism: costs alone open the zone at once
True
>>> out["zone_open_month"].tolist()
[1.0, 1.0, 1.0, 1.0]
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from zopa.sweep.metrics import MetricCatalogue
from zopa.sweep.streams import WorldRandom

__all__ = ["DEFAULTS", "INPUTS", "CATALOGUE", "attrition", "attrition_loop"]

#: Values used for any input a sweep does not sample.
DEFAULTS = {
    "battlefield.start": 0.5,
    "battlefield.drift": 0.002,
    "battlefield.volatility": 0.01,
    "actors.A.cost": 0.002,
    "actors.B.cost": 0.003,
    "actors.A.optimism": 0.08,
    "actors.B.optimism": 0.08,
    "learning": 0.05,
}

#: Uncertain inputs of the demo (for docs, tests and the bench).
INPUTS = {
    "battlefield.drift": stats.norm(0.002, 0.004),
    "battlefield.volatility": stats.lognorm(0.5, scale=0.01),
    "actors.A.cost": stats.uniform(0.0005, 0.004),
    "actors.B.cost": stats.uniform(0.0005, 0.004),
    "actors.A.optimism": stats.triang(0.3, loc=0.0, scale=0.2),
    "actors.B.optimism": stats.triang(0.3, loc=0.0, scale=0.2),
    "learning": stats.uniform(0.0, 0.1),
}

#: Metrics of the demo's summary table (a separate catalogue: not zopa's real metrics).
CATALOGUE = MetricCatalogue()
CATALOGUE.register("zone_open", "whether a zone of agreement opens within the horizon", "bool", "zone_open")
CATALOGUE.register("zone_open_month", "first month the zone is open (NaN: never)", "month", "zone_open_month")
CATALOGUE.register("share", "side A's equilibrium share at month `at`", "share", "share_m{at}")
CATALOGUE.register(
    "share_gain", "side A's equilibrium share at month `at` minus at month 1", "share",
    compute=lambda t, at: t[f"share_m{at}"].to_numpy() - t["share_m1"].to_numpy(),
    reads=("share_m{at}", "share_m1"),
)


def _param(params: Mapping[str, np.ndarray], name: str, n: int) -> np.ndarray:
    if name in params:
        return np.asarray(params[name], dtype=float)
    return np.full(n, DEFAULTS[name])


def attrition(
    params: Mapping[str, np.ndarray],
    rand: WorldRandom,
    months: int = 60,
    horizon: float = 12.0,
    report_at: Sequence[int] = (1, 12, 24, 60),
    detail: bool = False,
) -> pd.DataFrame | dict[str, pd.DataFrame]:
    """Evaluate the toy model for a batch of worlds (see the module docstring).

    Parameters
    ----------
    params : mapping of str to numpy.ndarray
        Sampled inputs (names as in :data:`DEFAULTS`; missing ones take the default).
    rand : WorldRandom
        The batch's per-world random streams (stream ``battlefield``).
    months : int
        Months simulated.
    horizon : float
        Months of fighting each side expects when it weighs fighting on.
    report_at : sequence of int
        Months whose equilibrium share is reported as ``share_m<month>``.
    detail : bool
        Also return a ``monthly`` table (world, month, front, zone_open, share).

    Returns
    -------
    pandas.DataFrame or dict
        One row per world: ``zone_open``, ``zone_open_month``, ``share_m<month>``.
    """
    n = len(rand)
    p = _param(params, "battlefield.start", n).copy()
    drift = _param(params, "battlefield.drift", n)
    vol = _param(params, "battlefield.volatility", n)
    c_a, c_b = _param(params, "actors.A.cost", n), _param(params, "actors.B.cost", n)
    o_a, o_b = _param(params, "actors.A.optimism", n), _param(params, "actors.B.optimism", n)
    cost, optimism = c_a + c_b, o_a + o_b
    learning = _param(params, "learning", n)
    shocks = rand.normal("battlefield", (months,))
    opened = np.full(n, np.nan)
    report = {m: None for m in report_at if 1 <= m <= months}
    monthly = []
    for t in range(months):
        p = np.clip(p + drift + vol * shocks[:, t], 0.0, 1.0)
        expected = np.clip(p + drift * horizon, 0.0, 1.0)
        # v_A + v_B = (expected + o_A b - c_A h) + (1 - expected + o_B b - c_B h)
        fade = np.exp(-learning * t)
        excess = optimism * fade - cost * horizon
        is_open = excess <= 0.0
        opened[is_open & np.isnan(opened)] = t + 1
        v_a = expected + o_a * fade - c_a * horizon
        share = np.where(is_open, np.clip(v_a - excess / 2.0, 0.0, 1.0), p)
        if t + 1 in report:
            report[t + 1] = share
        if detail:
            monthly.append((t + 1, p, is_open, share))
    out = pd.DataFrame({"zone_open": ~np.isnan(opened), "zone_open_month": opened})
    for m, share in report.items():
        out[f"share_m{m}"] = share
    if not detail:
        return out
    mon = pd.DataFrame({
        "world": np.repeat(rand.world, months),
        "month": np.tile(np.arange(1, months + 1), n),
        "front": np.stack([r[1] for r in monthly], axis=1).ravel(),
        "zone_open": np.stack([r[2] for r in monthly], axis=1).ravel(),
        "share": np.stack([r[3] for r in monthly], axis=1).ravel(),
    })
    return {"results": out, "monthly": mon}


def attrition_loop(
    params: Mapping[str, float], shocks: Sequence[float], horizon: float = 12.0,
    report_at: Sequence[int] = (1, 12, 24, 60),
) -> dict[str, float | bool]:
    """The same model for one world in plain Python (the peer of the benchmark).

    Examples
    --------
    >>> r = attrition_loop({"actors.A.optimism": 0.0, "actors.B.optimism": 0.0}, [0.0] * 60)
    >>> r["zone_open"], r["zone_open_month"]
    (True, 1.0)
    >>> # optimism 0.16 e^(-0.05 t) falls below costs 12 * 0.005 at t >= 19.6: month t + 1 = 21
    >>> attrition_loop({}, [0.0] * 60)["zone_open_month"]
    21.0
    """
    get = {**DEFAULTS, **params}.__getitem__
    p = get("battlefield.start")
    drift, vol = get("battlefield.drift"), get("battlefield.volatility")
    c_a, c_b = get("actors.A.cost"), get("actors.B.cost")
    o_a, o_b = get("actors.A.optimism"), get("actors.B.optimism")
    learning = get("learning")
    opened = math.nan
    out: dict[str, float | bool] = {}
    for t, shock in enumerate(shocks):
        p = min(max(p + drift + vol * shock, 0.0), 1.0)
        expected = min(max(p + drift * horizon, 0.0), 1.0)
        fade = math.exp(-learning * t)
        excess = (o_a + o_b) * fade - (c_a + c_b) * horizon
        if excess <= 0.0 and math.isnan(opened):
            opened = float(t + 1)
        v_a = expected + o_a * fade - c_a * horizon
        share = min(max(v_a - excess / 2.0, 0.0), 1.0) if excess <= 0.0 else p
        if t + 1 in report_at:
            out[f"share_m{t + 1}"] = share
    return {"zone_open": not math.isnan(opened), "zone_open_month": opened, **out}
