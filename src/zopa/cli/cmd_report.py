"""zopa report: from a scenario to one HTML document an analyst can forward."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated

import typer

from zopa.cli import app
from zopa.cli._common import AsOfOpt, ScenarioArg, SeedOpt, SetOpt, load_scenario
from zopa.cli._output import JsonOpt, console, emit_json


@app.command()
def report(
    name: ScenarioArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write the HTML report.")] = Path("report.html"),
    worlds: Annotated[int, typer.Option("--worlds", help="Sampled worlds for the claims' odds.", min=20, max=1_000_000)] = 400,
    seed: SeedOpt = 0,
    sets: SetOpt = None,
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
) -> None:
    """Run every analysis and write a self-contained HTML report (figures inside, no external requests)."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from zopa.report import write

    s = load_scenario(name, sets, as_of)
    command = "zopa report " + " ".join(shlex.quote(a) for a in sys.argv[2:]) if len(sys.argv) > 2 else None
    con = console()
    quiet = json or not con.is_terminal
    if quiet:
        data = write(s, output, worlds=worlds, seed=seed, command=command)
    else:
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=con, transient=True) as bar:
            task = bar.add_task("starting", total=None)
            data = write(s, output, worlds=worlds, seed=seed, command=command,
                         progress=lambda step: bar.update(task, description=f"running: {step}"))
    if json:
        emit_json({"report": str(output), "scenario": s.id, "scenario_hash": data.scenario_hash, "seed": seed,
                   "worlds": worlds, "summary": data.summary_lines(), "timings": data.timings})
        return
    con.print(f"[bold]Report written:[/bold] {output.resolve()}")
    con.print("[bold]Summary[/bold]")
    for line in data.summary_lines():
        con.print(f"- {line}")
