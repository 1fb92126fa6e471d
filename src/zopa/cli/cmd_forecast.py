"""``zopa forecast``: collective-decision forecasts of a scenario or a forecast file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zopa.cli import app
from zopa.cli._common import AsOfOpt, SetOpt
from zopa.cli._output import CsvOpt, JsonOpt, console, emit_json, emit_table

_MODELS = ("compromise", "median", "nash", "bdm", "smp", "exchange", "ensemble", "all")
_FORMATS = ("ktab", "decide", "bdm", "deu")
_DISAGREEMENT = {"status-quo": "reference", "war": "war"}     # CLI name -> zopa.forecast.nash's


def _bad(option: str, message: str):
    from zopa.errors import InputError, Problem

    return InputError([Problem(option, None, None, "", message)])


def _load(name_or_file: str, fmt: str | None, sets: list[str] | None = None, as_of: str | None = None):
    """The forecast input, the scenario when the argument names one, and the cases.

    A DEU file holds many independent proposals: ``cases`` is then one input
    per proposal (as the backtest has them) and the input their side-by-side
    union; otherwise ``cases`` is None.
    """
    from zopa.forecast.readers import combine, read, read_deu, sniff

    path = Path(name_or_file)
    if path.is_file() and path.suffix.lower() not in (".yaml", ".yml", ".toml"):
        if sets or as_of:
            raise _bad("--set" if sets else "--as-of", "--set and --as-of apply to scenarios; "
                       f"{name_or_file!r} is a forecast file")
        if (fmt or sniff(path)) == "deu":
            cases = read_deu(path, by="proposal")
            return combine(cases), None, cases
        return read(path, format=fmt), None, None
    if fmt is not None:
        raise _bad("--format", f"--format applies to forecast files; {name_or_file!r} is not a file")
    from zopa.cli._common import load_scenario
    from zopa.forecast.scenario import from_scenario

    scenario = load_scenario(name_or_file, sets, as_of)
    try:
        return from_scenario(scenario), scenario, None
    except ValueError as err:
        raise _bad(name_or_file, str(err)) from None


@app.command("forecast")
def forecast(
    name_or_file: Annotated[str, typer.Argument(
        help="A built-in scenario, a scenario file, or a forecast file (KTAB CSV/XML, Decide, BDM, DEU).",
        metavar="NAME_OR_FILE")],
    model: Annotated[str, typer.Option("--model", "-m", help="compromise, median, nash, bdm, smp, exchange, "
                                       "ensemble or all.")] = "compromise",
    fmt: Annotated[str | None, typer.Option("--format", help="File format (sniffed when omitted): ktab, decide, "
                                            "bdm or deu.")] = None,
    rounds: Annotated[int | None, typer.Option("--rounds", help="Rounds of the iterative models (bdm, exchange; "
                                               "the most iterations of smp).", min=0)] = None,
    q: Annotated[float | None, typer.Option("--q", help="bdm: Q, the probability that the status quo persists "
                                            "if nobody challenges, 0..1 (Scholz et al. used 1.0, the default).")] = None,
    disagreement: Annotated[str | None, typer.Option(
        "--disagreement", help="nash: the disagreement point, status-quo (the status quo / DEU rp; each actor's "
        "worst outcome where there is none; the default) or war (a scenario's war values: each issue's "
        "war_outcome, the status quo where it has none).", metavar="status-quo|war")] = None,
    backtest: Annotated[bool, typer.Option("--backtest", help="With a DEU file: score the models against the "
                                           "real outcomes (mean absolute error).")] = False,
    plans_csv: Annotated[str | None, typer.Option("--plans-csv", help="Write the plan-distance table as CSV "
                                                  "(scenarios with plans).", metavar="PATH")] = None,
    sets: SetOpt = None,
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = None,
) -> None:
    """Forecast each issue's outcome with collective-decision models.

    With a scenario that has plans, also shows each plan's distance from each
    model's forecast and the plan each model finds closest.
    """
    if model not in _MODELS:
        raise _bad("--model", f"unknown model {model!r}; choose one of {', '.join(_MODELS)}")
    if fmt is not None and fmt not in _FORMATS:
        raise _bad("--format", f"unknown format {fmt!r}; choose one of {', '.join(_FORMATS)}")
    if backtest and (q is not None or disagreement is not None):
        raise _bad("--q" if q is not None else "--disagreement",
                   "--q and --disagreement do not apply to --backtest (it runs every model as documented)")
    if q is not None:
        if model not in ("bdm", "all"):
            raise _bad("--q", f"--q applies to the bdm model (--model bdm or all), not to {model}")
        if not 0.0 <= q <= 1.0:
            raise _bad("--q", f"--q must be a probability within 0..1, got {q:g}")
    if disagreement is not None:
        if disagreement not in _DISAGREEMENT:
            raise _bad("--disagreement", f"unknown disagreement point {disagreement!r}; choose status-quo or war")
        if model not in ("nash", "all"):
            raise _bad("--disagreement", f"--disagreement applies to the nash model (--model nash or all), "
                       f"not to {model}")
    if backtest:
        _backtest(name_or_file, fmt, json, csv)
        return

    import pandas as pd

    from zopa.forecast import run, run_cases

    inp, scenario, cases = _load(name_or_file, fmt, sets, as_of)
    if disagreement == "war" and scenario is None:
        raise _bad("--disagreement", f"--disagreement war needs a scenario (its issues' war outcomes); "
                   f"{name_or_file!r} is a forecast file")
    params: dict = {} if rounds is None else {"rounds": rounds}
    if q is not None:
        params["q"] = q
    if disagreement is not None:
        params["disagreement"] = _DISAGREEMENT[disagreement]
    names = None if model == "all" else [model]
    try:
        if model != "all":
            import inspect

            from zopa.forecast.api import MODELS

            accepted = inspect.signature(MODELS[model]).parameters
            params = {k: v for k, v in params.items() if k in accepted}
        if cases is not None:
            out = run_cases(cases, model, **params)
        else:
            out = run(inp, model, **params)
        results = out if names is None else [out]
    except ValueError as err:
        option = next((o for o in ("rounds", "q", "disagreement") if str(err).startswith(o)), None)
        raise _bad(f"--{option}" if option else name_or_file, str(err)) from None

    table = pd.DataFrame({"issue": list(inp.issues)})
    proposal = None
    if cases is not None:
        proposal = [str(c.meta["prnr"]) for c in cases for _ in c.issues]
        table.insert(0, "proposal", proposal)
    for r in results:
        table[r.model] = r.forecast.to_numpy()
    if inp.outcome is not None:
        table["outcome"] = inp.outcome
    if scenario is not None:
        table.insert(1, "scale", [f"{lo:g}..{hi:g}" for lo, hi in inp.bounds])

    distances = None
    if scenario is not None and scenario.plans:
        from zopa.forecast.scenario import closest_plans, plan_distances

        distances = plan_distances(scenario, results)
        if plans_csv is not None:
            from zopa.cli._output import write_csv

            write_csv(distances, plans_csv)

    notes = list(inp.meta.get("notes") or [])
    if json or csv == "-":
        for note in notes:               # stdout holds only the JSON or CSV
            typer.echo(f"note: {note}", err=True)
    if json:
        payload = [r.to_json() for r in results]
        if proposal is not None:
            for p in payload:
                p["proposal"] = dict(zip(inp.issues, proposal, strict=True))
        emit_json(payload if model == "all" else payload[0])
        if csv is not None and csv != "-":
            from zopa.cli._output import write_csv

            write_csv(table, csv)
        return
    title = f"Forecast by {model}" + (f" ({inp.source})" if inp.source else "")
    emit_table(table, title=title, csv=csv)
    if csv == "-":
        return
    for note in notes:
        console().print(f"note: {note}", markup=False)
    if distances is not None and not distances.empty:
        wide = distances.groupby(["plan", "model"], sort=False)["distance"].mean().unstack("model")
        wide = wide[[r.model for r in results]].reset_index()
        emit_table(wide, title="Mean distance of each plan from each forecast (0 = identical, 1 = whole range)")
        best = closest_plans(distances)
        console().print("Closest plan: " + "; ".join(f"{m}: {p} ({d:.2f})" for m, p, d in best.itertuples(index=False)))


def _backtest(path: str, fmt: str | None, json: bool, csv: str | None) -> None:
    from zopa.forecast.backtest import BASE_MODELS, backtest, mae_table
    from zopa.forecast.readers import read_deu, sniff

    p = Path(path)
    if not p.is_file():
        raise _bad(path, "--backtest needs a DEU file")
    if (fmt or sniff(p)) != "deu":
        raise _bad("--backtest", "--backtest needs a file in the DEU format (with real outcomes)")
    models = (*BASE_MODELS, "ensemble")
    tables = []
    for cap in ("weights", "equal"):
        df = backtest(read_deu(p, capability=cap, by="proposal"), models)
        tab = mae_table(df, models)
        tab.insert(0, "capability", cap)
        tables.append(tab)
    import pandas as pd

    out = pd.concat(tables, ignore_index=True)
    if json:
        emit_json({"file": str(p), "mae": out.to_dict(orient="records")})
        return
    emit_table(out, title=f"Mean absolute error against the real outcomes ({p.name})", csv=csv)
