"""Shared output helpers for CLI commands: rich tables, ``--json`` and ``--csv``.

Every command that prints a table also takes ``--csv PATH`` (``-`` for stdout)
and every command takes ``--json``; use :data:`JsonOpt` and :data:`CsvOpt` for
the options and :func:`emit_table` / :func:`emit_json` to write them.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from zopa.jsonready import json_ready

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

JsonOpt = Annotated[bool, typer.Option("--json", help="Print the full result as JSON (see docs/reference/json.md).")]
CsvOpt = Annotated[
    str | None,
    typer.Option("--csv", help="Also write the table as CSV to this path ('-' for stdout).", metavar="PATH"),
]


def emit_json(obj: Any) -> None:
    """Print ``obj`` as indented JSON on stdout."""
    sys.stdout.write(json.dumps(json_ready(obj), indent=2, ensure_ascii=False) + "\n")


def write_csv(df: pd.DataFrame, path: str) -> None:
    """Write a table as CSV to ``path`` (``-`` means stdout)."""
    if path == "-":
        df.to_csv(sys.stdout, index=False)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        df.to_csv(path, index=False)


def rich_table(df: pd.DataFrame, title: str | None = None, floatfmt: str = "{:.3g}"):
    """A :class:`rich.table.Table` of a DataFrame (index dropped)."""
    from rich.table import Table

    table = Table(title=title, show_lines=False, header_style="bold")
    for col in df.columns:
        table.add_column(str(col))
    for row in df.itertuples(index=False):
        cells = []
        for v in row:
            if isinstance(v, float):
                cells.append("" if math.isnan(v) else floatfmt.format(v))
            else:
                cells.append("" if v is None else str(v))
        table.add_row(*cells)
    return table


def console():
    """A rich console on stdout; 160 columns wide when stdout is not a terminal."""
    from rich.console import Console

    con = Console(soft_wrap=False)
    if not con.is_terminal:
        con = Console(soft_wrap=False, width=160)
    return con


def emit_table(df: pd.DataFrame, title: str | None = None, csv: str | None = None) -> None:
    """Print a table on the terminal and write it as CSV when asked.

    With ``csv='-'`` only the CSV is printed (so it can be piped).
    """
    if csv is not None:
        write_csv(df, csv)
        if csv == "-":
            return
    console().print(rich_table(df, title=title))
