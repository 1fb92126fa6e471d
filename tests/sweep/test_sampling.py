"""Sampling uncertain inputs: chunk-invariant, common random numbers, correct designs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from zopa.sweep.sampling import describe_distribution, sample, uniforms
from zopa.sweep.streams import BLOCK

INPUTS = {
    "battlefield.drift": stats.norm(0.002, 0.004),
    "actors.RU.discount_rate": stats.lognorm(0.4, scale=0.05),
    "guarantee.value": stats.beta(2, 5),
    "costs.RU": stats.triang(0.3, loc=1, scale=4),
    "x": stats.uniform(-1, 2),
}


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
@settings(max_examples=15, deadline=None)
@given(total=st.integers(1, 3 * BLOCK + 17), cuts=st.lists(st.integers(1, 3 * BLOCK), max_size=3))
def test_chunks_reproduce_the_whole_sample(method, total, cuts):
    whole = sample(INPUTS, total, method=method, seed=4)
    edges = sorted({0, total, *[c for c in cuts if c < total]})
    for a, b in zip(edges, edges[1:], strict=False):
        part = sample(INPUTS, b - a, method=method, seed=4, start=a, total=total)
        for name in INPUTS:
            assert np.array_equal(part[name], whole[name][a:b]), (name, a, b)


@pytest.mark.parametrize("method", ["mc", "lhs"])
def test_an_input_keeps_its_stream_when_others_are_added_or_removed(method):
    both = uniforms(["a", "b", "c"], 5000, method=method, seed=8)
    alone = uniforms(["b"], 5000, method=method, seed=8)
    assert np.array_equal(both["b"], alone["b"])


def test_sobol_streams_depend_on_the_set_of_inputs_not_their_order():
    ab = uniforms(["a", "b"], 1024, method="sobol", seed=8)
    ba = uniforms(["b", "a"], 1024, method="sobol", seed=8)
    assert np.array_equal(ab["a"], ba["a"]) and np.array_equal(ab["b"], ba["b"])
    abc = uniforms(["a", "b", "c"], 1024, method="sobol", seed=8)
    assert not np.array_equal(ab["a"], abc["a"])  # documented: the set is part of the design


def test_seed_changes_the_sample():
    assert not np.array_equal(uniforms(["a"], 100, seed=1)["a"], uniforms(["a"], 100, seed=2)["a"])


@pytest.mark.parametrize("total", [100, BLOCK, 2 * BLOCK + 300])
def test_lhs_puts_one_point_in_each_stratum_of_every_block(total):
    u = uniforms(["a", "b"], total, method="lhs", seed=3)
    size = min(BLOCK, total)
    for name in ("a", "b"):
        for lo in range(0, total, size):
            block = u[name][lo : lo + size]
            m = len(block)  # the last block is a Latin hypercube of its own size
            assert sorted(np.floor(block * m).astype(int)) == list(range(m))


def test_sobol_first_power_of_two_points_are_balanced():
    # a (t, m, s)-net property: each of the 2**k equal intervals of a dimension holds
    # exactly 2**(m-k) of the first 2**m points (here every elementary interval of one axis)
    u = uniforms(["a", "b", "c"], 1024, method="sobol", seed=0)
    for name in u:
        counts = np.bincount(np.floor(u[name] * 64).astype(int), minlength=64)
        assert (counts == 16).all()
    # and points are never exactly 0 or 1
    assert all(((v > 0) & (v < 1)).all() for v in u.values())


@pytest.mark.parametrize("method", ["mc", "lhs", "sobol"])
def test_values_follow_each_inputs_distribution(method):
    x = sample(INPUTS, 4096, method=method, seed=12)
    for name, dist in INPUTS.items():
        assert stats.kstest(x[name], dist.cdf).pvalue > 1e-3, name


def test_designs_with_stratification_estimate_a_mean_better_than_mc():
    # E[x^2] for x ~ U(0, 1) is 1/3; LHS and Sobol should beat plain MC on average
    errs = {m: [] for m in ("mc", "lhs", "sobol")}
    for seed in range(20):
        for m in errs:
            u = uniforms(["x"], 256, method=m, seed=seed)["x"]
            errs[m].append(abs((u**2).mean() - 1 / 3))
    assert np.mean(errs["lhs"]) < np.mean(errs["mc"]) / 3
    assert np.mean(errs["sobol"]) < np.mean(errs["mc"]) / 3


def test_bad_arguments_are_rejected_with_clear_messages():
    with pytest.raises(ValueError, match="method must be one of"):
        uniforms(["a"], 10, method="halton")
    with pytest.raises(ValueError, match="total must be"):
        uniforms(["a"], 10, start=5, total=12)
    with pytest.raises(ValueError, match="ppf"):
        sample({"a": 1.0}, 10)
    with pytest.raises(ValueError, match="unique"):
        uniforms(["a", "a"], 10)
    with pytest.raises(ValueError, match="non-negative"):
        uniforms(["a"], -1)


def test_protocol_objects_need_only_ppf():
    class Shifted:
        def ppf(self, q):
            return q + 10

    x = sample({"s": Shifted()}, 100, seed=1)["s"]
    assert (x > 10).all() and (x < 11).all()
    d = describe_distribution(Shifted())
    assert d["type"] == "Shifted" and d["ppf_probe"][3] == 10.5


def test_describe_distribution_is_json_ready_and_stable():
    import json

    d = describe_distribution(stats.lognorm(0.4, scale=np.float64(0.05)))
    assert d == {"family": "lognorm", "args": [0.4], "kwds": {"scale": 0.05}}
    json.dumps(d)
