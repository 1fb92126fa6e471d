"""Plans, inheritance, issue scales and the scenario's tables."""

from __future__ import annotations

from pathlib import Path

import pytest

import zopa

GOOD = Path(__file__).parents[1] / "data" / "good.yaml"


@pytest.fixture(scope="module")
def s():
    return zopa.load(GOOD)


def test_ordinal_scale_and_labels(s):
    bloc = s.issue("bloc")
    assert bloc.scale == (0.0, 2.0)
    assert bloc.to_scale("neutral") == 1.0
    assert bloc.label(2) == "demilitarised"
    assert s.issue("land").label(40) == "40 %"


def test_plan_values_default_to_status_quo(s):
    assert s.plan_values("p1") == {"land": 40.0, "bloc": 1.0}


def test_removes_deletes_inherited_points(s):
    # p2 amends p1 and removes its only point, so every issue reverts to the status quo
    assert s.effective_points("p2") == []
    assert s.plan_values("p2") == {"land": 40.0, "bloc": 0.0}


def test_own_point_replaces_base_point_with_same_id():
    s = zopa.load("textbook")
    pts = s.effective_points("B-counter")
    assert [p.text for p in pts] == ["A keeps 45% of the province.", "A ceasefire monitored by the mediator."]
    assert s.plan_values("B-counter") == {"border": 0.45}


def test_range_and_distribution_settings_use_their_centre():
    s = zopa.load(GOOD, overrides={"plans.p1.points.0.sets": {"land": {"range": [20, 30]}, "bloc": 2}})
    assert s.plan_values("p1") == {"land": 25.0, "bloc": 2.0}
    s = zopa.load(GOOD, overrides={"plans.p1.points.0.sets": {"land": {"dist": {"dist": "uniform", "low": 10, "high": 30}}}})
    assert s.plan_values("p1")["land"] == pytest.approx(20.0)


def test_tables(s):
    t = s.plans_table()
    assert list(t["issue"]) == ["land", "bloc"]
    assert t.loc[t.issue == "bloc", "p1"].item() == "neutral"
    tl = s.timeline()
    assert list(tl.columns[:5]) == ["date", "end", "place", "kind", "title"]
    assert tl.loc[0, "participants"] == "envoy (head, authority: refer)"
    a = s.actors_table()
    assert a.set_index("id").loc["envoy", "authority"] == "refer"


def test_repr_and_html_summaries(s):
    assert "2 plans" in repr(s) and "principals: A, B" in repr(s)
    html = s._repr_html_()
    assert "<table" in html and "envoy" in html


def test_principals_are_the_belligerents(s):
    assert [a.id for a in s.principals] == ["A", "B"]
