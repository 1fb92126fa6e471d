"""Claims: statements about the outcome, stated as data and checked world by world.

A claim is a predicate ``metric op threshold`` on the per-world summary table
(the metric is read ``at`` a time when it needs one), optionally with more
predicates that must ``also`` hold and conditions (``when``) that restrict the
worlds it speaks about.  It is never code: metrics come from the catalogue of
:mod:`zopa.sweep.metrics`.  In a scenario file::

    claims:
      - id: delay-favours-moscow
        text: "The longer this goes on, the better it is for Moscow."
        source: seed-1
        metric: ru_share_gain
        at: 24
        op: ">"
        threshold: 0
      - id: no-zone-while-ru-advances
        text: "No zone of agreement while the front moves Russia's way."
        source: seed-2
        metric: zone_open_month
        op: ">"
        threshold: 12
        when: [{metric: "input:battlefield.drift", op: ">", threshold: 0}]

Semantics: a missing value (NaN, e.g. the month of a deal that never comes)
makes a predicate false whatever its operator.  A world where a ``when``
condition fails has no truth value (NA) and does not count in the claim's odds,
which are then conditional shares.  Booleans compare only with ``==``/``!=``.

Examples
--------
>>> import pandas as pd
>>> from zopa.sweep.metrics import MetricCatalogue
>>> cat = MetricCatalogue()
>>> _ = cat.register("deal_month", "month a deal is signed (NaN: none)", "month", "deal_month")
>>> table = pd.DataFrame({"world": [0, 1, 2, 3], "deal_month": [5.0, 30.0, float("nan"), 11.0]})
>>> claim = Claim(id="early-deal", text="A deal within a year.", source="s1",
...               metric="deal_month", op="<", threshold=12)
>>> evaluate_claims(table, [claim], catalogue=cat)["early-deal"].tolist()
[True, False, False, True]
>>> claim_odds(table, [claim], catalogue=cat)[["holds", "worlds", "share"]].to_dict("records")
[{'holds': 2, 'worlds': 4, 'share': 0.5}]
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, field_validator

from zopa.sweep.metrics import CATALOGUE, MetricCatalogue

__all__ = [
    "Predicate", "Claim", "evaluate_claims", "claim_odds", "check_claims", "claim_columns",
    "binomial_interval", "claim_body", "as_claims",
]

Op = Literal["<", "<=", ">", ">=", "==", "!="]
_OPS = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
    "==": operator.eq, "!=": operator.ne,
}


class Predicate(BaseModel):
    """``metric op threshold``, the metric read ``at`` a time where it needs one."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: str = Field(min_length=1, description="A name from the metric catalogue.")
    op: Op = Field(description="One of <, <=, >, >=, ==, !=.")
    threshold: bool | float = Field(description="The value the metric is compared with.")
    at: int | float | str | None = Field(
        default=None, description="When the metric is read (a month, or a label the metric knows)."
    )

    @field_validator("at")
    @classmethod
    def _whole_months(cls, v: Any) -> Any:
        """``24.0`` reads as month ``24`` (column templates such as ``share_m{at}``)."""
        if isinstance(v, float) and v.is_integer():
            return int(v)
        return v


class Claim(Predicate):
    """A claim from a source, as a checkable predicate (see the module docstring)."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", description="Short unique id.")
    text: str = Field(min_length=1, description="The claim as its source words it.")
    source: str | list[str] | None = Field(
        default=None, description="The id(s) of the source(s) that make the claim."
    )
    also: tuple[Predicate, ...] = Field(default=(), description="Predicates that must hold too.")
    when: tuple[Predicate, ...] = Field(
        default=(), description="Conditions: the claim speaks only of worlds where they hold."
    )
    basis: str | None = Field(default=None, description="e.g. 'judgement' for a reading of the text.")
    rationale: str | None = Field(default=None, description="Why the predicate renders the text.")


def as_claims(claims: Iterable[Any]) -> list[Claim]:
    """Claims from :class:`Claim` objects, dicts, or other models with the same fields.

    Fields this module does not know (e.g. a scenario claim's provenance) are dropped.

    Examples
    --------
    >>> as_claims([{"id": "c", "text": "t", "metric": "input:x", "op": ">", "threshold": 1, "at": 12.0}])[0].at
    12
    """
    out = []
    for c in claims:
        if isinstance(c, Claim):
            out.append(c)
            continue
        data = c.model_dump() if callable(getattr(c, "model_dump", None)) else dict(c)
        known = {k: v for k, v in data.items() if k in Claim.model_fields}
        out.append(Claim.model_validate(known))
    return out


def _truth(pred: Predicate, table: pd.DataFrame, catalogue: MetricCatalogue) -> np.ndarray:
    metric = catalogue.get(pred.metric)
    values = metric.values(table, pred.at)
    if values.dtype == object:
        values = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float)
    if isinstance(pred.threshold, bool) or values.dtype == bool:
        if pred.op not in ("==", "!="):
            raise ValueError(
                f"metric {pred.metric!r} with threshold {pred.threshold!r}: booleans compare "
                f"only with == or !=, not {pred.op!r}"
            )
    with np.errstate(invalid="ignore"):
        out = np.asarray(_OPS[pred.op](values, pred.threshold), dtype=bool)
    if values.dtype.kind == "f":
        out &= ~np.isnan(values)
    return out


def claim_body(table: pd.DataFrame, claim: Claim, catalogue: MetricCatalogue | None = None) -> np.ndarray:
    """Whether the claim's predicate and every ``also`` hold, row by row (ignores ``when``)."""
    catalogue = CATALOGUE if catalogue is None else catalogue
    body = _truth(claim, table, catalogue)
    for pred in claim.also:
        body &= _truth(pred, table, catalogue)
    return body


def _condition(table: pd.DataFrame, claim: Claim, catalogue: MetricCatalogue) -> np.ndarray:
    cond = np.ones(len(table), dtype=bool)
    for pred in claim.when:
        cond &= _truth(pred, table, catalogue)
    return cond


def check_claims(claims: Sequence[Claim], catalogue: MetricCatalogue | None = None) -> list[str]:
    """Problems with a list of claims (unknown metrics, missing ``at``, duplicate ids).

    Returns one message per problem, prefixed by ``claims[i]`` and the field, for the
    scenario loader to turn into file:line errors; an empty list means all is well.

    Examples
    --------
    >>> cat = MetricCatalogue()
    >>> _ = cat.register("deal_month", "month a deal is signed", "month", "deal_month")
    >>> check_claims([Claim(id="a", text="t", source="s", metric="deal_mnth", op="<", threshold=1)], cat)
    ["claims[0].metric: unknown metric 'deal_mnth'; did you mean deal_month? (known: deal_month, and input:<input path>)"]
    """
    catalogue = CATALOGUE if catalogue is None else catalogue
    claims = as_claims(claims)
    problems: list[str] = []
    seen: set[str] = set()
    for i, claim in enumerate(claims):
        if claim.id in seen:
            problems.append(f"claims[{i}].id: duplicate claim id {claim.id!r}")
        seen.add(claim.id)
        preds = [("", claim)] + [(f".also[{j}]", p) for j, p in enumerate(claim.also)]
        preds += [(f".when[{j}]", p) for j, p in enumerate(claim.when)]
        for where, pred in preds:
            try:
                metric = catalogue.get(pred.metric)
            except ValueError as err:
                problems.append(f"claims[{i}]{where}.metric: {err}")
                continue
            if metric.needs_at and pred.at is None:
                problems.append(f"claims[{i}]{where}.at: metric {pred.metric!r} needs 'at' (when it is read)")
    return problems


def claim_columns(claims: Iterable[Claim], catalogue: MetricCatalogue | None = None) -> list[str]:
    """The summary-table columns the claims read (to read only those from a store)."""
    catalogue = CATALOGUE if catalogue is None else catalogue
    cols: list[str] = []
    for claim in as_claims(claims):
        for pred in (claim, *claim.also, *claim.when):
            for c in catalogue.get(pred.metric).columns_for(pred.at):
                if c not in cols:
                    cols.append(c)
    return cols


def evaluate_claims(
    table: pd.DataFrame, claims: Sequence[Claim], catalogue: MetricCatalogue | None = None
) -> pd.DataFrame:
    """Each claim's truth in each world of a per-world summary table.

    Returns
    -------
    pandas.DataFrame
        ``world`` (when the table has it) and one nullable-boolean column per claim id:
        True or False, or NA where a ``when`` condition fails.
    """
    catalogue = CATALOGUE if catalogue is None else catalogue
    claims = as_claims(claims)
    ids = [c.id for c in claims]
    if len(set(ids)) != len(ids):
        raise ValueError("claim ids must be unique")
    out = pd.DataFrame(index=table.index)
    if "world" in table.columns:
        out["world"] = table["world"].to_numpy()
    for claim in claims:
        body = claim_body(table, claim, catalogue)
        cond = _condition(table, claim, catalogue)
        out[claim.id] = pd.arrays.BooleanArray(body, mask=~cond)
    return out


def binomial_interval(
    holds: np.ndarray | int, n: np.ndarray | int, level: float = 0.95, method: str = "wilson"
) -> tuple[np.ndarray, np.ndarray]:
    """Confidence interval for a binomial proportion ``holds / n``.

    ``wilson`` is the score interval (Wilson 1927, JASA 22:209); ``clopper-pearson``
    the exact interval from beta quantiles (Clopper & Pearson 1934, Biometrika 26:404).
    ``n == 0`` gives NaN.

    Examples
    --------
    >>> lo, hi = binomial_interval(81, 263)   # Newcombe (1998) example: 0.2553 to 0.3662
    >>> round(float(lo), 4), round(float(hi), 4)
    (0.2553, 0.3662)
    """
    from scipy import stats

    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level!r}")
    k = np.asarray(holds, dtype=float)
    n = np.asarray(n, dtype=float)
    alpha = 1.0 - level
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "wilson":
            z = stats.norm.ppf(1 - alpha / 2)
            p = k / n
            denom = 1 + z**2 / n
            centre = (p + z**2 / (2 * n)) / denom
            half = z / denom * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
            lo, hi = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
        elif method == "clopper-pearson":
            lo = np.where(k > 0, stats.beta.ppf(alpha / 2, k, n - k + 1), 0.0)
            hi = np.where(k < n, stats.beta.ppf(1 - alpha / 2, k + 1, n - k), 1.0)
        else:
            raise ValueError(f"method must be 'wilson' or 'clopper-pearson', got {method!r}")
    bad = n <= 0
    return np.where(bad, np.nan, lo), np.where(bad, np.nan, hi)


def claim_odds(
    source: Any,
    claims: Sequence[Claim],
    level: float = 0.95,
    method: str = "wilson",
    catalogue: MetricCatalogue | None = None,
) -> pd.DataFrame:
    """How often each claim holds, with a confidence interval.

    Parameters
    ----------
    source : pandas.DataFrame or SweepResult
        A per-world summary table, or a sweep's results (read part by part, so a
        sweep of any size is summarised in bounded memory).
    claims : sequence of Claim
    level, method
        See :func:`binomial_interval`.
    catalogue : MetricCatalogue, optional
        Defaults to the global catalogue.

    Returns
    -------
    pandas.DataFrame
        One row per claim: ``id``, ``text``, ``source``, ``metric``, ``worlds`` (worlds
        the claim speaks of), ``holds``, ``share``, ``low``, ``high``, ``level``.
    """
    catalogue = CATALOGUE if catalogue is None else catalogue
    claims = as_claims(claims)
    holds = np.zeros(len(claims), dtype=np.int64)
    worlds = np.zeros(len(claims), dtype=np.int64)
    if isinstance(source, pd.DataFrame):
        chunks: Iterable[pd.DataFrame] = [source]
    elif callable(getattr(source, "iter_tables", None)):
        import pyarrow as pa

        cols = claim_columns(claims, catalogue)
        boolean = {pa.bool_(): pd.BooleanDtype()}.get
        chunks = (t.to_pandas(types_mapper=boolean) for t in source.iter_tables("results", columns=cols))
    else:
        raise ValueError(f"source must be a DataFrame or a SweepResult, got {type(source).__name__}")
    for chunk in chunks:
        truth = evaluate_claims(chunk, claims, catalogue)
        for i, claim in enumerate(claims):
            col = truth[claim.id]
            worlds[i] += int(col.notna().sum())
            holds[i] += int(col.sum(skipna=True))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(worlds > 0, holds / np.maximum(worlds, 1), np.nan)
    lo, hi = binomial_interval(holds, worlds, level=level, method=method)
    return pd.DataFrame(
        {
            "id": [c.id for c in claims],
            "text": [c.text for c in claims],
            "source": [c.source for c in claims],
            "metric": [c.metric for c in claims],
            "worlds": worlds,
            "holds": holds,
            "share": share,
            "low": lo,
            "high": hi,
            "level": level,
        }
    )
