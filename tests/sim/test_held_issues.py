"""Issues held out of the outcome grid: the grid notes, and --json's agreement and ``held``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import numpy as np
from typer.testing import CliRunner

import zopa
import zopa.cli
from zopa.scenario.compile import compile_model
from zopa.sim.scenario import from_scenario

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema" / "json" / "simulate.schema.json").read_text())


def _status_quo(iss):
    sq = iss.status_quo
    return sq if isinstance(sq, str) else float(sq.value)


def test_grid_notes_list_only_the_issues_in_the_outcome_grid():
    s = zopa.load("ukraine-2025")
    d = from_scenario(s, actors=["UA", "RU"])
    in_grid = {i.name for i in d.issues}
    continuous = {i.id for i in s.issues if i.kind != "ordinal"}
    noted = {n.split(":")[0] for n in d.notes if not n.startswith("outcome grid capped")}
    assert noted == continuous & in_grid                       # each continuous issue of the grid, and no other
    assert d.held and not set(d.held) & in_grid                 # something was held, and not in the grid
    assert set(d.held) | in_grid == {i.id for i in s.issues}
    cap = [n for n in d.notes if n.startswith("outcome grid capped")]
    assert cap == [f"outcome grid capped at 100000: {', '.join(d.held)} held at the status quo"]
    # the size of the grid is the product of the kept issues' options, below the cap
    assert d.n_outcomes == int(np.prod([len(i.options) for i in d.issues])) <= 100_000


def test_a_held_continuous_issue_is_not_called_discretised_on_the_command_line():
    r = CliRunner().invoke(zopa.cli.load_commands(), ["simulate", "ukraine-2025", "--steps", "5"])
    assert r.exit_code == 0, r.output
    grid_lines = [ln for ln in r.stdout.splitlines() if ln.strip().startswith("grid:")]
    d = from_scenario(zopa.load("ukraine-2025"), actors=["RU", "UA"])
    for issue in d.held:
        assert not any(ln.strip().startswith(f"grid: {issue}:") for ln in grid_lines), issue
    assert "held at the status quo" in " ".join(r.stdout.split())


def test_json_agreement_gives_held_issues_at_their_status_quo_and_lists_them():
    s = zopa.load("ukraine-2025")
    r = CliRunner().invoke(zopa.cli.load_commands(), ["simulate", "ukraine-2025", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    jsonschema.validate(out, SCHEMA)
    assert out["agreement"] is not None
    assert set(out["agreement"]) == {i.id for i in s.issues}     # every issue of the scenario
    held = out["held"]
    assert held and len(held) < len(s.issues)
    for iss in s.issues:
        if iss.id in held:
            assert out["agreement"][iss.id] == _status_quo(iss), iss.id
    # the whole agreement, valued by the compiled model, gives the reported utilities
    m = compile_model(s)
    x = np.array([[iss.to_scale(out["agreement"][iss.id]) for iss in s.issues]])
    u = m.utility(x)[0]
    for a, v in out["utilities"].items():
        assert abs(u[m.actor_index(a)] - v) < 1e-9


def test_many_runs_json_lists_held_once_and_explicit_domains_hold_nothing():
    r = CliRunner().invoke(zopa.cli.load_commands(), ["simulate", "ukraine-2025", "--runs", "2", "--steps", "10", "--json"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    jsonschema.validate(out, SCHEMA)
    assert out["held"] and all("held" not in run for run in out["runs"])
    bench = str(ROOT / "examples" / "negmas-benchmark.yaml")
    r = CliRunner().invoke(zopa.cli.load_commands(), ["simulate", bench, "-s", "UA=linear", "-s", "RU=linear", "--json"])
    assert "held" not in json.loads(r.stdout)
