"""A lazy handle on a sweep's results, on disk or in memory.

Nothing is read until asked: :meth:`SweepResult.iter_tables` yields one part
at a time (bounded memory), :meth:`SweepResult.query` runs SQL with DuckDB over
the parts (table ``results``, plus any extra table by its name), and
:meth:`SweepResult.to_pandas` concatenates everything (only when you ask).

Examples
--------
>>> import numpy as np
>>> from scipy import stats
>>> from zopa.sweep import run
>>> def half(params, rand):
...     return {"results": __import__("pandas").DataFrame({"y": params["x"] / 2})}
>>> res = run(half, {"x": stats.uniform()}, n_worlds=1000, seed=1, executor="serial",
...           progress=False)
>>> res.query("SELECT count(*) AS n, round(avg(y), 1) AS m FROM results").to_dict("records")
[{'n': 1000, 'm': 0.2}]
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from zopa.errors import InputError, Problem
from zopa.sweep.store import MANIFEST, decode_part, part_files, read_manifest, table_prefix

__all__ = ["SweepResult", "open_sweep"]

_BOOLEAN = {pa.bool_(): pd.BooleanDtype()}
_NUMERIC = {
    "DOUBLE", "FLOAT", "BIGINT", "INTEGER", "SMALLINT", "TINYINT", "HUGEINT", "UBIGINT",
    "UINTEGER", "USMALLINT", "UTINYINT", "DECIMAL", "BOOLEAN",
}


class SweepResult:
    """The results of a sweep (see the module docstring).

    Parameters
    ----------
    manifest : dict
        The sweep's manifest (identity, parts, status).
    root : pathlib.Path, optional
        The sweep directory; None for a sweep kept in memory.
    memory : dict, optional
        For in-memory sweeps: table name -> {batch index: Parquet bytes}.
    """

    def __init__(
        self,
        manifest: dict[str, Any],
        root: Path | None = None,
        memory: dict[str, dict[int, bytes]] | None = None,
    ):
        self.manifest = manifest
        self.path = None if root is None else Path(root)
        self._memory = memory

    def __repr__(self) -> str:
        where = str(self.path) if self.path is not None else "memory"
        ident = self.manifest["identity"]
        return (
            f"SweepResult({where}: {ident['n_worlds']} worlds, analysis "
            f"{ident['analysis']['name']}, {'complete' if self.complete else 'incomplete'})"
        )

    @property
    def complete(self) -> bool:
        """Whether every batch's results are stored."""
        return self.manifest.get("status") == "complete"

    @property
    def n_worlds(self) -> int:
        return int(self.manifest["identity"]["n_worlds"])

    @property
    def tables(self) -> list[str]:
        """The tables the analysis produced (``results`` first)."""
        if self._memory is not None:
            names = list(self._memory)
        else:
            names = list(self.manifest.get("tables", ["results"]))
        return sorted(names, key=lambda t: (t != "results", t))

    def _paths(self, table: str) -> list[Path]:
        """Part files of ``table`` for the batches whose ``results`` part exists.

        A batch's ``results`` part is written last, so an extra table's file of an
        unfinished batch is never read.
        """
        assert self.path is not None
        complete = part_files(self.path / "parts", "results")
        if table == "results":
            return list(complete.values())
        files = part_files(self.path / "parts", table)
        return [p for i, p in files.items() if i in complete]

    def _check_table(self, table: str) -> None:
        if table not in self.tables:
            raise ValueError(f"table must be one of {', '.join(self.tables)}, got {table!r}")

    def iter_tables(self, table: str = "results", columns: list[str] | None = None) -> Iterator[pa.Table]:
        """Each complete part of ``table`` in batch order, as a :class:`pyarrow.Table`."""
        import pyarrow.parquet as pq

        self._check_table(table)
        if self._memory is not None:
            for index in sorted(self._memory[table]):
                yield decode_part(self._memory[table][index], columns)
            return
        for p in self._paths(table):
            yield pq.read_table(p, columns=columns)

    def to_arrow(self, table: str = "results", columns: list[str] | None = None) -> pa.Table:
        """All of ``table`` as one Arrow table, worlds in order."""
        parts = list(self.iter_tables(table, columns))
        if not parts:
            raise ValueError("the sweep has no complete part yet")
        return pa.concat_tables(parts)

    def to_pandas(self, table: str = "results", columns: list[str] | None = None) -> pd.DataFrame:
        """All of ``table`` as one DataFrame (loads everything: mind the size).

        Boolean columns become pandas' nullable ``boolean`` dtype (claims' truth values
        are NA in worlds a claim does not speak of).
        """
        return self.to_arrow(table, columns).to_pandas(types_mapper=_BOOLEAN.get)

    def connect(self):
        """A DuckDB connection with one view per table (``results``, extras by name)."""
        import duckdb

        con = duckdb.connect()
        for table in self.tables:
            if self._memory is not None:
                con.register(table, self.to_arrow(table))
                continue
            paths = self._paths(table)
            if not paths:
                continue
            every = len(paths) == len(part_files(self.path / "parts", table))
            if every and not any(c in str(self.path) for c in "*?[{"):  # the glob matches complete parts only: short SQL for big sweeps
                glob = str(self.path / "parts" / f"{table_prefix(table)}-*.parquet")
                source = "'" + glob.replace("'", "''") + "'"
            else:  # an unfinished batch left an extra table's part: list the others
                source = "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({source})")
        return con

    def query(self, sql: str) -> pd.DataFrame:
        """Run SQL over the results with DuckDB; return a DataFrame.

        Raises
        ------
        ValueError
            If the SQL does not run (the message is DuckDB's).
        """
        import duckdb

        con = self.connect()
        try:
            return con.execute(sql).df()
        except duckdb.Error as err:
            raise ValueError(f"query failed: {err}") from err
        finally:
            con.close()

    def summary(self, table: str = "results") -> pd.DataFrame:
        """Per-column summary: count, mean (share for booleans), std, min, quantiles, max.

        Computed by DuckDB while reading the parts; ``world`` is left out.
        """
        self._check_table(table)
        con = self.connect()
        try:
            schema = con.execute(f"DESCRIBE {table}").df()
            names, types, exprs = [], [], []
            for name, typ in zip(schema["column_name"], schema["column_type"], strict=True):
                if name == "world" or typ.split("(")[0] not in _NUMERIC:
                    continue
                q = '"' + name.replace('"', '""') + '"'
                x = f"CAST({q} AS DOUBLE)"
                exprs += [
                    f"count({q})", f"avg({x})", f"stddev_samp({x})", f"min({x})",
                    f"quantile_cont({x}, 0.05)", f"quantile_cont({x}, 0.5)",
                    f"quantile_cont({x}, 0.95)", f"max({x})",
                ]
                names.append(name)
                types.append(typ.lower())
            vals = con.execute(f"SELECT {', '.join(exprs)} FROM {table}").fetchone() if exprs else []
        finally:
            con.close()
        rows = [[n, t, *vals[8 * i : 8 * i + 8]] for i, (n, t) in enumerate(zip(names, types, strict=True))]
        cols = ["column", "type", "count", "mean", "std", "min", "p05", "p50", "p95", "max"]
        return pd.DataFrame(rows, columns=cols)


def open_sweep(path: str | Path) -> SweepResult:
    """Open a sweep directory written by :func:`zopa.sweep.run` (complete or not).

    Raises
    ------
    InputError
        If ``path`` holds no sweep manifest.
    """
    root = Path(path)
    manifest = read_manifest(root)
    if manifest is None:
        raise InputError(
            [Problem(str(root), None, None, "", f"no sweep here: {MANIFEST} is missing",
                     "give the --out directory of a `zopa sweep` run")]
        )
    return SweepResult(manifest, root=root)
