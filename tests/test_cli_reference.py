"""Every command with --json is documented, with a schema; the command reference is current."""

from __future__ import annotations

from pathlib import Path

import typer

from zopa.cli import load_commands
from zopa.cli.reference import _walk, markdown

ROOT = Path(__file__).parents[1]
SCHEMAS = {p.stem.split(".")[0] for p in (ROOT / "schema" / "json").glob("*.schema.json")}


def _commands():
    return list(_walk(typer.main.get_command(load_commands()), "zopa"))


def test_every_json_command_is_documented_with_a_schema():
    index = (ROOT / "docs" / "reference" / "json.md").read_text()
    for full, cmd in _commands():
        if not any("--json" in getattr(p, "opts", ()) for p in cmd.params):
            continue
        words = full.split()[1:]
        assert f"zopa {words[0]}" in index or f"`{words[0]}`" in index or words[0] in index, full
        stem = "-".join(words)
        assert stem in SCHEMAS or words[0] in SCHEMAS or f"{words[0]}-{words[-1]}" in SCHEMAS, f"no schema for {full}"


def test_command_reference_is_current():
    page = ROOT / "docs" / "reference" / "cli.md"
    assert page.read_text() == markdown(), "regenerate: python -c 'from zopa.cli.reference import markdown; ...'"
