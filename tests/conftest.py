"""Shared test fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests are deterministic by default (the same examples on every run, so CI never
# flakes); set ZOPA_HYPOTHESIS_RANDOM=1 to explore new examples locally.
settings.register_profile("zopa-ci", derandomize=True, database=None, deadline=None)
settings.register_profile("zopa-explore", deadline=None)
settings.load_profile("zopa-explore" if os.environ.get("ZOPA_HYPOTHESIS_RANDOM") else "zopa-ci")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder beside the clone (reference data for tests)."""
    if not SHARED.is_dir():
        pytest.fail(f"../shared is missing: expected reference data at {SHARED}")
    return SHARED


CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright (``make test`` installs it; see scripts/ensure-chromium.sh)."""
    import os

    exe = os.environ.get("ZOPA_CHROMIUM", "/usr/bin/chromium")
    if not Path(exe).exists():
        pytest.fail(f"the browser tests need chromium at {exe}: run scripts/ensure-chromium.sh (as root) or set ZOPA_CHROMIUM")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors and every request URL."""
    ctx = browser.new_context(viewport={"width": 1200, "height": 1000})
    pg = ctx.new_page()
    pg.console_errors = []
    pg.requests = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    ctx.close()
