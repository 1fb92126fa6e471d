"""from_scenario: the scenario language compiled to a simulation domain."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import zopa
from zopa.sim import negmas_benchmark, simulate
from zopa.sim.scenario import from_scenario

BENCH = Path(__file__).resolve().parents[2] / "examples" / "negmas-benchmark.yaml"


def test_the_benchmark_yaml_gives_negmas_utilities_bit_for_bit():
    d = from_scenario(zopa.load(str(BENCH)))
    ref = negmas_benchmark()
    assert d.actors == ref.actors and d.n_outcomes == 220
    assert np.array_equal(d.U, ref.U)
    assert d.reservation.tolist() == [0.35, 0.30, 0.25]
    assert [i.options for i in d.issues] == [i.options for i in ref.issues]
    assert d.mediators == ("US",)


def test_simulate_accepts_a_scenario_directly():
    res = simulate(zopa.load(str(BENCH)), {"UA": "boulware", "RU": "conceder"}, protocol="sao", steps=100)
    assert res.to_json()["step"] == 76


def test_continuous_issues_take_their_step_grid_and_the_grid_is_stated():
    d = from_scenario(zopa.load("textbook"), levels=5)
    # the border has step 0.05 on [0, 1]: 21 points
    assert d.n_outcomes == 21 and d.issues[0].options[8] == 0.4 and d.issues[0].options[-1] == 1
    assert any("grid step" in n for n in d.notes)
    # A wants the border at 1, B at 0 (linear loss): u_A(x) = x, u_B(x) = 1 - x
    x = np.array(d.issues[0].options, float)
    assert d.U[d.index("A")] == pytest.approx(x)
    assert d.U[d.index("B")] == pytest.approx(1 - x)


def test_delegates_negotiate_with_their_principals_utilities():
    s = zopa.load("ukraine-2025")
    d = from_scenario(s, actors=["medinsky", "umerov", "RU"])
    assert np.array_equal(d.U[0], d.U[2])
    assert d.authority["medinsky"] == "refer"
    assert d.n_outcomes <= 100_000
    assert any("held at the status quo" in n for n in d.notes)
    with pytest.raises(ValueError, match="unknown actor"):
        from_scenario(s, actors=["nobody"])
