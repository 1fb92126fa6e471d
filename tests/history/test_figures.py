"""Figures: matplotlib Figures without pyplot, saved as PNG and SVG."""

from __future__ import annotations

import sys

import pytest

from zopa.history import (
    backtest,
    compute,
    outside_view,
    plot_backtest,
    plot_baserates,
    plot_outside_view,
)


@pytest.fixture(scope="module")
def figures(ucdp_episodes):
    return {
        "baserates": plot_baserates(compute(ucdp_episodes, kind="interstate", lasted_months=12)),
        "backtest": plot_backtest(backtest(ucdp_episodes, 2000)),
        "outside": plot_outside_view(outside_view("interstate", 45, episodes=ucdp_episodes)),
    }


def test_figures_are_matplotlib_figures_with_labelled_axes(figures):
    from matplotlib.figure import Figure

    for fig in figures.values():
        assert isinstance(fig, Figure)
        assert all(ax.get_ylabel() for ax in fig.axes)


def test_baserates_figure_shows_the_curve_and_the_ways_of_ending(figures):
    curve_ax, ways_ax = figures["baserates"].axes
    assert len(curve_ax.get_lines()) >= 2  # the curve and the "lasted" marker
    assert len(ways_ax.patches) > 0


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_figures_save(figures, tmp_path, suffix):
    for name, fig in figures.items():
        path = tmp_path / f"{name}{suffix}"
        fig.savefig(path)
        assert path.stat().st_size > 1000


def test_no_pyplot_state_is_created(figures):
    plt = sys.modules.get("matplotlib.pyplot")
    assert plt is None or plt.get_fignums() == []


def test_outside_view_draws_one_recurrence_line_per_way_of_ending():
    from zopa.history.figures import plot_outside_view
    from zopa.history.outside import outside_view

    view = outside_view("interstate", 48.8224)
    fig = plot_outside_view(view)
    rec = view.numbers[view.numbers["measure"] == "recurrence"]
    assert len(fig.axes[1].lines) == rec["outcome"].nunique()  # not one per (way of ending, kind of war)
    assert "lasted 49 months" in fig.axes[0].get_title()
