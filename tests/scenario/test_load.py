"""The loader: formats, limits, overrides, --as-of, built-in names."""

from __future__ import annotations

from pathlib import Path

import pytest

import zopa
from zopa.scenario import loads

DATA = Path(__file__).parents[1] / "data"
GOOD = DATA / "good.yaml"


def test_good_file_loads_and_is_strictly_valid():
    s = zopa.load(GOOD, strict=True)
    assert [a.id for a in s.principals] == ["A", "B"]
    assert s.issue("bloc").options == ["aligned", "neutral", "demilitarised"]


def test_yes_and_no_stay_strings_not_booleans():
    text = GOOD.read_text().replace("[aligned, neutral, demilitarised]", "[no, maybe, yes]")
    text = text.replace("status_quo: aligned", "status_quo: no").replace("position: aligned", "position: yes")
    text = text.replace("{aligned: 0, neutral: 0.6, demilitarised: 1}", "{no: 0, maybe: 0.6, yes: 1}")
    text = text.replace("sets: {land: 40, bloc: neutral}", "sets: {land: 40, bloc: maybe}")
    text = text.replace("multipliers: {aligned: 0.5, neutral: 1, demilitarised: 1.5}", "multipliers: {no: 0.5, maybe: 1, yes: 1.5}")
    s = loads(text, "yesno.yaml")
    assert s.issue("bloc").options == ["no", "maybe", "yes"]


TOML = """
zopa = 1
id = "tiny"
title = "Tiny"
start = "2030-01-01"

[[sources]]
id = "s1"
url = "https://example.org/a"
accessed = "2030-02-01"

[[issues]]
id = "land"
name = "Land"
kind = "continuous"
bounds = [0, 100]
status_quo = { value = 40, source = "s1" }

[[actors]]
id = "A"
name = "A"
kind = "state"
role = "belligerent"
issues = { land = { position = 100, salience = 0.8, basis = "judgement", rationale = "aim" } }

[[actors]]
id = "B"
name = "B"
kind = "state"
role = "belligerent"
issues = { land = { position = 0, salience = 0.8, basis = "judgement", rationale = "aim" } }
"""


def test_toml_loads():
    s = loads(TOML, "tiny.toml")
    assert s.issue("land").status_quo.nominal == 40


def test_toml_syntax_error_has_line():
    with pytest.raises(zopa.ScenarioError) as info:
        loads(TOML.replace('title = "Tiny"', "title = Tiny"), "tiny.toml")
    p = info.value.problems[0]
    assert p.line == 4 and "TOML syntax" in p.message


def test_toml_field_errors_name_the_path():
    with pytest.raises(zopa.ScenarioError) as info:
        loads(TOML.replace('kind = "continuous"', 'kind = "round"'), "tiny.toml")
    assert any(p.path == "issues[0].kind" for p in info.value.problems)


def test_billion_laughs_is_refused_quickly():
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i-1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    text = "\n".join(lines) + "\n"
    with pytest.raises(zopa.ScenarioError) as info:
        loads(text, "laughs.yaml")
    # refused by counting the expanded size on the alias graph, before anything is expanded
    assert "refused: the document expands to more than" in str(info.value)


def test_deep_nesting_is_refused():
    with pytest.raises(zopa.ScenarioError) as info:
        loads("a: " + "[" * 500 + "]" * 500, "deep.yaml")
    assert "nested deeper" in str(info.value)


def test_huge_file_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * 6_000_000 + "\n")
    with pytest.raises(zopa.ScenarioError) as info:
        zopa.load(big)
    assert "larger than" in str(info.value)


def test_not_utf8(tmp_path):
    f = tmp_path / "latin.yaml"
    f.write_bytes(b"title: caf\xe9\n")
    with pytest.raises(zopa.ScenarioError) as info:
        zopa.load(f)
    assert "UTF-8" in str(info.value)


def test_python_tags_are_not_executed():
    with pytest.raises(zopa.ScenarioError) as info:
        loads("id: !!python/object/apply:os.system ['echo hacked']\n", "evil.yaml")
    assert "YAML" in str(info.value)


def test_unknown_name_suggests_builtin():
    with pytest.raises(zopa.ScenarioError) as info:
        zopa.load("textbok")
    assert "did you mean textbook" in str(info.value)


def test_overrides_by_id_and_index():
    s = zopa.load(GOOD, overrides=["actors.A.discount_rate=0.3", "issues.0.name=Territory"])
    assert s.actor("A").discount_rate.nominal == 0.3
    assert s.issues[0].name == "Territory"


def test_override_mapping_and_yaml_values():
    s = zopa.load(GOOD, overrides={"battlefield.drift": {"dist": "normal", "mean": 0, "sd": 0.01}})
    assert s.battlefield.drift.dist == "normal"


def test_override_errors_are_reported_against_set():
    with pytest.raises(zopa.ScenarioError) as info:
        zopa.load(GOOD, overrides=["actors.Q.discount_rate=0.3"])
    p = info.value.problems[0]
    assert p.file == "--set" and "no element 'Q'" in p.message
    assert p.path == "actors.Q.discount_rate"
    assert "A, B, envoy" in p.hint


def test_override_values_are_validated_like_the_file():
    with pytest.raises(zopa.ScenarioError) as info:
        zopa.load(GOOD, overrides=["actors.A.issues.land.salience=3"])
    assert "salience 3 is outside [0, 1]" in str(info.value)


def test_a_bad_value_given_with_set_is_blamed_on_the_option_not_a_line_of_the_file():
    with pytest.raises(zopa.ScenarioError) as info:
        zopa.load(GOOD, overrides=["issues.0.name=Territory", "actors.A.discount_rate=abc"])
    (p,) = info.value.problems
    assert (p.file, p.line, p.path) == ("--set", 2, "actors[0].discount_rate")
    assert "expected a number, or a quantity" in p.message and "actors.A.discount_rate" in p.hint


def test_set_paths_take_brackets_as_the_messages_print_them():
    a = zopa.load(GOOD, overrides=["issues[0].name=Territory"])
    b = zopa.load(GOOD, overrides=["issues.0.name=Territory"])
    assert a.issues[0].name == b.issues[0].name == "Territory"


@pytest.mark.parametrize("old, new, says", [
    ("discount_rate: {value: 0.1, basis: judgement, rationale: patient}", "discount_rate: fast", "expected a number, or a quantity such as {value: 0.1"),
    ("bounds: [0, 100]", "bounds: abc", "expected a list of two numbers"),
    ("accessed: 2030-02-01", "accessed: yesterday", "expected a date written YYYY-MM-DD"),
])
def test_values_of_the_wrong_kind_say_what_is_expected(old, new, says):
    text = GOOD.read_text()
    assert old in text
    with pytest.raises(zopa.ScenarioError) as info:
        loads(text.replace(old, new, 1), "kinds.yaml")
    line = next(i for i, x in enumerate(text.splitlines(), 1) if old in x)
    assert any(p.line == line and says in p.message for p in info.value.problems), info.value.problems


def test_as_of_drops_later_events_and_plans():
    s = zopa.load(GOOD, as_of="2030-01-22")
    assert [p.id for p in s.plans] == ["p1"]
    assert str(s.as_of) == "2030-01-22"
    s2 = zopa.load(GOOD, as_of="2030-01-01")
    assert s2.plans == [] and s2.events == []


def test_bad_as_of_date():
    with pytest.raises(zopa.ScenarioError) as info:
        zopa.load(GOOD, as_of="yesterday")
    assert info.value.problems[0].file == "--as-of"


def test_strict_fails_on_unsourced_number():
    text = GOOD.read_text().replace("status_quo: {value: 40, source: s1}", "status_quo: 40")
    loads(text, "x.yaml")  # fine without --strict
    with pytest.raises(zopa.ScenarioError) as info:
        loads(text, "x.yaml", strict=True)
    assert any(p.path == "issues[0].status_quo" and "unsourced" in p.message for p in info.value.problems)


def test_strict_fails_on_judgement_without_rationale():
    text = GOOD.read_text().replace("{value: 0.1, basis: judgement, rationale: patient}", "{value: 0.1, basis: judgement}")
    with pytest.raises(zopa.ScenarioError) as info:
        loads(text, "x.yaml", strict=True)
    assert any("needs a rationale" in p.message for p in info.value.problems)


def test_all_problems_reported_at_once():
    text = GOOD.read_text().replace("salience: 0.8", "salience: 1.8").replace("principal: B", "principal: C")
    with pytest.raises(zopa.ScenarioError) as info:
        loads(text, "x.yaml")
    assert len(info.value.problems) >= 2


def test_scenario_hash_is_stable_and_content_sensitive():
    h1 = zopa.scenario.scenario_hash(zopa.load(GOOD))
    assert h1 == zopa.scenario.scenario_hash(zopa.load(GOOD))
    assert h1 != zopa.scenario.scenario_hash(zopa.load(GOOD, overrides=["title=Other"]))
