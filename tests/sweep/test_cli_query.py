"""`zopa query`: SQL over a sweep's parts from the command line; --json follows its schema."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pandas as pd
import pytest
from typer.testing import CliRunner

from zopa.cli import load_commands
from zopa.sweep import run
from zopa.sweep.demo import INPUTS, attrition

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "schema" / "json" / "query.schema.json").read_text())


def cli(*args):
    return CliRunner().invoke(load_commands(), [str(a) for a in args])


@pytest.fixture(scope="module")
def sweep(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("q") / "out"
    run(attrition, INPUTS, 3000, seed=2, batch_size=1024, executor="serial", out=out, progress=False)
    return out


def test_json_answers_the_query_and_follows_the_schema(sweep):
    sql = "SELECT zone_open, count(*) AS worlds FROM results GROUP BY zone_open ORDER BY 1"
    r = cli("query", sweep, sql, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    jsonschema.validate(data, SCHEMA)
    df = pd.read_parquet(sorted((sweep / "parts").glob("part-*.parquet")))
    expected = df.groupby("zone_open").size()
    assert {row["zone_open"]: row["worlds"] for row in data["rows"]} == expected.to_dict()
    assert data["complete"] and data["worlds_done"] == data["n_worlds"] == 3000
    assert data["columns"][0]["name"] == "zone_open"


def test_without_sql_it_summarises_every_column(sweep):
    r = cli("query", sweep, "--json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["sql"] is None
    cols = [row["column"] for row in data["rows"]]
    assert "share_m60" in cols and "input.learning" in cols and "world" not in cols
    r = cli("query", sweep)
    assert r.exit_code == 0 and "share_m60" in r.stdout


def test_nulls_become_json_null(sweep):
    r = cli("query", sweep, "SELECT zone_open_month FROM results WHERE NOT zone_open LIMIT 2", "--json")
    data = json.loads(r.stdout)
    jsonschema.validate(data, SCHEMA)
    assert data["rows"] == [{"zone_open_month": None}, {"zone_open_month": None}]


def test_csv_gets_every_row_and_the_table_is_cut(sweep, tmp_path):
    target = tmp_path / "rows.csv"
    r = cli("query", sweep, "SELECT world FROM results ORDER BY world", "--csv", target, "--max-rows", "5")
    assert r.exit_code == 0, r.output
    assert len(pd.read_csv(target)) == 3000
    assert "2995 more rows" in r.stderr
    r = cli("query", sweep, "SELECT world FROM results ORDER BY world LIMIT 3", "--csv", "-")
    assert r.stdout.split() == ["world", "0", "1", "2"]


def test_bad_sql_and_missing_sweeps_exit_with_2(sweep, tmp_path):
    r = cli("query", sweep, "SELECT nope FROM results")
    assert r.exit_code == 2 and "<sql>: query failed" in r.stderr and "results" in r.stderr
    r = cli("query", tmp_path)
    assert r.exit_code == 2 and "manifest.json is missing" in r.stderr
