"""Claims the engine cannot read are bad input (InputError, exit 2), even in scenarios built in code
that never went through the loader's checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import zopa
from zopa.cli import load_commands
from zopa.errors import InputError
from zopa.scenario.model import Scenario
from zopa.sweep.odds import claims_report
from zopa.sweep.scenario import claims_of, sweep_zone

GOOD = Path(__file__).parents[2] / "tests/data/good.yaml"


def unchecked(**claim) -> Scenario:
    """tests/data/good.yaml with its claim changed, validated by the model only (no loader checks)."""
    data = zopa.load(GOOD).model_dump(mode="json", exclude_none=True)
    data["claims"][0].update(claim)
    data["claims"][0] = {k: v for k, v in data["claims"][0].items() if v is not None}
    return Scenario.model_validate(data)


@pytest.mark.parametrize(
    ("claim", "path", "start"),
    [
        ({"metric": "delay_gian.A", "at": None}, "claims[0].metric", "unknown metric 'delay_gian.A'; did you mean delay_gain.A"),
        ({"metric": "p_deal_by", "at": None}, "claims[0].at", "metric 'p_deal_by' needs 'at'"),
        # A's discount rate is certain in good.yaml: the sweep stores no column for it
        ({"metric": "input:actors.A.discount_rate"}, "claims[0]",
         "metric 'input:actors.A.discount_rate' needs column(s) 'input.actors.A.discount_rate'"),
    ],
)
def test_claims_of_raises_input_errors_naming_the_claim(claim, path, start):
    with pytest.raises(InputError) as err:
        claims_of(unchecked(**claim))
    (problem,) = err.value.problems
    assert (problem.file, problem.path) == ("small", path)
    assert problem.message.startswith(start)


def test_sweeps_and_claims_reports_stop_before_sampling_any_world():
    s = unchecked(metric="zone_open_mnth")
    with pytest.raises(InputError, match="zone_open_mnth"):
        sweep_zone(s, worlds=4, executor="serial", progress=False)
    with pytest.raises(InputError, match="zone_open_mnth"):
        claims_report(s, worlds=20, sensitivity=False)


def test_good_claims_still_read():
    (c,) = claims_of(zopa.load(GOOD))
    assert (c.metric, c.at, c.op, c.threshold) == ("zone_open", 0, "==", 0)


@pytest.mark.parametrize("command", [["claims", "--worlds", "20", "--no-sensitivity"], ["sweep", "--worlds", "4", "--workers", "1"]])
def test_the_commands_exit_2_with_the_message(monkeypatch, command):
    import zopa.cli.cmd_sweep as cmd

    monkeypatch.setattr(cmd, "load_scenario", lambda *a, **k: unchecked(metric="zone_open_mnth"))
    r = CliRunner().invoke(load_commands(), [command[0], str(GOOD), *command[1:]])
    assert r.exit_code == 2
    assert r.stderr.startswith("small: claims[0].metric: unknown metric 'zone_open_mnth'; did you mean zone_open_month")
    assert "internal error" not in r.stderr


def test_the_report_exits_2_with_the_message(monkeypatch, tmp_path):
    import zopa.cli.cmd_report as cmd

    monkeypatch.setattr(cmd, "load_scenario", lambda *a, **k: unchecked(metric="zone_open_mnth"))
    r = CliRunner().invoke(load_commands(), ["report", str(GOOD), "--worlds", "20", "-o", str(tmp_path / "r.html")])
    assert r.exit_code == 2
    assert "small: claims[0].metric: unknown metric 'zone_open_mnth'" in r.stderr
    assert "internal error" not in r.stderr
