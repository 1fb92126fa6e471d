"""Recurrence after an episode ended: peace spells and their Kaplan-Meier rates."""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import pytest

from zopa.history import attach_agreement_type, peace_spells, read, recurrence


def _ep(rows, censor="2010-12-31"):
    df = pd.DataFrame(rows, columns=["conflict_id", "start", "end", "outcome"])
    df["start"] = pd.to_datetime(df["start"])
    df["end"] = pd.to_datetime(df["end"])
    df["ended"] = df["end"].notna()
    df.attrs["censor_date"] = censor
    return df


HAND = _ep([
    ("a", "2000-01-01", "2001-01-01", "ceasefire"),        # resumes 2 years later
    ("a", "2003-01-01", "2004-01-01", "peace_agreement"),  # resumes 4 years later
    ("a", "2008-01-01", None, "ongoing"),
    ("b", "2000-01-01", "2001-01-01", "ceasefire"),        # never resumes: censored ~10 years
    ("c", "2000-01-01", "2009-12-31", "ceasefire"),        # censored after 1 year
])


def test_peace_spells_by_hand():
    sp = peace_spells(HAND).set_index(["conflict_id", "outcome"])
    assert sp.loc[("a", "ceasefire"), "recurred"] and sp.loc[("a", "peace_agreement"), "recurred"]
    assert not sp.loc[("b", "ceasefire"), "recurred"]
    assert sp.loc[("a", "ceasefire"), "spell_years"] == pytest.approx(730 / 365.2425)  # 2001-01-01 to 2003-01-01
    assert sp.loc[("c", "ceasefire"), "spell_years"] == pytest.approx(365 / 365.2425)  # to the censor date
    assert len(sp) == 4  # the running episode opens no spell


def test_recurrence_is_one_minus_kaplan_meier_by_hand():
    r = recurrence(peace_spells(HAND), years=[1.5, 3], by="outcome").set_index(["outcome", "years"])
    # ceasefire spells: 2.0 (resumed), 1.0 (censored), 10.0 (censored).
    # At 1.5 years nothing resumed; at 3 years: 1 of the 2 still at risk at t=2 resumed -> 1 - 1/2.
    assert r.loc[("ceasefire", 1.5), "probability"] == 0
    assert r.loc[("ceasefire", 3.0), "probability"] == pytest.approx(0.5)
    # the naive share counts only spells followed 3 years: 1 resumed out of 2
    assert r.loc[("ceasefire", 3.0), "share"] == pytest.approx(0.5)
    assert r.loc[("ceasefire", 3.0), "n_followed"] == 2
    assert r.loc[("all", 3.0), "n_spells"] == 4


def test_recurrences_match_the_episodes_that_follow_in_the_raw_file(ucdp_episodes, raw_rows):
    rows = raw_rows("ucdp-term-acd-3-2021.csv")
    starts = defaultdict(set)
    for r in rows:
        starts[r["conflict_id"]].add(r["start_date2"])
    later_episodes = sum(len(s) - 1 for s in starts.values())
    sp = peace_spells(ucdp_episodes)
    assert int(sp["recurred"].sum()) == later_episodes
    # UCDP flags the first year of a recurring episode with recur = 1; all are among ours
    flagged = {(r["conflict_id"], r["start_date2"]) for r in rows if r["recur"] == "1"}
    ours = {(c, f"{(s - pd.Timestamp('1899-12-30')).days}") for c, s in zip(sp.loc[sp["recurred"], "conflict_id"],
                                                                             sp.loc[sp["recurred"], "next_start"],
                                                                             strict=True)}
    assert flagged <= ours and len(flagged) == 278


def test_ucdp_recurrence_within_a_year_is_zero_by_construction(ucdp_episodes):
    r = recurrence(peace_spells(ucdp_episodes), years=[1], by=None)
    assert r.loc[0, "probability"] == 0


def test_agreement_types_come_from_the_peace_agreement_dataset(dyad_episodes):
    typed = attach_agreement_type(dyad_episodes, read("ucdp-peace-agreements"))
    by_pa = typed[typed["outcome"] == "peace_agreement"]
    assert set(by_pa["agreement_type"]) <= {"full", "partial", "peace_process", "before_1975", "unmatched"}
    assert (typed.loc[typed["outcome"] != "peace_agreement", "agreement_type"] == "").all()
    assert (by_pa.loc[by_pa["agreement_type"] == "before_1975", "agreement_date"] < "1975-01-01").all()
    # Dyad 469 (Guatemala - URNG) ended by the full peace agreement of 29 December 1996
    guatemala = by_pa[by_pa["conflict_id"] == "469"]
    assert "full" in set(guatemala["agreement_type"])


def test_attach_agreement_type_by_hand():
    ep = pd.DataFrame({"conflict_id": ["7", "7", "8"], "outcome": ["peace_agreement", "ceasefire", "peace_agreement"],
                       "agreement_date": pd.to_datetime(["1990-05-01", None, "1991-01-01"])})
    pa = pd.DataFrame({"dyad_id": ["7, 9", "7"], "pa_date": pd.to_datetime(["1990-05-01", "1990-05-01"]),
                       "pa_type": [3, 1]})
    assert attach_agreement_type(ep, pa)["agreement_type"].tolist() == ["full", "", "unmatched"]


def test_datasets_without_conflict_ids_cannot_measure_recurrence(cow_inter):
    with pytest.raises(ValueError, match="conflict ids"):
        peace_spells(cow_inter)
