"""Fixtures of the forecast tests: paths into ../shared/data/forecast."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def fdata(shared):
    """The folder of forecasting reference data."""
    return shared / "data" / "forecast"
