"""The scenario commands, driven through typer's CliRunner; --json checked against the documented schemas."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import zopa
from zopa.cli import load_commands

ROOT = Path(__file__).parents[2]
GOOD = ROOT / "tests" / "data" / "good.yaml"


def run(*args):
    return CliRunner().invoke(load_commands(), [str(a) for a in args])


def schema(name):
    return json.loads((ROOT / "schema" / "json" / f"{name}.schema.json").read_text())


def test_list_shows_builtins_and_json_matches_schema():
    r = run("list", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    jsonschema.validate(data, schema("list"))
    names = [x["name"] for x in data["scenarios"]]
    assert "textbook" in names
    tb = next(x for x in data["scenarios"] if x["name"] == "textbook")
    assert (tb["actors"], tb["issues"], tb["plans"]) == (3, 1, 2)


def test_list_csv_to_stdout():
    r = run("list", "--csv", "-")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[0] == "name,kind,title,start,actors,issues,plans,events,sources"


def test_init_writes_a_template_that_validates_strictly(tmp_path):
    f = tmp_path / "war.yaml"
    r = run("init", f)
    assert r.exit_code == 0 and f.exists()
    assert f.read_text().startswith("# yaml-language-server: $schema=")
    assert run("validate", f, "--strict").exit_code == 0
    again = run("init", f)
    assert again.exit_code == 2 and "exists already" in again.stderr


def test_validate_ok_and_json():
    r = run("validate", GOOD, "--strict", "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    jsonschema.validate(data, schema("validate"))
    assert data["results"][0]["ok"] and data["results"][0]["id"] == "small"


def test_validate_failure_json_lists_problems_and_exits_2():
    r = run("validate", ROOT / "tests/data/bad/unknown-top-key.yaml", "--json")
    assert r.exit_code == 2
    data = json.loads(r.stdout)
    jsonschema.validate(data, schema("validate"))
    p = data["results"][0]["problems"][0]
    assert (p["line"], p["path"]) == (5, "titel") and "did you mean 'title'" in p["hint"]


def test_validate_missing_file():
    r = run("validate", "nope.yaml")
    assert r.exit_code == 2 and "no such file" in r.stderr and "Traceback" not in r.stderr


def test_show_sections_and_json():
    r = run("show", "textbook", "--json")
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    jsonschema.validate(data, schema("show"))
    assert [a["id"] for a in data["actors"]] == ["A", "B", "M"]
    assert data["plans"][0] == {"issue": "border", "status_quo": "0.4 share", "A-offer": "0.6 share", "B-counter": "0.45 share"}
    r = run("show", "textbook", "--section", "timeline")
    assert r.exit_code == 0 and "Second round" in r.stdout


def test_show_csv_needs_one_section():
    assert run("show", "textbook", "--csv", "-").exit_code == 2
    r = run("show", "textbook", "--section", "actors", "--csv", "-")
    assert r.exit_code == 0 and r.stdout.startswith("id,name,kind,role")


def test_show_bad_section():
    r = run("show", "textbook", "--section", "nope")
    assert r.exit_code == 2 and "unknown section" in r.stderr


def test_set_and_as_of_apply_to_show():
    r = run("show", "textbook", "--section", "plans", "--as-of", "2030-01-20", "--json")
    assert list(json.loads(r.stdout)["plans"][0]) == ["issue", "status_quo", "A-offer"]
    r = run("show", "textbook", "--set", "title=Changed", "--section", "summary", "--json")
    assert json.loads(r.stdout)["title"] == "Changed"
    r = run("show", "textbook", "--set", "actors.A.issues.border.salience=7")
    assert r.exit_code == 2 and "--set" not in r.stderr.split(":")[0] or "salience 7" in r.stderr


def test_plans_utilities_by_hand():
    r = run("plans", "textbook", "--json")
    data = json.loads(r.stdout)
    jsonschema.validate(data, schema("plans"))
    # A's utility of a border at x is x, B's is 1 - x (linear, one issue)
    by_plan = {u["plan"]: u for u in data["utilities"]}
    assert by_plan["A-offer"]["A"] == pytest.approx(0.6) and by_plan["A-offer"]["B"] == pytest.approx(0.4)
    assert by_plan["status_quo"]["B"] == pytest.approx(0.6)


def test_plans_diff_point_by_point():
    r = run("plans", "textbook", "--diff", "A-offer", "B-counter", "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    jsonschema.validate(data, schema("plans"))
    assert data["issues"] == [{"issue": "border", "A-offer": "0.6 share", "B-counter": "0.45 share", "changed": True}]
    assert [p["status"] for p in data["points"]] == ["changed", "same"]


def test_plans_diff_unknown_plan():
    r = run("plans", "textbook", "--diff", "A-ofer", "B-counter")
    assert r.exit_code == 2 and "did you mean A-offer" in r.stderr


def test_schema_command_prints_the_committed_schema():
    r = run("schema")
    assert r.exit_code == 0
    assert r.stdout == (ROOT / "schema" / "scenario.schema.json").read_text()


def test_version():
    r = run("--version")
    assert r.exit_code == 0 and r.stdout.strip() == f"zopa {zopa.__version__}"


def test_no_traceback_on_internal_errors(monkeypatch):
    import zopa.scenario.diff as diff

    def boom(*a, **k):
        raise RuntimeError("kaput")

    monkeypatch.setattr(diff, "plan_utilities", boom)
    monkeypatch.delenv("ZOPA_DEBUG", raising=False)
    r = run("plans", "textbook")
    assert r.exit_code == 1 and "internal error: RuntimeError: kaput" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("args, says", [
    (["show"], "Missing argument"),
    (["list", "--bogus"], "No such option"),
    (["list", "--csv"], "requires an argument"),
    (["zone", "textbook", "--horizon", "0"], "--horizon"),
    (["history", "nope"], "No such command"),
])
def test_usage_errors_exit_2_with_the_usage_not_an_internal_error(args, says):
    r = run(*args)
    assert r.exit_code == 2, r.output
    assert says in r.output and "internal error" not in r.output


def test_usage_error_through_the_installed_command():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "zopa", "list", "--bogus"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "No such option: --bogus" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.parametrize("name", ["x.toml", "x.json"])
def test_init_only_writes_yaml(tmp_path, name):
    r = run("init", tmp_path / name)
    assert r.exit_code == 2 and "must end in .yaml" in r.stderr and "two-sides.toml" in r.stderr
    assert not (tmp_path / name).exists()


def test_unwritable_output_paths_exit_2_naming_the_path(tmp_path):
    missing = tmp_path / "no-such-folder" / "x.yaml"
    r = run("init", missing)
    assert r.exit_code == 2 and str(missing) in r.stderr and "internal error" not in r.stderr
    r = run("schema", "-o", tmp_path / "no-such-folder" / "s.json")
    assert r.exit_code == 2 and "no-such-folder" in r.stderr


def test_every_command_that_reads_a_scenario_takes_set_and_as_of():
    import typer

    root = typer.main.get_command(load_commands())
    for name in ("validate", "show", "plans", "zone", "forecast", "simulate", "sweep", "claims", "report"):
        opts = {o for p in root.get_command(None, name).params for o in getattr(p, "opts", [])}
        assert {"--set", "--as-of"} <= opts, name


def test_forecast_and_simulate_apply_set_and_as_of():
    r = run("forecast", "ukraine-2025", "--json")
    r2 = run("forecast", "ukraine-2025", "--set", "actors.RU.capability=0.01", "--json")
    assert r.exit_code == r2.exit_code == 0, r2.output
    f = json.loads(r.stdout)["forecast"]
    f2 = json.loads(r2.stdout)["forecast"]
    assert f2["donetsk_control"] > f["donetsk_control"]  # a weaker Russia pulls the weighted mean toward Ukraine
    r3 = run("simulate", "textbook", "--as-of", "2029-01-01", "--json")
    assert r3.exit_code == 0, r3.output
    r4 = run("forecast", "ukraine-2025", "--as-of", "tomorrow")
    assert r4.exit_code == 2
