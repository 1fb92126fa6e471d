"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder beside the clone (reference data for tests)."""
    if not SHARED.is_dir():
        pytest.fail(f"../shared is missing: expected reference data at {SHARED}")
    return SHARED
