"""Table.worst_in: the least-utility outcome at or above a target, checked by brute force."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from zopa.sim.tables import Table


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 20), min_size=2, max_size=25), st.lists(st.integers(0, 21), min_size=1, max_size=8),
       st.integers(0, 10))
def test_worst_in_is_the_least_utility_at_or_above_the_target(units, targets, r_units):
    u = np.array(units, float) / 20          # exact ties on a 0.05 grid
    r = r_units / 20
    mn = np.array(targets, float) / 20 - 0.01 * 0.5
    mn = np.maximum(mn, r)
    t = Table(u, np.full(len(mn), r))
    got = t.worst_in(mn, np.full(len(mn), u.max()), rational_only=True)
    for m, k in zip(mn, got, strict=True):
        above = u[(u >= m) & (u >= r)]
        if len(above):
            assert u[k] == above.min()           # brute force
        else:
            assert u[k] == u[u >= r].max() if (u >= r).any() else True


def test_per_session_tables_search_each_row():
    u = np.array([[0.1, 0.9, 0.5], [0.9, 0.5, 0.1]])
    t = Table(u, np.zeros(2))
    assert t.worst_in(np.array([0.4, 0.4]), np.array([1.0, 1.0])).tolist() == [2, 1]
    assert t.at(np.array([1, 1])).tolist() == [0.9, 0.5]


def test_an_outcome_just_below_the_target_is_taken_when_nearer():
    """NegMAS's inverter accepts an outcome up to 1e-6 below the target if it is nearer."""
    u = np.array([0.5 - 5e-7, 0.6])
    t = Table(u, np.zeros(1))
    assert t.worst_in(np.array([0.5]), np.array([1.0])).tolist() == [0]
    t2 = Table(np.array([0.5 - 5e-6, 0.6]), np.zeros(1))
    assert t2.worst_in(np.array([0.5]), np.array([1.0])).tolist() == [1]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 6), min_size=2, max_size=25), st.lists(st.integers(0, 7), min_size=1, max_size=8),
       st.integers(0, 3))
def test_presorted_tables_bid_the_same_utility_and_the_first_outcome_of_a_tie(units, targets, r_units):
    u = np.array(units, float) / 6  # many exact ties
    r = r_units / 6
    mn = np.maximum(np.array(targets, float) / 6, r)
    mx = np.full(len(mn), u.max())
    negmas = Table(u, np.full(len(mn), r)).worst_in(mn, mx, rational_only=True)
    ordered = Table(u, np.full(len(mn), r), ascending=np.argsort(u, kind="stable")).worst_in(mn, mx, rational_only=True)
    np.testing.assert_array_equal(u[ordered], u[negmas])  # the same utility is bid either way
    for m, k in zip(mn, ordered, strict=True):  # and among outcomes of that utility, the first one
        if (u >= m).any():  # (with nothing in range, the fallback is the top of the order, as NegMAS's)
            assert k == np.flatnonzero(u == u[k])[0]
