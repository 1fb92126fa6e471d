"""ICB readers and crisis episodes."""

from __future__ import annotations

import pandas as pd
import pytest

from zopa.history import episodes, read


@pytest.fixture(scope="module")
def crises(conflict_dir):
    return read("icb", conflict_dir)


def test_crisis_count_and_the_two_undatable_crises_left_out(crises, conflict_dir, raw_rows):
    raw = raw_rows("icb1v14.csv")
    assert len(crises) == len(raw) == 487
    ep = episodes("icb", conflict_dir)
    no_date = sum(not r["yrtrig"] or not r["yrterm"] for r in raw)
    assert ep.attrs["excluded"] == {"no trigger or termination date": no_date} and len(ep) == 487 - no_date


def test_durations_agree_with_icbs_own_day_count_where_dates_are_exact(crises, conflict_dir):
    ep = episodes("icb", conflict_dir).set_index("episode_id")
    raw = crises.assign(episode_id=crises["crisno"].astype(int).astype(str)).set_index("episode_id")
    both = ep.join(raw[["brexit"]], how="inner")
    exact = both[(both["start_precision"] == "day") & (both["end_precision"] == "day") & (both["brexit"] < 999)]
    # ICB's trigger-to-termination count includes both end days: ours + 1
    agree = (exact["duration_days"] + 1 == exact["brexit"]).mean()
    assert len(exact) > 400 and agree > 0.8


def test_kind_is_severity_and_outcome_is_form_of_outcome(crises, conflict_dir):
    ep = episodes("icb", conflict_dir)
    assert set(ep["kind"]) == {"no_violence", "minor_clashes", "serious_clashes", "full_scale_war"}
    assert ep["outcome"].value_counts()["formal_agreement"] == (crises["forout"] == 1).sum()


def test_imprecise_days_become_mid_month(crises):
    odd = crises[crises["daterm"] == 88].iloc[0]
    assert odd["termination_date"].day == 15 and odd["termination_precision"] == "month"


def test_actor_level_episodes(conflict_dir, raw_rows):
    ep = episodes("icb-actors", conflict_dir)
    assert len(ep) == len(raw_rows("icb2v14.csv")) - ep.attrs["excluded"]["no trigger or termination date"]
    assert {"victory", "compromise", "stalemate", "defeat"} <= set(ep["outcome"])
    assert ep["start"].min() >= pd.Timestamp("1918-01-01")
