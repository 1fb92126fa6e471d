"""Base rates of one dataset and their JSON/CSV forms."""

from __future__ import annotations

import pytest

from zopa.history import baserates, compute
from zopa.history.codes import DAYS_PER_MONTH


def test_cow_interstate_median_is_162_days(conflict_dir):
    br = baserates("cow-interstate", conflict_dir)
    assert br.n_episodes == 95
    assert br.median_duration * DAYS_PER_MONTH == pytest.approx(162)
    assert br.recurrence is None  # COW has no conflict ids to follow


def test_kind_filter_and_conditioning(ucdp_episodes):
    br = compute(ucdp_episodes, kind="interstate", lasted_months=45)
    assert br.summary["kind"].tolist() == ["interstate"]
    n_long = int(((ucdp_episodes["kind"] == "interstate") & (ucdp_episodes["duration_months"] >= 45)).sum())
    assert br.summary.loc[0, "n_at_risk"] == n_long
    assert any("Few episodes" in n for n in br.notes)
    assert set(br.ending["lasted"]) == {45.0}


def test_to_dict_has_the_documented_fields(ucdp_episodes):
    d = compute(ucdp_episodes).to_dict()
    assert {"n_episodes", "median_duration", "duration_unit", "kinds", "recurrence"} <= set(d)
    assert d["duration_unit"] == "months" and d["n_episodes"] == 581
    assert [k["kind"] for k in d["kinds"]][-1] == "all"


def test_long_table_holds_every_estimate(ucdp_episodes):
    br = compute(ucdp_episodes, horizons=[12])
    long = br.to_long()
    assert set(long["measure"]) == {"end_within", "ends_by", "recurrence"}
    n = len(br.ending) + len(br.ways) + len(br.recurrence)
    assert len(long) == n


def test_dyad_recurrence_is_by_agreement_type():
    br = baserates("ucdp-termination-dyad")
    assert br.recurrence.columns[0] == "agreement_type"
    assert {"full", "partial", "all"} <= set(br.recurrence["agreement_type"])
