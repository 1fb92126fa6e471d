"""The `zopa forecast` command: tables, --json (validated against its schema), --csv, errors."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import zopa.cli

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schema/json/forecast.schema.json").read_text())


def _run(*args):
    return CliRunner().invoke(zopa.cli.load_commands(), ["forecast", *map(str, args)])


def test_json_of_one_model_matches_the_schema(fdata):
    r = _run(fdata / "bdm/emission_standards_bdm1994.csv", "--model", "bdm", "--rounds", "8", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    jsonschema.validate(out, SCHEMA)
    assert out["model"] == "bdm" and len(out["rounds"]) == 9
    assert out["forecast"]["emission_standards_bdm1994"] == pytest.approx(9.6711297698)


def test_json_of_all_models_is_a_list(fdata):
    r = _run(fdata / "decide/sample_data.tsv", "--model", "all", "--rounds", "2", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    jsonschema.validate(out, SCHEMA)
    assert [o["model"] for o in out] == ["compromise", "median", "nash", "bdm", "smp", "exchange", "ensemble"]


def test_scenario_table_with_plans_and_csv(tmp_path):
    csv = tmp_path / "f.csv"
    plans = tmp_path / "p.csv"
    r = _run("ukraine-2025", "--model", "all", "--csv", csv, "--plans-csv", plans)
    assert r.exit_code == 0, r.output
    assert "Closest plan" in r.stdout
    head = csv.read_text().splitlines()[0]
    assert head.startswith("issue,scale,compromise,median,nash,bdm,smp,exchange,ensemble")
    assert plans.read_text().startswith("plan,model,issue,plan_value,forecast,distance")


def test_scenario_json_validates():
    r = _run("textbook", "--json")
    assert r.exit_code == 0, r.output
    jsonschema.validate(json.loads(r.stdout), SCHEMA)


def test_bad_input_exits_2_with_file_line(fdata, tmp_path):
    r = _run(fdata / "ktab/smpExample.xml", "--model", "smp")
    assert r.exit_code == 2 and "smpExample.xml:32:9" in r.output
    r = _run(fdata / "ktab/dummyData_3Dim.csv", "--model", "delphi")
    assert r.exit_code == 2 and "unknown model" in r.output
    r = _run(fdata / "ktab/dummyData_3Dim.csv", "--format", "xlsx")
    assert r.exit_code == 2 and "unknown format" in r.output
    r = _run(fdata / "ktab/dummyData_3Dim.csv", "--backtest")
    assert r.exit_code == 2 and "DEU" in r.output


def test_backtest_option(fdata, tmp_path):
    raw = (fdata / "deu/deu3_train.tsv").read_text().splitlines()
    small = tmp_path / "small.tsv"
    small.write_text("\n".join(raw[:10]) + "\n")
    r = _run(small, "--backtest", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {row["capability"] for row in out["mae"]} == {"weights", "equal"}
