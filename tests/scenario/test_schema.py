"""The committed JSON Schema is current, and scenario files carry the editor comment."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from zopa.scenario import builtin_names
from zopa.scenario.load import builtin_path
from zopa.scenario.schema import json_schema_text
from zopa.scenario.yamlsafe import parse_yaml

ROOT = Path(__file__).parents[2]
COMMITTED = ROOT / "schema" / "scenario.schema.json"


def test_committed_schema_is_current():
    assert COMMITTED.read_text() == json_schema_text(), "run: zopa schema -o schema/scenario.schema.json"


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(json.loads(COMMITTED.read_text()))


FILES = [builtin_path(n) for n in builtin_names()] + [ROOT / "src/zopa/scenario/template.yaml", ROOT / "tests/data/good.yaml"]


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_valid_files_also_pass_the_json_schema(path):
    data = parse_yaml(path.read_text()).data
    jsonschema.validate(data, json.loads(COMMITTED.read_text()))


@pytest.mark.parametrize("name", builtin_names())
def test_builtin_yaml_starts_with_the_language_server_comment(name):
    first = builtin_path(name).read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=") and first.endswith("scenario.schema.json")


def test_schema_rejects_what_the_loader_rejects():
    data = parse_yaml((ROOT / "tests/data/bad/bad-kind.yaml").read_text()).data
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, json.loads(COMMITTED.read_text()))


def test_committed_language_reference_is_current():
    from zopa.scenario.reference import markdown

    page = ROOT / "docs" / "reference" / "scenario.md"
    assert page.read_text() == markdown(), "run: python -c 'from zopa.scenario.reference import markdown; ...'"
