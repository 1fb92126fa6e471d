"""zopa simulate takes reservation values from the zone analysis by default, and they move with the war.

Expected values are read off the zone analysis' own table (``zopa.zone.analyze(...).values``: the
value of fighting on of each principal, month by month) and moved by hand: a linear drift of
(value at the horizon - value now) spread one step a month, then held.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from typer.testing import CliRunner

import zopa
import zopa.cli
from zopa.sim.battlefield import Battlefield
from zopa.sim.tournament import ZoneBattlefield

ROOT = Path(__file__).resolve().parents[2]
BENCH = str(ROOT / "examples" / "negmas-benchmark.yaml")
SCHEMA = json.loads((ROOT / "schema" / "json" / "simulate.schema.json").read_text())


def invoke(*args):
    return CliRunner().invoke(zopa.cli.load_commands(), ["simulate", *args])


@pytest.fixture(scope="module")
def war():
    """{(actor, month): value of fighting on} from the zone analysis of ukraine-2025."""
    from zopa.zone import analyze

    v = analyze("ukraine-2025", paths=200).values
    return {(r.actor, int(r.month)): float(r.war_value) for r in v.itertuples()}, int(v.month.max())


def test_default_reservations_are_the_principals_values_of_fighting_on_now(war):
    value, H = war
    r = invoke("ukraine-2025", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    jsonschema.validate(out, SCHEMA)
    res = out["reservation"]
    assert res["source"] == "zone" and f"month {H}" in res["note"]
    for a in ("RU", "UA"):
        got = res["actors"][a]
        assert got["start"] == pytest.approx(value[a, 0], abs=1e-12)
        assert got["drift"] == pytest.approx(value[a, H] - value[a, 0], abs=1e-9)
        assert got["over_steps"] == H and got["moved_by"] == "zone"
    # not the scenario's nominal values (RU 0.6, UA 0.4)
    s = zopa.load("ukraine-2025")
    nominal = {a.id: a.reservation.value for a in s.actors if a.id in ("RU", "UA")}
    assert abs(res["actors"]["RU"]["start"] - nominal["RU"]) > 0.01


@pytest.mark.parametrize("steps", [12, 36, 60])
def test_without_a_deal_each_side_ends_at_its_value_of_fighting_on_moved_one_step_a_month(war, steps):
    """Tough against tough never agree, so each utility is the reservation value in the last round.

    Round s (from 0) is month s: the last of ``steps`` rounds is month ``steps - 1``."""
    value, H = war
    r = invoke("ukraine-2025", "-s", "RU=tough", "-s", "UA=tough", "--steps", str(steps), "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["agreement"] is None
    for a in ("RU", "UA"):
        by_hand = value[a, 0] + (value[a, H] - value[a, 0]) * min(steps - 1, H) / H
        assert out["utilities"][a] == pytest.approx(by_hand, abs=1e-9)


def test_gain_is_measured_from_the_value_of_fighting_on_now(war):
    value, _ = war
    r = invoke("ukraine-2025", "--runs", "2", "--steps", "30", "--json")
    out = json.loads(r.stdout)
    jsonschema.validate(out, SCHEMA)
    sm = out["summary"]
    for a in ("RU", "UA"):
        mean_u = np.mean([run["utilities"][a] for run in out["runs"]])
        assert sm["gain"][a] == pytest.approx(mean_u - value[a, 0], abs=1e-9)


def test_delegates_take_their_principals_values_and_options_replace_the_zone_move(war):
    value, H = war
    r = invoke("ukraine-2025", "-s", "umerov=linear", "-s", "medinsky=stalling", "--drift", "medinsky=0.1",
               "--steps", "40", "--json")
    assert r.exit_code == 0, r.output
    res = json.loads(r.stdout)["reservation"]
    assert "medinsky moved by --drift/--volatility over the talks instead" in res["note"]
    act = res["actors"]
    assert act["umerov"]["principal"] == "UA" and act["umerov"]["start"] == pytest.approx(value["UA", 0])
    assert act["umerov"]["moved_by"] == "zone" and act["umerov"]["over_steps"] == H
    assert act["medinsky"]["principal"] == "RU" and act["medinsky"]["start"] == pytest.approx(value["RU", 0])
    assert act["medinsky"] | {"start": 0} == {"start": 0, "drift": 0.1, "volatility": 0.0, "over_steps": 40,
                                                "moved_by": "options", "principal": "RU"}


def test_the_summary_says_where_the_reservations_came_from(war):
    value, H = war
    r = invoke("ukraine-2025", "--steps", "5")
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    ru = f"RU {value['RU', 0]:.3f} -> {value['RU', H]:.3f} by step {H}"
    assert "reservation values from the zone analysis: " in text and ru in text
    assert "one step a month" in text


def test_scenario_values_when_asked_or_when_the_zone_does_not_apply():
    s = zopa.load("ukraine-2025")
    nominal = {a.id: a.reservation.value for a in s.actors if a.id in ("RU", "UA")}
    out = json.loads(invoke("ukraine-2025", "--reservation", "scenario", "--json").stdout)
    assert out["reservation"]["source"] == "scenario"
    assert {a: v["start"] for a, v in out["reservation"]["actors"].items()} == pytest.approx(nominal)
    # no battlefield: the benchmark's own reservation values (UA .35, RU .30, from the issue)
    r = invoke(BENCH, "-s", "UA=boulware", "-s", "RU=conceder")
    assert r.exit_code == 0, r.output
    text = " ".join(r.stdout.split())
    assert ("reservation values from the scenario: UA 0.350; RU 0.300 "
            "(the zone analysis does not apply: the scenario has no battlefield)") in text
    # a third party at the table: not the zone's two principals
    out = json.loads(invoke("ukraine-2025", "-s", "UA=linear", "-s", "RU=linear", "-s", "US=linear",
                            "--steps", "5", "--json").stdout)
    assert out["reservation"]["source"] == "scenario" and "US is neither" in out["reservation"]["note"]
    r = invoke("ukraine-2025", "--reservation", "nominal")
    assert r.exit_code == 2 and "--reservation: 'nominal'" in r.stderr


def test_zone_battlefield_with_months_equal_to_steps_is_the_plain_battlefield():
    """Same draws, same path: the monthly battlefield only differs once the talks outlast the horizon."""
    mv = {"A": {"drift": 0.2, "volatility": 0.1}, "B": {"drift": -0.1, "volatility": 0.3}}
    r0 = np.tile([0.4, 0.5], (7, 1))
    session, n = np.arange(7), np.full(7, 10)
    plain, zone = Battlefield(mv), ZoneBattlefield(mv, months=10)
    for step in range(11):
        a = plain.shift(r0, ["A", "B"], session, 3, step, n)
        b = zone.shift(r0, ["A", "B"], session, 3, step, n)
        assert np.array_equal(a, b)
    # talks twice as long as the horizon: the path stops moving at step 10
    zone = ZoneBattlefield(mv, months=10)
    path = [zone.shift(r0, ["A", "B"], session, 3, step, np.full(7, 20)) for step in range(21)]
    assert np.array_equal(path[10], path[20]) and np.array_equal(path[10], b)
    with pytest.raises(ValueError, match="both with the zone and over the talks"):
        ZoneBattlefield(mv, months=10, talks={"A": {"drift": 0.1}})
