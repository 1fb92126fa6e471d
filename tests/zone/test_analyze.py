"""zopa.zone.analyze and the `zopa zone` command."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

import zopa
from zopa.cli import load_commands

SCHEMA = json.loads((Path(__file__).parents[2] / "schema/json/zone.schema.json").read_text())


@pytest.fixture(scope="module")
def textbook():
    return zopa.zone.analyze("textbook", paths=300)


def test_textbook_summary_by_hand(textbook):
    s = textbook.summary
    # Fearon: war values p - c_A = 0.4 - 0.05 and 1 - p - c_B = 0.6 - 0.1
    assert s["war_value.A"] == pytest.approx(0.35) and s["war_value.B"] == pytest.approx(0.5)
    # random proposer on a linear frontier with war during talks: the Nash split of the surplus
    assert s["settlement_utility.A"] == pytest.approx(0.35 + 0.15 / 2, abs=1e-6)
    assert s["zone_open"] == 1.0 and s["zone_open_month"] == 0.0


def test_plans_inside_the_zone(textbook):
    p = textbook.plans.set_index(["plan", "actor"])
    assert p.loc[("B-counter", "A"), "p_inside_now"] == 1.0  # 0.45 is inside [0.35, 0.5]
    assert p.loc[("A-offer", "B"), "margin"] == pytest.approx(0.4 - 0.5)


def test_verdict_states_the_numbers_it_is_built_on(textbook):
    text = " ".join(textbook.verdict)
    assert "0.35" in text and "0.50" in text and "B-counter" in text


def test_json_matches_schema(textbook):
    jsonschema.validate(json.loads(json.dumps(textbook.to_json())), SCHEMA)


def test_same_seed_same_numbers():
    a = zopa.zone.analyze("textbook", paths=200, seed=3, horizon=12)
    b = zopa.zone.analyze("textbook", paths=200, seed=3, horizon=12)
    pd.testing.assert_frame_equal(a.months, b.months)
    assert json.dumps(a.summary) == json.dumps(b.summary)  # NaN-safe equality


def test_deadline_changes_levers_after_its_date():
    s = zopa.load("tests/data/good.yaml")
    # A's aid (lever level 1, +0.005 drift per unit) is cut at a deadline one month in, for sure
    s2 = zopa.load("tests/data/good.yaml", overrides={"actors.B.deadlines": [
        {"date": "2030-02-01", "description": "cut aid", "if_no_deal": [{"lever": "aid", "level": 0}], "credibility": 1}]})
    with_ = zopa.zone.analyze(s2, paths=50, horizon=12)
    without = zopa.zone.analyze(s2, paths=50, horizon=12, deadlines=False)
    assert not with_.deadline.empty
    # cutting A's aid lowers A's value of fighting on and raises B's
    assert with_.summary["war_value.A"] < without.summary["war_value.A"]
    assert with_.summary["war_value.B"] > without.summary["war_value.B"]
    assert zopa.zone.analyze(s, paths=50, horizon=12).deadline.empty


def test_needs_two_belligerents():
    with pytest.raises(zopa.InputError, match="exactly two belligerents"):
        zopa.zone.analyze(zopa.load("textbook", overrides=["actors.B.role=observer"]))


def run(*args):
    return CliRunner().invoke(load_commands(), [str(a) for a in args])


def test_cli_table_and_verdict():
    r = run("zone", "textbook", "--every", "12", "--paths", "100")
    assert r.exit_code == 0, r.output
    assert "Verdict" in r.stdout and "B-counter" in r.stdout


def test_cli_json_and_csv():
    r = run("zone", "textbook", "--json", "--paths", "100", "--horizon", "6")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    jsonschema.validate(data, SCHEMA)
    assert len(data["months"]) == 7
    r = run("zone", "textbook", "--csv", "-", "--paths", "100", "--horizon", "6")
    assert r.stdout.splitlines()[0].startswith("month,date,p_zone_open")
    assert len(r.stdout.splitlines()) == 8


def test_cli_bad_option_exits_2():
    r = run("zone", "textbook", "--protocol", "dutch")
    assert r.exit_code == 2 and "unknown protocol" in r.stderr


def test_cli_set_overrides_reach_the_analysis():
    r = run("zone", "textbook", "--json", "--paths", "50", "--horizon", "3", "--set", "actors.A.monthly_cost=0.2")
    assert json.loads(r.stdout)["summary"]["war_value.A"] == pytest.approx(0.2)


def test_ukraine_runs_and_reports_a_verdict():
    r = zopa.zone.analyze("ukraine-2025", paths=500)
    assert r.principals == ("RU", "UA")
    assert len(r.verdict) >= 5
    assert np.isfinite(r.summary["war_value.RU"]) and np.isfinite(r.summary["war_value.UA"])


def test_zone_size_is_the_width_of_fearons_range(textbook):
    # one issue on [0, 1], linear utilities: the zone is [p - c_A, p + c_B] = [0.35, 0.50], width 0.15
    assert textbook.months["zone_size"].to_numpy() == pytest.approx(0.15, abs=1e-3)


@pytest.mark.parametrize("kwargs, says", [
    ({"paths": -1}, "paths must be"), ({"paths": 0}, "paths must be"), ({"states": 0}, "states must be"),
    ({"horizon": -5}, "horizon must be"), ({"horizon": 0}, "horizon must be"), ({"seed": "a"}, "seed must be"),
    ({"rng": 3}, "rng must be"),
])
def test_bad_arguments_are_clear_errors(kwargs, says):
    with pytest.raises(ValueError, match=says):
        zopa.zone.analyze("textbook", **kwargs)
