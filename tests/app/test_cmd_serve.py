"""``zopa serve``: binds 127.0.0.1 unless told otherwise, and says so when bound elsewhere."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

import zopa


@pytest.fixture
def ran(monkeypatch):
    import threading

    import uvicorn

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.setattr(threading.Thread, "start", lambda self: None)  # no warm-up thread in tests
    return calls


def serve(*args):
    return CliRunner().invoke(zopa.cli.load_commands(), ["serve", *args])


def test_serve_binds_loopback_by_default(ran):
    r = serve()
    assert r.exit_code == 0, r.output
    app, kw = ran[0]
    assert kw["host"] == "127.0.0.1" and kw["port"] == 8765
    assert "http://127.0.0.1:8765/" in r.stderr and "warning" not in r.stderr
    assert app.state.service.store.default == "ukraine-2025"
    app.state.service.close()


def test_serve_warns_when_bound_elsewhere(ran):
    r = serve("--host", "0.0.0.0", "--port", "9000", "--allow-host", "analysis.local", "--processes", "0")
    assert r.exit_code == 0, r.output
    assert "warning: listening on 0.0.0.0" in r.stderr and "no login" in r.stderr
    assert ran[0][1]["host"] == "0.0.0.0" and ran[0][1]["port"] == 9000


def test_serve_opens_the_given_scenario_first(ran):
    r = serve("textbook", "--processes", "0")
    assert r.exit_code == 0 and ran[0][0].state.service.store.default == "textbook"
    assert ran[0][0].state.service.pool is None


def test_serve_with_a_bad_file_exits_2_with_file_line_messages(ran, tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("id: [\n")
    r = serve(str(f))
    assert r.exit_code == 2 and f"{f}:2:1: YAML syntax" in r.stderr and not ran


def test_serve_appears_in_help():
    r = CliRunner().invoke(zopa.cli.load_commands(), ["serve", "--help"])
    assert r.exit_code == 0 and "--host" in r.output and "127.0.0.1" in r.output
