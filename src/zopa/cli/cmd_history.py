"""History commands: ``zopa baserates`` and ``zopa history list|show|backtest``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zopa.cli import app
from zopa.cli._output import CsvOpt, JsonOpt, console, emit_json, emit_table, write_csv

history_app = typer.Typer(
    name="history", help="Historical cases and the backtest of base-rate forecasts.",
    no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
)
app.add_typer(history_app, name="history")

DataOpt = Annotated[
    Path | None,
    typer.Option("--data", help="Folder holding the providers' files (needed for COW and ICB; "
                 "without it, the UCDP files shipped with zopa).", metavar="DIR"),
]
PlotOpt = Annotated[
    Path | None, typer.Option("--plot", help="Save the figure (PNG or SVG, by the file's suffix).", metavar="PATH")
]
_DATASETS_HELP = ("ucdp-termination (default), ucdp-termination-dyad, ucdp-acd, ucdp-peace-agreements, "
                  "cow-interstate, cow-intrastate, icb, icb-actors; repeatable")


def _bad_argument(option: str, err: Exception):
    from zopa.errors import InputError, Problem

    return InputError([Problem(option, None, None, "", str(err))])


def _check_dataset(name: str) -> None:
    from zopa.history._files import dataset_info

    try:
        dataset_info(name)
    except ValueError as err:
        raise _bad_argument("--dataset", err) from None


def _save(fig, path: Path) -> None:
    from zopa.errors import InputError, Problem

    if path.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise InputError([Problem(str(path), None, None, "", "--plot must end in .png, .svg or .pdf")])
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path)
    typer.echo(f"wrote {path}", err=True)


def _pct(x) -> str:
    import math

    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.0f}%"


def _print_baserates(br) -> None:
    import pandas as pd

    from zopa.history import citation
    from zopa.history._files import dataset_info

    info = dataset_info(br.dataset)
    cond = f", given {br.lasted_months:g} months so far" if br.lasted_months > 0 else ""
    import math

    def median(x):  # Kaplan-Meier never falls to one half when fewer than half the episodes have ended
        return "not reached" if x is None or (isinstance(x, float) and math.isnan(x)) else x

    rows, unreached = [], False
    for r in br.summary.itertuples(index=False):
        end = br.ending[br.ending["kind"] == r.kind].set_index("horizon")["end_probability"]
        row = {"kind": r.kind, "episodes": r.n_episodes, "ended": r.n_ended,
               "median (months)": median(r.median_duration)}
        unreached |= row["median (months)"] == "not reached"
        if br.lasted_months > 0:
            row["still running"] = r.n_at_risk
            row["median remaining"] = median(r.median_remaining)
            unreached |= row["median remaining"] == "not reached"
        row.update({f"ends within {h:g} mo": _pct(end.get(h)) for h in br.horizons_months})
        rows.append(row)
    plural = {"crisis": "crises", "actor in a crisis": "actors' crises"}.get(info.unit, info.unit + "s")
    emit_table(pd.DataFrame(rows), title=f"{info.title}: how long {plural} last{cond}")
    top = br.kind or "all"
    ways = br.ways[br.ways["kind"] == top]
    if len(ways):
        wide = ways.pivot_table(index="outcome", columns="horizon", values="probability").reset_index()
        wide.columns = ["way of ending", *[f"within {h:g} mo" for h in wide.columns[1:]]]
        for c in wide.columns[1:]:
            wide[c] = wide[c].map(_pct)
        emit_table(wide, title=f"{top}: how they end{cond} (Aalen-Johansen)")
    if br.recurrence is not None:
        by = br.recurrence.columns[0]
        rec = br.recurrence.assign(cell=[f"{_pct(p)} (n={n})" for p, n in
                                         zip(br.recurrence["probability"], br.recurrence["n_spells"], strict=True)])
        wide = rec.pivot(index=by, columns="years", values="cell").reset_index()
        wide.columns = [by.replace("_", " "), *[f"within {y:g} yr" for y in wide.columns[1:]]]
        emit_table(wide, title="Fighting resumed after the episode ended (Kaplan-Meier)")
    if unreached:
        console().print("[dim]note: a median 'not reached' means fewer than half of those episodes have ended in the data, "
                        "so the survival curve never falls to one half (in --json: null)[/dim]")
    for note in br.notes:
        console().print(f"[dim]note: {note}[/dim]")
    console().print(f"[dim]cite: {citation(br.dataset)}[/dim]")


@app.command("baserates")
def baserates_cmd(
    dataset: Annotated[list[str] | None, typer.Option("--dataset", help=_DATASETS_HELP, metavar="NAME")] = None,
    data: DataOpt = None,
    kind: Annotated[str | None, typer.Option("--kind", help="Reference class: interstate, intrastate, "
                    "internationalised, extrasystemic (UCDP); full, partial, peace_process (agreements); "
                    "a severity for ICB. Default: every kind.")] = None,
    lasted: Annotated[float, typer.Option("--lasted", help="Condition on episodes that have lasted this "
                      "many months (e.g. 45 for a war begun in Feb 2022, seen in Nov 2025).", metavar="MONTHS")] = 0.0,
    horizon: Annotated[list[float] | None, typer.Option("--horizon", help="Months ahead (repeatable; "
                       "default 6, 12, 24).", metavar="MONTHS")] = None,
    plot: PlotOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = None,
) -> None:
    """Base rates: how long wars like this last, how they end, how often fighting resumes."""
    import pandas as pd

    from zopa.errors import InputError
    from zopa.history import baserates, plot_baserates
    names = dataset or ["ucdp-termination"]
    for name in names:
        _check_dataset(name)
    horizons = horizon or [6.0, 12.0, 24.0]
    results = []
    for name in names:
        try:
            results.append(baserates(name, data, kind=kind, lasted_months=lasted, horizons=horizons))
        except InputError:
            raise
        except ValueError as err:
            option = "--kind" if "kind" in str(err) else "--lasted/--horizon"
            raise _bad_argument(option, err) from None
    if plot is not None:
        for br in results:
            target = plot if len(results) == 1 else plot.with_name(f"{plot.stem}-{br.dataset}{plot.suffix}")
            _save(plot_baserates(br), target)
    if csv is not None:
        write_csv(pd.concat([br.to_long() for br in results], ignore_index=True), csv)
    if json:
        emit_json({"datasets": [br.to_dict() for br in results]})
        return
    if csv == "-":
        return
    for br in results:
        _print_baserates(br)


@history_app.command("list")
def history_list(json: JsonOpt = False, csv: CsvOpt = None) -> None:
    """List the historical cases (agreements the 2025-26 talks are compared to)."""
    from zopa.history import cases

    df = cases()
    if json:
        if csv is not None:
            write_csv(df, csv)
        emit_json({"cases": df.to_dict(orient="records")})
        return
    emit_table(df.drop(columns=["held_months"]), title="Historical cases (zopa history show NAME)", csv=csv)


@history_app.command("show")
def history_show(
    name: Annotated[str, typer.Argument(help="A case name (see `zopa history list`).")],
    json: JsonOpt = False,
) -> None:
    """Show a historical case: parties, terms, how long it held and how it ended, sources."""
    from zopa.history import case, case_summary

    try:
        scenario = case(name)
    except ValueError as err:
        if hasattr(err, "problems"):
            raise
        raise _bad_argument("NAME", err) from None
    s = case_summary(scenario)
    if json:
        out = s.model_dump()
        out["sources"] = [{"id": src.id, "url": src.url, "quality": src.quality} for src in scenario.sources]
        out["events"] = [{"id": e.id, "date": str(e.date), "title": e.title} for e in scenario.events]
        out["notes"] = list(scenario.notes)
        emit_json(out)
        return
    c = console()
    c.print(f"[bold]{s.title}[/bold]  ({s.name})")
    c.print(f"date: {s.date}    ended: {s.ended or 'unknown'}    held: {s.held}")
    c.print(f"how it ended: {s.how_it_ended}")
    c.print("parties: " + "; ".join(s.parties))
    c.print("[bold]terms[/bold]")
    for t in s.terms:
        c.print(f"  - {t}")
    c.print("[bold]timeline[/bold]")
    for e in scenario.events:
        c.print(f"  {e.date}  {e.title}  [dim]({', '.join(e.sources)})[/dim]")
    if scenario.notes:
        c.print("[bold]notes[/bold]")
        for note in scenario.notes:
            c.print(f"  - {note}")
    c.print("[bold]sources[/bold]")
    for src in scenario.sources:
        c.print(f"  {src.id}: {src.url} [dim]({src.quality})[/dim]")


@history_app.command("backtest")
def history_backtest(
    dataset: Annotated[str, typer.Option("--dataset", help=_DATASETS_HELP.replace("; repeatable", ""),
                                         metavar="NAME")] = "ucdp-termination",
    data: DataOpt = None,
    cutoff: Annotated[int, typer.Option("--cutoff", help="Fit on what was known on 1 January of this year; "
                      "score the forecasts made after it.", metavar="YEAR")] = 2000,
    horizon: Annotated[float, typer.Option("--horizon", help="Months ahead.", metavar="MONTHS")] = 12.0,
    plot: PlotOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = None,
) -> None:
    """Backtest "a war that has lasted X months ends within the next 12": Brier score, calibration."""
    from zopa.errors import InputError
    from zopa.history import backtest, episodes, plot_backtest

    _check_dataset(dataset)
    try:
        result = backtest(episodes(dataset, data), cutoff_year=cutoff, horizon=horizon)
    except InputError:
        raise
    except ValueError as err:
        raise _bad_argument("--cutoff/--horizon", err) from None
    if plot is not None:
        _save(plot_backtest(result), plot)
    if json:
        if csv is not None:
            write_csv(result.scores, csv)
        emit_json({"params": result.params, "scores": result.scores.to_dict(orient="records"),
                   "calibration": result.calibration.to_dict(orient="records")})
        return
    emit_table(result.scores, title=f"{dataset}: forecasts after {cutoff}, horizon {horizon:g} months "
               f"(climatology {result.params['climatology']:.3f})", csv=csv)
    if csv != "-":
        emit_table(result.calibration, title="Calibration (forecast bins)")
