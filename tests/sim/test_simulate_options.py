"""zopa simulate refuses options it would otherwise ignore, naming the option and the known actors."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

import zopa.cli

ROOT = Path(__file__).resolve().parents[2]
BENCH = str(ROOT / "examples" / "negmas-benchmark.yaml")   # actors UA, RU, US
PAIR = ["-s", "UA=linear", "-s", "RU=linear"]


def invoke(*args):
    return CliRunner().invoke(zopa.cli.load_commands(), ["simulate", BENCH, *args])


def test_drift_volatility_and_lever_on_an_unknown_actor_are_errors_naming_the_option_and_the_actors():
    for args, opt in ((["--drift", "ZZ=0.1"], "--drift"), (["--volatility", "ZZ=0.1"], "--volatility"),
                      (["--protocol", "mediated", "--lever", "pressure:ZZ=0.1"], "--lever")):
        r = invoke(*PAIR, *args)
        assert r.exit_code == 2, (args, r.output)
        assert f"{opt}: unknown actor 'ZZ'; the scenario's actors are UA, RU, US" in r.stderr
        assert "Traceback" not in r.output


def test_a_near_miss_gets_a_did_you_mean():
    r = invoke(*PAIR, "--drift", "ua=0.1")
    assert r.exit_code == 2 and "did you mean 'UA'?" in r.stderr
    r = invoke("-s", "UA=linear", "-s", "RUU=linear")
    assert r.exit_code == 2 and "--strategy: unknown actor 'RUU'" in r.stderr and "did you mean 'RU'?" in r.stderr


def test_an_actor_of_the_scenario_that_is_not_a_party_is_an_error_not_ignored():
    r = invoke(*PAIR, "--drift", "US=0.1")
    assert r.exit_code == 2
    assert "--drift: 'US' is not a party to these talks; the parties are UA, RU" in r.stderr


def test_every_problem_is_reported_at_once():
    r = invoke(*PAIR, "--drift", "ZZ=0.1", "--volatility", "YY=0.2")
    assert r.exit_code == 2
    assert "--drift: unknown actor 'ZZ'" in r.stderr and "--volatility: unknown actor 'YY'" in r.stderr


def test_an_actor_given_twice_says_so():
    r = invoke("-s", "UA=linear", "-s", "UA=linear")
    assert r.exit_code == 2
    assert "--strategy: actor 'UA' is given twice (UA=linear, UA=linear)" in r.stderr
    assert "at least two parties" not in r.stderr
    r = invoke(*PAIR, "--drift", "RU=0.1", "--drift", "RU=0.2")
    assert r.exit_code == 2 and "--drift: actor 'RU' is given twice (RU=0.1, RU=0.2)" in r.stderr


def test_an_unknown_strategy_lists_the_known_ones():
    from zopa.sim.strategies import REGISTRY

    r = invoke("-s", "UA=zigzag", "-s", "RU=linear")
    assert r.exit_code == 2
    assert "--strategy: UA=zigzag: unknown strategy 'zigzag'" in r.stderr
    listed = r.stderr.split("choose from", 1)[1]
    assert all(name in listed for name in REGISTRY)       # boulware, linear, ..., bayesian


def test_levers_and_bias_outside_mediated_talks_and_unknown_levers_are_errors():
    r = invoke(*PAIR, "--lever", "pressure:UA=0.1")
    assert r.exit_code == 2 and "--lever: applies to the mediated protocol only" in r.stderr
    r = invoke(*PAIR, "--bias", "UA=2")
    assert r.exit_code == 2 and "--bias: applies to the mediated protocol only" in r.stderr
    r = invoke(*PAIR, "--protocol", "mediated", "--lever", "bribe:UA=0.1")
    assert r.exit_code == 2 and "--lever: unknown lever 'bribe'" in r.stderr and "aid, sanctions, pressure" in r.stderr


def test_valid_options_still_run():
    r = invoke(*PAIR, "--protocol", "mediated", "--lever", "pressure:UA=0.05", "--bias", "UA=1", "--drift", "RU=0.1",
               "--volatility", "UA=0.05", "--runs", "3", "--steps", "20")
    assert r.exit_code == 0, r.output
