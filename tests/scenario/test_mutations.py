"""Random mutations of a valid file give a valid Scenario or a ScenarioError: never anything else."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zopa
from zopa.scenario import loads, validate_data
from zopa.scenario.yamlsafe import parse_yaml

GOOD_TEXT = (Path(__file__).parents[1] / "data" / "good.yaml").read_text()
GOOD = parse_yaml(GOOD_TEXT).data


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*path, i))


PATHS = list(_paths(GOOD))[1:]
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12), st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.sampled_from(["A", "B", "land", "bloc", "s1", "p1", "neutral", "2030-01-01", "normal", "-1"]),
)


def _set(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _delete(data, path):
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PATHS), st.sampled_from(["set", "delete"]), VALUES), min_size=1, max_size=4))
def test_mutated_data_validates_or_raises_scenario_error(mutations):
    data = copy.deepcopy(GOOD)
    for path, action, value in mutations:
        try:
            if action == "set":
                _set(data, path, value)
            else:
                _delete(data, path)
        except (KeyError, IndexError, TypeError):
            continue  # the path no longer exists after an earlier mutation
    try:
        s = validate_data(data, "mutant.yaml", strict=True)
    except zopa.ScenarioError as err:
        assert err.problems and all(p.message for p in err.problems)
    else:
        assert isinstance(s, zopa.Scenario)
        s.plans_table(), s.timeline()  # a valid scenario's views work


@settings(max_examples=200, deadline=None)
@given(st.integers(0, len(GOOD_TEXT) - 1), st.text(min_size=1, max_size=6))
def test_mutated_text_validates_or_raises_scenario_error(pos, insert):
    text = GOOD_TEXT[:pos] + insert + GOOD_TEXT[pos:]
    try:
        loads(text, "mutant.yaml")
    except zopa.ScenarioError as err:
        assert err.problems


def test_yaml_dump_of_good_roundtrips():
    s = loads(yaml.safe_dump(GOOD), "dumped.yaml")
    assert s.id == "small"
