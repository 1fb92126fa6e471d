"""Render a :class:`~zopa.report.build.ReportData` as one self-contained HTML file."""

from __future__ import annotations

import base64
import datetime as dt
import html
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from zopa.report import charts as F
from zopa.report.build import ReportData, tables_for
from zopa.report.style import svg

__all__ = ["render", "table_html"]


def _fmt(v) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return ""
    if isinstance(v, bool | np.bool_):
        return "yes" if v else "no"
    if isinstance(v, float | np.floating):
        return f"{v:.3g}" if abs(v) < 1e4 else f"{v:,.0f}"
    return str(v)


def table_html(df: pd.DataFrame, name: str, *, columns: list[str] | None = None, links: dict[str, str] | None = None,
               max_rows: int | None = None, caption: str | None = None) -> str:
    """An HTML table with a CSV download link (a data: URI, so the file stays self-contained)."""
    shown = df[columns] if columns else df
    csv = base64.b64encode(df.to_csv(index=False).encode()).decode()
    rows = shown if max_rows is None else shown.head(max_rows)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in rows.columns)
    body = []
    for rec in rows.itertuples(index=False):
        cells = []
        for col, v in zip(rows.columns, rec, strict=True):
            text = html.escape(_fmt(v))
            if links and col in links and isinstance(v, str) and v:
                text = f'<a href="{html.escape(v)}" rel="noreferrer">{text}</a>'
            cls = ' class="num"' if isinstance(v, int | float | np.integer | np.floating) and not isinstance(v, bool) else ""
            cells.append(f"<td{cls}>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f"<p class='more'>{len(shown) - len(rows)} more rows in the CSV.</p>" if len(rows) < len(shown) else ""
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<div class="table" id="table-{name}"><table>{cap}<thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>{more}'
            f'<a class="csv" download="{name}.csv" href="data:text/csv;base64,{csv}">save as CSV</a></div>')


def _figures(data: ReportData) -> dict[str, str]:
    s = data.scenario
    return {name: svg(fig, name) for name, fig in F.scenario_figures(s, data.zone).items()}


def render(data: ReportData) -> str:
    """The report as one HTML document (inline CSS and SVG figures; no external requests)."""
    from jinja2 import Environment, select_autoescape

    env = Environment(autoescape=select_autoescape(["html", "j2"]), trim_blocks=True, lstrip_blocks=True)
    env.globals.update(table=table_html, fmt=_fmt)
    template = env.from_string((resources.files("zopa.report") / "templates" / "report.html.j2").read_text(encoding="utf-8"))
    s = data.scenario
    tables = tables_for(data)
    return template.render(
        d=data,
        s=s,
        t=tables,
        fig=_figures(data),
        summary=data.summary_lines(),
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        css=(resources.files("zopa.report") / "templates" / "report.css").read_text(encoding="utf-8"),
        principals=[a.id for a in s.principals],
        authority_words={"sign": "can sign", "refer": "must refer back", "none": "no mandate"},
    )


def write_html(data: ReportData, path: str | Path) -> Path:
    """Render and write the report; return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(data), encoding="utf-8")
    return path
