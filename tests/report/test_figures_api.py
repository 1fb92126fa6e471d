"""zopa.report.figures gives a notebook every figure the report draws, drawn the same way."""

from __future__ import annotations

import re

import zopa
from zopa.report.style import svg

SCENARIO_FIGURES = ["plans_heatmap", "plan_utilities", "timeline", "zone_over_time", "zone_probability", "equilibrium"]
SECTION_FIGURES = ["forecasts", "pairings", "claims", "claims_hinges", "outside_view"]


def embedded(text: str) -> dict[str, str]:
    """The report's figures by name: each <figure id="fig-NAME"> holds one inline SVG."""
    return dict(re.findall(r'<figure id="fig-([\w-]+)">(<svg.*?</svg>)', text, flags=re.S))


def _as_svg(figs: dict) -> dict[str, str]:
    return {name: svg(fig, name) for name, fig in figs.items()}


def test_the_api_gives_every_figure_of_the_report_with_the_same_content(ukraine):
    data, text = ukraine
    shown = embedded(text)
    assert text.count("<svg") == len(shown)  # every figure on the page is a named one
    api = _as_svg(zopa.report.figures(data))
    assert list(api) == SCENARIO_FIGURES + SECTION_FIGURES  # the same figures, in the report's order
    assert list(shown) == list(api)
    for name in shown:
        assert api[name] == shown[name], name


def test_figures_from_the_separate_results_equal_the_reports(ukraine):
    data, _ = ukraine
    results = {sec.anchor: sec.result for sec in data.sections}
    figs = zopa.report.figures(data.scenario, data.zone, forecasts=results["forecasts"], simulation=results["simulation"],
                               claims=results["claims"], outside_view=results["outside-view"])
    assert _as_svg(figs) == _as_svg(zopa.report.figures(data))


def test_the_old_call_still_gives_the_scenario_and_zone_figures(ukraine):
    data, _ = ukraine
    figs = zopa.report.figures(data.scenario, data.zone)
    assert list(figs) == SCENARIO_FIGURES
    assert list(zopa.report.figures(data.scenario)) == ["plans_heatmap", "plan_utilities", "timeline"]


def test_svg_text_is_searchable_and_ids_are_unique_on_the_page(ukraine):
    _, text = ukraine
    assert "<text" in text and "Who gains from delay" in text  # titles are text, not glyph outlines
    referenced = set(re.findall(r'url\(#([^)]+)\)', text)) | set(re.findall(r'href="#([^"]+)"', text))
    defined = re.findall(r' id="([^"]+)"', text)
    assert referenced and all(defined.count(x) == 1 for x in referenced)  # clip paths and markers: one each


def test_figures_are_plain_figures_that_nothing_keeps_open(ukraine):
    import matplotlib.figure
    import matplotlib.pyplot as plt

    data, _ = ukraine
    before = plt.get_fignums()
    for _ in range(3):  # a notebook that redraws: no "more than 20 figures" warning, no leak
        figs = zopa.report.figures(data)
    assert plt.get_fignums() == before
    assert all(isinstance(f, matplotlib.figure.Figure) and f.axes for f in figs.values())
