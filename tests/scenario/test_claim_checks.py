"""Claims whose metrics the claims engine cannot read are caught by the loader, with file:line:col.

Expected lines and columns are found in the test files themselves (the line that holds the bad
text, 1-based; the column where its value starts), not taken from the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import zopa
from zopa.cli import load_commands
from zopa.errors import ScenarioError

ROOT = Path(__file__).parents[2]
UKRAINE = ROOT / "src/zopa/scenario/builtin/ukraine-2025.yaml"
GOOD = ROOT / "tests/data/good.yaml"


def run(*args):
    return CliRunner().invoke(load_commands(), [str(a) for a in args])


def edited(tmp_path: Path, source: Path, old: str, new: str, name: str = "edited.yaml") -> Path:
    """A copy of ``source`` with the first ``old`` replaced by ``new``."""
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def where(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of the first line containing ``needle``, column at the needle."""
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n, line.index(needle) + 1
    raise AssertionError(needle)


def problems(path: Path) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        zopa.load(path)
    return [str(p) for p in err.value.problems]


@pytest.fixture(scope="module")
def misspelled(tmp_path_factory) -> Path:
    return edited(tmp_path_factory.mktemp("c"), UKRAINE, "metric: delay_gain.RU", "metric: delay_gian.RU")


def test_a_misspelled_metric_fails_validate_with_its_line_and_a_did_you_mean(misspelled):
    line, col = where(misspelled, "delay_gian.RU")
    r = run("validate", misspelled)
    assert r.exit_code == 2
    assert r.stderr.strip() == (f"{misspelled}:{line}:{col}: claims[0].metric: unknown metric 'delay_gian.RU' "
                                "(did you mean 'delay_gain.RU'?)")


@pytest.mark.parametrize("command", [["claims", "--worlds", "20", "--no-sensitivity"], ["sweep", "--worlds", "4"],
                                     ["report", "--worlds", "20"]])
def test_commands_that_read_claims_stop_at_the_same_message(misspelled, command, tmp_path):
    extra = ["-o", tmp_path / "r.html"] if command[0] == "report" else []
    r = run(command[0], misspelled, *command[1:], *extra)
    assert r.exit_code == 2
    assert "internal error" not in r.output + r.stderr
    assert f"{misspelled}:{where(misspelled, 'delay_gian.RU')[0]}:" in r.stderr and "claims[0].metric" in r.stderr


def test_a_missing_at_is_blamed_on_the_claim(tmp_path):
    # the only-imitation claim reads p_deal_by, a probability by a month: without at it means nothing
    path = edited(tmp_path, UKRAINE, "    threshold: 0.2\n    at: 12\n", "    threshold: 0.2\n")
    line, col = where(path, "- id: only-imitation")
    r = run("validate", path)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"{path}:{line}:{col + 2}: claims[2].at: metric 'p_deal_by' is read at a time")


@pytest.mark.parametrize(
    ("metric", "message"),
    [
        ("delay_gain", "claims[0].metric: metric 'delay_gain' is read per principal (write delay_gain.A or delay_gain.B)"),
        ("delay_gain.envoy", "claims[0].metric: 'envoy' is not a principal (an actor with role: belligerent) "
                             "(write delay_gain.A or delay_gain.B)"),
        ("zone_open.A", "claims[0].metric: metric 'zone_open' takes no principal (write zone_open)"),
        ("p_deal_by_12", "claims[0].metric: unknown metric 'p_deal_by_12' (did you mean 'p_deal_by'?)"),
    ],
)
def test_per_principal_metrics_need_a_belligerent(tmp_path, metric, message):
    path = edited(tmp_path, GOOD, "metric: zone_open", f"metric: {metric}")
    line, col = where(path, f"metric: {metric}")
    assert problems(path) == [f"{path}:{line}:{col + len('metric: ')}: {message}"]


def test_metrics_of_also_and_when_are_checked_too(tmp_path):
    path = edited(tmp_path, GOOD, "    at: 0\n", "    at: 0\n    also: [{metric: war_value.A, op: '<', threshold: 0}]\n"
                  "    when: [{metric: p_zone_opn, op: '>', threshold: 0.5, at: 3}]\n")
    also, _ = where(path, "also:")
    when, _ = where(path, "when:")
    first, second = problems(path)
    assert first.startswith(f"{path}:{also}:")
    assert first.endswith(": claims[0].also[0].at: metric 'war_value.A' is read at a time: the claim must give at "
                          "(a month from the start, or a date)")
    assert second.startswith(f"{path}:{when}:")
    assert second.endswith(": claims[0].when[0].metric: unknown metric 'p_zone_opn' (did you mean 'p_zone_open'?)")


@pytest.mark.parametrize(
    ("metric", "message"),
    [
        ("input:actors.B.discount_rte", "no uncertain input 'actors.B.discount_rte' (did you mean 'actors.B.discount_rate'?)"),
        ("input:actors.A.discount_rate", "input 'actors.A.discount_rate' is certain in this scenario: every world has the "
                                         "same value (give it a dist to sample it)"),
    ],
)
def test_a_claim_on_an_input_needs_an_input_the_zone_sweep_samples(tmp_path, metric, message):
    path = edited(tmp_path, GOOD, "metric: zone_open", f"metric: '{metric}'")
    line, col = where(path, metric)
    assert problems(path) == [f"{path}:{line}:{col - 1}: claims[0].metric: {message}"]


def test_an_input_the_zone_analysis_does_not_read_is_refused():
    # A's reservation value is uncertain here but only the simulator reads it: a zone sweep has no column for it
    reservation = {"dist": "uniform", "low": 0.1, "high": 0.3, "basis": "judgement", "rationale": "t"}
    with pytest.raises(ScenarioError, match=r"claims\[0\]\.metric: input 'actors.A.reservation' is not an input of the zone"):
        zopa.load(GOOD, overrides={"actors.A.reservation": reservation, "claims.c1.metric": "input:actors.A.reservation"})


def test_the_loader_accepts_exactly_the_names_the_claims_engine_registers():
    from zopa.scenario.checks import _zone_metric_names
    from zopa.sweep.metrics import MetricCatalogue
    from zopa.sweep.scenario import register_zone_metrics

    cat = MetricCatalogue()
    register_zone_metrics(("RU", "UA"), cat)
    assert _zone_metric_names(["RU", "UA"]) == {m.name: m.needs_at for m in cat}
    assert {"delay_gain.RU", "p_deal_by", "zone_open_month"} <= set(_zone_metric_names(["RU", "UA"]))


def test_every_builtin_scenario_states_valid_claims():
    for name in zopa.scenario.builtin_names():
        assert zopa.load(name) is not None
