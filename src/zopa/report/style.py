"""Matplotlib settings shared by zopa's figures (readable in print; no pyplot, no GUI backend)."""

from __future__ import annotations

import io
import sys
from contextlib import contextmanager

__all__ = ["use", "svg", "png_base64", "COLORS", "actor_colors"]

COLORS = ["#b2182b", "#2166ac", "#1b7837", "#762a83", "#e08214", "#4d4d4d", "#01665e", "#c51b7d"]

RC = {
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.25,
    "legend.frameon": False,
    "svg.fonttype": "none",
    "figure.autolayout": False,
}


class _Figures:
    """``subplots`` as in pyplot, but the figure is a plain :class:`matplotlib.figure.Figure`: no
    backend is chosen, nothing global keeps it open, and a notebook shows it only when asked."""

    @staticmethod
    def subplots(nrows: int = 1, ncols: int = 1, *, figsize=None, layout=None, **kwargs):
        from matplotlib.figure import Figure

        fig = Figure(figsize=figsize, layout=layout)
        return fig, fig.subplots(nrows, ncols, **kwargs)


@contextmanager
def use():
    """zopa's rc settings, restored afterwards; yields an object whose ``subplots`` makes a figure.

    Examples
    --------
    >>> with use() as plt:
    ...     fig, ax = plt.subplots(figsize=(3, 2))
    >>> type(fig).__name__, fig.get_size_inches().tolist()
    ('Figure', [3.0, 2.0])
    """
    import matplotlib

    if "ipykernel" in sys.modules:  # in Jupyter, pyplot loads the inline backend, which draws figures in cells
        import matplotlib.pyplot  # noqa: F401
    with matplotlib.rc_context(RC):
        yield _Figures


def actor_colors(ids) -> dict[str, str]:
    """A stable colour per actor id."""
    return {a: COLORS[i % len(COLORS)] for i, a in enumerate(ids)}


def svg(fig, key: str | None = None) -> str:
    """A figure as an inline SVG string (no XML header), closing the figure.

    Text stays text (searchable, smaller). ``key`` (e.g. the figure's name) fixes the ids of the
    SVG's clip paths and markers: the same figure with the same key gives the same SVG, and
    figures with different keys on one page cannot share ids. Without it the ids are random.

    Examples
    --------
    >>> import matplotlib.figure
    >>> def draw():
    ...     fig = matplotlib.figure.Figure()
    ...     fig.subplots().plot([0, 1], [1, 0], marker="o")
    ...     return fig
    >>> svg(draw(), "line") == svg(draw(), "line") != svg(draw(), "other")
    True
    """
    import matplotlib

    buf = io.StringIO()
    # saved under zopa's settings: svg.fonttype is read when the text is drawn, that is here
    with matplotlib.rc_context({**RC, "svg.hashsalt": f"zopa:{key}"} if key else RC):
        # no RDF metadata block (creator, date, licence URIs): smaller, deterministic, nothing to look up
        fig.savefig(buf, format="svg", bbox_inches="tight",
                    metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    _close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):].rstrip()


def _close(fig) -> None:
    plt = sys.modules.get("matplotlib.pyplot")  # only a figure made with pyplot is kept open by it
    if plt is not None:
        plt.close(fig)


def png_base64(fig) -> str:
    """A figure as a base64 PNG (for places that cannot take SVG), closing the figure."""
    import base64

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=120)
    _close(fig)
    return base64.b64encode(buf.getvalue()).decode()
