"""COW readers and war episodes, checked against the raw files read with the csv module and
against the figures in ../shared/data/conflict/README.md."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict

import pandas as pd

from zopa.history import read


def _wars(rows):
    """War span from the raw rows: earliest start, latest end (EndX2 included), plain Python."""
    span = defaultdict(lambda: [dt.date.max, dt.date.min])
    for r in rows:
        w = span[r["WarNum"]]
        w[0] = min(w[0], dt.date(int(r["StartYear1"]), int(r["StartMonth1"]), int(r["StartDay1"])))
        for n in ("1", "2"):
            if int(r[f"EndYear{n}"]) > 0:
                w[1] = max(w[1], dt.date(int(r[f"EndYear{n}"]), int(r[f"EndMonth{n}"]), int(r[f"EndDay{n}"])))
    return {k: (v[1] - v[0]).days for k, v in span.items()}


def test_interstate_has_95_wars_and_337_participations(cow_inter, raw_rows):
    rows = raw_rows("cow_inter_state_war_v4.0.csv")
    assert len(rows) == 337
    assert len(cow_inter) == len({r["WarNum"] for r in rows}) == 95


def test_interstate_durations_match_an_independent_computation(cow_inter, raw_rows):
    days = _wars(raw_rows("cow_inter_state_war_v4.0.csv"))
    ours = cow_inter.set_index("episode_id")["duration_days"]
    assert ours.to_dict() == {k: float(v) for k, v in days.items()}
    assert statistics.median(days.values()) == ours.median() == 162  # README: median 162 days
    assert round(ours.mean(), 2) == round(statistics.mean(days.values()), 2) == 416.88  # README: mean 417


def test_football_war_lasted_4_days_and_vietnam_phase_2_about_3734(cow_inter):
    d = cow_inter.set_index("name")["duration_days"]
    assert d["Football War"] == 4
    assert d["Vietnam War, Phase 2"] == 3734
    assert d.idxmin() == "Football War" and d.idxmax() == "Vietnam War, Phase 2"


def test_participant_outcome_codes_tally_as_in_the_readme(conflict_dir):
    rows = read("cow-interstate", conflict_dir)
    counts = rows["Outcome_label"].value_counts().to_dict()
    assert counts == {"winner": 155, "loser": 119, "stalemate": 30, "transformed": 28, "compromise": 4,
                      "changed_sides": 1}


def test_war_outcome_is_victory_when_any_participant_won(cow_inter, raw_rows):
    won = {r["WarNum"] for r in raw_rows("cow_inter_state_war_v4.0.csv") if r["Outcome"] == "1"}
    ours = set(cow_inter.loc[cow_inter["outcome"] == "victory", "episode_id"])
    assert ours == won
    assert cow_inter["ended"].all() and cow_inter["kind"].eq("interstate").all()


def test_intrastate_wars_counted_and_ongoing_ones_censored_at_2007(cow_intra, raw_rows):
    rows = raw_rows("cow_intra_state_war_v4.1.csv", encoding="latin-1")
    assert len(cow_intra) == len({r["WarNum"] for r in rows}) == 334
    ongoing = {r["WarNum"] for r in rows if r["EndYear1"] == "-7"}
    assert set(cow_intra.loc[~cow_intra["ended"], "episode_id"]) == ongoing == {"856", "940"}
    assert (cow_intra.loc[~cow_intra["ended"], "exit"] == pd.Timestamp("2007-12-31")).all()


def test_intrastate_kind_follows_intnl(cow_intra, raw_rows):
    intl = {r["WarNum"] for r in raw_rows("cow_intra_state_war_v4.1.csv", encoding="latin-1") if r["Intnl"] == "1"}
    assert set(cow_intra.loc[cow_intra["kind"] == "internationalised", "episode_id"]) == intl


def test_intrastate_malformed_rows_are_repaired_and_listed(conflict_dir):
    rows = read("cow-intrastate", conflict_dir)
    assert rows.attrs["repaired"] == [84, 158]
    yellow = rows[rows["WarName"] == "Yellow Cliff Revolt"].iloc[0]
    assert (yellow["EndYear1"], yellow["EndDay1"]) == (1866, -9)
    assert yellow["end1"] == pd.Timestamp("1866-10-15") and yellow["end1_precision"] == "month"


def test_unknown_day_is_the_15th_and_unknown_month_1_july():
    from zopa.history.cow import cow_dates

    d, p = cow_dates(pd.Series([1900, 1900, 1900]), pd.Series([3, -9, 3]), pd.Series([-9, -9, 2]))
    assert d.tolist() == [pd.Timestamp("1900-03-15"), pd.Timestamp("1900-07-01"), pd.Timestamp("1900-03-02")]
    assert p.tolist() == ["month", "year", "day"]


def test_intrastate_outcomes_tally_per_war(cow_intra, raw_rows):
    first = {}
    for r in raw_rows("cow_intra_state_war_v4.1.csv", encoding="latin-1"):
        first.setdefault(r["WarNum"], r["Outcome"])
    names = {"1": "victory_side_a", "2": "victory_side_b", "3": "compromise", "4": "transformed",
             "5": "ongoing", "6": "stalemate", "7": "continued_below_war"}
    raw = Counter(names[o] for w, o in first.items() if w not in {"856", "940"})
    raw["ongoing"] += 2
    assert cow_intra["outcome"].value_counts().to_dict() == dict(raw)



def test_missing_codes_in_counts_become_missing_values(conflict_dir, raw_rows):
    rows = read("cow-intrastate", conflict_dir)
    raw = raw_rows("cow_intra_state_war_v4.1.csv", encoding="latin-1")
    assert rows["SideADeaths"].isna().sum() == sum(r["SideADeaths"] in ("-7", "-8", "-9") for r in raw)
    assert rows["SideADeaths"].min() >= 0
    inter = read("cow-interstate", conflict_dir)
    assert inter["BatDeath"].isna().sum() == sum(r["BatDeath"] in ("-8", "-9") for r in raw_rows("cow_inter_state_war_v4.0.csv"))
