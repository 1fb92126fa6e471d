"""The zone analysis over sampled worlds: batching, common random numbers, agreement with single runs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import zopa
from zopa.zone.worlds import column, inputs_of, world_table

GOOD = "tests/data/good.yaml"


def test_same_seed_same_worlds_whatever_the_batch():
    a = world_table(GOOD, worlds=30, seed=4, batch=7)
    b = world_table(GOOD, worlds=30, seed=4, batch=30)
    pd.testing.assert_frame_equal(a, b)


def test_a_variant_sees_the_same_draws():
    base = world_table(GOOD, worlds=20, seed=2)
    variant = world_table(zopa.load(GOOD, overrides=["actors.A.monthly_cost=0.2"]), worlds=20, seed=2)
    np.testing.assert_array_equal(base["input.actors.B.discount_rate"], variant["input.actors.B.discount_rate"])
    assert (variant[column("war_value.A", 0)] < base[column("war_value.A", 0)]).all()  # costlier war for A


def test_each_world_equals_the_single_analysis_with_its_inputs():
    t = world_table(GOOD, worlds=5, seed=9, states=101)
    for _, row in t.iterrows():
        r = row["input.actors.B.discount_rate"]
        single = zopa.zone.analyze(zopa.load(GOOD, overrides={"actors.B.discount_rate": float(r)}), paths=20)
        assert row[column("war_value.B", 0)] == pytest.approx(single.summary["war_value.B"], abs=1e-9)
        assert row[column("settlement_utility.A", 0)] == pytest.approx(single.summary["settlement_utility.A"], abs=1e-6)


def test_only_zone_inputs_are_sampled():
    s = zopa.load("ukraine-2025")
    keys = inputs_of(s)
    assert "battlefield.drift" in keys and "durability.annual_breakdown" in keys
    assert not any(k.endswith(("salience", "position", "reservation")) for k in keys)


def test_certain_scenario_repeats_its_one_world():
    t = world_table("textbook", worlds=4)
    assert t["world"].tolist() == [0, 1, 2, 3]
    assert t[column("war_value.A", 0)].nunique() == 1


def test_series_read_at_many_months_equal_each_month_alone():
    from zopa.zone import metrics as M
    from zopa.zone.worlds import evaluate_worlds

    s = zopa.load("ukraine-2025")
    prep = zopa.zone.prepare(s)
    from zopa.sweep.sampling import sample

    vals = sample(inputs_of(s), 6, seed=1)
    wanted = [(m, t) for m in ("p_zone_open", "p_deal_by", "war_value.RU", "settlement_utility.UA") for t in (0, 5, 99, 5)]
    wanted += [("delay_gain.RU", None), ("p_breakdown_within", 60)]
    table = evaluate_worlds(prep, vals, metrics=wanted, states=11)
    assert list(table.columns) == list(dict.fromkeys(column(m, t) for m, t in wanted))  # each column once
    # the reference: each metric at each month through the one-at-a-time catalogue function
    from zopa.zone.inputs import zone_inputs
    from zopa.zone.solve import solve

    inp = zone_inputs(s, prep.model, values=vals, worlds=6, n_states=11)
    ctx = M.Context(solve(inp, prep.frontier), inp, prep.frontier, prep.principal_ids, prep.multiplier, prep.guarantee_index)
    for m, t in wanted:
        np.testing.assert_array_equal(table[column(m, t)].to_numpy(), M.evaluate(ctx, m, t))


def test_a_lever_switched_off_from_the_start_moves_the_drift_by_its_effect():
    from zopa.zone.analyze import prepare
    from zopa.zone.inputs import zone_inputs

    def mu(*sets):
        s = zopa.load(GOOD, overrides=list(sets))
        return zone_inputs(s, prepare(s).model, n_states=11).mu[0]

    base = mu()
    # aid: observed at level 1 with effect +0.005 on the drift per unit; off from the start -> 0.005 lower every month
    np.testing.assert_allclose(mu("battlefield.levers.aid.from_start=0"), base - 0.005, atol=1e-15)
    np.testing.assert_allclose(mu("battlefield.levers.aid.from_start=3"), base + 2 * 0.005, atol=1e-15)
    np.testing.assert_array_equal(mu("battlefield.levers.aid.from_start=1"), base)
    # moving `level` itself moves where the drift was observed, not the war
    np.testing.assert_array_equal(mu("battlefield.levers.aid.level=0"), base)


def test_setting_a_levers_level_says_how_to_switch_it_off():
    from typer.testing import CliRunner

    from zopa.cli import load_commands

    r = CliRunner().invoke(load_commands(), ["validate", GOOD, "--set", "battlefield.levers.aid.level=0"])
    assert r.exit_code == 0 and "battlefield.levers.aid.from_start" in r.stderr
