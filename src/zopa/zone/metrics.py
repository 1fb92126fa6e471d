"""Per-world metrics of a solved zone analysis: the catalogue that claims and sweeps use.

Each metric maps a solved batch of worlds to one number per world (an array of shape (W,)),
read at month ``at`` where it depends on time. The catalogue (:data:`CATALOGUE`) documents
each one; ``zopa claims --metrics`` prints it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from zopa.zone.frontier import Frontier
from zopa.zone.inputs import ZoneInputs
from zopa.zone.solve import ZoneSolution, transitions

__all__ = ["Metric", "CATALOGUE", "Context", "names", "evaluate", "evaluate_months", "expected", "commitment", "breakdown_multiplier"]


@dataclass
class Context:
    """A solved batch and what metrics need besides it."""

    sol: ZoneSolution
    inp: ZoneInputs
    frontier: Frontier
    principals: tuple[str, str]
    multiplier: Callable[[np.ndarray], np.ndarray]  # guarantee value(s) -> breakdown multiplier
    guarantee_index: int | None  # issue index of the guarantee, if any

    def __post_init__(self):
        self._cache: dict = {}

    def cached(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]


@dataclass(frozen=True)
class Metric:
    name: str
    description: str
    unit: str
    needs_at: bool
    fn: Callable[[Context, int, int | None], np.ndarray]  # (ctx, at, principal index) -> (W,)


def expected(ctx: Context, arr: np.ndarray) -> np.ndarray:
    """Expectation over the battlefield distribution of a (W, H+1, n) array -> (W, H+1)
    (or of a (W, k, H+1, n) array -> (W, k, H+1)); NaN counts as 0."""
    dist = ctx.sol.dist if arr.ndim == 3 else ctx.sol.dist[:, None]
    if np.isfinite(arr).all():  # one small product per world and month (no (W, ..., n) temporaries)
        if arr.ndim == 4 and arr.strides[2] > arr.strides[0] > 0:
            # the solver's month-major values (a transposed view): read them in their own order
            dT = ctx.cached("dist_month_major", lambda: np.ascontiguousarray(ctx.sol.dist.transpose(1, 0, 2)))
            return np.einsum("hwkn,hwn->wkh", arr.transpose(2, 0, 1, 3), dT)
        return np.matmul(arr[..., None, :], dist[..., None])[..., 0, 0]
    prod = dist * arr
    nan = np.isnan(prod)
    if nan.any():
        prod[nan] = 0.0
    return prod.sum(axis=-1)


def _month(ctx: Context, at: int | None) -> int:
    H = ctx.inp.horizon
    return int(min(max(0 if at is None else at, 0), H))  # clipped to 0..H (plain Python: called per metric)


def _p_open(ctx):
    return ctx.cached("p_open", lambda: np.clip(expected(ctx, ctx.sol.open.astype(float)), 0.0, 1.0))


def _transitions(ctx):
    return ctx.cached("transitions", lambda: transitions(ctx.inp))


def _passages(ctx):
    """:func:`zopa.zone.solve.first_passage` of the zone opening and of a deal, propagated together, (W, 2, H+1)."""
    return ctx.cached("passages", lambda: first_passages(ctx.sol, [ctx.sol.open.astype(float), ctx.sol.deal], _transitions(ctx)))


def _p_open_by(ctx):
    return _passages(ctx)[:, 0]


def _p_deal_by(ctx):
    return _passages(ctx)[:, 1]


def _settlement(ctx):
    return ctx.cached("settle", lambda: expected(ctx, ctx.sol.value))


def _war_value(ctx):
    return ctx.cached("war", lambda: expected(ctx, ctx.sol.war_value))


def first_passages(sol: ZoneSolution, events: list[np.ndarray], transitions_: list[np.ndarray]) -> np.ndarray:
    """:func:`zopa.zone.solve.first_passage` of several events (each (W, H+1, n)) at once, (W, k, H+1):
    the masses that have not yet seen each event move with the battlefield in one product a month."""
    E = np.stack([np.moveaxis(e, 1, 0) for e in events], axis=2)  # (H+1, W, k, n): each month contiguous
    H1, W, k, n = E.shape
    alive = np.repeat(sol.dist[:, None, 0], k, axis=1)
    out = np.zeros((W, k, H1))
    for t in range(H1):
        hit = (alive * E[t]).sum(axis=-1)
        out[:, :, t] = (out[:, :, t - 1] if t else 0.0) + hit
        if t < H1 - 1:
            alive = np.matmul(alive * (1 - E[t]), transitions_[t])
    return np.clip(out, 0.0, 1.0)


def _zone_open(ctx, at, k):
    return (_p_open(ctx)[:, _month(ctx, at)] >= 0.5).astype(float)


def _zone_open_month(ctx, at, k):
    p = _p_open(ctx) >= 0.5
    H = p.shape[1] - 1
    first = np.where(p.any(axis=1), p.argmax(axis=1), H + 1)
    return first.astype(float)


def _delay_gain(ctx, at, k):
    """Least-squares slope of the principal's equilibrium value over months 0..min(12, H)."""
    g = _settlement(ctx)[:, k]
    m = min(12, g.shape[1] - 1)
    x = np.arange(m + 1, dtype=float)
    x = x - x.mean()
    return (g[:, : m + 1] * x).sum(axis=1) / (x**2).sum()


def breakdown_multiplier(ctx: Context) -> np.ndarray:
    """Breakdown multiplier of the equilibrium settlement's guarantee, per world."""
    if ctx.guarantee_index is None:
        return np.ones(ctx.inp.worlds)
    u1 = _settlement(ctx)[:, 0, 0]
    x = ctx.frontier.outcome_at(u1)  # (W, n_issues)
    return ctx.multiplier(x[:, ctx.guarantee_index])


def _p_breakdown(ctx, at, k):
    a = ctx.inp.annual_breakdown
    T = 60 if at is None else at
    m = breakdown_multiplier(ctx)
    yearly = np.clip(a * m, 0, 1)
    return np.where(np.isnan(yearly), np.nan, 1 - (1 - yearly) ** (T / 12.0))


def commitment(ctx: Context, multiplier: float | np.ndarray = 1.0) -> np.ndarray:
    """Powell's commitment problem per world and month, shape (W, H).

    As in Powell (2004, 2006), fighting now locks in today's balance of power: a principal's
    value of war at month t is ``w(s_t) - c(t)`` per month, while in peace power keeps shifting
    at the battlefield's trend, to ``w(s_t+1)``. The declining side fights rather than accept
    any deal when the shift exceeds what the surplus can pay for,

    ``delta * m * (w(s_t) - w(s_t+1)) > (1 - delta) * (U_max - (w(s_t) - c))``,

    (the rising side makes the offers), where ``m`` is the breakdown multiplier of a guarantee
    that makes the deal harder to revise (1 = none). Expectations are over the battlefield
    distribution of each month.
    """
    w = ctx.inp.war_flow  # (W, 2, n)
    dist = ctx.sol.dist  # (W, H+1, n)
    p = np.einsum("wtn,wkn->wkt", dist, w)  # (W, 2, H+1): expected war flow
    now, nxt = p[:, :, :-1], p[:, :, 1:]
    c = ctx.inp.cost[:, :, :-1]
    d = ctx.inp.delta[:, :, None]
    umax = np.array([ctx.frontier.u1_max, ctx.frontier.u2_max])[None, :, None]
    m = np.asarray(multiplier, dtype=float)
    if m.ndim == 1:
        m = m[:, None, None]
    fall = now - nxt
    return ((d * m * fall > (1 - d) * (umax - (now - c))) & (fall > 0)).any(axis=1)


def _commitment_metric(ctx, at, k):
    cp = ctx.cached("cp", lambda: commitment(ctx, breakdown_multiplier(ctx)))
    t = min(_month(ctx, at), cp.shape[1] - 1)
    return cp[:, t].astype(float)


CATALOGUE: dict[str, Metric] = {}


def _add(name, description, unit, needs_at, fn):
    CATALOGUE[name] = Metric(name, description, unit, needs_at, fn)


_add("zone_open", "1 if the zone of agreement is open (in at least half of the battlefield paths) at month `at`, else 0.", "0/1", True, _zone_open)
_add("zone_open_month", "First month the zone of agreement is open in at least half of the paths (horizon + 1 if never).", "month", False, _zone_open_month)
_add("p_zone_open", "Probability over battlefield paths that the zone is open at month `at`.", "probability", True,
     lambda ctx, at, k: _p_open(ctx)[:, _month(ctx, at)])
_add("p_deal_by", "Probability that a deal has become rational for both principals (the zone has opened) by month `at`.", "probability", True,
     lambda ctx, at, k: _p_open_by(ctx)[:, _month(ctx, at)])
_add("p_agreement_by", "Probability that the bargaining equilibrium has struck a deal by month `at`.", "probability", True,
     lambda ctx, at, k: _p_deal_by(ctx)[:, _month(ctx, at)])
_add("settlement_utility", "A principal's expected equilibrium value of bargaining from month `at` (utility 0..1 per month).", "utility", True,
     lambda ctx, at, k: _settlement(ctx)[:, k, _month(ctx, at)])
_add("war_value", "A principal's expected value of fighting on at month `at` (utility per month; negative when costs exceed gains).", "utility", True,
     lambda ctx, at, k: _war_value(ctx)[:, k, _month(ctx, at)])
_add("delay_gain", "Change of a principal's equilibrium value per month of delay (slope over months 0-12); > 0: it gains from waiting.", "utility/month", False, _delay_gain)
_add("p_breakdown_within", "Probability that the equilibrium settlement breaks down within `at` months (durability and its guarantee; default 60).", "probability", True, _p_breakdown)
_add("commitment_problem", "1 if Powell's commitment problem blocks a durable deal at month `at` (with the settlement's guarantee), else 0.", "0/1", True, _commitment_metric)

PER_PRINCIPAL = {"settlement_utility", "war_value", "delay_gain"}

# month-by-month metrics as whole series, (ctx, principal index) -> (W, H+1): read at many months at once
SERIES: dict[str, Callable[[Context, int | None], np.ndarray]] = {
    "p_zone_open": lambda ctx, k: _p_open(ctx),
    "p_deal_by": lambda ctx, k: _p_open_by(ctx),
    "p_agreement_by": lambda ctx, k: _p_deal_by(ctx),
    "settlement_utility": lambda ctx, k: _settlement(ctx)[:, k],
    "war_value": lambda ctx, k: _war_value(ctx)[:, k],
}


def names(principals) -> dict[str, Metric]:
    """Every metric name a scenario's claims and sweeps may use: per-principal metrics once per
    principal (``delay_gain.RU``), the others as they are.

    >>> sorted(n for n in names(["A", "B"]) if n.startswith("delay_gain"))
    ['delay_gain.A', 'delay_gain.B']
    """
    return {name: m for m in CATALOGUE.values()
            for name in ([f"{m.name}.{p}" for p in principals] if m.name in PER_PRINCIPAL else [m.name])}


def parse(name: str, principals: tuple[str, str]) -> tuple[Metric, int | None]:
    """``'delay_gain.RU'`` -> (the metric, principal index)."""
    base, _, who = name.partition(".")
    if base not in CATALOGUE:
        import difflib

        close = difflib.get_close_matches(base, list(CATALOGUE), n=1)
        raise KeyError(f"unknown metric {base!r}" + (f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(CATALOGUE)}"))
    if base in PER_PRINCIPAL:
        if who not in principals:
            raise KeyError(f"metric {base!r} needs a principal: {base}.{principals[0]} or {base}.{principals[1]}")
        return CATALOGUE[base], principals.index(who)
    if who:
        raise KeyError(f"metric {base!r} takes no principal (got {name!r})")
    return CATALOGUE[base], None


def evaluate(ctx: Context, name: str, at: int | None = None) -> np.ndarray:
    """The metric ``name`` (e.g. ``'delay_gain.RU'``) for every world, shape (W,)."""
    metric, k = parse(name, ctx.principals)
    return np.asarray(metric.fn(ctx, at, k), dtype=float)


def evaluate_months(ctx: Context, name: str, months: Sequence[int | None]) -> np.ndarray:
    """The metric ``name`` at each of ``months`` for every world, shape (W, len(months)): the same
    numbers as :func:`evaluate` month by month, read from the whole series in one step where the
    metric has one (:data:`SERIES`)."""
    metric, k = parse(name, ctx.principals)
    series = SERIES.get(metric.name)
    if series is None:
        return np.column_stack([evaluate(ctx, name, at) for at in months]) if months else np.empty((ctx.inp.mu.shape[0], 0))
    return np.asarray(series(ctx, k)[:, [_month(ctx, at) for at in months]], dtype=float)


def quantile_over_states(ctx: Context, arr: np.ndarray, q: float) -> np.ndarray:
    """The q-quantile over the battlefield distribution of a (W, H+1, n) array -> (W, H+1)."""
    order = np.argsort(arr, axis=-1)
    vals = np.take_along_axis(arr, order, axis=-1)
    w = np.take_along_axis(ctx.sol.dist, order, axis=-1)
    cw = np.cumsum(w, axis=-1)
    idx = (cw < q - 1e-12).sum(axis=-1)
    idx = np.clip(idx, 0, arr.shape[-1] - 1)
    return np.take_along_axis(vals, idx[..., None], axis=-1)[..., 0]

