"""The HTML report: its structure, its numbers, and how it renders in a real browser."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import numpy as np
import pytest
from typer.testing import CliRunner

import zopa
from zopa.cli import load_commands


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids, self.svgs, self.links, self.sources_links, self.resources = set(), 0, [], [], []
        self._in_sources = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
            if tag == "section":
                self._in_sources = a["id"] == "sources"
        if tag == "svg":
            self.svgs += 1
        if tag in {"script", "img", "link", "iframe", "source", "video", "audio"} and (a.get("src") or a.get("href")):
            self.resources.append(a.get("src") or a.get("href"))
        if tag == "a" and a.get("href", "").startswith(("http://", "https://")):
            (self.sources_links if self._in_sources else self.links).append(a["href"])


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = tmp_path_factory.mktemp("r") / "report.html"
    data = zopa.report.write("textbook", path, worlds=40, seed=1)
    return data, path.read_text()


def test_sections_are_present(report):
    _, text = report
    p = _Collect()
    p.feed(text)
    for section in ("summary", "actors", "issues", "plans", "timeline", "zone", "simulation", "assumptions", "sources"):
        assert section in p.ids, section


def test_figures_are_embedded_and_nothing_is_fetched(report):
    _, text = report
    p = _Collect()
    p.feed(text)
    assert p.svgs >= 6
    assert p.resources == []  # no scripts, images, stylesheets or frames from anywhere
    assert p.links == []  # the only outside links are the sources'
    rest = re.sub(r'<a [^>]*href="https?://[^"]*"', "", text).replace("http://www.w3.org", "")
    assert "http://" not in rest and "https://" not in rest


def test_summary_numbers_equal_the_analyses(report):
    data, text = report
    again = zopa.zone.analyze(zopa.load("textbook"), seed=1, paths=2000)
    assert json.dumps(data.zone.summary) == json.dumps(again.summary)  # NaN-safe
    for line in again.verdict[:2]:
        assert line in data.summary_lines()
    # Fearon's range for the textbook: war values p - c_A = 0.35 and 1 - p - c_B = 0.50
    assert "value of fighting on 0.35" in text and "0.50" in text


def test_footer_has_version_hash_seed_and_command(report):
    data, text = report
    assert f"zopa {zopa.__version__}" in text
    assert data.scenario_hash in text and "seed 1" in text
    assert "zopa report textbook --worlds 40 --seed 1" in text


def test_tables_offer_csv(report):
    _, text = report
    assert text.count('download="') >= 10
    assert 'download="zone_months.csv" href="data:text/csv;base64,' in text


def test_assumptions_are_listed(report):
    _, text = report
    assert "Illustrative numbers for teaching" in text  # the textbook's stated default assumption


def test_cli_writes_the_report(tmp_path):
    out = tmp_path / "r.html"
    r = CliRunner().invoke(load_commands(), ["report", "textbook", "-o", str(out), "--worlds", "40"])
    assert r.exit_code == 0, r.output
    assert out.exists() and "Report written" in r.stdout and "Summary" in r.stdout


def test_cli_bad_scenario_exits_2(tmp_path):
    r = CliRunner().invoke(load_commands(), ["report", "nope.yaml", "-o", str(tmp_path / "x.html")])
    assert r.exit_code == 2 and "no such file" in r.stderr


@pytest.mark.browser
def test_renders_in_chromium_without_errors(report, page, tmp_path):
    from matplotlib.image import imread

    _, text = report
    f = tmp_path / "report.html"
    f.write_text(text)
    page.goto(f.as_uri())
    assert page.console_errors == []
    assert all(u.startswith(("file://", "data:")) for u in page.requests), page.requests
    assert page.locator("section#zone svg").count() >= 3
    shot = tmp_path / "shot.png"
    page.screenshot(path=str(shot), full_page=True)
    img = imread(shot)
    assert img.shape[0] > 2000  # a long document, not an empty page
    assert np.std(img[..., :3]) > 0.05  # not blank: text and figures


def test_cli_report_json_matches_schema(tmp_path):
    import jsonschema

    from zopa.report.build import ReportData  # noqa: F401  (the object the JSON summarises)

    out = tmp_path / "r.html"
    r = CliRunner().invoke(load_commands(), ["report", "textbook", "-o", str(out), "--worlds", "20", "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    schema = json.loads((__import__("pathlib").Path(__file__).parents[2] / "schema/json/report.schema.json").read_text())
    jsonschema.validate(data, schema)
    assert data["report"] == str(out) and data["summary"]
