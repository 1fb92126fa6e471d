"""The claims shown in docs/sweep/claims.md are real claims: each YAML example validates against a
scenario and reads from its zone sweep, so the docs cannot drift from the metric catalogue."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

import zopa
from zopa.errors import ScenarioError
from zopa.sweep.scenario import claims_of

DOC = Path(__file__).parents[2] / "docs/sweep/claims.md"
SCENARIO = "ukraine-2025"  # the sources (seed-000, seed-004) and principals (RU, UA) the examples name


def yaml_claims(text: str) -> list[list[dict]]:
    """The ``claims`` list of every ```yaml block of a Markdown text that has one."""
    blocks = [yaml.safe_load(b) for b in re.findall(r"^```ya?ml\n(.*?)^```", text, flags=re.S | re.M)]
    return [b["claims"] for b in blocks if isinstance(b, dict) and "claims" in b]


def test_the_doc_has_yaml_claims():
    found = yaml_claims(DOC.read_text(encoding="utf-8"))
    assert len(found) >= 1
    assert [c["id"] for c in found[0]] == ["delay-favours-moscow", "only-imitation", "no-zone-while-ru-advances"]


@pytest.mark.parametrize("claims", yaml_claims(DOC.read_text(encoding="utf-8")))
def test_every_yaml_example_validates_and_reads(claims):
    s = zopa.load(SCENARIO, overrides={"claims": claims})
    read = claims_of(s)
    assert [(c.metric, c.at) for c in read] == [(c["metric"], c.get("at")) for c in claims]


def test_the_check_would_catch_a_metric_the_catalogue_does_not_have():
    # the example as it once was: ru_share_gain is no metric of a scenario
    (claims, *_) = yaml_claims(DOC.read_text(encoding="utf-8"))
    bad = [{**claims[0], "metric": "ru_share_gain", "at": 24}, *claims[1:]]
    with pytest.raises(ScenarioError, match=r"claims\[0\]\.metric: unknown metric 'ru_share_gain'"):
        zopa.load(SCENARIO, overrides={"claims": bad})


def test_the_block_finder_reads_only_yaml_blocks_with_claims():
    text = "a\n```yaml\nclaims:\n  - {id: x}\n```\n```yaml\nother: 1\n```\n```python\nclaims = 1\n```\n"
    assert yaml_claims(text) == [[{"id": "x"}]]
