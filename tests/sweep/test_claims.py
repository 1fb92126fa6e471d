"""Claims as data: predicates on the per-world summary, their odds and intervals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from scipy import stats

from zopa.sweep import run
from zopa.sweep.claims import (
    Claim,
    binomial_interval,
    check_claims,
    claim_columns,
    claim_odds,
    evaluate_claims,
)
from zopa.sweep.metrics import MetricCatalogue
from zopa.sweep.sampling import sample


@pytest.fixture
def cat() -> MetricCatalogue:
    c = MetricCatalogue()
    c.register("deal_month", "month a deal is signed (NaN: none)", "month", "deal_month")
    c.register("zone_open", "whether a zone opens", "bool", "zone_open")
    c.register("share", "share held at month `at`", "share", "share_m{at}")
    c.register("share_gain", "share at `at` minus at 0", "share",
               compute=lambda t, at: t[f"share_m{at}"] - t["share_m0"], reads=("share_m{at}", "share_m0"))
    return c


def claim(**kw) -> Claim:
    base = {"id": "c", "text": "a claim", "source": "seed-1"}
    return Claim(**{**base, **kw})


def test_a_claim_true_when_a_uniform_exceeds_0_3_holds_in_70_percent_of_worlds():
    n = 20_000
    x = sample({"x": stats.uniform(0, 1)}, n, seed=2024)["x"]
    table = pd.DataFrame({"world": np.arange(n), "input.x": x})
    odds = claim_odds(table, [claim(metric="input:x", op=">", threshold=0.3)])
    row = odds.iloc[0]
    se = np.sqrt(0.7 * 0.3 / n)
    assert row["worlds"] == n
    assert abs(row["share"] - 0.7) < 4 * se
    assert row["low"] < 0.7 < row["high"]
    assert row["high"] - row["low"] == pytest.approx(2 * 1.96 * se, rel=0.05)


def test_claim_odds_of_a_stored_sweep_read_part_by_part(tmp_path):
    def ident(params, rand):
        return pd.DataFrame({"y": params["x"]})

    res = run(ident, {"x": stats.uniform(0, 1)}, 30_000, seed=7, executor="serial",
              batch_size=4096, out=tmp_path / "s", progress=False)
    c = [claim(metric="input:x", op=">", threshold=0.3)]
    from_store = claim_odds(res, c)
    from_frame = claim_odds(res.to_pandas(), c)
    pd.testing.assert_frame_equal(from_store, from_frame)
    assert abs(from_store["share"][0] - 0.7) < 4 * np.sqrt(0.21 / 30_000)


def test_conjunctions_and_conditions_have_their_probabilities():
    n = 40_000
    u = sample({"x": stats.uniform(0, 1), "y": stats.uniform(0, 1)}, n, method="lhs", seed=5)
    table = pd.DataFrame({"input.x": u["x"], "input.y": u["y"]})
    both = claim(id="both", metric="input:x", op=">", threshold=0.3,
                 also=[{"metric": "input:y", "op": "<=", "threshold": 0.5}])
    given_ = claim(id="given", metric="input:x", op=">", threshold=0.5,
                   when=[{"metric": "input:x", "op": ">", "threshold": 0.3}])
    odds = claim_odds(table, [both, given_]).set_index("id")
    assert odds.loc["both", "share"] == pytest.approx(0.7 * 0.5, abs=0.01)    # independent inputs
    assert odds.loc["given", "share"] == pytest.approx(0.5 / 0.7, abs=0.01)   # P(x>.5 | x>.3)
    assert odds.loc["given", "worlds"] == pytest.approx(0.7 * n, rel=0.02)


def test_missing_values_make_every_predicate_false(cat):
    table = pd.DataFrame({"deal_month": [3.0, np.nan, 40.0]})
    cases = [("<", 12, [True, False, False]), (">", 12, [False, False, True]),
             ("!=", 3, [False, False, True]), ("==", 3, [True, False, False])]
    for op, threshold, expect in cases:
        c = claim(metric="deal_month", op=op, threshold=threshold)
        assert evaluate_claims(table, [c], cat)["c"].tolist() == expect, op


def test_conditions_leave_other_worlds_without_a_truth_value(cat):
    table = pd.DataFrame({"world": [0, 1, 2], "deal_month": [3.0, 20.0, 5.0], "zone_open": [True, False, True]})
    c = claim(metric="deal_month", op="<", threshold=12, when=[{"metric": "zone_open", "op": "==", "threshold": True}])
    truth = evaluate_claims(table, [c], cat)
    assert truth["world"].tolist() == [0, 1, 2]
    assert truth["c"].tolist() == [True, pd.NA, True]


def test_metrics_read_at_a_time_and_computed_metrics(cat):
    table = pd.DataFrame({"share_m0": [0.5, 0.5], "share_m24": [0.6, 0.4]})
    rises = claim(metric="share_gain", at=24, op=">", threshold=0)
    above = claim(id="d", metric="share", at=24, op=">=", threshold=0.6)
    truth = evaluate_claims(table, [rises, above], cat)
    assert truth["c"].tolist() == [True, False] and truth["d"].tolist() == [True, False]
    assert claim_columns([rises, above], cat) == ["share_m24", "share_m0"]


def test_booleans_compare_only_for_equality(cat):
    table = pd.DataFrame({"zone_open": [True, False]})
    assert evaluate_claims(table, [claim(metric="zone_open", op="==", threshold=False)], cat)["c"].tolist() == [False, True]
    with pytest.raises(ValueError, match="booleans compare only"):
        evaluate_claims(table, [claim(metric="zone_open", op="<", threshold=True)], cat)


def test_unknown_metrics_and_missing_at_are_reported(cat):
    bad = [
        claim(id="a", metric="deal_mnth", op="<", threshold=1),
        claim(id="a", metric="share", op="<", threshold=1),
    ]
    problems = check_claims(bad, cat)
    assert "claims[0].metric: unknown metric 'deal_mnth'; did you mean deal_month?" in problems[0]
    assert "claims[1].id: duplicate claim id 'a'" in problems
    assert any(p.startswith("claims[1].at:") for p in problems)
    with pytest.raises(ValueError, match="needs column"):
        evaluate_claims(pd.DataFrame({"x": [1]}), [claim(metric="deal_month", op="<", threshold=1)], cat)


def test_claims_are_data_that_load_from_yaml_and_reject_anything_else():
    doc = yaml.safe_load("""
    - id: delay-favours-moscow
      text: "The longer this goes on, the better it is for Moscow."
      source: seed-1
      metric: share_gain
      at: 24
      op: ">"
      threshold: 0
      basis: judgement
      rationale: "Reads 'better' as a larger equilibrium share."
    - id: no-talks
      text: "There will be no negotiations, only imitation."
      source: seed-2
      metric: zone_open
      op: "=="
      threshold: false
    """)
    claims = [Claim(**d) for d in doc]
    assert claims[0].threshold == 0.0 and claims[1].threshold is False
    with pytest.raises(ValidationError):
        Claim(**{**doc[0], "op": "=>"})
    with pytest.raises(ValidationError):
        Claim(**{**doc[0], "code": "lambda w: True"})
    with pytest.raises(ValidationError):
        Claim(**{**doc[0], "id": "has space"})


@settings(max_examples=60, deadline=None)
@given(n=st.integers(1, 5000), frac=st.floats(0, 1), level=st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_intervals_match_scipys_binomtest(n, frac, level):
    k = int(round(frac * n))
    ci_w = stats.binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    ci_e = stats.binomtest(k, n).proportion_ci(confidence_level=level, method="exact")
    lo, hi = binomial_interval(k, n, level, "wilson")
    assert (float(lo), float(hi)) == pytest.approx((ci_w.low, ci_w.high), abs=1e-9)
    lo, hi = binomial_interval(k, n, level, "clopper-pearson")
    assert (float(lo), float(hi)) == pytest.approx((ci_e.low, ci_e.high), abs=1e-9)


def test_no_eligible_world_gives_no_share():
    lo, hi = binomial_interval(0, 0)
    assert np.isnan(lo) and np.isnan(hi)
    table = pd.DataFrame({"input.x": [0.1, 0.2]})
    c = claim(metric="input:x", op=">", threshold=0, when=[{"metric": "input:x", "op": ">", "threshold": 5}])
    odds = claim_odds(table, [c])
    assert odds["worlds"][0] == 0 and np.isnan(odds["share"][0])
    with pytest.raises(ValueError, match="method"):
        binomial_interval(1, 2, method="agresti")


def test_claims_from_other_models_and_dicts_are_accepted():
    from pydantic import BaseModel

    class ScenarioClaim(BaseModel):  # the shape of a scenario file's claim, with extra provenance
        id: str
        text: str
        source: list[str] | None = None
        metric: str
        op: str
        threshold: float
        at: float | None = None
        rationale: str | None = None
        page: int | None = None

    foreign = ScenarioClaim(id="c", text="t", source=["s1", "s2"], metric="share", op=">=", threshold=0.6, at=24.0)
    cat = MetricCatalogue()
    cat.register("share", "share at `at`", "share", "share_m{at}")
    table = pd.DataFrame({"share_m24": [0.7, 0.5]})
    assert evaluate_claims(table, [foreign], cat)["c"].tolist() == [True, False]
    odds = claim_odds(table, [foreign.model_dump()], catalogue=cat)
    assert odds["source"][0] == ["s1", "s2"] and odds["holds"][0] == 1
