"""Sensitivity: Sobol' indices against the Ishigami function's analytic values, Morris ranks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from SALib.sample import sobol as salib_sobol
from scipy import stats

from zopa.sweep.claims import Claim
from zopa.sweep.sensitivity import claim_sensitivity, morris, saltelli_design, sobol

A, B = 7.0, 0.1
PI = np.pi
ISHIGAMI = {f"x{i}": stats.uniform(-PI, 2 * PI) for i in (1, 2, 3)}


def ishigami(p, rand):
    return np.sin(p["x1"]) + A * np.sin(p["x2"]) ** 2 + B * p["x3"] ** 4 * np.sin(p["x1"])


def analytic_indices():
    """Ishigami & Homma (1990); Sobol' & Levitan (1999): closed forms for U(-pi, pi)^3."""
    v1 = 0.5 * (1 + B * PI**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * PI**8 * (1 / 18 - 1 / 50)
    v = v1 + v2 + v13
    s1 = {"x1": v1 / v, "x2": v2 / v, "x3": 0.0}
    st = {"x1": (v1 + v13) / v, "x2": v2 / v, "x3": v13 / v}
    return s1, st


def test_the_analytic_values_are_the_published_ones():
    s1, st = analytic_indices()
    assert [round(s1[k], 4) for k in ("x1", "x2", "x3")] == [0.3139, 0.4424, 0.0]
    assert [round(st[k], 4) for k in ("x1", "x2", "x3")] == [0.5576, 0.4424, 0.2437]


def test_sobol_recovers_ishigami_indices():
    s1, st = analytic_indices()
    res = sobol(ishigami, ISHIGAMI, n=2**14, seed=3).set_index("input")
    for k in ISHIGAMI:
        assert res.loc[k, "S1"] == pytest.approx(s1[k], abs=0.03), k
        assert res.loc[k, "ST"] == pytest.approx(st[k], abs=0.03), k
        assert res.loc[k, "S1_conf"] < 0.05


def test_sobol_on_a_subset_keeps_unconditional_indices():
    # x3 stays uncertain as background; the indices of x1 and x2 are unchanged
    s1, st = analytic_indices()
    res = sobol(ishigami, ISHIGAMI, n=2**14, seed=4, include=["x1", "x2"]).set_index("input")
    assert list(res.index) == ["x1", "x2"]
    for k in ("x1", "x2"):
        assert res.loc[k, "S1"] == pytest.approx(s1[k], abs=0.03), k
        assert res.loc[k, "ST"] == pytest.approx(st[k], abs=0.03), k


def test_our_design_has_salibs_layout():
    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}
    x = salib_sobol.sample(problem, 8, calc_second_order=False, seed=1)
    a, b = x[0::5], x[4::5]
    assert np.array_equal(saltelli_design(np.hstack([a, b])), x)


def test_morris_ranks_an_irrelevant_input_last():
    inputs = {**ISHIGAMI, "x4": stats.norm(0, 1)}
    res = morris(ishigami, inputs, trajectories=40, seed=2).set_index("input")
    assert res.loc["x4", "rank"] == 4
    assert res.loc["x4", "mu_star"] == 0.0
    assert (res.drop("x4")["mu_star"] > 0).all()


def test_morris_effects_are_per_unit_of_quantile():
    # y = 3 * u_a + u_b with u the input's quantile: elementary effects are exactly 3 and 1
    inputs = {"a": stats.norm(5, 2), "b": stats.expon()}
    f = lambda p, rand: 3 * stats.norm(5, 2).cdf(p["a"]) + stats.expon().cdf(p["b"])  # noqa: E731
    res = morris(f, inputs, trajectories=10, levels=4, seed=0).set_index("input")
    # a step is 2/3 of the grid (levels/(2(levels-1))) in SALib's unit; mapped to cell
    # centres the quantile moves by step * (levels-1)/levels
    step_u = (4 / (2 * 3)) * 3 / 4
    assert res.loc["a", "mu_star"] == pytest.approx(3 * step_u / (4 / (2 * 3)))
    assert res.loc["b", "mu_star"] == pytest.approx(1 * step_u / (4 / (2 * 3)))
    assert res.loc["a", "sigma"] == pytest.approx(0, abs=1e-12)


def test_morris_uses_common_random_numbers_within_a_trajectory():
    # an output that is pure per-world noise has zero elementary effects
    def noisy(p, rand):
        return p["a"] + 100 * rand.normal("noise")

    res = morris(noisy, {"a": stats.uniform(), "b": stats.uniform()}, trajectories=10, seed=1)
    res = res.set_index("input")
    assert res.loc["b", "mu_star"] == pytest.approx(0, abs=1e-9)
    assert res.loc["a", "mu_star"] > 0


def test_several_outputs_at_once():
    def two(p, rand):
        return pd.DataFrame({"first": p["a"], "second": p["b"]})

    res = sobol(two, {"a": stats.uniform(), "b": stats.uniform()}, n=1024, seed=0)
    st = res.pivot(index="output", columns="input", values="ST")
    assert st.loc["first", "a"] == pytest.approx(1, abs=0.05) and abs(st.loc["first", "b"]) < 0.05
    assert st.loc["second", "b"] == pytest.approx(1, abs=0.05) and abs(st.loc["second", "a"]) < 0.05


def test_claim_sensitivity_names_the_input_a_claim_hinges_on():
    inputs = {"x": stats.uniform(), "y": stats.uniform(), "z": stats.uniform()}

    def analysis(p, rand):
        return pd.DataFrame({"out": p["y"] + 0.01 * p["z"]})

    claims = [
        Claim(id="x-high", text="x exceeds 0.3", source="t", metric="input:x", op=">", threshold=0.3),
        Claim(id="y-high", text="y exceeds 0.5", source="t", metric="input:y", op=">", threshold=0.5),
    ]
    res = claim_sensitivity(analysis, inputs, claims, seed=1, trajectories=30, top=1, sobol_n=1024)
    top = res[res["rank"] == 1].set_index("claim")["input"]
    assert top.to_dict() == {"x-high": "x", "y-high": "y"}
    xs = res.set_index(["claim", "input"])
    # the indicator of x > 0.3 is a function of x alone: S1 = ST = 1
    assert xs.loc[("x-high", "x"), "S1"] == pytest.approx(1, abs=0.06)
    assert xs.loc[("x-high", "x"), "ST"] == pytest.approx(1, abs=0.06)
    assert abs(xs.loc[("x-high", "y"), "ST"]) < 0.05
    assert np.isnan(xs.loc[("x-high", "z"), "S1"])  # z leads no claim: no Sobol' index


def test_bad_arguments():
    with pytest.raises(ValueError, match="power of two"):
        sobol(ishigami, ISHIGAMI, n=1000)
    with pytest.raises(ValueError, match="include"):
        sobol(ishigami, ISHIGAMI, n=64, include=["x9"])
    with pytest.raises(ValueError, match="levels"):
        morris(ishigami, ISHIGAMI, levels=3)
    with pytest.raises(ValueError, match="rows"):
        morris(lambda p, r: np.zeros(3), ISHIGAMI, trajectories=4)
