"""UCDP readers and episode tables, checked against counts computed from the raw CSV files
with the csv module (no pandas)."""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict

import pandas as pd
import pytest

from zopa.history import read


def test_conflict_level_episode_counts_match_the_raw_file(ucdp_episodes, raw_rows):
    rows = raw_rows("ucdp-term-acd-3-2021.csv")
    keys = {(r["conflictep_id"], r["start_date2"]) for r in rows}
    terminated = [r for r in rows if r["confterm"] == "1"]
    assert len(rows) == 2506
    assert len(ucdp_episodes) == len(keys) == 581
    assert int(ucdp_episodes["ended"].sum()) == len(terminated) == 525  # the data README's count


def test_outcome_counts_match_the_raw_file(ucdp_episodes, raw_rows):
    names = {"1": "peace_agreement", "2": "ceasefire", "3": "victory_side_a", "4": "victory_side_b",
             "5": "low_activity", "6": "actor_ceased"}
    raw = Counter(names[r["outcome"]] for r in raw_rows("ucdp-term-acd-3-2021.csv") if r["confterm"] == "1")
    ours = ucdp_episodes.loc[ucdp_episodes["ended"], "outcome"].value_counts().to_dict()
    assert ours == dict(raw)


def test_median_duration_of_ended_episodes_matches_excel_day_arithmetic(ucdp_episodes, raw_rows):
    days = [float(r["ependdate"]) - float(r["start_date2"])
            for r in raw_rows("ucdp-term-acd-3-2021.csv") if r["confterm"] == "1"]
    ours = ucdp_episodes.loc[ucdp_episodes["ended"], "duration_days"]
    assert ours.median() == statistics.median(days)
    assert ours.sum() == sum(days)


def test_running_episodes_are_censored_at_the_end_of_2020(ucdp_episodes):
    running = ucdp_episodes[~ucdp_episodes["ended"]]
    assert len(running) == 56
    assert (running["exit"] == pd.Timestamp("2020-12-31")).all()
    assert (running["outcome"] == "ongoing").all() and running["end"].isna().all()


def test_a_new_2020_episode_that_reuses_an_old_id_is_split_off(ucdp_episodes):
    # conflictep_id 26702 (Ethiopia) ended in 1991; v3-2021 files a 2020 episode under the same id
    ep = ucdp_episodes[ucdp_episodes["episode_id"].str.startswith("26702")].sort_values("start")
    assert ep["episode_id"].tolist() == ["26702", "26702@2020-11-04"]
    assert ep["ended"].tolist() == [True, False]


def test_bolivia_1946_episode_starts_and_ends_on_21_july_1946(ucdp_episodes):
    ep = ucdp_episodes.set_index("episode_id").loc["20001"]
    assert ep["start"] == ep["end"] == pd.Timestamp("1946-07-21")
    assert ep["outcome"] == "victory_side_b" and ep["duration_days"] == 0


def test_internationalised_means_type_4_in_any_year_of_the_episode(ucdp_episodes, raw_rows):
    types = defaultdict(set)
    for r in raw_rows("ucdp-term-acd-3-2021.csv"):
        types[(r["conflictep_id"], r["start_date2"])].add(r["type_of_conflict"])
    expected = sum("4" in t for t in types.values())
    assert (ucdp_episodes["kind"] == "internationalised").sum() == expected == 105
    assert (ucdp_episodes["kind"] == "interstate").sum() == sum(t == {"2"} for t in types.values())


def test_termination_reader_decodes_codes_and_dates():
    rows = read("ucdp-termination")
    first = rows.iloc[0]
    assert first["ependdate"] == pd.Timestamp("1946-07-21")
    assert first["outcome_label"] == "victory_side_b"
    assert first["type_label"] == "intrastate"
    assert rows["outcome_label"].isna().sum() == 2506 - 525


def test_dyad_file_dots_are_missing_and_multi_date_ceasefires_take_the_first(dyad_episodes, raw_rows):
    keys = {(r["dyad_id"], r["dyadepisode"], r["start_date2"]) for r in raw_rows("ucdp-term-dyad-3-2021.csv")}
    rows = read("ucdp-termination-dyad")
    undated = int((rows["dyadterm"].eq(1) & rows["ependdate"].isna()).sum())
    assert undated == 3  # terminated rows whose end date is "." or blank
    assert pd.Timestamp("1995-12-23") in set(rows["cfiredate"].dropna())
    assert dyad_episodes["episode_id"].is_unique
    assert dyad_episodes.attrs["excluded"] == {"terminated without an end date": undated}
    assert len(dyad_episodes) == len(keys) - undated


def test_dyad_episodes_ending_before_an_imprecise_start_get_duration_zero(dyad_episodes):
    corrected = dyad_episodes.attrs["corrected"]
    assert corrected == ["432-2", "440-1", "626-1", "831-1"]
    assert (dyad_episodes.set_index("episode_id").loc[corrected, "duration_days"] == 0).all()
    assert (dyad_episodes["duration_days"] >= 0).all()


def test_acd_episodes_count_and_the_2022_russia_ukraine_war_is_running():
    from zopa.history import episodes

    ep = episodes("ucdp-acd")
    assert int(ep["ended"].sum()) == 559  # rows with ep_end == 1
    war = ep.set_index("episode_id").loc["13243@2022-02-24"]
    assert war["kind"] == "interstate" and not war["ended"]
    assert war["exit"] == pd.Timestamp("2024-12-31")


def test_peace_agreements_types_and_endings(raw_rows):
    from zopa.history import episodes

    raw = raw_rows("ucdp-peace-agreements-221.csv")
    pa = episodes("ucdp-peace-agreements")
    types = Counter(r["pa_type"] for r in raw)
    assert (types["1"], types["2"], types["3"]) == (77, 213, 84)
    no_date = sum(r["ended"] == "True" and not r["duration"] for r in raw)
    assert pa.attrs["excluded"] == {"ended without a date": no_date}
    assert len(pa) == len(raw) - no_date
    assert int(pa["ended"].sum()) == sum(r["ended"] == "True" and bool(r["duration"]) for r in raw)


@pytest.mark.parametrize("column", ["start", "exit", "duration_months", "kind", "outcome", "line"])
def test_episode_tables_have_no_missing_core_values(ucdp_episodes, column):
    assert ucdp_episodes[column].notna().all()
