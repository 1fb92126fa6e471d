"""Every malformed file in tests/data/bad/ is rejected with the right line and message, exit code 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import zopa
from zopa.cli import load_commands

BAD = sorted((Path(__file__).parents[1] / "data" / "bad").glob("*.yaml"))


def _expectation(path: Path) -> tuple[int | None, str]:
    m = re.match(r"# expect: (\*|\d+): (.*)$", path.read_text().splitlines()[0])
    assert m, f"{path.name} lacks its '# expect: LINE: message' header"
    return (None if m.group(1) == "*" else int(m.group(1))), m.group(2)


def test_there_are_at_least_30_bad_files():
    assert len(BAD) >= 30


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_cli_rejects_with_file_line_and_message(path):
    line, fragment = _expectation(path)
    result = CliRunner().invoke(load_commands(), ["validate", str(path)])
    assert result.exit_code == 2, result.output
    err = result.stderr
    assert "Traceback" not in err and "Traceback" not in result.stdout
    assert fragment in err, err
    where = f"{path}:{line}:" if line is not None else f"{path}:"
    matching = [ln for ln in err.splitlines() if fragment in ln]
    assert any(ln.startswith(where) for ln in matching), f"expected {where} ... {fragment!r} in:\n{err}"


@pytest.mark.parametrize("path", BAD, ids=[p.stem for p in BAD])
def test_api_raises_scenario_error_with_problems(path):
    line, fragment = _expectation(path)
    with pytest.raises(zopa.ScenarioError) as info:
        zopa.load(path)
    problems = info.value.problems
    assert problems, "a ScenarioError lists its problems"
    hit = [p for p in problems if fragment in str(p)]
    assert hit, str(info.value)
    if line is not None:
        assert any(p.line == line for p in hit)
