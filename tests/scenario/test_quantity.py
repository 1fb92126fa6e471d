"""Quantities: plain numbers, facts with sources, judgements, and distributions."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError
from scipy import stats

from zopa.scenario.quantity import Quantity


def q(data):
    return Quantity.model_validate(data)


def test_plain_number_is_certain():
    x = q(0.25)
    assert x.nominal == 0.25 and not x.uncertain
    assert np.all(x.ppf([0.1, 0.9]) == 0.25)


def test_fact_with_disputed_values_keeps_each_source():
    x = q({"value": 35.03, "values": [{"value": 35.03, "source": "a"}, {"value": 31.71, "source": "b"}]})
    assert x.nominal == 35.03
    assert [v.source for v in x.values] == ["a", "b"]


def test_disputed_values_need_the_value_used():
    with pytest.raises(ValidationError, match="disputed values need"):
        q({"values": [{"value": 1, "source": "a"}, {"value": 2, "source": "b"}]})


@pytest.mark.parametrize(
    "spec, frozen",
    [
        ({"dist": "normal", "mean": 1.0, "sd": 0.5}, stats.norm(1.0, 0.5)),
        ({"dist": "lognormal", "median": 2.0, "sigma": 0.3}, stats.lognorm(0.3, scale=2.0)),
        ({"dist": "uniform", "low": -1, "high": 3}, stats.uniform(-1, 4)),
        ({"dist": "triangular", "low": 0, "mode": 1, "high": 4}, stats.triang(0.25, loc=0, scale=4)),
        ({"dist": "beta", "a": 2, "b": 5, "low": 10, "high": 20}, stats.beta(2, 5, loc=10, scale=10)),
    ],
)
def test_ppf_matches_scipy(spec, frozen):
    u = np.linspace(0.01, 0.99, 9)
    np.testing.assert_allclose(q(spec).ppf(u), frozen.ppf(u))
    assert q(spec).nominal == pytest.approx(frozen.mean())


def test_truncated_normal_stays_in_bounds():
    x = q({"dist": "normal", "mean": 0.0, "sd": 1.0, "low": -0.5, "high": 0.5})
    draws = x.ppf(np.random.default_rng(0).random(10_000))
    assert draws.min() >= -0.5 and draws.max() <= 0.5
    assert x.support() == (-0.5, 0.5)


def test_explicit_value_overrides_the_mean_as_nominal():
    assert q({"dist": "uniform", "low": 0, "high": 1, "value": 0.3}).nominal == 0.3


@pytest.mark.parametrize(
    "spec, message",
    [
        ({"dist": "normal", "mean": 0}, "missing sd"),
        ({"dist": "normal", "mean": 0, "sd": -1}, "sd must be > 0"),
        ({"dist": "uniform", "low": 2, "high": 1}, "low must be < high"),
        ({"dist": "triangular", "low": 0, "mode": 5, "high": 1}, "low <= mode <= high"),
        ({"dist": "beta", "a": 0, "b": 1}, "a and b must be > 0"),
        ({"dist": "lognormal", "median": -1, "sigma": 1}, "must be > 0"),
        ({"dist": "uniform", "low": 0, "high": 1, "mean": 3}, "not mean"),
        ({"mean": 1, "sd": 1}, "without `dist`"),
        ({"source": "x"}, "needs `value`"),
        (True, "not true/false"),
        ({"value": float("nan")}, "finite"),
    ],
)
def test_invalid_quantities_say_why(spec, message):
    with pytest.raises(ValidationError, match=message):
        q(spec)


@given(st.floats(-1e6, 1e6), st.floats(1e-3, 1e3), st.floats(1e-6, 1 - 1e-6))
def test_normal_ppf_is_monotone_and_centred(mean, sd, u):
    x = q({"dist": "normal", "mean": mean, "sd": sd})
    lo, mid, hi = x.ppf([min(u, 0.5), 0.5, max(u, 0.5)])
    assert lo <= mid <= hi
    assert mid == pytest.approx(mean, abs=1e-9 * max(1, abs(mean)))


def test_provenance_flags():
    assert q({"value": 1, "source": "s"}).has_provenance
    assert q({"value": 1, "basis": "judgement", "rationale": "why"}).has_provenance
    assert not q({"value": 1, "basis": "judgement"}).has_provenance
    assert not q(1).has_provenance


@pytest.mark.parametrize("spec", [
    {"dist": "uniform", "low": 0.1, "high": 0.7}, {"dist": "normal", "mean": 0.1, "sd": 0.02},
    {"dist": "normal", "mean": 0, "sd": 1, "low": -1, "high": 2}, {"dist": "lognormal", "median": 2.0, "sigma": 0.5},
    {"dist": "triangular", "low": 0, "mode": 0.3, "high": 1}, {"dist": "triangular", "low": 0, "mode": 0, "high": 1},
    {"dist": "triangular", "low": 0, "mode": 1, "high": 1}, {"dist": "beta", "a": 2, "b": 5},
    {"dist": "beta", "a": 0.5, "b": 0.5, "low": 1, "high": 3},
])
def test_ppf_is_scipys_inverse_distribution_function(spec):
    import numpy as np

    from zopa.scenario.quantity import Quantity

    q = Quantity.model_validate({**spec, "basis": "judgement", "rationale": "a test"})
    u = np.concatenate([np.random.default_rng(0).random(20_000), [1e-12, 0.5, 1 - 1e-12]])
    np.testing.assert_allclose(q.ppf(u), q.frozen().ppf(u), rtol=1e-12, atol=1e-15)  # the reference: scipy.stats
