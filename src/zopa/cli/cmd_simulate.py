"""zopa simulate: run negotiation sessions between strategies on a scenario."""

from __future__ import annotations

from typing import Annotated

import typer

from zopa.cli import app
from zopa.cli._common import AsOfOpt, ScenarioArg, SetOpt, actor_pairs
from zopa.cli._output import CsvOpt, JsonOpt, console, emit_json, emit_table


def _problem(opt: str, message: str, hint: str = ""):
    from zopa.errors import Problem

    return Problem("<command line>", None, None, opt, message, hint)


def _unknown_actors(given, opt: str, known: list[str], parties: list[str]) -> list:
    """Problems for actors in ``given`` that are not in the scenario or not parties to the talks."""
    import difflib

    problems = []
    lower = {k.lower(): k for k in known}
    for a in given:
        if a in parties:
            continue
        if a not in known:
            close = [lower[c] for c in difflib.get_close_matches(a.lower(), list(lower), n=1, cutoff=0.5)]
            hint = f"did you mean '{close[0]}'?" if close else ""
            problems.append(_problem(opt, f"unknown actor {a!r}; the scenario's actors are {', '.join(known)}", hint))
        else:
            problems.append(_problem(opt, f"{a!r} is not a party to these talks; the parties are {', '.join(parties)}",
                                     f"add it with --strategy {a}=STRATEGY, or name a party"))
    return problems


def _reservations(s, dom, source: str, moves: dict, steps: int, seed: int):
    """The domain with its reservation values, the battlefield, and where they came from (for the output).

    ``source="zone"``: each party's value of fighting on now and its monthly move, from the zone
    analysis (:func:`zopa.sim.tournament.zone_reservations`), unless it does not apply (then the
    scenario's, with the reason in ``note``).  Actors given ``--drift``/``--volatility`` move by
    those over the whole talks instead.
    """
    import dataclasses

    import numpy as np

    from zopa.sim.tournament import ZoneBattlefield, ZoneNotApplicable, zone_reservations

    parties = list(dom.actors)
    monthly: dict = {}
    months = steps
    principal: dict = {}
    if source == "zone":
        try:
            z = zone_reservations(s, parties, seed=seed)
        except ZoneNotApplicable as why:
            source, note = "scenario", f"the zone analysis does not apply: {why}"
        else:
            dom = dataclasses.replace(dom, reservation=np.array([z.start[a] for a in parties]))
            monthly = {a: mv for a, mv in z.moves.items() if a not in moves}
            months, principal = z.months, z.principal
            how = []
            if monthly:
                how.append(f"moving as the zone analysis expects, one step a month to month {z.months}, then held")
            if moves:
                how.append(f"{', '.join(moves)} moved by --drift/--volatility over the talks instead")
            note = "; ".join(["each principal's value of fighting on now", *how])
    else:
        note = "--reservation scenario"
    actors = {}
    for a, r in zip(parties, dom.reservation, strict=True):
        mv, over = (monthly[a], months) if a in monthly else (moves.get(a, {}), steps)
        actors[a] = {"start": float(r), "drift": _tidy(mv.get("drift", 0.0)),
                     "volatility": _tidy(mv.get("volatility", 0.0)), "over_steps": int(over),
                     "moved_by": "zone" if a in monthly else ("options" if a in moves else "none")}
        if principal.get(a, a) != a:
            actors[a]["principal"] = principal[a]
    origin = {"source": source, "note": note, "actors": actors}
    return dom, ZoneBattlefield(monthly, max(months, 1), moves), origin


def _describe(origin: dict) -> str:
    """Where the reservation values came from and what they are, in one line."""
    parts = []
    for a, v in origin["actors"].items():
        who = f"{a} (for {v['principal']})" if "principal" in v else a
        text = f"{who} {v['start']:.3f}"
        if v["drift"] or v["volatility"]:
            text += f" -> {v['start'] + v['drift']:.3f} by step {v['over_steps']}"
            text += f" (sd {v['volatility']:.3f})" if v["volatility"] else ""
        parts.append(text)
    where = "the zone analysis" if origin["source"] == "zone" else "the scenario"
    return f"reservation values from {where}: {'; '.join(parts)} ({origin['note']})"


def _tidy(x: float) -> float:
    """A float without the rounding dust of a difference of equal values (-3e-15 is 0)."""
    return round(float(x), 12) + 0.0


@app.command()
def simulate(
    scenario: ScenarioArg,
    strategy: Annotated[list[str] | None, typer.Option(
        "--strategy", "-s", metavar="ACTOR=STRATEGY",
        help="A party and its strategy, in moving order (repeatable): boulware, linear, conceder, "
             "time-based:exponent=E, deadline, tough, tit-for-tat, stalling[:p_ratify=P], ratchet, bayesian. "
             "Default: every belligerent plays linear.")] = None,
    protocol: Annotated[str, typer.Option(help="sao (NegMAS semantics), alternating, multilateral or mediated.")] = "sao",
    steps: Annotated[int, typer.Option(help="Rounds (sao, mediated) or moves (alternating, multilateral).", min=1)] = 100,
    runs: Annotated[int, typer.Option(help="Independent sessions.", min=1)] = 1,
    seed: Annotated[int, typer.Option(help="Seed of the random numbers.")] = 0,
    bias: Annotated[list[str] | None, typer.Option(
        "--bias", metavar="ACTOR=W", help="Mediated: the mediator's weight on a party (repeatable).")] = None,
    deadline: Annotated[float, typer.Option(help="Mediated: fraction of the talks when the mediator leaves.")] = 1.0,
    press: Annotated[float, typer.Option(help="Mediated: pressure on the weaker party near the deadline, 0..1.")] = 0.0,
    lever: Annotated[list[str] | None, typer.Option(
        "--lever", metavar="KIND:ACTOR=SHIFT",
        help="Mediated: aid, sanctions or pressure moving an actor's reservation value, e.g. pressure:UA=0.1.")] = None,
    reservation: Annotated[str, typer.Option(
        "--reservation", metavar="zone|scenario",
        help="Where the reservation values come from. zone (default): each principal's value of fighting on now, "
             "from the zone analysis, moving with the zone's drift and spread one step a month up to its horizon; "
             "it applies when the scenario has a battlefield and the parties are (or act for) its two belligerents, "
             "and otherwise the scenario's values are used, with a note. scenario: the actors' reservation values, "
             "fixed.")] = "zone",
    drift: Annotated[list[str] | None, typer.Option(
        "--drift", metavar="ACTOR=D",
        help="Battlefield: change of an actor's reservation value over the talks (replaces the zone's move).")] = None,
    volatility: Annotated[list[str] | None, typer.Option(
        "--volatility", metavar="ACTOR=S", help="Battlefield: its standard deviation over the talks.")] = None,
    trace: Annotated[str | None, typer.Option(
        "--trace", metavar="PATH", help="Write every offer and response as CSV.")] = None,
    sets: SetOpt = None,
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = None,
) -> None:
    """Simulate negotiations: probability of agreement, when, on what terms, and who gains."""
    import pandas as pd

    from zopa.cli._common import load_scenario
    from zopa.errors import InputError, Problem
    from zopa.sim import simulate as run
    from zopa.sim.mediated import LEVERS, Mediator
    from zopa.sim.scenario import from_scenario
    from zopa.sim.strategies import parse as parse_strategy

    s = load_scenario(scenario, sets, as_of)
    strategies = actor_pairs(strategy, "--strategy")
    if not strategies:
        strategies = {a.id: "linear" for a in s.actors if a.role == "belligerent"}
    known = [a.id for a in s.actors]
    parties = list(strategies)
    problems = _unknown_actors(strategies, "--strategy", known, known)
    for a, spec in strategies.items():
        try:
            parse_strategy(spec)
        except ValueError as err:
            problems.append(_problem("--strategy", f"{a}={spec}: {err}"))
    levers: dict = {}
    for item in lever or []:
        kind, colon, rest = item.partition(":")
        if not colon:
            problems.append(_problem("--lever", f"{item!r} must look like KIND:ACTOR=SHIFT, e.g. pressure:UA=0.1"))
            continue
        kind = kind.strip()
        if kind not in LEVERS:
            problems.append(_problem("--lever", f"unknown lever {kind!r} in {item!r}; levers are {', '.join(LEVERS)}"))
            continue
        pair = actor_pairs([rest], "--lever", numeric=True)
        if set(pair) & set(levers.get(kind, {})):
            problems.append(_problem("--lever", f"{kind}:{next(iter(pair))} is given twice", "give each lever and actor once"))
        levers.setdefault(kind, {}).update(pair)
    for shifts in levers.values():
        problems += _unknown_actors(shifts, "--lever", known, parties)
    biases = actor_pairs(bias, "--bias", numeric=True)
    problems += _unknown_actors(biases, "--bias", known, parties)
    if protocol != "mediated":
        for opt, given in (("--lever", lever), ("--bias", bias)):
            if given:
                problems.append(_problem(opt, f"applies to the mediated protocol only (the protocol is {protocol})",
                                         "add --protocol mediated, or leave it out"))
    drifts = actor_pairs(drift, "--drift", numeric=True)
    vols = actor_pairs(volatility, "--volatility", numeric=True)
    problems += _unknown_actors(drifts, "--drift", known, parties)
    problems += _unknown_actors(vols, "--volatility", known, parties)
    if reservation not in ("zone", "scenario"):
        problems.append(_problem("--reservation", f"{reservation!r} is not a source of reservation values",
                                 "use zone or scenario"))
    if problems:
        raise InputError(problems)
    moves: dict = {}
    for a, v in drifts.items():
        moves.setdefault(a, {})["drift"] = v
    for a, v in vols.items():
        moves.setdefault(a, {})["volatility"] = v
    try:
        dom = from_scenario(s, actors=parties)
        dom, battlefield, origin = _reservations(s, dom, reservation, moves, steps, seed)
        med = None
        if protocol == "mediated":
            med = Mediator(bias=biases or None, deadline=deadline, press=press, levers=levers)
        res = run(dom, strategies, protocol=protocol, steps=steps, runs=runs, seed=seed, trace=trace is not None,
                  battlefield=battlefield, mediator=med)
    except ValueError as err:
        if isinstance(err, InputError):
            raise
        raise InputError([Problem("<command line>", None, None, "", str(err))]) from None
    if trace is not None:
        from zopa.cli._output import write_csv

        write_csv(res.trace, trace)
    if json:
        emit_json(res.to_json() | {"reservation": origin})
        return
    if csv is not None:
        from zopa.cli._output import write_csv

        write_csv(res.runs, csv)
        if csv == "-":
            return
    sm = res.summary()
    con = console()
    con.print(f"[bold]{s.title}[/bold]: {runs} run(s), protocol {protocol}, {steps} steps, seed {seed}")
    for note in dom.notes:
        con.print(f"  grid: {note}", markup=False)
    con.print(_describe(origin), markup=False)
    st = sm["step"]
    when = "never" if st["mean"] is None else f"mean step {st['mean']:.1f} (median {st['median']:.0f})"
    con.print(f"P(agreement) = {sm['p_agreement']:.3f}; {when}; ratified by a principal: {sm['p_ratified']:.3f}")
    gains = pd.DataFrame({
        "actor": list(res.actors),
        "strategy": [res.params["strategies"][a] for a in res.actors],
        "reservation": [res.params["reservation"][a] for a in res.actors],
        "mean utility": [sm["utility"][a] for a in res.actors],
        "gain": [sm["gain"][a] for a in res.actors],
    })
    emit_table(gains, title="Who gains (utility of the deal, or of fighting on without one)")
    if sm["p_agreement"] > 0:
        rows = []
        for issue, shares in sm["terms"].items():
            top = max(shares, key=shares.get)
            rows.append({"issue": issue, "most often agreed": top, "share of deals": shares[top],
                         "options agreed": len(shares)})
        emit_table(pd.DataFrame(rows), title="On what terms")
