"""Sweeps of real scenarios: the zone, forecast and simulation analyses over sampled worlds, and the claims."""

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
from zopa.sweep.odds import claims_report
from zopa.sweep.scenario import claims_of, sweep_analysis, sweep_zone

ROOT = Path(__file__).parents[2]
GOOD = ROOT / "tests/data/good.yaml"


def _results(res):
    return res.to_pandas().sort_values("world").reset_index(drop=True)


def test_zone_sweep_is_the_same_whatever_the_batch_and_executor():
    s = zopa.load(GOOD)
    a = _results(sweep_zone(s, worlds=40, seed=3, executor="serial", batch_size=7, progress=False))
    b = _results(sweep_zone(s, worlds=40, seed=3, executor="serial", batch_size=40, progress=False))
    c = _results(sweep_zone(s, worlds=40, seed=3, executor="local", workers=2, batch_size=16, progress=False))
    pd.testing.assert_frame_equal(a, b)
    pd.testing.assert_frame_equal(a, c)


def test_zone_sweep_equals_the_world_table(tmp_path):
    from zopa.zone.worlds import world_table

    s = zopa.load(GOOD)
    swept = _results(sweep_zone(s, worlds=20, seed=5, executor="serial", out=tmp_path / "sw", progress=False))
    table = world_table(s, worlds=20, seed=5)
    for col in ("war_value_A_m0", "settlement_utility_B_m0", "input.actors.B.discount_rate"):
        np.testing.assert_allclose(swept[col].to_numpy(dtype=float), table[col].to_numpy(dtype=float))
    assert (tmp_path / "sw" / "manifest.json").exists()


def test_monthly_detail_is_each_worlds_series_month_by_month(tmp_path):
    import duckdb

    s = zopa.load(GOOD)
    plain = _results(sweep_zone(s, worlds=12, seed=2, executor="serial", progress=False))
    res = sweep_zone(s, worlds=12, seed=2, executor="serial", batch_size=5, monthly=True, out=tmp_path / "sw", progress=False)
    pd.testing.assert_frame_equal(_results(res), plain)  # the summary rows do not change
    H = s.horizon_months
    con = duckdb.connect()
    mon = con.execute(f"SELECT * FROM read_parquet('{tmp_path}/sw/parts/monthly-*.parquet') ORDER BY world, month").df()
    assert len(mon) == 12 * (H + 1) and sorted(mon["month"].unique()) == list(range(H + 1))
    # the series read at the summary's months are the summary's numbers, world by world
    for t in (0, 12, 24):
        at = mon[mon["month"] == t].set_index("world")
        np.testing.assert_array_equal(at.loc[plain["world"], "settlement_utility_A"], plain[f"settlement_utility_A_m{t}"])
    np.testing.assert_array_equal(mon[mon["month"] == 12].set_index("world").loc[plain["world"], "p_deal_by"], plain["p_deal_by_m12"])


def test_cli_monthly_is_for_the_zone_only():
    r = CliRunner().invoke(load_commands(), ["sweep", str(GOOD), "--analysis", "forecast", "--monthly", "--worlds", "5"])
    assert r.exit_code == 2 and "--analysis zone" in r.stderr


def test_claims_at_dates_become_months():
    s = zopa.load(GOOD, overrides={"claims.c1.at": "2030-07-01"})
    (c,) = claims_of(s)
    assert c.at == 6  # six months after the start, 2030-01-01


def test_a_claim_on_an_input_holds_as_often_as_its_distribution_says():
    # B's discount rate is uniform(0.05, 0.2): it exceeds 0.08 with probability 0.8
    s = zopa.load(GOOD, overrides={"claims": [
        {"id": "patient", "text": "B is impatient", "source": "s1", "metric": "input:actors.B.discount_rate", "op": ">", "threshold": 0.08}]})
    r = claims_report(s, worlds=4000, seed=1, sensitivity=False)
    row = r.odds.iloc[0]
    se = np.sqrt(0.8 * 0.2 / 4000)
    assert abs(row.share - 0.8) < 4 * se
    assert row.low < 0.8 < row.high


def test_claim_sensitivity_names_the_input_the_metric_depends_on():
    # B's equilibrium value depends on its own patience, the only uncertain input that moves it
    s = zopa.load(GOOD, overrides={"claims": [
        {"id": "b-gains", "text": "B does well", "source": "s1", "metric": "settlement_utility.B", "at": 0, "op": ">", "threshold": 0.4},
    ], "battlefield.volatility": {"dist": "uniform", "low": 0.0, "high": 1e-9, "basis": "judgement", "rationale": "irrelevant"}})
    r = claims_report(s, worlds=100, seed=2, trajectories=6, sobol_n=64)
    assert r.top_inputs("b-gains", 1) == ["actors.B.discount_rate"]


def test_forecast_sweep_reproduces_the_compromise_model_in_a_certain_world():
    from zopa.forecast import run
    from zopa.forecast.scenario import from_scenario

    s = zopa.load("ukraine-2025")
    swept = _results(sweep_analysis(s, "forecast", worlds=3, executor="serial", progress=False))
    ref = run(from_scenario(s), "compromise").forecast
    for issue, value in ref.items():
        assert swept[f"compromise.{issue}"].iloc[0] == pytest.approx(value)


def test_simulation_sweep_is_batch_invariant():
    s = zopa.load(GOOD, overrides={"actors.A.reservation": {"dist": "uniform", "low": 0.2, "high": 0.5, "basis": "judgement", "rationale": "t"},
                                   "actors.B.reservation": 0.3})
    kw = dict(worlds=24, seed=4, executor="serial", progress=False, strategies={"A": "stalling:p_ratify=0.5", "B": "linear"}, steps=20)
    a = _results(sweep_analysis(s, "simulate", batch_size=5, **kw))
    b = _results(sweep_analysis(s, "simulate", batch_size=24, **kw))
    pd.testing.assert_frame_equal(a, b)
    assert a["input.actors.A.reservation"].nunique() == 24


def run_cli(*args):
    return CliRunner().invoke(load_commands(), [str(a) for a in args])


def schema(name):
    return json.loads((ROOT / "schema/json" / f"{name}.schema.json").read_text())


def test_cli_sweep_json():
    r = run_cli("sweep", GOOD, "--worlds", "50", "--json", "--workers", "1")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    jsonschema.validate(data, schema("sweep"))
    by_col = {x["column"]: x for x in data["summary"]}
    assert by_col["input.actors.B.discount_rate"]["count"] == 50


def test_cli_sweep_bad_options_exit_2():
    assert run_cli("sweep", GOOD, "--analysis", "magic").exit_code == 2
    assert run_cli("sweep", GOOD, "--resume").exit_code == 2
    assert run_cli("sweep", GOOD, "--cluster", "k8s:3").exit_code == 2
    assert run_cli("sweep", GOOD, "--analysis", "simulate", "-s", "A").exit_code == 2


def test_cli_claims_json_and_metrics():
    r = run_cli("claims", GOOD, "--worlds", "40", "--no-sensitivity", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    jsonschema.validate(data, schema("claims"))
    assert data["claims"][0]["id"] == "c1"
    r = run_cli("claims", "textbook", "--metrics", "--json")
    names = [m["metric"] for m in json.loads(r.stdout)["metrics"]]
    assert "delay_gain.<principal>" in names and "p_deal_by" in names


def test_cli_claims_without_claims_exits_2():
    r = run_cli("claims", GOOD, "--set", "claims=[]", "--worlds", "20")
    assert r.exit_code == 2 and "states no claims" in r.stderr


def test_a_conditional_claim_in_a_scenario_file_counts_only_its_worlds():
    # B's discount rate ~ uniform(0.05, 0.2); P(> 0.16 | > 0.125) = 0.04 / 0.075
    s = zopa.load(GOOD, overrides={"claims": [
        {"id": "cond", "text": "t", "source": "s1", "metric": "input:actors.B.discount_rate", "op": ">", "threshold": 0.16,
         "when": [{"metric": "input:actors.B.discount_rate", "op": ">", "threshold": 0.125}]}]})
    r = claims_report(s, worlds=4000, seed=3, sensitivity=False)
    row = r.odds.iloc[0]
    assert abs(row.worlds - 4000 * 0.5) < 4 * np.sqrt(4000 * 0.25)
    assert abs(row.share - 0.04 / 0.075) < 4 * np.sqrt(0.25 / row.worlds)
