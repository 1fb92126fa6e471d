"""Kaplan-Meier, conditional survival and cumulative incidence against hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.history.survival import (
    conditional_survival,
    cumulative_incidence,
    kaplan_meier,
    median_duration,
)


def _episodes(durations, outcomes):
    """outcomes: a label per episode, None for a censored one."""
    return pd.DataFrame({"duration_months": np.asarray(durations, dtype=float),
                         "ended": [o is not None for o in outcomes],
                         "outcome": [o or "ongoing" for o in outcomes], "kind": "k"})


# Five episodes: ends at 1, 2; censored at 2; ends at 3; censored at 4.
KM_CASE = _episodes([1, 2, 2, 3, 4], ["a", "a", None, "a", None])


def test_kaplan_meier_product_limit_by_hand():
    km = kaplan_meier(KM_CASE, by=None).set_index("time")
    # S(1) = 4/5; S(2) = 4/5 * 3/4 (one of 4 at risk ends; the censored one is still at risk);
    # S(3) = 3/5 * 1/2 (2 at risk); S(4) = S(3) (censored)
    assert km["survival"].to_dict() == pytest.approx({0.0: 1.0, 1.0: 0.8, 2.0: 0.6, 3.0: 0.3, 4.0: 0.3})
    assert km["at_risk"].tolist() == [5, 5, 4, 2, 1]


def test_kaplan_meier_band_is_greenwoods_log_log_by_hand():
    km = kaplan_meier(KM_CASE, by=None).set_index("time")
    s, n, d = 0.8, 5, 1
    se = math.sqrt(d / (n * (n - d))) / abs(math.log(s))  # se of log(-log S), Kalbfleisch & Prentice
    lo, hi = s ** math.exp(1.959964 * se), s ** math.exp(-1.959964 * se)
    assert km.loc[1.0, "lower"] == pytest.approx(lo, rel=1e-5)
    assert km.loc[1.0, "upper"] == pytest.approx(hi, rel=1e-5)


def test_median_is_the_first_time_survival_reaches_one_half():
    med = median_duration(KM_CASE, by=None)
    assert med.loc[0, "median_duration"] == 3.0  # S(2) = 0.6 > 0.5, S(3) = 0.3
    assert (med.loc[0, "n_episodes"], med.loc[0, "n_ended"]) == (5, 3)


def test_conditional_survival_is_the_ratio_of_survivals_by_hand():
    out = conditional_survival(KM_CASE, lasted=1.5, horizons=[1, 2, 5], by=None)
    # S(t+h | T >= 1.5) = S(1.5 + h) / S(1.5-) with S(1.5-) = 0.8
    assert out["survival"].tolist() == pytest.approx([0.6 / 0.8, 0.3 / 0.8, 0.3 / 0.8])
    assert out["end_probability"].tolist() == pytest.approx([0.25, 0.625, 0.625])
    assert out["n_at_risk"].tolist() == [4, 4, 4]


def test_conditional_at_an_event_time_counts_that_event_in_the_window():
    out = conditional_survival(KM_CASE, lasted=2, horizons=[0.5], by=None)
    # T >= 2: the episodes of durations 2, 2, 3, 4; the one ending at 2 ends "now": S = 0.6 / 0.8
    assert out.loc[0, "survival"] == pytest.approx(0.75)


def test_nobody_at_risk_gives_nan_not_a_number_pretending_to_be_one():
    out = conditional_survival(KM_CASE, lasted=10, horizons=[6], by=None)
    assert out.loc[0, "n_at_risk"] == 0 and math.isnan(out.loc[0, "survival"])


# Six episodes with competing ways of ending and a tie between them at t = 2:
# a at 1; a and b at 2; censored at 3; b at 4; a at 5.
CIF_CASE = _episodes([1, 2, 2, 3, 4, 5], ["a", "a", "b", None, "b", "a"])


def test_aalen_johansen_by_hand_with_tied_competing_events():
    out = cumulative_incidence(CIF_CASE, horizons=[1.5, 2, 4.5, 10], by=None, ci=False)
    a = out[out["outcome"] == "a"]["probability"].tolist()
    b = out[out["outcome"] == "b"]["probability"].tolist()
    # F_k(t) = sum S(u-) d_k(u)/n(u): t=1: 1*1/6; t=2: (5/6)(1/5) each; t=4: (1/2)(1/2); t=5: (1/4)(1/1)
    assert a == pytest.approx([1 / 6, 1 / 3, 1 / 3, 7 / 12])
    assert b == pytest.approx([0, 1 / 6, 5 / 12, 5 / 12])


def test_conditional_incidence_by_hand():
    out = cumulative_incidence(CIF_CASE, horizons=[10], lasted=2, by=None, ci=False).set_index("outcome")
    # (F_k(inf) - F_k(2-)) / S(2-) with S(2-) = 5/6: a: (7/12 - 1/6) / (5/6); b: (5/12 - 0) / (5/6)
    assert out.loc["a", "probability"] == pytest.approx(0.5)
    assert out.loc["b", "probability"] == pytest.approx(0.5)
    assert out.loc["a", "n_at_risk"] == 5 and out.loc["a", "n_events"] == 2


def test_tie_breaking_does_not_touch_the_global_random_state():
    before = np.random.get_state()[1].copy()  # noqa: NPY002 (checking it is left alone)
    cumulative_incidence(CIF_CASE, horizons=[3], by=None)
    assert np.array_equal(before, np.random.get_state()[1])  # noqa: NPY002


def test_bad_arguments_name_the_argument():
    with pytest.raises(ValueError, match="lasted"):
        conditional_survival(KM_CASE, lasted=-1, by=None)
    with pytest.raises(ValueError, match="horizons"):
        conditional_survival(KM_CASE, horizons=[0], by=None)
    with pytest.raises(ValueError, match="by"):
        kaplan_meier(KM_CASE, by="region")


samples = st.lists(
    st.tuples(st.integers(0, 40), st.sampled_from(["a", "b", "c", None])), min_size=1, max_size=30
)


@settings(max_examples=40, deadline=None)
@given(samples, st.floats(0, 30), st.floats(0.5, 20))
def test_conditional_survival_equals_ratio_of_km_values(data, lasted, h):
    ep = _episodes([d for d, _ in data], [o for _, o in data])
    km = kaplan_meier(ep, by=None)
    t, s = km["time"].to_numpy(), km["survival"].to_numpy()

    def S(x, left=False):
        idx = np.searchsorted(t, x, side="left" if left else "right") - 1
        return 1.0 if idx < 0 else s[idx]

    out = conditional_survival(ep, lasted=lasted, horizons=[h], by=None).iloc[0]
    if (ep["duration_months"] >= lasted).sum() == 0:
        assert math.isnan(out["survival"])
    else:
        assert out["survival"] == pytest.approx(S(lasted + h) / S(lasted, left=True), abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(samples, st.floats(0, 20), st.floats(0.5, 30))
def test_ways_of_ending_add_up_to_the_chance_of_ending(data, lasted, h):
    ep = _episodes([d for d, _ in data], [o for _, o in data])
    ends = conditional_survival(ep, lasted=lasted, horizons=[h], by=None).loc[0, "end_probability"]
    ways = cumulative_incidence(ep, horizons=[h], lasted=lasted, by=None, ci=False)["probability"].sum()
    if math.isnan(ends):
        assert ways == 0
    else:
        assert ways == pytest.approx(ends, abs=1e-9)


def test_real_data_groups_and_all(ucdp_episodes):
    out = conditional_survival(ucdp_episodes, lasted=12, horizons=[12], include_all=True)
    assert list(out["kind"]) == ["extrasystemic", "internationalised", "interstate", "intrastate", "all"]
    assert ((out["end_probability"] >= 0) & (out["end_probability"] <= 1)).all()


def test_kaplan_meier_matches_lifelines_on_real_data(ucdp_episodes):
    from lifelines import KaplanMeierFitter

    ours = kaplan_meier(ucdp_episodes, by=None)
    kmf = KaplanMeierFitter().fit(ucdp_episodes["duration_months"], ucdp_episodes["ended"])
    assert np.allclose(ours["time"], kmf.survival_function_.index)
    assert np.allclose(ours["survival"], kmf.survival_function_.iloc[:, 0])
    assert np.array_equal(ours["at_risk"], kmf.event_table["at_risk"])
    band = kmf.confidence_interval_.to_numpy()
    assert np.allclose(ours["lower"], band.min(axis=1), equal_nan=True)
    assert np.allclose(ours["upper"], band.max(axis=1), equal_nan=True)
    med = median_duration(ucdp_episodes, by=None).loc[0, "median_duration"]
    assert med == pytest.approx(kmf.median_survival_time_)
