"""The command reference page (docs/reference/cli.md), generated from the commands themselves."""

from __future__ import annotations

__all__ = ["markdown"]


def _walk(group, prefix):
    for name in group.list_commands(None):
        cmd = group.get_command(None, name)
        full = f"{prefix} {name}"
        if hasattr(cmd, "list_commands"):  # a group (click's, or the copy newer typers carry)
            yield from _walk(cmd, full)
        else:
            yield full, cmd


def markdown() -> str:
    """Every command with its help and options, as Markdown."""
    import typer

    from zopa.cli import load_commands

    root = typer.main.get_command(load_commands())
    out = ["# Command reference", "",
           "Every command prints readable tables; `--json` gives the documented JSON (see json.md) and "
           "`--csv PATH` (or `-` for stdout) saves a table. Bad input exits with code 2 and `file:line` messages.", ""]
    for full, cmd in _walk(root, "zopa"):
        args = " ".join((getattr(p, "metavar", None) or p.name).upper() for p in cmd.params if p.param_type_name == "argument")
        out.append(f"## `{full}{' ' + args if args else ''}`\n")
        out.append((cmd.help or "").strip().split("\n\n")[0] + "\n")
        rows = []
        for p in cmd.params:
            if p.param_type_name != "option" or p.name == "help":
                continue
            opts = ", ".join(f"`{o}`" for o in p.opts)
            default = "" if p.default in (None, False, (), []) or p.is_flag else f" (default: {p.default})"
            rows.append(f"| {opts} | {(p.help or '').replace('|', '/')}{default} |")
        if rows:
            out.append("| option | meaning |\n|---|---|")
            out.extend(rows)
            out.append("")
    return "\n".join(out).rstrip() + "\n"
