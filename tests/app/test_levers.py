"""The what-if form's controls: plain-words labels, and sliders whose grid holds the scenario's value."""

from __future__ import annotations

import pytest

import zopa
from zopa.app.levers import controls
from zopa.whatif import Levers, levers_from_query, normalize


@pytest.mark.parametrize("name", ["ukraine-2025", "textbook"])
def test_leaving_every_control_alone_is_no_change(name):
    """The form sends every field; at the scenario's values they must all drop out."""
    s = zopa.load(name)
    items = []
    for g in controls(s):
        for c in g["controls"]:
            if c["kind"] == "range":
                lo, step = c["min"], c["step"]
                k = (c["baseline"] - lo) / step
                assert abs(k - round(k)) < 1e-6, c["key"]  # the browser can show the value exactly
                assert lo <= c["baseline"] <= c["max"]
                items.append((c["key"], repr(c["baseline"])))
            elif c["kind"] == "checkbox":
                assert c["value"] is False
            else:
                items.append((c["key"], str(c["value"])))
    assert normalize(s, levers_from_query(items)).is_empty()


def test_labels_say_what_a_lever_means_in_words_and_units():
    groups = {g["id"]: g for g in controls(zopa.load("ukraine-2025"))}
    byk = {c["key"]: c for g in groups.values() for c in g["controls"]}
    assert byk["cost.RU"]["label"] == "Russia (Putin): cost of war per month" and "x2 doubles it" in byk["cost.RU"]["help"]
    assert byk["discount.UA"]["format"] == "{:.0%}" and byk["discount.UA"]["baseline"] == 0.15
    assert byk["level.sanctions"]["label"] == "US sanctions on Russian oil" and "Held by United States" in byk["level.sanctions"]["help"]
    assert byk["deadline.credibility"]["baseline"] == pytest.approx(0.25)
    assert byk["authority.medinsky"]["value"] == "refer" and "negotiator" in byk["authority.medinsky"]["label"]
    assert [o for o, _ in byk["guarantee"]["options"]] == ["", "none", "assurances", "european_force", "article5_like"]


def test_the_controls_show_a_what_ifs_values():
    s = zopa.load("ukraine-2025")
    byk = {c["key"]: c for g in controls(s, Levers(cost={"RU": 2}, guarantee=0.4)) for c in g["controls"]}
    assert byk["cost.RU"]["value"] == 2 and byk["cost.RU"]["changed"] and not byk["cost.UA"]["changed"]
    assert byk["guarantee"]["value"] == "0.4" and ("0.4", "breakdown risk x0.4") in byk["guarantee"]["options"]
