"""zopa sweep's executor and strategy options fail with clear messages (exit 2), and a sweep says
which inputs it samples, or that every world is the same."""

from __future__ import annotations

import json
import socket
import time
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

import zopa
from zopa.cli import load_commands
from zopa.sweep.sampling import sample
from zopa.sweep.scenario import sampled_inputs, simulate_strategies, sweep_analysis, sweep_notes

GOOD = Path(__file__).parents[2] / "tests/data/good.yaml"
KNOWN = "boulware, linear, conceder, time-based, deadline, tough, tit-for-tat, stalling, ratchet, bayesian"
JUDGED = {"basis": "judgement", "rationale": "test"}


def run(*args):
    return CliRunner().invoke(load_commands(), [str(a) for a in args])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# ---------------------------------------------------------------------------- --scheduler
def test_a_scheduler_nobody_runs_fails_at_once_naming_the_option():
    port = free_port()  # bound and released: nothing listens there
    t0 = time.monotonic()
    r = run("sweep", "textbook", "--worlds", "4", "--scheduler", f"tcp://127.0.0.1:{port}")
    assert time.monotonic() - t0 < 5
    assert r.exit_code == 2
    assert r.stderr.startswith(f"--scheduler: scheduler: cannot reach a Dask scheduler at tcp://127.0.0.1:{port}: ")
    assert "internal error" not in r.stderr


def test_a_port_that_never_answers_gives_up_after_the_connect_timeout(monkeypatch):
    import zopa.cli.cmd_sweep as cmd

    monkeypatch.setattr(cmd, "CONNECT_TIMEOUT", 1)
    with socket.socket() as silent:  # accepts connections (the kernel does) but never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        address = f"tcp://127.0.0.1:{silent.getsockname()[1]}"
        t0 = time.monotonic()
        r = run("sweep", "textbook", "--worlds", "4", "--scheduler", address)
        took = time.monotonic() - t0
    assert r.exit_code == 2 and took < 10
    assert f"--scheduler: scheduler: cannot reach a Dask scheduler at {address}: " in r.stderr


def test_a_malformed_scheduler_address_is_blamed_on_the_option():
    r = run("sweep", "textbook", "--worlds", "4", "--scheduler", "127.0.0.1:8786")
    assert r.exit_code == 2 and r.stderr.startswith("--scheduler: scheduler: --scheduler must be an address like tcp://HOST:PORT")
    r = run("sweep", "textbook", "--worlds", "4", "--scheduler", "tcp://127.0.0.1:port")
    assert r.exit_code == 2 and r.stderr.startswith("--scheduler: scheduler: cannot reach a Dask scheduler at tcp://127.0.0.1:port")


def test_a_running_scheduler_gives_the_serial_results():
    from distributed import LocalCluster

    args = ["sweep", GOOD, "--worlds", "12", "--seed", "3", "--json"]
    serial = json.loads(run(*args, "--workers", "1").stdout)
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        r = run(*args, "--scheduler", cluster.scheduler_address)
    assert r.exit_code == 0, r.stderr
    assert json.loads(r.stdout)["summary"] == serial["summary"]


# ---------------------------------------------------------------------------- --strategy
def test_an_unknown_strategy_is_named_with_the_known_ones():
    r = run("sweep", "ukraine-2025", "--analysis", "simulate", "--worlds", "4", "-s", "RU=bogus")
    assert r.exit_code == 2
    assert r.stderr.strip() == f"--strategy: strategy: RU=bogus: unknown strategy 'bogus'; choose from {KNOWN}"


def test_an_unknown_actor_is_named_with_a_did_you_mean():
    r = run("sweep", GOOD, "--analysis", "simulate", "--worlds", "4", "-s", "envoi=linear")
    assert r.exit_code == 2
    assert r.stderr.strip() == "--strategy: strategy: small has no actor 'envoi' (did you mean envoy?)"


def test_strategies_are_only_for_simulate():
    r = run("sweep", GOOD, "--worlds", "4", "-s", "A=linear")
    assert r.exit_code == 2 and "--strategy: strategy: strategies are for --analysis simulate" in r.stderr


def test_one_strategy_lets_the_other_belligerent_play_its_default():
    one = run("sweep", GOOD, "--analysis", "simulate", "--worlds", "6", "--steps", "10", "--workers", "1", "--json",
              "-s", "A=boulware")
    assert one.exit_code == 0, one.stderr
    assert "note: B plays linear (the default; choose with -s B=STRATEGY)" in one.stderr
    both = run("sweep", GOOD, "--analysis", "simulate", "--worlds", "6", "--steps", "10", "--workers", "1", "--json",
               "-s", "A=boulware", "-s", "B=linear")
    assert "plays" not in both.stderr
    assert json.loads(one.stdout)["summary"] == json.loads(both.stdout)["summary"]


def test_the_default_parties_are_the_belligerents():
    s = zopa.load(GOOD)  # belligerents A then B
    assert simulate_strategies(s) == {"A": "boulware", "B": "linear"}
    assert simulate_strategies(s, {"B": "tough"}) == {"B": "tough", "A": "boulware"}
    assert simulate_strategies(s, {"envoy": "tough", "B": "deadline"}) == {"envoy": "tough", "B": "deadline"}


# ---------------------------------------------------------------------------- what a sweep samples
def test_a_forecast_sweep_with_nothing_uncertain_says_every_world_is_the_same():
    r = run("sweep", "ukraine-2025", "--analysis", "forecast", "--worlds", "5", "--workers", "1", "--json")
    assert r.exit_code == 0, r.stderr
    note = ("no input of the forecast analysis (the actors' positions, saliences and capabilities) is uncertain in "
            "ukraine-2025: every world is the same (give one a dist to sample it)")
    assert r.stderr.strip() == f"note: {note}"
    data = json.loads(r.stdout)
    assert data["inputs"] == [] and data["notes"] == [note]
    assert all(row["std"] in (0.0, None) for row in data["summary"] if row["type"] == "double")


def test_a_forecast_sweep_samples_uncertain_capabilities_and_saliences_on_their_own_streams():
    cap = {"dist": "uniform", "low": 0.5, "high": 1.5, **JUDGED}
    sal = {"dist": "uniform", "low": 0.2, "high": 0.9, **JUDGED}
    s = zopa.load(GOOD, overrides={"actors.A.capability": cap, "actors.B.issues.land.salience": sal})
    assert sampled_inputs(s, "forecast") == ["actors.A.capability", "actors.B.issues.land.salience"]
    t = sweep_analysis(s, "forecast", worlds=50, seed=7, executor="serial", progress=False).to_pandas().sort_values("world")
    # the same per-path streams as any other sweep: the values zopa.sweep.sample draws for the path alone
    alone = sample({"actors.A.capability": s.actor("A").capability}, 50, seed=7)["actors.A.capability"]
    np.testing.assert_allclose(t["input.actors.A.capability"], alone)
    # the compromise (Achen 2006): sum(capability * salience * position) / sum(capability * salience), by hand
    stance = {a.id: a.issues["land"] for a in s.actors if "land" in a.issues and a.issues["land"].position is not None}
    pos = {a: st.position.nominal for a, st in stance.items()}
    weight = {a: (s.actor(a).capability.nominal if s.actor(a).capability else 1.0) * st.salience.nominal for a, st in stance.items()}
    for _, w in t.head(5).iterrows():
        ww = {**weight, "A": w["input.actors.A.capability"] * stance["A"].salience.nominal,
              "B": (s.actor("B").capability.nominal if s.actor("B").capability else 1.0) * w["input.actors.B.issues.land.salience"]}
        assert w["compromise.land"] == pytest.approx(sum(ww[a] * pos[a] for a in pos) / sum(ww.values()))


def test_a_simulation_sweep_says_it_samples_the_parties_reservation_values():
    res = {"dist": "uniform", "low": 0.1, "high": 0.3, **JUDGED}
    s = zopa.load(GOOD, overrides={"actors.A.reservation": res, "actors.envoy.reservation": res})
    assert sampled_inputs(s, "simulate") == ["actors.A.reservation"]  # B's envoy is no party of the A-B sessions
    assert sweep_notes(s, "simulate") == [
        "simulate samples 1 uncertain input(s), the parties' reservation values: actors.A.reservation",
        "the other 2 uncertain input(s) of small stay at their nominal values in this analysis",
    ]
    r = run("sweep", GOOD, "--analysis", "simulate", "--worlds", "4", "--steps", "5", "--workers", "1", "--json")
    assert json.loads(r.stdout)["notes"] == [
        "no input of the simulate analysis (the parties' reservation values) is uncertain in small: every world is the "
        "same but for the strategies' own random draws (give one a dist to sample it)"]
