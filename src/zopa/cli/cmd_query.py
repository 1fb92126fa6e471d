"""``zopa query DIR [SQL]``: SQL (DuckDB) over the Parquet parts of a sweep."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from zopa.cli import app
from zopa.cli._output import CsvOpt, JsonOpt, emit_json, emit_table

SweepArg = Annotated[
    Path, typer.Argument(help="A sweep directory (the --out of `zopa sweep`).", metavar="DIR")
]
SqlArg = Annotated[
    str | None,
    typer.Argument(
        help="SQL over the table `results` (one row per world) and any extra table (e.g. "
        "`monthly`). Without it: a summary of every column of `results`.",
        metavar="SQL",
    ),
]
MaxRowsOpt = Annotated[
    int,
    typer.Option("--max-rows", min=1, help="Rows shown in the terminal table (--json and --csv get all)."),
]


def _records(df) -> list[dict[str, Any]]:
    import decimal

    import pandas as pd

    out = []
    for row in df.astype(object).itertuples(index=False):
        rec = {}
        for name, v in zip(df.columns, row, strict=True):
            if v is None or (not isinstance(v, list | tuple | dict) and pd.isna(v)):
                v = None
            elif isinstance(v, decimal.Decimal):
                v = float(v)
            rec[str(name)] = v
        out.append(rec)
    return out


@app.command("query")
def query(
    sweep: SweepArg,
    sql: SqlArg = None,
    json_: JsonOpt = False,
    csv: CsvOpt = None,
    max_rows: MaxRowsOpt = 50,
) -> None:
    """Query a sweep's results with SQL (DuckDB), or summarise them.

    Examples: `zopa query out/ "SELECT avg(zone_open::INT) FROM results"`,
    `zopa query out/ "SELECT month, avg(share) FROM monthly GROUP BY month ORDER BY month"`.
    Only complete parts are read, so a running or interrupted sweep can be queried too.
    """
    from zopa.errors import InputError, Problem
    from zopa.sweep import open_sweep
    from zopa.sweep.store import part_files

    res = open_sweep(sweep)
    ident = res.manifest["identity"]
    batch, n = int(ident["batch_size"]), int(ident["n_worlds"])
    done = sum(min((i + 1) * batch, n) - i * batch for i in part_files(sweep / "parts"))
    if done == 0:
        raise InputError([Problem(str(sweep), None, None, "", "the sweep has no complete part yet")])
    if sql is None:
        df = res.summary()
    else:
        try:
            df = res.query(sql)
        except ValueError as err:
            raise InputError([Problem("<sql>", None, None, "", str(err), "the tables are: " + ", ".join(res.tables))]) from None
    if json_:
        emit_json({
            "sweep": str(sweep),
            "complete": res.complete,
            "n_worlds": n,
            "worlds_done": done,
            "tables": res.tables,
            "sql": sql,
            "columns": [{"name": str(c), "type": str(t)} for c, t in df.dtypes.items()],
            "row_count": len(df),
            "rows": _records(df),
        })
        return
    status = "complete" if res.complete else f"incomplete: {done:,} of {n:,} worlds"
    title = f"{sweep} ({ident['analysis']['name']}, {status})"
    if csv is not None and csv != "-":
        emit_table(df.head(max_rows), title=title)
        from zopa.cli._output import write_csv

        write_csv(df, csv)
    else:
        emit_table(df if csv == "-" else df.head(max_rows), title=title, csv=csv)
    if csv != "-" and len(df) > max_rows:
        typer.echo(f"... {len(df) - max_rows} more rows (use --csv or --json for all)", err=True)
