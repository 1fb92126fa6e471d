"""Options shared by every command that takes a scenario."""

from __future__ import annotations

from typing import Annotated

import typer

ScenarioArg = Annotated[str, typer.Argument(help="A built-in scenario name (see `zopa list`) or a YAML/TOML file.", metavar="NAME_OR_FILE")]
SetOpt = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a value before validation: path=value (repeatable), e.g. actors.RU.discount_rate=0.2.", metavar="PATH=VALUE"),
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="The scenario as known on this date: later events and plans are left out.", metavar="DATE")
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of the random number generator.")]


def load_scenario(name: str, sets: list[str] | None = None, as_of: str | None = None, strict: bool = False):
    """Load a scenario for a command (errors become exit code 2 via the root group)."""
    import re

    from zopa.scenario import load

    for item in sets or ():
        m = re.match(r"\s*battlefield\.levers\.([^.=\s]+)\.level\s*=", item)
        if m:  # a common slip: `level` is where the drift and costs were observed, so moving it changes nothing
            typer.echo(f"note: --set {item.strip()} moves the level at which the battlefield's drift and costs were observed, "
                       f"so the analyses do not change; to switch the lever off or double it from the start, set "
                       f"battlefield.levers.{m.group(1)}.from_start", err=True)
    return load(name, overrides=sets or None, as_of=as_of, strict=strict)


def actor_pairs(items: list[str] | None, opt: str, numeric: bool = False) -> dict:
    """Repeated ``ACTOR=VALUE`` options (``-s RU=boulware``, ``--drift UA=0.1``) as a dict in the
    order given; a malformed item, an actor given twice or (``numeric``) a value that is not a
    number is an InputError naming the option."""
    from zopa.errors import InputError, Problem

    def bad(message: str, hint: str = "") -> InputError:
        return InputError([Problem("<command line>", None, None, opt, message, hint)])

    out: dict = {}
    for item in items or []:
        key, eq, val = item.partition("=")
        key = key.strip()
        if not eq or not key or not val.strip():
            raise bad(f"{item!r} must look like ACTOR=VALUE")
        if key in out:
            raise bad(f"actor {key!r} is given twice ({key}={out[key]}, {item.strip()})", "give each actor once")
        if numeric:
            try:
                out[key] = float(val)
            except ValueError:
                raise bad(f"{val!r} is not a number") from None
        else:
            out[key] = val.strip()
    return out
