"""Scenario commands: list, init, validate, show, plans, schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from zopa.cli import app
from zopa.cli._common import AsOfOpt, ScenarioArg, SetOpt, load_scenario
from zopa.cli._output import CsvOpt, JsonOpt, console, emit_json, emit_table


@app.command("list")
def list_(json: JsonOpt = False, csv: CsvOpt = None) -> None:
    """List the scenarios that ship with zopa (built-ins and historical cases)."""
    import pandas as pd

    from zopa.scenario import builtin_names, catalog, load

    rows = []
    for kind, names in (("built-in", builtin_names()), ("history", catalog.names())):
        for name in names:
            s = load(name)
            rows.append(
                {"name": name, "kind": kind, "title": s.title, "start": str(s.start), "actors": len(s.actors),
                 "issues": len(s.issues), "plans": len(s.plans), "events": len(s.events), "sources": len(s.sources)}
            )
    df = pd.DataFrame(rows, columns=["name", "kind", "title", "start", "actors", "issues", "plans", "events", "sources"])
    if json:
        emit_json({"scenarios": df.to_dict(orient="records")})
        return
    emit_table(df, title="Scenarios", csv=csv)


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the template.")] = Path("scenario.yaml"),
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented template scenario to start from."""
    from importlib import resources

    from zopa.errors import InputError, Problem

    if path.suffix.lower() not in (".yaml", ".yml"):
        raise InputError([Problem(str(path), None, None, "", "zopa init writes the commented YAML template, so the file must end in .yaml",
                                  "zopa reads TOML and JSON scenarios as well: examples/two-sides.toml is the YAML example in TOML")])
    if path.exists() and not force:
        raise InputError([Problem(str(path), None, None, "", "exists already", "use --force to overwrite it")])
    text = (resources.files("zopa.scenario") / "template.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    typer.echo(f"wrote {path}; edit it, then run: zopa validate {path} --strict")


@app.command()
def validate(
    files: Annotated[list[str], typer.Argument(help="Scenario files or built-in names.", metavar="NAME_OR_FILE...")],
    strict: Annotated[bool, typer.Option("--strict", help="Also fail on facts without a source.")] = False,
    sets: SetOpt = None,
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
) -> None:
    """Check scenario files: every problem with file:line, exit code 2 if any."""
    from zopa.errors import InputError

    results, problems = [], []
    for f in files:
        try:
            s = load_scenario(f, sets, as_of, strict=strict)
            results.append({"file": f, "ok": True, "id": s.id, "problems": []})
        except InputError as err:
            problems.extend(err.problems)
            results.append({"file": f, "ok": False, "id": None, "problems": [p.to_dict() for p in err.problems]})
    if json:
        emit_json({"strict": strict, "results": results})
    else:
        for r in results:
            if r["ok"]:
                typer.echo(f"ok: {r['file']}" + (" (strict)" if strict else ""))
        for p in problems:
            typer.echo(str(p), err=True)
    if problems:
        raise typer.Exit(2)


SectionOpt = Annotated[
    str, typer.Option("--section", help="What to show: summary, actors, issues, plans, timeline, sources or all.")
]


@app.command()
def show(
    name: ScenarioArg,
    section: SectionOpt = "all",
    sets: SetOpt = None,
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = None,
) -> None:
    """Show a scenario: actors and authority, issues, plans issue by issue, and the timeline."""
    import pandas as pd

    from zopa.errors import InputError, Problem

    s = load_scenario(name, sets, as_of)
    sections = {
        "actors": s.actors_table,
        "issues": s.issues_table,
        "plans": (lambda: s.plans_table(labels=True if json else "short")),
        "timeline": s.timeline,
        "sources": lambda: pd.DataFrame(
            [{"id": x.id, "quality": x.quality, "publisher": x.publisher or "", "url": x.url} for x in s.sources],
            columns=["id", "quality", "publisher", "url"],
        ),
    }
    if section not in {*sections, "all", "summary"}:
        raise InputError([Problem("--section", None, None, "section", f"unknown section {section!r}", f"one of: summary, {', '.join(sections)}, all")])
    if csv is not None and section in {"all", "summary"}:
        raise InputError([Problem("--csv", None, None, "section", "--csv writes one table", "add --section actors|issues|plans|timeline|sources")])
    wanted = list(sections) if section == "all" else ([] if section == "summary" else [section])
    if json:
        out = {"id": s.id, "title": s.title, "start": str(s.start), "as_of": str(s.as_of) if s.as_of else None,
               "horizon_months": s.horizon_months}
        for key in wanted:
            out[key] = sections[key]().to_dict(orient="records")
        emit_json(out)
        return
    con = console()
    if csv is None:
        con.print(f"[bold]{s.title}[/bold]  ({s.id})")
        con.print(repr(s).split("\n", 1)[1] if "\n" in repr(s) else "")
    for key in wanted:
        df = sections[key]()
        if key == "timeline" and csv is None:
            df = df[["date", "place", "kind", "title", "outcome"]]
        emit_table(df, title=key.capitalize(), csv=csv)


@app.command()
def plans(
    name: ScenarioArg,
    diff: Annotated[tuple[str, str] | None, typer.Option("--diff", help="Compare two plans point by point and issue by issue.", metavar="A B")] = None,
    sets: SetOpt = None,
    as_of: AsOfOpt = None,
    json: JsonOpt = False,
    csv: CsvOpt = None,
) -> None:
    """The plans on the table: issue by plan, and each principal's utility of each plan."""
    from zopa.errors import InputError, Problem
    from zopa.scenario.diff import diff_plans, plan_utilities

    s = load_scenario(name, sets, as_of)
    if diff is None:
        table = s.plans_table(labels=True if json else "short")
        utils = plan_utilities(s)
        if json:
            emit_json({"scenario": s.id, "issues": table.to_dict(orient="records"), "utilities": utils.to_dict(orient="records")})
            return
        emit_table(table, title="Plans, issue by issue (status quo where a plan is silent)", csv=csv)
        if csv != "-":
            emit_table(utils, title="Utility of each plan (0..1) and of the status quo")
        return
    a, b = diff
    known = [p.id for p in s.plans]
    bad = [x for x in (a, b) if x not in known]
    if bad:
        import difflib

        raise InputError([
            Problem("--diff", None, None, "plans", f"no plan {x!r} in {s.id}", (f"did you mean {difflib.get_close_matches(x, known, 1)[0]}?" if difflib.get_close_matches(x, known, 1) else f"plans: {', '.join(known)}"))
            for x in bad
        ])
    result = diff_plans(s, a, b)
    if json:
        emit_json({k: v.to_dict(orient="records") for k, v in result.items()} | {"scenario": s.id, "a": a, "b": b})
        return
    emit_table(result["issues"], title=f"{a} vs {b}: issue by issue", csv=csv)
    if csv != "-":
        emit_table(result["points"], title=f"{a} vs {b}: point by point")
        emit_table(result["utilities"], title="Each principal's utility of each plan")


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file instead of stdout.")] = None,
) -> None:
    """Print the JSON Schema of the scenario language (for editors and validators)."""
    from zopa.scenario.schema import json_schema_text

    text = json_schema_text()
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}")
