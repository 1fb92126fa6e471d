"""The HTML pages: picker, overview, what-if panel, its results fragment, downloads and uploads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import zopa

ROOT = Path(__file__).resolve().parents[2]


def test_the_picker_lists_scenarios_and_offers_an_upload(client):
    html = client.get("/").text
    assert "Russia-Ukraine peace talks, 2025-26" in html and 'href="/s/ukraine-2025/whatif"' in html
    assert "Treaty of Brest-Litovsk" in html and "read-only" in html  # historical cases have no battlefield
    assert 'hx-post="/ui/upload"' in html and 'name="file"' in html


def test_the_overview_shows_who_can_sign_issues_plans_and_timeline(client):
    html = client.get("/s/ukraine-2025").text
    assert "Who negotiates, and who can sign" in html and "must refer back to its principal" in html
    assert "Vladimir Medinsky" in html and "The issues" in html
    assert 'id="fig-heatmap"' in html and 'id="fig-timeline"' in html
    assert html.count("<tr") > 60
    assert "/static/vendor/plotly.min.js" in html


def test_a_case_without_a_battlefield_has_an_overview_but_no_what_if(client):
    assert "No what-if for this scenario" in client.get("/s/minsk-2-2015").text
    assert "No what-if for this scenario" in client.get("/s/minsk-2-2015/whatif").text


def test_the_what_if_form_has_one_control_per_lever_at_the_scenarios_values(client):
    html = client.get("/s/ukraine-2025/whatif").text
    for key in ("cost.RU", "discount.UA", "drift", "volatility", "level.sanctions", "level.us_weapons", "deadline.date",
                "deadline.penalty.us_weapons", "deadline.credibility", "authority.medinsky", "ratchet.RU", "guarantee", "worlds", "seed", "by"):
        assert f'name="{key}"' in html, key
    assert re.search(r'name="level\.sanctions"[^>]*value="1\.0"', html)
    assert 'hx-get="/ui/whatif/ukraine-2025"' in html and 'hx-trigger="load"' in html


def test_a_permalink_fills_the_form_with_its_state(client):
    html = client.get("/s/ukraine-2025/whatif?cost.RU=2&authority.medinsky=sign&ratchet.UA=on&seed=4").text
    assert re.search(r'name="cost\.RU"[^>]*value="2\.0"', html)
    assert re.search(r'<option value="sign" selected>', html)
    assert re.search(r'name="ratchet\.UA" value="on" checked', html)
    assert 'value="4"' in html
    assert 'hx-get="/ui/whatif/ukraine-2025?cost.RU=2&amp;authority.medinsky=sign&amp;ratchet.UA=on&amp;seed=4"' in html


def test_results_come_with_the_canonical_link_in_the_address_bar(client):
    # every form field is sent; those at the scenario's values drop out of the link
    q = "cost.RU=2&cost.UA=1&discount.RU=0.05&level.sanctions=1&authority.medinsky=refer&guarantee=&worlds=100&seed=0&by=12"
    r = client.get(f"/ui/whatif/ukraine-2025?{q}", headers={"hx-request": "true"})
    assert r.status_code == 200
    assert r.headers["hx-push-url"] == "/s/ukraine-2025/whatif?cost.RU=2&worlds=100"
    html = r.text
    assert 'id="whatif-json"' in html and "Russia (Putin)&#39;s monthly cost of war x2" in html
    assert 'href="/s/ukraine-2025/whatif.yaml?cost.RU=2&amp;worlds=100"' in html
    assert "Key numbers" in html and "The claims: how often each holds" in html and "Simulated talks" in html


def test_a_bad_lever_in_the_form_is_shown_inline(client):
    r = client.get("/ui/whatif/ukraine-2025?level.sanction=2&cost.XX=2", headers={"hx-request": "true"})
    assert r.status_code == 200 and r.headers["x-zopa-problems"] == "2"  # shown in place: no error in the console
    assert 'class="problems"' in r.text and "cost.XX" in r.text and "levels.sanction:" in r.text
    r = client.get("/ui/whatif/ukraine-2025?worlds=5")
    assert r.headers["x-zopa-problems"] == "1" and "worlds: must be in 10..2000" in r.text
    assert "hx-push-url" not in r.headers


def test_the_download_is_a_scenario_file(client):
    r = client.get("/s/ukraine-2025/whatif.yaml?level.sanctions=2&authority.medinsky=sign")
    assert r.status_code == 200 and r.headers["content-disposition"] == 'attachment; filename="ukraine-2025-whatif.yaml"'
    s = zopa.scenario.loads(r.text, "w.yaml")
    assert s.actor("medinsky").authority == "sign" and s.actors[0].deadlines[-1].if_no_deal[0].lever == "sanctions"
    assert client.get("/s/ukraine-2025/whatif.yaml?level.nope=2").status_code == 422


def test_uploading_a_malformed_file_shows_its_problems_inline(client):
    r = client.post("/ui/upload", files={"file": ("war.yaml", b"id: x\ntitle: [unclosed\n")}, headers={"hx-request": "true"})
    assert r.status_code == 200 and r.headers["x-zopa-problems"] == "1" and "hx-redirect" not in r.headers
    assert "war.yaml:3:1: YAML syntax" in r.text and 'role="alert"' in r.text


def test_uploading_a_good_file_opens_it(client):
    text = (ROOT / "src/zopa/scenario/builtin/textbook.yaml").read_text().replace("id: textbook", "id: page-upload")
    r = client.post("/ui/upload", files={"file": ("mine.yaml", text.encode())}, headers={"hx-request": "true"})
    assert r.status_code == 200 and r.headers["hx-redirect"].startswith("/s/upload-")
    assert "page-upload" in client.get(r.headers["hx-redirect"]).text or "Textbook" in client.get(r.headers["hx-redirect"]).text
    plain = client.post("/ui/upload", files={"file": ("mine.yaml", text.encode())}, follow_redirects=False)
    assert plain.status_code == 303


@pytest.mark.parametrize("url", ["/s/nope", "/s/nope/whatif", "/ui/whatif/nope", "/s/nope/whatif.yaml"])
def test_unknown_scenarios_are_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_load_nothing_from_outside(client):
    for url in ("/", "/s/ukraine-2025", "/s/ukraine-2025/whatif"):
        html = client.get(url).text
        for m in re.finditer(r'(?:src|href)="([^"]+)"', html):
            assert m.group(1).startswith(("/", "#")), (url, m.group(1))
    static = ROOT / "src/zopa/app/static"
    for f in ("app.js", "app.css"):
        assert not re.search(r"https?://", (static / f).read_text()), f
    for t in (ROOT / "src/zopa/app/templates").glob("*.html"):
        assert not re.search(r"(src|href)=\"https?://", t.read_text()), t.name
