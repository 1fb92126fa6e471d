"""`zopa forecast` on a DEU file: each proposal is forecast on its own, as in the backtest."""

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


@pytest.fixture
def deu_parts(fdata, tmp_path):
    """The header, weights and first proposal (d00032, 4 issues); and the same plus d00062 (3 issues)."""
    raw = (fdata / "deu/deu3_train.tsv").read_text().splitlines()
    one, two = tmp_path / "one.tsv", tmp_path / "two.tsv"
    one.write_text("\n".join(raw[:6]) + "\n")
    two.write_text("\n".join(raw[:9]) + "\n")
    return one, two


def test_exchange_forecasts_each_proposal_on_its_own(deu_parts):
    one, two = deu_parts
    r1 = _run(one, "--model", "exchange", "--json")
    r2 = _run(two, "--model", "exchange", "--json")
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    a, b = json.loads(r1.stdout), json.loads(r2.stdout)
    jsonschema.validate(b, SCHEMA)
    assert b["issues"] == ["d00032i1", "d00032i2", "d00032i3", "d00032i4", "d00062i1", "d00062i2", "d00062i3"]
    assert b["proposal"] == {**{f"d00032i{k}": "d00032" for k in range(1, 5)},
                             **{f"d00062i{k}": "d00062" for k in range(1, 4)}}
    # adding an unrelated proposal leaves d00032's forecast unchanged (no trades across proposals;
    # merged into one case, d00032i1 came out at 11.7 instead of 37.0)
    for issue, value in a["forecast"].items():
        assert b["forecast"][issue] == pytest.approx(value, abs=1e-9)
    assert b["forecast"]["d00032i1"] == pytest.approx(36.98, abs=0.01)
    # every round has every issue, and positions only on the issues an actor takes part in
    assert len(b["rounds"]) == 11
    assert all(set(rnd["forecast"]) == set(b["issues"]) for rnd in b["rounds"])
    assert set(b["rounds"][0]["positions"]["com"]) == set(b["issues"])


def test_table_has_one_row_per_issue_with_its_proposal(deu_parts, tmp_path):
    _, two = deu_parts
    out = tmp_path / "f.csv"
    r = _run(two, "--model", "compromise", "--csv", out)
    assert r.exit_code == 0, r.output
    lines = out.read_text().splitlines()
    assert lines[0] == "proposal,issue,compromise,outcome"
    assert [ln.split(",")[:2] for ln in lines[1:]] == [
        ["d00032", f"d00032i{k}"] for k in range(1, 5)] + [["d00062", f"d00062i{k}"] for k in range(1, 4)]
    # d00032i1 by hand: sum(w s x) / sum(w s) over the 17 actors with a position
    # (w: row-2 weight, s: salience, x: position, transcribed from the file)
    t = [(4.1, 50, 100), (4.1, 50, 100), (.48, 40, 40), (.58, 20, 40), (.37, 80, 100), (.28, 80, 100),
         (2.8, 20, 40), (4.1, 80, 0), (.22, 20, 40), (.5, 20, 40), (2.09, 60, 0), (.08, 20, 40),
         (1.03, 20, 100), (.27, 20, 40), (1.46, 80, 0), (.55, 80, 100), (2.64, 60, 100)]
    expected = 72828.0 / 1363.4
    assert sum(w * s * x for w, s, x in t) / sum(w * s for w, s, _ in t) == pytest.approx(expected)
    first = lines[1].split(",")
    assert float(first[2]) == pytest.approx(expected, rel=1e-9)
    assert float(first[3]) == 100.0


def test_all_models_on_two_proposals_validate(deu_parts):
    _, two = deu_parts
    r = _run(two, "--model", "all", "--rounds", "3", "--json")
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    jsonschema.validate(out, SCHEMA)
    assert [o["model"] for o in out] == ["compromise", "median", "nash", "bdm", "smp", "exchange", "ensemble"]
    assert all(len(o["forecast"]) == 7 and len(o["proposal"]) == 7 for o in out)
