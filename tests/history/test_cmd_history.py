"""The commands: zopa baserates and zopa history list|show|backtest (JSON checked against the
published schemas)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from zopa.cli import load_commands
from zopa.history.codes import DAYS_PER_MONTH

SCHEMAS = Path(__file__).resolve().parents[2] / "schema" / "json"


def run(*args):
    result = CliRunner().invoke(load_commands(), list(args))
    return result


def check(name: str, output: str) -> dict:
    data = json.loads(output)
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    return data


def test_baserates_json_follows_the_schema_for_several_datasets(conflict_dir):
    r = run("baserates", "--dataset", "ucdp-termination", "--dataset", "cow-interstate", "--data", str(conflict_dir),
            "--kind", "interstate", "--lasted", "12", "--json")
    assert r.exit_code == 0, r.output
    data = check("baserates", r.stdout)
    ucdp, cow = data["datasets"]
    assert (ucdp["dataset"], cow["dataset"]) == ("ucdp-termination", "cow-interstate")
    assert cow["n_episodes"] == 95 and cow["duration_unit"] == "months"
    assert cow["median_duration"] * DAYS_PER_MONTH == pytest.approx(162)


def test_baserates_default_is_the_shipped_ucdp_data():
    r = run("baserates", "--json")
    assert r.exit_code == 0
    data = check("baserates", r.stdout)
    assert data["datasets"][0]["n_episodes"] == 581
    assert [k["kind"] for k in data["datasets"][0]["kinds"]][-1] == "all"


def test_baserates_table_csv_and_plot(tmp_path):
    csv, png = tmp_path / "rates.csv", tmp_path / "rates.png"
    r = run("baserates", "--kind", "interstate", "--lasted", "45", "--csv", str(csv), "--plot", str(png))
    assert r.exit_code == 0, r.output
    assert "how long conflict episodes last" in r.stdout and "Kreutz" in r.stdout
    assert csv.read_text().startswith("dataset,measure,kind,outcome,lasted,horizon")
    assert png.stat().st_size > 1000


def test_cow_without_data_is_exit_2_with_a_clear_message():
    r = run("baserates", "--dataset", "cow-interstate")
    assert r.exit_code == 2
    assert "--data DIR" in r.stderr


def test_data_folder_without_the_file_is_exit_2(tmp_path):
    r = run("baserates", "--dataset", "icb", "--data", str(tmp_path))
    assert r.exit_code == 2 and "icb1v14.csv" in r.stderr


@pytest.mark.parametrize("args, option", [(["--dataset", "cow"], "--dataset"), (["--kind", "civil"], "--kind"),
                                          (["--lasted", "-3"], "--lasted")])
def test_bad_arguments_are_exit_2_naming_the_option(args, option):
    r = run("baserates", *args)
    assert r.exit_code == 2 and option in r.stderr


def test_history_list_json():
    r = run("history", "list", "--json")
    assert r.exit_code == 0
    data = check("history-list", r.stdout)
    assert len(data["cases"]) == 7


def test_history_show_json_and_text():
    r = run("history", "show", "brest-litovsk-1918", "--json")
    assert r.exit_code == 0
    data = check("history-show", r.stdout)
    assert data["ended"] == "1918-11" and "Russia loses Ukraine" in data["terms"][0]
    text = run("history", "show", "minsk-1-2014")
    assert text.exit_code == 0 and "held: unknown" in text.stdout


def test_history_show_unknown_case_is_exit_2():
    r = run("history", "show", "versailles-1919")
    assert r.exit_code == 2 and "brest-litovsk-1918" in r.stderr


def test_history_backtest_json_and_plot(tmp_path):
    svg = tmp_path / "calibration.svg"
    r = run("history", "backtest", "--cutoff", "2005", "--json", "--plot", str(svg))
    assert r.exit_code == 0, r.output
    data = check("history-backtest", r.stdout)
    assert data["params"]["cutoff_year"] == 2005 and data["scores"][-1]["kind"] == "all"
    assert svg.read_text().startswith("<?xml")


def test_history_backtest_bad_cutoff_is_exit_2():
    r = run("history", "backtest", "--cutoff", "1800")
    assert r.exit_code == 2 and "cutoff" in r.stderr
