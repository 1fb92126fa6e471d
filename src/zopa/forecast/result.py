"""What every forecasting model returns: :class:`ForecastResult`.

A result holds, in tidy form, each actor's position on each issue in every
round (round 0 is the input), the model's forecast per issue in every round,
and the final forecast per issue.  One-shot models (compromise, median, nash)
have a single round.

Examples
--------
>>> import numpy as np
>>> from zopa.forecast.data import ForecastInput
>>> inp = ForecastInput(("A", "B"), ("x",), [[0.0], [10.0]], [[1.0], [1.0]], [1.0, 3.0])
>>> res = ForecastResult.from_arrays("demo", inp, inp.position[None], np.array([[7.5]]))
>>> float(res.forecast["x"])
7.5
>>> res.to_json()["rounds"][0]["positions"]
{'A': {'x': 0.0}, 'B': {'x': 10.0}}
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from zopa.forecast.data import ForecastInput

__all__ = ["ForecastResult"]


def _num(v: float) -> float | None:
    v = float(v)
    return None if math.isnan(v) or math.isinf(v) else v


@dataclass(frozen=True, eq=False)
class ForecastResult:
    """The output of one forecasting model on one input.

    Attributes
    ----------
    model : str
        The model's name (``"compromise"``, ``"bdm"``...).
    actors, issues : tuple of str
    rounds : DataFrame
        Columns ``round, actor, issue, position`` (present actors only).
    by_round : DataFrame
        Columns ``round, issue, forecast``: the model's forecast after each round.
    forecast : Series
        The final forecast, indexed by issue.
    tables : dict of DataFrame
        Model-specific extras (BDM risk exponents, SMP win probabilities,
        realised exchanges...).
    params : dict
        The parameters the model ran with.
    """

    model: str
    actors: tuple[str, ...]
    issues: tuple[str, ...]
    rounds: pd.DataFrame
    by_round: pd.DataFrame
    forecast: pd.Series
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    params: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_arrays(
        cls,
        model: str,
        inp: ForecastInput,
        positions: np.ndarray,
        forecasts: np.ndarray,
        *,
        tables: dict[str, pd.DataFrame] | None = None,
        params: dict[str, Any] | None = None,
    ) -> ForecastResult:
        """Build a result from arrays.

        Parameters
        ----------
        positions : array (n_rounds, n_actors, n_issues)
            Positions per round (NaN where absent).
        forecasts : array (n_rounds, n_issues)
            The forecast per round; the last row is the final forecast.
        """
        positions = np.asarray(positions, float)
        forecasts = np.asarray(forecasts, float)
        n_r, n, m = positions.shape
        if (n, m) != inp.position.shape or forecasts.shape != (n_r, m):
            raise ValueError("positions/forecasts do not match the input's shape")
        present = np.broadcast_to(inp.present, positions.shape)
        r, a, i = np.nonzero(present)
        rounds = pd.DataFrame({
            "round": r,
            "actor": np.array(inp.actors, dtype=object)[a],
            "issue": np.array(inp.issues, dtype=object)[i],
            "position": positions[r, a, i],
        })
        rr, ii = np.meshgrid(np.arange(n_r), np.arange(m), indexing="ij")
        by_round = pd.DataFrame({
            "round": rr.ravel(),
            "issue": np.array(inp.issues, dtype=object)[ii.ravel()],
            "forecast": forecasts.ravel(),
        })
        forecast = pd.Series(forecasts[-1], index=pd.Index(inp.issues, name="issue"), name=model)
        return cls(model, inp.actors, inp.issues, rounds, by_round, forecast,
                   dict(tables or {}), dict(params or {}))

    @classmethod
    def concat(cls, results: Sequence[ForecastResult], keys: Sequence[Any], key: str = "case") -> ForecastResult:
        """One result of a model run separately on cases with disjoint issues.

        The issues are those of the cases in order, the actors their union (in
        order of first appearance).  A case whose model stopped earlier than the
        others (SMP's stopping rule) holds its last state in the later rounds,
        so every issue has a value in every round.  Model tables get a first
        column named ``key`` holding the case's key; a parameter that differs
        across cases becomes the list of its values, case by case.

        Parameters
        ----------
        results : sequence of ForecastResult
            The same model's results, one per case.
        keys : sequence
            One key per case (e.g. DEU's proposal id).
        key : str
            The name of the key column in the tables.

        Returns
        -------
        ForecastResult

        Examples
        --------
        >>> from zopa.forecast.data import ForecastInput
        >>> a = ForecastInput(("A", "B"), ("x",), [[0.0], [10.0]], [[1.0], [1.0]], [1.0, 1.0])
        >>> b = ForecastInput(("B", "C"), ("y",), [[2.0], [4.0]], [[1.0], [1.0]], [1.0, 3.0])
        >>> ra = ForecastResult.from_arrays("m", a, a.position[None], np.array([[5.0]]))
        >>> rb = ForecastResult.from_arrays("m", b, np.stack([b.position] * 2), np.array([[3.0], [3.5]]))
        >>> res = ForecastResult.concat([ra, rb], ["p1", "p2"])
        >>> res.actors, res.forecast.to_dict(), res.n_rounds
        (('A', 'B', 'C'), {'x': 5.0, 'y': 3.5}, 2)
        """
        results = list(results)
        keys = list(keys)
        if not results or len(results) != len(keys):
            raise ValueError("concat needs one key per result and at least one result")
        names = {r.model for r in results}
        if len(names) != 1:
            raise ValueError(f"concat joins results of one model, got {sorted(names)}")
        issues = [i for r in results for i in r.issues]
        if len(set(issues)) != len(issues):
            raise ValueError("concat needs cases with distinct issue names")
        n_r = max(r.n_rounds for r in results)
        rounds, by_round = [], []
        for r in results:
            last = r.n_rounds - 1
            rounds.append(r.rounds)
            by_round.append(r.by_round)
            for k in range(last + 1, n_r):
                rounds.append(r.rounds[r.rounds["round"] == last].assign(round=k))
                by_round.append(r.by_round[r.by_round["round"] == last].assign(round=k))
        rounds_df = pd.concat(rounds, ignore_index=True).sort_values("round", kind="stable", ignore_index=True)
        by_round_df = pd.concat(by_round, ignore_index=True).sort_values("round", kind="stable", ignore_index=True)
        forecast = pd.concat([r.forecast for r in results])
        forecast.index.name = "issue"
        forecast.name = results[0].model
        tables: dict[str, pd.DataFrame] = {}
        for name in dict.fromkeys(t for r in results for t in r.tables):
            parts = [r.tables[name].assign(**{key: k}) for r, k in zip(results, keys, strict=True)
                     if name in r.tables and not r.tables[name].empty]
            if parts:
                df = pd.concat(parts, ignore_index=True)
                tables[name] = df[[key, *[c for c in df.columns if c != key]]]
        params: dict[str, Any] = {}
        for p in dict.fromkeys(p for r in results for p in r.params):
            vals = [r.params.get(p) for r in results]
            params[p] = vals[0] if all(v == vals[0] for v in vals) else vals
        actors = tuple(dict.fromkeys(a for r in results for a in r.actors))
        return cls(results[0].model, actors, tuple(issues), rounds_df, by_round_df, forecast, tables, params)

    @property
    def n_rounds(self) -> int:
        """Number of rounds recorded (round 0, the input, included)."""
        return int(self.by_round["round"].max()) + 1

    def positions(self, round: int = -1) -> pd.DataFrame:
        """Positions in one round as an actor x issue table (``-1`` = last round)."""
        k = self.n_rounds - 1 if round < 0 else round
        sub = self.rounds[self.rounds["round"] == k]
        return sub.pivot(index="actor", columns="issue", values="position").reindex(
            index=[a for a in self.actors if a in set(sub["actor"])], columns=list(self.issues))

    def to_json(self) -> dict[str, Any]:
        """The result as ``{"model", "issues", "rounds": [{"positions", "forecast"}], "forecast"}``."""
        rounds = []
        pos_groups = dict(tuple(self.rounds.groupby("round", sort=True)))
        fc_groups = dict(tuple(self.by_round.groupby("round", sort=True)))
        for k in range(self.n_rounds):
            positions: dict[str, dict[str, float | None]] = {}
            sub = pos_groups.get(k)
            if sub is not None:
                for actor, issue, value in zip(sub["actor"], sub["issue"], sub["position"], strict=True):
                    positions.setdefault(actor, {})[issue] = _num(value)
            fc = fc_groups[k]
            rounds.append({
                "positions": positions,
                "forecast": {i: _num(v) for i, v in zip(fc["issue"], fc["forecast"], strict=True)},
            })
        return {
            "model": self.model,
            "issues": list(self.issues),
            "rounds": rounds,
            "forecast": {i: _num(v) for i, v in self.forecast.items()},
        }
