"""zopa.whatif: levers become scenario changes; a what-if is paired with its baseline world by world.

Oracles: Fearon's bargaining range on the textbook scenario (war value p - c, equal-patience split
at the middle of the range), the zone's own input arrays rebuilt from independently sampled
values (the definition of each lever), the standard world table run on the downloaded YAML, and
hand counts for the claims' odds and the paired differences.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import zopa
from zopa import whatif as W
from zopa.sweep.sampling import sample
from zopa.whatif.talks import _strategy
from zopa.zone.inputs import zone_inputs
from zopa.zone.worlds import column, inputs_of, world_table

WORLDS = 40


@pytest.fixture(scope="module")
def ukraine():
    return zopa.load("ukraine-2025")


@pytest.fixture(scope="module")
def textbook():
    return zopa.load("textbook")


@pytest.fixture(scope="module")
def ukraine_base(ukraine):
    return W.baseline(ukraine, worlds=WORLDS, seed=3)


def metric(result, mid):
    return {m["id"]: m for m in result.to_json()["metrics"]}[mid]


def inputs(s, worlds=WORLDS, seed=3):
    """The zone's input arrays for the scenario's sampled worlds, built without zopa.whatif."""
    from zopa.scenario.compile import compile_model

    vals = sample(inputs_of(s), worlds, seed=seed)
    return zone_inputs(s, compile_model(s), values=vals, worlds=worlds, n_states=W.STATES), vals


# ---------------------------------------------------------------------------- the levers model
def test_levers_reject_unknown_fields_out_of_range_values_and_nan():
    with pytest.raises(ValidationError):
        W.Levers(costs={"RU": 2})
    with pytest.raises(ValidationError):
        W.Levers(cost={"RU": -1})
    with pytest.raises(ValidationError):
        W.Levers(discount_rate={"RU": 3})
    with pytest.raises(ValidationError):
        W.Levers(drift=float("nan"))
    with pytest.raises(ValidationError):
        W.Levers(authority={"medinsky": "maybe"})
    with pytest.raises(ValidationError):
        W.Levers(deadline={"date": "next week"})
    assert W.Levers().is_empty() and not W.Levers(cost={"A": 2}).is_empty()


@pytest.mark.parametrize(("levers", "where", "words"), [
    ({"cost": {"XX": 2}}, "cost.XX", "not a principal"),
    ({"levels": {"sanction": 2}}, "levels.sanction", "did you mean 'sanctions'"),
    ({"deadline": {"penalty": {"aid": 0}}}, "deadline.penalty.aid", "no battlefield lever"),
    ({"deadline": {"date": "2035-01-01"}}, "deadline.date", "outside"),
    ({"deadline": {"date": "2026-02-30"}}, "deadline.date", "not a valid date"),
    ({"authority": {"putin": "refer"}}, "authority.putin", "negotiators are medinsky, umerov"),
    ({"guarantee": "nato"}, "guarantee", "not an option"),
    ({"drift": 150.0}, "drift", "outside"),
    ({"ratchet": {"US": True}}, "ratchet.US", "not a principal"),
])
def test_a_lever_that_does_not_apply_is_an_error_naming_it(ukraine, levers, where, words):
    with pytest.raises(W.LeverError) as err:
        W.changes(ukraine, W.Levers.model_validate(levers))
    text = str(err.value)
    assert f"levers: {where}:" in text and words in text


def test_levers_the_textbook_lacks_are_errors_not_silent_no_ops(textbook):
    for levers, words in [({"levels": {"sanctions": 2}}, "no battlefield lever"), ({"deadline": {"credibility": 1}}, "has no deadline"),
                          ({"guarantee": 0.5}, "has no guarantee"), ({"authority": {"A": "sign"}}, "no principal of textbook has a delegate")]:
        with pytest.raises(W.LeverError, match=words):
            W.changes(textbook, W.Levers.model_validate(levers))


def test_every_problem_is_reported_at_once(ukraine):
    with pytest.raises(W.LeverError) as err:
        W.changes(ukraine, W.Levers(cost={"XX": 2}, levels={"nope": 1}, guarantee="nope"))
    assert len(err.value.problems) == 3


# ---------------------------------------------------------------------------- textbook: Fearon's range by hand
@settings(max_examples=15, deadline=None)
@given(ka=st.floats(0, 4), kb=st.floats(0, 4))
def test_textbook_cost_multipliers_move_fearons_range(textbook, ka, kb):
    """War values are p - c (p = 0.4 held by A, 0.6 by B; c_A = 0.05, c_B = 0.10 a month) and with equal
    patience the random-proposer equilibrium gives each side half the surplus: A gets
    (v_A + 1 - v_B) / 2."""
    r = W.run(textbook, W.Levers(cost={"A": ka, "B": kb}), worlds=10)
    va, vb = 0.4 - 0.05 * ka, 0.6 - 0.10 * kb
    assert metric(r, "war_value.A")["whatif"] == pytest.approx(va, abs=1e-6)
    assert metric(r, "war_value.B")["whatif"] == pytest.approx(vb, abs=1e-6)
    assert metric(r, "settlement_utility.A")["whatif"] == pytest.approx((va + 1 - vb) / 2, abs=1e-3)
    assert metric(r, "war_value.A")["baseline"] == pytest.approx(0.35)
    assert metric(r, "p_zone_open")["whatif"] == 1.0  # costly war always leaves a range (Fearon 1995)


def test_the_more_impatient_side_gets_less(textbook):
    r = W.run(textbook, W.Levers(discount_rate={"A": 0.3}), worlds=10)
    a = metric(r, "settlement_utility.A")
    assert a["whatif"] < a["baseline"] == pytest.approx(0.425)
    assert metric(r, "war_value.A")["difference"] == pytest.approx(0.0)  # patience does not change the flow value of war


def test_no_levers_is_the_scenario_itself(ukraine, ukraine_base):
    r = W.run(ukraine, W.Levers(), worlds=WORLDS, seed=3, base=ukraine_base)
    out = r.to_json()
    assert out["changes"] == [] and out["verdict"] == ["No lever moved: the what-if is the scenario itself."]
    assert all(m["difference"] == 0 for m in out["metrics"])
    assert out["scenario"]["hash"] == out["scenario"]["whatif_hash"]


VARIANTS = [{"cost": {"RU": 2.5}}, {"levels": {"sanctions": 2.0, "us_weapons": 0.5}, "deadline": {"credibility": 0.3}},
            {"authority": {"medinsky": "sign"}}, {"drift": 0.02, "volatility": 0.05}, {"discount_rate": {"UA": 0.2}, "guarantee": 2.0},
            {"deadline": {"date": "2026-03-01", "penalty": {"sanctions": 3}}}, {"cost": {"UA": 0}},
            {"cost": {"RU": 2.0, "UA": 0.5}, "authority": {"medinsky": "sign", "umerov": "none"}, "levels": {"sanctions": 1.0}}]


@pytest.mark.parametrize("levers", VARIANTS)
def test_the_computing_variant_and_its_hash_are_those_of_the_validated_scenario_file(ukraine, levers):
    """The what-if builds its variant by validating only the parts the changes touch, and hashes
    only those parts again: the result must be the scenario that zopa.scenario validates from the
    changed file, and its scenario_hash."""
    from zopa.scenario.load import scenario_hash
    from zopa.whatif.changes import _apply_fast, variant_hash

    ch = W.changes(ukraine, W.Levers.model_validate(levers))
    full = W.variant(ukraine, W.Levers.model_validate(levers))  # the whole file validated
    fast = _apply_fast(ukraine, ch)
    assert fast == full and fast.model_dump() == full.model_dump()
    assert variant_hash(ukraine, fast, ch) == scenario_hash(full) != scenario_hash(ukraine)


def test_the_what_ifs_claim_truth_is_the_sweeps_including_when_conditions(ukraine, ukraine_base):
    """The what-if reads each claim's truth world by world without a frame; it must be what
    zopa.sweep.claims.evaluate_claims says, NA (NaN) where a `when` condition fails."""
    import dataclasses

    from zopa.sweep.claims import Claim, Predicate, evaluate_claims
    from zopa.whatif.result import _claim_values

    r = W.run(ukraine, W.Levers(cost={"RU": 3.0}), worlds=WORLDS, seed=3, base=ukraine_base)
    v = r.table["war_value_RU_m0"].to_numpy()
    cut = float(np.median(v))
    claims = [Claim(id="plain", text="t", metric="war_value.RU", op=">", threshold=cut, at=0),
              Claim(id="cond", text="t", metric="war_value.UA", op=">", threshold=0.0, at=0,
                    when=(Predicate(metric="war_value.RU", op="<=", threshold=cut, at=0),)),
              Claim(id="both", text="t", metric="delay_gain.RU", op=">", threshold=0.0,
                    also=(Predicate(metric="war_value.RU", op=">", threshold=cut, at=0),),
                    when=(Predicate(metric="war_value.UA", op=">", threshold=0.0, at=0),))]
    base = dataclasses.replace(ukraine_base, claims=claims, cache={})
    got = _claim_values(base, r.table)
    want = evaluate_claims(r.table, claims, catalogue=base.catalogue)
    for c in claims:
        np.testing.assert_array_equal(got[c.id], want[c.id].to_numpy(dtype=float, na_value=np.nan))
    assert np.isnan(got["cond"]).sum() == int((v > cut).sum()) > 0  # NA exactly where the condition fails


# ---------------------------------------------------------------------------- each lever, by its definition
def test_cost_multiplier_scales_the_principals_monthly_cost_world_by_world(ukraine):
    base, _ = inputs(ukraine)
    var, _ = inputs(W.variant(ukraine, W.Levers(cost={"RU": 2.5})))
    np.testing.assert_allclose(var.cost[:, 0], 2.5 * base.cost[:, 0], rtol=1e-12)
    np.testing.assert_array_equal(var.cost[:, 1], base.cost[:, 1])
    np.testing.assert_array_equal(var.mu, base.mu)


def test_a_lever_level_acts_from_month_zero_with_its_uncertain_effect(ukraine):
    """Sanctions at level 2 add one unit of their effect (USD bn a month, per world) to Russia's cost,
    weighted by Russia's utility per USD bn, in every month; the drift is untouched."""
    base, vals = inputs(ukraine)
    var, _ = inputs(W.variant(ukraine, W.Levers(levels={"sanctions": 2})))
    effect = vals["battlefield.levers.sanctions.effect.costs.RU.usd_bn"]
    weight = vals["actors.RU.cost_weights.usd_bn"]
    np.testing.assert_allclose(var.cost[:, 0] - base.cost[:, 0], np.repeat((weight * effect)[:, None], base.cost.shape[2], axis=1), atol=1e-12)
    np.testing.assert_allclose(var.mu, base.mu, atol=1e-12)


def test_a_cut_lever_composes_with_the_deadline(ukraine):
    """US weapons at 2 from the start, then the Thanksgiving deadline (month 1) cuts them to 0 with
    credibility c: level 2 in month 0, then c * 0 + (1 - c) * 2, against 1, then (1 - c) in the scenario."""
    base, vals = inputs(ukraine)
    var, _ = inputs(W.variant(ukraine, W.Levers(levels={"us_weapons": 2})))
    e = vals["battlefield.levers.us_weapons.effect.drift"]
    c = vals["actors.US.deadlines.0.credibility"]
    np.testing.assert_allclose(var.mu[:, 0] - base.mu[:, 0], e, atol=1e-12)
    np.testing.assert_allclose(var.mu[:, 5] - base.mu[:, 5], ((1 - c) * 2 - (1 - c) * 1) * e, atol=1e-12)


def test_a_certain_penalty_cuts_aid_after_the_deadline(ukraine):
    base, vals = inputs(ukraine)
    var, _ = inputs(W.variant(ukraine, W.Levers(deadline={"credibility": 1.0})))
    c = vals["actors.US.deadlines.0.credibility"]
    e = vals["battlefield.levers.us_weapons.effect.drift"] + vals["battlefield.levers.us_intelligence.effect.drift"]
    np.testing.assert_allclose(var.mu[:, 0], base.mu[:, 0])  # before the deadline (27 Nov, month 1)
    np.testing.assert_allclose(var.mu[:, 3] - base.mu[:, 3], -(1 - c) * e, atol=1e-12)


def test_moving_the_deadline_moves_the_month_the_penalty_starts(ukraine):
    var, _ = inputs(W.variant(ukraine, W.Levers(deadline={"date": "2026-05-10", "credibility": 1.0})))
    base, _ = inputs(ukraine)
    assert var.deadline_months[:2] == [6] and base.deadline_months[0] == 1
    np.testing.assert_array_less(var.mu[:, 6], var.mu[:, 5])  # aid cut from month 6


def test_drift_and_volatility_move_the_centre_and_keep_the_spread(ukraine):
    base, vals = inputs(ukraine)
    var, vvals = inputs(W.variant(ukraine, W.Levers(drift=-0.4, volatility=0.7)))
    np.testing.assert_allclose(vvals["battlefield.drift"], vals["battlefield.drift"] + 0.5, atol=1e-12)  # -0.9 -> -0.4
    np.testing.assert_allclose(vvals["battlefield.volatility"], vals["battlefield.volatility"] * 2, rtol=1e-12)  # 0.35 -> 0.7
    np.testing.assert_allclose(var.mu[:, 0] - base.mu[:, 0], 0.5, atol=1e-12)


def test_a_discount_rate_shifts_the_whole_range(ukraine):
    _, vals = inputs(ukraine)
    _, vvals = inputs(W.variant(ukraine, W.Levers(discount_rate={"UA": 0.25})))
    np.testing.assert_allclose(vvals["actors.UA.discount_rate"], vals["actors.UA.discount_rate"] + 0.10, atol=1e-12)


def test_a_guarantee_sets_the_breakdown_risk_of_any_deal(ukraine, ukraine_base):
    """p(breakdown within 5 years) = 1 - (1 - a m)^5 with a the world's yearly risk and m the multiplier."""
    r = W.run(ukraine, W.Levers(guarantee=0.5), worlds=WORLDS, seed=3, base=ukraine_base)
    a = sample(inputs_of(ukraine), WORLDS, seed=3)["durability.annual_breakdown"]
    np.testing.assert_allclose(r.table["p_breakdown_within_m60"], 1 - (1 - 0.5 * a) ** 5, atol=1e-12)
    opt = W.run(ukraine, W.Levers(guarantee="european_force"), worlds=WORLDS, seed=3, base=ukraine_base)
    np.testing.assert_allclose(opt.table["p_breakdown_within_m60"], 1 - (1 - 0.5 * a) ** 5, atol=1e-12)  # multiplier 0.5


def test_authority_changes_the_delegate_and_nothing_else(ukraine):
    v = W.variant(ukraine, W.Levers(authority={"medinsky": "sign"}))
    assert v.actor("medinsky").authority == "sign" and ukraine.actor("medinsky").authority == "refer"
    assert v.model_dump(exclude={"actors"}) == ukraine.model_dump(exclude={"actors"})


# ---------------------------------------------------------------------------- paired results
def test_differences_are_paired_world_by_world(ukraine, ukraine_base):
    r = W.run(ukraine, W.Levers(cost={"RU": 2}), worlds=WORLDS, seed=3, base=ukraine_base)
    m = metric(r, "war_value.RU")
    d = r.table["war_value_RU_m0"].to_numpy() - ukraine_base.table["war_value_RU_m0"].to_numpy()
    assert m["difference"] == pytest.approx(d.mean())
    half = 1.959964 * d.std(ddof=1) / math.sqrt(len(d))
    assert (m["low"], m["high"]) == pytest.approx((d.mean() - half, d.mean() + half))
    assert (d < 0).all()  # a costlier war is worth less to Russia in every world
    np.testing.assert_array_equal(r.table["war_value_UA_m0"], ukraine_base.table["war_value_UA_m0"])


def test_the_claims_odds_are_the_share_of_worlds_with_a_wilson_interval(ukraine, ukraine_base):
    r = W.run(ukraine, W.Levers(cost={"RU": 3}), worlds=WORLDS, seed=3, base=ukraine_base)
    claims = {c["id"]: c for c in r.to_json()["claims"]}
    c = claims["delay-helps-moscow"]
    holds = int((r.table[column("delay_gain.RU", None)] > 0).sum())
    assert c["whatif"]["holds"] == holds and c["whatif"]["worlds"] == WORLDS
    p, n, z = holds / WORLDS, WORLDS, 1.959964
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    assert (c["whatif"]["low"], c["whatif"]["high"]) == pytest.approx((max(0, centre - half), min(1, centre + half)), abs=1e-6)
    breakdown = claims["guarantees-pretexts"]  # p_breakdown_within at 60 > 0.5
    assert breakdown["baseline"]["holds"] == int((ukraine_base.table["p_breakdown_within_m60"] > 0.5).sum())


def test_plans_acceptable_to_both_count_worlds(ukraine, ukraine_base):
    r = W.run(ukraine, W.Levers(cost={"RU": 2}), worlds=WORLDS, seed=3, base=ukraine_base)
    plans = {p["id"]: p for p in r.to_json()["plans"]}
    u = plans["istanbul-2022"]["utility"]
    ok = (u["RU"] >= r.table["war_value_RU_m0"] - 1e-12) & (u["UA"] >= r.table["war_value_UA_m0"] - 1e-12)
    assert plans["istanbul-2022"]["acceptable_now"]["whatif"] == pytest.approx(ok.mean())
    assert any(p["kind"] == "forecast" for p in plans.values())


def test_the_simulation_needs_a_principal_to_sign(ukraine, ukraine_base):
    nobody = W.run(ukraine, W.Levers(authority={"medinsky": "none"}), worlds=WORLDS, seed=3, base=ukraine_base).sim
    both = W.run(ukraine, W.Levers(authority={"medinsky": "sign", "umerov": "sign"}), worlds=WORLDS, seed=3, base=ukraine_base).sim
    assert nobody["p_agreement"] == 0.0 and nobody["authority"]["RU"] == "none"
    assert both["p_agreement"] > ukraine_base.sim["p_agreement"] and both["refusals"] == 0.0


def test_a_referring_ratchet_needs_ratification():
    from zopa.sim.strategies.base import Party
    from zopa.sim.tables import Table

    p = Party("RU", Table(np.linspace(0, 1, 11), np.full(4, 0.3)), 0, 2, np.arange(4), 1, np.full(4, 9))
    s = _strategy("refer", True)
    assert s.needs_ratification
    bound = type(s)(2.0, 1.0).bind(p)  # p_ratify = 1: signs every offer worth at least 0.3 + 0.1
    assert bound.ratify(np.array([3, 4, 5, 10]), np.zeros(4, int)).tolist() == [False, True, True, True]
    assert not _strategy("sign", True).needs_ratification


# ---------------------------------------------------------------------------- the downloadable scenario
def test_the_yaml_is_a_valid_scenario_that_reproduces_the_what_if(ukraine, ukraine_base):
    from zopa.app.store import _parse_raw
    from zopa.scenario.load import builtin_path

    levers = W.Levers(cost={"RU": 1.5}, discount_rate={"UA": 0.2}, drift=-0.6, levels={"sanctions": 2, "us_weapons": 0.5},
                      deadline={"date": "2026-01-15", "penalty": {"eu_support": 0}, "credibility": 0.6},
                      authority={"umerov": "sign"}, guarantee="article5_like", ratchet={"RU": True})
    raw = _parse_raw(builtin_path("ukraine-2025").read_text(), "ukraine-2025.yaml")
    text = W.to_yaml(ukraine, levers, raw)
    assert text.startswith("# What-if of scenario ukraine-2025")
    assert "Not in this file (strategies of the simulated talks)" in text  # the ratchet
    s2 = zopa.scenario.loads(text, "what-if.yaml")
    r = W.run(ukraine, levers, worlds=WORLDS, seed=3, base=ukraine_base)
    t = world_table(s2, worlds=WORLDS, seed=3, states=W.STATES, metrics=[("war_value.RU", 0), ("settlement_utility.UA", 6), ("p_breakdown_within", 60)])
    for col in ("war_value_RU_m0", "settlement_utility_UA_m6", "p_breakdown_within_m60"):
        np.testing.assert_allclose(t[col].to_numpy(), r.table[col].to_numpy(), atol=1e-12)


def test_the_yaml_without_levers_is_the_scenario(textbook):
    s2 = zopa.scenario.loads(W.to_yaml(textbook, W.Levers()), "x.yaml")
    assert zopa.scenario.scenario_hash(s2) == zopa.scenario.scenario_hash(textbook)


# ---------------------------------------------------------------------------- links
def test_levers_at_the_scenarios_values_are_dropped(ukraine):
    lv = W.Levers(cost={"RU": 1.0, "UA": 2}, discount_rate={"RU": 0.05}, drift=-0.9, volatility=0.35,
                  levels={"sanctions": 1, "us_weapons": 0}, authority={"medinsky": "refer"}, ratchet={"RU": False},
                  deadline={"date": "2025-11-27", "credibility": 0.25, "penalty": {"us_weapons": 0, "sanctions": 1}})
    assert W.normalize(ukraine, lv).model_dump(exclude_none=True) == {"cost": {"UA": 2.0}, "levels": {"us_weapons": 0.0}}


lever_sets = st.fixed_dictionaries({}, optional={
    "cost": st.dictionaries(st.sampled_from(["RU", "UA"]), st.floats(0, 10).map(lambda x: round(x, 3)), min_size=1),
    "drift": st.floats(-5, 5).map(lambda x: round(x, 2)),
    "levels": st.dictionaries(st.sampled_from(["sanctions", "us_weapons"]), st.floats(0, 3).map(lambda x: round(x, 1)), min_size=1),
    "authority": st.dictionaries(st.just("medinsky"), st.sampled_from(["sign", "refer", "none"]), min_size=1),
    "ratchet": st.dictionaries(st.sampled_from(["RU", "UA"]), st.booleans(), min_size=1),
    "guarantee": st.one_of(st.sampled_from(["none", "assurances"]), st.floats(0, 2).map(lambda x: round(x, 2))),
    "deadline": st.fixed_dictionaries({}, optional={"date": st.just("2026-03-01"), "credibility": st.sampled_from([0.0, 0.5, 1.0]),
                                                    "penalty": st.dictionaries(st.just("sanctions"), st.sampled_from([0.0, 2.0]), min_size=1)}),
})


@settings(max_examples=60, deadline=None)
@given(lever_sets)
def test_query_strings_round_trip(d):
    lv = W.Levers.model_validate(d)
    assert W.levers_from_query(W.levers_to_query(lv)) == lv


def test_bad_query_values_are_errors():
    with pytest.raises(W.LeverError, match="cost.RU"):
        W.levers_from_query([("cost.RU", "lots")])
    with pytest.raises(W.LeverError, match="ratchet.RU"):
        W.levers_from_query([("ratchet.RU", "maybe")])
    with pytest.raises(W.LeverError, match="finite"):
        W.levers_from_query([("drift", "inf")])
    assert W.levers_from_query([("guarantee", ""), ("deadline.date", ""), ("seed", "4")]).is_empty()
