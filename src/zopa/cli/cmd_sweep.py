"""zopa sweep and zopa claims: many uncertain worlds, and how often the scenario's claims hold."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer

from zopa.cli import app
from zopa.cli._common import AsOfOpt, ScenarioArg, SeedOpt, SetOpt, actor_pairs, load_scenario
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
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="Use a running Dask scheduler (given up after 5 s without an answer).", metavar="tcp://HOST:PORT")] = None,
    workers: Annotated[int | None, typer.Option("--workers", help="Local worker processes (default: all cores).", min=1)] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", help="Worlds per batch and part file.", min=1)] = None,
    strategy: Annotated[list[str] | None, typer.Option("--strategy", "-s", help="For --analysis simulate: ACTOR=STRATEGY in moving order (repeatable; strategies as in zopa simulate). With fewer than two, the belligerents not given join: the first plays boulware, the second linear.")] = None,
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
    from zopa.sweep.scenario import sampled_inputs, sweep_analysis, sweep_notes

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
        raise _problem("--scheduler" if str(err).startswith("--scheduler") else "--cluster", str(err)) from None
    given = actor_pairs(strategy, "--strategy")
    if given and analysis != "simulate":
        raise _problem("--strategy", "strategies are for --analysis simulate")
    s = load_scenario(name, sets, as_of)
    strategies = _checked_strategies(s, given) if analysis == "simulate" else None
    notes = sweep_notes(s, analysis, strategies)
    con = console()
    with _scheduler_client(opts):
        for note in notes:
            typer.echo(f"note: {note}", err=True)
        res = sweep_analysis(s, analysis, worlds=worlds, seed=seed, method=method, strategies=strategies, steps=steps,
                             monthly=monthly, out=out, resume=resume, batch_size=batch_size,
                             progress=not json and con.is_terminal, **opts)
    summary = res.summary()
    if json:
        emit_json({"scenario": s.id, "analysis": analysis, "worlds": worlds, "seed": seed, "method": method,
                   "out": str(out) if out else None, "inputs": sampled_inputs(s, analysis, strategies), "notes": notes,
                   "summary": _summary_records(summary)})
        return
    if out is not None:
        con.print(f"[bold]Sweep stored in[/bold] {out} (query it with: zopa query {out} \"SELECT ...\")")
    table = _summary_frame(summary)
    emit_table(table, title=f"{analysis} over {worlds} worlds of {s.id} (seed {seed}, {method})", csv=csv)


#: seconds to wait for a Dask scheduler given with --scheduler
CONNECT_TIMEOUT = 5


def _checked_strategies(s, given: dict[str, str]) -> dict[str, str]:
    """The parties of a simulation sweep (see :func:`zopa.sweep.scenario.simulate_strategies`), each a
    known actor with a known strategy; a note on stderr names the parties that play a default."""
    import difflib

    from zopa.sim.strategies import parse
    from zopa.sweep.scenario import simulate_strategies

    ids = [a.id for a in s.actors]
    for actor, spec in given.items():
        if actor not in ids:
            close = difflib.get_close_matches(actor, ids, n=1)
            raise _problem("--strategy", f"{s.id} has no actor {actor!r}",
                           f"did you mean {close[0]}?" if close else f"actors: {', '.join(ids)}")
        try:
            parse(spec)
        except ValueError as err:
            raise _problem("--strategy", f"{actor}={spec}: {err}") from None
    strategies = simulate_strategies(s, given)
    if len(strategies) < 2:
        raise _problem("--strategy", f"a negotiation needs two parties or more; {s.id} has {len(s.principals)} belligerent(s)",
                       "give -s ACTOR=STRATEGY for each party")
    defaulted = [a for a in strategies if a not in given]
    if given and defaulted:
        plays = ", ".join(f"{a} plays {strategies[a]}" for a in defaulted)
        typer.echo(f"note: {plays} (the default; choose with -s {defaulted[0]}=STRATEGY)", err=True)
    return strategies


@contextlib.contextmanager
def _scheduler_client(opts: dict):
    """Connect to the ``--scheduler`` (if any) within :data:`CONNECT_TIMEOUT` seconds, failing with a
    message that names the option; the sweep then runs on that client, closed at the end."""
    address = opts.get("scheduler")
    if not isinstance(address, str):
        yield
        return
    _probe(address)
    client = _connect(address)
    opts["scheduler"] = client
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            client.close()


def _connect(address: str):
    """A Dask client of the scheduler at ``address``, or an InputError after :data:`CONNECT_TIMEOUT` seconds.

    The client is made in a daemon thread: Dask's handshake waits forever when something other
    than a scheduler listens at the address (a dashboard port, say)."""
    import threading

    from distributed import Client

    box: dict = {}

    def connect() -> None:
        try:
            box["client"] = Client(address, timeout=f"{CONNECT_TIMEOUT}s")
        except Exception as err:  # reported below, in the command's thread
            box["error"] = err

    thread = threading.Thread(target=connect, name="zopa-connect", daemon=True)
    thread.start()
    thread.join(CONNECT_TIMEOUT + 1)
    if "client" in box:
        return box["client"]
    err = box.get("error", TimeoutError(f"no Dask scheduler answered within {CONNECT_TIMEOUT} s"))
    if not isinstance(err, OSError | ValueError | TimeoutError):
        raise err
    raise _unreachable(address, err)


def _probe(address: str) -> None:
    """Fail at once when nothing listens at a tcp:// address (Dask itself retries until its timeout)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(address)
    try:
        host, port = parts.hostname, parts.port or 8786
    except ValueError as err:  # a port that is not a number
        raise _unreachable(address, err) from None
    if parts.scheme != "tcp" or not host:
        return
    try:
        socket.create_connection((host, port), timeout=CONNECT_TIMEOUT).close()
    except OSError as err:
        raise _unreachable(address, err) from None


def _unreachable(address: str, err: Exception):
    reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
    return _problem("--scheduler", f"cannot reach a Dask scheduler at {address}: {reason}",
                    "start one with `dask scheduler` and workers with `dask worker ADDRESS`, or use --cluster local:N")


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
