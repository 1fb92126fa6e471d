"""The catalogue of metrics that claims may name.

A claim never contains code: it names a *metric* from this catalogue, and the
catalogue maps the name to a column of the per-world summary table an analysis
produces (or, for derived metrics, to a registered function of that table).
Analyses register their metrics when their module is imported
(``register_metric("deal_month", ..., column="deal_month")``).  A metric read
at a time has ``{at}`` in its column template (``"ru_share_m{at}"``), and the
claim says ``at: 24``.

Every uncertain input is a metric too: ``input:<path>`` reads the column
``input.<path>`` that a sweep stores beside the analysis' own columns.

Examples
--------
>>> cat = MetricCatalogue()
>>> _ = cat.register("ru_share", "Russia's equilibrium share of contested territory",
...                  unit="share", column="ru_share_m{at}")
>>> cat.get("ru_share").column_for(24)
'ru_share_m24'
>>> cat.get("input:battlefield.drift").column_for(None)
'input.battlefield.drift'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Metric", "MetricCatalogue", "CATALOGUE", "register_metric", "INPUT_PREFIX"]

INPUT_PREFIX = "input:"
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.]*$")


@dataclass(frozen=True)
class Metric:
    """One catalogue entry.

    Parameters
    ----------
    name : str
        The name claims use.
    description : str
        What it measures, in plain words (shown in ``zopa claims`` and the docs).
    unit : str
        ``share``, ``month``, ``bool``, ``utility``, ``USD bn``, ...
    column : str, optional
        The summary-table column; ``{at}`` in it is replaced by the claim's ``at``.
    compute : callable, optional
        ``compute(table, at) -> array`` for a derived metric (instead of ``column``).
    reads : tuple of str
        The columns ``compute`` reads (templates allowed), so stores can read only those.
    """

    name: str
    description: str
    unit: str
    column: str | None = None
    compute: Callable[[pd.DataFrame, Any], Any] | None = field(default=None, compare=False)
    reads: tuple[str, ...] = ()

    @property
    def needs_at(self) -> bool:
        """Whether a claim must give ``at`` to read this metric."""
        return any("{at}" in c for c in self._templates())

    def _templates(self) -> tuple[str, ...]:
        return (self.column,) if self.column is not None else tuple(self.reads)

    def column_for(self, at: Any) -> str | None:
        """The column read for a given ``at`` (None for computed metrics)."""
        if self.column is None:
            return None
        return self.column.format(at=at) if "{at}" in self.column else self.column

    def columns_for(self, at: Any) -> list[str]:
        """Every column this metric reads at ``at``."""
        return [c.format(at=at) if "{at}" in c else c for c in self._templates()]

    def values(self, table: pd.DataFrame, at: Any = None) -> np.ndarray:
        """The metric's value in every row of ``table``.

        Raises
        ------
        ValueError
            If ``at`` is missing for a metric read at a time, or a column is absent.
        """
        if self.needs_at and at is None:
            raise ValueError(f"metric {self.name!r} is read at a time: the claim must give 'at'")
        missing = [c for c in self.columns_for(at) if c not in table.columns]
        if missing:
            raise ValueError(
                f"metric {self.name!r} needs column(s) {', '.join(map(repr, missing))}, which "
                f"the results do not have (columns: {', '.join(map(str, table.columns))})"
            )
        if self.compute is not None:
            return np.asarray(self.compute(table, at))
        return table[self.column_for(at)].to_numpy()


class MetricCatalogue:
    """A registry of metrics by name (see the module docstring)."""

    def __init__(self) -> None:
        self._metrics: dict[str, Metric] = {}

    def register(
        self,
        name: str,
        description: str,
        unit: str,
        column: str | None = None,
        *,
        compute: Callable[[pd.DataFrame, Any], Any] | None = None,
        reads: tuple[str, ...] = (),
        replace: bool = False,
    ) -> Metric:
        """Add a metric; give exactly one of ``column`` or ``compute`` (with ``reads``).

        Registering the same definition twice is harmless; a different definition
        under an existing name needs ``replace=True``.
        """
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"metric name must match {_NAME.pattern}, got {name!r}")
        if (column is None) == (compute is None):
            raise ValueError(f"metric {name!r}: give exactly one of column= or compute=")
        if compute is not None and not reads:
            raise ValueError(f"metric {name!r}: a computed metric must list the columns it reads")
        metric = Metric(name, description, unit, column, compute, tuple(reads))
        old = self._metrics.get(name)
        if old is not None and old != metric and not replace:
            raise ValueError(f"metric {name!r} is already registered with another definition")
        self._metrics[name] = metric
        return metric

    def get(self, name: str) -> Metric:
        """The metric called ``name``; ``input:<path>`` names an uncertain input.

        Raises
        ------
        ValueError
            For an unknown name, with the closest known names as a hint.
        """
        if isinstance(name, str) and name.startswith(INPUT_PREFIX) and len(name) > len(INPUT_PREFIX):
            path = name[len(INPUT_PREFIX):]
            return Metric(name, f"sampled value of the uncertain input {path}", "input", f"input.{path}")
        if name in self._metrics:
            return self._metrics[name]
        close = difflib.get_close_matches(str(name), list(self._metrics), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise ValueError(
            f"unknown metric {name!r}{hint} (known: {', '.join(sorted(self._metrics)) or 'none'}, "
            f"and {INPUT_PREFIX}<input path>)"
        )

    def __contains__(self, name: object) -> bool:
        try:
            self.get(name)  # type: ignore[arg-type]
        except ValueError:
            return False
        return True

    def __iter__(self) -> Iterator[Metric]:
        return iter(sorted(self._metrics.values(), key=lambda m: m.name))

    def __len__(self) -> int:
        return len(self._metrics)

    def to_frame(self) -> pd.DataFrame:
        """The catalogue as a table (name, description, unit, column, needs_at)."""
        rows = [
            {
                "name": m.name,
                "description": m.description,
                "unit": m.unit,
                "column": m.column if m.column is not None else "(computed from " + ", ".join(m.reads) + ")",
                "needs_at": m.needs_at,
            }
            for m in self
        ]
        return pd.DataFrame(rows, columns=["name", "description", "unit", "column", "needs_at"])


#: The default catalogue; analyses register their metrics here.
CATALOGUE = MetricCatalogue()


def register_metric(
    name: str,
    description: str,
    unit: str,
    column: str | None = None,
    *,
    compute: Callable[[pd.DataFrame, Any], Any] | None = None,
    reads: tuple[str, ...] = (),
    replace: bool = False,
) -> Metric:
    """Register a metric in the default :data:`CATALOGUE` (see :meth:`MetricCatalogue.register`)."""
    return CATALOGUE.register(
        name, description, unit, column, compute=compute, reads=reads, replace=replace
    )
