"""Reports on the shipped historical cases (no issues, no battlefield) and how claims read."""

from __future__ import annotations

import warnings

import pytest

import zopa


@pytest.fixture(scope="module")
def budapest(tmp_path_factory):
    path = tmp_path_factory.mktemp("r") / "budapest.html"
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the report must not warn (it once drew an empty heatmap)
        data = zopa.report.write("budapest-1994", path, worlds=20)
    return data, path.read_text()


def test_a_case_without_issues_reports_without_warnings_or_empty_figures(budapest):
    data, text = budapest
    assert data.scenario.issues == [] and data.zone is None
    assert "states no issues, so its plans (memorandum) cannot be compared" in text
    assert 'id="table-plan_utilities"' not in text
    figs = zopa.report.figures(data.scenario)
    assert set(figs) == {"timeline"}  # no plan-by-issue heatmap, no all-zero utilities


@pytest.mark.parametrize("chart", ["plans_heatmap", "plan_utilities"])
def test_plan_figures_say_why_they_cannot_be_drawn_without_issues(chart):
    from zopa.report import charts

    with pytest.raises(ValueError, match="states no issues"):
        getattr(charts, chart)(zopa.load("budapest-1994"))


def test_claims_read_at_whole_months_are_printed_as_integers(tmp_path):
    from zopa.report.sections import at_text

    s = zopa.load("textbook")
    assert [c.at for c in s.claims] == [0.0]  # the textbook's claim is read at month 0, stored as a float
    path = tmp_path / "r.html"
    zopa.report.write(s, path, worlds=20)
    text = path.read_text()
    assert "Test: zone_open at month 0 == 1." in text
    assert "at 0.0" not in text
    assert (at_text(12.0), at_text(60), at_text(2.5)) == (" at month 12", " at month 60", " at month 2.5")
