"""zopa's command line: a thin typer app over the library.

Each ``cmd_*.py`` module in this package registers its commands on :data:`app`
when imported (see :func:`load_commands`).  Bad input
(:class:`zopa.errors.InputError`) becomes ``file:line`` messages on stderr and
exit code 2; no traceback ever reaches a user.  Heavy libraries are imported
inside commands so that ``zopa --help`` is fast.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import typer
from typer.core import TyperGroup

# click's own errors (usage errors exit 2 with click's message): typer up to 0.2x re-exports click's
# classes, later typers carry their own copy of click; typer.BadParameter descends from either one's
# ClickException, so it names the right class without importing click (no longer a typer dependency)
_CLICK_ERRORS = tuple(c for c in typer.BadParameter.__mro__ if c.__name__ == "ClickException") + (typer.Abort,)

#: the order of commands in ``zopa --help``: from reading a scenario to presenting it
ORDER = ["list", "init", "validate", "show", "plans", "schema", "zone", "forecast", "simulate", "sweep", "claims",
         "query", "baserates", "history", "report", "serve"]


class _Group(TyperGroup):
    """The root group: lists commands in the order they were added and maps errors."""

    def list_commands(self, ctx: typer.Context) -> list[str]:
        names = list(self.commands)
        return sorted(names, key=lambda n: (ORDER.index(n) if n in ORDER else len(ORDER), names.index(n)))

    def invoke(self, ctx: typer.Context):
        from zopa.errors import InputError

        try:
            return super().invoke(ctx)
        except InputError as err:
            for problem in err.problems:
                typer.echo(str(problem), err=True)
            ctx.exit(2)
        except _CLICK_ERRORS:
            raise
        except typer.Exit as err:
            ctx.exit(getattr(err, "exit_code", 0))
        except BrokenPipeError:
            # the reader went away (``zopa zone X --csv - | head``): stop quietly, as shell tools do
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            ctx.exit(1)
        except OSError as err:
            if err.filename is None:
                raise
            # a path the user gave that cannot be read or written: their input, not a bug
            typer.echo(f"{err.filename}: {err.strerror or err} (check the path, and that its folder exists and can be written)", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            typer.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as err:  # last line of defence: never a traceback
            if os.environ.get("ZOPA_DEBUG"):
                raise
            typer.echo(
                f"zopa: internal error: {type(err).__name__}: {err}\n"
                "Set ZOPA_DEBUG=1 to see the traceback, and please report it.",
                err=True,
            )
            ctx.exit(1)


app = typer.Typer(
    name="zopa",
    cls=_Group,
    help="Model, forecast and simulate the negotiations that end wars.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)



def _version(value: bool) -> None:
    if value:
        from zopa._version import __version__

        typer.echo(f"zopa {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show zopa's version and exit."
    ),
) -> None:
    """Model, forecast and simulate the negotiations that end wars."""


_loaded = False


def load_commands() -> typer.Typer:
    """Import every ``cmd_*`` module so that its commands are registered; return the app."""
    global _loaded
    if not _loaded:
        for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
            if mod.name.startswith("cmd_"):
                importlib.import_module(f"{__name__}.{mod.name}")
        _loaded = True
    return app


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``zopa`` command."""
    load_commands()
    app(args=argv if argv is not None else sys.argv[1:], prog_name="zopa")
