"""Scenario actors that give value tables instead of positions take their best option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import zopa
import zopa.cli
from zopa.forecast import run
from zopa.forecast.scenario import best_of_table, from_scenario

NEGMAS = Path(__file__).resolve().parents[2] / "examples/negmas-benchmark.yaml"

SMALL = """\
zopa: 1
id: small-tables
title: "Value tables instead of positions"
start: 2025-12-01
horizon_months: 12
defaults:
  basis: assumption
  rationale: Test numbers.
issues:
  - {id: t, name: Territory, kind: continuous, bounds: [0, 10], status_quo: 0}
  - {id: g, name: Guarantee, kind: ordinal, options: [none, some, full], status_quo: none}
actors:
  - id: A
    name: A
    kind: state
    capability: 1
    issues:
      t: {position: 2, salience: 1.0}
      g: {position: full, salience: 0.5}
  - id: B
    name: B
    kind: state
    capability: 3
    issues:
      t: {values: [[0, 0.2], [4, 1.0], [8, 1.0], [10, 0.0]], salience: 0.5}
      g: {values: {none: 0.3, some: 1.0, full: 1.0}, salience: 0.5}
  - id: C
    name: C
    kind: state
    capability: 2
    issues:
      t: {values: [[0, 1.0], [10, 0.0]]}
      g: {values: {full: 0.9, none: 0.1, some: 0.5}}
"""


@pytest.fixture
def small(tmp_path):
    p = tmp_path / "small.yaml"
    p.write_text(SMALL)
    return p


def test_best_of_table_takes_the_first_of_a_tie():
    assert best_of_table({"none": 0.3, "some": 1.0, "full": 1.0}) == "some"
    assert best_of_table({"full": 0.9, "none": 0.1, "some": 0.5}) == "full"
    assert best_of_table([[0, 0.2], [4, 1.0], [8, 1.0], [10, 0.0]]) == 4.0


def test_positions_from_tables_by_hand(small):
    inp = from_scenario(zopa.load(str(small)))
    assert inp.actors == ("A", "B", "C")
    # B: t tie between 4 and 8 -> 4; g tie between some and full -> some (index 1)
    # C: t best at 0; g best is full (index 2), whatever the table's order
    assert inp.position.tolist() == [[2.0, 2.0], [4.0, 1.0], [0.0, 2.0]]
    assert inp.salience.tolist() == [[1.0, 0.5], [0.5, 0.5], [0.5, 0.5]]   # C: the default 0.5
    assert inp.meta["notes"] == [
        "B states no position on 2 issue(s) but gives a value table: its position is its best option there (t 4, g some)",
        "C states no position on 2 issue(s) but gives a value table: its position is its best option there (t 0, g full)",
    ]
    res = run(inp, "compromise")
    # t: weights c*s = 1, 1.5, 1 -> (1*2 + 1.5*4 + 1*0) / 3.5; g: 0.5, 1.5, 1 -> (0.5*2 + 1.5*1 + 1*2) / 3
    assert float(res.forecast["t"]) == pytest.approx(8 / 3.5)
    assert float(res.forecast["g"]) == pytest.approx(4.5 / 3)


def test_cli_prints_the_note(small):
    r = CliRunner().invoke(zopa.cli.load_commands(), ["forecast", str(small)])
    assert r.exit_code == 0, r.output
    assert "note: B states no position on 2 issue(s)" in r.stdout
    r = CliRunner().invoke(zopa.cli.load_commands(), ["forecast", str(small), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["forecast"]["t"] == pytest.approx(8 / 3.5)   # stdout is only the JSON
    assert "note: C states no position" in r.stderr


def test_negmas_benchmark_forecasts():
    r = CliRunner().invoke(zopa.cli.load_commands(), ["forecast", str(NEGMAS), "--json"])
    assert r.exit_code == 0, r.output
    # best options: UA (10, 4, art5_like=3), RU (0, 0, none=0), US (5, 2, bilateral=2); no capabilities
    # and no saliences given, so equal weights: the plain means
    assert json.loads(r.stdout)["forecast"] == pytest.approx({"territory": 5.0, "army_cap": 2.0,
                                                              "security_guarantee": 5 / 3})
