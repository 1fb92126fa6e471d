"""`zopa forecast --q` (bdm) and `--disagreement status-quo|war` (nash)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

import zopa
import zopa.cli
from zopa.forecast import bdm, nash, read
from zopa.forecast.scenario import from_scenario

# Values from jmckib/bdm-scholz-expected-utility-model @55f63e9 (bdm_scholz_model.py, Python 2.7.18)
# on ExampleActors.csv with model.q = 0.5: each round's positions (actors in file order) and median.
# That port never makes capitulation offers, so zopa matches it with capitulation=False.
JMCKIB_Q05 = [
    ([4, 7, 10, 4, 10, 10, 10, 4, 4, 7], 10.0),
    ([4, 7, 6.746079, 4, 10, 10, 10, 10, 4, 7], 10.0),
    ([4, 7, 6.746079, 4, 10, 10, 10, 6.746079, 4, 7], 7.0),
]

WAR = """\
zopa: 1
id: small-war
title: "War values as the disagreement point"
start: 2025-12-01
horizon_months: 12
defaults:
  basis: assumption
  rationale: Test numbers.
issues:
  - {id: x, name: X, kind: continuous, bounds: [0, 10], status_quo: 0, war_outcome: {value: 4}}
  - {id: y, name: Y, kind: continuous, bounds: [0, 10], status_quo: 0,
     war_outcome: {follows: battlefield, map: [[0, 0], [1, 8]]}}
  - {id: z, name: Z, kind: continuous, bounds: [0, 10], status_quo: 0}
actors:
  - id: A
    name: A
    kind: state
    role: belligerent
    capability: 1
    issues: {x: {position: 6, salience: 1}, y: {position: 6, salience: 1}, z: {position: 6, salience: 1}}
  - id: B
    name: B
    kind: state
    role: belligerent
    capability: 3
    issues: {x: {position: 10, salience: 1}, y: {position: 10, salience: 1}, z: {position: 10, salience: 1}}
battlefield: {state: share of the front, bounds: [0, 1], initial: 0.5, drift: 0, volatility: 0.1, favours: B}
"""


def _run(*args):
    return CliRunner().invoke(zopa.cli.load_commands(), ["forecast", *map(str, args)])


@pytest.fixture
def war(tmp_path):
    p = tmp_path / "war.yaml"
    p.write_text(WAR)
    return p


def test_bdm_q_matches_the_reference_port(fdata):
    inp = read(fdata / "bdm/emission_standards_bdm1994.csv")
    res = bdm(inp, q=0.5, rounds=3, capitulation=False)
    for k, (positions, med) in enumerate(JMCKIB_Q05, start=1):
        assert res.positions(k).iloc[:, 0].tolist() == pytest.approx(positions, abs=1e-6)
        assert res.tables["summary"]["median"][k] == pytest.approx(med)


def test_cli_q_reaches_bdm(fdata):
    path = fdata / "bdm/emission_standards_bdm1994.csv"
    r = _run(path, "--model", "bdm", "--rounds", "1", "--q", "0.5", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    # round 1 at Q = 0.5: the median jumps to 10 (the reference port agrees; at Q = 1 it is 8.416)
    assert out["forecast"]["emission_standards_bdm1994"] == pytest.approx(10.0)
    r1 = _run(path, "--model", "bdm", "--rounds", "1", "--json")
    assert json.loads(r1.stdout)["forecast"]["emission_standards_bdm1994"] == pytest.approx(8.4159323154)
    r = _run(path, "--model", "all", "--rounds", "1", "--q", "0.5", "--json")
    assert r.exit_code == 0, r.output
    by_model = {o["model"]: o for o in json.loads(r.stdout)}
    assert by_model["bdm"]["forecast"]["emission_standards_bdm1994"] == pytest.approx(10.0)


def test_nash_disagreement_by_hand(war):
    # A at 6 (weight 1), B at 10 (weight 3), scale 0..10.
    # status quo d = 0: on [6, 10] maximise log(6 - (x - 6)) + 3 log(10 - (10 - x)) = log(12 - x) + 3 log x
    #   -> 1/(12 - x) = 3/x -> x = 9
    # war value d = 4: A gains on (4, 8), B on (4, 16); on [6, 8] maximise log(8 - x) + 3 log(x - 4)
    #   -> x - 4 = 3 (8 - x) -> x = 7
    # x: war value 4; y: the battlefield map at the initial state 0.5 -> 4; z: no war outcome -> status quo
    inp = from_scenario(zopa.load(str(war)))
    assert inp.meta["war_outcome"][:2] == [4.0, 4.0]
    assert nash(inp, disagreement="war").forecast.to_dict() == pytest.approx({"x": 7.0, "y": 7.0, "z": 9.0})
    for option, expected in (("status-quo", [9.0, 9.0, 9.0]), ("war", [7.0, 7.0, 9.0]), (None, [9.0, 9.0, 9.0])):
        args = ["--model", "nash", "--json"] + ([] if option is None else ["--disagreement", option])
        r = _run(war, *args)
        assert r.exit_code == 0, r.output
        assert list(json.loads(r.stdout)["forecast"].values()) == pytest.approx(expected, abs=1e-9)


@pytest.mark.parametrize("args, needle", [
    (["--model", "bdm", "--q", "1.5"], "--q must be a probability within 0..1, got 1.5"),
    (["--model", "bdm", "--q", "-0.1"], "--q must be a probability within 0..1"),
    (["--model", "bdm", "--q", "nan"], "--q must be a probability within 0..1"),
    (["--model", "compromise", "--q", "0.5"], "--q applies to the bdm model"),
    (["--model", "nash", "--disagreement", "peace"], "unknown disagreement point 'peace'; choose status-quo or war"),
    (["--model", "median", "--disagreement", "war"], "--disagreement applies to the nash model"),
])
def test_bad_values_exit_2(args, needle):
    r = _run("textbook", *args)
    assert r.exit_code == 2 and needle in r.output and "Traceback" not in r.output


def test_war_needs_a_scenario_and_backtest_takes_neither(fdata):
    r = _run(fdata / "bdm/emission_standards_bdm1994.csv", "--model", "nash", "--disagreement", "war")
    assert r.exit_code == 2 and "--disagreement war needs a scenario" in r.output
    r = _run(fdata / "deu/deu3_train.tsv", "--backtest", "--q", "0.5")
    assert r.exit_code == 2 and "do not apply to --backtest" in r.output
    r = _run("textbook", "--model", "bdm", "--q", "abc")
    assert r.exit_code == 2
