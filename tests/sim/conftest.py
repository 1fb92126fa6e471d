"""Fixtures for the zopa.sim tests: a one-issue domain small enough to reason about by hand."""

from __future__ import annotations

import pytest

from zopa.sim import Domain


def line(n: int = 5, ra: float = 0.0, rb: float = 0.0, third: bool = False) -> Domain:
    """Issue x = 0..n-1; A wants it high (u = x/(n-1)), B low (1 - x/(n-1)); C (if any) the middle."""
    xs = list(range(n))
    top = n - 1
    values = {"A": {"x": [x / top for x in xs]}, "B": {"x": [1 - x / top for x in xs]}}
    weights = {"A": [1.0], "B": [1.0]}
    res = {"A": ra, "B": rb}
    if third:
        values["C"] = {"x": [1 - abs(x - top / 2) / (top / 2) for x in xs]}
        weights["C"] = [1.0]
        res["C"] = 0.0
    return Domain.linear_additive({"x": xs}, values, weights, res)


@pytest.fixture
def line5() -> Domain:
    return line(5)
