"""The historical cases: strictly valid scenario files, sourced from facts.md section 4, with
what is unsourced there recorded as unknown."""

from __future__ import annotations

import re

import pytest

from zopa.history import case, case_names, case_summary, cases

NAMES = ["brest-litovsk-1918", "budapest-1994", "istanbul-2022", "minsk-1-2014", "minsk-2-2015",
         "molotov-ribbentrop-1939", "pereyaslav-1654"]


@pytest.fixture(scope="module")
def section4(shared) -> str:
    text = (shared / "research" / "facts.md").read_text(encoding="utf-8")
    return text[text.index("## 4. Historical"): text.index("## 5. ")]


def test_the_seven_cases_ship():
    assert case_names() == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_case_validates_strictly(name):
    from zopa.history.casebook import path
    from zopa.scenario import load

    assert load(path(name), strict=True).id == name
    assert load(name).id == name  # found by name through the scenario catalogue


@pytest.mark.parametrize("name", NAMES)
def test_every_source_url_is_one_facts_md_section_4_gives(name, section4):
    for src in case(name).sources:
        assert src.url in section4, src.url


@pytest.mark.parametrize("name", NAMES)
def test_every_party_term_and_event_cites_a_known_source(name):
    s = case(name)
    ids = {src.id for src in s.sources}
    for a in s.actors:
        assert a.sources and set(a.sources) <= ids, a.id
    for p in s.plans:
        assert p.sources and set(p.sources) <= ids, p.id
    for e in s.events:
        assert e.sources and set(e.sources) <= ids, e.title
    for note in s.notes:
        for cited in re.findall(r"\[([a-z0-9, -]+)\]", note):
            assert {c.strip() for c in cited.split(",")} <= ids, note


@pytest.mark.parametrize("name", NAMES)
def test_weak_sources_are_flagged_as_facts_md_flags_them(name, section4):
    for src in case(name).sources:
        line = next(ln for ln in section4.splitlines() if src.url in ln)
        after = line[line.index(src.url) + len(src.url):].split(";")[0]
        if "[agg" in after:
            assert src.quality == "aggregator", src.url
        if "[RU-state" in after:
            assert src.quality == "state-media", src.url


@pytest.mark.parametrize("name", ["minsk-1-2014", "istanbul-2022", "pereyaslav-1654"])
def test_unsourced_end_dates_are_unknown(name):
    s = case_summary(name)
    assert s.ended is None and s.held == "unknown" and s.held_months is None
    assert any(n.startswith("end date: unknown") for n in case(name).notes)


def test_brest_litovsk_end_is_known_to_the_month_only():
    s = case_summary("brest-litovsk-1918")
    assert s.ended == "1918-11"  # 13 Nov 1918 is unsourced in facts.md
    assert "1918-11-13" not in str(case("brest-litovsk-1918").model_dump())


def test_pereyaslav_does_not_claim_the_unsourced_1764_abolition_as_an_event():
    assert all(not str(e.date).startswith("1764") for e in case("pereyaslav-1654").events)


def test_minsk_2_held_seven_years_to_putins_statement():
    s = case_summary("minsk-2-2015")
    assert s.ended == "2022-02-22" and s.held_months == pytest.approx(84.3, abs=0.1)


def test_molotov_ribbentrop_end_rests_on_a_weak_source_and_says_so():
    s = case("molotov-ribbentrop-1939")
    ended = next(e for e in s.events if e.id == "ended")
    assert {s.source(i).quality for i in ended.sources} == {"aggregator"}
    assert "weak" in ended.outcome


def test_cases_table_and_unknown_name():
    t = cases()
    assert t["name"].tolist() == NAMES
    with pytest.raises(ValueError, match="brest-litovsk-1918"):
        case("versailles-1919")
