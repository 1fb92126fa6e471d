"""A report on the built-in Ukraine scenario, built once for the report tests that need every section."""

from __future__ import annotations

import pytest

import zopa


@pytest.fixture(scope="session")
def ukraine():
    """(ReportData, HTML) for ukraine-2025 with few worlds (every section applies)."""
    from zopa.report.html import render

    data = zopa.report.build(zopa.load("ukraine-2025"), worlds=40, seed=1)
    return data, render(data)
