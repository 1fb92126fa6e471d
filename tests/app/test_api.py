"""The JSON API: every route, its errors, and the contract of the what-if's JSON."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

import zopa

ROOT = Path(__file__).resolve().parents[2]
BAD = """zopa: 1
id: broken
title: A broken scenario
start: 2030-13-01
issues:
  - id: border
    name: Border
    kind: continuous
    bounds: [1, 0]
    status_quo: 0.4
actors:
  - id: A
    name: A
    kind: state
    roles: belligerent
"""


def whatif(client, **body):
    return client.post("/api/whatif", json={"worlds": 20, **body})


# ---------------------------------------------------------------------------- scenarios
def test_scenarios_lists_built_ins_and_cases_with_what_if_readiness(client):
    r = client.get("/api/scenarios")
    assert r.status_code == 200
    rows = {x["name"]: x for x in r.json()["scenarios"]}
    assert rows["ukraine-2025"]["kind"] == "built-in" and rows["ukraine-2025"]["whatif"] is True
    assert rows["textbook"]["issues"] == 1
    case = rows["minsk-2-2015"]
    assert case["kind"] == "history" and case["whatif"] is False and "battlefield" in case["whatif_problem"]


def test_one_scenario_with_its_tables_and_levers(client):
    d = client.get("/api/scenarios/ukraine-2025").json()
    assert d["principals"] == ["RU", "UA"] and d["hash"] == zopa.scenario.scenario_hash(zopa.load("ukraine-2025"))
    assert {a["id"]: a["authority"] for a in d["actors_table"]}["medinsky"] == "refer"
    keys = [c["key"] for g in d["levers"] for c in g["controls"]]
    assert {"cost.RU", "level.sanctions", "deadline.credibility", "authority.medinsky", "ratchet.RU", "guarantee"} <= set(keys)
    assert len(d["timeline"]) == len(zopa.load("ukraine-2025").events)


def test_an_unknown_scenario_is_404_with_a_hint(client):
    r = client.get("/api/scenarios/ukraine-2024")
    assert r.status_code == 404
    assert "did you mean 'ukraine-2025'" in r.json()["detail"]
    assert client.post("/api/whatif", json={"scenario": "ukraine-2024"}).status_code == 404


def test_no_client_value_becomes_a_path(client, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "textbook").write_text("not: a scenario")  # zopa.load would read this file first
    assert client.get("/api/scenarios/textbook").json()["title"].startswith("Textbook")
    for name in ("..%2F..%2Fetc%2Fpasswd", "%2Fetc%2Fpasswd", "README.md"):
        assert client.get(f"/api/scenarios/{name}").status_code == 404
    r = client.post("/api/whatif", json={"scenario": "/etc/passwd"})
    assert r.status_code == 422 and r.json()["problems"][0]["path"] == "scenario"


# ---------------------------------------------------------------------------- validate
def test_a_bad_file_gives_the_same_file_line_messages_as_the_cli(client, tmp_path, monkeypatch):
    (tmp_path / "bad.yaml").write_text(BAD)
    monkeypatch.chdir(tmp_path)
    cli = CliRunner().invoke(zopa.cli.load_commands(), ["validate", "bad.yaml"])
    assert cli.exit_code == 2
    expected = [line for line in cli.stderr.splitlines() if line.startswith("bad.yaml:")]
    r = client.post("/api/validate", files={"file": ("bad.yaml", BAD.encode(), "application/yaml")})
    assert r.status_code == 422
    body = r.json()
    assert body["messages"] == expected and len(expected) >= 3
    assert body["problems"][0]["file"] == "bad.yaml" and body["problems"][0]["line"] == 4
    raw = client.post("/api/validate?filename=bad.yaml", content=BAD.encode(), headers={"content-type": "application/yaml"})
    assert raw.status_code == 422 and raw.json()["messages"] == expected


def test_a_good_file_is_kept_in_memory_for_what_ifs(client):
    text = (ROOT / "src/zopa/scenario/builtin/textbook.yaml").read_text().replace("id: textbook", "id: my-war")
    r = client.post("/api/validate", files={"file": ("../../tmp/war.yaml", text.encode(), "application/yaml")})
    assert r.status_code == 200
    body = r.json()
    assert body["ok"] and body["id"] == "my-war" and body["name"].startswith("upload-") and body["filename"] == "war.yaml"
    assert body["whatif"] is True
    w = whatif(client, scenario=body["name"], levers={"cost": {"A": 2}})
    assert w.status_code == 200 and w.json()["scenario"]["id"] == "my-war"
    names = [x["name"] for x in client.get("/api/scenarios").json()["scenarios"]]
    assert body["name"] in names


def test_uploads_are_limited_in_size_and_must_be_text(client):
    big = b"# " + b"x" * 1_100_000
    assert client.post("/api/validate", files={"file": ("big.yaml", big)}).status_code == 413
    r = client.post("/api/validate", files={"file": ("bin.yaml", b"\xff\xfe\x00zopa")})
    assert r.status_code == 422 and "not a UTF-8 text file" in r.json()["detail"]
    r = client.post("/api/validate", files={"other": ("x.yaml", b"id: x")})
    assert r.status_code == 422 and "field 'file'" in r.json()["detail"]
    alias_bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    r = client.post("/api/validate", files={"file": ("bomb.yaml", alias_bomb.encode())})
    assert r.status_code == 422 and "refused" in r.json()["detail"]


# ---------------------------------------------------------------------------- what-if
def test_whatif_on_the_textbook_matches_fearons_range(client):
    r = whatif(client, scenario="textbook", levers={"cost": {"A": 2}})
    assert r.status_code == 200
    m = {x["id"]: x for x in r.json()["metrics"]}
    assert m["war_value.A"]["baseline"] == pytest.approx(0.35) and m["war_value.A"]["whatif"] == pytest.approx(0.30)
    assert m["settlement_utility.A"]["whatif"] == pytest.approx(0.40, abs=1e-3)


def test_whatif_json_follows_its_schema(client):
    schema = json.loads((ROOT / "schema/json/whatif.schema.json").read_text())
    for body in ({"scenario": "ukraine-2025", "levers": {"levels": {"sanctions": 2}, "authority": {"medinsky": "sign"}}},
                 {"scenario": "textbook"}):
        out = whatif(client, **body).json()
        jsonschema.validate(out, schema)


def test_whatif_defaults_to_a_few_hundred_worlds(client):
    out = client.post("/api/whatif", json={"scenario": "textbook"}).json()
    assert out["worlds"] == zopa.whatif.DEFAULT_WORLDS == 200 and out["seed"] == 0 and out["by"]["month"] == 12


@pytest.mark.parametrize(("body", "where"), [
    ({"scenario": "ukraine-2025", "levers": {"levels": {"sanction": 2}}}, "levels.sanction"),
    ({"scenario": "ukraine-2025", "levers": {"sanctions": 2}}, "levers.sanctions"),
    ({"scenario": "ukraine-2025", "levers": {"cost": {"RU": -2}}}, "levers.cost.RU"),
    ({"scenario": "textbook", "levers": {"guarantee": "article5_like"}}, "guarantee"),
    ({"scenario": "textbook", "worlds": 100000}, "worlds"),
    ({"scenario": "textbook", "by": 61}, "by"),
    ({"scenario": "textbook", "seed": -1}, "seed"),
    ({"scenario": "textbook", "extra": 1}, "extra"),
])
def test_bad_what_ifs_are_422_naming_the_field(client, body, where):
    r = client.post("/api/whatif", json=body)
    assert r.status_code == 422
    out = r.json()
    assert any(where in p["path"] for p in out["problems"]), out
    assert "Traceback" not in r.text


def test_a_scenario_without_a_battlefield_cannot_have_a_what_if(client):
    r = whatif(client, scenario="minsk-2-2015")
    assert r.status_code == 422 and "battlefield" in r.json()["detail"]


def test_the_what_if_yaml_validates(client, tmp_path, monkeypatch):
    body = {"scenario": "ukraine-2025", "levers": {"cost": {"RU": 2}, "deadline": {"credibility": 1.0}, "guarantee": "european_force"}}
    r = client.post("/api/whatif/yaml", json=body)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/yaml")
    s = zopa.scenario.loads(r.text, "w.yaml")
    assert s.actor("US").deadlines[0].credibility.nominal == 1.0
    (tmp_path / "w.yaml").write_text(r.text)
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(zopa.cli.load_commands(), ["validate", "w.yaml"]).exit_code == 0


# ---------------------------------------------------------------------------- the edge
def test_every_response_forbids_outside_sources(client):
    for url in ("/", "/api/scenarios", "/s/textbook", "/static/app.js", "/api/nope"):
        csp = client.get(url).headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self';" in csp and "frame-ancestors 'none'" in csp
        assert "unsafe-eval" not in csp and "http" not in csp


def test_only_loopback_host_names_are_answered(client):
    assert client.get("/api/scenarios", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/api/scenarios", headers={"host": "127.0.0.1:8765"}).status_code == 200


def test_clients_never_see_a_traceback(app, monkeypatch):
    from fastapi.testclient import TestClient

    client = TestClient(app, raise_server_exceptions=False)
    svc = app.state.service

    def boom(*a, **k):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(svc, "whatif_sync", boom)
    r = client.post("/api/whatif", json={"scenario": "textbook", "worlds": 11})
    assert r.status_code == 500
    assert "secret" not in r.text and "Traceback" not in r.text and r.json()["detail"].startswith("internal error")


def test_the_openapi_document_is_served_and_no_cdn_page(client):
    doc = client.get("/api/openapi.json").json()
    assert {"/api/scenarios", "/api/scenarios/{name}", "/api/validate", "/api/whatif", "/api/whatif/yaml"} <= set(doc["paths"])
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404


def test_plotly_comes_from_the_plotly_package_and_htmx_is_vendored(client):
    import plotly

    js = client.get("/static/vendor/plotly.min.js")
    assert js.status_code == 200 and js.content == (Path(plotly.__file__).parent / "package_data/plotly.min.js").read_bytes()
    htmx = client.get("/static/htmx.min.js")
    assert htmx.status_code == 200 and htmx.text.startswith("var htmx=function")
    assert (ROOT / "src/zopa/app/static/htmx.LICENSE").read_text().startswith("Zero-Clause BSD")
