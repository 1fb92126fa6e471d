"""zopa sweep and zopa claims: many uncertain worlds, and how often the scenario's claims hold."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zopa.cli import app
from zopa.cli._common import AsOfOpt, ScenarioArg, SeedOpt, SetOpt, load_scenario
from zopa.cli._output import CsvOpt, JsonOpt, console, emit_json, emit_table

MethodOpt = Annotated[str, typer.Option("--method", help="Sampling design: mc (Monte Carlo), lhs (Latin hypercube) or sobol.")]


def _problem(where: str, message: str, hint: str = ""):
    from zopa.errors import InputError, Problem

    return InputError([Problem(where, None, None, where.lstrip("-"), message, hint)])


@app.command()
def sweep(
    name: ScenarioArg,
    analysis: Annotated[str, typer.Option("--analysis", help="zone, forecast or simulate.")] = "zone",
    worlds: Annotated[int, typer.Option("--worlds", help="Number of sampled worlds.", min=1)] = 10_000,
    seed: SeedOpt = 0,
    method: MethodOpt = "mc",
    out: Annotated[Path | None, typer.Option("--out", help="Folder for the Parquet parts and manifest (default: keep in memory).")] = None,
    resume: Annotated[bool, typer.Option("--resume", help="Finish an interrupted sweep in --out.")] = False,
    cluster: Annotated[str | None, typer.Option("--cluster", help="Start a local Dask cluster: local:N.", metavar="local:N")] = None,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Use a running Dask scheduler.", metavar="tcp://HOST:PORT")] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Local worker processes (default: all cores).", min=1)] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", help="Worlds per batch and part file.", min=1)] = None,
    strategy: Annotated[list[str] | None, typer.Option("--strategy", "-s", help="For --analysis simulate: ACTOR=STRATEGY (repeatable).")] = None,
    steps: Annotated[int, typer.Option("--steps", help="For --analysis simulate: rounds per session.", min=1)] = 100,
    monthly: Annotated[bool, typer.Option("--monthly", help="For --analysis zone: also a table `monthly` (world, month, "
                                          "the zone's chances and each side's values month by month); query it with zopa query.")] = False,
    sets: SetOpt = None,
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = None,
) -> None:
    """Run an analysis over many sampled worlds (one summary row per world), streaming Parquet parts."""
    from zopa.sweep.executors import executor_options
    from zopa.sweep.scenario import sweep_analysis

    if analysis not in {"zone", "forecast", "simulate"}:
        raise _problem("--analysis", f"unknown analysis {analysis!r}", "zone, forecast or simulate")
    if method not in {"mc", "lhs", "sobol"}:
        raise _problem("--method", f"unknown method {method!r}", "mc, lhs or sobol")
    if monthly and analysis != "zone":
        raise _problem("--monthly", "monthly detail is for --analysis zone")
    if resume and out is None:
        raise _problem("--resume", "--resume needs --out (the folder of the sweep to finish)")
    try:
        opts = executor_options(cluster=cluster, scheduler=scheduler, workers=workers)
    except ValueError as err:
        raise _problem("--cluster", str(err)) from None
    strategies = None
    if strategy:
        strategies = {}
        for item in strategy:
            actor, sep, strat = item.partition("=")
            if not sep or not actor or not strat:
                raise _problem("--strategy", f"expected ACTOR=STRATEGY, got {item!r}", "e.g. -s RU=boulware -s UA=linear")
            strategies[actor] = strat
    s = load_scenario(name, sets, as_of)
    con = console()
    res = sweep_analysis(s, analysis, worlds=worlds, seed=seed, method=method, strategies=strategies, steps=steps,
                         monthly=monthly, out=out, resume=resume, batch_size=batch_size, progress=not json and con.is_terminal, **opts)
    summary = res.summary()
    if json:
        emit_json({"scenario": s.id, "analysis": analysis, "worlds": worlds, "seed": seed, "method": method,
                   "out": str(out) if out else None, "summary": _summary_records(summary)})
        return
    if out is not None:
        con.print(f"[bold]Sweep stored in[/bold] {out} (query it with: zopa query {out} \"SELECT ...\")")
    table = _summary_frame(summary)
    emit_table(table, title=f"{analysis} over {worlds} worlds of {s.id} (seed {seed}, {method})", csv=csv)



def _summary_frame(summary):
    import pandas as pd

    if isinstance(summary, pd.DataFrame):
        return summary.reset_index() if summary.index.name else summary
    return pd.DataFrame(summary)


def _summary_records(summary):
    return _summary_frame(summary).to_dict(orient="records")


@app.command()
def claims(
    name: ScenarioArg,
    worlds: Annotated[int, typer.Option("--worlds", help="Sampled worlds for the odds.", min=10)] = 2000,
    seed: SeedOpt = 0,
    method: MethodOpt = "mc",
    no_sensitivity: Annotated[bool, typer.Option("--no-sensitivity", help="Skip Morris and Sobol' (faster).")] = False,
    trajectories: Annotated[int, typer.Option("--trajectories", help="Morris trajectories.", min=2)] = 10,
    metrics: Annotated[bool, typer.Option("--metrics", help="List the metric catalogue claims may use, and exit.")] = False,
    sets: SetOpt = None,
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = None,
) -> None:
    """How often each of the scenario's claims holds over sampled worlds, and what it hinges on."""
    if metrics:
        import pandas as pd

        from zopa.zone.metrics import CATALOGUE, PER_PRINCIPAL

        table = pd.DataFrame([{"metric": m.name + (".<principal>" if m.name in PER_PRINCIPAL else ""), "needs_at": m.needs_at,
                               "unit": m.unit, "description": m.description} for m in CATALOGUE.values()])
        if json:
            emit_json({"metrics": table.to_dict(orient="records")})
        else:
            emit_table(table, title="Metrics a claim may name (plus input:<path> for any uncertain input)", csv=csv)
        return
    from zopa.sweep.odds import claims_report

    if method not in {"mc", "lhs", "sobol"}:
        raise _problem("--method", f"unknown method {method!r}", "mc, lhs or sobol")
    s = load_scenario(name, sets, as_of)
    r = claims_report(s, worlds=worlds, seed=seed, method=method, sensitivity=not no_sensitivity, trajectories=trajectories)
    if json:
        emit_json(r.to_json())
        return
    t = r.odds.copy()
    t["hinges_on"] = [", ".join(r.top_inputs(c, 3)) for c in t["id"]]
    shown = t[["id", "metric", "at", "op", "threshold", "share", "low", "high", "metric_mean", "hinges_on"]]
    emit_table(shown, title=f"Claims of {s.id}: share of {worlds} sampled worlds where each holds (95% Wilson interval)", csv=csv)
    if csv != "-":
        con = console()
        for line in r.summary_lines():
            con.print(f"- {line}")
