"""The claims section charts what each claim hinges on, from the claims engine's sensitivity table."""

from __future__ import annotations

import base64
import io
import re

import pandas as pd
import pytest

from zopa.report import charts
from zopa.report.style import svg


@pytest.fixture(scope="module")
def claims(ukraine):
    data, text = ukraine
    return next(sec.result for sec in data.sections if sec.anchor == "claims"), text


def _top(sensitivity: pd.DataFrame, claim: str, k: int = 5) -> pd.DataFrame:
    """The expected bars, read straight from the sensitivity table: inputs that move the claim, largest mu* first."""
    t = sensitivity[(sensitivity["claim"] == claim) & (sensitivity["mu_star"] > 0)]
    return t.nlargest(k, "mu_star", keep="first")


def test_the_chart_is_embedded_in_the_claims_section(claims):
    r, text = claims
    section = text[text.index('<section id="claims">'):]
    section = section[: section.index("</section>")]
    assert '<figure id="fig-claims_hinges">' in section
    shown = re.search(r'<figure id="fig-claims_hinges">(<svg.*?</svg>)', section, flags=re.S).group(1)
    assert shown == svg(charts.claims_hinges(r), "claims_hinges")
    assert "UA: discount rate" in shown  # readable input names, as text


def test_each_panel_shows_the_claims_leading_inputs_by_mu_star(claims):
    r, _ = claims
    fig = charts.claims_hinges(r)
    panels = [ax for ax in fig.axes if ax.get_visible() and ax.patches]
    moved = [c for c in r.odds["id"] if len(_top(r.sensitivity, c))]
    assert [ax.get_title().split(":")[0] for ax in panels] == moved
    for ax, claim in zip(panels, moved, strict=True):
        want = _top(r.sensitivity, claim)
        assert [t.get_text() for t in ax.get_yticklabels()] == [charts.input_label(x) for x in want["input"]]
        widths = [p.get_width() for p in ax.patches]
        assert widths == pytest.approx(want["mu_star"].tolist(), rel=1e-12)


def test_what_the_ukraine_claims_hinge_on(claims):
    r, text = claims
    # the chance a deal breaks down within five years depends on the yearly breakdown risk alone
    assert _top(r.sensitivity, "guarantees-pretexts")["input"].tolist() == ["durability.annual_breakdown"]
    # who gains from delay moves with both sides' patience
    assert {"actors.UA.discount_rate", "actors.RU.discount_rate"} <= set(_top(r.sensitivity, "delay-helps-moscow")["input"])
    # claims whose metric is the same in every world are not charted but named in a note
    still = [c for c in r.odds["id"] if not len(_top(r.sensitivity, c))]
    assert "only-imitation" in still
    assert f"No sampled input moves the quantity read by {', '.join(still)}" in text


def test_the_full_sensitivity_table_is_downloadable(claims):
    r, text = claims
    csv = re.search(r'download="claims_sensitivity.csv" href="data:text/csv;base64,([^"]+)"', text).group(1)
    table = pd.read_csv(io.StringIO(base64.b64decode(csv).decode()))
    assert len(table) == len(r.sensitivity) == r.sensitivity["claim"].nunique() * len(r.inputs)
    assert "more rows in the CSV" not in text[text.index("Every input's effect on every claim"):][:200]


def test_inputs_have_readable_labels(claims):
    r, _ = claims
    labels = [charts.input_label(x) for x in r.inputs]
    assert len(set(labels)) == len(labels)
    assert all("." not in x and "_" not in x for x in labels), labels
    assert charts.input_label("battlefield.levers.sanctions.effect.costs.RU.usd_bn") == (
        "lever sanctions: effect on RU's war spending per month (US$ bn)")
