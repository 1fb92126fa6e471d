"""Domain: the outcome grid and linear additive utilities, checked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from zopa.sim import Domain, grid, negmas_benchmark


def test_benchmark_has_220_outcomes_in_product_order():
    d = negmas_benchmark()
    assert d.n_outcomes == 11 * 5 * 4 == 220
    g = d.grid
    assert g.shape == (220, 3)
    assert g[0].tolist() == [0, 0, 0] and g[1].tolist() == [0, 0, 1] and g[4].tolist() == [0, 1, 0]
    assert d.outcome(219) == {"territory": 10, "army_cap": 4, "security_guarantee": "art5_like"}


def test_linear_additive_utility_by_hand():
    d = negmas_benchmark()
    k = d.outcome_index({"territory": 6, "army_cap": 1, "security_guarantee": "bilateral"})
    # UA: .5*.6 + .2*.25 + .3*.7 = .3 + .05 + .21 = .56 ; RU: .45*.4 + .35*.75 + .2*.4 = .18 + .2625 + .08
    # US: .3*(1 - 1/5) + .2*(1 - 1/2) + .5*1 = .24 + .1 + .5
    assert d.U[:, k] == pytest.approx([0.56, 0.5225, 0.84])
    assert d.reservation.tolist() == [0.35, 0.30, 0.25]


def test_bad_tables_are_refused_with_the_field_named():
    with pytest.raises(ValueError, match=r"values\['A'\]\['x'\] needs 2 values"):
        Domain.linear_additive({"x": [0, 1]}, {"A": {"x": [0]}}, {"A": [1]}, {"A": 0})
    with pytest.raises(ValueError, match="weights"):
        Domain.linear_additive({"x": [0, 1]}, {"A": {"x": [0, 1]}}, {}, {"A": 0})
    d = negmas_benchmark()
    with pytest.raises(ValueError, match="unknown actor 'XX'"):
        d.index("XX")
    with pytest.raises(ValueError, match="not an option"):
        d.outcome_index({"territory": 11, "army_cap": 0, "security_guarantee": "none"})


def test_grid_states_the_discretisation():
    assert grid(0, 10, 2.5) == [0.0, 2.5, 5.0, 7.5, 10.0]
    assert grid(0, 1, 0.3) == pytest.approx([0, 0.3, 0.6, 0.9, 1.0])
    with pytest.raises(ValueError, match="step"):
        grid(0, 1, 0)


def test_subset_keeps_rows_in_the_order_asked():
    d = negmas_benchmark().subset(["RU", "UA"])
    assert d.actors == ("RU", "UA")
    assert np.array_equal(d.U[1], negmas_benchmark().U[0])
