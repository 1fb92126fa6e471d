"""The built-in scenario ``ukraine-2025`` against its sources.

Expected values are read off ../shared/research/facts.md (the compiled, sourced facts
the scenario is built from) and written out here; the tests check that the scenario
file says what facts.md says, cites only pages facts.md lists, and keeps facts.md's
source-quality flags.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

import zopa

NAME = "ukraine-2025"

# facts.md section 1.1: the 37 rows of the timeline (row -> start date as given there).
ROW_DATES = {
    1: "2025-02", 2: "2025-03-11", 3: "2025-03-13", 4: "2025-03-18", 5: "2025-04-11",
    6: "2025-04-25", 7: "2025-05-16", 8: "2025-06-02", 9: "2025-07-23", 10: "2025-08-06",
    11: "2025-08-15", 12: "2025-08-18", 13: "2025-10-16", 14: "2025-10-14", 15: "2025-11-19",
    16: "2025-11-21", 17: "2025-11-22", 18: "2025-11-23", 19: "2025-11-24", 20: "2025-11-27",
    21: "2025-11-28", 22: "2025-11-30", 23: "2025-12-02", 24: "2025-12-04", 25: "2025-12-14",
    26: "2025-12-18", 27: "2025-12-19", 28: "2025-12-23", 29: "2025-12-28", 30: "2026-01-06",
    31: "2026-01-22", 32: "2026-01-23", 33: "2026-01-30", 34: "2026-02-04", 35: "2026-02-07",
    36: "2026-02-17", 37: "2026-02-24",
}
# rows given as a span in facts.md ("2025-11-19/20", "2026-02-24/26", "14 Oct and 29 Oct" ...)
ROW_ENDS = {
    13: "2025-10-22", 14: "2025-10-29", 15: "2025-11-20", 19: "2025-11-25", 23: "2025-12-03",
    25: "2025-12-15", 26: "2025-12-19", 27: "2025-12-21", 28: "2025-12-24", 32: "2026-01-24",
    34: "2026-02-05", 36: "2026-02-18", 37: "2026-02-26",
}
# facts.md: who heads which delegation, with which principal, and whether they can sign.
ACTORS = {
    # id: (principal, authority)
    "putin": ("RU", "sign"), "zelensky": ("UA", "sign"), "trump": ("US", "sign"),
    "medinsky": ("RU", "refer"), "ushakov": ("RU", "refer"), "dmitriev": ("RU", "refer"),
    "kostyukov": ("RU", "refer"), "umerov": ("UA", "refer"), "yermak": ("UA", "refer"),
    "budanov": ("UA", "refer"), "witkoff": ("US", "refer"), "kushner": ("US", "refer"),
    "rubio": ("US", "refer"), "driscoll": ("US", "refer"),
}
# facts.md: offices as reported (a word that must appear in the actor's title).
TITLES = {
    "medinsky": "Presidential Aide",          # row 7
    "kostyukov": "GRU",                       # rows 7, 32
    "umerov": "National Security and Defence Council",  # row 9
    "yermak": "Presidential Office",          # row 18
    "budanov": "military intelligence",       # row 19
    "witkoff": "Special Envoy",               # row 1
    "rubio": "Secretary of State",            # rows 7, 18
    "driscoll": "Secretary of the Army",      # rows 18, 19 ("Army Sec.")
    "dmitriev": "RDIF",                       # row 23
}
ISSUES = [
    "donetsk_control", "luhansk_control", "zaporizhzhia_kherson", "recognition", "army_cap",
    "nato", "security_guarantee", "foreign_troops", "sanctions", "frozen_assets",
    "eu_membership", "elections", "amnesty", "znpp", "language_church",
]
FLAG_QUALITY = {"RU-state": "state-media", "agg": "aggregator", "official": "official"}
URL = r"[^\s)`;]"  # a character that can continue a URL in facts.md


@pytest.fixture(scope="module")
def s():
    return zopa.load(NAME, strict=True)


@pytest.fixture(scope="module")
def facts(shared) -> str:
    return (shared / "research" / "facts.md").read_text(encoding="utf-8")


def _flags(facts: str, url: str) -> set[str]:
    """The quality flags facts.md puts after each occurrence of exactly ``url``."""
    out = set()
    for m in re.finditer(re.escape(url) + rf"(?!{URL})\s*(`\[([^\]]+)\]`)?", facts):
        if m.group(2):
            for key in FLAG_QUALITY:
                if m.group(2).startswith(key):
                    out.add(key)
    return out


# ---------------------------------------------------------------------------- loading
def test_loads_strictly_with_the_required_top_level(s):
    assert s.id == NAME
    assert str(s.start) == "2025-11-21"
    assert s.horizon_months == 36
    assert str(s.as_of) == "2026-02-26"
    assert s.defaults is None  # no escape hatch: every number carries its own provenance
    assert any("February 2026" in n and "sourced" in n for n in s.notes)
    assert [a.id for a in s.principals] == ["RU", "UA"]


def test_first_line_is_the_schema_comment():
    from zopa.scenario.load import builtin_path

    first = builtin_path(NAME).read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")


# ---------------------------------------------------------------------------- sources
def _in_facts(facts: str, url: str) -> bool:
    """``url`` occurs in facts.md as a whole address (not just as the start of a longer one)."""
    return re.search(re.escape(url) + rf"(?!{URL})", facts) is not None


def test_every_url_is_verbatim_in_facts(s, facts):
    missing = [src.url for src in s.sources if not src.url.startswith("urn:zopa:seed:") and not _in_facts(facts, src.url)]
    assert missing == []
    # a truncated address is not a match
    assert not _in_facts(facts, "https://meduza.io/en/feature/2025/07/24/more-swaps")


def test_only_the_two_seeds_are_not_web_pages(s):
    urns = sorted(src.url for src in s.sources if not src.url.startswith("http"))
    assert urns == ["urn:zopa:seed:000", "urn:zopa:seed:004"]
    for src in s.sources:
        if src.url.startswith("urn:"):
            assert src.quality == "other" and src.note


def test_one_entry_per_url_and_every_source_cited(s):
    urls = [src.url for src in s.sources]
    assert len(urls) == len(set(urls))
    raw = s.model_dump(mode="json")
    raw.pop("sources")
    cited: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "source" and isinstance(v, str):
                    cited.add(v)
                elif k in ("source", "sources") and isinstance(v, list) and all(isinstance(x, str) for x in v):
                    cited.update(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for x in node:
                walk(x)

    walk(raw)
    assert {src.id for src in s.sources} - cited == set()


def test_flag_of_facts_md_is_kept_in_quality(s, facts):
    wrong = []
    for src in s.sources:
        flags = _flags(facts, src.url)
        if not flags:
            continue
        # the weakest flag wins: state media, then aggregator, then official
        for key in ("RU-state", "agg", "official"):
            if key in flags:
                if src.quality != FLAG_QUALITY[key]:
                    wrong.append((src.id, key, src.quality))
                break
    assert wrong == []


def test_flag_parsing_on_known_urls(facts):
    # three URLs whose flags are read off facts.md by eye
    assert _flags(facts, "https://tass.com/politics/1967401") == {"RU-state"}
    assert _flags(facts, "https://www.president.gov.ua/en/news/parizka-deklaraciya-nadijni-garantiyi-bezpeki-dlya-micnogo-j-102313") == {"official"}
    assert _flags(facts, "https://wsnext.com/56c1637-Geopolitics-Ukraine") == {"agg"}
    assert _flags(facts, "https://meduza.io/en/feature/2025/07/24/more-swaps-but-no-deal") == set()


def test_unflagged_sources_are_press_or_better(s, facts):
    for src in s.sources:
        if src.url.startswith("http") and not _flags(facts, src.url):
            assert src.quality in {"press", "official", "academic", "dataset"}, src.id


# ---------------------------------------------------------------------------- actors
def test_states_blocs_and_roles(s):
    kinds = {a.id: (a.kind, a.role) for a in s.actors}
    assert kinds["RU"] == ("state", "belligerent")
    assert kinds["UA"] == ("state", "belligerent")
    assert kinds["US"] == ("state", "mediator")
    assert kinds["EU"] == ("bloc", "ally")
    assert kinds["E3"] == ("bloc", "ally")
    assert s.actor("RU").name == "Russia (Putin)"
    assert s.actor("UA").name == "Ukraine (Zelensky)"


@pytest.mark.parametrize("actor_id", sorted(ACTORS))
def test_people_have_principal_and_authority(s, actor_id):
    a = s.actor(actor_id)
    principal, authority = ACTORS[actor_id]
    assert (a.principal, a.authority) == (principal, authority)
    assert a.sources, "a person's office must be sourced"


@pytest.mark.parametrize("actor_id", sorted(TITLES))
def test_titles_as_reported(s, actor_id):
    assert TITLES[actor_id] in s.actor(actor_id).title


def test_stances_from_section_3(s):
    ru, ua = s.actor("RU"), s.actor("UA")
    # memorandum: legal recognition, neutrality, Russian official language, all sanctions lifted
    assert ru.issues["recognition"].position == "de_jure"
    assert ru.issues["nato"].position == "constitutional_ban"
    assert ru.issues["language_church"].position == "russian_official_language"
    assert ru.issues["sanctions"].position == "lifted"
    assert ru.issues["army_cap"].position.nominal == 85  # Moscow's 2022 figure
    # Ukraine: no recognition ("main red line"), 800,000 in the 20-point plan
    assert ua.issues["recognition"].position == "none"
    assert ua.issues["recognition"].red_line == "none"
    assert ua.issues["army_cap"].red_line.nominal == 800
    # US 28 points: 600,000, elections within 100 days; E3: 800,000
    assert s.actor("US").issues["army_cap"].position.nominal == 600
    assert s.actor("US").issues["elections"].position == "within_100_days"
    assert s.actor("E3").issues["army_cap"].position.nominal == 800
    for a in (ru, ua):
        assert set(a.issues) == set(ISSUES)
        for st in a.issues.values():
            assert st.salience.basis == "judgement" and st.salience.rationale


def test_patience_follows_the_seed_argument(s):
    # seed 004: "the longer this process goes on, the better it is for Moscow" -> RU more patient
    assert s.actor("RU").discount_rate.nominal < s.actor("UA").discount_rate.nominal


def _monthly_cost(s, actor_id: str, pick) -> float:
    """Utility per month of fighting on with every lever at its baseline level.

    The battlefield's costs are the observed ones (levers at baseline), so only the
    scenario's own costs count: cost weights x (casualties_k, usd_bn) + utility.
    """
    side = s.battlefield.costs[actor_id]
    weights = s.actor(actor_id).cost_weights
    cost = pick(side.utility) if side.utility is not None else 0.0
    return cost + sum(pick(weights[k]) * pick(getattr(side, k)) for k in ("casualties_k", "usd_bn"))


@pytest.mark.parametrize("actor_id", ["RU", "UA"])
def test_monthly_war_cost_is_calibrated(s, actor_id):
    # hand check for the nominal values (written out):
    #   RU: 0.0005 * 33.4 + 0.0005 * 15.5 = 0.02445
    #   UA: 0.0022 * 12.0 + 0.0025 * 3.7 + 0.008 = 0.04365
    expected = {"RU": 0.0005 * 33.4 + 0.0005 * 15.5, "UA": 0.0022 * 12.0 + 0.0025 * 3.7 + 0.008}
    nominal = _monthly_cost(s, actor_id, lambda q: q.nominal)
    assert nominal == pytest.approx(expected[actor_id])
    assert 0.01 <= nominal <= 0.06
    # over the judgement ranges it stays about within [0.01, 0.06]
    lo = _monthly_cost(s, actor_id, lambda q: q.support()[0] if q.uncertain else q.nominal)
    hi = _monthly_cost(s, actor_id, lambda q: q.support()[1] if q.uncertain else q.nominal)
    assert 0.01 <= min(lo, hi) and max(lo, hi) <= 0.065


def test_thanksgiving_deadline(s):
    us = s.actor("US")
    d = {str(x.date): x for x in us.deadlines}
    thanksgiving = d["2025-11-27"]  # facts.md row 16
    assert {c.lever: c.level.nominal for c in thanksgiving.if_no_deal} == {"us_weapons": 0, "us_intelligence": 0}
    assert 0 < thanksgiving.credibility.nominal < 0.5
    assert "when it's over" in thanksgiving.credibility.rationale
    assert "2026-06" in d  # facts.md row 35: June 2026 target


def test_ukraine_constraints(s):
    kinds = {c.kind for c in s.actor("UA").constraints}
    assert {"constitution", "referendum", "election"} <= kinds


# ---------------------------------------------------------------------------- issues
def test_issues_and_their_scales(s):
    assert [i.id for i in s.issues] == ISSUES
    d = s.issue("donetsk_control")
    assert d.bounds == (0, 100) and d.step == 5
    assert d.status_quo.nominal == 25
    assert sorted(v.value for v in d.status_quo.values) == [20, 25, 30]  # "~20-30%", "Russia ~75%"
    assert d.war_outcome.follows == "battlefield" and d.war_outcome.map == [(0, 0), (100, 100)]
    assert s.issue("luhansk_control").status_quo.nominal == 1  # Russia holds ~99%
    assert s.issue("army_cap").status_quo.nominal == 1000 and s.issue("army_cap").step == 50
    assert s.issue("zaporizhzhia_kherson").options == ["ukraine_withdraws", "line_of_contact", "russia_withdraws"]
    assert s.issue("security_guarantee").options == ["none", "assurances", "european_force", "article5_like"]
    for i in s.issues:
        assert i.group in {"territory", "security", "economy", "politics"}
        assert i.description and i.war_outcome is not None


def test_plans_table_has_every_issue(s):
    t = s.plans_table()
    assert list(t["issue"]) == ISSUES
    assert {"us-28", "e3-counter", "geneva-19", "framework-20", "paris-declaration",
            "russia-memorandum-2025", "istanbul-2022"} <= set(t.columns)
    assert t.notna().all().all()


# ---------------------------------------------------------------------------- plans
def test_us28_has_28_points(s):
    plan = s.plan("us-28")
    assert [p.id for p in plan.points] == [str(i) for i in range(1, 29)]
    assert str(plan.date) == "2025-11-20" and plan.text == "leaked"


def test_us28_values_from_section_2_2(s):
    v = s.plan_values("us-28")
    assert v["army_cap"] == 600                                                # point 6
    assert v["nato"] == s.issue("nato").to_scale("constitutional_ban")        # point 7
    assert v["sanctions"] == s.issue("sanctions").to_scale("phased_lifting")  # point 13
    assert v["frozen_assets"] == s.issue("frozen_assets").to_scale("us_led_fund")  # point 14
    assert v["znpp"] == s.issue("znpp").to_scale("iaea_50_50")                # point 19
    assert v["recognition"] == s.issue("recognition").to_scale("de_facto")    # point 21(a)
    assert v["donetsk_control"] == 0                                          # point 21(d)
    assert v["elections"] == s.issue("elections").to_scale("within_100_days")  # point 25
    assert v["amnesty"] == s.issue("amnesty").to_scale("full_amnesty")        # point 26


def test_us28_flags_its_unsourced_wording(s):
    points = {p.id: p for p in s.plan("us-28").points}
    assert "unsourced" in points["12"].text and "unsourced" in points["13"].text


def test_e3_counter_amends_us28(s):
    e3 = s.plan("e3-counter")
    assert e3.based_on == "us-28" and str(e3.date) == "2025-11-23"
    assert sorted(e3.removes) == ["26", "3"]  # point 3 deleted; full amnesty deleted
    ids = [p.id for p in s.effective_points("e3-counter")]
    assert "3" not in ids and "26" not in ids and len(ids) == 26
    v = s.plan_values("e3-counter")
    assert v["army_cap"] == 800
    assert v["nato"] == s.issue("nato").to_scale("no_consensus")
    assert v["security_guarantee"] == s.issue("security_guarantee").to_scale("article5_like")
    assert v["recognition"] == s.issue("recognition").to_scale("none")
    assert v["amnesty"] == s.issue("amnesty").status_quo_value
    for p in e3.points:
        assert p.matches.get("us-28") == p.id
    point19 = next(p for p in e3.points if p.id == "19")
    assert "disagree" in point19.text


def test_geneva_drops_the_amnesty(s):
    g = s.plan("geneva-19")
    assert g.based_on == "us-28" and g.text == "reported" and "26" in g.removes
    assert s.plan_values("geneva-19")["amnesty"] == s.issue("amnesty").status_quo_value


def test_framework_and_paris(s):
    f = s.plan_values("framework-20")
    assert f["army_cap"] == 800
    assert f["elections"] == s.issue("elections").to_scale("after_signing")
    assert f["eu_membership"] == s.issue("eu_membership").to_scale("accession_timetable")
    assert str(s.plan("paris-declaration").date) == "2026-01-06"
    assert s.plan_values("paris-declaration")["foreign_troops"] == s.issue("foreign_troops").to_scale("coalition_force")
    assert str(s.plan("russia-memorandum-2025").date) == "2025-06-02"
    assert s.plan_values("russia-memorandum-2025")["recognition"] == s.issue("recognition").to_scale("de_jure")
    assert str(s.plan("istanbul-2022").date) == "2022-04-15"


def test_reactions_are_dated_and_sourced(s):
    n = 0
    for plan in s.plans:
        for pt in plan.points:
            for r in pt.reactions.values():
                n += 1
                assert r.source
    assert n >= 20
    amnesty = next(p for p in s.plan("us-28").points if p.id == "26")
    assert amnesty.reactions["UA"].reaction == "reject"


# ---------------------------------------------------------------------------- events
def test_all_37_rows_in_date_order(s):
    events = {e.id: e for e in s.events}
    for row, date in ROW_DATES.items():
        e = events[f"e{row:02d}"]
        assert str(e.date) == date, row
        assert e.sources, row
        if row in ROW_ENDS:
            assert str(e.end) == ROW_ENDS[row], row
    dates = [e.date.date for e in s.events]
    assert dates == sorted(dates)
    assert len(s.events) >= 37


def test_istanbul_delegations(s):
    e = next(e for e in s.events if e.id == "e07")
    who = {p.actor: p for p in e.participants if p.actor}
    assert "head" in who["medinsky"].role and who["medinsky"].authority == "refer"
    assert "head" in who["umerov"].role
    assert any(p.name == "Hakan Fidan" and "chair" in p.role for p in e.participants)
    kremlin = next(e for e in s.events if e.id == "e23")
    assert {"putin", "witkoff", "kushner", "ushakov", "dmitriev"} <= {p.actor for p in kremlin.participants}


# ---------------------------------------------------------------------------- battlefield
def test_battlefield(s):
    bf = s.battlefield
    assert bf.favours == "UA" and bf.bounds == (0, 100) and bf.initial.nominal == 25
    assert bf.drift.nominal < 0 and bf.drift.uncertain
    ru, ua = bf.costs["RU"], bf.costs["UA"]
    assert sorted(v.value for v in ru.casualties_k.values)[-1] == 35.03  # UK DI Dec 2025
    assert 31.713 in [v.value for v in ru.casualties_k.values]           # UK DI Jan 2026
    assert ru.usd_bn.nominal == pytest.approx(186 / 12, abs=0.05)         # IISS $186 bn
    assert ua.usd_bn.nominal == pytest.approx(44.4 / 12, abs=0.01)        # IISS $44.4 bn
    months = 46  # 24 Feb 2022 .. Dec 2025
    assert ua.casualties_k.nominal == pytest.approx(550 / months, abs=0.1)  # CSIS 500-600k
    levers = {lv.id: lv for lv in bf.levers}
    assert {"us_weapons", "us_intelligence", "eu_support", "sanctions"} <= set(levers)
    assert levers["us_weapons"].holder == "US" and levers["eu_support"].holder == "EU"
    assert all(lv.sources for lv in bf.levers)
    assert all("source" in ind for ind in bf.indicators)
    gains = {ind["period"]: ind["value"] for ind in bf.indicators if ind["name"] == "Russian gains"}
    assert gains["2025-11"] == 701 and gains["2025-12"] == 244


def test_durability(s):
    d = s.durability
    assert d.guarantee_issue == "security_guarantee"
    m = d.multipliers
    assert m["none"] == 1.0 and m["article5_like"] == min(m.values())
    assert d.basis == "judgement" and d.rationale


# ---------------------------------------------------------------------------- claims
def test_the_seed_claims(s):
    c = {(x.metric, x.op, x.threshold, x.at) for x in s.claims}
    assert ("delay_gain.RU", ">", 0, None) in c
    assert ("delay_gain.UA", "<", 0, None) in c
    assert ("p_deal_by", "<", 0.2, 12) in c
    assert ("p_breakdown_within", ">", 0.5, 60) in c
    assert ("zone_open", "==", 0, 0) in c
    for x in s.claims:
        assert x.source in {"seed-000", "seed-004"} and x.rationale


def test_analogies(s):
    assert s.analogies == [
        "pereyaslav-1654", "brest-litovsk-1918", "molotov-ribbentrop-1939", "budapest-1994",
        "minsk-1-2014", "minsk-2-2015", "istanbul-2022",
    ]


# ---------------------------------------------------------------------------- as of
def test_as_of_drops_later_events_and_plans():
    cut = zopa.load(NAME, as_of="2025-12-01")
    day = dt.date(2025, 12, 1)
    assert all(e.date.date <= day for e in cut.events)
    ids = {e.id for e in cut.events}
    assert "e22" in ids and "e23" not in ids and "e37" not in ids  # 30 Nov kept, 2 Dec dropped
    plans = {p.id for p in cut.plans}
    assert plans == {"istanbul-2022", "russia-memorandum-2025", "us-28", "e3-counter", "geneva-19"}
    # Putin's G8 answer of 4 Dec 2025 is not yet known on 1 Dec
    point13 = next(p for p in cut.plan("us-28").points if p.id == "13")
    assert "RU" not in point13.reactions
    point26 = next(p for p in cut.plan("us-28").points if p.id == "26")
    assert point26.reactions["UA"].reaction == "reject"  # 23 Nov: kept
