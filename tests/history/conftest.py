"""Fixtures of the history tests: the shared conflict data and cached episode tables."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def conflict_dir(shared) -> Path:
    """../shared/data/conflict: the providers' files (COW and ICB are read from here)."""
    return shared / "data" / "conflict"


@pytest.fixture(scope="session")
def raw_rows(conflict_dir):
    """Rows of a shared CSV file as dicts, read with the csv module (independent of pandas)."""
    cache: dict[str, list[dict]] = {}

    def rows(name: str, encoding: str = "utf-8-sig") -> list[dict]:
        if name not in cache:
            with open(conflict_dir / name, newline="", encoding=encoding) as fh:
                cache[name] = list(csv.DictReader(fh))
        return cache[name]

    return rows


@pytest.fixture(scope="session")
def ucdp_episodes():
    from zopa.history import episodes

    return episodes("ucdp-termination")


@pytest.fixture(scope="session")
def dyad_episodes():
    from zopa.history import episodes

    return episodes("ucdp-termination-dyad")


@pytest.fixture(scope="session")
def cow_inter(conflict_dir):
    from zopa.history import episodes

    return episodes("cow-interstate", conflict_dir)


@pytest.fixture(scope="session")
def cow_intra(conflict_dir):
    from zopa.history import episodes

    return episodes("cow-intrastate", conflict_dir)
