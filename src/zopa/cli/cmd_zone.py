"""zopa zone: the zone of agreement month by month, and the verdict in words."""

from __future__ import annotations

from typing import Annotated

import typer

from zopa.cli import app
from zopa.cli._common import AsOfOpt, ScenarioArg, SeedOpt, SetOpt, load_scenario
from zopa.cli._output import CsvOpt, JsonOpt, console, emit_json, emit_table


@app.command()
def zone(
    name: ScenarioArg,
    every: Annotated[int, typer.Option("--every", help="Show every Nth month in the table.", min=1)] = 3,
    paths: Annotated[int, typer.Option("--paths", help="Monte Carlo battlefield paths (a check of the exact probabilities).", min=10)] = 2000,
    states: Annotated[int, typer.Option("--states", help="Points of the battlefield state grid.", min=5, max=1001)] = 101,
    protocol: Annotated[str, typer.Option("--protocol", help="Who proposes each month: random or alternating.")] = "random",
    talks: Annotated[str, typer.Option("--talks", help="fighting (the war goes on during talks) or pause.")] = "fighting",
    no_deadlines: Annotated[bool, typer.Option("--no-deadlines", help="Ignore the actors' deadlines.")] = False,
    horizon: Annotated[int | None, typer.Option("--horizon", help="Months to look ahead (default: the scenario's).", min=1, max=600)] = None,
    seed: SeedOpt = 0,
    sets: SetOpt = None,
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = None,
) -> None:
    """Is there a zone of agreement now, when will there be one, and who gains from waiting."""
    from zopa.errors import InputError, Problem

    if protocol not in {"random", "alternating"}:
        raise InputError([Problem("--protocol", None, None, "protocol", f"unknown protocol {protocol!r}", "random or alternating")])
    if talks not in {"fighting", "pause"}:
        raise InputError([Problem("--talks", None, None, "talks", f"unknown value {talks!r}", "fighting or pause")])
    import pandas as pd

    from zopa.zone import analyze

    s = load_scenario(name, sets, as_of)
    r = analyze(s, paths=paths, states=states, seed=seed, protocol=protocol, talks=talks, deadlines=not no_deadlines, horizon=horizon)
    if json:
        emit_json(r.to_json())
        return
    wide = r.values.pivot(index="month", columns="actor", values=["war_value", "equilibrium_value"])
    table = r.months[["month", "date", "p_zone_open", "p_deal_by", "zone_size", "commitment_problem"]].copy()
    for a in r.principals:
        table[f"war_value_{a}"] = wide[("war_value", a)].to_numpy()
        table[f"equilibrium_{a}"] = wide[("equilibrium_value", a)].to_numpy()
    if csv is not None:
        emit_table(table, csv=csv)
        if csv == "-":
            return
    shown = table[(table.month % every == 0) | (table.month == table.month.max())]
    con = console()
    con.print(f"[bold]Zone of agreement: {s.title}[/bold]  (start {s.start}, {r.params['horizon']} months)")
    if csv is None:
        emit_table(shown.assign(commitment_problem=shown.commitment_problem.map({True: "yes", False: "no"})),
                   title="Month by month (values are utilities 0-1 per month; probabilities over battlefield paths)")
    plans = r.plans.pivot(index="plan", columns="actor", values="margin").reset_index()
    plans.columns = ["plan", *[f"margin_{a}" for a in plans.columns[1:]]]
    plans = plans.merge(r.plans.groupby("plan")["p_inside_now"].first().reset_index(), on="plan")
    emit_table(pd.DataFrame(plans), title="Plans: utility minus value of fighting on, now (inside the zone if both >= 0)")
    con.print("[bold]Verdict[/bold]")
    for line in r.verdict:
        con.print(f"- {line}")
