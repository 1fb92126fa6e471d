"""The service behind the routes: caches, uploads kept in memory, and heavy work off the event loop."""

from __future__ import annotations

import threading

import anyio
import httpx
import pytest

from zopa.app.service import Memo, Service
from zopa.app.store import MAX_UPLOADS, Store, UnknownScenario, safe_filename
from zopa.errors import ScenarioError
from zopa.whatif import Levers


def test_memo_computes_a_value_once_even_when_asked_at_once():
    m = Memo(4)
    calls = []
    gate = threading.Event()

    def slow():
        calls.append(1)
        gate.wait(5)
        return 42

    out = []
    threads = [threading.Thread(target=lambda: out.append(m.get("k", slow))) for _ in range(5)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(5)
    assert out == [42] * 5 and len(calls) == 1


def test_memo_forgets_the_oldest_and_does_not_keep_failures():
    m = Memo(2)
    for k in "abc":
        m.get(k, lambda k=k: k)
    assert len(m) == 2 and m.get("a", lambda: "again") == "again"
    with pytest.raises(ValueError):
        m.get("x", lambda: (_ for _ in ()).throw(ValueError("no")))
    assert m.get("x", lambda: 1) == 1


def test_uploads_live_in_memory_under_their_content_hash(tmp_path):
    from pathlib import Path

    store = Store()
    text = (Path(__file__).resolve().parents[2] / "src/zopa/scenario/builtin/textbook.yaml").read_text()
    names = []
    for i in range(MAX_UPLOADS + 2):
        e = store.add_upload(text.replace("id: textbook", f"id: up{i}"), "../x.yaml")
        names.append(e.name)
        assert e.filename == "x.yaml" and e.name.startswith("upload-")
    assert store.add_upload(text.replace("id: textbook", "id: up3"), "y.yaml").name == names[3]  # same text, same name
    with pytest.raises(UnknownScenario):
        store.get(names[0])  # the oldest were dropped
    assert store.get(names[-1]).scenario.id == f"up{MAX_UPLOADS + 1}"
    assert not list(tmp_path.iterdir())
    with pytest.raises(ScenarioError):
        store.add_upload("id: [", "bad.yaml")


def test_safe_filenames_keep_no_path():
    assert safe_filename("C:\\Users\\me\\war.yaml") == "war.yaml"
    assert safe_filename("....") == "upload.yaml"


def test_the_operators_file_is_offered_first(tmp_path):
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "src/zopa/scenario/builtin/textbook.yaml").read_text()
    f = tmp_path / "ours.yaml"
    f.write_text(text.replace("id: textbook", "id: ours"))
    store = Store(f)
    assert store.default == "ours" and store.get("ours").kind == "file"


def test_a_slow_what_if_does_not_block_another(monkeypatch):
    """Two worker slots: while one what-if is stuck, another request is answered."""
    from zopa.app import create_app

    app = create_app(threads=2)
    svc: Service = app.state.service
    release = threading.Event()
    real = svc.whatif_sync

    def maybe_stuck(name, levers, **kw):
        if levers.cost:
            assert release.wait(20), "the slow what-if was never released"
        return real(name, levers, **kw)

    monkeypatch.setattr(svc, "whatif_sync", maybe_stuck)
    order = []

    async def main():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as c:
            async def slow():
                r = await c.post("/api/whatif", json={"scenario": "textbook", "worlds": 10, "levers": {"cost": {"A": 2}}})
                order.append(("slow", r.status_code))

            async def fast():
                r = await c.post("/api/whatif", json={"scenario": "textbook", "worlds": 10})
                order.append(("fast", r.status_code))
                r = await c.get("/api/scenarios/textbook")
                order.append(("page", r.status_code))
                release.set()

            async with anyio.create_task_group() as tg:
                tg.start_soon(slow)
                await anyio.sleep(0.05)
                tg.start_soon(fast)

    # in a thread of its own: the browser tests' Playwright keeps an event loop in the main thread
    errors = []
    runner = threading.Thread(target=lambda: _run(main, errors))
    runner.start()
    runner.join(60)
    assert not errors, errors
    assert order == [("fast", 200), ("page", 200), ("slow", 200)]


def _run(main, errors):
    try:
        anyio.run(main)
    except BaseException as err:  # reported by the test
        errors.append(err)


def test_what_ifs_are_cached_by_their_normalised_levers():
    svc = Service()
    a = svc.whatif_sync("textbook", Levers(cost={"A": 2, "B": 1}), worlds=10, seed=0, by=12)
    b = svc.whatif_sync("textbook", Levers(cost={"A": 2}), worlds=10, seed=0, by=12)
    assert a is b and len(svc.results) == 1 and len(svc.baselines) == 1


def test_worker_processes_give_the_same_answers_as_threads():
    from fastapi.testclient import TestClient

    from zopa.app import create_app

    body = {"scenario": "textbook", "worlds": 10, "levers": {"cost": {"B": 3}}}
    local = TestClient(create_app()).post("/api/whatif", json=body).json()
    with TestClient(create_app(processes=1)) as c:
        remote = c.post("/api/whatif", json=body)
        bad = c.post("/api/whatif", json={**body, "levers": {"levels": {"x": 1}}})
    assert remote.status_code == 200 and remote.json() == local
    assert bad.status_code == 422 and "levels.x" in bad.json()["detail"]


def test_a_workers_problems_come_back_as_input_errors():
    from zopa.app import workers
    from zopa.errors import InputError, Problem

    p = Problem("request", None, None, "by", "must be a month in 0..36")
    with pytest.raises(InputError) as err:
        workers.unwrap({"__problems__": [p.to_dict()]})
    assert err.value.problems == [p]
    assert workers.unwrap({"worlds": 3}) == {"worlds": 3}
