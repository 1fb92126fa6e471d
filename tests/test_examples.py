"""The shipped examples run (Mesa-style smoke tests that also assert what they show)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402
from typer.testing import CliRunner  # noqa: E402

import zopa  # noqa: E402
from zopa.cli import load_commands  # noqa: E402

EXAMPLES = Path(__file__).parents[1] / "examples"


def test_notebook_runs_and_draws_the_report_figures():
    nb = json.loads((EXAMPLES / "ukraine-2025.ipynb").read_text())
    env: dict = {}
    last = None
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse("".join(cell["source"]))
        tail = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, "<cell>", "exec"), env)  # noqa: S102 - our own notebook
        last = eval(compile(ast.Expression(tail.value), "<cell>", "eval"), env) if tail else None  # noqa: S307
    figs = env["figs"]
    assert {"plans_heatmap", "zone_over_time", "timeline", "equilibrium", "plan_utilities"} <= set(figs)
    assert isinstance(last, dict) and set(last) == {"settlement_utility.RU", "settlement_utility.UA", "delay_gain.RU"}
    # a far less patient Russia does worse in the bargaining equilibrium
    assert last["settlement_utility.RU"][1] < last["settlement_utility.RU"][0]


@pytest.mark.parametrize("name, strict", [("two-sides.yaml", True), ("two-sides.toml", True), ("negmas-benchmark.yaml", False)])
def test_example_scenarios_validate(name, strict):
    r = CliRunner().invoke(load_commands(), ["validate", str(EXAMPLES / name), *(["--strict"] if strict else [])])
    assert r.exit_code == 0, r.output


def test_the_toml_example_is_the_yaml_example():
    from zopa.scenario.load import scenario_hash

    a, b = zopa.load(EXAMPLES / "two-sides.yaml"), zopa.load(EXAMPLES / "two-sides.toml")
    assert a.model_dump() == b.model_dump() and scenario_hash(a) == scenario_hash(b)


def test_two_sides_runs_through_zone_and_a_sweep():
    s = zopa.load(EXAMPLES / "two-sides.yaml")
    r = zopa.zone.analyze(s, paths=100)
    assert len(r.verdict) >= 4
    from zopa.zone.worlds import world_table

    t = world_table(s, worlds=64, seed=1)
    assert t["input.actors.B.discount_rate"].between(0.05, 0.2).all()
