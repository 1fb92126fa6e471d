"""The page in Debian's chromium: move a slider and read the updated chart, upload a malformed
file and see its error, reload a permalink and see the same state; no console errors and no
request leaving the server."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def chart_title(page, chart: str) -> str:
    """The chart's title as plotly drew it (SVG text)."""
    return page.locator(f"#{chart} .gtitle").first.text_content()


def only_local(page, base: str) -> None:
    outside = [u for u in page.requests if not u.startswith(base + "/") and not u.startswith("data:")]
    assert outside == [], outside
    assert page.console_errors == [], page.console_errors


def test_a_slider_updates_the_charts_and_the_link_reproduces_it(page, live_server):
    page.goto(f"{live_server}/s/ukraine-2025/whatif")
    page.wait_for_selector("#chart-war .gtitle", timeout=60_000)
    before = chart_title(page, "chart-war")
    assert "RU 0.5" in before and "(scenario" in before

    page.locator('input[name="cost.RU"]').fill("2")
    expect_url = re.compile(r".*/s/ukraine-2025/whatif\?cost\.RU=2$")
    page.wait_for_url(expect_url, timeout=60_000)
    page.wait_for_function("t => { const e = document.querySelector('#chart-war .gtitle'); return e && e.textContent !== t; }",
                           arg=before, timeout=60_000)
    after = chart_title(page, "chart-war")
    ru_before = float(re.search(r"RU (0\.\d+) \(scenario (0\.\d+)\)", after).group(2))
    ru_after = float(re.search(r"RU (0\.\d+) \(scenario", after).group(1))
    assert ru_after < ru_before  # a costlier war is worth less to Russia
    assert page.locator("#c-cost-RU-out").inner_text() == "x2.00"
    assert "monthly cost of war x2" in page.locator("#verdict").inner_text()
    assert page.locator(".control.changed").count() == 1

    page.reload()
    page.wait_for_selector("#chart-war .gtitle", timeout=60_000)
    assert float(page.locator('input[name="cost.RU"]').input_value()) == 2
    assert chart_title(page, "chart-war") == after
    only_local(page, live_server)


def test_a_malformed_upload_shows_its_error_inline(page, live_server, tmp_path):
    bad = tmp_path / "war.yaml"
    bad.write_text("zopa: 1\nid: war\nissues: [\n")
    page.goto(f"{live_server}/")
    page.set_input_files("#upload-file", str(bad))
    page.click("#upload button[type=submit]")
    alert = page.locator("#upload-result .problems")
    alert.wait_for(timeout=30_000)
    assert re.search(r"war\.yaml:\d+:\d+: YAML syntax", alert.inner_text())
    assert page.url == f"{live_server}/"
    only_local(page, live_server)


def test_the_overview_draws_the_plans_and_timeline(page, live_server):
    page.goto(f"{live_server}/s/ukraine-2025")
    page.wait_for_selector("#plot-heatmap .main-svg", timeout=60_000)
    page.wait_for_selector("#plot-timeline .main-svg", timeout=60_000)
    assert "us-28" in page.locator("#plot-heatmap").text_content()
    only_local(page, live_server)
