"""zopa simulate on the command line: tables, --json against its schema, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pandas as pd
from typer.testing import CliRunner

import zopa.cli

ROOT = Path(__file__).resolve().parents[2]
BENCH = str(ROOT / "examples" / "negmas-benchmark.yaml")
SCHEMA = json.loads((ROOT / "schema" / "json" / "simulate.schema.json").read_text())


def invoke(*args):
    return CliRunner().invoke(zopa.cli.load_commands(), ["simulate", *args])


def test_one_run_json_is_negmas_boulware_vs_conceder_and_valid():
    r = invoke(BENCH, "-s", "UA=boulware", "-s", "RU=conceder", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    jsonschema.validate(out, SCHEMA)
    assert out["agreement"] == {"territory": 10, "army_cap": 0, "security_guarantee": "art5_like"}
    assert out["step"] == 76


def test_many_runs_json_has_a_summary_and_validates():
    r = invoke(BENCH, "-s", "UA=bayesian", "-s", "RU=stalling:p_ratify=0.5", "--runs", "30", "--steps", "40",
               "--drift", "RU=0.1", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    jsonschema.validate(out, SCHEMA)
    assert len(out["runs"]) == 30
    agreed = [x for x in out["runs"] if x["agreement"] is not None]
    assert out["summary"]["p_agreement"] == len(agreed) / 30
    assert all(x["ratified"] for x in agreed)


def test_mediated_three_party_table_and_csv(tmp_path):
    csv = tmp_path / "runs.csv"
    tr = tmp_path / "trace.csv"
    r = invoke(BENCH, "-s", "UA=linear", "-s", "RU=boulware", "--protocol", "mediated", "--deadline", "0.8",
               "--press", "0.5", "--lever", "pressure:UA=0.05", "--runs", "5", "--csv", str(csv), "--trace", str(tr))
    assert r.exit_code == 0, r.output
    assert "P(agreement)" in r.stdout and "Who gains" in r.stdout
    runs = pd.read_csv(csv)
    assert len(runs) == 5 and {"agreement", "step", "u_UA", "u_RU"} <= set(runs.columns)
    assert (pd.read_csv(tr).action == "draft").any()


def test_bad_input_exits_2_with_a_message():
    r = invoke(BENCH, "-s", "UA=boulware", "-s", "RU=zigzag")
    assert r.exit_code == 2 and "unknown strategy 'zigzag'" in r.stderr
    r = invoke(BENCH, "-s", "UA", "-s", "RU=linear")
    assert r.exit_code == 2 and "ACTOR=VALUE" in r.stderr
    r = invoke(BENCH, "-s", "UA=linear", "-s", "XX=linear")
    assert r.exit_code == 2 and "unknown actor 'XX'" in r.stderr
    r = invoke("no-such-scenario.yaml")
    assert r.exit_code == 2
