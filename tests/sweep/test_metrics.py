"""The metric catalogue: names claims may use, mapped to summary-table columns."""

from __future__ import annotations

import pandas as pd
import pytest

from zopa.sweep.metrics import CATALOGUE, MetricCatalogue, register_metric


def test_a_column_metric_reads_its_column_and_templates_take_at():
    cat = MetricCatalogue()
    cat.register("share", "share at `at`", "share", "share_m{at}")
    m = cat.get("share")
    assert m.needs_at and m.column_for(12) == "share_m12"
    assert m.values(pd.DataFrame({"share_m12": [0.1, 0.2]}), 12).tolist() == [0.1, 0.2]
    with pytest.raises(ValueError, match="must give 'at'"):
        m.values(pd.DataFrame({"share_m12": [0.1]}))


def test_inputs_are_metrics_without_registration():
    m = MetricCatalogue().get("input:actors.RU.discount_rate")
    assert m.column_for(None) == "input.actors.RU.discount_rate" and not m.needs_at
    assert "input:x" in MetricCatalogue() and "input:" not in MetricCatalogue()


def test_registration_rules():
    cat = MetricCatalogue()
    cat.register("a", "first", "month", "a")
    cat.register("a", "first", "month", "a")  # the same definition again is harmless
    with pytest.raises(ValueError, match="already registered"):
        cat.register("a", "other", "month", "b")
    cat.register("a", "other", "month", "b", replace=True)
    assert cat.get("a").column == "b"
    with pytest.raises(ValueError, match="exactly one"):
        cat.register("b", "x", "u")
    with pytest.raises(ValueError, match="list the columns"):
        cat.register("b", "x", "u", compute=lambda t, at: t["a"])
    with pytest.raises(ValueError, match="metric name"):
        cat.register("input:x", "x", "u", "x")
    assert cat.to_frame()["name"].tolist() == ["a"]


def test_the_global_catalogue_accepts_registrations():
    name = "test_metrics_probe_metric"
    register_metric(name, "probe", "share", "probe")
    try:
        assert CATALOGUE.get(name).column == "probe"
        assert name in CATALOGUE.to_frame()["name"].tolist()
    finally:  # leave the global catalogue as the analyses made it
        CATALOGUE._metrics.pop(name, None)


def test_unknown_names_suggest_close_ones():
    cat = MetricCatalogue()
    cat.register("deal_month", "d", "month", "deal_month")
    with pytest.raises(ValueError, match="did you mean deal_month"):
        cat.get("deal_mont")
