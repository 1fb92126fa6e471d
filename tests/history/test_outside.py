"""The outside view: numbers for a war like the scenario's, and the cited cases."""

from __future__ import annotations

import pytest

from zopa.history import compute, months_between, outside_view


def test_months_since_24_february_2022():
    assert months_between("2022-02-24", "2026-02-24") == pytest.approx(48, abs=0.01)


def test_outside_view_agrees_with_the_base_rates(ucdp_episodes):
    view = outside_view("interstate", lasted_months=45, claim_years=(3, 5), episodes=ucdp_episodes,
                        analogies=["minsk-2-2015", "budapest-1994"])
    br = compute(ucdp_episodes, kind="interstate", lasted_months=45)
    end = view.numbers[view.numbers["measure"] == "end_within"]["probability"].tolist()
    assert end == pytest.approx(br.ending["end_probability"].tolist())
    rec = view.numbers.query("measure == 'recurrence' and kind == 'all'")
    assert set(rec["outcome"]) == {"ceasefire", "peace_agreement", "all"}
    assert set(rec["horizon"]) == {1.0, 3.0, 5.0}
    assert view.analogies["name"].tolist() == ["minsk-2-2015", "budapest-1994"]
    d = view.to_dict()
    assert d["claim_years"] == [3.0, 5.0] and len(d["numbers"]) == len(view.numbers)


def test_claim_years_are_added_to_the_recurrence_horizons(ucdp_episodes):
    view = outside_view("intrastate", lasted_months=12, claim_years=(2, 7), episodes=ucdp_episodes)
    rec = view.numbers[view.numbers["measure"] == "recurrence"]
    assert set(rec["horizon"]) == {1.0, 2.0, 3.0, 5.0, 7.0}


def test_unknown_case_is_refused(ucdp_episodes):
    with pytest.raises(ValueError, match="minsk-2-2015"):
        outside_view("interstate", episodes=ucdp_episodes, analogies=["versailles-1919"])


def test_summary_lines_and_inline_svg_for_the_report(ucdp_episodes):
    view = outside_view("interstate", lasted_months=45, claim_years=(3, 5), episodes=ucdp_episodes,
                        analogies=["minsk-2-2015"])
    lines = view.summary_lines()
    assert lines[0].startswith("Outside view: of 5 interstate conflict episodes that lasted 45 months")
    assert "25% of 69 ceasefires within 3 years and 39% within 5" in lines[1]
    assert lines[2].startswith("Minsk II") and "held 7 years;" in lines[2]
    svg = view.figures_svg()["outside_view"]
    assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>")


def test_the_builtin_scenarios_analogies_are_known_cases():
    import zopa
    from zopa.history import case_names

    assert set(zopa.load("ukraine-2025").analogies) <= set(case_names())
